"""Overview: every target of the chosen year, each leading to its section."""

import streamlit as st

from childplan.app import overview
from childplan.app.blocks import download, has_sensitive, scorecard_rows
from childplan.app.grid import groups_grid
from childplan.app.report import report_button
from childplan.app.view import page_view
from childplan.present import exports, fmt
from childplan.present.i18n import t
from childplan.present.markdown import scope_markdown

view = page_view()
lang, filters = view.lang, view.filters

st.title(t("overview_title", lang, year=filters.year))
if view.year_end is None:
    st.info(t("no_year_data", lang, year=filters.year))
    st.stop()
card = view.scorecard()
series = view.series()
rows = scorecard_rows(card)
st.markdown(
    f"**{overview.summary_text(card, lang)}** · "
    + t(
        "overview_caption",
        lang,
        year=filters.year,
        date=fmt.date_text(view.year_end),
        scope=scope_markdown(filters),
    )
)
report_button(view)  # the printed report, built when pressed
overview.early_warning_notice(view)  # only while the year is incomplete
groups_grid(view)  # which group misses which target

overview.scorecard_tiles(view, rows, series)

download(
    "download_scorecard",
    view,
    "scorecard",
    lambda: exports.scorecard_table(card, view.plan, filters, lang),
    sensitive=has_sensitive(card, view.plan),
    title=t("file_scorecard", lang),
)
