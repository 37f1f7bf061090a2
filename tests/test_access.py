"""Access and safety (issue #6) through AppTest: small counts under a group
filter, a damaged snapshot, hostile URL values, a bad --data, hardening.

The store: three residential groups of ten children; in 2024, one HIV
infection and one drowning death in A, six HIV infections in B, none in C.
The town-wide by-group table of HIV shows A as '<5' and B as 'ẩn' (A's
complement), C as 0.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from childplan.access import audit
from childplan.app import overview, reads, routes
from childplan.indicators.plan import plan_for_year
from childplan.present.i18n import t
from tests.apptest_tools import (
    DEMO,
    download_bytes,
    open_dashboard,
    thread_local_runtime,
)
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

    def make(store, page=routes.OVERVIEW_PAGE, query=None, login=True):
        return open_dashboard(
            monkeypatch,
            tmp_path,
            store,
            query=query,
            page=None if page == routes.OVERVIEW_PAGE else page,
            user=DEMO if login else None,
        )

    yield make


def tile(at, target_id: str):
    return at.metric[TILES.index(target_id)]


# --- item 3: small counts under a group filter ------------------------------


@pytest.mark.parametrize(
    "groups, hiv, deaths",
    [
        ([], "7", "1"),  # the town's published totals
        (["A"], "<5", "<5"),  # 1 HIV, 1 death
        (["B"], "ẩn", "0"),  # 6, but B is A's complement in town
        (["C"], "0", "0"),
        (["A", "B"], "7", "<5"),  # both hidden groups: their sum is public
    ],
)
def test_overview_tiles_hide_small_counts_of_a_selection(
    app, store, groups, hiv, deaths
):
    at = app(store, query={"groups": groups} if groups else None)
    assert (t("suppression_note") in [c.value for c in at.caption]) == (
        hiv in ("<5", "ẩn") or deaths in ("<5", "ẩn")
    )
    assert tile(at, "hiv_new_infections").value == hiv
    assert tile(at, "drowning_deaths").value == deaths
    assert tile(at, "hcdb_share").value == "0,0%"  # not sensitive: shown


def test_section_page_year_line_trend_and_csv_agree(app, store):
    with thread_local_runtime():
        at = app(store, page="pages/hiv.py", query={"groups": ["A"]})
        line = next(m.value for m in at.markdown if m.value.startswith("Năm 2024"))
        assert line.startswith("Năm 2024: **<5** ")
        assert "Ẩn (bảo vệ số nhỏ)" in line
        assert t("suppression_note") in [c.value for c in at.caption]
        trend = next(
            c
            for c in at.get("plotly_chart")
            if c.proto.id.endswith("trend_hiv_new_infections")
        )
        assert "&lt;5" in trend.proto.spec and '"1 / ' not in trend.proto.spec
        data = download_bytes(at, "download_hiv_new_infections_trend")
    text = data.decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()[2:]]
    assert text.splitlines()[1].startswith("# Quy tắc bảo vệ số nhỏ")
    # header, 2023-12-31 (0 infections: shown), 2024-12-31 ('<5')
    assert [r[2] for r in rows] == ["Tử số", "0", "<5"]
    assert [r[4] for r in rows] == ["Giá trị", "0", "<5"]
    assert text.splitlines()[1].startswith("# Quy tắc bảo vệ số nhỏ")
    assert ";1;" not in text


def test_a_download_is_recorded_in_the_audit_log_when_pressed(app, store, tmp_path):
    """The audit entry is written when the file is built (the press), with
    who, what and the filters -- not when the page is drawn."""
    log = tmp_path / "audit.jsonl"
    with thread_local_runtime():
        at = app(store, page="pages/hiv.py", query={"groups": ["A"]})
        assert [e["event"] for e in audit.read_events(log)] == []
        download_bytes(at, "download_hiv_new_infections_trend")
    entry = audit.read_events(log)[-1]
    assert {k: entry[k] for k in ("event", "user", "role", "what")} == {
        "event": "download",
        "user": "canbo",
        "role": "officer",
        "what": "hiv_new_infections_trend",
    }
    assert entry["filters"]["groups"] == ["A"]
    assert entry["filters"]["year"] == 2024


def test_groups_table_is_the_town_pattern_cut_to_the_selection(app, store):
    with thread_local_runtime():
        at = app(store, page="pages/hiv.py", query={"groups": ["A", "C"]})
        data = download_bytes(at, "download_hiv_new_infections_groups")
    rows = [line.split(";") for line in data.decode("utf-8-sig").splitlines()[2:]]
    # A is '<5' in the town table; C's zero is shown (zeros never hide)
    assert sorted((r[2], r[3]) for r in rows[1:]) == [("A", "<5"), ("C", "0")]
    assert (
        data.decode("utf-8-sig").splitlines()[1].startswith("# Quy tắc bảo vệ số nhỏ")
    )


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
    assert "Các ảnh chụp khác vẫn được dùng" in problem[0]
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
    assert config["client"]["toolbarMode"] == "viewer"
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
