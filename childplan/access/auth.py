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

The demo account ``demo`` / ``demo`` (role ``officer``) exists only when the
dashboard reads simulated data (the store marker says ``simulated``): a
newcomer running ``make run`` can look at every view of the sample town,
where nothing is real, so there is nothing to hide from them. With real data
it does not exist and nobody can log in until an admin runs
``python -m childplan users add``.
"""

from __future__ import annotations

import hmac
import json
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from childplan.disclosure.roles import ROLES, may
from childplan.paths import LOCAL_DIR, private_dir, private_open

USERS_ENV = "CHILDPLAN_USERS"
DEFAULT_USERS_FILE = LOCAL_DIR / "users.json"
USERS_FORMAT = 1

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo"
DEMO_ROLE = "officer"

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
    if name == DEMO_USERNAME:
        raise AuthError(
            f"Tên '{DEMO_USERNAME}' dành cho tài khoản thử trên dữ liệu mô "
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


class Throttle:
    """Slows down repeated failed logins, per username, in this process.

    The first ``free_failures`` failures cost nothing; after that each
    attempt must wait ``base * 2 ** (failures - free_failures)`` seconds
    after the last failure (1, 2, 4, ... s), at most ``cap``. Attempts made
    while waiting are refused without checking the password and do not
    lengthen the wait, so nobody can lock an account out for longer than
    ``cap``. A success clears the count.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        free_failures: int = 3,
        base: float = 1.0,
        cap: float = 300.0,
    ):
        self.clock = clock
        self.free_failures = free_failures
        self.base = base
        self.cap = cap
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, username: str) -> float:
        """Seconds to wait before this username may try again (0: now)."""
        with self._lock:
            count, last = self._failures.get(normalize_username(username), (0, 0.0))
        if count < self.free_failures:
            return 0.0
        delay = min(self.cap, self.base * 2 ** (count - self.free_failures))
        return max(0.0, last + delay - self.clock())

    def failed(self, username: str) -> None:
        now = self.clock()
        with self._lock:
            count, _ = self._failures.get(normalize_username(username), (0, 0.0))
            self._failures[normalize_username(username)] = (count + 1, now)
            if len(self._failures) > 10_000:  # forget stale entries
                self._failures = {
                    k: v for k, v in self._failures.items() if now - v[1] < 2 * self.cap
                }

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(normalize_username(username), None)


THROTTLE = Throttle()


def authenticate(
    username: str,
    password: str,
    *,
    users_file: str | os.PathLike | None = None,
    allow_demo: bool = False,
    throttle: Throttle | None = None,
) -> User | None:
    """The user if the password is right and no wait is pending, else None.

    ``allow_demo`` only when the store is simulated (see module docstring).
    """
    throttle = THROTTLE if throttle is None else throttle
    name = normalize_username(username)
    if not name or throttle.retry_after(name) > 0:
        return None
    if allow_demo and name == DEMO_USERNAME:
        user = (
            User(DEMO_USERNAME, DEMO_ROLE, is_demo=True)
            if hmac.compare_digest(password.encode(), DEMO_PASSWORD.encode())
            else None
        )
    else:
        user = UserFile(users_file).verify(name, password)
    if user is None:
        throttle.failed(name)
    else:
        throttle.succeeded(name)
    return user


def current_user(
    username: str,
    *,
    users_file: str | os.PathLike | None = None,
    allow_demo: bool = False,
) -> User | None:
    """The account as it is now (role changed or account removed since login)."""
    if allow_demo and normalize_username(username) == DEMO_USERNAME:
        return User(DEMO_USERNAME, DEMO_ROLE, is_demo=True)
    return UserFile(users_file).get(username)
