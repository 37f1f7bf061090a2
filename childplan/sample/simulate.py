"""A simulated town (số liệu mô phỏng): month-end snapshots that tell a story.

The town is generated once as a population *history* — households with a
residential group, move-in / move-out dates and their children's birth
dates; deaths and special-circumstance codes with the dates they start and
end; one uniform draw per child or household and flag — and every snapshot
is derived from that history by filtering with numpy. So a child keeps its
``child_id`` across snapshots, children are born, age out at 16, move in
and out, and the same code scales from a town (4,800 children) to a
province (450,000) without simulating row by row.

Coverage flags follow a curve per calendar year (the value reached on
31 December, linear in between): an entity has the flag at ``d`` when its
own draw is below the curve of its group at ``d``. Two residential groups
are behind (lower coverage, more injuries, more unknowns). Yearly counts of
rare events are stated for a town of 4,800 children and scaled to the size
asked for, so the default town tells the same story for every seed.

One module because the town is one generative model: the story's numbers
(STORY, the curves, the behind groups), the population history and the
derivation of each snapshot from it depend on each other line by line, and
read best top to bottom; split, a change to the story would touch three
files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from childplan.store.contract import (
    ABUSE_CAUSES,
    INJURY_CAUSES,
    MAX_CHILD_AGE,
    PLACES,
    SPECIAL_GROUP_CODES,
    TABLES,
)
from childplan.store.definitions import window_start
from childplan.store.snapshots import Store, StoreError

EPOCH = dt.date(1970, 1, 1)
REFERENCE_CHILDREN = 4800  # rare-event counts below are for this size
MIN_CHILDREN = 20  # fewer could leave a snapshot with no child
YEAR = 365.25

GROUP_NAMES = (
    "Tổ dân phố Đức Thịnh",
    "Tổ dân phố Đức Hòa",
    "Tổ dân phố Đức Phú",
    "Tổ dân phố Đức Thành",
    "Tổ dân phố Thắng Lợi",
    "Tổ dân phố Thắng Thành",
    "Tổ dân phố Bắc Hưng",
    "Tổ dân phố Nam Hưng",
    "Tổ dân phố Đông Hưng",
    "Tổ dân phố Tây Hưng",
    "Tổ dân phố Hòa Sơn",
    "Tổ dân phố Trung Tâm",
    "Tổ dân phố Tân Tiến",
    "Tổ dân phố Quang Trung",
    "Tổ dân phố Hồng Phong",
    "Tổ dân phố Đồng Tâm",
)

# --- the story, by calendar year (value reached on 31 December) ----------
CURVE_YEARS = (2020, 2021, 2022, 2023, 2024)
COVERAGE = {  # share of entities of an ordinary group with the flag
    "special_supported": (0.86, 0.90, 0.93, 0.96, 0.995),
    "disability_services": (0.60, 0.66, 0.73, 0.79, 0.86),
    "disability_integration": (0.36, 0.44, 0.53, 0.62, 0.70),
    "ecd_services": (0.58, 0.65, 0.72, 0.78, 0.84),
    "consulted": (0.05, 0.08, 0.12, 0.17, 0.24),
    "protection_knowledge": (0.62, 0.70, 0.78, 0.84, 0.90),
    "labour_info": (0.45, 0.52, 0.60, 0.67, 0.735),
    "ecd_knowledge": (0.55, 0.63, 0.70, 0.76, 0.82),
    "disability_knowledge": (0.45, 0.52, 0.60, 0.67, 0.755),
}
UNKNOWN_SHARE = (0.030, 0.027, 0.022, 0.017, 0.013)  # empty booleans
OFFICER_TRAINED = (0.45, 0.55, 0.70, 0.85, 0.96)  # trained in the year
BEHIND_FACTOR = {
    "default": 0.85,  # coverage of a group that is behind
    "special_supported": 0.93,
}
BEHIND_UNKNOWN = 2.0  # ... and its unknowns
BEHIND_INJURY_RISK = 2.5  # ... and its injury risk

# Events per year in a town of REFERENCE_CHILDREN children (injuries: per
# 1,000 children); years not listed use the default.
INJURY_RATE = {2020: 5.0, 2021: 4.6, 2022: 4.0, 2023: 3.4, 2024: 2.7}
INJURY_RATE_DEFAULT = 3.0
RARE_EVENTS = {  # kind: ({year: count}, default)
    "abuse": ({2020: 2, 2021: 2, 2022: 1, 2023: 2, 2024: 1}, 1.5),
    "labour": ({2020: 1, 2021: 1, 2022: 0, 2023: 1, 2024: 1}, 0.5),
    "trafficking": ({2020: 0, 2021: 0, 2022: 0, 2023: 1, 2024: 0}, 0.2),
    "hiv": ({2020: 0, 2021: 0, 2022: 1, 2023: 0, 2024: 0}, 0.2),
}
# Labour and trafficking cases supported in time (12 h / 5 working days).
TIMELY = {2020: 0.6, 2021: 0.7, 2022: 0.8, 2023: 0.0, 2024: 1.0}
TIMELY_DEFAULT = 0.9
# Child-friendly self-assessment: total per year; a criterion scored 0.
ASSESSMENT_TOTAL = {2020: 812, 2021: 851, 2022: 858, 2023: 869, 2024: 881}
ASSESSMENT_TOTAL_DEFAULT = 860
ASSESSMENT_ZERO = {2021: 6}  # HCĐB support below 95% that year
CRITERION_MAX = (70, 80, 80, 70, 80, 90, 70, 70, 80, 80, 80, 70, 80)
# Policies per year: (count, with children consulted).
POLICY_COUNTS = {2020: (4, 1), 2021: (4, 1), 2022: (4, 2), 2023: (5, 3), 2024: (5, 4)}
POLICY_COUNTS_DEFAULT = (4, 3)
POLICY_TEMPLATES = (  # (month, level, title)
    (1, "district", "Kế hoạch thực hiện công tác trẻ em huyện Hiệp Hòa năm {y}"),
    (2, "town", "Kế hoạch thực hiện công tác trẻ em thị trấn Thắng năm {y}"),
    (
        4,
        "district",
        "Kế hoạch phòng, chống tai nạn, thương tích và đuối nước trẻ em năm {y}",
    ),
    (5, "town", "Kế hoạch tổ chức Tháng hành động vì trẻ em năm {y}"),
    (8, "town", "Kế hoạch tổ chức Diễn đàn trẻ em thị trấn Thắng năm {y}"),
    (
        9,
        "district",
        "Kế hoạch phòng ngừa, hỗ trợ trẻ em bị xâm hại và lao động trẻ em năm {y}",
    ),
)

# Special circumstances present from before the simulation (not from an
# incident): code set, share among such children, permanent?
BASE_CODE_SETS = (
    ("d", 0.45, True),
    ("d;n", 0.08, True),
    ("a;d", 0.03, True),
    ("n", 0.22, False),
    ("a", 0.04, True),
    ("a;c", 0.02, True),
    ("c", 0.08, False),
    ("h", 0.08, False),
    ("b", 0.015, True),
    ("e", 0.04, False),
    ("g", 0.01, False),
    ("o", 0.005, True),
)
DISABILITY_SHARE = 0.0085  # children ever registered with a disability
OTHER_HCDB_SHARE = 0.04  # children ever in another group

# Shares in contract order: fall burn traffic poisoning cut suffocation
# animal drowning explosive electric other (falls most common).
INJURY_CAUSE_P = dict(
    zip(
        INJURY_CAUSES,
        (0.33, 0.08, 0.18, 0.04, 0.08, 0.02, 0.08, 0.11, 0.005, 0.03, 0.045),
        strict=True,
    )
)
FATALITY = dict(drowning=0.25, traffic=0.05, electric=0.15, suffocation=0.10)
FATALITY_DEFAULT = 0.005
# violence sexual exploitation neglect other
ABUSE_CAUSE_P = dict(zip(ABUSE_CAUSES, (0.40, 0.20, 0.10, 0.25, 0.05), strict=True))
# Incidents that put the child in a special-circumstance group.
EVENT_CODES = {
    ("abuse", "violence"): ("i", 0.8),
    ("abuse", "sexual"): ("l", 1.0),
    ("abuse", "exploitation"): ("k", 1.0),
    ("labour", None): ("h", 0.5),
    ("trafficking", None): ("m", 1.0),
    ("hiv", None): ("đ", 1.0),
}
SUMMER = np.array([0.2, 0.2, 0.3, 0.6, 1.5, 2.8, 3.0, 2.6, 1.0, 0.4, 0.2, 0.2])
MILD = np.array([0.8, 0.8, 0.9, 1.0, 1.1, 1.3, 1.3, 1.2, 1.0, 0.9, 0.9, 0.8])

_BIT = {code: 1 << i for i, code in enumerate(SPECIAL_GROUP_CODES)}


# --- dates as day numbers ---------------------------------------------------
def _day(d: dt.date) -> int:
    return (d - EPOCH).days


def _date(day: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(day))


def _year_md(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Calendar year and month*100+day of day numbers (for ages)."""
    d64 = days.astype("datetime64[D]")
    years = d64.astype("datetime64[Y]").astype(np.int64) + 1970
    months = d64.astype("datetime64[M]")
    month_no = months.astype(np.int64) % 12 + 1
    day_no = (d64 - months.astype("datetime64[D]")).astype(np.int64) + 1
    return years.astype(np.int32), (month_no * 100 + day_no).astype(np.int32)


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def snapshot_dates(start: str, end: str) -> list[dt.date]:
    """Every month end from the month `start` to the month `end` (YYYY-MM)."""
    y, m = _parse_month(start)
    y_end, m_end = _parse_month(end)
    out = []
    while (y, m) <= (y_end, m_end):
        out.append(month_end(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if not out:
        raise ValueError(f"tháng kết thúc {end} trước tháng bắt đầu {start}")
    return out


def _parse_month(text: str) -> tuple[int, int]:
    try:
        y, m = (int(p) for p in text.split("-"))
        dt.date(y, m, 1)
    except ValueError as exc:
        raise ValueError(f"'{text}' không phải tháng dạng YYYY-MM") from exc
    return y, m


def _curve(values, days) -> np.ndarray:
    """The yearly curve (value on 31 December of CURVE_YEARS) at day numbers."""
    xp = [_day(dt.date(y, 12, 31)) for y in CURVE_YEARS]
    return np.interp(days, xp, values)


def _scaled_count(rng, expected: float) -> int:
    """An integer count: exact when `expected` is whole, else rounded at random."""
    base = int(np.floor(expected))
    return base + int(rng.random() < expected - base)


# --- the town -----------------------------------------------------------------
@dataclass
class Town:
    """A generated population history; `snapshot(d)` gives the contract tables."""

    dates: list[dt.date]
    group_names: pa.Array
    behind: np.ndarray  # group indices that are behind
    # households
    hh_ids: pa.Array
    hh_group: np.ndarray
    hh_move_in: np.ndarray
    hh_move_out: np.ndarray
    hh_first_birth: np.ndarray
    hh_last_birth: np.ndarray
    hh_u: dict
    hh_v: dict
    # children
    child_ids: pa.Array
    household: np.ndarray
    group: np.ndarray
    sex: pa.Array
    birth: np.ndarray
    birth_year: np.ndarray
    birth_md: np.ndarray
    move_in: np.ndarray
    move_out: np.ndarray
    death: np.ndarray
    base_mask: np.ndarray
    base_onset: np.ndarray
    base_end: np.ndarray
    event_person: np.ndarray
    event_bit: np.ndarray
    event_onset: np.ndarray
    ecd_lag: np.ndarray
    support_lag: np.ndarray
    ch_u: dict
    ch_v: dict
    group_offset: dict
    # registers
    incidents: pa.Table
    incident_known: np.ndarray
    officers: dict
    policies: pa.Table
    assessments: pa.Table
    assessment_year_known: np.ndarray

    # coverage of each group at a day
    def _coverage(self, flag: str, day: int) -> np.ndarray:
        c = _curve(COVERAGE[flag], day) + self.group_offset[flag]
        c[self.behind] *= BEHIND_FACTOR.get(flag, BEHIND_FACTOR["default"])
        return np.clip(c, 0.0, 0.999)

    def _unknown(self, day: int) -> np.ndarray:
        q = np.full(len(self.group_names), _curve(UNKNOWN_SHARE, day))
        q[self.behind] *= BEHIND_UNKNOWN
        return q

    def snapshot(self, d: dt.date) -> dict[str, pa.Table]:
        day = _day(d)
        tables = {
            "residential_groups": pa.table({"residential_group": self.group_names}),
        }
        children, present, mask = self._children(d, day)
        tables["children"] = children
        tables["households"] = self._households(day, present, mask)
        tables["incidents"] = self.incidents.filter(
            pa.array(self.incident_known <= day)
        )
        tables["officers"] = self._officers(d, day)
        tables["policies"] = self.policies.filter(
            pa.array(
                self.policies["issued_on"]
                .to_numpy()
                .astype("datetime64[D]")
                .astype(np.int64)
                <= day
            )
        )
        tables["assessments"] = self.assessments.filter(
            pa.array(self.assessment_year_known <= day)
        )
        return {name: _with_snapshot_date(t, name, day) for name, t in tables.items()}

    def _children(self, d, day):
        dy, dmd = _year_md(np.array([day]))
        age = dy[0] - self.birth_year - (dmd[0] < self.birth_md)
        present = (
            (self.birth <= day)
            & (age <= MAX_CHILD_AGE)
            & (self.move_in <= day)
            & (day < self.move_out)
            & (day < self.death)
        )
        idx = np.flatnonzero(present)
        age = age[idx]
        grp = self.group[idx]
        # special circumstances at d
        base_on = (
            (self.base_mask[idx] != 0)
            & (self.base_onset[idx] <= day)
            & (day < self.base_end[idx])
        )
        mask_all = np.zeros(len(self.birth), dtype=np.int32)
        mask_all[idx] = np.where(base_on, self.base_mask[idx], 0)
        ev = self.event_onset <= day
        np.bitwise_or.at(mask_all, self.event_person[ev], self.event_bit[ev])
        ev_first = np.full(len(self.birth), np.iinfo(np.int64).max)
        np.minimum.at(ev_first, self.event_person[ev], self.event_onset[ev])
        mask = mask_all[idx]
        hcdb = mask != 0
        disabled = (mask & _BIT["d"]) != 0
        hcdb_start = np.where(base_on, self.base_onset[idx], ev_first[idx])
        unknown_q = self._unknown(day)[grp]

        def flag(name, applies, ready=True):
            value = self.ch_u[name][idx] < self._coverage(name, day)[grp]
            value &= ready
            null = ~applies | (self.ch_v[name][idx] < unknown_q)
            return pa.array(value, mask=null, type=pa.bool_())

        cols = {
            "child_id": self.child_ids.take(idx),
            "household_id": self.hh_ids.take(self.household[idx]),
            "residential_group": self.group_names.take(grp),
            "sex": self.sex.take(idx),
            "birth_date": pa.array(self.birth[idx].astype(np.int32), type=pa.date32()),
            "special_groups": _special_groups(mask),
            "special_supported": flag(
                "special_supported", hcdb, day >= hcdb_start + self.support_lag[idx]
            ),
            "disability_services": flag(
                "disability_services",
                disabled,
                day >= self.base_onset[idx] + self.support_lag[idx],
            ),
            "disability_integration": flag(
                "disability_integration",
                disabled,
                day >= self.base_onset[idx] + 2 * self.support_lag[idx],
            ),
            "ecd_services": flag(
                "ecd_services", age <= 8, day >= self.birth[idx] + self.ecd_lag[idx]
            ),
            "consulted": flag("consulted", age >= 7),
        }
        return pa.table(cols), idx, (mask, age)

    def _households(self, day, idx, mask_age):
        mask, age = mask_age
        visible = (
            (self.hh_move_in <= day)
            & (day < self.hh_move_out)
            & (self.hh_first_birth <= day)
            & (day < self.hh_last_birth + int(18 * YEAR))
        )
        h = np.flatnonzero(visible)
        n_hh = len(self.hh_group)
        disabled_hh = (
            np.bincount(self.household[idx][(mask & _BIT["d"]) != 0], minlength=n_hh)[h]
            > 0
        )
        grp = self.hh_group[h]
        unknown_q = self._unknown(day)[grp]

        def flag(name, applies=None):
            value = self.hh_u[name][h] < self._coverage(name, day)[grp]
            null = self.hh_v[name][h] < unknown_q
            if applies is not None:
                null |= ~applies
            return pa.array(value, mask=null, type=pa.bool_())

        return pa.table(
            {
                "household_id": self.hh_ids.take(h),
                "residential_group": self.group_names.take(grp),
                "protection_knowledge": flag("protection_knowledge"),
                "labour_info": flag("labour_info"),
                "ecd_knowledge": flag("ecd_knowledge"),
                "disability_knowledge": flag("disability_knowledge", disabled_hh),
            }
        )

    def _officers(self, d, day):
        o = self.officers
        active = (o["start"] <= day) & (day < o["end"])
        lo = _day(window_start(d))
        ev = o["trainings"]
        trained = ((ev > lo) & (ev <= day)).any(axis=1)
        q = np.where(
            o["group"] >= 0,
            self._unknown(day)[np.maximum(o["group"], 0)],
            _curve(UNKNOWN_SHARE, day),
        )
        null = o["v"] < q
        sel = np.flatnonzero(active)
        grp = o["group"][sel]
        return pa.table(
            {
                "officer_id": o["ids"].take(sel),
                "level": pa.array(np.where(grp >= 0, "group", "town")),
                "residential_group": self.group_names.take(pa.array(grp, mask=grp < 0)),
                "trained": pa.array(trained[sel], mask=null[sel], type=pa.bool_()),
            }
        )


def _with_snapshot_date(table: pa.Table, name: str, day: int) -> pa.Table:
    schema = TABLES[name].arrow_schema()
    n = table.num_rows
    arrays = [pa.array(np.full(n, day, dtype=np.int32), type=pa.date32())]
    for f in list(schema)[1:]:
        arrays.append(table[f.name].cast(f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


_MASK_TEXT: dict[int, str] = {}


def _special_groups(mask: np.ndarray) -> pa.Array:
    """Bit masks -> canonical ';'-joined letters in contract order, NULL for 0."""
    uniq, inverse = np.unique(mask, return_inverse=True)
    texts = []
    for m in uniq.tolist():
        if m not in _MASK_TEXT:
            _MASK_TEXT[m] = ";".join(c for c in SPECIAL_GROUP_CODES if m & _BIT[c])
        texts.append(_MASK_TEXT[m] or None)
    return pa.array(texts, type=pa.string()).take(pa.array(inverse.ravel()))


def _ids(prefix: str, n: int) -> pa.Array:
    width = max(6, len(str(n)))
    return pa.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)])


def group_names(n: int) -> list[str]:
    if n <= len(GROUP_NAMES):
        return list(GROUP_NAMES[:n])
    return list(GROUP_NAMES) + [
        f"Tổ dân phố số {k}" for k in range(len(GROUP_NAMES) + 1, n + 1)
    ]


def build_town(
    children: int = 4800,
    groups: int = 16,
    start: str = "2021-01",
    end: str = "2024-12",
    seed: int = 2024,
) -> Town:
    """Generate the population history of a simulated town."""
    if children < MIN_CHILDREN or groups < 1:
        raise ValueError(
            f"--children phải từ {MIN_CHILDREN} trở lên và --groups từ 1 trở lên"
        )
    rng = np.random.default_rng(seed)
    dates = snapshot_dates(start, end)
    first_day, last_day = _day(dates[0]), _day(dates[-1])
    hist_day = _day(window_start(dates[0].replace(day=1)))  # registers from here

    # residential groups: sizes vary; a few are behind the others
    names = group_names(groups)
    weights = rng.dirichlet(np.full(groups, 8.0))
    n_behind = max(1, round(groups / 8)) if groups >= 4 else 0
    behind = (
        np.sort(rng.choice(np.arange(1, groups), size=n_behind, replace=False))
        if n_behind
        else np.array([], int)
    )
    group_offset = {f: rng.normal(0.0, 0.02, groups) for f in COVERAGE}
    for f in group_offset:
        group_offset[f][behind] = 0.0

    # households: first child's birth, number of children, spacing
    span_lo = hist_day - int(30 * YEAR)
    span = last_day - span_lo
    k_p = np.array([0.08, 0.36, 0.38, 0.18])
    kbar = float((np.arange(1, 5) * k_p).sum())
    n_hh = int(children * (span / YEAR) / (16 * kbar * 0.94) * 1.3) + 50
    first = rng.integers(span_lo, last_day + 1, n_hh)
    kids = rng.choice(np.arange(1, 5), size=n_hh, p=k_p)
    status = rng.choice(3, size=n_hh, p=[0.88, 0.06, 0.06])
    move_when = rng.integers(hist_day, last_day + 1, n_hh)
    hh_in = np.where(status == 2, move_when, np.iinfo(np.int64).min // 4)
    hh_out = np.where(status == 1, move_when, np.iinfo(np.int64).max // 4)
    hh_group = rng.choice(groups, size=n_hh, p=weights)

    # children of every household (births after the last snapshot dropped)
    owner = np.repeat(np.arange(n_hh), kids)
    order_in_hh = np.arange(len(owner)) - np.repeat(np.cumsum(kids) - kids, kids)
    gaps = np.where(
        order_in_hh == 0, 0.0, (1.2 + rng.exponential(0.9, len(owner))) * YEAR
    )
    cum = np.cumsum(gaps)
    cum -= np.repeat(cum[np.cumsum(kids) - kids], kids)
    birth = first[owner] + cum.astype(np.int64)
    birth_year, birth_md = _year_md(birth)
    last_birth = np.zeros(n_hh, dtype=np.int64)
    np.maximum.at(last_birth, owner, birth)

    # keep households in random order until the first snapshot has `children`
    fy, fmd = _year_md(np.array([first_day]))
    age0 = fy[0] - birth_year - (fmd[0] < birth_md)
    present0 = (
        (birth <= first_day)
        & (age0 <= MAX_CHILD_AGE)
        & (hh_in[owner] <= first_day)
        & (first_day < hh_out[owner])
    )
    per_hh = np.bincount(owner[present0], minlength=n_hh)
    order = rng.permutation(n_hh)
    cut = int(np.searchsorted(np.cumsum(per_hh[order]), children)) + 1
    keep_hh = np.sort(order[:cut])
    relevant = (last_birth[keep_hh] + int(18 * YEAR) > hist_day) & (
        first[keep_hh] <= last_day
    )
    keep_hh = keep_hh[relevant]
    # households shuffled so that ids say nothing about the family
    keep_hh = keep_hh[rng.permutation(len(keep_hh))]
    new_index = np.full(n_hh, -1)
    new_index[keep_hh] = np.arange(len(keep_hh))

    # persons: present at some day of the history
    hy, hmd = _year_md(np.array([hist_day]))
    age_hist = hy[0] - birth_year - (hmd[0] < birth_md)
    keep_p = (new_index[owner] >= 0) & (birth <= last_day) & (age_hist <= MAX_CHILD_AGE)
    persons = np.flatnonzero(keep_p)
    persons = persons[rng.permutation(len(persons))]
    n = len(persons)
    household = new_index[owner[persons]]
    birth = birth[persons]
    birth_year, birth_md = birth_year[persons], birth_md[persons]
    hh_group = hh_group[keep_hh]
    group = hh_group[household]
    move_in, move_out = hh_in[keep_hh][household], hh_out[keep_hh][household]
    sex = pa.array(np.where(rng.random(n) < 0.515, "M", "F")).cast(pa.string())

    # special circumstances present before any incident
    sets = [s for s, _, _ in BASE_CODE_SETS]
    probs = np.array([p for _, p, _ in BASE_CODE_SETS])
    is_dis = np.array(["d" in s.split(";") for s in sets])
    draw = rng.random(n)
    has_dis = draw < DISABILITY_SHARE
    has_other = (draw >= DISABILITY_SHARE) & (
        draw < DISABILITY_SHARE + OTHER_HCDB_SHARE
    )
    dis_sets = np.flatnonzero(is_dis)
    oth_sets = np.flatnonzero(~is_dis)
    choice = np.where(
        has_dis,
        rng.choice(dis_sets, n, p=probs[dis_sets] / probs[dis_sets].sum()),
        rng.choice(oth_sets, n, p=probs[oth_sets] / probs[oth_sets].sum()),
    )
    set_masks = np.array(
        [sum(_BIT[c] for c in s.split(";")) for s in sets], dtype=np.int32
    )
    permanent = np.array([p for _, _, p in BASE_CODE_SETS])
    base_mask = np.where(has_dis | has_other, set_masks[choice], 0).astype(np.int32)
    onset_dis = birth + (rng.exponential(2.0, n) * YEAR).astype(np.int64)
    onset_oth = birth + (rng.random(n) * 16 * YEAR).astype(np.int64)
    base_onset = np.where(has_dis, onset_dis, onset_oth)
    # fewer new cases from 2021 on: the registers' cases get fewer
    thin = (
        (base_onset > _day(dt.date(2021, 1, 1)))
        & has_other
        & (
            rng.random(n)
            < np.clip((base_onset - _day(dt.date(2021, 1, 1))) / (4 * YEAR), 0, 0.6)
        )
    )
    base_mask[thin] = 0
    duration = (rng.exponential(3.0, n) * YEAR).astype(np.int64)
    base_end = np.where(
        permanent[choice] | has_dis, np.iinfo(np.int64).max // 4, base_onset + duration
    )

    support_lag = rng.integers(0, 60, n)
    ecd_lag = rng.integers(60, 365, n)
    ch_u = {
        f: rng.random(n)
        for f in (
            "special_supported",
            "disability_services",
            "disability_integration",
            "ecd_services",
            "consulted",
        )
    }
    ch_v = {f: rng.random(n) for f in ch_u}
    n_keep = len(keep_hh)
    hh_u = {
        f: rng.random(n_keep)
        for f in (
            "protection_knowledge",
            "labour_info",
            "ecd_knowledge",
            "disability_knowledge",
        )
    }
    hh_v = {f: rng.random(n_keep) for f in hh_u}

    death = np.full(n, np.iinfo(np.int64).max // 4)
    inc = _incidents(
        rng,
        children,
        hist_day,
        last_day,
        birth,
        birth_year,
        birth_md,
        move_in,
        move_out,
        death,
        group,
        behind,
        groups,
    )
    death = inc.pop("death")
    ev_person, ev_bit, ev_onset = inc.pop("events")
    incident_known = inc.pop("known")
    inc_group = inc.pop("group_index")
    person = pa.array(inc.pop("person"))
    inc["sex"] = sex.take(person)
    incidents = pa.table(
        {
            "incident_id": _ids("VV", len(person)),
            "child_id": _ids("TE", n).take(person),
            "residential_group": pa.array(names).take(pa.array(inc_group)),
            **inc,
        }
    )

    town = Town(
        dates=dates,
        group_names=pa.array(names, pa.string()),
        behind=behind,
        hh_ids=_ids("HGD", n_keep),
        hh_group=hh_group,
        hh_move_in=hh_in[keep_hh],
        hh_move_out=hh_out[keep_hh],
        hh_first_birth=first[keep_hh],
        hh_last_birth=last_birth[keep_hh],
        hh_u=hh_u,
        hh_v=hh_v,
        child_ids=_ids("TE", n),
        household=household,
        group=group,
        sex=sex,
        birth=birth,
        birth_year=birth_year,
        birth_md=birth_md,
        move_in=move_in,
        move_out=move_out,
        death=death,
        base_mask=base_mask,
        base_onset=base_onset,
        base_end=base_end,
        event_person=ev_person,
        event_bit=ev_bit,
        event_onset=ev_onset,
        ecd_lag=ecd_lag,
        support_lag=support_lag,
        ch_u=ch_u,
        ch_v=ch_v,
        group_offset=group_offset,
        incidents=incidents,
        incident_known=incident_known,
        officers=_officers(rng, groups, behind, hist_day, last_day),
        policies=_policies(rng, hist_day, last_day),
        assessments=None,
        assessment_year_known=None,
    )
    town.assessments, town.assessment_year_known = _assessments(
        rng, dates[0].year - 1, last_day
    )
    return town


def _incidents(
    rng,
    children,
    hist_day,
    last_day,
    birth,
    birth_year,
    birth_md,
    move_in,
    move_out,
    death,
    group,
    behind,
    groups,
):
    """The incident register over the whole history, with the deaths it causes."""
    scale = children / REFERENCE_CHILDREN
    y0, y1 = _date(hist_day).year, _date(last_day).year
    kinds, causes, days = [], [], []
    for year in range(y0, y1 + 1):
        lo = max(hist_day, _day(dt.date(year, 1, 1)))
        hi = min(last_day, _day(dt.date(year, 12, 31)))
        if lo > hi:
            continue
        share = (hi - lo + 1) / (
            _day(dt.date(year, 12, 31)) - _day(dt.date(year, 1, 1)) + 1
        )
        rate = INJURY_RATE.get(year, INJURY_RATE_DEFAULT)
        todo = [("injury", _scaled_count(rng, rate * children / 1000 * share))]
        for kind, (per_year, default) in RARE_EVENTS.items():
            todo.append(
                (kind, _scaled_count(rng, per_year.get(year, default) * scale * share))
            )
        for kind, count in todo:
            if count == 0:
                continue
            if kind == "injury":
                cause = rng.choice(
                    list(INJURY_CAUSE_P), size=count, p=list(INJURY_CAUSE_P.values())
                )
            elif kind == "abuse":
                cause = rng.choice(
                    list(ABUSE_CAUSE_P), size=count, p=list(ABUSE_CAUSE_P.values())
                )
            else:
                cause = np.full(count, None, dtype=object)
            days.append(_days_in(rng, cause, lo, hi))
            kinds += [kind] * count
            causes.append(cause.astype(object))
    kind = np.array(kinds, dtype=object)
    cause = np.concatenate(causes) if causes else np.array([], dtype=object)
    occurred = np.concatenate(days) if days else np.array([], dtype=np.int64)
    order = np.argsort(occurred, kind="stable")
    kind, cause, occurred = kind[order], cause[order], occurred[order]
    m = len(kind)

    is_injury = kind == "injury"
    p_fatal = np.array(
        [
            FATALITY.get(c, FATALITY_DEFAULT) if k == "injury" else 0
            for k, c in zip(kind, cause, strict=True)
        ]
    )
    fatal = rng.random(m) < p_fatal
    min_age = np.where(
        np.isin(kind, ["labour", "trafficking"]),
        12,
        np.where(cause == "drowning", 2, 0),
    )
    risk = np.ones(groups)
    risk[behind] = BEHIND_INJURY_RISK
    person = np.full(m, -1)
    death = death.copy()
    todo = np.arange(m)
    for _ in range(20):
        if len(todo) == 0:
            break
        cand = _draw_candidates(rng, todo, is_injury, risk[group], len(birth))
        t = occurred[todo][:, None]
        ty, tmd = _year_md(occurred[todo])
        age = ty[:, None] - birth_year[cand] - (tmd[:, None] < birth_md[cand])
        ok = (
            (birth[cand] <= t)
            & (age <= MAX_CHILD_AGE)
            & (age >= min_age[todo][:, None])
            & (move_in[cand] <= t)
            & (t < move_out[cand])
            & (t < death[cand])
        )
        has = ok.any(axis=1)
        first_ok = ok.argmax(axis=1)
        person[todo[has]] = cand[has, first_ok[has]]
        # deaths; an incident after its child's death is drawn again
        death[:] = np.iinfo(np.int64).max // 4
        f = fatal & (person >= 0)
        np.minimum.at(death, person[f], occurred[f])
        chosen = person >= 0
        bad = chosen & (occurred > death[np.maximum(person, 0)])
        person[bad] = -1
        todo = np.flatnonzero(person < 0)
    keep = person >= 0
    kind, cause, occurred, fatal, person = (
        a[keep] for a in (kind, cause, occurred, fatal, person)
    )
    is_injury = kind == "injury"
    m = len(kind)
    oy, omd = _year_md(occurred)
    age = oy - birth_year[person] - (omd < birth_md[person])

    # home school community: drowning in ponds and rivers, the rest at home
    place_p = np.where(
        (cause == "drowning")[:, None], [[0.10, 0.05, 0.85]], [[0.55, 0.10, 0.35]]
    )
    u = rng.random(m)
    place_idx = (u[:, None] > np.cumsum(place_p, axis=1)).sum(axis=1)
    place = np.array(PLACES, dtype=object)[np.minimum(place_idx, 2)]
    place[rng.random(m) < 0.04] = None
    late = rng.random(m) < 0.08
    lag = np.where(
        late,
        rng.integers(31, 121, m),
        np.where(rng.random(m) < 0.75, rng.integers(0, 4, m), rng.integers(4, 31, m)),
    )
    known = occurred + lag
    reported = pa.array(
        known.astype(np.int32), type=pa.date32(), mask=rng.random(m) < 0.04
    )
    # supported in time: abuse mostly; labour/trafficking by year
    timely_p = np.where(kind == "abuse", 0.88, 0.0)
    lt = np.isin(kind, ["labour", "trafficking"])
    timely_p[lt] = [TIMELY.get(int(y), TIMELY_DEFAULT) for y in oy[lt]]
    timely = rng.random(m) < timely_p
    timely_null = ~np.isin(kind, ["abuse", "labour", "trafficking"]) | (
        (kind == "abuse") & (rng.random(m) < 0.05)
    )

    # special-circumstance codes the incidents bring
    ev_p, ev_b, ev_o = [], [], []
    draws = rng.random(m)
    for i in range(m):
        key = (kind[i], cause[i] if kind[i] == "abuse" else None)
        if key in EVENT_CODES:
            code, p = EVENT_CODES[key]
            if draws[i] < p:
                ev_p.append(person[i])
                ev_b.append(_BIT[code])
                ev_o.append(occurred[i])
    death = np.full(len(birth), np.iinfo(np.int64).max // 4)
    f = fatal & is_injury
    np.minimum.at(death, person[f], occurred[f])
    return {
        "person": person,
        "group_index": group[person],
        "age": pa.array(age.astype(np.int32)),
        "kind": pa.array(kind.tolist(), pa.string()),
        "cause": pa.array(cause.tolist(), pa.string()),
        "place": pa.array(place.tolist(), pa.string()),
        "occurred_on": pa.array(occurred.astype(np.int32), type=pa.date32()),
        "reported_on": reported,
        "fatal": pa.array(fatal, mask=~is_injury, type=pa.bool_()),
        "supported_timely": pa.array(timely, mask=timely_null, type=pa.bool_()),
        "known": known,
        "death": death,
        "events": (
            np.array(ev_p, dtype=np.int64),
            np.array(ev_b, dtype=np.int32),
            np.array(ev_o, dtype=np.int64),
        ),
    }


def _draw_candidates(rng, todo, is_injury, person_risk, n, k=64):
    """k candidate children per incident: injuries weighted by group risk."""
    out = rng.integers(0, n, size=(len(todo), k))
    inj = is_injury[todo]
    if inj.any():
        cdf = np.cumsum(person_risk, dtype=np.float64)
        cdf /= cdf[-1]
        pick = np.searchsorted(cdf, rng.random((int(inj.sum()), k)), side="right")
        out[inj] = np.minimum(pick, n - 1)
    return out


def _days_in(rng, cause, lo: int, hi: int) -> np.ndarray:
    """Occurrence days in [lo, hi]: drowning in summer, other causes milder."""
    count = len(cause)
    days = np.arange(lo, hi + 1)
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
    out = np.empty(count, dtype=np.int64)
    summer = cause == "drowning"
    for sel, profile in ((summer, SUMMER), (~summer, MILD)):
        if sel.any():
            w = profile[months]
            out[sel] = rng.choice(days, size=int(sel.sum()), p=w / w.sum())
    return out


def _officers(rng, groups, behind, hist_day, last_day) -> dict:
    """Town-level staff and one or two collaborators per residential group."""
    grp = [-1, -1, -1]
    for g in range(groups):
        grp += [g] * (1 if g in behind else int(rng.choice([1, 2], p=[0.4, 0.6])))
    grp = np.array(grp)
    never = np.iinfo(np.int64).max // 4
    start = np.full(len(grp), np.iinfo(np.int64).min // 4)
    end = np.full(len(grp), never)
    # a few collaborators are replaced: the newcomer is not trained yet
    replaced = np.flatnonzero((grp >= 0) & (rng.random(len(grp)) < 0.15))
    when = (
        rng.integers(hist_day + 200, last_day - 30, len(replaced))
        if last_day - 30 > hist_day + 200
        else np.array([], np.int64)
    )
    replaced = replaced[: len(when)]
    end[replaced] = when
    grp = np.concatenate([grp, grp[replaced]])
    start = np.concatenate([start, when])
    end = np.concatenate([end, np.full(len(replaced), never)])
    years = list(range(_date(hist_day).year - 1, _date(last_day).year + 1))
    trainings = np.full((len(grp), len(years)), never)
    for j, year in enumerate(years):
        p = _curve(OFFICER_TRAINED, _day(dt.date(year, 12, 31)))
        p = np.where(np.isin(grp, behind), p * 0.7, p)
        day = rng.integers(
            _day(dt.date(year, 3, 1)), _day(dt.date(year, 10, 31)), len(grp)
        )
        took = (rng.random(len(grp)) < p) & (day >= start) & (day < end)
        trainings[took, j] = day[took]
    return {
        "ids": _ids("CB", len(grp)),
        "group": grp,
        "start": start,
        "end": end,
        "trainings": trainings,
        "v": rng.random(len(grp)),
    }


def _policies(rng, hist_day, last_day) -> pa.Table:
    """A few district and town plans a year; more consult children over time."""
    rows = []
    for year in range(_date(hist_day).year, _date(last_day).year + 1):
        count, consulted = POLICY_COUNTS.get(year, POLICY_COUNTS_DEFAULT)
        chosen = np.sort(rng.choice(len(POLICY_TEMPLATES), count, replace=False))
        asked = set(rng.choice(count, consulted, replace=False).tolist())
        for k, t in enumerate(chosen):
            month, level, title = POLICY_TEMPLATES[t]
            day = int(rng.integers(1, 28))
            rows.append(
                {
                    "policy_id": f"VB{year}-{k + 1:02d}",
                    "issued_on": dt.date(year, month, day),
                    "level": level,
                    "title": title.format(y=year),
                    "children_consulted": k in asked,
                }
            )
    schema = pa.schema([f for f in TABLES["policies"].arrow_schema()][1:])
    return pa.Table.from_pylist(rows, schema=schema)


def _assessments(rng, first_year, last_day):
    """13 criteria a year, scored in December; the total follows the story."""
    rows, known = [], []
    for year in range(first_year, _date(last_day).year + 1):
        total = ASSESSMENT_TOTAL.get(year, ASSESSMENT_TOTAL_DEFAULT)
        cap = np.array(CRITERION_MAX, dtype=np.int64)
        zero = ASSESSMENT_ZERO.get(year)
        if zero:
            cap[zero - 1] = 0
        deficit = int(cap.sum()) - total
        share = rng.dirichlet(np.full(13, 2.0)) * (cap > 0)
        lost = np.minimum(np.floor(share / share.sum() * deficit), cap - 1)
        lost[cap == 0] = 0
        score = cap - lost.astype(np.int64)
        while score.sum() > total:  # rounding: take the rest from the top
            score[np.argmax(np.where(cap > 0, score, -1))] -= 1
        for criterion in range(1, 14):
            rows.append(
                {
                    "year": year,
                    "criterion": criterion,
                    "score": float(score[criterion - 1]),
                }
            )
            known.append(_day(dt.date(year, 12, 1)))
    schema = pa.schema([f for f in TABLES["assessments"].arrow_schema()][1:])
    return pa.Table.from_pylist(rows, schema=schema), np.array(known)


# --- entry points -----------------------------------------------------------
def simulate(
    out: Path,
    children: int = 4800,
    groups: int = 16,
    start: str = "2021-01",
    end: str = "2024-12",
    seed: int = 2024,
) -> Path:
    """Write a simulated store: one snapshot per month end, start to end."""
    store = Store.open_or_create(out, simulated=True)
    if store.snapshot_dirs():
        raise StoreError(
            f"'{out}' đã là kho dữ liệu có số liệu chốt. Hãy chọn một thư mục trống "
            "hoặc chưa tồn tại cho --out."
        )
    town = build_town(children, groups, start, end, seed)
    for d in town.dates:
        store.publish(d, town.snapshot(d))
    return Path(out)


def write_csv_folder(tables: dict[str, pa.Table], folder: Path) -> Path:
    """One snapshot as contract CSV input files (no snapshot_date column)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        if "snapshot_date" in table.column_names:
            table = table.drop_columns(["snapshot_date"])
        cols = {}
        for f in table.schema:
            col = table[f.name]
            if pa.types.is_floating(f.type):
                values = col.to_pylist()
                col = pa.array(
                    [
                        None
                        if v is None
                        else (str(int(v)) if float(v).is_integer() else repr(v))
                        for v in values
                    ],
                    pa.string(),
                )
            cols[f.name] = col
        pacsv.write_csv(
            pa.table(cols),
            folder / f"{name}.csv",
            pacsv.WriteOptions(include_header=True, quoting_style="needed"),
        )
    return folder


def run(args: argparse.Namespace) -> int:
    try:
        snapshot_dates(args.start, args.end)
        if args.children < MIN_CHILDREN or args.groups < 1:
            raise ValueError(
                f"--children phải từ {MIN_CHILDREN} trở lên và --groups từ 1 trở lên"
            )
    except ValueError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    out = simulate(
        Path(args.out),
        children=args.children,
        groups=args.groups,
        start=args.start,
        end=args.end,
        seed=args.seed,
    )
    count = len(snapshot_dates(args.start, args.end))
    print(
        f"Đã tạo {count} kỳ chốt số liệu mô phỏng (khoảng {args.children} "
        f"trẻ em, {args.groups} tổ dân phố) trong '{out}'."
    )
    return 0
