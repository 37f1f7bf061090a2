"""The funnel for the analyst: when it applies, the table instead, labels
that do not overlap (issue 11, item 3)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from childplan.indicators import stats
from childplan.present import group_charts
from childplan.present import labels as placing

NAN = float("nan")


def _target(**fields):
    base = {
        "id": "x",
        "kind": "share",
        "unit": "%",
        "operator": ">=",
        "threshold": 96.0,
        "direction": "higher",
        "town_wide": False,
    }
    return SimpleNamespace(**(base | fields))


@pytest.mark.parametrize(
    ("fields", "denominators", "applies"),
    [
        # 96 %: the rarer side is the 4 % who miss; 10 x 0.04 = 0.4 < 1
        ({}, [1, 4, 10], False),
        ({}, [1, 25], True),  # 25 x 0.04 = 1.0: one miss expected
        ({"threshold": 100.0}, [500], False),  # every limit is 100 %
        ({"threshold": 0.0, "operator": "<"}, [500], False),
        ({"threshold": 60.0}, [2, 3], True),  # 3 x 0.4 = 1.2
        ({"threshold": 60.0}, [2, 0, NAN], False),  # 2 x 0.4 = 0.8
        # 3 per 1,000: 300 x 0.003 = 0.9; 334 x 0.003 = 1.002
        ({"kind": "rate", "unit": "‰", "threshold": 3.0}, [159, 300], False),
        ({"kind": "rate", "unit": "‰", "threshold": 3.0}, [159, 334], True),
        ({"kind": "count", "unit": "count", "threshold": 0.0}, [500], False),
        ({"town_wide": True, "threshold": 50.0}, [500], False),
    ],
)
def test_funnel_applies_only_where_a_group_can_stand_out(fields, denominators, applies):
    assert stats.funnel_applies(_target(**fields), denominators) is applies


def test_group_table_where_no_funnel_can_be_drawn():
    by_group = pd.DataFrame(
        {
            "residential_group": [
                "Tổ dân phố A",
                "Tổ dân phố B",
                "Tổ dân phố C",
                "Tổ dân phố D",
            ],
            "numerator": [5.0, 2.0, 0.0, NAN],
            "denominator": [5.0, 4.0, 0.0, NAN],
            "value": [100.0, 50.0, NAN, NAN],
            "status": ["met", "not_met", "no_data", "no_data"],
        }
    )
    table = group_charts.group_table(by_group, _target(), "vi")
    assert table.columns.tolist() == [
        "Tổ dân phố",
        "Giá trị",
        "Tử số / mẫu số",
        "Đánh giá",
    ]
    assert table.values.tolist() == [
        ["B", "50,0%", "2 / 4", "Chưa đạt"],  # furthest from ">= 96%" first
        ["A", "100,0%", "5 / 5", "Đạt"],
        # nobody to count in C (no such child): not "no data" to a meeting
        ["C", "—", "—", "Không có đối tượng"],
        ["D", "—", "—", "Không có số liệu"],  # D's figures are missing
    ]


def _boxes(placed, labels, positions, x_range, y_range):
    out = []
    width, height = placing.PLOT_PX
    for (x, y), label, place in zip(
        zip(placed["denominator"], placed["value"], strict=True),
        labels,
        positions,
        strict=True,
    ):
        if not label:
            continue
        px = (x - x_range[0]) / (x_range[1] - x_range[0]) * width
        py = (y - y_range[0]) / (y_range[1] - y_range[0]) * height
        out.append(placing._box(px, py, placing.CHAR_PX * len(label), place))
    return out


def test_labels_of_crowded_points_do_not_overlap():
    # Three groups outside, one on top of another (100 and 104 children,
    # 12 % and 12.3 %): the first takes the roomy side, the others go
    # where nothing is; an unnamed point inside takes no room for a label.
    placed = pd.DataFrame(
        {"denominator": [100.0, 104.0, 108.0, 300.0], "value": [12.0, 12.3, 12.1, 2.0]}
    )
    labels = ["Bắc Hưng", "Đức Thịnh", "Hồng Phong", ""]
    x_range, y_range = (0.0, 330.0), (-1.0, 20.0)
    positions = placing.label_positions(placed, labels, x_range, y_range)
    # 12 of 20 is in the upper half, 100 of 330 in the left half: below
    # and to the right first
    assert positions[0] == "bottom right"
    assert len(set(positions[:3])) == 3
    boxes = _boxes(placed, labels, positions, x_range, y_range)
    assert all(
        placing._overlap(a, b) == 0 for i, a in enumerate(boxes) for b in boxes[i + 1 :]
    )


def test_a_lone_label_takes_the_roomier_side():
    placed = pd.DataFrame({"denominator": [300.0], "value": [1.0]})
    # right half, lower half: above, to the left
    assert placing.label_positions(placed, ["Bắc Hưng"], (0.0, 330.0), (0.0, 20.0)) == [
        "top left"
    ]
