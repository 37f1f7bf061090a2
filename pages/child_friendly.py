"""§5 Thị trấn phù hợp với trẻ em: each target's trend and its residential groups."""

from childplan import ui

ui.section_page(5)
