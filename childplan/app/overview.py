"""The overview's blocks: one tile per target, the summary line, and the
early warning while the year is incomplete."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from childplan.app import reads
from childplan.app.routes import SECTION_PAGES
from childplan.app.view import View
from childplan.disclosure import rules
from childplan.indicators.plan import Plan, Target
from childplan.present import fmt, outlook, sparkline
from childplan.present.i18n import t, target_name
from childplan.present.markdown import status_badge

# A change from last year resting on fewer events than this is not compared
# in numbers (0 of 1 -> 1 of 1 is "+100 points" from one case).
FEW_EVENTS = 20


def tile_rows(plan: Plan, per_row: int) -> list[list[Target]]:
    """The overview's tiles, section by section in plan order, in rows."""
    ordered = [x for no in SECTION_PAGES for x in plan.targets if x.section_no == no]
    return [ordered[i : i + per_row] for i in range(0, len(ordered), per_row)]


def scorecard_tiles(view: View, rows: dict, series: pd.DataFrame) -> None:
    """Every target's tile, three a row, section by section; `rows`: the
    scorecard's row of each target (blocks.scorecard_rows). The tiles'
    sparkline rows come from one pass over the series."""
    sparks = sparkline.rows_by_target(series, view.year_end)
    for row_of_tiles in tile_rows(view.plan, per_row=3):
        for column, target in zip(st.columns(3), row_of_tiles, strict=False):
            with column:
                spark = sparks.get(target.id, [])
                scorecard_tile(view, target, rows[target.id], spark)


def scorecard_tile(view: View, target: Target, row, spark_rows: list) -> None:
    """One target on the overview: its name, the year's value with status
    and threshold, change from last year in words, sparkline with the
    threshold, link to its section. Colour says status only (issue 11): the
    change is neutral ink, never a green or red delta."""
    lang = view.lang
    threshold = fmt.threshold_text(target.operator, target.threshold, target.unit, lang)
    label = status_badge(row.status, lang)
    if threshold:
        label += " " + t("target_label", lang, threshold=threshold)
    with st.container(border=True, height="stretch"):
        st.markdown(f"**{target_name(target, lang)}**")
        if target.town_wide and view.filters.groups:
            st.caption(t("town_wide_note", lang))
        elif rules.is_town_figure(target, view.filters.groups):
            st.caption(t("sensitive_town_note", lang))
        st.metric(
            label,
            fmt.value_text(
                row.value, target.unit, lang, target.threshold, target.operator
            ),
            help=_interval_help(target, row, lang),
        )
        change = change_line(target, row, view.filters.year - 1, lang)
        if change:
            st.markdown(change)
        spark = sparkline.svg_of(spark_rows, target, lang)
        if spark is not None:
            # raw HTML: st.html drops SVG. Generated here, every text in it
            # escaped (sparkline.svg_of; tests/test_sparkline.py)
            st.markdown(spark, unsafe_allow_html=True)
        interval = tile_interval(target, row, lang)
        if interval:
            st.caption(interval)
        st.page_link(
            SECTION_PAGES[target.section_no],
            label=t(
                "open_section",
                lang,
                section=t("section_ref", lang, no=target.section_no),
            ),
            icon=":material/arrow_forward:",
        )


def change_events(row) -> float | None:
    """How many events a change from last year rests on: this year's
    numerator and last year's (a count's numerator is the count); None for
    a score, or when either is unknown."""
    now = getattr(row, "numerator", None)
    before = getattr(row, "previous_numerator", None)
    if fmt.is_missing(now) or fmt.is_missing(before):
        return None
    return float(now) + float(before)


def change_line(target: Target, row, year_before: int, lang: str) -> str:
    """The change from last year as plain words in neutral ink:
    '↑ +12,5 điểm phần trăm so với năm 2023 · tốt hơn' (better or worse by the
    target's direction); 'Không đổi so với năm 2023' only when exactly nil;
    on fewer than FEW_EVENTS events the words say it is too few to compare
    instead of a number; '' without last year's figure."""
    change = getattr(row, "change", None)
    if fmt.is_missing(change):
        return ""
    if change == 0:
        return t("change_none", lang, year=year_before)
    events = change_events(row)
    if events is not None and events < FEW_EVENTS:
        return t(
            "change_few_events",
            lang,
            year=year_before,
            events=fmt.number(events, lang, 0),
        )
    better = (change < 0) == (target.direction == "lower")
    return t(
        "change_line",
        lang,
        arrow="↑" if change > 0 else "↓",
        change=fmt.change_text(change, target.unit, lang),
        year=year_before,
        verdict=t("change_better" if better else "change_worse", lang),
    )


def tile_interval(target: Target, row, lang: str) -> str:
    """'Khoảng tin cậy 95%: 0,5–2,0%' under a tile's value, with the
    few-cases warning when it rests on under 20 events; '' without one."""
    interval = fmt.interval_text(row.ci_low, row.ci_high, target.unit, lang)
    if not interval or not fmt.has_interval(target):
        return ""
    # word joiners: '15,0–85,0%' never breaks at its dash in a narrow tile
    text = t(
        "tile_interval",
        lang,
        interval=interval.strip("()").replace("–", "\u2060–\u2060"),
        unit=target.unit if target.unit in ("%", "‰") else "",
    )
    if target.kind in ("share", "rate") and getattr(row, "is_unstable", False):
        text += " · " + t("unstable_short", lang)
    return text


def summary_text(card: pd.DataFrame, lang: str) -> str:
    """'Đạt 11/17 chỉ tiêu được giao số cụ thể; 1 chỉ tiêu không giao số cụ
    thể (theo dõi)': met out of the targets the plan gives a threshold;
    those without one (info) counted apart; threshold targets that cannot
    be judged (no data, no cases) said apart too instead of being silently
    left out of the total."""
    has_threshold = card["operator"] != "info"
    met = int((card["status"] == "met").sum())
    judged = int((has_threshold & card["status"].isin(["met", "not_met"])).sum())
    unjudged = int(has_threshold.sum()) - judged
    parts = [
        t("summary", lang, met=met, total=judged)
        if not unjudged
        else t("summary_with_unjudged", lang, met=met, total=judged)
    ]
    if unjudged:
        parts.append(t("summary_unjudged", lang, count=unjudged))
    monitored = int((~has_threshold).sum())
    if monitored:
        parts.append(t("summary_monitored", lang, count=monitored))
    return "; ".join(parts)


def _interval_help(target: Target, row, lang: str) -> str | None:
    if not fmt.has_interval(target) or not fmt.interval_text(
        row.ci_low, row.ci_high, target.unit, lang
    ):
        return None
    return fmt.target_value_text(target, row, lang) + "  \n" + t("interval_help", lang)


def year_is_incomplete(view: View) -> bool:
    """The chosen year's latest snapshot is before 31 December."""
    return view.year_end is not None and view.year_end < dt.date(
        view.filters.year, 12, 31
    )


def at_risk_targets(view: View) -> tuple[pd.DataFrame, bool]:
    """The year-end outlook's 'at_risk' rows (plan order), and whether
    sensitive targets were left out: under a group filter their reasons
    would give small counts away (events so far), so they are projected for
    the whole town only."""
    f = view.filters
    outlook = reads.outlook(view.root, view.fingerprint, f.year, f.groups)
    return rules.outlook_shown(
        outlook[outlook["status"] == "at_risk"], view.plan, f.groups
    )


def early_warning_notice(view: View) -> None:
    """Near the top of the overview while the year is incomplete: which
    targets may be missed by 31 December, and why, in words."""
    if not year_is_incomplete(view):
        return
    lang, year = view.lang, view.filters.year
    rows, left_out = at_risk_targets(view)
    with st.container(border=True, key="early_warning"):
        st.markdown(
            f"{status_badge('at_risk', lang)} **"
            + t(
                "early_warning_title",
                lang,
                year=year,
                date=fmt.date_text(view.year_end, lang),
            )
            + "**"
        )
        if rows.empty:
            st.markdown(t("early_warning_none", lang))
        else:
            st.markdown(t("early_warning_count", lang, count=len(rows), year=year))
        for row in rows.itertuples(index=False):
            target = view.plan.target(row.target_id)
            st.markdown(
                f"- **{target_name(target, lang)}** — "
                f"{outlook.reason(row, target, lang)}"
            )
        if left_out:
            st.caption(t("early_warning_sensitive", lang))
