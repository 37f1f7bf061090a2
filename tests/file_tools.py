"""Reading a download back as its reader would: the CSV for software as
pandas or a CSV reader splits it, the Excel file cell by cell (openpyxl).

Used by the page, access and disclosure tests, which check what a file
says, not how childplan.present builds it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import openpyxl

from childplan.present.i18n import t
from childplan.present.spreadsheet import spreadsheet_cell

FILE_KEYS = (
    "col_file_scope",
    "col_file_year",
    "col_period_from",
    "col_period_to",
    "col_file_snapshot",
    "col_is_simulated",
    "col_rule",
)


def file_columns(lang: str = "vi") -> list[str]:
    """The columns the CSV adds after a table's own, in order."""
    return [t(key, lang) for key in FILE_KEYS]


def csv_table(data: bytes, lang: str = "vi") -> tuple[dict, list[list[str]]]:
    """A CSV download: (its file columns, the same on every row, as one
    dict; the table's own rows, header first, as text cells)."""
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n")  # CRLF after every line
    rows = list(csv.reader(io.StringIO(text, newline="")))
    names = file_columns(lang)
    header = rows[0]
    assert header[-len(names) :] == names, header
    flags = [dict(zip(names, row[-len(names) :], strict=True)) for row in rows[1:]]
    assert all(f == flags[0] for f in flags)  # a file's flags: one value
    return (flags[0] if flags else {}), [row[: -len(names)] for row in rows]


def is_xlsx(data: bytes) -> bool:
    return (
        data[:2] == b"PK"
        and "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    )


def xlsx_cells(data: bytes) -> list[list]:
    """Every cell of the file's only sheet, row by row, as openpyxl reads
    it (dates as datetimes, numbers as numbers, None where empty)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert len(book.worksheets) == 1
    return [[c.value for c in row] for row in book.active.iter_rows()]


def xlsx_table(data: bytes) -> tuple[list[str], list[list]]:
    """(the header block's lines, the table: heading row first), read from
    the frozen pane: the table's headings are the row above it."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    heading = sheet[sheet.freeze_panes].row - 1
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    block = [row[0] for row in cells[: heading - 2]]
    assert cells[heading - 2] == [None] * len(cells[0])  # one blank line
    return block, cells[heading - 1 :]


def readable(data: bytes) -> object:
    """A download as comparable values: an Excel file's every cell, a
    CSV's text, a PDF's bytes (its dates are the day printed, so the same
    page prints the same file; the disclosure tests compare what a reader
    gets)."""
    if is_xlsx(data):
        return xlsx_cells(data)
    if data.startswith(b"%PDF-"):  # the printed report: the same bytes
        return data
    return data.decode("utf-8-sig")


def day(text: str) -> dt.datetime:
    """'31/12/2024' as openpyxl reads a date cell."""
    return dt.datetime.strptime(text, "%d/%m/%Y")


def _as_csv_text(value) -> str:
    """An Excel cell as the CSV for software writes the same value."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return spreadsheet_cell(value.replace("\n", "\r"))


def assert_same_file(xlsx: bytes, csv_data: bytes, lang: str = "vi") -> None:
    """The Excel file holds the CSV's table, cell for cell, and a header
    block that says only what the CSV's file columns say (besides its
    title, the town, and the rule or the officers' note): nothing the CSV
    does not."""
    flags, rows = csv_table(csv_data, lang)
    block, table = xlsx_table(xlsx)
    assert len(table) == len(rows)
    for mine, theirs in zip(table, rows, strict=True):
        # a number as a number: Excel keeps no int/float apart (0.0 is 0)
        assert [
            float(text) if isinstance(v, int | float) and text else text
            for v, text in zip(mine, theirs, strict=True)
        ] == [
            float(v) if isinstance(v, int | float) else _as_csv_text(v) for v in mine
        ], (mine, theirs)
    if not flags:  # an empty table: nothing to compare the block with
        return

    def shown(iso: str) -> str:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")

    period = "–".join(
        shown(flags[t(k, lang)]) for k in ("col_period_from", "col_period_to")
    )
    said = {
        t("file_town", lang),
        t("csv_sensitive_note", lang),
        t("officer_only_caption", lang),
        t("file_scope", lang, scope=flags[t("col_file_scope", lang)]),
        t("file_year", lang, year=flags[t("col_file_year", lang)], period=period),
    }
    if flags[t("col_file_snapshot", lang)]:
        date = shown(flags[t("col_file_snapshot", lang)])
        said.add(t("file_snapshot", lang, date=date))
    if flags[t("col_is_simulated", lang)] == "true":
        said.add(t("file_simulated", lang))
    assert set(block[1:]) <= said, set(block[1:]) - said
