"""The data-quality view's questions: what in each snapshot needs a look.

Every function takes a `childplan.store.db.Database` and returns a DataFrame
straight from one query in queries/quality_*.sql (numbers are computed
there, never here). Functions ending in `_details` carry pseudonymous
identifiers (incident_id, child_id) and are for officers only: the page
must call them only for a signed-in officer. The others carry counts and
residential-group names only.

`groups` restricts to residential groups (empty = whole town) where a
finding is about rows that carry a group; missing groups and missing months
are about the whole series and take no filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from childplan.store.contract import DISABILITY_CODE, INCIDENT_KINDS, TABLES
from childplan.store.db import Database

# The thresholds of the findings, passed to the SQL as bound parameters
# (the queries hold no number of their own).
LATE_REPORT_DAYS = 30  # reported more than this after occurring
COUNT_CHANGE_PCT = 5  # children count moving more than this
THRESHOLDS = {"late_days": LATE_REPORT_DAYS, "change_share": COUNT_CHANGE_PCT / 100}


@dataclass(frozen=True)
class Incidents:
    """Which incidents the per-snapshot counts take in: the kinds, and
    whether deaths count. Who may see which is decided in
    childplan.disclosure.rules; by default, every incident."""

    kinds: tuple[str, ...] = INCIDENT_KINDS
    with_deaths: bool = True

    def params(self) -> dict:
        return {"kinds": list(self.kinds), "with_deaths": self.with_deaths}


ALL_INCIDENTS = Incidents()


def _groups(groups: Sequence[str]) -> list[str]:
    return [str(g) for g in groups]


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """DuckDB DATE columns as datetime.date objects (NaT -> None)."""
    for col in columns:
        frame[col] = [
            None if pd.isna(v) else pd.Timestamp(v).date() for v in frame[col]
        ]
    return frame


def unknown_answers(
    db: Database, groups: Sequence[str] = (), incidents: Incidents = ALL_INCIDENTS
) -> pd.DataFrame:
    """One row per snapshot per yes/no question of a table present.

    Columns: snapshot_date, table_name, column_name, label_vi (the column's
    Vietnamese label from the contract), asked_count (rows the question is
    asked of), unknown_count (left empty), unknown_pct (NaN when asked of
    no row).
    """
    frame = db.query(
        "quality_unknown_answers",
        groups=_groups(groups),
        disability_code=DISABILITY_CODE,
        **incidents.params(),
    )
    frame = _dates(frame, "snapshot_date")
    frame.insert(
        3,
        "label_vi",
        [
            TABLES[t].column(c).label_vi
            for t, c in zip(frame["table_name"], frame["column_name"], strict=True)
        ],
    )
    return frame


def children_count_changes(
    db: Database, groups: Sequence[str] = (), flagged_only: bool = False
) -> pd.DataFrame:
    """One row per snapshot: children_count and the change from the previous.

    Columns: snapshot_date, previous_snapshot_date, children_count,
    previous_children_count, change_count, change_pct, is_flagged (moved
    by more than COUNT_CHANGE_PCT %). flagged_only keeps the flagged rows.
    """
    frame = db.query(
        "quality_children_count_changes",
        groups=_groups(groups),
        change_share=THRESHOLDS["change_share"],
    )
    frame = _dates(frame, "snapshot_date", "previous_snapshot_date")
    if flagged_only:
        frame = frame[frame["is_flagged"]].reset_index(drop=True)
    return frame


def missing_groups(db: Database) -> pd.DataFrame:
    """One row per snapshot per residential group missing from it.

    Missing from snapshot d: seen in an earlier snapshot (listed in its
    residential_groups or holding children) and without any child in d.
    Columns: snapshot_date, residential_group, is_listed (still listed in
    d's residential_groups), last_seen_date (latest earlier snapshot with
    children in the group; None if it never had any).
    """
    frame = db.query("quality_missing_groups")
    return _dates(frame, "snapshot_date", "last_seen_date")


def missing_months(db: Database) -> pd.DataFrame:
    """One row per calendar month without a snapshot, between first and last.

    Columns: month (first day of the month), previous_snapshot_date,
    next_snapshot_date.
    """
    frame = db.query("quality_missing_months")
    return _dates(frame, "month", "previous_snapshot_date", "next_snapshot_date")


def late_reports(
    db: Database, groups: Sequence[str] = (), incidents: Incidents = ALL_INCIDENTS
) -> pd.DataFrame:
    """One row per snapshot: incidents reported more than LATE_REPORT_DAYS late.

    Columns: snapshot_date, incident_count, late_count,
    no_report_date_count (cannot be judged), longest_delay_days.
    """
    frame = db.query(
        "quality_late_reports",
        groups=_groups(groups),
        late_days=THRESHOLDS["late_days"],
        **incidents.params(),
    )
    return _dates(frame, "snapshot_date")


def late_report_details(
    db: Database, snapshot_date: dt.date, groups: Sequence[str] = ()
) -> pd.DataFrame:
    """OFFICERS ONLY. The late incidents of one snapshot, longest delay first.

    Columns: snapshot_date, incident_id, child_id, residential_group, kind,
    occurred_on, reported_on, delay_days.
    """
    frame = db.query(
        "quality_late_report_details",
        snapshot_date=snapshot_date,
        groups=_groups(groups),
        late_days=THRESHOLDS["late_days"],
    )
    return _dates(frame, "snapshot_date", "occurred_on", "reported_on")


def absent_children(
    db: Database, groups: Sequence[str] = (), incidents: Incidents = ALL_INCIDENTS
) -> pd.DataFrame:
    """One row per snapshot: incidents naming a child not in its register.

    Columns: snapshot_date, naming_child_count (incidents with a child_id),
    absent_child_count, absent_fatal_count (of those, fatal: expected, the
    child died).
    """
    frame = db.query(
        "quality_absent_children", groups=_groups(groups), **incidents.params()
    )
    return _dates(frame, "snapshot_date")


def absent_child_details(
    db: Database, snapshot_date: dt.date, groups: Sequence[str] = ()
) -> pd.DataFrame:
    """OFFICERS ONLY. Incidents of one snapshot naming an absent child.

    Columns: snapshot_date, incident_id, child_id, residential_group, kind,
    occurred_on, fatal.
    """
    frame = db.query(
        "quality_absent_child_details",
        snapshot_date=snapshot_date,
        groups=_groups(groups),
    )
    return _dates(frame, "snapshot_date", "occurred_on")


def summary(
    db: Database, groups: Sequence[str] = (), incidents: Incidents = ALL_INCIDENTS
) -> pd.DataFrame:
    """One row per snapshot with the headline of every finding, for a table.

    Columns: snapshot_date, children_count, change_pct, is_count_jump,
    missing_group_count, late_count, absent_child_count,
    absent_fatal_count. Missing months are not per snapshot: see
    missing_months(). missing_group_count ignores `groups`.
    """
    counts = children_count_changes(db, groups)
    out = counts[
        ["snapshot_date", "children_count", "change_pct", "is_flagged"]
    ].rename(columns={"is_flagged": "is_count_jump"})
    gone = missing_groups(db)
    per_snapshot = gone.groupby("snapshot_date").size()
    out["missing_group_count"] = [
        int(per_snapshot.get(d, 0)) for d in out["snapshot_date"]
    ]
    late = late_reports(db, groups, incidents)[["snapshot_date", "late_count"]]
    absent = absent_children(db, groups, incidents)[
        ["snapshot_date", "absent_child_count", "absent_fatal_count"]
    ]
    out = out.merge(late, on="snapshot_date", how="left")
    out = out.merge(absent, on="snapshot_date", how="left")
    return out
