"""The printer: an HTML page the product rendered, as an A4 landscape PDF.

Debian's Chromium (/usr/bin/chromium) driven by Playwright's sync API prints
the page; nothing is downloaded at run time (plotly.js is inlined in the
page, the fonts are the system's Noto Sans, which Chromium embeds as
subsets). No Streamlit here: the overview's download button calls
`html_to_pdf` when pressed, and `bench.pdf` times it.

Playwright's sync API refuses to run in a thread with a running asyncio
loop. Streamlit runs a deferred download in a worker thread
(asyncio.to_thread), where no loop runs; a caller on a loop is handed a
thread of its own anyway, so the printer works from anywhere.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import hashlib
import os
import re
import threading
from pathlib import Path

CHROMIUM_ENV = "CHILDPLAN_CHROMIUM"  # another Chromium binary (tests, deploys)
CHROMIUM = Path("/usr/bin/chromium")
# Headless, no network chatter (the browser tests launch it so too, from
# this list): nothing may be fetched at run time.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A4 landscape, 12 mm margins at the sides, room for the page number below:
# the page is laid out at the printed width (297 - 2 x 12 mm = 1032 px at
# 96 px per inch), so what the charts draw is what is printed.
MARGIN = {"top": "12mm", "bottom": "14mm", "left": "12mm", "right": "12mm"}
PAGE_WIDTH_PX = 1032
PAGE_HEIGHT_PX = 680
DRAW_TIMEOUT_MS = 30_000
# Every chart of the page is drawn (report_html marks each one's div).
ALL_DRAWN = (
    "() => [...document.querySelectorAll('.cp-plot')]"
    ".every(d => d.querySelector('.main-svg'))"
)


PRINTED_KEPT = 16  # PDFs kept by their page's digest (about 0.4 MB each)
_PRINTED: collections.OrderedDict[str, bytes] = collections.OrderedDict()
_PRINTED_LOCK = threading.Lock()
# Chromiums printing at once in this server. A Chromium takes a core and
# some 300 MB for five seconds: a room of officers pressing "Tải báo cáo
# PDF" together queues up behind one printer instead of starting one each
# and slowing every session of a two-core server; the same view pressed
# again while it prints waits and gets the file printed (by its digest).
PRINTERS = 1
_PRINTER_SLOTS = threading.BoundedSemaphore(PRINTERS)


class PdfUnavailable(RuntimeError):
    """No Chromium on this machine: PDF needs the `chromium` package."""


def chromium_path() -> Path | None:
    """The Chromium binary that prints, or None when it is not installed."""
    path = Path(os.environ.get(CHROMIUM_ENV) or CHROMIUM)
    return path if path.is_file() and os.access(path, os.X_OK) else None


def html_to_pdf(html: str, footer_html: str) -> bytes:
    """`html` printed on A4 landscape pages, `footer_html` at the foot of
    each (Chromium fills its <span class="pageNumber"> and "totalPages").

    The same page printed again (a second press, another reader of the
    same view the same day) is the file already made: printing is
    deterministic (same_all_day), so the last few are kept by the page's
    digest. They hold what a meeting may see and nothing more."""
    key = hashlib.sha256(f"{html}\x00{footer_html}".encode()).hexdigest()
    document = _printed(key)
    if document is not None:
        return document
    with _PRINTER_SLOTS:
        document = _printed(key)  # printed while this one waited its turn
        if document is not None:
            return document
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no loop in this thread: the sync API may run here
            document = _print(html, footer_html)
        else:
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
                document = worker.submit(_print, html, footer_html).result()
        with _PRINTED_LOCK:
            _PRINTED[key] = document
            while len(_PRINTED) > PRINTED_KEPT:
                _PRINTED.popitem(last=False)
    return document


def _printed(key: str) -> bytes | None:
    with _PRINTED_LOCK:
        if key in _PRINTED:
            _PRINTED.move_to_end(key)
            return _PRINTED[key]
    return None


def _print(html: str, footer_html: str) -> bytes:
    from playwright.sync_api import sync_playwright

    binary = chromium_path()
    if binary is None:
        raise PdfUnavailable("PDF needs the chromium package (apt install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(binary), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(
                viewport={"width": PAGE_WIDTH_PX, "height": PAGE_HEIGHT_PX}
            )
            # offline: the page holds everything it needs
            page.route("**/*", _only_the_page)
            page.set_content(html, wait_until="load")
            page.wait_for_function(ALL_DRAWN, timeout=DRAW_TIMEOUT_MS)
            page.emulate_media(media="print")
            return same_all_day(
                page.pdf(
                    format="A4",
                    landscape=True,
                    print_background=True,
                    margin=MARGIN,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer_html,
                    prefer_css_page_size=False,
                )
            )
        finally:
            browser.close()


_PRINT_TIME = re.compile(rb"(/(?:CreationDate|ModDate) \(D:\d{8})\d{6}")


def same_all_day(document: bytes) -> bytes:
    """The PDF's creation and modification times at midnight of the day
    printed, as its pages say ("Ngày in"): the same view printed twice in a
    day is the same file, byte for byte (the disclosure tests compare
    downloads whole). Same length, so the file's offsets hold."""
    return _PRINT_TIME.sub(rb"\g<1>000000", document)


def _only_the_page(route) -> None:
    """Refuse every request the page might make (it should make none)."""
    if route.request.url.startswith(("data:", "about:")):
        route.continue_()
    else:
        route.abort()
