"""Who may see what: user accounts, roles, password checks, login throttling.

Accounts live in a small JSON file outside the snapshot store (default
``local/users.json`` in the repository, git-ignored; ``$CHILDPLAN_USERS``
or ``--users-file`` elsewhere), each with a role and an Argon2id hash from
argon2-cffi (salted, slow, maintained). No streamlit here: the login page
(``childplan.access.login``) and the ``users`` command both use these functions.

Roles, each seeing what the previous one sees and more:

- ``leader``: figures and charts;
- ``officer``: also the data-quality details with pseudonymous ids;
- ``admin``: also the user accounts.

The demo accounts ``lanhdao`` (role ``leader``) and ``canbo`` (role
``officer``), password ``demo`` for both, exist only when the dashboard reads
simulated data (the store marker says ``simulated``): a newcomer running
``make run`` can look at the sample town as a leader and as an officer sees
it; nothing there is real, so there is nothing to hide from them. With real data
they do not exist and nobody can log in until an admin runs
``python -m childplan users add``.

One module because the accounts and the throttle are one decision: whether
this password, from this client, now, lets someone in -- the throttle counts
before the users file is read, and the check slots bound the Argon2 the file
verifies with.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from childplan.disclosure.roles import ROLES, may
from childplan.paths import LOCAL_DIR, private_dir, private_open

USERS_ENV = "CHILDPLAN_USERS"
DEFAULT_USERS_FILE = LOCAL_DIR / "users.json"
USERS_FORMAT = 1

# The demo accounts (simulated data only): name -> role; one password.
DEMO_ACCOUNTS = {"lanhdao": "leader", "canbo": "officer"}
DEMO_PASSWORD = "demo"

MIN_PASSWORD_LENGTH = 8
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")

_hasher = PasswordHasher()


class AuthError(Exception):
    """A problem with accounts the user must fix; the message says how."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    is_demo: bool = False

    def can(self, permission: str) -> bool:
        return may(self.role, permission)


# --- the users file ----------------------------------------------------------


def users_file_path(path: str | os.PathLike | None = None) -> Path:
    """--users-file, else $CHILDPLAN_USERS, else local/users.json."""
    if path:
        return Path(path)
    if os.environ.get(USERS_ENV):
        return Path(os.environ[USERS_ENV])
    return DEFAULT_USERS_FILE


def normalize_username(username: str) -> str:
    return username.strip().lower()


def check_username(username: str) -> str:
    name = normalize_username(username)
    if not _USERNAME.match(name):
        raise AuthError(
            f"Tên đăng nhập '{username}' không hợp lệ: dùng 2–64 ký tự chữ "
            "thường không dấu, chữ số hoặc . _ @ -, bắt đầu bằng chữ hoặc số."
        )
    if name in DEMO_ACCOUNTS:
        raise AuthError(
            f"Tên '{name}' dành cho tài khoản thử trên dữ liệu mô "
            "phỏng. Hãy chọn tên khác."
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"Mật khẩu quá ngắn: cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    return password


class UserFile:
    """The accounts file: read on every use, written atomically (mode 0600)."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = users_file_path(path)

    def _load(self) -> dict[str, dict]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            users = data["users"]
            if data.get("format") != USERS_FORMAT or not isinstance(users, dict):
                raise ValueError("định dạng không đúng")
            for name, rec in users.items():
                if rec.get("role") not in ROLES or not rec.get("password_hash"):
                    raise ValueError(f"tài khoản '{name}' thiếu vai trò hoặc mật khẩu")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AuthError(
                f"Tệp tài khoản {self.path} bị hỏng ({exc}). Hãy sửa hoặc "
                "xóa nó rồi tạo lại tài khoản bằng 'python -m childplan users "
                "add'."
            ) from exc
        return users

    def _save(self, users: dict[str, dict]) -> None:
        private_dir(self.path.parent)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        fd = private_open(tmp, os.O_WRONLY | os.O_TRUNC)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(
                {"format": USERS_FORMAT, "users": users},
                fh,
                ensure_ascii=False,
                indent=1,
                sort_keys=True,
            )
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def list(self) -> list[User]:
        return [User(name, rec["role"]) for name, rec in sorted(self._load().items())]

    def has_users(self) -> bool:
        return bool(self._load())

    def get(self, username: str) -> User | None:
        rec = self._load().get(normalize_username(username))
        return User(normalize_username(username), rec["role"]) if rec else None

    def add(self, username: str, role: str, password: str) -> User:
        name = check_username(username)
        if role not in ROLES:
            raise AuthError(
                f"Vai trò '{role}' không có; chọn một trong: {', '.join(ROLES)}."
            )
        users = self._load()
        if name in users:
            raise AuthError(
                f"Tài khoản '{name}' đã có. Dùng 'users passwd' để "
                "đổi mật khẩu hoặc 'users remove' để xóa."
            )
        users[name] = {
            "role": role,
            "password_hash": _hasher.hash(check_password(password)),
        }
        self._save(users)
        return User(name, role)

    def remove(self, username: str) -> None:
        users = self._load()
        name = normalize_username(username)
        if name not in users:
            raise AuthError(f"Không có tài khoản '{name}' trong {self.path}.")
        del users[name]
        self._save(users)

    def set_password(self, username: str, password: str) -> None:
        users = self._load()
        name = normalize_username(username)
        if name not in users:
            raise AuthError(f"Không có tài khoản '{name}' trong {self.path}.")
        users[name]["password_hash"] = _hasher.hash(check_password(password))
        self._save(users)

    def verify(self, username: str, password: str) -> User | None:
        name = normalize_username(username)
        users = self._load()
        rec = users.get(name)
        if rec is None:
            # Spend the same time as for a real account: no user enumeration.
            _verify(_dummy_hash(), password)
            return None
        if not _verify(rec["password_hash"], password):
            return None
        if _hasher.check_needs_rehash(rec["password_hash"]):
            rec["password_hash"] = _hasher.hash(password)
            self._save(users)
        return User(name, rec["role"])


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(_hasher.hash("không phải mật khẩu của ai"))
    return _DUMMY[0]


# --- throttling ----------------------------------------------------------------

# How the throttle refused or let through one login attempt.
OK, WRONG, THROTTLED, BUSY = "ok", "wrong", "throttled", "busy"
# Argon2id as argon2-cffi sets it up spends 64 MiB per check: at most this
# many run at once in the process, whatever the number of logins.
CONCURRENT_CHECKS = 2
# Seconds an attempt may wait for a free check, then "busy". Long enough for
# a room of twenty logging in as a meeting starts to be served in turn (two
# at a time, a fraction of a second each; 5 s left half of them "busy" on
# two loaded cores): waiting holds no Argon2 memory, and a burst from one
# client is throttled before it waits.
CHECK_WAIT = 30.0


@dataclass(frozen=True)
class Attempt:
    """One login attempt: the user (when it succeeded), what happened
    (OK, WRONG, THROTTLED, BUSY) and whether a password was checked."""

    user: User | None
    outcome: str
    checked: bool


@dataclass
class _Count:
    failures: int = 0
    last: float = 0.0


class Throttle:
    """Slows down repeated failed logins, in this process.

    Failures are counted per (account, client address) and per client
    address. The first ``free_failures`` failures of a pair cost nothing;
    after that the pair must wait ``base * 2 ** (failures - free_failures)``
    seconds after its last failure (1, 2, 4, ... s), at most ``cap``. A
    client address gets ``client_free_failures`` across all accounts before
    the same doubling starts for everything it tries. Another client is never
    slowed by them: a burst against an account from one address cannot lock
    its owner out elsewhere.

    ``begin()`` decides and records under one lock, before any password is
    checked: the attempt counts as a failure until ``succeeded()`` says
    otherwise, so parallel attempts cannot all slip past the count. Attempts
    refused while waiting check nothing and do not lengthen the wait. At most
    ``concurrent_checks`` password checks run at once (``checking()``); an
    attempt that finds none free within ``check_wait`` seconds is refused as
    busy and not counted.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        free_failures: int = 3,
        base: float = 1.0,
        cap: float = 300.0,
        client_free_failures: int = 20,
        concurrent_checks: int = CONCURRENT_CHECKS,
        check_wait: float = CHECK_WAIT,
    ):
        self.clock = clock
        self.free_failures = free_failures
        self.client_free_failures = client_free_failures
        self.base = base
        self.cap = cap
        self.check_wait = check_wait
        self._checks = threading.BoundedSemaphore(concurrent_checks)
        self._counts: dict[tuple[str, str], _Count] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _keys(username: str, client: str) -> tuple[tuple[str, str], tuple[str, str]]:
        # ("", client): the client's failures on every account
        return (normalize_username(username), client or ""), ("", client or "")

    def _wait(self, count: _Count | None, free: int, now: float) -> float:
        if count is None or count.failures < free:
            return 0.0
        delay = min(self.cap, self.base * 2 ** (count.failures - free))
        return max(0.0, count.last + delay - now)

    def _retry_after(self, username: str, client: str, now: float) -> float:
        pair, whole = self._keys(username, client)
        return max(
            self._wait(self._counts.get(pair), self.free_failures, now),
            self._wait(self._counts.get(whole), self.client_free_failures, now),
        )

    def retry_after(self, username: str, client: str = "") -> float:
        """Seconds before this account may be tried from this client (0:
        now). For tests and operators: never shown to the one logging in."""
        with self._lock:
            return self._retry_after(username, client, self.clock())

    def begin(self, username: str, client: str = "") -> bool:
        """Whether this attempt may check a password; if so it is counted as
        a failure now, in the same step."""
        now = self.clock()
        with self._lock:
            if self._retry_after(username, client, now) > 0:
                return False
            for key in self._keys(username, client):
                count = self._counts.setdefault(key, _Count())
                count.failures += 1
                count.last = now
            if len(self._counts) > 10_000:  # forget stale entries
                self._counts = {
                    k: v for k, v in self._counts.items() if now - v.last < 2 * self.cap
                }
            return True

    def _undo(self, username: str, client: str, clear_pair: bool) -> None:
        with self._lock:
            pair, whole = self._keys(username, client)
            for key in (pair, whole):
                count = self._counts.get(key)
                if count is None:
                    continue
                if key == pair and clear_pair:
                    count.failures = 0
                else:  # take back the failure begin() counted
                    count.failures = max(0, count.failures - 1)
                if count.failures == 0:
                    del self._counts[key]

    def succeeded(self, username: str, client: str = "") -> None:
        """The right password: the pair starts afresh; the client's count
        loses this attempt only (one good account does not wipe what the
        same address did to others)."""
        self._undo(username, client, clear_pair=True)

    def not_checked(self, username: str, client: str = "") -> None:
        """Refused as busy: the attempt checked nothing and does not count."""
        self._undo(username, client, clear_pair=False)

    def failed(self, username: str, client: str = "") -> None:
        """A failure from outside an attempt (kept for callers and tests)."""
        now = self.clock()
        with self._lock:
            for key in self._keys(username, client):
                count = self._counts.setdefault(key, _Count())
                count.failures += 1
                count.last = now

    @contextlib.contextmanager
    def checking(self) -> Iterator[bool]:
        """A slot for one password check: yields whether one came free."""
        got = self._checks.acquire(timeout=self.check_wait)
        try:
            yield got
        finally:
            if got:
                self._checks.release()


THROTTLE = Throttle()


def attempt(
    username: str,
    password: str,
    *,
    client: str = "",
    users_file: str | os.PathLike | None = None,
    allow_demo: bool = False,
    throttle: Throttle | None = None,
) -> Attempt:
    """One login attempt from `client`, throttled (see Throttle).

    ``allow_demo`` only when the store is simulated (see module docstring).
    """
    throttle = THROTTLE if throttle is None else throttle
    name = normalize_username(username)
    if not name:
        return Attempt(None, WRONG, checked=False)
    if not throttle.begin(name, client):
        return Attempt(None, THROTTLED, checked=False)
    if allow_demo and name in DEMO_ACCOUNTS:
        user = (
            User(name, DEMO_ACCOUNTS[name], is_demo=True)
            if hmac.compare_digest(password.encode(), DEMO_PASSWORD.encode())
            else None
        )
    else:
        with throttle.checking() as free:
            if not free:
                throttle.not_checked(name, client)
                return Attempt(None, BUSY, checked=False)
            user = UserFile(users_file).verify(name, password)
    if user is None:
        return Attempt(None, WRONG, checked=True)
    throttle.succeeded(name, client)
    return Attempt(user, OK, checked=True)


def authenticate(
    username: str,
    password: str,
    *,
    client: str = "",
    users_file: str | os.PathLike | None = None,
    allow_demo: bool = False,
    throttle: Throttle | None = None,
) -> User | None:
    """The user if the password is right and no wait is pending, else None."""
    return attempt(
        username,
        password,
        client=client,
        users_file=users_file,
        allow_demo=allow_demo,
        throttle=throttle,
    ).user


def current_user(
    username: str,
    *,
    users_file: str | os.PathLike | None = None,
    allow_demo: bool = False,
) -> User | None:
    """The account as it is now (role changed or account removed since login)."""
    name = normalize_username(username)
    if allow_demo and name in DEMO_ACCOUNTS:
        return User(name, DEMO_ACCOUNTS[name], is_demo=True)
    return UserFile(users_file).get(username)
