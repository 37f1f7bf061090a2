"""Every page through Streamlit's AppTest, on a tiny simulated store.

Each page renders without an exception; with two residential groups chosen
its numbers are exactly what the query layer (childplan.indicators.targets) returns
for those groups, formatted by childplan.present.fmt; the filters come from the URL
and the language switch changes the words.
"""

import base64
import datetime as dt

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from childplan.app import blocks, overview, routes
from childplan.app import view as app_view
from childplan.indicators import stats
from childplan.indicators import targets as indicators
from childplan.indicators.plan import plan_for_year
from childplan.present import charts, fmt, group_charts, markdown
from childplan.present.charts import order_groups
from childplan.present.filters import Filters
from childplan.present.i18n import t, target_name
from childplan.store import db as dbmodule
from tests.apptest_tools import DEMO, open_dashboard  # noqa: F401
from tests.snapshot_builder import (
    assessment_rows,
    build_store,
    child,
    household,
    incident,
    officer,
    policy,
)

PAGES = [routes.OVERVIEW_PAGE, *routes.SECTION_PAGES.values()]
GROUPS = ["Đức Thịnh", "Hòa Sơn", "Tổ 3"]
TWO = ["Đức Thịnh", "Tổ 3"]


def snapshot(day: str, drowned: bool) -> dict:
    """Groups of 6, 5 and 4 children; flags vary by child so that every
    group has its own shares; injuries only in Hòa Sơn and Tổ 3."""
    year = int(day[:4])
    children, households = [], []
    for group, size in zip(GROUPS, (6, 5, 4), strict=True):
        for i in range(size):
            cid = f"{group[:2]}-{i}"
            children.append(
                child(
                    cid,
                    group,
                    "2019-05-01" if i % 2 else "2012-03-03",
                    special_groups="d" if i == 0 else None,
                    special_supported=i == 0,
                    disability_services=i == 0,
                    disability_integration=False,
                    ecd_services=i % 2 == 1,
                    consulted=i % 3 == 0,
                )
            )
            households.append(
                household(
                    f"h-{cid}",
                    group,
                    protection_knowledge=i % 2 == 0,
                    labour_info=i < 3,
                    ecd_knowledge=i % 2 == 1,
                    disability_knowledge=i == 0,
                )
            )
    incidents = [
        incident(
            "injury",
            "Hòa Sơn",
            f"{year}-05-01",
            cause="drowning",
            fatal=drowned,
            place="home",
            age=7,
        ),
        incident(
            "injury",
            "Tổ 3",
            f"{year}-06-01",
            cause="fall",
            fatal=False,
            place="school",
            age=12,
            sex="F",
        ),
        incident(
            "injury",
            "Tổ 3",
            f"{year}-07-01",
            cause="traffic",
            fatal=False,
            place="community",
            age=3,
        ),
    ]
    return {
        "children": children,
        "households": households,
        "incidents": incidents,
        "officers": [
            officer("o1", "town", trained=True),
            officer("o2", "group", "Tổ 3", trained=False),
            officer("o3", "group", "Đức Thịnh", trained=True),
        ],
        "policies": [policy("p1", f"{year}-03-01", True)],
        "assessments": assessment_rows(year, [70] * 13),
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages") / "store"
    return build_store(
        root,
        {
            "2023-06-30": snapshot("2023-06-30", drowned=False),
            "2023-12-31": snapshot("2023-12-31", drowned=True),
            "2024-12-31": snapshot("2024-12-31", drowned=False),
        },
        simulated=True,
    )


@pytest.fixture
def app(store, tmp_path, monkeypatch):

    def make(page: str = routes.OVERVIEW_PAGE, query: dict | None = None) -> AppTest:
        return open_dashboard(
            monkeypatch,
            tmp_path,
            store,
            query=query,
            page=None if page == routes.OVERVIEW_PAGE else page,
        )

    return make


def query_layer(store, groups=(), year=2024):
    database = dbmodule.get_database(store)
    plan = plan_for_year(year)
    return database, plan


def plotly(at, key: str) -> go.Figure:
    """The figure the st.plotly_chart with this key sent to the browser."""
    for chart in at.get("plotly_chart"):
        if chart.proto.id.endswith(key):
            return pio.from_json(chart.proto.spec)
    raise KeyError(key)


def numbers(values) -> list:
    """Plotted values as a plain list, gaps as None. Plotly sends numeric
    arrays as {'dtype': 'f8', 'bdata': base64} to the browser."""
    if isinstance(values, dict):
        values = np.frombuffer(
            base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])
        )
    return [None if fmt.is_missing(v) else float(v) for v in values]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_the_simulated_banner(app, page):
    at = app(page)
    assert not at.error
    assert at.title  # a heading
    assert at.warning[0].value.startswith("**Số liệu mô phỏng**")
    assert at.multiselect(key="groups").value == []
    assert at.selectbox(key="year").value == 2024  # the latest year


def test_overview_two_groups_shows_the_query_layer_numbers(app, store):
    at = app()
    at.multiselect(key="groups").set_value(TWO).run()
    database, plan = query_layer(store)
    shown_order = [x for row in overview.tile_rows(plan, 3) for x in row]

    def values(groups):
        card = indicators.scorecard(database, plan, 2024, groups)
        value = dict(zip(card["target_id"], card["value"], strict=True))
        return [
            fmt.value_text(value[x.id], x.unit, "vi", x.threshold, x.operator)
            for x in shown_order
        ]

    assert [m.value for m in at.metric] == values(tuple(TWO))
    assert values(tuple(TWO)) != values(())  # the filter did something
    assert f"Tổ dân phố: {', '.join(TWO)}" in at.markdown[0].value


def test_overview_tile_change_and_labels(app, store):
    at = app()
    database, plan = query_layer(store)
    card = indicators.scorecard(database, plan, 2024, ())
    rows = blocks.scorecard_rows(card)
    shown_order = [x for row in overview.tile_rows(plan, 3) for x in row]
    assert [m.label for m in at.metric] == [
        markdown.status_badge(rows[x.id].status, "vi")
        + (
            " "
            + t(
                "target_label",
                threshold=fmt.threshold_text(x.operator, x.threshold, x.unit),
            )
            if not x.is_info
            else ""
        )
        for x in shown_order
    ]
    hcdb = plan.target("hcdb_share")
    assert at.metric[0].proto.body == fmt.value_text(
        rows["hcdb_share"].value, "%", "vi", hcdb.threshold, hcdb.operator
    )
    # the change is a line of neutral words, never a coloured metric delta
    assert [m.proto.delta for m in at.metric] == [""] * len(shown_order)
    assert overview.change_line(hcdb, rows["hcdb_share"], 2023, "vi") in [
        m.value for m in at.markdown
    ]
    assert [link.proto.label for link in at.get("page_link")][:2] == [
        "Xem chi tiết tại Mục 3",
        "Xem chi tiết tại Mục 3",
    ]


@pytest.mark.parametrize("page", list(routes.SECTION_PAGES.values()))
def test_section_two_groups_shows_the_query_layer_numbers(app, store, page):
    """Targets that are not sensitive: the two groups' numbers. Sensitive
    ones: the town's figure of each plan year (indicators.yearly for the
    whole town), no group view; the demo officer also gets the two groups'
    exact numbers in the officers' block."""
    at = app(page)
    at.multiselect(key="groups").set_value(TWO).run()
    assert not at.exception
    database, plan = query_layer(store)
    section_no = next(n for n, p in routes.SECTION_PAGES.items() if p == page)
    targets = [x for x in plan.targets if x.section_no == section_no]
    card = indicators.scorecard(database, plan, 2024, tuple(TWO))
    town_years = indicators.yearly(database, plan)  # the whole town
    series = indicators.series(
        database, plan, tuple(TWO), dt.date(2023, 6, 30), dt.date(2024, 12, 31)
    )
    view = app_view.View(
        root=str(store),
        fingerprint=(),
        simulated=True,
        filters=Filters(groups=tuple(TWO), year=2024),
        year_end=dt.date(2024, 12, 31),
    )
    lines = [m.value for m in at.markdown if m.value.startswith("Năm 2024")]
    rows = blocks.scorecard_rows(card)
    town_rows = blocks.scorecard_rows(town_years[town_years["year"] == 2024])
    assert lines == [
        blocks.year_line(view, x, (town_rows if x.sensitive else rows)[x.id])
        for x in targets
    ]
    assert [s.value for s in at.subheader] == [target_name(x) for x in targets]
    infos = [i.value for i in at.info]
    tables = iter(at.table)  # every table a static one (issue 11)
    for target in targets:
        trend = plotly(at, f"trend_{target.id}").data[-1]
        picked = series[series["target_id"] == target.id]
        if target.sensitive:  # one point a year, the town's
            yearly = town_years[town_years["target_id"] == target.id]
            assert [str(x)[:10] for x in trend.x] == ["2023-12-31", "2024-12-31"]
            assert numbers(trend.y) == numbers(yearly["value"])
            officer = plotly(at, f"officer_trend_{target.id}").data[-1]
            assert numbers(officer.y) == numbers(picked["value"])
        else:
            assert numbers(trend.y) == numbers(picked["value"])
        if target.town_wide:
            continue
        by_group = indicators.by_group(
            database, plan, target.id, dt.date(2024, 12, 31), tuple(TWO)
        )
        if target.sensitive:  # no group view; the officers' table, exact
            assert t("sensitive_groups_note") in infos
            with pytest.raises(KeyError):
                plotly(at, f"groups_{target.id}")
            table = next(tables).value  # (AppTest shows no table key)
            ordered = order_groups(by_group, target)
            assert table[t("col_group")].tolist() == charts.short_names(
                ordered["residential_group"].tolist()
            )
            assert table[t("col_count")].tolist() == [
                fmt.value_text(v, target.unit) for v in ordered["value"]
            ]
        elif stats.funnel_applies(target, by_group["denominator"]):  # a funnel
            points = plotly(at, f"groups_{target.id}").data[-1]
            placed = group_charts.funnel_groups(by_group, target)
            assert numbers(points.x) == numbers(placed["denominator"])
            assert numbers(points.y) == numbers(placed["value"])
        elif stats.has_funnel(target):  # a few children per group: a table
            # (issue 11: never a funnel whose limits hug the edge)
            with pytest.raises(KeyError):
                plotly(at, f"groups_{target.id}")
            table = next(tables).value
            ordered = order_groups(by_group, target)
            assert table.iloc[:, 0].tolist() == charts.short_names(
                ordered["residential_group"].tolist()
            )
        else:  # counts: a table, largest first
            table = next(tables).value
            ordered = order_groups(by_group, target)
            assert table[t("col_group")].tolist() == charts.short_names(
                ordered["residential_group"].tolist()
            )
    assert next(tables, None) is None  # no other table


def test_town_wide_targets_say_the_filter_does_not_apply(app):
    at = app("pages/child_friendly.py")
    town_line = [m.value for m in at.markdown if m.value.startswith("Năm")]
    at.multiselect(key="groups").set_value(TWO).run()
    assert [i.value for i in at.info] == [t("town_wide_note")]
    assert [
        m.value for m in at.markdown if m.value.startswith("Năm")
    ] == town_line  # the same score


def test_injury_breakdown_is_the_towns_injuries_with_small_deaths_left_out(app):
    at = app("pages/injuries.py")
    at.multiselect(key="groups").set_value(TWO).run()
    # Always the whole town, and it says so.
    assert t("breakdown_town_only") in [i.value for i in at.info]
    assert t("breakdown_deaths_note") in [c.value for c in at.caption]
    injured, deaths = plotly(at, "breakdown_cause").data
    # 2024, whole town: a drowning (Hòa Sơn, not fatal), a fall and a
    # traffic injury (Tổ 3); causes in the report's order: fall, burn,
    # traffic, poisoning, cut, suffocation, animal, drowning, and 3 more.
    assert list(injured.text) == ["1", "0", "1", "0", "0", "0", "0", "1", "0", "0", "0"]
    assert numbers(injured.x) == [1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0]
    # no death in 2024: every cause has fewer than 5, none is shown
    assert list(deaths.text) == [""] * 11
    assert numbers(deaths.x) == [0] * 11  # no bar
    assert at.header[0].value == (
        "Trẻ em bị tai nạn, thương tích năm 2024 (tính đến ngày 31/12/2024)"
    )


def test_filters_come_from_the_url(app, store):
    at = app("pages/protection.py", query={"groups": TWO, "year": "2023"})
    assert at.multiselect(key="groups").value == TWO
    assert at.selectbox(key="year").value == 2023
    lines = [m.value for m in at.markdown if m.value.startswith("Năm 2023")]
    database, plan = query_layer(store)
    card = indicators.scorecard(database, plan, 2023, tuple(TWO))
    value = card.set_index("target_id").loc["hcdb_share"]
    assert lines[0].startswith(
        "Năm 2023: **"
        + fmt.value_with_interval(
            value["value"], value["ci_low"], value["ci_high"], "%"
        )
    )


def test_trend_period_filter_limits_the_snapshots(app):
    at = app("pages/protection.py")
    at.select_slider(key="period").set_value(
        (dt.date(2023, 12, 31), dt.date(2024, 12, 31))
    ).run()
    trend = plotly(at, "trend_hcdb_share").data[-1]
    assert [str(x)[:10] for x in trend.x] == ["2023-12-31", "2024-12-31"]


def test_english_switch(app):
    at = app()
    assert at.title[0].value == "Các chỉ tiêu năm 2024"
    at.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value == "Targets for 2024"
    assert at.multiselect(key="groups").label == "Residential groups"
    assert at.warning[0].value.startswith("**Simulated data**")


def test_nothing_is_drawn_before_a_login(store, tmp_path, monkeypatch):
    monkeypatch.setenv("CHILDPLAN_DATA", str(store))
    monkeypatch.setenv("CHILDPLAN_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("CHILDPLAN_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    at = AppTest.from_file("../dashboard.py", default_timeout=60).run()
    assert not at.metric and not at.get("plotly_chart")
    assert at.text_input[0].label == "Tên đăng nhập"


def test_a_folder_that_is_not_a_store_is_refused_with_what_to_do(tmp_path, monkeypatch):
    (tmp_path / "not-a-store").mkdir()
    monkeypatch.setenv("CHILDPLAN_DATA", str(tmp_path / "not-a-store"))
    at = AppTest.from_file("../dashboard.py", default_timeout=60).run()
    assert not at.exception
    assert "không phải là kho số liệu chốt" in at.error[0].value
    assert not at.text_input and not at.metric  # no login, no data
