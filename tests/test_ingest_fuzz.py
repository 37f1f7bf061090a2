"""Ingest survives bad input (issue item 5): fuzzed CSV folders and .xlsx.

Whatever the files hold, `python -m childplan ingest` either publishes a
whole snapshot (exit 0) or exits 1 with a message and leaves the store
byte-for-byte as it was, and the id-key file unwritten. Never a traceback.
"""

import contextlib
import datetime as dt
import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childplan.cli.main import main
from childplan.store.snapshots import Store
from tests.snapshot_builder import tree_digest

SNAPSHOT = "2024-12-31"
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

VALID = {
    "residential_groups": "residential_group\nTổ 1\nĐức Thịnh\n",
    "children": (
        "child_id,household_id,residential_group,sex,birth_date,"
        "special_groups,special_supported,ecd_services,consulted\n"
        "c1,h1,Tổ 1,M,2016-12-31,d;dd,có,,x\n"
        "c2,h2,Đức Thịnh,Nữ,01/03/2012,,,0,yes\n"
    ),
    "incidents": (
        "incident_id,child_id,residential_group,sex,age,kind,cause,place,"
        "occurred_on,reported_on,fatal,supported_timely\n"
        "i1,c1,Tổ 1,F,7,injury,08,home,2024-05-02,2024-05-03,1,\n"
        "i2,,Đức Thịnh,M,12,labour,,,2024-01-10,,,không\n"
    ),
}
# What the fuzzers put in cells: near-valid values and hostile ones.
CELL_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "Tổ 1",
            "Đức Thịnh",
            "c1",
            "h1",
            "M",
            "Nữ",
            "x",
            "2024-02-29",
            "29/02/2023",
            "31/12/2024",
            "2025-01-01",
            "injury",
            "abuse",
            "hiv",
            "08",
            "12",
            "drowning",
            "-1",
            "99",
            "1e309",
            "NaN",
            "có",
            "d;đ;dd",
            "zz",
            "=1+1",
            "\ufeffchild_id",
            '"',
            "a,b",
            "\n",
            "\x00",
            "đ" * 300,
        ]
    ),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
)
XLSX_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=False),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.sampled_from(
        ["Tổ 1", "c1", "h1", "M", "2024-05-02", "injury", "08", "=A1", "#REF!"]
    ),
)
TABLE_NAMES = st.sampled_from(
    [
        "residential_groups",
        "children",
        "incidents",
        "households",
        "officers",
        "Children ",
        "trẻ em",
        "Sheet1",
        "",
    ]
)


@pytest.fixture(scope="module")
def base_store(tmp_path_factory):
    """A real store with one snapshot (2024-06-30) made by ingest."""
    root = tmp_path_factory.mktemp("fuzz-base")
    src = root / "src"
    src.mkdir()
    for name, text in VALID.items():
        (src / f"{name}.csv").write_text(text, encoding="utf-8")
    data = root / "store"
    code = main(
        [
            "ingest",
            str(src),
            "--snapshot",
            "2024-06-30",
            "--data",
            str(data),
            "--key-file",
            str(root / "key"),
        ]
    )
    assert code == 0
    return data


def check_ingest(source: Path, base: Path | None) -> int:
    """Run ingest into a copy of `base` (None: a new store) and check it."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "store"
        if base is not None:
            shutil.copytree(base, data)
        key = Path(tmp) / "id-key"
        before = tree_digest(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(
                [
                    "ingest",
                    str(source),
                    "--snapshot",
                    SNAPSHOT,
                    "--data",
                    str(data),
                    "--key-file",
                    str(key),
                ]
            )
        out, err = out.getvalue(), err.getvalue()
        assert "Traceback" not in out + err
        if code == 1:
            assert err.startswith("Lỗi")
            assert tree_digest(data) == before, "refused ingest changed the store"
            assert not key.exists(), "refused ingest wrote the id key"
        else:
            assert code == 0, (code, err)
            store = Store.open(data)
            good, problems = store.scan()
            assert problems == []
            assert SNAPSHOT in [s.snapshot_date.isoformat() for s in good]
            assert not (data / ".staging").exists()
        return code


def write_folder(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir()
    for name, data in files.items():
        (folder / f"{name}.csv").write_bytes(data)
    return folder


def mutate(text: str, edits) -> str:
    for pos, cut, insert in edits:
        i = pos % (len(text) + 1)
        text = text[:i] + insert + text[i + cut :]
    return text


EDITS = st.lists(
    st.tuples(
        st.integers(0, 10**4),
        st.integers(0, 8),
        st.sampled_from(
            [
                "",
                ",",
                '"',
                "\n",
                "\r\n",
                ";",
                "\x00",
                "\ufeff",
                "đ",
                " ",
                "9",
                "/",
                "-",
                "\t",
                ",,,,",
            ]
        ),
    ),
    max_size=6,
)


@FUZZ
@given(table=st.sampled_from(sorted(VALID)), edits=EDITS, new_store=st.booleans())
def test_mutated_csv(base_store, table, edits, new_store):
    with tempfile.TemporaryDirectory() as tmp:
        files = {k: v.encode("utf-8") for k, v in VALID.items()}
        files[table] = mutate(VALID[table], edits).encode("utf-8")
        src = write_folder(Path(tmp) / "src", files)
        check_ingest(src, None if new_store else base_store)


@FUZZ
@given(
    table=st.sampled_from(sorted(VALID)),
    header=st.lists(
        st.sampled_from(
            [
                "child_id",
                "household_id",
                "residential_group",
                "sex",
                "birth_date",
                "incident_id",
                "age",
                "kind",
                "cause",
                "occurred_on",
                "fatal",
                "ho_ten",
                "national_id",
                "Giới tính",
                "",
                "extra",
            ]
        ),
        max_size=8,
    ),
    rows=st.lists(st.lists(CELL_TEXT, max_size=9), max_size=5),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
)
def test_random_csv_cells(base_store, table, header, rows, encoding):
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        files = {k: v.encode("utf-8") for k, v in VALID.items()}
        files[table] = buf.getvalue().encode(encoding, errors="replace")
        src = write_folder(Path(tmp) / "src", files)
        check_ingest(src, base_store)


@FUZZ
@given(table=st.sampled_from(sorted(VALID)), data=st.binary(max_size=300))
def test_random_bytes_csv(base_store, table, data):
    with tempfile.TemporaryDirectory() as tmp:
        files = {k: v.encode("utf-8") for k, v in VALID.items()}
        files[table] = data
        src = write_folder(Path(tmp) / "src", files)
        check_ingest(src, base_store)


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(title=name or "Sheet")
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def valid_sheets() -> dict[str, list[list]]:
    return {
        name: [line.split(",") for line in text.strip().split("\n")]
        for name, text in VALID.items()
    }


@FUZZ
@given(
    sheets=st.dictionaries(
        TABLE_NAMES.map(lambda s: s.strip()[:31] or "Sheet"),
        st.lists(st.lists(XLSX_CELL, max_size=10), max_size=6),
        max_size=4,
    ),
    keep_valid=st.booleans(),
)
def test_random_xlsx(base_store, sheets, keep_valid):
    book = valid_sheets() if keep_valid else {}
    for name, rows in sheets.items():
        if keep_valid and name in book:
            book[name] = book[name][:1] + rows  # valid header, fuzzed rows
        else:
            book[name] = rows
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.xlsx"
        path.write_bytes(workbook_bytes(book) if book else b"")
        check_ingest(path, base_store)


@FUZZ
@given(
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=5),
)
def test_corrupt_xlsx_bytes(base_store, cut, flips):
    data = bytearray(workbook_bytes(valid_sheets()))
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    data = bytes(data[: max(1, int(cut * len(data)))]) if cut < 1 else bytes(data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.xlsx"
        path.write_bytes(data)
        check_ingest(path, base_store)


@FUZZ
@given(
    part=st.integers(0, 50),
    cut=st.floats(0, 1),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(list(b'<>"&/= ax0\xff'))), max_size=4
    ),
    drop=st.booleans(),
)
def test_xlsx_with_broken_xml_parts(base_store, part, cut, edits, drop):
    """A well-formed zip whose XML parts are cut, edited or missing."""
    original = zipfile.ZipFile(io.BytesIO(workbook_bytes(valid_sheets())))
    names = original.namelist()
    target = names[part % len(names)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name in names:
            data = original.read(name)
            if name == target:
                if drop:
                    continue
                data = bytearray(data[: int(cut * len(data))] if cut < 1 else data)
                for where, byte in edits:
                    if data:
                        data[int(where * (len(data) - 1))] = byte
                data = bytes(data)
            out.writestr(name, data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.xlsx"
        path.write_bytes(buf.getvalue())
        check_ingest(path, base_store)


def test_valid_sources_still_publish(base_store, tmp_path):
    """The fuzz harness itself: the untouched inputs are accepted."""
    src = write_folder(
        tmp_path / "src", {k: v.encode("utf-8") for k, v in VALID.items()}
    )
    assert check_ingest(src, base_store) == 0
    path = tmp_path / "register.xlsx"
    path.write_bytes(workbook_bytes(valid_sheets()))
    assert check_ingest(path, None) == 0
