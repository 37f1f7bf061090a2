"""The login gate in a real browser: deep links, login, download, logout.

Starts `streamlit run dashboard.py` on a tiny store with one account and
drives Debian's Chromium through Playwright (marker: browser).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from childplan import ui
from childplan.auth import UserFile
from tests.snapshot_builder import build_store, child, incident

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LOGIN_LABEL = "Tên đăng nhập"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine")
    tmp = tmp_path_factory.mktemp("browser-gate")
    store = build_store(tmp / "store", {"2024-12-31": {
        "children": [child("c1", "T1", "2016-01-01"),
                     child("c2", "T2", "2012-01-01")],
        "incidents": [incident("injury", "T1", "2024-03-01", cause="fall",
                               fatal=False)],
    }})
    env = dict(os.environ, CHILDPLAN_USERS=str(tmp / "users.json"),
               CHILDPLAN_AUDIT_LOG=str(tmp / "audit.jsonl"),
               CHILDPLAN_DATA=str(store), CHILDPLAN_AUTH="local")
    UserFile(tmp / "users.json").add("lan", "leader", "mat-khau-lan")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py",
         "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("localhost", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    yield url, tmp / "audit.jsonl"
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM)
        yield b
        b.close()


def events(log: Path) -> list[tuple[str, str]]:
    if not log.exists():
        return []
    return [(e["event"], e["user"]) for e in map(json.loads, log.read_text(
        encoding="utf-8").splitlines())]


def figures(page) -> int:
    return page.locator(".js-plotly-plot, [data-testid='stMetric'], "
                        "[data-testid='stDataFrame'], [data-testid='stTable'], "
                        "[data-testid='stDownloadButton']").count()


# Both the pages' addresses and their file names: while pages/ exists, a
# file name as the first request of a process would run that page without
# the frame (see ui.PAGE_URLS), so the page itself must refuse to draw.
@pytest.mark.parametrize("path", sorted({"", *ui.PAGE_URLS.values()} | {
    Path(p).stem for p in [ui.OVERVIEW_PAGE, *ui.SECTION_PAGES.values()]}))
def test_no_figure_reachable_without_login(server, browser, path):
    url, _ = server
    page = browser.new_page()
    page.goto(f"{url}/{path}")
    page.get_by_label(LOGIN_LABEL).wait_for(timeout=30_000)
    page.wait_for_timeout(1500)          # let any late element arrive
    assert figures(page) == 0
    page.close()


def test_login_download_logout_are_audited(server, browser, tmp_path):
    url, log = server
    page = browser.new_page()
    page.goto(url)
    page.get_by_label(LOGIN_LABEL).fill("lan")
    page.get_by_label("Mật khẩu").fill("mat-khau-lan")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Đăng xuất").wait_for(timeout=30_000)
    page.get_by_role("link", name="§4 Tai nạn, thương tích").click()
    button = page.get_by_role("button", name="Tải CSV").first
    button.wait_for(timeout=30_000)
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.endswith(".csv")
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_label(LOGIN_LABEL).wait_for(timeout=30_000)
    assert figures(page) == 0
    page.close()
    assert [e for e in events(log) if e[1] == "lan"] == [
        ("login", "lan"), ("download", "lan"), ("logout", "lan")]


def test_unknown_page_and_url_values_are_ignored_with_a_notice(server,
                                                              browser):
    """A hand-edited link: an unknown page opens the overview, with
    Streamlit's 'Page not found' notice; an unknown group or year is
    dropped, and the page names it (childplan.ui.ignored_url_values)."""
    url, _ = server
    page = browser.new_page()
    page.goto(f"{url}/no-such-page?groups=T1&groups=x%27%20OR%201%3D1%20--"
              "&year=1999")
    page.get_by_text("Page not found").wait_for(timeout=30_000)
    page.get_by_label(LOGIN_LABEL).wait_for(timeout=30_000)
    assert figures(page) == 0
    page.keyboard.press("Escape")                  # close the notice
    page.get_by_label(LOGIN_LABEL).fill("lan")
    page.get_by_label("Mật khẩu").fill("mat-khau-lan")
    page.get_by_role("button", name="Đăng nhập").click()
    notice = page.get_by_text("Đường dẫn có giá trị không có trong số liệu")
    notice.wait_for(timeout=30_000)
    text = notice.inner_text()
    assert "x' OR 1=1 --" in text and "1999" in text
    assert page.get_by_role("heading", level=1,
                            name="Các chỉ tiêu năm 2024").count() == 1
    assert page.locator(".stException").count() == 0
    page.close()
