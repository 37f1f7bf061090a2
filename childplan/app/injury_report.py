"""The quarterly injury report on the §4 page, for officers only (issue 12,
item 4): a quarter picker and the return as an Excel file, built only when
pressed and audited (childplan.app.blocks.audited).

A leader is sent nothing of it -- no block, no button, no file: the report
holds exact small counts by sex, age band and place. The role is checked
here and again by the read (childplan.app.reads.injury_quarter).
"""

from __future__ import annotations

import streamlit as st

from childplan.access.login import session_user
from childplan.app import reads
from childplan.app.blocks import audited
from childplan.app.view import View
from childplan.indicators.injury_report import (
    Quarter,
    default_quarter,
    quarters_covered,
)
from childplan.present import fmt, workbook
from childplan.present.i18n import t
from childplan.present.injury_report import (
    file_name,
    injury_workbook,
    quarter_name,
    workbook_bytes,
)

XLSX = workbook.MIME  # one spelling of the Excel type
# The return goes to the district as the template has it: in Vietnamese,
# whatever language the screen is in (the page says so).
FORM_LANG = "vi"


def injury_report_block(view: View) -> None:
    """OFFICERS ONLY: pick a quarter, download its report."""
    user = session_user()
    if user is None or not user.can("sensitive_detail"):
        return
    lang = view.lang
    dates = reads.store_facts(view.root, view.fingerprint)["dates"]
    quarters = quarters_covered(dates)
    if not quarters:
        return
    with st.container(border=True, key="officer_injury_report"):
        st.markdown(":red-badge[:material/lock: " + t("iq_badge", lang) + "]")
        st.header(t("iq_title", lang), anchor="injury_report")
        st.caption(t("iq_caption", lang))
        keys = [str(q) for q in quarters]
        choice = st.selectbox(
            t("iq_quarter", lang),
            keys,
            index=keys.index(str(default_quarter(dates))),
            format_func=lambda key: quarter_name(Quarter.parse(key), lang),
            key="injury_quarter",
        )
        quarter = Quarter.parse(choice)
        report = reads.injury_quarter(view.root, view.fingerprint, quarter, user.role)
        if report is None:
            st.info(t("iq_not_covered", lang), icon=":material/event_busy:")
            return
        st.caption(
            t(
                "iq_source",
                lang,
                date=fmt.date_text(report.snapshot_date, lang),
                date_from=fmt.date_text(quarter.first_day, lang),
                date_to=fmt.date_text(report.counted_to, lang),
            )
        )
        if report.is_partial:
            st.warning(
                t("iq_partial", lang, date=fmt.date_text(report.counted_to, lang)),
                icon=":material/hourglass_top:",
            )

        def xlsx_bytes() -> bytes:
            return workbook_bytes(injury_workbook(report, FORM_LANG, view.simulated))

        st.download_button(
            t("iq_download", lang),
            data=audited(
                view,
                f"injury_report_{quarter.year}_q{quarter.number}",
                xlsx_bytes,
                "xlsx",
            ),
            on_click="ignore",
            file_name=file_name(quarter),
            mime=XLSX,
            icon=":material/download:",
            key="download_injury_report",
        )
