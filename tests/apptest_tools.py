"""AppTest helpers: the bytes a download button would send.

AppTest keeps its mock Streamlit runtime in one class attribute
(`Runtime._instance`), set at the start of a run and cleared at its end.
`thread_local_runtime()` gives every thread the runtime its own AppTest
made, and keeps it after the run, so a test can then run the deferred
download callable the button registered -- exactly what the server does
when the user presses it (`download_bytes`). Used by tests/test_access.py;
sessions at the same time are tested with the real server and real
browsers (tests/test_load.py), not with AppTest in threads.
"""

from __future__ import annotations

import contextlib
import threading
from unittest import mock

from streamlit.runtime import Runtime
from streamlit.testing.v1 import app_test
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

_local = threading.local()


@contextlib.contextmanager
def thread_local_runtime():
    real_magic_mock = app_test.MagicMock

    real_run = app_test.AppTest._run

    def make_runtime(*args, **kwargs):
        runtime = real_magic_mock(*args, **kwargs)
        _local.runtime = _local.last_runtime = runtime
        return runtime

    def run(self, *args, **kwargs):
        try:
            return real_run(self, *args, **kwargs)
        finally:
            _local.runtime = None  # as AppTest does, for this thread

    def instance(cls):
        runtime = getattr(_local, "runtime", None)
        if runtime is None:
            raise RuntimeError("Runtime hasn't been created!")
        return runtime

    def exists(cls):
        return getattr(_local, "runtime", None) is not None

    # AppTest runs the script in a thread of its own: it gets the runtime of
    # the thread that made its runner.
    real_init = LocalScriptRunner.__init__
    real_thread = LocalScriptRunner._run_script_thread

    def init(self, *args, **kwargs):
        self._test_runtime = getattr(_local, "runtime", None)
        real_init(self, *args, **kwargs)

    def script_thread(self, *args, **kwargs):
        _local.runtime = self._test_runtime
        return real_thread(self, *args, **kwargs)

    with (
        mock.patch.object(app_test, "MagicMock", make_runtime),
        mock.patch.object(app_test.AppTest, "_run", run),
        mock.patch.object(LocalScriptRunner, "__init__", init),
        mock.patch.object(LocalScriptRunner, "_run_script_thread", script_thread),
        mock.patch.object(Runtime, "instance", classmethod(instance)),
        mock.patch.object(Runtime, "exists", classmethod(exists)),
    ):
        yield
    _local.__dict__.clear()


def deferred_download(at, key: str):
    """The callable the download button `key` of the last run registered:
    what the server runs when it is pressed, perhaps much later (inside
    `thread_local_runtime()`)."""
    button = at.get("download_button")
    proto = next(b.proto for b in button if b.proto.id.endswith(key))
    entry = _local.last_runtime.media_file_mgr._deferred_callables[
        proto.deferred_file_id
    ]
    return entry["callable"]


def download_bytes(at, key: str) -> bytes:
    """Press the download button `key` of the last run: run its deferred
    callable as the server would (inside `thread_local_runtime()`)."""
    data = deferred_download(at, key)()
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


# --- the dashboard in AppTest ------------------------------------------------
DEMO = {"username": "canbo", "role": "officer", "demo": True}


def signed_in(user: dict) -> dict:
    """What a login puts in session state for `user` (username, role,
    demo): the same, with a live session token (childplan.access.login)."""
    from childplan.access.auth import User
    from childplan.access.login import open_session

    return open_session(User(user["username"], user["role"], user["demo"]))


def open_dashboard(monkeypatch, tmp_path, store, page=None, query=None, user=DEMO):
    """dashboard.py over `store`, `user` signed in (None: nobody), on `page`
    (None: the overview), with the URL's query parameters `query`."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CHILDPLAN_DATA", str(store))
    monkeypatch.setenv("CHILDPLAN_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("CHILDPLAN_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("CHILDPLAN_AUTH", "local")
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    if user:
        at.session_state["childplan_user"] = signed_in(user)
    if query:
        at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at
