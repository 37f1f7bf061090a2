"""A file built on a download click lives long enough to be fetched.

Every download button passes a callable (`data=build`, `on_click="ignore"`):
the file is built only when pressed. Streamlit 1.67 then stores the bytes
and sends the browser a /media/ address, but leaves the file referenced by
no session, and every script run of any session ends with a sweep that
marks such a file for deletion and deletes it at the next sweep. On a busy
server -- a room of officers at the start of a meeting -- two other
sessions' runs can end between the build and the browser's fetch: the
download fails ("canceled" in Chromium). Seen in tests/test_load.py with
twenty sessions at once, five of twenty downloads lost.

`keep_built_files` makes the sweep spare every stored file for
`GRACE_SECONDS` after the sweep first sees it; after that the usual two
sweeps remove it. Files stay in memory at most that much longer.
"""

from __future__ import annotations

import time
import types
from collections.abc import Callable

from streamlit.runtime.media_file_manager import MediaFileManager

GRACE_SECONDS = 120.0
_MARK = "_childplan_keeps_built_files"


def keep_built_files(
    manager: MediaFileManager | None = None,
    grace: float = GRACE_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> bool:
    """Install the grace period on `manager` (default: the running server's);
    once per manager. Returns whether it is in place."""
    if manager is None:
        from streamlit import runtime

        if not runtime.exists():
            return False
        manager = getattr(runtime.get_instance(), "media_file_mgr", None)
    if not isinstance(manager, MediaFileManager):
        return False
    if getattr(manager, _MARK, False):
        return True
    first_seen: dict[str, float] = {}
    inactive = manager._get_inactive_file_ids  # called under the manager's lock

    def spared(self: MediaFileManager) -> set[str]:
        now = clock()
        for file_id in list(first_seen):
            if file_id not in self._file_metadata:
                del first_seen[file_id]  # deleted: forget it
        for file_id in self._file_metadata:
            first_seen.setdefault(file_id, now)
        return {i for i in inactive() if now - first_seen[i] >= grace}

    manager._get_inactive_file_ids = types.MethodType(spared, manager)
    setattr(manager, _MARK, True)
    return True
