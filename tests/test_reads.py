"""The cached reads behind the pages (childplan.app.reads) against the
query layer read directly: a read that takes a shortcut must still give
what the query gives.

`groups_shown` reads one target's groups off the groups grid (one query
for every target) instead of asking the query layer per target
(indicators.by_group): on the sample town, at two snapshots, for every
target a meeting compares by group, with no filter and with groups chosen,
the two are the same frame.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from childplan.app import reads
from childplan.disclosure import rules
from childplan.indicators import stats
from childplan.indicators import targets as indicators
from childplan.present import group_grid
from childplan.store.db import get_database
from childplan.store.snapshots import Store

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
YEAR = 2024


@pytest.fixture(scope="module")
def store():
    store = Store.open(SAMPLE)
    return str(store.root), store.fingerprint()


def views(db, when: str) -> tuple:
    """(the snapshot, every group, the filters tried): the year's last
    snapshot or one mid-year; no filter, three groups out of order, one."""
    dates = [d for d in indicators.snapshot_dates(db) if d.year == YEAR]
    day = dates[-1] if when == "year_end" else dates[len(dates) // 2]
    groups = indicators.residential_groups(db)
    return day, groups, ((), (groups[-1], groups[0], groups[5]), (groups[3],))


@pytest.mark.parametrize("when", ["year_end", "mid_year"])
def test_groups_shown_equals_the_per_target_query(store, when):
    root, fingerprint = store
    db = get_database(root)
    plan = reads.year_plan(YEAR)
    day, all_groups, filters = views(db, when)
    compared = [x for x in plan.targets if rules.shows_groups(x)]
    assert len(compared) >= 10
    for target in compared:
        for groups in filters:
            shown = reads.groups_shown(root, fingerprint, YEAR, target.id, day, groups)
            direct = indicators.by_group(db, plan, target.id, day, groups)
            assert len(direct) == (len(groups) or len(all_groups))
            pd.testing.assert_frame_equal(shown, direct, check_exact=True)


def test_groups_shown_refuses_a_target_not_compared_by_group(store):
    root, fingerprint = store
    plan = reads.year_plan(YEAR)
    hidden = [x for x in plan.targets if not rules.shows_groups(x)]
    assert hidden
    day = indicators.snapshot_dates(get_database(root))[-1]
    for target in hidden:
        with pytest.raises(PermissionError):
            reads.groups_shown(root, fingerprint, YEAR, target.id, day, ())


@pytest.mark.parametrize("when", ["year_end", "mid_year"])
def test_funnel_placed_equals_placing_the_chosen_groups_alone(store, when):
    """The funnel's placing is cut from every group's, placed once: it must
    be what placing the chosen groups alone gives (stats.funnel_outliers on
    their rows), in the filter's order, for every target with a funnel."""
    root, fingerprint = store
    db = get_database(root)
    plan = reads.year_plan(YEAR)
    day, all_groups, filters = views(db, when)
    funnels = [x for x in plan.targets if rules.shows_groups(x) and stats.has_funnel(x)]
    assert len(funnels) >= 6
    for target in funnels:
        for groups in filters:
            placed = reads.funnel_placed(
                root, fingerprint, YEAR, target.id, day, groups
            )
            rows = indicators.by_group(db, plan, target.id, day, groups)
            alone = stats.funnel_outliers(
                rows[rows["value"].notna() & (rows["denominator"] > 0)], target
            )
            assert list(placed["residential_group"]) == list(alone["residential_group"])
            pd.testing.assert_frame_equal(placed, alone, check_exact=True)


def test_the_kept_grid_order_draws_the_grid_computed_afresh(store):
    """The pages hand grid_html the groups' order kept per store version
    (reads.grid_order); the table must be the one grid_html orders itself,
    on the overview's grid and every section's, cut to 5 groups or whole,
    with groups chosen or none."""
    root, fingerprint = store
    db = get_database(root)
    plan = reads.year_plan(YEAR)
    day, groups, _ = views(db, "year_end")
    drawn = 0
    for section in (None, *range(3, 11)):
        targets = rules.grid_targets(plan, section)
        if not targets:
            continue
        cells = reads.grid_cells(root, fingerprint, YEAR, day, section)
        every = reads.grid_order(root, fingerprint, YEAR, day, section)
        for chosen, limit in (((), None), ((groups[-1],), 5), ((), 5)):
            kept = group_grid.grid_html(cells, targets, "vi", chosen, limit, every)
            afresh = group_grid.grid_html(cells, targets, "vi", chosen, limit)
            assert kept == afresh, (section, chosen, limit)
            drawn += 1
    assert drawn >= 15
