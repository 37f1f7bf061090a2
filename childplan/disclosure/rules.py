"""What a view may show: small counts of sensitive targets hidden (the rule
of childplan.disclosure.suppress applied to the dashboard's tables).

Every table a page or download shows of a sensitive target passes through
one of these functions; nothing outside childplan.disclosure decides what
is hidden."""

from __future__ import annotations

import pandas as pd

from childplan.disclosure.suppress import (
    PRIMARY_MARK,
    SECONDARY_MARK,
    THRESHOLD,
    is_sensitive_target,
    selection_hidden,
    suppress_counts,
)


def suppressed_groups(by_group: pd.DataFrame, target) -> pd.DataFrame:
    """by_group with small counts of a sensitive matter hidden (the rule of
    childplan.disclosure.suppress). A hidden row keeps its group and loses its count,
    value, interval and status (status 'hidden'); `mark` says '<5' or 'ẩn'.
    Targets that count nothing sensitive come back unchanged."""
    out = by_group.assign(mark=None, denominator_mark=None)
    if not is_sensitive_target(target) or out.empty or out["numerator"].isna().all():
        return out
    # A share's denominator counts the same sensitive cases (labour and
    # trafficking cases supported / reported): both are hidden alike.
    counts = ["numerator", "denominator"] if target.kind == "share" else ["numerator"]
    frame = out[["residential_group", *counts]].fillna(0)
    small = frame[counts].to_numpy()
    if not ((small >= 1) & (small < THRESHOLD)).any():
        return out  # no count 1..4: nothing to hide
    display, mask = suppress_counts(
        frame,
        counts,
        sensitive=True,
        label_column="residential_group",
        total_label=None,
        bounded_by={"numerator": "denominator"} if len(counts) == 2 else None,
    )
    hidden = mask[counts].any(axis=1).to_numpy()
    nan = float("nan")
    out.loc[hidden, ["numerator", "value", "ci_low", "ci_high"]] = nan
    out.loc[hidden, "status"] = "hidden"
    out.loc[hidden, "mark"] = display.loc[hidden, "numerator"].where(
        mask.loc[hidden, "numerator"], display.loc[hidden, counts[-1]]
    )
    if len(counts) == 2:
        den_hidden = mask["denominator"].to_numpy()
        out.loc[den_hidden, "denominator"] = nan
        out.loc[den_hidden, "denominator_mark"] = display.loc[den_hidden, "denominator"]
    return out


def suppressed_selection(
    values: pd.DataFrame, town_by_group: pd.DataFrame, plan, groups
) -> pd.DataFrame:
    """Trend or scorecard rows for chosen groups, with the sensitive counts
    a reader could use to find a small count hidden (the rule of
    childplan.disclosure.suppress, "views filtered to some residential groups").

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
    hidden_by_key = (
        town_by_group
        if isinstance(town_by_group, dict)
        else hidden_groups(town_by_group, plan)
    )
    nan = float("nan")
    for i, row in enumerate(out.itertuples(index=False)):
        target = plan.target(row.target_id)
        if not is_sensitive_target(target) or target.town_wide:
            continue
        hidden = hidden_by_key.get((row.target_id, row.snapshot_date), set())
        counts = (
            ["numerator", "denominator"] if target.kind == "share" else ["numerator"]
        )
        marks = {c: _selection_mark(getattr(row, c), groups, hidden) for c in counts}
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
        ["target_id", "snapshot_date"], sort=False
    ):
        shown = suppressed_groups(rows.reset_index(drop=True), plan.target(target_id))
        out[(target_id, day)] = frozenset(
            shown.loc[shown["mark"].notna(), "residential_group"]
        )
    return out


def suppressed_scorecard(
    card: pd.DataFrame,
    previous: pd.DataFrame,
    town_by_group: pd.DataFrame,
    plan,
    groups,
) -> pd.DataFrame:
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
            rows.reset_index(drop=True),
            ["injured_count", "death_count"],
            sensitive=["death_count"],
            label_column="category",
            total_label=None,
            bounded_by={"death_count": "injured_count"},
        )
        parts.append(display)
    return (
        pd.concat(parts, ignore_index=True)
        if parts
        else breakdown.astype({"injured_count": str, "death_count": str})
    )


def outlook_shown(rows: pd.DataFrame, plan, groups) -> tuple[pd.DataFrame, bool]:
    """The year-end outlook's rows that may be shown, and whether sensitive
    targets were left out: under a group filter their reasons would give
    small counts away (events so far), so they are projected for the whole
    town only."""
    left_out = False
    if groups:
        sensitive = [is_sensitive_target(plan.target(x)) for x in rows["target_id"]]
        left_out = any(sensitive)
        rows = rows[[not s for s in sensitive]]
    return rows.reset_index(drop=True), left_out
