"""Where the repository's own files are: one definition for every room.

The package sits one level below the repository (childplan/), so every
path that the code reads beside it -- the plans, the SQL, the sample data,
the theme, the local state -- is named here once instead of counting
`.parent` in each module.
"""

import os
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
PLANS_DIR = REPO_DIR / "plans"
QUERIES_DIR = REPO_DIR / "queries"
SAMPLE_DIR = REPO_DIR / "sample_data"
THEME_FILE = REPO_DIR / ".streamlit" / "config.toml"
LOCAL_DIR = REPO_DIR / "local"  # users file and audit log by default


# --- private files ---------------------------------------------------------
# The users file, the audit log, the id key and the snapshot store hold what
# only the server's operators may read: every folder and file they write is
# made readable by its owner only (0700 / 0600), set explicitly after
# creation, so neither a loose umask nor an older file's mode decides it.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Make the folder `path` and its missing parents; every folder this
    call creates is 0700 (one that already existed keeps its mode: it may be
    /srv or a home folder, not ours to change)."""
    path = Path(path)
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    for created in missing:
        os.chmod(created, PRIVATE_DIR_MODE)
    return path


def private_open(path: Path, flags: int) -> int:
    """os.open(path, flags | O_CREAT, 0600), then fchmod 0600 on the open
    file: the mode holds whatever the umask, and for a file that existed."""
    fd = os.open(path, flags | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
    except BaseException:
        os.close(fd)
        raise
    return fd
