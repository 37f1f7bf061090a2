"""The DuckDB door: views over every snapshot, locked to the store."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from childplan.store import db as dbmod
from childplan.store.db import Database, load_sql
from childplan.store.snapshots import Store
from tests.test_store import D1, D2, minimal


@pytest.fixture
def database(tmp_path):
    store = Store.open_or_create(tmp_path / "store")
    store.publish(D1, minimal(D1, 2))
    store.publish(D2, minimal(D2, 3))
    return Database(Store.open(tmp_path / "store"))


def run_sql(database: Database, sql: str, **params):
    with database._con.cursor() as cur:
        return cur.execute(sql, params or None).fetchall()


def test_views_union_every_snapshot(database):
    rows = run_sql(
        database, "select snapshot_date, count(*) from children group by all order by 1"
    )
    assert rows == [(D1, 2), (D2, 3)]


def test_missing_optional_table_is_empty_and_absent_from_manifest(database):
    assert run_sql(database, "select count(*) from households") == [(0,)]
    tables = run_sql(database, "select distinct table_name from manifest order by 1")
    assert tables == [("children",), ("incidents",), ("residential_groups",)]


def test_no_file_outside_the_store_is_readable(database, tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_text("a\n1\n")
    with pytest.raises(duckdb.PermissionException):
        run_sql(database, "select * from read_csv($p)", p=str(outside))
    with pytest.raises(duckdb.Error):
        run_sql(database, "set enable_external_access = true")


def test_only_files_of_the_queries_folder_can_be_loaded():
    for hostile in ("../etc/passwd", "x; drop", "Children", ""):
        with pytest.raises(KeyError):
            load_sql(hostile)


def test_cached_database_is_rebuilt_when_a_snapshot_arrives(tmp_path):
    store = Store.open_or_create(tmp_path)
    store.publish(D1, minimal(D1))
    first = dbmod.get_database(tmp_path)
    assert dbmod.get_database(tmp_path) is first
    store.publish(dt.date(2025, 1, 31), minimal(dt.date(2025, 1, 31)))
    second = dbmod.get_database(tmp_path)
    assert second is not first
    assert second.snapshot_dates == [D1, dt.date(2025, 1, 31)]


def test_server_and_audit_path_have_their_own_memory_bounds(database):
    """The server's connections stay under 500 MB (20 sessions in 1 GB); the
    audit path's one big count gets 2 GB, under which its per-household
    aggregation fits instead of spilling (docs/performance.md), and neither
    can be raised from a query."""

    def limit(db: Database) -> str:
        return run_sql(db, "select current_setting('memory_limit')")[0][0]

    raw = Database(database.store, raw=True)
    assert limit(database) == "476.8 MiB"  # DuckDB prints 500 MB in MiB
    assert limit(raw) == "1.8 GiB"
    with pytest.raises(duckdb.Error):
        run_sql(raw, "set memory_limit = '8GB'")
