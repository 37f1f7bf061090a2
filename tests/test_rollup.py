"""The rollup (issue 13): the counts written when a snapshot is published
give exactly what the child rows give, and a store never serves targets
from rollups that are missing or stale.

The oracle here is the audit path: queries/measure_counts.sql run over the
whole store's child rows at query time (`Database(raw=True)`), which is not
how a rollup is made (one snapshot's tables, in memory, while it is being
published: a snapshot counted with other snapshots around it, bit masks
over 1..n snapshots, a replaced snapshot, a group that comes and goes, must
all come out the same). The definitions themselves are checked against
hand-computed values and a pandas implementation elsewhere
(tests/test_indicators*.py, which now run on the rollups).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childplan.indicators import targets as indicators
from childplan.indicators.plan import load_plan
from childplan.paths import REPO_DIR, SAMPLE_DIR
from childplan.store import engine, rollup
from childplan.store.db import Database, RollupsStale
from childplan.store.snapshots import Store
from tests.apptest_tools import open_dashboard
from tests.snapshot_builder import (
    assessment_rows,
    build_store,
    child,
    household,
    incident,
    officer,
    policy,
    snapshot_tables,
    tree_digest,
)

PLAN = load_plan(2024)
GROUPS = ("T1", "T2", "Tổ Đông")
DAYS = (
    dt.date(2023, 6, 30),
    dt.date(2023, 12, 31),
    dt.date(2024, 2, 29),
    dt.date(2024, 12, 31),
    dt.date(2025, 1, 31),
)


def both(root: Path) -> tuple[Database, Database]:
    store = Store.open(root)
    return Database(store), Database(store, raw=True)


def assert_same_everywhere(root: Path, groups_alone: int = 99, days_step: int = 1):
    """Every target, at every snapshot, for the town, each group alone (the
    first `groups_alone`), a pair of groups, by group (every `days_step`th
    snapshot and the last), and the years' figures: rollup = raw."""
    fast, raw = both(root)
    assert not fast.stale_rollups
    groups = indicators.residential_groups(raw)
    filters = [(), *((g,) for g in groups[:groups_alone]), tuple(groups[-2:])]
    for chosen in filters:
        pd.testing.assert_frame_equal(
            indicators.series(fast, PLAN, chosen), indicators.series(raw, PLAN, chosen)
        )
        pd.testing.assert_frame_equal(
            indicators.yearly(fast, PLAN, None, chosen),
            indicators.yearly(raw, PLAN, None, chosen),
        )
    days = indicators.snapshot_dates(raw)
    for day in sorted({*days[::days_step], days[-1]}):
        pd.testing.assert_frame_equal(
            indicators.by_group_targets(fast, PLAN, PLAN.targets, day),
            indicators.by_group_targets(raw, PLAN, PLAN.targets, day),
        )


def stored_rollups(root: Path) -> pd.DataFrame:
    """Every published rollup file's rows, as written."""
    files = sorted(root.glob("snapshots/*/rollup.parquet"))
    return _sorted(pd.concat([pq.read_table(f).to_pandas() for f in files]))


def raw_counts(root: Path) -> pd.DataFrame:
    """queries/measure_counts.sql over the whole store at once."""
    db = Database(Store.open(root), raw=True)
    with db._con.cursor() as cur:
        sql = engine.load_sql(rollup.QUERY)
        params = {"date_from": None, "date_to": None, **rollup.constants()}
        table = cur.sql(sql, params=engine.bind(rollup.QUERY, params))
        return _sorted(table.to_arrow_table().cast(rollup.SCHEMA).to_pandas())


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    keys = ["snapshot_date", "residential_group"]
    return frame.sort_values(keys, na_position="first").reset_index(drop=True)


# --- random stores ------------------------------------------------------------

dates_between = st.dates(dt.date(2008, 1, 1), dt.date(2025, 1, 31))
flag = st.sampled_from([True, False, None])


def _years_before(day: dt.date, years: int) -> dt.date:
    """`day` `years` years earlier, 29 February falling to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth_dates(day: dt.date):
    """Any birth date up to `day`, and often one on an age boundary the
    targets use (aged <= 8, aged >= 7, 6-8 years: a day either side of the
    7th, 8th and 9th birthdays at `day`), which a uniform draw rarely hits."""
    edges = [
        _years_before(day, years) + dt.timedelta(days=shift)
        for years in (7, 8, 9)
        for shift in (-1, 0, 1)
    ]
    return st.one_of(st.dates(dt.date(2006, 1, 1), day), st.sampled_from(edges))


@st.composite
def snapshot_rows(draw, day: dt.date) -> dict:
    groups = draw(st.lists(st.sampled_from(GROUPS), min_size=1, unique=True))
    households = [f"h{i}" for i in range(draw(st.integers(1, 4)))]
    children = [
        child(
            f"c{i}",
            draw(st.sampled_from(groups)),
            draw(birth_dates(day)).isoformat(),
            household_id=draw(st.sampled_from(households)),
            special_groups=draw(st.sampled_from(["", "d", "a", "a;d", "d;b", None])),
            special_supported=draw(flag),
            ecd_services=draw(flag),
            disability_services=draw(flag),
            disability_integration=draw(flag),
            consulted=draw(flag),
        )
        for i in range(draw(st.integers(0, 7)))
    ]
    tables: dict = {
        "residential_groups": [{"residential_group": g} for g in groups],
        "children": children,
        "households": [
            household(
                h,
                draw(st.sampled_from(groups)),
                protection_knowledge=draw(flag),
                labour_info=draw(flag),
                ecd_knowledge=draw(flag),
                disability_knowledge=draw(flag),
            )
            for h in households
            if draw(st.booleans())
        ],
        "incidents": [
            incident(
                kind,
                draw(st.sampled_from(groups)),
                draw(st.dates(dt.date(2022, 6, 1), day)).isoformat(),
                fatal=draw(flag),
                cause=draw(st.sampled_from(["drowning", "fall", "traffic", None])),
                reported_on=draw(st.none() | st.dates(dt.date(2022, 6, 1), day)),
                supported_timely=draw(flag),
            )
            for kind in draw(
                st.lists(
                    st.sampled_from(
                        ["injury", "hiv", "labour", "trafficking", "abuse"]
                    ),
                    max_size=6,
                )
            )
        ],
    }
    if draw(st.booleans()):
        tables["officers"] = [
            officer(
                f"o{i}",
                level,
                draw(st.sampled_from(groups)) if level == "group" else None,
                trained=draw(flag),
            )
            for i, level in enumerate(
                draw(st.lists(st.sampled_from(["town", "group"]), max_size=4))
            )
        ]
    if draw(st.booleans()):
        tables["policies"] = [
            policy(f"p{i}", draw(st.dates(dt.date(2022, 6, 1), day)).isoformat(), c)
            for i, c in enumerate(draw(st.lists(flag, max_size=3)))
        ]
    if draw(st.booleans()):
        year = draw(st.integers(day.year - 1, day.year + 1))
        scores = draw(st.lists(st.sampled_from([0, 50, 65.3, 66.4, 70]), max_size=14))
        tables["assessments"] = assessment_rows(year, scores)
    return tables


@st.composite
def stores(draw) -> dict:
    days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
    return {day: draw(snapshot_rows(day)) for day in sorted(days)}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(snapshots=stores())
def test_rollup_equals_raw_on_random_stores(tmp_path_factory, snapshots):
    root = build_store(tmp_path_factory.mktemp("random") / "store", snapshots)
    pd.testing.assert_frame_equal(stored_rollups(root), raw_counts(root))
    assert_same_everywhere(root)


def test_rollup_equals_raw_on_the_sample_town():
    assert_same_everywhere(SAMPLE_DIR, groups_alone=3, days_step=6)


def test_rollup_rows_of_a_small_snapshot_by_hand(tmp_path):
    # T1: two children (one disabled and served), one household with both,
    # informed; an injury death by drowning on 10 Jan 2024 (inside both
    # windows at 29 Feb 2024) and one on 15 Dec 2023 (12 months only).
    root = build_store(
        tmp_path / "store",
        {
            "2024-02-29": {
                "children": [
                    child("a", "T1", "2020-03-01", household_id="h", ecd_services=True),
                    child(
                        "b",
                        "T1",
                        "2012-05-05",
                        household_id="h",
                        special_groups="d",
                        disability_services=True,
                    ),
                ],
                "households": [household("h", "T1", disability_knowledge=True)],
                "incidents": [
                    incident(
                        "injury", "T1", "2024-01-10", fatal=True, cause="drowning"
                    ),
                    incident("injury", "T1", "2023-12-15", fatal=False, cause="fall"),
                ],
            }
        },
    )
    rows = stored_rollups(root)
    # the town's row (no group) first, then T1's
    assert rows["residential_group"].isna().tolist() == [True, False]
    assert rows["residential_group"].iloc[1] == "T1"
    town, t1 = (
        dict(zip(rows.columns, r, strict=True)) for r in rows.itertuples(index=False)
    )
    assert {c: t1[c] for c in rollup.COUNT_COLUMNS if t1[c]} == {
        "children": 2,
        "hcdb_children": 1,  # b, disabled
        "young_children": 1,  # a is 3; b is 11
        "young_ecd": 1,
        "disabled_children": 1,
        "disabled_services": 1,
        "children_7_plus": 1,  # b
        "households": 1,
        "young_households": 1,
        "disabled_households": 1,
        "disabled_households_informed": 1,
        "injuries_12m": 2,
        "injury_deaths_12m": 1,
        "drowning_deaths_12m": 1,
        "injuries_ytd": 1,  # 15 Dec 2023 is last year
        "injury_deaths_ytd": 1,
        "drowning_deaths_ytd": 1,
    }
    assert not any(town[c] for c in rollup.COUNT_COLUMNS)  # no officer, no policy
    assert town["score_total"] is None or pd.isna(town["score_total"])


def test_a_group_that_comes_and_goes_and_a_replaced_snapshot(tmp_path):
    def day_rows(groups, informed):
        return {
            "children": [
                child(f"c{g}", g, "2019-01-01", household_id=f"h{g}") for g in groups
            ],
            "households": [
                household(f"h{g}", g, protection_knowledge=informed) for g in groups
            ],
            "incidents": [incident("injury", groups[-1], "2024-01-05")],
        }

    root = build_store(
        tmp_path / "store",
        {
            "2023-12-31": day_rows(["T1"], True),
            "2024-02-29": day_rows(["T1", "T2"], False),
            "2024-12-31": day_rows(["T2"], True),
        },
    )
    assert_same_everywhere(root)
    before = stored_rollups(root)
    store = Store.open(root)
    replaced = day_rows(["T1", "Tổ Đông"], True)
    store.publish(
        dt.date(2024, 2, 29), snapshot_tables("2024-02-29", replaced), replace=True
    )
    after = stored_rollups(root)
    assert not after.equals(before)
    assert set(
        after[after["snapshot_date"] == dt.date(2024, 2, 29)][
            "residential_group"
        ].dropna()
    ) == {"T1", "Tổ Đông"}
    pd.testing.assert_frame_equal(after, raw_counts(root))
    assert_same_everywhere(root)


def test_a_snapshot_with_no_child_and_one_group(tmp_path):
    root = build_store(
        tmp_path / "store",
        {"2024-12-31": {"residential_groups": [{"residential_group": "T1"}]}},
    )
    fast, raw = both(root)
    a = indicators.series(fast, PLAN)
    pd.testing.assert_frame_equal(a, indicators.series(raw, PLAN))
    assert set(a["status"]) <= {"no_data", "no_cases", "met"}


# --- a publish that fails leaves neither -----------------------------------------


@pytest.mark.parametrize("where", ["rollup", "manifest"])
def test_a_publish_failing_midway_leaves_neither_snapshot_nor_rollup(
    tmp_path, monkeypatch, where
):
    from childplan.store import snapshots as snapshots_module

    root = build_store(
        tmp_path / "store",
        {"2024-06-30": {"children": [child("a", "T1", "2019-01-01")]}},
    )
    before = tree_digest(root)
    if where == "rollup":

        def broken(table, path):
            path.write_bytes(b"half a file")
            raise OSError("disk full")

        monkeypatch.setattr(rollup, "write", broken)
    else:
        real = snapshots_module._write_durable

        def broken(table, path):
            if path.name == "manifest.parquet":
                raise OSError("disk full")
            real(table, path)

        monkeypatch.setattr(snapshots_module, "_write_durable", broken)
    tables = snapshot_tables(
        "2024-12-31", {"children": [child("b", "T2", "2020-01-01")]}
    )
    with pytest.raises(OSError, match="disk full"):
        Store.open(root).publish(dt.date(2024, 12, 31), tables)
    assert tree_digest(root) == before  # no snapshot, no rollup, no staging


def test_a_rollup_that_cannot_be_computed_publishes_nothing(tmp_path, monkeypatch):
    def broken(day, tables):
        raise MemoryError("out of memory")

    monkeypatch.setattr(rollup, "for_tables", broken)
    tables = snapshot_tables(
        "2024-12-31", {"children": [child("b", "T2", "2020-01-01")]}
    )
    store = Store.open_or_create(tmp_path / "new")
    with pytest.raises(MemoryError):
        store.publish(dt.date(2024, 12, 31), tables)
    assert not (tmp_path / "new").exists()


# --- stale rollups ---------------------------------------------------------------


@pytest.fixture
def town(tmp_path) -> Path:
    root = tmp_path / "town"
    shutil.copytree(SAMPLE_DIR, root)
    return root


def test_a_definition_change_makes_every_rollup_stale(town, monkeypatch):
    assert Store.open(town).stale_rollups() == []
    text = engine.load_sql(rollup.QUERY)
    changed = text.replace(
        "count(*) filter (where is_hcdb) as hcdb_children",
        "count(*) filter (where is_hcdb and true) as hcdb_children",
    )
    assert changed != text

    def load(name):
        return changed if name == rollup.QUERY else text_of(name)

    text_of = engine.load_sql
    monkeypatch.setattr(engine, "load_sql", load)
    rollup.definitions_version.cache_clear()
    try:
        stale = Store.open(town).stale_rollups()
        assert len(stale) == 48
        db = Database(Store.open(town))
        with pytest.raises(RollupsStale, match=r"python -m childplan rollup --data"):
            indicators.series(db, PLAN)
        # the raw path and the other queries still answer
        assert len(indicators.series(Database(Store.open(town), raw=True), PLAN))
        assert indicators.snapshot_dates(db)
        assert (
            Store.open(town).rebuild_rollups() and not Store.open(town).stale_rollups()
        )
    finally:
        rollup.definitions_version.cache_clear()


def test_a_reworded_comment_or_a_reflowed_line_stales_nothing():
    text = engine.load_sql(rollup.QUERY)
    version = rollup.definitions_version()
    reworded = text.replace("-- one row per", "-- a row for each", 1).replace(
        "    select\n        snapshot_date,", "    select snapshot_date,", 1
    )
    assert reworded != text
    assert rollup.statement(reworded) == rollup.statement(text)
    changed = text.replace("count(*) as children", "count(*) - 0 as children", 1)
    assert rollup.statement(changed) != rollup.statement(text)
    assert rollup.definitions_version() == version


def test_a_missing_or_damaged_rollup_is_stale(town):
    (town / "snapshots/2023-05-31/rollup.parquet").unlink()
    (town / "snapshots/2024-12-31/rollup.parquet").write_bytes(b"PAR1 broken")
    stale = [s.snapshot_date for s in Store.open(town).stale_rollups()]
    assert stale == [dt.date(2023, 5, 31), dt.date(2024, 12, 31)]
    with pytest.raises(RollupsStale) as info:
        indicators.scorecard(Database(Store.open(town)), PLAN, 2024)
    assert "2 kỳ chốt (31/05/2023, 31/12/2024)" in str(info.value)


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "childplan", *args],
        cwd=REPO_DIR,
        capture_output=True,
        check=False,
    )


def test_the_rollup_command_rebuilds_what_is_stale_and_nothing_else(town):
    (town / "snapshots/2023-05-31/rollup.parquet").unlink()
    kept = (town / "snapshots/2024-12-31/rollup.parquet").stat().st_mtime_ns
    refused = _cli("indicators", "--data", str(town))
    assert refused.returncode == 1 and refused.stdout == b""
    assert "python -m childplan rollup --data" in refused.stderr.decode()
    done = _cli("rollup", "--data", str(town))
    assert done.returncode == 0, done.stderr
    assert "1 kỳ chốt (31/05/2023)" in done.stdout.decode()
    assert (town / "snapshots/2024-12-31/rollup.parquet").stat().st_mtime_ns == kept
    assert (
        _cli("rollup", "--data", str(town))
        .stdout.decode()
        .startswith("Số liệu tổng hợp của mọi kỳ chốt")
    )
    pd.testing.assert_frame_equal(stored_rollups(town), stored_rollups(SAMPLE_DIR))


def test_the_cli_prints_the_same_bytes_with_and_without_raw(town):
    for args in (
        ("indicators",),
        (
            "indicators",
            "--group",
            "Tổ dân phố Bắc Hưng",
            "--group",
            "Tổ dân phố Đông Hưng",
        ),
        ("scorecard",),
        ("scorecard", "--year", "2023", "--group", "Tổ dân phố Đồng Tâm"),
    ):
        fast = _cli(*args, "--data", str(town))
        raw = _cli(*args, "--data", str(town), "--raw")
        assert fast.returncode == raw.returncode == 0, fast.stderr + raw.stderr
        assert len(fast.stdout) > 500
        assert fast.stdout == raw.stdout, args


def test_the_dashboard_on_a_store_without_rollups_says_what_to_run(
    town, tmp_path, monkeypatch
):
    for f in town.glob("snapshots/*/rollup.parquet"):
        f.unlink()
    at = open_dashboard(monkeypatch, tmp_path, town)
    assert not at.metric and not at.get("plotly_chart")
    [error] = [e.value for e in at.error]
    assert "48 kỳ chốt" in error
    assert f"python -m childplan rollup --data {town}" in error
