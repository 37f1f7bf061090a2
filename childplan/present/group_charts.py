"""The residential groups side by side: a funnel plot against the plan's
threshold for shares and rates, its reading in words, and a plain table for
counts. Plain functions of data, no Streamlit; the look (colours, fonts,
hover) is shared with childplan.present.charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from childplan.indicators import stats
from childplan.present import fmt
from childplan.present.charts import (
    FONT_SIZE,
    STATUS_COLOURS,
    THRESHOLD_COLOUR,
    _finish_layout,
    _hover_data,
    _hover_template,
    _html,
    _tick_suffix,
    order_groups,
    plain_figure,
    short_names,
)
from childplan.present.i18n import group_status_label, t
from childplan.present.labels import label_positions
from childplan.present.markdown import name_text

# Funnel plots: (level, dash, width) of the control limits; groups inside
# them are grey, so colour only ever means "outside, worse / better".
FUNNEL_LINES = ((0.998, "dot", 2), (0.95, "solid", 1.5))


FUNNEL_LIMIT_COLOUR = "#7A7A7A"


FUNNEL_INSIDE_COLOUR = "#A6A6A6"
# At most this many groups named on a funnel and in its reading (per side):
# more names collide and none can be read; placing hundreds of labels cost
# seconds at 1,500 groups. The rest are counted ("và 302 tổ khác").
NAMED_MAX = 10


def named_groups(placed: pd.DataFrame, target, limit: int = NAMED_MAX) -> list[str]:
    """The groups outside the 95% limits that a funnel names, furthest
    first, at most `limit` on each side (worse, better): outside the 99.8%
    limits before the 95% ones, then by |value - threshold| x sqrt(n),
    which orders groups as their normal-approximation z does for a share
    and for a rate alike (the threshold fixed)."""
    out = placed[placed["outside"] != "none"]
    if out.empty:
        return []
    far = (out["value"] - target.threshold).abs() * out["denominator"] ** 0.5
    out = out.assign(_wide=out["outside"] == "99.8", _far=far)
    out = out.sort_values(["is_worse", "_wide", "_far"], ascending=False, kind="stable")
    return (
        out.groupby(["is_worse", "side"], sort=False)
        .head(limit)["residential_group"]
        .tolist()
    )


def funnel_figure(
    by_group: pd.DataFrame,
    target,
    lang: str = "vi",
    placed: pd.DataFrame | None = None,
) -> go.Figure:
    """Residential groups against a target, as a funnel plot (Spiegelhalter
    2005): each group's denominator (x) against its value (y), the plan
    threshold as centre line, the 95% and 99.8% control limits around it.
    A group outside the limits is named on its point and coloured: the
    not-met colour on the worse side, the met colour on the better side;
    groups inside are grey. Groups without a value (no data, hidden small
    count) are not drawn. Traces, in order: 99.8% upper, 99.8% lower, 95%
    upper, 95% lower, centre line, three legend keys for the points'
    colours (worse, better, inside), groups. `placed`: funnel_groups(
    by_group, target), when the caller has it already (its sentences)."""
    if placed is None:
        placed = funnel_groups(by_group, target)
    rows = (
        by_group.set_index("residential_group")
        .loc[placed["residential_group"]]
        .reset_index()
    )
    den_max = float(placed["denominator"].max()) if len(placed) else 1.0
    den_min = float(placed["denominator"].min()) if len(placed) else 1.0
    x_left = max(1.0, 0.5 * den_min)
    curve = stats.funnel_curve(target.threshold, 1.1 * den_max, target.kind)
    curve = curve[curve["denominator"] >= x_left]
    traces = []
    for level, dash, width in FUNNEL_LINES:
        tag = stats.level_tag(level)
        name = t("funnel_limit_warning" if tag == "95" else "funnel_limit_alarm", lang)
        for side in ("upper", "lower"):
            traces.append(
                dict(
                    type="scatter",
                    x=curve["denominator"].tolist(),
                    y=curve[f"{side}_{tag}"].tolist(),
                    mode="lines",
                    name=name,
                    legendgroup=tag,
                    showlegend=side == "upper",
                    line={"color": FUNNEL_LIMIT_COLOUR, "width": width, "dash": dash},
                    hoverinfo="skip",
                )
            )
    centre = t(
        "threshold_line",
        lang,
        threshold=fmt.threshold_text(
            target.operator, target.threshold, target.unit, lang
        ),
    )
    traces.append(
        dict(
            type="scatter",
            x=[x_left, 1.1 * den_max],
            y=[target.threshold] * 2,
            mode="lines",
            name=centre,
            line={"color": THRESHOLD_COLOUR, "width": 2, "dash": "dash"},
            hoverinfo="skip",
        )
    )
    for colour, key in (
        (STATUS_COLOURS["not_met"], "funnel_legend_worse"),
        (STATUS_COLOURS["met"], "funnel_legend_better"),
        (FUNNEL_INSIDE_COLOUR, "funnel_legend_inside"),
    ):  # a key for every colour a point can have (legend only)
        traces.append(
            dict(
                type="scatter",
                x=[None],
                y=[None],
                mode="markers",
                name=t(key, lang),
                marker={"size": 13, "color": colour},
                hoverinfo="skip",
            )
        )
    outside = placed["outside"] != "none"
    placed_groups = placed["residential_group"].tolist()
    named = set(named_groups(placed, target))
    colours = [
        STATUS_COLOURS["not_met"]
        if worse
        else STATUS_COLOURS["met"]
        if out
        else FUNNEL_INSIDE_COLOUR
        for out, worse in zip(outside, placed["is_worse"], strict=True)
    ]
    names = dict(
        zip(
            by_group["residential_group"],
            short_names(by_group["residential_group"].tolist()),
            strict=True,
        )
    )
    traces.append(
        dict(
            type="scatter",
            x=placed["denominator"].tolist(),
            y=placed["value"].tolist(),
            mode="markers+text",
            name=t("funnel_groups", lang),
            marker={
                "size": 13,
                "color": colours,
                "line": {"color": "white", "width": 1},
            },
            text=[_html(names[g]) if g in named else "" for g in placed_groups],
            textposition=label_positions(
                placed,
                [names[g] if g in named else "" for g in placed_groups],
                (0.0, 1.1 * den_max),
                _funnel_range(placed, curve, target),
            ),
            textfont={"size": FONT_SIZE, "color": THRESHOLD_COLOUR},
            cliponaxis=False,
            showlegend=False,
            customdata=[
                [*cells, funnel_position(o, worse, lang)]
                for cells, o, worse in zip(
                    _hover_data(rows, target, lang, date_first=False),
                    placed["outside"],
                    placed["is_worse"],
                    strict=True,
                )
            ],
            hovertemplate=_hover_template(lang).replace(
                "<extra></extra>", "<br>%{customdata[4]}<extra></extra>"
            ),
        )
    )
    low, high = _funnel_range(placed, curve, target)
    # taller than the trend: its legend keys wrap beside a narrow plot
    layout = _finish_layout(lang, 440)
    layout["yaxis"] |= {
        "range": [low, high],
        "ticksuffix": _tick_suffix(target),
        "gridcolor": "#E6E6E6",
    }
    layout["xaxis"] |= {
        "range": [0, 1.1 * den_max],
        "gridcolor": "#E6E6E6",
        "tickformat": ",d",
        "title": {"text": t("funnel_x", lang), "font": {"size": FONT_SIZE - 1}},
    }
    layout |= {
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "y": 1.02,
            "yanchor": "bottom",
            "x": 0,
            "font": {"size": FONT_SIZE - 2},
        },
        "margin": {"l": 8, "r": 40, "t": 60, "b": 8},
    }
    return plain_figure({"data": traces, "layout": layout})


def count_table(by_group: pd.DataFrame, target, lang: str = "vi") -> pd.DataFrame:
    """Groups of a count target (no denominator, so no funnel), largest
    first: group and count, every cell text as the screen shows it. No
    interval: a count is what happened, not an estimate ("0 (0,0–3,7)" read
    as "maybe 3"). No status column: it would not fit a third of a
    projector's width, and the CSV file has it."""
    rows = order_groups(by_group, target)
    return pd.DataFrame(
        {
            t("col_group", lang): short_names(rows["residential_group"].tolist()),
            t("col_count", lang): [
                fmt.value_text(v, target.unit, lang) for v in rows["value"]
            ],
        },
        dtype=object,
    )


def funnel_groups(by_group: pd.DataFrame, target) -> pd.DataFrame:
    """Each group with a value placed against the funnel (stats.
    funnel_outliers), in the order of `by_group`."""
    shown = by_group[by_group["value"].notna() & (by_group["denominator"] > 0)]
    return stats.funnel_outliers(shown, target)


def placed_of(every: pd.DataFrame, by_group: pd.DataFrame) -> pd.DataFrame:
    """funnel_groups(by_group, target) cut from funnel_groups over a frame
    of every group (`every`): the rows of by_group's groups with a value,
    in by_group's order. Each row of funnel_groups depends on its own
    group's counts only, so the two are the same frame."""
    shown = by_group["value"].notna() & (by_group["denominator"] > 0)
    names = by_group.loc[shown, "residential_group"]
    return every.set_index("residential_group").loc[names].reset_index()


def funnel_position(outside: str, is_worse: bool, lang: str) -> str:
    """'Trong giới hạn 95%' or 'Ngoài giới hạn 99,8% (kém hơn mục tiêu)'."""
    if outside == "none":
        return t("funnel_inside", lang)
    return t(
        "funnel_outside",
        lang,
        level=_level_text(outside, lang),
        side=t("funnel_worse" if is_worse else "funnel_better", lang),
    )


def funnel_sentences(placed: pd.DataFrame, target, lang: str = "vi") -> list[str]:
    """What the funnel says, in one line of plain words: how many groups lie
    above or below the target beyond chance (outside the 95% limits, the
    exact test) and which, worse side first ('2 tổ thấp hơn mục tiêu nhiều
    hơn mức ngẫu nhiên (kém hơn mục tiêu): Bắc Hưng, Hồng Phong'); or that
    every group lies inside. Markdown: each group name escaped (name_text),
    so a name never becomes a link, an image or HTML. `placed` is
    funnel_groups(...). A list of one line (or none without groups). At
    most NAMED_MAX names a side (named_groups), the rest counted."""
    if not len(placed):
        return []
    named = set(named_groups(placed, target))
    names = dict(
        zip(
            placed["residential_group"],
            short_names(placed["residential_group"].tolist()),
            strict=True,
        )
    )
    parts = []
    outside = placed[placed["outside"] != "none"]
    for is_worse in (True, False):
        for side in ("above", "below"):
            rows = outside[
                (outside["side"] == side) & (outside["is_worse"] == is_worse)
            ]
            if rows.empty:
                continue
            parts.append(
                t(
                    "funnel_reading",
                    lang,
                    count=len(rows),
                    side=t(f"funnel_side_{side}", lang),
                    worse=t("funnel_worse" if is_worse else "funnel_better", lang),
                    groups=", ".join(
                        name_text(names[g])
                        for g in rows["residential_group"]
                        if g in named
                    )
                    + (
                        t("funnel_more", lang, count=fmt.number(more, lang, 0))
                        if (
                            more := len(rows)
                            - rows["residential_group"].isin(named).sum()
                        )
                        else ""
                    ),
                )
            )
    return ["; ".join(parts) if parts else t("funnel_all_inside", lang)]


def group_table(by_group: pd.DataFrame, target, lang: str = "vi") -> pd.DataFrame:
    """Groups of a share or rate that cannot make a funnel (a 100 % target,
    a few cases per group): group, value, numerator / denominator, status,
    furthest from the good side first, every cell text as the screen shows
    it."""
    rows = order_groups(by_group, target)
    return pd.DataFrame(
        {
            t("col_group", lang): short_names(rows["residential_group"].tolist()),
            t("hover_value", lang): [
                fmt.value_text(v, target.unit, lang) for v in rows["value"]
            ],
            t("hover_counts", lang): [
                fmt.MISSING
                if fmt.is_missing(d) or d == 0
                else f"{fmt.number(n, lang, 0)} / {fmt.number(d, lang, 0)}"
                for n, d in zip(rows["numerator"], rows["denominator"], strict=True)
            ],
            t("hover_status", lang): [
                group_status_label(x, d, lang)
                for x, d in zip(rows["status"], rows["denominator"], strict=True)
            ],
        },
        dtype=object,
    )


def _level_text(level: str, lang: str) -> str:
    """'99.8' -> '99,8%' (vi), '95' -> '95%'."""
    return fmt.number(float(level), lang, 0 if "." not in level else 1) + "%"


def _funnel_range(
    placed: pd.DataFrame, curve: pd.DataFrame, target
) -> tuple[float, float]:
    """The value axis: every group, the threshold and the 99.8% limits at
    the smallest group's size, with room for the labels; shares in 0..100."""
    points = [*placed["value"], target.threshold]
    if len(curve):
        smallest = curve.iloc[0]
        points += [smallest["lower_998"], smallest["upper_998"]]
    low, high = min(points), max(points)
    pad = 0.12 * (high - low) or max(abs(high) * 0.1, 1.0)
    low, high = low - pad, high + pad
    if target.unit == "%":
        low, high = max(low, -2.0), min(high, 105.0)
    return max(low, -0.04 * high) if low < 0 else low, high
