"""Chart builders on tiny frames: what is drawn, where, in which colour."""

import datetime as dt
import json
import math

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from childplan.indicators import stats
from childplan.indicators.plan import Reference, Target
from childplan.present import charts, group_charts

NAN = math.nan
GREEN, RED, GRAY, BLUE = "#009E73", "#D55E00", "#767676", "#0072B2"
AMBER = "#E69F00"


def target(**overrides) -> Target:
    fields = dict(
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
    fields.update(overrides)
    return Target(**fields)


def series_frame() -> pd.DataFrame:
    """Two targets; hcdb_share at three snapshots over two years, given out
    of date order to prove the chart sorts them."""
    return pd.DataFrame(
        {
            "target_id": ["hcdb_share"] * 3 + ["other"],
            "snapshot_date": [
                dt.date(2024, 12, 31),
                dt.date(2023, 12, 31),
                dt.date(2024, 6, 30),
                dt.date(2024, 12, 31),
            ],
            "numerator": [12.0, 18.0, NAN, 1.0],
            "denominator": [800.0, 780.0, NAN, 2.0],
            "value": [1.5, 2.3077, NAN, 50.0],
            "threshold": [2.0] * 4,
            "operator": ["<"] * 4,
            "status": ["met", "not_met", "no_data", "met"],
            "ci_low": [0.86, 1.46, NAN, 9.5],
            "ci_high": [2.6, 3.6, NAN, 90.5],
        }
    )


def test_palette_is_the_theme():
    assert charts.STATUS_COLOURS == {
        "met": GREEN,
        "not_met": RED,
        "at_risk": AMBER,
        "no_data": GRAY,
        "no_cases": GRAY,
        "info": BLUE,
    }


def test_trend_figure_points_threshold_and_good_side():
    fig = charts.trend_figure(series_frame(), target(), "vi")
    band_high, band_low, trace = fig.data
    assert list(trace.x) == [
        dt.date(2023, 12, 31),
        dt.date(2024, 6, 30),
        dt.date(2024, 12, 31),
    ]
    assert [None if math.isnan(v) else v for v in trace.y] == [2.3077, None, 1.5]
    assert list(trace.marker.color) == [RED, GRAY, GREEN]
    assert [list(c) for c in trace.customdata] == [
        ["31/12/2023", "2,3% (1,5–3,6)", "18 / 780", "Chưa đạt"],
        ["30/06/2024", "—", "—", "Không có số liệu"],
        ["31/12/2024", "1,5% (0,9–2,6)", "12 / 800", "Đạt"],
    ]
    assert "Tử số / mẫu số: %{customdata[2]}" in trace.hovertemplate
    # the 95% interval as a band: upper edge, then the lower edge filled to it
    assert [None if math.isnan(v) else v for v in band_high.y] == [3.6, None, 2.6]
    assert [None if math.isnan(v) else v for v in band_low.y] == [1.46, None, 0.86]
    assert (band_high.fill, band_low.fill) == (None, "tonexty")
    assert band_low.hoverinfo == "skip"
    rect, line = fig.layout.shapes
    assert (rect.y0, rect.y1, rect.fillcolor) == (0, 2.0, GREEN)  # "< 2": below
    assert (line.y0, line.y1, line.line.dash) == (2.0, 2.0, "dash")
    assert fig.layout.annotations[0].text == "╌╌ Mục tiêu dưới 2%"
    assert fig.layout.separators == ",."
    assert list(fig.layout.xaxis.tickvals) == [
        dt.date(2023, 12, 31),
        dt.date(2024, 12, 31),
    ]
    assert list(fig.layout.xaxis.ticktext) == ["31/12/2023", "31/12/2024"]
    assert fig.layout.yaxis.range == (
        pytest.approx(-0.04 * 3.6 * 1.15),
        pytest.approx(3.6 * 1.15),
    )
    assert fig.layout.yaxis.ticksuffix == "%"
    assert fig.layout.showlegend is False


def test_trend_figure_higher_is_better_shades_above_and_caps_shares():
    frame = series_frame().assign(
        value=[97.0, 95.0, NAN, 1.0], ci_high=[99.0, 97.5, NAN, 2.0]
    )
    fig = charts.trend_figure(
        frame, target(operator=">=", threshold=96.0, direction="higher"), "en"
    )
    rect = fig.layout.shapes[0]
    assert (rect.y0, rect.y1) == (96.0, 105.0)  # up to the capped top
    assert fig.layout.annotations[0].text == "╌╌ Target at least 96%"
    assert fig.layout.separators == ".,"
    assert fig.data[2].customdata[0][1] == "95.0% (1.5–97.5)"


def test_trend_figure_without_any_value_says_why():
    frame = series_frame().assign(value=NAN, ci_low=NAN, ci_high=NAN, status="no_cases")
    fig = charts.trend_figure(frame, target(), "vi")
    assert [a.text for a in fig.layout.annotations] == [
        "╌╌ Mục tiêu dưới 2%",
        "Không có trường hợp",
    ]


def test_trend_figure_info_target_has_no_threshold():
    frame = series_frame().assign(status=["info"] * 4, ci_low=NAN, ci_high=NAN)
    fig = charts.trend_figure(
        frame, target(operator="info", threshold=None, unit="count", kind="count"), "vi"
    )
    assert fig.layout.shapes == ()
    assert fig.layout.annotations == ()
    (trace,) = fig.data  # no interval band
    assert list(trace.marker.color) == [BLUE] * 3
    assert fig.layout.yaxis.tickformat == ",d"  # whole children
    assert fig.layout.yaxis.dtick == 1


def by_group_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "residential_group": ["Đức Thịnh", "Hòa Sơn", "Tổ 3", "Tổ 4"],
            "numerator": [3.0, 0.0, NAN, 5.0],
            "denominator": [100.0, 90.0, 0.0, 110.0],
            "value": [3.0, 0.0, NAN, 4.5454],
            "status": ["not_met", "met", "no_data", "not_met"],
            "ci_low": [1.0, 0.0, NAN, 1.9],
            "ci_high": [8.5, 4.1, NAN, 10.2],
        }
    )


def funnel_frame() -> pd.DataFrame:
    """Four groups against "< 2%": Bắc Hưng 12 of 100 (far above the 99.8%
    limit, 6.98% at n = 100), Hòa Sơn 1 of 200 and Đức Thịnh 2 of 150
    (inside), Tổ 3 with no denominator (not drawn)."""
    return pd.DataFrame(
        {
            "residential_group": [
                "Tổ dân phố Bắc Hưng",
                "Tổ dân phố Hòa Sơn",
                "Tổ dân phố Tổ 3",
                "Tổ dân phố Đức Thịnh",
            ],
            "numerator": [12.0, 1.0, NAN, 2.0],
            "denominator": [100.0, 200.0, 0.0, 150.0],
            "value": [12.0, 0.5, NAN, 2 / 150 * 100],
            "status": ["not_met", "met", "no_data", "met"],
            "ci_low": [6.99, 0.09, NAN, 0.37],
            "ci_high": [19.85, 2.78, NAN, 4.73],
        }
    )


def test_funnel_figure_limits_centre_line_and_groups():
    fig = group_charts.funnel_figure(funnel_frame(), target(), "vi")
    up998, low998, up95, low95, centre, *keys, groups = fig.data
    assert [d.name for d in fig.data] == [
        "Giới hạn báo động (99,8%)",
        "Giới hạn báo động (99,8%)",
        "Giới hạn cảnh báo (95%)",
        "Giới hạn cảnh báo (95%)",
        "Mục tiêu dưới 2%",
        "Tổ kém hơn mục tiêu",  # a key for every colour
        "Tổ tốt hơn mục tiêu",
        "Tổ trong giới hạn",
        "Tổ dân phố",
    ]
    assert [d.showlegend for d in fig.data] == [
        True, False, True, False, None, None, None, None, False,
    ]  # fmt: skip
    assert [k.marker.color for k in keys] == [
        RED,
        GREEN,
        group_charts.FUNNEL_INSIDE_COLOUR,
    ]
    assert [list(k.x) for k in keys] == [[None]] * 3  # legend only
    assert (up998.line.dash, up95.line.dash) == ("dot", "solid")
    # the limits are stats.funnel_curve from half the smallest group (50)
    curve = stats.funnel_curve(2.0, 1.1 * 200, "share")
    curve = curve[curve["denominator"] >= 50]
    assert list(up998.x) == curve["denominator"].tolist()
    assert list(up998.y) == curve["upper_998"].tolist()
    assert list(low95.y) == curve["lower_95"].tolist()
    assert list(centre.y) == [2.0, 2.0]
    assert list(centre.x) == [50.0, pytest.approx(220.0)]
    # Tổ 3 (no denominator) is not drawn
    assert list(groups.x) == [100.0, 200.0, 150.0]
    assert list(groups.y) == [12.0, 0.5, pytest.approx(1.3333333)]
    # only the group outside is named and coloured: worse = not-met colour
    assert list(groups.text) == ["Bắc Hưng", "", ""]
    assert list(groups.marker.color) == [
        RED,
        group_charts.FUNNEL_INSIDE_COLOUR,
        group_charts.FUNNEL_INSIDE_COLOUR,
    ]
    assert [list(c) for c in groups.customdata] == [
        [
            "Tổ dân phố Bắc Hưng",
            "12,0% (7,0–19,9)",
            "12 / 100",
            "Chưa đạt",
            "Ngoài giới hạn 99,8% (kém hơn mục tiêu)",
        ],
        [
            "Tổ dân phố Hòa Sơn",
            "0,5% (0,1–2,8)",
            "1 / 200",
            "Đạt",
            "Trong giới hạn 95%",
        ],
        [
            "Tổ dân phố Đức Thịnh",
            "1,3% (0,4–4,7)",
            "2 / 150",
            "Đạt",
            "Trong giới hạn 95%",
        ],
    ]
    assert "%{customdata[4]}" in groups.hovertemplate
    assert fig.layout.separators == ",."
    assert fig.layout.yaxis.ticksuffix == "%"
    x_title = "Số trẻ em (hoặc số hộ gia đình) được tính của tổ"
    assert fig.layout.xaxis.title.text == x_title
    assert fig.layout.showlegend is True


def test_funnel_sentences_name_the_groups_outside():
    placed = group_charts.funnel_groups(funnel_frame(), target())
    assert placed["residential_group"].tolist() == [
        "Tổ dân phố Bắc Hưng",
        "Tổ dân phố Hòa Sơn",
        "Tổ dân phố Đức Thịnh",
    ]
    assert placed["outside"].tolist() == ["99.8", "none", "none"]
    # one line: how many groups, which side, which groups (issue 11)
    assert group_charts.funnel_sentences(placed, target(), "vi") == [
        "1 tổ kém hơn mục tiêu rõ rệt, khó có thể do ngẫu nhiên (số liệu cao "
        "hơn mục tiêu): Bắc Hưng"
    ]
    assert group_charts.funnel_sentences(placed, target(), "en") == [
        "1 group(s) above the target beyond chance (worse than the target): Bắc Hưng"
    ]
    inside = funnel_frame().iloc[1:]
    placed = group_charts.funnel_groups(inside, target())
    assert group_charts.funnel_sentences(placed, target()) == [
        "Mọi tổ đều trong giới hạn 95%: khác biệt giữa các tổ có thể chỉ do ngẫu nhiên."
    ]


def test_funnel_higher_is_better_colours_the_better_side_green():
    # ">= 60%" at n = 100: exact limits 49.8-69.0% (95%), 44.1-74.3%
    # (99.8%). 95 of 100 is far above (better), 30 far below (worse), 47
    # below the 95% limit only (normal approximation: 50.4, 44.9).
    frame = pd.DataFrame(
        {
            "residential_group": ["A", "B", "C", "D"],
            "numerator": [95.0, 30.0, 47.0, 60.0],
            "denominator": [100.0, 100.0, 100.0, 100.0],
            "value": [95.0, 30.0, 47.0, 60.0],
            "status": ["met", "not_met", "not_met", "met"],
            "ci_low": [NAN] * 4,
            "ci_high": [NAN] * 4,
        }
    )
    shares = target(operator=">=", threshold=60.0, direction="higher")
    placed = group_charts.funnel_groups(frame, shares)
    limits = stats.funnel_limits(60.0, [100], "share").iloc[0]
    assert (round(limits["lower_998"], 1), round(limits["lower_95"], 1)) == (44.1, 49.8)
    assert placed["outside"].tolist() == ["99.8", "99.8", "95", "none"]
    groups = group_charts.funnel_figure(frame, shares, "en").data[-1]
    assert list(groups.marker.color) == [
        GREEN,
        RED,
        RED,
        group_charts.FUNNEL_INSIDE_COLOUR,
    ]
    assert list(groups.text) == ["A", "B", "C", ""]
    assert group_charts.funnel_sentences(placed, shares, "vi") == [
        "2 tổ kém hơn mục tiêu rõ rệt, khó có thể do ngẫu nhiên (số liệu thấp "
        "hơn mục tiêu): B, C; 1 tổ tốt hơn mục tiêu rõ rệt, khó có thể do ngẫu "
        "nhiên (số liệu cao hơn mục tiêu): A"
    ]


def test_funnel_names_at_most_ten_a_side_furthest_first():
    """25 groups of 100 against ">= 60%": 12 far below (worse: 10..21 of
    100, the furthest first by |value - 60| x sqrt(100)), 11 far above
    (better: 99..89), 2 at the target. Named: the 10 worse furthest from
    60 (10..19 of 100) and the 10 better (99..90); the reading counts the
    rest ("và 2 tổ khác", "và 1 tổ khác") and names only the named."""
    worse = [10.0 + k for k in range(12)]
    better = [99.0 - k for k in range(11)]
    values = worse + better + [60.0, 60.0]
    frame = pd.DataFrame(
        {
            "residential_group": [f"G{k:02d}" for k in range(len(values))],
            "numerator": values,
            "denominator": [100.0] * len(values),
            "value": values,
            "status": ["not_met"] * 12 + ["met"] * 13,
            "ci_low": [NAN] * len(values),
            "ci_high": [NAN] * len(values),
        }
    )
    shares = target(operator=">=", threshold=60.0, direction="higher")
    placed = group_charts.funnel_groups(frame, shares)
    assert (placed["outside"] == "99.8").sum() == 23
    named = group_charts.named_groups(placed, shares)
    assert named == [f"G{k:02d}" for k in range(10)] + [
        f"G{k:02d}" for k in range(12, 22)
    ]
    points = group_charts.funnel_figure(frame, shares, "vi").data[-1]
    assert [x for x in points.text if x] == named
    (sentence,) = group_charts.funnel_sentences(placed, shares, "vi")
    assert sentence.startswith("12 tổ kém hơn mục tiêu")
    assert "G09 và 2 tổ khác; 11 tổ tốt hơn" in sentence
    assert sentence.endswith("G21 và 1 tổ khác")
    assert "G10" not in sentence and "G22" not in sentence


def test_funnel_leaves_out_hidden_counts():
    frame = funnel_frame().assign(mark=[None, "<5", None, None])
    frame.loc[1, ["numerator", "value", "ci_low", "ci_high"]] = NAN
    frame.loc[1, "status"] = "hidden"
    groups = group_charts.funnel_figure(frame, target(), "vi").data[-1]
    assert list(groups.x) == [100.0, 150.0]  # no point, no '<5' leak


def test_group_figure_higher_is_better_lowest_first():
    ordered = charts.order_groups(by_group_frame(), target(direction="higher"))
    assert ordered["residential_group"].tolist() == [
        "Hòa Sơn",
        "Đức Thịnh",
        "Tổ 4",
        "Tổ 3",
    ]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Tổ dân phố Hòa Sơn", "Tổ dân phố Đức Thịnh"], ["Hòa Sơn", "Đức Thịnh"]),
        (["Tổ dân phố Hòa Sơn"], ["Tổ dân phố Hòa Sơn"]),
        (["Tổ 1", "Tổ 2"], ["Tổ 1", "Tổ 2"]),
        (["Tổ 1", "Thôn 2"], ["Tổ 1", "Thôn 2"]),
        (["Tổ dân phố", "Tổ dân phố Mới"], ["Tổ dân phố", "Tổ dân phố Mới"]),
    ],
)
def test_short_names(names, expected):
    assert charts.short_names(names) == expected


def test_breakdown_figure():
    breakdown = pd.DataFrame(
        {
            "dimension": ["sex", "sex", "place"],
            "category": ["M", "F", "home"],
            "injured_count": [4, 1234, 3],
            "death_count": [1, 0, 0],
        }
    )
    fig = charts.breakdown_figure(breakdown, "sex", "vi")
    injured, deaths = fig.data
    assert (injured.name, deaths.name) == ("Bị thương tích", "Tử vong")
    assert list(injured.y) == ["Nam", "Nữ"]
    assert list(injured.x) == [4, 1234]
    assert list(injured.text) == ["4", "1.234"]
    assert list(deaths.x) == [1, 0]
    assert fig.layout.barmode == "group"
    assert fig.layout.showlegend is True


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plain_figures_are_what_plotly_validates(lang):
    """Trends and funnels skip plotly's validation
    (charts.plain_figure): the browser must get exactly what a validated
    figure would send, for every target of the sample town -- plotly's own
    validator as the reference."""
    from childplan.indicators import targets as indicators
    from childplan.indicators.plan import load_plan
    from childplan.store.db import Database
    from childplan.store.snapshots import Store

    plan = load_plan(2024)
    series = indicators.series(Database(Store.open("sample_data")), plan, ())
    drawn = 0
    year_end = dt.date(2024, 12, 31)
    for x in plan.targets:
        figures = [charts.trend_figure(series, x, lang, year_end)]
        for fig in figures:
            if fig is None:
                continue
            validated = go.Figure(fig.to_dict())  # raises on a misspelt property
            sent = json.loads(pio.to_json(fig, validate=False))
            assert sent == json.loads(pio.to_json(validated, validate=False)), x.id
            drawn += 1
    db = Database(Store.open("sample_data"))
    for x in plan.targets:
        if not stats.has_funnel(x) or x.sensitive:
            continue
        fig = group_charts.funnel_figure(
            indicators.by_group(db, plan, x.id, year_end), x, lang
        )
        validated = go.Figure(fig.to_dict())
        sent = json.loads(pio.to_json(fig, validate=False))
        assert sent == json.loads(pio.to_json(validated, validate=False)), x.id
        drawn += 1
    assert drawn >= 25


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_breakdown_figure_is_the_validated_figure_it_replaced(lang):
    """The injury breakdown is built as a plain spec: what the browser gets
    must equal what the validated figure it replaced sent
    (tests/reference/breakdown_figure_validated.py), for every dimension of
    the sample town's years, as a meeting sees it (small deaths hidden) and
    as officers do, and plotly's validator must accept it."""
    from childplan.disclosure import rules
    from childplan.indicators import targets as indicators
    from childplan.store.db import Database
    from childplan.store.snapshots import Store
    from tests.reference.breakdown_figure_validated import breakdown_figure

    db = Database(Store.open("sample_data"))
    drawn = 0
    for year in (2022, 2023, 2024):
        full = indicators.injury_breakdown(db, year)
        for breakdown in (full, rules.meeting_breakdown(full)):
            for dimension in breakdown["dimension"].unique():
                fig = charts.breakdown_figure(breakdown, dimension, lang)
                sent = json.loads(pio.to_json(fig, validate=False))
                validated = go.Figure(fig.to_dict())  # raises on a misspelt key
                assert sent == json.loads(pio.to_json(validated, validate=False))
                reference = json.loads(
                    pio.to_json(
                        breakdown_figure(breakdown, dimension, lang), validate=False
                    )
                )
                # the old setter turned the legend's `title: None` into an
                # empty title object: no title either way
                assert reference["layout"]["legend"].pop("title") == {}
                assert sent == reference
                drawn += 1
    assert drawn >= 24


def test_trend_figure_marks_the_reported_snapshot():
    fig = charts.trend_figure(
        series_frame(), target(), "vi", year_end=dt.date(2023, 12, 31)
    )
    marker = fig.layout.shapes[0]
    assert (marker.x0, marker.x1, marker.line.dash) == (
        dt.date(2023, 12, 31),
        dt.date(2023, 12, 31),
        "dot",
    )
    outside = charts.trend_figure(
        series_frame(), target(), "vi", year_end=dt.date(2020, 12, 31)
    )
    assert len(outside.layout.shapes) == 2  # band and threshold only


def test_breakdown_figure_deaths_a_meeting_may_not_see_have_no_bar_nor_label():
    shown = pd.DataFrame(
        {
            "dimension": ["place"] * 2 + ["sex"] * 2,
            "category": ["home", "school", "M", "F"],
            "injured_count": [3, 7, 12, 9],
            "death_count": [NAN, NAN, 6.0, 5.0],  # place: left out
        }
    )
    injured, deaths = charts.breakdown_figure(shown, "place", "en").data
    assert list(injured.y) == ["Home", "School"]
    assert list(injured.x) == [3, 7]
    assert list(injured.text) == ["3", "7"]
    assert list(deaths.x) == [0, 0]  # no bar
    assert list(deaths.text) == ["", ""]  # no label, no mark
    injured, deaths = charts.breakdown_figure(shown, "sex", "en").data
    assert list(deaths.x) == [6, 5]
    assert list(deaths.text) == ["6", "5"]


def test_trend_figure_draws_national_references_of_the_same_unit():
    refs = (
        Reference(
            "Mục tiêu quốc gia 2025: dưới 6,5%",
            "National 2025 target: under 6.5%",
            6.5,
            "%",
            "Quyết định 23/QĐ-TTg (2021)",
        ),
        Reference("Khác đơn vị", "Other unit", 5.5, "‰", "x"),
    )
    fig = charts.trend_figure(series_frame(), target(references=refs), "vi")
    rect, line, ref_line = fig.layout.shapes
    assert (ref_line.y0, ref_line.y1, ref_line.line.dash) == (6.5, 6.5, "dot")
    assert ref_line.line.color == charts.REFERENCE_COLOUR
    assert [a.text for a in fig.layout.annotations] == [
        "╌╌ Mục tiêu dưới 2%",
        "Mục tiêu quốc gia 2025: dưới 6,5%",
    ]
    assert fig.layout.annotations[1].y == 6.5
    # the axis reaches the reference line (6.5 * 1.15), not only the data
    assert fig.layout.yaxis.range[1] == pytest.approx(6.5 * 1.15)
    english = charts.trend_figure(series_frame(), target(references=refs), "en")
    assert english.layout.annotations[1].text == ("National 2025 target: under 6.5%")


def test_count_table_largest_first_with_intervals():
    frame = pd.DataFrame(
        {
            "residential_group": ["A", "B", "C"],
            "numerator": [0.0, NAN, 3.0],
            "denominator": [NAN] * 3,
            "value": [0.0, NAN, 3.0],
            "status": ["met", "no_data", "not_met"],
            "ci_low": [0.0, NAN, 0.619],
            "ci_high": [3.689, NAN, 8.767],
        }
    )
    hiv = target(
        id="hiv_new_infections", unit="count", kind="count", operator="=", threshold=0.0
    )
    table = group_charts.count_table(frame, hiv, "vi")
    # a count is what happened: no interval ("0 (0,0–3,7)" read as "maybe 3")
    assert table.columns.tolist() == ["Tổ dân phố", "Số trẻ em"]
    assert table.values.tolist() == [["C", "3"], ["A", "0"], ["B", "—"]]


HIV = dict(id="hcdb_share", operator="=", threshold=0.0, unit="count", kind="count")


def test_trend_figure_of_counts_is_dots_on_the_target_line_without_a_band():
    """Rare events (HIV, kind 'count'): dots labelled with their count, no
    line between periods and no interval band (the exact interval of 0
    cases, 0-3,7, filled the plot, issue 11); the axis reaches 5 so zeros
    read as low."""
    frame = series_frame().assign(
        value=[0.0, 1.0, NAN, 0.0], ci_low=0.0, ci_high=[3.689, 5.572, NAN, 3.689]
    )
    fig = charts.trend_figure(frame, target(**HIV), "vi")
    (trace,) = fig.data  # no band
    assert trace.type == "scatter" and trace.mode == "markers+text"
    assert list(trace.text) == ["1", "", "0"]
    assert [d.fill for d in fig.data] == [None]
    assert "tonexty" not in fig.to_json()
    (line,) = fig.layout.shapes  # "= 0": a line at 0, no side shaded
    assert (line.y0, line.y1) == (0.0, 0.0)
    # the top: max(1 * 1.15, 5) = 5; 10% of it below 0 for the dots on 0
    assert fig.layout.yaxis.range == (pytest.approx(-0.5), pytest.approx(5.0))
    # a count is what it is: no interval in the hover
    assert [list(c)[1] for c in trace.customdata] == ["1", "—", "0"]


def test_trend_figure_of_many_counts_has_no_labels_that_collide():
    """Every month of two years (24 dots): no count labels, hover only."""
    days = pd.date_range("2023-01-31", periods=24, freq="ME").date
    frame = pd.DataFrame(
        {
            "target_id": "hcdb_share",
            "snapshot_date": days,
            "numerator": 0.0,
            "denominator": NAN,
            "value": 0.0,
            "status": "met",
            "ci_low": 0.0,
            "ci_high": 3.689,
        }
    )
    (trace,) = charts.trend_figure(frame, target(**HIV), "vi").data
    assert trace.text is None and trace.mode == "markers+text"


def test_trend_figure_of_a_count_above_the_axis_minimum():
    frame = series_frame().assign(value=[7.0, 12.0, NAN, 0.0])
    fig = charts.trend_figure(frame, target(**HIV), "vi")
    assert fig.layout.yaxis.range[1] == pytest.approx(12 * 1.15)


SCORE = dict(
    id="hcdb_share",
    operator=">=",
    threshold=850.0,
    unit="points",
    kind="score",
    direction="higher",
)


def test_trend_figure_of_a_score_spans_the_data_and_the_pass_mark():
    """810 and 881 against >= 850: the axis 810..881 padded by 15% of 71
    (10,65) -- not from 0, where 810-881 looked flat (issue 11)."""
    frame = series_frame().assign(
        value=[881.0, 810.0, NAN, 900.0], ci_low=NAN, ci_high=NAN
    )
    fig = charts.trend_figure(frame, target(**SCORE), "vi")
    low, high = fig.layout.yaxis.range
    assert (low, high) == (pytest.approx(810 - 10.65), pytest.approx(881 + 10.65))
    assert low > 0 and low < 810 and high > 881
    assert low < 850 < high  # the pass mark in view


def test_score_axis_keeps_the_pass_mark_when_all_data_is_above_it():
    frame = series_frame().assign(value=[900.0, 910.0, NAN, 0.0])
    low, high = charts.score_range(frame["value"].iloc[:3], target(**SCORE))
    # 850..910, pad 15% of 60 = 9
    assert (low, high) == (pytest.approx(841.0), pytest.approx(919.0))


def test_trend_hover_keeps_the_side_of_the_threshold():
    """1,96% against "< 2%" is met: its hover says 1,96%, not 2,0%; a
    score of 849,5 against "≥ 850" says 849,5 điểm."""
    frame = series_frame().assign(value=[1.96, 2.3077, NAN, 1.0])
    fig = charts.trend_figure(frame, target(), "vi")
    assert list(fig.data[-1].customdata[-1][1:]) == [
        "1,96% (0,9–2,6)",
        "12 / 800",
        "Đạt",
    ]
    scores = series_frame().assign(
        value=[849.5, 810.0, NAN, 0.0], status="not_met", ci_low=NAN, ci_high=NAN
    )
    fig = charts.trend_figure(scores, target(**SCORE), "vi")
    assert fig.data[-1].customdata[-1][1] == "849,5 điểm"
