"""The only door to DuckDB: one cached connection per store, SQL by name.

Each contract table is a view over the Parquet files of every servable
snapshot (``snapshot_date`` is a column of each file), plus ``manifest``:
one row per snapshot and table present, so SQL can tell a missing optional
table (no data) from an empty one. The targets are computed from
``measure_counts``: the snapshots' rollups (childplan.store.rollup), read
once into memory per store version -- or, on the audit path (``raw``),
queries/measure_counts.sql run over the child rows of every snapshot,
once per Database (at its first target query) and kept in memory. A store
whose rollups are missing or stale serves no target: `query` raises
RollupsStale, whose message says what to run. Queries live in
``queries/NAME.sql`` and take their values as named parameters
(``$groups``); nothing is ever formatted into SQL text. DuckDB refuses
concurrent use of one connection, so every query runs on a cursor of its
own.
"""

from __future__ import annotations

import functools
import tempfile
import threading
from pathlib import Path

import pandas as pd

from childplan.store import engine, rollup
from childplan.store.contract import TABLES
from childplan.store.engine import load_sql
from childplan.store.snapshots import MANIFEST_SCHEMA, Store, StoreProblem

ROLLUP_TABLE = "measure_counts"
# Small tables read by every target query: held in memory, not re-read
# from one Parquet file per snapshot on every query.
IN_MEMORY = ("residential_groups",)


class RollupsStale(Exception):
    """The store's rollups are missing or from other definitions: targets
    would be stale. The message names the snapshots and the command."""

    def __init__(self, root: Path, dates):
        self.dates = sorted(dates)
        shown = ", ".join(f"{d:%d/%m/%Y}" for d in self.dates[:3])
        more = f" và {len(self.dates) - 3} kỳ khác" if len(self.dates) > 3 else ""
        super().__init__(
            f"Số liệu tổng hợp (rollup) của {len(self.dates)} kỳ chốt ({shown}"
            f"{more}) chưa được tính hoặc được tính theo định nghĩa cũ, nên "
            "chưa thể hiển thị các chỉ tiêu. Hãy chạy lệnh: python -m "
            f"childplan rollup --data {root}"
        )


class Database:
    """A read-only DuckDB connection over the servable snapshots of a store."""

    def __init__(self, store: Store, raw: bool = False):
        self.store = store
        self.raw = raw
        snapshots, self.problems = store.scan()
        self.snapshot_dates = [s.snapshot_date for s in snapshots]
        self.stale_rollups = [
            s.snapshot_date for s in snapshots if not s.rollup_is_current
        ]
        self._raw_counted = False
        self._raw_lock = threading.Lock()
        self._tmp = tempfile.TemporaryDirectory(prefix="childplan-duckdb-")
        con = engine.connect(
            self._tmp.name,
            engine.RAW_MEMORY_LIMIT if raw else engine.MEMORY_LIMIT,
        )
        for name, spec in TABLES.items():
            files = [str(s.tables[name]) for s in snapshots if name in s.tables]
            if files and name in IN_MEMORY:
                con.read_parquet(files).create(name)
            elif files:
                con.read_parquet(files).create_view(name)
            else:
                empty = spec.arrow_schema().empty_table()
                con.from_arrow(empty).create(name)
        manifests = [str(s.path / "manifest.parquet") for s in snapshots]
        if manifests:
            con.read_parquet(manifests).create("manifest")
        else:
            con.from_arrow(MANIFEST_SCHEMA.empty_table()).create("manifest")
        rollups = [str(s.rollup_file) for s in snapshots]
        if not raw and rollups and not self.stale_rollups:
            con.read_parquet(rollups).create(ROLLUP_TABLE)
        elif not raw:
            con.from_arrow(rollup.SCHEMA.empty_table()).create(ROLLUP_TABLE)
        # Lock the connection to the store: no other file can be read or
        # written, and no query can change these settings back.
        root = str(store.root.resolve())
        con.execute(
            "set allowed_directories = [$root, $tmp]",
            {"root": root + "/", "tmp": self._tmp.name + "/"},
        )
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
        self._con = con

    def query(self, name: str, **params) -> pd.DataFrame:
        """Run queries/NAME.sql with named parameters; a cursor per call."""
        sql = load_sql(name)
        reads_counts = ROLLUP_TABLE in sql
        if reads_counts and not self.raw and self.stale_rollups:
            raise RollupsStale(self.store.root, self.stale_rollups)
        if reads_counts and self.raw:
            self._count_raw()
        with self._con.cursor() as cur:
            return cur.execute(sql, engine.bind(name, params)).df()

    def _count_raw(self) -> None:
        """The audit path: queries/measure_counts.sql over the child rows of
        every snapshot of this Database, the first time a query needs the
        counts; later queries read the same table. A snapshot's counts are
        a function of its own rows alone (what a rollup is), so counting
        them all once gives each query what counting its own snapshots
        would (tests/test_rollup.py: the raw counts of a whole store equal
        the rollups of its snapshots, each computed alone), and the store's
        snapshots never change under a Database (a new one is a new
        fingerprint, hence a new Database). Never read from the rollups."""
        with self._raw_lock:
            if self._raw_counted:
                return
            counts = {"date_from": None, "date_to": None, **rollup.constants()}
            with self._con.cursor() as cur:
                cur.execute(
                    f"create table {ROLLUP_TABLE} as " + load_sql(rollup.QUERY),
                    engine.bind(rollup.QUERY, counts),
                )
            self._raw_counted = True

    @property
    def is_simulated(self) -> bool:
        return self.store.is_simulated

    def snapshot_problems(self) -> list[StoreProblem]:
        return list(self.problems)


@functools.lru_cache(maxsize=4)
def _database(root: str, fingerprint: tuple, raw: bool = False) -> Database:
    return Database(Store.open(root), raw=raw)


def get_database(data: str | Path | None = None, raw: bool = False) -> Database:
    """The cached Database of a store, rebuilt when its snapshots change."""
    store = Store.open(data)
    return _database(str(store.root), store.fingerprint(), raw)
