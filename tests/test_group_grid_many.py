"""The groups grid of a town with more groups than a grid shows (issue 13).

24 groups of 50 children each, all born 2010 (14 at 31/12/2024: none aged
8 or less, all 7 or more), no flag known, so at 31/12/2024:

    hcdb_share < 2 %       G01..G06: 5 of 50 in special circumstances =
                           10,0 % not met; the others 0/50 = 0,0 % met
    hcdb_supported ≥ 96 %  G01..G06: 0 of 5 supported = 0,0 % not met; the
                           others nobody to count
    injury_rate < 3 ‰      everyone: no injury, 0 of 50 = 0,0 ‰ met
    children_consulted     everyone: 0 of 50 = 0,0 % not met
      ≥ 20 %

Missed: G01..G06 3 of 4, the others 1 of 3. Ranked by missed, then cells
marked worse, then the query's order: G01..G06 first, then G07, G08, ...
With 20 shown, G21..G24 are left out -- unless chosen in the filter.
"""

from __future__ import annotations

import pytest

from childplan.present import group_grid
from tests.apptest_tools import open_dashboard
from tests.snapshot_builder import build_store, child

GROUPS = [f"G{k:02d}" for k in range(1, 25)]
LEADER = {"username": "lan", "role": "leader", "demo": False}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("many_groups") / "store"
    children = [
        child(
            f"{g}-{i}",
            g,
            "2010-01-01",
            special_groups="a" if k < 6 and i < 5 else None,
        )
        for k, g in enumerate(GROUPS)
        for i in range(50)
    ]
    return build_store(root, {"2024-12-31": {"children": children}})


@pytest.fixture
def app(store, tmp_path, monkeypatch):
    from childplan.access.auth import UserFile

    UserFile(tmp_path / "users.json").add("lan", "leader", "mat-khau-dai-du")

    def make(query=None):
        return open_dashboard(monkeypatch, tmp_path, store, query=query, user=LEADER)

    return make


def _grid(at) -> str:
    (grid,) = [
        h.proto.body
        for h in at.get("html")
        if '<table class="cp-grid-table">' in h.proto.body
    ]
    return grid


def _rows(html: str) -> list[str]:
    table = html.split("</table>")[0]
    return [g for g in GROUPS if f'title="{g}">' in table]


def test_the_grid_shows_the_twenty_most_behind_and_says_so(app):
    assert group_grid.SHOWN_GROUPS == 20
    at = app()
    html = _grid(at)
    assert _rows(html) == GROUPS[:20]
    for g in GROUPS[:6]:
        row = html[html.index(f'title="{g}">') :].split("</tr>")[0]
        assert '<td class="cp-g-missed">3/4</td>' in row
    row = html[html.index('title="G20">') :].split("</tr>")[0]
    assert '<td class="cp-g-missed">1/3</td>' in row
    cut = "Bảng chỉ hiển thị 20/24 tổ dân phố: 20 tổ có nhiều chỉ tiêu chưa đạt nhất."
    assert cut in html
    (toggle,) = at.toggle
    assert toggle.label == "Hiển thị tất cả 24 tổ dân phố" and toggle.value is False
    assert "Bảng đang hiển thị tất cả các tổ dân phố" not in " ".join(
        c.value for c in at.caption
    )
    toggle.set_value(True).run()
    html = _grid(at)
    assert _rows(html) == GROUPS
    assert "Bảng chỉ hiển thị" not in html
    every = "Bảng đang hiển thị tất cả các tổ dân phố"
    assert any(every in c.value for c in at.caption)


def test_a_chosen_group_further_down_is_shown_and_outlined(app):
    at = app()
    at.multiselect(key="groups").set_value(["G23"]).run()
    html = _grid(at)
    assert _rows(html) == [*GROUPS[:20], "G23"]
    assert (
        '<tr class="cp-g-chosen"><th scope="row" class="cp-g-name" title="G23">' in html
    )
    assert (
        "Bảng chỉ hiển thị 21/24 tổ dân phố, gồm 20 tổ có nhiều chỉ tiêu chưa "
        "đạt nhất và các tổ được chọn tại bộ lọc." in html
    )
