"""The data-quality page's tables: childplan.indicators.quality frames with the
reader's column headings, in the order the page shows them.

Plain functions (no Streamlit): the same table goes on screen (through
exports.screen_table) and into its CSV file (exports.to_csv_bytes). Only
the `*_details` tables carry pseudonymous identifiers; the page builds them
for officers only.
"""

from __future__ import annotations

import pandas as pd

from childplan.present import fmt
from childplan.present.i18n import t

# quality frame column -> heading key, per table, in the order shown.
COLUMNS = {
    "summary": {
        "snapshot_date": "col_snapshot_date",
        "children_count": "q_children_count",
        "change_pct": "q_change_pct",
        "is_count_jump": "q_count_jump",
        "missing_group_count": "q_missing_group_count",
        "late_count": "q_late_count",
        "absent_child_count": "q_absent_child_count",
        "absent_fatal_count": "q_absent_fatal_count",
    },
    "unknown_answers": {
        "label": "q_question",
        "asked_count": "q_asked_count",
        "unknown_count": "q_unknown_count",
        "unknown_pct": "q_unknown_pct",
    },
    "missing_groups": {
        "residential_group": "col_group",
        "is_listed": "q_is_listed",
        "last_seen_date": "q_last_seen",
    },
    "missing_months": {
        "month": "q_month",
        "previous_snapshot_date": "q_previous_snapshot",
        "next_snapshot_date": "q_next_snapshot",
    },
    "late_report_details": {
        "incident_id": "q_incident_id",
        "child_id": "q_child_id",
        "residential_group": "col_group",
        "kind": "q_kind",
        "occurred_on": "q_occurred_on",
        "reported_on": "q_reported_on",
        "delay_days": "q_delay_days",
    },
    "absent_child_details": {
        "incident_id": "q_incident_id",
        "child_id": "q_child_id",
        "residential_group": "col_group",
        "kind": "q_kind",
        "occurred_on": "q_occurred_on",
        "fatal": "q_fatal",
    },
    "problems": {
        "snapshot_date": "col_snapshot_date",
        "reason": "q_reason",
    },
}
PCT_DECIMALS = 1


def table(frame: pd.DataFrame, which: str, lang: str = "vi") -> pd.DataFrame:
    """`frame` (a childplan.indicators.quality result) as the page's table `which`:
    its columns renamed to the reader's headings, percentages rounded as on
    screen, yes/no in words, months as mm/yyyy."""
    columns = COLUMNS[which]
    out = frame.copy()
    if which == "unknown_answers":
        out["label"] = (
            out["label_vi"]
            if lang == "vi"
            else out["table_name"] + "." + out["column_name"]
        )
    if which == "missing_months":
        out["month"] = [m.strftime("%m/%Y") for m in out["month"]]
    if "kind" in out:
        out["kind"] = [t(f"kind_{k}", lang) for k in out["kind"]]
    for column in out.columns:
        if column.endswith("_pct"):
            out[column] = pd.Series(
                [
                    None if fmt.is_missing(v) else fmt.rounded(v, PCT_DECIMALS)
                    for v in out[column]
                ],
                index=out.index,
                dtype=object,
            )
        elif column.startswith("is_") or column == "fatal":
            out[column] = [yes_no(v, lang) for v in out[column]]
        elif column.endswith("_count") or column == "delay_days":
            out[column] = pd.Series(
                [None if fmt.is_missing(v) else int(v) for v in out[column]],
                index=out.index,
                dtype=object,
            )
    out = out[list(columns)].astype(object)
    return out.rename(columns={c: t(k, lang) for c, k in columns.items()})


def yes_no(value, lang: str = "vi") -> str:
    if fmt.is_missing(value):
        return ""
    return t("yes" if bool(value) else "no", lang)


def unknown_at(unknown: pd.DataFrame, snapshot_date) -> pd.DataFrame:
    """The questions of one snapshot with at least one unknown answer,
    most unknowns first."""
    rows = unknown[
        (unknown["snapshot_date"] == snapshot_date) & (unknown["unknown_count"] > 0)
    ]
    return rows.sort_values(
        ["unknown_count", "table_name", "column_name"], ascending=[False, True, True]
    ).reset_index(drop=True)


def latest_first(frame: pd.DataFrame, column: str = "snapshot_date") -> pd.DataFrame:
    return frame.sort_values(column, ascending=False).reset_index(drop=True)


def at(frame: pd.DataFrame, snapshot_date) -> pd.DataFrame:
    """The rows of one snapshot."""
    return frame[frame["snapshot_date"] == snapshot_date].reset_index(drop=True)
