"""The year-end outlook in words: how each target's projection was reached.

Plain functions (no Streamlit). childplan.indicators.early_warnings returns
the numbers and the facts behind them (basis, status, events so far, the
seasonal share, the trend's snapshots, what is missing); this module puts
them into one or two sentences in the reader's language, from the
`outlook_*` strings of childplan.present.i18n and the formats of
childplan.present.fmt.
"""

from __future__ import annotations

from childplan.indicators.forecast import MIN_SEASONAL_EVENTS, MIN_TREND_POINTS
from childplan.present import fmt
from childplan.present.i18n import t

LANGS = ("vi", "en")
STATUS_SENTENCES = ("met", "at_risk", "not_met", "info")


def reason(row, target, lang: str) -> str:
    """One or two sentences saying how `row`'s status was reached.

    row: one row of early_warnings (a namedtuple from `itertuples()`, a
    Series, or anything with its columns as attributes): basis ('events',
    'trend', 'final', 'score', 'none'), status, as_of, value, projected,
    low, high, missing, events_so_far, seasonal_share, is_seasonal,
    trend_points, trend_from. target: its plan Target (unit, operator,
    threshold). lang: 'vi' or 'en'.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'vi' or 'en', got {lang!r}")
    basis, status = row.basis, row.status

    def val(v) -> str:
        return fmt.value_text(v, target.unit, lang, target.threshold, target.operator)

    date = fmt.date_text(row.as_of, lang)
    if basis == "final":
        return t("outlook_final", lang, date=date, value=val(row.value))
    if basis == "score":
        return t("outlook_score", lang, value=val(row.value))
    if status == "no_cases":
        return t("outlook_no_cases", lang)
    if basis == "none" or status == "no_data":
        # every 'none' row says what it lacks; anything else without a
        # projection lacks the trend's snapshots
        missing = row.missing if isinstance(row.missing, str) else "trend_points"
        return t(f"outlook_missing_{missing}", lang, min_points=MIN_TREND_POINTS)
    projection = {
        "date": date,
        "point": val(row.projected),
        "low": val(row.low),
        "high": val(row.high),
    }
    if basis == "events":
        first = t(
            "outlook_events_seasonal"
            if bool(row.is_seasonal)
            else "outlook_events_even",
            lang,
            events=int(row.events_so_far),
            share=percent(row.seasonal_share, lang),
            min_events=MIN_SEASONAL_EVENTS,
            **projection,
        )
    elif basis == "trend":
        first = t(
            "outlook_trend",
            lang,
            points=int(row.trend_points),
            date_from=fmt.date_text(row.trend_from, lang),
            **projection,
        )
    else:
        raise ValueError(f"unknown basis {basis!r}")
    if status not in STATUS_SENTENCES:
        raise ValueError(f"no sentence for status {status!r}")
    second = t(
        f"outlook_{status}",
        lang,
        threshold=fmt.threshold_text(
            target.operator, target.threshold, target.unit, lang
        ),
    )
    return f"{first} {second}"


def percent(fraction: float, lang: str) -> str:
    """0.4 -> '40%': a share of the year, in whole percent."""
    return fmt.number(100 * fraction, lang, 0) + "%"
