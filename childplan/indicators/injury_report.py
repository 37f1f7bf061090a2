"""The quarterly injury report's numbers (issue 12, item 4): which quarters
the store covers, which snapshot speaks for a quarter, and the cross tab
cause x (sex, age band, place) of the children injured and of those who
died, exact, whole town (docs/injury-report.md).

No role check here: the figures are exact small counts, so the app's read
(childplan.app.reads.injury_quarter) hands them to officers only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from childplan.indicators.targets import (
    AGE_BANDS,
    SEXES,
    UNKNOWN_PLACE,
    snapshot_dates,
)
from childplan.store.contract import INJURY_CAUSES, PLACES
from childplan.store.db import Database

MEASURES = ("injured", "death")
# The template's columns under each measure, in its order: (dimension,
# category). The unknown place is no column of the template; it is kept
# apart (UNKNOWN_COLUMN) for the note row that reconciles the places.
REPORT_COLUMNS = (
    ("total", "total"),
    *(("sex", s) for s in SEXES),
    *(("age_band", b[0]) for b in AGE_BANDS),
    *(("place", p) for p in PLACES),
)
UNKNOWN_COLUMN = ("place", UNKNOWN_PLACE)
TOTAL_ROW = "total"


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2024-Q3' (the picker's value) to Quarter(2024, 3)."""
        year, _, number = text.partition("-Q")
        quarter = cls(int(year), int(number))
        if not 1 <= quarter.number <= 4:
            raise ValueError(f"no quarter {text!r}")
        return quarter

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)


def quarters_covered(dates) -> list[Quarter]:
    """Newest first: every quarter from the one holding the first snapshot
    to the one holding the last (that one perhaps only in part)."""
    if not dates:
        return []
    first, last = Quarter.of(min(dates)), Quarter.of(max(dates))
    quarters = [last]
    while quarters[-1] > first:
        quarters.append(quarters[-1].previous())
    return quarters


def default_quarter(dates) -> Quarter | None:
    """The last complete quarter (a snapshot on or after its last day),
    else the only, partial, one."""
    covered = quarters_covered(dates)
    complete = [q for q in covered if max(dates) >= q.last_day]
    return complete[0] if complete else (covered[0] if covered else None)


def quarter_snapshot(dates, quarter: Quarter) -> tuple[dt.date | None, bool]:
    """(the snapshot whose register speaks for the quarter, whether the
    quarter is only partly covered). The first snapshot on or after the
    quarter's last day: the latest knowledge of the quarter before the next
    one's cases come in, and the same file every time the report is made
    again. Without one, the last snapshot if it falls inside the quarter
    (partial: the quarter up to that date); else (None, False)."""
    after = [d for d in dates if d >= quarter.last_day]
    if after:
        return min(after), False
    inside = [d for d in dates if quarter.first_day <= d < quarter.last_day]
    if inside:
        return max(inside), True
    return None, False


@dataclass(frozen=True)
class QuarterReport:
    """A quarter's report: where its numbers come from and the cross tab."""

    quarter: Quarter
    snapshot_date: dt.date
    is_partial: bool  # the snapshot falls inside the quarter
    children_count: int  # Tổng số trẻ em: the children at the snapshot
    table: pd.DataFrame  # cross_tab(...)

    @property
    def counted_to(self) -> dt.date:
        """The last day counted: the quarter's, or the snapshot's if earlier."""
        return min(self.quarter.last_day, self.snapshot_date)

    def total(self, measure: str, column=("total", "total")) -> int:
        """The "Tổng cộng" row's cell of `measure` ('injured', 'death')."""
        row = self.table[self.table["cause"] == TOTAL_ROW].iloc[0]
        return int(row[column_name(measure, column)])


def column_name(measure: str, column: tuple[str, str]) -> str:
    """'injured_total', 'death_M', 'injured_0-5', 'death_unknown', ..."""
    return f"{measure}_{column[1]}"


def cross_tab(long: pd.DataFrame) -> pd.DataFrame:
    """The report's table as plain data (for the workbook and the PDF):
    one row per cause in report order ('code' '01'..'11', 'cause'), then
    the "Tổng cộng" row (code None, cause 'total'); for each measure
    ('injured', 'death') one integer column per REPORT_COLUMNS entry and
    one for the unknown place: 'injured_total', 'injured_M', 'injured_F',
    'injured_0-5' .. 'injured_14-15', 'injured_home', 'injured_school',
    'injured_community', 'injured_unknown', then the same for 'death_'.
    `long` is queries/injury_quarterly.sql's result."""
    columns = [*REPORT_COLUMNS, UNKNOWN_COLUMN]
    names = [column_name(m, c) for m in MEASURES for c in columns]
    # (cause, dimension, category) -> its counts; a plain dict, as 264
    # lookups on a MultiIndex took most of a second.
    counts = {
        (cause, dimension, category): {"injured": int(n), "death": int(d)}
        for cause, dimension, category, n, d in zip(
            long["cause"],
            long["dimension"],
            long["category"],
            long["injured_count"],
            long["death_count"],
            strict=True,
        )
    }
    rows = []
    for number, cause in enumerate(INJURY_CAUSES, 1):
        row = {"code": f"{number:02d}", "cause": cause}
        for measure in MEASURES:
            for column in columns:
                row[column_name(measure, column)] = counts[(cause, *column)][measure]
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["code", "cause", *names])
    total = {"code": None, "cause": TOTAL_ROW, **frame[names].sum().to_dict()}
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    frame[names] = frame[names].astype("int64")
    return frame


def injury_quarter(db: Database, quarter: Quarter) -> QuarterReport | None:
    """The quarter's report, or None when no snapshot covers it yet."""
    day, is_partial = quarter_snapshot(snapshot_dates(db), quarter)
    if day is None:
        return None
    long = db.query(
        "injury_quarterly",
        snapshot_date=day,
        date_from=quarter.first_day,
        date_to=min(quarter.last_day, day),
        causes=list(INJURY_CAUSES),
        places=[*PLACES, UNKNOWN_PLACE],
        sexes=list(SEXES),
        band_names=[b[0] for b in AGE_BANDS],
        band_lows=[b[1] for b in AGE_BANDS],
        band_highs=[b[2] for b in AGE_BANDS],
    )
    children = db.query("children_count", snapshot_date=day)
    return QuarterReport(
        quarter=quarter,
        snapshot_date=day,
        is_partial=is_partial,
        children_count=int(children["children_count"].iloc[0]),
        table=cross_tab(long),
    )
