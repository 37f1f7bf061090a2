"""Every residential group chosen is the whole town (issue 11, item 6).

Town-level officers belong to no group, so the sum of the groups is not the
town: "all 16 groups" read 24 of 27 officers trained on the sample where
the town reads 27 of 30. The dashboard takes a choice of every group as the
whole town: the town's figures, the scope line "Toàn thị trấn", and the
widget emptied so the link says so too.

The town, one snapshot (31/12/2024), figures worked out by hand:

    officers        level   trained
    An Bình  a1, a2 group   yes, yes
    Hòa Sơn  h1, h2 group   yes, no
    town     t1, t2 town    no, no

    whole town: 3 of 6 trained = 50,0%
    An Bình:    2 of 2 = 100,0%
    An Bình + Hòa Sơn as groups (the sum): 3 of 4 = 75,0% -- never shown,
    since that choice is every group, hence the town.
"""

from __future__ import annotations

import pytest

from childplan.app import overview
from childplan.app.view import whole_town_if_every_group
from childplan.indicators.plan import plan_for_year
from tests.apptest_tools import open_dashboard
from tests.snapshot_builder import build_store, child, officer

AN_BINH, HOA_SON = "An Bình", "Hòa Sơn"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("all_groups") / "store"
    snapshot = {
        "children": [
            *(child(f"a{i}", AN_BINH, "2015-01-01") for i in range(10)),
            *(child(f"h{i}", HOA_SON, "2015-01-01") for i in range(10)),
        ],
        "officers": [
            officer("a1", "group", AN_BINH, trained=True),
            officer("a2", "group", AN_BINH, trained=True),
            officer("h1", "group", HOA_SON, trained=True),
            officer("h2", "group", HOA_SON, trained=False),
            officer("t1", "town", trained=False),
            officer("t2", "town", trained=False),
        ],
    }
    return build_store(root, {"2024-12-31": snapshot}, simulated=True)


def officers_tile(at):
    order = [x.id for row in overview.tile_rows(plan_for_year(2024), 3) for x in row]
    return at.metric[order.index("officers_trained")]


def scope_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Đạt"))


@pytest.mark.parametrize(
    "chosen, expected",
    [
        ((), ()),
        (("A",), ("A",)),
        (("A", "B"), ()),  # every group: the town
        (("B", "A"), ()),
        (("A", "B", "Z"), ()),  # a stale name beside every group
        (("A", "Z"), ("A", "Z")),  # (unknown names are the URL check's job)
    ],
)
def test_every_group_is_the_town(chosen, expected):
    assert whole_town_if_every_group(chosen, ["A", "B"]) == expected


def test_with_no_group_known_nothing_is_the_town():
    assert whole_town_if_every_group(("A",), []) == ("A",)


def test_one_group_reads_its_own_officers(store, tmp_path, monkeypatch):
    at = open_dashboard(monkeypatch, tmp_path, store, query={"groups": AN_BINH})
    assert officers_tile(at).value == "100,0%"  # a1, a2: 2 of 2
    assert scope_line(at).endswith(" · Tổ dân phố: An Bình.")


def test_every_group_from_a_link_is_the_town(store, tmp_path, monkeypatch):
    at = open_dashboard(
        monkeypatch, tmp_path, store, query={"groups": [AN_BINH, HOA_SON]}
    )
    # 3 of 6 (town-level t1, t2 counted), not the groups' sum 3 of 4 = 75,0%
    assert officers_tile(at).value == "50,0%"
    assert scope_line(at).endswith(" · Toàn thị trấn.")


def test_picking_the_last_group_empties_the_filter(store, tmp_path, monkeypatch):
    at = open_dashboard(monkeypatch, tmp_path, store, query={"groups": AN_BINH})
    at.multiselect(key="groups").set_value([AN_BINH, HOA_SON]).run()
    assert not at.exception
    assert at.multiselect(key="groups").value == []  # shows "Toàn thị trấn"
    assert officers_tile(at).value == "50,0%"  # 3 of 6
    assert scope_line(at).endswith(" · Toàn thị trấn.")
