"""What every page shares: the chosen view, cached data, the repeated blocks.

The frame (dashboard.py) calls `open_view()` once per run: it draws the
sidebar filters (bound to the URL, so a link reproduces the view) and keeps
the resulting `View` -- a small frozen value, never a DataFrame -- in
session state for the page to read with `page_view()`.
Data come from childplan.indicators through st.cache_data functions keyed on
the store's fingerprint and the filters: a new snapshot changes the
fingerprint, so nobody sees stale numbers; figures are never cached.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import streamlit as st

from childplan import audit, charts, exports, fmt, indicators
from childplan.charts import STATUS_COLOUR_NAMES
from childplan.db import get_database
from childplan.filters import Filters
from childplan.i18n import LANG_NAMES, dimension_label, status_label, t, target_name
from childplan.login import session_user
from childplan.plan import Plan, Target, plan_for_year
from childplan.store import Store, StoreError, resolve_data_dir

APP_DIR = Path(__file__).resolve().parent.parent      # where dashboard.py is
VIEW_KEY = "childplan_view"
PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True}
# Plan section -> its page. Page files are fixed; titles come from i18n/plan.
SECTION_PAGES = {
    3: "pages/protection.py", 4: "pages/injuries.py",
    5: "pages/child_friendly.py", 6: "pages/hiv.py",
    7: "pages/early_childhood.py", 8: "pages/disability.py",
    9: "pages/participation.py", 10: "pages/child_labour.py",
}
OVERVIEW_PAGE = "pages/overview.py"
# Pages other areas write (title key, icon); listed when their file exists.
OPTIONAL_PAGES = {
    "pages/data_quality.py": ("page_quality", ":material/fact_check:"),
}
# Each page's address. Deliberately unlike the file names: while a pages/
# folder sits beside dashboard.py, Streamlit starts every process (and every
# AppTest run) in its legacy multipage mode, which runs a page whose address
# matches a file name directly, without this frame (no login, no filters).
# An address that matches no file falls through to dashboard.py, whose
# st.navigation then switches the legacy mode off and runs the page inside
# the frame.
PAGE_URLS = {
    "pages/overview.py": "tong-quan",       # served at the root: default
    "pages/protection.py": "bao-ve-tre-em",
    "pages/injuries.py": "tai-nan-thuong-tich",
    "pages/child_friendly.py": "thi-tran-phu-hop-voi-tre-em",
    "pages/hiv.py": "phong-chong-hiv",
    "pages/early_childhood.py": "phat-trien-som",
    "pages/disability.py": "tre-em-khuyet-tat",
    "pages/participation.py": "quyen-tham-gia",
    "pages/child_labour.py": "lao-dong-tre-em",
    "pages/data_quality.py": "chat-luong-du-lieu",
}


@dataclass(frozen=True)
class View:
    """The store being read and the filters chosen: everything a page needs
    to ask the query layer, and nothing heavier."""
    root: str
    fingerprint: tuple
    simulated: bool
    filters: Filters
    year_end: dt.date | None        # last snapshot of the chosen year

    @property
    def lang(self) -> str:
        return self.filters.lang

    @property
    def plan(self) -> Plan:
        return _plan(self.filters.year)

    def targets(self, section_no: int) -> list[Target]:
        return [x for x in self.plan.targets if x.section_no == section_no]

    def section_title(self, section_no: int) -> str:
        """The plan's own title of a section ('§3. Bảo vệ trẻ em; ...')."""
        for no, title_vi, title_en in self.plan.sections:
            if no == section_no:
                return f"§{no}. " + (title_vi if self.lang == "vi" else title_en)
        raise KeyError(section_no)

    # --- data (cached on the store fingerprint + filters) ------------------
    def scorecard(self) -> pd.DataFrame:
        f = self.filters
        return _scorecard(self.root, self.fingerprint, f.year, f.groups)

    def series(self) -> pd.DataFrame:
        f = self.filters
        return _series(self.root, self.fingerprint, f.year, f.groups,
                       f.date_from, f.date_to)

    def by_group(self, target: Target) -> pd.DataFrame:
        f = self.filters
        return _by_group(self.root, self.fingerprint, f.year, target.id,
                         self.year_end, f.groups)

    def injury_breakdown(self) -> pd.DataFrame:
        f = self.filters
        return _injury_breakdown(self.root, self.fingerprint, f.year, f.groups)


# --- cached reads: plain values in, DataFrames out ---------------------------
@st.cache_resource(show_spinner=False)
def _plan(year: int) -> Plan:
    """plans/YEAR.toml, else the latest plan (childplan.plan)."""
    return plan_for_year(year)


@st.cache_data(show_spinner=False, max_entries=64)
def _store_facts(root: str, fingerprint: tuple) -> dict:
    db = get_database(root)
    return {"groups": indicators.residential_groups(db),
            "dates": indicators.snapshot_dates(db),
            "simulated": db.is_simulated,
            "problems": [p.snapshot_date for p in db.snapshot_problems()]}


@st.cache_data(show_spinner=False, max_entries=256)
def _scorecard(root, fingerprint, year, groups) -> pd.DataFrame:
    return indicators.scorecard(get_database(root), _plan(year), year, groups)


@st.cache_data(show_spinner=False, max_entries=256)
def _series(root, fingerprint, year, groups, date_from, date_to) -> pd.DataFrame:
    return indicators.series(get_database(root), _plan(year), groups,
                             date_from, date_to)


@st.cache_data(show_spinner=False, max_entries=1024)
def _by_group(root, fingerprint, year, target_id, day, groups) -> pd.DataFrame:
    return indicators.by_group(get_database(root), _plan(year), target_id, day,
                               groups)


@st.cache_data(show_spinner=False, max_entries=256)
def _injury_breakdown(root, fingerprint, year, groups) -> pd.DataFrame:
    return indicators.injury_breakdown(get_database(root), year, groups)


# --- the frame's part ---------------------------------------------------------
def data_dir() -> Path:
    """`streamlit run dashboard.py -- --data DIR`, else $CHILDPLAN_DATA,
    else the sample data (childplan.store.resolve_data_dir)."""
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
    return st.sidebar.segmented_control(
        "Ngôn ngữ · Language", options=list(LANG_NAMES), default="vi",
        format_func=LANG_NAMES.get, key="lang", bind="query-params",
        required=True)


def open_view(store: Store, lang: str) -> View:
    """Draw the shared filters and return the view they select."""
    root = str(store.root)
    facts = _store_facts(root, store.fingerprint())
    if not facts["dates"]:
        st.error(t("no_snapshots", lang))
        st.stop()
    if facts["problems"]:
        st.warning(t("snapshot_problems", lang, count=len(facts["problems"]),
                     dates=", ".join(facts["problems"])))
    dates = facts["dates"]
    years = sorted({d.year for d in dates}, reverse=True)
    st.header(t("filters", lang))
    groups = st.multiselect(
        t("groups", lang), facts["groups"], key="groups", bind="query-params",
        placeholder=t("groups_all", lang), help=t("groups_help", lang))
    year = st.selectbox(t("year", lang), years, key="year",
                          bind="query-params")
    period = (dates[0], dates[-1])
    if len(dates) > 1:
        period = st.select_slider(
            t("period", lang), options=dates, value=period, key="period",
            bind="query-params", format_func=fmt.date_text,
            help=t("period_help", lang))
    filters = Filters(groups=tuple(groups), year=year, date_from=period[0],
                      date_to=period[1], lang=lang)
    year_end = max((d for d in dates if d.year == year), default=None)
    view = View(root=root, fingerprint=store.fingerprint(),
                simulated=facts["simulated"], filters=filters,
                year_end=year_end)
    st.session_state[VIEW_KEY] = view
    return view


def current_view() -> View:
    """The view the frame opened in this run (pages call this first).

    A page run without the frame (see PAGE_URLS) or without a login draws
    nothing: the login gate is checked again here, not only in the frame.
    """
    if session_user() is None or VIEW_KEY not in st.session_state:
        st.stop()
    return st.session_state[VIEW_KEY]


def page_view() -> View:
    """What a page calls first: the view, and the simulated-data banner at
    the top of the page. (Drawn by the page, not the frame: an element the
    frame puts in the main area shares its position with the page's first
    element, which AppTest cannot tell apart.)"""
    view = current_view()
    if view.simulated:
        st.warning(t("simulated_banner", view.lang), icon=":material/science:")
    return view


# --- blocks the pages repeat ------------------------------------------------
def status_badge(status: str, lang: str) -> str:
    """':green-badge[Đạt]': the status colour of the theme, as markdown."""
    return f":{STATUS_COLOUR_NAMES[status]}-badge[{status_label(status, lang)}]"


def year_line(view: View, target: Target, row) -> str:
    """'Năm 2024: **2,1% (1,4–3,0)** :green-badge[Đạt] · Mục tiêu < 2%'."""
    lang = view.lang
    value = fmt.value_with_interval(row.value, row.ci_low, row.ci_high,
                                    target.unit, lang)
    threshold = fmt.threshold_text(target.operator, target.threshold,
                                   target.unit, lang)
    parts = [f"{t('year_value', lang, year=view.filters.year)}: **{value}**",
             status_badge(row.status, lang),
             t("target_label", lang, threshold=threshold) if threshold
             else t("target_info", lang)]
    # Shares and rates on few cases jump; a count is what it is.
    if target.kind in ("share", "rate") and getattr(row, "is_unstable", False):
        parts.append(t("unstable", lang))
    return " · ".join(parts)


def download(label_key: str, view: View, what: str, build_table,
             suppressed: bool = False) -> None:
    """A CSV download built only when pressed; the press is audited."""
    user = session_user()     # read now: the file is built outside the run

    def build() -> bytes:
        audit.record("download", user.username if user else None,
                     role=user.role if user else None, what=what,
                     filters=_filter_record(view.filters))
        return exports.to_csv_bytes(build_table(), view.filters, view.lang,
                                    view.simulated, suppressed)
    st.download_button(
        t(label_key, view.lang), data=build, on_click="ignore",
        file_name=exports.csv_file_name(what, view.filters), mime="text/csv",
        icon=":material/download:", key=f"download_{what}")


def tile_rows(plan: Plan, per_row: int) -> list[list[Target]]:
    """The overview's tiles, section by section in plan order, in rows."""
    ordered = [x for no in SECTION_PAGES for x in plan.targets
               if x.section_no == no]
    return [ordered[i:i + per_row] for i in range(0, len(ordered), per_row)]


def scorecard_tile(view: View, target: Target, row,
                   series: pd.DataFrame) -> None:
    """One target on the overview: its name, the year's value with status
    and threshold, change from last year, sparkline, link to its section."""
    lang = view.lang
    threshold = fmt.threshold_text(target.operator, target.threshold,
                                   target.unit, lang)
    label = status_badge(row.status, lang)
    if threshold:
        label += " " + t("target_label", lang, threshold=threshold)
    change = None
    if not fmt.is_missing(row.change):
        change = 0 if fmt.rounded(row.change, fmt.UNIT_DECIMALS[target.unit]
                                  ) == 0 else fmt.change_text(row.change,
                                                              target.unit, lang)
    with st.container(border=True, height="stretch"):
        st.markdown(f"**{target_name(target, lang)}**")
        if target.town_wide and view.filters.groups:
            st.caption(t("town_wide_note", lang))
        st.metric(
            label, fmt.value_text(row.value, target.unit, lang), change,
            delta_color="inverse" if target.direction == "lower" else "normal",
            delta_description=(t("versus_year", lang,
                                 year=view.filters.year - 1)
                               if change is not None else None),
            help=_interval_help(target, row, lang),
            chart_data=charts.sparkline(series, target, view.year_end) or None)
        st.page_link(SECTION_PAGES[target.section_no],
                     label=t("open_section", lang,
                             section=f"§{target.section_no}"),
                     icon=":material/arrow_forward:")


def summary_text(card: pd.DataFrame, lang: str) -> str:
    """'Đạt 9/16 chỉ tiêu có số liệu' (info and no-data targets left out)."""
    measured = card["status"].isin(["met", "not_met"])
    return t("summary", lang, met=int((card["status"] == "met").sum()),
             total=int(measured.sum()))


def _interval_help(target: Target, row, lang: str) -> str | None:
    interval = fmt.interval_text(row.ci_low, row.ci_high, target.unit, lang)
    if not interval:
        return None
    return (fmt.value_with_interval(row.value, row.ci_low, row.ci_high,
                                    target.unit, lang)
            + "  \n" + t("interval_help", lang))


def target_block(view: View, target: Target, series: pd.DataFrame,
                 row) -> None:
    """One target: the year's value, trend over the snapshots, groups."""
    lang, f = view.lang, view.filters
    with st.container(border=True):
        st.subheader(target_name(target, lang), anchor=target.id)
        st.markdown(year_line(view, target, row), help=t("interval_help", lang))
        for ref in target.references:
            label = ref.label_vi if lang == "vi" else ref.label_en
            st.caption(t("reference", lang, label=label, source=ref.source))
        trend, groups = st.columns([3, 2], gap="medium")
        with trend:
            st.plotly_chart(charts.trend_figure(series, target, lang,
                                               view.year_end),
                            config=PLOTLY_CONFIG, theme=None,
                            key=f"trend_{target.id}")
            download("download", view, f"{target.id}_trend",
                     lambda: exports.trend_table(series, target, f, lang))
        with groups:
            if target.town_wide:
                st.info(t("town_wide_note", lang), icon=":material/public:")
                return
            by_group = exports.suppressed_groups(view.by_group(target), target)
            st.markdown(t("groups_title", lang,
                          date=fmt.date_text(view.year_end, lang)))
            if by_group.empty:
                st.caption(t("no_group_values", lang))
                return
            st.plotly_chart(charts.group_figure(by_group, target, lang),
                            config=PLOTLY_CONFIG, theme=None,
                            key=f"groups_{target.id}")
            suppressed = bool(by_group["mark"].notna().any())
            if suppressed:
                st.caption(t("suppression_note", lang))
            download("download", view, f"{target.id}_groups",
                     lambda: exports.group_table(by_group, target,
                                                 view.year_end, lang),
                     suppressed=suppressed)


def breakdown_chart(view: View, breakdown: pd.DataFrame, dimension: str) -> None:
    """One dimension of the injury breakdown, under its name."""
    st.markdown(f"**{dimension_label(dimension, view.lang)}**")
    st.plotly_chart(charts.breakdown_figure(breakdown, dimension, view.lang),
                    config=PLOTLY_CONFIG, theme=None,
                    key=f"breakdown_{dimension}")


def section_page(section_no: int) -> View:
    """Title, scope and one block per target of a plan section."""
    view = page_view()
    lang = view.lang
    st.title(t(f"nav_{section_no}", lang))
    st.caption(f"{view.section_title(section_no)} · {view.filters.scope_text()}")
    if view.year_end is None:
        st.info(t("no_year_data", lang, year=view.filters.year))
        return view
    rows = scorecard_rows(view.scorecard())
    series = view.series()
    for target in view.targets(section_no):
        target_block(view, target, series, rows[target.id])
    return view


def scorecard_rows(card: pd.DataFrame) -> dict[str, SimpleNamespace]:
    """target_id -> its scorecard row, with attributes (row.value, ...)."""
    indexed = card.set_index("target_id")
    return {target_id: _row(indexed, target_id) for target_id in indexed.index}


def _row(card: pd.DataFrame, target_id: str) -> SimpleNamespace:
    """A scorecard row as attributes (row.value, row.status, ...)."""
    return SimpleNamespace(target_id=target_id, **card.loc[target_id].to_dict())


def _filter_record(filters: Filters) -> dict:
    return {"groups": list(filters.groups), "year": filters.year,
            "from": fmt.date_text(filters.date_from),
            "to": fmt.date_text(filters.date_to)}
