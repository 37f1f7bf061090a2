"""Early warning: each target's projected year-end value during the year.

Feeds childplan.indicators.forecast from the store, and returns numbers
and the facts behind them, never words (childplan.present.outlook says them).
Event targets (rates and counts) take their monthly event counts from
queries/monthly_events.sql, read from the register of the year's latest
snapshot (it holds every year's incidents as known on that date, so the
months so far and the earlier years' pattern come from one consistent
source); the rate's denominator is that snapshot's children count. Share
targets take their values at the snapshots of the last 12 months from
indicators.series (SQL too).
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pandas as pd

from childplan.indicators import forecast
from childplan.indicators import targets as indicators
from childplan.indicators.plan import Plan, Target
from childplan.store.db import Database
from childplan.store.definitions import window_start

COLUMNS = (
    "target_id",
    "as_of",
    "basis",
    "value",
    "projected",
    "low",
    "high",
    "status",
    "missing",
    "events_so_far",
    "seasonal_share",
    "is_seasonal",
    "trend_points",
    "trend_from",
)
EVENT_KINDS = ("rate", "count")
NAN = float("nan")


def months_elapsed(day: dt.date) -> float:
    """Months of day's year gone by the end of `day`: 30 June -> 6.0."""
    return day.month - 1 + day.day / calendar.monthrange(day.year, day.month)[1]


def monthly_counts(
    db: Database, snapshot_date: dt.date, groups=()
) -> dict[str, dict[int, list[int]]]:
    """measure -> year -> 12 monthly event counts, from one register."""
    frame = db.query(
        "monthly_events", snapshot_date=snapshot_date, groups=[str(g) for g in groups]
    )
    out: dict[str, dict[int, list[int]]] = {}
    for measure, year, month, count in frame.itertuples(index=False):
        months = out.setdefault(measure, {}).setdefault(int(year), [0] * 12)
        months[int(month) - 1] = int(count)
    return out


def _row(
    target: Target,
    as_of,
    basis,
    value=NAN,
    projected=NAN,
    low=NAN,
    high=NAN,
    status="no_data",
    *,
    missing=None,
    events_so_far=None,
    seasonal_share=None,
    is_seasonal=None,
    trend_points=None,
    trend_from=None,
) -> dict:
    """One target's outlook: the numbers, and what the words need to say
    how they were reached (None where it does not apply)."""
    return {
        "target_id": target.id,
        "as_of": as_of,
        "basis": basis,
        "value": value,
        "projected": projected,
        "low": low,
        "high": high,
        "status": status,
        "missing": missing,
        "events_so_far": events_so_far,
        "seasonal_share": seasonal_share,
        "is_seasonal": is_seasonal,
        "trend_points": trend_points,
        "trend_from": trend_from,
    }


def _event_row(
    target: Target,
    now: pd.Series,
    as_of: dt.date,
    counts: dict[int, list[int]],
    earlier_years: list[int],
) -> dict:
    value = now["value"]
    if (
        now["status"] == "no_data"
        and pd.isna(now["denominator"])
        and target.kind == "rate"
    ):
        return _row(target, as_of, "none", value, missing="table")
    this_year = counts.get(as_of.year, [0] * 12)[: as_of.month]
    earlier = [counts.get(y, [0] * 12) for y in earlier_years]
    elapsed = months_elapsed(as_of)
    point, low, high = forecast.project_event_count(this_year, earlier, elapsed)
    fraction, seasonal = forecast.seasonal_fraction(elapsed, earlier)
    if target.kind == "rate":
        children = now["denominator"]
        if pd.isna(children) or children <= 0:
            return _row(target, as_of, "none", value, missing="denominator")
        point, low, high = (x * 1000.0 / children for x in (point, low, high))
    status = forecast.risk_status(point, low, high, target.operator, target.threshold)
    return _row(
        target,
        as_of,
        "events",
        value,
        point,
        low,
        high,
        status,
        events_so_far=sum(this_year),
        seasonal_share=fraction,
        is_seasonal=seasonal,
    )


def _share_row(target: Target, history: pd.DataFrame, as_of: dt.date) -> dict:
    now = history[history["snapshot_date"] == as_of].iloc[0]
    value = now["value"]
    if now["status"] == "no_cases":
        return _row(target, as_of, "none", value, status="no_cases")
    known = history[history["value"].notna()]
    pairs = list(zip(known["snapshot_date"], known["value"], strict=True))
    point, low, high = forecast.project_share(pairs, dt.date(as_of.year, 12, 31))
    if np.isnan(point):
        return _row(target, as_of, "none", value, missing="trend_points")
    status = forecast.risk_status(point, low, high, target.operator, target.threshold)
    return _row(
        target,
        as_of,
        "trend",
        value,
        point,
        low,
        high,
        status,
        trend_points=len(pairs),
        trend_from=min(known["snapshot_date"]),
    )


def early_warnings(db: Database, plan: Plan, year: int, groups=()) -> pd.DataFrame:
    """One row per target (plan order): the year-end outlook.

    Columns: target_id, as_of (the year's latest snapshot, None if none),
    basis ('events', 'trend', 'final', 'score', 'none'), value (at as_of),
    projected, low, high (95 % interval; NaN when not projected), status
    ('met', 'at_risk', 'not_met', 'no_data', 'no_cases', 'info'), and
    what says how the status was reached (childplan.present.outlook puts it
    in words; None where it does not apply): missing (basis 'none': what
    is lacking, 'trend_points', 'denominator', 'snapshot' or 'table');
    events_so_far, seasonal_share (the share of a year's events usually
    seen by as_of) and is_seasonal (False: earlier years had too few events
    and the year is taken as uniform) for basis 'events'; trend_points and
    trend_from (the first snapshot of the trend) for basis 'trend'.
    When the year's latest snapshot is 31 December the year is complete:
    basis 'final' and the status is the year's actual status.
    """
    dates = indicators.snapshot_dates(db)
    in_year = [d for d in dates if d.year == year]
    if not in_year:
        rows = [
            _row(
                t,
                None,
                "none",
                status="info" if t.is_info else "no_data",
                missing="snapshot",
            )
            for t in plan.targets
        ]
        return pd.DataFrame(rows, columns=list(COLUMNS))
    as_of = max(in_year)
    history = indicators.series(
        db, plan, groups, window_start(as_of) + dt.timedelta(days=1), as_of
    )
    rows = []
    if as_of == dt.date(year, 12, 31):
        now = history[history["snapshot_date"] == as_of]
        for target, r in zip(plan.targets, now.itertuples(), strict=True):
            rows.append(_row(target, as_of, "final", r.value, r.value, status=r.status))
        return pd.DataFrame(rows, columns=list(COLUMNS))
    counts = monthly_counts(db, as_of, groups)
    first_year = min(dates).year
    earlier_years = list(range(first_year, year))
    for target in plan.targets:
        own = history[history["target_id"] == target.id]
        now = own[own["snapshot_date"] == as_of].iloc[0]
        if target.kind == "score":
            rows.append(
                _row(target, as_of, "score", now["value"], status=now["status"])
            )
        elif target.kind in EVENT_KINDS:
            rows.append(
                _event_row(
                    target, now, as_of, counts.get(target.measure, {}), earlier_years
                )
            )
        else:
            rows.append(_share_row(target, own, as_of))
    return pd.DataFrame(rows, columns=list(COLUMNS))
