"""One sentence in plain words that reads a target's number for the year.

"Tỷ lệ trẻ em có hoàn cảnh đặc biệt năm 2024 là 1,5%, đạt mục tiêu dưới
2%; giảm 0,1 điểm phần trăm so với năm 2023." (issue 12): what the
presentation says under the big number. Built from the same scorecard row
the overview's tile reads (value, status, change from last year and the
events it rests on), through the same formats (childplan.present.fmt): the
value never rounded onto or across the threshold, the threshold in the
plan's words, a change on fewer than FEW_EVENTS events not compared in
numbers. A target the plan gives no number, and a year without a figure,
get a sentence of their own. Plain function of data, no Streamlit.
"""

from __future__ import annotations

from childplan.present import fmt
from childplan.present.i18n import t, target_short

# A change from last year resting on fewer events than this is not put in
# numbers: the overview's rule (childplan.app.overview.FEW_EVENTS).
FEW_EVENTS = 20
# How a change of each unit is worded in a sentence (i18n keys).
CHANGE_UNIT_KEYS = {
    "%": "deck_amount_points_pct",
    "‰": "deck_amount_per_1000",
    "count": "deck_amount_cases",
    "points": "deck_amount_points",
}
VERDICT_KEYS = {
    "met": "deck_verdict_met",
    "not_met": "deck_verdict_not_met",
    "at_risk": "deck_verdict_at_risk",
}


def indicator(target, lang: str) -> str:
    """What the target measures, as a sentence's subject (the plan's
    `indicator_vi`/`indicator_en`; its short heading when it gives none)."""
    text = getattr(target, "indicator_vi" if lang == "vi" else "indicator_en", "")
    return text or target_short(target, lang)


def sentence(target, row, year: int, lang: str = "vi") -> str:
    """The year's number of `target` in one sentence. `row`: its scorecard
    row as the meeting sees it (value, status, change, numerator,
    previous_numerator; childplan.disclosure.rules.meeting_scorecard)."""
    subject = indicator(target, lang)
    value = getattr(row, "value", None)
    if fmt.is_missing(value):
        key = (
            "deck_reading_no_cases"
            if getattr(row, "status", "") == "no_cases"
            else "deck_reading_no_data"
        )
        return t(key, lang, indicator=subject, year=year)
    shown = fmt.value_text(value, target.unit, lang, target.threshold, target.operator)
    change = change_clause(target, row, year - 1, lang)
    threshold = fmt.threshold_text(target.operator, target.threshold, target.unit, lang)
    verdict = VERDICT_KEYS.get(row.status)
    if not threshold or verdict is None:
        return t(
            "deck_reading_info",
            lang,
            indicator=subject,
            year=year,
            value=shown,
            change=change,
        )
    return t(
        "deck_reading_judged",
        lang,
        indicator=subject,
        year=year,
        value=shown,
        verdict=t(verdict, lang),
        threshold=threshold,
        change=change,
    )


def change_clause(target, row, year_before: int, lang: str) -> str:
    """'; giảm 0,1 điểm phần trăm so với năm 2023', or the few-events words,
    or '; không đổi ...' when exactly nil; '' without last year's figure."""
    change = getattr(row, "change", None)
    if fmt.is_missing(change):
        return ""
    if change == 0:
        return t("deck_change_none", lang, year=year_before)
    events = change_events(row)
    if events is not None and events < FEW_EVENTS:
        return t(
            "deck_change_few",
            lang,
            year=year_before,
            events=fmt.number(events, lang, 0),
        )
    return t(
        "deck_change_up" if change > 0 else "deck_change_down",
        lang,
        year=year_before,
        amount=amount_text(abs(change), target.unit, lang),
    )


def amount_text(amount: float, unit: str, lang: str) -> str:
    """A size of change in words: '0,1 điểm phần trăm', '0,3 trên 1.000 trẻ
    em', '2 trường hợp', '15 điểm'. Held off 0 as fmt.change_text is: a
    change that is not nil never reads '0,0'."""
    shown, places = fmt.shown_value(amount, fmt.UNIT_DECIMALS[unit], 0.0)
    return t(CHANGE_UNIT_KEYS[unit], lang, x=fmt.number(float(shown), lang, places))


def change_events(row) -> float | None:
    """How many events a change rests on: this year's numerator and last
    year's; None when either is unknown (a score)."""
    now = getattr(row, "numerator", None)
    before = getattr(row, "previous_numerator", None)
    if fmt.is_missing(now) or fmt.is_missing(before):
        return None
    return float(now) + float(before)
