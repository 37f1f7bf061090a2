"""A tile's sparkline, drawn as SVG on the server (childplan.present.sparkline).

The coordinates below are worked out by hand from the drawing's rules: a
box of 300 x 64 units with a 6-unit margin, the value range the values and
the threshold padded by 15% of their span, dates placed in proportion.
"""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET

import pandas as pd

from childplan.present import charts, sparkline
from tests.test_charts import GREEN, RED, series_frame, target

NAN = math.nan
ALLOWED = {"svg", "line", "polyline", "g", "title", "path"}


def parse(svg: str) -> ET.Element:
    """The SVG as XML: it must be well formed to parse at all."""
    return ET.fromstring(svg)


def sparkline_svg(series, target, lang="vi", until=None) -> str | None:
    """A tile's sparkline from a series, the way the overview draws it
    (childplan.app.overview: rows_by_target once, then svg_of per tile)."""
    rows = sparkline.rows_by_target(series, until).get(target.id, [])
    return sparkline.svg_of(rows, target, lang)


def dots(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//path[@class='cp-spark-dot']")


def tips(root: ET.Element) -> list[str]:
    return [g.find("title").text for g in root.findall("g")]


def test_draws_the_values_in_date_order_the_threshold_dashed_and_the_status_last():
    """hcdb_share: 2,3077% at 31/12/2023, (no value at 30/06/2024), 1,5% at
    31/12/2024, against "< 2%". Values and threshold span 1,5..2,3077
    (0,8077), padded 15% each side: the top value sits 6 units below the
    box's top margin (12), the bottom one 6 above its bottom margin (52);
    the threshold, (2 - 1,5) / 0,8077 = 61,9% of the span up, at
    58 - 52 * (0,15 + 0,619) / 1,3 = 27,24."""
    root = parse(sparkline_svg(series_frame(), target(), "vi"))
    line = root.find("line[@class='cp-spark-threshold']")
    assert (line.get("y1"), line.get("y2")) == ("27.24", "27.24")
    assert line.get("stroke-dasharray") and line.get("x2") == "300"
    assert root.find("polyline").get("points") == "6,12 294,52"
    assert root.find("polyline").get("stroke") == charts.LINE_COLOUR
    assert [d.get("d") for d in dots(root)] == ["M6,12h0", "M294,52h0"]
    # the line neutral, only the last point (the tile's figure) coloured
    assert [d.get("stroke") for d in dots(root)] == [charts.LINE_COLOUR, GREEN]
    assert [d.get("stroke-width") for d in dots(root)] == ["5", "9"]
    assert tips(root)[-1] == (
        "31/12/2024\nGiá trị: 1,5% (0,9–2,6)\nTử số / mẫu số: 12 / 800\nĐánh giá: Đạt"
    )
    assert tips(root)[0].startswith("31/12/2023\nGiá trị: 2,3% (1,5–3,6)\n")
    assert root.get("aria-label") == "Diễn biến: Tỷ lệ trẻ em có HCĐB"


def test_an_improved_target_still_not_met_has_no_green():
    """2,3% -> 2,1% against "< 2%": better, still not met. Nothing green:
    the last point is the not-met colour, the line neutral."""
    frame = series_frame().assign(
        value=[2.1, 2.3077, NAN, 50.0], status=["not_met", "not_met", "no_data", "met"]
    )
    svg = sparkline_svg(frame, target(), "vi")
    assert GREEN.lower() not in svg.lower()
    assert [d.get("stroke") for d in dots(parse(svg))] == [charts.LINE_COLOUR, RED]


def test_stops_at_the_year_and_is_none_without_values():
    until = dt.date(2023, 12, 31)
    root = parse(sparkline_svg(series_frame(), target(), "en", until))
    # one point: in the middle, no line to draw
    assert [d.get("d") for d in dots(root)] == ["M150,12h0"]
    assert root.find("polyline") is None
    assert tips(root) == [
        "31/12/2023\nValue: 2.3% (1.5–3.6)\nNumerator / denominator: 18 / 780\n"
        "Status: Not met"
    ]
    missing = series_frame().assign(value=NAN)
    assert sparkline_svg(missing, target()) is None


def test_counts_are_dots_and_information_has_no_threshold():
    counts = target(kind="count", unit="count", operator="<=", threshold=0.0)
    root = parse(sparkline_svg(series_frame(), counts, "vi"))
    assert root.find("polyline") is None and len(dots(root)) == 2
    assert root.find("line") is not None
    info = target(operator="info", threshold=None)
    root = parse(sparkline_svg(series_frame(), info, "vi"))
    assert root.find("line") is None and root.find("polyline") is not None


def test_every_text_is_escaped():
    """The SVG is sent as raw HTML (st.html drops SVG): a name from the plan
    must stay text, never become an element or leave its attribute."""
    hostile = '<script>alert(1)</script> "x" & <img src=x onerror=alert(2)>'
    frame = series_frame().assign(status=["met", "not_met", "no_data", "met"])
    svg = sparkline_svg(frame, target(name_vi=hostile), "vi")
    root = parse(svg)
    assert {e.tag for e in root.iter()} <= ALLOWED
    assert root.get("aria-label") == "Diễn biến: " + hostile
    assert "<script" not in svg and "<img" not in svg
    assert not [a for e in root.iter() for a in e.attrib if a.startswith("on")]


def test_sample_town_sparklines_are_well_formed_for_every_target():
    """Every target of the sample town, both languages: well-formed SVG of
    the allowed elements, a dot and its tooltip on each year's last value,
    the last in the status colour of the year's value."""
    from childplan.indicators import targets as indicators
    from childplan.indicators.plan import load_plan
    from childplan.store.db import Database
    from childplan.store.snapshots import Store

    plan = load_plan(2024)
    series = indicators.series(Database(Store.open("sample_data")), plan, ())
    year_end = dt.date(2024, 12, 31)
    for lang in ("vi", "en"):
        for x in plan.targets:
            rows = series[
                (series["target_id"] == x.id)
                & (series["snapshot_date"] <= year_end)
                & series["value"].notna()
            ]
            svg = sparkline_svg(series, x, lang, year_end)
            if rows.empty:
                assert svg is None
                continue
            root = parse(svg)
            assert {e.tag for e in root.iter()} <= ALLOWED
            # a dot with its tooltip on each year's last value (counts: on
            # every value, they have no line)
            years = {d.year for d in rows["snapshot_date"]}
            marked = len(rows) if x.kind == "count" else len(years)
            assert len(tips(root)) == len(dots(root)) == marked, x.id
            last = rows.sort_values("snapshot_date").iloc[-1]
            assert dots(root)[-1].get("stroke") == charts.STATUS_COLOURS[last.status]
            day = last.snapshot_date
            assert tips(root)[-1].startswith(f"{day:%d/%m/%Y}\n"), x.id


def test_the_line_runs_through_every_snapshot_the_dots_mark_each_year():
    """Monthly snapshots: the line through all five; a dot with its tooltip
    on 30/11/2023 (2023's last) and on 31/03/2024 (the last, the tile's
    figure), none on the months between."""
    days = [(2023, 10, 31), (2023, 11, 30), (2024, 1, 31), (2024, 2, 29), (2024, 3, 31)]
    frame = pd.DataFrame(
        {
            "target_id": ["hcdb_share"] * 5,
            "snapshot_date": [dt.date(*d) for d in days],
            "numerator": [10.0, 11, 12, 13, 14],
            "denominator": [500.0] * 5,
            "value": [2.0, 2.2, 2.4, 2.6, 2.8],
            "threshold": [2.0] * 5,
            "operator": ["<"] * 5,
            "status": ["met", "not_met", "not_met", "not_met", "not_met"],
            "ci_low": [1.1, 1.2, 1.3, 1.4, 1.5],
            "ci_high": [3.6, 3.9, 4.1, 4.4, 4.6],
        }
    )
    root = parse(sparkline_svg(frame, target(), "vi"))
    assert len(root.find("polyline").get("points").split(" ")) == 5
    assert [tip.split("\n")[0] for tip in tips(root)] == ["30/11/2023", "31/03/2024"]
    assert [d.get("stroke") for d in dots(root)] == [charts.LINE_COLOUR, RED]
    # 2,0..2,8 with the threshold 2: 30/11/2023's 2,2 is a quarter up the
    # span, 58 - 52 * (0,15 + 0,25) / 1,3 = 42; 31/03/2024's 2,8 at the top, 12
    assert [d.get("d").split(",")[1] for d in dots(root)] == ["42h0", "12h0"]
