"""Text that goes into Streamlit markdown: escaped values, status badges.

Plain functions (no `st.` calls): the pages put their results in
`st.markdown` (and st.caption, st.info, ...), which would otherwise read a
group name or a URL value as links, images or HTML. Every data value that
meets markdown goes through `plain_text` (group names: `name_text`).
"""

import re

import pandas as pd

from childplan.present.charts import STATUS_COLOUR_NAMES
from childplan.present.filters import Filters, scope_name
from childplan.present.i18n import status_label, t
from childplan.store.contract import NAME_MAX_LENGTH


def plain_text(text: str, limit: int = 60) -> str:
    """Any text shown inside markdown as itself: cut short, markdown and
    HTML characters escaped (a URL value is whatever someone typed), and a
    word joiner (U+2060, invisible) where GFM would make a link of a bare
    address."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit] + "…"
    text = _BARE_LINK.sub("\u2060", text)
    return "".join("\\" + c if c in _MARKDOWN_CHARS else c for c in text)


# Inline, these are what markdown would read (links, images, HTML, code);
# ':' too.
_MARKDOWN_CHARS = set("\\`*_[]()<>#!|~:$")
# Streamlit's GFM finds bare addresses in the text AFTER escapes are read
# ('http\://x.org' is still a link, as are 'www\.x.org' and 'a\@x.org'), so
# no escape stops them: a word joiner breaks each pattern it looks for --
# between ':' and '//' of an address whose host has a dot, after 'www'
# before '.', before the '@' of an e-mail address.
_BARE_LINK = re.compile(r"(?<=:)(?=//[^\s/]*\.)|(?i:(?<=www)(?=\.))|(?=@[-\w]+\.)")


def name_text(name: str) -> str:
    """A residential group's name inside markdown, as itself (plain_text,
    cut at the longest name ingest accepts)."""
    return plain_text(name, NAME_MAX_LENGTH)


def scope_markdown(filters: Filters, lang: str | None = None) -> str:
    """Filters.scope_text for markdown: 'Tổ dân phố: Đức Thịnh, Hòa Sơn', each
    group name escaped (name_text)."""
    lang = lang or filters.lang
    if not filters.groups:
        return t("scope_town", lang)
    return t(
        "scope_groups",
        lang,
        groups=", ".join(name_text(scope_name(g)) for g in filters.groups),
    )


def status_badge(status: str, lang: str) -> str:
    """':green-badge[Đạt]': the status colour of the theme, as markdown."""
    return f":{STATUS_COLOUR_NAMES[status]}-badge[{status_label(status, lang)}]"


# A cell of a screen table is at most this long (a damaged file's reason is
# the longest text the tables hold).
TABLE_CELL_MAX_LENGTH = 500


def table_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A table of text cells for st.table, which reads every cell and
    heading as markdown: each escaped (plain_text), so a name shows as
    itself."""
    out = frame.map(lambda v: plain_text(v, TABLE_CELL_MAX_LENGTH))
    return out.rename(columns=lambda c: plain_text(c, TABLE_CELL_MAX_LENGTH))
