"""A number never contradicts its status, on the screens (issue 11, item 4).

A town of one residential group, Tổ 1, 2,500 children at both snapshots
(31/12/2023 and 31/12/2024):

    hcdb_share            2023: 60 of 2,500 = 2,4%   2024: 49 of 2,500 = 1,96%
    child_friendly_score  2023: 13 x 70 = 910         2024: 12 x 70 + 9,5 = 849,5

Against "< 2%", 1,96% is met: rounded to the unit's one decimal it would
read "2,0% · Đạt" beside "< 2%". Against "≥ 850", 849,5 is not met: rounded
to whole points it would read "850 điểm · Chưa đạt". Each must show the
decimals that tell. Every expected text is a literal with its arithmetic.
"""

from __future__ import annotations

import pytest

from childplan.app import overview
from childplan.indicators.plan import plan_for_year
from tests.apptest_tools import download_bytes, open_dashboard, thread_local_runtime
from tests.snapshot_builder import assessment_rows, build_store, child
from tests.test_pages_by_hand import csv_lines, year_line

CHILDREN = 2500
HCDB = {"2023-12-31": 60, "2024-12-31": 49}
SCORES = {2023: [70] * 13, 2024: [70] * 12 + [9.5]}
HCDB_NAME = "Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt xuống còn dưới 2% tổng số trẻ em"


def snapshot(day: str) -> dict:
    year = int(day[:4])
    return {
        "children": [
            child(
                f"c{i}",
                "Tổ 1",
                "2015-01-01",
                special_groups="a" if i < HCDB[day] else None,
            )
            for i in range(CHILDREN)
        ],
        "assessments": [
            row
            for y, scores in SCORES.items()
            if y <= year
            for row in assessment_rows(y, scores)
        ],
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("threshold") / "store"
    return build_store(root, {day: snapshot(day) for day in HCDB}, simulated=True)


def tile(at, target_id: str):
    order = [x.id for row in overview.tile_rows(plan_for_year(2024), 3) for x in row]
    return at.metric[order.index(target_id)]


def test_tiles_keep_each_value_on_its_side_of_the_threshold(
    store, tmp_path, monkeypatch
):
    at = open_dashboard(monkeypatch, tmp_path, store)
    hcdb = tile(at, "hcdb_share")
    assert hcdb.value == "1,96%"  # 49 / 2500 = 1,96 < 2, not "2,0%"
    assert hcdb.label == ":green-badge[Đạt] Mục tiêu dưới 2%"
    # Wilson 49 of 2,500: 1,49-2,58; the value in the help keeps its side too
    assert hcdb.proto.help.startswith("1,96% (1,5–2,6)  \n")
    score = tile(at, "child_friendly_score")
    assert score.value == "849,5 điểm"  # 840 + 9,5 < 850, not "850 điểm"
    assert score.label == ":red-badge[Chưa đạt] Mục tiêu từ 850 điểm trở lên"
    shown = [m.value for m in at.markdown]
    # 1,96 - 2,4 = -0,44 on 49 + 60 = 109 events: down, lower is better
    assert "↓ -0,4 điểm phần trăm so với năm 2023 · tốt hơn" in shown
    # 849,5 - 910 = -60,5 points (half-up: 61); a score counts no events
    assert "↓ -61 điểm so với năm 2023 · kém hơn" in shown


def test_year_lines_and_files_keep_each_value_on_its_side(store, tmp_path, monkeypatch):
    with thread_local_runtime():
        at = open_dashboard(monkeypatch, tmp_path, store, page="pages/protection.py")
        _, lines = csv_lines(download_bytes(at, "download_hcdb_share_trend"))
    assert year_line(at, HCDB_NAME) == (
        "Năm 2024: **1,96% (1,5–2,6)** · :green-badge[Đạt] · Mục tiêu dưới 2%"
    )
    # the trend's file: 60 of 2500 = 2,4; 49 of 2500 = 1,96 (not 2,0)
    assert [line[1:5] + line[8:10] for line in lines[1:]] == [
        ["2023-12-31", "60", "2500", "2.4", "dưới 2%", "Chưa đạt"],
        ["2024-12-31", "49", "2500", "1.96", "dưới 2%", "Đạt"],
    ]
    at = open_dashboard(monkeypatch, tmp_path, store, page="pages/child_friendly.py")
    line = next(m.value for m in at.markdown if m.value.startswith("Năm 2024"))
    assert line.startswith("Năm 2024: **849,5 điểm** · :red-badge[Chưa đạt]")
