"""Fixtures every test shares: fresh caches around each test, and the
browser tests' Chromium (marker: browser; see tests/browser_tools.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def fresh_caches():
    """Streamlit's caches and the cached Database outlive an AppTest run and
    a test: clear them before and after every test that has loaded them, so
    no test reads another's numbers."""
    _clear_loaded_caches()
    yield
    _clear_loaded_caches()


def _clear_loaded_caches() -> None:
    if "streamlit" in sys.modules:
        import streamlit as st

        st.cache_data.clear()
        st.cache_resource.clear()
    if "childplan.store.db" in sys.modules:
        sys.modules["childplan.store.db"]._database.cache_clear()


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, installed with apt when root may (else a skip)."""
    # imported here: only browser tests load childplan.ui through it
    from tests.browser_tools import ensure_chromium

    return ensure_chromium()


@pytest.fixture(scope="module")
def browser(chromium):
    """One headless Chromium for the module, driven by Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    from tests.browser_tools import CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield b
        b.close()
