"""A DuckDB connection with the shared settings and definitions.

Used by the database door (childplan.store.db) over a store, and by the
rollup (childplan.store.rollup) over one snapshot's tables while it is
being published. Queries live in ``queries/NAME.sql`` and take their values
as named parameters; nothing is ever formatted into SQL text.
"""

from __future__ import annotations

import functools
import re

import duckdb

from childplan.paths import QUERIES_DIR
from childplan.store.definitions import MACROS

_QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
# DuckDB's own memory, per connection (one per store version): beyond it,
# joins and aggregations spill to the temporary directory. The server's
# goal is 1 GB with 20 sessions at province scale (issue 13); the one query
# that reached 1.2 GB (the data-quality page's first count of unknown
# answers over 21.6 million child rows) spills instead, 15 -> 18 s, once
# per store version.
MEMORY_LIMIT = "500MB"
# The audit path (`--raw`, never the server) counts every snapshot's child
# rows in one statement. Under 500 MB DuckDB partitions and spills its
# per-household aggregation: at province scale (21.6 million child rows)
# 10.4 s and 664 MB of RSS; under 1 GB 8.4 s and 1,080 MB (it fills what it
# is given); under 2 GB 4.1 s and ~370 MB, the aggregation then fitting.
RAW_MEMORY_LIMIT = "2GB"
THREADS = 2


@functools.cache
def load_sql(name: str) -> str:
    """The text of queries/NAME.sql; NAME must be one of those files."""
    if not _QUERY_NAME.match(name) or not (QUERIES_DIR / f"{name}.sql").is_file():
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


@functools.cache
def parameters(name: str) -> frozenset[str]:
    """The named parameters queries/NAME.sql takes (outside its comments)."""
    text = "\n".join(line.split("--", 1)[0] for line in load_sql(name).splitlines())
    return frozenset(_PARAMETER.findall(text))


def bind(name: str, params: dict) -> dict | None:
    """The parameters of `params` that queries/NAME.sql takes: a caller may
    hand one set to several queries. A parameter the query takes and the
    caller left out is an error (DuckDB's, naming it)."""
    wanted = parameters(name)
    return {k: v for k, v in params.items() if k in wanted} or None


def connect(
    temp_directory: str, memory_limit: str = MEMORY_LIMIT
) -> duckdb.DuckDBPyConnection:
    """An in-memory connection, bounded, with the shared macros."""
    con = duckdb.connect(
        ":memory:",
        config={
            "memory_limit": memory_limit,
            "threads": THREADS,
            "temp_directory": temp_directory,
        },
    )
    # The shared definitions (event window, status rule) as macros.
    for macro in MACROS.values():
        con.execute(macro)
    return con
