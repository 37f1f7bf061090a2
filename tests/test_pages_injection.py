"""Hostile residential-group names on the screen, through AppTest.

The store is built directly (tests/snapshot_builder.py), not by ingest, so
the names ingest would refuse reach the pages too: the screen must be safe
on its own. Every text the pages send as markdown (st.markdown, st.caption,
st.info, headings, metric labels, help) has the names' markdown and HTML
characters escaped; the plotly figures carry them HTML-escaped; the group
CSV a user downloads has the formula quoted. tests/test_browser_injection.py
opens the same store in a real browser.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from childplan.app import routes
from childplan.indicators.plan import plan_for_year
from childplan.present import group_charts
from childplan.present.markdown import name_text
from tests.apptest_tools import download_bytes, open_dashboard, thread_local_runtime
from tests.snapshot_builder import build_store, child, household

IMAGE = "![x](http://127.0.0.1:9/x.png)"
HTML = "<img src=x onerror=alert(1)>"
MARKDOWN = "**bold** [link](http://x)"
FORMULA = '=HYPERLINK("http://x","y")'
BARE_LINK = "Tổ www.example.org a@example.org"
HOSTILE = [IMAGE, HTML, MARKDOWN, FORMULA, BARE_LINK]
PLAIN = "Tổ 1"
# what must never survive outside an escape: an image, a link, HTML, bold,
# a bare address GFM would link
FORBIDDEN = ("![", "](", "<img", "**bold**", "www.", "a@example", "://127")
TARGET = "families_protection_knowledge"  # §3, a share: drawn as a funnel


def hostile_snapshot() -> dict:
    """Five hostile groups whose families never had protection knowledge
    (0% against the plan's 85%: far outside the funnel, so each is named
    under it) and one plain group where all had (100%)."""
    children, households = [], []
    for g, group in enumerate([*HOSTILE, PLAIN]):
        for i in range(30):
            cid = f"g{g}-{i}"
            children.append(child(cid, group, "2014-05-01" if i % 2 else "2019-05-01"))
            households.append(
                household(f"h-{cid}", group, protection_knowledge=group == PLAIN)
            )
    return {"children": children, "households": households}


def build_hostile_store(root):
    return build_store(root, {"2024-12-31": hostile_snapshot()}, simulated=True)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_hostile_store(tmp_path_factory.mktemp("hostile") / "store")


def markdown_texts(at) -> list[str]:
    """Every text of the run that Streamlit renders as markdown."""
    out = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "title",
        "header",
        "subheader",
    ):
        for element in at.get(kind):
            out.append(element.value)
            help_text = getattr(element.proto, "help", "")
            if help_text:
                out.append(help_text)
    out += [m.label for m in at.metric]
    return out


def unescaped(text: str) -> str:
    """The text less every backslash-escaped character: what is left is
    what markdown reads as markup."""
    return re.sub(r"\\.", "", text)


def open_page(monkeypatch, tmp_path, store, page):
    return open_dashboard(
        monkeypatch,
        tmp_path,
        store,
        page=None if page == routes.OVERVIEW_PAGE else page,
        query={"groups": HOSTILE},
    )


@pytest.mark.parametrize(
    "page",
    [routes.OVERVIEW_PAGE, "pages/protection.py", "pages/data_quality.py"],
)
def test_no_name_becomes_markup_on_any_page(monkeypatch, tmp_path, store, page):
    at = open_page(monkeypatch, tmp_path, store, page)
    assert at.multiselect(key="groups").value == HOSTILE  # the filter took them
    texts = markdown_texts(at)
    leaks = [
        (bad, text) for text in texts for bad in FORBIDDEN if bad in unescaped(text)
    ]
    assert leaks == []
    if page != "pages/data_quality.py":
        # the scope line names every group, escaped
        scope = ", ".join(name_text(g) for g in HOSTILE)
        assert any(scope in text for text in texts)


def test_funnel_sentences_and_figure_escape_the_names(monkeypatch, tmp_path, store):
    at = open_page(monkeypatch, tmp_path, store, "pages/protection.py")
    sentence = next(
        m.value
        for m in at.markdown
        if "rõ rệt, khó có thể do ngẫu nhiên (số liệu thấp hơn" in m.value
    )  # the funnel's one-line reading names the groups outside its limits
    for name in HOSTILE:
        assert name_text(name) in sentence
    # escaped, and a word joiner where GFM would link the bare address
    assert "\\!\\[x\\]\\(http\\:\u2060//127.0.0.1\\:9/x.png\\)" in sentence
    assert r"\<img src=x onerror=alert\(1\)\>" in sentence
    assert "Tổ www\u2060.example.org a\u2060@example.org" in sentence
    assert r"\*\*bold\*\* \[link\]\(http\://x\)" in sentence
    for chart in at.get("plotly_chart"):
        assert "<img" not in chart.proto.spec, chart.proto.id
    funnel = next(
        c for c in at.get("plotly_chart") if c.proto.id.endswith(f"groups_{TARGET}")
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in funnel.proto.spec


def test_group_download_quotes_the_formula_name(monkeypatch, tmp_path, store):
    with thread_local_runtime():
        at = open_page(monkeypatch, tmp_path, store, "pages/protection.py")
        data = download_bytes(at, f"download_{TARGET}_groups")
        xlsx = download_bytes(at, f"download_{TARGET}_groups_xlsx")
    lines = data.decode("utf-8-sig").splitlines()
    # the group's own row (every row's scope column names it too, as text)
    mark = ',"\'=HYPERLINK(""http://x"",""y"")",'
    rows = [line for line in lines[1:] if mark in line]
    assert len(rows) == 1
    assert ",=" not in data.decode("utf-8-sig")
    # the Excel file: the name as typed, a string cell, never a formula
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    named = [c for c in cells if c.value == FORMULA]
    assert len(named) == 1
    assert named[0].data_type == "s" and named[0].quotePrefix


def test_funnel_labels_and_hover_are_html_escaped_and_sentences_escaped():
    frame = pd.DataFrame(
        {
            "residential_group": [HTML, IMAGE, PLAIN],
            "numerator": [0.0, 0.0, 100.0],
            "denominator": [100.0, 100.0, 100.0],
            "value": [0.0, 0.0, 100.0],
            "status": ["not_met", "not_met", "met"],
            "ci_low": [0.0, 0.0, 96.4],
            "ci_high": [3.6, 3.6, 100.0],
        }
    )
    target = plan_for_year(2024).target(TARGET)
    points = group_charts.funnel_figure(frame, target).data[-1]
    assert "&lt;img src=x onerror=alert(1)&gt;" in list(points.text)
    assert [row[0] for row in points.customdata][:2] == [
        "&lt;img src=x onerror=alert(1)&gt;",
        IMAGE,  # plotly reads no markdown: only HTML matters there
    ]
    sentences = group_charts.funnel_sentences(
        group_charts.funnel_groups(frame, target), target
    )
    assert [unescaped(s) for s in sentences if "<" in unescaped(s)] == []
    assert name_text(HTML) in sentences[0] and name_text(IMAGE) in sentences[0]
