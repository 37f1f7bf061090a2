"""The committee's decisions beside their targets (SQLite, see store.py)."""

# The decisions on the groups grid (which group is behind) are kept under
# this id, as a target's are under the target's: the grid is no target of
# the plan, but a meeting decides on it ("giao tổ dân phố Hòa Sơn ...").
GRID_ID = "groups_grid"
