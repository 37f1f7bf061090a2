"""What the browser tests share: Debian's Chromium (installed with apt when
root may, else the test is skipped -- under CI=true it fails instead), the
dashboard served by `streamlit run` on a free localhost port, the login
form, the downloads.

The fixtures `chromium` and `browser` (tests/conftest.py) are built on it.
Playwright drives /usr/bin/chromium, never a browser of its own download.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from childplan.app import blocks, reads
from childplan.indicators import targets as indicators
from childplan.indicators.plan import plan_for_year
from childplan.present import exports, pdf
from childplan.present.filters import Filters
from childplan.present.i18n import t
from childplan.store.db import get_database

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
NOTO = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
APT_PACKAGES = ("chromium", "fonts-noto-core")
# the product prints its PDF with the same switches (one list)
CHROMIUM_ARGS = pdf.CHROMIUM_ARGS
VIEWPORT = {"width": 1280, "height": 720}
WAIT_MS = 60_000
USER_LABEL = "Tên đăng nhập"
PASSWORD_LABEL = "Mật khẩu"
LOGIN = "Đăng nhập"
LOGOUT = "Đăng xuất"
# The script run has finished: the app's own mark of it (the "running"
# indicator is not drawn at all with client.toolbarMode = "minimal").
RUN_FINISHED = (
    "document.querySelector('[data-testid=\"stApp\"]')"
    "?.getAttribute('data-test-script-state') === 'notRunning'"
)


def _missing() -> list[str]:
    return [
        name
        for name, path in zip(APT_PACKAGES, (CHROMIUM, NOTO), strict=True)
        if not path.exists()
    ]


def ensure_chromium() -> Path:
    """Chromium and the Noto fonts (Vietnamese glyphs), installed with apt
    when the tests run as root. Without them the test is skipped, saying
    what to install -- except under CI (CI=true), where a browser test that
    cannot run fails with the reason: CI never passes by skipping."""
    missing = _missing()
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(
            ["apt-get", "update", "-q"], check=False, env=env, capture_output=True
        )
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
            check=False,
            env=env,
            capture_output=True,
        )
        missing = _missing()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install -r requirements.txt)")
    if missing:
        why = (
            f"the browser tests need {' and '.join(missing)} (apt-get "
            f"install {' '.join(APT_PACKAGES)}; the tests install them "
            "themselves only when they run as root)"
        )
        if is_ci():
            pytest.fail(f"CI=true: {why}", pytrace=False)
        pytest.skip(why)
    return CHROMIUM


def is_ci() -> bool:
    """CI sets CI=true (as most CI systems do)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def dashboard(tmp: Path, data: Path | None = None, **env: str) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free localhost port; yields its URL
    (dashboard_process: the same, with the server's process)."""
    with dashboard_process(tmp, data, **env) as (url, _):
        yield url


@contextlib.contextmanager
def dashboard_process(
    tmp: Path, data: Path | None = None, **env: str
) -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run dashboard.py` on a free localhost port; yields its URL
    and its process.

    Accounts and the audit log go to tmp/users.json and tmp/audit.jsonl
    (local login); `data` is passed as --data, else CHILDPLAN_DATA (in
    `env`) or the default applies. The server's output goes to
    tmp/streamlit.log (a pipe nobody reads could fill up and stall it)."""
    env = {
        "CHILDPLAN_USERS": str(tmp / "users.json"),
        "CHILDPLAN_AUDIT_LOG": str(tmp / "audit.jsonl"),
        "CHILDPLAN_AUTH": "local",
        **env,
    }
    full_env = dict(os.environ, **env)
    if "CHILDPLAN_DATA" not in env:
        full_env.pop("CHILDPLAN_DATA", None)
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.port",
        str(port),
        "--server.address",
        "localhost",
        "--server.headless",
        "true",
    ]
    if data is not None:
        command += ["--", "--data", str(data)]
    log = tmp / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("localhost", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "streamlit did not start: " + log.read_text(errors="replace")
                    ) from None
                time.sleep(0.3)
        yield f"http://localhost:{port}", proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def log_in(page, username: str = "canbo", password: str = "demo") -> None:
    """Fill the login form and wait until the logout button shows."""
    page.get_by_label(USER_LABEL).fill(username, timeout=WAIT_MS)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name=LOGIN).click()
    page.get_by_role("button", name=LOGOUT).wait_for(timeout=WAIT_MS)


def download_bytes(page, button) -> tuple[str, bytes]:
    """Press a download button (a locator); the file's name and bytes."""
    with page.expect_download(timeout=WAIT_MS) as download:
        button.click()
    return (download.value.suggested_filename, Path(download.value.path()).read_bytes())


def scorecard_csv(
    data: Path, groups: tuple[str, ...], year: int
) -> tuple[str, bytes, bool]:
    """The scorecard CSV a session gets for these groups and year over the
    whole period, from the query layer and the export: its file name, its
    bytes, and whether it states the child-protection rule (it holds
    sensitive targets: childplan.disclosure.rules)."""
    database = get_database(data)
    dates = indicators.snapshot_dates(database)
    filters = Filters(
        groups=tuple(groups), year=year, date_from=dates[0], date_to=dates[-1]
    )
    card = reads.scorecard(str(data), (), year, tuple(groups))
    plan = plan_for_year(year)
    suppressed = blocks.has_sensitive(card, plan)
    data = exports.to_csv_bytes(
        exports.scorecard_table(card, plan, filters),
        filters,
        simulated=database.is_simulated,
        sensitive=suppressed,
        snapshot_date=indicators.last_of_year(dates, year),
    )
    return exports.file_name(t("file_scorecard"), filters, "csv"), data, suppressed
