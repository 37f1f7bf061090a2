"""The snapshot store: one folder of Parquet files per snapshot date.

Layout of a store directory::

    childplan-store.json            marks the directory as a store
    snapshots/2024-12-31/
        manifest.parquet            one row per table present (and its rows)
        children.parquet ...        one file per contract table present
        rollup.parquet              its additive counts (childplan.store.rollup)
    .staging/                       work area of a publish in progress

Every stored table carries a ``snapshot_date`` column, so DuckDB reads all
snapshots of a table as one relation. A snapshot is published by renaming a
fully written staging folder into ``snapshots/``: readers see all of it or
nothing, and a failure at any point leaves the earlier snapshots untouched.
The snapshot's rollup is written into the same staging folder: a snapshot
is never published without it.
Every folder and file the store writes is its owner's only (0700 / 0600,
childplan.paths.private_dir): the snapshots are the register's records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from childplan.paths import (
    PRIVATE_DIR_MODE,
    SAMPLE_DIR,
    private_dir,
    private_open,
)
from childplan.store import rollup
from childplan.store.contract import TABLES

MARKER = "childplan-store.json"
STORE_FORMAT = 1
DATA_ENV = "CHILDPLAN_DATA"
_DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MANIFEST_SCHEMA = pa.schema(
    [
        pa.field("snapshot_date", pa.date32(), nullable=False),
        pa.field("table_name", pa.string(), nullable=False),
        pa.field("row_count", pa.int64(), nullable=False),
    ]
)


class StoreError(Exception):
    """A problem with the store that the user must fix; the message says how."""


def resolve_data_dir(data: str | os.PathLike | None = None) -> Path:
    """--data, else $CHILDPLAN_DATA, else the committed sample data."""
    if data:
        return Path(data)
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    return SAMPLE_DIR


@dataclass(frozen=True)
class Snapshot:
    snapshot_date: dt.date
    path: Path
    tables: dict[str, Path]  # table name -> Parquet file
    rollup_version: str | None = None  # None: no readable rollup

    @property
    def rollup_file(self) -> Path:
        return self.path / rollup.ROLLUP_FILE

    @property
    def rollup_is_current(self) -> bool:
        return self.rollup_version == rollup.definitions_version()


@dataclass(frozen=True)
class StoreProblem:
    """A snapshot (or one of its files) that cannot be served."""

    snapshot_date: str
    path: str
    reason: str


@dataclass
class Store:
    root: Path
    info: dict = field(default_factory=dict)

    # --- opening ----------------------------------------------------------
    @classmethod
    def open(cls, data: str | os.PathLike | None = None) -> Store:
        """Open an existing store for reading; refuse anything else."""
        root = resolve_data_dir(data)
        if not root.exists():
            raise StoreError(
                f"Thư mục dữ liệu '{root}' không tồn tại. Hãy kiểm tra đường "
                "dẫn --data (hoặc biến CHILDPLAN_DATA), hoặc nạp dữ liệu bằng "
                "'python -m childplan ingest'."
            )
        if not root.is_dir():
            raise StoreError(f"'{root}' không phải là thư mục.")
        marker = root / MARKER
        if not marker.is_file():
            raise StoreError(
                f"Thư mục '{root}' không phải là kho số liệu chốt "
                f"(thiếu tệp {MARKER}). Hãy trỏ --data tới thư mục đã tạo bằng "
                "'python -m childplan ingest' hoặc 'simulate'."
            )
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"Tệp {marker} bị hỏng: {exc}") from exc
        if info.get("format") != STORE_FORMAT:
            raise StoreError(
                f"Kho '{root}' có định dạng {info.get('format')!r}, phiên bản "
                f"này đọc định dạng {STORE_FORMAT}."
            )
        return cls(root=root, info=info)

    @classmethod
    def open_or_create(
        cls, data: str | os.PathLike | None, simulated: bool = False
    ) -> Store:
        """For writers: a store, or a new one in a missing or empty folder.

        Nothing is written here; the marker is written by the first publish,
        so a refused ingest leaves a new folder as empty as it found it.
        """
        root = resolve_data_dir(data)
        if (root / MARKER).is_file():
            return cls.open(root)
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise StoreError(
                f"'{root}' đã có nội dung nhưng không phải kho dữ liệu. Hãy "
                "chọn một thư mục trống hoặc chưa tồn tại cho --data."
            )
        return cls(
            root=root,
            info={"format": STORE_FORMAT, "simulated": simulated, "new": True},
        )

    @property
    def is_simulated(self) -> bool:
        return bool(self.info.get("simulated"))

    # --- reading ----------------------------------------------------------
    @property
    def snapshots_dir(self) -> Path:
        return self.root / "snapshots"

    def snapshot_dirs(self) -> list[Path]:
        if not self.snapshots_dir.is_dir():
            return []
        return sorted(
            p
            for p in self.snapshots_dir.iterdir()
            if p.is_dir() and _DATE_DIR.match(p.name)
        )

    def fingerprint(self) -> tuple[str, str]:
        """Changes whenever a snapshot is added, replaced or removed, or
        its rollup rewritten: (the store's path, a digest of every
        snapshot's name and its manifest's and rollup's mtimes). A digest,
        not the stamps themselves: every cached read is keyed on it, and
        Streamlit hashing 48 snapshots' stamps cost ~1.2 ms a call, tens of
        calls a run."""
        digest = hashlib.sha256()
        for p in self.snapshot_dirs():
            stamps = [p.name]
            for name in ("manifest.parquet", rollup.ROLLUP_FILE):
                stamps.append(str(_mtime_ns(p / name)))
            digest.update(("\t".join(stamps) + "\n").encode())
        return (str(self.root.resolve()), digest.hexdigest())

    def scan(self) -> tuple[list[Snapshot], list[StoreProblem]]:
        """Every servable snapshot, and the ones that are not, with why.

        Reads only Parquet footers, so a corrupt or truncated file is found
        here and that snapshot is left out instead of failing every query.
        """
        good: list[Snapshot] = []
        problems: list[StoreProblem] = []
        for p in self.snapshot_dirs():
            try:
                good.append(self._check_snapshot(p))
            except (OSError, ValueError, pa.ArrowException, StoreError) as exc:
                problems.append(StoreProblem(p.name, str(p), str(exc)))
        return good, problems

    def _check_snapshot(self, path: Path) -> Snapshot:
        day = dt.date.fromisoformat(path.name)
        manifest = _read_parquet(path / "manifest.parquet", _read_whole).to_pylist()
        tables: dict[str, Path] = {}
        for row in manifest:
            name = row["table_name"]
            if name not in TABLES:
                raise StoreError(f"bảng lạ '{name}' trong manifest")
            file = path / f"{name}.parquet"
            num_rows, schema = _read_parquet(file, _footer)
            if num_rows != row["row_count"]:
                raise StoreError(
                    f"{file.name}: {num_rows} dòng, manifest ghi {row['row_count']}"
                )
            if not schema.equals(TABLES[name].arrow_schema(), check_metadata=False):
                raise StoreError(f"{file.name}: cấu trúc cột không đúng")
            tables[name] = file
        missing = [t for t, spec in TABLES.items() if spec.required and t not in tables]
        if missing:
            raise StoreError(f"thiếu bảng bắt buộc: {', '.join(missing)}")
        return Snapshot(day, path, tables, rollup.version_of(path / rollup.ROLLUP_FILE))

    def stale_rollups(self) -> list[Snapshot]:
        """The servable snapshots whose rollup is missing or was written by
        other definitions (`python -m childplan rollup` rewrites them)."""
        return [s for s in self.scan()[0] if not s.rollup_is_current]

    def rebuild_rollups(self, every: bool = False) -> list[dt.date]:
        """Rewrite the rollup of every snapshot whose rollup is stale (or
        of all, `every`), each from its own tables and atomically; return
        their dates."""
        done = []
        for snap in self.scan()[0]:
            if every or not snap.rollup_is_current:
                tables = {
                    name: _read_parquet(file, pq.read_table)
                    for name, file in snap.tables.items()
                }
                rollup.replace(snap.path, rollup.for_tables(snap.snapshot_date, tables))
                done.append(snap.snapshot_date)
        return done

    # --- writing ----------------------------------------------------------
    def publish(
        self, snapshot_date: dt.date, tables: dict[str, pa.Table], replace: bool = False
    ) -> Path:
        """Write one snapshot atomically; return its folder.

        ``tables`` maps contract table names to Arrow tables already in the
        stored schema (snapshot_date column included).
        """
        final = self.snapshots_dir / snapshot_date.isoformat()
        if final.exists() and not replace:
            raise StoreError(
                f"Ảnh chụp ngày {snapshot_date:%d/%m/%Y} đã có trong kho. "
                "Thêm --replace nếu muốn thay thế nó."
            )
        for name, table in tables.items():
            expected = TABLES[name].arrow_schema()
            if not table.schema.equals(expected, check_metadata=False):
                raise StoreError(f"Bảng {name}: cấu trúc không đúng hợp đồng")
        tables = {name: _stored_order(name, table) for name, table in tables.items()}
        counts = rollup.for_tables(snapshot_date, tables)
        staging_root = self.root / ".staging"
        stage = staging_root / f"{snapshot_date.isoformat()}-{uuid.uuid4().hex}"
        created_root = not self.root.exists()
        created_snapshots = not self.snapshots_dir.exists()
        try:
            private_dir(stage)  # and the store's own folders, when new
            if self.info.get("new"):
                os.chmod(self.root, PRIVATE_DIR_MODE)  # an empty folder given
            rows = []
            for name, table in tables.items():
                _write_durable(table, stage / f"{name}.parquet")
                rows.append(
                    {
                        "snapshot_date": snapshot_date,
                        "table_name": name,
                        "row_count": table.num_rows,
                    }
                )
            rollup.write(counts, stage / rollup.ROLLUP_FILE)
            _write_durable(
                pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA),
                stage / "manifest.parquet",
            )
            private_dir(self.snapshots_dir)
            if final.exists():
                old = staging_root / f"old-{final.name}-{uuid.uuid4().hex}"
                os.rename(final, old)
                try:
                    os.rename(stage, final)
                except BaseException:
                    os.rename(old, final)  # put the replaced snapshot back
                    raise
                shutil.rmtree(old)
            else:
                os.rename(stage, final)
            if self.info.pop("new", False):
                self._write_marker()
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            if created_root:
                shutil.rmtree(self.root, ignore_errors=True)
            elif created_snapshots and self.snapshots_dir.exists():
                shutil.rmtree(self.snapshots_dir, ignore_errors=True)
            raise
        finally:
            if staging_root.exists() and not any(staging_root.iterdir()):
                staging_root.rmdir()
        return final

    def _write_marker(self) -> None:
        tmp = self.root / f".{MARKER}.tmp"
        fd = private_open(tmp, os.O_WRONLY | os.O_TRUNC)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(
                {"format": STORE_FORMAT, "simulated": self.is_simulated},
                fh,
                ensure_ascii=False,
                indent=1,
            )
        os.replace(tmp, self.root / MARKER)


def _mtime_ns(file: Path) -> int:
    """The file's mtime in ns, 0 when it is not there: one stat, where
    exists() then stat() made two."""
    try:
        return file.stat().st_mtime_ns
    except (FileNotFoundError, NotADirectoryError):  # as exists() said False
        return 0


def _read_parquet(file: Path, read):
    """read(file), a damaged or missing file named in the error (the
    dashboard shows it: the user must know which file to replace)."""
    try:
        return read(file)
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"tệp {file.name} hỏng hoặc không đọc được ({exc})") from exc


# The order rows are stored in (a layout, never a meaning: every query
# orders its own output). Children and households sorted by group, then
# household, compress better and make the audit path's per-household
# aggregation and join ~15% cheaper (docs/performance.md).
STORED_ORDER = {
    "children": ("residential_group", "household_id"),
    "households": ("residential_group", "household_id"),
}


def _stored_order(name: str, table: pa.Table) -> pa.Table:
    keys = STORED_ORDER.get(name)
    if not keys or table.num_rows < 2:
        return table
    return table.sort_by([(key, "ascending") for key in keys])


def _footer(file: Path) -> tuple[int, pa.Schema]:
    """A Parquet file's row count and schema, from one read of its footer
    (a scan reads ~400 footers at a store's opening: read_metadata and
    read_schema apart, each resolving the path again, cost twice as much)."""
    with pa.OSFile(str(file)) as source:
        footer = pq.ParquetFile(source)
        return footer.metadata.num_rows, footer.schema_arrow


def _read_whole(file: Path) -> pa.Table:
    """A small Parquet file read whole, without the dataset machinery."""
    with pa.OSFile(str(file)) as source:
        return pq.ParquetFile(source).read()


def _write_durable(table: pa.Table, path: Path) -> None:
    """Write a Parquet file readable by its owner only, on disk when done."""
    fd = private_open(path, os.O_WRONLY | os.O_TRUNC)
    with os.fdopen(fd, "wb") as fh:
        pq.write_table(table, fh, compression="zstd")
        fh.flush()
        os.fsync(fh.fileno())
