"""The dashboard in a real browser: Debian's Chromium driven by Playwright.

Starts `streamlit run dashboard.py` on the sample data on a free localhost
port, logs in with the demo account, opens every page with the group filter
set through the URL, downloads the scorecard CSV and compares it byte for
byte with what the query layer and the export give for those filters, and
saves a 1280x720 screenshot of each page under tests/artifacts/ (ignored by
git; a taller one too, for reading whole pages).

Needs /usr/bin/chromium and fonts-noto-core (Vietnamese glyphs). Running as
root, the set-up installs them with apt when they are missing; otherwise
the tests are skipped and say what to install.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from childplan import db as dbmodule
from childplan import exports, indicators, ui
from childplan.filters import Filters
from childplan.i18n import t
from childplan.plan import plan_for_year

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SAMPLE = ROOT / "sample_data"
CHROMIUM = Path("/usr/bin/chromium")
NOTO = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
APT_PACKAGES = ("chromium", "fonts-noto-core")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 720}
TALL = {"width": 1280, "height": 2400}
WAIT_MS = 60_000


def _missing() -> list[str]:
    return [name for name, path in zip(APT_PACKAGES, (CHROMIUM, NOTO),
                                       strict=True) if not path.exists()]


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Chromium and the Noto fonts, installed with apt when root may."""
    pytest.importorskip("playwright.sync_api")
    missing = _missing()
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env,
                       capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-q",
                        "--no-install-recommends", *missing],
                       check=False, env=env, capture_output=True)
        missing = _missing()
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (apt-get install "
                    f"{' '.join(missing)}; the test installs them itself "
                    "only when it runs as root)")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    """The dashboard on the sample data, stopped at the end of the module."""
    tmp = tmp_path_factory.mktemp("browser")
    env = dict(os.environ, CHILDPLAN_USERS=str(tmp / "users.json"),
               CHILDPLAN_AUDIT_LOG=str(tmp / "audit.jsonl"),
               CHILDPLAN_AUTH="local")
    env.pop("CHILDPLAN_DATA", None)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py",
         "--server.port", str(port), "--server.address", "localhost",
         "--server.headless", "true", "--", "--data", str(SAMPLE)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("localhost", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start: " +
                                       proc.stdout.read().decode()) from None
                time.sleep(0.3)
        yield f"http://localhost:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def facts():
    """Two residential groups of the sample and its latest year."""
    database = dbmodule.get_database(SAMPLE)
    groups = indicators.residential_groups(database)
    return {"db": database, "groups": groups[:2],
            "year": indicators.years(database)[-1],
            "dates": indicators.snapshot_dates(database)}


def _open(page, url: str, title: str) -> None:
    """Go to a URL, log in with the demo account, wait for the page."""
    page.goto(url)
    page.get_by_label("Tên đăng nhập").fill("demo", timeout=WAIT_MS)
    page.get_by_label("Mật khẩu").fill("demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Đăng xuất").wait_for(timeout=WAIT_MS)
    _settle(page, title)


def _settle(page, title: str) -> None:
    """Until the page titled so is drawn and its script run has finished."""
    page.get_by_role("heading", level=1, name=title).wait_for(timeout=WAIT_MS)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=WAIT_MS)
    page.wait_for_timeout(1200)            # Plotly draws after the run ends


def _chosen_groups(page) -> list[str]:
    """The residential groups shown as chosen in the sidebar filter."""
    tags = page.locator("[data-testid='stMultiSelect'] span[data-tag]")
    return [tags.nth(i).get_attribute("aria-label")
            for i in range(tags.count())]


def _shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")
    page.set_viewport_size(TALL)
    page.wait_for_timeout(800)
    page.screenshot(path=ARTIFACTS / f"{name}_tall.png")
    page.set_viewport_size(VIEWPORT)


def test_every_page_with_groups_from_the_url(server, browser, facts):
    page = browser.new_page(viewport=VIEWPORT)
    query = urlencode([("groups", g) for g in facts["groups"]])
    _open(page, f"{server}/?{query}", t("overview_title", year=facts["year"]))
    assert _chosen_groups(page) == facts["groups"]
    titles = [t("nav_" + str(no)) for no in ui.SECTION_PAGES]
    pages = [("overview", t("page_overview"),
              t("overview_title", year=facts["year"])),
             *((Path(p).stem, title, title) for p, title in zip(
                 ui.SECTION_PAGES.values(), titles, strict=True)),
             ("data_quality", t("page_quality"), t("quality_title"))]
    for name, link, heading in pages:
        page.get_by_test_id("stSidebarNavItems").get_by_role(
            "link", name=link, exact=True).click()
        _settle(page, heading)
        # the filter survives the page switch, in the widget and the URL
        assert _chosen_groups(page) == facts["groups"]
        assert query.split("&")[0] in page.url
        assert page.get_by_text("Số liệu mô phỏng").count() == 1
        assert page.locator(".stException").count() == 0
        charts = page.locator(".js-plotly-plot").count()
        assert charts > 0 or name in ("overview", "data_quality")
        _shoot(page, name)
    page.close()


def test_scorecard_download_is_the_filtered_view(server, browser, facts):
    page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
    groups, year = facts["groups"], facts["year"] - 1
    query = urlencode([("groups", g) for g in groups] + [("year", year)])
    _open(page, f"{server}/?{query}", t("overview_title", year=year))
    with page.expect_download(timeout=WAIT_MS) as download:
        page.get_by_role("button", name=t("download_scorecard")).click()
    data = Path(download.value.path()).read_bytes()

    filters = Filters(groups=tuple(groups), year=year,
                      date_from=facts["dates"][0], date_to=facts["dates"][-1])
    plan = plan_for_year(year)
    # the scorecard as the page has it: small sensitive counts of the
    # chosen groups hidden (childplan.exports.suppressed_scorecard)
    card = ui._scorecard(str(SAMPLE), (), year, tuple(groups))
    suppressed = ui.has_marks(card)
    expected = exports.to_csv_bytes(
        exports.scorecard_table(card, plan, filters), filters, simulated=True,
        suppressed=suppressed)
    assert download.value.suggested_filename == exports.csv_file_name(
        "scorecard", filters)
    assert data.startswith("\ufeff# Bộ lọc: tổ dân phố = ".encode())
    lines = data.decode("utf-8-sig").split("\r\n")
    # comments (filters, and the small-count rule), header, rows, ""
    assert len(lines) == len(plan.targets) + 3 + suppressed
    assert data == expected
    page.close()


def test_a_deep_link_keeps_its_page_and_filters_through_the_login(
        server, browser, facts):
    page = browser.new_page(viewport=VIEWPORT)
    group = facts["groups"][1]
    url_path = ui.PAGE_URLS["pages/injuries.py"]
    _open(page, f"{server}/{url_path}?{urlencode({'groups': group})}",
          t("nav_4"))
    assert _chosen_groups(page) == [group]
    page.close()
