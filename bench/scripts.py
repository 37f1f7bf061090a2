"""Page script times at province scale (1,500 groups, 450,000 children).

    .venv/bin/python -m bench.scripts STORE

Every page run by Streamlit's AppTest as a leader sees it, on a store
whose store-wide caches are filled (the first run of each page, reported
apart), then rerun for three group filters none has drawn yet: the
script's time for a filter change, data and figures (AppTest's own
overhead included). Goal (issue 13): at most 100 ms for any page and any
filter (the median of the three and the worst are both printed; the goal
is checked on the worst). Then 20 sessions, each with a filter of its own,
in this one process: its peak memory against the 1 GB goal (the server's
memory with 20 sessions; the browsers' side is not in it). Runs in a
subprocess of its own. Exit 1 when a goal is missed.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import in_subprocess

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 0.100
GOAL_SESSIONS_MB = 1024
SESSIONS = 20
FILTERS = 3


def _measure(store: Path) -> dict:
    from streamlit.testing.v1 import AppTest

    from childplan.access.auth import User
    from childplan.access.login import open_session
    from childplan.app import routes

    leader = User("lanhdao", "leader", is_demo=True)  # the demo leader
    tmp = tempfile.mkdtemp(prefix="childplan-scripts-")
    os.environ.update(
        CHILDPLAN_DATA=str(store),
        CHILDPLAN_USERS=str(Path(tmp) / "users.json"),
        CHILDPLAN_AUDIT_LOG=str(Path(tmp) / "audit.jsonl"),
        CHILDPLAN_AUTH="local",
    )

    def session(page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        at.session_state["childplan_user"] = open_session(leader)
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    pages = [
        routes.OVERVIEW_PAGE,
        *routes.SECTION_PAGES.values(),
        *routes.OPTIONAL_PAGES,
    ]
    groups = None
    first, changes = {}, {}
    for i, page in enumerate(pages):
        start = time.perf_counter()
        at = session(None if page == routes.OVERVIEW_PAGE else page)
        first[page] = time.perf_counter() - start
        groups = groups or at.multiselect(key="groups").options
        times = []
        for k in range(FILTERS):  # groups no page has been drawn for yet
            n = 1 + (i * FILTERS + k) % 7
            chosen = groups[(i * FILTERS + k) * 7 % len(groups) :][:n]
            at.multiselect(key="groups").set_value(list(chosen))
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        changes[page] = times
    sessions = []
    for k in range(SESSIONS):
        at = session()
        at.multiselect(key="groups").set_value([groups[(k * 37 + 11) % len(groups)]])
        at.run()
        sessions.append(at)
    return {
        "first": first,
        "changes": changes,
        "sessions": len(sessions),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(store: Path) -> bool:
    r = in_subprocess("bench.scripts", str(store), what="page script")
    ok = True
    print(f"\npage script times, {store.name} (AppTest, a leader):")
    for page, times in r["changes"].items():
        worst = max(times)
        met = worst <= GOAL_SECONDS
        ok &= met
        print(
            f"  {Path(page).stem:<16} first {r['first'][page]:6.2f} s  filter change "
            f"median {statistics.median(times) * 1000:5.0f} ms, worst "
            f"{worst * 1000:5.0f} ms  goal <= {GOAL_SECONDS * 1000:.0f} ms  "
            f"{'met' if met else 'MISSED'}"
        )
    met = r["peak_mb"] <= GOAL_SESSIONS_MB
    ok &= met
    print(
        f"  {r['sessions']} sessions in one server process: peak {r['peak_mb']:.0f} MB"
        f"  goal <= {GOAL_SESSIONS_MB} MB  {'met' if met else 'MISSED'}"
    )
    return ok


if __name__ == "__main__":
    print(json.dumps(_measure(Path(sys.argv[1]))))
