"""Decisions on the page (childplan.app.decisions), as a leader and an officer
use them in AppTest: record one under a target, see it listed beside the
chart, edit it with its history, be refused with the reason and nothing
written, and find every save in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest

from childplan.access import audit
from childplan.decisions.store import DecisionStore
from tests.apptest_tools import open_dashboard
from tests.snapshot_builder import build_store, child, incident

LEADER = {"username": "lan", "role": "leader", "demo": False}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("decisions") / "store"
    day = "2024-12-31"
    rows = {
        "children": [child(f"A-{i}", "A", "2015-01-01") for i in range(40)],
        "incidents": [
            incident("injury", "A", "2024-03-01", cause="fall", place="home", age=9)
        ],
    }
    return build_store(root, {day: rows}, simulated=True)


def injury_form(at, target="injury_rate"):
    """The widgets of the 'record a decision' form under `target`."""
    key = f"decision_{target}_new"
    form = next(f for f in at.get("form") if f.proto.form.form_id == key)
    return form


def fill(at, form, text, responsible, due=None):
    form.text_area[0].input(text)
    form.text_input[0].input(responsible)
    form.date_input[0].set_value(dt.date(2024, 12, 20))
    if due is not None:
        form.date_input[1].set_value(due)
    form.button[0].click().run()


def lines(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**20/12/2024**")]


@pytest.mark.parametrize("user", [None, LEADER], ids=["officer", "leader"])
def test_a_decision_recorded_under_a_target_is_listed_and_audited(
    monkeypatch, tmp_path, store, user
):
    kwargs = {"user": user} if user else {}
    if user:
        from childplan.access.auth import UserFile

        UserFile(tmp_path / "users.json").add("lan", "leader", "mat-khau-dai-du")
    at = open_dashboard(
        monkeypatch, tmp_path, store, page="pages/injuries.py", **kwargs
    )
    assert not (tmp_path / "decisions.sqlite").exists()  # nothing read wrote
    fill(
        at,
        injury_form(at),
        "Giao tổ dân phố A rà soát ao hồ trước mùa hè",
        "Tổ dân phố A",
        due=dt.date(2025, 3, 31),
    )
    assert not at.exception
    assert lines(at) == [
        "**20/12/2024** · Giao tổ dân phố A rà soát ao hồ trước mùa hè · "
        "Phụ trách: Tổ dân phố A · Hạn: 31/03/2025 · Đang thực hiện"
    ]
    assert [s.value for s in at.success] == ["Đã lưu kết luận."]
    who = user["username"] if user else "canbo"
    (saved,) = DecisionStore(tmp_path / "decisions.sqlite").decisions()
    assert (saved.target_id, saved.plan_year, saved.created_by) == (
        "injury_rate",
        2024,
        who,
    )
    events = [
        (e["event"], e["user"], e["what"])
        for e in audit.read_events(tmp_path / "audit.jsonl")
        if e["event"].startswith("decision")
    ]
    assert events == [("decision_add", who, "injury_rate")]


def test_a_phone_number_is_refused_and_nothing_is_written(monkeypatch, tmp_path, store):
    at = open_dashboard(monkeypatch, tmp_path, store, page="pages/injuries.py")
    fill(at, injury_form(at), "Gọi mẹ cháu số 0912 345 678", "Tổ dân phố A")
    assert [e.value for e in at.error] == [
        "Nội dung có dãy số giống số điện thoại hoặc số định danh cá nhân. "
        "Kết luận chỉ ghi đơn vị, tổ dân phố, không ghi thông tin của trẻ em "
        "hay gia đình: hãy xóa dãy số đó."
    ]
    assert lines(at) == []
    assert DecisionStore(tmp_path / "decisions.sqlite").decisions() == []


def test_an_edit_changes_the_line_and_keeps_the_history(monkeypatch, tmp_path, store):
    at = open_dashboard(monkeypatch, tmp_path, store, page="pages/injuries.py")
    fill(at, injury_form(at), "Rà soát ao hồ", "Tổ dân phố A")
    (saved,) = DecisionStore(tmp_path / "decisions.sqlite").decisions()
    key = f"decision_injury_rate_{saved.id}"
    form = next(f for f in at.get("form") if f.proto.form.form_id == key)
    form.radio[0].set_value("done")
    form.button[0].click().run()
    assert not at.exception
    assert lines(at) == [
        "**20/12/2024** · Rà soát ao hồ · Phụ trách: Tổ dân phố A · Đã hoàn thành"
    ]
    history = DecisionStore(tmp_path / "decisions.sqlite").history(saved.id)
    assert [
        (h.action, h.before and h.before["status"], h.after["status"]) for h in history
    ] == [
        ("add", None, "doing"),
        ("edit", "doing", "done"),
    ]
    history_caption = [c.value for c in at.caption if c.value.startswith("Lịch sử")]
    assert len(history_caption) == 1
    assert "canbo ghi lúc" in history_caption[0]
    assert "canbo sửa lúc" in history_caption[0]


def test_a_decision_on_the_groups_grid_is_kept_under_the_grid(
    monkeypatch, tmp_path, store
):
    """Issue 12: a meeting also decides on the grid ("giao tổ dân phố A
    ..."): the overview's grid has its own list and form, stored under the
    grid's id, not under any target."""
    at = open_dashboard(monkeypatch, tmp_path, store, page="pages/overview.py")
    fill(
        at,
        injury_form(at, target="groups_grid"),
        "Giao tổ dân phố A rà soát trẻ em bỏ học",
        "Tổ dân phố A",
    )
    assert not at.exception
    assert lines(at) == [
        "**20/12/2024** · Giao tổ dân phố A rà soát trẻ em bỏ học · "
        "Phụ trách: Tổ dân phố A · Đang thực hiện"
    ]
    (saved,) = DecisionStore(tmp_path / "decisions.sqlite").decisions()
    assert (saved.target_id, saved.plan_year) == ("groups_grid", 2024)
