"""The audit log: who logged in, failed to, logged out or downloaded what.

One JSON object per line, appended, never rewritten: ``ts`` (UTC, ISO 8601),
``event`` (login, login_failed, logout, download, download_refused),
``user``, ``role``, ``client`` (the client's address), ``what`` (the
downloaded file's name), ``filters`` (the filters of the view it came from,
or what else the event needs to say) and ``prev``: the SHA-256 (hex) of the
previous line as written, without its line end (64 zeros on the first line).
The chain makes a removed, inserted or edited line show: ``verify()``, the
command ``python -m childplan audit verify``, names the first line whose
``prev`` does not match. (Cutting lines off the end leaves no trace in the
chain; keep the count and last hash ``verify`` prints with the backups.)

It lives outside the snapshot store (a refused or accepted ingest must not
touch it, nor it the store): ``$CHILDPLAN_AUDIT_LOG``, else
``local/audit.jsonl`` in the repository (git-ignored), mode 0600. Passwords
are never written; a failed login records the name as typed, cut to 64
characters.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from childplan.paths import LOCAL_DIR, private_dir, private_open

AUDIT_ENV = "CHILDPLAN_AUDIT_LOG"
DEFAULT_AUDIT_LOG = LOCAL_DIR / "audit.jsonl"
EVENTS = (
    "login",
    "login_failed",
    "logout",
    "download",
    "download_refused",
    "view_sensitive_detail",
    "decision_add",
    "decision_edit",
)
MAX_NAME = 64
GENESIS = "0" * 64  # the `prev` of the first line

_lock = threading.Lock()


def audit_log_path(path: str | os.PathLike | None = None) -> Path:
    if path:
        return Path(path)
    if os.environ.get(AUDIT_ENV):
        return Path(os.environ[AUDIT_ENV])
    return DEFAULT_AUDIT_LOG


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def record(
    event: str,
    user: str | None,
    *,
    role: str | None = None,
    what: str | None = None,
    filters: Mapping | None = None,
    client: str | None = None,
    path: str | os.PathLike | None = None,
    clock: Callable[[], dt.datetime] = _utc_now,
) -> dict:
    """Append one event, chained to the line before; return it as written."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    entry = {
        "ts": clock().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "event": event,
        "user": (user or "")[:MAX_NAME],
        "role": role,
        "client": client,
        "what": what,
        "filters": dict(filters) if filters else {},
    }
    target = audit_log_path(path)
    private_dir(target.parent)
    with _lock:
        fd = private_open(target, os.O_RDWR | os.O_APPEND)
        try:
            # Another process appending (a second server) waits here: the
            # last line read and the line written after it stay a pair.
            fcntl.flock(fd, fcntl.LOCK_EX)
            entry["prev"] = line_hash(_last_line(fd))
            line = json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str)
            end = os.lseek(fd, 0, os.SEEK_END)
            # a last line cut short of its line end (a crash) keeps its own
            cut = end > 0 and os.pread(fd, 1, end - 1) != b"\n"
            os.write(fd, ("\n" if cut else "").encode() + (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)  # releases the lock
    return json.loads(line)


def line_hash(line: bytes | None) -> str:
    """The `prev` of the line after `line` (None: the first line)."""
    return GENESIS if line is None else hashlib.sha256(line).hexdigest()


def _last_line(fd: int) -> bytes | None:
    """The file's last non-empty line, without its line end, read backwards
    from the end (the log only grows; reading it whole would grow too)."""
    end = os.lseek(fd, 0, os.SEEK_END)
    tail = b""
    pos = end
    while pos > 0:
        step = min(4096, pos)
        pos -= step
        tail = os.pread(fd, step, pos) + tail
        stripped = tail.rstrip(b"\r\n")
        if b"\n" in stripped:
            return stripped.rsplit(b"\n", 1)[1]
    stripped = tail.rstrip(b"\r\n")
    return stripped or None


class ChainBroken(Exception):
    """The log was changed: `line` (1-based) is the first that does not fit."""

    def __init__(self, line: int, why: str):
        super().__init__(f"line {line}: {why}")
        self.line = line
        self.why = why


def verify(path: str | os.PathLike | None = None) -> int:
    """The number of entries if every line's `prev` is the hash of the line
    before; else ChainBroken naming the first line that is not."""
    target = audit_log_path(path)
    if not target.exists():
        return 0
    previous: bytes | None = None
    count = 0
    with open(target, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            line = raw.rstrip(b"\r\n")
            if not line:
                raise ChainBroken(number, "empty line")
            try:
                entry = json.loads(line)
                prev = entry["prev"]
            except (ValueError, KeyError, TypeError):
                raise ChainBroken(number, "not an audit entry") from None
            if prev != line_hash(previous):
                raise ChainBroken(
                    number,
                    "does not follow the line before (that line was edited, "
                    "or lines were removed or inserted here)",
                )
            previous = line
            count += 1
    return count


def read_events(path: str | os.PathLike | None = None) -> list[dict]:
    target = audit_log_path(path)
    if not target.exists():
        return []
    with open(target, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
