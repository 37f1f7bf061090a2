"""The overview's "Tải báo cáo PDF": the meeting view of the chosen year and
scope gathered into a Report, printed by Chromium when the button is pressed.

Only the View's reads are used (childplan.app.reads), which have applied
childplan.disclosure: the report holds what a meeting sees, whatever the
role of who prints it -- never the officers' detail.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from childplan.app import overview, reads
from childplan.app.blocks import audited
from childplan.app.routes import SECTION_PAGES
from childplan.app.view import View
from childplan.decisions.store import DecisionStore
from childplan.disclosure import rules
from childplan.indicators.targets import last_of_year
from childplan.present import exports, pdf
from childplan.present.filters import Filters
from childplan.present.i18n import t
from childplan.present.report_html import Report, footer_html, report_html
from childplan.store.snapshots import Store

WHAT = "report_pdf"  # the audit record's `what`, the button's key


def gather(view: View, printed_on: dt.date | None = None) -> Report:
    """The meeting view's values of `view` (year, groups, period), as the
    overview and the section pages show them."""
    f = view.filters
    plan = view.plan
    card = view.scorecard()
    rows = card.set_index("target_id")
    by_group = {
        x.id: view.groups_shown(x) for x in plan.targets if rules.shows_groups(x)
    }
    decisions = DecisionStore()
    return Report(
        plan=plan,
        filters=f,
        year_end=view.year_end,
        simulated=view.simulated,
        printed_on=printed_on or dt.date.today(),
        summary=overview.summary_text(card, view.lang),
        card=card,
        series=view.series(),
        grid_cells=reads.grid_cells(
            view.root, view.fingerprint, f.year, view.year_end, None
        ),
        section_order=tuple(SECTION_PAGES),
        changes={
            x.id: overview.change_line(x, rows.loc[x.id], f.year - 1, view.lang)
            for x in plan.targets
            if x.id in rows.index
        },
        by_group=by_group,
        breakdown=view.injury_breakdown(),
        decisions={x.id: decisions.decisions(x.id, f.year) for x in plan.targets},
    )


def view_of(root, year: int, groups=(), lang: str = "vi") -> View:
    """The View a reader choosing `year` and `groups` (the whole trend
    period) would have, without the sidebar: for bench.pdf and the tests."""
    store = Store.open(Path(root))
    root, fingerprint = str(store.root), store.fingerprint()
    facts = reads.store_facts(root, fingerprint)
    dates = facts["dates"]
    return View(
        root=root,
        fingerprint=fingerprint,
        simulated=facts["simulated"],
        filters=Filters(
            groups=tuple(groups),
            year=year,
            date_from=dates[0],
            date_to=dates[-1],
            lang=lang,
        ),
        year_end=last_of_year(dates, year),
    )


def report_pdf(view: View) -> bytes:
    """The report of `view` as PDF bytes (A4 landscape)."""
    report = gather(view)
    return pdf.html_to_pdf(report_html(report), footer_html(report))


def report_button(view: View) -> None:
    """The button; the PDF is built only when pressed, the press audited as
    every download. Without Chromium it says what the server lacks. (No
    help tooltip: with one, Streamlit 1.67 draws a second, hidden button.)"""
    lang = view.lang
    missing = pdf.chromium_path() is None
    st.download_button(
        t("report_download", lang),
        data=audited(view, WHAT, lambda: report_pdf(view), "pdf"),
        on_click="ignore",
        file_name=exports.report_file_name(view.filters),
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key=f"download_{WHAT}",
        disabled=missing,
    )
    if missing:
        st.caption(t("report_no_chromium", lang))
