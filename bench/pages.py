"""Page timings: the overview rendered by AppTest on the sample data.

`run()` is called by `make bench` (bench/__main__.py); alone:
`python -m bench.pages`. Budgets (issue #1): the overview fully rendered
after the first load under 1 s; a filter change under 0.5 s. The first
load (DuckDB views, plan, caches filling) is reported but has no budget.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from childplan.access.auth import User
from childplan.access.login import open_session

ROOT = Path(__file__).resolve().parent.parent
DEMO = User("canbo", "officer", is_demo=True)
BUDGETS = {"overview_rerun": 1.0, "filter_change": 0.5}
REPEATS = 5


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure(data: Path | None = None) -> dict[str, float]:
    """Seconds per step, the median of REPEATS where a step repeats."""
    os.environ["CHILDPLAN_DATA"] = str(data or ROOT / "sample_data")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["childplan_user"] = open_session(DEMO)  # as a login does
    first = _timed(at.run)
    assert not at.exception, at.exception
    rerun = statistics.median(_timed(at.run) for _ in range(REPEATS))
    groups = at.multiselect(key="groups").options
    changes = []
    for i in range(REPEATS):  # a new pair each time: no cache to hit
        pair = [groups[i % len(groups)], groups[(i + 1) % len(groups)]]
        at.multiselect(key="groups").set_value(pair)
        changes.append(_timed(at.run))
        assert not at.exception, at.exception
    return {
        "overview_first_load": first,
        "overview_rerun": rerun,
        "filter_change": statistics.median(changes),
    }


def run() -> bool:
    """Print the timings against their budgets; True when all are met."""
    results = measure()
    ok = True
    for name, seconds in results.items():
        budget = BUDGETS.get(name)
        verdict = (
            ""
            if budget is None
            else ("ok" if seconds < budget else f"OVER {budget:.1f} s")
        )
        ok &= budget is None or seconds < budget
        print(f"pages  {name:<22} {seconds * 1000:8.0f} ms  {verdict}")
    return ok


if __name__ == "__main__":
    raise SystemExit(0 if run() else 1)
