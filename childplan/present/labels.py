"""Where a chart's point labels sit so that none covers another: a small
greedy placement in an estimate of the plot's pixels (plotly places text
but never moves it out of the way)."""

from __future__ import annotations

import pandas as pd

from childplan.present.charts import FONT_SIZE

# Where a label may sit around its point, and its box's offset from the
# point in pixels (left, bottom of the box; y grows upwards).
_PLACES = {
    "top right": (6, 6),
    "bottom right": (6, -24),
    "top left": (-6, 6),
    "bottom left": (-6, -24),
    "middle right": (10, -9),
    "middle left": (-10, -9),
    "top center": (0, 10),
    "bottom center": (0, -28),
}
# The plot area a funnel gets beside the trend (2/5 of the page, 440 px
# high less margins and the legend), and the size of one label character.
PLOT_PX = (520, 250)
CHAR_PX, LABEL_PX = 0.56 * FONT_SIZE, FONT_SIZE + 3
POINT_PX = 7


def label_positions(
    placed: pd.DataFrame,
    labels: list[str],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    plot_px: tuple[int, int] = PLOT_PX,
) -> list[str]:
    """A textposition per point such that no two labels overlap, nor a
    label a point, where it can be done: each label, from the leftmost,
    takes the first place around its point that is free (inside the plot),
    trying first the roomier side (above a point in the lower half, right
    of one in the left half); when none is free, the least crowded."""
    if placed.empty:
        return []
    (x0, x1), (y0, y1) = x_range, y_range
    width, height = plot_px

    def px(x, y):
        return (
            (x - x0) / ((x1 - x0) or 1) * width,
            (y - y0) / ((y1 - y0) or 1) * height,
        )

    points = [
        px(x, y) for x, y in zip(placed["denominator"], placed["value"], strict=True)
    ]
    taken = [
        (x - POINT_PX, y - POINT_PX, x + POINT_PX, y + POINT_PX) for x, y in points
    ]
    positions = ["top right"] * len(points)
    for i in sorted(range(len(points)), key=lambda k: points[k][0]):
        if not labels[i]:
            continue
        x, y = points[i]
        vertical = ["top", "bottom"] if y <= height / 2 else ["bottom", "top"]
        horizontal = ["right", "left"] if x <= width / 2 else ["left", "right"]
        order = [f"{v} {h}" for h in horizontal for v in vertical]
        order += [f"middle {h}" for h in horizontal] + ["top center", "bottom center"]
        w = CHAR_PX * len(labels[i])
        best, best_cost = order[0], None
        own = taken[i]
        for place in order:
            box = _box(x, y, w, place)
            cost = sum(_overlap(box, other) for other in taken if other is not own)
            cost += _outside(box, width, height)
            if best_cost is None or cost < best_cost:
                best, best_cost = place, cost
            if cost == 0:
                break
        positions[i] = best
        taken.append(_box(x, y, w, best))
    return positions


def _box(x: float, y: float, w: float, place: str) -> tuple[float, float, float, float]:
    dx, dy = _PLACES[place]
    if place.endswith("left"):
        left = x + dx - w
    elif place.endswith("center"):
        left = x - w / 2
    else:
        left = x + dx
    return (left, y + dy, left + w, y + dy + LABEL_PX)


def _overlap(a, b) -> float:
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def _outside(box, width: float, height: float) -> float:
    inside = _overlap(box, (0, 0, width, height))
    return (box[2] - box[0]) * (box[3] - box[1]) - inside
