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
from childplan.indicators import early_warnings, quality
from childplan.indicators import targets as indicators
from childplan.indicators.plan import Plan, plan_for_year
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
    }


# Under a group filter the sensitive counts go through the small-count rule
# (rules.suppressed_selection): these functions return only what may be
# shown, whoever asks, so their cache holds nothing a role may not see.
@st.cache_data(show_spinner=False, max_entries=256)
def scorecard(root, fingerprint, year, groups) -> pd.DataFrame:
    db, plan = get_database(root), year_plan(year)
    card = indicators.scorecard(db, plan, year, groups)
    if not groups or card.empty:
        return rules.suppressed_selection(card, card, plan, ())
    before = indicators.last_snapshot_of_year(db, year - 1)
    previous = (
        card.iloc[0:0]
        if before is None
        else indicators.series(db, plan, groups, before, before)
    )
    return rules.suppressed_scorecard(
        card, previous, town_hidden(root, fingerprint, year), plan, groups
    )


@st.cache_data(show_spinner=False, max_entries=256)
def series(root, fingerprint, year, groups, date_from, date_to) -> pd.DataFrame:
    db, plan = get_database(root), year_plan(year)
    values = indicators.series(db, plan, groups, date_from, date_to)
    if not groups:
        return rules.suppressed_selection(values, {}, plan, ())
    return rules.suppressed_selection(
        values, town_hidden(root, fingerprint, year), plan, groups
    )


@st.cache_data(show_spinner=False, max_entries=16)
def town_hidden(root, fingerprint, year) -> dict:
    """Which groups the town-wide by-group tables hide, per sensitive target
    and snapshot: the same for every filter, so computed once per store
    version (rules.hidden_groups)."""
    db, plan = get_database(root), year_plan(year)
    return rules.hidden_groups(
        indicators.sensitive_by_group(db, plan, None, None), plan
    )


@st.cache_data(show_spinner=False, max_entries=1024)
def by_group(root, fingerprint, year, target_id, day, groups) -> pd.DataFrame:
    return indicators.by_group(
        get_database(root), year_plan(year), target_id, day, groups
    )


@st.cache_data(show_spinner=False, max_entries=1024)
def groups_shown(root, fingerprint, year, target_id, day, groups) -> pd.DataFrame:
    target = year_plan(year).target(target_id)
    town = rules.suppressed_groups(
        by_group(root, fingerprint, year, target_id, day, ()), target
    )
    if not groups:
        return town
    return town[town["residential_group"].isin(groups)].reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=256)
def injury_breakdown(root, fingerprint, year, groups) -> pd.DataFrame:
    return indicators.injury_breakdown(get_database(root), year, groups)


# --- early warning (overview, during an incomplete year) ----------------------
@st.cache_data(show_spinner=False, max_entries=256)
def outlook(root, fingerprint, year, groups) -> pd.DataFrame:
    return early_warnings.early_warnings(
        get_database(root), year_plan(year), year, groups
    )


# --- data-quality page -----------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def quality_findings(root, fingerprint) -> dict[str, pd.DataFrame]:
    """Every finding of childplan.indicators.quality, whole town, counts only."""
    db = get_database(root)
    return {
        "summary": quality.summary(db),
        "unknown_answers": quality.unknown_answers(db),
        "missing_groups": quality.missing_groups(db),
        "missing_months": quality.missing_months(db),
        "late_reports": quality.late_reports(db),
        "absent_children": quality.absent_children(db),
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
