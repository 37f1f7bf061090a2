"""Definitions that SQL and Python share, each stated once: the event window,
the year-to-date period of a year's figure, and the status rule
(docs/targets.md, "Conventions").

The database door (childplan.store.db) registers `MACROS` on every
connection, so every query says `in_window(occurred_on, snapshot_date)` and
`meets(value, operator, threshold)` instead of spelling the rule out; the
Python side (projections, the simulator) calls the functions below, built
from the same constants. tests/test_definitions.py checks the two sides
agree on every day of several years and on every operator.
"""

from __future__ import annotations

import calendar
import datetime as dt
import operator as op

WINDOW_MONTHS = 12  # events count at d when d - 12 months < t <= d

# The plan's comparison operators (plans/*.toml `operator`), each as Python
# compares and as SQL compares: the same symbol, exact on both sides (the
# values compared are counts, decimal sums or ratios of counts; `=` is
# only used against 0).
COMPARISONS = {"<": op.lt, "<=": op.le, ">": op.gt, ">=": op.ge, "=": op.eq}


def window_start(day: dt.date) -> dt.date:
    """day - 12 months: the same day a year earlier, or that month's last
    day where it does not exist (2024-02-29 -> 2023-02-28). Events on this
    day are outside the window; from the next day on they are inside."""
    year, month = day.year, day.month - WINDOW_MONTHS
    while month < 1:
        year, month = year - 1, month + 12
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def in_window(event_day: dt.date, day: dt.date) -> bool:
    """Whether an event on `event_day` counts at snapshot `day`."""
    return window_start(day) < event_day <= day


def in_year_to_date(event_day: dt.date, day: dt.date) -> bool:
    """Whether an event on `event_day` counts in the year's figure known at
    `day`: the events of day's calendar year up to day. At 31 December it
    is the 12-month window."""
    return event_day.year == day.year and event_day <= day


def meets(value: float, operator: str, threshold: float) -> bool:
    """`value operator threshold`, the plan's status rule."""
    if operator not in COMPARISONS:
        raise ValueError(f"no comparison for operator {operator!r}")
    return COMPARISONS[operator](value, threshold)


def _meets_sql() -> str:
    cases = "\n".join(
        f"        when operator = '{symbol}' then value {symbol} threshold"
        for symbol in COMPARISONS
    )
    return f"case\n{cases}\n    end"


# DuckDB's `date - interval N month` clamps to the month's end as
# window_start does; the cast keeps the result a date.
MACROS = {
    "window_start": (
        "create or replace macro window_start(day) as "
        f"(day - interval {WINDOW_MONTHS} month)::date"
    ),
    "in_window": (
        "create or replace macro in_window(event_day, day) as "
        "event_day > window_start(day) and event_day <= day"
    ),
    "in_period": (
        "create or replace macro in_period(event_day, day, year_to_date) as "
        "case when year_to_date "
        "then year(event_day) = year(day) and event_day <= day "
        "else in_window(event_day, day) end"
    ),
    "meets": (
        "create or replace macro meets(value, operator, threshold) as " + _meets_sql()
    ),
}
