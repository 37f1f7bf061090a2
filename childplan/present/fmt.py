"""Number and date formats: 1.234,5 / 2,1% / 31/12/2024 (vi), 1,234.5 (en).

Every figure the dashboard shows (text, tables, hover labels, CSV files) goes
through here, so Vietnamese and English formatting cannot drift apart between
pages. Numbers are rounded half-up (2,25 -> 2,3), as people round by hand;
babel alone rounds half-to-even. The separators are the locale's (CLDR,
through babel); the grouping is Python's own.

A value shown beside its plan threshold never contradicts its status
(issue 11): where rounding would put it onto or across the threshold from
the side the exact value is on, it gets the decimals needed to tell
(shown_value: 1,96% against "< 2%", 849,5 điểm against "≥ 850 điểm"); a
change from last year is held to the same rule against 0, so a change that
is not nil never reads "0,0".
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools

import pandas as pd
from babel import Locale

MISSING = "—"
# Decimals shown per plan unit (plans/*.toml `unit`).
UNIT_DECIMALS = {"%": 1, "‰": 1, "count": 0, "points": 0}
# Most decimals a value gets to keep its side of a threshold; past them it
# is cut toward its own side (1,99999 -> 1,9999, never 2,0000).
MAX_DECIMALS = 4
# What a difference of two values is called: percentages differ by points.
_CHANGE_UNIT = {
    "vi": {"%": " điểm phần trăm", "‰": "‰", "count": "", "points": " điểm"},
    "en": {"%": " pp", "‰": "‰", "count": "", "points": " points"},
}
_VALUE_UNIT = {
    "vi": {"%": "%", "‰": "‰", "count": "", "points": " điểm"},
    "en": {"%": "%", "‰": "‰", "count": "", "points": " points"},
}
# A threshold in words, as the plan writes it ("còn dưới 2%", "đạt trên
# 96%"): a leader reads "dưới 2%", not "< 2%" (issue 11's native reader).
_OPERATOR_WORDS = {
    "vi": {
        "<": "dưới {x}",
        "<=": "không quá {x}",
        ">": "trên {x}",
        ">=": "từ {x} trở lên",
        "=": "bằng {x}",
    },
    "en": {
        "<": "below {x}",
        "<=": "at most {x}",
        ">": "above {x}",
        ">=": "at least {x}",
        "=": "{x}",
    },
}
# "≥ 100%" says more than can be: the whole of them. "= 0" of a count: none.
_ALL = {"vi": "{x}", "en": "{x}"}
_NONE = {"vi": "không phát sinh mới", "en": "none"}
DATE_PATTERN = "%d/%m/%Y"  # the same in both languages, so links keep working


def is_missing(value) -> bool:
    """None, NaN, NA and NaT alike: all mean 'no figure'."""
    return value is None or bool(pd.isna(value))


def number(value, lang: str = "vi", decimals: int = 1) -> str:
    """1234.5 -> '1.234,5' (vi) or '1,234.5' (en); missing -> '—'."""
    if is_missing(value):
        return MISSING
    exact = decimal.Decimal(repr(float(value)))
    rounded = _half_up(exact, decimals)
    # Python's own grouping in threes, then the locale's symbols (CLDR, via
    # babel): the same text as babel's "#,##0.0" pattern, at a tenth of
    # its cost -- a page formats thousands of hover texts per filter.
    # tests/test_fmt.py checks it against babel on random values.
    text = f"{rounded:,.{decimals}f}".translate(_symbols(lang))
    # "-0,0" after rounding a tiny negative: no sign on a zero.
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]
    return text


@functools.cache
def _symbols(lang: str) -> dict[int, str]:
    """',' and '.' of Python's format -> the locale's group and decimal
    symbols (vi: '.' and ',')."""
    symbols = _locale(lang).number_symbols["latn"]
    return str.maketrans({",": symbols["group"], ".": symbols["decimal"]})


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def shown_value(
    value, decimals: int, threshold=None, operator: str | None = None
) -> tuple[decimal.Decimal, int]:
    """The value as the screen shows it, and its decimals: `decimals` (the
    unit's), or more when half-up rounding would land it onto or across
    `threshold` from the side the exact value is on (1.96 against 2: 1,96,
    not 2,0; 849.5 against 850: 849,5; 2.0 against 2 stays 2,0). No
    threshold (None, or operator 'info'): plain rounding. `value` must not
    be missing."""
    exact = decimal.Decimal(repr(float(value)))
    if operator == "info" or threshold is None or is_missing(threshold):
        return _half_up(exact, decimals), decimals
    line = decimal.Decimal(repr(float(threshold)))
    side = _side(exact, line)
    most = max(decimals, MAX_DECIMALS)
    for places in range(decimals, most + 1):
        shown = _half_up(exact, places)
        if _side(shown, line) == side:
            return shown, places
    # Still on the line after MAX_DECIMALS: cut toward the exact value's side.
    toward = decimal.ROUND_FLOOR if side < 0 else decimal.ROUND_CEILING
    return exact.quantize(_step(most), rounding=toward), most


def value_text(
    value, unit: str, lang: str = "vi", threshold=None, operator: str | None = None
) -> str:
    """A target's value with its unit: '2,1%', '2,4‰', '3', '865 điểm';
    given the plan's threshold, never rounded onto or across it
    (shown_value: '1,96%' against '< 2%')."""
    if is_missing(value):
        return MISSING
    shown, places = shown_value(value, UNIT_DECIMALS[unit], threshold, operator)
    return number(float(shown), lang, places) + _VALUE_UNIT[lang][unit]


def interval_text(low, high, unit: str, lang: str = "vi") -> str:
    """'(1,4–3,0)'; '' when the interval is not known."""
    if is_missing(low) or is_missing(high):
        return ""
    decimals = max(UNIT_DECIMALS[unit], 1)
    return f"({number(low, lang, decimals)}–{number(high, lang, decimals)})"


def value_with_interval(
    value,
    low,
    high,
    unit: str,
    lang: str = "vi",
    threshold=None,
    operator: str | None = None,
) -> str:
    """'2,1% (1,4–3,0)': the point value (kept on its side of `threshold`,
    as value_text) and how far it can be trusted."""
    text = value_text(value, unit, lang, threshold, operator)
    interval = interval_text(low, high, unit, lang)
    return f"{text} {interval}" if interval and text != MISSING else text


def has_interval(target) -> bool:
    """Whether a target's value is shown with its interval: shares, rates
    and scores are estimates, a count is what it is ("0 (0,0–3,7)" read as
    if the town might have had 3 cases; issue 11's native reader)."""
    return target.kind != "count"


def target_value_text(target, row, lang: str = "vi") -> str:
    """A target's value in a row of the query layer as every page shows
    it: '2,1% (1,4–3,0)' for an estimate, '0' for a count (has_interval);
    never rounded onto or across the plan's threshold."""
    if not has_interval(target):
        return value_text(
            row.value, target.unit, lang, target.threshold, target.operator
        )
    return value_with_interval(
        row.value,
        row.ci_low,
        row.ci_high,
        target.unit,
        lang,
        target.threshold,
        target.operator,
    )


def change_text(change, unit: str, lang: str = "vi") -> str:
    """'+0,5 điểm phần trăm', '-1,2‰', '+2': signed, ASCII minus; a change
    that is not nil keeps the decimals that show it ('-0,01 điểm phần trăm',
    never '0,0')."""
    if is_missing(change):
        return MISSING
    shown, places = shown_value(abs(change), UNIT_DECIMALS[unit], 0.0)
    text = number(float(shown), lang, places)
    sign = (
        "" if not any(c in "123456789" for c in text) else ("-" if change < 0 else "+")
    )
    return sign + text + _CHANGE_UNIT[lang][unit]


def threshold_text(operator: str, threshold, unit: str, lang: str = "vi") -> str:
    """'dưới 2%', 'từ 96% trở lên', '100%', 'không phát sinh mới';
    '' for targets without a number (info)."""
    if operator == "info" or is_missing(threshold):
        return ""
    if operator == "=" and unit == "count" and float(threshold) == 0:
        return _NONE[lang]
    # The plan's own numbers are whole ("dưới 2%"): no ",0" on them.
    decimals = 0 if float(threshold).is_integer() else UNIT_DECIMALS[unit]
    text = number(threshold, lang, decimals) + _VALUE_UNIT[lang][unit]
    if operator == ">=" and unit == "%" and float(threshold) == 100:
        return _ALL[lang].format(x=text)
    return _OPERATOR_WORDS[lang][operator].format(x=text)


def date_text(day: dt.date | None, lang: str = "vi") -> str:
    """31/12/2024 in both languages (dd/mm/yyyy is unambiguous to readers)."""
    if is_missing(day):
        return MISSING
    return day.strftime(DATE_PATTERN)


def plotly_separators(lang: str = "vi") -> str:
    """Plotly's layout.separators: decimal mark then thousands mark."""
    return ",." if lang == "vi" else ".,"


def rounded(value, decimals: int, threshold=None, operator: str | None = None):
    """The number as shown on screen (half-up, kept on its side of
    `threshold` as shown_value), for tables and CSV files."""
    if is_missing(value):
        return float("nan")
    return float(shown_value(value, decimals, threshold, operator)[0])


@functools.cache
def _step(decimals: int) -> decimal.Decimal:
    return decimal.Decimal(1).scaleb(-decimals)


def _half_up(exact: decimal.Decimal, decimals: int) -> decimal.Decimal:
    return exact.quantize(_step(decimals), rounding=decimal.ROUND_HALF_UP)


def _side(value: decimal.Decimal, line: decimal.Decimal) -> int:
    """-1 below the line, 0 on it, 1 above."""
    return (value > line) - (value < line)
