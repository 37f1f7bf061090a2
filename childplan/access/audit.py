"""The audit log: who logged in, failed to, logged out or downloaded what.

One JSON object per line, appended, never rewritten: ``ts`` (UTC, ISO 8601),
``event`` (login, login_failed, logout, download), ``user``, ``role``,
``what`` (the downloaded file's name) and ``filters`` (the filters of the
view it came from). It lives outside the snapshot store (a refused or
accepted ingest must not touch it, nor it the store): ``$CHILDPLAN_AUDIT_LOG``,
else ``local/audit.jsonl`` in the repository (git-ignored). Passwords are
never written; a failed login records the name as typed, cut to 64
characters.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from childplan.paths import LOCAL_DIR, private_dir, private_open

AUDIT_ENV = "CHILDPLAN_AUDIT_LOG"
DEFAULT_AUDIT_LOG = LOCAL_DIR / "audit.jsonl"
EVENTS = ("login", "login_failed", "logout", "download")
MAX_NAME = 64

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
    path: str | os.PathLike | None = None,
    clock: Callable[[], dt.datetime] = _utc_now,
) -> dict:
    """Append one event; return it as written."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    entry = {
        "ts": clock().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "event": event,
        "user": (user or "")[:MAX_NAME],
        "role": role,
        "what": what,
        "filters": dict(filters) if filters else {},
    }
    line = json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    target = audit_log_path(path)
    private_dir(target.parent)
    with _lock:
        # O_APPEND: every write lands at the end, whoever else appends.
        fd = private_open(target, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    return json.loads(line)


def read_events(path: str | os.PathLike | None = None) -> list[dict]:
    target = audit_log_path(path)
    if not target.exists():
        return []
    with open(target, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
