"""Cached reads: plain values in, DataFrames out, keyed on the store.

Every function takes the store's root and fingerprint first: a new snapshot
changes the fingerprint, so nobody is served stale numbers. What they return
is what may be shown (childplan.disclosure decides), so their caches hold
nothing a role may not see; the officers' details check the role again.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from childplan.disclosure import rules
from childplan.disclosure.roles import may
from childplan.indicators import early_warnings, injury_report, quality
from childplan.indicators import targets as indicators
from childplan.indicators.plan import Plan, plan_for_year
from childplan.present import group_charts, group_grid
from childplan.present.charts import short_names
from childplan.store.db import get_database


@st.cache_resource(show_spinner=False)
def year_plan(year: int) -> Plan:
    """plans/YEAR.toml, else the latest plan (childplan.indicators.plan)."""
    return plan_for_year(year)


@st.cache_data(show_spinner=False, max_entries=64)
def store_facts(root: str, fingerprint: tuple) -> dict:
    db = get_database(root)
    return {
        "groups": indicators.residential_groups(db),
        "dates": indicators.snapshot_dates(db),
        "simulated": db.is_simulated,
        "problems": [(p.snapshot_date, p.reason) for p in db.snapshot_problems()],
        "stale_rollups": list(db.stale_rollups),
    }


# The meeting view (childplan.disclosure.rules): what these return may be
# shown to every role, so their caches hold nothing a role may not see.
@st.cache_data(show_spinner=False, max_entries=16)
def town_yearly(root, fingerprint, year) -> pd.DataFrame:
    """The town's figure of every plan year for the sensitive targets: the
    only form in which a meeting sees them. Once per store version."""
    db, plan = get_database(root), year_plan(year)
    return indicators.yearly(db, plan, rules.sensitive_targets(plan))


@st.cache_data(show_spinner=False, max_entries=256)
def _every_snapshot(root, fingerprint, year, groups) -> pd.DataFrame:
    """Every target at every snapshot for the chosen groups: one query per
    filter, from which the scorecard and the trend are both cut. Sensitive
    targets are emptied here already (the meeting sees them only as the
    town's yearly figure, which the two below put in)."""
    db, plan = get_database(root), year_plan(year)
    return rules.blank_sensitive(indicators.series(db, plan, groups), plan)


@st.cache_data(show_spinner=False, max_entries=256)
def scorecard(root, fingerprint, year, groups) -> pd.DataFrame:
    plan = year_plan(year)
    values = _every_snapshot(root, fingerprint, year, groups)
    card = indicators.scorecard_of(values, year)
    return rules.meeting_scorecard(
        card, town_yearly(root, fingerprint, year), plan, year
    )


@st.cache_data(show_spinner=False, max_entries=256)
def series(root, fingerprint, year, groups, date_from, date_to) -> pd.DataFrame:
    plan = year_plan(year)
    values = _every_snapshot(root, fingerprint, year, groups)
    if date_from is not None:
        values = values[values["snapshot_date"] >= date_from]
    if date_to is not None:
        values = values[values["snapshot_date"] <= date_to]
    return rules.meeting_series(
        values.reset_index(drop=True),
        town_yearly(root, fingerprint, year),
        plan,
        date_from,
        date_to,
    )


@st.cache_data(show_spinner=False, max_entries=1024)
def groups_shown(root, fingerprint, year, target_id, day, groups) -> pd.DataFrame:
    """The residential groups a meeting compares on a target (the chosen
    ones; all when none is): none for a sensitive or town-wide target.
    Read off the groups grid of `day` -- a group's row is the same whatever
    else is chosen -- so every target's groups cost one query, shared with
    the grid, not one each."""
    plan = year_plan(year)
    if not rules.shows_groups(plan.target(target_id)):
        raise PermissionError(f"{target_id} is not compared by group")
    grid = groups_grid(root, fingerprint, year, day)
    rows = grid[grid["target_id"] == target_id]
    if groups:
        rows = rows[rows["residential_group"].isin(groups)]
    return rows.drop(columns="target_id").reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=1024)
def funnel_placed(root, fingerprint, year, target_id, day, groups) -> pd.DataFrame:
    """The chosen groups of a target placed against its funnel: what
    group_charts.funnel_groups gives on groups_shown(...), cut from every
    group's placing, computed once per store version. A group's place
    depends on its own counts alone, so a filter needs no new exact test
    (at province scale 6-10 ms of scipy per target and click)."""
    every = _every_group_placed(root, fingerprint, year, target_id, day)
    shown = groups_shown(root, fingerprint, year, target_id, day, groups)
    return group_charts.placed_of(every, shown)


@st.cache_data(show_spinner=False, max_entries=256)
def _every_group_placed(root, fingerprint, year, target_id, day) -> pd.DataFrame:
    target = year_plan(year).target(target_id)
    every = groups_shown(root, fingerprint, year, target_id, day, ())
    return group_charts.funnel_groups(every, target)


@st.cache_data(show_spinner=False, max_entries=64)
def groups_grid(root, fingerprint, year, day) -> pd.DataFrame:
    """Every residential group on every target a meeting compares by group
    (disclosure.rules.grid_targets) at `day`, all groups whatever the
    filter: the grid is where a group is chosen."""
    db, plan = get_database(root), year_plan(year)
    return indicators.by_group_targets(db, plan, rules.grid_targets(plan), day)


@st.cache_data(show_spinner=False, max_entries=64)
def grid_group_names(root, fingerprint, year, day) -> dict[str, str]:
    """Every group of the grid at `day`, in the grid's order, with the name
    the grid's "Xem tổ:" box shows (charts.short_names): once per store
    version, not 1,500 names per click at province scale."""
    names = groups_grid(root, fingerprint, year, day)["residential_group"]
    groups = names.unique().tolist()
    return dict(zip(groups, short_names(groups), strict=True))


@st.cache_data(show_spinner=False, max_entries=64)
def grid_cells(root, fingerprint, year, day, section_no) -> pd.DataFrame:
    """The groups grid's cells at `day` (group_grid.grid_cells: the town's
    row, every group's value, status and funnel mark) on the targets of
    section `section_no`, or all when None: once per store version, shared
    by the overview, the section pages, the deck and the printed report.
    (`section_no` has no default: a call that left it out would be cached
    apart from one that passed None.)"""
    plan = year_plan(year)
    return group_grid.grid_cells(
        groups_grid(root, fingerprint, year, day),
        scorecard(root, fingerprint, year, ()),
        rules.grid_targets(plan, section_no),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def grid_order(root, fingerprint, year, day, section_no) -> pd.DataFrame:
    """group_grid.grid_rows of grid_cells(...): the grid's groups in its
    order, most targets missed first. It depends on the cells only, so
    once per store version (a groupby over 18,000 cells at province)."""
    return group_grid.grid_rows(grid_cells(root, fingerprint, year, day, section_no))


@st.cache_data(show_spinner=False, max_entries=256)
def injury_breakdown(root, fingerprint, year) -> pd.DataFrame:
    """The town's injury breakdown of the year as a meeting sees it."""
    breakdown = indicators.injury_breakdown(get_database(root), year, ())
    return rules.meeting_breakdown(breakdown)


# --- officers only: sensitive targets by group and snapshot, exactly --------
@st.cache_data(show_spinner=False, max_entries=256)
def sensitive_detail(
    root, fingerprint, year, target_id, groups, date_from, date_to, day, role
) -> dict[str, pd.DataFrame]:
    """OFFICERS ONLY: a sensitive target's every snapshot for the chosen
    groups and its residential groups at `day`, exact. The role is part of
    the cache key and checked here: a cached result is never handed to a
    role that may not see it."""
    if not may(role, "sensitive_detail"):
        raise PermissionError(f"role {role!r} may not see sensitive detail")
    db, plan = get_database(root), year_plan(year)
    series = indicators.series(db, plan, groups, date_from, date_to)
    return {
        "series": series[series["target_id"] == target_id].reset_index(drop=True),
        "by_group": indicators.by_group(db, plan, target_id, day, groups),
    }


# --- officers only: the quarterly injury report (issue 12, item 4) -----------
@st.cache_data(show_spinner=False, max_entries=64)
def injury_quarter(root, fingerprint, quarter, role):
    """OFFICERS ONLY: a quarter's injury report, exact counts by cause, sex,
    age band and place (None when no snapshot covers it). The role is part
    of the cache key and checked here, as for the sensitive detail."""
    if not may(role, "sensitive_detail"):
        raise PermissionError(f"role {role!r} may not see the injury report")
    return injury_report.injury_quarter(get_database(root), quarter)


# --- early warning (overview, during an incomplete year) ----------------------
@st.cache_data(show_spinner=False, max_entries=256)
def outlook(root, fingerprint, year, groups) -> pd.DataFrame:
    return early_warnings.early_warnings(
        get_database(root), year_plan(year), year, groups
    )


# --- data-quality page -----------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def quality_findings(root, fingerprint) -> dict[str, pd.DataFrame]:
    """Every finding of childplan.indicators.quality, whole town, counts
    only, of the incidents a meeting may count (disclosure.rules)."""
    db, incidents = get_database(root), rules.meeting_incidents()
    return {
        "summary": quality.summary(db, (), incidents),
        "unknown_answers": quality.unknown_answers(db, (), incidents),
        "missing_groups": quality.missing_groups(db),
        "missing_months": quality.missing_months(db),
        "late_reports": quality.late_reports(db, (), incidents),
        "absent_children": quality.absent_children(db, (), incidents),
    }


@st.cache_data(show_spinner=False, max_entries=64)
def quality_details(root, fingerprint, day, role) -> dict[str, pd.DataFrame]:
    """OFFICERS ONLY: the pseudonymous ids behind the incident findings.
    The role is an argument, hence part of the cache key, and checked here
    too: a cached result is never handed to a role that may not see it."""
    if not may(role, "data_quality_details"):
        raise PermissionError(f"role {role!r} may not see the details")
    db = get_database(root)
    return {
        "late_report_details": quality.late_report_details(db, day),
        "absent_child_details": quality.absent_child_details(db, day),
    }
