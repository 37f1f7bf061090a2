"""The rollup: a snapshot's additive counts, written when it is published.

A snapshot never changes once published, so the counts behind every target
(queries/measure_counts.sql: per residential group, the children,
households, officers and events counted, one column each, in both event
windows; one more row for the town) are computed once, in the same
publish that writes the snapshot, and stored beside it as
``rollup.parquet``. Every page then sums one row per group and snapshot
instead of recounting the child rows (queries/target_values.sql reads
them as `measure_counts`).

A rollup carries the version of the definitions that produced it
(`definitions_version`: a hash of the rollup SQL, the shared macros and
the contract's codes it depends on). A rollup that is missing or from
other definitions is *stale*: the database door refuses to serve targets
from it and says to run ``python -m childplan rollup --data DIR``, which
rewrites them (`rebuild`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import tempfile
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from childplan.paths import private_open
from childplan.store import engine
from childplan.store.contract import CRITERIA, DISABILITY_CODE, TABLES
from childplan.store.definitions import MACROS

ROLLUP_FILE = "rollup.parquet"
VERSION_KEY = b"childplan.rollup_version"
QUERY = "measure_counts"
# The additive counts, one column each (queries/measure_counts.sql, in its
# order): `_12m` counts the events of the 12 months to the snapshot,
# `_ytd` those of its calendar year up to it.
_EVENTS = (
    "injuries",
    "injury_deaths",
    "drowning_deaths",
    "hiv_infections",
    "labour_cases",
    "labour_cases_supported",
)
COUNT_COLUMNS = (
    "children",
    "hcdb_children",
    "hcdb_supported",
    "young_children",
    "young_ecd",
    "disabled_children",
    "disabled_services",
    "disabled_integration",
    "children_7_plus",
    "consulted_7_plus",
    "households",
    "protection_informed",
    "labour_informed",
    "young_households",
    "young_households_informed",
    "disabled_households",
    "disabled_households_informed",
    "officers",
    "officers_trained",
    *(f"{e}_12m" for e in _EVENTS),
    *(f"{e}_ytd" for e in _EVENTS),
    "policies_12m",
    "policies_consulted_12m",
    "policies_ytd",
    "policies_consulted_ytd",
)
SCHEMA = pa.schema(
    [
        pa.field("snapshot_date", pa.date32(), nullable=False),
        pa.field("residential_group", pa.string()),  # NULL: the town's row
        *(pa.field(c, pa.int64(), nullable=False) for c in COUNT_COLUMNS),
        pa.field("score_total", pa.decimal128(18, 6)),
        pa.field("criteria_found", pa.int32()),
        pa.field("min_score", pa.decimal128(18, 6)),
    ]
)


def constants() -> dict:
    """The contract's values the rollup SQL takes as parameters."""
    return {"disability_code": DISABILITY_CODE, "criteria": list(CRITERIA)}


def statement(sql: str) -> str:
    """The SQL without its comments and layout: rewording a comment or
    reflowing a line does not change what a rollup holds, so it does not
    stale every store. (The rollup SQL has no '--' inside a string.)"""
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return " ".join(code.split())


@functools.cache
def definitions_version() -> str:
    """What a rollup's numbers depend on besides the snapshot: the rollup
    SQL, the macros it calls, the contract values it is given, its schema.
    Any change to them makes every stored rollup stale."""
    parts = {
        "sql": statement(engine.load_sql(QUERY)),
        "macros": MACROS,
        "constants": constants(),
        "schema": SCHEMA.to_string(),
    }
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def compute(con, date_from=None, date_to=None) -> pa.Table:
    """queries/measure_counts.sql on a connection of its caller's only
    (not shared between threads) holding the contract tables and
    `manifest`, as the rollup's Arrow table."""
    sql = engine.load_sql(QUERY)
    params = {"date_from": date_from, "date_to": date_to, **constants()}
    table = con.sql(sql, params=engine.bind(QUERY, params)).to_arrow_table()
    return table.cast(SCHEMA)


def for_tables(snapshot_date: dt.date, tables: dict[str, pa.Table]) -> pa.Table:
    """The rollup of one snapshot from its tables (as Store.publish is
    given them: contract name -> Arrow table in the stored schema)."""
    with tempfile.TemporaryDirectory(prefix="childplan-rollup-") as tmp:
        con = engine.connect(tmp)
        try:
            for name, spec in TABLES.items():
                table = tables.get(name)
                if table is None:
                    table = spec.arrow_schema().empty_table()
                con.from_arrow(table).create_view(name)
            manifest = pa.table(
                {
                    "snapshot_date": pa.array(
                        [snapshot_date] * len(tables), pa.date32()
                    ),
                    "table_name": pa.array(list(tables), pa.string()),
                }
            )
            con.from_arrow(manifest).create_view("manifest")
            return compute(con)
        finally:
            con.close()


def write(table: pa.Table, path: Path) -> None:
    """Write a rollup with its definitions version, owner-only, on disk
    when done (the caller renames it into place)."""
    meta = dict(table.schema.metadata or {})
    meta[VERSION_KEY] = definitions_version().encode()
    table = table.cast(SCHEMA).replace_schema_metadata(meta)
    fd = private_open(path, os.O_WRONLY | os.O_TRUNC)
    with os.fdopen(fd, "wb") as fh:
        pq.write_table(table, fh, compression="zstd")
        fh.flush()
        os.fsync(fh.fileno())


def version_of(path: Path) -> str | None:
    """The definitions version a stored rollup was written with; None when
    there is no rollup or it cannot be read (either way: rebuild it)."""
    try:
        with pa.OSFile(str(path)) as source:
            meta = pq.ParquetFile(source).schema_arrow.metadata or {}
    except (OSError, pa.ArrowException):
        return None
    value = meta.get(VERSION_KEY)
    return value.decode() if value else None


def is_current(path: Path) -> bool:
    return version_of(path) == definitions_version()


def replace(snapshot_dir: Path, table: pa.Table) -> Path:
    """Put a new rollup into a published snapshot's folder atomically: the
    old one (if any) stays until the new one is whole."""
    final = snapshot_dir / ROLLUP_FILE
    tmp = snapshot_dir / f".{ROLLUP_FILE}.{uuid.uuid4().hex}.tmp"
    try:
        write(table, tmp)
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return final
