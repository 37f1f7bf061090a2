"""Load held (issue #6, item 6): 20 sessions at once, each logging in,
choosing its own residential groups and downloading the scorecard, with no
error and exactly the numbers and bytes one session alone gets.

AppTest sessions in threads: one Streamlit process, one DuckDB connection
(a cursor per query), shared st.cache_data caches and one audit log, as on
the server. The caches are cleared between the single-session runs and the
concurrent ones, so the 20 sessions compute at the same time.
"""

from __future__ import annotations

import itertools
import json
import threading

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from childplan import db as dbmodule
from tests.apptest_tools import download_bytes, thread_local_runtime
from tests.snapshot_builder import build_store, child, household, incident

GROUPS = ["Đức Thịnh", "Hòa Sơn", "Tổ 3", "Tổ 4", "Tổ 5"]
# 20 different filters: every group alone, every pair, five triples
FILTERS = ([[g] for g in GROUPS]
           + [list(p) for p in itertools.combinations(GROUPS, 2)]
           + [list(p) for p in itertools.combinations(GROUPS, 3)][:5])
SESSIONS = 20


def snapshot(year: int) -> dict:
    children, households, incidents = [], [], []
    for g, group in enumerate(GROUPS):
        for i in range(8 + 3 * g):
            cid = f"{g}-{i}"
            children.append(child(cid, group, "2016-06-01" if i % 2 else
                                  "2011-02-02", special_groups="d" if i < g
                                  else None, ecd_services=i % 3 == 0,
                                  consulted=i % 2 == 0))
            households.append(household(f"h-{cid}", group,
                                        protection_knowledge=i % 4 != 0,
                                        labour_info=i % 3 != 0))
        for k in range(g + (year - 2023)):
            incidents.append(incident("injury", group, f"{year}-0{k + 1}-10",
                                      cause="fall", fatal=k == 2,
                                      place="home"))
        if g % 2:
            incidents.append(incident("hiv", group, f"{year}-03-01"))
    return {"children": children, "households": households,
            "incidents": incidents}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("load") / "store"
    return build_store(root, {"2023-12-31": snapshot(2023),
                              "2024-12-31": snapshot(2024)}, simulated=True)


def clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    dbmodule._database.cache_clear()


def session(groups: list[str]) -> tuple[list[str], bytes]:
    """Log in with the form, choose the groups, download the scorecard."""
    at = AppTest.from_file("../dashboard.py", default_timeout=120).run()
    at.text_input[0].input("demo")
    at.text_input[1].input("demo")
    at.button[0].click().run()
    at.multiselect(key="groups").set_value(groups).run()
    assert not at.exception, at.exception
    assert at.multiselect(key="groups").value == groups
    return ([m.value for m in at.metric],
            download_bytes(at, "download_scorecard"))


def test_twenty_sessions_at_once_see_what_one_sees(store, tmp_path,
                                                   monkeypatch):
    monkeypatch.setenv("CHILDPLAN_DATA", str(store))
    monkeypatch.setenv("CHILDPLAN_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("CHILDPLAN_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("CHILDPLAN_AUTH", "local")
    assert len(FILTERS) == SESSIONS
    assert len({tuple(f) for f in FILTERS}) == SESSIONS
    with thread_local_runtime():
        clear_caches()
        alone = [session(f) for f in FILTERS]
        clear_caches()
        results: list = [None] * SESSIONS
        errors: list = []
        start = threading.Barrier(SESSIONS)

        def run(i: int) -> None:
            try:
                start.wait()
                results[i] = session(FILTERS[i])
            except BaseException as exc:     # reported below, with its index
                errors.append((i, repr(exc)))

        threads = [threading.Thread(target=run, args=(i,))
                   for i in range(SESSIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    clear_caches()
    assert errors == []
    assert results == alone
    # the filters did something: not every session saw the same numbers
    assert len({tuple(r[0]) for r in results}) > 1
    events = [json.loads(line) for line in (tmp_path / "audit.jsonl")
              .read_text(encoding="utf-8").splitlines()]
    downloads = [e for e in events if e["event"] == "download"]
    assert len(downloads) == 2 * SESSIONS
    assert sorted(tuple(e["filters"]["groups"]) for e in downloads) == sorted(
        tuple(f) for f in FILTERS * 2)
