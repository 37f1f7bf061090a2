"""The quarterly injury report as the commune sends it to the district: an
openpyxl workbook in the template's layout (issue 12, item 4;
docs/injury-report.md). A pure function of the report's numbers, no
Streamlit: the page builds it on a click, tests open the real file.

Layout (one sheet, A4 landscape, fitted to the page's width): the
committee and the national motto, the title, the period, the header
totals, the table -- code, cause, then 10 columns of children injured and
10 of deaths (Tổng số; Giới tính Nam, Nữ; Nhóm tuổi 0–5, 6–9, 10–13,
14–15; Địa điểm Tại nhà, Trường học, Cộng đồng) under merged headings, a
row per cause 01..11 and "Tổng cộng" --, the unknown place's note row,
and the signature block. Every count is a number cell.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from childplan.indicators.injury_report import (
    MEASURES,
    REPORT_COLUMNS,
    TOTAL_ROW,
    UNKNOWN_COLUMN,
    QuarterReport,
    column_name,
)
from childplan.present import fmt
from childplan.present.i18n import t
from childplan.present.spreadsheet import spreadsheet_cell
from childplan.store.contract import INJURY_CAUSES

ROMAN = ("I", "II", "III", "IV")
FIRST_COUNT_COLUMN = 3  # C: after the code (A) and the cause (B)
WIDTH = FIRST_COUNT_COLUMN - 1 + len(MEASURES) * len(REPORT_COLUMNS)  # 22: A..V
# Row numbers of the parts of the form (tests read the cells by them).
SIMULATED_ROW = 3
TITLE_ROW = 4
PERIOD_ROW = 5
SOURCE_ROW = 6
PARTIAL_ROW = 7
TOTALS_FIRST_ROW = 8  # injured, deaths, children: rows 8, 9, 10
HEADER_ROW = 12  # measure headings; 13: dimensions; 14: categories
FIRST_CAUSE_ROW = 15  # causes 01..11: rows 15..25
TOTAL_VALUE_COLUMN = 9  # I: the header totals' numbers
GROUP_KEYS = {
    "total": "iq_col_total",
    "sex": "iq_col_sex",
    "age_band": "iq_col_age",
    "place": "iq_col_place",
}

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_BOLD = Font(bold=True)


def quarter_name(quarter, lang: str = "vi") -> str:
    """'Quý III năm 2024'."""
    return t(
        "iq_quarter_name",
        lang,
        roman=ROMAN[quarter.number - 1],
        number=quarter.number,
        year=quarter.year,
    )


def file_name(quarter) -> str:
    """'bao_cao_tntt_2024_quy_3.xlsx': ASCII, the quarter in it."""
    return f"bao_cao_tntt_{quarter.year}_quy_{quarter.number}.xlsx"


def count_column(measure: str, column: tuple[str, str]) -> int:
    """The sheet column (1-based) of a measure's report column."""
    offset = MEASURES.index(measure) * len(REPORT_COLUMNS)
    return FIRST_COUNT_COLUMN + offset + REPORT_COLUMNS.index(column)


def total_row() -> int:
    """The "Tổng cộng" row: under the last cause."""
    return FIRST_CAUSE_ROW + len(INJURY_CAUSES)


def injury_workbook(
    report: QuarterReport, lang: str = "vi", simulated: bool = False
) -> Workbook:
    """The report of one quarter as a workbook in the template's layout."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("iq_sheet", lang)
    last = get_column_letter(WIDTH)

    def merged(cells: str, value, font=None, align=_CENTRE):
        ws.merge_cells(cells)
        cell = ws[cells.split(":")[0]]
        cell.value = spreadsheet_cell(value)
        cell.alignment = align
        if font:
            cell.font = font
        return cell

    # The committee (left) and the national motto (right).
    merged("A1:H1", t("iq_committee", lang), _BOLD)
    merged(f"N1:{last}1", t("iq_nation", lang), _BOLD)
    merged(f"N2:{last}2", t("iq_motto", lang), Font(bold=True, underline="single"))
    if simulated:
        merged(
            f"A{SIMULATED_ROW}:{last}{SIMULATED_ROW}",
            t("iq_simulated", lang),
            Font(bold=True, color="C00000"),
        )
    merged(
        f"A{TITLE_ROW}:{last}{TITLE_ROW}",
        t("iq_form_title", lang, quarter=quarter_name(report.quarter, lang).upper()),
        Font(bold=True, size=14),
    )
    q = report.quarter
    merged(
        f"A{PERIOD_ROW}:{last}{PERIOD_ROW}",
        t(
            "iq_period",
            lang,
            date_from=fmt.date_text(q.first_day, lang),
            date_to=fmt.date_text(q.last_day, lang),
        ),
        Font(italic=True),
    )
    merged(
        f"A{SOURCE_ROW}:{last}{SOURCE_ROW}",
        t("iq_source_note", lang, date=fmt.date_text(report.snapshot_date, lang)),
        Font(italic=True),
    )
    if report.is_partial:
        merged(
            f"A{PARTIAL_ROW}:{last}{PARTIAL_ROW}",
            t("iq_partial_note", lang, date=fmt.date_text(report.counted_to, lang)),
            Font(bold=True, color="C00000"),
        )

    # Header totals: the words over B..H, the number in I, the unit in J.
    left = Alignment(horizontal="left", vertical="center")
    totals = (
        ("iq_total_injured", report.total("injured")),
        ("iq_total_deaths", report.total("death")),
        ("iq_total_children", report.children_count),
    )
    for row, (key, value) in enumerate(totals, TOTALS_FIRST_ROW):
        merged(f"B{row}:H{row}", t(key, lang), _BOLD, left)
        cell = ws.cell(row=row, column=TOTAL_VALUE_COLUMN, value=int(value))
        cell.font = _BOLD
        cell.number_format = "#,##0"  # 4.808 in a Vietnamese Excel
        ws.cell(
            row=row, column=TOTAL_VALUE_COLUMN + 1, value=t("iq_children_unit", lang)
        )

    _table(ws, report, lang, merged)
    _signatures(ws, lang, merged, total_row() + 4)
    _page_setup(ws)
    return wb


def _table(ws, report: QuarterReport, lang: str, merged) -> None:
    top, mid, low = HEADER_ROW, HEADER_ROW + 1, HEADER_ROW + 2
    merged(f"A{top}:A{low}", t("iq_code", lang), _BOLD)
    merged(f"B{top}:B{low}", t("iq_cause", lang), _BOLD)
    for measure, key in zip(MEASURES, ("iq_injured", "iq_deaths"), strict=True):
        first = count_column(measure, REPORT_COLUMNS[0])
        end = count_column(measure, REPORT_COLUMNS[-1])
        merged(_span(top, first, top, end), t(key, lang), _BOLD)
        # One heading per dimension: 'Tổng số' over two rows, the others
        # over their categories, each category named under it.
        for dimension, group_key in GROUP_KEYS.items():
            cols = [
                count_column(measure, c) for c in REPORT_COLUMNS if c[0] == dimension
            ]
            if dimension == "total":
                merged(_span(mid, cols[0], low, cols[0]), t(group_key, lang), _BOLD)
                continue
            merged(_span(mid, cols[0], mid, cols[-1]), t(group_key, lang), _BOLD)
        for column in REPORT_COLUMNS[1:]:
            cell = ws.cell(
                row=low,
                column=count_column(measure, column),
                value=t(f"iq_{column[1]}", lang),
            )
            cell.font, cell.alignment = _BOLD, _CENTRE

    table = report.table
    for r, values in enumerate(table.to_dict("records"), FIRST_CAUSE_ROW):
        if values["cause"] == TOTAL_ROW:
            merged(f"A{r}:B{r}", t("iq_grand_total", lang), _BOLD)
        else:
            ws.cell(row=r, column=1, value=values["code"]).alignment = _CENTRE
            ws.cell(row=r, column=2, value=t(f"iq_{values['cause']}", lang))
        for measure in MEASURES:
            for column in REPORT_COLUMNS:
                ws.cell(
                    row=r,
                    column=count_column(measure, column),
                    value=int(values[column_name(measure, column)]),
                ).alignment = _CENTRE
    total = table[table["cause"] == TOTAL_ROW].iloc[0]
    # The unknown place: one number per measure, under Tổng số, so that
    # the three places plus it make the total.
    note = total_row() + 1
    merged(f"A{note}:B{note}", t("iq_unknown_place", lang), Font(italic=True))
    for measure in MEASURES:
        ws.cell(
            row=note,
            column=count_column(measure, REPORT_COLUMNS[0]),
            value=int(total[column_name(measure, UNKNOWN_COLUMN)]),
        ).alignment = _CENTRE
    for r in range(HEADER_ROW, note + 1):
        for c in range(1, WIDTH + 1):
            ws.cell(row=r, column=c).border = _BOX
    last = get_column_letter(WIDTH)
    merged(
        f"A{note + 1}:{last}{note + 1}",
        t("iq_unknown_note", lang),
        Font(italic=True),
        Alignment(horizontal="left", vertical="top", wrap_text=True),
    )
    ws.row_dimensions[note + 1].height = 30


def _signatures(ws, lang: str, merged, row: int) -> None:
    """Người lập biểu (left); the date, KT. Chủ tịch, Phó Chủ tịch (right)."""
    last = get_column_letter(WIDTH)
    italic = Font(italic=True)
    merged(f"N{row}:{last}{row}", t("iq_place_date", lang), italic)
    merged(f"A{row + 1}:H{row + 1}", t("iq_preparer", lang), _BOLD)
    merged(f"N{row + 1}:{last}{row + 1}", t("iq_signer", lang), _BOLD)
    merged(f"N{row + 2}:{last}{row + 2}", t("iq_signer_title", lang), _BOLD)
    merged(f"A{row + 2}:H{row + 2}", t("iq_sign_hint", lang), italic)
    merged(f"N{row + 3}:{last}{row + 3}", t("iq_sign_hint_chair", lang), italic)


def _page_setup(ws) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it needs
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 2}"
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 22
    for c in range(FIRST_COUNT_COLUMN, WIDTH + 1):
        ws.column_dimensions[get_column_letter(c)].width = 7.5
    ws.row_dimensions[HEADER_ROW].height = 30
    ws.row_dimensions[HEADER_ROW + 2].height = 30


def _span(row1: int, col1: int, row2: int, col2: int) -> str:
    return f"{get_column_letter(col1)}{row1}:{get_column_letter(col2)}{row2}"


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
