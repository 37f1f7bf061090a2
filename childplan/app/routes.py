"""Where each page lives: its file, its address, its place in the plan.

The routing tables the frame (dashboard.py) builds its navigation from.
Page files are fixed; titles come from i18n and the plan.
"""

import sys

from childplan.paths import REPO_DIR as APP_DIR  # noqa: F401 (dashboard.py is there)

# Plan section -> its page.
SECTION_PAGES = {
    3: "pages/protection.py",
    4: "pages/injuries.py",
    5: "pages/child_friendly.py",
    6: "pages/hiv.py",
    7: "pages/early_childhood.py",
    8: "pages/disability.py",
    9: "pages/participation.py",
    10: "pages/child_labour.py",
}
OVERVIEW_PAGE = "pages/overview.py"
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
    "pages/overview.py": "tong-quan",  # served at the root: default
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

# Presentation mode (issue 12): full screen, for every role, the meeting's
# figures only. Apart from PAGE_URLS, whose pages share the frame's sidebar
# and headings; its address is no file name either (see above).
PRESENTATION_PAGE = "pages/presentation.py"
PRESENTATION_URL = "trinh-chieu"


def leave_legacy_mode() -> None:
    """The process's first script runs go through Streamlit's legacy
    multipage runner (the pages/ folder beside dashboard.py), which runs this
    frame as a page of its own: every element the frame draws then gets
    another identity than in the runs after, so the first visitor's login
    press was lost (the form the next run reads is not the one pressed).
    Draw the rest of this run as every later run does, and switch the legacy
    mode off for the process. (That runner has already sent "Page not found"
    for an address that is not a file name: the one visitor who opens a
    freshly started server with a shared link sees it over the form; closed,
    the form and the link work. Moving pages/ away would end it.)"""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "_mpa_v1" and "streamlit" in code.co_filename:
            PagesManager.uses_pages_directory = False
            ctx = get_script_run_ctx()
            if ctx is not None:  # what st.navigation does for a v2 run
                ctx.set_mpa_v2_page(ctx.pages_manager.current_page_script_hash)
            return
        frame = frame.f_back
