"""§3 Bảo vệ trẻ em: each target's year value, trend and residential groups."""

from childplan.app.blocks import scorecard_rows, section_heading, target_block
from childplan.app.grid import groups_grid
from childplan.app.view import page_view

SECTION = 3

view = page_view()
section_heading(view, SECTION)  # stops when the year has no data
groups_grid(view, SECTION)  # which group misses which of these targets
rows = scorecard_rows(view.scorecard())
series = view.series()
for target in view.targets(SECTION):
    target_block(view, target, series, rows[target.id])
