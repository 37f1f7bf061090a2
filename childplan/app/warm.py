"""Warm the store-wide caches while the first visitor reads the login form.

After "Đăng nhập" the first page of a freshly started server used to pay
for everything at once: the pages' own imports, opening the store (a view
over every snapshot's files, the rollups read into memory), the whole
town's scorecard, trend and groups grid. On the sample town that was 2.3 s
of the 2 s the issue allows from login to first chart (issue 13). A
visitor who opens the address spends longer than that typing a password,
so the first run of each store version starts the same reads in a thread
of their own: by the time the form is sent, the overview's default view
is cached and only drawn.

Nothing computed here reaches the browser: the thread fills the same
caches a page run would (childplan.app.reads, keyed on the store and the
filters, holding only what every role may see), and draws nothing.
Only under a real server (`streamlit run`): AppTest has no runtime, and a
test's own runs must not share the machine with a warm-up.
"""

from __future__ import annotations

import logging
import threading

from streamlit import runtime
from streamlit.runtime.scriptrunner import add_script_run_ctx

_LOG = logging.getLogger(__name__)
_started: set[tuple[str, tuple]] = set()
_lock = threading.Lock()


def start(root: str, fingerprint: tuple) -> threading.Thread | None:
    """Warm this store version once per server process, in the background
    (None when already started, or outside a real server)."""
    if not runtime.exists():
        return None
    with _lock:
        if (root, fingerprint) in _started:
            return None
        _started.add((root, fingerprint))
    thread = threading.Thread(
        target=_warm, args=(root, fingerprint), name="childplan-warm", daemon=True
    )
    add_script_run_ctx(thread)  # the cached reads run as in a script
    thread.start()
    return thread


def _warm(root: str, fingerprint: tuple) -> None:
    try:
        default_view(root, fingerprint)
    except Exception:  # a warm-up must never break a visit
        _LOG.exception("warming the caches of %s failed", root)


def default_view(root: str, fingerprint: tuple) -> None:
    """The reads of the overview as it first opens (the whole town and
    view.opening_scope, which open_view's widgets start from), and the
    modules its page imports."""
    import childplan.app.blocks  # noqa: F401  -- the pages' imports
    import childplan.app.overview  # noqa: F401
    import childplan.app.report  # noqa: F401
    from childplan.app import reads
    from childplan.app.view import opening_scope
    from childplan.indicators.targets import last_of_year

    facts = reads.store_facts(root, fingerprint)
    dates = facts["dates"]
    if not dates or facts["stale_rollups"]:
        return
    year, first, last = opening_scope(dates)
    year_end = last_of_year(dates, year)
    reads.scorecard(root, fingerprint, year, ())
    reads.series(root, fingerprint, year, (), first, last)
    reads.grid_cells(root, fingerprint, year, year_end, None)
