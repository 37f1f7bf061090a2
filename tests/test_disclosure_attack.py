"""An attacker with a leader's login tries to place sensitive cases.

Written apart from childplan/disclosure: an integer programme over what the
meeting view shows. Unknowns: for each sensitive kind of case (HIV
infection, injury death, drowning death, child-labour or trafficking case),
each residential group and each interval between two snapshots, how many
cases happened there. Constraints: everything the meeting view states about
them -- each year's town figure -- and, to make the attacker stronger than a
leader, the exact injuries of every group and interval (a death is an
injury; a drowning death is a death). A case is *placed* when its cell has
the same value at the minimum and the maximum of the programme: then the
attacker knows the group and the time of a case. The test: no case placed,
on the sample town and on the towns built for the disclosure tests.

So that the attack is not blind, the same programme given what the old
dashboard showed (each group's 12-month count at each snapshot) places the
cases (test_the_attack_places_cases_given_per_group_snapshots).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from childplan.disclosure import rules
from childplan.indicators import targets as indicators
from childplan.indicators.plan import plan_for_year
from childplan.store.db import Database
from childplan.store.snapshots import Store
from tests.disclosure_towns import build_town

ROOT = Path(__file__).resolve().parent.parent
KINDS = {  # kind of case -> the meeting's target that counts it (numerator)
    "hiv": "hiv_new_infections",
    "death": "injury_death_rate",
    "drowning": "drowning_deaths",
    "labour": "labour_cases_supported",  # the cases are its denominator
}


def truth(db: Database) -> tuple[dict, list, list[dt.date]]:
    """The register of the last snapshot: every case with its group and the
    snapshot interval it falls in (the finest 'when' the data can tell)."""
    days = indicators.snapshot_dates(db)
    last = days[-1]
    with db._con.cursor() as cur:
        rows = cur.execute(
            "select kind, residential_group, occurred_on, "
            "coalesce(reported_on, occurred_on), coalesce(fatal, false), cause "
            "from incidents where snapshot_date = $d",
            {"d": last},
        ).fetchall()
    groups = indicators.residential_groups(db)

    def interval(day: dt.date) -> int | None:
        for i, snapshot in enumerate(days):
            if day <= snapshot:
                return i
        return None

    cells: dict = {}
    for kind, group, occurred, reported, fatal, cause in rows:
        keys = []
        if kind == "hiv":
            keys.append(("hiv", interval(occurred)))
        if kind in ("labour", "trafficking"):
            keys.append(("labour", interval(reported)))
        if kind == "injury":
            keys.append(("injury", interval(occurred)))
            if fatal:
                keys.append(("death", interval(occurred)))
                if cause == "drowning":
                    keys.append(("drowning", interval(occurred)))
        for family, when in keys:
            if when is not None:
                cells[(family, group, when)] = cells.get((family, group, when), 0) + 1
    return cells, groups, days


def meeting_facts(db: Database, days) -> list[tuple[str, int, float]]:
    """(kind, year, count) the meeting view states: each year's town figure
    of each sensitive target, as the dashboard's rule gives it."""
    plan = plan_for_year(days[-1].year)
    yearly = indicators.yearly(db, plan, rules.sensitive_targets(plan))
    facts = []
    for kind, target_id in KINDS.items():
        rows = yearly[yearly["target_id"] == target_id]
        column = "denominator" if kind == "labour" else "numerator"
        for row in rows.itertuples(index=False):
            facts.append((kind, int(row.year), float(getattr(row, column))))
    return facts


class Attack:
    """The integer programme: one variable per (kind, group, interval)."""

    def __init__(self, groups, days, injuries: dict):
        self.index = {}
        for kind in KINDS:
            for g in groups:
                for i in range(len(days)):
                    self.index[(kind, g, i)] = len(self.index)
        self.days, self.groups = days, groups
        self.rows, self.lows, self.highs = [], [], []
        n = len(self.index)
        upper = np.full(n, np.inf)
        for (kind, g, i), j in self.index.items():
            if kind in ("death", "drowning"):
                upper[j] = injuries.get(("injury", g, i), 0)
        self.bounds = Bounds(np.zeros(n), upper)
        for g in groups:  # a drowning death is a death
            for i in range(len(days)):
                self.add({("drowning", g, i): 1, ("death", g, i): -1}, -np.inf, 0)

    def add(self, coefficients: dict, low: float, high: float) -> None:
        row = np.zeros(len(self.index))
        for key, c in coefficients.items():
            row[self.index[key]] = c
        self.rows.append(row)
        self.lows.append(low)
        self.highs.append(high)

    def year_total(self, kind: str, year: int, count: float) -> None:
        """The events of `year` up to its last snapshot sum to `count`."""
        last = max(i for i, d in enumerate(self.days) if d.year == year)
        cells = {
            (kind, g, i): 1
            for g in self.groups
            for i, d in enumerate(self.days)
            if d.year == year and i <= last
        }
        self.add(cells, count, count)

    def range_of(self, key) -> tuple[float, float]:
        n = len(self.index)
        constraints = LinearConstraint(np.array(self.rows), self.lows, self.highs)
        out = []
        for sign in (1, -1):
            c = np.zeros(n)
            c[self.index[key]] = sign
            res = milp(
                c, constraints=constraints, bounds=self.bounds, integrality=np.ones(n)
            )
            assert res.success, res.message
            out.append(sign * res.fun)
        return out[0], out[1]


def placed_cases(db: Database, leaky: bool = False) -> tuple[list, int]:
    cells, groups, days = truth(db)
    attack = Attack(groups, days, cells)
    for kind, year, count in meeting_facts(db, days):
        attack.year_total(kind, year, count)
    if leaky:
        add_old_dashboard_facts(attack, db, days)
    cases = [k for k in cells if k[0] in KINDS]
    placed = [k for k in cases if attack.range_of(k) == (cells[k], cells[k])]
    return placed, len(cases)


def add_old_dashboard_facts(attack: Attack, db: Database, days) -> None:
    """What the dashboard showed before the rule: each group's 12-month
    count of every sensitive target at every snapshot."""
    plan = plan_for_year(days[-1].year)
    for kind, target_id in KINDS.items():
        column = "denominator" if kind == "labour" else "numerator"
        for day in days:
            by_group = indicators.by_group(db, plan, target_id, day)
            start = (
                day.replace(year=day.year - 1)
                if not (day.month == 2 and day.day == 29)
                else dt.date(day.year - 1, 2, 28)
            )
            for row in by_group.itertuples(index=False):
                window = {
                    (kind, row.residential_group, j): 1
                    for j, d in enumerate(days)
                    if start < d <= day
                }
                count = float(getattr(row, column))
                attack.add(window, count, count)


def test_the_sample_town_places_no_case():
    db = Database(Store.open(ROOT / "sample_data"))
    placed, cases = placed_cases(db)
    # the register of 31/12/2024 holds 1 HIV infection, 5 labour cases,
    # 3 injury deaths (all drownings) in 12 cells, among 95 injuries
    assert cases == 12
    assert placed == []


@pytest.mark.parametrize("moved", [False, True])
def test_the_disclosure_towns_place_no_case(tmp_path, moved):
    db = Database(Store.open(build_town(tmp_path / "town", moved=moved)))
    placed, cases = placed_cases(db)
    assert cases >= 4
    assert placed == []


def test_the_attack_places_cases_given_per_group_snapshots(tmp_path):
    """The programme is not blind: given each group's 12-month counts at
    every snapshot (what the old dashboard showed), it places the HIV and
    labour cases of the disclosure town (group and quarter)."""
    db = Database(Store.open(build_town(tmp_path / "town")))
    placed, _ = placed_cases(db, leaky=True)
    assert {k[0] for k in placed} >= {"hiv", "labour"}
