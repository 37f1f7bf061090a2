"""Every target of the 2024 plan on tiny snapshots, values computed by hand.

Rows are (target_id, snapshot_date, numerator, denominator, value,
threshold, operator, status), None where a field is empty. The arithmetic
behind each expected value is in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from childplan.indicators import targets as indicators
from childplan.indicators.plan import PlanError, load_plan
from childplan.store.db import Database
from childplan.store.snapshots import Store
from tests.snapshot_builder import (
    assessment_rows,
    build_store,
    child,
    household,
    incident,
    officer,
    policy,
)

PLAN = load_plan(2024)
D = dt.date.fromisoformat
COLUMNS = [
    "target_id",
    "snapshot_date",
    "numerator",
    "denominator",
    "value",
    "threshold",
    "operator",
    "status",
]


def plain(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def rows(frame, columns=COLUMNS, targets=None):
    out = []
    for rec in frame[columns].itertuples(index=False):
        if targets is None or rec[0] in targets:
            out.append(tuple(plain(v) for v in rec))
    return out


def open_db(root) -> Database:
    return Database(Store.open(root))


# --- a town of 5 children in 2 groups, every table present ------------------
#
# d = 2024-12-31: the window is 2024-01-01 .. 2024-12-31 (2023-12-31 out).
# child  group born        age  special  supported svc   integ ecd   consulted household
# c1     T1    2016-12-31  8    d        True      True  None  True  True      h1
# c2     T1    2017-01-01  7    -        -         -     -     None  False     h1
# c3     T1    2015-12-31  9    a;d      None      False True  True* True      h2
# c4     T2    2020-06-15  4    -        -         -     -     True  True*     h3
# c5     T2    2009-01-01  15   đ        True      -     -     -     None      h4
# (* a flag that does not apply: counts nowhere; đ is not d)

TOWN_DAY = "2024-12-31"


def town_snapshot():
    return {
        "children": [
            child(
                "c1",
                "T1",
                "2016-12-31",
                household_id="h1",
                special_groups="d",
                special_supported=True,
                disability_services=True,
                disability_integration=None,
                ecd_services=True,
                consulted=True,
            ),
            child(
                "c2",
                "T1",
                "2017-01-01",
                household_id="h1",
                ecd_services=None,
                consulted=False,
            ),
            child(
                "c3",
                "T1",
                "2015-12-31",
                household_id="h2",
                special_groups="a;d",
                special_supported=None,
                disability_services=False,
                disability_integration=True,
                ecd_services=True,
                consulted=True,
            ),
            child(
                "c4",
                "T2",
                "2020-06-15",
                household_id="h3",
                ecd_services=True,
                consulted=True,
            ),
            child(
                "c5",
                "T2",
                "2009-01-01",
                household_id="h4",
                special_groups="đ",
                special_supported=True,
                consulted=None,
            ),
        ],
        "households": [
            household(
                "h1",
                "T1",
                protection_knowledge=True,
                labour_info=True,
                ecd_knowledge=True,
                disability_knowledge=None,
            ),
            household(
                "h2",
                "T1",
                protection_knowledge=False,
                labour_info=None,
                ecd_knowledge=True,
                disability_knowledge=True,
            ),
            household(
                "h3",
                "T2",
                protection_knowledge=True,
                labour_info=True,
                ecd_knowledge=False,
            ),
            household("h4", "T2", protection_knowledge=None, labour_info=True),
            # no child in `children`: counts in no target
            household(
                "h5",
                "T2",
                protection_knowledge=True,
                labour_info=True,
                ecd_knowledge=True,
                disability_knowledge=True,
            ),
        ],
        "incidents": [
            incident(
                "injury", "T1", "2023-12-31", cause="fall", fatal=False, age=6
            ),  # out: d-12m
            incident(
                "injury",
                "T1",
                "2024-01-01",
                cause="drowning",
                fatal=True,
                sex="F",
                age=3,
            ),  # in: next day
            incident(
                "injury",
                "T2",
                "2024-12-31",
                cause="traffic",
                fatal=False,
                place="school",
                age=10,
            ),  # in: t = d
            incident(
                "injury",
                "T2",
                "2024-06-01",
                cause="fall",
                fatal=True,
                place="home",
                age=14,
            ),
            incident("injury", "T1", "2023-12-31", cause="drowning", fatal=True),  # out
            incident("hiv", "T1", "2023-06-01"),  # out
            incident("hiv", "T2", "2024-03-01"),  # in
            incident(
                "labour",
                "T1",
                "2023-11-01",
                reported_on="2024-01-01",
                supported_timely=True,
            ),  # in by report
            incident(
                "trafficking", "T2", "2024-02-01", supported_timely=None
            ),  # in, unknown
            incident(
                "labour",
                "T2",
                "2023-12-01",
                reported_on="2023-12-31",
                supported_timely=True,
            ),  # out by report
            incident(
                "abuse", "T1", "2024-05-01", cause="violence", supported_timely=True
            ),  # counts nowhere
        ],
        "officers": [
            officer("o1", "town", trained=True),
            officer("o2", "group", "T1", trained=True),
            officer("o3", "group", "T2", trained=None),
            officer("o4", "group", "T2", trained=False),
        ],
        "policies": [
            policy("p1", "2023-12-31", False),  # out
            policy("p2", "2024-01-01", True),
            policy("p3", "2024-12-31", True, level="town"),
        ],
        "assessments": assessment_rows(2023, [70] * 13)  # 910
        + assessment_rows(2024, [70] * 12 + [20]),  # 860
    }


@pytest.fixture
def town(tmp_path):
    return open_db(build_store(tmp_path / "store", {TOWN_DAY: town_snapshot()}))


def test_every_target_for_the_whole_town(town):
    d = D(TOWN_DAY)
    assert rows(indicators.series(town, PLAN)) == [
        # c1, c3, c5 of 5 children: 100 * 3 / 5
        ("hcdb_share", d, 3.0, 5.0, 60.0, 2.0, "<", "not_met"),
        # c1 True, c3 unknown, c5 True: 100 * 2 / 3
        ("hcdb_supported", d, 2.0, 3.0, 100 * 2 / 3, 96.0, ">=", "not_met"),
        # o1 (town) and o2 of 4 officers; o3 unknown
        ("officers_trained", d, 2.0, 4.0, 50.0, 100.0, ">=", "not_met"),
        # h1..h4 have children (h5 none); h1, h3 informed (h4 unknown)
        ("families_protection_knowledge", d, 2.0, 4.0, 50.0, 85.0, ">=", "not_met"),
        # injuries on 2024-01-01, 2024-06-01, 2024-12-31: 1000 * 3 / 5
        ("injury_rate", d, 3.0, 5.0, 600.0, 3.0, "<", "not_met"),
        # fatal: 2024-01-01, 2024-06-01: 1000 * 2 / 5
        ("injury_death_rate", d, 2.0, 5.0, 400.0, 2.0, "<", "not_met"),
        # 2024-01-01 drowning (the 2023-12-31 one is outside)
        ("drowning_deaths", d, 1.0, None, 1.0, None, "info", "info"),
        # 2024-03-01 (2023-06-01 outside)
        ("hiv_new_infections", d, 1.0, None, 1.0, 0.0, "=", "not_met"),
        # aged <= 8: c1 (8 on d), c2 (7), c4 (4); c1, c4 True, c2 unknown
        ("ecd_access", d, 2.0, 3.0, 100 * 2 / 3, 80.0, ">=", "not_met"),
        # households with a child <= 8: h1, h3; h1 True, h3 False
        ("ecd_caregiver_knowledge", d, 1.0, 2.0, 50.0, 75.0, ">", "not_met"),
        # disabled: c1, c3 (c5 is đ); services c1 True, c3 False
        ("disabled_service_access", d, 1.0, 2.0, 50.0, 85.0, ">=", "not_met"),
        # integration: c1 unknown, c3 True
        ("disabled_integration_skills", d, 1.0, 2.0, 50.0, 60.0, ">=", "not_met"),
        # households with a disabled child: h1 (unknown), h2 (True)
        ("disabled_caregiver_knowledge", d, 1.0, 2.0, 50.0, 70.0, ">=", "not_met"),
        # p2 (2024-01-01) and p3 (t = d) in window, both consulted
        ("policies_child_consulted", d, 2.0, 2.0, 100.0, 100.0, ">=", "met"),
        # aged >= 7: c1, c2, c3, c5; c1, c3 True (c5 unknown)
        ("children_consulted", d, 2.0, 4.0, 50.0, 20.0, ">=", "met"),
        # labour reported 2024-01-01 (True), trafficking 2024-02-01 (unknown)
        ("labour_cases_supported", d, 1.0, 2.0, 50.0, 100.0, ">=", "not_met"),
        # h1, h3, h4 of h1..h4: 100 * 3 / 4 = 75, the threshold itself
        ("families_labour_info", d, 3.0, 4.0, 75.0, 75.0, ">=", "met"),
        # latest year 2024: 12 * 70 + 20 = 860, 13 criteria, none 0
        ("child_friendly_score", d, None, None, 860.0, 850.0, ">=", "met"),
    ]


def test_group_filter_restricts_everything_but_town_wide_targets(town):
    d = D(TOWN_DAY)
    assert rows(indicators.series(town, PLAN, groups=("T2",))) == [
        # c4, c5; c5 is đ: 100 * 1 / 2
        ("hcdb_share", d, 1.0, 2.0, 50.0, 2.0, "<", "not_met"),
        ("hcdb_supported", d, 1.0, 1.0, 100.0, 96.0, ">=", "met"),
        # group-level officers of T2 only (o1 is town level): o3 ?, o4 False
        ("officers_trained", d, 0.0, 2.0, 0.0, 100.0, ">=", "not_met"),
        # h3, h4 (h5 has no child): h3 True
        ("families_protection_knowledge", d, 1.0, 2.0, 50.0, 85.0, ">=", "not_met"),
        # 2024-06-01 and 2024-12-31 of 2 children: 1000 * 2 / 2
        ("injury_rate", d, 2.0, 2.0, 1000.0, 3.0, "<", "not_met"),
        ("injury_death_rate", d, 1.0, 2.0, 500.0, 2.0, "<", "not_met"),
        ("drowning_deaths", d, 0.0, None, 0.0, None, "info", "info"),
        ("hiv_new_infections", d, 1.0, None, 1.0, 0.0, "=", "not_met"),
        # c4 (4) True
        ("ecd_access", d, 1.0, 1.0, 100.0, 80.0, ">=", "met"),
        # h3: False
        ("ecd_caregiver_knowledge", d, 0.0, 1.0, 0.0, 75.0, ">", "not_met"),
        # no disabled child in T2: 0 / 0 is no data
        ("disabled_service_access", d, 0.0, 0.0, None, 85.0, ">=", "no_data"),
        ("disabled_integration_skills", d, 0.0, 0.0, None, 60.0, ">=", "no_data"),
        ("disabled_caregiver_knowledge", d, 0.0, 0.0, None, 70.0, ">=", "no_data"),
        # town-wide: the filter does not apply
        ("policies_child_consulted", d, 2.0, 2.0, 100.0, 100.0, ">=", "met"),
        # c5 (15), unknown
        ("children_consulted", d, 0.0, 1.0, 0.0, 20.0, ">=", "not_met"),
        # trafficking 2024-02-01 (unknown); the labour one is outside
        ("labour_cases_supported", d, 0.0, 1.0, 0.0, 100.0, ">=", "not_met"),
        # h3, h4 both True
        ("families_labour_info", d, 2.0, 2.0, 100.0, 75.0, ">=", "met"),
        ("child_friendly_score", d, None, None, 860.0, 850.0, ">=", "met"),
    ]


def test_group_filter_keeps_group_officers_only(town):
    # T1: o2 (trained) only; the town-level o1 does not belong to any group
    assert rows(
        indicators.series(town, PLAN, groups=("T1",)), targets={"officers_trained"}
    ) == [
        ("officers_trained", D(TOWN_DAY), 1.0, 1.0, 100.0, 100.0, ">=", "met"),
    ]
    # both groups: o2, o3, o4 (still not o1): 100 * 1 / 3
    assert rows(
        indicators.series(town, PLAN, groups=("T1", "T2")),
        targets={"officers_trained", "hcdb_share"},
    ) == [
        ("hcdb_share", D(TOWN_DAY), 3.0, 5.0, 60.0, 2.0, "<", "not_met"),
        ("officers_trained", D(TOWN_DAY), 1.0, 3.0, 100 / 3, 100.0, ">=", "not_met"),
    ]


def test_hostile_group_name_is_inert(town, tmp_path):
    before = sorted((p.name, p.stat().st_size) for p in (tmp_path / "store").rglob("*"))
    frame = indicators.series(town, PLAN, groups=("x' OR 1=1 --",))
    d = D(TOWN_DAY)
    # matches no group: nothing counted, town-wide targets unchanged
    assert rows(
        frame,
        targets={
            "hcdb_share",
            "officers_trained",
            "hiv_new_infections",
            "policies_child_consulted",
            "labour_cases_supported",
        },
    ) == [
        ("hcdb_share", d, 0.0, 0.0, None, 2.0, "<", "no_data"),
        ("officers_trained", d, 0.0, 0.0, None, 100.0, ">=", "no_data"),
        ("hiv_new_infections", d, 0.0, None, 0.0, 0.0, "=", "met"),
        ("policies_child_consulted", d, 2.0, 2.0, 100.0, 100.0, ">=", "met"),
        ("labour_cases_supported", d, 0.0, 0.0, None, 100.0, ">=", "no_cases"),
    ]
    assert indicators.residential_groups(town) == ["T1", "T2"]
    after = sorted((p.name, p.stat().st_size) for p in (tmp_path / "store").rglob("*"))
    assert after == before


def test_by_group(town):
    frame = indicators.by_group(town, PLAN, "officers_trained", D(TOWN_DAY))
    assert rows(
        frame, ["residential_group", "numerator", "denominator", "value", "status"]
    ) == [
        ("T1", 1.0, 1.0, 100.0, "met"),  # o2
        ("T2", 0.0, 2.0, 0.0, "not_met"),  # o3 unknown, o4 False
    ]
    frame = indicators.by_group(
        town, PLAN, "disabled_service_access", TOWN_DAY, groups=("T2",)
    )
    assert rows(
        frame, ["residential_group", "numerator", "denominator", "value", "status"]
    ) == [("T2", 0.0, 0.0, None, "no_data")]
    assert indicators.by_group(town, PLAN, "child_friendly_score", TOWN_DAY).empty


def test_injury_breakdown(town):
    frame = indicators.injury_breakdown(town, 2024)
    got = [tuple(r) for r in frame.itertuples(index=False)]
    # in the window: drowning (F, 3, fatal, no place), traffic (M, 10,
    # school), fall (M, 14, home, fatal); the two 2023-12-31 ones are out
    assert got == [
        ("cause", "fall", 1, 1),
        ("cause", "burn", 0, 0),
        ("cause", "traffic", 1, 0),
        ("cause", "poisoning", 0, 0),
        ("cause", "cut", 0, 0),
        ("cause", "suffocation", 0, 0),
        ("cause", "animal", 0, 0),
        ("cause", "drowning", 1, 1),
        ("cause", "explosive", 0, 0),
        ("cause", "electric", 0, 0),
        ("cause", "other", 0, 0),
        ("place", "home", 1, 1),
        ("place", "school", 1, 0),
        ("place", "community", 0, 0),
        ("place", "unknown", 1, 1),
        ("sex", "M", 2, 1),
        ("sex", "F", 1, 1),
        ("age_band", "0-5", 1, 1),
        ("age_band", "6-9", 0, 0),
        ("age_band", "10-13", 1, 0),
        ("age_band", "14-15", 1, 1),
    ]
    t1 = indicators.injury_breakdown(town, 2024, groups=("T1",))
    assert t1[t1["dimension"] == "sex"].values.tolist() == [
        ["sex", "M", 0, 0],
        ["sex", "F", 1, 1],
    ]
    assert indicators.injury_breakdown(town, 2023).empty


# --- ages and windows around 29 February -------------------------------------
#
# k1 born 2016-02-29 (ecd True, consulted True), k2 born 2015-03-01 (ecd
# True, consulted False), k3 born 2015-02-28 (ecd False, consulted False).
#            2023-02-28   2023-03-01   2024-02-29
#   k1       6            7 (1 Mar)    8
#   k2       7            8            8 (9 on 1 Mar)
#   k3       8            8            9


def leap_children():
    return [
        child("k1", "T1", "2016-02-29", ecd_services=True, consulted=True),
        child("k2", "T1", "2015-03-01", ecd_services=True, consulted=False),
        child("k3", "T1", "2015-02-28", ecd_services=False, consulted=False),
    ]


@pytest.fixture
def leap(tmp_path):
    return open_db(
        build_store(
            tmp_path / "store",
            {
                # window 2022-02-28 < t <= 2023-02-28
                "2023-02-28": {
                    "children": leap_children(),
                    "incidents": [
                        incident(
                            "injury", "T1", "2022-02-28", fatal=False, cause="fall"
                        ),
                        incident(
                            "injury", "T1", "2022-03-01", fatal=False, cause="fall"
                        ),
                    ],
                },
                # window 2022-03-01 < t <= 2023-03-01
                "2023-03-01": {
                    "children": leap_children(),
                    "incidents": [
                        incident(
                            "injury", "T1", "2022-03-01", fatal=False, cause="fall"
                        ),
                        incident(
                            "injury", "T1", "2022-03-02", fatal=False, cause="fall"
                        ),
                        incident(
                            "injury", "T1", "2023-03-01", fatal=False, cause="fall"
                        ),
                    ],
                },
                # d - 12 months = 2023-02-28 (no 29 Feb in 2023)
                "2024-02-29": {
                    "children": leap_children(),
                    "incidents": [
                        incident(
                            "injury", "T1", "2023-02-28", fatal=False, cause="fall"
                        ),
                        incident(
                            "injury", "T1", "2023-03-01", fatal=False, cause="fall"
                        ),
                        incident(
                            "injury", "T1", "2024-02-29", fatal=False, cause="fall"
                        ),
                    ],
                },
            },
        )
    )


def test_ages_and_windows_around_29_february(leap):
    d1, d2, d3 = D("2023-02-28"), D("2023-03-01"), D("2024-02-29")
    frame = indicators.series(leap, PLAN)
    assert rows(frame, targets={"injury_rate", "ecd_access", "children_consulted"}) == [
        # 2022-03-01 only: 1000 * 1 / 3
        ("injury_rate", d1, 1.0, 3.0, 1000 / 3, 3.0, "<", "not_met"),
        # 2022-03-02 and 2023-03-01: 1000 * 2 / 3
        ("injury_rate", d2, 2.0, 3.0, 2000 / 3, 3.0, "<", "not_met"),
        # 2023-03-01 and 2024-02-29 (2023-02-28 is d - 12 months)
        ("injury_rate", d3, 2.0, 3.0, 2000 / 3, 3.0, "<", "not_met"),
        # <= 8: k1, k2, k3; k1, k2 True: 100 * 2 / 3
        ("ecd_access", d1, 2.0, 3.0, 100 * 2 / 3, 80.0, ">=", "not_met"),
        ("ecd_access", d2, 2.0, 3.0, 100 * 2 / 3, 80.0, ">=", "not_met"),
        # k3 is 9: k1, k2 of k1, k2
        ("ecd_access", d3, 2.0, 2.0, 100.0, 80.0, ">=", "met"),
        # >= 7: k2, k3 (k1 is 6 until 1 March)
        ("children_consulted", d1, 0.0, 2.0, 0.0, 20.0, ">=", "not_met"),
        # k1 turned 7 on 1 March: k1 True of 3: 100 * 1 / 3
        ("children_consulted", d2, 1.0, 3.0, 100 / 3, 20.0, ">=", "met"),
        ("children_consulted", d3, 1.0, 3.0, 100 / 3, 20.0, ">=", "met"),
    ]


def test_date_range_selects_snapshots(leap):
    frame = indicators.series(
        leap, PLAN, date_from=D("2023-03-01"), date_to=D("2023-12-31")
    )
    assert sorted(set(frame["snapshot_date"])) == [D("2023-03-01")]
    assert len(frame) == len(PLAN.targets)
    assert indicators.snapshot_dates(leap) == [
        D("2023-02-28"),
        D("2023-03-01"),
        D("2024-02-29"),
    ]
    assert indicators.years(leap) == [2023, 2024]


def test_scorecard_compares_with_last_snapshot_of_previous_year(leap):
    card = indicators.scorecard(leap, PLAN, 2024)
    assert list(card["target_id"]) == list(PLAN.target_ids)
    got = card.set_index("target_id")
    # 2024 value at 2024-02-29, previous at 2023-03-01 (last of 2023)
    assert plain(got.loc["ecd_access", "value"]) == 100.0
    assert plain(got.loc["ecd_access", "previous_value"]) == 100 * 2 / 3
    assert plain(got.loc["ecd_access", "previous_numerator"]) == 2  # 2 of 3
    # 100.0 - 66.66666666666667
    assert plain(got.loc["ecd_access", "change"]) == 100.0 - 100 * 2 / 3
    assert plain(got.loc["children_consulted", "change"]) == 0.0
    assert set(card["snapshot_date"]) == {D("2024-02-29")}
    first = indicators.scorecard(leap, PLAN, 2023)
    assert first["previous_value"].isna().all()
    assert first["change"].isna().all()


# --- optional tables missing, no cases ----------------------------------------


def test_missing_optional_tables_and_no_cases(tmp_path):
    db = open_db(
        build_store(
            tmp_path / "store",
            {
                "2024-06-30": {
                    "children": [child("c1", "T1", "2020-01-01", ecd_services=True)],
                }
            },
        )
    )
    d = D("2024-06-30")
    assert rows(indicators.series(db, PLAN)) == [
        ("hcdb_share", d, 0.0, 1.0, 0.0, 2.0, "<", "met"),
        # no HCĐB child: 0 / 0
        ("hcdb_supported", d, 0.0, 0.0, None, 96.0, ">=", "no_data"),
        # no officers table
        ("officers_trained", d, None, None, None, 100.0, ">=", "no_data"),
        ("families_protection_knowledge", d, None, None, None, 85.0, ">=", "no_data"),
        ("injury_rate", d, 0.0, 1.0, 0.0, 3.0, "<", "met"),
        ("injury_death_rate", d, 0.0, 1.0, 0.0, 2.0, "<", "met"),
        ("drowning_deaths", d, 0.0, None, 0.0, None, "info", "info"),
        ("hiv_new_infections", d, 0.0, None, 0.0, 0.0, "=", "met"),
        # c1 is 4
        ("ecd_access", d, 1.0, 1.0, 100.0, 80.0, ">=", "met"),
        ("ecd_caregiver_knowledge", d, None, None, None, 75.0, ">", "no_data"),
        ("disabled_service_access", d, 0.0, 0.0, None, 85.0, ">=", "no_data"),
        ("disabled_integration_skills", d, 0.0, 0.0, None, 60.0, ">=", "no_data"),
        ("disabled_caregiver_knowledge", d, None, None, None, 70.0, ">=", "no_data"),
        ("policies_child_consulted", d, None, None, None, 100.0, ">=", "no_data"),
        ("children_consulted", d, 0.0, 0.0, None, 20.0, ">=", "no_data"),
        # no case reported in the window: "khi có thông báo"
        ("labour_cases_supported", d, 0.0, 0.0, None, 100.0, ">=", "no_cases"),
        ("families_labour_info", d, None, None, None, 75.0, ">=", "no_data"),
        ("child_friendly_score", d, None, None, None, 850.0, ">=", "no_data"),
    ]


def test_empty_optional_tables_count_zero(tmp_path):
    # present but empty: 0 / 0 (no data), not an empty field
    db = open_db(
        build_store(
            tmp_path / "store",
            {
                "2024-06-30": {
                    "children": [child("c1", "T1", "2020-01-01")],
                    "households": [],
                    "officers": [],
                    "policies": [],
                    "assessments": [],
                }
            },
        )
    )
    d = D("2024-06-30")
    assert rows(
        indicators.series(db, PLAN),
        targets={
            "officers_trained",
            "families_labour_info",
            "policies_child_consulted",
            "child_friendly_score",
        },
    ) == [
        ("officers_trained", d, 0.0, 0.0, None, 100.0, ">=", "no_data"),
        ("policies_child_consulted", d, 0.0, 0.0, None, 100.0, ">=", "no_data"),
        ("families_labour_info", d, 0.0, 0.0, None, 75.0, ">=", "no_data"),
        ("child_friendly_score", d, None, None, None, 850.0, ">=", "no_data"),
    ]


# --- the child-friendly score -------------------------------------------------


def test_child_friendly_score_latest_year_and_recognition(tmp_path):
    kids = [child("c1", "T1", "2020-01-01")]
    db = open_db(
        build_store(
            tmp_path / "store",
            {
                # only 2021 assessed: the latest year <= 2022; 13 * 70 = 910
                "2022-12-31": {
                    "children": kids,
                    "assessments": assessment_rows(2021, [70] * 13),
                },
                # 12 * 65 + 69.5 = 849.5: below the pass mark
                "2023-12-31": {
                    "children": kids,
                    "assessments": assessment_rows(2023, [65] * 12 + [69.5]),
                },
                # 2024 latest; criterion 1 scores 0: 0 + 12 * 75 = 900, not recognised
                "2024-12-31": {
                    "children": kids,
                    "assessments": assessment_rows(2023, [70] * 13)
                    + assessment_rows(2024, [0] + [75] * 12),
                },
                # 2025 not yet assessed: 2024 with 12 criteria, 12 * 80 = 960
                "2025-01-31": {
                    "children": kids,
                    "assessments": assessment_rows(2024, [80] * 12),
                },
            },
        )
    )
    assert rows(indicators.series(db, PLAN), targets={"child_friendly_score"}) == [
        (
            "child_friendly_score",
            D("2022-12-31"),
            None,
            None,
            910.0,
            850.0,
            ">=",
            "met",
        ),
        (
            "child_friendly_score",
            D("2023-12-31"),
            None,
            None,
            849.5,
            850.0,
            ">=",
            "not_met",
        ),
        (
            "child_friendly_score",
            D("2024-12-31"),
            None,
            None,
            900.0,
            850.0,
            ">=",
            "not_met",
        ),
        (
            "child_friendly_score",
            D("2025-01-31"),
            None,
            None,
            960.0,
            850.0,
            ">=",
            "not_met",
        ),
    ]


def test_pass_mark_is_a_plan_setting(town):
    import dataclasses

    strict = dataclasses.replace(PLAN, pass_mark=900)
    # 860 is >= the 850 threshold but the year is not recognised at 900
    assert rows(indicators.series(town, strict), targets={"child_friendly_score"}) == [
        (
            "child_friendly_score",
            D(TOWN_DAY),
            None,
            None,
            860.0,
            850.0,
            ">=",
            "not_met",
        ),
    ]


def test_the_sql_computes_exactly_the_plan_catalogues_measures():
    from childplan.indicators.plan import MEASURES

    assert indicators.sql_measures() == set(MEASURES)


def test_a_measure_the_sql_does_not_compute_is_refused_naming_the_target(town):
    """The SQL joins the plan's measures to its own list: a measure missing
    there must stop the query with the target's name, not drop it."""
    import dataclasses

    odd = dataclasses.replace(
        PLAN.target("injury_rate"), id="new_rate", measure="injury_rate_typo"
    )
    plan = dataclasses.replace(PLAN, targets=(*PLAN.targets, odd))
    with pytest.raises(
        PlanError,
        match=r"chỉ tiêu new_rate: phép tính "
        r"'injury_rate_typo' không có trong "
        r"queries/target_values.sql",
    ):
        indicators.series(town, plan)
    with pytest.raises(PlanError, match="new_rate"):
        indicators.by_group(town, plan, "new_rate", D(TOWN_DAY))


def test_intervals_come_from_stats(town):
    frame = indicators.series(town, PLAN).set_index("target_id")
    # score: none; share 3 / 5: Wilson, inside 0..100 around 60
    assert math.isnan(frame.loc["child_friendly_score", "ci_low"])
    low, high = frame.loc["hcdb_share", ["ci_low", "ci_high"]]
    assert 0 < low < 60 < high < 100


def test_residential_groups_in_vietnamese_order(tmp_path):
    db = open_db(
        build_store(
            tmp_path / "store",
            {
                "2024-01-31": {
                    "children": [child("c1", "Tổ 2", "2020-01-01")],
                    "residential_groups": [
                        {"residential_group": g}
                        for g in ("Tổ 2", "Đức Thịnh", "An", "Duy")
                    ],
                },
                "2024-02-29": {
                    "children": [child("c1", "Tổ 2", "2020-01-01")],
                    "residential_groups": [
                        {"residential_group": "Tổ 10"},
                        {"residential_group": "Tổ 2"},
                    ],
                },
            },
        )
    )
    assert indicators.residential_groups(db) == [
        "An",
        "Duy",
        "Đức Thịnh",
        "Tổ 10",
        "Tổ 2",
    ]


def test_more_than_64_snapshots(tmp_path):
    # 66 month ends: snapshots 0..63 are block 0, 64 and 65 block 1 (the
    # household masks). c1 (household h1, informed) is present only in
    # snapshots 0, 63 and 64; c2 (household h2, not informed) in all.
    days, year, month = [], 2019, 1
    while len(days) < 66:
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        days.append(nxt - dt.timedelta(days=1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    snapshots = {}
    for n, day in enumerate(days):
        kids = [child("c2", "T1", "2015-01-01", household_id="h2")]
        if n in (0, 63, 64):
            kids.append(child("c1", "T1", "2018-01-01", household_id="h1"))
        snapshots[day] = {
            "children": kids,
            "households": [
                household("h1", "T1", protection_knowledge=True),
                household("h2", "T1", protection_knowledge=False),
            ],
        }
    db = open_db(build_store(tmp_path / "store", snapshots))
    got = rows(indicators.series(db, PLAN), targets={"families_protection_knowledge"})
    expected = [
        # h1 counts only when c1 is there: 1 of 2, else 0 of 1 (h2)
        ("families_protection_knowledge", day, 1.0, 2.0, 50.0, 85.0, ">=", "not_met")
        if n in (0, 63, 64)
        else (
            "families_protection_knowledge",
            day,
            0.0,
            1.0,
            0.0,
            85.0,
            ">=",
            "not_met",
        )
        for n, day in enumerate(days)
    ]
    assert got == expected


def test_empty_frames_keep_the_api_columns(leap):
    card = indicators.scorecard(leap, PLAN, 2020)
    assert card.empty
    assert list(card.columns) == [
        *indicators.SERIES_COLUMNS,
        "previous_value",
        "previous_numerator",
        "change",
    ]
    groups = indicators.by_group(leap, PLAN, "policies_child_consulted", "2024-02-29")
    assert groups.empty
    assert list(groups.columns) == list(indicators.BY_GROUP_COLUMNS)
    assert list(indicators.series(leap, PLAN).columns) == list(
        indicators.SERIES_COLUMNS
    )
    assert list(indicators.injury_breakdown(leap, 2020).columns) == [
        "dimension",
        "category",
        "injured_count",
        "death_count",
    ]


# --- a year's figure: the calendar year known at its last snapshot ----------
#
# HIV infections occurred 2023-03-01 (T1), 2023-08-01 (T2), 2023-09-01 (T1)
# and 2024-02-01 (T2); each snapshot's register lists those occurred by then.
# Labour cases: 2023-05-01 reported 2023-05-03 supported in time; 2024-04-01
# reported 2024-07-02 (after the 2024-06-30 snapshot's date: not counted).
HIV_DAYS = ["2023-03-01", "2023-08-01", "2023-09-01", "2024-02-01"]


def register_at(day: str) -> dict:
    kids = [child(f"k{i}", "T1" if i < 6 else "T2", "2015-01-01") for i in range(10)]
    hiv = [
        incident(
            "hiv",
            "T1" if i % 2 == 0 else "T2",
            when,
            incident_id=f"h{i}",
            reported_on=when,
        )
        for i, when in enumerate(HIV_DAYS)
        if when <= day
    ]
    labour = [
        incident(
            "labour",
            "T1",
            "2023-05-01",
            incident_id="l1",
            reported_on="2023-05-03",
            supported_timely=True,
        )
    ]
    if day >= "2024-07-02":
        labour.append(
            incident(
                "labour",
                "T2",
                "2024-04-01",
                incident_id="l2",
                reported_on="2024-07-02",
                supported_timely=False,
            )
        )
    return {"children": kids, "incidents": hiv + labour}


def test_yearly_figures_count_the_calendar_year_not_the_last_12_months(tmp_path):
    db = open_db(
        build_store(
            tmp_path / "s",
            {
                day: register_at(day)
                for day in ("2023-06-30", "2023-12-31", "2024-06-30")
            },
        )
    )
    targets = (PLAN.target("hiv_new_infections"), PLAN.target("labour_cases_supported"))
    out = indicators.yearly(db, PLAN, targets)
    assert rows(
        out,
        [
            "target_id",
            "year",
            "snapshot_date",
            "numerator",
            "denominator",
            "value",
            "status",
        ],
    ) == [
        # 2023 at 31/12: Mar, Aug, Sep = 3 (the 12-month window there)
        ("hiv_new_infections", 2023, D("2023-12-31"), 3.0, None, 3.0, "not_met"),
        # 2024 so far at 30/06: Feb only = 1 (the 12-month window would also
        # hold Aug and Sep 2023: 3)
        ("hiv_new_infections", 2024, D("2024-06-30"), 1.0, None, 1.0, "not_met"),
        # 2023: 1 case reported, 1 supported in time: 100%
        ("labour_cases_supported", 2023, D("2023-12-31"), 1.0, 1.0, 100.0, "met"),
        # 2024 so far: no case reported by 30/06 (the 12-month window would
        # hold nothing either: May 2023 is out), hence no_cases
        ("labour_cases_supported", 2024, D("2024-06-30"), 0.0, 0.0, None, "no_cases"),
    ]
    rolling = indicators.series(db, PLAN, (), D("2024-06-30"), D("2024-06-30"))
    assert rolling.set_index("target_id").loc["hiv_new_infections", "value"] == 3.0
