"""Sessions of the dashboard (AppTest on dashboard.py): no page of the app is
registered before a login, and a download drawn in a session that has since
logged out or sat idle too long is refused, not built."""

from __future__ import annotations

import time

import pytest
import streamlit as st

from childplan.access import audit
from childplan.access.login import SessionEnded
from childplan.app import routes
from childplan.present.i18n import t
from tests.apptest_tools import (
    deferred_download,
    open_dashboard,
    thread_local_runtime,
)
from tests.snapshot_builder import build_store, child, incident

KEY = "download_hiv_new_infections_trend"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("sessions") / "store"
    snapshot = {
        "children": [child(f"A{i}", "A", "2015-01-01") for i in range(10)],
        "incidents": [incident("hiv", "A", "2024-03-01")],
    }
    return build_store(root, {"2024-12-31": snapshot}, simulated=True)


@pytest.fixture
def navigations(monkeypatch):
    """Every st.navigation call of the runs: [(title, url_path), ...] each."""
    calls = []
    real = st.navigation

    def spy(pages, **kwargs):
        calls.append([(p.title, p.url_path) for p in pages])
        return real(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", spy)
    return calls


def titles_and_addresses() -> set[str]:
    words = {t("page_overview"), *(t(f"nav_{no}") for no in routes.SECTION_PAGES)}
    return words | set(routes.PAGE_URLS.values())


def test_no_page_title_or_address_is_registered_before_a_login(
    monkeypatch, tmp_path, store, navigations
):
    at = open_dashboard(
        monkeypatch, tmp_path, store, user=None, query={"groups": ["A"]}
    )
    assert [x.label for x in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    # one navigation: the login form's own page, hidden, at the root
    assert navigations == [[(t("login_title"), "")]]
    sent = {value for call in navigations for page in call for value in page}
    assert sent.isdisjoint(titles_and_addresses())
    at.text_input[0].input("canbo")
    at.text_input[1].input("demo")
    at.button[0].click().run()
    assert not at.exception
    # after the login: the app's pages, all of them, and the page drawn
    assert {title for title, _ in navigations[-1]} >= {
        t("page_overview"),
        *(t(f"nav_{no}") for no in routes.SECTION_PAGES),
    }
    assert {url for _, url in navigations[-1]} >= set(routes.PAGE_URLS.values()) - {
        "tong-quan"  # the default page: served at the root
    }
    assert at.metric  # the overview's tiles
    assert at.multiselect(key="groups").value == ["A"]  # the link's filter


def test_a_download_built_after_logout_is_refused(monkeypatch, tmp_path, store):
    log = tmp_path / "audit.jsonl"
    with thread_local_runtime():
        at = open_dashboard(monkeypatch, tmp_path, store, page="pages/hiv.py")
        build = deferred_download(at, KEY)
        build_xlsx = deferred_download(at, KEY + "_xlsx")
        assert build()  # while logged in: the file
        at.sidebar.button(key="childplan_logout").click().run()
        assert [x.label for x in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
        with pytest.raises(SessionEnded):
            build()  # the same button, pressed after the logout
        with pytest.raises(SessionEnded):
            build_xlsx()  # and its Excel file
    # (the officer's drawing of the HIV detail is audited too: not this test's)
    assert [
        (e["event"], e["what"])
        for e in audit.read_events(log)
        if e["event"] != "view_sensitive_detail"
    ] == [
        ("download", "hiv_new_infections_trend"),
        ("logout", None),
        ("download_refused", "hiv_new_infections_trend"),
        ("download_refused", "hiv_new_infections_trend"),
    ]
    refused = [e for e in audit.read_events(log) if e["event"] == "download_refused"]
    assert [e["filters"]["format"] for e in refused] == ["csv", "xlsx"]


def test_a_download_built_after_the_session_went_idle_is_refused(
    monkeypatch, tmp_path, store
):
    log = tmp_path / "audit.jsonl"
    with thread_local_runtime():
        at = open_dashboard(monkeypatch, tmp_path, store, page="pages/hiv.py")
        # 6 s from now: long enough that a slow run on a loaded machine
        # does not outlast it while drawing the page (0.6 s did, once)
        monkeypatch.setenv("CHILDPLAN_IDLE_MINUTES", "0.1")
        at.run()
        build = deferred_download(at, KEY)
        time.sleep(6.5)  # the page is still on the screen, nobody touched it
        with pytest.raises(SessionEnded):
            build()
        at.run()  # the next click: the login form, with the notice
        assert [w.value for w in at.warning] == [t("login_idle_expired")]
    assert [
        e["event"]
        for e in audit.read_events(log)
        if e["event"] != "view_sensitive_detail"
    ] == [
        "download_refused",
        "logout",
    ]
