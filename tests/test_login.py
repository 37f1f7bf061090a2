"""The login gate (AppTest): nothing behind it is drawn before a login."""

import importlib.util
import time

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from childplan.access import audit, auth
from childplan.access.auth import UserFile
from childplan.access.login import idle_seconds, touch_session
from childplan.present.i18n import t

# A stand-in for dashboard.py: the gate, then a "figure" and role-only parts.
SCRIPT = """
import os
import streamlit as st
from childplan.access.login import logout_button, require_login
from childplan.present.i18n import t

lang = os.environ.get("TEST_LANG", "vi")
user = require_login(os.environ["TEST_SIMULATED"] == "1", lang, t)
logout_button(lang, t)
st.markdown("FIGURE for " + user.role)
if user.can("data_quality_details"):
    st.markdown("DATA-QUALITY DETAILS")
if user.can("users"):
    st.markdown("USER ADMIN")
"""


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("CHILDPLAN_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("CHILDPLAN_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("CHILDPLAN_AUTH", "local")
    monkeypatch.setenv("TEST_SIMULATED", "0")
    # waits long enough that a slow test machine cannot outlast them
    monkeypatch.setattr(auth, "THROTTLE", auth.Throttle(base=30.0))
    return tmp_path


def app() -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    return at.run()


def markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def login(at, username, password):
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


def events(tmp_path):
    log = tmp_path / "audit.jsonl"
    return [(e["event"], e["user"]) for e in audit.read_events(log)]


@pytest.mark.parametrize(
    "username, visible",
    [
        ("canbo", ["FIGURE for officer", "DATA-QUALITY DETAILS"]),
        ("lanhdao", ["FIGURE for leader"]),
    ],
)
def test_sample_data_demo_accounts_get_in_as_officer_and_leader(
    env, monkeypatch, username, visible
):
    monkeypatch.setenv("TEST_SIMULATED", "1")
    at = app()
    assert not at.exception
    assert not any("FIGURE" in m for m in markdown(at))
    hint = [i.value for i in at.info if "demo" in i.value]
    assert len(hint) == 1 and "`lanhdao`" in hint[0] and "`canbo`" in hint[0]
    login(at, username, "demo")
    assert [m for m in markdown(at) if m.isupper() or "FIGURE" in m] == visible
    saved = dict(at.session_state["childplan_user"])
    assert len(saved.pop("token")) >= 32  # the live session (login.py)
    assert saved == {
        "username": username,
        "role": "officer" if username == "canbo" else "leader",
        "demo": True,
    }
    assert events(env) == [("login", username)]


def test_real_data_without_accounts_says_how_to_create_one(env):
    at = app()
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "Chưa có tài khoản nào cho dữ liệu này. Quản trị viên cần tạo tài khoản "
        "trên máy chủ bằng lệnh `python -m childplan users add TÊN --role admin` "
        "(vai trò: `leader` lãnh đạo, `officer` cán bộ hoặc `admin` quản trị), "
        "rồi tải lại trang này."
    ]
    assert len(at.text_input) == 0
    assert not any("FIGURE" in m for m in markdown(at))


@pytest.mark.parametrize(
    "role, visible",
    [
        ("leader", ["FIGURE for leader"]),
        ("officer", ["FIGURE for officer", "DATA-QUALITY DETAILS"]),
        ("admin", ["FIGURE for admin", "DATA-QUALITY DETAILS", "USER ADMIN"]),
    ],
)
def test_each_role_sees_what_it_should_and_no_more(env, role, visible):
    UserFile().add("lan", role, "mat-khau-lan")
    at = app()
    assert not any("demo" in i.value for i in at.info)
    login(at, "canbo", "demo")  # no demo account on real data
    assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    login(at, "lan", "mat-khau-lan")
    assert [m for m in markdown(at) if m.isupper() or "FIGURE" in m] == visible
    assert events(env) == [("login_failed", "canbo"), ("login", "lan")]


def test_repeated_failures_are_slowed_down_without_saying_until_when(env):
    UserFile().add("lan", "leader", "mat-khau-lan")
    at = app()
    for _ in range(3):
        login(at, "lan", "sai")
        assert [e.value for e in at.error] == [
            "Tên đăng nhập hoặc mật khẩu không đúng."
        ]
    login(at, "lan", "mat-khau-lan")  # refused while waiting
    assert [e.value for e in at.error] == [
        "Đăng nhập sai nhiều lần. Hãy chờ một lúc rồi thử lại."
    ]
    assert not any("FIGURE" in m for m in markdown(at))
    logged = audit.read_events(env / "audit.jsonl")
    assert [(e["event"], e["filters"]) for e in logged] == [
        ("login_failed", {"outcome": "wrong", "checked": True})
    ] * 3 + [("login_failed", {"outcome": "throttled", "checked": False})]
    assert {e["client"] for e in logged} == {"localhost"}


def test_logout_ends_the_session(env):
    UserFile().add("lan", "leader", "mat-khau-lan")
    at = login(app(), "lan", "mat-khau-lan")
    at.session_state["filters"] = "kept until logout"
    token = at.session_state["childplan_user"]["token"]
    assert touch_session(token)
    at.sidebar.button[0].click()
    at.run()
    assert not any("FIGURE" in m for m in markdown(at))
    assert "childplan_user" not in at.session_state
    assert "filters" not in at.session_state
    assert not touch_session(token)  # a download drawn before is refused
    assert events(env) == [("login", "lan"), ("logout", "lan")]


def test_an_idle_session_ends_and_says_so(env, monkeypatch):
    monkeypatch.setenv("CHILDPLAN_IDLE_MINUTES", "0.01")  # 0.6 s
    UserFile().add("lan", "leader", "mat-khau-lan")
    at = login(app(), "lan", "mat-khau-lan")
    at.session_state["filters"] = "forgotten with the session"
    time.sleep(0.3)
    at.run()  # used within the limit: still in, and the clock starts again
    assert "FIGURE for leader" in markdown(at)
    time.sleep(0.3)
    at.run()
    assert "FIGURE for leader" in markdown(at)
    time.sleep(0.8)
    at.run()  # the next interaction after the limit
    assert not any("FIGURE" in m for m in markdown(at))
    assert [w.value for w in at.warning] == [t("login_idle_expired", "vi")]
    assert [x.label for x in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    assert "childplan_user" not in at.session_state
    assert "filters" not in at.session_state
    logged = audit.read_events(env / "audit.jsonl")
    assert [(e["event"], e["filters"]) for e in logged] == [
        ("login", {}),
        ("logout", {"reason": "idle"}),
    ]
    login(at, "lan", "mat-khau-lan")  # and one logs in again as before
    assert "FIGURE for leader" in markdown(at)
    assert not at.warning


def test_the_idle_timeout_defaults_to_30_minutes_and_refuses_nonsense(env, monkeypatch):
    assert idle_seconds() == 30 * 60
    monkeypatch.setenv("CHILDPLAN_IDLE_MINUTES", "0")
    UserFile().add("lan", "leader", "mat-khau-lan")
    at = app()
    assert [e.value for e in at.error] == [
        t("login_bad_idle", "vi", variable="CHILDPLAN_IDLE_MINUTES", value="0")
    ]
    assert len(at.text_input) == 0


def test_removed_account_is_logged_out_at_next_click(env):
    UserFile().add("lan", "leader", "mat-khau-lan")
    at = login(app(), "lan", "mat-khau-lan")
    UserFile().remove("lan")
    at.run()
    assert not any("FIGURE" in m for m in markdown(at))
    assert [w.value for w in at.warning][0].startswith("Tài khoản của bạn")


def test_proxy_mode_takes_identity_from_trusted_header(env, monkeypatch):
    monkeypatch.setenv("CHILDPLAN_AUTH", "proxy")
    UserFile().add("lan", "officer", "mat-khau-lan")
    old = config.get_option("server.trustedUserHeaders")
    config.set_option("server.trustedUserHeaders", {"X-Remote-User": "remote_user"})
    try:
        at = AppTest.from_string(SCRIPT, default_timeout=30)
        at.user = {"remote_user": "lan"}
        at.run()
        assert "FIGURE for officer" in markdown(at)
        at = AppTest.from_string(SCRIPT, default_timeout=30)
        at.user = {"remote_user": "stranger"}
        at.run()
        assert not any("FIGURE" in m for m in markdown(at))
        assert "chưa được cấp quyền" in at.error[0].value
        at = AppTest.from_string(SCRIPT, default_timeout=30)
        at.user = {}
        at.run()
        assert not any("FIGURE" in m for m in markdown(at))
    finally:
        config.set_option("server.trustedUserHeaders", old)


def test_oidc_mode_maps_email_to_account(env, monkeypatch):
    monkeypatch.setenv("CHILDPLAN_AUTH", "oidc")
    UserFile().add("lan@thang.gov.vn", "leader", "mat-khau-lan")
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.user = {"is_logged_in": False}
    at.run()
    assert not any("FIGURE" in m for m in markdown(at))
    if importlib.util.find_spec("authlib") is None:  # not in requirements
        assert "cần gói Authlib" in at.error[0].value
    else:
        assert at.button[0].label == "Đăng nhập qua tài khoản của cơ quan"
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.user = {"is_logged_in": True, "email": "lan@thang.gov.vn"}
    at.run()
    assert "FIGURE for leader" in markdown(at)


def test_unknown_auth_mode_is_an_error_not_an_open_door(env, monkeypatch):
    monkeypatch.setenv("CHILDPLAN_AUTH", "none")
    at = app()
    assert "CHILDPLAN_AUTH='none' không hợp lệ" in at.error[0].value
    assert not any("FIGURE" in m for m in markdown(at))


def test_the_gate_speaks_the_readers_language(env, monkeypatch):
    monkeypatch.setenv("TEST_LANG", "en")
    UserFile().add("lan", "officer", "mat-khau-lan")
    at = app()
    assert at.title[0].value == "Log in"
    assert [x.label for x in at.text_input] == ["User name", "Password"]
    assert at.button[0].label == "Log in"
    login(at, "lan", "sai")
    assert [e.value for e in at.error] == ["Wrong user name or password."]
    login(at, "lan", "mat-khau-lan")
    assert "FIGURE for officer" in markdown(at)
    assert [c.value for c in at.sidebar.caption] == ["Logged in: **lan** (officer)"]
    assert at.sidebar.button[0].label == "Log out"


def test_without_accounts_the_english_gate_says_how_to_create_one(env, monkeypatch):
    monkeypatch.setenv("TEST_LANG", "en")
    at = app()
    assert [w.value for w in at.warning] == [t("login_no_account", "en")]
    monkeypatch.setenv("TEST_SIMULATED", "1")
    assert any("**simulated data**" in i.value for i in app().info)


def test_the_vietnamese_gate_is_as_it_was(env):
    UserFile().add("lan", "leader", "mat-khau-lan")
    at = app()
    assert at.title[0].value == "Đăng nhập"
    assert [x.label for x in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    assert at.button[0].label == "Đăng nhập"
    login(at, "lan", "mat-khau-lan")
    assert [c.value for c in at.sidebar.caption] == ["Tài khoản: **lan** (lãnh đạo)"]
    assert at.sidebar.button[0].label == "Đăng xuất"
