"""The simulated town: deterministic, contract-shaped, and town-like."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from childplan.cli import main as cli
from childplan.sample.simulate import simulate, snapshot_dates, write_csv_folder
from childplan.store.contract import MAX_CHILD_AGE, TABLES
from childplan.store.snapshots import Store

SMALL = dict(children=600, groups=6, start="2023-07", end="2024-12", seed=11)


def read_store(root: Path) -> dict[str, dict[str, pa.Table]]:
    """{snapshot date: {table: Arrow table}} of every snapshot of a store."""
    out = {}
    for snap in sorted((root / "snapshots").iterdir()):
        out[snap.name] = {
            p.stem: pq.read_table(p)
            for p in sorted(snap.glob("*.parquet"))
            if p.stem not in ("manifest", "rollup")  # not contract tables
        }
    return out


def age_at(birth: dt.date, d: dt.date) -> int:
    return d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day))


@pytest.fixture(scope="module")
def small_town(tmp_path_factory) -> Path:
    return simulate(tmp_path_factory.mktemp("town") / "data", **SMALL)


@pytest.fixture(scope="module")
def small_tables(small_town) -> dict[str, dict[str, pa.Table]]:
    return read_store(small_town)


def test_snapshot_dates_are_month_ends():
    assert snapshot_dates("2023-11", "2024-03") == [
        dt.date(2023, 11, 30),
        dt.date(2023, 12, 31),
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 31),
    ]
    assert len(snapshot_dates("2021-01", "2024-12")) == 48


def test_store_is_simulated_and_complete(small_town):
    marker = json.loads((small_town / "childplan-store.json").read_text("utf-8"))
    assert marker["simulated"] is True
    snapshots, problems = Store.open(small_town).scan()
    assert problems == []
    assert [s.snapshot_date for s in snapshots] == snapshot_dates("2023-07", "2024-12")
    for snap in snapshots:
        assert sorted(snap.tables) == sorted(TABLES)


def test_schema_and_snapshot_date_column(small_tables):
    for day, tables in small_tables.items():
        for name, table in tables.items():
            assert table.schema.equals(
                TABLES[name].arrow_schema(), check_metadata=False
            )
            assert set(table["snapshot_date"].to_pylist()) <= {
                dt.date.fromisoformat(day)
            }


def test_deterministic_for_a_seed(tmp_path, small_tables):
    again = read_store(simulate(tmp_path / "again", **SMALL))
    assert list(again) == list(small_tables)
    for day in again:
        for name in TABLES:
            assert again[day][name].equals(small_tables[day][name]), (day, name)


def test_another_seed_gives_another_town(tmp_path, small_tables):
    other = read_store(simulate(tmp_path / "other", **{**SMALL, "seed": 12}))
    last = "2024-12-31"
    assert not other[last]["children"].equals(small_tables[last]["children"])


def test_children_are_aged_0_to_15_and_born_by_d(small_tables):
    for day, tables in small_tables.items():
        d = dt.date.fromisoformat(day)
        births = tables["children"]["birth_date"].to_pylist()
        assert births and all(b <= d for b in births)
        ages = {age_at(b, d) for b in births}
        assert min(ages) == 0 and max(ages) == MAX_CHILD_AGE


def test_child_id_is_stable_and_pseudonymous(small_tables):
    seen: dict[str, tuple] = {}
    presence: dict[str, list[int]] = {}
    for i, tables in enumerate(small_tables.values()):
        for row in (
            tables["children"]
            .select(
                ["child_id", "sex", "birth_date", "household_id", "residential_group"]
            )
            .to_pylist()
        ):
            key = (
                row["sex"],
                row["birth_date"],
                row["household_id"],
                row["residential_group"],
            )
            assert seen.setdefault(row["child_id"], key) == key
            assert row["child_id"].startswith("TE") and row["child_id"][2:].isdigit()
            presence.setdefault(row["child_id"], []).append(i)
    # a child is in the register for one unbroken run of snapshots
    assert all(p == list(range(p[0], p[-1] + 1)) for p in presence.values())
    # births, ageing out and moves: the register changes over time
    first, last = list(small_tables.values())[0], list(small_tables.values())[-1]
    ids_first = set(first["children"]["child_id"].to_pylist())
    ids_last = set(last["children"]["child_id"].to_pylist())
    assert ids_last - ids_first and ids_first - ids_last


def test_households_and_groups_are_consistent(small_tables):
    for tables in small_tables.values():
        groups = set(tables["residential_groups"]["residential_group"].to_pylist())
        assert len(groups) == SMALL["groups"]
        hh = dict(
            zip(
                tables["households"]["household_id"].to_pylist(),
                tables["households"]["residential_group"].to_pylist(),
                strict=True,
            )
        )
        for row in (
            tables["children"].select(["household_id", "residential_group"]).to_pylist()
        ):
            assert hh[row["household_id"]] == row["residential_group"]
        assert set(hh.values()) <= groups
        assert set(tables["incidents"]["residential_group"].to_pylist()) <= groups


def test_incidents_are_the_register_known_at_d(small_tables):
    previous: dict[str, dict] = {}
    for day, tables in small_tables.items():
        d = dt.date.fromisoformat(day)
        rows = tables["incidents"].drop_columns(["snapshot_date"]).to_pylist()
        for r in rows:
            assert r["occurred_on"] <= d
            assert r["reported_on"] is None or r["occurred_on"] <= r["reported_on"] <= d
            assert 0 <= r["age"] <= MAX_CHILD_AGE
            assert (r["fatal"] is None) == (r["kind"] != "injury")
            assert (r["cause"] is None) == (r["kind"] not in ("injury", "abuse"))
        current = {r["incident_id"]: r for r in rows}
        # an incident once known stays in the register, unchanged
        assert all(current[k] == v for k, v in previous.items())
        previous = current


def test_town_like_rates(tmp_path):
    """A town of 4,800: HCĐB 1–2.5%, one or two injuries a month."""
    root = simulate(
        tmp_path / "town",
        children=4800,
        groups=16,
        start="2023-01",
        end="2024-12",
        seed=5,
    )
    tables = read_store(root)
    last = tables["2024-12-31"]
    for snap in tables.values():
        children = snap["children"]
        n = children.num_rows
        assert 4300 <= n <= 5300
        hcdb = n - children["special_groups"].null_count
        assert 0.010 <= hcdb / n <= 0.025
    incidents = last["incidents"].to_pylist()
    injuries = [
        r
        for r in incidents
        if r["kind"] == "injury" and r["occurred_on"] >= dt.date(2023, 1, 1)
    ]
    assert 0.7 <= len(injuries) / 24 <= 2.5
    summer = [r for r in injuries if r["occurred_on"].month in (5, 6, 7, 8)]
    assert len(summer) / len(injuries) > 4 / 12
    deaths = [r for r in injuries if r["fatal"]]
    assert len(deaths) <= 4
    # some booleans unknown, not many
    consulted = last["children"]["consulted"]
    applicable = [
        a
        for a, b in zip(
            consulted.to_pylist(),
            last["children"]["birth_date"].to_pylist(),
            strict=True,
        )
        if age_at(b, dt.date(2024, 12, 31)) >= 7
    ]
    unknown = sum(v is None for v in applicable) / len(applicable)
    assert 0.005 <= unknown <= 0.04
    households = last["households"]
    per_household = last["children"].num_rows / len(
        set(last["children"]["household_id"].to_pylist())
    )
    assert 1.8 <= per_household <= 2.6
    assert households.num_rows >= len(set(last["children"]["household_id"].to_pylist()))


def test_cli_simulate(tmp_path, capsys):
    out = tmp_path / "cli"
    assert (
        cli.main(
            [
                "simulate",
                "--out",
                str(out),
                "--children",
                "150",
                "--groups",
                "3",
                "--start",
                "2024-11",
                "--end",
                "2024-12",
                "--seed",
                "3",
            ]
        )
        == 0
    )
    assert sorted(p.name for p in (out / "snapshots").iterdir()) == [
        "2024-11-30",
        "2024-12-31",
    ]
    # a store that already has snapshots is not written into again
    assert cli.main(["simulate", "--out", str(out), "--children", "150"]) == 1
    assert (
        cli.main(["simulate", "--out", str(tmp_path / "x"), "--start", "2024-13"]) == 1
    )
    assert "YYYY-MM" in capsys.readouterr().err
    assert cli.main(["simulate", "--out", str(tmp_path / "y"), "--children", "5"]) == 1
    assert "--children" in capsys.readouterr().err
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_csv_export_values(tmp_path, small_tables):
    folder = write_csv_folder(small_tables["2024-12-31"], tmp_path / "csv")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{t}.csv" for t in TABLES
    )
    header = (folder / "children.csv").read_text("utf-8").splitlines()[0]
    assert header.replace('"', "").split(",") == list(TABLES["children"].column_names)
    body = (folder / "assessments.csv").read_text("utf-8").splitlines()
    assert body[0].replace('"', "") == "year,criterion,score"
    assert all("." not in line for line in body[1:])


def test_every_snapshot_passes_ingest(tmp_path, small_tables):
    data = tmp_path / "ingested"
    keys = {name: list(spec.unique) for name, spec in TABLES.items()}
    for day, tables in small_tables.items():
        folder = write_csv_folder(tables, tmp_path / "csv" / day)
        assert (
            cli.main(["ingest", str(folder), "--snapshot", day, "--data", str(data)])
            == 0
        ), day
    # what ingest stored is what the simulator wrote (canonical values)
    stored = read_store(data)
    assert list(stored) == list(small_tables)
    for day in stored:
        for name in TABLES:
            got = stored[day][name].sort_by([(k, "ascending") for k in keys[name]])
            want = small_tables[day][name].sort_by(
                [(k, "ascending") for k in keys[name]]
            )
            assert got.to_pylist() == want.to_pylist(), (day, name)
