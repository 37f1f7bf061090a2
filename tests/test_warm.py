"""The warm-up while the login form is read (childplan/app/warm.py).

What it must do: fill exactly the caches the overview's first view reads,
so that page, drawn after the login, asks the database nothing; never run
outside a real server (a test's AppTest runs have no runtime); draw
nothing."""

from __future__ import annotations

import pytest

from childplan.app import warm
from childplan.store.db import Database
from childplan.store.snapshots import Store
from tests.apptest_tools import open_dashboard

SAMPLE = "sample_data"


def test_no_warm_up_outside_a_real_server():
    store = Store.open(SAMPLE)
    assert warm.start(str(store.root), store.fingerprint()) is None


def test_the_warmed_overview_asks_the_database_nothing(monkeypatch, tmp_path):
    store = Store.open(SAMPLE)
    warm.default_view(str(store.root), store.fingerprint())
    asked = []

    def refuse(self, name, **params):
        asked.append(name)
        raise AssertionError(f"the overview queried {name} after the warm-up")

    monkeypatch.setattr(Database, "query", refuse)
    at = open_dashboard(monkeypatch, tmp_path, store.root)
    assert asked == []
    sparks = [m for m in at.markdown if m.value.startswith('<svg class="cp-spark"')]
    assert len(sparks) == 18, "the overview drew every tile's sparkline"
    assert at.get("html"), "and the groups grid"


def test_without_the_warm_up_the_overview_does_query(monkeypatch, tmp_path):
    """The test above can fail: with cold caches the same page queries."""
    store = Store.open(SAMPLE)

    def refuse(self, name, **params):
        raise AssertionError(name)

    monkeypatch.setattr(Database, "query", refuse)
    with pytest.raises(AssertionError):
        at = open_dashboard(monkeypatch, tmp_path, store.root)
        assert not at.exception
