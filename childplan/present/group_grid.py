"""The groups grid: which residential group is behind on which target.

One row per residential group (the town's row on top), one column per
target a meeting compares by group (disclosure.rules.grid_targets); each
cell the group's value, coloured by its status against the plan threshold
(the theme's status colours, as on the badges), marked ▲/▼ only where the
group differs from the threshold beyond chance (the exact test of
indicators.stats, 95%). Rows with the most targets missed come first.
Plain functions of data (no Streamlit): `grid_cells` and `grid_rows` are
the data, `grid_html` the project's own HTML table (no dataframe toolbar,
printable with its colours).
"""

from __future__ import annotations

import html

import pandas as pd

from childplan.indicators import stats
from childplan.present import fmt
from childplan.present.charts import STATUS_COLOURS, THRESHOLD_COLOUR, short_names
from childplan.present.i18n import (
    group_status_label,
    status_label,
    t,
    target_name,
    target_short,
)

GRID_LEVEL = 0.95  # the level of the ▲/▼ marks
CELL_COLUMNS = [
    "residential_group",
    "is_town",
    "target_id",
    "numerator",
    "denominator",
    "value",
    "status",
    "mark",
    "is_worse",
]
MARKS = {"above": "▲", "below": "▼"}
# At most this many groups in a grid on screen (the chosen ones besides):
# those missing most targets. A meeting reads the groups behind, and a
# projector shows about this many rows; every group is one toggle away.
SHOWN_GROUPS = 20
# Cells without a status to colour (no data, nothing to count) stay pale,
# so the eye goes to the coloured ones.
PALE = {"no_data": "#EDEDED", "no_cases": "#EDEDED"}


def grid_cells(by_group: pd.DataFrame, town: pd.DataFrame, targets) -> pd.DataFrame:
    """One row per (group, target), the town's first: CELL_COLUMNS.

    `by_group`: indicators.by_group_targets (target_id, residential_group,
    numerator, denominator, value, status); `town`: the whole town's
    scorecard (target_id, numerator, denominator, value, status). `mark` is
    "above"/"below" where the exact test at 95% puts the group outside the
    funnel of the threshold, else "" (never on the town's row: it is what
    the groups are read against); is_worse when that side is the bad one.
    """
    parts = []
    town_rows = town.set_index("target_id")
    for target in targets:
        if target.id in town_rows.index:
            row = town_rows.loc[target.id]
            parts.append(
                pd.DataFrame(
                    {
                        "residential_group": [""],
                        "is_town": [True],
                        "target_id": [target.id],
                        "numerator": [float(row["numerator"])],
                        "denominator": [float(row["denominator"])],
                        "value": [float(row["value"])],
                        "status": [row["status"]],
                        "mark": [""],
                        "is_worse": [False],
                    }
                )
            )
        rows = by_group[by_group["target_id"] == target.id].reset_index(drop=True)
        rows = rows.assign(is_town=False, mark="", is_worse=False)
        if stats.has_funnel(target) and len(rows):
            placed = stats.funnel_outliers(rows, target, levels=(GRID_LEVEL,))
            placed = placed.set_index("residential_group")
            for i, group in enumerate(rows["residential_group"]):
                if group in placed.index and placed.at[group, "side"]:
                    rows.at[i, "mark"] = placed.at[group, "side"]
                    rows.at[i, "is_worse"] = bool(placed.at[group, "is_worse"])
        parts.append(rows[CELL_COLUMNS])
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in CELL_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    # the town's row first, then groups as they came (the query's order)
    order = {g: i for i, g in enumerate(dict.fromkeys(out["residential_group"]))}
    out = out.assign(_town=~out["is_town"], _order=out["residential_group"].map(order))
    out = out.sort_values(["_town", "_order"], kind="stable")
    return out.drop(columns=["_town", "_order"]).reset_index(drop=True)


def grid_rows(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per group, in the grid's order: residential_group, is_town,
    missed (targets not met), measured (targets met or not met), worse
    (cells marked on the bad side). The town first; then most targets
    missed first, then most marked worse, then the query's order."""
    if cells.empty:
        return pd.DataFrame(
            columns=["residential_group", "is_town", "missed", "measured", "worse"]
        )
    rows = (
        cells.assign(
            missed=cells["status"] == "not_met",
            measured=cells["status"].isin(["met", "not_met"]),
            worse=cells["is_worse"].astype(bool),
        )
        .groupby(["residential_group", "is_town"], sort=False)[
            ["missed", "measured", "worse"]
        ]
        .sum()
        .reset_index()
    )
    rows[["missed", "measured", "worse"]] = rows[
        ["missed", "measured", "worse"]
    ].astype(int)
    rows["_order"] = range(len(rows))
    rows = rows.sort_values(
        ["is_town", "missed", "worse", "_order"],
        ascending=[False, False, False, True],
        kind="stable",
    )
    return rows.drop(columns="_order").reset_index(drop=True)


def cell_text(
    value, mark: str, unit: str, lang: str, threshold=None, operator=None
) -> str:
    """'2,5% ▲': the value as everywhere else (never rounded onto or across
    the plan's threshold), and the mark when there is one; '—' without a
    value."""
    text = fmt.value_text(value, unit, lang, threshold, operator)
    return f"{text} {MARKS[mark]}" if mark else text


def shown_rows(rows: pd.DataFrame, limit: int | None, chosen=()) -> pd.DataFrame:
    """The rows of `grid_rows` a grid draws: the town's, then the first
    `limit` groups (those missing most targets), then any chosen group
    further down, in the grid's order. Every row when `limit` is None or
    there are no more groups than that."""
    groups = ~rows["is_town"].astype(bool)
    if limit is None or int(groups.sum()) <= limit:
        return rows
    rank = groups.cumsum()
    keep = ~groups | (rank <= limit) | rows["residential_group"].isin(list(chosen))
    return rows[keep].reset_index(drop=True)


def grid_html(
    cells: pd.DataFrame,
    targets,
    lang: str = "vi",
    chosen=(),
    limit=None,
    every: pd.DataFrame | None = None,
) -> str:
    """The grid as an HTML table with its legend. Every text is escaped
    (group names are data). `chosen`: the groups of the filter, outlined.
    `limit`: at most that many groups besides the chosen ones, those
    missing most targets (shown_rows); None: every group. `every`:
    grid_rows(cells), when the caller holds it already (it depends on the
    cells only: the pages keep it per store version)."""
    present = set(cells["target_id"].unique())
    targets = [x for x in targets if x.id in present]
    if every is None:
        every = grid_rows(cells)
    rows = shown_rows(every, limit, chosen)
    groups = [g for g in rows["residential_group"] if g]
    names = dict(zip(groups, short_names(groups), strict=True))
    # one dict lookup per cell, over the rows drawn only (a MultiIndex
    # .loc per cell cost ~0.3 ms: 5 s for the 18,000 cells of 1,500 groups)
    drawn = cells[cells["residential_group"].isin(rows["residential_group"])]
    by_key = {
        (c.residential_group, c.target_id): c for c in drawn.itertuples(index=False)
    }
    missed_help = _e(t("grid_missed_help", lang))
    head = [
        f'<th scope="col" class="cp-g-name">{_e(t("grid_col_group", lang))}</th>',
        f'<th scope="col" class="cp-g-missed" title="{missed_help}">'
        f"{_e(t('grid_col_missed', lang))}</th>",
    ]
    for target in targets:
        threshold = fmt.threshold_text(
            target.operator, target.threshold, target.unit, lang
        )
        ref = t("section_ref", lang, no=target.section_no)
        title = f"{ref} · {target_name(target, lang)}"
        if threshold:
            title += f" ({t('target_label', lang, threshold=threshold)})"
        head.append(
            f'<th scope="col" title="{_e(title)}">'
            f'<span class="cp-g-short">{_e(target_short(target, lang))}</span>'
            f'<span class="cp-g-thr">{_e(threshold)}</span></th>'
        )
    body = []
    for row in rows.itertuples(index=False):
        group = row.residential_group
        name = t("scope_town", lang) if row.is_town else names[group]
        classes = ["cp-g-town"] if row.is_town else []
        if group and group in chosen:
            classes.append("cp-g-chosen")
        missed = f"{row.missed}/{row.measured}" if row.measured else fmt.MISSING
        cells_html = [
            f'<th scope="row" class="cp-g-name" title="{_e(group or name)}">'
            f"{_e(name)}</th>",
            f'<td class="cp-g-missed">{_e(missed)}</td>',
        ]
        for target in targets:
            cells_html.append(_cell(by_key.get((group, target.id)), name, target, lang))
        cls = f' class="{" ".join(classes)}"' if classes else ""
        body.append(f"<tr{cls}>{''.join(cells_html)}</tr>")
        if row.is_town:  # a little air between the town and its groups
            span = len(targets) + 2
            body.append(f'<tr class="cp-g-gap"><td colspan="{span}"></td></tr>')
    return (
        f"<style>{_CSS}</style>"
        f'<div class="cp-grid"><table class="cp-grid-table">'
        f"<thead><tr>{''.join(head)}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
        f"{_cut_note(every, rows, limit, lang)}{legend_html(lang)}"
    )


def _cut_note(every: pd.DataFrame, shown: pd.DataFrame, limit, lang: str) -> str:
    """Under a grid that leaves groups out: how many it shows, and which
    (the chosen groups named only when some are drawn beyond the first)."""
    if len(shown) == len(every):
        return ""
    count = int((~every["is_town"].astype(bool)).sum())
    drawn = int((~shown["is_town"].astype(bool)).sum())
    text = t(
        "grid_cut_chosen" if drawn > limit else "grid_cut",
        lang,
        shown=fmt.number(drawn, lang, 0),
        total=fmt.number(count, lang, 0),
        top=fmt.number(limit, lang, 0),
    )
    return f'<p class="cp-g-cut">{_e(text)}</p>'


def legend_html(lang: str = "vi") -> str:
    """What each colour and mark means, under the grid."""
    items = [
        _swatch(STATUS_COLOURS[s], status_label(s, lang), "white")
        for s in ("met", "not_met")
    ]
    items.append(_swatch(PALE["no_data"], status_label("no_data", lang), "#4D4D4D"))
    items.append(
        '<span class="cp-g-key"><span class="cp-g-sw cp-g-sig">▲ ▼</span>'
        f"{_e(t('grid_legend_mark', lang))}</span>"
    )
    return f'<div class="cp-g-legend">{"".join(items)}</div>'


def _cell(cell, name: str, target, lang: str) -> str:
    """One cell: `cell` a row of grid_cells (a named tuple), or None."""
    if cell is None:
        return '<td class="cp-g-cell cp-g-none">' + _e(fmt.MISSING) + "</td>"
    status, mark = cell.status, cell.mark
    background = PALE.get(status, STATUS_COLOURS.get(status, PALE["no_data"]))
    ink = "#4D4D4D" if status in PALE else "white"
    text = cell_text(
        cell.value, mark, target.unit, lang, target.threshold, target.operator
    )
    title = [f"{name} — {target_name(target, lang)}"]
    value = fmt.value_text(
        cell.value, target.unit, lang, target.threshold, target.operator
    )
    if not fmt.is_missing(cell.numerator) and target.kind in ("share", "rate"):
        value += (
            f" ({fmt.number(cell.numerator, lang, 0)}/"
            f"{fmt.number(cell.denominator, lang, 0)})"
        )
    title.append(f"{value} · {group_status_label(status, cell.denominator, lang)}")
    if mark:
        title.append(t(f"grid_mark_{mark}", lang))
    classes = "cp-g-cell cp-g-sig" if mark else "cp-g-cell"
    return (
        f'<td class="{classes}" style="background:{background};color:{ink}" '
        f'title="{_e(chr(10).join(title))}">{_e(text)}</td>'
    )


def _swatch(colour: str, label: str, ink: str) -> str:
    return (
        f'<span class="cp-g-key"><span class="cp-g-sw" '
        f'style="background:{colour};color:{ink}">&nbsp;</span>{_e(label)}</span>'
    )


def _e(text) -> str:
    return html.escape(str(text), quote=True)


# Sizes follow the grid's own width (container units): about 18px type on
# a projector at 1920 px, never under 14px at a 1280 px desk (headings at
# 0.9 of that: 12.6px); when the columns still do not fit, the table
# scrolls sideways with the group names held in place, under a scrollbar
# that is always drawn (Chromium's overlay bar hides until touched, so the
# cut columns looked like the end of the grid). Headings wrap rather than
# being cut. Colours print.
_CSS = f"""
.cp-grid {{ container-type: inline-size; overflow-x: auto;
  scrollbar-color: #767676 #E6E6E6; scrollbar-width: auto; }}
.cp-grid::-webkit-scrollbar {{ height: 12px; }}
.cp-grid::-webkit-scrollbar-thumb {{ background: #767676; border-radius: 6px; }}
.cp-grid::-webkit-scrollbar-track {{ background: #E6E6E6; }}
.cp-grid-table {{ border-collapse: separate; border-spacing: 3px; width: 100%;
  font-size: clamp(14px, 1.3cqw, 18px); font-variant-numeric: tabular-nums;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
.cp-grid-table th {{ font-weight: 600; font-size: 0.9em; line-height: 1.15;
  vertical-align: bottom; text-align: center; padding: 2px 3px;
  color: {THRESHOLD_COLOUR}; }}
.cp-grid-table th .cp-g-short {{ display: block; }}
.cp-grid-table th .cp-g-thr {{ display: block; font-weight: 400;
  color: #4D4D4D; margin-top: 2px; white-space: nowrap; }}
.cp-grid-table th.cp-g-name {{ text-align: left; font-size: 0.95em;
  vertical-align: middle; white-space: nowrap; position: sticky; left: 0;
  background: white; z-index: 1; padding-right: 0.5em; }}
.cp-grid-table thead th.cp-g-name {{ vertical-align: bottom; }}
.cp-grid-table .cp-g-missed {{ text-align: center; font-weight: 700;
  white-space: nowrap; }}
.cp-grid-table td {{ padding: 4px 5px; text-align: center; font-size: 1em;
  font-weight: 700; border-radius: 4px; white-space: nowrap; }}
.cp-grid-table td.cp-g-sig {{ box-shadow: inset 0 0 0 3px {THRESHOLD_COLOUR}; }}
.cp-grid-table tr.cp-g-town th.cp-g-name, .cp-grid-table tr.cp-g-town
  td.cp-g-missed {{ border-bottom: 2px solid {THRESHOLD_COLOUR}; }}
.cp-grid-table tr.cp-g-gap td {{ height: 4px; padding: 0; }}
.cp-grid-table tr.cp-g-chosen th.cp-g-name {{ text-decoration: underline;
  text-decoration-thickness: 3px; }}
.cp-g-cut {{ margin: 0.4rem 0 0; font-size: 0.95rem; font-weight: 600; }}
.cp-g-legend {{ display: flex; flex-wrap: wrap; gap: 0.4rem 1.4rem;
  margin: 0.5rem 0 0.2rem; font-size: 0.9rem;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
.cp-g-key {{ display: inline-flex; align-items: center; gap: 0.4rem; }}
.cp-g-sw {{ display: inline-block; min-width: 1.6rem; height: 1.2rem;
  border-radius: 3px; text-align: center; font-size: 0.75rem;
  line-height: 1.2rem; font-weight: 700; }}
.cp-g-legend .cp-g-sig {{ box-shadow: inset 0 0 0 3px {THRESHOLD_COLOUR};
  padding: 0 4px; }}
@media print {{ .cp-grid {{ overflow: visible; }} }}
"""
