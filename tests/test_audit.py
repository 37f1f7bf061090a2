"""The audit log: one JSON line per login, failed login, logout, download."""

import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path

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
    # each line carries the SHA-256 of the line before (zeros for the first)
    assert [json.loads(x).pop("prev") for x in lines] == [
        "0" * 64,
        *(hashlib.sha256(x.encode("utf-8")).hexdigest() for x in lines[:-1]),
    ]
    assert [{k: v for k, v in json.loads(x).items() if k != "prev"} for x in lines] == [
        {
            "ts": "2024-12-31T08:30:05+00:00",
            "event": "login_failed",
            "user": "lan",
            "role": None,
            "client": None,
            "what": None,
            "filters": {},
        },
        {
            "ts": "2024-12-31T08:30:05+00:00",
            "event": "login",
            "user": "lan",
            "role": "leader",
            "client": None,
            "what": None,
            "filters": {},
        },
        {
            "ts": "2024-12-31T08:30:05+00:00",
            "event": "download",
            "user": "lan",
            "role": "leader",
            "client": None,
            "what": "chi-tieu-2024.csv",
            "filters": {"year": 2024, "groups": ["Đức Thịnh"], "date_to": "2024-12-31"},
        },
        {
            "ts": "2024-12-31T08:30:05+00:00",
            "event": "logout",
            "user": "lan",
            "role": "leader",
            "client": None,
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


# --- the hash chain and `audit verify` ------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def verify_command(log: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "childplan", "audit", "verify", "--log", str(log)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def log(tmp_path):
    log = tmp_path / "audit.jsonl"
    audit.record("login", "lan", role="leader", client="10.0.0.7", path=log)
    audit.record("download", "lan", role="leader", what="hiv.csv", path=log)
    audit.record("login_failed", "minh", client="10.0.0.9", path=log)
    audit.record("logout", "lan", role="leader", path=log)
    return log


def test_the_client_address_is_recorded(log):
    assert [e["client"] for e in audit.read_events(log)] == [
        "10.0.0.7",
        None,
        "10.0.0.9",
        None,
    ]


def test_an_untouched_log_verifies(log):
    assert audit.verify(log) == 4
    done = verify_command(log)
    assert (done.returncode, done.stdout.splitlines()[0]) == (0, "ok, 4 entries")
    last = log.read_bytes().splitlines()[-1]
    assert hashlib.sha256(last).hexdigest() in done.stdout


def test_an_edited_line_is_found(log):
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("hiv.csv", "khac.csv")  # hide what was taken
    log.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(audit.ChainBroken) as broken:
        audit.verify(log)
    assert broken.value.line == 3  # the line after the edit no longer fits
    done = verify_command(log)
    assert done.returncode == 1
    assert "dòng 3" in done.stderr and "line 3" in done.stderr
    assert done.stdout == ""


def test_a_removed_line_is_found(log):
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:2] + lines[3:]), encoding="utf-8")
    with pytest.raises(audit.ChainBroken) as broken:
        audit.verify(log)
    assert broken.value.line == 3
    assert verify_command(log).returncode == 1


def test_a_removed_first_line_and_a_forged_line_are_found(log):
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[1:]), encoding="utf-8")
    with pytest.raises(audit.ChainBroken) as broken:
        audit.verify(log)
    assert broken.value.line == 1
    forged = json.loads(lines[0]) | {"user": "someone-else"}
    log.write_text(json.dumps(forged) + "\n" + "".join(lines[1:]), encoding="utf-8")
    with pytest.raises(audit.ChainBroken) as broken:
        audit.verify(log)
    assert broken.value.line == 2


def test_an_appended_line_follows_a_log_without_final_newline(log):
    log.write_bytes(log.read_bytes().rstrip(b"\n"))
    audit.record("login", "an", path=log)
    assert audit.verify(log) == 5


def test_the_help_says_the_command_line_prints_exact_figures():
    for argv in (["--help"], ["indicators", "--help"], ["scorecard", "--help"]):
        done = subprocess.run(
            [sys.executable, "-m", "childplan", *argv],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        text = " ".join(done.stdout.split())
        assert "CHÍNH XÁC theo từng tổ dân phố" in text, argv
        assert "EXACT figures by residential group" in text, argv
        assert "operators" in text, argv
