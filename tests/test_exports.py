"""CSV exports for software: exact bytes for tiny frames, pandas' default
read_csv reads them back; file names from the filters."""

import datetime as dt
import io
import math

import pandas as pd
import pytest

from childplan.disclosure import rules
from childplan.indicators.plan import Plan, Section, Target
from childplan.present import exports
from childplan.present.filters import Filters
from childplan.present.i18n import t

NAN = math.nan
BOM = "\ufeff".encode()
# The columns every CSV ends with, and their cells for FILTERS
FILE_HEADER = (
    "Phạm vi lọc,Năm kế hoạch,Giai đoạn từ ngày,Giai đoạn đến ngày,"
    "Số liệu tính đến ngày,Số liệu mô phỏng,Quy tắc bảo vệ thông tin trẻ em"
)
FILE_CELLS = '"Tổ dân phố: Đức Thịnh, Tổ 2",2024,2023-12-31,2024-12-31,'


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
    data = exports.to_csv_bytes(
        table, FILTERS, "vi", simulated=True, snapshot_date=dt.date(2024, 12, 31)
    )
    assert data.startswith(BOM)
    assert data.decode("utf-8-sig").split("\r\n") == [
        "Mục,Mã chỉ tiêu,Chỉ tiêu,Ngày chốt số liệu,Tử số,Mẫu số,Giá trị,"
        "Cận dưới khoảng tin cậy 95%,Cận trên khoảng tin cậy 95%,"
        "Đơn vị,Mục tiêu,Đánh giá,"
        "Giá trị năm trước,Thay đổi,Phạm vi," + FILE_HEADER,
        "3.1,hcdb_share,Tỷ lệ trẻ em có HCĐB,2024-12-31,3,160,1.9,0.6,5.4,%,"
        'dưới 2%,Đạt,2.3,-0.4,"Tổ dân phố: Đức Thịnh, Tổ 2",'
        + FILE_CELLS
        + "2024-12-31,true,",
        "5.1,child_friendly_score,Điểm xã phù hợp với trẻ em,2024-12-31,,,"
        "865,,,điểm,từ 850 điểm trở lên,Đạt,840,25,Toàn thị trấn,"
        + FILE_CELLS
        + "2024-12-31,true,",
        "",
    ]


def test_scorecard_csv_keeps_each_value_on_its_side_and_plan_order():
    """Issue 11, item 4: a cell never rounds onto or across the threshold
    (1,96 < 2 met: not 2,0; 849,5 < 850 not met: not 850), nor a change
    that is not nil to 0 (1,96 - 1,99 = -0,03); rows in plan order, section
    by section, whatever order the scorecard came in."""
    frame = (
        scorecard_frame()
        .assign(
            value=[1.96, 849.5],
            status=["met", "not_met"],
            previous_value=[1.99, 849.5],
            change=[1.96 - 1.99, 0.0],
        )
        .iloc[::-1]  # the score first
    )
    table = exports.scorecard_table(frame, plan(), FILTERS, "vi")
    lines = exports.to_csv_bytes(table, FILTERS, "vi").decode("utf-8-sig")
    assert lines.split("\r\n")[1:3] == [
        "3.1,hcdb_share,Tỷ lệ trẻ em có HCĐB,2024-12-31,3,160,1.96,0.6,5.4,%,"
        'dưới 2%,Đạt,1.99,-0.03,"Tổ dân phố: Đức Thịnh, Tổ 2",'
        + FILE_CELLS
        + ",false,",
        "5.1,child_friendly_score,Điểm xã phù hợp với trẻ em,2024-12-31,,,"
        "849.5,,,điểm,từ 850 điểm trở lên,Chưa đạt,849.5,0,Toàn thị trấn,"
        + FILE_CELLS
        + ",false,",
    ]


def test_scorecard_csv_english_reads_back_with_pandas_defaults():
    filters = Filters(
        year=2024,
        date_from=dt.date(2023, 12, 31),
        date_to=dt.date(2024, 12, 31),
        lang="en",
    )
    table = exports.scorecard_table(scorecard_frame(), plan(), filters, "en")
    data = exports.to_csv_bytes(
        table, filters, "en", snapshot_date=dt.date(2024, 12, 31)
    )
    read = pd.read_csv(io.BytesIO(data))
    assert list(read.columns[:2]) == ["Section", "Target id"]  # no BOM in it
    assert read[["Target id", "Value", "Status", "Scope"]].to_dict("records") == [
        {
            "Target id": "hcdb_share",
            "Value": 1.9,
            "Status": "Met",
            "Scope": "Whole town",
        },
        {
            "Target id": "child_friendly_score",
            "Value": 865.0,
            "Status": "Met",
            "Scope": "Whole town",
        },
    ]
    assert read["Change"].tolist() == [-0.4, 25.0]
    assert read["Numerator"].tolist()[0] == 3.0
    assert math.isnan(read["Numerator"].tolist()[1])
    assert read[["Filter scope", "Plan year", "Period from", "Figures as at"]].iloc[
        0
    ].tolist() == ["Whole town", 2024, "2023-12-31", "2024-12-31"]
    assert read["Simulated"].tolist() == [False, False]
    assert read["Child-protection rule"].isna().all()  # no sensitive target


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
    tail = FILE_CELLS + ",false,"
    assert text.split("\r\n") == [
        "Mã chỉ tiêu,Ngày chốt số liệu,Tử số,Mẫu số,Giá trị,"
        "Cận dưới khoảng tin cậy 95%,"
        "Cận trên khoảng tin cậy 95%,Đơn vị,Mục tiêu,Đánh giá,Phạm vi," + FILE_HEADER,
        "hcdb_share,2023-12-31,,,,,,%,dưới 2%,Không có số liệu,"
        '"Tổ dân phố: Đức Thịnh, Tổ 2",' + tail,
        "hcdb_share,2024-12-31,3,160,1.9,0.6,5.4,%,dưới 2%,Đạt,"
        '"Tổ dân phố: Đức Thịnh, Tổ 2",' + tail,
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
            "Cận dưới khoảng tin cậy 95%": 0.7,
            "Cận trên khoảng tin cậy 95%": 8.7,
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
            "Cận dưới khoảng tin cậy 95%": 0.2,
            "Cận trên khoảng tin cậy 95%": 6.8,
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
    assert text.split("\r\n") == [
        'Chia theo,Nhóm,"Số trẻ bị tai nạn, thương tích",Số trẻ tử vong,' + FILE_HEADER,
        "Nguyên nhân,Đuối nước,2,1," + FILE_CELLS + ",false,",
        "Nhóm tuổi,0–5 tuổi,7,0," + FILE_CELLS + ",false,",
        "",
    ]


def test_file_names_say_what_in_the_readers_words_and_every_filter_in_ascii():
    title = "Tỷ lệ trẻ em có hoàn cảnh đặc biệt theo tổ dân phố"
    assert exports.file_name(title, FILTERS, "xlsx") == (
        "ty-le-tre-em-co-hoan-canh-dac-biet-theo-to-dan-pho_2024_duc-thinh_to-2"
        "_2023-12-31_2024-12-31.xlsx"
    )
    town = Filters(
        year=2023,
        date_from=dt.date(2021, 3, 31),
        date_to=dt.date(2023, 12, 31),
        lang="vi",
    )
    assert exports.file_name("Bảng chỉ tiêu kế hoạch", town, "csv") == (
        "bang-chi-tieu-ke-hoach_2023_toan-thi-tran_2021-03-31_2023-12-31.csv"
    )
    assert exports.file_name(
        "Plan scorecard",
        Filters(
            year=2023,
            date_from=dt.date(2021, 3, 31),
            date_to=dt.date(2023, 12, 31),
            lang="en",
        ),
        "xlsx",
    ) == ("plan-scorecard_2023_whole-town_2021-03-31_2023-12-31.xlsx")
    # a long name is cut in its middle (48 letters + "-" + the last 44),
    # never leaving a doubled dash: its end tells two files apart
    long = exports.file_name("Giảm tỷ suất " * 19 + "theo tổ", town, "csv")
    slug = ("giam-ty-suat-" * 19) + "theo-to"
    head, tail = slug[:48].rstrip("-"), slug[-44:].lstrip("-")
    assert long.split("_")[0] == head + "-" + tail
    assert long.split("_")[0].endswith("-giam-ty-suat-theo-to")
    assert "--" not in long


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


RULE_VI = (
    "Quy tắc bảo vệ thông tin trẻ em: các chỉ tiêu nhạy cảm (HIV; lao động "
    "trẻ em và mua bán trẻ em; tử vong do tai nạn, thương tích; tử vong do "
    "đuối nước) chỉ ghi số liệu toàn thị trấn, mỗi năm một giá trị; số tử "
    "vong theo nguyên nhân, nơi xảy ra, giới tính, độ tuổi chỉ ghi khi mọi "
    "ô đều từ 5 trở lên."
)
RULE_EN = (
    "Child-protection rule: sensitive targets (HIV, child labour and "
    "trafficking, injury deaths, drowning deaths) are written for the whole "
    "town only, one value per year; deaths by cause, place, sex or age are "
    "written only when every cell is 5 or more."
)


def deaths_by_group() -> pd.DataFrame:
    """An officer's table: A 2 deaths of 400, B 0 of 300, C 6 of 500."""
    return pd.DataFrame(
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


def test_officers_group_csv_of_a_sensitive_target_is_exact_with_the_rule():
    table = exports.group_table(deaths_by_group(), death_rate(), dt.date(2024, 12, 31))
    text = (
        exports.to_csv_bytes(table, FILTERS, "vi", sensitive=True)
        .decode("utf-8-sig")
        .split("\r\n")
    )
    tail = FILE_CELLS + ',false,"' + RULE_VI + '"'
    # worst first (lower is better); every count as it is, small or not
    assert text[1:] == [
        "injury_death_rate,2024-12-31,C,6,500,12.0,4.4,26.1,‰ (trên 1.000 trẻ em),"
        "Chưa đạt," + tail,
        "injury_death_rate,2024-12-31,A,2,400,5.0,0.6,18.0,‰ (trên 1.000 trẻ em),"
        "Chưa đạt," + tail,
        "injury_death_rate,2024-12-31,B,0,300,0.0,0.0,12.3,‰ (trên 1.000 trẻ em),"
        "Đạt," + tail,
        "",
    ]


def test_english_csv_of_a_sensitive_target_states_the_rule_in_english():
    filters = Filters(
        year=2024,
        date_from=dt.date(2023, 12, 31),
        date_to=dt.date(2024, 12, 31),
        lang="en",
    )
    table = exports.group_table(
        deaths_by_group(), death_rate(), dt.date(2024, 12, 31), "en"
    )
    data = exports.to_csv_bytes(table, filters, "en", sensitive=True)
    read = pd.read_csv(io.BytesIO(data))
    assert read["Child-protection rule"].tolist() == [RULE_EN] * 3
    assert "Quy tắc" not in data.decode("utf-8-sig")
    assert list(read.columns[:3]) == ["Target id", "Snapshot date", "Residential group"]
    # without a sensitive target, an empty rule
    plain = pd.read_csv(io.BytesIO(exports.to_csv_bytes(table, filters, "en")))
    assert plain["Child-protection rule"].isna().all()


def test_vietnamese_csv_of_a_sensitive_target_has_no_small_number_marks():
    table = exports.group_table(deaths_by_group(), death_rate(), dt.date(2024, 12, 31))
    text = exports.to_csv_bytes(table, FILTERS, "vi", sensitive=True).decode(
        "utf-8-sig"
    )
    assert text.split("\r\n")[1].endswith(',"' + RULE_VI + '"')
    assert "<5" not in text and "ẩn" not in text and "Ẩn" not in text


def sensitive_plan() -> Plan:
    return Plan(
        year=2024,
        pass_mark=850,
        targets=(plan().target("hcdb_share"), death_rate()),
        section_titles=(
            Section(3, "Bảo vệ", "Protection"),
            Section(4, "TNTT", "Injuries"),
        ),
    )


@pytest.mark.parametrize(
    "target_id, scope",
    [
        ("hcdb_share", "Tổ dân phố: Đức Thịnh, Tổ 2"),
        ("injury_death_rate", "Toàn thị trấn"),
    ],
)
def test_the_scope_of_a_sensitive_target_is_the_town_under_a_filter(target_id, scope):
    series = pd.DataFrame(
        {
            "target_id": [target_id],
            "snapshot_date": [dt.date(2024, 12, 31)],
            "numerator": [8.0],
            "denominator": [1200.0],
            "value": [8 / 1.2],
            "threshold": [2.0],
            "operator": ["<"],
            "status": ["not_met"],
            "ci_low": [2.9],
            "ci_high": [13.1],
            "previous_value": [4.0],
            "change": [8 / 1.2 - 4],
        }
    )
    target = sensitive_plan().target(target_id)
    trend = exports.trend_table(series, target, FILTERS)
    card = exports.scorecard_table(series, sensitive_plan(), FILTERS)
    assert trend["Phạm vi"].tolist() == [scope]
    assert card["Phạm vi"].tolist() == [scope]


def card_row(target_id, numerator, denominator, value, status, **more) -> dict:
    return {
        "target_id": target_id,
        "snapshot_date": dt.date(2024, 12, 31),
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
        "threshold": 2.0,
        "operator": "<",
        "status": status,
        "ci_low": NAN,
        "ci_high": NAN,
        **more,
    }


def town_years() -> pd.DataFrame:
    """The town's deaths per plan year: 2023 4 of 1000, 2024 8 of 1200."""
    return pd.DataFrame(
        [
            card_row("injury_death_rate", 4.0, 1000.0, 4.0, "not_met", year=2023)
            | {"snapshot_date": dt.date(2023, 12, 31)},
            card_row("injury_death_rate", 8.0, 1200.0, 8 / 1.2, "not_met", year=2024),
        ]
    )


def test_meeting_scorecard_puts_the_towns_year_in_place_of_the_groups():
    card = pd.DataFrame(
        [
            card_row(
                "hcdb_share",
                3.0,
                160.0,
                1.875,
                "met",
                previous_value=2.25,
                change=-0.375,
            ),
            # the chosen groups' own deaths: 6 of 500, 2023: 1 of 450
            card_row(
                "injury_death_rate",
                6.0,
                500.0,
                12.0,
                "not_met",
                previous_value=2.2,
                change=9.8,
            ),
        ]
    )
    shown = rules.meeting_scorecard(card, town_years(), sensitive_plan(), 2024)
    hcdb, deaths = shown.to_dict("records")
    assert (hcdb["numerator"], hcdb["value"], hcdb["change"]) == (3.0, 1.875, -0.375)
    assert (deaths["numerator"], deaths["denominator"]) == (8.0, 1200.0)
    assert deaths["value"] == pytest.approx(6.6667, abs=1e-4)  # 8 per 1,200
    assert deaths["previous_value"] == 4.0  # the town's 2023: 4 per 1,000
    assert deaths["change"] == pytest.approx(2.6667, abs=1e-4)  # 6,666... - 4
    # a year the town has no figure for: no data, never the groups' value
    nothing = rules.meeting_scorecard(card, town_years(), sensitive_plan(), 2025)
    assert nothing.loc[1, "status"] == "no_data"
    assert math.isnan(nothing.loc[1, "value"])
    assert nothing.loc[1, "previous_value"] == pytest.approx(6.6667, abs=1e-4)


def test_a_running_years_sensitive_figure_is_not_compared_with_a_whole_year():
    """2025 known up to 30 June: the town's 3 deaths of January-June
    against 2024's 8 of twelve months would read as a fall of 4 per 1,000
    that is only the half year still to come; no change is given."""
    years = pd.concat(
        [
            town_years(),
            pd.DataFrame(
                [
                    card_row(
                        "injury_death_rate", 3.0, 1250.0, 2.4, "at_risk", year=2025
                    )
                    | {"snapshot_date": dt.date(2025, 6, 30)}
                ]
            ),
        ],
        ignore_index=True,
    )
    card = pd.DataFrame(
        [
            card_row("injury_death_rate", 2.0, 600.0, 2.0 / 0.6, "not_met")
            | {"snapshot_date": dt.date(2025, 6, 30), "previous_value": 9.0}
            | {"change": 2.0 / 0.6 - 9.0}
        ]
    )
    (deaths,) = rules.meeting_scorecard(card, years, sensitive_plan(), 2025).to_dict(
        "records"
    )
    assert (deaths["numerator"], deaths["value"]) == (3.0, 2.4)  # the town's
    assert deaths["previous_value"] == pytest.approx(6.6667, abs=1e-4)  # 8 / 1,200
    assert math.isnan(deaths["change"])
    # the whole year 2024 is compared with the whole year 2023 (test above)
    (whole,) = rules.meeting_scorecard(
        card.assign(snapshot_date=dt.date(2024, 12, 31)), years, sensitive_plan(), 2024
    ).to_dict("records")
    assert whole["change"] == pytest.approx(8 / 1.2 - 4.0)


def test_meeting_series_has_one_town_point_a_year_for_a_sensitive_target():
    days = [dt.date(2023, 12, 31), dt.date(2024, 6, 30), dt.date(2024, 12, 31)]
    series = pd.DataFrame(
        [
            card_row(x, float(n), 100.0, float(n), "met") | {"snapshot_date": d}
            for x in ("injury_death_rate", "hcdb_share")
            for d, n in zip(days, (1, 2, 3), strict=True)
        ]
    )
    shown = rules.meeting_series(
        series, town_years(), sensitive_plan(), dt.date(2024, 1, 1), days[-1]
    )
    picked = shown[["target_id", "snapshot_date", "numerator"]]
    assert [tuple(r) for r in picked.itertuples(index=False)] == [
        ("hcdb_share", days[0], 1.0),  # the groups', every snapshot
        ("hcdb_share", days[1], 2.0),
        ("hcdb_share", days[2], 3.0),
        ("injury_death_rate", days[2], 8.0),  # the town's 2024 only: 2023's
    ]  # is before the period


def test_injury_breakdown_shows_a_dimensions_deaths_only_if_none_is_small():
    breakdown = pd.DataFrame(
        {
            "dimension": ["sex", "sex", "cause", "cause", "cause", "place", "place"],
            "category": ["M", "F", "fall", "burn", "drowning", "home", "school"],
            "injured_count": [10, 6, 9, 6, 3, 12, 4],
            "death_count": [6, 5, 0, 5, 2, 4, 0],
        }
    )
    shown = rules.meeting_breakdown(breakdown)
    # sex: 6 and 5, both >= 5: shown. cause: 0 and 2 are small, so none of
    # the three (5 burns included: 7 - 0 - 2 would give them); place: 4 and 0.
    # Injuries are never hidden.
    assert shown["injured_count"].tolist() == [10, 6, 9, 6, 3, 12, 4]
    assert shown["death_count"].tolist()[:2] == [6.0, 5.0]
    assert shown["death_count"].isna().tolist() == [False, False] + [True] * 5
    text = exports.to_csv_bytes(
        exports.breakdown_table(shown, "vi"), FILTERS, "vi", sensitive=True
    ).decode("utf-8-sig")
    read = pd.read_csv(io.BytesIO(text.encode("utf-8-sig")), dtype=str)
    assert list(read.columns[:4]) == [
        "Chia theo",
        "Nhóm",
        "Số trẻ bị tai nạn, thương tích",
        "Số trẻ tử vong",
    ]
    assert read["Quy tắc bảo vệ thông tin trẻ em"].tolist() == [RULE_VI] * 7
    cells = read.iloc[:, :4].fillna("").values.tolist()
    assert [c[2] for c in cells] == ["10", "6", "9", "6", "3", "12", "4"]
    # hidden deaths: an empty cell, no mark (the shown ones' form: next test)
    assert [c[3] == "" for c in cells] == [False, False] + [True] * 5


def small_breakdown() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "dimension": ["sex", "sex", "cause", "cause"],
            "category": ["M", "F", "fall", "drowning"],
            "injured_count": [10, 6, 9, 3],
            "death_count": [6, 5, 0, 2],
        }
    )


def test_injury_breakdown_csv_writes_shown_deaths_as_whole_numbers():
    shown = rules.meeting_breakdown(small_breakdown())
    text = exports.to_csv_bytes(
        exports.breakdown_table(shown, "vi"), FILTERS, "vi", sensitive=True
    ).decode("utf-8-sig")
    tail = FILE_CELLS + ',false,"' + RULE_VI + '"'
    assert text.split("\r\n")[1:] == [
        "Giới tính,Nam,10,6," + tail,  # 6 and 5 deaths: both >= 5, shown
        "Giới tính,Nữ,6,5," + tail,
        "Nguyên nhân,Ngã,9,," + tail,  # 0 and 2: small, neither shown
        "Nguyên nhân,Đuối nước,3,," + tail,
        "",
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_two_files_of_the_plan_share_a_name(lang):
    """Every target's four files (trend, groups, and the officer's two)
    have names of their own: a long title cut at its end made the
    officer's exact file and the meeting's file the same name, the browser
    then saving 'x.xlsx' and 'x (1).xlsx' (review of issue 12)."""
    from childplan.indicators.plan import plan_for_year
    from childplan.present.i18n import target_name

    filters = Filters(year=2024, lang=lang)
    names = [
        exports.file_name(t(key, lang, target=target_name(x, lang)), filters, "xlsx")
        for x in plan_for_year(2024).targets
        for key in (
            "file_trend",
            "file_groups",
            "file_officer_trend",
            "file_officer_groups",
        )
    ]
    assert len(set(names)) == len(names) == 4 * 18
    officers = [n for n in names if "chi-danh-cho-can-bo" in n or "officers-only" in n]
    assert len(officers) == 2 * 18
    assert max(len(n) for n in names) <= 48 + 1 + 44 + len("_2024_toan-thi-tran.xlsx")
