"""Publishing one snapshot at province scale, its rollup included.

    .venv/bin/python -m bench.publish STORE

Reads the last snapshot of STORE (450,000 children at province scale) and
publishes it into a new store, as `ingest` does after its checks: the
Parquet files, the rollup computed from the same tables, the atomic
rename. Timed in a fresh subprocess so its peak memory (RSS, the snapshot's
tables in memory included) is its own. Goals (issue 13): at most 10 s and
1.5 GB. Exit 1 when one is missed.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench import in_subprocess

GOAL_SECONDS = 10.0
GOAL_PEAK_MB = 1536


def _measure(store: Path) -> dict:
    import pyarrow.parquet as pq

    from childplan.store import rollup
    from childplan.store.snapshots import Store

    snap = Store.open(store).scan()[0][-1]
    tables = {name: pq.read_table(file) for name, file in snap.tables.items()}
    with tempfile.TemporaryDirectory(prefix="childplan-publish-") as tmp:
        target = Store.open_or_create(Path(tmp) / "store")
        start = time.perf_counter()
        counts = rollup.for_tables(snap.snapshot_date, tables)
        rollup_seconds = time.perf_counter() - start
        start = time.perf_counter()
        target.publish(snap.snapshot_date, tables)
        seconds = time.perf_counter() - start
    return {
        "children": tables["children"].num_rows,
        "rollup_rows": counts.num_rows,
        "seconds": seconds,
        "rollup_seconds": rollup_seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(store: Path) -> bool:
    r = in_subprocess("bench.publish", str(store), what="publish")
    ok = r["seconds"] <= GOAL_SECONDS and r["peak_mb"] <= GOAL_PEAK_MB
    print(
        f"\npublish one snapshot ({r['children']:,} children, rollup "
        f"{r['rollup_rows']:,} rows): {r['seconds']:.2f} s (the rollup alone "
        f"{r['rollup_seconds']:.2f} s), peak {r['peak_mb']:.0f} MB  goal <= "
        f"{GOAL_SECONDS:.0f} s, <= {GOAL_PEAK_MB} MB  {'met' if ok else 'MISSED'}"
    )
    return ok


if __name__ == "__main__":
    print(json.dumps(_measure(Path(sys.argv[1]))))
