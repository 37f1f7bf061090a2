"""CI never passes by skipping: without Chromium a browser test skips on a
developer's machine but fails under CI=true, naming what is missing."""

from __future__ import annotations

import pytest

from tests import browser_tools


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    """A machine without Chromium where the tests may not install it."""
    monkeypatch.setattr(browser_tools, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setattr(browser_tools.os, "geteuid", lambda: 1000)


def test_without_chromium_a_developer_sees_a_skip_with_the_reason(
    no_chromium, monkeypatch
):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="need chromium"):
        browser_tools.ensure_chromium()


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_without_chromium_ci_fails_naming_the_browser(no_chromium, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(
        pytest.fail.Exception, match=r"CI=true: the browser tests need chromium"
    ):
        browser_tools.ensure_chromium()


def test_with_chromium_nothing_is_skipped(monkeypatch, tmp_path):
    browser = tmp_path / "chromium"
    fonts = tmp_path / "noto.ttf"
    browser.touch()
    fonts.touch()
    monkeypatch.setattr(browser_tools, "CHROMIUM", browser)
    monkeypatch.setattr(browser_tools, "NOTO", fonts)
    monkeypatch.setenv("CI", "true")
    assert browser_tools.ensure_chromium() == browser
