"""The quarterly injury report (issue 12, item 4), checked cell by cell
against a register built by hand.

The register: snapshots 31/12/2023, 15/04/2024, 30/06/2024 and 20/08/2024,
two residential groups. Quarter I of 2024 (01/01–31/03) is read from the
first snapshot on or after 31/03, the one of 15/04 (40 children); the one of
30/06 (42 children) also knows a fall of 30/03 reported late, which the
quarter's report must not count (it was sent on the April register).

The 17 injuries of quarter I in the 15/04 register, numbered as in REGISTER
(age band in brackets; † died):

    1 fall M 5 [0-5] home 01/01 (the first day)   10 suffocation F 1 home †
    2 fall F 6 [6-9] home                         11 animal M 7 community
    3 fall M 2 [0-5] school 29/02                 12 drowning M 13 community
    4 burn F 0 home 31/03 (the last day)          13 drowning F 14 community †
    5 traffic M 14 community †                    14 electric M 11 home
    6 traffic M 15 community                      15 other F 15 school
    7 traffic F 13 place not known                16 fall M 13 home
    8 poisoning F 9 home                          17 cut F 12 place not known †
    9 cut M 10 school

Not counted: a fall of 31/12/2023 (the day before), a drowning death of
01/04/2024 (the day after) and an abuse case of February (not an injury).
No explosive injury: its row is all zeros.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from childplan.access import audit
from childplan.access.auth import UserFile
from childplan.app import reads
from childplan.indicators.injury_report import (
    Quarter,
    default_quarter,
    injury_quarter,
    quarter_snapshot,
    quarters_covered,
)
from childplan.present.i18n import t
from childplan.present.injury_report import injury_workbook, workbook_bytes
from childplan.store.db import Database
from childplan.store.snapshots import Store
from tests.apptest_tools import download_bytes, open_dashboard, thread_local_runtime
from tests.snapshot_builder import build_store, child, incident

# Accounts of the users file: the store is real (not simulated), where the
# demo accounts do not log in.
LEADER = {"username": "lan", "role": "leader", "demo": False}
BADGE = (
    ":red-badge[:material/lock: Chỉ dành cho cán bộ: số liệu chính xác, "
    "không trình chiếu]"
)
OFFICER = {"username": "hoa", "role": "officer", "demo": False}


def sign_up(tmp_path, user: dict) -> dict:
    UserFile(tmp_path / "users.json").add(user["username"], user["role"], "mat-khau-1")
    return user


def injury(day, cause, sex, age, place, fatal=False, group="A"):
    return incident(
        "injury", group, day, sex=sex, age=age, cause=cause, place=place, fatal=fatal
    )


REGISTER = [
    injury("2024-01-01", "fall", "M", 5, "home"),  # 1
    injury("2024-01-15", "fall", "F", 6, "home", group="B"),  # 2
    injury("2024-02-29", "fall", "M", 2, "school"),  # 3
    injury("2024-03-31", "burn", "F", 0, "home"),  # 4
    injury("2024-03-10", "traffic", "M", 14, "community", True),  # 5
    injury("2024-02-02", "traffic", "M", 15, "community", group="B"),  # 6
    injury("2024-01-20", "traffic", "F", 13, None),  # 7
    injury("2024-03-01", "poisoning", "F", 9, "home"),  # 8
    injury("2024-02-10", "cut", "M", 10, "school", group="B"),  # 9
    injury("2024-01-05", "suffocation", "F", 1, "home", True),  # 10
    injury("2024-03-15", "animal", "M", 7, "community"),  # 11
    injury("2024-02-20", "drowning", "M", 13, "community", group="B"),  # 12
    injury("2024-03-20", "drowning", "F", 14, "community", True),  # 13
    injury("2024-01-25", "electric", "M", 11, "home"),  # 14
    injury("2024-03-05", "other", "F", 15, "school", group="B"),  # 15
    injury("2024-02-14", "fall", "M", 13, "home"),  # 16
    injury("2024-03-25", "cut", "F", 12, None, True),  # 17
    # not in quarter I
    injury("2023-12-31", "fall", "M", 8, "home"),
    injury("2024-04-01", "drowning", "M", 12, "community", True),
    incident("abuse", "A", "2024-02-05", cause="violence", sex="F", age=9),
]
LATE_FALL = injury("2024-03-30", "fall", "M", 5, "home")
JULY = [
    injury("2024-07-01", "traffic", "F", 8, "community"),
    injury("2024-08-20", "fall", "M", 3, "home", True),
]


def children(count: int) -> list[dict]:
    return [child(f"c{i}", "AB"[i % 2], "2015-06-01") for i in range(count)]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("injury_report") / "store"
    return build_store(
        root,
        {
            "2023-12-31": {"children": children(38), "incidents": REGISTER[17:18]},
            "2024-04-15": {"children": children(40), "incidents": REGISTER},
            "2024-06-30": {
                "children": children(42),
                "incidents": [*REGISTER, LATE_FALL],
            },
            "2024-08-20": {
                "children": children(43),
                "incidents": [*REGISTER, LATE_FALL, *JULY],
            },
        },
    )


@pytest.fixture
def db(store):
    return Database(Store.open(store))


# Counted by hand from the table in the docstring. Per row: injured, then
# deaths, each: Tổng số, Nam, Nữ, 0–5, 6–9, 10–13, 14–15, Tại nhà, Trường
# học, Cộng đồng.
EXPECTED = {
    "01": ([4, 3, 1, 2, 1, 1, 0, 3, 1, 0], [0] * 10),  # 1 2 3 16
    "02": ([1, 0, 1, 1, 0, 0, 0, 1, 0, 0], [0] * 10),  # 4
    "03": ([3, 2, 1, 0, 0, 1, 2, 0, 0, 2], [1, 1, 0, 0, 0, 0, 1, 0, 0, 1]),  # 5-7
    "04": ([1, 0, 1, 0, 1, 0, 0, 1, 0, 0], [0] * 10),  # 8
    "05": ([2, 1, 1, 0, 0, 2, 0, 0, 1, 0], [1, 0, 1, 0, 0, 1, 0, 0, 0, 0]),  # 9 17
    "06": ([1, 0, 1, 1, 0, 0, 0, 1, 0, 0], [1, 0, 1, 1, 0, 0, 0, 1, 0, 0]),  # 10
    "07": ([1, 1, 0, 0, 1, 0, 0, 0, 0, 1], [0] * 10),  # 11
    "08": ([2, 1, 1, 0, 0, 1, 1, 0, 0, 2], [1, 0, 1, 0, 0, 0, 1, 0, 0, 1]),  # 12 13
    "09": ([0] * 10, [0] * 10),
    "10": ([1, 1, 0, 0, 0, 1, 0, 1, 0, 0], [0] * 10),  # 14
    "11": ([1, 0, 1, 0, 0, 0, 1, 0, 1, 0], [0] * 10),  # 15
}
EXPECTED_TOTAL = ([17, 9, 8, 4, 3, 6, 4, 7, 3, 5], [4, 1, 3, 1, 0, 1, 2, 1, 0, 2])
UNKNOWN_PLACE = (2, 1)  # injuries 7 and 17; 17 died
CAUSE_LABELS = [
    "Ngã",
    "Bỏng/cháy",
    "Tai nạn giao thông",
    "Ngộ độc",
    "Cắt/đâm",
    "Ngạt thở/hóc nghẹn",
    "Súc vật cắn",
    "Đuối nước",
    "Bom/mìn/vật nổ",
    "Điện giật",
    "Khác",
]
COUNT_COLUMNS = "CDEFGHIJKLMNOPQRSTUV"  # 10 injured, then 10 deaths


# --- which quarter, which snapshot ---------------------------------------------
D = dt.date
DATES = [D(2023, 12, 31), D(2024, 4, 15), D(2024, 6, 30), D(2024, 8, 20)]


@pytest.mark.parametrize(
    ("quarter", "snapshot", "partial"),
    [
        (Quarter(2023, 4), D(2023, 12, 31), False),  # on the last day
        (Quarter(2024, 1), D(2024, 4, 15), False),  # the first after, not 30/06
        (Quarter(2024, 2), D(2024, 6, 30), False),
        (Quarter(2024, 3), D(2024, 8, 20), True),  # only up to 20/08
        (Quarter(2024, 4), None, False),  # nothing yet
        (Quarter(2023, 3), D(2023, 12, 31), False),
    ],
)
def test_the_snapshot_that_speaks_for_a_quarter(quarter, snapshot, partial):
    assert quarter_snapshot(DATES, quarter) == (snapshot, partial)


def test_quarters_offered_newest_first_the_last_complete_one_by_default():
    assert [str(q) for q in quarters_covered(DATES)] == [
        "2024-Q3",
        "2024-Q2",
        "2024-Q1",
        "2023-Q4",
    ]
    assert default_quarter(DATES) == Quarter(2024, 2)  # Q3 is not over
    assert default_quarter([D(2024, 8, 20)]) == Quarter(2024, 3)  # only a part
    assert (Quarter(2024, 1).first_day, Quarter(2024, 1).last_day) == (
        D(2024, 1, 1),
        D(2024, 3, 31),
    )
    assert Quarter(2024, 2).last_day == D(2024, 6, 30)
    assert Quarter.parse("2024-Q3") == Quarter(2024, 3)


# --- the numbers ---------------------------------------------------------------
def test_the_cross_tab_is_the_hand_count(db):
    report = injury_quarter(db, Quarter(2024, 1))
    assert (report.snapshot_date, report.is_partial) == (D(2024, 4, 15), False)
    assert report.children_count == 40
    frame = report.table
    assert list(frame["code"]) == [f"{i:02d}" for i in range(1, 12)] + [None]
    values = frame.drop(columns=["code", "cause"])
    measured = [c for c in values.columns if not c.endswith("_unknown")]
    rows = [*EXPECTED.values(), EXPECTED_TOTAL]
    assert values[measured].values.tolist() == [a + b for a, b in rows]
    assert frame[["injured_unknown", "death_unknown"]].values.tolist()[-1] == list(
        UNKNOWN_PLACE
    )
    assert measured == [
        f"{m}_{c}"
        for m in ("injured", "death")
        for c in ("total", "M", "F", "0-5", "6-9", "10-13", "14-15")
        + ("home", "school", "community")
    ]


def test_a_partial_quarter_counts_up_to_its_snapshot(db):
    report = injury_quarter(db, Quarter(2024, 3))
    assert (report.snapshot_date, report.is_partial) == (D(2024, 8, 20), True)
    assert report.counted_to == D(2024, 8, 20)
    assert report.children_count == 43
    assert (report.total("injured"), report.total("death")) == (2, 1)
    assert injury_quarter(db, Quarter(2024, 4)) is None


def test_cross_tab_lists_every_cause_when_there_is_no_injury(db):
    report = injury_quarter(db, Quarter(2023, 3))  # nothing in Jul–Sep 2023
    assert report.table["cause"].tolist()[:3] == ["fall", "burn", "traffic"]
    assert len(report.table) == 12
    assert report.table.drop(columns=["code", "cause"]).to_numpy().sum() == 0


# --- the workbook, every cell ----------------------------------------------------
def opened(report, simulated=False):
    data = workbook_bytes(injury_workbook(report, "vi", simulated))
    return openpyxl.load_workbook(io.BytesIO(data)).active


def expected_cells() -> dict[str, object]:
    """Every non-empty cell of quarter I's form, written out."""
    cells = {
        "A1": "ỦY BAN NHÂN DÂN THỊ TRẤN THẮNG",
        "N1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "N2": "Độc lập - Tự do - Hạnh phúc",
        "A4": "BÁO CÁO TAI NẠN, THƯƠNG TÍCH TRẺ EM QUÝ I NĂM 2024",
        "A5": "Kỳ báo cáo: từ ngày 01/01/2024 đến ngày 31/03/2024",
        "A6": "Nguồn: sổ vụ việc chốt ngày 15/04/2024.",
        "B8": "1. Tổng số trẻ em mắc tai nạn, thương tích trong kỳ:",
        "I8": 17,
        "J8": "trẻ em",
        "B9": "2. Tổng số trẻ em tử vong do tai nạn, thương tích trong kỳ:",
        "I9": 4,
        "J9": "trẻ em",
        "B10": "3. Tổng số trẻ em trên địa bàn (dưới 16 tuổi):",
        "I10": 40,
        "J10": "trẻ em",
        "A12": "Mã số",
        "B12": "Nguyên nhân",
        "C12": "Số trẻ em mắc tai nạn, thương tích",
        "M12": "Số trẻ em tử vong do tai nạn, thương tích",
        "A26": "Tổng cộng",
        "A27": "Trong đó: không rõ địa điểm xảy ra",
        "C27": UNKNOWN_PLACE[0],
        "M27": UNKNOWN_PLACE[1],
        "A28": (
            "Ghi chú: trẻ em không rõ địa điểm xảy ra được tính vào cột Tổng số, "
            "Giới tính, Nhóm tuổi, không tính vào cột Địa điểm; vì vậy Tại nhà + "
            "Trường học + Cộng đồng + không rõ địa điểm = Tổng số. Mỗi vụ tai nạn, "
            "thương tích được tính một lần."
        ),
        "N30": "Thắng, ngày ..... tháng ..... năm ..........",
        "A31": "NGƯỜI LẬP BIỂU",
        "N31": "KT. CHỦ TỊCH",
        "N32": "PHÓ CHỦ TỊCH",
        "A32": "(Ký, ghi rõ họ tên)",
        "N33": "(Ký, ghi rõ họ tên, đóng dấu)",
    }
    for first in ("C", "M"):
        cols = [chr(ord(first) + i) for i in range(10)]
        cells[f"{cols[0]}13"] = "Tổng số"
        cells[f"{cols[1]}13"] = "Giới tính"
        cells[f"{cols[3]}13"] = "Nhóm tuổi"
        cells[f"{cols[7]}13"] = "Địa điểm"
        labels = ["Nam", "Nữ", "0–5", "6–9", "10–13", "14–15"]
        labels += ["Tại nhà", "Trường học", "Cộng đồng"]
        for col, label in zip(cols[1:], labels, strict=True):
            cells[f"{col}14"] = label
    for row, (code, label) in enumerate(zip(EXPECTED, CAUSE_LABELS, strict=True), 15):
        cells[f"A{row}"] = code
        cells[f"B{row}"] = label
    for row, (injured, deaths) in enumerate([*EXPECTED.values(), EXPECTED_TOTAL], 15):
        for col, value in zip(COUNT_COLUMNS, injured + deaths, strict=True):
            cells[f"{col}{row}"] = value
    return cells


def test_every_cell_of_the_form_is_the_hand_count(db):
    ws = opened(injury_quarter(db, Quarter(2024, 1)))
    written = {
        c.coordinate: c.value
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }
    assert written == expected_cells()
    # numbers are number cells, codes text ('01', not 1)
    assert all(
        ws[f"{c}{r}"].data_type == "n" for c in COUNT_COLUMNS for r in range(15, 27)
    )
    assert ws["A15"].data_type == "s"
    # the rows and columns add up (a second check on the hand count)
    for r in range(15, 27):
        injured = [ws[f"{c}{r}"].value for c in COUNT_COLUMNS[:10]]
        assert injured[0] == injured[1] + injured[2] == sum(injured[3:7])
    assert ws["J26"].value + ws["K26"].value + ws["L26"].value + ws["C27"].value == (
        ws["C26"].value
    )


def test_the_forms_headings_are_merged_as_the_template(db):
    ws = opened(injury_quarter(db, Quarter(2024, 1)))
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {
        "A12:A14",  # Mã số
        "B12:B14",  # Nguyên nhân
        "C12:L12",  # Số trẻ em mắc
        "M12:V12",  # Số trẻ em tử vong
        "C13:C14",  # Tổng số
        "D13:E13",  # Giới tính
        "F13:I13",  # Nhóm tuổi
        "J13:L13",  # Địa điểm
        "M13:M14",
        "N13:O13",
        "P13:S13",
        "T13:V13",
        "A26:B26",  # Tổng cộng
        "A4:V4",  # the title
        "A5:V5",  # the period
    } <= merged
    # A4 landscape, one page wide, the headings on every page
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$12:$14"


def test_a_simulated_store_and_a_partial_quarter_say_so(db):
    ws = opened(injury_quarter(db, Quarter(2024, 1)), simulated=True)
    assert ws["A3"].value == "SỐ LIỆU MÔ PHỎNG, không dùng để báo cáo"
    assert ws["A7"].value is None
    ws = opened(injury_quarter(db, Quarter(2024, 3)))
    assert ws["A3"].value is None
    assert ws["A5"].value == "Kỳ báo cáo: từ ngày 01/07/2024 đến ngày 30/09/2024"
    assert ws["A7"].value == "Quý chưa kết thúc: số liệu tạm tính đến ngày 20/08/2024."
    # 01/07 traffic F 8 community; 20/08 fall M 3 home, died
    assert [ws[f"{c}15"].value for c in COUNT_COLUMNS] == [
        *[1, 1, 0, 1, 0, 0, 0, 1, 0, 0],
        *[1, 1, 0, 1, 0, 0, 0, 1, 0, 0],
    ]
    assert [ws[f"{c}17"].value for c in COUNT_COLUMNS[:10]] == [
        *[1, 0, 1, 0, 1, 0, 0, 0, 0, 1]
    ]
    assert (ws["I8"].value, ws["I9"].value, ws["I10"].value) == (2, 1, 43)
    # the same form in English (the page always sends the Vietnamese one)
    english = injury_workbook(injury_quarter(db, Quarter(2024, 1)), "en").active
    assert (english["A4"].value, english["B15"].value, english["I8"].value) == (
        "REPORT ON CHILD INJURIES, QUARTER I, 2024",
        "Fall",
        17,
    )


# --- the page: officers only, the download audited ------------------------------
def test_the_read_refuses_every_role_but_an_officer(store):
    for role in ("leader", None, "nobody"):
        with pytest.raises(PermissionError):
            reads.injury_quarter(str(store), ("fp",), Quarter(2024, 1), role)


def test_the_officer_gets_the_quarters_form_and_the_press_is_audited(
    store, tmp_path, monkeypatch
):
    log = tmp_path / "audit.jsonl"
    with thread_local_runtime():
        at = open_dashboard(
            monkeypatch,
            tmp_path,
            store,
            page="pages/injuries.py",
            user=sign_up(tmp_path, OFFICER),
        )
        picker = at.selectbox(key="injury_quarter")
        assert picker.value == "2024-Q2"  # the last complete quarter
        assert picker.options == [
            "Quý III năm 2024",
            "Quý II năm 2024",
            "Quý I năm 2024",
            "Quý IV năm 2023",
        ]
        drawn = audit.read_events(log)
        picker.set_value("2024-Q1").run()
        assert not at.exception
        data = download_bytes(at, "download_injury_report")
        first_caption = [c.value for c in at.caption]
        picker.set_value("2024-Q3").run()  # the last snapshot is of 20/08
        partial = [w.value for w in at.warning]
    assert t("iq_title") in [h.value for h in at.header]
    assert BADGE in [m.value for m in at.markdown]
    assert (
        t("iq_source", date="15/04/2024", date_from="01/01/2024", date_to="31/03/2024")
        in first_caption
    )
    assert t("iq_partial", date="20/08/2024") in partial
    assert "view_sensitive_detail" not in [e["what"] for e in drawn]
    assert not [e for e in drawn if e["event"] == "download"]  # drawn, not pressed
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert (ws["I8"].value, ws["I9"].value, ws["I10"].value) == (17, 4, 40)
    # grouped thousands as Excel shows them (4.808 in Vietnamese)
    assert {ws[c].number_format for c in ("I8", "I9", "I10")} == {"#,##0"}
    assert ws["A3"].value is None  # not a simulated store
    # one press, one line (the reruns log the other officers' blocks drawn)
    (entry,) = [e for e in audit.read_events(log) if e["event"] == "download"]
    assert {k: entry[k] for k in ("event", "user", "role", "what")} == {
        "event": "download",
        "user": "hoa",
        "role": "officer",
        "what": "injury_report_2024_q1",
    }


def test_a_leader_is_sent_no_quarterly_report(store, tmp_path, monkeypatch):
    with thread_local_runtime():
        at = open_dashboard(
            monkeypatch,
            tmp_path,
            store,
            page="pages/injuries.py",
            user=sign_up(tmp_path, LEADER),
        )
        keys = [b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")]
    assert "download_injury_breakdown" in keys  # on the page, logged in
    assert "download_injury_report" not in keys
    assert "injury_quarter" not in [s.key for s in at.selectbox]
    assert t("iq_title") not in [h.value for h in at.header]
    assert BADGE not in [m.value for m in at.markdown]
    assert t("iq_download") not in str(at.get("download_button"))
