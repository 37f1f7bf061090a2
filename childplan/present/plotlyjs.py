"""plotly.js for the pages the product renders itself (the presentation
deck, the printed report): the official basic bundle kept in vendor/ (see
its README), 1.2 MB instead of the 4.8 MB full bundle, at the version of
plotly.js the installed Python plotly writes figures for.

Every trace type the product draws must be in the bundle: TRACE_TYPES lists
them, and tests/test_plotlyjs.py checks the charts against it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

BUNDLE = Path(__file__).with_name("vendor") / "plotly-basic.min.js"
# The trace types of the basic bundle (plotly.js's own list for it).
TRACE_TYPES = frozenset({"scatter", "bar", "pie"})
_VERSION = re.compile(r"plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)")


@functools.cache
def source() -> str:
    """The bundle's text, read once per process."""
    return BUNDLE.read_text(encoding="utf-8")


def version() -> str:
    """The bundle's plotly.js version, from its own banner."""
    found = _VERSION.search(source()[:400])
    if found is None:
        raise ValueError(f"{BUNDLE}: no plotly.js version in its banner")
    return found.group(1)
