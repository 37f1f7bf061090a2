"""§3 Bảo vệ trẻ em: each target's trend and its residential groups."""

from childplan import ui

ui.section_page(3)
