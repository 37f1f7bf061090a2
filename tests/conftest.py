"""Fixtures of the browser tests (marker: browser); see tests/browser_tools.py."""

from __future__ import annotations

from pathlib import Path

import pytest


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
