"""Vietnamese and English formats of numbers, values, intervals and dates."""

import datetime as dt
import decimal
import math

import pandas as pd
import pytest
from babel import Locale
from babel.numbers import parse_pattern
from hypothesis import given, settings
from hypothesis import strategies as st

from childplan.present import fmt


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234.5, "vi", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (2.25, "vi", 1, "2,3"),  # half-up, not babel's half-even
        (0.05, "vi", 1, "0,1"),
        (2.35, "vi", 1, "2,4"),
        (-0.04, "vi", 1, "0,0"),  # no "-0,0"
        (-1.26, "vi", 1, "-1,3"),
        (1234567, "vi", 0, "1.234.567"),
        (4.5, "vi", 0, "5"),
        (None, "vi", 1, "—"),
        (math.nan, "vi", 1, "—"),
        (pd.NA, "en", 1, "—"),
    ],
)
def test_number(value, lang, decimals, expected):
    assert fmt.number(value, lang, decimals) == expected


def _babel_number(value, lang: str, decimals: int) -> str:
    """The reference: babel's own "#,##0.0" pattern, rounding half-up."""
    exact = decimal.Decimal(repr(float(value)))
    pattern = parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_UP
        text = pattern.apply(exact, Locale.parse(lang))
    return (
        text[1:] if text.startswith("-") and not set(text) & set("123456789") else text
    )


@settings(max_examples=3000, deadline=None)
@given(
    value=st.one_of(
        st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
        st.integers(min_value=-(10**9), max_value=10**9),
        # halves and near-halves at every decimal place shown
        st.integers(min_value=-(10**6), max_value=10**6).map(lambda k: k / 2000),
    ),
    lang=st.sampled_from(["vi", "en"]),
    decimals=st.integers(min_value=0, max_value=6),
)
def test_number_is_babels_pattern(value, lang, decimals):
    """fmt.number groups with Python's format and swaps in the locale's
    symbols: the same text as babel's pattern, on any value."""
    assert fmt.number(value, lang, decimals) == _babel_number(value, lang, decimals)


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (2.083, "%", "vi", "2,1%"),
        (2.083, "%", "en", "2.1%"),
        (2.4, "‰", "vi", "2,4‰"),
        (3.0, "count", "vi", "3"),
        (865.0, "points", "vi", "865 điểm"),
        (865.0, "points", "en", "865 points"),
        (math.nan, "%", "vi", "—"),
    ],
)
def test_value_text(value, unit, lang, expected):
    assert fmt.value_text(value, unit, lang) == expected


def test_value_with_interval():
    assert fmt.value_with_interval(2.1, 1.43, 3.0, "%", "vi") == "2,1% (1,4–3,0)"
    assert fmt.value_with_interval(2.1, 1.43, 3.0, "%", "en") == "2.1% (1.4–3.0)"
    # counts get one decimal in the interval: exact Poisson bounds are not whole
    assert fmt.value_with_interval(3, 0.62, 8.77, "count", "vi") == "3 (0,6–8,8)"
    assert fmt.value_with_interval(2.1, math.nan, math.nan, "%", "vi") == "2,1%"
    assert fmt.value_with_interval(math.nan, 1, 2, "%", "vi") == "—"


@pytest.mark.parametrize(
    ("change", "unit", "lang", "expected"),
    [
        (0.5, "%", "vi", "+0,5 điểm phần trăm"),
        (-0.34, "%", "vi", "-0,3 điểm phần trăm"),
        (-0.34, "%", "en", "-0.3 pp"),
        (1.2, "‰", "vi", "+1,2‰"),
        (-2.0, "count", "vi", "-2"),
        (0.0, "count", "vi", "0"),
        # not nil: the decimals that show it, never "0,0" (issue 11)
        (-0.01, "%", "vi", "-0,01 điểm phần trăm"),
        (0.04, "%", "en", "+0.04 pp"),
        (
            -0.00001,
            "%",
            "vi",
            "-0,0001 điểm phần trăm",
        ),  # past 4 decimals: cut away from 0
        (0.4, "count", "vi", "+0,4"),
        (15.0, "points", "vi", "+15 điểm"),
        (math.nan, "%", "vi", "—"),
    ],
)
def test_change_text(change, unit, lang, expected):
    assert fmt.change_text(change, unit, lang) == expected


@pytest.mark.parametrize(
    ("operator", "threshold", "unit", "lang", "expected"),
    [
        # in words, as the plan writes them ("còn dưới 2%")
        ("<", 2.0, "%", "vi", "dưới 2%"),
        (">=", 96.0, "%", "vi", "từ 96% trở lên"),
        (">=", 96.0, "%", "en", "at least 96%"),
        (">", 75.0, "%", "en", "above 75%"),
        (">", 75.0, "%", "vi", "trên 75%"),
        ("<=", 5.0, "%", "vi", "không quá 5%"),
        ("<", 3.0, "‰", "vi", "dưới 3‰"),
        # none at all, and all of them: no sign that says more
        ("=", 0.0, "count", "vi", "không phát sinh mới"),
        ("=", 0.0, "count", "en", "none"),
        ("=", 2.0, "count", "vi", "bằng 2"),
        (">=", 100.0, "%", "vi", "100%"),
        (">=", 850.0, "points", "vi", "từ 850 điểm trở lên"),
        ("info", None, "count", "vi", ""),
        ("<", 2.5, "%", "vi", "dưới 2,5%"),
    ],
)
def test_threshold_text(operator, threshold, unit, lang, expected):
    assert fmt.threshold_text(operator, threshold, unit, lang) == expected


def test_dates_and_separators():
    assert fmt.date_text(dt.date(2024, 12, 31), "vi") == "31/12/2024"
    assert fmt.date_text(dt.date(2024, 3, 1), "en") == "01/03/2024"
    assert fmt.date_text(pd.NaT) == "—"
    assert fmt.plotly_separators("vi") == ",."
    assert fmt.plotly_separators("en") == ".,"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.25, 1, 2.3),
        (2.24999, 1, 2.2),
        (1.005, 2, 1.01),
        (12.5, 0, 13.0),
    ],
)
def test_rounded(value, decimals, expected):
    assert fmt.rounded(value, decimals) == expected
    assert math.isnan(fmt.rounded(None, 1))


# A value beside its threshold is never rounded onto or across it (issue
# 11, item 4): rounded half-up to the unit's decimals unless that lands on
# or across the threshold, then as many more decimals as it takes.
@pytest.mark.parametrize(
    ("value", "unit", "operator", "threshold", "lang", "expected"),
    [
        # 1,96 < 2 (met): "2,0%" would read as not under 2%
        (1.96, "%", "<", 2.0, "vi", "1,96%"),
        (1.96, "%", "<", 2.0, "en", "1.96%"),
        # 849,5 < 850 (not met): "850 điểm" would read as the pass mark
        (849.5, "points", ">=", 850.0, "vi", "849,5 điểm"),
        # exactly on the line: 2,0 is shown as 2,0 (not under 2: not met)
        (2.0, "%", "<", 2.0, "vi", "2,0%"),
        # 1,999: 2,0 and 2,00 are on the line; 1,999 is under it
        (1.999, "%", "<", 2.0, "vi", "1,999%"),
        # 2,04 > 2: "2,0%" would be on the line
        (2.04, "%", "<", 2.0, "vi", "2,04%"),
        # 95,96 < 96: "96,0%" would meet "≥ 96%"
        (95.96, "%", ">=", 96.0, "vi", "95,96%"),
        # 1,99999: on the line up to 4 decimals, then cut down: 1,9999
        (1.99999, "%", "<", 2.0, "vi", "1,9999%"),
        # 96,00001 > 96: cut up at 4 decimals, 96,0001
        (96.00001, "%", ">=", 96.0, "vi", "96,0001%"),
        # far from the line: the unit's decimals as ever
        (2.083, "%", "<", 2.0, "vi", "2,1%"),
        (865.4, "points", ">=", 850.0, "vi", "865 điểm"),
        (850.0, "points", ">=", 850.0, "vi", "850 điểm"),
        # a threshold of 0 on a count: whole numbers never move
        (0.0, "count", "=", 0.0, "vi", "0"),
        (3.0, "count", "=", 0.0, "vi", "3"),
        # no threshold (info): plain rounding
        (1.96, "%", "info", None, "vi", "2,0%"),
        (1.96, "%", None, None, "vi", "2,0%"),
        (math.nan, "%", "<", 2.0, "vi", "—"),
    ],
)
def test_value_text_keeps_the_side_of_the_threshold(
    value, unit, operator, threshold, lang, expected
):
    assert fmt.value_text(value, unit, lang, threshold, operator) == expected


def test_value_with_interval_keeps_the_side_of_the_threshold():
    assert (
        fmt.value_with_interval(1.96, 1.2, 3.1, "%", "vi", 2.0, "<")
        == "1,96% (1,2–3,1)"
    )


@pytest.mark.parametrize(
    ("value", "decimals", "operator", "threshold", "expected"),
    [
        (1.96, 1, "<", 2.0, 1.96),  # the CSV cell holds what the screen shows
        (849.5, 0, ">=", 850.0, 849.5),
        (2.04, 1, "<", 2.0, 2.04),
        (2.083, 1, "<", 2.0, 2.1),
        (1.96, 1, None, None, 2.0),
    ],
)
def test_rounded_keeps_the_side_of_the_threshold(
    value, decimals, operator, threshold, expected
):
    assert fmt.rounded(value, decimals, threshold, operator) == expected


def test_target_value_text_gives_a_count_no_interval():
    """One rule for every page: a count is what it is, an estimate carries
    how far it can be trusted (written out by hand)."""
    from types import SimpleNamespace as NS

    row = NS(value=0.0, ci_low=0.0, ci_high=3.689, status="met")
    count = NS(kind="count", unit="count", threshold=0.0, operator="=")
    share = NS(kind="share", unit="%", threshold=2.0, operator="<")
    assert not fmt.has_interval(count) and fmt.has_interval(share)
    assert fmt.target_value_text(count, row, "vi") == "0"
    row = NS(value=2.14, ci_low=1.43, ci_high=3.04, status="not_met")
    assert fmt.target_value_text(share, row, "vi") == "2,1% (1,4–3,0)"
    assert fmt.target_value_text(share, row, "en") == "2.1% (1.4–3.0)"
