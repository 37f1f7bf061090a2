"""CSV downloads: the rows behind each chart and the scorecard, as on screen.

Each `*_table` builds the frame a chart or the scorecard shows (same rows,
same order, same rounding, headers in the reader's language);
`to_csv_bytes` writes it for Excel: UTF-8 with a byte-order mark so
Vietnamese letters survive, a first comment line naming the filters, and in
Vietnamese the separators Excel expects under a Vietnamese locale (";" between
fields, "," as the decimal mark). Plain functions: the page builds the file
only when the download button is pressed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata

import pandas as pd

from childplan import fmt
from childplan.charts import mark_text, order_groups
from childplan.filters import Filters
from childplan.i18n import (
    category_label,
    dimension_label,
    status_label,
    t,
    target_name,
    unit_label,
)
from childplan.suppress import (
    PRIMARY_MARK,
    SECONDARY_MARK,
    SUPPRESSION_NOTE,
    THRESHOLD,
    is_sensitive_target,
    selection_hidden,
    suppress_counts,
)

CSV_SEPARATORS = {"vi": (";", ","), "en": (",", ".")}   # field, decimal mark


def scorecard_table(scorecard: pd.DataFrame, plan, filters: Filters,
                    lang: str = "vi") -> pd.DataFrame:
    """One row per target of the chosen year, in plan order."""
    rows = []
    for row in scorecard.itertuples(index=False):
        target = plan.target(row.target_id)
        rows.append({
            t("col_section", lang): target.section,
            t("col_target_id", lang): target.id,
            t("col_target", lang): target_name(target, lang),
            t("col_snapshot_date", lang): _date(row.snapshot_date),
            **_value_cells(row, target, lang),
            t("col_previous", lang): _shown(row.previous_value, target.unit),
            t("col_change", lang): _shown(row.change, target.unit),
            t("col_scope", lang): _scope(target, filters, lang),
        })
        _mark_cells(rows[-1], row, lang)
        if mark_text(getattr(row, "previous_mark", None)):
            for key in ("col_previous", "col_change"):
                rows[-1][t(key, lang)] = row.previous_mark
    return _typed(pd.DataFrame(rows, dtype=object), lang)


def _value_cells(row, target, lang: str) -> dict:
    """The cells every table of a target's values shares, in order."""
    return {
        **_counts(row, lang),
        t("col_value", lang): _shown(row.value, target.unit),
        **_interval(row, lang),
        t("col_unit", lang): unit_label(target.unit, lang),
        t("col_threshold", lang): fmt.threshold_text(
            target.operator, target.threshold, target.unit, lang),
        t("col_status", lang): status_label(row.status, lang),
    }


def trend_table(series: pd.DataFrame, target, filters: Filters,
                lang: str = "vi") -> pd.DataFrame:
    """The points of one target's trend chart, oldest first."""
    picked = (series[series["target_id"] == target.id]
              .sort_values("snapshot_date"))
    rows = [{
        t("col_target_id", lang): target.id,
        t("col_snapshot_date", lang): _date(row.snapshot_date),
        **_value_cells(row, target, lang),
        t("col_scope", lang): _scope(target, filters, lang),
    } for row in picked.itertuples(index=False)]
    for cells, row in zip(rows, picked.itertuples(index=False), strict=True):
        _mark_cells(cells, row, lang)
    return _typed(pd.DataFrame(rows, dtype=object), lang)


def group_table(by_group: pd.DataFrame, target, snapshot_date: dt.date,
                lang: str = "vi") -> pd.DataFrame:
    """The bars of one target's group chart, in the chart's order; a count
    hidden by `suppressed_groups` shows its mark ('<5', 'ẩn') instead."""
    rows = []
    for row in order_groups(by_group, target).itertuples(index=False):
        mark = mark_text(getattr(row, "mark", None))
        cells = {
            t("col_target_id", lang): target.id,
            t("col_snapshot_date", lang): _date(snapshot_date),
            t("col_group", lang): row.residential_group,
            **_counts(row, lang),
            t("col_value", lang): _shown(row.value, target.unit),
            **_interval(row, lang),
            t("col_unit", lang): unit_label(target.unit, lang),
            t("col_status", lang): status_label(row.status, lang),
        }
        if mark:
            _mark_cells(cells, row, lang)
        rows.append(cells)
    return _typed(pd.DataFrame(rows, dtype=object), lang)


def suppressed_groups(by_group: pd.DataFrame, target) -> pd.DataFrame:
    """by_group with small counts of a sensitive matter hidden (the rule of
    childplan.suppress). A hidden row keeps its group and loses its count,
    value, interval and status (status 'hidden'); `mark` says '<5' or 'ẩn'.
    Targets that count nothing sensitive come back unchanged."""
    out = by_group.assign(mark=None, denominator_mark=None)
    if (not is_sensitive_target(target) or out.empty
            or out["numerator"].isna().all()):
        return out
    # A share's denominator counts the same sensitive cases (labour and
    # trafficking cases supported / reported): both are hidden alike.
    counts = ["numerator", "denominator"] if target.kind == "share" else [
        "numerator"]
    frame = out[["residential_group", *counts]].fillna(0)
    small = frame[counts].to_numpy()
    if not ((small >= 1) & (small < THRESHOLD)).any():
        return out                  # no count 1..4: nothing to hide
    display, mask = suppress_counts(
        frame, counts, sensitive=True, label_column="residential_group",
        total_label=None,
        bounded_by={"numerator": "denominator"} if len(counts) == 2 else None)
    hidden = mask[counts].any(axis=1).to_numpy()
    nan = float("nan")
    out.loc[hidden, ["numerator", "value", "ci_low", "ci_high"]] = nan
    out.loc[hidden, "status"] = "hidden"
    out.loc[hidden, "mark"] = display.loc[hidden, "numerator"].where(
        mask.loc[hidden, "numerator"], display.loc[hidden, counts[-1]])
    if len(counts) == 2:
        den_hidden = mask["denominator"].to_numpy()
        out.loc[den_hidden, "denominator"] = nan
        out.loc[den_hidden, "denominator_mark"] = display.loc[
            den_hidden, "denominator"]
    return out


def suppressed_selection(values: pd.DataFrame, town_by_group: pd.DataFrame,
                         plan, groups) -> pd.DataFrame:
    """Trend or scorecard rows for chosen groups, with the sensitive counts
    a reader could use to find a small count hidden (the rule of
    childplan.suppress, "views filtered to some residential groups").

    ``values``: rows per target (per snapshot) for the chosen ``groups``;
    ``town_by_group``: the by-group rows of *every* group (target_id,
    snapshot_date, residential_group, numerator, denominator) of the
    sensitive targets at the same snapshots, or their `hidden_groups`.
    A row of a sensitive target is hidden when ``selection_hidden`` says
    so for its numerator (or, for a share, its denominator): count, value,
    interval and status go, ``mark``
    says '<5' (a count 1..4) or 'ẩn'. With no group chosen (the town's
    published totals) or a target that counts nothing sensitive, the rows
    come back unchanged, with empty marks.
    """
    out = values.assign(mark=None, denominator_mark=None).reset_index(drop=True)
    if not groups or out.empty:
        return out
    hidden_by_key = (town_by_group if isinstance(town_by_group, dict)
                     else hidden_groups(town_by_group, plan))
    nan = float("nan")
    for i, row in enumerate(out.itertuples(index=False)):
        target = plan.target(row.target_id)
        if not is_sensitive_target(target) or target.town_wide:
            continue
        hidden = hidden_by_key.get((row.target_id, row.snapshot_date), set())
        counts = ["numerator", "denominator"] if target.kind == "share" else [
            "numerator"]
        marks = {c: _selection_mark(getattr(row, c), groups, hidden)
                 for c in counts}
        if not any(marks.values()):
            continue
        out.loc[i, ["numerator", "value", "ci_low", "ci_high"]] = nan
        out.loc[i, "status"] = "hidden"
        out.loc[i, "mark"] = marks["numerator"] or marks.get("denominator")
        if marks.get("denominator"):
            out.loc[i, "denominator"] = nan
            out.loc[i, "denominator_mark"] = marks["denominator"]
    return out


def hidden_groups(town_by_group: pd.DataFrame, plan) -> dict:
    """(target_id, snapshot_date) -> the residential groups whose count the
    town-wide by-group table hides. It does not depend on any filter: the
    dashboard computes it once per store version and passes it to
    `suppressed_selection` in place of the rows."""
    out: dict = {}
    for (target_id, day), rows in town_by_group.groupby(
            ["target_id", "snapshot_date"], sort=False):
        shown = suppressed_groups(rows.reset_index(drop=True),
                                  plan.target(target_id))
        out[(target_id, day)] = frozenset(
            shown.loc[shown["mark"].notna(), "residential_group"])
    return out


def suppressed_scorecard(card: pd.DataFrame, previous: pd.DataFrame,
                         town_by_group: pd.DataFrame, plan,
                         groups) -> pd.DataFrame:
    """The scorecard for chosen groups under `suppressed_selection`; the
    last year's value goes where last year's row is hidden (``previous``:
    its series rows for the same groups), and the change wherever either
    year is hidden (the change and one year's value give the other)."""
    out = suppressed_selection(card, town_by_group, plan, groups)
    before = suppressed_selection(previous, town_by_group, plan, groups)
    hidden_before = set(before.loc[before["status"] == "hidden", "target_id"])
    nan = float("nan")
    was_hidden = out["target_id"].isin(hidden_before)
    out["previous_mark"] = None
    out.loc[was_hidden, "previous_value"] = nan
    out.loc[was_hidden, "previous_mark"] = SECONDARY_MARK
    out.loc[was_hidden | (out["status"] == "hidden"), "change"] = nan
    return out


def _selection_mark(count, groups, hidden_groups) -> str | None:
    if not selection_hidden(count, groups, hidden_groups):
        return None
    return PRIMARY_MARK if 1 <= count < THRESHOLD else SECONDARY_MARK


def suppressed_breakdown(breakdown: pd.DataFrame) -> pd.DataFrame:
    """The injury breakdown with small death counts hidden, dimension by
    dimension (each is a one-way table whose total is public): counts become
    strings, '<5' or 'ẩn' where hidden."""
    parts = []
    for _, rows in breakdown.groupby("dimension", sort=False):
        display, _ = suppress_counts(
            rows.reset_index(drop=True), ["injured_count", "death_count"],
            sensitive=["death_count"], label_column="category",
            total_label=None, bounded_by={"death_count": "injured_count"})
        parts.append(display)
    return (pd.concat(parts, ignore_index=True) if parts
            else breakdown.astype({"injured_count": str, "death_count": str}))


def breakdown_table(breakdown: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Injured and died per category, as in the commune injury report
    (counts as given: numbers, or the marks of `suppressed_breakdown`)."""
    rows = [{
        t("col_dimension", lang): dimension_label(row.dimension, lang),
        t("col_category", lang): category_label(row.category, lang),
        t("col_injured", lang): row.injured_count,
        t("col_deaths", lang): row.death_count,
    } for row in breakdown.itertuples(index=False)]
    return pd.DataFrame(rows, dtype=object)


def to_csv_bytes(table: pd.DataFrame, filters: Filters, lang: str = "vi",
                 simulated: bool = False, suppressed: bool = False) -> bytes:
    """The table as a CSV file for Excel, the filters in the first line
    (and the small-number rule in the second when cells are hidden)."""
    sep, decimal_mark = CSV_SEPARATORS[lang]
    comment = "# " + filters.describe(lang)
    if simulated:
        comment += " — " + t("csv_simulated", lang)
    out = io.StringIO()
    out.write(comment + "\r\n")
    if suppressed:
        out.write("# " + SUPPRESSION_NOTE + "\r\n")
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.itertuples(index=False):
        writer.writerow(_cell(v, lang, decimal_mark) for v in row)
    return out.getvalue().encode("utf-8-sig")


def screen_table(table: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The table as text cells, exactly as its CSV file writes them."""
    decimal_mark = CSV_SEPARATORS[lang][1]
    return table.map(lambda v: _cell(v, lang, decimal_mark))


def csv_file_name(what: str, filters: Filters) -> str:
    """'injury_rate_2024_duc-thinh_hoa-son_2021-03-31_2024-12-31.csv':
    what the file holds, then every filter, ASCII only."""
    groups = ([_slug(g) for g in filters.groups] if filters.groups
              else [_slug(t("groups_all", filters.lang))])
    parts = [_slug(what, sep="_"), str(filters.year or ""), *groups,
             filters.date_from.isoformat() if filters.date_from else "",
             filters.date_to.isoformat() if filters.date_to else ""]
    return "_".join(p for p in parts if p) + ".csv"


# --- helpers ----------------------------------------------------------------
def _shown(value, unit: str):
    """The value as the screen rounds it: whole units as int, else a float."""
    if fmt.is_missing(value):
        return None
    decimals = fmt.UNIT_DECIMALS[unit]
    return int(fmt.rounded(value, 0)) if decimals == 0 else fmt.rounded(
        value, decimals)


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


def _date(value) -> dt.date | None:
    if fmt.is_missing(value):
        return None
    return pd.Timestamp(value).date()


def _counts(row, lang: str) -> dict:
    return {t("col_numerator", lang): row.numerator,
            t("col_denominator", lang): row.denominator}


def _interval(row, lang: str) -> dict:
    return {t("col_ci_low", lang): fmt.rounded(row.ci_low, 1),
            t("col_ci_high", lang): fmt.rounded(row.ci_high, 1)}


def _mark_cells(cells: dict, row, lang: str) -> None:
    """A hidden count's mark ('<5', 'ẩn') in place of its count, value and
    interval (and of the denominator when that is hidden too)."""
    mark = mark_text(getattr(row, "mark", None))
    if not mark:
        return
    for key in ("col_numerator", "col_value", "col_ci_low", "col_ci_high"):
        cells[t(key, lang)] = mark
    if t("col_change", lang) in cells:          # scorecard: the change goes
        cells[t("col_change", lang)] = SECONDARY_MARK
    denominator_mark = mark_text(getattr(row, "denominator_mark", None))
    if denominator_mark:
        cells[t("col_denominator", lang)] = denominator_mark


def _scope(target, filters: Filters, lang: str) -> str:
    if target.town_wide:
        return t("scope_town", lang)
    return filters.scope_text(lang)


def _typed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Counts as whole numbers (12, not 12,0), None where unknown; marks of
    hidden counts ('<5') kept as they are."""
    for key in ("col_numerator", "col_denominator"):
        column = t(key, lang)
        if column in frame:
            frame[column] = pd.Series(
                [v if isinstance(v, str) else
                 None if fmt.is_missing(v) else int(round(v))
                 for v in frame[column]], index=frame.index, dtype=object)
    return frame


def _slug(text: str, sep: str = "-") -> str:
    """'Đức Thịnh' -> 'duc-thinh'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", sep, text.lower()).strip(sep)
