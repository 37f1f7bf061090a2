"""The pages against numbers worked out by hand, not by the product.

Every expected text here is a literal, with its arithmetic beside it; the
intervals are checked once more against a few lines of our own math
(`test_the_intervals_here_are_wilson_and_exact_poisson`), never against
childplan.indicators.stats. No product function builds an expected value
(childplan's own helpers only find a widget: the order of the tiles).
tests/mutants.py breaks the product on purpose and expects these tests to
notice: the year's value from the wrong snapshot, a sensitive target shown
for the chosen groups instead of the town, last year shown as this year,
numerator and denominator swapped, a point for the Vietnamese decimal comma.

The town: three residential groups, two plan years, four snapshots.

Children, all born 01/01/2012 (aged 11 or 12: "7 or over", never "8 or
under"), per group: n children / of whom consulted / of whom HCĐB (the
HCĐB child of An Bình and of Tân Lập is supported, Hòa Sơn's is not):

    snapshot     An Bình      Hòa Sơn      Tân Lập      town
    30/06/2023   40 /  2 / 1  20 / 2 / 1   40 /  4 / 1  100 /  8 / 3
    31/12/2023   40 /  4 / 1  20 / 2 / 1   40 /  4 / 1  100 / 10 / 3
    30/06/2024   40 /  6 / 1  20 / 3 / 0   40 /  6 / 1  100 / 15 / 2
    31/12/2024   40 / 12 / 1  24 / 4 / 1   56 / 11 / 1  120 / 27 / 3

Injuries (a snapshot holds those that occurred on or before its date):

    fatal (traffic)   Tân Lập 01/05/2023;
                      An Bình 01/03/2024, 01/09/2024;
                      Tân Lập 01/02, 01/03, 01/04, 01/08, 01/09, 01/10/2024
    not fatal (fall)  Hòa Sơn 01/03/2023, 01/06/2024, 01/12/2024;
                      An Bình 01/05, 01/07, 01/11/2024;
                      Tân Lập 15/01, 15/05, 15/07, 15/11/2024

Deaths in the 12 months to 31/12/2024 (= calendar 2024): An Bình 2,
Hòa Sơn 0, Tân Lập 6, town 8. To 30/06/2024 (01/07/2023-30/06/2024):
An Bình 1, Tân Lập 3. To 31/12/2023 and to 30/06/2023: Tân Lập 1.
injury_death_rate is sensitive (docs/disclosure.md): a meeting sees the
town's figure of each year only -- 2023: 1 per 100, 2024: 8 per 120 --
under any group filter; the officer (the demo account) also sees the
exact groups and snapshots in a block marked for officers.
No households, officers, policies or assessments: those targets have no
data. The store is simulated (the demo officer may log in to it).
"""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal

import plotly.io as pio
import pytest
from scipy.stats import chi2

from childplan.access import audit
from childplan.access.auth import UserFile
from childplan.app import overview
from childplan.indicators.plan import plan_for_year
from childplan.present.i18n import target_name
from tests.apptest_tools import download_bytes, open_dashboard, thread_local_runtime
from tests.file_tools import csv_table, xlsx_table
from tests.snapshot_builder import build_store, child, incident

AN_BINH, HOA_SON, TAN_LAP = "An Bình", "Hòa Sơn", "Tân Lập"

# group -> (children, of whom consulted, of whom HCĐB), per snapshot
CHILDREN = {
    "2023-06-30": {AN_BINH: (40, 2, 1), HOA_SON: (20, 2, 1), TAN_LAP: (40, 4, 1)},
    "2023-12-31": {AN_BINH: (40, 4, 1), HOA_SON: (20, 2, 1), TAN_LAP: (40, 4, 1)},
    "2024-06-30": {AN_BINH: (40, 6, 1), HOA_SON: (20, 3, 0), TAN_LAP: (40, 6, 1)},
    "2024-12-31": {AN_BINH: (40, 12, 1), HOA_SON: (24, 4, 1), TAN_LAP: (56, 11, 1)},
}
DEATHS = [
    (TAN_LAP, "2023-05-01"),
    (AN_BINH, "2024-03-01"),
    (AN_BINH, "2024-09-01"),
    *[(TAN_LAP, f"2024-{m}-01") for m in ("02", "03", "04", "08", "09", "10")],
]
INJURIES = [
    (HOA_SON, "2023-03-01"),
    (HOA_SON, "2024-06-01"),
    (HOA_SON, "2024-12-01"),
    *[(AN_BINH, f"2024-{m}-01") for m in ("05", "07", "11")],
    *[(TAN_LAP, f"2024-{m}-15") for m in ("01", "05", "07", "11")],
]

# The rule a file holding a sensitive target states (its last column).
RULE = (
    "Quy tắc bảo vệ thông tin trẻ em: các chỉ tiêu nhạy cảm (HIV; lao động "
    "trẻ em và mua bán trẻ em; tử vong do tai nạn, thương tích; tử vong do "
    "đuối nước) chỉ ghi số liệu toàn thị trấn, mỗi năm một giá trị; số tử "
    "vong theo nguyên nhân, nơi xảy ra, giới tính, độ tuổi chỉ ghi khi mọi "
    "ô đều từ 5 trở lên."
)
TOWN_NOTE = "Chỉ tiêu nhạy cảm: số liệu toàn thị trấn, không áp dụng bộ lọc tổ dân phố."
NO_GROUPS_NOTE = (
    "Chỉ tiêu nhạy cảm: không so sánh theo tổ dân phố, để không thể suy ra "
    "trường hợp cụ thể."
)
OFFICER_BADGE = (
    ":red-badge[:material/lock: Chỉ dành cho cán bộ: số liệu chi tiết theo tổ "
    "dân phố và từng kỳ chốt số liệu]"
)
GROUP_HEADER = [
    "Mã chỉ tiêu",
    "Ngày chốt số liệu",
    "Tổ dân phố",
    "Tử số",
    "Mẫu số",
    "Giá trị",
    "Cận dưới khoảng tin cậy 95%",
    "Cận trên khoảng tin cậy 95%",
    "Đơn vị",
    "Đánh giá",
]
WJ = "\u2060"  # word joiner: the tiles' intervals never break at '–'


def snapshot(day: str) -> dict:
    children = []
    for group, (n, consulted, hcdb) in CHILDREN[day].items():
        for i in range(n):
            children.append(
                child(
                    f"{group}-{i}",
                    group,
                    "2012-01-01",
                    consulted=i < consulted,
                    special_groups="a" if i < hcdb else None,
                    special_supported=True if i < hcdb and group != HOA_SON else None,
                )
            )
    incidents = [
        *[
            incident(
                "injury", g, on, cause="traffic", fatal=True, place="community", age=11
            )
            for g, on in DEATHS
            if on <= day
        ],
        *[
            incident("injury", g, on, cause="fall", fatal=False, place="home", age=12)
            for g, on in INJURIES
            if on <= day
        ],
    ]
    return {"children": children, "incidents": incidents}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("by_hand") / "store"
    return build_store(root, {day: snapshot(day) for day in CHILDREN}, simulated=True)


LEADER = {"username": "lan", "role": "leader", "demo": False}


@pytest.fixture
def app(store, tmp_path, monkeypatch):
    """The dashboard as the demo officer, or as `user` (a leader: LEADER)."""

    def make(page=None, query=None, user=None):
        if user is not None:
            UserFile(tmp_path / "users.json").add(
                user["username"], user["role"], "mat-khau-dai-du"
            )
        return open_dashboard(
            monkeypatch,
            tmp_path,
            store,
            page=page,
            query=query,
            **({"user": user} if user else {}),
        )

    return make


def tile(at, target_id: str):
    """The overview's metric of a target (found by the tiles' order)."""
    order = [x.id for row in overview.tile_rows(plan_for_year(2024), 3) for x in row]
    assert len(at.metric) == len(order) == 18
    return at.metric[order.index(target_id)]


def year_line(at, target_name: str) -> str:
    """The 'Năm 2024: ...' line under a target's subheader."""
    names = [s.value for s in at.subheader]
    lines = [m.value for m in at.markdown if m.value.startswith("Năm ")]
    assert len(names) == len(lines), (names, lines)
    return lines[names.index(target_name)]


def csv_lines(data: bytes) -> tuple[dict, list[list[str]]]:
    """A CSV download's file columns (scope, year, period, figures' date,
    simulated, rule) and the table's rows of cells, header first."""
    return csv_table(data)


OFFICER_NOTE = (
    "Số liệu chi tiết, chưa che các số nhỏ, chỉ phục vụ xử lý vụ việc. Không "
    "đưa vào trình chiếu, bản in hay tài liệu họp. Mỗi lần xem và tải đều được "
    "ghi nhật ký."
)


def file_flags(scope: str = "Toàn thị trấn", rule: bool = False) -> dict:
    """What every row of a file from the test town says of its view."""
    return {
        "Phạm vi lọc": scope,
        "Năm kế hoạch": "2024",
        "Giai đoạn từ ngày": "2023-06-30",
        "Giai đoạn đến ngày": "2024-12-31",
        "Số liệu tính đến ngày": "2024-12-31",
        "Số liệu mô phỏng": "true",
        "Quy tắc bảo vệ thông tin trẻ em": RULE if rule else "",
    }


# --- intervals: our own math -------------------------------------------------
Z = 1.959963984540054  # normal quantile 0.975


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson score interval of k of n, in %."""
    p, z2n = k / n, Z * Z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = Z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z2n / (4 * n))
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def poisson_per_1000(k: int, n: int) -> tuple[float, float]:
    """Exact (Garwood) interval of k events, per 1,000 of n."""
    low = 0.0 if k == 0 else float(chi2.ppf(0.025, 2 * k)) / 2
    high = float(chi2.ppf(0.975, 2 * k + 2)) / 2
    return low * 1000 / n, high * 1000 / n


def one_decimal(x: float) -> str:
    """Half-up to one decimal, Vietnamese comma (our own, for the check)."""
    return str(
        Decimal(repr(float(x))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    ).replace(".", ",")


@pytest.mark.parametrize(
    "interval, k, n, expected",
    [
        (wilson, 27, 120, ("15,9", "30,8")),  # children_consulted, town 2024
        (wilson, 10, 100, ("5,5", "17,4")),  # children_consulted, town 2023
        (wilson, 3, 120, ("0,9", "7,1")),  # hcdb_share, town 2024
        (wilson, 2, 3, ("20,8", "93,9")),  # hcdb_supported, town 2024
        (wilson, 4, 24, ("6,7", "35,9")),  # children_consulted, Hòa Sơn
        (wilson, 11, 56, ("11,3", "31,8")),  # children_consulted, Tân Lập
        (wilson, 12, 40, ("18,1", "45,4")),  # children_consulted, An Bình
        (wilson, 1, 24, ("0,7", "20,2")),  # hcdb_share, Hòa Sơn
        (wilson, 1, 40, ("0,4", "12,9")),  # hcdb_share, An Bình
        (wilson, 1, 56, ("0,3", "9,4")),  # hcdb_share, Tân Lập
        (poisson_per_1000, 8, 120, ("28,8", "131,4")),  # injury deaths, town
        (poisson_per_1000, 0, 24, ("0,0", "153,7")),  # deaths, Hòa Sơn
        (poisson_per_1000, 1, 100, ("0,3", "55,7")),  # deaths, town 2023
        (poisson_per_1000, 4, 100, ("10,9", "102,4")),  # deaths to 30/06/2024
        (poisson_per_1000, 2, 40, ("6,1", "180,6")),  # deaths, An Bình
        (poisson_per_1000, 6, 56, ("39,3", "233,2")),  # deaths, Tân Lập
    ],
)
def test_the_intervals_here_are_wilson_and_exact_poisson(interval, k, n, expected):
    assert tuple(one_decimal(x) for x in interval(k, n)) == expected


# --- the overview --------------------------------------------------------------
def test_overview_tiles_show_the_years_last_snapshot(app):
    at = app()
    summary = next(m.value for m in at.markdown if m.value.startswith("**Đạt"))
    # 17 targets have a threshold (all but drowning_deaths: info = 1);
    # judged (met or not met): hcdb_share, hcdb_supported, injury_rate,
    # injury_death_rate, hiv_new_infections, children_consulted = 6, so
    # 17 - 6 = 11 without figures; met: hiv (0 = 0) and children_consulted
    # (22,5% >= 20%) = 2
    assert summary == (
        "**Đạt 2/6 chỉ tiêu được giao số cụ thể và có số liệu; 11 chỉ tiêu "
        "chưa đủ số liệu để đánh giá; 1 chỉ tiêu không giao số cụ thể (theo "
        "dõi)** · Số liệu chốt ngày "
        "31/12/2024 · Toàn thị trấn."
    )
    shown = [m.value for m in at.markdown]

    consulted = tile(at, "children_consulted")
    assert consulted.value == "22,5%"  # 27 of 120: 22,5%
    assert consulted.label == ":green-badge[Đạt] Mục tiêu từ 20% trở lên"  # 22,5 >= 20
    # The change in neutral words, not a coloured st.metric delta (issue
    # 11): 31/12/2023: 10 of 100 = 10,0%; 22,5 - 10,0 = +12,5 points, up on
    # a higher-is-better target: better; 27 + 10 = 37 >= 20 events
    assert consulted.proto.delta == ""
    assert "↑ +12,5 điểm phần trăm so với năm 2023 · tốt hơn" in shown
    # Wilson 27 of 120: 15,9-30,8; 27 >= 20 cases: no few-cases remark
    assert consulted.proto.help.startswith("22,5% (15,9–30,8)  \n")

    hcdb = tile(at, "hcdb_share")
    assert hcdb.value == "2,5%"  # 3 of 120: 2,5%
    assert hcdb.label == ":red-badge[Chưa đạt] Mục tiêu dưới 2%"  # 2,5 >= 2
    # 2,5 - 3,0 (3 of 100) = -0,5 rests on 3 + 3 = 6 < 20 events: words
    assert hcdb.proto.delta == ""
    assert "Chỉ có 6 trường hợp trong hai năm, chưa đủ để so sánh với năm 2023" in shown

    deaths = tile(at, "injury_death_rate")
    assert deaths.value == "66,7‰"  # 8 per 120: 66,666... per 1,000
    assert deaths.label == ":red-badge[Chưa đạt] Mục tiêu dưới 2‰"
    # 66,666... - 10,0 (1 per 100) rests on 8 + 1 = 9 deaths: words
    assert deaths.proto.delta == ""
    assert "Chỉ có 9 trường hợp trong hai năm, chưa đủ để so sánh với năm 2023" in shown

    captions = [c.value for c in at.caption]
    assert f"Khoảng tin cậy 95%: 15,9{WJ}–{WJ}30,8%" in captions
    # Wilson 3 of 120: 0,9-7,1; 3 < 20 cases
    assert (
        f"Khoảng tin cậy 95%: 0,9{WJ}–{WJ}7,1% · ít trường hợp, dao động mạnh"
    ) in captions
    # exact Poisson 8 per 120: 28,8-131,4 per 1,000 (twice: injuries are
    # 8 + 9 = 17 per 120 for injury_rate, so only injury deaths give this)
    assert (
        captions.count(
            f"Khoảng tin cậy 95%: 28,8{WJ}–{WJ}131,4‰ · ít trường hợp, dao động mạnh"
        )
        == 1
    )
    # a count is what it is: HIV's 0 has no interval (exact Poisson would
    # say 0,0-3,7), neither under the tile nor in its help
    hiv = tile(at, "hiv_new_infections")
    assert hiv.value == "0"
    assert not hiv.proto.help
    assert not [c for c in captions if f"0,0{WJ}–{WJ}3,7" in c]


def test_a_tile_better_than_last_year_but_not_met_shows_no_green(app):
    """hcdb_share: 3,0% (3 of 100) -> 2,5% (3 of 120) against "< 2%":
    better, still not met. Colour means status only (issue 11): the badge
    is red, no delta is coloured, the change line names no colour and the
    sparkline has no green, its last point red, its threshold at 2."""
    at = app()
    hcdb = tile(at, "hcdb_share")
    assert hcdb.label == ":red-badge[Chưa đạt] Mục tiêu dưới 2%"
    assert "green" not in hcdb.label
    assert hcdb.proto.delta == ""  # no st.metric delta: nothing to colour
    assert hcdb.proto.chart_data == []  # no st.metric sparkline either
    change = "Chỉ có 6 trường hợp trong hai năm, chưa đủ để so sánh với năm 2023"
    assert change in [m.value for m in at.markdown]
    name = target_name(plan_for_year(2024).target("hcdb_share"), "vi")
    (spark,) = [
        m.value
        for m in at.markdown
        if m.value.startswith('<svg class="cp-spark"')
        and f'aria-label="Diễn biến: {name}"' in m.value
    ]
    assert "#009e73" not in spark.lower()  # the theme's green
    root = ET.fromstring(spark)
    # 3 of 100 at both 2023 snapshots = 3,0; 30/06/2024: 1 + 0 + 1 of 100 =
    # 2,0; 31/12/2024: 3 of 120 = 2,5. A dot and its tooltip on each year's
    # last snapshot.
    tips = [g.find("title").text.split("\n") for g in root.findall("g")]
    assert [(tip[0], tip[1].split(" (")[0]) for tip in tips] == [
        ("31/12/2023", "Giá trị: 3,0%"),
        ("31/12/2024", "Giá trị: 2,5%"),
    ]
    dots = root.findall(".//path[@class='cp-spark-dot']")
    assert dots[-1].get("stroke") == "#D55E00"  # not met, the theme's red
    # values 2..3 and the threshold 2, padded 15% of 1: 2 (the threshold
    # and 30/06/2024's 2,0) is 6 units above the bottom margin, at 52; 3,0
    # 6 below the top margin, at 12; 2,5 halfway, at 32
    threshold = root.find("line")
    assert (threshold.get("y1"), threshold.get("stroke-dasharray")) == ("52", "5 4")
    heights = [p.split(",")[1] for p in root.find("polyline").get("points").split()]
    assert heights == ["12", "12", "52", "32"]


def test_overview_of_2023_is_its_last_snapshot_with_no_change(app):
    at = app(query={"year": "2023"})
    consulted = tile(at, "children_consulted")
    # 31/12/2023: 10 of 100 = 10,0% (30/06/2023 would be 8 of 100: 8,0%)
    assert consulted.value == "10,0%"
    assert consulted.label == ":red-badge[Chưa đạt] Mục tiêu từ 20% trở lên"
    assert consulted.proto.delta == ""  # no 2022: no change
    assert (
        f"Khoảng tin cậy 95%: 5,5{WJ}–{WJ}17,4% · "  # Wilson 10 of 100
        "ít trường hợp, dao động mạnh"
    ) in [c.value for c in at.caption]


def test_scorecard_csv_cells(app):
    with thread_local_runtime():
        at = app()
        comments, lines = csv_lines(download_bytes(at, "download_scorecard"))
    # the scorecard holds sensitive targets: the rule is stated
    assert comments == file_flags(rule=True)
    assert lines[0] == [
        "Mục",
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Ngày chốt số liệu",
        "Tử số",
        "Mẫu số",
        "Giá trị",
        "Cận dưới khoảng tin cậy 95%",
        "Cận trên khoảng tin cậy 95%",
        "Đơn vị",
        "Mục tiêu",
        "Đánh giá",
        "Giá trị năm trước",
        "Thay đổi",
        "Phạm vi",
    ]
    rows = {line[1]: line for line in lines[1:]}
    assert len(rows) == 18
    assert rows["hcdb_share"] == [
        "3.1",
        "hcdb_share",
        "Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt xuống còn dưới 2% tổng số trẻ em",
        "2024-12-31",
        "3",
        "120",
        "2.5",  # 3 of 120 = 2,5%
        "0.9",
        "7.1",  # Wilson 3 of 120
        "%",
        "dưới 2%",
        "Chưa đạt",
        "3.0",
        "-0.5",  # 3 of 100 = 3,0%; 2,5 - 3,0
        "Toàn thị trấn",
    ]
    assert rows["hcdb_supported"][4:14] == [
        "2",
        "3",
        "66.7",  # An Bình's and Tân Lập's of 3: 66,666...
        "20.8",
        "93.9",
        "%",
        "từ 96% trở lên",
        "Chưa đạt",
        "66.7",
        "0.0",
    ]  # 2 of 3 at 31/12/2023 too
    assert rows["injury_death_rate"] == [
        "4.1",
        "injury_death_rate",
        "Giảm tỷ suất trẻ em tử vong do tai nạn, thương tích xuống dưới 2/1.000 trẻ em",
        "2024-12-31",
        "8",
        "120",
        "66.7",  # 2 + 0 + 6 deaths per 120: 66,666...‰
        "28.8",
        "131.4",  # exact Poisson 8, per 1,000 of 120
        "‰ (trên 1.000 trẻ em)",
        "dưới 2‰",
        "Chưa đạt",
        "10.0",
        "56.7",  # 1 per 100 = 10,0‰; 66,666... - 10,0
        "Toàn thị trấn",
    ]  # the town's total: shown in full
    assert rows["children_consulted"] == [
        "9.1",
        "children_consulted",
        "Khoảng 20% trẻ em từ 07 tuổi trở lên được hỏi ý kiến về các vấn đề của trẻ em",
        "2024-12-31",
        "27",
        "120",
        "22.5",  # 12 + 4 + 11 of 40 + 24 + 56
        "15.9",
        "30.8",
        "%",
        "từ 20% trở lên",
        "Đạt",
        "10.0",
        "12.5",  # 4 + 2 + 4 of 100; 22,5 - 10,0
        "Toàn thị trấn",
    ]


# --- section pages -------------------------------------------------------------
CONSULTED = (
    "Khoảng 20% trẻ em từ 07 tuổi trở lên được hỏi ý kiến về các vấn đề của trẻ em"
)
HCDB = "Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt xuống còn dưới 2% tổng số trẻ em"
DEATH_RATE = (
    "Giảm tỷ suất trẻ em tử vong do tai nạn, thương tích xuống dưới 2/1.000 trẻ em"
)


def test_excel_comes_first_and_its_file_is_built_on_the_press_and_audited(
    app, tmp_path
):
    """Issue 12, item 3: every download is offered as Excel first (the
    button a person sees), then as a CSV for software; the Excel file is
    built by the button's own callable when pressed, audited with its
    format, and holds the overview's numbers as numbers."""
    log = tmp_path / "audit.jsonl"
    with thread_local_runtime():
        at = app()
        labels = [b.proto.label for b in at.get("download_button")]
        before = len(audit.read_events(log))
        data = download_bytes(at, "download_scorecard_xlsx")
        section = app(page="pages/protection.py")
        section_labels = [b.proto.label for b in section.get("download_button")]
    # the printed report's button first (under the summary), then the
    # scorecard's two files
    assert labels == [
        "Tải báo cáo PDF",
        "Tải bảng chỉ tiêu (Excel)",
        "Bảng chỉ tiêu: CSV cho phần mềm",
    ]
    # the protection page's trend and groups files of each target, in pairs
    assert section_labels[:4] == ["Tải Excel", "CSV cho phần mềm"] * 2
    assert len(section_labels) % 2 == 0
    assert section_labels[::2] == ["Tải Excel"] * (len(section_labels) // 2)
    pressed = audit.read_events(log)[before:]
    assert [(e["event"], e["what"], e["filters"]["format"]) for e in pressed] == [
        ("download", "scorecard", "xlsx")
    ]
    block, table = xlsx_table(data)
    assert block == [
        "Bảng chỉ tiêu kế hoạch",
        "Ủy ban nhân dân thị trấn Thắng",
        "Phạm vi: Toàn thị trấn",
        "Năm kế hoạch: 2024 · Giai đoạn theo dõi: 30/06/2023–31/12/2024",
        "Số liệu tính đến ngày: 31/12/2024",
        RULE,
        "SỐ LIỆU MÔ PHỎNG, không phải số liệu thật của thị trấn.",
    ]
    rows = {row[1]: row for row in table[1:]}
    # 3 of 120 = 2,5% (Wilson 0,9-7,1); 3 of 100 = 3,0% in 2023: -0,5
    assert rows["hcdb_share"][3:14] == [
        dt.datetime(2024, 12, 31),
        3,
        120,
        2.5,
        0.9,
        7.1,
        "%",
        "dưới 2%",
        "Chưa đạt",
        3.0,
        -0.5,
    ]
    # 8 deaths per 120 children = 66,666...‰ (exact Poisson 28,8-131,4)
    assert rows["injury_death_rate"][4:9] == [8, 120, 66.7, 28.8, 131.4]


def test_participation_year_line_and_groups_csv(app):
    with thread_local_runtime():
        at = app(page="pages/participation.py")
        data = download_bytes(at, "download_children_consulted_groups")
    assert year_line(at, CONSULTED) == (
        "Năm 2024: **22,5% (15,9–30,8)** · "  # 27 of 120, Wilson
        ":green-badge[Đạt] · Mục tiêu từ 20% trở lên"
    )  # 27 >= 20: no remark
    comments, lines = csv_lines(data)
    assert comments == file_flags()
    assert lines[0] == GROUP_HEADER
    # worst first (higher is better: lowest value first)
    assert lines[1:] == [
        [
            "children_consulted",
            "2024-12-31",
            HOA_SON,
            "4",
            "24",
            "16.7",
            "6.7",
            "35.9",
            "%",
            "Chưa đạt",
        ],  # 4/24 = 16,666...%
        [
            "children_consulted",
            "2024-12-31",
            TAN_LAP,
            "11",
            "56",
            "19.6",
            "11.3",
            "31.8",
            "%",
            "Chưa đạt",
        ],  # 11/56 = 19,642...%
        [
            "children_consulted",
            "2024-12-31",
            AN_BINH,
            "12",
            "40",
            "30.0",
            "18.1",
            "45.4",
            "%",
            "Đạt",
        ],  # 12/40 = 30,0%
    ]


def test_protection_year_line_and_groups_csv(app):
    with thread_local_runtime():
        at = app(page="pages/protection.py")
        data = download_bytes(at, "download_hcdb_share_groups")
    assert year_line(at, HCDB) == (
        "Năm 2024: **2,5% (0,9–7,1)** · "  # 3 of 120, Wilson
        ":red-badge[Chưa đạt] · Mục tiêu dưới 2% · "  # 2,5 is not < 2
        "số trường hợp ít (dưới 20), số liệu có thể biến động lớn"
    )  # 3 < 20
    comments, lines = csv_lines(data)
    assert comments == file_flags()
    assert lines[0] == GROUP_HEADER
    # worst first (lower is better: highest value first)
    assert lines[1:] == [
        [
            "hcdb_share",
            "2024-12-31",
            HOA_SON,
            "1",
            "24",
            "4.2",
            "0.7",
            "20.2",
            "%",
            "Chưa đạt",
        ],  # 1/24 = 4,166...%
        [
            "hcdb_share",
            "2024-12-31",
            AN_BINH,
            "1",
            "40",
            "2.5",
            "0.4",
            "12.9",
            "%",
            "Chưa đạt",
        ],  # 1/40 = 2,5%
        [
            "hcdb_share",
            "2024-12-31",
            TAN_LAP,
            "1",
            "56",
            "1.8",
            "0.3",
            "9.4",
            "%",
            "Đạt",
        ],  # 1/56 = 1,785...% < 2
    ]


# --- a sensitive target: the town's yearly figure, groups for officers --------
PER_1000 = "‰ (trên 1.000 trẻ em)"
TREND_HEADER = [
    "Mã chỉ tiêu",
    "Ngày chốt số liệu",
    "Tử số",
    "Mẫu số",
    "Giá trị",
    "Cận dưới khoảng tin cậy 95%",
    "Cận trên khoảng tin cậy 95%",
    "Đơn vị",
    "Mục tiêu",
    "Đánh giá",
    "Phạm vi",
]
# The town's deaths of each plan year, at the year's last snapshot:
# 2023: Tân Lập's 1 per 100 = 10,0‰; 2024: 2 + 0 + 6 = 8 per 120 = 66,666...‰
TOWN_DEATHS_BY_YEAR = [
    [
        "injury_death_rate",
        "2023-12-31",
        "1",
        "100",
        "10.0",
        "0.3",
        "55.7",  # exact Poisson 1, per 1,000 of 100
        PER_1000,
        "dưới 2‰",
        "Chưa đạt",
        "Toàn thị trấn",
    ],
    [
        "injury_death_rate",
        "2024-12-31",
        "8",
        "120",
        "66.7",
        "28.8",
        "131.4",  # exact Poisson 8, per 1,000 of 120
        PER_1000,
        "dưới 2‰",
        "Chưa đạt",
        "Toàn thị trấn",
    ],
]


def download_keys(at) -> list[str]:
    return [b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")]


def test_a_leader_filtering_a_group_sees_the_towns_deaths_on_the_overview(app):
    """Tân Lập alone had 6 deaths per 56 children (107,1‰): the tile shows
    the town's 8 per 120 instead, says so, and the scorecard file too."""
    with thread_local_runtime():
        at = app(query={"groups": [TAN_LAP]}, user=LEADER)
        comments, lines = csv_lines(download_bytes(at, "download_scorecard"))
    deaths = tile(at, "injury_death_rate")
    assert deaths.value == "66,7‰"  # 8 per 120, not 6 per 56 = 107,142...
    # the town's 8 deaths this year and 1 in 2023 (not Tân Lập's 6 + 1 = 7)
    assert "Chỉ có 9 trường hợp trong hai năm, chưa đủ để so sánh với năm 2023" in [
        m.value for m in at.markdown
    ]
    assert TOWN_NOTE in [c.value for c in at.caption]
    # a target that is not sensitive follows the filter: Tân Lập's 1 of 56
    assert tile(at, "hcdb_share").value == "1,8%"  # 1,785...%
    assert comments == file_flags(f"Tổ dân phố: {TAN_LAP}", rule=True)
    rows = {line[1]: line for line in lines[1:]}
    assert rows["injury_death_rate"][3:] == [
        "2024-12-31",
        "8",
        "120",
        "66.7",
        "28.8",
        "131.4",
        PER_1000,
        "dưới 2‰",
        "Chưa đạt",
        "10.0",
        "56.7",  # 66,666... - 10,0
        "Toàn thị trấn",
    ]
    assert rows["hcdb_share"][3:9] == ["2024-12-31", "1", "56", "1.8", "0.3", "9.4"]
    assert rows["hcdb_share"][-1] == f"Tổ dân phố: {TAN_LAP}"
    assert "107.1" not in "\n".join(";".join(line) for line in lines)


def test_a_leader_filtering_a_group_sees_the_towns_deaths_on_the_section(app):
    """The year line, the trend (one point a year) and its file are the
    town's; no group view, no officer block, nothing of Tân Lập's own."""
    with thread_local_runtime():
        at = app(page="pages/injuries.py", query={"groups": [TAN_LAP]}, user=LEADER)
        comments, lines = csv_lines(
            download_bytes(at, "download_injury_death_rate_trend")
        )
        keys = download_keys(at)
    assert year_line(at, DEATH_RATE) == (
        "Năm 2024: **66,7‰ (28,8–131,4)** · "  # 8 per 120, exact Poisson
        ":red-badge[Chưa đạt] · Mục tiêu dưới 2‰ · "
        "số trường hợp ít (dưới 20), số liệu có thể biến động lớn"
    )  # 8 < 20
    assert TOWN_NOTE in [c.value for c in at.caption]
    assert NO_GROUPS_NOTE in [i.value for i in at.info]
    assert "download_injury_death_rate_groups" not in keys
    assert not [k for k in keys if "officer" in k]
    assert OFFICER_BADGE not in [m.value for m in at.markdown]
    assert comments == file_flags(f"Tổ dân phố: {TAN_LAP}", rule=True)
    # one row per plan year, dated its last snapshot (not 4 snapshots)
    assert lines == [TREND_HEADER, *TOWN_DEATHS_BY_YEAR]
    shown = " ".join(m.value for m in [*at.markdown, *at.caption])
    assert "107,1" not in shown  # Tân Lập's 6 per 56


def test_the_officer_sees_the_exact_deaths_by_group_and_it_is_audited(app, tmp_path):
    """The demo officer: the meeting's part as a leader sees it (the town's
    yearly figure, no groups), then the officers' block with every group
    and snapshot, exact; drawing it and its downloads are logged."""
    log = tmp_path / "audit.jsonl"
    with thread_local_runtime():
        at = app(page="pages/injuries.py")
        drawn = audit.read_events(log)
        meeting = csv_lines(download_bytes(at, "download_injury_death_rate_trend"))
        groups = csv_lines(
            download_bytes(at, "download_injury_death_rate_officer_groups")
        )
        trend = csv_lines(
            download_bytes(at, "download_injury_death_rate_officer_trend")
        )
        keys = download_keys(at)
    assert NO_GROUPS_NOTE in [i.value for i in at.info]
    assert "download_injury_death_rate_groups" not in keys
    assert OFFICER_BADGE in [m.value for m in at.markdown]
    town = file_flags(rule=True)
    assert meeting == (town, [TREND_HEADER, *TOWN_DEATHS_BY_YEAR])
    # the officer's exact files say whom they are for, not the meeting's
    # rule, which they do not follow
    officers = {**town, "Quy tắc bảo vệ thông tin trẻ em": OFFICER_NOTE}
    assert groups[0] == officers
    assert groups[1] == [
        GROUP_HEADER,
        [
            "injury_death_rate",
            "2024-12-31",
            TAN_LAP,
            "6",
            "56",
            "107.1",  # 6 per 56 = 107,142...‰
            "39.3",
            "233.2",
            PER_1000,
            "Chưa đạt",
        ],
        [
            "injury_death_rate",
            "2024-12-31",
            AN_BINH,
            "2",
            "40",
            "50.0",  # 2 per 40
            "6.1",
            "180.6",
            PER_1000,
            "Chưa đạt",
        ],
        [
            "injury_death_rate",
            "2024-12-31",
            HOA_SON,
            "0",
            "24",
            "0.0",
            "0.0",
            "153.7",
            PER_1000,
            "Đạt",  # 0 < 2
        ],
    ]  # worst first (lower is better)
    # every snapshot in the 12-month window: 30/06/2023: Tân Lập's 01/05;
    # 31/12/2023: the same one; 30/06/2024: An Bình 1 + Tân Lập 3 = 4 per
    # 100; 31/12/2024: 8 per 120
    assert trend[0] == officers
    assert [line[1:7] for line in trend[1][1:]] == [
        ["2023-06-30", "1", "100", "10.0", "0.3", "55.7"],
        ["2023-12-31", "1", "100", "10.0", "0.3", "55.7"],
        ["2024-06-30", "4", "100", "40.0", "10.9", "102.4"],
        ["2024-12-31", "8", "120", "66.7", "28.8", "131.4"],
    ]
    # the section's two sensitive targets, drawn: logged before any press
    assert [(e["event"], e["what"], e["user"], e["role"]) for e in drawn] == [
        ("view_sensitive_detail", "injury_death_rate", "canbo", "officer"),
        ("view_sensitive_detail", "drowning_deaths", "canbo", "officer"),
    ]
    pressed = audit.read_events(log)[len(drawn) :]
    assert [(e["event"], e["what"]) for e in pressed] == [
        ("download", "injury_death_rate_trend"),
        ("download", "injury_death_rate_officer_groups"),
        ("download", "injury_death_rate_officer_trend"),
    ]


def test_a_leader_is_sent_no_officer_block(app, tmp_path):
    with thread_local_runtime():
        at = app(page="pages/injuries.py", user=LEADER)
        keys = download_keys(at)
    assert OFFICER_BADGE not in [m.value for m in at.markdown]
    assert not [k for k in keys if "officer" in k]
    assert "view_sensitive_detail" not in [
        e["event"] for e in audit.read_events(tmp_path / "audit.jsonl")
    ]
    # no group of the town named beside a death rate: 107,1 and 50,0 absent
    shown = " ".join(m.value for m in [*at.markdown, *at.caption])
    assert "107,1" not in shown and "50,0" not in shown


# --- the injury breakdown: injuries in full, no small death count -------------
BREAKDOWN_NOTE = (
    "Số trẻ em bị tai nạn, thương tích được ghi đầy đủ. Số trẻ em tử vong chỉ "
    "được chia theo một tiêu chí (nguyên nhân, nơi xảy ra, giới tính, nhóm "
    "tuổi) khi mọi ô đều từ 5 trở lên (ô bằng 0 cũng được coi là số nhỏ), để "
    "không thể nhận ra trường hợp cụ thể."
)


def test_injury_breakdown_of_the_year_shows_injuries_but_no_small_deaths(app):
    """Calendar 2024: 8 traffic deaths (community, age 11) and 9 falls
    (home, age 12), every child male. Each dimension has a category with
    fewer than 5 deaths (a fall: 0; home: 0; F: 0; 0-5: 0): no death is
    written, and no death bar drawn."""
    with thread_local_runtime():
        at = app(page="pages/injuries.py", query={"groups": [TAN_LAP]})
        comments, lines = csv_lines(download_bytes(at, "download_injury_breakdown"))
    assert BREAKDOWN_NOTE in [c.value for c in at.caption]
    # the whole town's, under a filter too
    assert comments == file_flags(f"Tổ dân phố: {TAN_LAP}", rule=True)
    assert lines[0] == [
        "Chia theo",
        "Nhóm",
        "Số trẻ bị tai nạn, thương tích",
        "Số trẻ tử vong",
    ]
    rows = {(line[0], line[1]): line[2:] for line in lines[1:]}
    assert rows[("Nguyên nhân", "Ngã")] == ["9", ""]  # 2 + 3 + 4 falls
    assert rows[("Nguyên nhân", "Tai nạn giao thông")] == ["8", ""]  # 2 + 6
    assert rows[("Nguyên nhân", "Đuối nước")] == ["0", ""]
    assert rows[("Nơi xảy ra", "Tại nhà")] == ["9", ""]
    assert rows[("Nơi xảy ra", "Cộng đồng")] == ["8", ""]
    assert sum(int(v[0]) for (d, _), v in rows.items() if d == "Nhóm tuổi") == 17
    assert [v[1] for v in rows.values()] == [""] * len(rows)  # no death at all
    # the chart: injured labelled, deaths with no bar and no label
    chart = next(
        c for c in at.get("plotly_chart") if c.proto.id.endswith("breakdown_cause")
    )
    injured, died = pio.from_json(chart.proto.spec).data
    # causes in the order of the commune report: fall, burn, traffic, then
    # eight others none of which happened
    assert list(injured.text) == ["9", "0", "8", *["0"] * 8]
    assert list(died.text) == [""] * 11
