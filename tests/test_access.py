"""Access and safety (issue #6) through AppTest: sensitive targets under a
group filter, a damaged snapshot, hostile URL values, a bad --data,
hardening.

The store: three residential groups of ten children; in 2024, one HIV
infection and one drowning death in A, six HIV infections in B, none in C;
nothing in 2023. HIV and drowning deaths are sensitive: a meeting sees the
town's figure of each year (2023: 0 and 0; 2024: 1 + 6 = 7 and 1) under
any filter, and no group; officers see the groups in a block of their own.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from childplan.access import audit
from childplan.access.auth import UserFile
from childplan.app import overview, reads, routes
from childplan.indicators.plan import plan_for_year
from childplan.present.i18n import t
from tests.apptest_tools import (
    DEMO,
    download_bytes,
    open_dashboard,
    thread_local_runtime,
)
from tests.file_tools import assert_same_file, csv_table, is_xlsx, xlsx_table
from tests.snapshot_builder import build_store, child, incident

ROOT = Path(__file__).resolve().parent.parent
PLAN = plan_for_year(2024)
TILES = [x.id for row in overview.tile_rows(PLAN, 3) for x in row]


def snapshot(year: int) -> dict:
    children = [child(f"{g}{i}", g, "2015-01-01") for g in "ABC" for i in range(10)]
    incidents = []
    if year == 2024:
        incidents = [
            incident("hiv", "A", "2024-03-01"),
            incident(
                "injury", "A", "2024-05-01", cause="drowning", fatal=True, place="home"
            ),
            *[incident("hiv", "B", f"2024-0{m}-01") for m in range(1, 7)],
        ]
    return {"children": children, "incidents": incidents}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("access") / "store"
    return build_store(
        root,
        {"2023-12-31": snapshot(2023), "2024-12-31": snapshot(2024)},
        simulated=True,
    )


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("CHILDPLAN_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("CHILDPLAN_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("CHILDPLAN_AUTH", "local")

    def make(store, page=routes.OVERVIEW_PAGE, query=None, login=True, user=DEMO):
        if login and user is LEADER:
            UserFile(tmp_path / "users.json").add("lan", "leader", "mat-khau-lan")
        return open_dashboard(
            monkeypatch,
            tmp_path,
            store,
            query=query,
            page=None if page == routes.OVERVIEW_PAGE else page,
            user=user if login else None,
        )

    yield make


LEADER = {"username": "lan", "role": "leader", "demo": False}
TOWN_NOTE = "Chỉ tiêu nhạy cảm: số liệu toàn thị trấn, không áp dụng bộ lọc tổ dân phố."
RULE_LINE = "Quy tắc bảo vệ thông tin trẻ em: các chỉ tiêu nhạy cảm (HIV; "


def tile(at, target_id: str):
    return at.metric[TILES.index(target_id)]


# --- item 3: sensitive targets under a group filter ------------------------


@pytest.mark.parametrize("groups", [[], ["A"], ["B"], ["C"], ["A", "B"]])
def test_overview_tiles_show_the_towns_sensitive_figures_under_any_filter(
    app, store, groups
):
    at = app(store, query={"groups": groups} if groups else None, user=LEADER)
    # the town's 2024: 1 + 6 + 0 = 7 infections, 1 drowning death, whatever
    # the filter (A alone had 1 and 1, B 6 and 0, C 0 and 0)
    assert tile(at, "hiv_new_infections").value == "7"
    assert tile(at, "drowning_deaths").value == "1"
    assert tile(at, "hcdb_share").value == "0,0%"  # not sensitive: filtered
    # under a filter, each sensitive target that is not town-wide says so:
    # hiv_new_infections, drowning_deaths, injury_death_rate and
    # labour_cases_supported
    assert [c.value for c in at.caption].count(TOWN_NOTE) == (4 if groups else 0)


def test_section_page_year_line_trend_and_csv_agree(app, store):
    with thread_local_runtime():
        at = app(store, page="pages/hiv.py", query={"groups": ["A"]}, user=LEADER)
        line = next(m.value for m in at.markdown if m.value.startswith("Năm 2024"))
        # the town's 7 (exact Poisson 2,8-14,4), not A's 1
        assert (
            line == "Năm 2024: **7** · :red-badge[Chưa đạt] · "
            "Mục tiêu không phát sinh mới"
        )
        assert TOWN_NOTE in [c.value for c in at.caption]
        trend = next(
            c
            for c in at.get("plotly_chart")
            if c.proto.id.endswith("trend_hiv_new_infections")
        )
        # one point a year: 0 in 2023, 7 in 2024; never A's '1 / '
        assert '"1 / ' not in trend.proto.spec
        data = download_bytes(at, "download_hiv_new_infections_trend")
        xlsx = download_bytes(at, "download_hiv_new_infections_trend_xlsx")
    flags, rows = csv_table(data)
    assert flags["Quy tắc bảo vệ thông tin trẻ em"].startswith(RULE_LINE)
    assert flags["Phạm vi lọc"] == "Tổ dân phố: A"  # the filter, as chosen
    # header, 31/12/2023 (0 infections), 31/12/2024 (7), both the town's
    assert [r[1] for r in rows] == ["Ngày chốt số liệu", "2023-12-31", "2024-12-31"]
    assert [r[2] for r in rows] == ["Tử số", "0", "7"]
    assert [r[4] for r in rows] == ["Giá trị", "0", "7"]
    assert [r[-1] for r in rows] == ["Phạm vi", "Toàn thị trấn", "Toàn thị trấn"]
    assert ["1"] not in [r[2:3] for r in rows]  # never A's own 1
    # the Excel file: the same rows, counts as numbers, dates as dates
    block, table = xlsx_table(xlsx)
    assert [r[1:3] + r[4:5] for r in table[1:]] == [
        [dt.datetime(2023, 12, 31), 0, 0],
        [dt.datetime(2024, 12, 31), 7, 7],
    ]
    assert any(line.startswith(RULE_LINE) for line in block)
    assert_same_file(xlsx, data)


def test_a_download_is_recorded_in_the_audit_log_when_pressed(app, store, tmp_path):
    """The audit entry is written when the file is built (the press), with
    who, what and the filters -- not when the page is drawn (drawing the
    officers' block is recorded apart, as a view)."""
    log = tmp_path / "audit.jsonl"
    with thread_local_runtime():
        at = app(store, page="pages/hiv.py", query={"groups": ["A"]})
        assert [(e["event"], e["what"]) for e in audit.read_events(log)] == [
            ("view_sensitive_detail", "hiv_new_infections")
        ]
        download_bytes(at, "download_hiv_new_infections_trend")
        assert is_xlsx(download_bytes(at, "download_hiv_new_infections_trend_xlsx"))
    csv_entry, xlsx_entry = audit.read_events(log)[-2:]
    for entry, file_format in ((csv_entry, "csv"), (xlsx_entry, "xlsx")):
        assert {k: entry[k] for k in ("event", "user", "role", "what")} == {
            "event": "download",
            "user": "canbo",
            "role": "officer",
            "what": "hiv_new_infections_trend",
        }
        assert entry["filters"]["groups"] == ["A"]
        assert entry["filters"]["year"] == 2024
        assert entry["filters"]["format"] == file_format
    assert len(audit.read_events(log)) == 3


def test_groups_of_a_sensitive_target_are_for_officers_only(app, store):
    query = {"groups": ["A", "C"]}
    with thread_local_runtime():
        leader = app(store, page="pages/hiv.py", query=query, user=LEADER)
        keys = [b.proto.id.rsplit("-", 1)[-1] for b in leader.get("download_button")]
        officer = app(store, page="pages/hiv.py", query=query)
        data = download_bytes(officer, "download_hiv_new_infections_officer_groups")
    # no groups, no detail: the trend's two files, Excel first
    assert keys == [
        "download_hiv_new_infections_trend_xlsx",
        "download_hiv_new_infections_trend",
    ]
    assert not leader.table
    assert t("sensitive_groups_note") in [i.value for i in leader.info]
    flags, rows = csv_table(data)
    # the officer's: exact, A's 1 and C's 0 (of the chosen groups only)
    assert sorted((r[2], r[3]) for r in rows[1:]) == [("A", "1"), ("C", "0")]
    # exact by group: the file says it is the officer's, not the meeting
    # rule (which it does not follow)
    assert flags["Quy tắc bảo vệ thông tin trẻ em"] == t("officer_only_caption")


def test_injury_breakdown_is_for_the_whole_town_under_a_filter(app, store):
    at = app(store, page="pages/injuries.py", query={"groups": ["A"]})
    assert t("breakdown_town_only") in [i.value for i in at.info]
    assert t("breakdown_caption", scope="Toàn thị trấn") in [
        c.value for c in at.caption
    ]


# --- item 5: bad input survived ------------------------------------------------


def test_a_truncated_snapshot_is_named_and_the_others_serve(app, tmp_path):
    store = build_store(
        tmp_path / "store",
        {"2023-12-31": snapshot(2023), "2024-12-31": snapshot(2024)},
        simulated=True,
    )
    broken = store / "snapshots" / "2024-12-31" / "children.parquet"
    broken.write_bytes(broken.read_bytes()[:100])  # cut short
    at = app(store)
    problem = [w.value for w in at.warning if "31/12/2024" in w.value]
    assert len(problem) == 1
    assert "children.parquet" in problem[0]
    assert "Các kỳ chốt số liệu khác vẫn được dùng" in problem[0]
    # 2023 still serves: the year filter falls back to it, its tiles show
    assert at.selectbox(key="year").options == ["2023"]
    assert tile(at, "hiv_new_infections").value == "0"


@pytest.mark.parametrize(
    "query, ignored",
    [
        ({"groups": ["x' OR 1=1 --"]}, "Tổ dân phố = «x' OR 1=1 --»"),
        ({"year": "1999"}, "Năm kế hoạch = «1999»"),
        (
            {"groups": ["A", "[x](http://evil)"]},
            "Tổ dân phố = «\\[x\\]\\(http\\://evil\\)»",
        ),
    ],
)
def test_unknown_url_values_are_ignored_with_a_notice(app, store, query, ignored):
    at = app(store, query=query)
    notices = [i.value for i in at.info]
    assert notices == [t("url_ignored", values=ignored)]
    chosen = [g for g in query.get("groups", []) if g in "ABC"]
    assert at.multiselect(key="groups").value == chosen
    assert at.selectbox(key="year").value == 2024
    assert tile(at, "hcdb_share").value == "0,0%"  # the page still works


def test_data_dir_that_does_not_exist_is_refused(app, tmp_path):
    at = app(tmp_path / "nowhere", login=False)
    assert "không tồn tại" in at.error[0].value
    assert not at.text_input and not at.metric


@pytest.mark.parametrize("command", [["indicators"], ["scorecard"]])
@pytest.mark.parametrize("kind", ["missing", "not_a_store"])
def test_commands_refuse_a_bad_data_dir_with_exit_1(tmp_path, command, kind):
    data = tmp_path / "data"
    if kind == "not_a_store":
        data.mkdir()
        (data / "notes.txt").write_text("x", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "childplan", *command, "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Lỗi: ")
    assert str(data) in result.stderr
    assert "Traceback" not in result.stderr


# --- item 4: hardening -----------------------------------------------------------


def test_streamlit_config_is_hardened():
    config = tomllib.loads(
        (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    )
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["address"] == "localhost"


def test_no_cache_is_kept_on_disk():
    sources = [
        *ROOT.glob("childplan/*.py"),
        *ROOT.glob("pages/*.py"),
        ROOT / "dashboard.py",
    ]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"persist\s*=", text), path


# --- item 2 / gap (d): caches keyed by what the user may see -------------------


def test_officer_details_cache_takes_the_role_and_refuses_others(store):
    import datetime as dt

    day = dt.date(2024, 12, 31)
    details = reads.quality_details(str(store), ("fp",), day, "officer")
    assert set(details) == {"late_report_details", "absent_child_details"}
    for role in ("leader", None, "nobody"):
        with pytest.raises(PermissionError):
            reads.quality_details(str(store), ("fp",), day, role)
