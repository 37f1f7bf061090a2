"""The groups grid on a hand-built town: cells, marks, order, HTML.

Two targets, four groups (statuses as the query layer gives them), every
exact-test tail worked out by hand beside the case:

    share  ">= 80 %" (higher is better), Binomial(n, 0.8):
      A  4/10  = 40 %  not met  P(X <= 4) = 0.0064 < 0.025   -> ▼ (worse)
      B 80/100 = 80 %  met      at the target                -> no mark
      C  7/10  = 70 %  not met  P(X <= 7) = 0.3222           -> no mark
      D  no children counted (no data)
    rate   "< 3 per 1,000" (lower is better), Poisson(0.003 n):
      A  0/500  = 0 ‰   met     P(X <= 0) = e^-1.5 = 0.2231   -> no mark
      B 10/1000 = 10 ‰  not met P(X >= 10 | 3) = 0.0011       -> ▲ (worse)
      C  1/100  = 10 ‰  not met P(X >= 1 | 0.3) = 0.2592      -> no mark
      D  2/400  = 5 ‰   not met P(X >= 2 | 1.2) = 0.3374      -> no mark
    town: 91/120 = 75.8 % not met; 13/2000 = 6.5 ‰ not met.

Missed: C 2 of 2; A 1 of 2 (1 marked worse); B 1 of 2 (1 worse); D 1 of 1
(0 worse). Order: the town, C, A, B (A before B as the query gave them), D.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd

from childplan.disclosure import rules
from childplan.indicators.plan import load_plan
from childplan.present import group_grid

NAN = float("nan")


def _target(**fields):
    base = {
        "section_no": 3,
        "town_wide": False,
        "sensitive": False,
        "short_vi": "",
        "short_en": "",
    }
    return SimpleNamespace(**(base | fields))


SHARE = _target(
    id="share80",
    name_vi="Tỷ lệ trẻ em được hỗ trợ đạt 80% trở lên",
    name_en="80% of children supported",
    short_vi="Trẻ được hỗ trợ",
    short_en="Supported",
    unit="%",
    kind="share",
    operator=">=",
    threshold=80.0,
    direction="higher",
)
RATE = _target(
    id="rate3",
    name_vi="Tỷ suất tai nạn dưới 3/1.000 trẻ em",
    name_en="Injuries under 3 per 1,000",
    unit="‰",
    kind="rate",
    operator="<",
    threshold=3.0,
    direction="lower",
)
TARGETS = (SHARE, RATE)


def _rows(target_id, rows):
    return [
        {
            "target_id": target_id,
            "residential_group": g,
            "numerator": num,
            "denominator": den,
            "value": NAN
            if den == 0
            else (100 if target_id == "share80" else 1000) * num / den,
            "status": status,
        }
        for g, num, den, status in rows
    ]


BY_GROUP = pd.DataFrame(
    _rows(
        "share80",
        [
            ("A", 4, 10, "not_met"),
            ("B", 80, 100, "met"),
            ("C", 7, 10, "not_met"),
            ("D", 0, 0, "no_data"),
        ],
    )
    + _rows(
        "rate3",
        [
            ("A", 0, 500, "met"),
            ("B", 10, 1000, "not_met"),
            ("C", 1, 100, "not_met"),
            ("D", 2, 400, "not_met"),
        ],
    )
)
TOWN = pd.DataFrame(
    {
        "target_id": ["share80", "rate3"],
        "numerator": [91.0, 13.0],
        "denominator": [120.0, 2000.0],
        "value": [100 * 91 / 120, 1000 * 13 / 2000],
        "status": ["not_met", "not_met"],
    }
)


def test_the_tails_here_are_the_exact_test():
    # The comments above, from the pmf written out (not from scipy).
    def binom_cdf(k, n, p):
        return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))

    def pois_cdf(k, m):
        return sum(math.exp(-m) * m**i / math.factorial(i) for i in range(k + 1))

    assert round(binom_cdf(4, 10, 0.8), 4) == 0.0064
    assert round(binom_cdf(7, 10, 0.8), 4) == 0.3222
    assert round(pois_cdf(0, 1.5), 4) == 0.2231
    assert round(1 - pois_cdf(9, 3), 4) == 0.0011
    assert round(1 - pois_cdf(0, 0.3), 4) == 0.2592
    assert round(1 - pois_cdf(1, 1.2), 4) == 0.3374


def test_cells_carry_status_and_marks_known_by_hand():
    cells = group_grid.grid_cells(BY_GROUP, TOWN, TARGETS)
    got = [
        (g, tid, status, mark, worse)
        for g, tid, status, mark, worse in zip(
            cells["residential_group"],
            cells["target_id"],
            cells["status"],
            cells["mark"],
            cells["is_worse"],
            strict=True,
        )
    ]
    assert got == [
        ("", "share80", "not_met", "", False),  # the town, never marked
        ("", "rate3", "not_met", "", False),
        ("A", "share80", "not_met", "below", True),
        ("A", "rate3", "met", "", False),
        ("B", "share80", "met", "", False),
        ("B", "rate3", "not_met", "above", True),
        ("C", "share80", "not_met", "", False),
        ("C", "rate3", "not_met", "", False),
        ("D", "share80", "no_data", "", False),
        ("D", "rate3", "not_met", "", False),
    ]
    assert cells["is_town"].tolist() == [True, True] + [False] * 8


def test_rows_town_first_then_most_targets_missed():
    rows = group_grid.grid_rows(group_grid.grid_cells(BY_GROUP, TOWN, TARGETS))
    columns = ["residential_group", "is_town", "missed", "measured", "worse"]
    assert rows[columns].values.tolist() == [
        ["", True, 2, 2, 0],
        ["C", False, 2, 2, 0],
        ["A", False, 1, 2, 1],
        ["B", False, 1, 2, 1],
        ["D", False, 1, 1, 0],
    ]


def test_html_rows_cells_colours_and_legend():
    html = group_grid.grid_html(
        group_grid.grid_cells(BY_GROUP, TOWN, TARGETS), TARGETS, "vi", chosen=("B",)
    )
    # headings: the short name, the threshold, the full name on hover
    assert (
        '<th scope="col" title="Mục 3 · Tỷ lệ trẻ em được hỗ trợ đạt 80% '
        "trở lên" in html
    )
    assert '<span class="cp-g-short">Trẻ được hỗ trợ</span>' in html
    assert '<span class="cp-g-thr">từ 80% trở lên</span>' in html
    assert '<span class="cp-g-short">Tỷ suất tai nạn dưới 3/1.000 trẻ em</span>' in html
    # row order and the missed column: 2/2, 1/2, 1/2, 1/1
    names = [">Toàn thị trấn<", ">C<", ">A<", ">B<", ">D<"]
    assert sorted(names, key=html.index) == names
    missed = [f'<td class="cp-g-missed">{m}</td>' for m in ("2/2", "2/2", "1/2")]
    assert all(m in html for m in missed)
    # A's share: 40,0% not met (the theme's red), marked ▼ with a ring
    assert (
        '<td class="cp-g-cell cp-g-sig" style="background:#D55E00;color:white" '
        'title="A — Tỷ lệ trẻ em được hỗ trợ đạt 80% trở lên\n'
        "40,0% (4/10) · Chưa đạt\n"
        'Thấp hơn mục tiêu rõ rệt, khó có thể do ngẫu nhiên (95%)">40,0% ▼</td>'
    ) in html
    # B's share: met (the theme's green), no mark
    assert '<td class="cp-g-cell" style="background:#009E73;color:white"' in html
    assert ">80,0%</td>" in html
    assert ">10,0‰ ▲</td>" in html  # B's rate
    assert ">10,0‰</td>" in html  # C's rate: not beyond chance
    # D's share: no data, pale, a dash; 0 of 0: nobody to count, said so
    assert 'style="background:#EDEDED;color:#4D4D4D"' in html
    assert ">—</td>" in html
    assert "— (0/0) · Không có đối tượng" in html
    # the chosen group is outlined; the legend names every colour and mark
    assert (
        '<tr class="cp-g-chosen"><th scope="row" class="cp-g-name" title="B">' in html
    )
    for label in ("Đạt", "Chưa đạt", "Không có số liệu", "chênh lệch rõ rệt"):
        assert label in html.split('class="cp-g-legend"')[1]
    table = html.split("</table>")[0]
    assert table.count("▲") == 1 and table.count("▼") == 1  # B's rate, A's share


def test_group_names_are_escaped():
    hostile = '<img src=x onerror=alert(1)> "Tổ"'
    by_group = BY_GROUP.replace({"residential_group": {"A": hostile}})
    html = group_grid.grid_html(
        group_grid.grid_cells(by_group, TOWN, TARGETS), TARGETS, "vi"
    )
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &quot;Tổ&quot;" in html


def test_grid_columns_are_never_sensitive_nor_town_wide():
    plan = load_plan(2024)
    ids = [x.id for x in rules.grid_targets(plan)]
    assert ids == [
        "hcdb_share",
        "hcdb_supported",
        "officers_trained",
        "families_protection_knowledge",
        "injury_rate",
        "ecd_access",
        "ecd_caregiver_knowledge",
        "disabled_service_access",
        "disabled_integration_skills",
        "disabled_caregiver_knowledge",
        "children_consulted",
        "families_labour_info",
    ]
    assert [x.id for x in rules.grid_targets(plan, 4)] == ["injury_rate"]
    assert rules.grid_targets(plan, 6) == ()  # HIV: sensitive only
    # every target has a short heading of a few words, in both languages
    assert [x.id for x in plan.targets if not (x.short_vi and x.short_en)] == []
    assert max(len(x.short_vi.split()) for x in plan.targets) <= 12


def test_a_cell_is_never_rounded_onto_its_threshold():
    # 1.96 % against "< 2 %" is met: one decimal would show "2,0%" beside a
    # green cell; 849.5 points against ">= 850" is not: "850" would read met
    from childplan.present.group_grid import cell_text

    assert cell_text(1.96, "", "%", "vi", 2.0, "<") == "1,96%"
    assert cell_text(849.5, "", "points", "vi", 850.0, ">=") == "849,5 điểm"
    assert cell_text(1.5, "", "%", "vi", 2.0, "<") == "1,5%"


def test_cut_grid_keeps_the_most_missed_and_the_chosen():
    """With limit 2 of the four groups: the town, C (2 of 2 missed), A (1
    of 2, 1 worse) -- B and D left out -- and D too when chosen (drawn in
    its place in the order, outlined); the note counts the groups shown
    besides the town, of all four."""
    cells = group_grid.grid_cells(BY_GROUP, TOWN, TARGETS)
    html = group_grid.grid_html(cells, TARGETS, "vi", limit=2)
    table = html.split("</table>")[0]
    assert ">C<" in table and ">A<" in table
    assert ">B<" not in table and ">D<" not in table
    cut = "Bảng chỉ hiển thị 2/4 tổ dân phố: 2 tổ có nhiều chỉ tiêu chưa đạt nhất."
    assert cut in html
    html = group_grid.grid_html(cells, TARGETS, "vi", chosen=("D",), limit=2)
    names = [">Toàn thị trấn<", ">C<", ">A<", ">D<"]
    assert sorted(names, key=html.index) == names
    assert ">B<" not in html.split("</table>")[0]
    assert (
        '<tr class="cp-g-chosen"><th scope="row" class="cp-g-name" title="D">' in html
    )
    assert (
        "Bảng chỉ hiển thị 3/4 tổ dân phố, gồm 2 tổ có nhiều chỉ tiêu chưa đạt "
        "nhất và các tổ được chọn tại bộ lọc." in html
    )
    # no more groups than the limit: every row, no note
    whole = group_grid.grid_html(cells, TARGETS, "vi", limit=4)
    assert whole == group_grid.grid_html(cells, TARGETS, "vi")
    assert "Bảng chỉ hiển thị" not in whole
