"""Excel downloads: a table as an .xlsx file an officer can put in a report.

Issue 12, item 3: officers write their reports to the district in Excel.
The file holds the same table as its CSV (childplan.present.exports), with
numbers as numeric cells (counts `#,##0`; values in the target's unit with
the decimals the screen shows -- 1,9 is 1.9 %, the unit column says so),
dates as dates (dd/mm/yyyy), the headings in the reader's language. Above
the table, a header block says what the table is and which view it comes
from: title, scope, plan year and period, the date the figures are as at,
the child-protection rule the file was made under (or, in an officer's
file, that it is exact and not for meetings), and "số liệu mô phỏng" when
the data are simulated. The heading row is frozen, filtered and repeated on
every printed page.

No text becomes a formula: every text cell is written as a string cell, and
one that starts like a formula (childplan.present.spreadsheet) carries
Excel's quote prefix, so an officer's edit keeps it text as well. The same
table gives the same bytes (fixed times inside the file): a download says
nothing about when it was made. Plain functions, no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import zipfile

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from childplan.present import fmt
from childplan.present.filters import Filters
from childplan.present.i18n import t
from childplan.present.spreadsheet import starts_formula

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INTEGER_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
MAX_DECIMALS = 6  # a table's values are rounded already; a guard only
MIN_WIDTH, MAX_WIDTH = 8, 48  # column widths, in characters
HEADING_WIDTH = 22  # a long heading wraps rather than widen its column
FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # every part of the zip: same bytes
HEADING_FILL = PatternFill("solid", start_color="DDE6F0")
SIMULATED_FONT = Font(bold=True, color="B00020")


def to_xlsx_bytes(
    table: pd.DataFrame,
    filters: Filters,
    lang: str = "vi",
    simulated: bool = False,
    snapshot_date: dt.date | None = None,
    title: str = "",
    for_officers: bool = False,
) -> bytes:
    """The table as an .xlsx file: header block, then the table, its
    heading row frozen. Every meeting file states the child-protection
    rule; an officer's file says instead that it is exact, for case work."""
    book = Workbook()
    sheet = book.active
    sheet.title = t("file_sheet", lang)
    lines = header_lines(filters, lang, simulated, snapshot_date, title, for_officers)
    width = max(len(table.columns), 1)
    widths = column_widths(table)
    for row, (text, font) in enumerate(lines, start=1):
        cell = _text(sheet, row, 1, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if width > 1:
            sheet.merge_cells(
                start_row=row, start_column=1, end_row=row, end_column=width
            )
        # Excel does not fit a merged cell's height: as many lines as the
        # text needs across the table's width
        room = max(sum(widths) - 2, 20)
        sheet.row_dimensions[row].height = 15 * math.ceil(len(text) / room)
    heading_row = len(lines) + 2  # a blank line between block and table
    for column, name in enumerate(table.columns, start=1):
        cell = _text(sheet, heading_row, column, str(name))
        cell.font = Font(bold=True)
        cell.fill = HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row, values in enumerate(table.itertuples(index=False), heading_row + 1):
        for column, value in enumerate(values, start=1):
            _value(sheet, row, column, value, lang)
    for column, chars in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = chars
    last_row = heading_row + max(len(table), 1)
    sheet.freeze_panes = sheet.cell(heading_row + 1, 1)
    sheet.auto_filter.ref = f"A{heading_row}:{get_column_letter(width)}{last_row}"
    sheet.print_title_rows = f"{heading_row}:{heading_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return _saved(book, snapshot_date)


def header_lines(
    filters: Filters,
    lang: str,
    simulated: bool,
    snapshot_date: dt.date | None,
    title: str,
    for_officers: bool,
) -> list[tuple[str, Font]]:
    """The header block, line by line, with each line's font."""
    plain = Font()
    lines = [
        (title or t("file_sheet", lang), Font(bold=True, size=14)),
        (t("file_town", lang), plain),
        (t("file_scope", lang, scope=filters.scope_text(lang)), plain),
        (
            t("file_year", lang, year=filters.year, period=filters.period_text(lang)),
            plain,
        ),
    ]
    if snapshot_date is not None:
        date = fmt.date_text(snapshot_date, lang)
        lines.append((t("file_snapshot", lang, date=date), plain))
    if for_officers:
        lines.append((t("officer_only_caption", lang), SIMULATED_FONT))
    else:
        lines.append((t("csv_sensitive_note", lang), Font(italic=True)))
    if simulated:
        lines.append((t("file_simulated", lang), SIMULATED_FONT))
    return lines


def column_widths(table: pd.DataFrame) -> list[int]:
    """Each column wide enough for its longest cell as shown, a heading
    wrapping past HEADING_WIDTH, within MIN_WIDTH..MAX_WIDTH."""
    widths = []
    for name in table.columns:
        longest = max(
            [min(len(str(name)), HEADING_WIDTH)]
            + [len(_shown(v)) for v in table[name]],
        )
        widths.append(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))
    return widths


def _shown(value) -> str:
    """About what Excel shows in a cell: for its column's width."""
    if fmt.is_missing(value):
        return ""
    if isinstance(value, dt.date):
        return "00/00/0000"
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _text(sheet, row: int, column: int, text: str):
    """A string cell, never a formula: openpyxl reads a str starting with
    '=' as a formula unless told otherwise."""
    cell = sheet.cell(row, column)
    cell.value = text
    cell.data_type = "s"
    if starts_formula(text):
        cell.quotePrefix = True  # Excel keeps it text when it is edited
    return cell


def _value(sheet, row: int, column: int, value, lang: str) -> None:
    """One table cell, by the value's type: text (a hidden count's '<5'
    mark included), a whole number, a decimal number, a date, or empty."""
    if fmt.is_missing(value):
        return
    if isinstance(value, bool):
        _text(sheet, row, column, t("yes" if value else "no", lang))
        return
    if isinstance(value, str):
        _text(sheet, row, column, value)
        return
    cell = sheet.cell(row, column)
    if isinstance(value, dt.datetime | pd.Timestamp):
        cell.value = pd.Timestamp(value).date()
        cell.number_format = DATE_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, numbers.Integral):
        cell.value = int(value)
        cell.number_format = INTEGER_FORMAT
    elif isinstance(value, numbers.Real):
        cell.value = float(value)
        cell.number_format = decimal_format(float(value))
    else:
        _text(sheet, row, column, str(value))


def decimal_format(value: float) -> str:
    """'#,##0.0' for 1.9, '#,##0.00' for 1.96, '#,##0.0' for 12.0: the
    decimals the table holds, as the screen shows them."""
    places = len(repr(value).partition(".")[2]) if "e" not in repr(value) else 1
    places = min(max(places, 1), MAX_DECIMALS)
    return INTEGER_FORMAT + "." + "0" * places


def _saved(book: Workbook, snapshot_date: dt.date | None) -> bytes:
    """The workbook's bytes, the same for the same table: the document's
    times are the figures' date, every zip entry's time a fixed one."""
    when = dt.datetime.combine(snapshot_date or dt.date(*FIXED_TIME[:3]), dt.time())
    book.properties.created = when
    book.properties.modified = when
    first = io.BytesIO()
    with zipfile.ZipFile(first, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(first.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
