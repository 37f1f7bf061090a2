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
unused there). The demo accounts exist only in ``local`` mode on simulated
data.

A session lives while it is used: each login opens a session token kept in
this process (``_SESSIONS``), every script run touches it, and a session
left alone for ``$CHILDPLAN_IDLE_MINUTES`` (default 30) is over: its next
run shows the login form with a notice. A logout ends the token at once.
A download is built after the run that drew its button, so it asks
``download_guard()`` whether the session that drew it is still live.

Before a login the app's pages are not registered at all: the gate
registers one hidden page, the login form, at the address the browser asked
for (``hold_the_address``), so a shared link -- a page and its filters in
the query string -- is still in the address bar when the login succeeds and
the frame registers the real pages. The client's address for throttling and
the audit log is ``st.context.ip_address``, or, behind a reverse proxy that
sets it, the header named by ``$CHILDPLAN_CLIENT_IP_HEADER`` (e.g.
``X-Real-IP``; trusted only when that variable is set).

One module because the gate is one thing seen from three sides -- who may
come in, for how long, and what the browser is told before they have --
and each of its parts reads the session the others write.
"""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.util import calc_hash

from childplan.access import audit, auth
from childplan.access.auth import AuthError, User

AUTH_ENV = "CHILDPLAN_AUTH"
AUTH_MODES = ("local", "proxy", "oidc")
PROXY_HEADER_ENV = "CHILDPLAN_PROXY_HEADER"
DEFAULT_PROXY_HEADER = "X-Remote-User"
PROXY_LOGOUT_ENV = "CHILDPLAN_PROXY_LOGOUT_URL"
OIDC_PROVIDER_ENV = "CHILDPLAN_OIDC_PROVIDER"
SESSION_KEY = "childplan_user"
NOTICE_KEY = "childplan_login_notice"
IDLE_ENV = "CHILDPLAN_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 30.0
CLIENT_HEADER_ENV = "CHILDPLAN_CLIENT_IP_HEADER"
LOGIN_URL = "dang-nhap"  # the login form's own address (served at the root)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

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
    """The logged-in user of this session, as stored at login, while the
    session is live (not logged out, not idle too long)."""
    saved = _saved_user()
    if saved is None or not _is_live(st.session_state[SESSION_KEY].get("token")):
        return None
    return saved


def _saved_user() -> User | None:
    saved = st.session_state.get(SESSION_KEY)
    if not saved:
        return None
    return User(saved["username"], saved["role"], bool(saved.get("demo")))


# --- live sessions -------------------------------------------------------------


class SessionEnded(PermissionError):
    """The session that drew a download button has logged out or expired."""


_SESSIONS: dict[str, float] = {}  # token -> when it was last used (monotonic)
_sessions_lock = threading.Lock()


def idle_seconds(say: Say | None = None) -> float:
    """$CHILDPLAN_IDLE_MINUTES (default 30) in seconds; a bad value is an
    error, never a session without end."""
    raw = os.environ.get(IDLE_ENV, "").strip()
    if not raw:
        return DEFAULT_IDLE_MINUTES * 60
    try:
        minutes = float(raw)
        if not 0 < minutes < 10_000:
            raise ValueError(raw)
    except ValueError:
        if say is None:
            raise AuthError(f"{IDLE_ENV}='{raw}'") from None
        raise AuthError(say("login_bad_idle", variable=IDLE_ENV, value=raw)) from None
    return minutes * 60


def open_session(user: User) -> dict:
    """A new live session for `user`: what goes into st.session_state."""
    token = secrets.token_urlsafe(24)
    with _sessions_lock:
        _SESSIONS[token] = time.monotonic()
    return {
        "username": user.username,
        "role": user.role,
        "demo": user.is_demo,
        "token": token,
    }


def touch_session(token: str | None, idle: float | None = None) -> bool:
    """Whether the session `token` is live; if so it was used just now.
    Sessions idle longer than `idle` seconds end here (and any others found
    stale on the way: a closed browser never logs out)."""
    idle = idle_seconds() if idle is None else idle
    now = time.monotonic()
    with _sessions_lock:
        for stale in [k for k, seen in _SESSIONS.items() if now - seen > idle]:
            del _SESSIONS[stale]
        if not token or token not in _SESSIONS:
            return False
        _SESSIONS[token] = now
        return True


def _is_live(token: str | None) -> bool:
    """touch_session without the touch (and a bad setting: not live)."""
    try:
        idle = idle_seconds()
    except AuthError:
        return False
    with _sessions_lock:
        seen = _SESSIONS.get(token or "")
    return seen is not None and time.monotonic() - seen <= idle


def end_session(token: str | None) -> None:
    with _sessions_lock:
        _SESSIONS.pop(token or "", None)


def download_guard() -> Callable[[], User]:
    """For a file built after this run (st.download_button with a callable):
    a check that returns the user if the session that drew the button is
    still live, else raises SessionEnded (logged out, expired, never in)."""
    saved = dict(st.session_state.get(SESSION_KEY) or {})
    user = session_user()
    idle = idle_seconds()  # the setting as the button was drawn

    def check() -> User:
        if user is None or not touch_session(saved.get("token"), idle):
            raise SessionEnded("the session has ended; log in again")
        return user

    return check


def client_address() -> str:
    """The client's address: the trusted proxy header when configured
    ($CHILDPLAN_CLIENT_IP_HEADER), else the connection's ("localhost" on
    the loopback)."""
    header = os.environ.get(CLIENT_HEADER_ENV, "").strip()
    if header:
        value = st.context.headers.get(header) or ""
        # X-Forwarded-For grows left to right: the last hop is the proxy's own
        value = value.split(",")[-1].strip()
        if value:
            return value[:64]
    address = st.context.ip_address
    # (None on the loopback; not a string at all under AppTest's mock runtime)
    return address[:64] if isinstance(address, str) and address else "localhost"


def hold_the_address(say: Say, page_urls: Iterable[str] = ()) -> None:
    """Register the login form as the only page, hidden, at the root and
    at the address the browser asked for: no page of the app, its title or
    address is sent before a login, and no "Page not found" covers the
    form; a shared link's page and query string stay in the address bar,
    so the login's rerun lands on that page of the real navigation (a
    page's identity is its address: both pages have the same hash)."""
    wanted = None
    ctx = get_script_run_ctx()
    if ctx is not None:
        manager = ctx.pages_manager
        # A rerun from the app (after a logout or an expired session) names
        # the page by hash; a typed or shared link by its address.
        by_hash = {calc_hash(url): url for url in page_urls}
        wanted = by_hash.get(manager.intended_page_script_hash or "") or (
            manager.intended_page_name
        )
    pages = [
        st.Page(_login_page, title=say("login_title"), url_path=LOGIN_URL, default=True)
    ]
    if wanted and wanted != LOGIN_URL and _SLUG.fullmatch(wanted):
        pages.append(st.Page(_login_page, title=say("login_title"), url_path=wanted))
    st.navigation(pages, position="hidden")


def _login_page() -> None:
    """The login form is drawn by the gate itself; this page never runs."""


def require_login(
    store_is_simulated: bool,
    lang: str,
    words: Words,
    page_urls: Iterable[str] = (),
) -> User:
    """The logged-in user; otherwise show how to log in (in `lang`, with
    `words`, childplan.present.i18n.t) and stop the run. `page_urls`: the
    app's page addresses, so that a rerun naming one by hash keeps it."""
    say = _in(words, lang)
    try:
        mode = auth_mode(say)
        idle = idle_seconds(say)
        allow_demo = store_is_simulated and mode == "local"
        saved = _saved_user()
        if saved is not None:
            token = st.session_state[SESSION_KEY].get("token")
            if not touch_session(token, idle):
                _expired(saved, mode)
                saved = None
        if saved is not None:
            # Re-read the account on every run: a removed account or a
            # changed role takes effect at the next click.
            user = auth.current_user(saved.username, allow_demo=allow_demo)
            if user is not None:
                _remember(user)
                return user
            end_session(st.session_state[SESSION_KEY].get("token"))
            st.session_state.pop(SESSION_KEY, None)
            st.session_state[NOTICE_KEY] = "login_account_gone"
        notice = st.session_state.pop(NOTICE_KEY, None)
        if notice:
            st.warning(say(notice))
        if mode == "proxy":
            return _login_from_identity(_proxy_identity(), "proxy", say, page_urls)
        if mode == "oidc":
            return _login_oidc(say, page_urls)
        return _login_form(allow_demo, say, page_urls)
    except AuthError as exc:
        st.error(str(exc))
        _stop(say, page_urls)
        raise  # st.stop() raises; this line is for readers and type checkers


def _stop(say: Say, page_urls: Iterable[str]) -> None:
    """End a run that drew the login form or why there is none: only the
    login page is registered (hold_the_address)."""
    hold_the_address(say, page_urls)
    st.stop()


def _expired(user: User, mode: str) -> None:
    """The session was left idle too long: forget everything it held."""
    audit.record(
        "logout",
        user.username,
        role=user.role,
        client=client_address(),
        filters={"reason": "idle"},
    )
    st.session_state.clear()
    st.session_state[NOTICE_KEY] = "login_idle_expired"
    if mode == "oidc" and st.user.is_logged_in:
        st.logout()


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
        audit.record("logout", user.username, role=user.role, client=client_address())
        # Ends the session: its token (downloads drawn before are refused),
        # its state: the user, the filters, everything.
        end_session(st.session_state[SESSION_KEY].get("token"))
        st.session_state.clear()
        if mode == "oidc":
            st.logout()
        st.rerun()


# --- the three ways in --------------------------------------------------------


def _remember(user: User) -> None:
    """Keep the user in the session (its role as of now); a new login
    opens a new session token."""
    saved = st.session_state.get(SESSION_KEY) or {}
    if saved.get("token") and saved.get("username") == user.username:
        saved = {**saved, "role": user.role, "demo": user.is_demo}
    else:
        saved = open_session(user)
    st.session_state[SESSION_KEY] = saved


def _login_form(allow_demo: bool, say: Say, page_urls: Iterable[str]) -> User:
    st.title(say("login_title"))
    st.caption(say("login_caption"))
    if allow_demo:
        st.info(say("login_demo_hint"))
    elif not auth.UserFile().has_users():
        st.warning(say("login_no_account"))
        _stop(say, page_urls)
    with st.form("childplan_login"):
        username = st.text_input(say("login_username"))
        password = st.text_input(say("login_password"), type="password")
        submitted = st.form_submit_button(say("login_submit"), type="primary")
    if submitted:
        client = client_address()
        tried = auth.attempt(username, password, client=client, allow_demo=allow_demo)
        if tried.user is not None:
            audit.record(
                "login", tried.user.username, role=tried.user.role, client=client
            )
            _remember(tried.user)
            st.rerun()
        audit.record(
            "login_failed",
            auth.normalize_username(username),
            client=client,
            filters={"outcome": tried.outcome, "checked": tried.checked},
        )
        # None of these says when to try again: that would tell an attacker
        # when to strike next.
        st.error(
            say(
                {auth.THROTTLED: "login_throttled", auth.BUSY: "login_busy"}.get(
                    tried.outcome, "login_failed"
                )
            )
        )
    _stop(say, page_urls)
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


def _login_oidc(say: Say, page_urls: Iterable[str]) -> User:
    if not st.user.is_logged_in:
        if importlib.util.find_spec("authlib") is None:
            raise AuthError(say("login_needs_authlib", variable=AUTH_ENV))
        st.title(say("login_title"))
        if st.button(say("login_oidc_button"), type="primary"):
            st.login(os.environ.get(OIDC_PROVIDER_ENV) or None)
        _stop(say, page_urls)
    return _login_from_identity(st.user.get("email"), "oidc", say, page_urls)


def _login_from_identity(
    identity: str | None, mode: str, say: Say, page_urls: Iterable[str]
) -> User:
    if not identity:
        st.error(say("login_no_identity"))
        _stop(say, page_urls)
    user = auth.current_user(identity)
    if user is None:
        audit.record(
            "login_failed",
            auth.normalize_username(identity),
            client=client_address(),
            filters={"mode": mode},
        )
        st.error(say("login_not_allowed", identity=identity))
        if mode == "oidc" and st.button(say("logout")):
            st.logout()
        _stop(say, page_urls)
    audit.record(
        "login",
        user.username,
        role=user.role,
        client=client_address(),
        filters={"mode": mode},
    )
    _remember(user)
    return user
