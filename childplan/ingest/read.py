"""Reading an ingest source: a folder of CSV files or one .xlsx workbook.

Gives back, per contract table, the header cells and the data rows with the
row number a spreadsheet program shows (header = row 1), and the problems
that stop a file from being read at all. Nothing here knows the rules of a
table; childplan.ingest.checks does.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import struct
import tomllib
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils.exceptions import InvalidFileException

from childplan.store.contract import IDENTIFIER_COLUMNS, TABLES

HEADERS_FILE = Path(__file__).resolve().parent / "headers_vi.toml"
HEADER_SEARCH_ROWS = 10  # title lines tolerated above the header row


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (table, row, column), what (value), why (rule).

    ``row`` is the spreadsheet row number (header = row 1), None for a
    problem of the whole table or file. ``detail`` is row-specific
    ("trùng với dòng 3"); ``rule`` is shared by every row of its group.
    """

    table: str
    rule: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    detail: str | None = None
    source: str | None = None
    column_name: str | None = None  # the contract column, for sorting/tests


class SourceError(Exception):
    """The source as a whole cannot be read (missing, wrong type, bad file)."""


@dataclass
class RawTable:
    table: str  # contract table name
    source: str  # how messages name it: "children.csv"
    headers: list[str]  # header cells, cleaned
    rows: list[tuple[int, list]] = field(default_factory=list)


# --- names -----------------------------------------------------------------
def header_key(text: str) -> str:
    """How headers and table names are matched: NFC, trimmed, case-folded,
    runs of whitespace as one space."""
    text = unicodedata.normalize("NFC", str(text)).strip().casefold()
    return re.sub(r"\s+", " ", text)


def identifier_key(text: str) -> str:
    """The normalised header of contract.IDENTIFIER_COLUMNS: lower case,
    diacritics removed (đ -> d), every run of separators as '_'."""
    text = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


@functools.cache
def name_maps() -> tuple[dict[str, str], dict[str, str]]:
    """(table names, column names) accepted: header_key -> contract name."""
    with open(HEADERS_FILE, "rb") as fh:
        extra = tomllib.load(fh)
    tables = {header_key(n): n for n in TABLES}
    columns: dict[str, str] = {}
    for spec in TABLES.values():
        tables.setdefault(header_key(spec.label_vi), spec.name)
        for col in spec.columns:
            columns[header_key(col.name)] = col.name
            columns.setdefault(header_key(col.label_vi), col.name)
    for key, name in extra.get("tables", {}).items():
        tables.setdefault(header_key(key), name)
    for key, name in extra.get("columns", {}).items():
        columns.setdefault(header_key(key), name)
    return tables, columns


def is_identifier(header: str) -> bool:
    return identifier_key(header) in IDENTIFIER_COLUMNS


# --- reading ---------------------------------------------------------------
def read_source(source: Path) -> tuple[dict[str, RawTable], list[Problem], list[str]]:
    """Tables found, problems reading them, and sources that are no table."""
    source = Path(source)
    if not source.exists():
        raise SourceError(
            f"Không tìm thấy '{source}'. Hãy kiểm tra đường dẫn "
            "tới thư mục các tệp CSV hoặc tệp .xlsx."
        )
    if source.is_dir():
        found = _read_folder(source)
    elif source.suffix.lower() == ".xlsx":
        found = _read_workbook(source)
    else:
        raise SourceError(
            f"'{source.name}' không phải thư mục hay tệp .xlsx. Hãy đưa vào "
            "một thư mục chứa các tệp CSV (children.csv, incidents.csv, ...) "
            "hoặc một tệp Excel .xlsx mỗi bảng một trang tính."
        )
    tables_by_key, _ = name_maps()
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    ignored: list[str] = []
    for name, label, reader in found:
        table = tables_by_key.get(header_key(name))
        if table is None:
            ignored.append(label)
            continue
        if table in tables:
            problems.append(
                Problem(
                    table,
                    f"có hai nguồn cho cùng một bảng: {tables[table].source} "
                    f"và {label}; hãy giữ lại một",
                    source=label,
                )
            )
            continue
        try:
            tables[table] = reader(table, label)
        except _Unreadable as exc:
            problems.append(Problem(table, str(exc), source=label))
    return tables, problems, ignored


class _Unreadable(Exception):
    pass


def _read_folder(folder: Path):
    out = []
    try:
        paths = sorted(folder.iterdir())
    except OSError as exc:
        raise SourceError(
            f"Không đọc được thư mục '{folder}': {exc.strerror or exc}."
        ) from exc
    for path in paths:
        if path.is_file() and path.suffix.lower() == ".csv":
            out.append((path.stem, path.name, functools.partial(_read_csv, path)))
    return out


def _read_csv(path: Path, table: str, label: str) -> RawTable:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Unreadable(f"không đọc được tệp: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _Unreadable(
            f"tệp không được lưu bằng mã UTF-8 (lỗi ở dòng {line}); trong "
            "Excel hãy chọn Lưu thành > 'CSV UTF-8 (Comma delimited)'"
        ) from exc
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    # Excel set to Vietnamese regional settings separates fields with ';'.
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            rows.append((number, cells))
    except csv.Error as exc:
        raise _Unreadable(f"tệp CSV bị lỗi cấu trúc: {exc}") from exc
    return _raw_table(table, label, rows)


# What openpyxl raises on a damaged file: a zip that does not inflate
# (zlib.error, EOFError, BadZipFile), missing parts (KeyError), bad XML
# (ParseError is a SyntaxError), odd content (ValueError, TypeError, ...).
# Each becomes the "damaged file" message, with the exception's text.
_CORRUPT_WORKBOOK = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    SyntaxError,
    struct.error,
    RuntimeError,
)  # NotImplementedError: zip version; encrypted


def _read_workbook(path: Path):
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _CORRUPT_WORKBOOK as exc:
        raise SourceError(
            f"Không mở được tệp Excel '{path.name}' ({exc}). Hãy mở tệp bằng "
            "Excel và lưu lại dưới dạng Excel Workbook (.xlsx)."
        ) from exc
    try:
        sheets = []
        for ws in wb.worksheets:
            label = f"trang tính '{ws.title}'"
            rows = [
                (n, list(r))
                for n, r in enumerate(ws.iter_rows(values_only=True), start=1)
            ]
            sheets.append(
                (
                    ws.title,
                    label,
                    functools.partial(
                        lambda rows, table, label: _raw_table(table, label, rows), rows
                    ),
                )
            )
    except _CORRUPT_WORKBOOK as exc:
        raise SourceError(
            f"Tệp Excel '{path.name}' bị hỏng ({exc}). Hãy mở tệp bằng Excel "
            "và lưu lại."
        ) from exc
    finally:
        wb.close()
    return sheets


def _empty(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _raw_table(table: str, label: str, rows: list[tuple[int, list]]) -> RawTable:
    """Find the header row; fully empty rows are skipped.

    The header is the first non-empty row, unless title lines stand above it
    ("UBND THỊ TRẤN THẮNG", "DANH SÁCH TRẺ EM"): then it is the first of the
    first few rows naming at least two columns of the table (one for a
    one-column table). Row numbers stay those of the file.
    """
    rows = [(n, cells) for n, cells in rows if not all(_empty(c) for c in cells)]
    if not rows:
        raise _Unreadable("tệp trống: không có dòng tiêu đề cột")
    spec = TABLES[table]
    _, columns = name_maps()
    needed = min(2, len(spec.columns))
    start = 0
    for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = sum(
            1
            for c in cells
            if not _empty(c)
            and (
                columns.get(header_key(c)) in spec.column_names or is_identifier(str(c))
            )
        )
        if known >= needed:
            start = i
            break
    headers = [
        "" if _empty(c) else unicodedata.normalize("NFC", str(c)).strip()
        for c in rows[start][1]
    ]
    return RawTable(table, label, headers, rows[start + 1 :])
