"""Where the repository's own files are: one definition for every room.

The package sits one level below the repository (childplan/), so every
path that the code reads beside it -- the plans, the SQL, the sample data,
the theme, the local state -- is named here once instead of counting
`.parent` in each module.
"""

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
PLANS_DIR = REPO_DIR / "plans"
QUERIES_DIR = REPO_DIR / "queries"
SAMPLE_DIR = REPO_DIR / "sample_data"
THEME_FILE = REPO_DIR / ".streamlit" / "config.toml"
LOCAL_DIR = REPO_DIR / "local"  # users file and audit log by default
