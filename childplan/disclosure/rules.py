"""What each view may show of sensitive matters: the one place that decides.

The rule (docs/disclosure.md):
- A *sensitive target* is one marked `sensitive` in the plan catalogue (HIV
  infections, child labour and trafficking cases, injury deaths, drowning
  deaths); a breakdown of sensitive events (deaths by cause, place, sex or
  age) is sensitive too.
- The *meeting view* -- what leaders see, and everything meant for a
  meeting: the overview, the section pages, their downloads -- shows a
  sensitive target for the whole town only, as one value per plan year:
  the events of the calendar year known at that year's last snapshot
  (indicators.targets.yearly; at 31 December the 12-month window, for the
  year in progress the year so far at the latest snapshot). Never by
  residential group, never snapshot by snapshot, never under a group
  filter. A breakdown of deaths is shown only where every cell is at least
  SMALL_COUNT (zeros count as small), so no cell is small and none can be
  derived from the others. Non-sensitive counts are shown in full.
- Per-snapshot data-quality counts in the meeting view leave sensitive
  kinds of incident and deaths out (their month of entry would show).
- The *officer detail* (permission `sensitive_detail`: the officers who
  handle these cases and already know them) shows sensitive targets by
  group and snapshot, exactly, in blocks marked for officers only, every
  view and download of it audited.

With this rule nothing a meeting shows depends on which group or month a
sensitive event belongs to, so no small-count suppression is needed: the
test is tests/test_disclosure.py (two towns that differ only in where and
when a case happened look the same) and an attacker's integer programme
over everything the meeting view shows (tests/test_disclosure_attack.py).
"""

from __future__ import annotations

import pandas as pd

from childplan.indicators.quality import Incidents

SMALL_COUNT = 5  # a count below this (zero included) is small
# Incident kinds whose per-snapshot counts a meeting may see: injuries (the
# injury rate is shown by group and month anyway), deaths left out.
MEETING_INCIDENTS = Incidents(kinds=("injury",), with_deaths=False)
NAN = float("nan")


def is_sensitive(target) -> bool:
    """Whether a plan Target counts a sensitive matter (its `sensitive`
    field in the plan catalogue)."""
    return bool(getattr(target, "sensitive", False))


def sensitive_targets(plan) -> tuple:
    return tuple(x for x in plan.targets if is_sensitive(x))


def is_town_figure(target, groups) -> bool:
    """Whether the meeting view shows the town's figure for `target` whatever
    groups are chosen: town-wide targets by definition, sensitive ones by
    this rule. (The page then says so beside the figure.)"""
    return bool(groups) and (target.town_wide or is_sensitive(target))


def shows_groups(target) -> bool:
    """Whether the meeting view compares residential groups on `target`."""
    return not target.town_wide and not is_sensitive(target)


def grid_targets(plan, section_no: int | None = None) -> tuple:
    """The columns of the groups grid a meeting sees (of one section, or
    all): the targets it compares by residential group (shows_groups), in
    plan order -- never a sensitive or a town-wide one."""
    return tuple(
        x
        for x in plan.targets
        if shows_groups(x) and (section_no is None or x.section_no == section_no)
    )


def meeting_scorecard(
    card: pd.DataFrame, town_yearly: pd.DataFrame, plan, year: int
) -> pd.DataFrame:
    """The scorecard a meeting sees: each sensitive target's row replaced by
    the town's figure of `year` (`town_yearly`: indicators.yearly of the
    sensitive targets for the whole town), with last year's town figure (and
    numerator) and the change between them -- only once the year is whole:
    while it runs, the town's figure counts the year so far (its events
    since 1 January), which against last year's twelve months would read
    as a fall that is only the months still to come (change left empty)."""
    out = card.reset_index(drop=True).copy()
    figures = town_yearly.set_index(["target_id", "year"])
    columns = [c for c in out.columns if c in figures.columns]
    for i, target_id in enumerate(out["target_id"]):
        if not is_sensitive(plan.target(target_id)):
            continue
        now = _figure(figures, target_id, year)
        before = _figure(figures, target_id, year - 1)
        for column in columns:
            out.at[i, column] = now.get(column, NAN) if now else NAN
        if not now:
            out.at[i, "status"] = "no_data"
        previous = before.get("value", NAN) if before else NAN
        out.at[i, "previous_value"] = previous
        if "previous_numerator" in out:  # the town's events of last year
            out.at[i, "previous_numerator"] = (
                before.get("numerator", NAN) if before else NAN
            )
        whole_year = bool(now) and (
            now["snapshot_date"].month,
            now["snapshot_date"].day,
        ) == (12, 31)
        out.at[i, "change"] = out.at[i, "value"] - previous if whole_year else NAN
    return out


def blank_sensitive(values: pd.DataFrame, plan) -> pd.DataFrame:
    """A series frame with every sensitive target's figures emptied (status
    no_data): what a meeting's caches may hold before meeting_scorecard and
    meeting_series put the town's yearly figure in their place."""
    out = values.copy()
    hidden = out["target_id"].isin({x.id for x in sensitive_targets(plan)})
    figures = [
        c
        for c in ("numerator", "denominator", "value", "ci_low", "ci_high")
        if c in out
    ]
    out.loc[hidden, figures] = NAN
    out.loc[hidden, "status"] = "no_data"
    if "is_unstable" in out:
        out.loc[hidden, "is_unstable"] = False
    return out


def meeting_series(
    series: pd.DataFrame, town_yearly: pd.DataFrame, plan, date_from=None, date_to=None
) -> pd.DataFrame:
    """The trend rows a meeting sees: every snapshot of the non-sensitive
    targets (for the chosen groups), and one row per plan year of each
    sensitive target for the whole town, dated the year's last snapshot,
    within the chosen period."""
    sensitive = {x.id for x in sensitive_targets(plan)}
    kept = series[~series["target_id"].isin(sensitive)]
    yearly = town_yearly[town_yearly["target_id"].isin(sensitive)]
    if date_from is not None:
        yearly = yearly[yearly["snapshot_date"] >= date_from]
    if date_to is not None:
        yearly = yearly[yearly["snapshot_date"] <= date_to]
    yearly = yearly.drop(columns=["year"]).assign(is_yearly=True)
    out = pd.concat([kept.assign(is_yearly=False), yearly], ignore_index=True)
    order = {x.id: i for i, x in enumerate(plan.targets)}
    out = out.sort_values(
        ["target_id", "snapshot_date"],
        key=lambda c: c.map(order) if c.name == "target_id" else c,
        kind="stable",
    )
    return out.reset_index(drop=True)


def meeting_breakdown(breakdown: pd.DataFrame) -> pd.DataFrame:
    """The injury breakdown a meeting sees: injuries in full; a dimension's
    deaths only when every one of its categories has at least SMALL_COUNT
    (else its death_count is left empty, NaN)."""
    out = breakdown.copy()
    out["death_count"] = out["death_count"].astype("float64")
    for _, rows in out.groupby("dimension", sort=False):
        if (rows["death_count"] < SMALL_COUNT).any():
            out.loc[rows.index, "death_count"] = NAN
    return out


def outlook_shown(rows: pd.DataFrame, plan, groups) -> tuple[pd.DataFrame, bool]:
    """The year-end outlook's rows a meeting may see, and whether sensitive
    targets were left out. A sensitive target's outlook is the town's only
    (under a group filter it is left out), and only when it is projected
    evenly over the months: a seasonal projection quotes the share of
    earlier years' cases by this point, which moves with their months."""
    sensitive = [is_sensitive(plan.target(x)) for x in rows["target_id"]]
    seasonal = (
        rows["is_seasonal"].fillna(False).astype(bool).tolist()
        if "is_seasonal" in rows
        else [False] * len(rows)
    )
    hidden = [
        s and (bool(groups) or q) for s, q in zip(sensitive, seasonal, strict=True)
    ]
    return (rows[[not h for h in hidden]].reset_index(drop=True), any(hidden))


def meeting_incidents() -> Incidents:
    """The incidents per-snapshot data-quality counts take in for a meeting."""
    return MEETING_INCIDENTS


def _figure(figures: pd.DataFrame, target_id: str, year: int) -> dict | None:
    try:
        return figures.loc[(target_id, year)].to_dict()
    except KeyError:
        return None
