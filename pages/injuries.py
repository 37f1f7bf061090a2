"""§4 Tai nạn, thương tích: the targets, then the commune injury report's
breakdown of the chosen year by cause, place, sex and age band."""

import streamlit as st

from childplan import exports, fmt, ui
from childplan.i18n import t

view = ui.section_page(4)
lang, filters = view.lang, view.filters
if view.year_end is None:
    st.stop()

# Small death counts hidden ('<5', 'ẩn'): childplan.suppress.
breakdown = exports.suppressed_breakdown(view.injury_breakdown())
st.header(t("breakdown_title", lang, year=filters.year,
            date=fmt.date_text(view.year_end)))
st.caption(t("breakdown_caption", lang, scope=t("scope_town", lang)))
if filters.groups:                      # deaths by cause for a few groups
    st.info(t("breakdown_town_only", lang), icon=":material/public:")
causes, others = st.columns(2, gap="medium")
with causes:
    ui.breakdown_chart(view, breakdown, "cause")
with others:
    for dimension in ("place", "sex", "age_band"):
        ui.breakdown_chart(view, breakdown, dimension)
st.caption(t("suppression_note", lang))
ui.download("download", view, "injury_breakdown",
            lambda: exports.breakdown_table(breakdown, lang), suppressed=True)
