"""The data-quality page's blocks: findings as tables with downloads, and
the pseudonymous ids behind them for officers only."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from childplan.access.login import session_user
from childplan.app import reads
from childplan.app.blocks import download, plain_table
from childplan.app.view import View, town_view
from childplan.present import exports, fmt, quality_tables
from childplan.present.i18n import t


def quality_findings(view: View) -> dict[str, pd.DataFrame]:
    return reads.quality_findings(view.root, view.fingerprint)


def store_problems(view: View) -> pd.DataFrame:
    """The snapshots the store could not serve (damaged files), and why."""
    return pd.DataFrame(
        list(view.problems), columns=["snapshot_date", "reason"], dtype=object
    )


def quality_table(
    view: View,
    title_key: str,
    table: pd.DataFrame,
    what: str,
    empty_key: str | None = None,
    help_key: str | None = None,
    for_officers: bool = False,
) -> None:
    """A heading, the table as its CSV writes it, and its CSV download;
    or a sentence saying there is nothing to show."""
    st.subheader(
        t(title_key, view.lang), help=t(help_key, view.lang) if help_key else None
    )
    if table.empty and empty_key:
        st.caption(t(empty_key, view.lang))
        return
    plain_table(exports.screen_table(table, view.lang))
    download(
        "download",
        town_view(view),
        what,
        lambda: table,
        title=t(title_key, view.lang),
        for_officers=for_officers,
    )


def quality_snapshot(view: View, findings: dict) -> dt.date:
    """The snapshot whose details are shown: the chosen year's last one by
    default, any other from a list (latest first)."""
    dates = sorted(findings["summary"]["snapshot_date"], reverse=True)
    default = view.year_end if view.year_end in dates else dates[0]
    return st.selectbox(
        t("quality_snapshot", view.lang),
        dates,
        index=dates.index(default),
        key="quality_snapshot",
        format_func=fmt.date_text,
    )


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
        left.caption(
            t("quality_no_report_date", lang, count=int(late["no_report_date_count"]))
        )
    right.metric(
        t("quality_absent", lang), fmt.number(absent["absent_child_count"], lang, 0)
    )
    if absent["absent_fatal_count"]:
        right.caption(
            t("quality_absent_fatal", lang, count=int(absent["absent_fatal_count"]))
        )
    user = session_user()
    if user is None or not user.can("data_quality_details"):
        st.info(t("quality_officers_only", lang), icon=":material/lock:")
        return
    details = reads.quality_details(view.root, view.fingerprint, day, user.role)
    for which, title_key in (
        ("late_report_details", "quality_late"),
        ("absent_child_details", "quality_absent"),
    ):
        quality_table(
            view,
            title_key,
            quality_tables.table(details[which], which, lang),
            f"{which}_{day.isoformat()}",
            for_officers=True,  # ids: the file says whom it is for
        )


def _at(frame: pd.DataFrame, day: dt.date) -> dict:
    """One snapshot's row of a per-snapshot finding, as a dict (zeros when
    the snapshot has no row)."""
    rows = frame[frame["snapshot_date"] == day]
    if rows.empty:
        return {c: 0 for c in frame.columns if c != "snapshot_date"}
    return rows.iloc[0].to_dict()
