"""The contract's rules, row by row: parse every cell of a table, check
every rule of docs/data-contract.md on each row, the uniqueness of ids and
the references between tables, and build the Arrow table that is stored.

One module because every rule of the contract is here, in the order the
contract states them, so the message an officer reads points to one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa

from childplan.ingest.keys import IdKey
from childplan.ingest.messages import IngestReport
from childplan.ingest.read import (
    Problem,
    RawTable,
    header_key,
    identifier_key,
    is_identifier,
    name_maps,
)
from childplan.ingest.values import (
    PARSERS,
    BadValue,
    check_text,
    clean,
    code_rule,
    parse_code,
    parse_special_groups,
    parse_text,
    show,
)
from childplan.store.contract import (
    CAUSES_BY_KIND,
    CRITERIA,
    GROUPED_TABLES,
    INJURY_CAUSES,
    MAX_CHILD_AGE,
    NATIONAL_ID_COLUMNS,
    TABLES,
    Column,
)

# Columns that must be EMPTY in rows not meeting their required_when
# condition (contract: cause "must be empty for other kinds";
# officers.residential_group "empty for town"). fatal has no such rule.
EMPTY_UNLESS_REQUIRED = {("incidents", "cause"), ("officers", "residential_group")}


# --- validation ------------------------------------------------------------
@dataclass
class Row:
    number: int
    values: dict[str, object]
    bad: set[str] = field(default_factory=set)  # columns that did not parse
    shown: dict[str, str] = field(default_factory=dict)  # cells as written


@dataclass
class Parsed:
    raw: RawTable
    rows: list[Row]
    labels: dict[str, str]  # column -> how to name it


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _national_id(cell: object) -> str | None:
    """One spelling per ID, so a child keeps its child_id: spaces removed,
    letters upper-case, and the leading 0 that Excel drops from a 12-digit
    citizen ID kept as a number put back (no Vietnamese ID has 11 digits)."""
    text = re.sub(r"\s+", "", parse_text(cell)).upper()
    if len(text) == 11 and text.isascii() and text.isdigit():
        text = "0" + text
    return text or None


def parse_table(
    raw: RawTable,
    d: dt.date,
    get_key: Callable[[], IdKey],
    report: IngestReport,
    problems: list[Problem],
) -> Parsed:
    spec = TABLES[raw.table]
    _, column_names = name_maps()
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    dropped: list[str] = []
    ignored: list[str] = []
    national: list[tuple[int, int, str]] = []

    def problem(rule, row=None, column=None, value=None, detail=None):
        """column: the contract name; messages show the file's header."""
        label = labels.get(column, column)
        problems.append(
            Problem(raw.table, rule, row, label, value, detail, raw.source, column)
        )

    for i, header in enumerate(raw.headers):
        if not header:
            if any(i < len(c) and clean(c[i]) is not None for _, c in raw.rows):
                ignored.append(f"(cột {_column_letter(i)} không có tiêu đề)")
            continue
        if is_identifier(header):
            dropped.append(header)
            if identifier_key(header) in NATIONAL_ID_COLUMNS:
                rank = NATIONAL_ID_COLUMNS.index(identifier_key(header))
                national.append((rank, i, header))
            continue
        name = column_names.get(header_key(header))
        if name is None or name not in spec.column_names:
            ignored.append(header)
            continue
        if name in positions:
            problem(
                "hai cột cùng được hiểu là một cột của hợp đồng dữ liệu; "
                "hãy xóa hoặc đổi tên một cột",
                column=name,
                value=f"{labels[name]}' và '{header}",
            )
            continue
        positions[name] = i
        labels[name] = header if header == name else f"{header} ({name})"

    derived_from: int | None = None
    if "child_id" in spec.column_names and "child_id" not in positions and national:
        _, derived_from, header = min(national)
        labels["child_id"] = f"child_id (tạo từ cột '{header}')"
        report.derived_child_id[raw.table] = header
    missing = []
    for col in spec.columns:
        labels.setdefault(col.name, col.name)
        if col.name in positions or (
            col.name == "child_id" and derived_from is not None
        ):
            continue
        if col.required:
            problem(
                "thiếu cột bắt buộc (đặt tên cột theo tên chuẩn, hoặc "
                "tên tiếng Việt như trong childplan/headers_vi.toml)",
                column=col.name,
                value=f"{col.name}' / '{col.label_vi}",
            )
        else:
            missing.append(col.name)
            labels[col.name] = f"{col.name} (không có trong tệp)"
    if dropped:
        report.dropped_columns[raw.table] = dropped
    if ignored:
        report.ignored_columns[raw.table] = ignored
    if missing:
        report.missing_columns[raw.table] = missing

    width = len(raw.headers)
    rows: list[Row] = []
    for number, cells in raw.rows:
        if any(clean(c) is not None for c in cells[width:]):
            problem(
                "dòng có nhiều ô hơn số cột của dòng tiêu đề (thường do "
                "một giá trị có dấu phẩy mà không đặt trong ngoặc kép)",
                row=number,
            )
        row = Row(number, {})
        for col in spec.columns:
            if col.name in positions:
                i = positions[col.name]
                cell = clean(cells[i]) if i < len(cells) else None
            elif col.name == "child_id" and derived_from is not None:
                cell = None
                if derived_from < len(cells) and clean(cells[derived_from]):
                    nid = _national_id(clean(cells[derived_from]))
                    cell = get_key().child_id(nid) if nid else None
            else:
                cell = None
            if cell is None:
                row.values[col.name] = None
                continue
            row.shown[col.name] = show(cell)
            try:
                row.values[col.name] = _parse_cell(spec.name, col, cell)
            except BadValue as exc:
                row.values[col.name] = None
                row.bad.add(col.name)
                problem(str(exc), number, col.name, show(cell), exc.detail)
        rows.append(row)
        for column, rule, detail in _row_rules(
            spec.name, row, d, positions, derived_from is not None
        ):
            problem(rule, number, column, row.shown.get(column), detail)

    if len(rows) < spec.min_rows:
        problem(f"bảng chưa có dòng dữ liệu nào: cần ít nhất {spec.min_rows} dòng")
    _check_unique(spec.name, rows, problem)
    return Parsed(raw, rows, labels)


def _parse_cell(table: str, col: Column, cell: object) -> object:
    if col.kind == "special_groups":
        return parse_special_groups(cell)
    if col.kind == "code":
        if (table, col.name) == ("incidents", "cause"):
            # Checked against the list of the row's kind in _row_rules.
            return _cause(cell)
        return parse_code(cell, col.codes)
    if col.kind == "text":
        return check_text(parse_text(cell), col.max_length)
    return PARSERS[col.kind](cell)


def _cause(cell: object) -> str:
    """A cause name, lower-case; report codes 01..11 become injury causes."""
    text = parse_text(cell).lower()
    if text.isascii() and text.isdigit():
        return parse_code(text, INJURY_CAUSES, report_codes=True)
    return text


def completed_years(born: dt.date, on: dt.date) -> int:
    """Age in completed years; born 29 Feb: a year older on 1 Mar of a
    common year."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _condition(col: Column) -> str:
    cond, values = col.required_when
    return f"{cond} là {' hoặc '.join(values)}"


def _row_rules(
    table: str, row: Row, d: dt.date, positions: dict[str, int], derived: bool
):
    """(column, rule, detail) for every rule the parsed row breaks."""
    v = row.values
    spec = TABLES[table]
    day = f"{d:%d/%m/%Y}"
    for col in spec.columns:
        present = col.name in positions or (col.name == "child_id" and derived)
        if v[col.name] is not None or col.name in row.bad:
            continue
        if col.required and present:
            yield col.name, "ô bắt buộc bị bỏ trống", None
        elif col.required_when:
            cond, values = col.required_when
            if v.get(cond) in values:
                yield col.name, f"bắt buộc điền khi {_condition(col)}", None
    for t, name in EMPTY_UNLESS_REQUIRED:
        col = spec.column(name) if t == table else None
        if col is None or v[name] is None:
            continue
        cond, values = col.required_when
        if v[cond] is not None and v[cond] not in values:
            yield name, f"phải để trống khi {cond} là {v[cond]}", None
    if table == "incidents":
        kind, cause = v["kind"], v["cause"]
        if cause is not None:
            allowed = CAUSES_BY_KIND.get(kind)
            if allowed is not None and cause not in allowed:
                rule = (
                    f"nguyên nhân không thuộc danh sách của loại {kind}: "
                    + ", ".join(allowed)
                )
                if kind == "injury":
                    rule += " (hoặc mã báo cáo thương tích 01–11)"
                yield "cause", rule, None
            elif kind is None and cause not in {
                c for cs in CAUSES_BY_KIND.values() for c in cs
            }:
                yield (
                    "cause",
                    code_rule(
                        tuple(
                            dict.fromkeys(
                                c for cs in CAUSES_BY_KIND.values() for c in cs
                            )
                        ),
                        True,
                    ),
                    None,
                )
        if v["age"] is not None and not 0 <= v["age"] <= MAX_CHILD_AGE:
            yield "age", f"tuổi khi xảy ra phải từ 0 đến {MAX_CHILD_AGE}", None
        if v["occurred_on"] is not None and v["occurred_on"] > d:
            yield "occurred_on", f"ngày xảy ra sau ngày chốt số liệu {day}", None
        reported = v["reported_on"]
        if reported is not None:
            if reported > d:
                yield (
                    "reported_on",
                    f"ngày thông báo sau ngày chốt số liệu {day}",
                    None,
                )
            occurred = v["occurred_on"]
            if occurred is not None and reported < occurred:
                yield (
                    "reported_on",
                    "ngày thông báo trước ngày xảy ra",
                    f"xảy ra ngày {occurred:%d/%m/%Y}",
                )
    elif table == "children":
        born = v["birth_date"]
        if born is not None:
            if born > d:
                yield "birth_date", f"ngày sinh sau ngày chốt số liệu {day}", None
            elif (age := completed_years(born, d)) > MAX_CHILD_AGE:
                yield (
                    "birth_date",
                    f"trẻ đã đủ {MAX_CHILD_AGE + 1} tuổi trở lên vào ngày chốt "
                    f"{day}; bảng children chỉ gồm trẻ dưới "
                    f"{MAX_CHILD_AGE + 1} tuổi",
                    f"{age} tuổi",
                )
    elif table == "policies":
        if v["issued_on"] is not None and v["issued_on"] > d:
            yield "issued_on", f"ngày ban hành sau ngày chốt số liệu {day}", None
    elif table == "assessments":
        if v["year"] is not None and v["year"] > d.year:
            yield "year", f"năm đánh giá sau năm của ngày chốt ({d.year})", None
        if v["criterion"] is not None and v["criterion"] not in CRITERIA:
            yield (
                "criterion",
                f"tiêu chí phải là số từ {CRITERIA[0]} đến {CRITERIA[-1]}",
                None,
            )
        if v["score"] is not None and v["score"] < 0:
            yield "score", "điểm không được âm (phải ≥ 0)", None


def _check_unique(table: str, rows: list[Row], problem) -> None:
    key = TABLES[table].unique
    if not key:
        return
    seen: dict[tuple, int] = {}
    column = ", ".join(key)
    what = "giá trị" if len(key) == 1 else f"cặp ({', '.join(key)})"
    for row in rows:
        values = tuple(row.values[k] for k in key)
        if any(x is None for x in values):
            continue
        if values in seen:
            problem(
                f"bị trùng: mỗi {what} chỉ được có ở một dòng",
                row.number,
                column,
                ", ".join(row.shown[k] for k in key),
                f"trùng với dòng {seen[values]}",
            )
        else:
            seen[values] = row.number


def check_references(parsed: dict[str, Parsed], problems: list[Problem]) -> None:
    groups_table = parsed.get("residential_groups")
    if groups_table is not None:
        groups = {r.values["residential_group"] for r in groups_table.rows}
        groups.discard(None)
        for name in GROUPED_TABLES:
            if name not in parsed:
                continue
            p = parsed[name]
            for row in p.rows:
                group = row.values.get("residential_group")
                if group is None or group in groups:
                    continue
                if name == "officers" and row.values["level"] != "group":
                    continue  # reported as "must be empty" already
                problems.append(
                    Problem(
                        name,
                        "tổ dân phố không có trong bảng residential_groups "
                        "(danh sách tổ dân phố)",
                        row.number,
                        p.labels["residential_group"],
                        group,
                        _near(group, groups),
                        p.raw.source,
                        "residential_group",
                    )
                )
    children, households = parsed.get("children"), parsed.get("households")
    if children is not None and households is not None:
        group_of: dict[str, object] = {}
        for row in households.rows:
            hid = row.values["household_id"]
            if hid is not None:
                group_of.setdefault(hid, row.values["residential_group"])
        for row in children.rows:
            hid = row.values["household_id"]
            if hid is None:
                continue
            if hid not in group_of:
                problems.append(
                    Problem(
                        "children",
                        "mã hộ không có trong bảng households (hộ gia đình)",
                        row.number,
                        children.labels["household_id"],
                        hid,
                        None,
                        children.raw.source,
                        "household_id",
                    )
                )
                continue
            mine, theirs = row.values["residential_group"], group_of[hid]
            if mine is not None and theirs is not None and mine != theirs:
                problems.append(
                    Problem(
                        "children",
                        "tổ dân phố của trẻ khác tổ dân phố của hộ "
                        "trong bảng households",
                        row.number,
                        children.labels["residential_group"],
                        mine,
                        f"hộ {hid} thuộc '{theirs}'",
                        children.raw.source,
                        "residential_group",
                    )
                )


def _near(value: str, groups: set[str]) -> str | None:
    """A hint when the group differs only in case or inner spacing."""
    key = header_key(value)
    for g in sorted(groups):
        if header_key(g) == key:
            return f"có phải '{g}'?"
    return None


def arrow_table(name: str, rows: list[Row], d: dt.date) -> pa.Table:
    schema = TABLES[name].arrow_schema()
    arrays = [pa.array([d] * len(rows), pa.date32())]
    for col in TABLES[name].columns:
        arrays.append(pa.array([r.values[col.name] for r in rows], col.arrow_type))
    return pa.Table.from_arrays(arrays, schema=schema)
