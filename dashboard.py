"""The frame of the dashboard: page set-up, login, shared filters, pages.

Run with `make run` (`streamlit run dashboard.py -- --data DIR`). The
filters live here, in the sidebar and bound to the URL, so they survive a
page switch and a copied link reproduces the exact view; each page in
pages/ reads them with `childplan.app.view.page_view()`, which also puts the
"simulated data" banner at the top of every page when the store says so.
"""

import streamlit as st

from childplan.access.login import logout_button, require_login
from childplan.app import downloads, routes, view, warm
from childplan.present.i18n import t

st.set_page_config(
    page_title=t("app_title"),
    page_icon=":material/child_care:",
    layout="wide",
    initial_sidebar_state="expanded",
)

routes.leave_legacy_mode()  # the process's first run only
downloads.keep_built_files()  # a file built on a click outlives others' runs
store = view.open_store()
fingerprint = store.fingerprint()  # once a run: every cached read is keyed on it
warm.start(str(store.root), fingerprint)  # while the login form is read
filters_box = st.sidebar.container()  # filters above the language switch
lang = view.language()
st.set_page_config(page_title=t("app_title", lang))  # the tab, in its language

# No data, and no page, title or address of the app, before a login: until
# then the gate registers only its own form, at the address asked for, so a
# shared link keeps its page and filters through the login form.
require_login(
    store.is_simulated,
    lang,
    t,
    [*routes.PAGE_URLS.values(), routes.PRESENTATION_URL],
)
logout_button(lang, t)

pages = [
    st.Page(
        routes.OVERVIEW_PAGE,
        title=t("page_overview", lang),
        icon=":material/dashboard:",
        default=True,
        url_path=routes.PAGE_URLS[routes.OVERVIEW_PAGE],
    ),
    # every role: the meeting's figures only, full screen
    st.Page(
        routes.PRESENTATION_PAGE,
        title=t("page_presentation", lang),
        icon=":material/slideshow:",
        url_path=routes.PRESENTATION_URL,
    ),
]
pages += [
    st.Page(path, title=t(f"nav_{no}", lang), url_path=routes.PAGE_URLS[path])
    for no, path in routes.SECTION_PAGES.items()
]
pages += [
    st.Page(
        path,
        title=t(key, lang),
        icon=icon,  # e.g. data quality
        url_path=routes.PAGE_URLS[path],
    )
    for path, (key, icon) in routes.OPTIONAL_PAGES.items()
    if (routes.APP_DIR / path).is_file()
]
page = st.navigation(pages, position="sidebar")

with filters_box:
    view.open_view(store, fingerprint, lang)
page.run()
