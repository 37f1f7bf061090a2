"""The query layer pages and commands use: the plan's targets, computed.

Every number comes from SQL in queries/ (run through childplan.store.db); this
module only binds the plan and the filters as parameters and shapes the
frames the API promises (local/API.md).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from childplan.indicators import stats
from childplan.indicators.plan import Plan, PlanError, Target
from childplan.store.contract import (
    CRITERIA,
    DISABILITY_CODE,
    INJURY_CAUSES,
    PLACES,
    SEX_VALUES,
)
from childplan.store.db import Database, load_sql

SERIES_COLUMNS = (
    "target_id",
    "snapshot_date",
    "numerator",
    "denominator",
    "value",
    "threshold",
    "operator",
    "status",
    "ci_low",
    "ci_high",
    "is_unstable",
)
BY_GROUP_COLUMNS = (
    "residential_group",
    "numerator",
    "denominator",
    "value",
    "status",
    "ci_low",
    "ci_high",
    "is_unstable",
)
# The scorecard's columns after SERIES_COLUMNS.
SCORECARD_EXTRA = ("previous_value", "previous_numerator", "change")
STATUSES = ("met", "not_met", "no_data", "no_cases", "info")
# Commune injury report (domain notes): age bands and the unknown place.
AGE_BANDS = (("0-5", 0, 5), ("6-9", 6, 9), ("10-13", 10, 13), ("14-15", 14, 15))
UNKNOWN_PLACE = "unknown"
SEXES = tuple(dict.fromkeys(SEX_VALUES.values()))  # ('M', 'F')


def _groups(groups) -> list[str]:
    return [str(g) for g in (groups or ())]


def residential_groups(db: Database) -> list[str]:
    """Every residential group of any snapshot, in Vietnamese order."""
    return db.query("residential_groups")["residential_group"].tolist()


def snapshot_dates(db: Database) -> list[dt.date]:
    return [_as_date(d) for d in db.query("snapshot_dates")["snapshot_date"]]


def years(db: Database) -> list[int]:
    return sorted({d.year for d in snapshot_dates(db)})


def last_of_year(dates, year: int) -> dt.date | None:
    """The snapshot whose values are the year's: the last one dated in it
    (targets.md, "the year's value"); None when the year has none."""
    return max((d for d in dates if d.year == year), default=None)


def last_snapshot_of_year(db: Database, year: int) -> dt.date | None:
    return last_of_year(snapshot_dates(db), year)


def _plan_params(plan: Plan, targets: tuple[Target, ...] | None = None) -> dict:
    targets = plan.targets if targets is None else targets
    return {
        "target_ids": [t.id for t in targets],
        "measures": [t.measure for t in targets],
        "kinds": [t.kind for t in targets],
        "operators": [t.operator for t in targets],
        "thresholds": [t.threshold for t in targets],
        "when_none": [t.when_none for t in targets],
        "pass_mark": float(plan.pass_mark),
        "criteria": list(CRITERIA),
        "disability_code": DISABILITY_CODE,
    }


def _target_values(
    db: Database,
    plan: Plan,
    groups,
    date_from,
    date_to,
    by_group: bool,
    targets=None,
    year_to_date: bool = False,
    days=None,
) -> pd.DataFrame:
    """queries/target_values.sql; `days`: only these snapshots (within
    date_from..date_to), else every one there."""
    _check_measures(plan.targets if targets is None else targets)
    if days is not None:
        days = sorted({_as_date(d) for d in days})
        if not days:
            raise ValueError("days: at least one snapshot date")
        date_from = max(days[0], _as_date(date_from)) if date_from else days[0]
        date_to = min(days[-1], _as_date(date_to)) if date_to else days[-1]
    df = db.query(
        "target_values",
        groups=_groups(groups),
        date_from=_optional_date(date_from),
        date_to=_optional_date(date_to),
        days=days,
        by_group=by_group,
        year_to_date=year_to_date,
        **_plan_params(plan, targets),
    )
    df["snapshot_date"] = [_as_date(d) for d in df["snapshot_date"]]
    for col in ("numerator", "denominator", "value", "threshold"):
        df[col] = df[col].astype("float64")
    return df


def sql_measures() -> frozenset[str]:
    """The measures queries/target_values.sql computes: the names in its
    `measure_sources` list (read from the SQL text, so the list stays in
    one place)."""
    block = re.search(
        r"measure_sources \(measure, [^)]*\) as \(\s*values"
        r"(?P<rows>.*?)\n\)",
        load_sql("target_values"),
        re.S,
    )
    if block is None:
        raise PlanError("queries/target_values.sql: no measure_sources list")
    return frozenset(re.findall(r"\(\s*'(\w+)'", block.group("rows")))


def _check_measures(targets) -> None:
    """Refuse a target whose measure the SQL does not compute: the query
    joins the plan's measures to its own list, and a measure missing there
    would otherwise leave the target out without a word."""
    known = sql_measures()
    missing = [x for x in targets if x.measure not in known]
    if missing:
        raise PlanError(
            "; ".join(
                f"chỉ tiêu {x.id}: phép tính {x.measure!r} không có trong "
                "queries/target_values.sql (measure_sources)"
                for x in missing
            )
        )


def series(
    db: Database, plan: Plan, groups=(), date_from=None, date_to=None, days=None
) -> pd.DataFrame:
    """One row per target per snapshot, plan order then date (`days`: only
    those snapshots)."""
    df = _target_values(db, plan, groups, date_from, date_to, False, days=days)
    df = df.drop(columns=["residential_group"]).reset_index(drop=True)
    return _with_intervals(df, plan)


def scorecard(db: Database, plan: Plan, year: int, groups=()) -> pd.DataFrame:
    """One row per target: the year's value (last snapshot of the year).

    previous_value is the value at the last snapshot of year - 1 (NaN when
    there is none); change = value - previous_value; previous_numerator is
    last year's numerator (how many events the change rests on, with this
    year's). One query for both years.
    """
    dates = snapshot_dates(db)
    if last_of_year(dates, year) is None:
        return _empty([*SERIES_COLUMNS, *SCORECARD_EXTRA])
    ends = [d for d in (last_of_year(dates, year - 1), last_of_year(dates, year)) if d]
    return scorecard_of(series(db, plan, groups, days=ends), year)


def scorecard_of(values: pd.DataFrame, year: int) -> pd.DataFrame:
    """The scorecard of `year` out of a `series` frame of every snapshot
    (or of the years' last snapshots): a page that has the series of the
    chosen groups needs no other query."""
    days = sorted(set(values["snapshot_date"]))
    day = last_of_year(days, year)
    if day is None:
        return _empty([*SERIES_COLUMNS, *SCORECARD_EXTRA])
    current = values[values["snapshot_date"] == day].reset_index(drop=True)
    before = last_of_year(days, year - 1)
    prev = None if before is None else values[values["snapshot_date"] == before]
    for column, source in (
        ("previous_value", "value"),
        ("previous_numerator", "numerator"),
    ):
        if prev is None:
            last_year = pd.Series(np.nan, index=current.index)
        else:
            last_year = current["target_id"].map(
                dict(zip(prev["target_id"], prev[source], strict=True))
            )
        current[column] = last_year.astype("float64")
    current["change"] = current["value"] - current["previous_value"]
    return current.reset_index(drop=True)


def yearly(db: Database, plan: Plan, targets=None, groups=()) -> pd.DataFrame:
    """One row per target per plan year: the year's figure, the events of
    the calendar year known at the year's last snapshot (the 12-month
    window there when it is 31 December; the year so far otherwise).
    Columns as `series`, with `year`; snapshot_date is the year's last
    snapshot."""
    targets = tuple(plan.targets if targets is None else targets)
    dates = snapshot_dates(db)
    ends = [last_of_year(dates, y) for y in sorted({d.year for d in dates})]
    if not ends:
        return _empty([*SERIES_COLUMNS, "year"])
    df = _target_values(
        db, plan, groups, None, None, False, targets, year_to_date=True, days=ends
    )
    df = df.drop(columns=["residential_group"])
    df["year"] = [d.year for d in df["snapshot_date"]]
    order = {x.id: i for i, x in enumerate(targets)}
    df = df.sort_values(
        ["target_id", "year"],
        key=lambda c: c.map(order) if c.name == "target_id" else c,
        kind="stable",
    )
    return _with_intervals(df.reset_index(drop=True), plan)


def by_group(
    db: Database, plan: Plan, target_id: str, snapshot_date, groups=()
) -> pd.DataFrame:
    """One row per residential group for one target at one snapshot."""
    target = plan.target(target_id)
    columns = list(BY_GROUP_COLUMNS)
    if target.town_wide:
        return _empty(columns)
    day = _as_date(snapshot_date)
    df = _target_values(db, plan, groups, day, day, by_group=True, targets=(target,))
    df = _with_intervals(df, plan)
    return df[columns].reset_index(drop=True)


def by_group_targets(db: Database, plan: Plan, targets, snapshot_date) -> pd.DataFrame:
    """One row per target per residential group at one snapshot, every
    group, in one query (the groups grid): target_id, then the columns of
    `by_group`. Town-wide targets have no groups and are left out."""
    targets = tuple(x for x in targets if not x.town_wide)
    columns = ["target_id", *BY_GROUP_COLUMNS]
    if not targets:
        return _empty(columns)
    day = _as_date(snapshot_date)
    df = _target_values(db, plan, (), day, day, by_group=True, targets=targets)
    return _with_intervals(df, plan)[columns].reset_index(drop=True)


def injury_breakdown(db: Database, year: int, groups=()) -> pd.DataFrame:
    """Injuries and deaths of the calendar year known at its last snapshot
    (the year's figure, as `yearly`: the 12-month window at 31 December)."""
    day = last_snapshot_of_year(db, year)
    columns = ["dimension", "category", "injured_count", "death_count"]
    if day is None:
        return _empty(columns)
    return db.query(
        "injury_breakdown",
        snapshot_date=day,
        year_to_date=True,
        groups=_groups(groups),
        causes=list(INJURY_CAUSES),
        places=[*PLACES, UNKNOWN_PLACE],
        sexes=list(SEXES),
        band_names=[b[0] for b in AGE_BANDS],
        band_lows=[b[1] for b in AGE_BANDS],
        band_highs=[b[2] for b in AGE_BANDS],
    )[columns]


# --- uncertainty -----------------------------------------------------------


def _with_intervals(df: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """ci_low / ci_high (and is_unstable) from childplan.indicators.stats: Wilson for
    shares (%), exact Poisson for rates (per 1,000) and counts, none for the
    score; NaN where there is no value."""
    return stats.add_intervals(df, {t.id: t.kind for t in plan.targets})


_TEXT_COLUMNS = {
    "target_id",
    "snapshot_date",
    "operator",
    "status",
    "residential_group",
    "dimension",
    "category",
}


def _empty(columns) -> pd.DataFrame:
    """A frame with no row and the API's column types."""

    def dtype(c):
        if c in _TEXT_COLUMNS:
            return "object"
        if c == "is_unstable":
            return "bool"
        if c.endswith("_count"):
            return "int64"
        return "float64"

    return pd.DataFrame({c: pd.Series(dtype=dtype(c)) for c in columns})


def _optional_date(value) -> dt.date | None:
    return None if value is None else _as_date(value)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()
