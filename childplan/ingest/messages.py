"""What ingest reports: the error listing every problem, the report of a
snapshot loaded, and the Vietnamese message an officer reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from childplan.ingest.read import (
    Problem,
)
from childplan.store.contract import (
    TABLE_NAMES,
    TABLES,
)

SHOWN_ROWS = 5  # rows listed per group of problems


ROW_NUMBERING = (
    "Số dòng tính như khi mở tệp bằng Excel: dòng đầu tiên của tệp "
    "(thường là dòng tiêu đề cột) là dòng 1."
)


# --- results ---------------------------------------------------------------
class IngestError(Exception):
    """The source breaks the contract; nothing was written.

    ``problems`` lists every problem; ``str()`` is the full message.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(format_problems(self.problems))

    def __str__(self) -> str:
        return self.args[0]


@dataclass
class IngestReport:
    snapshot_date: dt.date
    rows: dict[str, int] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    # table -> headers as written in the file
    dropped_columns: dict[str, list[str]] = field(default_factory=dict)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    # optional contract columns absent from the file: stored empty (NULL)
    missing_columns: dict[str, list[str]] = field(default_factory=dict)
    ignored_sources: list[str] = field(default_factory=list)
    # table -> header of the national-ID column child_id was derived from
    derived_child_id: dict[str, str] = field(default_factory=dict)
    key_file: Path | None = None
    path: Path | None = None  # the published snapshot folder

    def summary(self) -> str:
        counts = ", ".join(f"{t} {n} dòng" for t, n in self.rows.items())
        where = f" vào {self.path}" if self.path else ""
        day = f"{self.snapshot_date:%d/%m/%Y}"
        return f"Đã nạp số liệu chốt ngày {day}{where}: {counts}."

    @property
    def dropped_line(self) -> str:
        if not self.dropped_columns:
            return "Không có cột định danh cá nhân nào trong dữ liệu."
        parts = "; ".join(
            f"{t}: {', '.join(cols)}" for t, cols in self.dropped_columns.items()
        )
        return f"Đã loại bỏ các cột định danh cá nhân (không lưu): {parts}."

    def notes(self) -> list[str]:
        lines = [self.dropped_line]
        for table, header in self.derived_child_id.items():
            lines.append(
                f"Bảng {table}: child_id được tạo từ cột '{header}' bằng mã "
                f"băm có khóa ({self.key_file}); số định danh không được lưu. "
                "Hãy giữ nguyên tệp khóa này cho các lần nạp sau."
            )
        if self.ignored_columns:
            parts = "; ".join(
                f"{t}: {', '.join(cols)}" for t, cols in self.ignored_columns.items()
            )
            lines.append(f"Các cột không thuộc hợp đồng dữ liệu, bỏ qua: {parts}.")
        if self.missing_columns:
            parts = "; ".join(
                f"{t}: {', '.join(cols)}" for t, cols in self.missing_columns.items()
            )
            lines.append(
                f"Các cột không bắt buộc không có trong tệp, để trống: {parts}."
            )
        if self.ignored_sources:
            lines.append(
                "Bỏ qua (không phải bảng của hợp đồng dữ liệu): "
                + ", ".join(self.ignored_sources)
                + "."
            )
        return lines


# --- the message -----------------------------------------------------------
def format_problems(problems: list[Problem]) -> str:
    """Every problem, grouped by (table, column, rule), rows counted."""
    if len(problems) == 1 and not problems[0].table:
        return f"Lỗi: {problems[0].rule}"
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.table, p.source, p.column, p.rule), []).append(p)
    order = {name: i for i, name in enumerate(TABLE_NAMES)}

    def position(key: tuple) -> tuple:
        first = groups[key][0]
        names = TABLES[first.table].column_names if first.table in TABLES else ()
        name = (first.column_name or "").split(",")[0]
        column = names.index(name) if name in names else -1
        return order.get(first.table, len(order)), column

    keys = sorted(groups, key=position)
    lines = [
        f"Lỗi: dữ liệu không nạp được, chưa ghi gì vào kho. Có "
        f"{len(problems)} lỗi (gộp thành {len(keys)} nhóm); hãy sửa rồi "
        "chạy lại lệnh.",
        ROW_NUMBERING,
    ]
    for key in keys:
        table, source, column, rule = key
        items = sorted(groups[key], key=lambda p: p.row or 0)
        where = f"Bảng {table}"
        if table in TABLES:
            where += f" ({TABLES[table].label_vi}"
            where += f", {source})" if source else ")"
        if column:
            where += f", cột {column}"
        rows = [p for p in items if p.row is not None]
        head = f"- {where}: {rule}"
        if not rows:
            values = [p.value for p in items if p.value]
            if values:
                head += ": " + "; ".join(f"'{v}'" for v in values)
            lines.append(head)
            continue
        lines.append(head + f" — {len(rows)} dòng:")
        for p in rows[:SHOWN_ROWS]:
            text = f"    dòng {p.row}"
            if column:
                text += ": ô trống" if p.value is None else f": '{_cut(p.value)}'"
            if p.detail:
                text += f" ({p.detail})"
            lines.append(text)
        if len(rows) > SHOWN_ROWS:
            lines.append(f"    … và {len(rows) - SHOWN_ROWS} dòng khác")
    return "\n".join(lines)


def _cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
