"""Uncertainty for small numbers: intervals, instability, funnel limits.

Pure functions (no Streamlit, no SQL). Choices follow domain-notes.md,
"Numbers on small populations":

- percentages get a Wilson score interval (Brown, Cai & DasGupta 2001):
  unlike the textbook Wald interval it stays inside 0–100 % and keeps its
  coverage for 0 of n, n of n and small n;
- rates and counts get the exact Poisson (Garwood 1936) interval from the
  chi-square quantiles. scipy computes it exactly for any count, so Byar's
  approximation (meant for hand work on large counts) is not needed;
- the child-friendly score is a sum of assessed points, not a sample:
  no interval;
- a value built on fewer than 20 events is unstable (its relative standard
  error exceeds about 23 %).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.stats import binom, chi2, norm, poisson

UNSTABLE_BELOW = 20  # events; domain-notes: "fewer than about 20"
FUNNEL_LEVELS = (0.95, 0.998)
NAN = float("nan")


# Quantiles are cached: a page's series asks the same few (one z, the
# chi-square of the same small counts) hundreds of times, and scipy's ppf
# costs ~0.2 ms a call.
@functools.lru_cache(maxsize=64)
def _z(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level!r}")
    return float(norm.ppf(1 - (1 - level) / 2))


def _missing(*values) -> bool:
    return any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values)


def wilson_interval(successes, n, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of successes / n, in percent.

    3 of 150 -> (0.68, 5.71). 0 of n starts at exactly 0, n of n ends at
    exactly 100. No denominator (n missing or 0) -> (nan, nan).
    """
    if _missing(successes, n) or n <= 0:
        return (NAN, NAN)
    if successes < 0 or successes > n:
        raise ValueError(f"successes must be within 0..n, got {successes} of {n}")
    z = _z(level)
    p = successes / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z2n / (4 * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return (100 * low, 100 * high)


def poisson_interval(count, level: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for the mean of a Poisson count.

    3 -> (0.619, 8.767); 0 -> (0, 3.689) at 95 %.
    """
    if _missing(count):
        return (NAN, NAN)
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    alpha = 1 - level
    low = 0.0 if count == 0 else _chi2_ppf(alpha / 2, 2 * count) / 2
    high = _chi2_ppf(1 - alpha / 2, 2 * count + 2) / 2
    return (low, high)


@functools.lru_cache(maxsize=4096)
def _chi2_ppf(q: float, df: float) -> float:
    return float(chi2.ppf(q, df))


def rate_interval(
    events, population, per: float = 1000, level: float = 0.95
) -> tuple[float, float]:
    """Exact Poisson interval of events per `per` of the population."""
    if _missing(events, population) or population <= 0:
        return (NAN, NAN)
    low, high = poisson_interval(events, level)
    return (low * per / population, high * per / population)


def is_unstable(events) -> bool:
    """True when a value rests on fewer than 20 events (or none known)."""
    if _missing(events):
        return False
    return events < UNSTABLE_BELOW


def value_interval(
    kind: str, numerator, denominator, level: float = 0.95
) -> tuple[float, float]:
    """The 95 % interval of a target value in its own unit.

    kind is Target.kind: "share" (Wilson, %), "rate" (exact Poisson per
    1,000), "count" (exact Poisson on the count itself), "score" (none).
    Missing numerator/denominator (no_data, no_cases) -> (nan, nan).
    """
    if kind == "share":
        return wilson_interval(numerator, denominator, level)
    if kind == "rate":
        return rate_interval(numerator, denominator, 1000, level)
    if kind == "count":
        return poisson_interval(numerator, level)
    if kind == "score":
        return (NAN, NAN)
    raise ValueError(f"unknown target kind {kind!r}")


def value_is_unstable(kind: str, numerator) -> bool:
    """Unstable flag of a target value: shares, rates and counts built on
    fewer than 20 counted events (the numerator). Scores never are."""
    if kind == "score":
        return False
    return is_unstable(numerator)


def add_intervals(
    frame: pd.DataFrame, kinds: dict[str, str], level: float = 0.95
) -> pd.DataFrame:
    """A copy of an indicator frame with ci_low, ci_high, is_unstable.

    `frame` needs target_id, numerator, denominator, value; `kinds` maps
    target_id -> Target.kind. Rows without a value get no interval and are
    not flagged unstable (there is nothing to be unstable about).
    """
    out = frame.copy()
    lows, highs, flags = [], [], []
    for target_id, num, den, value in zip(
        out["target_id"],
        out["numerator"],
        out["denominator"],
        out["value"],
        strict=True,
    ):
        kind = kinds[target_id]
        if _missing(value) or pd.isna(value):
            lows.append(NAN)
            highs.append(NAN)
            flags.append(False)
            continue
        num = None if pd.isna(num) else float(num)
        den = None if pd.isna(den) else float(den)
        low, high = value_interval(kind, num, den, level)
        lows.append(low)
        highs.append(high)
        flags.append(value_is_unstable(kind, num))
    out["ci_low"] = pd.Series(lows, index=out.index, dtype="float64")
    out["ci_high"] = pd.Series(highs, index=out.index, dtype="float64")
    out["is_unstable"] = pd.Series(flags, index=out.index, dtype="bool")
    return out


# --- funnel plots -----------------------------------------------------------
# Limits are exact binomial (shares) or Poisson (rates) quantiles, smoothed
# by the interpolation of Spiegelhalter (2005, Stat Med 24:1185, appendix
# A.1.1) so the funnel is a continuous curve rather than a staircase. The
# normal approximation p0 ± z·sqrt(p0(1-p0)/n) is not used: a residential
# group holds a few hundred children, the plan's thresholds sit near 0 %
# (HCĐB < 2 %, 3 injuries per 1,000) or near 100 % (96 %, 100 %), and there
# the approximation gives symmetric limits below 0 or above 100 % while the
# true distribution is skewed.

FUNNEL_KINDS = ("share", "rate")


def _attr(target, name):
    return target[name] if isinstance(target, dict) else getattr(target, name)


def has_funnel(target) -> bool:
    """A funnel plot applies: a share or rate with a threshold that the
    residential-group filter applies to (not town-wide)."""
    return (
        _attr(target, "kind") in FUNNEL_KINDS
        and _attr(target, "threshold") is not None
        and not _attr(target, "town_wide")
    )


def funnel_applies(target, denominators) -> bool:
    """A funnel plot can tell groups apart: has_funnel, a threshold inside
    the scale (not 0 % or 100 %, not a rate of 0, where every limit is the
    target), and at least one group large enough to expect one event on
    the rarer side (n·p0 >= 1 and n·(1 - p0) >= 1 for shares, n·p0 >= 1
    for rates). Otherwise the limits hug the edge for every group and a
    table says more than the chart."""
    if not has_funnel(target):
        return False
    n = np.asarray([d for d in denominators if not _missing(d) and d > 0], float)
    if _attr(target, "kind") == "share":
        p0 = _attr(target, "threshold") / 100
        if not 0 < p0 < 1:
            return False
        return bool(len(n) and (np.minimum(n * p0, n * (1 - p0)) >= 1).any())
    p0 = _attr(target, "threshold") / 1000
    return bool(p0 > 0 and len(n) and (n * p0 >= 1).any())


def level_tag(level: float) -> str:
    """0.95 -> '95', 0.998 -> '998': the suffix of the limit columns."""
    return f"{level * 100:g}".replace(".", "")


def _interpolated_quantile(q: float, dist, upper: bool) -> np.ndarray:
    """Spiegelhalter's continuous q-quantile of a frozen discrete scipy
    distribution, alpha = (F(r_q) - q) / (F(r_q) - F(r_q - 1)) in [0, 1):

    - lower limit r_q - alpha: an integer x lies below it exactly when
      x < r_q, i.e. when P(X <= x) < q (the exact test);
    - upper limit r_q + 1 - alpha: x lies above it exactly when
      x >= r_q + 1 and F(r_q) > q, i.e. when P(X >= x) < 1 - q.

    Both are continuous in the denominator and equal PHEindicatormethods'
    exact Poisson funnel limits where those are drawn (an event count on
    the limit). (Issue 11: the upper limit was r_q - alpha, one event low.)"""
    r = dist.ppf(q)
    f_r = dist.cdf(r)
    step = f_r - dist.cdf(r - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(step > 0, (f_r - q) / step, 0.0)
    return r + 1 - alpha if upper else r - alpha


def funnel_limits(
    target_value: float,
    denominators: Iterable,
    kind: str,
    levels: Sequence[float] = FUNNEL_LEVELS,
) -> pd.DataFrame:
    """Control limits around target_value for each denominator.

    kind "share": target_value in %, denominators = group denominators
    (integers); kind "rate": target_value per 1,000, denominators = children.
    One row per denominator: denominator, then lower_<tag>, upper_<tag> per
    level (tags '95', '998'), in the value's unit. A value lies outside a
    limit exactly when the exact test (exact_tails) says so. Limits never
    leave 0..100 % (shares) or go below 0, the lower never above the target
    and the upper never below it; a degenerate target (0 % or 100 % or a
    rate of 0) has limits equal to the target.
    """
    dens = np.asarray(list(denominators), dtype="float64")
    ok = dens > 0
    n = dens[ok]
    p0, scale, top, dist = _null(target_value, n, kind)
    degenerate = dist is None
    out = pd.DataFrame({"denominator": dens})
    for level in levels:
        tag = level_tag(level)
        lower = np.full(dens.shape, np.nan)
        upper = np.full(dens.shape, np.nan)
        if degenerate:
            lo = hi = np.full(n.shape, p0)
        else:
            tail = (1 - level) / 2
            lo = _interpolated_quantile(tail, dist, upper=False) / n
            hi = _interpolated_quantile(1 - tail, dist, upper=True) / n
        # Between 0 and the top, and on their side of the target line; no
        # integer moves across a limit by this (the mean is never in a tail).
        lower[ok] = scale * np.minimum(np.clip(lo, 0, top), p0)
        upper[ok] = scale * np.maximum(np.clip(hi, 0, top), p0)
        out[f"lower_{tag}"] = lower
        out[f"upper_{tag}"] = upper
    return out


def _null(target_value: float, n: np.ndarray, kind: str):
    """(p0, scale, top, dist): the target as a probability or rate per
    child, the unit's scale, the largest value (1 for shares) and the frozen
    scipy distribution of the count if the group met the target exactly
    (None for a degenerate target: 0 %, 100 % or a rate of 0)."""
    if kind == "share":
        p0 = target_value / 100
        if not 0 <= p0 <= 1:
            raise ValueError(f"share target must be within 0..100, got {target_value}")
        dist = None if p0 in (0.0, 1.0) else binom(np.rint(n), p0)
        return p0, 100.0, 1.0, dist
    if kind == "rate":
        if target_value < 0:
            raise ValueError(f"rate target must be >= 0, got {target_value}")
        p0 = target_value / 1000
        return p0, 1000.0, None, None if p0 == 0 else poisson(p0 * n)
    raise ValueError(f"funnel plots are for 'share' or 'rate', not {kind!r}")


def exact_tails(
    target_value: float, numerators, denominators, kind: str
) -> tuple[np.ndarray, np.ndarray]:
    """(P(X <= x), P(X >= x)) for each group's count x, X the count a group
    of that size would have if it met the target exactly: binomial for
    shares, Poisson for rates. The funnel's decision is these tails against
    (1 - level) / 2."""
    x = np.rint(np.asarray(list(numerators), dtype="float64"))
    n = np.asarray(list(denominators), dtype="float64")
    p0, _, _, dist = _null(target_value, n, kind)
    if dist is None:  # the count is certain: p0 * n
        certain = np.rint(p0 * n) if kind == "share" else np.zeros_like(n)
        return (
            np.where(x >= certain, 1.0, 0.0),
            np.where(x <= certain, 1.0, 0.0),
        )
    return dist.cdf(x), dist.sf(x - 1)


def funnel_curve(
    target_value: float,
    max_denominator: float,
    kind: str,
    levels: Sequence[float] = FUNNEL_LEVELS,
    points: int = 200,
) -> pd.DataFrame:
    """Limits over 1..max_denominator, for drawing the funnel lines."""
    top = max(1, int(math.ceil(max_denominator)))
    if top <= points:
        dens = np.arange(1, top + 1)
    else:
        dens = np.unique(np.rint(np.geomspace(1, top, points)))
    return funnel_limits(target_value, dens, kind, levels)


def funnel_outliers(
    groups: pd.DataFrame,
    target,
    kind: str | None = None,
    levels: Sequence[float] = FUNNEL_LEVELS,
) -> pd.DataFrame:
    """Place each residential group against the funnel of a target.

    `groups` is indicators.by_group(...) (residential_group, numerator,
    denominator, value); `target` a plan Target (threshold, direction,
    kind). Groups without a value (denominator 0) are left out. Returns,
    per group: residential_group, numerator, denominator, value, the limits
    at its denominator, outside ("none", "95", "99.8": the widest limits it
    falls outside), side ("above", "below", "" when inside) and is_worse
    (outside on the unfavourable side for the plan's direction).
    """
    kind = kind or _attr(target, "kind")
    threshold = _attr(target, "threshold")
    direction = _attr(target, "direction")
    cols = ["residential_group", "numerator", "denominator", "value"]
    data = groups.loc[
        groups["value"].notna() & (groups["denominator"] > 0), cols
    ].reset_index(drop=True)
    limits = funnel_limits(threshold, data["denominator"], kind, levels)
    out = pd.concat([data, limits.drop(columns="denominator")], axis=1)
    # The decision is the exact test itself; the drawn limits agree with it
    # at every integer (tests/test_funnel_reference.py).
    at_most, at_least = exact_tails(
        threshold, data["numerator"], data["denominator"], kind
    )
    outside = pd.Series("none", index=out.index, dtype="object")
    side = pd.Series("", index=out.index, dtype="object")
    for level in sorted(levels):  # widest limits win
        tail = (1 - level) / 2
        above = pd.Series(at_least < tail, index=out.index)
        below = pd.Series(at_most < tail, index=out.index)
        label = f"{level * 100:g}"
        outside[above | below] = label
        side[above] = "above"
        side[below] = "below"
    out["outside"] = outside
    out["side"] = side
    worse_side = "above" if direction == "lower" else "below"
    out["is_worse"] = out["side"] == worse_side
    return out
