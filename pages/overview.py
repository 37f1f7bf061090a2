"""Overview: every target of the chosen year, each leading to its section."""

import streamlit as st

from childplan import exports, fmt, ui
from childplan.i18n import t

view = ui.page_view()
lang, filters = view.lang, view.filters

st.title(t("overview_title", lang, year=filters.year))
if view.year_end is None:
    st.info(t("no_year_data", lang, year=filters.year))
    st.stop()
card = view.scorecard()
series = view.series()
rows = ui.scorecard_rows(card)
st.markdown(f"**{ui.summary_text(card, lang)}** · " + t(
    "overview_caption", lang, year=filters.year,
    date=fmt.date_text(view.year_end), scope=filters.scope_text()))
ui.early_warning_notice(view)       # only while the year is incomplete

for row_of_tiles in ui.tile_rows(view.plan, per_row=3):
    for column, target in zip(st.columns(3), row_of_tiles, strict=False):
        with column:
            ui.scorecard_tile(view, target, rows[target.id], series)

ui.download("download_scorecard", view, "scorecard",
            lambda: exports.scorecard_table(card, view.plan, filters, lang),
            suppressed=ui.has_marks(card))
