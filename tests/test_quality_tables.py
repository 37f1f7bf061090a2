"""The data-quality page's tables on tiny frames: headings, order, words."""

import datetime as dt
import math

import pandas as pd

from childplan.present import quality_tables as tables

D1, D2 = dt.date(2024, 1, 31), dt.date(2024, 2, 29)


def test_summary_headings_rounding_and_yes_no():
    summary = pd.DataFrame(
        {
            "snapshot_date": [D1, D2],
            "children_count": [25, 20],
            "change_pct": [math.nan, -20.0 + 1e-9],
            "is_count_jump": [False, True],
            "missing_group_count": [0, 1],
            "late_count": [1, 0],
            "absent_child_count": [1, 1],
            "absent_fatal_count": [0, 1],
        }
    )
    table = tables.table(tables.latest_first(summary), "summary", "vi")
    assert table.columns.tolist() == [
        "Ngày chốt số liệu",
        "Số trẻ em",
        "Thay đổi (%)",
        "Chênh quá 5%",
        "Tổ không còn trẻ em",
        "Báo cáo muộn",
        "Trẻ không có trong danh sách",
        "Trong đó: đã tử vong",
    ]
    assert table.values.tolist() == [
        [D2, 20, -20.0, "Có", 1, 0, 1, 1],
        [D1, 25, None, "Không", 0, 1, 1, 0],
    ]


def test_unknown_answers_of_one_snapshot_most_first_in_both_languages():
    unknown = pd.DataFrame(
        {
            "snapshot_date": [D1, D1, D1, D2],
            "table_name": ["children", "children", "households", "children"],
            "column_name": ["consulted", "ecd_services", "labour_info", "consulted"],
            "label_vi": [
                "Được hỏi ý kiến",
                "Dịch vụ PTTD",
                "Thông tin LĐTE",
                "Được hỏi ý kiến",
            ],
            "asked_count": [21, 5, 3, 20],
            "unknown_count": [2, 0, 3, 1],
            "unknown_pct": [9.523809, math.nan, 100.0, 5.0],
        }
    )
    at_d1 = tables.unknown_at(unknown, D1)
    assert tables.table(at_d1, "unknown_answers", "vi").values.tolist() == [
        ["Thông tin LĐTE", 3, 3, 100.0],
        ["Được hỏi ý kiến", 21, 2, 9.5],
    ]
    english = tables.table(at_d1, "unknown_answers", "en")
    assert english.columns.tolist() == [
        "Question",
        "Asked of",
        "Left empty",
        "Share empty (%)",
    ]
    assert english["Question"].tolist() == [
        "households.labour_info",
        "children.consulted",
    ]


def test_missing_months_and_details():
    months = pd.DataFrame(
        {
            "month": [dt.date(2024, 3, 1)],
            "previous_snapshot_date": [D2],
            "next_snapshot_date": [dt.date(2024, 4, 30)],
        }
    )
    assert tables.table(months, "missing_months").values.tolist() == [
        ["03/2024", D2, dt.date(2024, 4, 30)]
    ]
    absent = pd.DataFrame(
        {
            "snapshot_date": [D2],
            "incident_id": ["i4"],
            "child_id": ["a99"],
            "residential_group": ["A"],
            "kind": ["injury"],
            "occurred_on": [dt.date(2024, 2, 10)],
            "fatal": [True],
        }
    )
    table = tables.table(absent, "absent_child_details")
    assert table.columns.tolist() == [
        "Mã vụ việc",
        "Mã trẻ em",
        "Tổ dân phố",
        "Loại",
        "Ngày xảy ra",
        "Tử vong",
    ]
    assert table.values.tolist() == [
        ["i4", "a99", "A", "Tai nạn, thương tích", dt.date(2024, 2, 10), "Có"]
    ]
    assert tables.at(absent, D1).empty
