"""Presentation mode in a real browser at 1920×1080 (issue 12): a leader
opens "Trình chiếu" from the navigation and moves through every slide with
the keyboard, as a clicker does (→ PageDown ← PageUp Home End); each slide
is read back -- counter, footer, value, sentence -- and measured (the
value's and the chart text's computed font sizes), with no sidebar or
header on screen, and photographed under tests/artifacts/presentation/
(at 1280×720 too, for two slides) for a person to look at.

The town is tests/test_pages_by_hand.py's, whose numbers are worked out by
hand there; the sentences expected here are literals with their sums.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from childplan.access.auth import UserFile
from childplan.decisions.store import DECISIONS_ENV, DecisionStore
from childplan.indicators.plan import plan_for_year
from tests.browser_tools import RUN_FINISHED, WAIT_MS, dashboard, log_in
from tests.snapshot_builder import build_store
from tests.test_pages_by_hand import CHILDREN, snapshot

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent / "artifacts" / "presentation"
PASSWORD = "mat-khau-lanh-dao"
PLAN = plan_for_year(2024)
SLIDES = 2 + len(PLAN.targets)  # the scorecard, the groups grid, 18 targets
FOOTER = "Số liệu chốt ngày 31/12/2024 · Toàn thị trấn · Số liệu mô phỏng"
# The hand-built town's numbers (tests/test_pages_by_hand.py's docstring).
EXPECTED = {
    # 27 of 120 = 22,5% >= 20%; 2023: 10 of 100; +12,5 points on 37 events
    "children_consulted": (
        "22,5%",
        "Tỷ lệ trẻ em từ 7 tuổi trở lên được hỏi ý kiến năm 2024 là 22,5%, "
        "đạt mục tiêu từ 20% trở lên; tăng 12,5 điểm phần trăm so với năm 2023.",
    ),
    # 3 of 120 = 2,5%, not under 2%; 3 + 3 = 6 events: too few to compare
    "hcdb_share": (
        "2,5%",
        "Tỷ lệ trẻ em có hoàn cảnh đặc biệt năm 2024 là 2,5%, chưa đạt mục "
        "tiêu dưới 2%; chỉ có 6 trường hợp trong hai năm, chưa đủ để so sánh "
        "với năm 2023.",
    ),
    # sensitive, the town's year: 8 per 120 = 66,666...‰; 8 + 1 deaths
    "injury_death_rate": (
        "66,7‰",
        "Tỷ suất trẻ em tử vong do tai nạn, thương tích năm 2024 là 66,7‰, "
        "chưa đạt mục tiêu dưới 2‰; chỉ có 9 trường hợp trong hai năm, chưa "
        "đủ để so sánh với năm 2023.",
    ),
}
DECK_READY = """() => {
  const f = document.querySelector('iframe[data-testid="stIFrame"]');
  const b = f && f.contentDocument && f.contentDocument.body;
  return b && b.dataset.readyAt ? true : false;
}"""
# What the slide on screen shows, as a reader and a ruler get it.
ON_SCREEN = """() => {
  const s = document.querySelector('.slide.on');
  const value = s.querySelector('.value');
  const texts = [...s.querySelectorAll('.chart svg text')]
    .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0);
  const target = s.querySelector('.slide-body.target');
  return {
    n: document.body.dataset.slide,
    counter: document.getElementById('counter').innerText,
    foot: s.querySelector('.foot').innerText,
    target: target ? target.dataset.target : null,
    value: value ? value.innerText : null,
    value_px: value ? parseFloat(getComputedStyle(value).fontSize) : null,
    reading: s.querySelector('.reading') ? s.querySelector('.reading').innerText : null,
    chart_px: texts.map((t) => parseFloat(getComputedStyle(t).fontSize)),
    decisions: [...s.querySelectorAll('.decisions li')].map((x) => x.innerText),
    visible: [...document.querySelectorAll('.slide')]
      .filter((x) => getComputedStyle(x).visibility === 'visible').length,
  };
}"""


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("presentation")
    store = build_store(
        tmp / "store", {day: snapshot(day) for day in CHILDREN}, simulated=True
    )
    UserFile(tmp / "users.json").add("chutich", "leader", PASSWORD)
    DecisionStore(tmp / "decisions.sqlite").add(
        target_id="hcdb_share",
        plan_year=2024,
        meeting_date=dt.date(2024, 9, 10),
        text="Rà soát lại danh sách trẻ em có hoàn cảnh đặc biệt",
        responsible="Tổ dân phố Tân Lập",
        user="chutich",
    )
    env = {DECISIONS_ENV: str(tmp / "decisions.sqlite")}
    with dashboard(tmp, data=store, **env) as url:
        yield url


def open_deck(browser, server: str, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(server)
    log_in(page, "chutich", PASSWORD)
    page.wait_for_function(RUN_FINISHED, timeout=WAIT_MS)
    page.get_by_test_id("stSidebarNavItems").get_by_role(
        "link", name="Trình chiếu"
    ).click()
    page.wait_for_function(DECK_READY, timeout=WAIT_MS, polling=100)
    return page, page.main_frame.child_frames[0]


def wait_drawn(frame, n: int) -> dict:
    frame.wait_for_function(
        f"() => document.body.dataset.drawn === '{n}'", timeout=WAIT_MS
    )
    frame.wait_for_timeout(300)  # Plotly's text settles after the draw
    return frame.evaluate(ON_SCREEN)


def test_a_leader_moves_through_every_slide_with_the_keyboard(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, frame = open_deck(browser, server, 1920, 1080)
    # full screen: no sidebar, header or toolbar; the deck fills the window
    for chrome in ("stSidebar", "stHeader", "stToolbar"):
        assert not page.get_by_test_id(chrome).is_visible(), chrome
    box = page.locator("iframe[data-testid='stIFrame']").bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 1920, 1080)
    assert page.get_by_role("link", name="Về trang tổng quan").is_visible()

    seen = {}
    for n in range(1, SLIDES + 1):
        shown = wait_drawn(frame, n)
        assert shown["n"] == str(n) and shown["visible"] == 1
        assert shown["counter"] == f"Trang {n}/{SLIDES}"
        assert shown["foot"] == FOOTER
        page.screenshot(path=SHOTS / f"slide{n:02d}_1920x1080.png")
        if shown["target"]:
            seen[shown["target"]] = shown
            assert shown["value_px"] >= 60, shown
            assert shown["chart_px"] == [] or min(shown["chart_px"]) >= 20, shown
        # the dashboard's page holds the keys first, then the slide itself
        # (clicked once): a clicker works either way
        if n == 5:
            frame.locator(".slide.on h1").click()
        page.keyboard.press("ArrowRight" if n % 2 else "PageDown")
    # every target had its slide, in plan (section) order
    in_order = sorted(PLAN.targets, key=lambda x: x.section_no)
    assert list(seen) == [x.id for x in in_order]
    for target_id, (value, sentence) in EXPECTED.items():
        assert (seen[target_id]["value"], seen[target_id]["reading"]) == (
            value,
            sentence,
        )
    # a chart was drawn and measured on the slides with values
    assert seen["children_consulted"]["chart_px"]
    assert seen["hcdb_share"]["decisions"] == [
        "10/09/2024: Rà soát lại danh sách trẻ em có hoàn cảnh đặc biệt — Phụ "
        "trách: Tổ dân phố Tân Lập · Đang thực hiện"
    ]
    # past the last slide it stays; PageUp, Home and End
    assert frame.evaluate("document.body.dataset.slide") == str(SLIDES)
    page.keyboard.press("PageUp")
    assert frame.evaluate("document.body.dataset.slide") == str(SLIDES - 1)
    page.keyboard.press("Home")
    assert frame.evaluate("document.body.dataset.slide") == "1"
    page.keyboard.press("End")
    assert frame.evaluate("document.body.dataset.slide") == str(SLIDES)
    # auto-advance is off until asked for
    assert frame.evaluate("document.body.dataset.auto") == "off"
    page.keyboard.press("a")
    assert frame.evaluate("document.body.dataset.auto") == "on"
    assert page.locator(".stException").count() == 0
    # back to the dashboard, its sidebar again
    page.get_by_role("link", name="Về trang tổng quan").click()
    page.get_by_role("heading", level=1, name="Các chỉ tiêu năm 2024").wait_for(
        timeout=WAIT_MS
    )
    assert page.get_by_test_id("stSidebar").is_visible()
    page.close()


def test_a_smaller_screen_shows_the_same_slides_smaller(server, browser):
    page, frame = open_deck(browser, server, 1280, 720)
    shown = wait_drawn(frame, 1)
    page.screenshot(path=SHOTS / "slide01_1280x720.png")
    page.keyboard.press("ArrowRight")
    wait_drawn(frame, 2)
    page.screenshot(path=SHOTS / "slide02_1280x720.png")
    page.keyboard.press("ArrowRight")
    shown = wait_drawn(frame, 3)
    page.screenshot(path=SHOTS / "slide03_1280x720.png")
    # rem of the viewport: 1280/120 = 10,67 px a rem, the value 4,5 rem
    assert round(shown["value_px"]) == 48
    assert shown["counter"] == f"Trang 3/{SLIDES}"
    page.close()
