"""Ingest: check one register export against the data contract, publish it.

`python -m childplan ingest SOURCE --snapshot YYYY-MM-DD` reads a folder of
CSV files or one .xlsx workbook (childplan.ingest.read), checks every rule of
docs/data-contract.md, and publishes the snapshot whole through
Store.publish, or writes nothing and lists every problem, grouped, in
Vietnamese. Direct identifiers are dropped before anything is kept; a
national ID standing in for child_id becomes a keyed hash
(childplan.ingest.keys) and is never written. The rules themselves are in
childplan.ingest.rules, the report and the message in childplan.ingest.messages.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pyarrow as pa

from childplan.ingest.keys import IdKey, KeyFileError, load_key
from childplan.ingest.messages import IngestError, IngestReport
from childplan.ingest.read import (
    Problem,
    SourceError,
    read_source,
)
from childplan.ingest.rules import (
    Parsed,
    arrow_table,
    check_references,
    parse_table,
)
from childplan.ingest.values import (
    BadValue,
    parse_date,
)
from childplan.paths import SAMPLE_DIR
from childplan.store.contract import (
    REQUIRED_TABLES,
    TABLE_NAMES,
)
from childplan.store.snapshots import Store, StoreError, resolve_data_dir

__all__ = [
    "IngestError",
    "IngestReport",
    "Problem",
    "ingest_source",
    "validate_source",
    "run",
]


# --- the library API -------------------------------------------------------
def validate_source(
    source: Path, snapshot_date: dt.date, key_file: Path | None = None
) -> tuple[dict[str, pa.Table], IngestReport]:
    """Check a source and build the stored tables; write nothing.

    A key file that does not exist yet is not created here: the child_ids
    derived from a national ID then use a key that is thrown away.
    """
    tables, report, _ = _validate(Path(source), snapshot_date, key_file)
    return tables, report


def ingest_source(
    source: Path,
    snapshot_date: dt.date,
    data: Path | None,
    replace: bool = False,
    key_file: Path | None = None,
    simulated: bool = False,
) -> IngestReport:
    """Validate, then publish the snapshot whole, or raise and write nothing.

    Raises IngestError for a source that breaks the contract and StoreError
    for a store problem (not a store, snapshot exists without ``replace``).
    ``simulated`` only marks a store created here.
    """
    store = Store.open_or_create(data, simulated=simulated)
    final = store.snapshots_dir / snapshot_date.isoformat()
    if final.exists() and not replace:
        raise StoreError(
            f"Ảnh chụp ngày {snapshot_date:%d/%m/%Y} đã có trong kho "
            f"'{store.root}'. Thêm --replace nếu muốn thay thế nó."
        )
    tables, report, key = _validate(
        Path(source), snapshot_date, key_file, forbidden=(store.root,)
    )
    if key is not None:
        try:
            key.save()
        except KeyFileError as exc:
            raise IngestError([Problem("", str(exc))]) from None
    report.path = store.publish(snapshot_date, tables, replace=replace)
    return report


# --- the command -----------------------------------------------------------
def run(args) -> int:
    try:
        snapshot_date = parse_date(args.snapshot.strip())
    except BadValue:
        print(
            f"Lỗi: ngày chốt --snapshot '{args.snapshot}' không hợp lệ. Ghi "
            "ngày có thật theo dạng năm-tháng-ngày, ví dụ --snapshot "
            "2024-12-31.",
            file=sys.stderr,
        )
        return 1
    data = resolve_data_dir(args.data)
    if data.resolve() == SAMPLE_DIR.resolve():
        print(
            f"Lỗi: kho '{data}' là số liệu mô phỏng của dự án. Hãy chỉ rõ "
            "thư mục kho cho số liệu thật bằng --data (hoặc biến "
            "CHILDPLAN_DATA), nằm ngoài thư mục dự án.",
            file=sys.stderr,
        )
        return 1
    try:
        if Store.open_or_create(data).is_simulated:
            print(
                f"Lỗi: kho '{data}' chứa số liệu mô phỏng. Hãy chọn một thư "
                "mục khác (trống hoặc chưa có) cho số liệu thật bằng --data.",
                file=sys.stderr,
            )
            return 1
        report = ingest_source(
            Path(args.source),
            snapshot_date,
            data,
            replace=args.replace,
            key_file=args.key_file,
        )
    except IngestError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # disk full, no permission: nothing published
        print(
            f"Lỗi: không ghi được vào kho '{data}': {exc.strerror or exc}. "
            "Kho vẫn giữ nguyên như trước.",
            file=sys.stderr,
        )
        return 1
    print(report.summary())
    for line in report.notes():
        print(line)
    return 0


def _validate(
    source: Path, d: dt.date, key_file, forbidden=()
) -> tuple[dict[str, pa.Table], IngestReport, IdKey | None]:
    try:
        raws, problems, ignored_sources = read_source(source)
    except SourceError as exc:
        raise IngestError([Problem("", str(exc))]) from None
    report = IngestReport(snapshot_date=d, ignored_sources=ignored_sources)
    for name in REQUIRED_TABLES:
        if name not in raws and not any(p.table == name for p in problems):
            problems.append(
                Problem(
                    name,
                    f"thiếu bảng bắt buộc: cần tệp {name}.csv trong thư mục "
                    f"(hoặc trang tính '{name}' trong tệp .xlsx)",
                )
            )
    key_holder: list[IdKey] = []

    def get_key() -> IdKey:
        if not key_holder:
            key_holder.append(load_key(key_file, forbidden))
        return key_holder[0]

    parsed: dict[str, Parsed] = {}
    for name in TABLE_NAMES:
        if name in raws:
            try:
                parsed[name] = parse_table(raws[name], d, get_key, report, problems)
            except KeyFileError as exc:
                raise IngestError([Problem("", str(exc))]) from None
    check_references(parsed, problems)
    if problems:
        raise IngestError(problems)
    tables = {name: arrow_table(name, p.rows, d) for name, p in parsed.items()}
    report.rows = {name: t.num_rows for name, t in tables.items()}
    report.sources = {name: p.raw.source for name, p in parsed.items()}
    if key_holder:
        report.key_file = key_holder[0].path
    return tables, report, (key_holder[0] if key_holder else None)
