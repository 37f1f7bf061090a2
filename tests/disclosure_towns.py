"""Towns built for the disclosure tests: alike but for where and when a
sensitive case happened.

Three residential groups of 30 children, snapshots at the end of every
quarter of 2023 and 2024. The same injuries everywhere (non-sensitive, one
of them a death). Then:
- `moved=False`: an HIV infection in An Bình in February 2024 and one in
  Bình Minh in March 2023; a child-labour case in Bình Minh in April 2024;
- `moved=True`: the same cases in other groups and other months of the
  same years (Cầu Đá in August 2024 and November 2023; An Bình in
  October 2024), each reported five days after it happened, as before;
- `hiv_2024=False`: the town without its 2024 HIV infection.
A snapshot's register lists the incidents reported by its date.
"""

from __future__ import annotations

import datetime as dt

from tests.snapshot_builder import build_store, child, household, incident

GROUPS = ("An Bình", "Bình Minh", "Cầu Đá")
SNAPSHOTS = [
    f"{year}-{month:02d}-{day}"
    for year in (2023, 2024)
    for month, day in ((3, 31), (6, 30), (9, 30), (12, 31))
]


def _days_later(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def _cases(moved: bool, hiv_2024: bool) -> list[dict]:
    """(kind, group, occurred_on) of the sensitive cases."""
    if moved:
        cases = [
            ("hiv", "Cầu Đá", "2023-11-10"),
            ("hiv", "Cầu Đá", "2024-08-10"),
            ("labour", "An Bình", "2024-10-05"),
        ]
    else:
        cases = [
            ("hiv", "Bình Minh", "2023-03-10"),
            ("hiv", "An Bình", "2024-02-10"),
            ("labour", "Bình Minh", "2024-04-05"),
        ]
    if not hiv_2024:
        cases = [c for c in cases if not (c[0] == "hiv" and c[2] >= "2024")]
    return [
        incident(
            kind,
            group,
            when,
            incident_id=f"{kind}-{when[:4]}",
            reported_on=_days_later(when, 5),
            sex="F",
            age=9,
            **({"supported_timely": True} if kind == "labour" else {}),
        )
        for kind, group, when in cases
    ]


INJURIES = [
    ("An Bình", "2023-05-02", "fall", False),
    ("Bình Minh", "2023-08-20", "traffic", False),
    ("Cầu Đá", "2024-01-15", "burn", False),
    ("An Bình", "2024-06-01", "drowning", True),
    ("Cầu Đá", "2024-07-07", "fall", False),
]


def register(day: str, moved: bool, hiv_2024: bool) -> dict:
    children, households = [], []
    for g, group in enumerate(GROUPS):
        for i in range(30):
            cid = f"c{g}-{i}"
            children.append(
                child(
                    cid,
                    group,
                    "2016-05-05" if i % 2 else "2020-02-02",
                    sex="F" if i % 3 else "M",
                    special_groups="d" if i % 10 == 0 else None,
                    special_supported=i % 10 == 0 and i != 20,
                    ecd_services=i % 4 != 0,
                    consulted=i % 5 == 0,
                    disability_services=i % 20 == 0,
                )
            )
            households.append(
                household(
                    f"h-{cid}",
                    group,
                    protection_knowledge=i % 3 != 0,
                    labour_info=i % 4 != 0,
                    ecd_knowledge=i % 2 == 0,
                )
            )
    injuries = [
        incident(
            "injury",
            group,
            when,
            incident_id=f"inj-{when}",
            reported_on=_days_later(when, 3),
            cause=cause,
            fatal=fatal,
            place="community",
            age=6,
        )
        for group, when, cause, fatal in INJURIES
    ]
    known = [x for x in injuries + _cases(moved, hiv_2024) if x["reported_on"] <= day]
    return {"children": children, "households": households, "incidents": known}


def build_town(root, moved: bool = False, hiv_2024: bool = True):
    return build_store(
        root, {day: register(day, moved, hiv_2024) for day in SNAPSHOTS}, simulated=True
    )
