"""Year-end projections of a target during an incomplete year, and words.

Pure functions (no Streamlit, no SQL); childplan/early_warnings.py feeds
them from the store.

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

from childplan.present import fmt
from childplan.store.definitions import meets

NAN = float("nan")
# Fewer events than this in earlier years and their monthly pattern is
# noise: the year is then taken as uniform (a month is 1/12 of the year).
MIN_SEASONAL_EVENTS = 20
MIN_TREND_POINTS = 3


# --- event targets ----------------------------------------------------------

def seasonal_fraction(months_elapsed: float,
                      earlier_years: Sequence[Sequence[float]]) -> tuple[float, bool]:
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


def project_event_count(monthly_counts_so_far: Sequence[float],
                        earlier_years_monthly_counts: Sequence[Sequence[float]],
                        months_elapsed: float | None = None,
                        level: float = 0.95) -> tuple[float, float, float]:
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

def project_share(recent_values_with_dates: Sequence[tuple[dt.date, float]],
                  year_end: dt.date, level: float = 0.95,
                  bounds: tuple[float, float] = (0.0, 100.0)
                  ) -> tuple[float, float, float]:
    """(point, low, high) of a share at year_end from a linear trend.

    recent_values_with_dates: (date, value) pairs, values in %. Needs at
    least 3 distinct dates, else (nan, nan, nan). All three results are
    kept within `bounds`.
    """
    pairs = [(d, float(v)) for d, v in recent_values_with_dates
             if v is not None and not math.isnan(float(v))]
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
    s2 = float((residuals ** 2).sum()) / (n - 2)
    se = math.sqrt(s2 * (1 + 1 / n + (x0 - x_mean) ** 2 / sxx))
    half = float(student_t.ppf(1 - (1 - level) / 2, n - 2)) * se
    lo, hi = bounds
    return (min(max(point, lo), hi), min(max(point - half, lo), hi),
            min(max(point + half, lo), hi))


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


# --- words ------------------------------------------------------------------

_NO_PROJECTION = {
    "vi": {
        "trend_points": "Không đủ số liệu để dự báo: cần ít nhất 3 ảnh chụp "
                        "có giá trị trong 12 tháng gần nhất.",
        "denominator": "Không đủ số liệu để dự báo: ảnh chụp mới nhất không "
                       "có trẻ em nào để làm mẫu số.",
        "snapshot": "Chưa có ảnh chụp nào trong năm nên chưa thể dự báo.",
        "table": "Không đủ số liệu để dự báo: ảnh chụp mới nhất thiếu bảng "
                 "số liệu của chỉ tiêu này.",
    },
    "en": {
        "trend_points": "Not enough data to project: at least 3 snapshots "
                        "with a value in the last 12 months are needed.",
        "denominator": "Not enough data to project: the latest snapshot has "
                       "no children to divide by.",
        "snapshot": "No snapshot in this year yet, so nothing to project.",
        "table": "Not enough data to project: the latest snapshot lacks the "
                 "table this target is computed from.",
    },
}


def _pct(fraction: float, lang: str) -> str:
    return fmt.number(100 * fraction, lang, 0) + "%"


def projection_reason(lang: str, *, status: str, basis: str, unit: str,
                      operator: str, threshold, point=NAN, low=NAN, high=NAN,
                      as_of: dt.date | None = None, events_so_far=None,
                      seasonal_share=None, is_seasonal: bool = False,
                      trend_points: int = 0, trend_from: dt.date | None = None,
                      value=NAN, missing: str = "trend_points") -> str:
    """One or two sentences saying how the status was reached.

    basis: 'events' (seasonal scaling), 'trend' (recent snapshots),
    'final' (the year is complete: no projection), 'score' (yearly
    assessment: no projection), 'none' (not enough data; `missing` says
    what: 'trend_points', 'denominator', 'snapshot' or 'table').
    lang: 'vi' or 'en'.
    """
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', got {lang!r}")
    vi = lang == "vi"

    def val(v) -> str:
        return fmt.value_text(v, unit, lang)

    def day(d) -> str:
        return fmt.date_text(d, lang)

    rng = f"{val(low)}–{val(high)}"
    thr = fmt.threshold_text(operator, threshold, unit, lang)
    if basis == "final":
        return (f"Năm đã có số liệu đến {day(as_of)}: giá trị cuối năm là "
                f"{val(value)}, không cần dự báo." if vi else
                f"The year is complete ({day(as_of)}): the year-end value "
                f"is {val(value)}; no projection needed.")
    if basis == "score":
        return (f"Điểm xã phù hợp với trẻ em được chấm theo năm nên không dự "
                f"báo; điểm hiện có là {val(value)}." if vi else
                f"The child-friendly score is assessed once a year, so it is "
                f"not projected; the latest score is {val(value)}.")
    if status == "no_cases":
        return ("Chưa có vụ việc nào được thông báo trong 12 tháng gần nhất "
                "nên chưa có gì để đánh giá." if vi else
                "No case was reported in the last 12 months, so there is "
                "nothing to assess yet.")
    if basis == "none" or status == "no_data":
        return _NO_PROJECTION[lang][missing]
    if basis == "events":
        share = _pct(seasonal_share, lang)
        n_events = int(events_so_far)
        if vi:
            how = (f"các năm trước, đến thời điểm này thường đã xảy ra "
                   f"{share} số trường hợp cả năm" if is_seasonal else
                   f"các năm trước có dưới 20 trường hợp nên coi như các trường hợp "
                   f"rải đều theo tháng ({share} của năm đã qua)")
            first = (f"Đến {day(as_of)} đã ghi nhận {n_events} trường hợp; "
                     f"{how}. Dự báo cả năm: {val(point)} (khoảng 95%: {rng}).")
        else:
            how = (f"in earlier years {share} of a year's cases had "
                   f"happened by this point" if is_seasonal else
                   f"earlier years had fewer than 20 cases, so cases are "
                   f"taken as even across months ({share} of the year "
                   f"gone)")
            first = (f"{n_events} case(s) recorded by {day(as_of)}; {how}. "
                     f"Projected for the year: {val(point)} (95% range: "
                     f"{rng}).")
    elif basis == "trend":
        if vi:
            first = (f"Theo xu hướng của {trend_points} ảnh chụp từ "
                     f"{day(trend_from)} đến {day(as_of)}, dự báo cuối "
                     f"năm: {val(point)} (khoảng 95%: {rng}).")
        else:
            first = (f"Following the trend of {trend_points} snapshots from "
                     f"{day(trend_from)} to {day(as_of)}, the year-end "
                     f"projection is {val(point)} (95% range: {rng}).")
    else:
        raise ValueError(f"unknown basis {basis!r}")
    if vi:
        second = {
            "met": f"Cả khoảng dự báo đều đạt ngưỡng kế hoạch ({thr}).",
            "at_risk": f"Giá trị dự báo đạt ngưỡng kế hoạch ({thr}) nhưng "
                       f"khoảng dự báo vượt qua ngưỡng: có nguy cơ không đạt.",
            "not_met": f"Giá trị dự báo không đạt ngưỡng kế hoạch ({thr}).",
            "info": "Kế hoạch không đặt ngưỡng bằng số cho chỉ tiêu này.",
        }[status]
    else:
        second = {
            "met": f"The whole range meets the plan's threshold ({thr}).",
            "at_risk": f"The projection meets the plan's threshold ({thr}) "
                       f"but its range crosses it: at risk of being missed.",
            "not_met": f"The projection misses the plan's threshold ({thr}).",
            "info": "The plan sets no number for this target.",
        }[status]
    return f"{first} {second}"
