"""A tile's sparkline as a small SVG drawn on the server.

The overview has one tile per target (18). As plotly charts, their
sparklines were most of the overview's time in the browser (a filter
change redrew 18 charts: ~0.5 of the page's ~1 s on the sample town) and
a third of its script time at province scale. A sparkline needs no axes,
zoom or legend, so it is plain SVG: the line through every snapshot, the plan's
threshold dashed, a dot on each year's last snapshot with the trend's
hover text as its tooltip (an SVG <title>), the last point in its status
colour.

What it draws is what charts.trend_figure would for the same rows: the
values of `series` (the meeting's view, disclosure rules applied before),
up to the chosen year's end, without the missing ones.
"""

from __future__ import annotations

import datetime as dt
from html import escape

import pandas as pd

from childplan.present import charts, fmt
from childplan.present.i18n import status_label, t, target_name

WIDTH = 300  # viewBox units across; stretched to the tile's width
HEIGHT = 64  # px, as the plotly sparkline was
MARGIN = 6  # keeps the largest dot inside the box
DOT, LAST_DOT = 5, 9  # px across, as the plotly markers were
PAD = 0.15  # of the value range, above and below


def rows_by_target(series: pd.DataFrame, until: dt.date | None = None) -> dict:
    """Each target's rows a tile draws, in one pass over `series`: its
    values in date order up to `until` (the chosen year's end: a tile never
    runs past its year), without the missing ones; rows as named tuples.
    (A boolean mask, a sort and a copy per tile cost a fifth of the
    overview's script time.)"""
    out: dict[str, list] = {}
    for row in series.itertuples(index=False):
        if fmt.is_missing(row.value) or (
            until is not None and row.snapshot_date > until
        ):
            continue
        out.setdefault(row.target_id, []).append(row)
    for rows in out.values():
        rows.sort(key=lambda r: r.snapshot_date)
    return out


def has_threshold(target) -> bool:
    """Whether the plan sets a number to draw (not a target only watched)."""
    return target.operator != "info" and target.threshold is not None


def value_range(values: list[float], target) -> tuple[float, float]:
    """The drawn range: the values and the threshold, padded 15% of their
    span (10% of the value, at least 1, when they are all equal)."""
    points = [*values, *([target.threshold] if has_threshold(target) else [])]
    low, high = min(points), max(points)
    pad = PAD * (high - low) or max(abs(high) * 0.1, 1.0)
    return low - pad, high + pad


def hover_lines(row, target, lang: str) -> list[str]:
    """A point's tooltip, as the trend's hover: date, value with its
    interval, numerator / denominator, status."""
    return [
        fmt.date_text(row.snapshot_date, lang),
        f"{t('hover_value', lang)}: {fmt.target_value_text(target, row, lang)}",
        f"{t('hover_counts', lang)}: "
        + charts.counts_text(row.numerator, row.denominator, lang),
        f"{t('hover_status', lang)}: {status_label(row.status, lang)}",
    ]


def svg_of(rows: list, target, lang: str = "vi") -> str | None:
    """The sparkline of a target's rows (rows_by_target), or None when
    there are none. The line is neutral (dots only for counts); colour
    means status only, on the last point: whether the line went up or down
    is not coloured. Every text in it is escaped."""
    if not rows:
        return None
    values = [float(r.value) for r in rows]
    low, high = value_range(values, target)
    days = [r.snapshot_date.toordinal() for r in rows]
    first, span = days[0], (days[-1] - days[0]) or 1

    def x(day: int) -> float:
        if days[0] == days[-1]:
            return WIDTH / 2
        return MARGIN + (day - first) / span * (WIDTH - 2 * MARGIN)

    def y(value: float) -> float:
        return HEIGHT - MARGIN - (value - low) / (high - low) * (HEIGHT - 2 * MARGIN)

    # Stretched across the tile (preserveAspectRatio none); strokes keep
    # their width in px (non-scaling-stroke), so a dot, a zero-length path
    # with a round cap, stays round.
    keep = 'vector-effect="non-scaling-stroke"'
    parts = [
        f'<svg class="cp-spark" role="img" aria-label="{_attr(_label(target, lang))}"'
        f' viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none"'
        f' width="100%" height="{HEIGHT}" style="display:block;overflow:visible">'
    ]
    if has_threshold(target):
        level = _n(y(target.threshold))
        parts.append(
            f'<line class="cp-spark-threshold" x1="0" x2="{WIDTH}" y1="{level}"'
            f' y2="{level}" stroke="{charts.THRESHOLD_COLOUR}" stroke-width="1.5"'
            f' stroke-dasharray="5 4" {keep}/>'
        )
    points = [(x(d), y(v)) for d, v in zip(days, values, strict=True)]
    if target.kind != "count" and len(points) > 1:
        path = " ".join(f"{_n(px)},{_n(py)}" for px, py in points)
        parts.append(
            f'<polyline class="cp-spark-line" points="{path}" fill="none"'
            f' stroke="{charts.LINE_COLOUR}" stroke-width="2"'
            f' stroke-linejoin="round" {keep}/>'
        )
    last = len(rows) - 1
    for i in marked_points(rows, target):
        row = rows[i]
        px, py = points[i]
        colour = charts.STATUS_COLOURS[row.status] if i == last else charts.LINE_COLOUR
        size = LAST_DOT if i == last else DOT
        dot = f'd="M{_n(px)},{_n(py)}h0" stroke-linecap="round" {keep}'
        tip = "\n".join(hover_lines(row, target, lang))
        parts.append(
            f"<g><title>{escape(tip, quote=False)}</title>"
            f'<path class="cp-spark-dot" {dot} stroke="{colour}"'
            f' stroke-width="{size}"/>'
            # a wider, invisible target for the pointer
            f'<path {dot} stroke="transparent" stroke-width="16"'
            ' pointer-events="stroke"/></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def marked_points(rows: list, target) -> list[int]:
    """The points drawn as dots, each with its tooltip: every year's last
    snapshot (the figure the plan measures a year by) and the last point
    (the tile's own figure); every point for counts, which have no line.
    A dot on each of 48 monthly points, with its tooltip, cost the
    overview ~0.25 s of the browser's time per filter change."""
    if target.kind == "count":
        return list(range(len(rows)))
    years = [r.snapshot_date.year for r in rows]
    return [
        i for i in range(len(years)) if i == len(years) - 1 or years[i + 1] != years[i]
    ]


def _label(target, lang: str) -> str:
    return t("spark_label", lang, target=target_name(target, lang))


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _n(value: float) -> str:
    """A coordinate, to a hundredth of a unit."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
