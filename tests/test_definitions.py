"""The shared definitions agree on both sides: the DuckDB macros the
queries use and the Python functions projections and the simulator use.

An independent check for each: the window against a plain reading of
docs/targets.md ("the same day a year earlier, or the last day of that
month"), written here with nothing but the calendar, on every day from
2019 to 2026; the status rule against Python's own comparison operators.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools

import duckdb
import pytest

from childplan.store import definitions


def connection():
    con = duckdb.connect(":memory:")
    for macro in definitions.MACROS.values():
        con.execute(macro)
    return con


def spec_window_start(day: dt.date) -> dt.date:
    """docs/targets.md: d − 12 months is the same day a year earlier, or the
    last day of that month where that day does not exist."""
    last = calendar.monthrange(day.year - 1, day.month)[1]
    return dt.date(day.year - 1, day.month, min(day.day, last))


def every_day(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


DAYS = list(every_day(dt.date(2019, 1, 1), dt.date(2026, 12, 31)))


def test_window_start_python_and_sql_equal_the_spec_on_every_day():
    rows = (
        connection()
        .execute(
            "select d, window_start(d) from unnest($days::date[]) as t(d)",
            {"days": DAYS},
        )
        .fetchall()
    )
    assert len(rows) == len(DAYS)
    for day, in_sql in rows:
        expected = spec_window_start(day)
        assert in_sql == expected, day
        assert definitions.window_start(day) == expected, day


@pytest.mark.parametrize(
    "day, start",
    [
        (dt.date(2024, 2, 29), dt.date(2023, 2, 28)),  # clamped
        (dt.date(2025, 2, 28), dt.date(2024, 2, 28)),  # not the leap day
        (dt.date(2024, 12, 31), dt.date(2023, 12, 31)),  # the calendar year
        (dt.date(2024, 3, 31), dt.date(2023, 3, 31)),
    ],
)
def test_window_start_by_hand(day, start):
    assert definitions.window_start(day) == start


def test_in_window_python_and_sql_agree_at_the_edges():
    con = connection()
    snapshot = dt.date(2024, 2, 29)
    events = [
        dt.date(2023, 2, 28),
        dt.date(2023, 3, 1),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 1),
        dt.date(2023, 6, 15),
    ]
    expected = [False, True, True, False, True]
    in_sql = [
        con.execute("select in_window($e, $d)", {"e": e, "d": snapshot}).fetchone()[0]
        for e in events
    ]
    in_python = [definitions.in_window(e, snapshot) for e in events]
    assert in_sql == in_python == expected


VALUES = [0.0, 1.0, 1.96, 2.0, 2.04, 96.0, 849.5, 850.0]


@pytest.mark.parametrize(
    "symbol, compare",
    [
        ("<", lambda a, b: a < b),
        ("<=", lambda a, b: a <= b),
        (">", lambda a, b: a > b),
        (">=", lambda a, b: a >= b),
        ("=", lambda a, b: a == b),
    ],
)
def test_meets_python_and_sql_agree_with_plain_comparison(symbol, compare):
    con = connection()
    for value, threshold in itertools.product(VALUES, repeat=2):
        expected = compare(value, threshold)
        assert definitions.meets(value, symbol, threshold) is expected
        in_sql = con.execute(
            "select meets($v, $o, $t)", {"v": value, "o": symbol, "t": threshold}
        ).fetchone()[0]
        assert in_sql is expected, (value, symbol, threshold)


def test_an_unknown_operator_is_refused_in_python_and_null_in_sql():
    with pytest.raises(ValueError, match="'~'"):
        definitions.meets(1.0, "~", 2.0)
    assert connection().execute("select meets(1, '~', 2)").fetchone()[0] is None


def test_year_to_date_python_and_sql_equal_the_plain_reading():
    """in_period(t, d, true): t in d's calendar year and t <= d; with false
    it is the 12-month window. Snapshots at every month end of 2024 (and
    29 February), events on every day of 2023-2024."""
    con = connection()
    snapshots = [
        dt.date(2024, m, calendar.monthrange(2024, m)[1]) for m in range(1, 13)
    ]
    events = list(every_day(dt.date(2023, 1, 1), dt.date(2024, 12, 31)))
    rows = con.execute(
        "select e, d, in_period(e, d, true), in_period(e, d, false) "
        "from unnest($e::date[]) as a(e), unnest($d::date[]) as b(d)",
        {"e": events, "d": snapshots},
    ).fetchall()
    assert len(rows) == len(events) * len(snapshots)
    for event, day, ytd, window in rows:
        assert ytd is (event.year == day.year and event <= day), (event, day)
        assert ytd is definitions.in_year_to_date(event, day)
        assert window is (spec_window_start(day) < event <= day)
