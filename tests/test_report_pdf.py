"""The printed report ("Tải báo cáo PDF"), printed by the real Chromium and
read back with poppler (pdfinfo, pdftotext, pdftoppm), against numbers
worked out by hand.

The town is tests/test_pages_by_hand.py's (three groups, four snapshots;
its docstring has the arithmetic). Two PDFs are printed once for the
module, each by pressing the overview's button as the server would:
- the demo OFFICER, whole town: an officer still gets the meeting view,
  never the officers' detail;
- a LEADER with the group filter on Tân Lập.
Whether a sensitive case's group or month shows is tested on the report's
HTML (every chart's data is in it) over tests/disclosure_towns.py.
"""

from __future__ import annotations

import collections
import concurrent.futures
import datetime as dt
import json
import re
import subprocess
import threading
import time

import pytest

from childplan.access.auth import UserFile
from childplan.app import report
from childplan.decisions.store import DecisionStore
from childplan.indicators.plan import plan_for_year
from childplan.present import exports, pdf
from childplan.present.filters import Filters
from childplan.present.i18n import t
from childplan.present.report_html import report_html
from tests.apptest_tools import download_bytes, open_dashboard, thread_local_runtime
from tests.conftest import _clear_loaded_caches
from tests.disclosure_towns import GROUPS, build_town
from tests.snapshot_builder import build_store
from tests.test_pages_by_hand import CHILDREN, LEADER, TAN_LAP, snapshot

pytestmark = pytest.mark.browser

KEY = "download_report_pdf"
AUTHORITY = "Ủy ban nhân dân thị trấn Thắng"
PLAN_TITLE = "Kế hoạch thực hiện công tác trẻ em năm 2024 — Thị trấn Thắng"
DECISION = "Rà soát lại danh sách trẻ em có hoàn cảnh đặc biệt <b>trước</b> quý IV"


def poppler(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def printed(tmp_path_factory, chromium):
    """{"officer": ..., "leader": ...}: each PDF's bytes, its text
    (pdftotext -layout), its words on one line (pdftotext, whitespace
    collapsed), pdfinfo, and the PNG pages (pdftoppm -r 50)."""
    root = tmp_path_factory.mktemp("report")
    store = build_store(
        root / "store", {day: snapshot(day) for day in CHILDREN}, simulated=True
    )
    out = {}
    _clear_loaded_caches()
    with pytest.MonkeyPatch.context() as mp, thread_local_runtime():
        mp.setenv("CHILDPLAN_DECISIONS", str(root / "decisions.sqlite"))
        DecisionStore().add(
            target_id="hcdb_share",
            plan_year=2024,
            meeting_date=dt.date(2024, 10, 15),
            text=DECISION,
            responsible="Bà Lan, Phó Chủ tịch",
            due_date=dt.date(2024, 12, 31),
            user="lan",
        )
        at = open_dashboard(mp, root, store)  # the demo officer
        out["officer"] = download_bytes(at, KEY)
        UserFile(root / "users.json").add(LEADER["username"], "leader", "mat-khau-dai")
        at = open_dashboard(mp, root, store, query={"groups": [TAN_LAP]}, user=LEADER)
        out["leader"] = download_bytes(at, KEY)
        out["audit"] = [
            json.loads(x)
            for x in (root / "audit.jsonl").read_text(encoding="utf-8").splitlines()
        ]
    _clear_loaded_caches()
    for who in ("officer", "leader"):
        path = root / f"{who}.pdf"
        path.write_bytes(out[who])
        (root / who).mkdir()
        poppler("pdftoppm", "-r", "50", "-png", str(path), str(root / who / "p"))
        out[who] = {
            "bytes": out[who],
            "text": poppler("pdftotext", "-layout", str(path), "-"),
            "words": " ".join(poppler("pdftotext", str(path), "-").split()),
            "info": poppler("pdfinfo", str(path)),
            "pngs": sorted((root / who).glob("p-*.png")),
        }
    return out


def pages(info: str) -> int:
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))


def test_the_pdf_is_a4_landscape_with_numbered_pages(printed):
    for who in ("officer", "leader"):
        doc = printed[who]
        assert doc["bytes"].startswith(b"%PDF-")
        # A4 is 210 x 297 mm = 595,3 x 841,9 pt; landscape: wider than high
        size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", doc["info"], re.M)
        width, height = float(size.group(1)), float(size.group(2))
        assert abs(width - 841.9) < 2 and abs(height - 595.3) < 2
        count = pages(doc["info"])
        # title + scorecard (2), grid (1), 8 sections of 18 targets, at one
        # or two targets a page, and the injury breakdown
        assert 12 <= count <= 26, count
        assert len(doc["pngs"]) == count
        for n in range(1, count + 1):
            assert f"Trang {n}/{count}" in doc["text"]
        assert f"Trang {count + 1}/" not in doc["text"]


def test_the_title_block_says_who_what_when_and_that_the_data_are_simulated(
    printed,
):
    text = printed["officer"]["text"]
    first = text.split("\f")[0]
    assert first.lstrip().startswith(AUTHORITY)  # diacritics intact
    assert "Báo cáo kết quả thực hiện các chỉ tiêu năm 2024" in first
    assert PLAN_TITLE in first
    today = dt.date.today().strftime("%d/%m/%Y")
    assert (
        f"Kỳ chốt số liệu: 31/12/2024 · Phạm vi: Toàn thị trấn · Ngày in: {today}"
    ) in first
    assert "Số liệu mô phỏng — không phải số liệu thật của thị trấn." in first
    # the overview's summary line (tests/test_pages_by_hand.py): 2 of 6
    assert (
        "Đạt 2/6 chỉ tiêu được giao số cụ thể và có số liệu; 11 chỉ tiêu "
        "chưa đủ số liệu để đánh giá; 1 chỉ tiêu không giao số cụ thể (theo "
        "dõi)"
    ) in printed["officer"]["words"]
    leader = printed["leader"]["text"].split("\f")[0]
    assert f"Phạm vi: Tổ dân phố: {TAN_LAP} · Ngày in: {today}" in leader


def test_every_target_of_the_plan_is_in_the_report(printed):
    for who in ("officer", "leader"):
        words = printed[who]["words"]
        for target in plan_for_year(2024).targets:
            # its heading, then its year line
            assert f"{target.name_vi} Năm 2024: " in words, target.id


def test_the_values_are_the_ones_worked_out_by_hand(printed):
    words = printed["officer"]["words"]
    # children_consulted: 27 of 120 = 22,5%, Wilson 15,9-30,8; 22,5 >= 20
    assert "Năm 2024: 22,5% (15,9–30,8) · Đạt · Mục tiêu từ 20% trở lên" in words
    # hcdb_share: 3 of 120 = 2,5%, Wilson 0,9-7,1; 2,5 is not < 2; 3 < 20
    assert (
        "Năm 2024: 2,5% (0,9–7,1) · Chưa đạt · Mục tiêu dưới 2% · số trường "
        "hợp ít (dưới 20), số liệu có thể biến động lớn"
    ) in words
    # injury_death_rate: 8 per 120 = 66,666...‰, exact Poisson 28,8-131,4
    assert "Năm 2024: 66,7‰ (28,8–131,4) · Chưa đạt · Mục tiêu dưới 2‰" in words
    # the scorecard row: 22,5 - 10,0 (10 of 100 in 2023) = +12,5 points
    assert "↑ +12,5 điểm phần trăm so với năm 2023 · tốt hơn" in words
    # Tân Lập alone: 11 of 56 children consulted = 19,642...%, Wilson
    # 11,3-31,8, not >= 20; hcdb 1 of 56 = 1,785...%, Wilson 0,3-9,4
    leader = printed["leader"]["words"]
    assert "Năm 2024: 19,6% (11,3–31,8) · Chưa đạt" in leader
    assert "Năm 2024: 1,8% (0,3–9,4) · Đạt" in leader
    # injury_rate by group, as the section page's table (too few cases for
    # a funnel), worst first: Tân Lập 6 deaths + 4 other injuries = 10 per
    # 56 = 178,57...‰; An Bình 2 + 3 = 5 per 40 = 125‰; Hòa Sơn 2 per 24
    # = 83,33...‰ (its 2023 fall is outside the 12 months); all >= 3‰
    assert (
        "Tổ dân phố Giá trị Tử số / mẫu số Đánh giá Tân Lập 178,6‰ 10 / 56 "
        "Chưa đạt An Bình 125,0‰ 5 / 40 Chưa đạt Hòa Sơn 83,3‰ 2 / 24 Chưa đạt"
    ) in words


def test_the_decision_noted_on_a_target_is_printed_as_written(printed):
    words = printed["officer"]["words"]
    assert (
        f"Kết luận, chỉ đạo 15/10/2024 · {DECISION} · Phụ trách: Bà Lan, Phó "
        "Chủ tịch · Hạn: 31/12/2024 · Đang thực hiện"
    ) in words


def test_no_widget_and_no_officer_detail_in_either_report(printed):
    widget_words = [
        t("filters"),  # Bộ lọc
        t("groups") + "\n",  # the filter's label alone on a line
        t("year"),  # Năm kế hoạch
        t("period"),  # Thời gian xem xu hướng
        t("logout"),  # Đăng xuất
        t("language"),  # Ngôn ngữ
        t("download"),  # Tải CSV
        t("report_download"),  # Tải báo cáo PDF
        t("grid_pick"),  # Xem tổ:
        t("decision_add"),  # Ghi kết luận
        "Xem chi tiết tại",
        t("officer_only_title"),
    ]
    for who in ("officer", "leader"):
        text = printed[who]["text"]
        for word in widget_words:
            assert word not in text, (who, word)


def test_a_sensitive_target_is_the_towns_yearly_figure_only(printed):
    """Deaths by group (An Bình 2 per 40 = 50,0‰, Tân Lập 6 per 56 =
    107,1‰) and by snapshot (to 30/06/2024: 4 per 100 = 40,0‰) are in
    neither report, whoever printed it; under the Tân Lập filter the year
    line is the town's 8 per 120."""
    for who in ("officer", "leader"):
        text = printed[who]["bytes"].decode("latin-1") + printed[who]["text"]
        for value in ("107,1", "50,0‰", "40,0‰"):
            assert value not in text, (who, value)
    leader = printed["leader"]["words"]
    assert "Năm 2024: 66,7‰ (28,8–131,4) · Chưa đạt · Mục tiêu dưới 2‰" in leader
    assert (
        "Chỉ tiêu nhạy cảm: số liệu toàn thị trấn, không áp dụng bộ lọc tổ dân phố."
        in leader
    )


def test_the_press_is_audited_like_every_download(printed):
    records = [r for r in printed["audit"] if r.get("what") == report.WHAT]
    assert [(r["event"], r["user"], r["filters"]["groups"]) for r in records] == [
        ("download", "canbo", []),
        ("download", "lan", [TAN_LAP]),
    ]


# --- the disclosure rule, on the report's own HTML --------------------------------
@pytest.fixture(scope="module")
def towns(tmp_path_factory):
    root = tmp_path_factory.mktemp("towns")
    return {
        "base": build_town(root / "base"),
        "moved": build_town(root / "moved", moved=True),
        "no_hiv_2024": build_town(root / "no_hiv", hiv_2024=False),
    }


def html_of(store, groups, monkeypatch, tmp_path) -> str:
    monkeypatch.setenv("CHILDPLAN_DECISIONS", str(tmp_path / "decisions.sqlite"))
    _clear_loaded_caches()
    view = report.view_of(store, 2024, groups)
    # the whole page: its words and every chart's data (plotly's JSON)
    return report_html(report.gather(view, printed_on=dt.date(2025, 1, 15)))


@pytest.mark.parametrize("groups", [(), (GROUPS[2],)])
def test_where_and_when_a_sensitive_case_happened_does_not_show(
    towns, groups, monkeypatch, tmp_path
):
    base = html_of(towns["base"], groups, monkeypatch, tmp_path)
    moved = html_of(towns["moved"], groups, monkeypatch, tmp_path)
    assert base == moved
    without = html_of(towns["no_hiv_2024"], groups, monkeypatch, tmp_path)
    assert base != without  # the 2024 infection itself does show


# --- the button -----------------------------------------------------------------
def test_the_file_is_named_in_vietnamese_words():
    assert (
        exports.report_file_name(Filters(year=2024))
        == "bao-cao-ke-hoach-tre-em_2024_toan-thi-tran.pdf"
    )
    assert (
        exports.report_file_name(Filters(groups=("Đức Thịnh", "Hòa Sơn"), year=2024))
        == "bao-cao-ke-hoach-tre-em_2024_duc-thinh_hoa-son.pdf"
    )


def test_without_chromium_the_button_says_what_the_server_lacks(tmp_path, monkeypatch):
    store = build_store(
        tmp_path / "store", {"2024-12-31": snapshot("2024-12-31")}, simulated=True
    )
    monkeypatch.setenv(pdf.CHROMIUM_ENV, str(tmp_path / "no-chromium"))
    at = open_dashboard(monkeypatch, tmp_path, store)
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(KEY))
    assert button.proto.disabled
    assert t("report_no_chromium") in [c.value for c in at.caption]
    with pytest.raises(pdf.PdfUnavailable, match="chromium"):
        pdf.html_to_pdf("<p>x</p>", "<span></span>")


def test_an_english_report_reads_the_funnel_in_english(tmp_path, monkeypatch):
    """hcdb_share's funnel of the three groups (1 of 24, 1 of 40, 1 of 56
    against < 2%: all inside the 95% limits) is read out in English."""
    store = build_store(
        tmp_path / "store", {day: snapshot(day) for day in CHILDREN}, simulated=True
    )
    monkeypatch.setenv("CHILDPLAN_DECISIONS", str(tmp_path / "decisions.sqlite"))
    _clear_loaded_caches()
    view = report.view_of(store, 2024, lang="en")
    html = report_html(report.gather(view, printed_on=dt.date(2025, 1, 15)))
    assert "Every group lies inside the 95% limits" in html
    assert "Mọi tổ đều trong giới hạn 95%" not in html
    assert "People&#x27;s Committee of Thị trấn Thắng" in html
    assert "Report on the targets for 2024" in html


def test_the_same_page_printed_again_is_the_file_already_made(chromium, monkeypatch):
    page = f"<p>{AUTHORITY}</p>"
    first = pdf.html_to_pdf(page, "<span></span>")
    assert first.startswith(b"%PDF-")
    # no Chromium now: the same page is the file kept, another one fails
    monkeypatch.setenv(pdf.CHROMIUM_ENV, "/nonexistent/chromium")
    assert pdf.html_to_pdf(page, "<span></span>") == first
    with pytest.raises(pdf.PdfUnavailable):
        pdf.html_to_pdf(page + "<p>2</p>", "<span></span>")


def test_presses_at_once_queue_for_one_printer_and_share_a_page(monkeypatch):
    """Eight presses at once (four pages, each pressed twice): one Chromium
    at a time, and a page printed once however many wait for it. The
    printer itself is replaced by a slow stand-in that notes how many run
    together; the real one is tested above."""
    running, most, printed = 0, 0, []
    lock = threading.Lock()

    def slow_print(html: str, footer: str) -> bytes:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
            printed.append(html)
        return b"%PDF-" + html.encode()

    monkeypatch.setattr(pdf, "_print", slow_print)
    monkeypatch.setattr(pdf, "_PRINTED", collections.OrderedDict())
    pages = [f"<p>trang {i} {time.time_ns()}</p>" for i in range(4)] * 2
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        files = list(pool.map(lambda p: pdf.html_to_pdf(p, "<span></span>"), pages))
    assert files == [b"%PDF-" + p.encode() for p in pages]
    assert most == pdf.PRINTERS == 1
    assert sorted(printed) == sorted(set(pages))  # each page printed once
