"""Funnel limits against the exact test, hand cases and PHEindicatormethods.

A group is above the upper limit at level L exactly when P(X >= x | target)
< (1 - L)/2 and below the lower one exactly when P(X <= x | target) <
(1 - L)/2 (issue 11); the drawn limits must say the same at every integer.
"""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom, poisson

from childplan.indicators import stats

DATA = Path(__file__).parent / "data"


def _binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), the pmf written out."""
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


def _poisson_cdf(k: int, mean: float) -> float:
    return sum(math.exp(-mean) * mean**i / math.factorial(i) for i in range(k + 1))


# --- hand cases ------------------------------------------------------------


def test_binomial_10_half_has_symmetric_limits():
    # Binomial(10, 1/2): F(1) = 11/1024, F(2) = 56/1024, F(7) = 968/1024,
    # F(8) = 1013/1024. Lower 2.5%: r = 2, alpha = (56 - 25.6) / 45 =
    # 0.67556, limit (2 - alpha) / 10 = 13.2444%. Upper 97.5%: r = 8,
    # alpha = (1013 - 998.4) / 45 = 0.32444, limit (8 + 1 - alpha) / 10 =
    # 86.7556% = 100% - 13.2444%: symmetric, as the distribution is.
    f = [_binomial_cdf(k, 10, 0.5) for k in range(11)]
    assert [round(1024 * v) for v in f[:3]] == [1, 11, 56]
    assert [round(1024 * v) for v in f[7:9]] == [968, 1013]
    lower = 100 * (2 - (f[2] - 0.025) / (f[2] - f[1])) / 10
    upper = 100 * (8 + 1 - (f[8] - 0.975) / (f[8] - f[7])) / 10
    assert (round(lower, 4), round(upper, 4)) == (13.2444, 86.7556)
    limits = stats.funnel_limits(50, [10], "share", levels=(0.95,))
    assert limits["lower_95"][0] == pytest.approx(lower, abs=1e-9)
    assert limits["upper_95"][0] == pytest.approx(upper, abs=1e-9)
    assert limits["lower_95"][0] + limits["upper_95"][0] == pytest.approx(100)


def test_three_injuries_among_300_are_not_flagged_at_95():
    # Target "< 3 per 1,000": mean 0.9 among 300 children. P(Y >= 3) =
    # 1 - e^-0.9 (1 + 0.9 + 0.405) = 1 - 0.40657 * 2.305 = 0.0629 > 0.025.
    p_at_least_3 = 1 - _poisson_cdf(2, 0.9)
    assert round(p_at_least_3, 4) == 0.0629
    target = SimpleNamespace(threshold=3.0, direction="lower", kind="rate")
    groups = pd.DataFrame(
        {
            "residential_group": ["A"],
            "numerator": [3.0],
            "denominator": [300.0],
            "value": [10.0],
        }
    )
    out = stats.funnel_outliers(groups, target)
    assert out["outside"].tolist() == ["none"]
    # The drawn 95% limit: F(2) = 0.93714, F(3) = 0.98654 -> r = 3, alpha =
    # (0.98654 - 0.975) / 0.04940 = 0.2336; (3 + 1 - 0.2336) / 300 * 1000 =
    # 12.55 per 1,000, above the group's 10.
    f2, f3 = _poisson_cdf(2, 0.9), _poisson_cdf(3, 0.9)
    upper = (4 - (f3 - 0.975) / (f3 - f2)) / 300 * 1000
    assert round(upper, 2) == 12.55
    assert out["upper_95"][0] == pytest.approx(upper, abs=1e-9)


def test_five_of_five_against_96_percent_is_not_flagged():
    # P(X >= 5 | n = 5, p = 0.96) = 0.96^5 = 0.8154: nothing unusual.
    assert round(0.96**5, 4) == 0.8154
    target = SimpleNamespace(threshold=96.0, direction="higher", kind="share")
    groups = pd.DataFrame(
        {
            "residential_group": ["A", "B"],
            "numerator": [5.0, 3.0],
            "denominator": [5.0, 5.0],
            "value": [100.0, 60.0],
        }
    )
    out = stats.funnel_outliers(groups, target)
    # B: P(X <= 3) = 1 - 0.96^5 - 5 * 0.96^4 * 0.04 = 1 - 0.81537 - 0.16987
    # = 0.01476 < 0.025 (outside 95%), > 0.001 (inside 99.8%): worse.
    assert round(_binomial_cdf(3, 5, 0.96), 5) == 0.01476
    assert list(zip(out["outside"], out["side"], out["is_worse"], strict=True)) == [
        ("none", "", False),
        ("95", "below", True),
    ]


@pytest.mark.parametrize("kind", ["share", "rate"])
@pytest.mark.parametrize("target_value", [0.5, 2, 3, 20, 50, 85, 96, 99.5])
def test_upper_limit_never_below_the_target_nor_lower_above(kind, target_value):
    limits = stats.funnel_limits(target_value, range(1, 301), kind)
    for tag in ("95", "998"):
        assert (limits[f"upper_{tag}"] >= target_value).all()
        assert (limits[f"lower_{tag}"] <= target_value).all()
        assert (limits[f"lower_{tag}"] >= 0).all()
        if kind == "share":
            assert (limits[f"upper_{tag}"] <= 100).all()


def test_rate_upper_limit_is_not_zero_for_small_groups():
    # "< 3 per 1,000" among 1..8 children: the mean is below 0.025, so
    # F(0) >= 0.975, r = 0 and the limit is (1 - alpha) events, never 0.
    limits = stats.funnel_limits(3, range(1, 9), "rate", levels=(0.95,))
    assert (limits["upper_95"] > 3).all()


# --- the decision is the exact test; the lines agree at every integer -------

GRID_N = [1, 2, 3, 5, 8, 10, 17, 30, 51, 100, 240, 500]
SHARE_TARGETS = [0, 2, 20, 50, 75, 85, 96, 100]
RATE_TARGETS = [0, 2, 3, 10, 150]


def _exact(kind, target_value, x, n):
    if kind == "share":
        dist = binom(n, target_value / 100)
    else:
        dist = poisson(target_value / 1000 * n)
    return dist.cdf(x), dist.sf(x - 1)


@pytest.mark.parametrize("level", stats.FUNNEL_LEVELS)
@pytest.mark.parametrize(
    ("kind", "target_value"),
    [("share", v) for v in SHARE_TARGETS] + [("rate", v) for v in RATE_TARGETS],
)
def test_decision_and_lines_equal_scipys_exact_test(kind, target_value, level):
    tail = (1 - level) / 2
    tag, label = stats.level_tag(level), f"{level * 100:g}"
    target = SimpleNamespace(threshold=target_value, direction="higher", kind=kind)
    for n in GRID_N:
        # every count 0..n (rates: up to n too, far past any limit)
        x = np.arange(n + 1, dtype=float)
        value = 100 * x / n if kind == "share" else 1000 * x / n
        groups = pd.DataFrame(
            {
                "residential_group": [f"g{i}" for i in range(n + 1)],
                "numerator": x,
                "denominator": float(n),
                "value": value,
            }
        )
        out = stats.funnel_outliers(groups, target, levels=(level,))
        at_most, at_least = _exact(kind, target_value, x, n)
        expected_side = np.where(
            at_least < tail, "above", np.where(at_most < tail, "below", "")
        )
        assert out["side"].tolist() == expected_side.tolist(), (n, target_value)
        assert out["outside"].tolist() == [
            label if s else "none" for s in expected_side
        ]
        # the drawn limits at this n say the same for every integer
        lines = stats.funnel_limits(target_value, [n], kind, levels=(level,))
        upper, lower = lines[f"upper_{tag}"][0], lines[f"lower_{tag}"][0]
        drawn = np.where(value > upper, "above", np.where(value < lower, "below", ""))
        assert drawn.tolist() == expected_side.tolist(), (n, target_value)


# --- PHEindicatormethods' published funnel limits ----------------------------
# Their limits come from a bisection that stops when the step is under 1e-7
# on v = E / (1 + O + E), so they hold about 6 significant figures (the
# 99.8% upper limit for 1 event is 116,108.569 per 100,000 there, ours is
# 5.4 higher): the comparison is relative, 1e-4.


def _phe(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, comment="#")


@pytest.mark.parametrize(
    "name", ["phe_funnel_rate_outputs.csv", "phe_funnel_rate_outputs_3.csv"]
)
def test_rate_limits_equal_phe_indicator_methods(name):
    # Each row: a count O of events, and for each limit the population per
    # year (3 years of data: x3 is the population the limit is drawn at)
    # where O events lie exactly on it, with that limit per 100,000. Our
    # rates are per 1,000: the target is baseline / 100, limits x 100.
    ref = _phe(name)
    assert len(ref) == 21
    target_per_1000 = ref["baseline"].iloc[0] / 100
    for side in ("lower", "upper"):
        for s, level in (("2s", 0.95), ("3s", 0.998)):
            population = 3 * ref[f"{side}_{s}_population_1_year"]
            ours = stats.funnel_limits(
                target_per_1000, population, "rate", levels=(level,)
            )[f"{side}_{stats.level_tag(level)}"]
            expected = ref[f"{side}_{s}_limit"].to_numpy()
            np.testing.assert_allclose(100 * ours.to_numpy(), expected, rtol=1e-4)


def test_ratio_limits_equal_phe_indicator_methods():
    # Each row: O observed events and, per limit, the expected count E at
    # which O lies on it; *_isr = 100 O / E. A group of n children against
    # a target of 3 per 1,000 expects E = 0.003 n: at n = E / 0.003 our
    # limit over the target is O / E.
    ref = _phe("phe_funnel_ratio_outputs.csv")
    for side in ("lower", "upper"):
        for s, level in (("2s", 0.95), ("3s", 0.998)):
            n = ref[f"{side}_{s}_exp_events"] / 0.003
            ours = stats.funnel_limits(3, n, "rate", levels=(level,))[
                f"{side}_{stats.level_tag(level)}"
            ]
            expected = ref[f"{side}_{s}_isr"].to_numpy()
            np.testing.assert_allclose(100 * ours.to_numpy() / 3, expected, rtol=1e-4)
