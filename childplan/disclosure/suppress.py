"""Small-count suppression for sensitive tables: pure functions, no st., no SQL.

Rule (issue #6, item 3), stated on screen and in every downloaded file that
hides a count, in the reader's language (childplan.present.i18n's
``suppression_note`` and ``csv_suppression_note``): in a view or download
broken down by residential group, age, sex, cause or place, a count from 1
to 4 of a sensitive matter (HIV, abuse, trafficking, child labour, deaths)
is shown as ``<5``; other cells are hidden as well (``ẩn``) so that no
hidden count can be recovered from the totals, from the other cells or from
percentages.

Algorithm (documented here because the readers of a table know it too):

1. *Primary*: every cell of a sensitive column with 1 <= value <= 4 is
   hidden and shown as ``<5``. Zeros are shown: a zero is not a person.
2. *What a reader knows*: every shown cell; every column total (always
   treated as public: the town-wide counts are on the scorecard even when
   this table does not show them); the row totals when the columns add up
   (``row_total`` given); that a ``<5`` cell is 1..4; that an ``ẩn`` cell of a
   sensitive column is >= 5 and of another column >= 1 (zeros are never
   hidden, so hiding a zero would protect nothing); and ``bounded_by``
   relations between columns (deaths <= injured in the same row).
3. *Audit*: for every hidden cell, the smallest and largest value it can
   take under those facts is computed by linear programming (the constraints
   are row/column sums and bounds, a totally unimodular system, so the
   bounds are whole numbers and exact). A cell whose smallest and largest
   values are equal could be recovered. This is checked for the ``ẩn``
   cells too, so that no hidden count at all can be recovered.
4. *Complementary suppression*: while a hidden cell could be recovered, hide
   the smallest shown non-zero cell in a line (row or column with a known
   total, or a ``bounded_by`` partner) through that cell — for a one-way
   breakdown with a total this means "suppress the next smallest too" — then
   through the other hidden cells; only when no such cell is left, hide the
   line's total. Repeat the audit (``<5`` cells are handled first). Each
   step hides one more cell or total, so it ends, at the latest with
   everything that touches a ``<5`` cell hidden.

Views filtered to some residential groups (the filter takes any set, and
the town-wide view is one click away, so "town minus selection" is public):

- a by-group table is suppressed on *every* group of the town and only then
  cut down to the chosen groups, so the pattern never depends on the
  filter (suppressing the chosen rows alone would show a cell that the town
  view hides as a complement, and give the '<5' away);
- a count summed over the chosen groups (scorecard tile, year line, trend
  and their CSV files) is shown only when ``selection_hidden`` allows it: it
  is not 1..4, and the selection holds none or all of the groups hidden in
  the town-wide by-group table of the same snapshot; otherwise the count,
  the value, its interval and status are replaced by the mark, and the
  change from last year goes too (childplan.disclosure.rules.suppressed_selection);
- the town-wide totals (no group filter) are the published aggregate and
  are shown as they are, small or not: they are what the plan reports;
- a breakdown by cause, place, sex or age is shown for the whole town only:
  for a selection, the rest of the town would be its difference from the
  town-wide breakdown, a second table linked to the first, which this
  module does not protect.

A total hidden in this table may still be shown elsewhere (a town-wide count
on the scorecard): the audit takes column totals as public for that reason,
and only hides one when nothing else is left, which happens when every case
of the line falls in one category (then the category is the total).

One module because the algorithm's steps (primary cells, complementary
cells, the check that nothing is recoverable) share one problem's state.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.optimize import linprog

THRESHOLD = 5
PRIMARY_MARK = "<5"
SECONDARY_MARK = "ẩn"
TOTAL_LABEL = "Tổng"


def is_sensitive_target(target) -> bool:
    """Whether a plan Target counts a sensitive matter (its `sensitive`
    field in the plan catalogue)."""
    return bool(getattr(target, "sensitive", False))


def suppress_counts(
    df: pd.DataFrame,
    count_columns: Sequence[str],
    sensitive: bool | Iterable[str] = True,
    *,
    label_column: str | None = None,
    total_label: str | None = TOTAL_LABEL,
    row_total: str | None = None,
    row_sums: Sequence[Sequence[str]] = (),
    bounded_by: Mapping[str, str] | None = None,
    derived: Mapping[str, Sequence[str]] | None = None,
    threshold: int = THRESHOLD,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hide small sensitive counts and what would reveal them.

    ``df``: one row per category (no total row), ``count_columns`` whole
    non-negative counts. ``sensitive``: True (all count columns), False
    (nothing hidden) or the names of the sensitive columns.
    ``total_label``: append a total row labelled so in ``label_column``
    (default: the first column that is not a count); None: no total row
    (the column totals are still treated as public). ``row_total``: name of a
    column of row sums to add; give it only when the columns add up (e.g.
    boys / girls), never for nested ones (injured / of whom died).
    ``row_sums``: further sets of columns whose row sums a reader knows
    from elsewhere (not shown here). ``bounded_by``: {column: other} when
    column <= other in every row.
    ``derived``: {count column: [columns computed from it]} (shares, rates,
    interval bounds): hidden wherever the count is hidden.

    Returns ``(display, mask)``: ``display`` has the count columns as
    strings (``"12"``, ``"<5"``, ``"ẩn"``), ``mask`` is True where a count
    (or total) is hidden; both have the total row when one is asked for.
    """
    count_columns = list(count_columns)
    bounded_by = dict(bounded_by or {})
    derived = dict(derived or {})
    if sensitive is True:
        sensitive_cols = set(count_columns)
    elif sensitive is False:
        sensitive_cols = set()
    else:
        sensitive_cols = set(sensitive)
    unknown = (
        sensitive_cols
        | set(bounded_by)
        | set(bounded_by.values())
        | set(derived)
        | {c for g in row_sums for c in g}
    ) - set(count_columns)
    if unknown:
        raise ValueError(f"not count columns: {sorted(unknown)}")

    values = _counts(df, count_columns)
    n_rows, n_cols = values.shape
    is_sens = np.array([c in sensitive_cols for c in count_columns])
    primary = (values >= 1) & (values < threshold) & is_sens[None, :]
    hidden = primary.copy()
    col_total_known = np.ones(n_cols, dtype=bool)
    row_groups = ([list(range(n_cols))] if row_total is not None else []) + [
        [count_columns.index(c) for c in g] for g in row_sums
    ]
    row_total_known = np.ones((n_rows, len(row_groups)), dtype=bool)
    pairs = [
        (count_columns.index(a), count_columns.index(b)) for a, b in bounded_by.items()
    ]

    problem = _Problem(values, primary, is_sens, threshold, pairs, row_groups)
    while True:
        exposed = problem.exposed(hidden, row_total_known, col_total_known)
        if not exposed:
            break
        if not _protect(problem, exposed, hidden, row_total_known, col_total_known):
            # Unreachable by construction (see module docstring); fail loudly
            # rather than publish a recoverable count.
            raise RuntimeError(
                f"small-count suppression could not protect cells {exposed}"
            )

    return _render(
        df,
        count_columns,
        values,
        primary,
        hidden,
        row_total_known,
        col_total_known,
        label_column,
        total_label,
        row_total,
        derived,
    )


def selection_hidden(
    count: float | None,
    selected: Collection[str],
    hidden_groups: Collection[str],
    threshold: int = THRESHOLD,
) -> bool:
    """Whether a sensitive count summed over chosen residential groups hides.

    ``hidden_groups``: the groups whose count is hidden in the town-wide
    by-group table (``suppress_counts`` on every group, same target and
    snapshot). The group filter takes any set of groups and the town count
    is public, so a sum over a selection is shown only when it adds nothing
    to that table: the selection holds none of the hidden groups, or all of
    them (their sum is then known from the total). Otherwise "X and Y"
    minus "Y" would give X. Counts 1..4 hide as well. NaN shows as is.
    """
    if count is None or count != count:
        return False
    if 1 <= count < threshold:
        return True
    hidden, chosen = set(hidden_groups), set(selected)
    return bool(hidden & chosen) and not hidden <= chosen


def recoverable_cells(
    values,
    primary,
    hidden,
    *,
    row_totals_known=None,
    col_totals_known=None,
    sensitive_columns=None,
    bounded_by_pairs=(),
    threshold: int = THRESHOLD,
):
    """The hidden cells (row, col) a reader could pin down (tests, audits)."""
    values = np.asarray(values, dtype=np.int64)
    n_rows, n_cols = values.shape
    is_sens = (
        np.ones(n_cols, dtype=bool)
        if sensitive_columns is None
        else np.asarray(sensitive_columns, dtype=bool)
    )
    rk = (
        np.zeros((n_rows, 1), dtype=bool)
        if row_totals_known is None
        else np.asarray(row_totals_known, dtype=bool).reshape(n_rows, 1)
    )
    ck = (
        np.ones(n_cols, dtype=bool)
        if col_totals_known is None
        else np.asarray(col_totals_known, dtype=bool)
    )
    problem = _Problem(
        values,
        np.asarray(primary, dtype=bool),
        is_sens,
        threshold,
        list(bounded_by_pairs),
        [list(range(n_cols))],
    )
    return problem.exposed(np.asarray(hidden, dtype=bool), rk, ck)


# --- internals -------------------------------------------------------------


def _counts(df: pd.DataFrame, count_columns: list[str]) -> np.ndarray:
    block = df[count_columns]
    if block.isna().any().any():
        raise ValueError("counts must not be missing")
    values = block.to_numpy(dtype=np.float64)
    if (values < 0).any() or (values != np.round(values)).any():
        raise ValueError("counts must be whole non-negative numbers")
    return values.astype(np.int64)


class _Problem:
    """The facts a reader has, and the bounds they imply (linear programs)."""

    def __init__(self, values, primary, is_sens, threshold, pairs, row_groups=()):
        self.values = values
        # row_groups[g]: column indices whose sum is known in every row
        # (row_known[r, g] says whether it still is for row r).
        self.row_groups = [tuple(g) for g in row_groups]
        self.primary = primary
        self.is_sens = is_sens
        self.threshold = threshold
        self.pairs = pairs

    def domain(self, r: int, c: int) -> tuple[float, float | None]:
        if self.primary[r, c]:
            return 1.0, float(self.threshold - 1)
        # Hidden to protect another cell: never 0, and >= threshold in a
        # sensitive column (smaller ones there are primary).
        return (float(self.threshold) if self.is_sens[c] else 1.0), None

    def exposed(self, hidden, row_known, col_known) -> list[tuple[int, int]]:
        cells = [tuple(map(int, rc)) for rc in np.argwhere(hidden)]
        index = {cell: i for i, cell in enumerate(cells)}
        n = len(cells)
        a_eq, b_eq = [], []
        for r, g in np.argwhere(row_known):
            line = [(int(r), c) for c in self.row_groups[g]]
            self._line(line, index, n, a_eq, b_eq)
        for c in np.flatnonzero(col_known):
            line = [(r, c) for r in range(self.values.shape[0])]
            self._line(line, index, n, a_eq, b_eq)
        a_ub, b_ub = [], []
        bounds = [self.domain(r, c) for r, c in cells]
        for small, big in self.pairs:
            for r in range(self.values.shape[0]):
                s, b = (r, small), (r, big)
                if s in index and b in index:  # x_s - x_b <= 0
                    row = np.zeros(n)
                    row[index[s]], row[index[b]] = 1, -1
                    a_ub.append(row)
                    b_ub.append(0.0)
                elif s in index:  # x_s <= shown value
                    lo, hi = bounds[index[s]]
                    cap = float(self.values[b])
                    bounds[index[s]] = (lo, cap if hi is None else min(hi, cap))
                elif b in index:  # x_b >= shown value
                    lo, hi = bounds[index[b]]
                    bounds[index[b]] = (max(lo, float(self.values[s])), hi)
        out = []
        # '<5' cells first: they are the ones the protection is for.
        for cell in sorted(cells, key=lambda cell: not self.primary[cell]):
            lo = self._extreme(index[cell], n, 1, a_eq, b_eq, a_ub, b_ub, bounds)
            hi = self._extreme(index[cell], n, -1, a_eq, b_eq, a_ub, b_ub, bounds)
            if hi - lo < 0.5:
                out.append(cell)
        return out

    def _line(self, line, index, n, a_eq, b_eq):
        hidden = [index[cell] for cell in line if cell in index]
        if not hidden:
            return
        row = np.zeros(n)
        row[hidden] = 1
        a_eq.append(row)
        b_eq.append(float(sum(self.values[cell] for cell in line if cell in index)))

    @staticmethod
    def _extreme(i, n, sign, a_eq, b_eq, a_ub, b_ub, bounds) -> float:
        cost = np.zeros(n)
        cost[i] = sign
        res = linprog(
            cost,
            A_ub=np.array(a_ub) if a_ub else None,
            b_ub=b_ub or None,
            A_eq=np.array(a_eq) if a_eq else None,
            b_eq=b_eq or None,
            bounds=bounds,
            method="highs",
        )
        if res.status == 3:  # unbounded above
            return float("inf") if sign < 0 else float("-inf")
        if res.status != 0:
            raise RuntimeError(f"suppression audit failed: {res.message}")
        return sign * res.fun


def _protect(problem, exposed, hidden, row_known, col_known) -> bool:
    """Hide one more cell (or total) to protect the first exposed cell."""
    values = problem.values
    n_rows = values.shape[0]

    def neighbours(cell):
        r, c = cell
        out = []
        for g, cols in enumerate(problem.row_groups):
            if c in cols and row_known[r, g]:
                out += [(r, j) for j in cols]
        if col_known[c]:
            out += [(i, c) for i in range(n_rows)]
        for small, big in problem.pairs:
            if c == small:
                out.append((r, big))
            elif c == big:
                out.append((r, small))
        return out

    def smallest(cells):
        shown = [cell for cell in cells if not hidden[cell] and values[cell] > 0]
        if not shown:
            return None
        # smallest value, then table order: deterministic
        return min(shown, key=lambda cell: (values[cell], cell))

    for target in exposed:
        pick = smallest(neighbours(target))
        if pick is None:
            others = [tuple(map(int, rc)) for rc in np.argwhere(hidden)]
            pick = smallest([n for h in others for n in neighbours(h)])
        if pick is not None:
            hidden[pick] = True
            return True
        # Nothing left to hide in the lines: the line total goes.
        if _drop_total(problem, target, row_known, col_known):
            return True
    return any(
        _drop_total(problem, tuple(map(int, rc)), row_known, col_known)
        for rc in np.argwhere(hidden)
    )


def _drop_total(problem, cell, row_known, col_known) -> bool:
    """Stop showing one total of a line through the cell, if any is left."""
    r, c = cell
    if col_known[c]:
        col_known[c] = False
        return True
    for g, cols in enumerate(problem.row_groups):
        if c in cols and row_known[r, g]:
            row_known[r, g] = False
            return True
    return False


def _render(
    df,
    count_columns,
    values,
    primary,
    hidden,
    row_known,
    col_known,
    label_column,
    total_label,
    row_total,
    derived,
):
    def mark(is_primary: bool) -> str:
        return PRIMARY_MARK if is_primary else SECONDARY_MARK

    display = df.copy().reset_index(drop=True)
    mask = pd.DataFrame(hidden, columns=count_columns)
    for j, col in enumerate(count_columns):
        display[col] = [
            mark(primary[i, j]) if hidden[i, j] else str(values[i, j])
            for i in range(values.shape[0])
        ]
        for dcol in derived.get(col, ()):
            display[dcol] = display[dcol].astype(object)
            for i in np.flatnonzero(hidden[:, j]):
                display.loc[i, dcol] = mark(primary[i, j])
    if row_total is not None:
        row_known = row_known[:, 0]  # group 0: all count columns
        sums = values.sum(axis=1)
        display[row_total] = [
            str(s) if known else SECONDARY_MARK
            for s, known in zip(sums, row_known, strict=True)
        ]
        mask[row_total] = ~row_known
    if total_label is not None:
        if label_column is None:
            label_column = next(c for c in display.columns if c not in count_columns)
        total = {c: None for c in display.columns}
        total[label_column] = total_label
        col_sums = values.sum(axis=0)
        for j, col in enumerate(count_columns):
            total[col] = str(col_sums[j]) if col_known[j] else SECONDARY_MARK
        mask_total = {c: not col_known[j] for j, c in enumerate(count_columns)}
        if row_total is not None:
            grand_known = bool(col_known.all() or row_known.all())
            total[row_total] = str(values.sum()) if grand_known else SECONDARY_MARK
            mask_total[row_total] = not grand_known
        display = pd.concat([display, pd.DataFrame([total])], ignore_index=True)
        mask = pd.concat([mask, pd.DataFrame([mask_total])], ignore_index=True)
    return display, mask.astype(bool)
