"""Indistinguishability in a real browser: a leader logged in to two towns
that differ only in where and when an HIV infection and a child-labour case
happened (tests/disclosure_towns.py) reads the same on every page, with and
without a group filter, in both years: the page text, every chart's data
and layout as Plotly holds them in the page (hover text included), and the
bytes of every download. The town without its 2024 infection reads
differently. (Every filter and year, element by element: test_disclosure.py.)
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest

from childplan.access.auth import UserFile
from childplan.present.i18n import t
from tests.browser_tools import (
    RUN_FINISHED,
    VIEWPORT,
    WAIT_MS,
    dashboard,
    download_bytes,
    log_in,
)
from tests.disclosure_towns import GROUPS, build_town

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PASSWORD = "mat-khau-lanh-dao"
VIEWS = [((), 2024), ((GROUPS[2],), 2024)]


def nav(year: int) -> list[tuple[str, str]]:
    """(link in the sidebar, the page's heading) for every page."""
    return [
        (t("page_overview"), t("overview_title", year=year)),
        *((t(f"nav_{no}"), t(f"nav_{no}")) for no in range(3, 11)),
        (t("page_quality"), t("quality_title")),
    ]


# plotly's charts as plotly holds them, and the tiles' SVG sparklines whole
# (their tooltips are <title> elements, which inner_text leaves out)
CHARTS = """() => [
  ...Array.from(document.querySelectorAll('.js-plotly-plot'))
    .map(e => JSON.stringify({data: e.data, layout: e.layout})),
  ...Array.from(document.querySelectorAll('svg.cp-spark')).map(e => e.outerHTML)]"""


def settle(page) -> None:
    """Until the run has finished and the page has stopped growing (the
    status widget can lag behind a rerun, and Plotly draws after it)."""
    page.wait_for_function(RUN_FINISHED, timeout=WAIT_MS)
    shape = "() => document.querySelectorAll('[data-testid]').length"
    last, stable = None, 0
    for _ in range(60):
        page.wait_for_timeout(500)
        now = (page.evaluate(shape), page.evaluate(RUN_FINISHED))
        stable = stable + 1 if now == last and now[1] else 0
        if stable >= 3:
            return
        last = now
    raise AssertionError("the page did not settle")


def read_town(browser, store: Path, tmp: Path, views=VIEWS, pages=None) -> dict:
    """What the leader's browser holds on every page of every view."""
    UserFile(tmp / "users.json").add("chutich", "leader", PASSWORD)
    seen = {}
    with dashboard(tmp, data=store) as url:
        for groups, year in views:
            page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
            query = urlencode([("groups", g) for g in groups] + [("year", year)])
            page.goto(f"{url}/?{query}")
            log_in(page, "chutich", PASSWORD)
            for name, heading in nav(year)[:pages]:
                page.get_by_test_id("stSidebarNavItems").get_by_role(
                    "link", name=name, exact=True
                ).click()
                page.get_by_role("heading", level=1, name=heading).wait_for(
                    timeout=WAIT_MS
                )
                settle(page)
                assert page.locator(".stException").count() == 0
                # read before the downloads: a pressed download button shows
                # a spinner instead of its icon for as long as its file is
                # being built, which the page's text would catch or not
                text = page.get_by_test_id("stMain").inner_text()
                charts = page.evaluate(CHARTS)
                buttons = page.locator("[data-testid='stDownloadButton'] button")
                files = [
                    download_bytes(page, buttons.nth(i)) for i in range(buttons.count())
                ]
                seen[(groups, year, name)] = {
                    "text": text,
                    "charts": charts,
                    "files": files,
                }
            page.close()
    return seen


@pytest.fixture(scope="module")
def towns(chromium, browser, tmp_path_factory):
    out = {}
    for name, kwargs, views, pages in (
        ("base", {}, VIEWS, None),
        ("moved", {"moved": True}, VIEWS, None),
        ("no_hiv_2024", {"hiv_2024": False}, VIEWS[:1], 1),
    ):
        root = tmp_path_factory.mktemp(name)
        out[name] = read_town(
            browser, build_town(root / "store", **kwargs), root, views, pages
        )
    return out


def test_the_leaders_browser_holds_the_same_wherever_the_cases_were(towns):
    base, moved = towns["base"], towns["moved"]
    assert base.keys() == moved.keys()
    for view in base:
        assert base[view]["text"] == moved[view]["text"], view
        assert base[view]["charts"] == moved[view]["charts"], view
        assert base[view]["files"] == moved[view]["files"], view
    # the pages were drawn: charts on the section pages, files to download
    assert sum(len(v["charts"]) for v in base.values()) > 30
    assert sum(len(v["files"]) for v in base.values()) > 30
    # Excel and CSV, in pairs: the same bytes above means every cell of
    # every Excel file too (a file is the same for the same table)
    names = [name for v in base.values() for name, _ in v["files"]]
    tables = [n for n in names if not n.endswith(".pdf")]
    assert sum(n.endswith(".xlsx") for n in tables) * 2 == len(tables)
    # and the printed report of every overview view, compared above
    assert sum(n.endswith(".pdf") for n in names) >= 1


def test_the_towns_figure_shows(towns):
    view = ((), 2024, t("page_overview"))
    assert towns["no_hiv_2024"].keys() == {view}
    assert towns["base"][view]["text"] != towns["no_hiv_2024"][view]["text"]
    assert towns["base"][view]["files"] != towns["no_hiv_2024"][view]["files"]
