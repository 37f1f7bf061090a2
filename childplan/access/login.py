"""The login gate of the dashboard: nothing is drawn before it lets one in.

``dashboard.py`` calls ``require_login(store.is_simulated)`` right after
``st.set_page_config`` and before any filter, query, page or figure; it
returns the ``User`` or stops the script run. Only the user name, the role
and whether it is the demo account are kept in ``st.session_state``.

Where the identity comes from is set by ``$CHILDPLAN_AUTH``:

- ``local`` (default): the login form, checked against the users file
  (``childplan.access.auth``); works offline on the town's network.
- ``proxy``: a trusted reverse proxy has authenticated the user and passes
  the name in a header (``$CHILDPLAN_PROXY_HEADER``, default
  ``X-Remote-User``). Read through Streamlit's ``server.trustedUserHeaders``
  (``st.user``) when that maps the header, else from ``st.context.headers``.
  Only safe behind a proxy that strips the header from client requests and
  with Streamlit bound to localhost (deploy/nginx.conf.example).
- ``oidc``: ``st.login()`` with the provider of ``.streamlit/secrets.toml``
  (``$CHILDPLAN_OIDC_PROVIDER`` names it when there are several); the
  e-mail address is the user name.

In the ``proxy`` and ``oidc`` modes the user must still have an account in
the users file, which gives the role (``users add`` also sets a password,
unused there). The demo account exists only in ``local`` mode on simulated
data.
"""

from __future__ import annotations

import importlib.util
import math
import os

import streamlit as st

from childplan.access import audit, auth
from childplan.access.auth import AuthError, User

AUTH_ENV = "CHILDPLAN_AUTH"
AUTH_MODES = ("local", "proxy", "oidc")
PROXY_HEADER_ENV = "CHILDPLAN_PROXY_HEADER"
DEFAULT_PROXY_HEADER = "X-Remote-User"
PROXY_LOGOUT_ENV = "CHILDPLAN_PROXY_LOGOUT_URL"
OIDC_PROVIDER_ENV = "CHILDPLAN_OIDC_PROVIDER"
SESSION_KEY = "childplan_user"

ROLE_LABELS = {"leader": "lãnh đạo", "officer": "cán bộ", "admin": "quản trị"}

NO_ACCOUNT_MESSAGE = (
    "Chưa có tài khoản nào cho dữ liệu này. Quản trị viên cần tạo tài khoản "
    "trên máy chủ bằng lệnh `python -m childplan users add TÊN --role admin` "
    "(vai trò: leader, officer hoặc admin), rồi tải lại trang này.")
DEMO_HINT = (
    "Đây là **số liệu mô phỏng**. Đăng nhập thử bằng tài khoản `demo`, mật "
    "khẩu `demo`. Tài khoản này không tồn tại khi bảng điều khiển đọc số "
    "liệu thật.")


def auth_mode() -> str:
    mode = os.environ.get(AUTH_ENV, "local").strip().lower() or "local"
    if mode not in AUTH_MODES:
        raise AuthError(f"{AUTH_ENV}='{mode}' không hợp lệ; chọn một trong: "
                        f"{', '.join(AUTH_MODES)}.")
    return mode


def session_user() -> User | None:
    """The logged-in user of this session, as stored at login."""
    saved = st.session_state.get(SESSION_KEY)
    if not saved:
        return None
    return User(saved["username"], saved["role"], bool(saved.get("demo")))


def require_login(store_is_simulated: bool) -> User:
    """The logged-in user; otherwise show how to log in and stop the run."""
    try:
        mode = auth_mode()
        allow_demo = store_is_simulated and mode == "local"
        saved = session_user()
        if saved is not None:
            # Re-read the account on every run: a removed account or a
            # changed role takes effect at the next click.
            user = auth.current_user(saved.username, allow_demo=allow_demo)
            if user is not None:
                _remember(user)
                return user
            st.session_state.pop(SESSION_KEY, None)
            st.warning("Tài khoản của bạn không còn hiệu lực. Hãy đăng nhập lại.")
        if mode == "proxy":
            return _login_from_identity(_proxy_identity(), "proxy")
        if mode == "oidc":
            return _login_oidc()
        return _login_form(allow_demo)
    except AuthError as exc:
        st.error(str(exc))
        st.stop()
        raise  # st.stop() raises; this line is for readers and type checkers


def logout_button() -> None:
    """Sidebar: who is logged in, and the button that ends the session."""
    user = session_user()
    if user is None:
        return
    st.sidebar.caption(f"Đăng nhập: **{user.username}** "
                       f"({ROLE_LABELS[user.role]})")
    mode = auth_mode()
    if mode == "proxy":
        url = os.environ.get(PROXY_LOGOUT_ENV)
        if url:
            st.sidebar.link_button("Đăng xuất", url)
        return
    if st.sidebar.button("Đăng xuất", key="childplan_logout"):
        audit.record("logout", user.username, role=user.role)
        # Ends the session's state: the user, the filters, everything.
        st.session_state.clear()
        if mode == "oidc":
            st.logout()
        st.rerun()


# --- the three ways in --------------------------------------------------------

def _remember(user: User) -> None:
    st.session_state[SESSION_KEY] = {"username": user.username,
                                     "role": user.role, "demo": user.is_demo}


def _login_form(allow_demo: bool) -> User:
    st.title("Đăng nhập")
    st.caption("Bảng điều khiển công tác trẻ em — Thị trấn Thắng")
    if allow_demo:
        st.info(DEMO_HINT)
    elif not auth.UserFile().has_users():
        st.warning(NO_ACCOUNT_MESSAGE)
        st.stop()
    with st.form("childplan_login"):
        username = st.text_input("Tên đăng nhập")
        password = st.text_input("Mật khẩu", type="password")
        submitted = st.form_submit_button("Đăng nhập", type="primary")
    if submitted:
        wait = auth.THROTTLE.retry_after(username)
        user = (None if wait > 0 else
                auth.authenticate(username, password, allow_demo=allow_demo))
        if user is not None:
            audit.record("login", user.username, role=user.role)
            _remember(user)
            st.rerun()
        audit.record("login_failed", auth.normalize_username(username),
                     filters={"throttled": True} if wait > 0 else None)
        wait = auth.THROTTLE.retry_after(username)
        if wait > 0:
            st.error("Đăng nhập sai nhiều lần. Hãy thử lại sau "
                     f"{math.ceil(wait)} giây.")
        else:
            st.error("Tên đăng nhập hoặc mật khẩu không đúng.")
    st.stop()
    raise AssertionError("unreachable")


def _proxy_identity() -> str | None:
    header = os.environ.get(PROXY_HEADER_ENV, DEFAULT_PROXY_HEADER)
    mapping = st.get_option("server.trustedUserHeaders") or {}
    for name, key in dict(mapping).items():
        if name.lower() == header.lower():
            value = st.user.get(key)
            if value:
                return str(value)
    return st.context.headers.get(header)


def _login_oidc() -> User:
    if not st.user.is_logged_in:
        if importlib.util.find_spec("authlib") is None:
            raise AuthError(
                f"{AUTH_ENV}=oidc cần gói Authlib (pip install "
                "'streamlit[auth]') và mục [auth] trong "
                ".streamlit/secrets.toml; xem docs/deploy.md.")
        st.title("Đăng nhập")
        if st.button("Đăng nhập qua tài khoản của cơ quan", type="primary"):
            st.login(os.environ.get(OIDC_PROVIDER_ENV) or None)
        st.stop()
    return _login_from_identity(st.user.get("email"), "oidc")


def _login_from_identity(identity: str | None, mode: str) -> User:
    if not identity:
        st.error("Không nhận được danh tính người dùng từ cổng đăng nhập. Hãy "
                 "truy cập qua địa chỉ của cơ quan, không vào thẳng cổng 8501.")
        st.stop()
    user = auth.current_user(identity)
    if user is None:
        audit.record("login_failed", auth.normalize_username(identity),
                     filters={"mode": mode})
        st.error(f"Tài khoản '{identity}' chưa được cấp quyền xem bảng điều "
                 "khiển. Quản trị viên cần chạy `python -m childplan users "
                 "add` cho tài khoản này.")
        if mode == "oidc" and st.button("Đăng xuất"):
            st.logout()
        st.stop()
    audit.record("login", user.username, role=user.role, filters={"mode": mode})
    _remember(user)
    return user
