"""Intervals, instability and funnel limits against published and hand values."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from childplan.indicators import stats


def rounded(pair, digits):
    return tuple(round(v, digits) for v in pair)


# --- Wilson ---------------------------------------------------------------


def test_wilson_matches_the_published_example():
    # domain-notes.md worked example: 3 of 150 -> 0.68 %–5.71 %
    assert rounded(stats.wilson_interval(3, 150), 2) == (0.68, 5.71)


@pytest.mark.parametrize(
    "successes, n, expected",
    [
        # Newcombe (1998, Stat Med 17:857) Table II, method 3 (Wilson score
        # without continuity correction)
        (81, 263, (25.53, 36.62)),  # Newcombe: 0.2553-0.3662
        (15, 148, (6.24, 16.05)),  # Newcombe: 0.0624-0.1605
        (0, 20, (0.0, 16.11)),  # Newcombe case 3: 0-0.1611
        (1, 29, (0.61, 17.18)),  # Newcombe case 4: 0.0061-0.1718
    ],
)
def test_wilson_matches_newcombe_1998(successes, n, expected):
    assert rounded(stats.wilson_interval(successes, n), 2) == expected


def test_wilson_zero_of_n_starts_at_zero_and_n_of_n_ends_at_100():
    low, high = stats.wilson_interval(0, 10)
    assert low == 0.0
    # hand: z²/(n+z²) = 3.8415/13.8415
    assert high == pytest.approx(100 * 1.959964**2 / (10 + 1.959964**2), abs=1e-4)
    low, high = stats.wilson_interval(10, 10)
    assert high == 100.0
    assert low == pytest.approx(100 * 10 / (10 + 1.959964**2), abs=1e-4)


def test_wilson_without_denominator_is_nan():
    assert all(math.isnan(v) for v in stats.wilson_interval(0, 0))
    assert all(math.isnan(v) for v in stats.wilson_interval(None, None))


def test_wilson_refuses_more_successes_than_trials():
    with pytest.raises(ValueError):
        stats.wilson_interval(5, 4)


# --- exact Poisson -----------------------------------------------------------


def test_poisson_matches_the_published_example():
    # 3 events: 0.619–8.77 (Garwood; e.g. Ulm 1990 tables)
    assert rounded(stats.poisson_interval(3), 3) == (0.619, 8.767)
    assert rounded(stats.rate_interval(3, 1000), 3) == (0.619, 8.767)


def test_poisson_zero_events():
    low, high = stats.poisson_interval(0)
    assert low == 0.0
    assert round(high, 3) == 3.689  # -ln(0.025)


@pytest.mark.parametrize(
    "count, expected",
    [
        (1, (0.0253, 5.5716)),
        (10, (4.7954, 18.3904)),
        (20, (12.2165, 30.8884)),
    ],
)
def test_poisson_matches_garwood_tables(count, expected):
    assert rounded(stats.poisson_interval(count), 4) == expected


def test_rate_interval_scales_to_per_1000_and_needs_a_population():
    assert rounded(stats.rate_interval(3, 500), 3) == (1.237, 17.535)
    assert all(math.isnan(v) for v in stats.rate_interval(3, 0))


def test_unstable_below_20_events():
    assert [stats.is_unstable(n) for n in (0, 19, 20, 150)] == [
        True,
        True,
        False,
        False,
    ]
    assert stats.value_is_unstable("score", 3) is False


def test_value_interval_by_kind():
    assert rounded(stats.value_interval("share", 3, 150), 2) == (0.68, 5.71)
    assert rounded(stats.value_interval("rate", 3, 1000), 3) == (0.619, 8.767)
    assert rounded(stats.value_interval("count", 0, None), 3) == (0.0, 3.689)
    assert all(math.isnan(v) for v in stats.value_interval("score", 900, None))


def test_add_intervals_fills_every_kind_and_leaves_missing_values_empty():
    frame = pd.DataFrame(
        {
            "target_id": ["s", "r", "c", "p", "s"],
            "numerator": [3.0, 3.0, 0.0, float("nan"), 0.0],
            "denominator": [150.0, 1000.0, float("nan"), float("nan"), 0.0],
            "value": [2.0, 3.0, 0.0, 900.0, float("nan")],
        }
    )
    kinds = {"s": "share", "r": "rate", "c": "count", "p": "score"}
    out = stats.add_intervals(frame, kinds)
    rows = [
        (
            round(lo, 3) if not math.isnan(lo) else None,
            round(hi, 3) if not math.isnan(hi) else None,
            unstable,
        )
        for lo, hi, unstable in zip(
            out["ci_low"], out["ci_high"], out["is_unstable"], strict=True
        )
    ]
    assert rows == [
        (0.682, 5.715, True),
        (0.619, 8.767, True),
        (0.0, 3.689, True),
        (None, None, False),
        (None, None, False),
    ]


# --- funnel limits -------------------------------------------------------------


def test_share_funnel_limits_by_hand():
    # Binomial(10, 0.5): F(1) = 11/1024, F(2) = 56/1024, F(7) = 968/1024,
    # F(8) = 1013/1024. The 2.5 % quantile is r = 2; Spiegelhalter's
    # interpolation alpha = (F(2) - .025) / (F(2) - F(1)); the lower limit
    # is (r - alpha) / n. The 97.5 % quantile is r = 8, alpha = (F(8) -
    # .975) / (F(8) - F(7)); the upper limit is (r + 1 - alpha) / n.
    # (Issue 11: this test used to expect r - alpha, 76.76 %, one event
    # low: 8 of 10 would have been flagged though P(X >= 8) = 0.055.)
    f1, f2, f7, f8 = 11 / 1024, 56 / 1024, 968 / 1024, 1013 / 1024
    lower = 100 * (2 - (f2 - 0.025) / (f2 - f1)) / 10
    upper = 100 * (8 + 1 - (f8 - 0.975) / (f8 - f7)) / 10
    limits = stats.funnel_limits(50, [10], "share", levels=(0.95,))
    assert list(limits.columns) == ["denominator", "lower_95", "upper_95"]
    assert limits["lower_95"][0] == pytest.approx(lower, abs=1e-9)
    assert limits["upper_95"][0] == pytest.approx(upper, abs=1e-9)
    assert (round(lower, 4), round(upper, 4)) == (13.2444, 86.7556)


def test_rate_funnel_limits_by_hand():
    # Poisson mean 3 (3 per 1,000 among 1,000 children). Upper 97.5 %:
    # F(6) = 0.96649, F(7) = 0.98810 -> r = 7, alpha = (F(7) - .975) /
    # (F(7) - F(6)); limit (7 + 1 - alpha) per 1,000 (issue 11: it was
    # 7 - alpha, one event low). Lower 2.5 %: r = 0, (0 - alpha) < 0 is
    # clamped to 0.
    def cdf(k):
        return sum(math.exp(-3) * 3**i / math.factorial(i) for i in range(k + 1))

    upper = 8 - (cdf(7) - 0.975) / (cdf(7) - cdf(6))
    limits = stats.funnel_limits(3, [1000], "rate", levels=(0.95,))
    assert limits["upper_95"][0] == pytest.approx(upper, abs=1e-9)
    assert limits["lower_95"][0] == 0.0
    assert round(upper, 4) == 7.3938


def test_funnel_has_both_levels_and_narrows_with_the_denominator():
    limits = stats.funnel_limits(20, [50, 200, 800], "share")
    assert list(limits.columns) == [
        "denominator",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
    ]
    assert (limits["lower_998"] < limits["lower_95"]).all()
    assert (limits["upper_998"] > limits["upper_95"]).all()
    width = limits["upper_95"] - limits["lower_95"]
    assert width.is_monotonic_decreasing


def test_degenerate_target_has_limits_on_the_target():
    limits = stats.funnel_limits(100, [10, 40], "share")
    assert limits.drop(columns="denominator").to_numpy().tolist() == [
        [100.0] * 4,
        [100.0] * 4,
    ]


def test_funnel_refuses_other_kinds():
    with pytest.raises(ValueError):
        stats.funnel_limits(850, [1], "score")


def test_funnel_outliers_name_groups_and_sides():
    target = SimpleNamespace(threshold=50.0, direction="higher", kind="share")
    groups = pd.DataFrame(
        {
            "residential_group": ["A", "B", "C", "D", "E"],
            "numerator": [5.0, 1.0, 9.0, 0.0, 70.0],
            "denominator": [10.0, 10.0, 10.0, 0.0, 100.0],
            "value": [50.0, 10.0, 90.0, float("nan"), 70.0],
        }
    )
    out = stats.funnel_outliers(groups, target)
    # The exact test: n = 10, P(X <= 1) = P(X >= 9) = 11/1024 = 0.0107,
    # below 0.025, above 0.001 -> B and C outside 95 % only (issue 11: C was
    # "outside 99.8 %" by the old upper limit 89.98, one event low); n =
    # 100, P(X >= 70) = 3.9e-5 < 0.001 -> E outside 99.8 %.
    rows = list(
        zip(
            out["residential_group"],
            out["outside"],
            out["side"],
            out["is_worse"],
            strict=True,
        )
    )
    assert rows == [
        ("A", "none", "", False),
        ("B", "95", "below", True),
        ("C", "95", "above", False),
        ("E", "99.8", "above", False),
    ]


def test_funnel_curve_spans_one_to_the_largest_denominator():
    curve = stats.funnel_curve(3, 400, "rate")
    assert curve["denominator"].iloc[0] == 1
    assert curve["denominator"].iloc[-1] == 400
    assert len(curve) <= 200
    assert curve["denominator"].is_monotonic_increasing


def test_funnels_for_group_filterable_shares_and_rates_only():
    from childplan.indicators.plan import load_plan

    plan = load_plan(2024)
    assert [t.id for t in plan.targets if stats.has_funnel(t)] == [
        "hcdb_share",
        "hcdb_supported",
        "officers_trained",
        "families_protection_knowledge",
        "injury_rate",
        "injury_death_rate",
        "ecd_access",
        "ecd_caregiver_knowledge",
        "disabled_service_access",
        "disabled_integration_skills",
        "disabled_caregiver_knowledge",
        "children_consulted",
        "labour_cases_supported",
        "families_labour_info",
    ]
