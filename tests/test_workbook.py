"""Excel downloads (childplan.present.workbook), opened with openpyxl as a
real .xlsx file: the header block, numbers as numbers with their formats,
dates as dates, the frozen heading row, text never a formula."""

from __future__ import annotations

import datetime as dt
import io
import math

import openpyxl
import pandas as pd
import pytest

from childplan.disclosure import rules
from childplan.present import exports, workbook
from childplan.present.filters import Filters
from tests.file_tools import assert_same_file, xlsx_table
from tests.test_exports import (
    FILTERS,
    RULE_EN,
    RULE_VI,
    death_rate,
    deaths_by_group,
    plan,
    scorecard_frame,
    small_breakdown,
)

D = dt.date(2024, 12, 31)


def sheet_of(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Số liệu"]
    return book.active


def scorecard_xlsx(**more) -> bytes:
    table = exports.scorecard_table(scorecard_frame(), plan(), FILTERS, "vi")
    return workbook.to_xlsx_bytes(
        table,
        FILTERS,
        "vi",
        simulated=True,
        snapshot_date=D,
        title="Bảng chỉ tiêu kế hoạch",
        **more,
    )


def test_scorecard_header_block_says_what_and_which_view():
    block, table = xlsx_table(scorecard_xlsx())
    assert block == [
        "Bảng chỉ tiêu kế hoạch",
        "Ủy ban nhân dân thị trấn Thắng",
        "Phạm vi: Tổ dân phố: Đức Thịnh, Tổ 2",
        "Năm kế hoạch: 2024 · Giai đoạn theo dõi: 31/12/2023–31/12/2024",
        "Số liệu tính đến ngày: 31/12/2024",
        RULE_VI,
        "SỐ LIỆU MÔ PHỎNG, không phải số liệu thật của thị trấn.",
    ]
    assert table[0][:7] == [
        "Mục",
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Ngày chốt số liệu",
        "Tử số",
        "Mẫu số",
        "Giá trị",
    ]


def test_scorecard_cells_are_numbers_and_dates_with_their_formats():
    sheet = sheet_of(scorecard_xlsx())
    # 7 lines of header block, a blank line, the heading row on line 9
    assert sheet.freeze_panes == "A10"
    assert sheet.auto_filter.ref == "A9:O11"
    assert sheet.print_title_rows == "$9:$9"
    assert [c.font.bold for c in sheet[9]] == [True] * 15
    share, score = sheet[10], sheet[11]
    # 3 of 160 = 1,875% shown 1,9; Wilson 0,64-5,37 shown 0,6-5,4
    assert [(c.value, c.number_format) for c in share[3:9]] == [
        (dt.datetime(2024, 12, 31), "dd/mm/yyyy"),
        (3, "#,##0"),
        (160, "#,##0"),
        (1.9, "#,##0.0"),
        (0.6, "#,##0.0"),
        (5.4, "#,##0.0"),
    ]
    assert share[3].is_date
    assert all(c.data_type == "n" for c in share[4:9])
    # previous 2,25 shown 2,3; change 1,875 - 2,25 = -0,375 shown -0,4
    assert [(c.value, c.number_format) for c in share[12:14]] == [
        (2.3, "#,##0.0"),
        (-0.4, "#,##0.0"),
    ]
    # a score of whole points: integers; no counts: empty cells
    assert [c.value for c in score[4:9]] == [None, None, 865, None, None]
    assert score[6].number_format == "#,##0"
    assert [(c.value, c.number_format) for c in score[12:14]] == [
        (840, "#,##0"),
        (25, "#,##0"),
    ]
    # the section '3.1' and the unit stay text
    assert (share[0].value, share[0].data_type) == ("3.1", "s")
    assert share[9].value == "%"


def test_widths_fit_the_cells_within_bounds():
    sheet = sheet_of(scorecard_xlsx())
    widths = [sheet.column_dimensions[c].width for c in "ABCDEFGHIJKLMNO"]
    # 'child_friendly_score' is 20 letters: 22; the target's name, 26: 28
    assert widths[1] == 22 and widths[2] == 28
    # a date column: 10 characters shown, its heading 17 letters: 19
    assert widths[3] == 19
    assert all(workbook.MIN_WIDTH <= w <= workbook.MAX_WIDTH for w in widths)


def test_the_same_table_gives_the_same_bytes():
    assert scorecard_xlsx() == scorecard_xlsx()


def test_an_officers_file_says_it_is_exact_and_not_for_meetings():
    table = exports.group_table(deaths_by_group(), death_rate(), D)
    data = workbook.to_xlsx_bytes(
        table, FILTERS, "vi", snapshot_date=D, title="Tử vong", for_officers=True
    )
    block, rows = xlsx_table(data)
    assert exports.t("officer_only_caption") in block
    assert RULE_VI not in block  # the meeting's rule does not hold here
    assert "SỐ LIỆU MÔ PHỎNG" not in " ".join(block)  # not simulated
    # C 6 of 500 = 12,0 per 1,000: a number, one decimal, the unit beside it
    assert rows[1][2:8] == ["C", 6, 500, 12.0, 4.4, 26.1]
    assert rows[1][8] == "‰ (trên 1.000 trẻ em)"
    sheet = sheet_of(data)
    assert sheet.cell(sheet.max_row - 2, 6).number_format == "#,##0.0"


def test_english_file_is_all_english():
    filters = Filters(year=2024, date_from=D, date_to=D, lang="en")
    table = exports.group_table(deaths_by_group(), death_rate(), D, "en")
    block, rows = xlsx_table(
        workbook.to_xlsx_bytes(table, filters, "en", snapshot_date=D, title="Deaths")
    )
    assert block == [
        "Deaths",
        "People's Committee of Thị trấn Thắng",
        "Scope: Whole town",
        "Plan year: 2024 · Period shown: 31/12/2024–31/12/2024",
        "Figures as at: 31/12/2024",
        RULE_EN,
    ]
    assert rows[0][:3] == ["Target id", "Snapshot date", "Residential group"]
    assert rows[1][9] == "Not met"


def test_breakdown_hidden_deaths_are_empty_and_shown_ones_integers():
    shown = rules.meeting_breakdown(small_breakdown())
    table = exports.breakdown_table(shown, "vi")
    data = workbook.to_xlsx_bytes(table, FILTERS, "vi", snapshot_date=D)
    _, rows = xlsx_table(data)
    assert rows[1:] == [
        ["Giới tính", "Nam", 10, 6],  # 6 and 5 deaths: both >= 5, shown
        ["Giới tính", "Nữ", 6, 5],
        ["Nguyên nhân", "Ngã", 9, None],  # 0 and 2: small, neither shown
        ["Nguyên nhân", "Đuối nước", 3, None],
    ]
    csv = exports.to_csv_bytes(table, FILTERS, "vi", sensitive=True, snapshot_date=D)
    assert_same_file(data, csv)


def test_a_hidden_count_mark_stays_text():
    table = pd.DataFrame({"Tổ dân phố": ["A", "B"], "Tử số": ["<5", 12]}, dtype=object)
    sheet = sheet_of(workbook.to_xlsx_bytes(table, FILTERS, "vi"))
    last = sheet.max_row
    assert [(c.value, c.data_type) for c in sheet[last - 1]] == [
        ("A", "s"),
        ("<5", "s"),
    ]
    assert (sheet.cell(last, 2).value, sheet.cell(last, 2).number_format) == (
        12,
        "#,##0",
    )


@pytest.mark.parametrize(
    ("value", "form"),
    [(1.9, "#,##0.0"), (1.96, "#,##0.00"), (12.0, "#,##0.0"), (-0.03, "#,##0.00")],
)
def test_decimal_format_keeps_the_decimals_the_table_holds(value, form):
    assert workbook.decimal_format(value) == form


def test_nan_is_an_empty_cell():
    table = pd.DataFrame({"Giá trị": [math.nan, 2.5]}, dtype=object)
    _, rows = xlsx_table(workbook.to_xlsx_bytes(table, FILTERS, "vi"))
    assert rows == [["Giá trị"], [None], [2.5]]
