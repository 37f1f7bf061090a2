"""The `indicators` (CSV of every target at every snapshot) and `scorecard`
(one year's targets for a terminal) commands.

The numbers come from childplan.indicators.targets -- from the snapshots'
rollups, or with --raw from the child rows (the audit path: the output is
the same byte for byte); this module only checks the arguments, formats and
prints. CSV values are unrounded (full precision),
counts are printed as integers and a field that does not apply is empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
import sys
import textwrap
import unicodedata

from childplan.indicators import targets as indicators
from childplan.indicators.plan import Plan, PlanError, load_plan, plan_for_year
from childplan.present import fmt, i18n
from childplan.store.db import get_database

# The CSV header, in order. ci_low, ci_high: the value's 95% interval in
# its own unit (Wilson for shares, exact Poisson for rates and counts),
# empty where none applies (the score, no_data, no_cases): issue #5.
CSV_COLUMNS = (
    "target_id",
    "snapshot_date",
    "numerator",
    "denominator",
    "value",
    "threshold",
    "operator",
    "status",
    "ci_low",
    "ci_high",
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ReportError(Exception):
    """Bad arguments; the message (Vietnamese) says what to fix."""


def run(args) -> int:
    try:
        if args.command == "indicators":
            return _indicators(args)
        return _scorecard(args)
    except (ReportError, PlanError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1


# --- indicators ------------------------------------------------------------


def _indicators(args) -> int:
    plan = load_plan(args.plan) if args.plan else load_plan()
    date_from = _parse_date(args.date_from, "--from")
    date_to = _parse_date(args.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise ReportError(
            f"Ngày --from ({date_from}) phải trước hoặc trùng ngày --to ({date_to})."
        )
    db = get_database(args.data, raw=args.raw)
    groups = _check_groups(db, args.group)
    frame = indicators.series(db, plan, groups, date_from, date_to)
    try:
        write_csv(frame, plan, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error of ours. Point
        # stdout at devnull so the interpreter's final flush is quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def write_csv(frame, plan: Plan, out) -> None:
    """The series frame as the `indicators` CSV (header CSV_COLUMNS)."""
    kinds = {t.id: t.kind for t in plan.targets}
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in frame.itertuples(index=False):
        kind = kinds[row.target_id]
        fields = {
            "target_id": row.target_id,
            "snapshot_date": row.snapshot_date.isoformat(),
            "numerator": _integer(row.numerator),
            "denominator": _integer(row.denominator),
            "value": _integer(row.value) if kind == "count" else _full(row.value),
            "threshold": _compact(row.threshold),
            "operator": row.operator,
            "status": row.status,
        }
        writer.writerow(
            [fields[c] if c in fields else _full(getattr(row, c)) for c in CSV_COLUMNS]
        )


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _integer(value) -> str:
    return "" if _missing(value) else str(int(value))


def _full(value) -> str:
    """Full precision (Python's shortest round-trip repr)."""
    return "" if _missing(value) else repr(float(value))


def _compact(value) -> str:
    """A plan number: '2' for 2.0, '0.16' for 0.16."""
    if _missing(value):
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _parse_date(text: str | None, flag: str) -> dt.date | None:
    if text is None:
        return None
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ReportError(
            f"Ngày {flag} '{text}' không hợp lệ: hãy ghi theo dạng YYYY-MM-DD "
            "(ví dụ 2024-12-31)."
        ) from None


def _check_groups(db, names) -> tuple[str, ...]:
    """The chosen groups, each one named in the data; else a ReportError."""
    chosen = tuple(
        dict.fromkeys(unicodedata.normalize("NFC", n.strip()) for n in names or ())
    )
    known = indicators.residential_groups(db)
    unknown = [n for n in chosen if n not in known]
    if unknown:
        listed = ", ".join(f"'{n}'" for n in unknown)
        raise ReportError(
            f"Không có tổ dân phố {listed} trong dữ liệu. Các tổ dân phố có "
            f"trong dữ liệu: {', '.join(known) or '(không có)'}."
        )
    return chosen


# --- scorecard -------------------------------------------------------------

NAME_WIDTH = 58


def _scorecard(args) -> int:
    db = get_database(args.data, raw=args.raw)
    available = indicators.years(db)
    if not available:
        raise ReportError("Kho dữ liệu chưa có kỳ chốt số liệu nào.")
    year = args.year if args.year is not None else max(available)
    if year not in available:
        raise ReportError(
            f"Không có kỳ chốt số liệu nào trong năm {year}. Các năm có số liệu: "
            f"{', '.join(map(str, available))}."
        )
    plan = load_plan(args.plan) if args.plan else plan_for_year(year)
    groups = _check_groups(db, args.group)
    card = indicators.scorecard(db, plan, year, groups)
    sys.stdout.write(scorecard_text(card, plan, year, groups, db.is_simulated))
    return 0


def _width(text: str) -> int:
    return sum(
        0
        if unicodedata.combining(c)
        else 2
        if unicodedata.east_asian_width(c) in "WF"
        else 1
        for c in unicodedata.normalize("NFC", text)
    )


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def _value_text(value, target) -> str:
    """As on screen: never rounded onto or across the target's threshold
    (849.5 points must not read as 850, 1.96% not as 2.0%)."""
    return fmt.value_text(value, target.unit, "vi", target.threshold, target.operator)


def scorecard_text(card, plan: Plan, year: int, groups, simulated: bool) -> str:
    """The year's targets as aligned plain text, in Vietnamese."""
    where = ("Tổ dân phố: " + ", ".join(groups)) if groups else "Toàn thị trấn"
    day = card["snapshot_date"].iloc[0] if len(card) else None
    lines = [f"Bảng tổng hợp chỉ tiêu năm {year} — {where}"]
    if day is not None:
        lines.append(
            f"Số liệu chốt ngày {fmt.date_text(day)}; kế hoạch năm {plan.year}."
        )
    if simulated:
        lines.append("SỐ LIỆU MÔ PHỎNG — không phải số liệu thật của thị trấn.")
    lines.append("")
    heads = ("Mục", "Chỉ tiêu", "Giá trị", "Ngưỡng", "Trạng thái", "Năm trước")
    rows = []
    for r in card.itertuples(index=False):
        target = plan.target(r.target_id)
        name = target.name_vi + (
            " (toàn thị trấn)" if target.town_wide and groups else ""
        )
        rows.append(
            (
                target.section,
                name,
                _value_text(r.value, target),
                fmt.threshold_text(r.operator, r.threshold, target.unit) or "theo dõi",
                i18n.status_label(r.status),
                _value_text(r.previous_value, target),
            )
        )
    widths = [
        max([_width(h)] + [_width(row[i]) for row in rows]) for i, h in enumerate(heads)
    ]
    widths[1] = NAME_WIDTH
    right = (False, False, True, True, False, True)

    def line(cells: list[str]) -> str:
        return "  ".join(
            _pad(c, w, r) for c, w, r in zip(cells, widths, right, strict=True)
        ).rstrip()

    lines.append(line(list(heads)))
    lines.append(line(["-" * w for w in widths]))
    for row in rows:
        wrapped = textwrap.wrap(row[1], NAME_WIDTH) or [""]
        lines.append(line([row[0], wrapped[0], *row[2:]]))
        for more in wrapped[1:]:
            lines.append(line(["", more, "", "", "", ""]))
    return "\n".join(lines) + "\n"
