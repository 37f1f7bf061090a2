"""The report and the print stylesheet in a real browser, over a real
server: the overview's "Tải báo cáo PDF" pressed as a leader presses it
(the file is printed on the server, from Streamlit's own download thread),
and the browser's own print of the overview (print media): no sidebar, no
buttons, the page at full width.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from childplan.present.i18n import t
from tests.browser_tools import (
    RUN_FINISHED,
    WAIT_MS,
    dashboard,
    download_bytes,
    log_in,
)
from tests.snapshot_builder import build_store
from tests.test_pages_by_hand import CHILDREN, snapshot

pytestmark = pytest.mark.browser
AUTHORITY = "Ủy ban nhân dân thị trấn Thắng"


@pytest.fixture(scope="module")
def overview(tmp_path_factory, browser):
    """The overview as the demo officer, in one page for the module."""
    tmp = tmp_path_factory.mktemp("report_browser")
    store = build_store(
        tmp / "store", {day: snapshot(day) for day in CHILDREN}, simulated=True
    )
    with dashboard(
        tmp, store, CHILDPLAN_DECISIONS=str(tmp / "decisions.sqlite")
    ) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url, timeout=WAIT_MS)
        log_in(page)
        page.wait_for_function(RUN_FINISHED, timeout=WAIT_MS)
        page.get_by_text("Các chỉ tiêu năm 2024").wait_for(timeout=WAIT_MS)
        yield page, tmp
        page.close()


def text_of(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_the_button_brings_the_pdf_printed_on_the_server(overview):
    page, tmp = overview
    button = page.get_by_role("button", name=t("report_download"))
    name, data = download_bytes(page, button)
    assert name == "bao-cao-ke-hoach-tre-em_2024_toan-thi-tran.pdf"
    assert data.startswith(b"%PDF-")
    (tmp / name).write_bytes(data)
    text = text_of(tmp / name)
    assert text.lstrip().startswith(AUTHORITY)
    assert "Trang 1/" in text


def test_the_browsers_print_shows_the_page_alone(overview):
    page, tmp = overview
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.is_visible()  # on screen it is there
    page.emulate_media(media="print")
    try:
        assert not sidebar.is_visible()
        assert not page.get_by_role("button", name=t("logout")).is_visible()
        assert not page.locator("[data-testid='stDownloadButton']").first.is_visible()
        assert not page.locator("[data-testid='stHeader']").is_visible()
        width = page.evaluate(
            "document.querySelector('[data-testid=\"stMainBlockContainer\"]')"
            ".getBoundingClientRect().width"
        )
        assert width > 1200  # the whole 1280 px, not the centred column
        # a row of tiles stays a row (Streamlit alone stacks it in print):
        # the first three tiles side by side, at one height
        columns = page.evaluate(
            "[...document.querySelectorAll('[data-testid=\"stMetric\"]')]"
            ".slice(0, 3).map(e => e.closest('[data-testid=\"stColumn\"]')"
            ".getBoundingClientRect()).map(r => [Math.round(r.top),"
            " Math.round(r.left)])"
        )
        tops, lefts = {c[0] for c in columns}, {c[1] for c in columns}
        assert len(columns) == 3 and len(tops) == 1 and len(lefts) == 3, columns
        page.pdf(path=str(tmp / "print.pdf"), format="A4", landscape=True)
        printed = text_of(tmp / "print.pdf")
        for word in (t("logout"), t("language"), t("filters"), t("report_download")):
            assert word not in printed, word
        assert "Các chỉ tiêu năm 2024" in printed
    finally:
        page.emulate_media(media="screen")
