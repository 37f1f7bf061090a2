"""The audit log: one JSON line per login, failed login, logout, download."""

import datetime as dt
import json

import pytest

from childplan.access import audit


def fixed(ts):
    return lambda: ts


def test_events_are_appended_as_json_lines(tmp_path):
    log = tmp_path / "audit.jsonl"
    t = dt.datetime(2024, 12, 31, 8, 30, 5, tzinfo=dt.UTC)
    audit.record("login_failed", "lan", path=log, clock=fixed(t))
    audit.record("login", "lan", role="leader", path=log, clock=fixed(t))
    audit.record(
        "download",
        "lan",
        role="leader",
        what="chi-tieu-2024.csv",
        filters={
            "year": 2024,
            "groups": ["Đức Thịnh"],
            "date_to": dt.date(2024, 12, 31),
        },
        path=log,
        clock=fixed(t),
    )
    audit.record("logout", "lan", role="leader", path=log, clock=fixed(t))
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == [
        {
            "ts": "2024-12-31T08:30:05+00:00",
            "event": "login_failed",
            "user": "lan",
            "role": None,
            "what": None,
            "filters": {},
        },
        {
            "ts": "2024-12-31T08:30:05+00:00",
            "event": "login",
            "user": "lan",
            "role": "leader",
            "what": None,
            "filters": {},
        },
        {
            "ts": "2024-12-31T08:30:05+00:00",
            "event": "download",
            "user": "lan",
            "role": "leader",
            "what": "chi-tieu-2024.csv",
            "filters": {"year": 2024, "groups": ["Đức Thịnh"], "date_to": "2024-12-31"},
        },
        {
            "ts": "2024-12-31T08:30:05+00:00",
            "event": "logout",
            "user": "lan",
            "role": "leader",
            "what": None,
            "filters": {},
        },
    ]
    assert audit.read_events(log)[2]["what"] == "chi-tieu-2024.csv"


def test_local_time_is_written_in_utc(tmp_path):
    log = tmp_path / "a.jsonl"
    hanoi = dt.timezone(dt.timedelta(hours=7))
    audit.record(
        "login",
        "an",
        path=log,
        clock=fixed(dt.datetime(2025, 1, 1, 7, 0, tzinfo=hanoi)),
    )
    assert audit.read_events(log)[0]["ts"] == "2025-01-01T00:00:00+00:00"


def test_existing_lines_are_kept(tmp_path):
    log = tmp_path / "a.jsonl"
    log.write_text('{"event": "login", "user": "old"}\n', encoding="utf-8")
    audit.record("logout", "new", path=log)
    assert [e["user"] for e in audit.read_events(log)] == ["old", "new"]


def test_location_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(audit.AUDIT_ENV, str(tmp_path / "env.jsonl"))
    audit.record("login", "an")
    assert audit.audit_log_path() == tmp_path / "env.jsonl"
    assert len(audit.read_events()) == 1


def test_unknown_event_and_long_names(tmp_path):
    log = tmp_path / "a.jsonl"
    with pytest.raises(ValueError):
        audit.record("hack", "x", path=log)
    audit.record("login_failed", "x" * 500, path=log)
    assert audit.read_events(log)[0]["user"] == "x" * 64
