"""Data quality: what in each snapshot needs a look before its numbers are
trusted (docs/statistics-and-data-quality.md). Counts for everyone; the
pseudonymous ids to look up for officers only (childplan.app.quality)."""

import streamlit as st

from childplan.app import quality as blocks
from childplan.app.view import page_view
from childplan.present import quality_tables as tables
from childplan.present.i18n import t

view = page_view()
lang = view.lang
st.title(t("quality_title", lang))
st.caption(t("quality_caption", lang))
if view.filters.groups:
    st.info(t("quality_town_only", lang), icon=":material/public:")
findings = blocks.quality_findings(view)

if view.problems:
    blocks.quality_table(
        view,
        "quality_problems",
        tables.table(blocks.store_problems(view), "problems", lang),
        "store_problems",
    )
blocks.quality_table(
    view,
    "quality_summary",
    tables.table(tables.latest_first(findings["summary"]), "summary", lang),
    "quality_summary",
    help_key="quality_summary_help",
)
blocks.quality_table(
    view,
    "quality_months",
    tables.table(findings["missing_months"], "missing_months", lang),
    "missing_months",
    empty_key="quality_no_months",
)

st.divider()
day = blocks.quality_snapshot(view, findings)
blocks.quality_table(
    view,
    "quality_unknown",
    tables.table(
        tables.unknown_at(findings["unknown_answers"], day), "unknown_answers", lang
    ),
    f"unknown_answers_{day.isoformat()}",
    empty_key="quality_no_unknown",
)
blocks.quality_table(
    view,
    "quality_groups",
    tables.table(tables.at(findings["missing_groups"], day), "missing_groups", lang),
    f"missing_groups_{day.isoformat()}",
    empty_key="quality_no_groups",
)
blocks.quality_incidents(view, findings, day)
