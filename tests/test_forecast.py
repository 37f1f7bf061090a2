"""Year-end projections: synthetic series with known answers, then the store."""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace

import pytest

from childplan.indicators import forecast
from childplan.indicators.early_warnings import (
    early_warnings,
    monthly_counts,
    months_elapsed,
)
from childplan.indicators.plan import load_plan
from childplan.present import outlook
from childplan.store.db import Database
from childplan.store.snapshots import Store
from tests.snapshot_builder import build_store, child, incident

# Earlier years: 20 cases a year, 8 of them January–June -> 40 % by 30 June.
YEAR_PATTERN = [2, 2, 2, 1, 1, 0, 3, 3, 2, 2, 1, 1]


# --- event counts ---------------------------------------------------------------


def test_seasonal_fraction_pools_earlier_years():
    assert forecast.seasonal_fraction(6, [YEAR_PATTERN, YEAR_PATTERN]) == (0.4, True)
    # mid-May: January–April (7 + 7 = 14) plus half of May's 2 -> 15 of 40
    assert forecast.seasonal_fraction(4.5, [YEAR_PATTERN] * 2) == (15 / 40, True)
    # half of July: (16 + 0.5 * 6) / 40
    assert forecast.seasonal_fraction(6.5, [YEAR_PATTERN] * 2) == (19 / 40, True)


def test_seasonal_fraction_falls_back_to_uniform_with_few_events():
    # one year of 20 is enough; 19 is not
    assert forecast.seasonal_fraction(6, [YEAR_PATTERN]) == (0.4, True)
    fewer = [1, 2, 2, 1, 1, 0, 3, 3, 2, 2, 1, 1]
    assert forecast.seasonal_fraction(6, [fewer]) == (0.5, False)
    assert forecast.seasonal_fraction(3, []) == (0.25, False)
    # a pattern with nothing yet by March cannot scale: uniform
    late = [0, 0, 0, 5, 5, 5, 5, 0, 0, 0, 0, 0]
    assert forecast.seasonal_fraction(3, [late]) == (0.25, False)


def test_event_projection_known_answer():
    # 8 cases by 30 June, 40 % of a year's cases by then: 8 / 0.4 = 20.
    point, low, high = forecast.project_event_count(
        [2, 1, 1, 2, 1, 1], [YEAR_PATTERN, YEAR_PATTERN]
    )
    assert point == pytest.approx(20.0)
    assert low >= 8  # never below what already happened
    assert low < point < high


def test_event_projection_interval_by_hand_for_zero_cases():
    # X = 0 at half year (uniform): still to come ~ NB(1/2, 1/2):
    # P(0) = .5^.5 = .7071; P(1) = .5 * .7071 * .5 = .1768 (cum .8839);
    # P(2) = (.5 * 1.5 / 2) * .7071 * .25 = .0663 (cum .9502);
    # P(3) = (.5 * 1.5 * 2.5 / 6) * .7071 * .125 = .0276 (cum .9778)
    # -> 97.5 % quantile 3; 2.5 % quantile 0.
    assert forecast.project_event_count([0] * 6, []) == (0.0, 0.0, 3.0)


def test_event_projection_of_a_complete_year_is_the_count():
    assert forecast.project_event_count([1] * 12, [YEAR_PATTERN]) == (12, 12, 12)


# --- shares ------------------------------------------------------------------


def test_share_projection_on_a_straight_line_is_exact():
    # +1 point every 30 days; 365 days from 1 Jan to 31 Dec 2024 -> 50 + 365/30
    pairs = [
        (dt.date(2024, 1, 1), 50),
        (dt.date(2024, 1, 31), 51),
        (dt.date(2024, 3, 1), 52),
    ]
    point, low, high = forecast.project_share(pairs, dt.date(2024, 12, 31))
    assert point == pytest.approx(50 + 365 / 30)
    assert (low, high) == pytest.approx((point, point))


def test_share_projection_interval_by_hand():
    # x = 0, 30, 60, 90 days; y = 50, 52, 51, 53: x̄ = 45, ȳ = 51.5,
    # Sxx = 4500, Sxy = (-45)(-1.5)+(-15)(.5)+(15)(-.5)+(45)(1.5) = 120,
    # slope = 120/4500, intercept = 51.5 - 45·slope = 50.3;
    # residuals -.3, .9, -.9, .3 -> SSE = 1.8, s² = .9 (2 df).
    # At x0 = 180: point = 50.3 + 180·slope = 55.1;
    # se = sqrt(.9 (1 + 1/4 + 135²/4500)) = sqrt(.9 · 5.3) = 2.18403;
    # t(.975, 2) = 4.302653 -> half width 9.39711.
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=d) for d in (0, 30, 60, 90)]
    pairs = list(zip(days, [50, 52, 51, 53], strict=True))
    point, low, high = forecast.project_share(
        pairs, dt.date(2024, 1, 1) + dt.timedelta(days=180)
    )
    assert point == pytest.approx(55.1)
    assert low == pytest.approx(55.1 - 9.39711, abs=1e-4)
    assert high == pytest.approx(55.1 + 9.39711, abs=1e-4)


def test_share_projection_stays_within_0_and_100_and_needs_3_points():
    pairs = [
        (dt.date(2024, 1, 31), 90),
        (dt.date(2024, 2, 29), 95),
        (dt.date(2024, 3, 31), 99),
    ]
    point, low, high = forecast.project_share(pairs, dt.date(2024, 12, 31))
    assert point == 100.0 and high == 100.0 and low <= 100.0
    two = forecast.project_share(pairs[:2], dt.date(2024, 12, 31))
    assert all(math.isnan(v) for v in two)


# --- status and words -----------------------------------------------------------


@pytest.mark.parametrize(
    "point, low, high, operator, threshold, expected",
    [
        (2.5, 1.0, 2.9, "<", 3, "met"),
        (2.5, 1.0, 3.0, "<", 3, "at_risk"),  # reaching the threshold is crossing
        (3.5, 2.0, 5.0, "<", 3, "not_met"),
        (97.0, 96.0, 99.0, ">=", 96, "met"),
        (97.0, 95.0, 99.0, ">=", 96, "at_risk"),
        (0.0, 0.0, 3.0, "=", 0, "at_risk"),
        (0.0, 0.0, 0.0, "=", 0, "met"),
        (1.0, 1.0, 4.0, "=", 0, "not_met"),
        (1.0, 0.0, 4.0, "info", None, "info"),
        (float("nan"), float("nan"), float("nan"), "<", 3, "no_data"),
        (2.0, float("nan"), float("nan"), "<", 3, "met"),
    ],
)
def test_risk_status(point, low, high, operator, threshold, expected):
    assert forecast.risk_status(point, low, high, operator, threshold) == expected


def outlook_row(**fields) -> SimpleNamespace:
    """A row of early_warnings: the given fields, the others not applicable."""
    row = dict(
        as_of=dt.date(2024, 6, 30),
        value=math.nan,
        projected=math.nan,
        low=math.nan,
        high=math.nan,
        missing=None,
        events_so_far=None,
        seasonal_share=None,
        is_seasonal=None,
        trend_points=None,
        trend_from=None,
    )
    return SimpleNamespace(**{**row, **fields})


def plan_target(unit: str, operator: str, threshold) -> SimpleNamespace:
    return SimpleNamespace(unit=unit, operator=operator, threshold=threshold)


def test_reason_says_why_in_both_languages():
    row = outlook_row(
        status="at_risk",
        basis="events",
        projected=2.5,
        low=1.0,
        high=7.2,
        as_of=dt.date(2024, 6, 30),
        events_so_far=1,
        seasonal_share=0.4,
        is_seasonal=True,
    )
    target = plan_target("‰", "<", 3)
    assert outlook.reason(row, target, "vi") == (
        "Đến 30/06/2024 đã ghi nhận 1 trường hợp; các năm trước, đến thời "
        "điểm này thường đã xảy ra 40% số trường hợp cả năm. Dự báo cả năm: "
        "2,5‰ (khoảng dự báo 95%: 1,0‰–7,2‰). Giá trị dự báo đạt ngưỡng kế hoạch "
        "(dưới 3‰) nhưng một phần khoảng dự báo nằm ngoài ngưỡng: có nguy cơ "
        "không đạt."
    )
    assert outlook.reason(row, target, "en") == (
        "1 case(s) recorded by 30/06/2024; in earlier years 40% of a year's "
        "cases had happened by this point. Projected for the year: 2.5‰ "
        "(95% range: 1.0‰–7.2‰). The projection meets the plan's threshold "
        "(below 3‰) but its range crosses it: at risk of being missed."
    )


@pytest.mark.parametrize(
    "row, target, vi, en",
    [
        (
            outlook_row(
                status="not_met",
                basis="trend",
                projected=2.6,
                low=1.9,
                high=3.3,
                trend_points=4,
                trend_from=dt.date(2023, 12, 31),
            ),
            plan_target("%", "<", 2),
            "Theo xu hướng của 4 kỳ chốt số liệu từ 31/12/2023 đến 30/06/2024, dự báo "
            "cuối năm: 2,6% (khoảng dự báo 95%: 1,9%–3,3%). Giá trị dự báo không đạt "
            "ngưỡng kế hoạch (dưới 2%).",
            "Following the trend of 4 snapshots from 31/12/2023 to 30/06/2024, the "
            "year-end projection is 2.6% (95% range: 1.9%–3.3%). The projection "
            "misses the plan's threshold (below 2%).",
        ),
        (
            outlook_row(
                status="met",
                basis="events",
                projected=0.0,
                low=0.0,
                high=0.0,
                events_so_far=0,
                seasonal_share=0.5,
                is_seasonal=False,
            ),
            plan_target("count", "=", 0),
            "Đến 30/06/2024 đã ghi nhận 0 trường hợp; các năm trước có dưới 20 "
            "trường hợp nên coi như các trường hợp rải đều theo tháng (50% của năm "
            "đã qua). Dự báo cả năm: 0 (khoảng dự báo 95%: 0–0). Cả khoảng dự "
            "báo đều đạt ngưỡng kế hoạch (không phát sinh mới).",
            "0 case(s) recorded by 30/06/2024; earlier years had fewer than 20 "
            "cases, so cases are taken as even across months (50% of the year "
            "gone). Projected for the year: 0 (95% range: 0–0). The whole range "
            "meets the plan's threshold (none).",
        ),
        (
            outlook_row(
                status="not_met",
                basis="final",
                as_of=dt.date(2023, 12, 31),
                value=40.0,
                projected=40.0,
            ),
            plan_target("‰", "<", 3),
            "Năm đã có số liệu đến 31/12/2023: giá trị cuối năm là 40,0‰, không "
            "cần dự báo.",
            "The year is complete (31/12/2023): the year-end value is 40.0‰; no "
            "projection needed.",
        ),
        (
            outlook_row(status="met", basis="score", value=865.0),
            plan_target("points", ">=", 850),
            "Điểm đánh giá thị trấn phù hợp với trẻ em được chấm mỗi năm một lần "
            "nên không dự báo; điểm gần nhất là 865 điểm.",
            "The child-friendly score is assessed once a year, so it is not "
            "projected; the latest score is 865 points.",
        ),
        (
            outlook_row(status="no_cases", basis="none"),
            plan_target("%", ">=", 100),
            "Chưa có vụ việc nào được thông báo trong 12 tháng gần nhất nên chưa có "
            "gì để đánh giá.",
            "No case was reported in the last 12 months, so there is nothing to "
            "assess yet.",
        ),
        (
            outlook_row(status="no_data", basis="none", as_of=None, missing="snapshot"),
            plan_target("%", "<", 2),
            "Chưa có kỳ chốt số liệu nào trong năm nên chưa thể dự báo.",
            "No snapshot in this year yet, so nothing to project.",
        ),
        (
            outlook_row(status="no_data", basis="none", missing="trend_points"),
            plan_target("%", "<", 2),
            "Không đủ số liệu để dự báo: cần ít nhất 3 kỳ chốt số liệu có giá trị "
            "trong 12 tháng gần nhất.",
            "Not enough data to project: at least 3 snapshots with a value in the "
            "last 12 months are needed.",
        ),
    ],
    ids=[
        "trend",
        "even_months",
        "final",
        "score",
        "no_cases",
        "no_snapshot",
        "few_snapshots",
    ],
)
def test_reason_for_each_basis_in_both_languages(row, target, vi, en):
    assert outlook.reason(row, target, "vi") == vi
    assert outlook.reason(row, target, "en") == en


def test_reason_refuses_an_unknown_language_or_basis():
    row = outlook_row(
        status="met",
        basis="events",
        events_so_far=1,
        seasonal_share=0.4,
        is_seasonal=True,
    )
    with pytest.raises(ValueError, match="lang"):
        outlook.reason(row, plan_target("%", "<", 2), "fr")
    with pytest.raises(ValueError, match="basis"):
        outlook.reason(
            outlook_row(status="met", basis="guess"), plan_target("%", "<", 2), "vi"
        )


# --- from the store ---------------------------------------------------------------
# 1,000 children in group A. The register at 30/06/2024 holds 40 injuries of
# 2023 (16 of them January–June: 40 %) and one of 15/03/2024. HCĐB children:
# 5, 8, 11, 14 at the four snapshots (0.5 %, 0.8 %, 1.1 %, 1.4 %).

SNAPSHOTS = (
    dt.date(2023, 12, 31),
    dt.date(2024, 4, 30),
    dt.date(2024, 5, 31),
    dt.date(2024, 6, 30),
)
HCDB = (5, 8, 11, 14)


def injuries_2023() -> list[dict]:
    rows = []
    for month, n in enumerate(YEAR_PATTERN, 1):
        for k in range(2 * n):
            rows.append(
                incident(
                    "injury",
                    "A",
                    f"2023-{month:02d}-{k + 1:02d}",
                    incident_id=f"y{month:02d}{k}",
                    fatal=False,
                    cause="fall",
                )
            )
    return rows


def children(hcdb: int) -> list[dict]:
    return [
        child(f"c{i:04d}", "A", "2015-01-01", special_groups="a" if i < hcdb else None)
        for i in range(1000)
    ]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("forecast") / "store"
    this_year = [
        incident(
            "injury", "A", "2024-03-15", incident_id="n1", fatal=False, cause="fall"
        )
    ]
    snapshots = {}
    for day, hcdb in zip(SNAPSHOTS, HCDB, strict=True):
        incidents = injuries_2023() + (this_year if day.year == 2024 else [])
        snapshots[day] = {"children": children(hcdb), "incidents": incidents}
    build_store(root, snapshots)
    return Database(Store.open(root))


def test_months_elapsed():
    assert months_elapsed(dt.date(2024, 6, 30)) == 6.0
    assert months_elapsed(dt.date(2024, 6, 15)) == 5.5


def test_monthly_events_from_the_latest_register(db):
    counts = monthly_counts(db, dt.date(2024, 6, 30))
    assert counts["injury_rate"] == {
        2023: [2 * n for n in YEAR_PATTERN],
        2024: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    }
    assert set(counts) == {"injury_rate"}  # no deaths, no HIV
    assert monthly_counts(db, dt.date(2024, 6, 30), groups=["B"]) == {}


def test_early_warnings_mid_year(db):
    plan = load_plan(2024)
    frame = early_warnings(db, plan, 2024)
    assert frame["target_id"].tolist() == list(plan.target_ids)
    rows = frame.set_index("target_id")
    injury = rows.loc["injury_rate"]
    # 1 case by 30 June, 40 % of the year's cases by then: 2.5 per 1,000.
    assert (injury["basis"], injury["as_of"]) == ("events", dt.date(2024, 6, 30))
    assert injury["projected"] == pytest.approx(2.5)
    assert injury["low"] >= 1.0 and injury["high"] >= 3.0
    assert injury["status"] == "at_risk"
    assert (
        injury["events_so_far"],
        injury["seasonal_share"],
        injury["is_seasonal"],
    ) == (1, pytest.approx(0.4), True)
    hiv = rows.loc["hiv_new_infections"]
    assert (hiv["projected"], hiv["low"], hiv["high"], hiv["status"]) == (
        0.0,
        0.0,
        3.0,
        "at_risk",
    )
    assert rows.loc["drowning_deaths", "status"] == "info"
    share = rows.loc["hcdb_share"]
    expected = forecast.project_share(
        list(zip(SNAPSHOTS, [h / 10 for h in HCDB], strict=True)), dt.date(2024, 12, 31)
    )
    assert share["basis"] == "trend"
    assert (share["projected"], share["low"], share["high"]) == pytest.approx(expected)
    assert share["status"] == forecast.risk_status(*expected, "<", 2)
    assert (share["trend_points"], share["trend_from"]) == (4, SNAPSHOTS[0])
    # households are missing: their shares cannot be projected
    assert rows.loc["families_labour_info", "status"] == "no_data"
    assert rows.loc["families_labour_info", "missing"] == "trend_points"
    assert rows.loc["child_friendly_score", "basis"] == "score"
    # every row can be said in both languages
    for row in frame.itertuples(index=False):
        for lang in ("vi", "en"):
            assert outlook.reason(row, plan.target(row.target_id), lang)


def test_early_warnings_of_a_complete_year_are_final(db):
    frame = early_warnings(db, load_plan(2024), 2023)
    row = frame.set_index("target_id").loc["injury_rate"]
    assert (row["basis"], row["value"], row["status"]) == ("final", 40.0, "not_met")
    assert math.isnan(row["low"])


def test_early_warnings_without_a_snapshot_in_the_year(db):
    frame = early_warnings(db, load_plan(2024), 2025)
    assert set(frame["status"]) == {"no_data", "info"}
    assert set(frame["basis"]) == {"none"}
    assert set(frame["missing"]) == {"snapshot"}
