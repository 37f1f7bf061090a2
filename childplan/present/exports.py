"""Downloads: the rows behind each chart and the scorecard, as on screen.

Each `*_table` builds the frame a chart or the scorecard shows (same rows,
same order, same rounding, headers in the reader's language). Each is
offered twice (issue 12, item 3): as an Excel file for a person
(childplan.present.workbook: numbers as numbers, a header block naming the
view) and, by `to_csv_bytes`, as a plain CSV for software: header first,
"," between fields, "." decimals, ISO dates, UTF-8 with a byte-order mark,
the view's scope and flags as columns. Every text cell goes through
childplan.present.spreadsheet, so no name from the register is ever read as
a formula. Plain functions: the page builds a file only when its download
button is pressed.
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
    group_status_label,
    status_label,
    t,
    target_name,
    unit_label,
)
from childplan.present.spreadsheet import spreadsheet_cell

DECIMAL_MARKS = {"vi": ",", "en": "."}  # on screen


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
            t("col_status", lang): group_status_label(
                row.status, row.denominator, lang
            ),
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
    snapshot_date: dt.date | None = None,
    for_officers: bool = False,
) -> bytes:
    """The table as a plain CSV file for software (issue 12, item 3): the
    header on the first line, "," between fields, "." as the decimal mark,
    ISO dates, UTF-8 with a byte-order mark, CRLF line ends; what a person's
    file states above its table (childplan.present.workbook) comes as
    columns after the table's own: the filters' scope, year and period, the
    date the figures are as at, whether they are simulated, and the
    child-protection rule when the table holds a sensitive target.
    pandas' default read_csv reads it. Text cells that a spreadsheet would
    read as a formula are quoted (spreadsheet_cell), numbers stay numbers."""
    flags = file_columns(
        filters, lang, simulated, sensitive, snapshot_date, for_officers
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(spreadsheet_cell(c) for c in [*table.columns, *flags])
    tail = [_csv_cell(spreadsheet_cell(v)) for v in flags.values()]
    for row in table.itertuples(index=False):
        writer.writerow([*(_csv_cell(spreadsheet_cell(v)) for v in row), *tail])
    return out.getvalue().encode("utf-8-sig")


def file_columns(
    filters: Filters,
    lang: str,
    simulated: bool,
    sensitive: bool,
    snapshot_date: dt.date | None,
    for_officers: bool = False,
) -> dict:
    """What a file says about where its table comes from, as named values:
    the CSV's last columns (the Excel file's header block says the same).
    An officer's exact file says whom it is for, not the meeting's rule
    (its rows are by group and snapshot: the rule does not hold for it)."""
    rule = (
        t("officer_only_caption", lang)
        if for_officers
        else t("csv_sensitive_note", lang)
        if sensitive
        else None
    )
    return {
        t("col_file_scope", lang): filters.scope_text(lang),
        t("col_file_year", lang): filters.year,
        t("col_period_from", lang): filters.date_from,
        t("col_period_to", lang): filters.date_to,
        t("col_file_snapshot", lang): snapshot_date,
        t("col_is_simulated", lang): bool(simulated),
        t("col_rule", lang): rule,
    }


def screen_table(table: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The table as text cells for the screen: dates dd/mm/yyyy, numbers as
    a reader reads them (4.808; 12,5), names as they are (a screen table
    runs nothing, so no formula quote)."""
    return table.map(lambda v: _screen_cell(v, lang))


def file_name(title: str, filters: Filters, extension: str) -> str:
    """'ty-le-tre-em-co-hcdb-theo-to-dan-pho_2024_duc-thinh_to-2_2023-12-31_
    2024-12-31.xlsx': what the file holds in the reader's words, then every
    filter, ASCII only (a name survives every mail client and zip tool)."""
    groups = (
        [_slug(g) for g in filters.groups]
        if filters.groups
        else [_slug(t("groups_all", filters.lang))]
    )
    parts = [
        _shortened(_slug(title)) or "bang",
        str(filters.year or ""),
        *groups,
        filters.date_from.isoformat() if filters.date_from else "",
        filters.date_to.isoformat() if filters.date_to else "",
    ]
    return "_".join(p for p in parts if p) + "." + extension


# A long title is cut in its middle, not at its end: what tells two files
# of one target apart ("...-theo-to-dan-pho", "...-chi-danh-cho-can-bo") is
# at the end, and an officer's file must never share the meeting's name.
TITLE_HEAD, TITLE_TAIL = 48, 44


def _shortened(slug: str) -> str:
    if len(slug) <= TITLE_HEAD + TITLE_TAIL + 1:
        return slug
    return slug[:TITLE_HEAD].rstrip("-") + "-" + slug[-TITLE_TAIL:].lstrip("-")


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
    """A cell as text, dates dd/mm/yyyy, decimals with the language's mark,
    no thousands separator (the screen's base form: _screen_cell)."""
    if isinstance(value, dt.date):
        return fmt.date_text(value, lang)
    if fmt.is_missing(value):
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", decimal_mark)
    return str(value)


def _csv_cell(value) -> str:
    """One cell of the CSV for software: ISO dates, '.' decimals (repr: no
    digit lost), true/false, empty where unknown."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if fmt.is_missing(value):
        return ""
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return str(value)


def _screen_cell(value, lang: str) -> str:
    """One screen cell: numbers with the thousands mark and the decimals
    the table holds (4.808; 12,5; -20,0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return _cell(value, lang, DECIMAL_MARKS[lang])
    if fmt.is_missing(value):
        return ""
    if isinstance(value, numbers.Integral):
        return fmt.number(value, lang, 0)
    return fmt.number(value, lang, len(repr(float(value)).partition(".")[2]))


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
