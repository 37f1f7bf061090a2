"""Year-end projections of a target during an incomplete year.

Pure functions (no Streamlit, no SQL, no words); childplan/indicators/
early_warnings.py feeds them from the store, and childplan/present/outlook.py
says in words how each projection was reached.

Event targets (rates and counts): the events so far are scaled to the full
year by the share of a year's events that earlier years had seen by the
same point (their seasonal pattern, pooled over the years). The interval is
a 95 % prediction interval for the year-end count: the events still to come
are Poisson with an unknown yearly mean; given the X events seen in the
fraction f of a typical year (Jeffreys prior) they follow a negative
binomial NB(X + ½, f), added to the X already counted. So the interval
never starts below the events already recorded.

Share targets: a straight-line trend through the recent snapshots,
extended to 31 December, with the ordinary least-squares prediction
interval (t distribution, n − 2 degrees of freedom), kept within 0–100 %.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
from scipy.stats import nbinom
from scipy.stats import t as student_t

from childplan.store.definitions import meets

NAN = float("nan")
# Fewer events than this in earlier years and their monthly pattern is
# noise: the year is then taken as uniform (a month is 1/12 of the year).
MIN_SEASONAL_EVENTS = 20
MIN_TREND_POINTS = 3


# --- event targets ----------------------------------------------------------


def seasonal_fraction(
    months_elapsed: float, earlier_years: Sequence[Sequence[float]]
) -> tuple[float, bool]:
    """Share of a year's events that usually happened by `months_elapsed`.

    months_elapsed: 6.0 = end of June; 5.5 = mid-June (the month in
    progress is prorated). earlier_years: one 12-long sequence of monthly
    counts (Jan..Dec) per earlier year. Returns (fraction, is_seasonal):
    pooled over the years when they hold at least 20 events and the
    fraction is positive, else uniform months_elapsed / 12.
    """
    if not 0 < months_elapsed <= 12:
        raise ValueError(f"months_elapsed must be in (0, 12], got {months_elapsed}")
    uniform = months_elapsed / 12
    if not earlier_years:
        return uniform, False
    pooled = np.sum(np.asarray(earlier_years, dtype="float64"), axis=0)
    if pooled.shape != (12,):
        raise ValueError("each earlier year needs 12 monthly counts")
    total = pooled.sum()
    if total < MIN_SEASONAL_EVENTS:
        return uniform, False
    whole = int(math.floor(months_elapsed))
    part = months_elapsed - whole
    seen = pooled[:whole].sum() + (pooled[whole] * part if whole < 12 else 0)
    fraction = float(seen / total)
    if fraction <= 0:
        return uniform, False
    return fraction, True


def project_event_count(
    monthly_counts_so_far: Sequence[float],
    earlier_years_monthly_counts: Sequence[Sequence[float]],
    months_elapsed: float | None = None,
    level: float = 0.95,
) -> tuple[float, float, float]:
    """(point, low, high) of the year-end event count.

    monthly_counts_so_far: counts of January up to the current month.
    months_elapsed defaults to len(monthly_counts_so_far) (whole months);
    pass e.g. 5.5 when the latest snapshot is mid-June.
    """
    observed = float(sum(monthly_counts_so_far))
    if months_elapsed is None:
        months_elapsed = float(len(monthly_counts_so_far))
    if months_elapsed <= 0:
        return (NAN, NAN, NAN)
    fraction, _ = seasonal_fraction(months_elapsed, earlier_years_monthly_counts)
    if fraction >= 1:
        return (observed, observed, observed)
    point = observed / fraction
    alpha = 1 - level
    shape = observed + 0.5
    low = observed + float(nbinom.ppf(alpha / 2, shape, fraction))
    high = observed + float(nbinom.ppf(1 - alpha / 2, shape, fraction))
    return (point, low, high)


# --- share targets ----------------------------------------------------------


def project_share(
    recent_values_with_dates: Sequence[tuple[dt.date, float]],
    year_end: dt.date,
    level: float = 0.95,
    bounds: tuple[float, float] = (0.0, 100.0),
) -> tuple[float, float, float]:
    """(point, low, high) of a share at year_end from a linear trend.

    recent_values_with_dates: (date, value) pairs, values in %. Needs at
    least 3 distinct dates, else (nan, nan, nan). All three results are
    kept within `bounds`.
    """
    pairs = [
        (d, float(v))
        for d, v in recent_values_with_dates
        if v is not None and not math.isnan(float(v))
    ]
    if len({d for d, _ in pairs}) < MIN_TREND_POINTS:
        return (NAN, NAN, NAN)
    origin = min(d for d, _ in pairs)
    x = np.array([(d - origin).days for d, _ in pairs], dtype="float64")
    y = np.array([v for _, v in pairs], dtype="float64")
    n = len(x)
    x_mean, y_mean = x.mean(), y.mean()
    sxx = float(((x - x_mean) ** 2).sum())
    slope = float(((x - x_mean) * (y - y_mean)).sum()) / sxx
    intercept = float(y_mean) - slope * float(x_mean)
    x0 = float((year_end - origin).days)
    point = float(intercept + slope * x0)
    residuals = y - (intercept + slope * x)
    s2 = float((residuals**2).sum()) / (n - 2)
    se = math.sqrt(s2 * (1 + 1 / n + (x0 - x_mean) ** 2 / sxx))
    half = float(student_t.ppf(1 - (1 - level) / 2, n - 2)) * se
    lo, hi = bounds
    return (
        min(max(point, lo), hi),
        min(max(point - half, lo), hi),
        min(max(point + half, lo), hi),
    )


# --- status (the rule itself: childplan.store.definitions.meets) ------------


def _nan(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def risk_status(point, low, high, operator: str, threshold) -> str:
    """Projected status of a target.

    'info' (no number in the plan), 'no_data' (no projection), 'not_met'
    (the point is on the wrong side), 'at_risk' (the point is on the good
    side but the interval reaches the threshold or beyond), 'met' (the
    whole interval is on the good side; also when there is no interval).
    """
    if operator == "info" or threshold is None:
        return "info"
    if _nan(point):
        return "no_data"
    if not meets(point, operator, threshold):
        return "not_met"
    if _nan(low) or _nan(high):
        return "met"
    if meets(low, operator, threshold) and meets(high, operator, threshold):
        return "met"
    return "at_risk"
