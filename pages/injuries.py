"""§4 Tai nạn, thương tích: the targets, then the commune injury report's
breakdown of the chosen year by cause, place, sex and age band; for officers,
the quarterly injury report to the district."""

import streamlit as st

from childplan.app.blocks import (
    breakdown_chart,
    download,
    scorecard_rows,
    section_heading,
    target_block,
)
from childplan.app.grid import groups_grid
from childplan.app.injury_report import injury_report_block
from childplan.app.view import page_view
from childplan.present import exports, fmt
from childplan.present.i18n import t

SECTION = 4

view = page_view()
lang, filters = view.lang, view.filters
section_heading(view, SECTION)  # stops when the year has no data
groups_grid(view, SECTION)  # which group misses which of these targets
rows = scorecard_rows(view.scorecard())
series = view.series()
for target in view.targets(SECTION):
    target_block(view, target, series, rows[target.id])

# Always the whole town; deaths only where no cell of a dimension is small.
breakdown = view.injury_breakdown()
st.header(
    t("breakdown_title", lang, year=filters.year, date=fmt.date_text(view.year_end))
)
st.caption(t("breakdown_caption", lang, scope=t("scope_town", lang)))
if filters.groups:  # deaths by cause for a few groups
    st.info(t("breakdown_town_only", lang), icon=":material/public:")
causes, others = st.columns(2, gap="medium")
with causes:
    breakdown_chart(view, breakdown, "cause")
with others:
    for dimension in ("place", "sex", "age_band"):
        breakdown_chart(view, breakdown, dimension)
st.caption(t("breakdown_deaths_note", lang))
download(
    "download",
    view,
    "injury_breakdown",
    lambda: exports.breakdown_table(breakdown, lang),
    sensitive=True,
    title=t("file_breakdown", lang),
)
injury_report_block(view)  # officers only: the quarterly return to the district
