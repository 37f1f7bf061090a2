"""The only door to DuckDB: one cached connection per store, SQL by name.

Each contract table is a view over the Parquet files of every servable
snapshot (``snapshot_date`` is a column of each file), plus ``manifest``:
one row per snapshot and table present, so SQL can tell a missing optional
table (no data) from an empty one. Queries live in ``queries/NAME.sql`` and
take their values as named parameters (``$groups``); nothing is ever
formatted into SQL text. DuckDB refuses concurrent use of one connection,
so every query runs on a cursor of its own.
"""

from __future__ import annotations

import functools
import re
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from childplan.paths import QUERIES_DIR
from childplan.store.contract import TABLES
from childplan.store.definitions import MACROS
from childplan.store.snapshots import MANIFEST_SCHEMA, Store, StoreProblem

_QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
MEMORY_LIMIT = "2GB"
THREADS = 2


@functools.cache
def load_sql(name: str) -> str:
    """The text of queries/NAME.sql; NAME must be one of those files."""
    if not _QUERY_NAME.match(name) or not (QUERIES_DIR / f"{name}.sql").is_file():
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


class Database:
    """A read-only DuckDB connection over the servable snapshots of a store."""

    def __init__(self, store: Store):
        self.store = store
        snapshots, self.problems = store.scan()
        self.snapshot_dates = [s.snapshot_date for s in snapshots]
        self._tmp = tempfile.TemporaryDirectory(prefix="childplan-duckdb-")
        con = duckdb.connect(
            ":memory:",
            config={
                "memory_limit": MEMORY_LIMIT,
                "threads": THREADS,
                "temp_directory": self._tmp.name,
            },
        )
        for name, spec in TABLES.items():
            files = [str(s.tables[name]) for s in snapshots if name in s.tables]
            if files:
                con.read_parquet(files).create_view(name)
            else:
                empty = spec.arrow_schema().empty_table()
                con.from_arrow(empty).create(name)
        manifests = [str(s.path / "manifest.parquet") for s in snapshots]
        if manifests:
            con.read_parquet(manifests).create_view("manifest")
        else:
            con.from_arrow(MANIFEST_SCHEMA.empty_table()).create("manifest")
        # The shared definitions (event window, status rule) as macros.
        for macro in MACROS.values():
            con.execute(macro)
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
        with self._con.cursor() as cur:
            return cur.execute(sql, params or None).df()

    @property
    def is_simulated(self) -> bool:
        return self.store.is_simulated

    def snapshot_problems(self) -> list[StoreProblem]:
        return list(self.problems)


@functools.lru_cache(maxsize=4)
def _database(root: str, fingerprint: tuple) -> Database:
    return Database(Store.open(root))


def get_database(data: str | Path | None = None) -> Database:
    """The cached Database of a store, rebuilt when its snapshots change."""
    store = Store.open(data)
    return _database(str(store.root), store.fingerprint())
