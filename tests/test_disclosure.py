"""Indistinguishability: what a leader is sent does not depend on where or
when a sensitive case happened (childplan/disclosure/rules.py).

Two towns alike but for the group and month of an HIV infection and a
child-labour case (tests/disclosure_towns.py) are opened with a leader's
login on every page, with every group filter and year; everything the
dashboard sends -- every element of the page as the browser receives it
(text, markdown, metrics, chart specs with their hover data, tables) and
every download, each Excel file read cell by cell (its header block
included) and as bytes -- must be identical. A third town without its
2024 HIV infection must differ on the overview: the town's figure is shown.
The same in a real browser: tests/test_disclosure_browser.py.
"""

from __future__ import annotations

import pytest
from google.protobuf.json_format import MessageToDict

from childplan.access.auth import UserFile
from childplan.app import routes
from tests.apptest_tools import download_bytes, open_dashboard, thread_local_runtime
from tests.disclosure_towns import GROUPS, build_town
from tests.file_tools import assert_same_file, csv_table, readable

LEADER = {"username": "lan", "role": "leader", "demo": False}
OFFICER = {"username": "hoa", "role": "officer", "demo": False}
PAGES = [
    routes.OVERVIEW_PAGE,
    routes.PRESENTATION_PAGE,  # the deck's whole HTML is one element's text
    *routes.SECTION_PAGES.values(),
    *routes.OPTIONAL_PAGES,
]
FILTERS = [(), (GROUPS[0],), (GROUPS[2],), (GROUPS[0], GROUPS[1]), GROUPS]
YEARS = (2023, 2024)
QUALITY_PAGE = "pages/data_quality.py"
# Fields that name the run, not the data: a download's file id and address.
VOLATILE = {"deferredFileId", "url"}


@pytest.fixture(scope="module")
def towns(tmp_path_factory):
    root = tmp_path_factory.mktemp("towns")
    return {
        "base": build_town(root / "base"),
        "moved": build_town(root / "moved", moved=True),
        "no_hiv_2024": build_town(root / "no_hiv", hiv_2024=False),
    }


def scrub(value):
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def sent(at) -> list:
    """Every element of the run as its protobuf message (what the browser
    receives), in page order, run-specific ids removed."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            out.append((type(node).__name__, scrub(MessageToDict(proto))))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def downloads(at) -> dict[str, bytes]:
    """Every file the page offers, Excel and CSV, as pressed; each Excel
    file read cell by cell holds the same as its CSV (tests/file_tools)."""
    keys = [b.proto.id for b in at.get("download_button")]
    files = {
        key.rsplit("-", 1)[-1]: download_bytes(at, key.rsplit("-", 1)[-1])
        for key in keys
    }
    for key, data in files.items():
        if key.endswith("_xlsx"):
            assert_same_file(data, files[key.removesuffix("_xlsx")])
    return files


def everything(store, tmp_path, monkeypatch, user, page) -> dict:
    """What `user` receives on `page` for every filter and year."""
    if UserFile().get(user["username"]) is None:
        UserFile().add(user["username"], user["role"], "mat-khau-dai-du")
    seen = {}
    with thread_local_runtime():
        for year in YEARS:
            for groups in FILTERS:
                query = {"year": str(year)}
                if groups:
                    query["groups"] = list(groups)
                at = open_dashboard(
                    monkeypatch,
                    tmp_path,
                    store,
                    user=user,
                    page=None if page == routes.OVERVIEW_PAGE else page,
                    query=query,
                )
                assert at.selectbox(key="year").value == year
                assert tuple(at.multiselect(key="groups").value) == groups
                seen[(year, groups)] = {
                    "elements": sent(at),
                    "downloads": downloads(at),
                }
                if page == QUALITY_PAGE and (year, groups) == (YEARS[-1], ()):
                    # every snapshot the data-quality page can be asked for
                    picker = at.selectbox(key="quality_snapshot")
                    for day in picker.options:
                        picker.set_value(day).run()
                        seen[(year, groups, day)] = {
                            "elements": sent(at),
                            "downloads": downloads(at),
                        }
    return seen


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("CHILDPLAN_USERS", str(tmp_path / "users.json"))
    return tmp_path, monkeypatch


@pytest.mark.parametrize("page", PAGES)
def test_a_leader_cannot_tell_where_or_when_a_case_happened(towns, env, page):
    tmp_path, monkeypatch = env
    base = everything(towns["base"], tmp_path, monkeypatch, LEADER, page)
    moved = everything(towns["moved"], tmp_path, monkeypatch, LEADER, page)
    assert base.keys() == moved.keys()
    for view in base:
        assert base[view]["downloads"].keys() == moved[view]["downloads"].keys()
        for name, data in base[view]["downloads"].items():
            other = moved[view]["downloads"][name]
            # every cell of an Excel file, its header block included, then
            # the bytes (a file is the same for the same table)
            assert readable(data) == readable(other), (page, view, name)
            assert data == other, (page, view, name)
        for i, (a, b) in enumerate(
            zip(base[view]["elements"], moved[view]["elements"], strict=True)
        ):
            assert a == b, (page, view, i)
    # the views were not empty: the pages drew figures and offered files
    if page == routes.PRESENTATION_PAGE:  # no file: the deck, with its figures
        decks = [
            e for v in base.values() for e in v["elements"] if "deck-figures" in str(e)
        ]
        assert len(decks) == len(base)
        return
    assert any(v["downloads"] for v in base.values()) or page.endswith("quality.py")
    offered = [name for v in base.values() for name in v["downloads"]]
    tables = [name for name in offered if name != "download_report_pdf"]
    # every table as Excel and CSV; the overview's printed report beside
    assert sum(name.endswith("_xlsx") for name in tables) * 2 == len(tables)
    if page.endswith("overview.py"):
        assert offered.count("download_report_pdf") == len(base)


def test_the_towns_figure_is_visible_to_the_leader(towns, env):
    """The check can fail: without the 2024 infection the overview differs,
    and the tile says 1 against 0."""
    tmp_path, monkeypatch = env
    base = everything(
        towns["base"], tmp_path, monkeypatch, LEADER, routes.OVERVIEW_PAGE
    )
    gone = everything(
        towns["no_hiv_2024"], tmp_path, monkeypatch, LEADER, routes.OVERVIEW_PAGE
    )
    view = (2024, ())
    assert base[view]["elements"] != gone[view]["elements"]
    assert base[view]["downloads"] != gone[view]["downloads"]
    _, card = csv_table(base[view]["downloads"]["download_scorecard"])
    hiv = [row for row in card if row[1] == "hiv_new_infections"]
    # 2024: one infection (February, An Bình), 2023: one: change 0
    assert hiv and hiv[0][4:7] == ["1", "", "1"]
    _, card = csv_table(gone[view]["downloads"]["download_scorecard"])
    hiv = [row for row in card if row[1] == "hiv_new_infections"]
    assert hiv[0][4:7] == ["0", "", "0"]


def test_an_officer_still_sees_where_and_when(towns, env):
    """The officer's detail block is exact: the towns differ there, by group
    (An Bình's infection moved to Cầu Đá)."""
    tmp_path, monkeypatch = env
    page = "pages/hiv.py"
    base = everything(towns["base"], tmp_path, monkeypatch, OFFICER, page)
    moved = everything(towns["moved"], tmp_path, monkeypatch, OFFICER, page)
    view = (2024, ())
    groups = base[view]["downloads"]["download_hiv_new_infections_officer_groups"]
    rows = {
        row[2]: row[3] for row in csv_table(groups)[1] if row[0] == "hiv_new_infections"
    }
    assert rows == {"An Bình": "1", "Bình Minh": "0", "Cầu Đá": "0"}
    assert base[view] != moved[view]
