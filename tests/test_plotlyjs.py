"""The plotly.js copy the deck and the printed report inline
(childplan/present/vendor, the official basic bundle): the file is the one
its README names, at the version the Python plotly writes figures for, and
it can draw every trace the product makes.

The trace types are read out of what the pages actually carry -- the
report's HTML on the sample data and the deck's figure JSON -- not from a
list kept beside the charts.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import plotly.offline

from childplan.app import reads, report
from childplan.present import deck, plotlyjs
from childplan.present.report_html import report_html

ROOT = Path(__file__).resolve().parent.parent
README = plotlyjs.BUNDLE.with_name("README.md")
NEW_PLOT = re.compile(r'Plotly\.newPlot\(\s*"[^"]+",\s*')


def test_the_bundle_is_the_file_its_readme_names():
    recorded = re.search(
        r"SHA-256 of plotly-basic\.min\.js: ([0-9a-f]{64})", README.read_text()
    )
    assert recorded is not None
    digest = hashlib.sha256(plotlyjs.BUNDLE.read_bytes()).hexdigest()
    assert digest == recorded.group(1)
    assert "MIT" in plotlyjs.BUNDLE.with_name("LICENSE.plotly").read_text()


def test_the_bundle_is_the_plotly_js_the_python_package_writes_for():
    # an upgrade of plotly in requirements.txt fails here until the copy
    # is refreshed (vendor/README.md says how)
    assert plotlyjs.version() == plotly.offline.get_plotlyjs_version()
    assert len(plotlyjs.source()) < 1_500_000  # the basic bundle, not the full one
    assert "</script" not in plotlyjs.source().lower()


def _report_traces(page: str) -> list[str]:
    """The trace types of every figure the printed page draws."""
    decoder = json.JSONDecoder()
    types = []
    for found in NEW_PLOT.finditer(page):
        data, _ = decoder.raw_decode(page, found.end())
        types += [trace.get("type", "scatter") for trace in data]
    return types


def test_every_chart_of_the_report_and_the_deck_is_drawn_by_the_bundle(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("CHILDPLAN_DECISIONS", str(tmp_path / "decisions.sqlite"))
    view = report.view_of(ROOT / "sample_data", 2024)
    page = report_html(report.gather(view))
    assert page.count(plotlyjs.source()) == 1
    printed = _report_traces(page)
    # trend, groups and breakdown charts: 31 figures on the sample data
    assert len(NEW_PLOT.findall(page)) >= 30
    series = view.series()
    shown = deck.figure_jsons(reads.year_plan(2024), series, "vi", view.year_end)
    slides = [t.get("type", "scatter") for f in shown.values() for t in f["data"]]
    assert {"scatter", "bar"} <= set(printed)
    assert set(printed) | set(slides) <= plotlyjs.TRACE_TYPES
