"""No name from the register becomes a formula in a downloaded file.

Hostile residential-group names go through the very functions a page uses
(exports.*_table or quality_tables.table, then exports.to_csv_bytes or
workbook.to_xlsx_bytes) and the files are read back as a spreadsheet would:
in the CSV every text cell that would start a formula starts with a single
quote, numbers (a negative change included) stay numbers, and a name with
a comma or a quote in it stays in its cell; in the Excel file every such
text is a string cell (never a formula) with Excel's quote prefix.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import openpyxl
import pandas as pd
import pytest

from childplan.present import exports, workbook
from childplan.present import quality_tables as tables
from childplan.present.filters import Filters
from childplan.present.spreadsheet import (
    FORMULA_STARTS,
    spreadsheet_cell,
    starts_formula,
)
from tests.test_exports import plan, scorecard_frame

D = dt.date(2024, 12, 31)
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


def rows_of(data: bytes, lang: str = "vi") -> list[list[str]]:
    """The file as a spreadsheet splits it: header, rows."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_text_cells(data: bytes) -> list:
    """Every cell of the Excel file whose value is text."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def assert_no_formula(data: bytes) -> None:
    """No cell of the Excel file is a formula; every text that starts like
    one is a string cell with the quote prefix, as it was typed."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    risky = [c for c in cells if isinstance(c.value, str) and starts_formula(c.value)]
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def formula_cells(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would run: those starting like a formula, less
    the plain numbers (a negative number is read as a number)."""
    return [
        cell
        for row in rows
        for cell in row
        if cell.startswith(FORMULA_STARTS) and not NUMBER.match(cell)
    ]


def hostile_filters(lang: str = "vi") -> Filters:
    return Filters(groups=tuple(HOSTILE), year=2024, date_from=D, date_to=D, lang=lang)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-0,5", "'-0,5"),  # text: a name or an id, not a number
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Tổ 1", "Tổ 1"),
        ("<5", "<5"),
        ("", ""),
        (-0.5, -0.5),
        (-3, -3),
        (D, D),
        (None, None),
    ],
)
def test_spreadsheet_cell_quotes_text_that_starts_a_formula_only(value, written):
    assert spreadsheet_cell(value) == written


def group_frame(names: list[str]) -> pd.DataFrame:
    n = len(names)
    return pd.DataFrame(
        {
            "residential_group": names,
            "numerator": [1.0] * n,
            "denominator": [80.0] * n,
            "value": [1.25] * n,
            "status": ["met"] * n,
            "ci_low": [0.2] * n,
            "ci_high": [6.8] * n,
        }
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_hostile_group_names_in_the_group_csv_are_text(lang):
    target = plan().target("hcdb_share")
    table = exports.group_table(group_frame(HOSTILE), target, D, lang)
    data = exports.to_csv_bytes(table, hostile_filters(lang), lang)
    rows = rows_of(data, lang)
    assert formula_cells(rows) == []
    header = rows[0]
    groups = [row[header.index(exports.t("col_group", lang))] for row in rows[1:]]
    assert sorted(groups) == sorted("'" + name for name in HOSTILE)
    # the numbers next to them are numbers still
    value = header.index(exports.t("col_value", lang))
    assert {row[value] for row in rows[1:]} == {"1.3"}
    # the Excel file: the names as typed, as text; the values numbers
    xlsx = workbook.to_xlsx_bytes(table, hostile_filters(lang), lang)
    assert_no_formula(xlsx)
    texts = [c.value for c in xlsx_text_cells(xlsx)]
    # (an XML reader reads a carriage return as a line feed: '\r=1' comes
    # back '\n=1', a string cell still)
    assert all(name.replace("\r", "\n") in texts for name in HOSTILE)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    numbers = [c.value for row in sheet.iter_rows() for c in row if c.value == 1.3]
    assert len(numbers) == len(HOSTILE)


def test_hostile_filters_stay_in_their_cells_of_both_files():
    table = exports.group_table(
        group_frame(["Tổ 1"]), plan().target("hcdb_share"), D, "vi"
    )
    rows = rows_of(exports.to_csv_bytes(table, hostile_filters(), "vi"))
    scope = rows[0].index("Phạm vi lọc")
    assert rows[1][scope].startswith("Tổ dân phố: =HYPERLINK")
    assert len(rows[1]) == len(rows[0])  # nothing broke out of its cell
    assert formula_cells(rows) == []
    # a name with the separator in it cannot open a cell of its own either
    sneaky = Filters(groups=('a,=1+2"', "=2"), year=2024, date_from=D, date_to=D)
    rows = rows_of(exports.to_csv_bytes(table, sneaky, "vi"))
    assert len(rows[1]) == len(rows[0]) and formula_cells(rows) == []
    assert rows[1][scope] == 'Tổ dân phố: a,=1+2", =2'
    xlsx = workbook.to_xlsx_bytes(table, sneaky, "vi", title="=1+2")
    assert_no_formula(xlsx)
    texts = [c.value for c in xlsx_text_cells(xlsx)]
    assert "=1+2" in texts and 'Phạm vi: Tổ dân phố: a,=1+2", =2' in texts


def test_pandas_reads_a_hostile_group_table_back_as_written():
    """A group named with a comma, a quote and a leading '=': pandas'
    default read_csv gives back the table, the name with its one quote."""
    names = ['=Tổ "1", Hòa Sơn', "Tổ 2"]
    by_group = group_frame(names).assign(
        numerator=[1.0, 3.0], denominator=[80.0, 40.0], value=[1.25, 7.5]
    )
    table = exports.group_table(by_group, plan().target("hcdb_share"), D, "vi")
    read = pd.read_csv(io.BytesIO(exports.to_csv_bytes(table, hostile_filters())))
    mine = read[["Tổ dân phố", "Tử số", "Mẫu số", "Giá trị", "Ngày chốt số liệu"]]
    # worst first: 7,5% (3 of 40), then 1,3% (1 of 80, 1,25 half-up)
    assert mine.to_dict("records") == [
        {
            "Tổ dân phố": "Tổ 2",
            "Tử số": 3,
            "Mẫu số": 40,
            "Giá trị": 7.5,
            "Ngày chốt số liệu": "2024-12-31",
        },
        {
            "Tổ dân phố": '\'=Tổ "1", Hòa Sơn',
            "Tử số": 1,
            "Mẫu số": 80,
            "Giá trị": 1.3,
            "Ngày chốt số liệu": "2024-12-31",
        },
    ]
    assert read["Năm kế hoạch"].tolist() == [2024, 2024]


def test_plain_scope_is_written_as_it_is():
    filters = Filters(groups=("Đức Thịnh", "Tổ 2"), year=2024, date_from=D, date_to=D)
    table = exports.group_table(
        group_frame(["Tổ 1"]), plan().target("hcdb_share"), D, "vi"
    )
    rows = rows_of(exports.to_csv_bytes(table, filters, "vi"))
    assert rows[1][-7:-3] == [
        "Tổ dân phố: Đức Thịnh, Tổ 2",
        "2024",
        "2024-12-31",
        "2024-12-31",
    ]


def test_scorecard_with_hostile_scope_keeps_a_negative_change_a_number():
    filters = hostile_filters()
    table = exports.scorecard_table(scorecard_frame(), plan(), filters, "vi")
    rows = rows_of(exports.to_csv_bytes(table, filters, "vi"))
    assert formula_cells(rows) == []
    header = rows[0]
    change = header.index("Thay đổi")
    assert [row[change] for row in rows[1:]] == ["-0.4", "25"]
    scope = header.index("Phạm vi")
    assert rows[1][scope].startswith("Tổ dân phố: =HYPERLINK")  # text, not a formula
    # in the Excel file, a negative change is a number, not a text
    xlsx = workbook.to_xlsx_bytes(table, filters, "vi")
    assert_no_formula(xlsx)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    changes = [row[13].value for row in sheet.iter_rows(min_row=sheet.max_row - 1)]
    assert changes == [-0.4, 25]


def test_trend_and_breakdown_csv_with_hostile_filters():
    series = scorecard_frame().iloc[:1]
    filters = hostile_filters()
    trend = exports.trend_table(series, plan().target("hcdb_share"), filters, "vi")
    rows = rows_of(exports.to_csv_bytes(trend, filters, "vi"))
    assert formula_cells(rows) == []
    breakdown = pd.DataFrame(
        {
            "dimension": ["cause"],
            "category": ["drowning"],
            "injured_count": [12],
            "death_count": [float("nan")],  # a death count a meeting may not see
        }
    )
    rows = rows_of(
        exports.to_csv_bytes(exports.breakdown_table(breakdown), filters, "vi")
    )
    assert rows[1][:4] == ["Nguyên nhân", "Đuối nước", "12", ""]


def test_data_quality_tables_with_hostile_names_and_ids():
    missing = pd.DataFrame(
        {
            "snapshot_date": [D] * len(HOSTILE),
            "residential_group": HOSTILE,
            "is_listed": [True] * len(HOSTILE),
            "last_seen_date": [dt.date(2024, 11, 30)] * len(HOSTILE),
        }
    )
    details = pd.DataFrame(
        {
            "snapshot_date": [D, D],
            "incident_id": ["=1+2", "-7"],
            "child_id": ["@c1", "c_2"],
            "residential_group": ["+Tổ", "Tổ 1"],
            "kind": ["injury", "abuse"],
            "occurred_on": [dt.date(2024, 5, 1)] * 2,
            "reported_on": [dt.date(2024, 9, 1)] * 2,
            "delay_days": [123, 123],
        }
    )
    summary = pd.DataFrame(
        {
            "snapshot_date": [D],
            "children_count": [20],
            "change_pct": [-20.0],
            "is_count_jump": [True],
            "missing_group_count": [1],
            "late_count": [0],
            "absent_child_count": [0],
            "absent_fatal_count": [0],
        }
    )
    problems = pd.DataFrame(
        {"snapshot_date": ["2024-12-31"], "reason": ["=cmd|' /C calc'!A0"]}
    )
    town = Filters(year=2024, date_from=D, date_to=D)
    written = {
        which: rows_of(exports.to_csv_bytes(tables.table(frame, which), town))
        for which, frame in (
            ("missing_groups", missing),
            ("late_report_details", details),
            ("summary", summary),
            ("problems", problems),
        )
    }
    assert all(formula_cells(rows) == [] for rows in written.values())
    assert [row[0] for row in written["missing_groups"][1:]] == [
        "'" + name for name in HOSTILE
    ]
    assert written["late_report_details"][1][:3] == ["'=1+2", "'@c1", "'+Tổ"]
    assert written["late_report_details"][2][:3] == ["'-7", "c_2", "Tổ 1"]
    assert written["summary"][1][:3] == ["2024-12-31", "20", "-20.0"]
    assert written["problems"][1][:2] == ["2024-12-31", "'=cmd|' /C calc'!A0"]
    for which, frame in (("late_report_details", details), ("problems", problems)):
        assert_no_formula(workbook.to_xlsx_bytes(tables.table(frame, which), town))


def test_the_screen_table_shows_the_name_as_it_is():
    table = exports.group_table(
        group_frame(['=HYPERLINK("http://x","y")']), plan().target("hcdb_share"), D
    )
    assert exports.screen_table(table)["Tổ dân phố"].tolist() == [
        '=HYPERLINK("http://x","y")'
    ]
