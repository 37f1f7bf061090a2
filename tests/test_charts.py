"""Chart builders on tiny frames: what is drawn, where, in which colour."""

import datetime as dt
import math

import pandas as pd
import pytest

from childplan import charts
from childplan.plan import Target

NAN = math.nan
GREEN, RED, GRAY, BLUE = "#009E73", "#D55E00", "#767676", "#0072B2"


def target(**overrides) -> Target:
    fields = dict(id="hcdb_share", section="3.1", section_no=3,
                  name_vi="Tỷ lệ trẻ em có HCĐB", name_en="HCĐB share",
                  unit="%", operator="<", threshold=2.0, town_wide=False,
                  direction="lower", kind="share", measure="hcdb_share")
    fields.update(overrides)
    return Target(**fields)


def series_frame() -> pd.DataFrame:
    """Two targets; hcdb_share at three snapshots over two years, given out
    of date order to prove the chart sorts them."""
    return pd.DataFrame({
        "target_id": ["hcdb_share"] * 3 + ["other"],
        "snapshot_date": [dt.date(2024, 12, 31), dt.date(2023, 12, 31),
                          dt.date(2024, 6, 30), dt.date(2024, 12, 31)],
        "numerator": [12.0, 18.0, NAN, 1.0],
        "denominator": [800.0, 780.0, NAN, 2.0],
        "value": [1.5, 2.3077, NAN, 50.0],
        "threshold": [2.0] * 4,
        "operator": ["<"] * 4,
        "status": ["met", "not_met", "no_data", "met"],
        "ci_low": [0.86, 1.46, NAN, 9.5],
        "ci_high": [2.6, 3.6, NAN, 90.5],
    })


def test_palette_is_the_theme():
    assert charts.STATUS_COLOURS == {"met": GREEN, "not_met": RED,
                                     "no_data": GRAY, "no_cases": GRAY,
                                     "info": BLUE, "hidden": GRAY}


def test_trend_figure_points_threshold_and_good_side():
    fig = charts.trend_figure(series_frame(), target(), "vi")
    band_high, band_low, trace = fig.data
    assert list(trace.x) == [dt.date(2023, 12, 31), dt.date(2024, 6, 30),
                             dt.date(2024, 12, 31)]
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
    assert (rect.y0, rect.y1, rect.fillcolor) == (0, 2.0, GREEN)   # "< 2": below
    assert (line.y0, line.y1, line.line.dash) == (2.0, 2.0, "dash")
    assert fig.layout.annotations[0].text == "╌╌ Mục tiêu < 2%"
    assert fig.layout.separators == ",."
    assert list(fig.layout.xaxis.tickvals) == [dt.date(2023, 12, 31),
                                               dt.date(2024, 12, 31)]
    assert list(fig.layout.xaxis.ticktext) == ["31/12/2023", "31/12/2024"]
    assert fig.layout.yaxis.range == (pytest.approx(-0.04 * 3.6 * 1.15),
                                      pytest.approx(3.6 * 1.15))
    assert fig.layout.yaxis.ticksuffix == "%"
    assert fig.layout.showlegend is False


def test_trend_figure_higher_is_better_shades_above_and_caps_shares():
    frame = series_frame().assign(value=[97.0, 95.0, NAN, 1.0],
                                  ci_high=[99.0, 97.5, NAN, 2.0])
    fig = charts.trend_figure(frame, target(operator=">=", threshold=96.0,
                                            direction="higher"), "en")
    rect = fig.layout.shapes[0]
    assert (rect.y0, rect.y1) == (96.0, 105.0)        # up to the capped top
    assert fig.layout.annotations[0].text == "╌╌ Target ≥ 96%"
    assert fig.layout.separators == ".,"
    assert fig.data[2].customdata[0][1] == "95.0% (1.5–97.5)"


def test_trend_figure_without_any_value_says_why():
    frame = series_frame().assign(value=NAN, ci_low=NAN, ci_high=NAN,
                                  status="no_cases")
    fig = charts.trend_figure(frame, target(), "vi")
    assert [a.text for a in fig.layout.annotations] == [
        "╌╌ Mục tiêu < 2%", "Không có trường hợp"]


def test_trend_figure_info_target_has_no_threshold():
    frame = series_frame().assign(status=["info"] * 4, ci_low=NAN, ci_high=NAN)
    fig = charts.trend_figure(frame, target(operator="info", threshold=None,
                                            unit="count", kind="count"), "vi")
    assert fig.layout.shapes == ()
    assert fig.layout.annotations == ()
    (trace,) = fig.data                                  # no interval band
    assert list(trace.marker.color) == [BLUE] * 3
    assert fig.layout.yaxis.tickformat == ",d"           # whole children
    assert fig.layout.yaxis.dtick == 1


def by_group_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "residential_group": ["Đức Thịnh", "Hòa Sơn", "Tổ 3", "Tổ 4"],
        "numerator": [3.0, 0.0, NAN, 5.0],
        "denominator": [100.0, 90.0, 0.0, 110.0],
        "value": [3.0, 0.0, NAN, 4.5454],
        "status": ["not_met", "met", "no_data", "not_met"],
        "ci_low": [1.0, 0.0, NAN, 1.9],
        "ci_high": [8.5, 4.1, NAN, 10.2],
    })


def test_group_figure_worst_first():
    fig = charts.group_figure(by_group_frame(), target(), "vi")
    (bar,) = fig.data
    # lower is better: the highest value on top, no value last
    assert list(bar.y) == ["Tổ 4", "Đức Thịnh", "Hòa Sơn", "Tổ 3"]
    assert list(fig.layout.yaxis.ticktext) == [
        "Tổ 4  <b>4,5%</b>", "Đức Thịnh  <b>3,0%</b>", "Hòa Sơn  <b>0,0%</b>",
        "Tổ 3  <b>Không có số liệu</b>"]
    assert list(bar.x) == [4.5454, 3.0, 0.0, 0.0]
    assert list(bar.marker.color) == [RED, RED, GREEN, GRAY]
    assert list(bar.customdata[1]) == ["Đức Thịnh", "3,0% (1,0–8,5)",
                                          "3 / 100", "Chưa đạt"]
    assert fig.layout.yaxis.autorange == "reversed"
    rect, line = fig.layout.shapes
    assert (rect.x0, rect.x1) == (0, 2.0)
    assert (line.x0, line.x1) == (2.0, 2.0)


def test_group_figure_higher_is_better_lowest_first():
    ordered = charts.order_groups(by_group_frame(), target(direction="higher"))
    assert ordered["residential_group"].tolist() == [
        "Hòa Sơn", "Đức Thịnh", "Tổ 4", "Tổ 3"]


@pytest.mark.parametrize(("names", "expected"), [
    (["Tổ dân phố Hòa Sơn", "Tổ dân phố Đức Thịnh"], ["Hòa Sơn", "Đức Thịnh"]),
    (["Tổ dân phố Hòa Sơn"], ["Tổ dân phố Hòa Sơn"]),
    (["Tổ 1", "Tổ 2"], ["Tổ 1", "Tổ 2"]),
    (["Tổ 1", "Thôn 2"], ["Tổ 1", "Thôn 2"]),
    (["Tổ dân phố", "Tổ dân phố Mới"], ["Tổ dân phố", "Tổ dân phố Mới"]),
])
def test_short_names(names, expected):
    assert charts.short_names(names) == expected


def test_breakdown_figure():
    breakdown = pd.DataFrame({
        "dimension": ["sex", "sex", "place"],
        "category": ["M", "F", "home"],
        "injured_count": [4, 1234, 3],
        "death_count": [1, 0, 0],
    })
    fig = charts.breakdown_figure(breakdown, "sex", "vi")
    injured, deaths = fig.data
    assert (injured.name, deaths.name) == ("Bị thương tích", "Tử vong")
    assert list(injured.y) == ["Nam", "Nữ"]
    assert list(injured.x) == [4, 1234]
    assert list(injured.text) == ["4", "1.234"]
    assert list(deaths.x) == [1, 0]
    assert fig.layout.barmode == "group"
    assert fig.layout.showlegend is True


def test_sparkline_skips_missing_values_in_date_order():
    assert charts.sparkline(series_frame(), target()) == [2.3077, 1.5]
    assert charts.sparkline(series_frame(), target(),
                            until=dt.date(2023, 12, 31)) == [2.3077]


def test_trend_figure_marks_the_reported_snapshot():
    fig = charts.trend_figure(series_frame(), target(), "vi",
                              year_end=dt.date(2023, 12, 31))
    marker = fig.layout.shapes[0]
    assert (marker.x0, marker.x1, marker.line.dash) == (
        dt.date(2023, 12, 31), dt.date(2023, 12, 31), "dot")
    outside = charts.trend_figure(series_frame(), target(), "vi",
                                  year_end=dt.date(2020, 12, 31))
    assert len(outside.layout.shapes) == 2          # band and threshold only


def test_group_figure_draws_the_mark_of_a_hidden_count():
    frame = by_group_frame().assign(mark=[None, None, None, "<5"])
    frame.loc[3, ["numerator", "value", "ci_low", "ci_high"]] = NAN
    frame.loc[3, "status"] = "hidden"
    fig = charts.group_figure(frame, target(), "vi")
    (bar,) = fig.data
    # no value: last, in name order with the group that has no data
    assert list(bar.y) == ["Đức Thịnh", "Hòa Sơn", "Tổ 3", "Tổ 4"]
    assert list(bar.x)[3] == 0.0                 # a bar of length 0 ...
    assert fig.layout.yaxis.ticktext[3] == "Tổ 4  <b>&lt;5</b>"  # ... its mark
    assert list(bar.marker.color)[3] == GRAY
    assert list(bar.customdata[3]) == ["Tổ 4", "&lt;5", "&lt;5",
                                       "Ẩn (bảo vệ số nhỏ)"]


def test_breakdown_figure_hidden_counts_have_no_bar_only_their_mark():
    shown = pd.DataFrame({"dimension": ["place"] * 2,
                          "category": ["home", "school"],
                          "injured_count": ["ẩn", "7"],
                          "death_count": ["<5", "0"]})
    injured, deaths = charts.breakdown_figure(shown, "place", "en").data
    assert list(injured.y) == ["Home", "School"]
    assert list(injured.x) == [0, 7]
    assert list(injured.text) == ["ẩn", "7"]
    assert list(deaths.text) == ["&lt;5", "0"]       # shown as <5
