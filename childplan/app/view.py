"""The view: the store being read and the filters chosen, drawn once per run.

The frame (dashboard.py) calls `open_view()` once per run: it draws the
sidebar filters (bound to the URL, so a link reproduces the view) and keeps
the resulting `View` -- a small frozen value, never a DataFrame -- in
session state for the page to read with `page_view()`. The View's data
methods go through childplan.app.reads, cached on the store's fingerprint
and the filters: a new snapshot changes the fingerprint, so nobody sees
stale numbers; figures are never cached.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import streamlit as st

from childplan.access.login import session_user
from childplan.app import reads
from childplan.indicators.plan import Plan, Target
from childplan.indicators.targets import last_of_year
from childplan.present import fmt
from childplan.present.filters import Filters
from childplan.present.i18n import LANG_NAMES, t
from childplan.present.markdown import plain_text
from childplan.store.snapshots import Store, StoreError, resolve_data_dir

VIEW_KEY = "childplan_view"
# The filters a URL may set (bound to query parameters) -> their label key.
URL_FILTERS = {"groups": "groups", "year": "year"}


@dataclass(frozen=True)
class View:
    """The store being read and the filters chosen: everything a page needs
    to ask the query layer, and nothing heavier."""

    root: str
    fingerprint: tuple
    simulated: bool
    filters: Filters
    year_end: dt.date | None  # last snapshot of the chosen year
    # (snapshot date, why it is left out) for each snapshot that cannot be
    # served, and (URL parameter, value) for each value the URL named that
    # the filters do not know: every page says both at its top.
    problems: tuple[tuple[str, str], ...] = ()
    ignored_url_values: tuple[tuple[str, str], ...] = ()
    # snapshots whose rollup is missing or stale: no page draws a figure
    stale_rollups: int = 0

    @property
    def lang(self) -> str:
        return self.filters.lang

    @property
    def plan(self) -> Plan:
        return reads.year_plan(self.filters.year)

    def targets(self, section_no: int) -> list[Target]:
        return [x for x in self.plan.targets if x.section_no == section_no]

    def section_title(self, section_no: int) -> str:
        """The plan's own title of a section ('Mục 3. Bảo vệ trẻ em; ...')."""
        for no, title_vi, title_en in self.plan.sections:
            if no == section_no:
                ref = t("section_ref", self.lang, no=no)
                return f"{ref}. " + (title_vi if self.lang == "vi" else title_en)
        raise KeyError(section_no)

    # --- data (cached on the store fingerprint + filters) ------------------
    def scorecard(self) -> pd.DataFrame:
        f = self.filters
        return reads.scorecard(self.root, self.fingerprint, f.year, f.groups)

    def series(self) -> pd.DataFrame:
        f = self.filters
        return reads.series(
            self.root, self.fingerprint, f.year, f.groups, f.date_from, f.date_to
        )

    def groups_shown(self, target: Target) -> pd.DataFrame:
        """The chosen groups' rows of a target a meeting compares by group
        (disclosure.rules.shows_groups)."""
        f = self.filters
        return reads.groups_shown(
            self.root, self.fingerprint, f.year, target.id, self.year_end, f.groups
        )

    def funnel_placed(self, target: Target) -> pd.DataFrame:
        """The chosen groups of a target placed against its funnel
        (group_charts.funnel_groups of groups_shown)."""
        f = self.filters
        return reads.funnel_placed(
            self.root, self.fingerprint, f.year, target.id, self.year_end, f.groups
        )

    def injury_breakdown(self) -> pd.DataFrame:
        """Always the whole town, deaths only where no cell is small
        (disclosure.rules.meeting_breakdown)."""
        return reads.injury_breakdown(self.root, self.fingerprint, self.filters.year)


# --- the frame's part ---------------------------------------------------------
def data_dir() -> Path:
    """`streamlit run dashboard.py -- --data DIR`, else $CHILDPLAN_DATA,
    else the sample data (childplan.store.snapshots.resolve_data_dir)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return resolve_data_dir(args.data)


def open_store() -> Store:
    """The store, or a message saying what to fix and the end of the run."""
    try:
        return Store.open(data_dir())
    except StoreError as exc:
        st.error(str(exc))
        st.stop()
        raise


def language() -> str:
    """The language switch (bottom of the sidebar, bound to ?lang=)."""
    # The label follows the language in force (a Vietnamese screen has no
    # English word); the options name themselves, so either reader finds it.
    # (The link holds the option's name: ?lang=English.)
    current = st.session_state.get("lang")
    if current not in LANG_NAMES:
        named = {name: code for code, name in LANG_NAMES.items()}
        current = named.get(st.query_params.get("lang"), "vi")
    return st.sidebar.segmented_control(
        t("language", current),
        options=list(LANG_NAMES),
        default="vi",
        format_func=LANG_NAMES.get,
        key="lang",
        bind="query-params",
        required=True,
    )


def opening_scope(dates: list[dt.date]) -> tuple[int, dt.date, dt.date]:
    """(year, first, last): what a view opens on besides the whole town --
    the latest year, every snapshot. open_view and warm.default_view use it."""
    return max(d.year for d in dates), dates[0], dates[-1]


def open_view(store: Store, fingerprint: tuple, lang: str) -> View:
    """Draw the shared filters; the view they select (`fingerprint`: the
    store's, taken once a run by the frame)."""
    root = str(store.root)
    facts = reads.store_facts(root, fingerprint)
    if not facts["dates"]:
        st.error(t("no_snapshots", lang))
        st.stop()
    dates = facts["dates"]
    years = sorted({d.year for d in dates}, reverse=True)
    latest_year, first, last = opening_scope(dates)
    # Read before the widgets: Streamlit drops a bound parameter's unknown
    # values silently (and from the URL); the page says which it ignored.
    ignored = ignored_url_values(
        {key: st.query_params.get_all(key) for key in URL_FILTERS},
        {"groups": facts["groups"], "year": [str(y) for y in years]},
    )
    st.header(t("filters", lang))
    # No "Select all" and no typing (Streamlit's own words for them, "Select
    # all" and "No results", are English); chosen groups wrap, never cut.
    groups = st.multiselect(
        t("groups", lang),
        facts["groups"],
        key="groups",
        bind="query-params",
        placeholder=t("groups_all", lang),
        help=t("groups_help", lang),
        select_all=False,
        filter_mode=None,
        wrap=True,
        on_change=_every_group_is_the_town,
        args=(tuple(facts["groups"]),),
    )
    # Streamlit caps a tag's width ("Tổ dân phố Hồng Ph…" in the sidebar);
    # a group's name is what the leader reads, so the tag grows to hold it
    st.html(TAG_CSS + PRINT_CSS)
    year = st.selectbox(
        t("year", lang),
        years,
        index=years.index(latest_year),
        key="year",
        bind="query-params",
    )
    period = (first, last)
    if len(dates) > 1:
        period = st.select_slider(
            t("period", lang),
            options=dates,
            value=period,
            key="period",
            bind="query-params",
            format_func=fmt.date_text,
            help=t("period_help", lang),
        )
    filters = Filters(
        groups=whole_town_if_every_group(groups, facts["groups"]),
        year=year,
        date_from=period[0],
        date_to=period[1],
        lang=lang,
    )
    year_end = last_of_year(dates, year)
    view = View(
        root=root,
        fingerprint=fingerprint,
        simulated=facts["simulated"],
        filters=filters,
        year_end=year_end,
        problems=tuple(tuple(p) for p in facts["problems"]),
        ignored_url_values=tuple(ignored),
        stale_rollups=len(facts["stale_rollups"]),
    )
    st.session_state[VIEW_KEY] = view
    return view


def whole_town_if_every_group(chosen, known) -> tuple[str, ...]:
    """The chosen groups; none (the whole town) when every group is chosen.

    Every group is not quite the sum of the groups: town-level officers
    (and any row of no group) count only for the whole town, so "all 16
    groups" read 24 of 27 officers trained where the town reads 27 of 30
    (issue 11). A reader who picks every group means the town; the scope
    line then says "Toàn thị trấn" and the figures are the town's."""
    chosen = tuple(chosen)
    return () if known and set(known) <= set(chosen) else chosen


def _every_group_is_the_town(known: tuple[str, ...]) -> None:
    """The group filter's on_change: the last group picked empties it, so
    the widget (and the URL) show the whole town too, and its list is never
    left with nothing to pick (Streamlit would say "No results")."""
    if not whole_town_if_every_group(st.session_state.get("groups", ()), known):
        st.session_state["groups"] = []


def current_view() -> View:
    """The view the frame opened in this run (pages call this first).

    A page run without the frame (see PAGE_URLS) or without a login draws
    nothing: the login gate is checked again here, not only in the frame.
    """
    if session_user() is None or VIEW_KEY not in st.session_state:
        st.stop()
    view = st.session_state[VIEW_KEY]
    if view.stale_rollups:  # in the page's area, before any figure
        st.error(
            t(
                "rollups_stale",
                view.lang,
                count=view.stale_rollups,
                command=f"python -m childplan rollup --data {view.root}",
            ),
            icon=":material/sync_problem:",
        )
        st.stop()
    return view


def page_view() -> View:
    """What a page calls first: the view, and the simulated-data banner at
    the top of the page. (Drawn by the page, not the frame: an element the
    frame puts in the main area shares its position with the page's first
    element, which AppTest cannot tell apart.)"""
    view = current_view()
    if view.simulated:
        st.warning(t("simulated_banner", view.lang), icon=":material/science:")
    for day, reason in view.problems:
        st.warning(
            t(
                "snapshot_problem",
                view.lang,
                date=fmt.date_text(dt.date.fromisoformat(day), view.lang),
                reason=plain_text(reason, 300),
            ),
            icon=":material/broken_image:",
        )
    if view.ignored_url_values:
        st.info(
            t(
                "url_ignored",
                view.lang,
                values="; ".join(
                    f"{t(URL_FILTERS[key], view.lang)} = «{plain_text(value)}»"
                    for key, value in view.ignored_url_values
                ),
            ),
            icon=":material/link_off:",
        )
    return view


TAG_CSS = (
    "<style>[data-testid='stMultiSelect'] [data-tag],"
    " [data-testid='stMultiSelect'] [data-tag] * {"
    "max-width: none !important; overflow: visible !important;"
    " text-overflow: clip !important; white-space: normal !important;"
    " height: auto !important;}"
    # A tile's label (status and target in words: "Chưa đạt Mục tiêu từ 96%
    # trở lên") wraps instead of ending in "…" in a narrow tile at 1280 px.
    "[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] * {"
    "overflow: visible !important; text-overflow: clip !important;"
    " white-space: normal !important; height: auto !important;}</style>"
)


# The browser's own print (Ctrl+P) of any page (issue 12, item 6): the
# page alone on A4 landscape -- no sidebar (filters, language, logout), no
# header or toolbar, no buttons, downloads, popovers, choice boxes or page
# links; the main column at full width; a row of tiles, a bordered block
# and a chart never split across a page break. (The PDF report,
# childplan.present.report_html, is the one with a title and page numbers.)
_HIDDEN_IN_PRINT = ", ".join(
    f"[data-testid='{x}']"
    for x in (
        "stSidebar",
        "stHeader",
        "stToolbar",
        "stStatusWidget",
        "stExpandSidebarButton",
        "stBottom",
        "stDownloadButton",
        "stButton",
        "stPopover",
        "stPageLink",
        "stSelectbox",
    )
) + (
    # an officer's exact detail is for the officer's desk, never a printed
    # meeting page (docs/disclosure.md): its blocks are keyed officer_...
    ", [class*='st-key-officer_']"
)
_TILE_ROW = (
    "[data-testid='stHorizontalBlock']:has(> [data-testid='stColumn']"
    " [data-testid='stMetric'])"
)
PRINT_CSS = (
    "<style>@media print {"
    "@page { size: A4 landscape; margin: 10mm; }"
    f"{_HIDDEN_IN_PRINT} {{ display: none !important; }}"
    "[data-testid='stAppViewContainer'], [data-testid='stMain'] {"
    " position: static !important; overflow: visible !important;"
    " height: auto !important; }"
    "[data-testid='stMain'], [data-testid='stMainBlockContainer'] {"
    " width: 100% !important; max-width: 100% !important;"
    " margin: 0 !important; padding: 0 !important; }"
    # Streamlit 1.67 prints a row of columns that holds a chart as a stack
    # (one tile a row: 18 tiles, 11 pages); a row of tiles stays a row
    f"{_TILE_ROW} {{ display: flex !important; flex-wrap: nowrap !important; }}"
    f"{_TILE_ROW} > [data-testid='stColumn'] {{"
    " flex: 1 1 0 !important; width: auto !important; min-width: 0 !important;"
    " margin-bottom: 0 !important; }"
    "[data-testid='stHorizontalBlock'], [data-testid='stColumn'],"
    " [data-testid='stPlotlyChart'], [data-testid='stMetric'],"
    " [data-testid='stTable'], .cp-grid {"
    " break-inside: avoid !important; page-break-inside: avoid !important; }"
    "* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }"
    "}</style>"
)


def ignored_url_values(
    params: dict[str, list[str]], known: dict[str, list[str]]
) -> list[tuple[str, str]]:
    """(parameter, value) for each URL value that names no known option
    (a group or year not in the store: a stale or hand-edited link)."""
    return [
        (key, value)
        for key, values in params.items()
        for value in dict.fromkeys(values)
        if value != "" and value not in known.get(key, ())
    ]


def filter_record(filters: Filters) -> dict:
    return {
        "groups": list(filters.groups),
        "year": filters.year,
        "from": fmt.date_text(filters.date_from),
        "to": fmt.date_text(filters.date_to),
    }


def town_view(view: View) -> View:
    """The view with the group filter cleared: the data-quality page always
    covers the whole town, and its files say so."""
    return replace(view, filters=replace(view.filters, groups=()))
