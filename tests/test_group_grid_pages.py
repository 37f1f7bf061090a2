"""The groups grid on the pages, on the hand-built town of
tests/test_pages_by_hand.py (its docstring has the children and injuries).

At 31/12/2024, the grid's targets with figures (the others have none):

    hcdb_share < 2 %      An Bình 1/40 = 2,5 %  not met; Hòa Sơn 1/24 = 4,2 %
                          not met; Tân Lập 1/56 = 1,8 % met; town 3/120 = 2,5 %
    hcdb_supported ≥ 96 % An Bình 1/1, Tân Lập 1/1 = 100 % met; Hòa Sơn 0/1
                          = 0 % not met (P(X <= 0) = 0.04 > 0.025: no mark);
                          town 2/3 = 66,7 % not met
    injury_rate < 3 ‰     injured in 2024 (deaths + others): An Bình 2 + 3 =
                          5/40 = 125,0 ‰; Hòa Sơn 0 + 2 = 2/24 = 83,3 ‰; Tân
                          Lập 6 + 4 = 10/56 = 178,6 ‰; town 17/120 = 141,7 ‰:
                          all not met; every group ▲: P(X >= 2 | 0.072) =
                          0.0025, the others far smaller
    children_consulted    An Bình 12/40 = 30,0 % met; Hòa Sơn 4/24 = 16,7 %,
      ≥ 20 %              Tân Lập 11/56 = 19,6 % not met; town 27/120 =
                          22,5 % met; none beyond chance (P(X >= 12 | 40,
                          0.2) = 0.0875)

Missed: Hòa Sơn 4/4, An Bình 2/4, Tân Lập 2/4, town 3/4.
"""

from __future__ import annotations

import math

from tests.test_pages_by_hand import LEADER, app, store  # noqa: F401

ROWS = ["Toàn thị trấn", "Hòa Sơn", "An Bình", "Tân Lập"]


def grids(at) -> list:
    """The groups grids of the run (the sidebar's tag and print styles are
    html too, and the print style names the grid's class)."""
    return [
        h for h in at.get("html") if '<table class="cp-grid-table">' in h.proto.body
    ]


def _grid(at) -> str:
    (grid,) = grids(at)
    return grid.proto.body


def _row(html: str, name: str) -> str:
    start = html.index(f">{name}</th>")
    return html[start : html.index("</tr>", start)]


def test_the_tails_quoted_above():
    def pois_sf(k, m):  # P(X >= k)
        return 1 - sum(math.exp(-m) * m**i / math.factorial(i) for i in range(k))

    def binom_sf(k, n, p):
        return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1))

    assert round(pois_sf(2, 24 * 0.003), 4) == 0.0025
    assert round(binom_sf(12, 40, 0.2), 4) == 0.0875


def test_overview_grid_as_a_leader_sees_it(app):  # noqa: F811
    at = app(user=LEADER)
    html = _grid(at)
    assert sorted(ROWS, key=lambda name: html.index(f">{name}</th>")) == ROWS
    assert [_row(html, name).count("</td>") for name in ROWS] == [13] * 4
    town, hoa_son, an_binh, tan_lap = (_row(html, name) for name in ROWS)
    assert '<td class="cp-g-missed">3/4</td>' in town
    assert '<td class="cp-g-missed">4/4</td>' in hoa_son
    assert '<td class="cp-g-missed">2/4</td>' in an_binh
    assert '<td class="cp-g-missed">2/4</td>' in tan_lap

    def texts(row):
        return [
            cell.rsplit(">", 1)[1]
            for cell in row.split("</td>")[1:-1]  # after the missed column
        ]

    dash = "—"
    # columns: hcdb_share, hcdb_supported, officers, families, injury_rate,
    # ecd_access, ecd_caregivers, disabled x3, children_consulted, labour info
    assert texts(town) == [
        "2,5%", "66,7%", dash, dash, "141,7‰", dash, dash, dash, dash, dash,
        "22,5%", dash,
    ]  # fmt: skip
    assert texts(hoa_son) == [
        "4,2%", "0,0%", dash, dash, "83,3‰ ▲", dash, dash, dash, dash, dash,
        "16,7%", dash,
    ]  # fmt: skip
    assert texts(an_binh) == [
        "2,5%", "100,0%", dash, dash, "125,0‰ ▲", dash, dash, dash, dash, dash,
        "30,0%", dash,
    ]  # fmt: skip
    assert texts(tan_lap) == [
        "1,8%", "100,0%", dash, dash, "178,6‰ ▲", dash, dash, dash, dash, dash,
        "19,6%", dash,
    ]  # fmt: skip
    # never a sensitive target (injury deaths, HIV, drowning, child labour)
    for name in ("tử vong", "HIV", "đuối nước", "bị mua bán"):
        assert name not in html


def test_choosing_a_group_sets_the_group_filter(app):  # noqa: F811
    at = app(user=LEADER)
    at.selectbox(key="grid_all_pick").select("Tân Lập").run()
    assert at.session_state["groups"] == ["Tân Lập"]
    assert at.query_params["groups"] == "Tân Lập"  # bound to the URL
    assert "Tổ dân phố: Tân Lập" in at.markdown[0].value  # the scope line
    assert at.selectbox(key="grid_all_pick").value is None
    # the grid still shows every group, the chosen one underlined
    html = _grid(at)
    assert all(f">{name}</th>" in html for name in ROWS)
    assert '<tr class="cp-g-chosen"><th scope="row" class="cp-g-name"' in html
    # and the whole town again
    at.selectbox(key="grid_all_pick").select("").run()
    assert at.session_state["groups"] == []


def test_section_pages_grid_their_own_targets(app):  # noqa: F811
    at = app(page="pages/injuries.py", user=LEADER)
    html = _grid(at)
    assert html.count('<th scope="col" title=') == 1  # injury_rate only
    assert "Trẻ bị tai nạn, thương tích" in html  # its short heading


def test_no_grid_where_no_target_is_compared_by_group(app):  # noqa: F811
    at = app(page="pages/hiv.py", user=LEADER)
    assert grids(at) == []  # HIV is sensitive: no grid
