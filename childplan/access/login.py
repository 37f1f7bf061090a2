"""The login gate of the dashboard: nothing is drawn before it lets one in.

``dashboard.py`` calls ``require_login(store.is_simulated, lang, t)`` right
after ``st.set_page_config`` and the language switch, before any filter,
query, page or figure; it returns the ``User`` or stops the script run. Only
the user name, the role and whether it is the demo account are kept in
``st.session_state``.

The words are childplan.present.i18n's (``login_*``, ``logout``,
``role_*``), which this room may not import (tests/test_layout.py): the frame
passes its ``t`` in with the reader's language, as ``words``.

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
from collections.abc import Callable

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

# childplan.present.i18n.t: (key, lang, **values) -> the sentence.
Words = Callable[..., str]
# The same with the reader's language bound: (key, **values) -> the sentence.
Say = Callable[..., str]


def _in(words: Words, lang: str) -> Say:
    return lambda key, **values: words(key, lang, **values)


def auth_mode(say: Say) -> str:
    mode = os.environ.get(AUTH_ENV, "local").strip().lower() or "local"
    if mode not in AUTH_MODES:
        raise AuthError(
            say(
                "login_bad_mode",
                variable=AUTH_ENV,
                mode=mode,
                modes=", ".join(AUTH_MODES),
            )
        )
    return mode


def session_user() -> User | None:
    """The logged-in user of this session, as stored at login."""
    saved = st.session_state.get(SESSION_KEY)
    if not saved:
        return None
    return User(saved["username"], saved["role"], bool(saved.get("demo")))


def require_login(store_is_simulated: bool, lang: str, words: Words) -> User:
    """The logged-in user; otherwise show how to log in (in `lang`, with
    `words`, childplan.present.i18n.t) and stop the run."""
    say = _in(words, lang)
    try:
        mode = auth_mode(say)
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
            st.warning(say("login_account_gone"))
        if mode == "proxy":
            return _login_from_identity(_proxy_identity(), "proxy", say)
        if mode == "oidc":
            return _login_oidc(say)
        return _login_form(allow_demo, say)
    except AuthError as exc:
        st.error(str(exc))
        st.stop()
        raise  # st.stop() raises; this line is for readers and type checkers


def logout_button(lang: str, words: Words) -> None:
    """Sidebar: who is logged in, and the button that ends the session."""
    user = session_user()
    if user is None:
        return
    say = _in(words, lang)
    st.sidebar.caption(
        say("logged_in_as", username=user.username, role=say(f"role_{user.role}"))
    )
    mode = auth_mode(say)
    if mode == "proxy":
        url = os.environ.get(PROXY_LOGOUT_ENV)
        if url:
            st.sidebar.link_button(say("logout"), url)
        return
    if st.sidebar.button(say("logout"), key="childplan_logout"):
        audit.record("logout", user.username, role=user.role)
        # Ends the session's state: the user, the filters, everything.
        st.session_state.clear()
        if mode == "oidc":
            st.logout()
        st.rerun()


# --- the three ways in --------------------------------------------------------


def _remember(user: User) -> None:
    st.session_state[SESSION_KEY] = {
        "username": user.username,
        "role": user.role,
        "demo": user.is_demo,
    }


def _login_form(allow_demo: bool, say: Say) -> User:
    st.title(say("login_title"))
    st.caption(say("login_caption"))
    if allow_demo:
        st.info(say("login_demo_hint"))
    elif not auth.UserFile().has_users():
        st.warning(say("login_no_account"))
        st.stop()
    with st.form("childplan_login"):
        username = st.text_input(say("login_username"))
        password = st.text_input(say("login_password"), type="password")
        submitted = st.form_submit_button(say("login_submit"), type="primary")
    if submitted:
        wait = auth.THROTTLE.retry_after(username)
        user = (
            None
            if wait > 0
            else auth.authenticate(username, password, allow_demo=allow_demo)
        )
        if user is not None:
            audit.record("login", user.username, role=user.role)
            _remember(user)
            st.rerun()
        audit.record(
            "login_failed",
            auth.normalize_username(username),
            filters={"throttled": True} if wait > 0 else None,
        )
        wait = auth.THROTTLE.retry_after(username)
        if wait > 0:
            st.error(say("login_throttled", seconds=math.ceil(wait)))
        else:
            st.error(say("login_failed"))
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


def _login_oidc(say: Say) -> User:
    if not st.user.is_logged_in:
        if importlib.util.find_spec("authlib") is None:
            raise AuthError(say("login_needs_authlib", variable=AUTH_ENV))
        st.title(say("login_title"))
        if st.button(say("login_oidc_button"), type="primary"):
            st.login(os.environ.get(OIDC_PROVIDER_ENV) or None)
        st.stop()
    return _login_from_identity(st.user.get("email"), "oidc", say)


def _login_from_identity(identity: str | None, mode: str, say: Say) -> User:
    if not identity:
        st.error(say("login_no_identity"))
        st.stop()
    user = auth.current_user(identity)
    if user is None:
        audit.record(
            "login_failed", auth.normalize_username(identity), filters={"mode": mode}
        )
        st.error(say("login_not_allowed", identity=identity))
        if mode == "oidc" and st.button(say("logout")):
            st.logout()
        st.stop()
    audit.record("login", user.username, role=user.role, filters={"mode": mode})
    _remember(user)
    return user
