"""Ingest: every contract rule refused with its exact message, round trips
from CSV and .xlsx, atomic publishing, privacy of identifiers, the CLI."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import hmac
import os
import stat
import tomllib
from pathlib import Path

import duckdb
import openpyxl
import pyarrow.parquet as pq
import pytest

import childplan.store.snapshots as store_module
from childplan.cli.main import main
from childplan.ingest.checks import IngestError, ingest_source, validate_source
from childplan.ingest.read import HEADERS_FILE, header_key, identifier_key, name_maps
from childplan.ingest.rules import completed_years
from childplan.store.contract import IDENTIFIER_COLUMNS, TABLES
from childplan.store.snapshots import MARKER, Store, StoreError
from tests.snapshot_builder import tree_digest

D = dt.date(2024, 12, 31)

# A small valid register: every table, every column, a spread of spellings.
BASE: dict[str, list[dict]] = {
    "residential_groups": [
        {"residential_group": "Tổ 1"},
        {"residential_group": "Tổ 2"},
    ],
    "children": [
        {
            "child_id": "C1",
            "household_id": "H1",
            "residential_group": "Tổ 1",
            "sex": "Nam",
            "birth_date": "2020-03-15",
            "special_groups": "a; D",
            "special_supported": "có",
            "disability_services": "x",
            "disability_integration": "không",
            "ecd_services": "yes",
            "consulted": "",
        },
        {
            "child_id": "C2",
            "household_id": "H2",
            "residential_group": "Tổ 2",
            "sex": "nữ",
            "birth_date": "29/02/2012",
            "special_groups": "",
            "special_supported": "",
            "disability_services": "",
            "disability_integration": "",
            "ecd_services": "0",
            "consulted": "TRUE",
        },
    ],
    "households": [
        {
            "household_id": "H1",
            "residential_group": "Tổ 1",
            "protection_knowledge": "có",
            "labour_info": "n",
            "ecd_knowledge": "",
            "disability_knowledge": "Y",
        },
        {
            "household_id": "H2",
            "residential_group": "Tổ 2",
            "protection_knowledge": "không",
            "labour_info": "",
            "ecd_knowledge": "1",
            "disability_knowledge": "",
        },
    ],
    "incidents": [
        {
            "incident_id": "I1",
            "child_id": "C1",
            "residential_group": "Tổ 1",
            "sex": "M",
            "age": "3",
            "kind": "Injury",
            "cause": "08",
            "place": "HOME",
            "occurred_on": "2024-05-01",
            "reported_on": "02/05/2024",
            "fatal": "không",
            "supported_timely": "",
        },
        {
            "incident_id": "I2",
            "child_id": "",
            "residential_group": "Tổ 2",
            "sex": "female",
            "age": "12",
            "kind": "abuse",
            "cause": "violence",
            "place": "",
            "occurred_on": "2024-06-01",
            "reported_on": "",
            "fatal": "",
            "supported_timely": "có",
        },
    ],
    "officers": [
        {"officer_id": "O1", "level": "town", "residential_group": "", "trained": "có"},
        {
            "officer_id": "O2",
            "level": "Group",
            "residential_group": "Tổ 1",
            "trained": "false",
        },
    ],
    "policies": [
        {
            "policy_id": "P1",
            "issued_on": "2024-03-01",
            "level": "town",
            "title": "Kế hoạch thực hiện, năm 2024",
            "children_consulted": "có",
        },
    ],
    "assessments": [
        {"year": "2024", "criterion": "1", "score": "70"},
        {"year": "2024", "criterion": "2", "score": "65,5"},
    ],
}

S = dt.date(2024, 12, 31)
# What BASE is stored as (canonical values), less the snapshot_date column.
EXPECTED: dict[str, list[dict]] = {
    "residential_groups": [
        {"residential_group": "Tổ 1"},
        {"residential_group": "Tổ 2"},
    ],
    "children": [
        {
            "child_id": "C1",
            "household_id": "H1",
            "residential_group": "Tổ 1",
            "sex": "M",
            "birth_date": dt.date(2020, 3, 15),
            "special_groups": "a;d",
            "special_supported": True,
            "disability_services": True,
            "disability_integration": False,
            "ecd_services": True,
            "consulted": None,
        },
        {
            "child_id": "C2",
            "household_id": "H2",
            "residential_group": "Tổ 2",
            "sex": "F",
            "birth_date": dt.date(2012, 2, 29),
            "special_groups": None,
            "special_supported": None,
            "disability_services": None,
            "disability_integration": None,
            "ecd_services": False,
            "consulted": True,
        },
    ],
    "households": [
        {
            "household_id": "H1",
            "residential_group": "Tổ 1",
            "protection_knowledge": True,
            "labour_info": False,
            "ecd_knowledge": None,
            "disability_knowledge": True,
        },
        {
            "household_id": "H2",
            "residential_group": "Tổ 2",
            "protection_knowledge": False,
            "labour_info": None,
            "ecd_knowledge": True,
            "disability_knowledge": None,
        },
    ],
    "incidents": [
        {
            "incident_id": "I1",
            "child_id": "C1",
            "residential_group": "Tổ 1",
            "sex": "M",
            "age": 3,
            "kind": "injury",
            "cause": "drowning",
            "place": "home",
            "occurred_on": dt.date(2024, 5, 1),
            "reported_on": dt.date(2024, 5, 2),
            "fatal": False,
            "supported_timely": None,
        },
        {
            "incident_id": "I2",
            "child_id": None,
            "residential_group": "Tổ 2",
            "sex": "F",
            "age": 12,
            "kind": "abuse",
            "cause": "violence",
            "place": None,
            "occurred_on": dt.date(2024, 6, 1),
            "reported_on": None,
            "fatal": None,
            "supported_timely": True,
        },
    ],
    "officers": [
        {
            "officer_id": "O1",
            "level": "town",
            "residential_group": None,
            "trained": True,
        },
        {
            "officer_id": "O2",
            "level": "group",
            "residential_group": "Tổ 1",
            "trained": False,
        },
    ],
    "policies": [
        {
            "policy_id": "P1",
            "issued_on": dt.date(2024, 3, 1),
            "level": "town",
            "title": "Kế hoạch thực hiện, năm 2024",
            "children_consulted": True,
        },
    ],
    "assessments": [
        {"year": 2024, "criterion": 1, "score": 70.0},
        {"year": 2024, "criterion": 2, "score": 65.5},
    ],
}


# --- helpers ---------------------------------------------------------------
@pytest.fixture(autouse=True)
def _key_outside_home(tmp_path, monkeypatch):
    """Never touch the real ~/.config/childplan/id-key."""
    monkeypatch.setenv("CHILDPLAN_KEY_FILE", str(tmp_path / "keys" / "id-key"))


def csv_text(rows: list[dict], columns: list[str] | None = None, sep: str = ",") -> str:
    """CSV text for rows (dicts); header = columns (default: first row's)."""
    columns = columns or list(rows[0])

    def cell(value) -> str:
        text = "" if value is None else str(value)
        if any(c in text for c in (sep, '"', "\n")):
            text = '"' + text.replace('"', '""') + '"'
        return text

    lines = [sep.join(cell(c) for c in columns)]
    lines += [sep.join(cell(r.get(c)) for c in columns) for r in rows]
    return "\n".join(lines) + "\n"


def write_source(
    folder: Path,
    tables: dict[str, list[dict]],
    headers: dict[str, str] | None = None,
    bom: bool = False,
    sep: str = ",",
) -> Path:
    """One CSV per table; `headers` renames columns (canonical -> header)."""
    folder.mkdir(parents=True, exist_ok=True)
    headers = headers or {}
    for name, rows in tables.items():
        columns = list(rows[0]) if rows else list(TABLES[name].column_names)
        renamed = [{headers.get(k, k): v for k, v in r.items()} for r in rows]
        text = csv_text(renamed, [headers.get(c, c) for c in columns], sep)
        data = text.encode("utf-8")
        (folder / f"{name}.csv").write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return folder


def edited(table: str, index: int, **cells) -> dict[str, list[dict]]:
    """BASE with some cells of one row changed."""
    tables = copy.deepcopy(BASE)
    tables[table][index].update(cells)
    return tables


def stored(data: Path, day: dt.date = D) -> dict[str, list[dict]]:
    folder = data / "snapshots" / day.isoformat()
    out = {}
    for path in sorted(folder.glob("*.parquet")):
        if path.stem in ("manifest", "rollup"):  # not contract tables
            continue
        rows = pq.read_table(path).to_pylist()
        assert all(r.pop("snapshot_date") == day for r in rows)
        out[path.stem] = rows
    return out


def refused(source: Path, day: dt.date = D) -> IngestError:
    with pytest.raises(IngestError) as info:
        validate_source(source, day)
    return info.value


# --- round trips -----------------------------------------------------------
def test_csv_round_trip(tmp_path):
    source = write_source(tmp_path / "src", BASE)
    report = ingest_source(source, D, tmp_path / "data")
    assert stored(tmp_path / "data") == {
        name: EXPECTED[name] for name in sorted(EXPECTED)
    }
    assert report.rows == {
        "residential_groups": 2,
        "children": 2,
        "households": 2,
        "incidents": 2,
        "officers": 2,
        "policies": 1,
        "assessments": 2,
    }
    assert report.dropped_columns == {}
    assert report.summary() == (
        f"Đã nạp số liệu chốt ngày 31/12/2024 vào {tmp_path / 'data'}/snapshots/"
        "2024-12-31: residential_groups 2 dòng, children 2 dòng, households 2 "
        "dòng, incidents 2 dòng, officers 2 dòng, policies 1 dòng, "
        "assessments 2 dòng."
    )
    manifest = pq.read_table(
        tmp_path / "data/snapshots/2024-12-31/manifest.parquet"
    ).to_pylist()
    assert [(r["table_name"], r["row_count"]) for r in manifest] == [
        ("residential_groups", 2),
        ("children", 2),
        ("households", 2),
        ("incidents", 2),
        ("officers", 2),
        ("policies", 1),
        ("assessments", 2),
    ]
    # The store opens and DuckDB reads it back.
    snapshots, problems = Store.open(tmp_path / "data").scan()
    assert problems == [] and [s.snapshot_date for s in snapshots] == [D]
    rows = duckdb.sql(
        "select child_id, sex, birth_date, special_groups from read_parquet("
        f"'{tmp_path}/data/snapshots/*/children.parquet') order by child_id"
    ).fetchall()
    assert rows == [
        ("C1", "M", dt.date(2020, 3, 15), "a;d"),
        ("C2", "F", dt.date(2012, 2, 29), None),
    ]


def write_xlsx(
    path: Path, tables: dict[str, list[dict]], sheet_names: dict[str, str] | None = None
) -> Path:
    """A workbook with native cells: real dates, numbers, booleans."""
    sheet_names = sheet_names or {}
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in tables.items():
        ws = wb.create_sheet(sheet_names.get(name, name))
        columns = list(rows[0]) if rows else list(TABLES[name].column_names)
        ws.append(columns)
        for r in rows:
            ws.append([r.get(c) for c in columns])
    wb.save(path)
    return path


def test_xlsx_round_trip_with_native_cells(tmp_path):
    tables = copy.deepcopy(BASE)
    tables["children"][0]["birth_date"] = dt.datetime(2020, 3, 15)
    tables["children"][1]["birth_date"] = dt.date(2012, 2, 29)
    tables["children"][1]["ecd_services"] = False
    tables["children"][1]["consulted"] = True
    tables["incidents"][0]["age"] = 3
    tables["incidents"][0]["occurred_on"] = dt.datetime(2024, 5, 1)
    tables["incidents"][1]["age"] = 12.0
    tables["households"][1]["ecd_knowledge"] = 1
    tables["assessments"][0].update(year=2024, criterion=1, score=70)
    tables["assessments"][1].update(year=2024, criterion=2, score=65.5)
    for rows in tables.values():  # empty cells stay empty in a workbook
        for r in rows:
            for k, v in r.items():
                if v == "":
                    r[k] = None
    source = write_xlsx(
        tmp_path / "register.xlsx",
        tables,
        sheet_names={
            "children": "Children",
            "incidents": "INCIDENTS",
            "residential_groups": "Tổ dân phố",
        },
    )
    ingest_source(source, D, tmp_path / "data")
    assert stored(tmp_path / "data") == {
        name: EXPECTED[name] for name in sorted(EXPECTED)
    }


def test_xlsx_numeric_codes_are_text_and_bad_date_cell_refused(tmp_path):
    tables = copy.deepcopy(BASE)
    tables["households"][0]["household_id"] = 101
    tables["children"][0]["household_id"] = 101.0
    tables["children"][1]["birth_date"] = 43000  # a number, not a date
    source = write_xlsx(tmp_path / "r.xlsx", tables)
    err = refused(source)
    assert [(p.table, p.row, p.column_name, p.value) for p in err.problems] == [
        ("children", 3, "birth_date", "43000")
    ]


# --- every rule, broken once -----------------------------------------------
DATE_FORMAT = (
    "không đọc được là ngày: ghi theo dạng ngày/tháng/năm như "
    "31/12/2024, hoặc năm-tháng-ngày như 2024-12-31"
)
DATE_REAL = (
    "ngày không có trên lịch (ví dụ 29/02 chỉ có ở năm nhuận, tháng 4 không có ngày 31)"
)
BOOL = (
    "không hiểu là có hay không: ghi 'có' hoặc 'không' (cũng nhận x, "
    "true/false, 1/0, yes/no, y/n); để trống nếu chưa biết"
)
SEX = "giới tính không hợp lệ: ghi Nam hoặc Nữ (cũng nhận M/F, male/female)"
SPECIAL = (
    "nhóm hoàn cảnh đặc biệt không hợp lệ: chỉ dùng các chữ a b c d đ e "
    "g h i k l m n o (Điều 10 Luật Trẻ em; 'dd' được hiểu là 'đ'), nhiều "
    "nhóm thì cách nhau bằng dấu chấm phẩy, ví dụ a;d"
)
REQUIRED = "ô bắt buộc bị bỏ trống"
INJURY_LIST = (
    "fall, burn, traffic, poisoning, cut, suffocation, animal, "
    "drowning, explosive, electric, other"
)
WHERE = {
    "residential_groups": "Tổ dân phố",
    "children": "Trẻ em",
    "households": "Hộ gia đình",
    "incidents": "Vụ việc",
    "officers": "Cán bộ",
    "policies": "Chính sách",
    "assessments": "Đánh giá xã phù hợp với trẻ em",
}

# (table, row index in BASE, cells to set, column shown, rule, row line)
CASES = [
    # required cells
    ("children", 0, {"child_id": ""}, "child_id", REQUIRED, "dòng 2: ô trống"),
    ("children", 1, {"sex": " "}, "sex", REQUIRED, "dòng 3: ô trống"),
    ("incidents", 1, {"occurred_on": ""}, "occurred_on", REQUIRED, "dòng 3: ô trống"),
    ("policies", 0, {"title": ""}, "title", REQUIRED, "dòng 2: ô trống"),
    ("assessments", 1, {"score": ""}, "score", REQUIRED, "dòng 3: ô trống"),
    (
        "incidents",
        1,
        {"residential_group": ""},
        "residential_group",
        REQUIRED,
        "dòng 3: ô trống",
    ),
    # value formats
    (
        "children",
        0,
        {"birth_date": "2020/03/15"},
        "birth_date",
        DATE_FORMAT,
        "dòng 2: '2020/03/15'",
    ),
    (
        "children",
        0,
        {"birth_date": "15-03-2020"},
        "birth_date",
        DATE_FORMAT,
        "dòng 2: '15-03-2020'",
    ),
    (
        "children",
        0,
        {"birth_date": "29/02/2023"},
        "birth_date",
        DATE_REAL,
        "dòng 2: '29/02/2023'",
    ),
    (
        "incidents",
        0,
        {"reported_on": "2024-04-31"},
        "reported_on",
        DATE_REAL,
        "dòng 2: '2024-04-31'",
    ),
    ("children", 1, {"consulted": "maybe"}, "consulted", BOOL, "dòng 3: 'maybe'"),
    ("households", 0, {"labour_info": "2"}, "labour_info", BOOL, "dòng 2: '2'"),
    ("children", 0, {"sex": "X"}, "sex", SEX, "dòng 2: 'X'"),
    (
        "incidents",
        0,
        {"age": "3.5"},
        "age",
        "phải là một số nguyên (ví dụ 7)",
        "dòng 2: '3.5'",
    ),
    (
        "assessments",
        0,
        {"year": "-99999999999"},
        "year",
        "số quá lớn hoặc quá nhỏ",
        "dòng 2: '-99999999999'",
    ),
    (
        "assessments",
        0,
        {"score": "bảy mươi"},
        "score",
        "phải là một số (ví dụ 85 hoặc 85,5)",
        "dòng 2: 'bảy mươi'",
    ),
    (
        "assessments",
        0,
        {"score": "1,000"},
        "score",
        "phải là một số (ví dụ 85 hoặc 85,5)",
        "dòng 2: '1,000'",
    ),
    (
        "incidents",
        1,
        {"kind": "accident"},
        "kind",
        "giá trị không có trong danh sách: injury, abuse, labour, trafficking, hiv",
        "dòng 3: 'accident'",
    ),
    (
        "incidents",
        0,
        {"place": "street"},
        "place",
        "giá trị không có trong danh sách: home, school, community",
        "dòng 2: 'street'",
    ),
    (
        "officers",
        0,
        {"level": "province"},
        "level",
        "giá trị không có trong danh sách: town, group",
        "dòng 2: 'province'",
    ),
    (
        "policies",
        0,
        {"level": "province"},
        "level",
        "giá trị không có trong danh sách: district, town",
        "dòng 2: 'province'",
    ),
    (
        "children",
        0,
        {"special_groups": "a,d"},
        "special_groups",
        SPECIAL,
        "dòng 2: 'a,d'",
    ),
    ("children", 1, {"special_groups": "f"}, "special_groups", SPECIAL, "dòng 3: 'f'"),
    # causes
    (
        "incidents",
        0,
        {"cause": "12"},
        "cause",
        f"giá trị không có trong danh sách: {INJURY_LIST} (hoặc mã báo cáo "
        "thương tích 01–11)",
        "dòng 2: '12'",
    ),
    (
        "incidents",
        0,
        {"cause": "violence"},
        "cause",
        f"nguyên nhân không thuộc danh sách của loại injury: {INJURY_LIST} (hoặc "
        "mã báo cáo thương tích 01–11)",
        "dòng 2: 'violence'",
    ),
    (
        "incidents",
        0,
        {"cause": "²"},
        "cause",
        f"nguyên nhân không thuộc danh sách của loại injury: {INJURY_LIST} (hoặc "
        "mã báo cáo thương tích 01–11)",
        "dòng 2: '²'",
    ),
    (
        "incidents",
        0,
        {"age": "٣"},
        "age",
        "phải là một số nguyên (ví dụ 7)",
        "dòng 2: '٣'",
    ),
    (
        "incidents",
        1,
        {"cause": "08"},
        "cause",
        "nguyên nhân không thuộc danh sách của loại abuse: violence, sexual, "
        "exploitation, neglect, other",
        "dòng 3: '08'",
    ),
    (
        "incidents",
        0,
        {"cause": ""},
        "cause",
        "bắt buộc điền khi kind là injury hoặc abuse",
        "dòng 2: ô trống",
    ),
    (
        "incidents",
        1,
        {"cause": ""},
        "cause",
        "bắt buộc điền khi kind là injury hoặc abuse",
        "dòng 3: ô trống",
    ),
    (
        "incidents",
        1,
        {"kind": "labour"},
        "cause",
        "phải để trống khi kind là labour",
        "dòng 3: 'violence'",
    ),
    (
        "incidents",
        1,
        {"kind": "HIV"},
        "cause",
        "phải để trống khi kind là hiv",
        "dòng 3: 'violence'",
    ),
    # fatal, officers' group
    (
        "incidents",
        0,
        {"fatal": ""},
        "fatal",
        "bắt buộc điền khi kind là injury",
        "dòng 2: ô trống",
    ),
    (
        "officers",
        1,
        {"residential_group": ""},
        "residential_group",
        "bắt buộc điền khi level là group",
        "dòng 3: ô trống",
    ),
    (
        "officers",
        0,
        {"residential_group": "Tổ 1"},
        "residential_group",
        "phải để trống khi level là town",
        "dòng 2: 'Tổ 1'",
    ),
    # uniqueness
    (
        "children",
        1,
        {"child_id": "C1"},
        "child_id",
        "bị trùng: mỗi giá trị chỉ được có ở một dòng",
        "dòng 3: 'C1' (trùng với dòng 2)",
    ),
    (
        "incidents",
        1,
        {"incident_id": "I1"},
        "incident_id",
        "bị trùng: mỗi giá trị chỉ được có ở một dòng",
        "dòng 3: 'I1' (trùng với dòng 2)",
    ),
    (
        "officers",
        1,
        {"officer_id": "O1"},
        "officer_id",
        "bị trùng: mỗi giá trị chỉ được có ở một dòng",
        "dòng 3: 'O1' (trùng với dòng 2)",
    ),
    (
        "assessments",
        1,
        {"criterion": "1"},
        "year, criterion",
        "bị trùng: mỗi cặp (year, criterion) chỉ được có ở một dòng",
        "dòng 3: '2024, 1' (trùng với dòng 2)",
    ),
    # references
    (
        "incidents",
        1,
        {"residential_group": "Tổ 9"},
        "residential_group",
        "tổ dân phố không có trong bảng residential_groups (danh sách tổ dân phố)",
        "dòng 3: 'Tổ 9'",
    ),
    (
        "officers",
        1,
        {"residential_group": "tổ  1"},
        "residential_group",
        "tổ dân phố không có trong bảng residential_groups (danh sách tổ dân phố)",
        "dòng 3: 'tổ  1' (có phải 'Tổ 1'?)",
    ),
    (
        "children",
        1,
        {"household_id": "H9"},
        "household_id",
        "mã hộ không có trong bảng households (hộ gia đình)",
        "dòng 3: 'H9'",
    ),
    (
        "children",
        1,
        {"residential_group": "Tổ 1"},
        "residential_group",
        "tổ dân phố của trẻ khác tổ dân phố của hộ trong bảng households",
        "dòng 3: 'Tổ 1' (hộ H2 thuộc 'Tổ 2')",
    ),
    # dates against the snapshot date, ages
    (
        "children",
        0,
        {"birth_date": "01/01/2025"},
        "birth_date",
        "ngày sinh sau ngày chốt số liệu 31/12/2024",
        "dòng 2: '01/01/2025'",
    ),
    (
        "children",
        0,
        {"birth_date": "2008-12-31"},
        "birth_date",
        "trẻ đã đủ 16 tuổi trở lên vào ngày chốt 31/12/2024; bảng children chỉ "
        "gồm trẻ dưới 16 tuổi",
        "dòng 2: '2008-12-31' (16 tuổi)",
    ),
    (
        "incidents",
        1,
        {"age": "16"},
        "age",
        "tuổi khi xảy ra phải từ 0 đến 15",
        "dòng 3: '16'",
    ),
    (
        "incidents",
        1,
        {"age": "-1"},
        "age",
        "tuổi khi xảy ra phải từ 0 đến 15",
        "dòng 3: '-1'",
    ),
    (
        "incidents",
        1,
        {"occurred_on": "2025-01-01"},
        "occurred_on",
        "ngày xảy ra sau ngày chốt số liệu 31/12/2024",
        "dòng 3: '2025-01-01'",
    ),
    (
        "incidents",
        1,
        {"reported_on": "2025-01-01"},
        "reported_on",
        "ngày thông báo sau ngày chốt số liệu 31/12/2024",
        "dòng 3: '2025-01-01'",
    ),
    (
        "incidents",
        0,
        {"reported_on": "30/04/2024"},
        "reported_on",
        "ngày thông báo trước ngày xảy ra",
        "dòng 2: '30/04/2024' (xảy ra ngày 01/05/2024)",
    ),
    (
        "policies",
        0,
        {"issued_on": "2025-01-01"},
        "issued_on",
        "ngày ban hành sau ngày chốt số liệu 31/12/2024",
        "dòng 2: '2025-01-01'",
    ),
    (
        "assessments",
        0,
        {"criterion": "0"},
        "criterion",
        "tiêu chí phải là số từ 1 đến 13",
        "dòng 2: '0'",
    ),
    (
        "assessments",
        0,
        {"criterion": "14"},
        "criterion",
        "tiêu chí phải là số từ 1 đến 13",
        "dòng 2: '14'",
    ),
    (
        "assessments",
        0,
        {"year": "2025"},
        "year",
        "năm đánh giá sau năm của ngày chốt (2024)",
        "dòng 2: '2025'",
    ),
    (
        "assessments",
        0,
        {"score": "-1"},
        "score",
        "điểm không được âm (phải ≥ 0)",
        "dòng 2: '-1'",
    ),
]


@pytest.mark.parametrize(
    ("table", "index", "cells", "column", "rule", "line"),
    CASES,
    ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(CASES)],
)
def test_each_rule_refused_with_its_message(
    tmp_path, table, index, cells, column, rule, line
):
    source = write_source(tmp_path / "src", edited(table, index, **cells))
    data = tmp_path / "data"
    with pytest.raises(IngestError) as info:
        ingest_source(source, D, data)
    err = info.value
    assert len(err.problems) == 1, str(err)
    assert str(err) == (
        "Lỗi: dữ liệu không nạp được, chưa ghi gì vào kho. Có 1 lỗi (gộp thành "
        "1 nhóm); hãy sửa rồi chạy lại lệnh.\n"
        "Số dòng tính như khi mở tệp bằng Excel: dòng đầu tiên của tệp (thường "
        "là dòng tiêu đề cột) là dòng 1.\n"
        f"- Bảng {table} ({WHERE[table]}, {table}.csv), cột {column}: {rule} "
        f"— 1 dòng:\n    {line}"
    )
    assert not data.exists()


TABLE_CASES = [
    (
        "children",
        lambda t: t.update(children=[]),
        "- Bảng children (Trẻ em, children.csv): bảng chưa có dòng dữ liệu nào: "
        "cần ít nhất 1 dòng",
    ),
    (
        "incidents",
        lambda t: t.pop("incidents"),
        "- Bảng incidents (Vụ việc): thiếu bảng bắt buộc: cần tệp incidents.csv "
        "trong thư mục (hoặc trang tính 'incidents' trong tệp .xlsx)",
    ),
    (
        "residential_groups",
        lambda t: t.pop("residential_groups"),
        "- Bảng residential_groups (Tổ dân phố): thiếu bảng bắt buộc: cần tệp "
        "residential_groups.csv trong thư mục (hoặc trang tính "
        "'residential_groups' trong tệp .xlsx)",
    ),
    (
        "children",
        lambda t: [r.pop("birth_date") for r in t["children"]],
        "- Bảng children (Trẻ em, children.csv), cột birth_date: thiếu cột bắt "
        "buộc (đặt tên cột theo tên chuẩn, hoặc tên tiếng Việt như trong "
        "childplan/headers_vi.toml): 'birth_date' / 'Ngày sinh'",
    ),
    (
        "assessments",
        lambda t: [r.pop("score") for r in t["assessments"]],
        "- Bảng assessments (Đánh giá xã phù hợp với trẻ em, assessments.csv), cột "
        "score: thiếu cột bắt buộc (đặt tên cột theo tên chuẩn, hoặc tên tiếng "
        "Việt như trong childplan/headers_vi.toml): 'score' / 'Điểm'",
    ),
]


@pytest.mark.parametrize(("table", "change", "line"), TABLE_CASES)
def test_table_rules(tmp_path, table, change, line):
    tables = copy.deepcopy(BASE)
    change(tables)
    err = refused(write_source(tmp_path / "src", tables))
    assert len(err.problems) == 1, str(err)
    assert str(err).splitlines()[2] == line


def test_names_case_insensitive_and_other_files_ignored(tmp_path):
    source = write_source(tmp_path / "src", BASE)
    (source / "children.csv").rename(source / "CHILDREN.CSV")
    (source / "ghi_chu.csv").write_text("a\n1\n", encoding="utf-8")
    (source / "readme.txt").write_text("x", encoding="utf-8")
    _, report = validate_source(source, D)
    assert report.sources["children"] == "CHILDREN.CSV"
    assert report.ignored_sources == ["ghi_chu.csv"]


def test_two_sources_for_one_table(tmp_path):
    source = write_xlsx(
        tmp_path / "r.xlsx",
        {**BASE, "x": [{"child_id": "C9"}]},
        sheet_names={"x": "Trẻ em"},
    )
    assert str(refused(source)).splitlines()[2] == (
        "- Bảng children (Trẻ em, trang tính 'Trẻ em'): có hai nguồn cho cùng "
        "một bảng: trang tính 'children' và trang tính 'Trẻ em'; hãy giữ lại "
        "một"
    )


def test_incidents_may_be_empty_and_optional_tables_absent(tmp_path):
    tables = {name: BASE[name] for name in ("residential_groups", "children")}
    tables["incidents"] = []
    source = write_source(tmp_path / "src", tables)
    report = ingest_source(source, D, tmp_path / "data")
    assert report.rows == {"residential_groups": 2, "children": 2, "incidents": 0}
    assert stored(tmp_path / "data")["incidents"] == []
    assert report.missing_columns == {}


def test_many_problems_grouped_and_counted(tmp_path):
    tables = copy.deepcopy(BASE)
    tables["children"] = [
        {**BASE["children"][0], "child_id": f"C{i}", "birth_date": "31/02/2020"}
        for i in range(42)
    ]
    tables["children"][3]["sex"] = "?"
    err = refused(write_source(tmp_path / "src", tables))
    assert len(err.problems) == 43
    assert str(err).splitlines()[2:] == [
        "- Bảng children (Trẻ em, children.csv), cột sex: " + SEX + " — 1 dòng:",
        "    dòng 5: '?'",
        f"- Bảng children (Trẻ em, children.csv), cột birth_date: {DATE_REAL} "
        "— 42 dòng:",
        "    dòng 2: '31/02/2020'",
        "    dòng 3: '31/02/2020'",
        "    dòng 4: '31/02/2020'",
        "    dòng 5: '31/02/2020'",
        "    dòng 6: '31/02/2020'",
        "    … và 37 dòng khác",
    ]
    assert str(err).splitlines()[0] == (
        "Lỗi: dữ liệu không nạp được, chưa ghi gì vào kho. Có 43 lỗi (gộp thành "
        "2 nhóm); hãy sửa rồi chạy lại lệnh."
    )


def test_every_problem_listed_across_tables(tmp_path):
    tables = edited("children", 0, sex="X", birth_date="2020-13-01")
    tables["incidents"][1]["age"] = "99"
    tables["assessments"][0]["year"] = "2030"
    err = refused(write_source(tmp_path / "src", tables))
    assert [(p.table, p.row, p.column_name, p.value) for p in err.problems] == [
        ("children", 2, "sex", "X"),
        ("children", 2, "birth_date", "2020-13-01"),
        ("incidents", 3, "age", "99"),
        ("assessments", 2, "year", "2030"),
    ]


# --- accepted spellings ----------------------------------------------------
@pytest.mark.parametrize(
    ("column", "given", "expected"),
    [
        ("special_groups", "dd", "đ"),
        ("special_groups", "Đ;A", "a;đ"),
        ("special_groups", " o ; a ;; d ;", "a;d;o"),
        ("special_groups", "d;d", "d"),
        ("special_groups", ";", None),
        ("sex", "NAM", "M"),
        ("sex", "Nu", "F"),
        ("sex", "Nữ", "F"),
        ("sex", "MALE", "M"),
        ("birth_date", "5/3/2020", dt.date(2020, 3, 5)),
        ("birth_date", "29/02/2012", dt.date(2012, 2, 29)),
        ("consulted", "Có", True),
        ("consulted", "KHÔNG", False),
        ("consulted", "X", True),
        ("consulted", "N", False),
        ("consulted", "Yes", True),
        ("household_id", "  H1  ", "H1"),
    ],
)
def test_accepted_spellings(tmp_path, column, given, expected):
    source = write_source(tmp_path / "src", edited("children", 0, **{column: given}))
    tables, _ = validate_source(source, D)
    assert tables["children"].column(column)[0].as_py() == expected


def test_text_is_nfc_and_bom_is_accepted(tmp_path):
    decomposed = "To\u0302\u0309 1"  # "Tổ 1" typed as NFD
    tables = copy.deepcopy(BASE)
    tables["residential_groups"][0]["residential_group"] = decomposed
    tables["policies"][0]["title"] = "  Ke\u0302\u0301 hoạch  "
    source = write_source(tmp_path / "src", tables, bom=True)
    ingest_source(source, D, tmp_path / "data")
    got = stored(tmp_path / "data")
    assert got["residential_groups"][0] == {"residential_group": "Tổ 1"}
    assert got["policies"][0]["title"] == "Kế hoạch"


def test_semicolon_separated_csv_from_excel(tmp_path):
    source = write_source(tmp_path / "src", BASE, sep=";", bom=True)
    ingest_source(source, D, tmp_path / "data")
    assert stored(tmp_path / "data") == {n: EXPECTED[n] for n in sorted(EXPECTED)}


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (dt.date(2008, 2, 29), dt.date(2023, 2, 28), 14),
        (dt.date(2008, 2, 29), dt.date(2023, 3, 1), 15),
        (dt.date(2008, 2, 29), dt.date(2024, 2, 28), 15),
        (dt.date(2008, 2, 29), dt.date(2024, 2, 29), 16),
        (dt.date(2009, 1, 1), dt.date(2024, 12, 31), 15),
        (dt.date(2008, 12, 31), dt.date(2024, 12, 31), 16),
        (dt.date(2024, 12, 31), dt.date(2024, 12, 31), 0),
    ],
)
def test_completed_years(born, on, age):
    assert completed_years(born, on) == age


def test_age_limit_uses_completed_years(tmp_path):
    # Born 29/02/2008: still 15 on 28/02/2023... and on 28/02/2024; 16 the
    # next day.
    tables = edited("children", 0, birth_date="29/02/2008")
    source = write_source(
        tmp_path / "src",
        {
            "residential_groups": tables["residential_groups"],
            "children": tables["children"],
            "incidents": [],
        },
    )
    validate_source(source, dt.date(2024, 2, 28))
    err = refused(source, dt.date(2024, 2, 29))
    assert [(p.rule, p.detail) for p in err.problems] == [
        (
            "trẻ đã đủ 16 tuổi trở lên vào ngày chốt 29/02/2024; bảng children chỉ "
            "gồm trẻ dưới 16 tuổi",
            "16 tuổi",
        )
    ]


# --- headers ---------------------------------------------------------------
VI_HEADERS = {
    "child_id": "Mã trẻ em",
    "household_id": "mã hộ",
    "residential_group": "Tổ dân phố",
    "sex": "Giới tính",
    "birth_date": "NGÀY SINH",
    "special_groups": "Nhóm HCĐB",
    "special_supported": "Được trợ giúp",
    "consulted": " Được hỏi ý kiến ",
    "incident_id": "Mã vụ việc",
    "age": "Tuổi",
    "kind": "Loại",
    "cause": "Nguyên nhân",
    "place": "Nơi xảy ra",
    "occurred_on": "Ngày xảy ra",
    "reported_on": "Ngày thông báo",
    "fatal": "Tử vong",
    "supported_timely": "Được hỗ trợ kịp thời",
    "officer_id": "Mã cán bộ",
    "level": "Cấp",
    "trained": "Được tập huấn",
    "policy_id": "Mã chính sách",
    "issued_on": "Ngày ban hành",
    "title": "Tên văn bản",
    "children_consulted": "Có tham vấn trẻ em",
    "year": "Năm",
    "criterion": "Tiêu chí",
    "score": "Điểm",
    "disability_services": "Tiếp cận dịch vụ (khuyết tật)",
    "disability_integration": "Kỹ năng hoà nhập (khuyết tật)",
    "ecd_services": "Dịch vụ phát triển toàn diện",
    "protection_knowledge": "Kiến thức bảo vệ trẻ em",
    "labour_info": "Thông tin phòng ngừa lao động trẻ em",
    "ecd_knowledge": "Kiến thức chăm sóc trẻ nhỏ",
    "disability_knowledge": "Kiến thức hỗ trợ trẻ khuyết tật",
}


def test_vietnamese_headers_round_trip(tmp_path):
    source = write_source(tmp_path / "src", BASE, headers=VI_HEADERS)
    report = ingest_source(source, D, tmp_path / "data")
    assert stored(tmp_path / "data") == {n: EXPECTED[n] for n in sorted(EXPECTED)}
    assert report.ignored_columns == {} and report.missing_columns == {}


def test_vietnamese_header_named_in_messages(tmp_path):
    source = write_source(
        tmp_path / "src",
        edited("children", 0, birth_date="31/06/2020"),
        headers=VI_HEADERS,
    )
    assert str(refused(source)).splitlines()[2] == (
        "- Bảng children (Trẻ em, children.csv), cột NGÀY SINH (birth_date): "
        f"{DATE_REAL} — 1 dòng:"
    )


def test_every_contract_column_has_a_vietnamese_header():
    with open(HEADERS_FILE, "rb") as fh:
        mapping = tomllib.load(fh)
    columns = {c.name for t in TABLES.values() for c in t.columns}
    assert set(mapping["columns"].values()) == columns
    assert set(mapping["tables"].values()) == set(TABLES)
    for spec in TABLES.values():
        for col in spec.columns:
            assert mapping["columns"][col.label_vi.lower()] == col.name
    # No accepted header is a direct identifier, and keys are written as
    # they are matched (lower case, NFC, single spaces).
    for key in mapping["columns"]:
        assert identifier_key(key) not in IDENTIFIER_COLUMNS, key
        assert header_key(key) == key
    assert name_maps()[1]["mã trẻ em"] == "child_id"


def test_extra_and_duplicate_columns(tmp_path):
    tables = copy.deepcopy(BASE)
    for r in tables["children"]:
        r["Ghi chú"] = "ghi chú"
    source = write_source(tmp_path / "src", tables)
    _, report = validate_source(source, D)
    assert report.ignored_columns == {"children": ["Ghi chú"]}
    (source / "children.csv").write_text(
        "child_id,Mã trẻ em,household_id,residential_group,sex,birth_date\n"
        "C1,C1,H1,Tổ 1,M,2020-01-01\n",
        encoding="utf-8",
    )
    err = refused(source)
    assert str(err).splitlines()[2] == (
        "- Bảng children (Trẻ em, children.csv), cột child_id: hai cột cùng "
        "được hiểu là một cột của hợp đồng dữ liệu; hãy xóa hoặc đổi tên một "
        "cột: 'child_id' và 'Mã trẻ em'"
    )


def test_row_with_more_cells_than_headers(tmp_path):
    source = write_source(tmp_path / "src", BASE)
    with open(source / "policies.csv", "a", encoding="utf-8") as fh:
        fh.write("P2,2024-03-01,town,Kế hoạch 1, năm 2024,có\n")
    err = refused(source)
    assert str(err).splitlines()[2:] == [
        "- Bảng policies (Chính sách, policies.csv): dòng có nhiều ô hơn số cột "
        "của dòng tiêu đề (thường do một giá trị có dấu phẩy mà không đặt "
        "trong ngoặc kép) — 1 dòng:",
        "    dòng 3",
        "- Bảng policies (Chính sách, policies.csv), cột children_consulted: "
        + BOOL
        + " — 1 dòng:",
        "    dòng 3: 'năm 2024'",
    ]


# --- privacy ---------------------------------------------------------------
SECRETS = {
    "full_name": "Nguyễn Thị Bímật",
    "so_dien_thoai": "0987654321",
    "Địa chỉ": "12 Phố Hàng Bông",
    "Họ tên mẹ": "Lê Thị Mẹbímật",
    "email": "me@example.vn",
}
NATIONAL_IDS = ["024123456789", "024987654321"]


def private_source(folder: Path) -> Path:
    tables = copy.deepcopy(BASE)
    for i, r in enumerate(tables["children"]):
        del r["child_id"]
        r.update({k: f"{v}{i}" for k, v in SECRETS.items()})
        r["CCCD"] = NATIONAL_IDS[i]
    for r in tables["incidents"]:
        del r["child_id"]
        r["Số định danh"] = NATIONAL_IDS[0] if r["incident_id"] == "I1" else ""
        r["Họ và tên"] = SECRETS["full_name"]
    for r in tables["households"]:
        r["SĐT"] = SECRETS["so_dien_thoai"]
        r["Địa chỉ"] = SECRETS["Địa chỉ"]
    return write_source(folder, tables)


def test_identifiers_never_written(tmp_path):
    key_file = tmp_path / "secret" / "id-key"
    data = tmp_path / "data"
    report = ingest_source(private_source(tmp_path / "src"), D, data, key_file=key_file)
    assert report.dropped_columns == {
        "children": [
            "full_name",
            "so_dien_thoai",
            "Địa chỉ",
            "Họ tên mẹ",
            "email",
            "CCCD",
        ],
        "households": ["SĐT", "Địa chỉ"],
        "incidents": ["Số định danh", "Họ và tên"],
    }
    assert report.derived_child_id == {"children": "CCCD", "incidents": "Số định danh"}
    assert report.dropped_line == (
        "Đã loại bỏ các cột định danh cá nhân (không lưu): children: "
        "full_name, so_dien_thoai, Địa chỉ, Họ tên mẹ, email, CCCD; "
        "households: SĐT, Địa chỉ; incidents: Số định danh, Họ và tên."
    )
    key = key_file.read_bytes()
    assert len(key) == 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    ids = [
        "c_" + hmac.new(key, n.encode(), hashlib.sha256).hexdigest()[:20]
        for n in NATIONAL_IDS
    ]
    got = stored(data)
    assert [r["child_id"] for r in got["children"]] == ids
    assert [r["child_id"] for r in got["incidents"]] == [ids[0], None]
    # No byte of any written file, nor any decoded value, holds an identifier.
    needles = (
        [v.encode() for v in SECRETS.values()]
        + [n.encode() for n in NATIONAL_IDS]
        + [n[3:].encode() for n in NATIONAL_IDS]
    )
    files = [p for p in data.rglob("*") if p.is_file()]
    assert len(files) == 10  # marker, manifest, 7 tables, rollup
    for path in files:
        blob = path.read_bytes()
        if path.suffix == ".parquet":
            blob += repr(pq.read_table(path).to_pylist()).encode()
            blob += repr(pq.read_metadata(path).to_dict()).encode()
        for needle in needles:
            assert needle not in blob, (path, needle)


def test_same_national_id_same_child_id_across_snapshots(tmp_path):
    key_file = tmp_path / "k" / "id-key"
    source = private_source(tmp_path / "src")
    ingest_source(source, D, tmp_path / "data", key_file=key_file)
    ingest_source(source, dt.date(2025, 1, 31), tmp_path / "data", key_file=key_file)
    first = stored(tmp_path / "data", D)["children"]
    second = stored(tmp_path / "data", dt.date(2025, 1, 31))["children"]
    assert [r["child_id"] for r in first] == [r["child_id"] for r in second]


def test_key_from_environment_and_not_created_on_refusal(tmp_path):
    env_key = Path(os.environ["CHILDPLAN_KEY_FILE"])
    source = private_source(tmp_path / "src")
    with open(source / "children.csv", "a", encoding="utf-8") as fh:
        fh.write("H1,Tổ 1,M,2030-01-01\n")  # a bad row: refused
    with pytest.raises(IngestError):
        ingest_source(source, D, tmp_path / "data")
    assert not env_key.exists() and not (tmp_path / "data").exists()
    source = private_source(tmp_path / "src2")
    report = ingest_source(source, D, tmp_path / "data")
    assert report.key_file == env_key and env_key.exists()


def test_key_file_inside_repository_or_store_refused(tmp_path):
    source = private_source(tmp_path / "src")
    repo_key = Path(store_module.__file__).resolve().parent / "id-key"
    err = refused_ingest(source, tmp_path / "data", key_file=repo_key)
    assert "phải để ngoài thư mục dự án và kho dữ liệu" in str(err)
    assert not repo_key.exists()
    data = tmp_path / "data"
    err = refused_ingest(source, data, key_file=data / "id-key")
    assert "phải để ngoài thư mục dự án và kho dữ liệu" in str(err)
    assert not data.exists()


def refused_ingest(source, data, **kwargs) -> IngestError:
    with pytest.raises(IngestError) as info:
        ingest_source(source, D, data, **kwargs)
    return info.value


def test_empty_national_id_for_a_child_is_a_missing_child_id(tmp_path):
    tables = copy.deepcopy(BASE)
    for r, nid in zip(tables["children"], ["024123456789", ""], strict=True):
        del r["child_id"]
        r["cccd"] = nid
    err = refused(write_source(tmp_path / "src", tables))
    assert str(err).splitlines()[2:] == [
        "- Bảng children (Trẻ em, children.csv), cột child_id (tạo từ cột "
        "'cccd'): ô bắt buộc bị bỏ trống — 1 dòng:",
        "    dòng 3: ô trống",
    ]


# --- atomic publishing -----------------------------------------------------
def fail_on_second_write(monkeypatch):
    real = store_module._write_durable
    calls = []

    def flaky(table, path):
        calls.append(path.name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(table, path)

    monkeypatch.setattr(store_module, "_write_durable", flaky)
    return calls


@pytest.mark.parametrize("state", ["existing", "empty", "missing"])
def test_failure_mid_write_leaves_store_as_it_was(tmp_path, monkeypatch, state):
    data = tmp_path / "data"
    if state == "existing":
        ingest_source(write_source(tmp_path / "old", BASE), dt.date(2024, 11, 30), data)
    elif state == "empty":
        data.mkdir()
    before = tree_digest(data)
    calls = fail_on_second_write(monkeypatch)
    with pytest.raises(OSError):
        ingest_source(write_source(tmp_path / "src", BASE), D, data)
    assert calls == ["residential_groups.parquet", "children.parquet"]
    assert tree_digest(data) == before
    assert data.exists() == (state != "missing")


def test_failure_while_replacing_keeps_the_old_snapshot(tmp_path, monkeypatch):
    data = tmp_path / "data"
    ingest_source(write_source(tmp_path / "old", BASE), D, data)
    before = tree_digest(data)
    fail_on_second_write(monkeypatch)
    with pytest.raises(OSError):
        ingest_source(write_source(tmp_path / "src", BASE), D, data, replace=True)
    assert tree_digest(data) == before


def test_failure_at_the_final_rename_keeps_the_old_snapshot(tmp_path, monkeypatch):
    data = tmp_path / "data"
    ingest_source(write_source(tmp_path / "old", BASE), D, data)
    before = tree_digest(data)
    real = os.rename

    def rename(src, dst):
        if (
            Path(src).parent.name == ".staging"
            and not Path(src).name.startswith("old-")
            and Path(dst).name == D.isoformat()
        ):
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(store_module.os, "rename", rename)
    with pytest.raises(OSError):
        ingest_source(write_source(tmp_path / "src", BASE), D, data, replace=True)
    monkeypatch.undo()
    assert tree_digest(data) == before


def test_refused_source_writes_nothing(tmp_path):
    data = tmp_path / "data"
    ingest_source(write_source(tmp_path / "old", BASE), dt.date(2024, 11, 30), data)
    before = tree_digest(data)
    source = write_source(tmp_path / "src", edited("children", 0, sex="?"))
    with pytest.raises(IngestError):
        ingest_source(source, D, data)
    assert tree_digest(data) == before


def test_replace(tmp_path):
    data = tmp_path / "data"
    ingest_source(write_source(tmp_path / "a", BASE), D, data)
    before = tree_digest(data)
    changed = edited("children", 0, sex="F")
    source = write_source(tmp_path / "b", changed)
    with pytest.raises(StoreError) as info:
        ingest_source(source, D, data)
    assert str(info.value) == (
        f"Ảnh chụp ngày 31/12/2024 đã có trong kho '{data}'. Thêm --replace nếu "
        "muốn thay thế nó."
    )
    assert tree_digest(data) == before
    ingest_source(source, D, data, replace=True)
    assert [r["sex"] for r in stored(data)["children"]] == ["F", "F"]
    assert sorted(p.name for p in data.iterdir()) == [MARKER, "snapshots"]
    assert [p.name for p in (data / "snapshots").iterdir()] == ["2024-12-31"]


def test_directory_that_is_not_a_store_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "notes.txt").write_text("x")
    with pytest.raises(StoreError):
        ingest_source(write_source(tmp_path / "src", BASE), D, data)
    assert tree_digest(data) == {"notes.txt": hashlib.sha256(b"x").hexdigest()}


# --- the command -----------------------------------------------------------
def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main(["ingest", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_success(tmp_path, capsys):
    tables = copy.deepcopy(BASE)
    for r in tables["children"]:
        r["Họ và tên"] = "Ai đó"
        r["Ghi chú"] = ""
    source = write_source(tmp_path / "src", tables)
    data = tmp_path / "data"
    code, out, err = cli(capsys, source, "--snapshot", "2024-12-31", "--data", data)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Đã nạp số liệu chốt ngày 31/12/2024 vào {data}/snapshots/2024-12-31: "
        "residential_groups 2 dòng, children 2 dòng, households 2 dòng, "
        "incidents 2 dòng, officers 2 dòng, policies 1 dòng, assessments 2 dòng.",
        "Đã loại bỏ các cột định danh cá nhân (không lưu): children: Họ và tên.",
        "Các cột không thuộc hợp đồng dữ liệu, bỏ qua: children: Ghi chú.",
    ]
    code, out, err = cli(capsys, source, "--snapshot", "2024-12-31", "--data", data)
    assert (code, out) == (1, "")
    assert err == (
        f"Lỗi: Ảnh chụp ngày 31/12/2024 đã có trong kho '{data}'. "
        "Thêm --replace nếu muốn thay thế nó.\n"
    )
    code, out, err = cli(
        capsys, source, "--snapshot", "2024-12-31", "--data", data, "--replace"
    )
    assert code == 0 and err == ""


def test_cli_bad_input_exit_1_without_traceback(tmp_path, capsys):
    data = tmp_path / "data"
    good = write_source(tmp_path / "src", BASE)
    code, _, err = cli(capsys, good, "--snapshot", "2023-02-29", "--data", data)
    assert (code, err) == (
        1,
        (
            "Lỗi: ngày chốt --snapshot '2023-02-29' không hợp lệ. Ghi ngày có thật "
            "theo dạng năm-tháng-ngày, ví dụ --snapshot 2024-12-31.\n"
        ),
    )
    missing = tmp_path / "nowhere"
    code, _, err = cli(capsys, missing, "--snapshot", "2024-12-31", "--data", data)
    assert (code, err) == (
        1,
        (
            f"Lỗi: Không tìm thấy '{missing}'. Hãy kiểm tra đường dẫn tới thư mục "
            "các tệp CSV hoặc tệp .xlsx.\n"
        ),
    )
    (good / "children.csv").write_bytes(b"child_id\nC1\nT\xf4 1\n")
    code, _, err = cli(capsys, good, "--snapshot", "2024-12-31", "--data", data)
    assert code == 1
    assert err.splitlines()[2] == (
        "- Bảng children (Trẻ em, children.csv): tệp không được lưu bằng mã "
        "UTF-8 (lỗi ở dòng 3); trong Excel hãy chọn Lưu thành > 'CSV UTF-8 "
        "(Comma delimited)'"
    )
    bad_xlsx = tmp_path / "bad.xlsx"
    bad_xlsx.write_bytes(b"not a zip file")
    code, _, err = cli(capsys, bad_xlsx, "--snapshot", "2024-12-31", "--data", data)
    assert code == 1 and err.startswith("Lỗi: Không mở được tệp Excel 'bad.xlsx' (")
    text_file = tmp_path / "children.txt"
    text_file.write_text("x")
    code, _, err = cli(capsys, text_file, "--snapshot", "2024-12-31", "--data", data)
    assert code == 1 and "không phải thư mục hay tệp .xlsx" in err
    assert "Traceback" not in err
    assert not data.exists()


def test_cli_refuses_the_simulated_store(tmp_path, capsys):
    data = tmp_path / "sim"
    ingest_source(write_source(tmp_path / "src", BASE), D, data, simulated=True)
    code, _, err = cli(
        capsys, tmp_path / "src", "--snapshot", "2025-01-31", "--data", data
    )
    assert code == 1
    assert err == (
        f"Lỗi: kho '{data}' chứa số liệu mô phỏng. Hãy chọn một thư "
        "mục khác (trống hoặc chưa có) cho số liệu thật bằng --data.\n"
    )


def test_corrupt_workbook_is_a_clear_message(tmp_path, capsys):
    import zipfile

    good = write_xlsx(tmp_path / "good.xlsx", BASE)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # truncated XML
            zout.writestr(item, data)
    code, _, err = cli(
        capsys, bad, "--snapshot", "2024-12-31", "--data", tmp_path / "data"
    )
    assert code == 1 and err.startswith("Lỗi: Tệp Excel 'bad.xlsx' bị hỏng (")
    assert err.endswith("Hãy mở tệp bằng Excel và lưu lại.\n")
    assert not (tmp_path / "data").exists()


def test_citizen_id_kept_as_a_number_by_excel_gets_the_same_child_id(tmp_path):
    key_file = tmp_path / "k"
    key_file.write_bytes(bytes(range(32)))
    tables = copy.deepcopy(BASE)
    for r, nid in zip(
        tables["children"], ["024123456789", "001000000002"], strict=True
    ):
        del r["child_id"]
        r["CCCD"] = nid
    from_csv, _ = validate_source(
        write_source(tmp_path / "src", tables), D, key_file=key_file
    )
    tables["children"][0]["CCCD"] = 24123456789  # a number cell
    tables["children"][1]["CCCD"] = " 001 000 000 002 "
    from_xlsx, _ = validate_source(
        write_xlsx(tmp_path / "r.xlsx", tables), D, key_file=key_file
    )
    ids = from_csv["children"].column("child_id").to_pylist()
    assert from_xlsx["children"].column("child_id").to_pylist() == ids
    assert (
        ids[0]
        == "c_"
        + hmac.new(bytes(range(32)), b"024123456789", hashlib.sha256).hexdigest()[:20]
    )


def test_conditional_column_missing_from_the_file(tmp_path):
    tables = copy.deepcopy(BASE)
    for r in tables["incidents"]:
        del r["fatal"]
    err = refused(write_source(tmp_path / "src", tables))
    assert str(err).splitlines()[2:] == [
        "- Bảng incidents (Vụ việc, incidents.csv), cột fatal (không có trong "
        "tệp): bắt buộc điền khi kind là injury — 1 dòng:",
        "    dòng 2: ô trống",
    ]


def test_title_lines_above_the_header_row(tmp_path):
    tables = edited("children", 1, sex="?")
    path = write_xlsx(tmp_path / "r.xlsx", tables)
    wb = openpyxl.load_workbook(path)
    ws = wb["children"]
    ws.insert_rows(1, 3)
    ws["A1"] = "UBND THỊ TRẤN THẮNG"
    ws["A2"] = "DANH SÁCH TRẺ EM"
    wb.save(path)
    err = refused(path)
    assert [(p.row, p.column_name, p.value) for p in err.problems] == [(6, "sex", "?")]
