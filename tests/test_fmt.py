"""Vietnamese and English formats of numbers, values, intervals and dates."""

import datetime as dt
import math

import pandas as pd
import pytest

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
        (-0.01, "%", "vi", "0,0 điểm phần trăm"),
        (15.0, "points", "vi", "+15 điểm"),
        (math.nan, "%", "vi", "—"),
    ],
)
def test_change_text(change, unit, lang, expected):
    assert fmt.change_text(change, unit, lang) == expected


@pytest.mark.parametrize(
    ("operator", "threshold", "unit", "lang", "expected"),
    [
        ("<", 2.0, "%", "vi", "< 2%"),
        (">=", 96.0, "%", "vi", "≥ 96%"),
        (">", 75.0, "%", "en", "> 75%"),
        ("<", 3.0, "‰", "vi", "< 3‰"),
        ("=", 0.0, "count", "vi", "= 0"),
        (">=", 850.0, "points", "vi", "≥ 850 điểm"),
        ("info", None, "count", "vi", ""),
        ("<", 2.5, "%", "vi", "< 2,5%"),
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
