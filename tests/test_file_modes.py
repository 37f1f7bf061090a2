"""What only the server's operators may read is written readable by its
owner only: the users file, the audit log, the id key and every folder and
file of the snapshot store are 0600 / 0700, whatever the umask, and an
older file with a looser mode is tightened when it is written again."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from childplan.access import audit
from childplan.access.auth import UserFile
from childplan.ingest.keys import load_key
from tests.snapshot_builder import build_store, child


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def loose_umask():
    """A umask that would leave everything world-readable (and writable)."""
    old = os.umask(0o000)
    yield
    os.umask(old)


def test_users_file_and_its_new_folder(tmp_path):
    path = tmp_path / "new" / "users.json"
    UserFile(path).add("lan", "leader", "mat-khau-lan")
    assert (mode(path), mode(path.parent)) == (0o600, 0o700)


def test_users_file_written_again_is_tightened(tmp_path):
    path = tmp_path / "users.json"
    UserFile(path).add("lan", "leader", "mat-khau-lan")
    os.chmod(path, 0o644)
    UserFile(path).set_password("lan", "mat-khau-moi")
    assert mode(path) == 0o600


def test_audit_log_and_its_new_folder(tmp_path):
    log = tmp_path / "logs" / "audit.jsonl"
    audit.record("login", "lan", path=log)
    assert (mode(log), mode(log.parent)) == (0o600, 0o700)
    os.chmod(log, 0o644)  # e.g. copied by hand
    audit.record("logout", "lan", path=log)
    assert mode(log) == 0o600


def test_id_key_and_its_new_folder(tmp_path):
    key_file = tmp_path / "config" / "childplan" / "id-key"
    key = load_key(key_file)
    key.save()
    assert (mode(key_file), mode(key_file.parent), mode(key_file.parent.parent)) == (
        0o600,
        0o700,
        0o700,
    )


def test_snapshot_store_folders_and_files(tmp_path):
    root = build_store(
        tmp_path / "store",
        {"2024-12-31": {"children": [child("c1", "T1", "2016-01-01")]}},
    )
    paths = [root, *root.rglob("*")]
    assert len(paths) > 4
    assert (
        sorted(
            (str(p.relative_to(tmp_path)), mode(p))
            for p in paths
            if mode(p) != (0o700 if p.is_dir() else 0o600)
        )
        == []
    )


def test_a_given_empty_store_folder_is_made_private(tmp_path):
    root = tmp_path / "store"
    root.mkdir(mode=0o755)
    os.chmod(root, 0o755)
    build_store(root, {"2024-12-31": {"children": [child("c1", "T1", "2016-01-01")]}})
    assert mode(root) == 0o700
