"""A file built on a download click survives other sessions' script runs
(childplan/app/downloads.py), on Streamlit's real media file manager.

The end-to-end case -- twenty browser sessions downloading at once -- is
tests/test_load.py; here the sweep is driven by hand, with a clock the test
moves.
"""

from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from childplan.app import downloads


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def manager() -> tuple[MediaFileManager, MemoryMediaFileStorage]:
    storage = MemoryMediaFileStorage("/media")
    return MediaFileManager(storage), storage


def build(mgr: MediaFileManager) -> str:
    """A button registered by a run, pressed: the stored file's name."""
    file_id = mgr.add_deferred(lambda: b"a;b\r\n1;2\r\n", "text/csv", "coord-1")
    return mgr.execute_deferred(file_id).rsplit("/", 1)[1]


def other_runs_end(mgr: MediaFileManager, times: int) -> None:
    """What the end of any session's script run does."""
    for _ in range(times):
        mgr.remove_orphaned_files()


def test_without_it_streamlit_drops_a_built_file_after_two_other_runs():
    # why the module exists; when Streamlit keeps the file itself this fails
    # and keep_built_files can go
    mgr, storage = manager()
    name = build(mgr)
    other_runs_end(mgr, 2)
    with pytest.raises(MediaFileStorageError):
        storage.get_file(name)


def test_a_built_file_is_served_through_the_grace_period_then_removed():
    mgr, storage = manager()
    clock = Clock()
    assert downloads.keep_built_files(mgr, grace=120, clock=clock)
    name = build(mgr)
    other_runs_end(mgr, 1)  # the first sweep that sees it
    clock.now += 119
    other_runs_end(mgr, 25)
    assert storage.get_file(name).content == b"a;b\r\n1;2\r\n"
    clock.now += 1  # 120 s after it was first seen
    other_runs_end(mgr, 2)  # marked, then deleted, as without the grace
    with pytest.raises(MediaFileStorageError):
        storage.get_file(name)
    assert mgr._file_metadata == {}


def test_installed_once_per_manager_and_not_on_anything_else():
    mgr, _ = manager()
    assert downloads.keep_built_files(mgr)
    patched = mgr._get_inactive_file_ids
    assert downloads.keep_built_files(mgr)
    assert mgr._get_inactive_file_ids is patched
    assert downloads.keep_built_files(object()) is False
    assert downloads.keep_built_files() is False  # no server running here
