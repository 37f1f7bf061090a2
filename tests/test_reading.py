"""The sentence that reads a target's number on its slide, against numbers
worked out by hand (childplan.present.reading).

The town is tests/test_pages_by_hand.py's: three residential groups, four
snapshots, its arithmetic in that module's docstring. The scorecard rows
are the meeting's (what the deck reads); every expected sentence is a
literal with its sum beside it. The cases the town lacks (a rate and a
count changed on many events, a score, a tiny change) are rows built here.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from childplan.app import overview
from childplan.disclosure import rules
from childplan.indicators import targets as indicators
from childplan.indicators.plan import plan_for_year
from childplan.present import reading
from childplan.store.db import get_database
from tests.snapshot_builder import build_store
from tests.test_pages_by_hand import AN_BINH, CHILDREN, snapshot

PLAN = plan_for_year(2024)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("reading") / "store"
    return build_store(root, {day: snapshot(day) for day in CHILDREN}, simulated=True)


def meeting_rows(store, groups=()) -> dict:
    """target id -> the 2024 scorecard row a meeting sees."""
    db, plan = get_database(store), PLAN
    card = rules.meeting_scorecard(
        indicators.scorecard(db, plan, 2024, groups),
        indicators.yearly(db, plan, rules.sensitive_targets(plan)),
        plan,
        2024,
    )
    return {r.target_id: r for r in card.itertuples(index=False)}


def said(rows, target_id: str, lang: str = "vi") -> str:
    return reading.sentence(PLAN.target(target_id), rows[target_id], 2024, lang)


def test_the_sentences_of_the_hand_built_town(store):
    rows = meeting_rows(store)
    # 27 of 120 consulted = 22,5% >= 20%: met; 31/12/2023: 10 of 100 =
    # 10,0%, so +12,5 points, on 27 + 10 = 37 >= 20 events: in numbers
    assert said(rows, "children_consulted") == (
        "Tỷ lệ trẻ em từ 7 tuổi trở lên được hỏi ý kiến năm 2024 là 22,5%, "
        "đạt mục tiêu từ 20% trở lên; tăng 12,5 điểm phần trăm so với năm 2023."
    )
    # 3 of 120 = 2,5%, not under 2%; 3 of 100 = 3,0% a year before: the
    # change rests on 3 + 3 = 6 < 20 events, so it is not put in numbers
    assert said(rows, "hcdb_share") == (
        "Tỷ lệ trẻ em có hoàn cảnh đặc biệt năm 2024 là 2,5%, chưa đạt mục "
        "tiêu dưới 2%; chỉ có 6 trường hợp trong hai năm, chưa đủ để so sánh "
        "với năm 2023."
    )
    # 2 of the 3 HCĐB children supported both years: 66,7%, exactly nil
    assert said(rows, "hcdb_supported") == (
        "Tỷ lệ trẻ em có hoàn cảnh đặc biệt được chăm sóc năm 2024 là 66,7%, "
        "chưa đạt mục tiêu từ 96% trở lên; không đổi so với năm 2023."
    )
    # sensitive: the town's year, 8 deaths per 120 = 66,666... -> 66,7‰;
    # 2023: 1 per 100 = 10‰; 8 + 1 = 9 deaths: too few to compare
    assert said(rows, "injury_death_rate") == (
        "Tỷ suất trẻ em tử vong do tai nạn, thương tích năm 2024 là 66,7‰, "
        "chưa đạt mục tiêu dưới 2‰; chỉ có 9 trường hợp trong hai năm, chưa "
        "đủ để so sánh với năm 2023."
    )
    # no infection either year: 0 against "= 0", unchanged
    assert said(rows, "hiv_new_infections") == (
        "Số trẻ em nhiễm HIV mới năm 2024 là 0, đạt mục tiêu không phát sinh "
        "mới; không đổi so với năm 2023."
    )
    # the plan gives no number: its own sentence (the deaths were traffic)
    assert said(rows, "drowning_deaths") == (
        "Số trẻ em tử vong do đuối nước năm 2024 là 0; kế hoạch không giao số "
        "cụ thể; không đổi so với năm 2023."
    )
    # no officers in this town: no figure
    assert said(rows, "officers_trained") == (
        "Tỷ lệ cán bộ làm công tác trẻ em được nâng cao năng lực năm 2024: "
        "chưa có số liệu."
    )
    # no child-labour case to support (when_none = no_cases)
    assert said(rows, "labour_cases_supported") == (
        "Tỷ lệ trẻ em có nguy cơ, lao động trẻ em, trẻ em bị mua bán được hỗ "
        "trợ, can thiệp kịp thời năm 2024: không có trường hợp nào để tính."
    )
    assert said(rows, "children_consulted", "en") == (
        "The share of children aged 7+ asked for their views in 2024 was "
        "22.5%, meeting the target (at least 20%); up 12.5 percentage points "
        "from 2023."
    )


def test_a_sensitive_target_reads_the_towns_figure_under_a_group_filter(store):
    """An Bình's own deaths (2 of 40) never reach the sentence."""
    rows = meeting_rows(store, (AN_BINH,))
    assert said(rows, "injury_death_rate") == (
        "Tỷ suất trẻ em tử vong do tai nạn, thương tích năm 2024 là 66,7‰, "
        "chưa đạt mục tiêu dưới 2‰; chỉ có 9 trường hợp trong hai năm, chưa "
        "đủ để so sánh với năm 2023."
    )
    # a share under the filter is An Bình's: 12 of 40 = 30,0%; 31/12/2023:
    # 4 of 40 = 10,0%; +20,0 points on 12 + 4 = 16 < 20 events
    assert said(rows, "children_consulted") == (
        "Tỷ lệ trẻ em từ 7 tuổi trở lên được hỏi ý kiến năm 2024 là 30,0%, "
        "đạt mục tiêu từ 20% trở lên; chỉ có 16 trường hợp trong hai năm, "
        "chưa đủ để so sánh với năm 2023."
    )


def row(**fields):
    base = {"numerator": None, "previous_numerator": None, "status": "met"}
    return SimpleNamespace(**(base | fields))


@pytest.mark.parametrize(
    "target_id, fields, expected",
    [
        # 2,4‰ against "< 3": met; 2,7 - 2,4 = -0,3 per 1,000, 30 + 33 events
        (
            "injury_rate",
            {"value": 2.4, "change": -0.3, "numerator": 30, "previous_numerator": 33},
            "Tỷ suất trẻ em bị tai nạn, thương tích năm 2024 là 2,4‰, đạt mục "
            "tiêu dưới 3‰; giảm 0,3‰ so với năm 2023.",
        ),
        # a count on many events: +25 cases (30 now, 5 before)
        (
            "hiv_new_infections",
            {
                "value": 30,
                "change": 25,
                "numerator": 30,
                "previous_numerator": 5,
                "status": "not_met",
            },
            "Số trẻ em nhiễm HIV mới năm 2024 là 30, chưa đạt mục tiêu không "
            "phát sinh mới; tăng 25 trường hợp so với năm 2023.",
        ),
        # a score has no events: 881 - 866 = +15 points, in numbers
        (
            "child_friendly_score",
            {"value": 881, "change": 15},
            "Điểm đánh giá thị trấn phù hợp với trẻ em năm 2024 là 881 điểm, "
            "đạt mục tiêu từ 850 điểm trở lên; tăng 15 điểm so với năm 2023.",
        ),
        # 1,96% is not rounded onto "< 2%"; a change of 0,04 points keeps
        # its decimals (never "0,0")
        (
            "hcdb_share",
            {"value": 1.96, "change": -0.04, "numerator": 49, "previous_numerator": 50},
            "Tỷ lệ trẻ em có hoàn cảnh đặc biệt năm 2024 là 1,96%, đạt mục "
            "tiêu dưới 2%; giảm 0,04 điểm phần trăm so với năm 2023.",
        ),
        # no figure last year: no change clause
        (
            "hcdb_share",
            {"value": 1.5, "change": float("nan"), "numerator": 30},
            "Tỷ lệ trẻ em có hoàn cảnh đặc biệt năm 2024 là 1,5%, đạt mục "
            "tiêu dưới 2%.",
        ),
    ],
)
def test_sentences_of_built_rows(target_id, fields, expected):
    assert reading.sentence(PLAN.target(target_id), row(**fields), 2024) == expected


def test_the_few_events_rule_is_the_overviews():
    assert reading.FEW_EVENTS == overview.FEW_EVENTS == 20
