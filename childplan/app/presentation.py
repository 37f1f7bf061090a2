"""Presentation mode's glue: the deck built from the View's reads, shown
full screen without the dashboard's sidebar and header.

Everything on the slides is what a meeting may see, for every role: the
meeting scorecard and series (childplan.app.reads, the disclosure rule
applied), the groups grid of the targets compared by group, the decisions;
never an officer's block. The deck itself is childplan.present.deck; the
filters are the frame's, fixed while the deck is shown (no sidebar).
"""

from __future__ import annotations

import functools
from collections import defaultdict

import plotly.offline
import streamlit as st

from childplan.app import reads
from childplan.app.overview import summary_text
from childplan.app.routes import OVERVIEW_PAGE
from childplan.app.view import View
from childplan.decisions.store import DecisionStore
from childplan.disclosure import rules
from childplan.present import deck, group_grid
from childplan.present.i18n import t

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
    "</style>"
)


@functools.cache
def plotly_js() -> str:
    """plotly.js of the installed plotly package, read once per process."""
    return plotly.offline.get_plotlyjs()


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
    card = view.scorecard()
    st.iframe(
        deck.deck_html(
            view.plan,
            card,
            figures(view),
            filters=f,
            year_end=view.year_end,
            simulated=view.simulated,
            summary=summary_text(card, lang),
            grid=grid(view),
            decisions=decisions(view),
            plotly_js=plotly_js(),
            lang=lang,
        ),
        height=720,
        alt=t("deck_alt", lang, year=f.year),
    )


def figures(view: View) -> dict:
    """Each target's trend for the deck, as Plotly JSON (figure_jsons)."""
    f = view.filters
    return deck_figures(
        view.root,
        view.fingerprint,
        f.year,
        f.groups,
        f.date_from,
        f.date_to,
        view.year_end,
        view.lang,
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


def grid(view: View) -> str:
    """The groups grid as the overview shows it ('' when no target is
    compared by group): all groups, the chosen ones outlined."""
    targets = rules.grid_targets(view.plan)
    if not targets:
        return ""
    f = view.filters
    by_group = reads.groups_grid(view.root, view.fingerprint, f.year, view.year_end)
    town = reads.scorecard(view.root, view.fingerprint, f.year, ())
    cells = group_grid.grid_cells(by_group, town, targets)
    return group_grid.grid_html(cells, targets, view.lang, chosen=f.groups)


def decisions(view: View) -> dict[str, list]:
    """Target id -> its decisions of the year, newest meeting first."""
    out = defaultdict(list)
    for item in DecisionStore().decisions(None, view.filters.year):
        out[item.target_id].append(item)
    return dict(out)
