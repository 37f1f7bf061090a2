"""One measurement, run in a fresh subprocess so its peak memory is its own.

    python -m bench.measure ENGINE DATA OUT [GROUP ...]

ENGINE is `rollup` (childplan.indicators.targets over DuckDB, summing the
snapshots' rollups), `raw` (the same from the child rows: the audit path,
`Database(raw=True)`) or `pandas` (bench/pandas_baseline.py). Times
opening the store plus the full scorecard of the last year plus every
target's series, writes the series to OUT (Parquet) and prints one JSON
line: rows, seconds (wall) in all and of the series alone, CPU seconds
(all threads: a load-independent measure of the work) and peak RSS.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _cpu_seconds() -> float:
    """User + system CPU time of this process (all its threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    engine, data, out, *groups = argv
    # Imports are outside the timing: both engines pay them equally.
    from bench import pandas_baseline
    from childplan.indicators import targets as indicators
    from childplan.indicators.plan import load_plan
    from childplan.store.db import Database
    from childplan.store.snapshots import Store

    plan = load_plan(2024)
    cpu_start = _cpu_seconds()
    start = time.perf_counter()
    if engine in ("rollup", "raw"):
        db = Database(Store.open(data), raw=engine == "raw")
        year = max(indicators.years(db))
        card = indicators.scorecard(db, plan, year, tuple(groups))
        series_start = time.perf_counter()
        frame = indicators.series(db, plan, tuple(groups))
        series_seconds = time.perf_counter() - series_start
    elif engine == "pandas":
        series_start = time.perf_counter()
        frame = pandas_baseline.series(Path(data), plan, tuple(groups))
        series_seconds = time.perf_counter() - series_start
        card = pandas_baseline.scorecard(frame, pandas_baseline.last_year(frame))
    else:
        raise SystemExit(f"unknown engine {engine!r}")
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_start
    frame[
        [
            "target_id",
            "snapshot_date",
            "numerator",
            "denominator",
            "value",
            "threshold",
            "operator",
            "status",
        ]
    ].to_parquet(out)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": len(frame),
                "scorecard_rows": len(card),
                "seconds": seconds,
                "series_seconds": series_seconds,
                "cpu_seconds": cpu,
                "peak_mb": peak_kb / 1024,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
