"""The committee's decisions (childplan.decisions.store), on a real SQLite
file: add, edit with history, two sessions at once, refusal of what could
name a child, a restart, the file's mode and its schema version."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from childplan.decisions.store import (
    SCHEMA_VERSION,
    DecisionError,
    DecisionStore,
    StaleEdit,
    looks_identifying,
)

ROOT = Path(__file__).resolve().parent.parent
MEETING = dt.date(2024, 4, 15)
POND = "Giao tổ dân phố Hòa Sơn rà soát ao hồ trước mùa hè"


def add(store, **changes):
    values = dict(
        target_id="drowning_deaths",
        plan_year=2024,
        meeting_date=MEETING,
        text=POND,
        responsible="Tổ dân phố Hòa Sơn",
        due_date=dt.date(2024, 5, 31),
        user="lan",
    )
    values.update(changes)
    return store.add(**values)


def test_a_decision_is_kept_with_its_fields(tmp_path):
    store = DecisionStore(
        tmp_path / "d.sqlite", clock=lambda: "2024-04-15T09:00:00+00:00"
    )
    saved = add(store)
    assert store.decisions("drowning_deaths", 2024) == [saved]
    assert (saved.meeting_date, saved.text, saved.responsible) == (
        MEETING,
        POND,
        "Tổ dân phố Hòa Sơn",
    )
    assert (saved.due_date, saved.status, saved.version) == (
        dt.date(2024, 5, 31),
        "doing",
        1,
    )
    assert (saved.created_by, saved.created_at) == ("lan", "2024-04-15T09:00:00+00:00")
    # another target's or another year's list does not hold it
    assert store.decisions("injury_rate", 2024) == []
    assert store.decisions("drowning_deaths", 2023) == []


def test_newest_meeting_first(tmp_path):
    store = DecisionStore(tmp_path / "d.sqlite")
    a = add(store, meeting_date=dt.date(2024, 1, 10), text="một", due_date=None)
    b = add(store, meeting_date=dt.date(2024, 6, 10), text="hai", due_date=None)
    c = add(store, meeting_date=dt.date(2024, 1, 10), text="ba", due_date=None)
    # 10/06 first; of the two on 10/01, the later entry (c) first
    assert [x.id for x in store.decisions("drowning_deaths", 2024)] == [
        b.id,
        c.id,
        a.id,
    ]


def test_an_edit_keeps_history_before_and_after(tmp_path):
    times = iter(["2024-04-15T09:00:00+00:00", "2024-06-01T08:00:00+00:00"])
    store = DecisionStore(tmp_path / "d.sqlite", clock=lambda: next(times))
    first = add(store)
    edited = store.edit(
        first.id,
        from_version=1,
        meeting_date=MEETING,
        text=POND,
        responsible="Tổ dân phố Hòa Sơn",
        due_date=dt.date(2024, 5, 31),
        status="done",
        user="hoa",
    )
    assert (edited.status, edited.version, edited.updated_by) == ("done", 2, "hoa")
    assert (edited.created_by, edited.created_at) == (
        "lan",
        "2024-04-15T09:00:00+00:00",
    )
    history = store.history(first.id)
    assert [(h.action, h.version, h.changed_by) for h in history] == [
        ("add", 1, "lan"),
        ("edit", 2, "hoa"),
    ]
    assert history[0].before is None
    assert history[1].before["status"] == "doing"
    assert history[1].after["status"] == "done"
    assert history[1].changed_at == "2024-06-01T08:00:00+00:00"


def test_an_edit_started_from_an_old_version_is_refused(tmp_path):
    store = DecisionStore(tmp_path / "d.sqlite")
    first = add(store)
    kwargs = dict(
        meeting_date=MEETING,
        responsible="Tổ dân phố Hòa Sơn",
        due_date=None,
        status="doing",
    )
    store.edit(first.id, from_version=1, text="bản của Hoa", user="hoa", **kwargs)
    with pytest.raises(StaleEdit) as refused:
        store.edit(first.id, from_version=1, text="bản của Lan", user="lan", **kwargs)
    assert refused.value.values == {"user": "hoa"}
    # Hoa's words are kept, Lan's did not overwrite them
    assert [x.text for x in store.decisions()] == ["bản của Hoa"]
    assert len(store.history(first.id)) == 2


def _add_many(path, who, count):
    store = DecisionStore(path)
    for i in range(count):
        add(store, text=f"{who} {i}", user=who, due_date=None)


def test_two_sessions_saving_at_once_keep_both(tmp_path):
    path = tmp_path / "d.sqlite"
    add(DecisionStore(path), text="đầu tiên", due_date=None)  # the file exists
    threads = [
        threading.Thread(target=_add_many, args=(path, who, 25))
        for who in ("lan", "hoa")
    ]
    for x in threads:
        x.start()
    for x in threads:
        x.join()
    texts = sorted(x.text for x in DecisionStore(path).decisions())
    assert texts == sorted(
        ["đầu tiên"] + [f"lan {i}" for i in range(25)] + [f"hoa {i}" for i in range(25)]
    )


def test_two_processes_saving_at_once_keep_both(tmp_path):
    # two server processes (or a restart mid-save) share one file; plain
    # interpreters, not multiprocessing (whose spawn re-runs __main__, which
    # AppTest may have left pointing at dashboard.py)
    path = tmp_path / "d.sqlite"
    code = "import sys; from tests.test_decisions import _add_many; "
    code += "_add_many(sys.argv[1], sys.argv[2], 15)"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(path), who], cwd=ROOT)
        for who in ("a", "b")
    ]
    assert [p.wait(60) for p in procs] == [0, 0]
    assert len(DecisionStore(path).decisions()) == 30


def test_a_restart_reads_what_was_saved(tmp_path):
    path = tmp_path / "state" / "d.sqlite"
    assert DecisionStore(path).decisions() == []
    assert not path.exists()  # reading wrote nothing
    saved = add(DecisionStore(path))
    assert DecisionStore(path).decisions() == [saved]


def test_the_file_is_its_owners_only(tmp_path):
    path = tmp_path / "state" / "d.sqlite"
    add(DecisionStore(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_default_place_is_beside_the_users_file(tmp_path, monkeypatch):
    monkeypatch.delenv("CHILDPLAN_DECISIONS", raising=False)
    monkeypatch.setenv("CHILDPLAN_USERS", str(tmp_path / "srv" / "users.json"))
    assert DecisionStore().path == tmp_path / "srv" / "decisions.sqlite"
    monkeypatch.setenv("CHILDPLAN_DECISIONS", str(tmp_path / "x.sqlite"))
    assert DecisionStore().path == tmp_path / "x.sqlite"


@pytest.mark.parametrize(
    "text",
    [
        "Liên hệ mẹ cháu 0912 345 678",  # mobile, spaced
        "gọi 0912.345.678",
        "số 02043861234",  # landline with area code, 11 digits
        "+84 912 345 678",
        "CCCD 001203004567",  # 12-digit citizen id
        "CMND 121 345 678",  # 9-digit old id
    ],
)
def test_text_that_looks_like_an_id_or_phone_is_refused(tmp_path, text):
    store = DecisionStore(tmp_path / "d.sqlite")
    with pytest.raises(DecisionError) as refused:
        add(store, text=text)
    assert refused.value.key == "decision_error_identifying"
    with pytest.raises(DecisionError):
        add(store, responsible=text)
    assert store.decisions() == []  # nothing written


@pytest.mark.parametrize(
    "text",
    [
        "Họp ngày 15/04/2024, hạn 31/05/2024",
        "Theo Quyết định số 1234/QĐ-UBND",
        "Hỗ trợ 2.000.000 đồng mỗi hộ",  # 7 digits
        "Kinh phí 1.500.000.000 đồng",  # 10 digits, not starting with 0
        "Tổ 3, tổ 12 và tổ 15",
    ],
)
def test_ordinary_text_with_numbers_is_accepted(text):
    assert not looks_identifying(text)


def test_over_long_and_empty_text_is_refused(tmp_path):
    store = DecisionStore(tmp_path / "d.sqlite")
    add(store, text="x" * 1000)  # the limit itself is allowed
    with pytest.raises(DecisionError) as refused:
        add(store, text="x" * 1001)
    assert (refused.value.key, refused.value.values) == (
        "decision_error_long",
        {"limit": 1000, "length": 1001},
    )
    for key, changes in [
        ("decision_error_empty", {"text": "   "}),
        ("decision_error_no_responsible", {"responsible": ""}),
        ("decision_error_due_before", {"due_date": dt.date(2024, 4, 14)}),
        ("decision_error_status", {"status": "maybe"}),
    ]:
        with pytest.raises(DecisionError) as refused:
            add(store, **changes)
        assert refused.value.key == key
    assert len(store.decisions()) == 1


def test_an_older_file_is_migrated_and_a_newer_one_refused(tmp_path):
    path = tmp_path / "d.sqlite"
    sqlite3.connect(path).close()  # an empty file: schema version 0
    add(DecisionStore(path))
    con = sqlite3.connect(path)
    assert con.execute("pragma user_version").fetchone() == (SCHEMA_VERSION,)
    con.execute(f"pragma user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(DecisionError) as refused:
        DecisionStore(path).decisions()
    assert refused.value.key == "decision_error_newer_file"
