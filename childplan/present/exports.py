"""CSV downloads: the rows behind each chart and the scorecard, as on screen.

Each `*_table` builds the frame a chart or the scorecard shows (same rows,
same order, same rounding, headers in the reader's language);
`to_csv_bytes` writes it for Excel: UTF-8 with a byte-order mark so
Vietnamese letters survive, a first comment line naming the filters, and in
Vietnamese the separators Excel expects under a Vietnamese locale (";" between
fields, "," as the decimal mark). Every text cell goes through
childplan.present.spreadsheet.spreadsheet_cell, so no name from the register
is ever read as a formula. Plain functions: the page builds the file only
when the download button is pressed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import numbers
import re
import unicodedata

import pandas as pd

from childplan.disclosure.rules import is_sensitive
from childplan.present import fmt
from childplan.present.charts import order_groups
from childplan.present.filters import Filters
from childplan.present.i18n import (
    category_label,
    dimension_label,
    status_label,
    t,
    target_name,
    unit_label,
)
from childplan.present.spreadsheet import FORMULA_STARTS, spreadsheet_cell

CSV_SEPARATORS = {"vi": (";", ","), "en": (",", ".")}  # field, decimal mark


def scorecard_table(
    scorecard: pd.DataFrame, plan, filters: Filters, lang: str = "vi"
) -> pd.DataFrame:
    """One row per target of the chosen year, in plan order: section by
    section, as the overview's tiles (the catalogue file lists §5's score
    last)."""
    rows = []
    section = {x.id: x.section_no for x in plan.targets}
    ordered = scorecard.sort_values(
        "target_id", key=lambda ids: ids.map(section), kind="stable"
    )
    for row in ordered.itertuples(index=False):
        target = plan.target(row.target_id)
        rows.append(
            {
                t("col_section", lang): target.section,
                t("col_target_id", lang): target.id,
                t("col_target", lang): target_name(target, lang),
                t("col_snapshot_date", lang): _date(row.snapshot_date),
                **_value_cells(row, target, lang),
                t("col_previous", lang): _shown(row.previous_value, target),
                t("col_change", lang): _shown_change(row.change, target.unit),
                t("col_scope", lang): _scope(target, filters, lang),
            }
        )
    return _typed(pd.DataFrame(rows, dtype=object), lang)


def _value_cells(row, target, lang: str) -> dict:
    """The cells every table of a target's values shares, in order."""
    return {
        **_counts(row, lang),
        t("col_value", lang): _shown(row.value, target),
        **_interval(row, lang),
        t("col_unit", lang): unit_label(target.unit, lang),
        t("col_threshold", lang): fmt.threshold_text(
            target.operator, target.threshold, target.unit, lang
        ),
        t("col_status", lang): status_label(row.status, lang),
    }


def trend_table(
    series: pd.DataFrame, target, filters: Filters, lang: str = "vi"
) -> pd.DataFrame:
    """The points of one target's trend chart, oldest first."""
    picked = series[series["target_id"] == target.id].sort_values("snapshot_date")
    rows = [
        {
            t("col_target_id", lang): target.id,
            t("col_snapshot_date", lang): _date(row.snapshot_date),
            **_value_cells(row, target, lang),
            t("col_scope", lang): _scope(target, filters, lang),
        }
        for row in picked.itertuples(index=False)
    ]
    return _typed(pd.DataFrame(rows, dtype=object), lang)


def group_table(
    by_group: pd.DataFrame, target, snapshot_date: dt.date, lang: str = "vi"
) -> pd.DataFrame:
    """The points of one target's group comparison, in the table's order."""
    rows = []
    for row in order_groups(by_group, target).itertuples(index=False):
        cells = {
            t("col_target_id", lang): target.id,
            t("col_snapshot_date", lang): _date(snapshot_date),
            t("col_group", lang): row.residential_group,
            **_counts(row, lang),
            t("col_value", lang): _shown(row.value, target),
            **_interval(row, lang),
            t("col_unit", lang): unit_label(target.unit, lang),
            t("col_status", lang): status_label(row.status, lang),
        }
        rows.append(cells)
    return _typed(pd.DataFrame(rows, dtype=object), lang)


def breakdown_table(breakdown: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Injured and died per category, as in the commune injury report
    (a dimension's deaths empty where a meeting may not see them)."""
    rows = [
        {
            t("col_dimension", lang): dimension_label(row.dimension, lang),
            t("col_category", lang): category_label(row.category, lang),
            t("col_injured", lang): row.injured_count,
            t("col_deaths", lang): None
            if fmt.is_missing(row.death_count)
            else int(row.death_count),
        }
        for row in breakdown.itertuples(index=False)
    ]
    return pd.DataFrame(rows, dtype=object)


def to_csv_bytes(
    table: pd.DataFrame,
    filters: Filters,
    lang: str = "vi",
    simulated: bool = False,
    sensitive: bool = False,
) -> bytes:
    """The table as a CSV file for Excel, the filters in the first line
    (and the child-protection rule in the second when it holds a
    sensitive target); text cells that a spreadsheet would read as a
    formula are quoted (spreadsheet_cell), numbers stay numbers."""
    sep, decimal_mark = CSV_SEPARATORS[lang]
    comment = "# " + filters.describe(lang)
    if simulated:
        comment += " — " + t("csv_simulated", lang)
    out = io.StringIO()
    out.write(_comment_line(comment, sep) + "\r\n")
    if sensitive:
        out.write("# " + t("csv_sensitive_note", lang) + "\r\n")
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(spreadsheet_cell(c) for c in table.columns)
    for row in table.itertuples(index=False):
        writer.writerow(_cell(spreadsheet_cell(v), lang, decimal_mark) for v in row)
    return out.getvalue().encode("utf-8-sig")


def screen_table(table: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The table as text cells, as its CSV file writes them (less the quote
    that keeps a spreadsheet from reading a text as a formula: a screen
    table runs nothing), but with numbers as a reader reads them: 4.808,
    not 4808 (the file leaves out the thousands mark for Excel)."""
    return table.map(lambda v: _screen_cell(v, lang))


def csv_file_name(what: str, filters: Filters) -> str:
    """'injury_rate_2024_duc-thinh_hoa-son_2021-03-31_2024-12-31.csv':
    what the file holds, then every filter, ASCII only."""
    groups = (
        [_slug(g) for g in filters.groups]
        if filters.groups
        else [_slug(t("groups_all", filters.lang))]
    )
    parts = [
        _slug(what, sep="_"),
        str(filters.year or ""),
        *groups,
        filters.date_from.isoformat() if filters.date_from else "",
        filters.date_to.isoformat() if filters.date_to else "",
    ]
    return "_".join(p for p in parts if p) + ".csv"


REPORT_WORDS = "bao-cao-ke-hoach-tre-em"  # "báo cáo kế hoạch trẻ em"


def report_file_name(filters: Filters) -> str:
    """'bao-cao-ke-hoach-tre-em_2024_toan-thi-tran.pdf': the printed report
    of a year and scope, in Vietnamese words, ASCII only."""
    scope = (
        [_slug(g) for g in filters.groups]
        if filters.groups
        else [_slug(t("scope_town", "vi"))]
    )
    return "_".join([REPORT_WORDS, str(filters.year or ""), *scope]) + ".pdf"


# --- helpers ----------------------------------------------------------------
def _shown(value, target):
    """The value as the screen shows it (fmt.shown_value: never rounded onto
    or across the target's threshold): whole units as int, else a float."""
    if fmt.is_missing(value):
        return None
    shown, places = fmt.shown_value(
        value, fmt.UNIT_DECIMALS[target.unit], target.threshold, target.operator
    )
    return int(shown) if places == 0 else float(shown)


def _shown_change(change, unit: str):
    """A change as the screen shows it: a change that is not nil never 0."""
    if fmt.is_missing(change):
        return None
    shown, places = fmt.shown_value(change, fmt.UNIT_DECIMALS[unit], 0.0)
    return int(shown) if places == 0 else float(shown)


def _cell(value, lang: str, decimal_mark: str) -> str:
    """One CSV cell: dates dd/mm/yyyy, decimals with the language's mark,
    no thousands separator (Excel reads 1234,5 as a number)."""
    if isinstance(value, dt.date):
        return fmt.date_text(value, lang)
    if fmt.is_missing(value):
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", decimal_mark)
    return str(value)


def _screen_cell(value, lang: str) -> str:
    """One screen cell: as the CSV cell, but numbers with the thousands
    mark and the decimals the table holds (4.808; 12,5; -20,0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return _cell(value, lang, CSV_SEPARATORS[lang][1])
    if fmt.is_missing(value):
        return ""
    if isinstance(value, numbers.Integral):
        return fmt.number(value, lang, 0)
    return fmt.number(value, lang, len(repr(float(value)).partition(".")[2]))


def _comment_line(comment: str, sep: str) -> str:
    """The filters' line as written: as it is while a spreadsheet reads
    every piece of it as text (Excel splits it at `sep`, as in '...; năm =
    2024; ...'); as one quoted field when a group name in it would break out
    -- a piece starting like a formula, a quote, a tab or a line break."""
    pieces = [piece.lstrip(" ") for piece in comment.split(sep)]
    if not any(c in comment for c in '"\t\r\n') and not any(
        piece.startswith(FORMULA_STARTS) for piece in pieces
    ):
        return comment
    return '"' + comment.replace('"', '""') + '"'


def _date(value) -> dt.date | None:
    if fmt.is_missing(value):
        return None
    return pd.Timestamp(value).date()


def _counts(row, lang: str) -> dict:
    return {
        t("col_numerator", lang): row.numerator,
        t("col_denominator", lang): row.denominator,
    }


def _interval(row, lang: str) -> dict:
    return {
        t("col_ci_low", lang): fmt.rounded(row.ci_low, 1),
        t("col_ci_high", lang): fmt.rounded(row.ci_high, 1),
    }


def _scope(target, filters: Filters, lang: str) -> str:
    if target.town_wide or is_sensitive(target):
        return t("scope_town", lang)
    return filters.scope_text(lang)


def _typed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Counts as whole numbers (12, not 12,0), None where unknown; marks of
    hidden counts ('<5') kept as they are."""
    for key in ("col_numerator", "col_denominator"):
        column = t(key, lang)
        if column in frame:
            frame[column] = pd.Series(
                [
                    v
                    if isinstance(v, str)
                    else None
                    if fmt.is_missing(v)
                    else int(round(v))
                    for v in frame[column]
                ],
                index=frame.index,
                dtype=object,
            )
    return frame


def _slug(text: str, sep: str = "-") -> str:
    """'Đức Thịnh' -> 'duc-thinh'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", sep, text.lower()).strip(sep)
