"""The SQL layer against an independent plain-pandas reading of targets.md.

bench/pandas_baseline.py computes every target with pandas from the same
Parquet files; on a simulated town (snapshots around 29 February 2024)
both must agree on every row, for the whole town and for a group filter,
and the per-group rows must add up to the town's.
"""

from __future__ import annotations

import math

import pytest

from bench import pandas_baseline
from childplan.indicators import targets as indicators
from childplan.indicators.plan import load_plan
from childplan.sample.simulate import simulate
from childplan.store.db import Database
from childplan.store.snapshots import Store

PLAN = load_plan(2024)
COLUMNS = [
    "target_id",
    "snapshot_date",
    "numerator",
    "denominator",
    "value",
    "threshold",
    "operator",
    "status",
]


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    root = tmp_path_factory.mktemp("sim") / "store"
    simulate(root, children=1200, groups=4, start="2023-11", end="2024-03", seed=7)
    return root


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def assert_same_rows(sql, pandas):
    left = [tuple(r) for r in sql[COLUMNS].itertuples(index=False)]
    right = [tuple(r) for r in pandas[COLUMNS].itertuples(index=False)]
    assert len(left) == len(right)
    for x, y in zip(left, right, strict=True):
        assert all(same(a, b) for a, b in zip(x, y, strict=True)), (x, y)


def test_sql_matches_pandas_for_the_whole_town(town):
    db = Database(Store.open(town))
    sql = indicators.series(db, PLAN)
    assert len(sql) == len(PLAN.targets) * 5
    assert_same_rows(sql, pandas_baseline.series(town, PLAN))


def test_sql_matches_pandas_for_two_groups(town):
    db = Database(Store.open(town))
    two = tuple(indicators.residential_groups(db)[:2])
    assert_same_rows(
        indicators.series(db, PLAN, two), pandas_baseline.series(town, PLAN, two)
    )


def test_groups_add_up_to_the_town(town):
    db = Database(Store.open(town))
    day = indicators.snapshot_dates(db)[-1]
    whole = indicators.series(db, PLAN, date_from=day, date_to=day)
    for target in PLAN.targets:
        if target.town_wide or target.measure == "officers_trained":
            continue  # town-level officers belong to no group
        parts = indicators.by_group(db, PLAN, target.id, day)
        row = whole[whole["target_id"] == target.id].iloc[0]
        assert parts["numerator"].sum() == row["numerator"], target.id
        if target.kind in ("share", "rate"):
            assert parts["denominator"].sum() == row["denominator"], target.id
