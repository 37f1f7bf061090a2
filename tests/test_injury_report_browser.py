"""The quarterly injury report in Chromium (issue 12, item 4): the demo
officer on the §4 page of the sample town picks a quarter, presses the
button, and the browser saves a real .xlsx whose header totals match the
sample's Parquet files read directly (pandas, not the query layer); the
press is in the audit log. One server, one page load."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from childplan.access import audit
from childplan.present.i18n import t
from tests.browser_tools import RUN_FINISHED, WAIT_MS, dashboard, download_bytes, log_in

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def sample_totals(snapshot: str, first: str, last: str) -> tuple[int, int, int]:
    """(injured, died, children) of the quarter, straight from the files."""
    folder = SAMPLE / "snapshots" / snapshot
    incidents = pd.read_parquet(folder / "incidents.parquet")
    day = pd.to_datetime(incidents["occurred_on"])
    injuries = incidents[
        (incidents["kind"] == "injury")
        & (day >= pd.Timestamp(first))
        & (day <= pd.Timestamp(last))
    ]
    children = pd.read_parquet(folder / "children.parquet")
    return len(injuries), int(injuries["fatal"].fillna(False).sum()), len(children)


def test_the_officer_saves_the_quarters_form_from_the_browser(
    chromium, browser, tmp_path
):
    with dashboard(tmp_path, data=SAMPLE) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 2400})
        page.goto(server)
        log_in(page)
        page.get_by_role("link", name=t("nav_4")).click()
        page.get_by_role("heading", level=1, name=t("nav_4")).wait_for(timeout=WAIT_MS)
        page.wait_for_function(RUN_FINISHED, timeout=WAIT_MS)
        button = page.get_by_role("button", name=t("iq_download"))
        button.scroll_into_view_if_needed(timeout=WAIT_MS)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "injury_report_block.png"))
        name, data = download_bytes(page, button)
        page.close()
    # the default: the last complete quarter, IV/2024, from the 31/12 snapshot
    assert name == "bao_cao_tntt_2024_quy_4.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["A5"].value == "Kỳ báo cáo: từ ngày 01/10/2024 đến ngày 31/12/2024"
    assert ws["A3"].value == "SỐ LIỆU MÔ PHỎNG, không dùng để báo cáo"
    expected = sample_totals("2024-12-31", "2024-10-01", "2024-12-31")
    assert (ws["I8"].value, ws["I9"].value, ws["I10"].value) == expected
    assert ws["C26"].value == expected[0]
    pressed = [e for e in audit.read_events(tmp_path / "audit.jsonl")]
    assert [(e["event"], e["what"], e["user"]) for e in pressed][-1] == (
        "download",
        "injury_report_2024_q4",
        "canbo",
    )
