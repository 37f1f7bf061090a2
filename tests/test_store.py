"""The snapshot store: atomic publishing, refusing what is not a store."""

from __future__ import annotations

import datetime as dt
import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from childplan.store.contract import TABLES
from childplan.store.db import Database
from childplan.store.snapshots import MARKER, Store, StoreError
from tests.snapshot_builder import tree_digest

D1 = dt.date(2024, 11, 30)
D2 = dt.date(2024, 12, 31)


def table(name: str, day: dt.date, rows: list[dict]) -> pa.Table:
    schema = TABLES[name].arrow_schema()
    full = [{**dict.fromkeys(schema.names), **r, "snapshot_date": day} for r in rows]
    return pa.Table.from_pylist(full, schema=schema)


def minimal(day: dt.date, n_children: int = 1) -> dict[str, pa.Table]:
    kids = [
        {
            "child_id": f"c{i}",
            "household_id": "h1",
            "residential_group": "A",
            "sex": "F",
            "birth_date": dt.date(2020, 1, 1),
        }
        for i in range(n_children)
    ]
    return {
        "residential_groups": table(
            "residential_groups", day, [{"residential_group": "A"}]
        ),
        "children": table("children", day, kids),
        "incidents": table("incidents", day, []),
    }


def test_publish_creates_store_and_snapshot(tmp_path):
    store = Store.open_or_create(tmp_path / "new")
    store.publish(D1, minimal(D1, 2))
    reopened = Store.open(tmp_path / "new")
    snaps, problems = reopened.scan()
    assert [s.snapshot_date for s in snaps] == [D1]
    assert problems == []
    assert sorted(snaps[0].tables) == ["children", "incidents", "residential_groups"]
    assert not (tmp_path / "new" / ".staging").exists()


def test_existing_snapshot_needs_replace(tmp_path):
    store = Store.open_or_create(tmp_path)
    store.publish(D1, minimal(D1, 1))
    before = tree_digest(tmp_path)
    with pytest.raises(StoreError, match="--replace"):
        store.publish(D1, minimal(D1, 3))
    assert tree_digest(tmp_path) == before
    store.publish(D1, minimal(D1, 3), replace=True)
    children = pq.read_table(
        tmp_path / "snapshots" / D1.isoformat() / "children.parquet"
    )
    assert children.num_rows == 3


def test_failure_mid_write_leaves_store_as_it_was(tmp_path, monkeypatch):
    store = Store.open_or_create(tmp_path)
    store.publish(D1, minimal(D1, 1))
    before = tree_digest(tmp_path)
    calls = []
    real_write = pq.write_table

    def failing_write(tbl, path, **kw):
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_write(tbl, path, **kw)

    monkeypatch.setattr(pq, "write_table", failing_write)
    with pytest.raises(OSError, match="disk full"):
        store.publish(D2, minimal(D2, 2))
    calls.clear()
    with pytest.raises(OSError, match="disk full"):
        store.publish(D1, minimal(D1, 5), replace=True)
    assert tree_digest(tmp_path) == before


def test_failure_in_new_directory_leaves_nothing(tmp_path, monkeypatch):
    def failing_write(tbl, path, **kw):
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", failing_write)
    store = Store.open_or_create(tmp_path / "fresh")
    with pytest.raises(OSError):
        store.publish(D1, minimal(D1))
    assert not (tmp_path / "fresh").exists()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p / "missing", "không tồn tại"),
        (lambda p: (p / "plain").mkdir() or p / "plain", "không phải là kho"),
        (
            lambda p: (p / "f.txt").write_text("x") and p / "f.txt",
            "không phải là thư mục",
        ),
    ],
)
def test_readers_refuse_what_is_not_a_store(tmp_path, make, message):
    with pytest.raises(StoreError, match=message):
        Store.open(make(tmp_path))


def test_writer_refuses_a_non_empty_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(StoreError, match="thư mục trống"):
        Store.open_or_create(tmp_path)


def test_corrupt_snapshot_is_reported_and_others_still_serve(tmp_path):
    store = Store.open_or_create(tmp_path)
    store.publish(D1, minimal(D1, 2))
    store.publish(D2, minimal(D2, 3))
    bad = tmp_path / "snapshots" / D2.isoformat() / "children.parquet"
    bad.write_bytes(bad.read_bytes()[:40])  # truncated
    snaps, problems = Store.open(tmp_path).scan()
    assert [s.snapshot_date for s in snaps] == [D1]
    assert [p.snapshot_date for p in problems] == [D2.isoformat()]
    db = Database(Store.open(tmp_path))
    assert db.snapshot_dates == [D1]


def test_fingerprint_changes_when_a_snapshot_arrives(tmp_path):
    store = Store.open_or_create(tmp_path)
    store.publish(D1, minimal(D1))
    first = Store.open(tmp_path).fingerprint()
    store.publish(D2, minimal(D2))
    assert Store.open(tmp_path).fingerprint() != first


def test_marker_records_simulated(tmp_path):
    Store.open_or_create(tmp_path / "s", simulated=True).publish(D1, minimal(D1))
    assert Store.open(tmp_path / "s").is_simulated
    assert (tmp_path / "s" / MARKER).is_file()


def test_fingerprint_changes_when_a_rollup_is_rewritten_and_only_then(tmp_path):
    """Same files, same fingerprint (the caches are shared); a rollup
    rewritten or a snapshot replaced gives a new one."""
    store = Store.open_or_create(tmp_path)
    store.publish(D1, minimal(D1))
    store.publish(D2, minimal(D2))
    first = Store.open(tmp_path).fingerprint()
    assert Store.open(tmp_path).fingerprint() == first
    rollup_file = tmp_path / "snapshots" / D2.isoformat() / "rollup.parquet"
    assert rollup_file.is_file()
    os.utime(rollup_file, ns=(1, 1))
    assert Store.open(tmp_path).fingerprint() != first


def test_children_and_households_are_stored_by_group_then_household(tmp_path):
    """The stored layout (snapshots.STORED_ORDER): the same rows, every one,
    in (group, household) order, whatever order they came in; the other
    tables as given."""
    kids = [
        ("c1", "h9", "B"),
        ("c2", "h2", "A"),
        ("c3", "h9", "B"),
        ("c4", "h1", "B"),
        ("c5", "h3", "A"),
    ]
    tables = minimal(D1)
    tables["residential_groups"] = table(
        "residential_groups",
        D1,
        [{"residential_group": "B"}, {"residential_group": "A"}],
    )
    tables["children"] = table(
        "children",
        D1,
        [
            {
                "child_id": c,
                "household_id": h,
                "residential_group": g,
                "sex": "F",
                "birth_date": dt.date(2020, 1, 1),
            }
            for c, h, g in kids
        ],
    )
    tables["households"] = table(
        "households",
        D1,
        [
            {"household_id": h, "residential_group": g}
            for h, g in [("h9", "B"), ("h2", "A"), ("h1", "B"), ("h3", "A")]
        ],
    )
    Store.open_or_create(tmp_path / "s").publish(D1, tables)
    folder = tmp_path / "s" / "snapshots" / D1.isoformat()
    children = pq.read_table(folder / "children.parquet").to_pylist()
    assert [
        (r["child_id"], r["household_id"], r["residential_group"]) for r in children
    ] in (
        # equal households may come in either order; by hand:
        [
            ("c2", "h2", "A"),
            ("c5", "h3", "A"),
            ("c4", "h1", "B"),
            ("c1", "h9", "B"),
            ("c3", "h9", "B"),
        ],
        [
            ("c2", "h2", "A"),
            ("c5", "h3", "A"),
            ("c4", "h1", "B"),
            ("c3", "h9", "B"),
            ("c1", "h9", "B"),
        ],
    )
    households = pq.read_table(folder / "households.parquet").to_pylist()
    assert [r["household_id"] for r in households] == ["h2", "h3", "h1", "h9"]
    groups = pq.read_table(folder / "residential_groups.parquet").to_pylist()
    assert [r["residential_group"] for r in groups] == ["B", "A"]
