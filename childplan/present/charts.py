"""Plotly figures for the dashboard: plain functions of data, no Streamlit.

One colour per status everywhere (badges, markers, bars): the palette is read
from the theme in .streamlit/config.toml, which also colours Streamlit's own
badges, so "met" cannot be one green on a chart and another in a table.
Every label a reader sees (hover, ticks, annotations) is pre-formatted by
childplan.present.fmt, so Vietnamese number and date formats hold inside
charts too.

One module because the trend and breakdown figures share one look
(palette, fonts, hover, axis helpers) that group_charts.py and the tiles'
SVG sparklines (sparkline.py) borrow.
"""

from __future__ import annotations

import datetime as dt
import tomllib

import pandas as pd
import plotly.graph_objects as go

from childplan.paths import THEME_FILE
from childplan.present import fmt
from childplan.present.i18n import category_label, status_label, t

THEME = tomllib.loads(THEME_FILE.read_text(encoding="utf-8"))["theme"]

# Status -> Streamlit colour name (for :green-badge[...]) and its hex value.
STATUS_COLOUR_NAMES = {
    "met": "green",
    "not_met": "red",
    "at_risk": "orange",
    "no_data": "gray",
    "no_cases": "gray",
    "info": "blue",
}
STATUS_COLOURS = {
    status: THEME[f"{name}Color"] for status, name in STATUS_COLOUR_NAMES.items()
}
LINE_COLOUR = "#4D4D4D"  # the trend line itself: neutral, status is on points
THRESHOLD_COLOUR = "#1A1A1A"
INTERVAL_COLOUR = "#9A9A9A"
INTERVAL_FILL = "rgba(120, 120, 120, 0.14)"
REFERENCE_COLOUR = "#6B6B6B"  # national references: context, not a status
GOOD_SIDE_OPACITY = 0.10
# Injured vs died: two greys, so they never read as met / not met.
COUNT_COLOURS = {"injured_count": "#8C8C8C", "death_count": "#1A1A1A"}
FONT_SIZE = 15
# The app's own font first (Streamlit ships Source Sans), then Noto Sans,
# which has every Vietnamese letter, for browsers that lack it.
FONT_FAMILY = '"Source Sans", "Source Sans 3", "Noto Sans", sans-serif'
ROW_HEIGHT = 34  # px per bar in horizontal bar charts
COUNT_AXIS_MIN = 5.0  # a count axis reaches at least 5 events
COUNT_LABELS_MAX = 12  # more count dots than this: no labels (they collide)
_GOOD_BELOW = ("<", "<=")
_GOOD_ABOVE = (">", ">=")


def trend_figure(
    series: pd.DataFrame, target, lang: str = "vi", year_end: dt.date | None = None
) -> go.Figure:
    """A target over all snapshots (trend_spec) as a plotly figure."""
    return plain_figure(trend_spec(series, target, lang, year_end))


def trend_spec(
    series: pd.DataFrame, target, lang: str = "vi", year_end: dt.date | None = None
) -> dict:
    """A target over all snapshots: threshold line, good side shaded,
    points coloured by status, the 95% interval as a grey band, and a dotted
    line at `year_end`, the snapshot whose value the page reports.

    Counts of rare events (kind 'count': HIV infections, drowning deaths)
    are dots labelled with their count against the target line, with no
    interval band (an exact interval of 0 cases would fill the plot, issue
    11); a score's axis spans the data and the pass mark, not 0 upwards.

    As a plain figure dict ({"data": [...], "layout": {...}}, plotly's own
    form): plotly's figure objects check every property as it is set, some
    60 ms a chart, which the deck's eighteen slides cannot spend on opening
    (issue 12). trend_figure checks it once; the deck sends it as it is."""
    rows = (
        series[series["target_id"] == target.id]
        .sort_values("snapshot_date")
        .reset_index(drop=True)
    )
    dates = rows["snapshot_date"].tolist()
    shapes, notes, data = [], [], []
    if year_end is not None and len(rows) and (min(dates) <= year_end <= max(dates)):
        shapes.append(
            _vline(year_end, {"color": INTERVAL_COLOUR, "width": 1.5, "dash": "dot"})
        )
    references = same_unit_references(target)
    is_count = target.kind == "count"
    y_top = _axis_top(
        rows["value"], rows["value"] if is_count else rows["ci_high"], target
    )
    if is_count:  # room above the labels; a row of zeros is seen as low
        y_top = max(y_top, COUNT_AXIS_MIN)
    if references:  # a reference line must stay on the chart
        y_top = max(
            y_top,
            min(
                1.15 * max(r.value for r in references),
                105.0 if target.unit == "%" else float("inf"),
            ),
        )
    _draw_threshold(shapes, notes, target, lang, y_top)
    _draw_references(shapes, notes, references, lang, target.threshold, y_top)
    if not is_count and rows["ci_low"].notna().any():
        # upper edge first, then the lower edge filled up to it
        for column, fill in (("ci_high", None), ("ci_low", "tonexty")):
            data.append(
                {
                    "type": "scatter",
                    "x": dates,
                    "y": rows[column].to_numpy(),
                    "mode": "lines",
                    "line": {"width": 0},
                    **({"fill": fill} if fill else {}),
                    "fillcolor": INTERVAL_FILL,
                    "hoverinfo": "skip",
                    "connectgaps": False,
                }
            )
    labelled = is_count and len(rows) <= COUNT_LABELS_MAX
    data.append(
        {
            "type": "scatter",
            "x": dates,
            "y": rows["value"].to_numpy(),
            # a count is a count of its own period: dots, not a line
            "mode": "markers+text" if is_count else "lines+markers",
            # labelled only while the labels have room (one a year, say)
            **(
                {
                    "text": [
                        "" if fmt.is_missing(v) else fmt.number(v, lang, 0)
                        for v in rows["value"]
                    ]
                }
                if labelled
                else {}
            ),
            "textposition": "top center",
            "cliponaxis": False,
            "line": {"color": LINE_COLOUR, "width": 2},
            "marker": {
                "size": 12 if len(rows) <= 16 else 8,
                "color": _status_colours(rows["status"]),
                "line": {"color": "white", "width": 1},
            },
            "customdata": _hover_data(rows, target, lang, date_first=True),
            "hovertemplate": _hover_template(lang),
            "connectgaps": False,
        }
    )
    if len(rows) and rows["value"].isna().all():
        # Nothing to draw: say why instead of showing an empty frame.
        notes.append(
            {
                "text": status_label(rows["status"].iloc[-1], lang),
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": FONT_SIZE + 3, "color": INTERVAL_COLOUR},
            }
        )
    year_ends = (
        rows.groupby(pd.to_datetime(rows["snapshot_date"]).dt.year)["snapshot_date"]
        .max()
        .tolist()
    )
    # a little room below 0, so points at 0 are not cut by the axis
    y_range = [-(0.1 if is_count else 0.04) * y_top, y_top]
    if target.kind == "score":
        y_range = score_range(rows["value"], target)
    layout = _finish_layout(lang, height=310)
    layout["xaxis"].update(
        tickvals=year_ends,
        ticktext=[fmt.date_text(d, lang) for d in year_ends],
        showgrid=False,
    )
    layout["yaxis"].update(
        range=y_range,
        ticksuffix=_tick_suffix(target),
        gridcolor="#E6E6E6",
        **_integer_ticks(target, y_top),
    )
    layout.update({k: v for k, v in (("shapes", shapes), ("annotations", notes)) if v})
    return {"data": data, "layout": layout}


def breakdown_figure(
    breakdown: pd.DataFrame, dimension: str, lang: str = "vi"
) -> go.Figure:
    """Injured and died per category of one dimension (cause, place, sex or
    age band), categories in the order of the commune injury report. Deaths
    a meeting may not see (disclosure.rules.meeting_breakdown) have no bar
    and no label."""
    rows = breakdown[breakdown["dimension"] == dimension].reset_index(drop=True)
    categories = [category_label(c, lang) for c in rows["category"]]
    traces = []
    top = 1
    for column, key in (("injured_count", "injured"), ("death_count", "deaths")):
        counts = [_count_or_none(c) for c in rows[column]]
        top = max([top, *(c for c in counts if c is not None)])
        traces.append(
            {
                "type": "bar",
                "y": categories,
                "x": [c or 0 for c in counts],
                "orientation": "h",
                "name": t(key, lang),
                "marker": {"color": COUNT_COLOURS[column]},
                "text": ["" if c is None else fmt.number(c, lang, 0) for c in counts],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{y}: %{text}<extra>" + t(key, lang) + "</extra>",
            }
        )
    layout = _finish_layout(lang, _bar_height(2 * len(rows)) + 30)
    layout.update(
        barmode="group",
        showlegend=True,
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        xaxis={
            **layout["xaxis"],
            "range": [0, top * 1.25],
            "gridcolor": "#E6E6E6",
            "tickformat": ",d",
            **({"dtick": 1} if top <= 8 else {}),
        },
        yaxis={
            **layout["yaxis"],
            "autorange": "reversed",
            "type": "category",
            "showgrid": False,
        },
    )
    return plain_figure({"data": traces, "layout": layout})


def order_groups(by_group: pd.DataFrame, target) -> pd.DataFrame:
    """Groups furthest from the good side first, groups without a value last."""
    worst_first = target.direction == "lower"
    return by_group.sort_values(
        ["value", "residential_group"],
        ascending=[not worst_first, True],
        na_position="last",
    ).reset_index(drop=True)


def short_names(names: list[str]) -> list[str]:
    """Group names without the words they all start with ('Tổ dân phố
    Hòa Sơn' -> 'Hòa Sơn'): the chart's title already says what they are."""
    if len(names) < 2:
        return list(names)
    words = [name.split(" ") for name in names]
    shared = 0
    while all(len(w) > shared and w[shared] == words[0][shared] for w in words):
        shared += 1
    # Only a prefix of two words or more ("Tổ dân phố"), never a whole name:
    # "Tổ 1" stays "Tổ 1", not a bare "1".
    if shared < 2 or any(len(w) == shared for w in words):
        return list(names)
    return [" ".join(w[shared:]) for w in words]


def plain_figure(spec: dict) -> go.Figure:
    """A figure from a spec of plain values (lists, strings, numbers),
    without plotly's validation: building a chart through validated
    setters took 30-50 ms, most of a page's budget at province scale.
    tests/test_charts.py validates every such spec with plotly, so a
    misspelt property still fails there."""
    return go.Figure(spec, _validate=False)


def score_range(values: pd.Series, target) -> list[float]:
    """A score's value axis: the data and the pass mark with room around
    them, not from 0 (810-881 against 850 must not look flat)."""
    points = [v for v in [*values, target.threshold] if not fmt.is_missing(v)]
    if not points:
        return [0.0, 1.0]
    low, high = min(points), max(points)
    pad = 0.15 * (high - low) or max(abs(high) * 0.02, 1.0)
    return [low - pad, high + pad]


# --- helpers ----------------------------------------------------------------
def _html(text: str) -> str:
    """Plotly reads labels as HTML: '<5' must arrive as '&lt;5'."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _count_or_none(value) -> int | None:
    """12 -> 12; a count a meeting may not see (NaN) -> None."""
    if fmt.is_missing(value):
        return None
    return int(value)


def _status_colours(statuses: pd.Series) -> list[str]:
    return [STATUS_COLOURS[s] for s in statuses]


def _axis_top(values: pd.Series, highs: pd.Series, target) -> float:
    """Upper end of the value axis: room above the data and the threshold;
    wide intervals of small groups may be cut at twice that; shares stop
    just above 100%."""
    points = [v for v in [*values, target.threshold] if not fmt.is_missing(v)]
    top = max(points, default=0.0)
    high = max((v for v in highs if not fmt.is_missing(v)), default=0.0)
    # (nothing counted yet: the interval alone says how high it could be)
    top = (max(top, min(high, 2 * top)) if top > 0 else high) * 1.15
    if target.unit == "%":
        top = min(top, 105.0)
    return top if top > 0 else 1.0


def _draw_threshold(shapes: list, notes: list, target, lang: str, top: float) -> None:
    """Threshold as a dashed line, the side that meets the target shaded
    (onto `shapes`), its name above the plot (onto `notes`)."""
    if target.operator == "info" or target.threshold is None:
        return
    label = t(
        "threshold_line",
        lang,
        threshold=fmt.threshold_text(
            target.operator, target.threshold, target.unit, lang
        ),
    )
    good = None
    if target.operator in _GOOD_BELOW:
        good = (0, target.threshold)
    elif target.operator in _GOOD_ABOVE:
        good = (target.threshold, top)
    if good:
        shapes.append(
            {
                "type": "rect",
                "xref": "x domain",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": good[0],
                "y1": good[1],
                "line": {"width": 0},
                "layer": "below",
                "fillcolor": STATUS_COLOURS["met"],
                "opacity": GOOD_SIDE_OPACITY,
            }
        )
    shapes.append(
        _hline(
            target.threshold, {"color": THRESHOLD_COLOUR, "width": 2, "dash": "dash"}
        )
    )
    # Named above the plot, where it cannot cover a data point.
    notes.append(
        {
            "text": "╌╌ " + label,
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 1,
            "xanchor": "left",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": FONT_SIZE - 1, "color": THRESHOLD_COLOUR},
        }
    )


def same_unit_references(target) -> list:
    """The plan's national references that can share the target's axis."""
    return [r for r in getattr(target, "references", ()) if r.unit == target.unit]


def _draw_references(
    shapes: list, notes: list, references, lang: str, threshold=None, top: float = 1.0
) -> None:
    """National references as thin dotted lines, labelled at their right
    end on the side away from the plan's threshold: context, visibly
    secondary to the plan's own line."""
    for ref in references:
        shapes.append(
            _hline(ref.value, {"color": REFERENCE_COLOUR, "width": 1.5, "dash": "dot"})
        )
        # under its line when below the threshold, unless that would put
        # it on the points along the axis
        below = (
            threshold is not None and ref.value < threshold and ref.value > 0.15 * top
        )
        notes.append(
            {
                "text": _html(ref.label_vi if lang == "vi" else ref.label_en),
                "xref": "paper",
                "yref": "y",
                "x": 1,
                "y": ref.value,
                "xanchor": "right",
                "yanchor": "top" if below else "bottom",
                "showarrow": False,
                "font": {"size": FONT_SIZE - 3, "color": REFERENCE_COLOUR},
                # on white: the year's dotted end line runs behind, not through
                "bgcolor": "rgba(255,255,255,0.9)",
            }
        )


def _hline(y, line: dict) -> dict:
    """A line across the plot at `y`, as plotly's add_hline draws it."""
    return {
        "type": "line",
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": y,
        "y1": y,
        "line": line,
    }


def _vline(x, line: dict) -> dict:
    """A line up the plot at `x`, as plotly's add_vline draws it."""
    return {
        "type": "line",
        "xref": "x",
        "x0": x,
        "x1": x,
        "yref": "y domain",
        "y0": 0,
        "y1": 1,
        "line": line,
    }


def _hover_data(
    rows: pd.DataFrame, target, lang: str, date_first: bool
) -> list[list[str]]:
    out = []
    for row in rows.itertuples(index=False):
        head = (
            fmt.date_text(row.snapshot_date, lang)
            if date_first
            else row.residential_group
        )
        out.append(
            [
                _html(text)
                for text in (
                    head,
                    fmt.target_value_text(target, row, lang),
                    counts_text(row.numerator, row.denominator, lang),
                    status_label(row.status, lang),
                )
            ]
        )
    return out


def counts_text(numerator, denominator, lang: str) -> str:
    if fmt.is_missing(numerator):
        return fmt.MISSING
    text = fmt.number(numerator, lang, 0)
    if not fmt.is_missing(denominator):
        text += " / " + fmt.number(denominator, lang, 0)
    return text


def _hover_template(lang: str) -> str:
    return (
        "<b>%{customdata[0]}</b><br>"
        f"{t('hover_value', lang)}: %{{customdata[1]}}<br>"
        f"{t('hover_counts', lang)}: %{{customdata[2]}}<br>"
        f"{t('hover_status', lang)}: %{{customdata[3]}}<extra></extra>"
    )


def _integer_ticks(target, top: float) -> dict:
    """Counts and points are whole: no 0,5 child on an axis."""
    if target.unit not in ("count", "points"):
        return {}
    return {"tickformat": ",d", **({"dtick": 1} if top <= 10 else {})}


def _tick_suffix(target) -> str:
    return target.unit if target.unit in ("%", "‰") else ""


def _bar_height(bars: int) -> int:
    return 90 + ROW_HEIGHT * max(bars, 2)


def _finish_layout(lang: str, height: int) -> dict:
    """The layout every chart shares: separators, fonts, white ground, no
    legend, axes that make room for their labels."""
    return {
        "separators": fmt.plotly_separators(lang),
        "height": height,
        "margin": {"l": 8, "r": 40, "t": 36, "b": 8},
        "showlegend": False,
        "font": {"size": FONT_SIZE, "family": FONT_FAMILY},
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "bargap": 0.25,
        # one x and one y axis on every chart: set with the layout in one
        # call (update_xaxes walks the subplots, at milliseconds a call)
        "xaxis": {"automargin": True, "zeroline": False},
        "yaxis": {"automargin": True, "zeroline": False},
    }
