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
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import streamlit as st

from childplan import (
    audit,
    auth,
    charts,
    early_warnings,
    exports,
    fmt,
    indicators,
    quality,
    quality_tables,
    stats,
)
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
# The filters a URL may set (bound to query parameters) -> their label key.
URL_FILTERS = {"groups": "groups", "year": "year"}
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
    # (snapshot date, why it is left out) for each snapshot that cannot be
    # served, and (URL parameter, value) for each value the URL named that
    # the filters do not know: every page says both at its top.
    problems: tuple[tuple[str, str], ...] = ()
    ignored_url_values: tuple[tuple[str, str], ...] = ()

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
        """The chosen groups' rows, as computed (nothing suppressed)."""
        f = self.filters
        return _by_group(self.root, self.fingerprint, f.year, target.id,
                         self.year_end, f.groups)

    def groups_shown(self, target: Target) -> pd.DataFrame:
        """The chosen groups' rows as they may be shown: small counts of a
        sensitive target suppressed on every group of the town, then cut to
        the chosen ones (so the hidden cells never depend on the filter)."""
        f = self.filters
        return _groups_shown(self.root, self.fingerprint, f.year, target.id,
                             self.year_end, f.groups)

    def injury_breakdown(self) -> pd.DataFrame:
        """Always the whole town: deaths by cause, place, sex and age for a
        selection of groups could be set against the town's (suppress.py)."""
        f = self.filters
        return _injury_breakdown(self.root, self.fingerprint, f.year, ())


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
            "problems": [(p.snapshot_date, p.reason)
                         for p in db.snapshot_problems()]}


# Under a group filter the sensitive counts go through the small-count rule
# (exports.suppressed_selection): these functions return only what may be
# shown, whoever asks, so their cache holds nothing a role may not see.
@st.cache_data(show_spinner=False, max_entries=256)
def _scorecard(root, fingerprint, year, groups) -> pd.DataFrame:
    db, plan = get_database(root), _plan(year)
    card = indicators.scorecard(db, plan, year, groups)
    if not groups or card.empty:
        return exports.suppressed_selection(card, card, plan, ())
    before = indicators.last_snapshot_of_year(db, year - 1)
    previous = (card.iloc[0:0] if before is None else
                indicators.series(db, plan, groups, before, before))
    return exports.suppressed_scorecard(
        card, previous, _town_hidden(root, fingerprint, year), plan, groups)


@st.cache_data(show_spinner=False, max_entries=256)
def _series(root, fingerprint, year, groups, date_from, date_to) -> pd.DataFrame:
    db, plan = get_database(root), _plan(year)
    values = indicators.series(db, plan, groups, date_from, date_to)
    if not groups:
        return exports.suppressed_selection(values, {}, plan, ())
    return exports.suppressed_selection(
        values, _town_hidden(root, fingerprint, year), plan, groups)


@st.cache_data(show_spinner=False, max_entries=16)
def _town_hidden(root, fingerprint, year) -> dict:
    """Which groups the town-wide by-group tables hide, per sensitive target
    and snapshot: the same for every filter, so computed once per store
    version (exports.hidden_groups)."""
    db, plan = get_database(root), _plan(year)
    return exports.hidden_groups(
        indicators.sensitive_by_group(db, plan, None, None), plan)


@st.cache_data(show_spinner=False, max_entries=1024)
def _by_group(root, fingerprint, year, target_id, day, groups) -> pd.DataFrame:
    return indicators.by_group(get_database(root), _plan(year), target_id, day,
                               groups)


@st.cache_data(show_spinner=False, max_entries=1024)
def _groups_shown(root, fingerprint, year, target_id, day, groups) -> pd.DataFrame:
    target = _plan(year).target(target_id)
    town = exports.suppressed_groups(
        _by_group(root, fingerprint, year, target_id, day, ()), target)
    if not groups:
        return town
    return town[town["residential_group"].isin(groups)].reset_index(drop=True)


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
    dates = facts["dates"]
    years = sorted({d.year for d in dates}, reverse=True)
    # Read before the widgets: Streamlit drops a bound parameter's unknown
    # values silently (and from the URL); the page says which it ignored.
    ignored = ignored_url_values(
        {key: st.query_params.get_all(key) for key in URL_FILTERS},
        {"groups": facts["groups"], "year": [str(y) for y in years]})
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
                year_end=year_end,
                problems=tuple(tuple(p) for p in facts["problems"]),
                ignored_url_values=tuple(ignored))
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
    for day, reason in view.problems:
        st.warning(t("snapshot_problem", view.lang,
                     date=fmt.date_text(dt.date.fromisoformat(day), view.lang),
                     reason=plain_text(reason, 300)),
                   icon=":material/broken_image:")
    if view.ignored_url_values:
        st.info(t("url_ignored", view.lang, values="; ".join(
            f"{t(URL_FILTERS[key], view.lang)} = «{plain_text(value)}»"
            for key, value in view.ignored_url_values)), icon=":material/link_off:")
    return view


def ignored_url_values(params: dict[str, list[str]],
                       known: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(parameter, value) for each URL value that names no known option
    (a group or year not in the store: a stale or hand-edited link)."""
    return [(key, value) for key, values in params.items()
            for value in dict.fromkeys(values)
            if value != "" and value not in known.get(key, ())]


def plain_text(text: str, limit: int = 60) -> str:
    """Any text shown inside markdown as itself: cut short, markdown and
    HTML characters escaped (a URL value is whatever someone typed)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit] + "…"
    return "".join("\\" + c if c in _MARKDOWN_CHARS else c for c in text)


# Inline, these are what markdown would read (links, images, HTML, code);
# ':' too, so that no address becomes a link.
_MARKDOWN_CHARS = set("\\`*_[]()<>#!|~:$")


# --- blocks the pages repeat ------------------------------------------------
def status_badge(status: str, lang: str) -> str:
    """':green-badge[Đạt]': the status colour of the theme, as markdown."""
    return f":{STATUS_COLOUR_NAMES[status]}-badge[{status_label(status, lang)}]"


def year_line(view: View, target: Target, row) -> str:
    """'Năm 2024: **2,1% (1,4–3,0)** :green-badge[Đạt] · Mục tiêu < 2%'."""
    lang = view.lang
    # A count hidden by the small-count rule shows its mark ('<5', 'ẩn').
    value = charts.mark_text(getattr(row, "mark", None)) or (
        fmt.value_with_interval(row.value, row.ci_low, row.ci_high,
                                target.unit, lang))
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


def has_marks(values: pd.DataFrame, target: Target | None = None) -> bool:
    """Whether any row (of the target) hides a small count: its download
    then states the small-count rule."""
    if target is not None:
        values = values[values["target_id"] == target.id]
    return any(bool(values[column].notna().any())
               for column in ("mark", "previous_mark") if column in values)


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
        if charts.mark_text(getattr(row, "mark", None)):
            st.caption(t("suppression_note", lang))
        st.metric(
            label, charts.mark_text(getattr(row, "mark", None))
            or fmt.value_text(row.value, target.unit, lang), change,
            delta_color="inverse" if target.direction == "lower" else "normal",
            delta_description=(t("versus_year", lang,
                                 year=view.filters.year - 1)
                               if change is not None else None),
            help=_interval_help(target, row, lang),
            chart_data=charts.sparkline(series, target, view.year_end) or None)
        interval = tile_interval(target, row, lang)
        if interval:
            st.caption(interval)
        st.page_link(SECTION_PAGES[target.section_no],
                     label=t("open_section", lang,
                             section=f"§{target.section_no}"),
                     icon=":material/arrow_forward:")


def tile_interval(target: Target, row, lang: str) -> str:
    """'Khoảng tin cậy 95%: 0,5–2,0%' under a tile's value, with the
    few-cases warning when it rests on under 20 events; '' without one."""
    interval = fmt.interval_text(row.ci_low, row.ci_high, target.unit, lang)
    if not interval:
        return ""
    # word joiners: '15,0–85,0%' never breaks at its dash in a narrow tile
    text = t("tile_interval", lang,
             interval=interval.strip("()").replace("–", "\u2060–\u2060"),
             unit=target.unit if target.unit in ("%", "‰") else "")
    if target.kind in ("share", "rate") and getattr(row, "is_unstable", False):
        text += " · " + t("unstable_short", lang)
    return text


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
            if has_marks(series, target):
                st.caption(t("suppression_note", lang))
            download("download", view, f"{target.id}_trend",
                     lambda: exports.trend_table(series, target, f, lang),
                     suppressed=has_marks(series, target))
        with groups:
            if target.town_wide:
                st.info(t("town_wide_note", lang), icon=":material/public:")
                return
            by_group = view.groups_shown(target)
            st.markdown(t("groups_title", lang,
                          date=fmt.date_text(view.year_end, lang)))
            if by_group.empty:
                st.caption(t("no_group_values", lang))
                return
            group_comparison(view, target, by_group)
            suppressed = bool(by_group["mark"].notna().any())
            if suppressed:
                st.caption(t("suppression_note", lang))
            download("download", view, f"{target.id}_groups",
                     lambda: exports.group_table(by_group, target,
                                                 view.year_end, lang),
                     suppressed=suppressed)


def group_comparison(view: View, target: Target, by_group: pd.DataFrame
                     ) -> None:
    """Residential groups side by side: a funnel plot against the plan's
    threshold for shares and rates (no league table: rank is mostly chance
    in groups of a few hundred), and what it says in words; a plain table,
    largest first, for counts (they have no denominator to plot against)."""
    lang = view.lang
    if not stats.has_funnel(target):
        st.dataframe(charts.count_table(by_group, target, lang),
                     hide_index=True, key=f"groups_{target.id}",
                     column_config={t("col_interval", lang): st.column_config
                                    .TextColumn(help=t("interval_help", lang))})
        return
    st.plotly_chart(charts.funnel_figure(by_group, target, lang),
                    config=PLOTLY_CONFIG, theme=None,
                    key=f"groups_{target.id}")
    sentences = charts.funnel_sentences(charts.funnel_groups(by_group, target),
                                        lang)
    if sentences:
        st.markdown("  \n".join(sentences), help=t("funnel_help", lang))


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


# --- early warning (overview, during an incomplete year) ----------------------
@st.cache_data(show_spinner=False, max_entries=256)
def _early_warnings(root, fingerprint, year, groups) -> pd.DataFrame:
    return early_warnings.early_warnings(get_database(root), _plan(year), year,
                                         groups)


def year_is_incomplete(view: View) -> bool:
    """The chosen year's latest snapshot is before 31 December."""
    return (view.year_end is not None
            and view.year_end < dt.date(view.filters.year, 12, 31))


def at_risk_targets(view: View) -> tuple[pd.DataFrame, bool]:
    """The year-end outlook's 'at_risk' rows (plan order), and whether
    sensitive targets were left out: under a group filter their reasons
    would give small counts away (events so far), so they are projected for
    the whole town only."""
    f = view.filters
    outlook = _early_warnings(view.root, view.fingerprint, f.year, f.groups)
    rows = outlook[outlook["status"] == "at_risk"]
    left_out = False
    if f.groups:
        sensitive = [exports.is_sensitive_target(view.plan.target(x))
                     for x in rows["target_id"]]
        left_out = any(sensitive)
        rows = rows[[not s for s in sensitive]]
    return rows.reset_index(drop=True), left_out


def early_warning_notice(view: View) -> None:
    """Near the top of the overview while the year is incomplete: which
    targets may be missed by 31 December, and why, in words."""
    if not year_is_incomplete(view):
        return
    lang, year = view.lang, view.filters.year
    rows, left_out = at_risk_targets(view)
    with st.container(border=True, key="early_warning"):
        st.markdown(f"{status_badge('at_risk', lang)} **" + t(
            "early_warning_title", lang, year=year,
            date=fmt.date_text(view.year_end, lang)) + "**")
        if rows.empty:
            st.markdown(t("early_warning_none", lang))
        else:
            st.markdown(t("early_warning_count", lang, count=len(rows),
                          year=year))
        reason = "reason_vi" if lang == "vi" else "reason_en"
        for row in rows.itertuples(index=False):
            name = target_name(view.plan.target(row.target_id), lang)
            st.markdown(f"- **{name}** — {getattr(row, reason)}")
        if left_out:
            st.caption(t("early_warning_sensitive", lang))


# --- data-quality page -----------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def _quality(root, fingerprint) -> dict[str, pd.DataFrame]:
    """Every finding of childplan.quality, whole town, counts only."""
    db = get_database(root)
    return {"summary": quality.summary(db),
            "unknown_answers": quality.unknown_answers(db),
            "missing_groups": quality.missing_groups(db),
            "missing_months": quality.missing_months(db),
            "late_reports": quality.late_reports(db),
            "absent_children": quality.absent_children(db)}


@st.cache_data(show_spinner=False, max_entries=64)
def _quality_details(root, fingerprint, day, role) -> dict[str, pd.DataFrame]:
    """OFFICERS ONLY: the pseudonymous ids behind the incident findings.
    The role is an argument, hence part of the cache key, and checked here
    too: a cached result is never handed to a role that may not see it."""
    if "data_quality_details" not in auth.PERMISSIONS.get(role, ()):
        raise PermissionError(f"role {role!r} may not see the details")
    db = get_database(root)
    return {"late_report_details": quality.late_report_details(db, day),
            "absent_child_details": quality.absent_child_details(db, day)}


def quality_findings(view: View) -> dict[str, pd.DataFrame]:
    return _quality(view.root, view.fingerprint)


def store_problems(view: View) -> pd.DataFrame:
    """The snapshots the store could not serve (damaged files), and why."""
    return pd.DataFrame(list(view.problems),
                        columns=["snapshot_date", "reason"], dtype=object)


def quality_table(view: View, title_key: str, table: pd.DataFrame, what: str,
                  empty_key: str | None = None, help_key: str | None = None
                  ) -> None:
    """A heading, the table as its CSV writes it, and its CSV download;
    or a sentence saying there is nothing to show."""
    st.subheader(t(title_key, view.lang),
                 help=t(help_key, view.lang) if help_key else None)
    if table.empty and empty_key:
        st.caption(t(empty_key, view.lang))
        return
    st.dataframe(exports.screen_table(table, view.lang), hide_index=True,
                 key=f"table_{what}")
    download("download", _town_view(view), what, lambda: table)


def quality_snapshot(view: View, findings: dict) -> dt.date:
    """The snapshot whose details are shown: the chosen year's last one by
    default, any other from a list (latest first)."""
    dates = sorted(findings["summary"]["snapshot_date"], reverse=True)
    default = view.year_end if view.year_end in dates else dates[0]
    return st.selectbox(t("quality_snapshot", view.lang), dates,
                        index=dates.index(default), key="quality_snapshot",
                        format_func=fmt.date_text)


def quality_incidents(view: View, findings: dict, day: dt.date) -> None:
    """Late reports and incidents naming an absent child at `day`: counts
    for everyone, the ids to look up for officers only."""
    lang = view.lang
    late = _at(findings["late_reports"], day)
    absent = _at(findings["absent_children"], day)
    st.subheader(t("quality_incidents", lang))
    left, right = st.columns(2)
    left.metric(t("quality_late", lang), fmt.number(late["late_count"], lang, 0))
    if late["no_report_date_count"]:
        left.caption(t("quality_no_report_date", lang,
                       count=int(late["no_report_date_count"])))
    right.metric(t("quality_absent", lang),
                 fmt.number(absent["absent_child_count"], lang, 0))
    if absent["absent_fatal_count"]:
        right.caption(t("quality_absent_fatal", lang,
                        count=int(absent["absent_fatal_count"])))
    user = session_user()
    if user is None or not user.can("data_quality_details"):
        st.info(t("quality_officers_only", lang), icon=":material/lock:")
        return
    details = _quality_details(view.root, view.fingerprint, day, user.role)
    for which, title_key in (("late_report_details", "quality_late"),
                             ("absent_child_details", "quality_absent")):
        quality_table(view, title_key,
                      quality_tables.table(details[which], which, lang),
                      f"{which}_{day.isoformat()}")


def _at(frame: pd.DataFrame, day: dt.date) -> dict:
    """One snapshot's row of a per-snapshot finding, as a dict (zeros when
    the snapshot has no row)."""
    rows = frame[frame["snapshot_date"] == day]
    if rows.empty:
        return {c: 0 for c in frame.columns if c != "snapshot_date"}
    return rows.iloc[0].to_dict()


def _town_view(view: View) -> View:
    """The view with the group filter cleared: the data-quality page always
    covers the whole town, and its files say so."""
    return replace(view, filters=replace(view.filters, groups=()))
