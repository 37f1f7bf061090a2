"""The presentation deck as HTML (childplan.present.deck), built from the
hand-built town of tests/test_pages_by_hand.py and a real decisions file.

What a slide must hold, read back from the page: one slide per target in
plan order after the scorecard and the grid; on each the date, scope and
"Số liệu mô phỏng"; the value, status and threshold; the decisions newest
first, escaped; a sensitive target's trend the town's one value a year;
no address outside the page (it works offline).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re

import numpy as np
import pytest

from childplan.decisions.store import DecisionStore
from childplan.disclosure import rules
from childplan.indicators import targets as indicators
from childplan.indicators.plan import plan_for_year
from childplan.present import deck, group_grid
from childplan.present.filters import Filters
from childplan.store.db import get_database
from tests.snapshot_builder import build_store
from tests.test_pages_by_hand import AN_BINH, CHILDREN, HOA_SON, TAN_LAP, snapshot

PLAN = plan_for_year(2024)
PLOTLY_MARK = "/* plotly.js */"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("deck") / "store"
    return build_store(root, {day: snapshot(day) for day in CHILDREN}, simulated=True)


@pytest.fixture(scope="module")
def decisions(tmp_path_factory):
    book = DecisionStore(tmp_path_factory.mktemp("decisions") / "decisions.sqlite")
    for day, text in (
        (dt.date(2024, 3, 5), "Rà soát lại danh sách trẻ em"),
        (dt.date(2024, 9, 10), "<script>alert(1)</script> & tăng cường"),
    ):
        book.add(
            target_id="hcdb_share",
            plan_year=2024,
            meeting_date=day,
            text=text,
            responsible="Tổ dân phố An Bình",
            user="lan",
        )
    return {"hcdb_share": book.decisions("hcdb_share", 2024)}


def build(store, decisions, groups=()):
    db = get_database(store)
    dates = indicators.snapshot_dates(db)
    yearly = indicators.yearly(db, PLAN, rules.sensitive_targets(PLAN))
    card = rules.meeting_scorecard(
        indicators.scorecard(db, PLAN, 2024, groups), yearly, PLAN, 2024
    )
    series = rules.meeting_series(
        indicators.series(db, PLAN, groups, dates[0], dates[-1]),
        yearly,
        PLAN,
        dates[0],
        dates[-1],
    )
    year_end = dt.date(2024, 12, 31)
    targets = rules.grid_targets(PLAN)
    cells = group_grid.grid_cells(
        indicators.by_group_targets(db, PLAN, targets, year_end),
        indicators.scorecard(db, PLAN, 2024, ()),
        targets,
    )
    filters = Filters(groups=groups, year=2024, date_from=dates[0], date_to=dates[-1])
    return deck.deck_html(
        PLAN,
        card,
        deck.figure_jsons(PLAN, series, "vi", year_end),
        filters=filters,
        year_end=year_end,
        simulated=True,
        summary="Tóm tắt",
        grid=group_grid.grid_html(cells, targets, "vi", chosen=groups),
        decisions=decisions,
        plotly_js=PLOTLY_MARK,
    )


def slides(page: str) -> list[str]:
    return re.findall(r'<section class="slide".*?</section>', page, flags=re.S)


def texts(fragment: str, cls: str) -> list[str]:
    found = re.findall(rf'<p class="{cls}">(.*?)</p>', fragment, flags=re.S)
    return [html.unescape(re.sub("<[^>]+>", "", x)).strip() for x in found]


def slide_of(page: str, target_id: str) -> str:
    mark = f'class="slide-body target" data-target="{target_id}"'
    return next(s for s in slides(page) if mark in s)


def values(array) -> list:
    """A Plotly JSON array: a list, or typed ({dtype, bdata}: base64)."""
    if isinstance(array, dict):
        raw = base64.b64decode(array["bdata"])
        return np.frombuffer(raw, dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


def figures(page: str) -> dict:
    raw = re.search(
        r'<script type="application/json" id="deck-figures">(.*?)</script>',
        page,
        flags=re.S,
    ).group(1)
    return json.loads(raw)


def test_one_slide_per_target_after_the_scorecard_and_grid(store, decisions):
    page = build(store, decisions)
    shown = slides(page)
    # 18 targets of the 2024 plan + the scorecard + the groups grid
    assert len(shown) == 20
    assert [re.search(r'data-n="(\d+)"', s).group(1) for s in shown] == [
        str(n) for n in range(1, 21)
    ]
    ids = [
        re.search(r'class="slide-body target" data-target="(\w+)"', s) for s in shown
    ]
    assert ids[:2] == [None, None]
    assert [m.group(1) for m in ids[2:]] == [
        x.id for x in sorted(PLAN.targets, key=lambda x: x.section_no)
    ]
    for s in shown:  # the date, the scope and the simulated mark, every slide
        assert "Số liệu chốt ngày 31/12/2024 · Toàn thị trấn · Số liệu mô phỏng" in s
    consulted = shown[2 + [m.group(1) for m in ids[2:]].index("children_consulted")]
    assert texts(consulted, "value") == ["22,5%"]  # 27 of 120
    assert texts(consulted, "status") == ["Đạt Mục tiêu từ 20% trở lên"]
    assert texts(consulted, "reading")[0].startswith(
        "Tỷ lệ trẻ em từ 7 tuổi trở lên được hỏi ý kiến năm 2024 là 22,5%"
    )
    # the plan's own wording is the slide's heading
    assert html.unescape(re.search(r"<h1>(.*?)</h1>", consulted).group(1)) == (
        PLAN.target("children_consulted").name_vi
    )
    # plotly.js once, and no address outside the page
    assert page.count(PLOTLY_MARK) == 1
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)


def test_decisions_newest_first_and_escaped(store, decisions):
    page = build(store, decisions)
    slide = slide_of(page, "hcdb_share")
    items = re.findall(r"<li>(.*?)</li>", slide, flags=re.S)
    assert [html.unescape(x) for x in items] == [
        "10/09/2024: <script>alert(1)</script> & tăng cường — Phụ trách: Tổ dân "
        "phố An Bình · Đang thực hiện",
        "05/03/2024: Rà soát lại danh sách trẻ em — Phụ trách: Tổ dân phố An "
        "Bình · Đang thực hiện",
    ]
    assert "<script>alert(1)" not in page
    other = slide_of(page, "hcdb_supported")
    assert texts(other, "none") == [
        "Chưa có kết luận, chỉ đạo nào về chỉ tiêu này trong năm 2024."
    ]


def test_a_sensitive_target_is_the_towns_year_under_a_group_filter(store, decisions):
    """injury_death_rate: one point a year, the town's (2023: 1 per 100 =
    10‰, 2024: 8 per 120 = 66,666...‰), whatever group is chosen; no group
    name in its figure or on its slide but the footer's scope."""
    for groups in ((), (AN_BINH,)):
        page = build(store, decisions, groups)
        figure = figures(page)["injury_death_rate"]
        points = next(
            trace
            for trace in figure["data"]
            if "markers" in trace.get("mode", "") and trace.get("customdata")
        )
        assert values(points["x"]) == ["2023-12-31", "2024-12-31"]
        assert [round(v, 3) for v in values(points["y"])] == [10.0, 66.667]
        slide = slide_of(page, "injury_death_rate")
        assert texts(slide, "value") == ["66,7‰"]
        # (the footer names the chosen group: the scope, not the figure's)
        text = json.dumps(figure, ensure_ascii=False) + slide.split("<footer")[0]
        assert not any(g in text for g in (AN_BINH, HOA_SON, TAN_LAP))
    # the grid never has a sensitive target's column
    assert "Tử vong do tai nạn, thương tích" not in re.search(
        r'<div class="grid-inner">.*?</table>', page, flags=re.S
    ).group(0)


def test_chart_text_is_sized_for_a_projector(store, decisions):
    figure = figures(build(store, decisions))["hcdb_share"]
    assert figure["layout"]["font"]["size"] >= 20
    assert min(a["font"]["size"] for a in figure["layout"]["annotations"]) >= 20
    assert "height" not in figure["layout"]  # it fills its box


# --- the page: what each role is sent ---------------------------------------
def sent_deck(store, tmp_path, monkeypatch, user, groups=()) -> str:
    from childplan.access.auth import UserFile
    from childplan.app import routes
    from tests.apptest_tools import open_dashboard

    if user["username"] != "canbo" and UserFile().get(user["username"]) is None:
        UserFile().add(user["username"], user["role"], "mat-khau-dai-du")
    query = {"groups": list(groups)} if groups else None
    at = open_dashboard(
        monkeypatch,
        tmp_path,
        store,
        page=routes.PRESENTATION_PAGE,
        query=query,
        user=user,
    )
    frames = at.get("iframe")
    assert len(frames) == 1
    return frames[0].proto.srcdoc


def test_every_role_is_sent_the_same_meeting_deck(store, tmp_path, monkeypatch):
    """An officer (who sees the officers' blocks on the section pages) is
    sent byte for byte the leader's deck: no officer-only figure, no
    audited view of sensitive detail."""
    from tests.apptest_tools import DEMO

    monkeypatch.setenv("CHILDPLAN_USERS", str(tmp_path / "users.json"))
    leader = {"username": "lan", "role": "leader", "demo": False}
    for groups in ((), (AN_BINH,)):
        officer_deck = sent_deck(store, tmp_path, monkeypatch, DEMO, groups)
        assert officer_deck == sent_deck(store, tmp_path, monkeypatch, leader, groups)
        assert "Chỉ dành cho cán bộ" not in officer_deck
        assert len(slides(officer_deck)) == 20
    audit = tmp_path / "audit.jsonl"  # nothing audited: not even written
    assert not audit.exists() or "view_sensitive_detail" not in audit.read_text()
