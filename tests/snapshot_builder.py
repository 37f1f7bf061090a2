"""Build tiny snapshot stores from Python dicts, for tests of any area.

    store = build_store(tmp_path / "store", {
        "2024-12-31": {
            "children": [child("c1", "T1", "2016-12-31", special_groups="d")],
            "households": [household("h-c1", "T1", protection_knowledge=True)],
        },
    })

One dict per snapshot date: table name -> list of row dicts with contract
column names; missing columns are NULL, dates may be 'YYYY-MM-DD' strings.
Tables left out are absent from the snapshot (an optional table missing),
except the required ones the builder can fill: `residential_groups`
defaults to every group named in the snapshot's rows and `incidents` to no
rows. Files are written by Store.publish in the contract's Arrow schemas.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pyarrow as pa

from childplan.store.contract import GROUPED_TABLES, TABLES
from childplan.store.snapshots import Store


def as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def arrow_table(name: str, rows: list[dict], snapshot_date) -> pa.Table:
    """Rows of contract table `name` as an Arrow table in the stored schema."""
    spec = TABLES[name]
    day = as_date(snapshot_date)
    unknown = {k for r in rows for k in r} - set(spec.column_names)
    if unknown:
        raise KeyError(f"{name}: no column {sorted(unknown)} in the contract")
    columns = {"snapshot_date": [day] * len(rows)}
    for col in spec.columns:
        values = [r.get(col.name) for r in rows]
        if col.kind == "date":
            values = [as_date(v) for v in values]
        columns[col.name] = values
    return pa.Table.from_pydict(columns, schema=spec.arrow_schema())


def snapshot_tables(
    snapshot_date, tables: dict[str, list[dict]]
) -> dict[str, pa.Table]:
    tables = dict(tables)
    if "residential_groups" not in tables:
        named = sorted(
            {
                r["residential_group"]
                for t in GROUPED_TABLES
                for r in tables.get(t, ())
                if r.get("residential_group")
            }
        )
        tables["residential_groups"] = [{"residential_group": g} for g in named]
    tables.setdefault("incidents", [])
    return {
        name: arrow_table(name, rows, snapshot_date) for name, rows in tables.items()
    }


def build_store(root, snapshots: dict, simulated: bool = False) -> Path:
    """Publish every snapshot of `snapshots` (date -> tables) into `root`."""
    store = Store.open_or_create(Path(root), simulated=simulated)
    for day, tables in snapshots.items():
        store.publish(as_date(day), snapshot_tables(day, tables))
    return Path(root)


# --- row helpers: the columns a test cares about, the rest NULL -----------

_counter = iter(range(1, 10**9))


def child(
    child_id: str,
    group: str,
    birth_date: str,
    *,
    household_id: str | None = None,
    sex: str = "F",
    **flags,
) -> dict:
    """A child row; household_id defaults to 'h-<child_id>'."""
    return {
        "child_id": child_id,
        "household_id": household_id or f"h-{child_id}",
        "residential_group": group,
        "sex": sex,
        "birth_date": birth_date,
        **flags,
    }


def household(household_id: str, group: str, **flags) -> dict:
    return {"household_id": household_id, "residential_group": group, **flags}


def incident(
    kind: str,
    group: str,
    occurred_on: str,
    *,
    incident_id: str | None = None,
    sex: str = "M",
    age: int = 5,
    **fields,
) -> dict:
    return {
        "incident_id": incident_id or f"i{next(_counter)}",
        "residential_group": group,
        "sex": sex,
        "age": age,
        "kind": kind,
        "occurred_on": occurred_on,
        **fields,
    }


def officer(
    officer_id: str, level: str, group: str | None = None, trained: bool | None = None
) -> dict:
    return {
        "officer_id": officer_id,
        "level": level,
        "residential_group": group,
        "trained": trained,
    }


def policy(
    policy_id: str, issued_on: str, consulted: bool | None, level: str = "district"
) -> dict:
    return {
        "policy_id": policy_id,
        "issued_on": issued_on,
        "level": level,
        "title": f"Văn bản {policy_id}",
        "children_consulted": consulted,
    }


def assessment_rows(year: int, scores) -> list[dict]:
    """One row per criterion 1..len(scores) of `year`."""
    return [
        {"year": year, "criterion": i, "score": float(s)}
        for i, s in enumerate(scores, 1)
    ]


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and folder under root, files with their SHA-256: equal
    before and after a refused write means the store is byte-for-byte as
    it was."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): (
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        )
        for p in sorted(root.rglob("*"))
    }
