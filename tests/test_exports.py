"""CSV exports: exact bytes for tiny frames, file names from the filters."""

import csv
import datetime as dt
import io
import math

import pandas as pd
import pytest

from childplan.disclosure import rules
from childplan.indicators.plan import Plan, Section, Target
from childplan.present import exports
from childplan.present.filters import Filters

NAN = math.nan
BOM = "\ufeff".encode()


def plan() -> Plan:
    share = Target(
        id="hcdb_share",
        section="3.1",
        section_no=3,
        name_vi="Tỷ lệ trẻ em có HCĐB",
        name_en="HCĐB share",
        unit="%",
        operator="<",
        threshold=2.0,
        town_wide=False,
        direction="lower",
        kind="share",
        measure="hcdb_share",
    )
    score = Target(
        id="child_friendly_score",
        section="5.1",
        section_no=5,
        name_vi="Điểm xã phù hợp với trẻ em",
        name_en="Child-friendly score",
        unit="points",
        operator=">=",
        threshold=850.0,
        town_wide=True,
        direction="higher",
        kind="score",
        measure="child_friendly_score",
    )
    return Plan(
        year=2024,
        pass_mark=850,
        targets=(share, score),
        section_titles=(
            Section(3, "Bảo vệ", "Protection"),
            Section(5, "Phù hợp", "Friendly"),
        ),
    )


FILTERS = Filters(
    groups=("Đức Thịnh", "Tổ 2"),
    year=2024,
    date_from=dt.date(2023, 12, 31),
    date_to=dt.date(2024, 12, 31),
    lang="vi",
)


def scorecard_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "target_id": ["hcdb_share", "child_friendly_score"],
            "snapshot_date": [dt.date(2024, 12, 31)] * 2,
            "numerator": [3.0, NAN],
            "denominator": [160.0, NAN],
            "value": [1.875, 865.0],
            "threshold": [2.0, 850.0],
            "operator": ["<", ">="],
            "status": ["met", "met"],
            "ci_low": [0.64, NAN],
            "ci_high": [5.37, NAN],
            "previous_value": [2.25, 840.0],
            "change": [-0.375, 25.0],
        }
    )


def test_scorecard_csv_vietnamese_exact_bytes():
    table = exports.scorecard_table(scorecard_frame(), plan(), FILTERS, "vi")
    data = exports.to_csv_bytes(table, FILTERS, "vi", simulated=True)
    assert data.startswith(BOM)
    assert data.decode("utf-8-sig").split("\r\n") == [
        "# Bộ lọc: tổ dân phố = Đức Thịnh, Tổ 2; năm = 2024; "
        "giai đoạn = 31/12/2023–31/12/2024 — SỐ LIỆU MÔ PHỎNG",
        "Mục;Mã chỉ tiêu;Chỉ tiêu;Ngày chốt số liệu;Tử số;Mẫu số;Giá trị;"
        "Cận dưới KTC 95%;Cận trên KTC 95%;Đơn vị;Mục tiêu;Đánh giá;"
        "Giá trị năm trước;Thay đổi;Phạm vi",
        "3.1;hcdb_share;Tỷ lệ trẻ em có HCĐB;31/12/2024;3;160;1,9;0,6;5,4;%;"
        "< 2%;Đạt;2,3;-0,4;Tổ: Đức Thịnh, Tổ 2",
        "5.1;child_friendly_score;Điểm xã phù hợp với trẻ em;31/12/2024;;;"
        "865;;;điểm;≥ 850 điểm;Đạt;840;25;Toàn thị trấn",
        "",
    ]


def test_scorecard_csv_english_reads_back():
    filters = Filters(
        year=2024,
        date_from=dt.date(2023, 12, 31),
        date_to=dt.date(2024, 12, 31),
        lang="en",
    )
    table = exports.scorecard_table(scorecard_frame(), plan(), filters, "en")
    text = exports.to_csv_bytes(table, filters, "en").decode("utf-8-sig")
    first, rest = text.split("\r\n", 1)
    assert first == (
        "# Filters: residential groups = Whole town; year = 2024; "
        "period = 31/12/2023–31/12/2024"
    )
    rows = list(csv.DictReader(io.StringIO(rest)))
    assert [(r["Target id"], r["Value"], r["Status"], r["Scope"]) for r in rows] == [
        ("hcdb_share", "1.9", "Met", "Whole town"),
        ("child_friendly_score", "865", "Met", "Whole town"),
    ]


def test_trend_table_rows_of_one_target_in_date_order():
    series = pd.DataFrame(
        {
            "target_id": ["hcdb_share", "hcdb_share", "child_friendly_score"],
            "snapshot_date": [
                dt.date(2024, 12, 31),
                dt.date(2023, 12, 31),
                dt.date(2024, 12, 31),
            ],
            "numerator": [3.0, NAN, NAN],
            "denominator": [160.0, NAN, NAN],
            "value": [1.875, NAN, 865.0],
            "threshold": [2.0, 2.0, 850.0],
            "operator": ["<", "<", ">="],
            "status": ["met", "no_data", "met"],
            "ci_low": [0.64, NAN, NAN],
            "ci_high": [5.37, NAN, NAN],
        }
    )
    table = exports.trend_table(series, plan().target("hcdb_share"), FILTERS)
    text = exports.to_csv_bytes(table, FILTERS, "vi").decode("utf-8-sig")
    assert text.split("\r\n")[1:] == [
        "Mã chỉ tiêu;Ngày chốt số liệu;Tử số;Mẫu số;Giá trị;Cận dưới KTC 95%;"
        "Cận trên KTC 95%;Đơn vị;Mục tiêu;Đánh giá;Phạm vi",
        "hcdb_share;31/12/2023;;;;;;%;< 2%;Không có số liệu;Tổ: Đức Thịnh, Tổ 2",
        "hcdb_share;31/12/2024;3;160;1,9;0,6;5,4;%;< 2%;Đạt;Tổ: Đức Thịnh, Tổ 2",
        "",
    ]


def test_group_table_in_chart_order():
    by_group = pd.DataFrame(
        {
            "residential_group": ["Đức Thịnh", "Tổ 2"],
            "numerator": [1.0, 2.0],
            "denominator": [80.0, 80.0],
            "value": [1.25, 2.5],
            "status": ["met", "not_met"],
            "ci_low": [0.2, 0.7],
            "ci_high": [6.8, 8.7],
        }
    )
    table = exports.group_table(
        by_group, plan().target("hcdb_share"), dt.date(2024, 12, 31)
    )
    assert table.to_dict("records") == [
        {
            "Mã chỉ tiêu": "hcdb_share",
            "Ngày chốt số liệu": dt.date(2024, 12, 31),
            "Tổ dân phố": "Tổ 2",
            "Tử số": 2,
            "Mẫu số": 80,
            "Giá trị": 2.5,
            "Cận dưới KTC 95%": 0.7,
            "Cận trên KTC 95%": 8.7,
            "Đơn vị": "%",
            "Đánh giá": "Chưa đạt",
        },
        {
            "Mã chỉ tiêu": "hcdb_share",
            "Ngày chốt số liệu": dt.date(2024, 12, 31),
            "Tổ dân phố": "Đức Thịnh",
            "Tử số": 1,
            "Mẫu số": 80,
            "Giá trị": 1.3,
            "Cận dưới KTC 95%": 0.2,
            "Cận trên KTC 95%": 6.8,
            "Đơn vị": "%",
            "Đánh giá": "Đạt",
        },
    ]


def test_breakdown_table():
    breakdown = pd.DataFrame(
        {
            "dimension": ["cause", "age_band"],
            "category": ["drowning", "0-5"],
            "injured_count": [2, 7],
            "death_count": [1, 0],
        }
    )
    text = exports.to_csv_bytes(
        exports.breakdown_table(breakdown, "vi"), FILTERS, "vi"
    ).decode("utf-8-sig")
    assert text.split("\r\n")[1:] == [
        "Phân tổ;Nhóm;Số trẻ bị TNTT;Số trẻ tử vong",
        "Nguyên nhân;Đuối nước;2;1",
        "Nhóm tuổi;0–5 tuổi;7;0",
        "",
    ]


def test_csv_file_name_carries_every_filter_in_ascii():
    assert exports.csv_file_name("injury_rate", FILTERS) == (
        "injury_rate_2024_duc-thinh_to-2_2023-12-31_2024-12-31.csv"
    )
    town = Filters(
        year=2023,
        date_from=dt.date(2021, 3, 31),
        date_to=dt.date(2023, 12, 31),
        lang="vi",
    )
    assert exports.csv_file_name("scorecard", town) == (
        "scorecard_2023_toan-thi-tran_2021-03-31_2023-12-31.csv"
    )
    assert exports.csv_file_name(
        "scorecard",
        Filters(
            year=2023,
            date_from=dt.date(2021, 3, 31),
            date_to=dt.date(2023, 12, 31),
            lang="en",
        ),
    ) == ("scorecard_2023_whole-town_2021-03-31_2023-12-31.csv")


def death_rate() -> Target:
    return Target(
        id="injury_death_rate",
        section="4.1",
        section_no=4,
        name_vi="Tỷ suất tử vong do TNTT",
        name_en="Injury deaths",
        unit="‰",
        operator="<",
        threshold=2.0,
        town_wide=False,
        direction="lower",
        kind="rate",
        measure="injury_death_rate",
        sensitive=True,
    )


def test_small_sensitive_counts_by_group_are_hidden_with_their_values():
    by_group = pd.DataFrame(
        {
            "residential_group": ["A", "B", "C"],
            "numerator": [2.0, 0.0, 6.0],
            "denominator": [400.0, 300.0, 500.0],
            "value": [5.0, 0.0, 12.0],
            "status": ["not_met", "met", "not_met"],
            "ci_low": [0.6, 0.0, 4.4],
            "ci_high": [18.0, 12.3, 26.1],
        }
    )
    shown = rules.suppressed_groups(by_group, death_rate())
    # A's 2 deaths are '<5'; with the town total public, C's 6 would give
    # A away, so C is hidden too ('ẩn'); B's zero is shown (not a person).
    assert shown["mark"].tolist() == ["<5", None, "ẩn"]
    assert shown["status"].tolist() == ["hidden", "met", "hidden"]
    assert shown["value"].isna().tolist() == [True, False, True]
    assert shown["denominator"].tolist() == [400.0, 300.0, 500.0]
    table = exports.group_table(shown, death_rate(), dt.date(2024, 12, 31))
    text = (
        exports.to_csv_bytes(table, FILTERS, "vi", suppressed=True)
        .decode("utf-8-sig")
        .split("\r\n")
    )
    assert text[1].startswith("# Quy tắc bảo vệ số nhỏ")
    assert text[3:] == [
        "injury_death_rate;31/12/2024;B;0;300;0,0;0,0;12,3;‰ (trên 1.000 trẻ em);Đạt",
        "injury_death_rate;31/12/2024;A;<5;400;<5;<5;<5;‰ (trên 1.000 trẻ em);"
        "Ẩn (bảo vệ số nhỏ)",
        "injury_death_rate;31/12/2024;C;ẩn;500;ẩn;ẩn;ẩn;‰ (trên 1.000 trẻ em);"
        "Ẩn (bảo vệ số nhỏ)",
        "",
    ]


def test_english_csv_with_hidden_counts_states_the_rule_in_english():
    by_group = pd.DataFrame(
        {
            "residential_group": ["A", "B", "C"],
            "numerator": [2.0, 0.0, 6.0],
            "denominator": [400.0, 300.0, 500.0],
            "value": [5.0, 0.0, 12.0],
            "status": ["not_met", "met", "not_met"],
            "ci_low": [0.6, 0.0, 4.4],
            "ci_high": [18.0, 12.3, 26.1],
        }
    )
    shown = rules.suppressed_groups(by_group, death_rate())
    filters = Filters(
        year=2024,
        date_from=dt.date(2023, 12, 31),
        date_to=dt.date(2024, 12, 31),
        lang="en",
    )
    table = exports.group_table(shown, death_rate(), dt.date(2024, 12, 31), "en")
    lines = (
        exports.to_csv_bytes(table, filters, "en", suppressed=True)
        .decode("utf-8-sig")
        .split("\r\n")
    )
    assert lines[1] == (
        "# Small-number rule: in tables broken down by residential group, "
        "age, sex, cause or place, counts of 1 to 4 children for HIV, abuse, "
        "trafficking, child labour and deaths are written as '<5'; some other "
        "cells are written as 'ẩn' (hidden) so that the hidden counts cannot "
        "be worked out from the totals or percentages. With a "
        "residential-group filter, the chosen groups' counts follow the same "
        "rule; whole-town totals are the published figures and are written "
        "in full."
    )
    assert "Quy tắc" not in "\r\n".join(lines)
    assert lines[2].startswith("Target id,Snapshot date,Residential group")
    # without hidden counts, no rule line
    plain = exports.to_csv_bytes(table, filters, "en").decode("utf-8-sig")
    assert plain.split("\r\n")[1].startswith("Target id,")


def test_vietnamese_csv_with_hidden_counts_keeps_its_note():
    table = exports.group_table(
        rules.suppressed_groups(
            pd.DataFrame(
                {
                    "residential_group": ["A", "B"],
                    "numerator": [2.0, 6.0],
                    "denominator": [400.0, 500.0],
                    "value": [5.0, 12.0],
                    "status": ["not_met", "not_met"],
                    "ci_low": [0.6, 4.4],
                    "ci_high": [18.0, 26.1],
                }
            ),
            death_rate(),
        ),
        death_rate(),
        dt.date(2024, 12, 31),
    )
    lines = (
        exports.to_csv_bytes(table, FILTERS, "vi", suppressed=True)
        .decode("utf-8-sig")
        .split("\r\n")
    )
    assert lines[1] == (
        "# Quy tắc bảo vệ số nhỏ: trong các bảng chia theo tổ dân phố, tuổi, "
        "giới tính, nguyên nhân hoặc nơi xảy ra, số trẻ từ 1 đến 4 về HIV, "
        "xâm hại, mua bán, lao động trẻ em và tử vong được ghi là '<5'; một "
        "số ô khác được ghi 'ẩn' để không thể suy ra số bị che từ các tổng "
        "hay tỷ lệ. Khi lọc theo tổ dân phố, các số này của nhóm tổ được chọn "
        "cũng theo quy tắc đó; số của toàn thị trấn là số tổng hợp công bố, "
        "được ghi đầy đủ."
    )


@pytest.mark.parametrize(
    "counts",
    [
        [3, 0, 0, 0],
        [4, 4, 4, 100],
        [1, 2, 30, 40],
        [1, 5, 6, 7],
        [2, 9, 9, 0],
    ],
)
def test_group_csv_does_not_contain_hidden_counts(counts):
    """The file a reader downloads, built as the page builds it: no hidden
    count appears in it beside its group, and every shown count is exact."""
    groups = [f"Tổ {i + 1}" for i in range(4)]
    by_group = pd.DataFrame(
        {
            "residential_group": groups,
            "numerator": [float(c) for c in counts],
            "denominator": [1000.0] * 4,
            "value": [float(c) for c in counts],
            "status": ["met"] * 4,
            "ci_low": [0.0] * 4,
            "ci_high": [9.0] * 4,
        }
    )
    shown = rules.suppressed_groups(by_group, death_rate())
    table = exports.group_table(shown, death_rate(), dt.date(2024, 12, 31))
    data = exports.to_csv_bytes(table, FILTERS, "vi", suppressed=True)
    rows = {
        line.split(";")[2]: line.split(";")[3]
        for line in data.decode("utf-8-sig").split("\r\n")
        if line.startswith("injury_death_rate;")
    }
    for group, count, mark in zip(groups, counts, shown["mark"], strict=True):
        if 1 <= count < 5:
            assert mark == "<5"
        if mark is None:
            assert rows[group] == str(count)
        else:
            assert rows[group] in ("<5", "ẩn")
            assert f";{group};{count};".encode() not in data


def test_targets_that_count_nothing_sensitive_are_not_suppressed():
    by_group = pd.DataFrame(
        {
            "residential_group": ["A"],
            "numerator": [2.0],
            "denominator": [9.0],
            "value": [22.2],
            "status": ["met"],
            "ci_low": [6.3],
            "ci_high": [54.7],
        }
    )
    shown = rules.suppressed_groups(by_group, plan().target("hcdb_share"))
    assert shown["numerator"].tolist() == [2.0]
    assert shown["mark"].tolist() == [None]


def test_injury_breakdown_hides_small_death_counts_per_dimension():
    breakdown = pd.DataFrame(
        {
            "dimension": ["sex", "sex", "cause", "cause", "cause"],
            "category": ["M", "F", "fall", "burn", "drowning"],
            "injured_count": [10, 6, 9, 6, 3],
            "death_count": [1, 6, 0, 5, 2],
        }
    )
    shown = rules.suppressed_breakdown(breakdown)
    # The death total (7) is public: M's single death is '<5'; F's 6 would
    # give it away, so it goes too ('ẩn'). Cause: 2 drownings are '<5', the
    # 5 burns follow, and so do the injured counts that would bound them
    # (deaths <= injured: 5 of 6 burns leaves too little room); zeros stay.
    assert [tuple(r) for r in shown.itertuples(index=False)] == [
        ("sex", "M", "10", "<5"),
        ("sex", "F", "6", "ẩn"),
        ("cause", "fall", "9", "0"),
        ("cause", "burn", "ẩn", "ẩn"),
        ("cause", "drowning", "ẩn", "<5"),
    ]
