"""Every page in a real browser, in both languages, at 1280x720 and
1920x1080 (issue 11, items 8 and 9): no word of the other language, no text
cut, every row shown; a screenshot of each under tests/artifacts/screenshots/
(ignored by git) for a person to look at.

The words are read as a reader (and a screen reader) gets them: the page's
visible text (document.body.innerText) plus the title and aria-label of
every visible element, and the browser tab's title. In Vietnamese none of
Streamlit's own English may show (its main menu, the multiselect's bulk
action and empty list, the table toolbar); in English no Vietnamese word
of the interface -- the names of residential groups and of the town are
data and may stay, so they are taken out before looking for Vietnamese
letters.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import urlencode

import pytest

from childplan.app import routes
from childplan.indicators import targets as indicators
from childplan.present.charts import short_names
from childplan.present.i18n import LANG_NAMES, t
from childplan.store import db as dbmodule
from tests import browser_tools
from tests.browser_tools import RUN_FINISHED, WAIT_MS, dashboard

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
SHOTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"
SAMPLE = ROOT / "sample_data"
SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}

# Streamlit's own English that must not reach a Vietnamese reader.
ENGLISH = (
    "Select all",
    "No results",
    "Download",
    "Search",
    "Fullscreen",
    "Print",
    "Record",
    "Made with",
    "Show/hide",
    "Clear all",
    "Remove",
    "Running",
)
# Vietnamese letters English never has (tone marks and đ, ơ, ư, ...): any
# left once the data's names are taken out is an untranslated word.
VIETNAMESE_LETTER = re.compile("[đĐăĂâÂêÊôÔơƠưƯ\u0300\u0301\u0303\u0309\u0323]")
# The town's name and each language's own name are proper names.
PROPER_NAMES = ("Thị trấn Thắng", *LANG_NAMES.values())

# No element still loading (a table's code arrives on its first use) and
# none left over from the run before (Streamlit marks them data-stale).
NOTHING_LOADING = (
    '!document.querySelector(\'[data-testid="stSkeleton"], [data-stale="true"]\')'
)
# Everything a reader gets from the page, as one text: the visible text, and
# the title and aria-label of every visible element.
READ_PAGE = """() => {
  // a Material icon is a word drawn as a glyph ("download"): not read
  const icons = [...document.querySelectorAll('[data-testid="stIconMaterial"]')];
  const words = icons.map((el) => el.textContent);
  icons.forEach((el) => { el.textContent = ''; });
  const seen = [document.body.innerText];
  icons.forEach((el, i) => { el.textContent = words[i]; });
  for (const el of document.querySelectorAll('[title], [aria-label]')) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden')
      continue;
    for (const a of ['title', 'aria-label'])
      if (el.hasAttribute(a)) seen.push(el.getAttribute(a));
  }
  return seen.join('\\n');
}"""
# Text cut by its box: tile labels, values and changes, table headings and
# cells (the chosen groups' tags: test_group_tags_show_whole_names) -- each
# element whose content is wider than the box it may show (scrollWidth >
# clientWidth) while the box hides the rest (overflow not visible).
CUT_TEXT = """(SELECTOR) => {
  const cut = [];
  const parts = document.querySelectorAll(SELECTOR ||
    '[data-testid="stMetric"] *, [data-testid="stTable"] th,' +
    ' [data-testid="stTable"] td,' +
    ' [data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"],' +
    ' [data-testid="stPageLink"] *'
  );
  for (const el of parts) {
    if (!el.textContent.trim() || el.clientWidth === 0) continue;
    const style = getComputedStyle(el);
    const hides = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
    if (hides && el.scrollWidth > el.clientWidth + 1)
      cut.push(el.textContent.trim().slice(0, 80));
  }
  return [...new Set(cut)];
}"""


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    with dashboard(tmp_path_factory.mktemp("screens"), data=SAMPLE) as url:
        yield url


@pytest.fixture(scope="module")
def group_names():
    return indicators.residential_groups(dbmodule.get_database(SAMPLE))


def data_names(groups: list[str]) -> list[str]:
    """The groups' names as the pages show them: whole, and short (charts
    and tables leave out the common 'Tổ dân phố')."""
    return [*groups, *short_names(groups)]


def pages(lang: str) -> list[tuple[str, str, str]]:
    """(file stem, navigation link, page heading) of every page."""
    year = indicators.years(dbmodule.get_database(SAMPLE))[-1]
    sections = [
        (Path(path).stem, t(f"nav_{no}", lang), t(f"nav_{no}", lang))
        for no, path in routes.SECTION_PAGES.items()
    ]
    return [
        ("overview", t("page_overview", lang), t("overview_title", lang, year=year)),
        *sections,
        ("data_quality", t("page_quality", lang), t("quality_title", lang)),
    ]


def log_in(page, url: str, lang: str, groups=()) -> None:
    """Log in with the demo account at a link choosing `groups`, then
    switch to `lang` as a reader does, with the language switch (the link
    then says ?lang=English)."""
    page.goto(f"{url}/?{urlencode([('groups', g) for g in groups])}")
    browser_tools.log_in(page)
    if lang != "vi":
        page.get_by_test_id("stButtonGroup").get_by_role(
            "radio", name=LANG_NAMES[lang]
        ).click()
        page.get_by_role("button", name=t("logout", lang)).wait_for(timeout=WAIT_MS)


def settle(page, heading: str) -> None:
    """Until the page is drawn: its heading, the run finished, nothing
    loading or left over from the page before, charts drawn."""
    page.get_by_role("heading", level=1, name=heading).wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(500)  # the run the click asked for has begun
    page.wait_for_function(RUN_FINISHED, timeout=WAIT_MS)
    page.wait_for_function(NOTHING_LOADING, timeout=WAIT_MS)
    page.wait_for_timeout(1200)  # Plotly draws after the run ends


def without_names(text: str, names) -> str:
    """The page's text with the data's names taken out (longest first)."""
    text = unicodedata.normalize("NFC", text)
    for name in sorted([*names, *PROPER_NAMES], key=len, reverse=True):
        text = text.replace(unicodedata.normalize("NFC", name), " ")
    return text


def vietnamese_words(text: str) -> list[str]:
    """The words of `text` with a Vietnamese letter in them."""
    decomposed = unicodedata.normalize("NFD", text)
    return sorted(
        {
            unicodedata.normalize("NFC", w)
            for w in decomposed.split()
            if VIETNAMESE_LETTER.search(w)
        }
    )


def visit_every_page(page, server: str, lang: str, size: str, groups=()):
    """Log in, then open each page from the navigation; yields its stem."""
    log_in(page, server, lang, groups)
    for stem, link, heading in pages(lang):
        page.get_by_test_id("stSidebarNavItems").get_by_role(
            "link", name=link, exact=True
        ).click()
        settle(page, heading)
        assert page.locator(".stException").count() == 0, stem
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{stem}_{lang}_{size}.png")
        yield stem


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_in_one_language_and_nothing_cut(
    server, browser, group_names, lang, size
):
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    # In English, the three longest names chosen: their tags must show whole.
    chosen = sorted(group_names, key=len)[-3:] if lang == "en" else []
    other_language, cut_text = {}, {}
    for stem in visit_every_page(page, server, lang, size, chosen):
        read = page.evaluate(READ_PAGE) + "\n" + page.title()
        if lang == "vi":
            found = [w for w in ENGLISH if w.lower() in read.lower()]
        else:
            found = vietnamese_words(without_names(read, data_names(group_names)))
        if found:
            other_language[stem] = found
        cut = page.evaluate(CUT_TEXT, None)
        if cut:
            cut_text[stem] = cut
        if stem == "hiv":  # the officers' table of HIV by group: every group
            rows = page.locator("[data-testid='stTable'] tbody tr")
            assert rows.count() == len(chosen or group_names)  # 3 or all 16
            assert len(group_names) == 16
        tags = page.locator("[data-testid='stMultiSelect'] [data-tag]")
        assert tags.count() == len(chosen)
    assert page.title() == t("app_title", lang)
    page.close()
    assert other_language == {}
    assert cut_text == {}


TAG_TEXT = '[data-testid="stMultiSelect"] [data-tag] *'


def test_group_tags_show_whole_names(server, browser, group_names):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    chosen = sorted(group_names, key=len)[-3:]
    log_in(page, server, "vi", chosen)
    settle(page, pages("vi")[0][2])
    cut = page.evaluate(CUT_TEXT, TAG_TEXT)
    tags = page.locator("[data-testid='stMultiSelect'] [data-tag]").all_inner_texts()
    page.screenshot(path=str(SHOTS / "tags-vi-1280x720.png"))
    page.close()
    assert cut == []
    assert sorted(x.strip() for x in tags) == sorted(chosen)  # whole names
