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

import io
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import pytest

from childplan.app import routes
from childplan.indicators import targets as indicators
from childplan.indicators.plan import plan_for_year
from childplan.present.i18n import t
from childplan.store import db as dbmodule
from tests.browser_tools import (
    RUN_FINISHED,
    VIEWPORT,
    WAIT_MS,
    dashboard,
    download_bytes,
    log_in,
    scorecard_csv,
)
from tests.file_tools import assert_same_file, xlsx_table

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SAMPLE = ROOT / "sample_data"
TALL = {"width": 1280, "height": 2400}


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    """The dashboard on the sample data, stopped at the end of the module."""
    with dashboard(tmp_path_factory.mktemp("browser"), data=SAMPLE) as url:
        yield url


@pytest.fixture(scope="module")
def facts():
    """Two residential groups of the sample and its latest year."""
    database = dbmodule.get_database(SAMPLE)
    groups = indicators.residential_groups(database)
    return {"groups": groups[:2], "year": indicators.years(database)[-1]}


def _open(page, url: str, title: str) -> None:
    """Go to a URL, log in with the demo account, wait for the page."""
    page.goto(url)
    log_in(page)
    _settle(page, title)


def _settle(page, title: str) -> None:
    """Until the page titled so is drawn and its script run has finished."""
    page.get_by_role("heading", level=1, name=title).wait_for(timeout=WAIT_MS)
    page.wait_for_function(RUN_FINISHED, timeout=WAIT_MS)
    page.wait_for_timeout(1200)  # Plotly draws after the run ends


def _chosen_groups(page) -> list[str]:
    """The residential groups shown as chosen in the sidebar filter."""
    tags = page.locator("[data-testid='stMultiSelect'] span[data-tag]")
    return [tags.nth(i).get_attribute("aria-label") for i in range(tags.count())]


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
    titles = [t("nav_" + str(no)) for no in routes.SECTION_PAGES]
    pages = [
        ("overview", t("page_overview"), t("overview_title", year=facts["year"])),
        *(
            (Path(p).stem, title, title)
            for p, title in zip(routes.SECTION_PAGES.values(), titles, strict=True)
        ),
        ("data_quality", t("page_quality"), t("quality_title")),
    ]
    for name, link, heading in pages:
        page.get_by_test_id("stSidebarNavItems").get_by_role(
            "link", name=link, exact=True
        ).click()
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
    """Excel first, for a person; then the CSV for software, byte for byte
    the one the query layer and the export give for the same view."""
    page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
    groups, year = facts["groups"], facts["year"] - 1
    query = urlencode([("groups", g) for g in groups] + [("year", year)])
    _open(page, f"{server}/?{query}", t("overview_title", year=year))
    labels = page.locator("[data-testid='stDownloadButton'] button").all_inner_texts()
    # (a button's text starts with its icon's name: 'table_view'); the
    # printed report's button comes first, under the summary
    assert len(labels) == 3
    assert labels[0].endswith(t("report_download"))
    assert labels[1].endswith(t("download_scorecard_xlsx"))
    assert labels[2].endswith(t("download_scorecard_csv"))
    name, data = download_bytes(
        page, page.get_by_role("button", name=t("download_scorecard_csv"))
    )
    expected_name, expected, suppressed = scorecard_csv(SAMPLE, groups, year)
    assert name == expected_name
    lines = data.decode("utf-8-sig").split("\r\n")
    # header, one row per target, ""
    assert len(lines) == len(plan_for_year(year).targets) + 2
    assert data == expected
    assert pd.read_csv(io.BytesIO(data))["Năm kế hoạch"].tolist() == [year] * (
        len(lines) - 2
    )
    xlsx_name, xlsx = download_bytes(
        page, page.get_by_role("button", name=t("download_scorecard_xlsx"))
    )
    assert xlsx_name == expected_name.removesuffix(".csv") + ".xlsx"
    assert xlsx_name.startswith(f"bang-chi-tieu-ke-hoach_{year}_")
    assert_same_file(xlsx, data)
    block, _ = xlsx_table(xlsx)
    assert block[0] == t("file_scorecard") and t("file_simulated") in block
    page.close()


def test_a_deep_link_keeps_its_page_and_filters_through_the_login(
    server, browser, facts
):
    page = browser.new_page(viewport=VIEWPORT)
    group = facts["groups"][1]
    url_path = routes.PAGE_URLS["pages/injuries.py"]
    _open(page, f"{server}/{url_path}?{urlencode({'groups': group})}", t("nav_4"))
    assert _chosen_groups(page) == [group]
    page.close()
