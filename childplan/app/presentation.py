"""Presentation mode's glue: the deck built from the View's reads, shown
full screen without the dashboard's sidebar and header.

Everything on the slides is what a meeting may see, for every role: the
meeting scorecard and series (childplan.app.reads, the disclosure rule
applied), the groups grid of the targets compared by group, the decisions;
never an officer's block. The deck itself is childplan.present.deck; the
filters are the frame's, fixed while the deck is shown (no sidebar).
"""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from childplan.app import reads
from childplan.app.overview import summary_text
from childplan.app.routes import OVERVIEW_PAGE
from childplan.app.view import View
from childplan.decisions.store import DecisionStore
from childplan.disclosure import rules
from childplan.present import deck, group_grid, plotlyjs
from childplan.present.filters import Filters
from childplan.present.i18n import t

PLOTLY_SLOT = "/* plotly.js */"

# This page only: no sidebar, header, toolbar or padding; the deck fills
# the window, the way back sits in the corner of its footer.
PAGE_CSS = (
    "<style>"
    "[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'],"
    " [data-testid='stHeader'], [data-testid='stToolbar'],"
    " [data-testid='stDecoration'] {display: none !important;}"
    "[data-testid='stMainBlockContainer'] {padding: 0 !important;"
    " max-width: none !important;}"
    "iframe[data-testid='stIFrame'] {position: fixed; inset: 0;"
    " width: 100vw !important; height: 100vh !important; border: 0;"
    " z-index: 999990; background: #FFFFFF;}"
    ".st-key-deck_back {position: fixed; left: 0.8rem; bottom: 0.35rem;"
    " width: auto !important; z-index: 999991;}"
    ".st-key-deck_back [data-testid='stPageLink'] p {font-size: 1.1rem;}"
    "</style>"
)


def presentation(view: View) -> None:
    lang, f = view.lang, view.filters
    st.html(PAGE_CSS)
    with st.container(key="deck_back"):
        st.page_link(
            OVERVIEW_PAGE, label=t("deck_back", lang), icon=":material/arrow_back:"
        )
    if view.year_end is None:
        st.info(t("no_year_data", lang, year=f.year))
        return
    page = deck_page(
        view.root,
        view.fingerprint,
        f.year,
        f.groups,
        f.date_from,
        f.date_to,
        view.year_end,
        view.simulated,
        lang,
        decisions(view),
    )
    # plotly.js goes in last, at the deck's one slot (the last occurrence:
    # the script slot follows every text of the deck)
    head, _, tail = page.rpartition(PLOTLY_SLOT)
    st.iframe(
        head + plotlyjs.source() + tail,
        height=720,
        alt=t("deck_alt", lang, year=f.year),
    )


# The deck without plotly.js, cached like the reads (store fingerprint,
# filters) and on the decisions shown: a reopening is sent at once instead
# of rebuilding the groups grid's statistics and every slide (issue 12:
# opening within 2 s). Holds only what the meeting view holds.
@st.cache_data(show_spinner=False, max_entries=32)
def deck_page(
    root,
    fingerprint,
    year,
    groups,
    date_from,
    date_to,
    year_end,
    simulated,
    lang,
    decided,
) -> str:
    filters = Filters(
        groups=groups, year=year, date_from=date_from, date_to=date_to, lang=lang
    )
    card = reads.scorecard(root, fingerprint, year, groups)
    plan = reads.year_plan(year)
    return deck.deck_html(
        plan,
        card,
        deck_figures(
            root, fingerprint, year, groups, date_from, date_to, year_end, lang
        ),
        filters=filters,
        year_end=year_end,
        simulated=simulated,
        summary=summary_text(card, lang),
        grid=grid_html(root, fingerprint, plan, year, year_end, groups, lang),
        decisions=dict(decided),
        plotly_js=PLOTLY_SLOT,
        lang=lang,
    )


# Cached as data (JSON, not figure objects), on the store's fingerprint and
# the filters like every read: building eighteen trend figures takes
# seconds, which opening the deck may not (issue 12: at most 2 s). It holds
# the meeting series only (reads.series), which every role may see.
@st.cache_data(show_spinner=False, max_entries=64)
def deck_figures(
    root, fingerprint, year, groups, date_from, date_to, year_end, lang
) -> dict:
    series = reads.series(root, fingerprint, year, groups, date_from, date_to)
    return deck.figure_jsons(reads.year_plan(year), series, lang, year_end)


def grid_html(root, fingerprint, plan, year, year_end, groups, lang) -> str:
    """The groups grid as the overview first shows it ('' when no target
    is compared by group): the groups missing most targets, the chosen
    ones besides and outlined."""
    targets = rules.grid_targets(plan)
    if not targets:
        return ""
    cells = reads.grid_cells(root, fingerprint, year, year_end, None)
    return group_grid.grid_html(
        cells, targets, lang, chosen=groups, limit=group_grid.SHOWN_GROUPS
    )


def decisions(view: View) -> tuple:
    """(target id, its decisions of the year newest meeting first), each
    target with any: a value, so the deck's cache knows when one changes."""
    out = defaultdict(list)
    for item in DecisionStore().decisions(None, view.filters.year):
        out[item.target_id].append(item)
    return tuple((key, tuple(items)) for key, items in out.items())
