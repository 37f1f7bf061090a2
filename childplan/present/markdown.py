"""Text that goes into Streamlit markdown: escaped values, status badges.

Plain functions (no `st.` calls): the pages put their results in
`st.markdown`, which would otherwise read a group name or a URL value as
links, images or HTML.
"""

from childplan.present.charts import STATUS_COLOUR_NAMES
from childplan.present.i18n import status_label


def plain_text(text: str, limit: int = 60) -> str:
    """Any text shown inside markdown as itself: cut short, markdown and
    HTML characters escaped (a URL value is whatever someone typed)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit] + "…"
    return "".join("\\" + c if c in _MARKDOWN_CHARS else c for c in text)


# Inline, these are what markdown would read (links, images, HTML, code);
# ':' too, so that no address becomes a link.
_MARKDOWN_CHARS = set("\\`*_[]()<>#!|~:$")


def status_badge(status: str, lang: str) -> str:
    """':green-badge[Đạt]': the status colour of the theme, as markdown."""
    return f":{STATUS_COLOUR_NAMES[status]}-badge[{status_label(status, lang)}]"
