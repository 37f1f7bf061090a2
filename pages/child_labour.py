"""§10 Phòng ngừa lao động trẻ em: each target's trend and its residential groups."""

from childplan import ui

ui.section_page(10)
