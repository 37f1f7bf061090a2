"""§9 Quyền tham gia của trẻ em: each target's trend and its residential groups."""

from childplan import ui

ui.section_page(9)
