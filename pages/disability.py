"""§8 Trẻ em khuyết tật: each target's trend and its residential groups."""

from childplan import ui

ui.section_page(8)
