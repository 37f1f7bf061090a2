"""The plan's targets written plainly in pandas, for the benchmark.

Reads the same Parquet files as the DuckDB views and follows
docs/targets.md to the letter, vectorised with groupby (no loop
over snapshots), so the benchmark compares the SQL layer with a fair,
straightforward pandas program — and checks both give the same numbers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from childplan.indicators.plan import Plan
from childplan.store.contract import CRITERIA

KEY = ["snapshot_date", "residential_group"]


def read_table(store: Path, table: str, columns: list[str]) -> pd.DataFrame:
    files = sorted((store / "snapshots").glob(f"*/{table}.parquet"))
    frames = [
        pq.read_table(f, columns=columns).to_pandas(date_as_object=False) for f in files
    ]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)


def in_window(dates: pd.Series, days: pd.Series) -> pd.Series:
    """d - 12 months < t <= d, d - 12 months clamped to the month's end."""
    starts = {d: d - pd.DateOffset(months=12) for d in days.unique()}
    return (dates > days.map(starts)) & (dates <= days)


def count(mask: pd.Series) -> pd.Series:
    return mask.fillna(False).astype("int64")


def group_counts(store: Path) -> pd.DataFrame:
    """Per (snapshot, group, measure): numerator and denominator."""
    c = read_table(
        store,
        "children",
        [
            "snapshot_date",
            "residential_group",
            "household_id",
            "birth_date",
            "special_groups",
            "special_supported",
            "disability_services",
            "disability_integration",
            "ecd_services",
            "consulted",
        ],
    )
    d, b = c["snapshot_date"], c["birth_date"]
    age = (
        d.dt.year
        - b.dt.year
        - ((d.dt.month * 100 + d.dt.day) < (b.dt.month * 100 + b.dt.day))
    )
    groups = c["special_groups"].fillna("")
    hcdb = groups != ""
    disabled = (";" + groups + ";").str.contains(";d;", regex=False)
    young, older = age <= 8, age >= 7
    child = (
        pd.DataFrame(
            {
                "snapshot_date": d,
                "residential_group": c["residential_group"],
                "children": 1,
                "hcdb": count(hcdb),
                "hcdb_supported": count(hcdb & c["special_supported"].fillna(False)),
                "young": count(young),
                "young_ecd": count(young & c["ecd_services"].fillna(False)),
                "disabled": count(disabled),
                "disabled_services": count(
                    disabled & c["disability_services"].fillna(False)
                ),
                "disabled_integration": count(
                    disabled & c["disability_integration"].fillna(False)
                ),
                "older": count(older),
                "older_consulted": count(older & c["consulted"].fillna(False)),
            }
        )
        .groupby(KEY)
        .sum()
    )

    homes = (
        pd.DataFrame(
            {
                "snapshot_date": d,
                "household_id": c["household_id"],
                "has_young": young,
                "has_disabled": disabled,
            }
        )
        .groupby(["snapshot_date", "household_id"])
        .any()
    )
    del c, d, b, age, groups
    h = read_table(
        store,
        "households",
        [
            "snapshot_date",
            "household_id",
            "residential_group",
            "protection_knowledge",
            "labour_info",
            "ecd_knowledge",
            "disability_knowledge",
        ],
    )
    h = h.merge(homes.reset_index(), on=["snapshot_date", "household_id"])
    household = (
        pd.DataFrame(
            {
                "snapshot_date": h["snapshot_date"],
                "residential_group": h["residential_group"],
                "households": 1,
                "protection": count(h["protection_knowledge"]),
                "labour_info": count(h["labour_info"]),
                "young_households": count(h["has_young"]),
                "young_informed": count(
                    h["has_young"] & h["ecd_knowledge"].fillna(False)
                ),
                "disabled_households": count(h["has_disabled"]),
                "disabled_informed": count(
                    h["has_disabled"] & h["disability_knowledge"].fillna(False)
                ),
            }
        )
        .groupby(KEY)
        .sum()
    )

    i = read_table(
        store,
        "incidents",
        [
            "snapshot_date",
            "residential_group",
            "kind",
            "cause",
            "occurred_on",
            "reported_on",
            "fatal",
            "supported_timely",
        ],
    )
    occurred = in_window(i["occurred_on"], i["snapshot_date"])
    reported = in_window(i["reported_on"].fillna(i["occurred_on"]), i["snapshot_date"])
    injury = (i["kind"] == "injury") & occurred
    fatal = injury & i["fatal"].fillna(False)
    labour = i["kind"].isin(["labour", "trafficking"]) & reported
    incident = (
        pd.DataFrame(
            {
                "snapshot_date": i["snapshot_date"],
                "residential_group": i["residential_group"],
                "injuries": count(injury),
                "deaths": count(fatal),
                "drownings": count(fatal & (i["cause"] == "drowning")),
                "hiv": count((i["kind"] == "hiv") & occurred),
                "labour": count(labour),
                "labour_supported": count(labour & i["supported_timely"].fillna(False)),
            }
        )
        .groupby(KEY)
        .sum()
    )

    o = read_table(
        store, "officers", ["snapshot_date", "level", "residential_group", "trained"]
    )
    officer = (
        pd.DataFrame(
            {
                "snapshot_date": o["snapshot_date"],
                "residential_group": o["residential_group"].where(
                    o["level"] == "group"
                ),
                "officers": 1,
                "trained": count(o["trained"]),
            }
        )
        .groupby(KEY, dropna=False)
        .sum()
    )

    pairs = {
        "hcdb_share": (child, "hcdb", "children"),
        "hcdb_supported": (child, "hcdb_supported", "hcdb"),
        "officers_trained": (officer, "trained", "officers"),
        "families_protection_knowledge": (household, "protection", "households"),
        "ecd_access": (child, "young_ecd", "young"),
        "ecd_caregiver_knowledge": (household, "young_informed", "young_households"),
        "disabled_service_access": (child, "disabled_services", "disabled"),
        "disabled_integration_skills": (child, "disabled_integration", "disabled"),
        "disabled_caregiver_knowledge": (
            household,
            "disabled_informed",
            "disabled_households",
        ),
        "children_consulted": (child, "older_consulted", "older"),
        "labour_cases_supported": (incident, "labour_supported", "labour"),
        "families_labour_info": (household, "labour_info", "households"),
    }
    long = []
    for measure, (frame, num, den) in pairs.items():
        long.append(
            pd.DataFrame(
                {"measure": measure, "numerator": frame[num], "denominator": frame[den]}
            ).reset_index()
        )
    for measure, num in (("injury_rate", "injuries"), ("injury_death_rate", "deaths")):
        long.append(
            pd.DataFrame(
                {"measure": measure, "numerator": 0, "denominator": child["children"]}
            ).reset_index()
        )
        long.append(
            pd.DataFrame(
                {"measure": measure, "numerator": incident[num], "denominator": 0}
            ).reset_index()
        )
    for measure, num in (
        ("drowning_deaths", "drownings"),
        ("hiv_new_infections", "hiv"),
    ):
        long.append(
            pd.DataFrame(
                {"measure": measure, "numerator": incident[num], "denominator": 0}
            ).reset_index()
        )
    return pd.concat(long, ignore_index=True)


def town_counts(store: Path, pass_mark: float) -> pd.DataFrame:
    """Per (snapshot, measure) for the town-wide targets."""
    p = read_table(
        store, "policies", ["snapshot_date", "issued_on", "children_consulted"]
    )
    issued = in_window(p["issued_on"], p["snapshot_date"])
    policies = (
        pd.DataFrame(
            {
                "snapshot_date": p["snapshot_date"],
                "numerator": count(issued & p["children_consulted"].fillna(False)),
                "denominator": count(issued),
            }
        )
        .groupby("snapshot_date")
        .sum()
    )
    policies["measure"] = "policies_child_consulted"

    a = read_table(
        store, "assessments", ["snapshot_date", "year", "criterion", "score"]
    )
    a = a[a["year"] <= a["snapshot_date"].dt.year]
    latest = a.groupby("snapshot_date")["year"].transform("max")
    a = a[a["year"] == latest]
    criteria = set(CRITERIA)
    score = a.groupby("snapshot_date").agg(
        score_total=("score", "sum"),
        lowest=("score", "min"),
        criteria=("criterion", lambda s: len(set(s) & criteria)),
    )
    score["is_recognised"] = (
        (score["criteria"] == len(criteria))
        & (score["lowest"] > 0)
        & (score["score_total"] >= pass_mark)
    )
    score["measure"] = "child_friendly_score"
    return pd.concat(
        [
            policies.reset_index(),
            score[["score_total", "is_recognised", "measure"]].reset_index(),
        ],
        ignore_index=True,
    )


SOURCES = {
    "officers_trained": "officers",
    "families_protection_knowledge": "households",
    "ecd_caregiver_knowledge": "households",
    "disabled_caregiver_knowledge": "households",
    "families_labour_info": "households",
    "policies_child_consulted": "policies",
    "child_friendly_score": "assessments",
}


def series(store: str | Path, plan: Plan, groups=()) -> pd.DataFrame:
    """Same rows and columns as indicators.series (without intervals)."""
    store = Path(store)
    manifest = read_table(store, "manifest", ["snapshot_date", "table_name"])
    present = set(zip(manifest["snapshot_date"], manifest["table_name"], strict=True))
    days = sorted(manifest["snapshot_date"].unique())

    grouped = group_counts(store)
    if groups:
        grouped = grouped[grouped["residential_group"].isin(list(groups))]
    sums = grouped.groupby(["snapshot_date", "measure"])[
        ["numerator", "denominator"]
    ].sum()
    town = town_counts(store, float(plan.pass_mark)).set_index(
        ["snapshot_date", "measure"]
    )

    rows = []
    for t in plan.targets:
        source = SOURCES.get(t.measure, "children")
        table = town if t.town_wide else sums
        for day in days:
            key = (day, t.measure)
            has = (day, source) in present
            got = table.loc[key] if key in table.index else None
            num = (
                float(got["numerator"])
                if got is not None and not pd.isna(got.get("numerator", np.nan))
                else 0.0
            )
            den = (
                float(got["denominator"])
                if got is not None and not pd.isna(got.get("denominator", np.nan))
                else 0.0
            )
            value = np.nan
            status = None
            if not has:
                num = den = np.nan
                status = "no_data"
            elif t.kind in ("share", "rate"):
                if den > 0:
                    scale = 100.0 if t.kind == "share" else 1000.0
                    value = scale * num / den
                else:
                    status = t.when_none
            elif t.kind == "count":
                value, den = num, np.nan
            else:
                num = den = np.nan
                if got is not None:
                    value = float(got["score_total"])
            if status is None:
                if np.isnan(value):
                    status = "no_data"
                elif t.operator == "info":
                    status = "info"
                elif t.kind == "score" and not bool(got["is_recognised"]):
                    status = "not_met"
                else:
                    status = (
                        "met" if _holds(value, t.operator, t.threshold) else "not_met"
                    )
            rows.append(
                (
                    t.id,
                    pd.Timestamp(day).date(),
                    num,
                    den,
                    value,
                    np.nan if t.threshold is None else t.threshold,
                    t.operator,
                    status,
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "target_id",
            "snapshot_date",
            "numerator",
            "denominator",
            "value",
            "threshold",
            "operator",
            "status",
        ],
    )


def scorecard(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    days = [d for d in frame["snapshot_date"].unique() if d.year == year]
    return frame[frame["snapshot_date"] == max(days)].reset_index(drop=True)


def _holds(value: float, operator: str, threshold: float) -> bool:
    return {
        "<": value < threshold,
        "<=": value <= threshold,
        ">": value > threshold,
        ">=": value >= threshold,
        "=": value == threshold,
    }[operator]


def last_year(frame: pd.DataFrame) -> int:
    return max(d.year for d in frame["snapshot_date"] if isinstance(d, dt.date))
