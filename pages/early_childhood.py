"""§7 Phát triển toàn diện trẻ em đầu đời: trend and groups per target."""

from childplan import ui

ui.section_page(7)
