"""Blocks the pages repeat: a section's heading, a target's year line, trend
and residential groups, the injury breakdown, and audited downloads.

Streamlit glue only: values come from the View (childplan.app.view), whose
reads have already applied the disclosure rule; figures and tables come from
childplan.present.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import streamlit as st

from childplan.access import audit
from childplan.access.login import (
    SessionEnded,
    client_address,
    download_guard,
    session_user,
)
from childplan.app import reads
from childplan.app.decisions import decisions_block
from childplan.app.view import View, filter_record
from childplan.disclosure import rules
from childplan.indicators import stats
from childplan.indicators.plan import Target
from childplan.present import charts, exports, fmt, group_charts, workbook
from childplan.present.i18n import dimension_label, t, target_name
from childplan.present.markdown import scope_markdown, status_badge, table_text

PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True}


def year_line(view: View, target: Target, row) -> str:
    """'Năm 2024: **2,1% (1,4–3,0)** :green-badge[Đạt] · Mục tiêu < 2%'."""
    lang = view.lang
    value = fmt.target_value_text(target, row, lang)
    threshold = fmt.threshold_text(target.operator, target.threshold, target.unit, lang)
    parts = [
        f"{t('year_value', lang, year=view.filters.year)}: **{value}**",
        status_badge(row.status, lang),
        t("target_label", lang, threshold=threshold)
        if threshold
        else t("target_info", lang),
    ]
    # Shares and rates on few cases jump; a count is what it is.
    if target.kind in ("share", "rate") and getattr(row, "is_unstable", False):
        parts.append(t("unstable", lang))
    return " · ".join(parts)


def download(
    label_key: str,
    view: View,
    what: str,
    build_table,
    sensitive: bool = False,
    title: str = "",
    for_officers: bool = False,
) -> None:
    """The table's two files, each built only when pressed and each press
    audited (with the file's format, see `audited`): first the Excel file a
    person opens ('Tải Excel'), then the plain CSV for software ('CSV cho
    phần mềm': a Vietnamese-locale Excel does not split a comma file; issue
    12, item 3). A file holding a sensitive target states the rule it was
    made under."""
    lang, f = view.lang, view.filters
    title = title or what

    def xlsx_bytes() -> bytes:
        return workbook.to_xlsx_bytes(
            build_table(),
            f,
            lang,
            view.simulated,
            view.year_end,
            title,
            for_officers,
        )

    def csv_bytes() -> bytes:
        return exports.to_csv_bytes(
            build_table(),
            f,
            lang,
            view.simulated,
            sensitive,
            view.year_end,
            for_officers,
        )

    st.download_button(
        t(f"{label_key}_xlsx", lang),
        data=audited(view, what, xlsx_bytes, "xlsx"),
        on_click="ignore",
        file_name=exports.file_name(title, f, "xlsx"),
        mime=workbook.MIME,
        icon=":material/table_view:",  # a button as before; the CSV a link
        key=f"download_{what}_xlsx",
    )
    st.download_button(
        t(f"{label_key}_csv", lang),
        data=audited(view, what, csv_bytes, "csv"),
        on_click="ignore",
        file_name=exports.file_name(title, f, "csv"),
        mime="text/csv",
        icon=":material/data_object:",
        type="tertiary",
        key=f"download_{what}",
    )


def audited(view: View, what: str, make_bytes, file_format: str):
    """The callable a download button is given (any file: Excel, CSV, PDF).
    Built outside the script run, the file first asks whether the session
    that drew the button is still live: after a logout or an idle expiry
    the press is refused, audited, and no file is made; else the press is
    audited with the file's format, then the file is made."""
    user = session_user()  # read now: the file is built outside the run
    still_in = download_guard()
    client = client_address()
    record = {
        "role": user.role if user else None,
        "client": client,
        "what": what,
        "filters": {**filter_record(view.filters), "format": file_format},
    }
    username = user.username if user else None

    def build() -> bytes:
        try:
            still_in()
        except SessionEnded:
            audit.record("download_refused", username, **record)
            raise
        audit.record("download", username, **record)
        return make_bytes()

    return build


def plain_table(frame: pd.DataFrame) -> None:
    """A table of text cells, every row shown and every heading whole: a
    static table (st.dataframe cuts headings, shows ten-odd rows in a fixed
    height and brings a toolbar in English: Download as CSV, Search,
    Fullscreen, Show/hide columns -- issue 11)."""
    st.table(table_text(frame), hide_index=True)


def has_sensitive(values: pd.DataFrame, plan) -> bool:
    """Whether a table holds a sensitive target (its file then states the
    rule: town only, one value per year)."""
    return any(rules.is_sensitive(plan.target(x)) for x in set(values["target_id"]))


def target_block(view: View, target: Target, series: pd.DataFrame, row) -> None:
    """One target: the year's value, trend over the snapshots, groups. A
    sensitive target shows the town's figure of each year and no groups
    (disclosure.rules); officers get its detail below, marked for them."""
    lang, f = view.lang, view.filters
    with st.container(border=True):
        st.subheader(target_name(target, lang), anchor=target.id)
        st.markdown(year_line(view, target, row), help=t("interval_help", lang))
        if rules.is_town_figure(target, f.groups) and not target.town_wide:
            st.caption(t("sensitive_town_note", lang))
        for ref in target.references:
            label, source = (
                (ref.label_vi, ref.source)
                if lang == "vi"
                else (ref.label_en, ref.source_en or ref.source)
            )
            st.caption(t("reference", lang, label=label, source=source))
        trend, groups = st.columns([3, 2], gap="medium")
        with trend:
            st.plotly_chart(
                charts.trend_figure(series, target, lang, view.year_end),
                config=PLOTLY_CONFIG,
                theme=None,
                key=f"trend_{target.id}",
            )
            if rules.is_sensitive(target):
                st.caption(t("sensitive_note", lang))
            download(
                "download",
                view,
                f"{target.id}_trend",
                lambda: exports.trend_table(series, target, f, lang),
                sensitive=rules.is_sensitive(target),
                title=t("file_trend", lang, target=target_name(target, lang)),
            )
            decisions_block(view, target.id)
        with groups:
            if target.town_wide:
                st.info(t("town_wide_note", lang), icon=":material/public:")
                return
            if rules.is_sensitive(target):
                st.info(t("sensitive_groups_note", lang), icon=":material/lock:")
            else:
                _groups_block(view, target)
        if rules.is_sensitive(target):
            officer_detail(view, target)


def _groups_block(view: View, target: Target) -> None:
    """The residential groups a meeting compares on a target, and their CSV."""
    lang = view.lang
    by_group = view.groups_shown(target)
    st.markdown(t("groups_title", lang, date=fmt.date_text(view.year_end, lang)))
    if by_group.empty:
        st.caption(t("no_group_values", lang))
        return
    group_comparison(view, target, by_group)
    download(
        "download",
        view,
        f"{target.id}_groups",
        lambda: exports.group_table(by_group, target, view.year_end, lang),
        title=t("file_groups", lang, target=target_name(target, lang)),
    )


def officer_detail(view: View, target: Target) -> None:
    """OFFICERS ONLY, never in a meeting's view: a sensitive target's every
    snapshot for the chosen groups and its residential groups, exact, in a
    block marked for officers; drawing it is audited, as are its downloads."""
    user = session_user()
    if user is None or not user.can("sensitive_detail"):
        return
    lang, f = view.lang, view.filters
    detail = reads.sensitive_detail(
        view.root,
        view.fingerprint,
        f.year,
        target.id,
        f.groups,
        f.date_from,
        f.date_to,
        view.year_end,
        user.role,
    )
    audit.record(
        "view_sensitive_detail",
        user.username,
        role=user.role,
        client=client_address(),
        what=target.id,
        filters=filter_record(f),
    )
    with st.container(border=True, key=f"officer_{target.id}"):
        st.markdown(":red-badge[:material/lock: " + t("officer_only_title", lang) + "]")
        st.caption(t("officer_only_caption", lang))
        trend, groups = st.columns([3, 2], gap="medium")
        with trend:
            st.plotly_chart(
                charts.trend_figure(detail["series"], target, lang, view.year_end),
                config=PLOTLY_CONFIG,
                theme=None,
                key=f"officer_trend_{target.id}",
            )
            download(
                "download",
                view,
                f"{target.id}_officer_trend",
                lambda: exports.trend_table(detail["series"], target, f, lang),
                sensitive=True,
                title=t("file_officer_trend", lang, target=target_name(target, lang)),
                for_officers=True,
            )
        with groups:
            if target.town_wide or detail["by_group"].empty:
                return
            st.markdown(
                t("groups_title", lang, date=fmt.date_text(view.year_end, lang))
            )
            plain_table(group_charts.count_table(detail["by_group"], target, lang))
            download(
                "download",
                view,
                f"{target.id}_officer_groups",
                lambda: exports.group_table(
                    detail["by_group"], target, view.year_end, lang
                ),
                sensitive=True,
                title=t("file_officer_groups", lang, target=target_name(target, lang)),
                for_officers=True,
            )


def group_comparison(view: View, target: Target, by_group: pd.DataFrame) -> None:
    """Residential groups side by side: a funnel plot against the plan's
    threshold for shares and rates (no league table: rank is mostly chance
    in groups of a few hundred), and what it says in one line, the limits
    explained behind its help icon; a plain table where the values cannot
    make a funnel (a 100% target, a few cases per group: the limits would
    hug the edge) and, largest first, for counts (no denominator)."""
    lang = view.lang
    if not stats.funnel_applies(target, by_group["denominator"]):
        if stats.has_funnel(target):  # a share or rate: say why no chart
            threshold = fmt.threshold_text(
                target.operator, target.threshold, target.unit, lang
            )
            st.caption(t("funnel_no_funnel", lang, threshold=threshold))
            plain_table(group_charts.group_table(by_group, target, lang))
            return
        plain_table(group_charts.count_table(by_group, target, lang))
        return
    placed = view.funnel_placed(target)
    st.plotly_chart(
        group_charts.funnel_figure(by_group, target, lang, placed),
        config=PLOTLY_CONFIG,
        theme=None,
        key=f"groups_{target.id}",
    )
    sentences = group_charts.funnel_sentences(placed, target, lang)
    if sentences:
        st.markdown(
            "  \n".join(sentences),
            help=t("funnel_help", lang) + "\n\n" + t("funnel_limits_help", lang),
        )


def breakdown_chart(view: View, breakdown: pd.DataFrame, dimension: str) -> None:
    """One dimension of the injury breakdown, under its name."""
    st.markdown(f"**{dimension_label(dimension, view.lang)}**")
    st.plotly_chart(
        charts.breakdown_figure(breakdown, dimension, view.lang),
        config=PLOTLY_CONFIG,
        theme=None,
        key=f"breakdown_{dimension}",
    )


def section_heading(view: View, section_no: int) -> None:
    """A section page's title and scope line; a notice when the chosen year
    has no snapshot (the page then stops)."""
    lang = view.lang
    st.title(t(f"nav_{section_no}", lang))
    st.caption(f"{view.section_title(section_no)} · {scope_markdown(view.filters)}")
    if view.year_end is None:
        st.info(t("no_year_data", lang, year=view.filters.year))
        st.stop()


def scorecard_rows(card: pd.DataFrame) -> dict[str, SimpleNamespace]:
    """target_id -> its scorecard row, with attributes (row.value, ...)."""
    indexed = card.set_index("target_id")
    return {target_id: _row(indexed, target_id) for target_id in indexed.index}


def _row(card: pd.DataFrame, target_id: str) -> SimpleNamespace:
    """A scorecard row as attributes (row.value, row.status, ...)."""
    return SimpleNamespace(target_id=target_id, **card.loc[target_id].to_dict())
