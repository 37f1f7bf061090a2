"""Hostile residential-group names in a real browser (marker: browser).

The store of tests/test_pages_injection.py (names such as
'![x](http://127.0.0.1:9/x.png)' and '<img src=x onerror=alert(1)>', built
directly, not by ingest) served by `streamlit run`, read by Debian's
Chromium through Playwright: on the overview and on §3 with every hostile
group chosen, the page asks for no image the names point at, shows no
element they would make (img, link -- bare addresses included -- bold),
opens no dialog, and shows each name as the text it is.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest

from childplan.app import routes
from childplan.present.i18n import t
from tests.browser_tools import (
    RUN_FINISHED,
    VIEWPORT,
    WAIT_MS,
    dashboard,
    log_in,
)
from tests.test_pages_injection import HOSTILE, build_hostile_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-hostile")
    store = build_hostile_store(tmp / "store")
    with dashboard(tmp, CHILDPLAN_DATA=str(store)) as url:
        yield url


# Where the names point: the image's host, the links' hosts.
NAMED_HOSTS = {"127.0.0.1:9", "x", "example.org", "www.example.org"}


def _hostile_request(url: str, server: str) -> bool:
    """A request the names would make: to a host they name, or to the
    dashboard's own '/x' (the relative src of <img src=x>)."""
    parts = urlsplit(url)
    if parts.netloc in NAMED_HOSTS or "x.png" in parts.path:
        return True
    return url.startswith(server + "/") and parts.path.rstrip("/").endswith("/x")


@pytest.mark.parametrize(
    ("page_file", "title"),
    [
        (routes.OVERVIEW_PAGE, t("overview_title", year=2024)),
        ("pages/protection.py", t("nav_3")),
    ],
)
def test_hostile_names_make_no_request_and_no_element(
    server, browser, page_file, title
):
    page = browser.new_page(viewport=VIEWPORT)
    requests, dialogs = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # the overview first (a deep link as a fresh server's first request
    # is the business of tests/test_login_browser.py), then the page
    page.goto(f"{server}/?{urlencode([('groups', g) for g in HOSTILE])}")
    log_in(page)
    overview = t("overview_title", year=2024)
    page.get_by_role("heading", level=1, name=overview).wait_for(timeout=WAIT_MS)
    if page_file != routes.OVERVIEW_PAGE:
        page.get_by_test_id("stSidebarNavItems").get_by_role(
            "link", name=title, exact=True
        ).click()
        page.get_by_role("heading", level=1, name=title).wait_for(timeout=WAIT_MS)
    page.wait_for_function(RUN_FINISHED, timeout=WAIT_MS)
    page.wait_for_timeout(1500)  # Plotly draws after the run ends
    # the filter's list of options shows the names too
    page.locator("[data-testid='stMultiSelect']").first.click()
    page.wait_for_timeout(500)
    page.keyboard.press("Escape")
    charts = page.locator(".js-plotly-plot")
    if charts.count():
        charts.first.hover()  # a hover label
        page.wait_for_timeout(500)

    assert [u for u in requests if _hostile_request(u, server)] == []
    assert dialogs == []
    sources = page.eval_on_selector_all("img", "els => els.map(e => e.src)")
    assert [s for s in sources if _hostile_request(s, server)] == []
    links = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
    assert [h for h in links if urlsplit(h).netloc in NAMED_HOSTS] == []
    main = page.locator("[data-testid='stMain']")
    assert main.locator("strong", has_text="bold").count() == 0
    assert main.locator("img[src='x']").count() == 0
    assert page.locator(".stException").count() == 0
    # each name shown as the text it is (the word joiners that keep GFM
    # from linking bare addresses are invisible): in the scope line, and
    # on §3 in the funnel's sentence too
    text = main.inner_text().replace("\u2060", "")
    for name in HOSTILE:
        assert text.count(name) >= (1 if page_file == routes.OVERVIEW_PAGE else 2)
    page.close()
