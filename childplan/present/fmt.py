"""Number and date formats: 1.234,5 / 2,1% / 31/12/2024 (vi), 1,234.5 (en).

Every figure the dashboard shows (text, tables, hover labels, CSV files) goes
through here, so Vietnamese and English formatting cannot drift apart between
pages. Numbers are rounded half-up (2,25 -> 2,3), as people round by hand;
babel alone rounds half-to-even.
"""

from __future__ import annotations

import datetime as dt
import decimal

import pandas as pd
from babel.numbers import format_decimal

MISSING = "—"
# Decimals shown per plan unit (plans/*.toml `unit`).
UNIT_DECIMALS = {"%": 1, "‰": 1, "count": 0, "points": 0}
# What a difference of two values is called: percentages differ by points.
_CHANGE_UNIT = {
    "vi": {"%": " điểm phần trăm", "‰": "‰", "count": "", "points": " điểm"},
    "en": {"%": " pp", "‰": "‰", "count": "", "points": " points"},
}
_VALUE_UNIT = {
    "vi": {"%": "%", "‰": "‰", "count": "", "points": " điểm"},
    "en": {"%": "%", "‰": "‰", "count": "", "points": " points"},
}
_OPERATOR_SIGN = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "=": "="}
DATE_PATTERN = "%d/%m/%Y"  # the same in both languages, so links keep working


def is_missing(value) -> bool:
    """None, NaN, NA and NaT alike: all mean 'no figure'."""
    return value is None or bool(pd.isna(value))


def number(value, lang: str = "vi", decimals: int = 1) -> str:
    """1234.5 -> '1.234,5' (vi) or '1,234.5' (en); missing -> '—'."""
    if is_missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    exact = decimal.Decimal(repr(float(value)))
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_UP
        text = format_decimal(exact, format=pattern, locale=lang)
    # "-0,0" after rounding a tiny negative: no sign on a zero.
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]
    return text


def value_text(value, unit: str, lang: str = "vi") -> str:
    """A target's value with its unit: '2,1%', '2,4‰', '3', '865 điểm'."""
    if is_missing(value):
        return MISSING
    return number(value, lang, UNIT_DECIMALS[unit]) + _VALUE_UNIT[lang][unit]


def interval_text(low, high, unit: str, lang: str = "vi") -> str:
    """'(1,4–3,0)'; '' when the interval is not known."""
    if is_missing(low) or is_missing(high):
        return ""
    decimals = max(UNIT_DECIMALS[unit], 1)
    return f"({number(low, lang, decimals)}–{number(high, lang, decimals)})"


def value_with_interval(value, low, high, unit: str, lang: str = "vi") -> str:
    """'2,1% (1,4–3,0)': the point value and how far it can be trusted."""
    text = value_text(value, unit, lang)
    interval = interval_text(low, high, unit, lang)
    return f"{text} {interval}" if interval and text != MISSING else text


def change_text(change, unit: str, lang: str = "vi") -> str:
    """'+0,5 điểm phần trăm', '-1,2‰', '+2': signed, ASCII minus (st.metric
    reads it)."""
    if is_missing(change):
        return MISSING
    text = number(abs(change), lang, UNIT_DECIMALS[unit])
    sign = (
        "" if not any(c in "123456789" for c in text) else ("-" if change < 0 else "+")
    )
    return sign + text + _CHANGE_UNIT[lang][unit]


def threshold_text(operator: str, threshold, unit: str, lang: str = "vi") -> str:
    """'< 2%', '≥ 96%', '= 0'; '' for targets without a number (info)."""
    if operator == "info" or is_missing(threshold):
        return ""
    # The plan's own numbers are whole ("dưới 2%"): no ",0" on them.
    decimals = 0 if float(threshold).is_integer() else UNIT_DECIMALS[unit]
    text = number(threshold, lang, decimals) + _VALUE_UNIT[lang][unit]
    return f"{_OPERATOR_SIGN[operator]} {text}"


def date_text(day: dt.date | None, lang: str = "vi") -> str:
    """31/12/2024 in both languages (dd/mm/yyyy is unambiguous to readers)."""
    if is_missing(day):
        return MISSING
    return day.strftime(DATE_PATTERN)


def plotly_separators(lang: str = "vi") -> str:
    """Plotly's layout.separators: decimal mark then thousands mark."""
    return ",." if lang == "vi" else ".,"


def rounded(value, decimals: int):
    """The number as shown on screen (half-up), for tables and CSV files."""
    if is_missing(value):
        return float("nan")
    exact = decimal.Decimal(repr(float(value)))
    step = decimal.Decimal(1).scaleb(-decimals)
    return float(exact.quantize(step, rounding=decimal.ROUND_HALF_UP))
