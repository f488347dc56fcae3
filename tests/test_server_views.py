"""The browser views served by `stafett serve` at /viz/...: offline pages, scripts allowed by hash only."""

from __future__ import annotations

import re
import time

import pytest
from starlette.testclient import TestClient

from graph.server import make_app
from test_server_support import HOSTILE, fixture_store, live_server


@pytest.fixture(scope="module")
def client():
    with TestClient(make_app(fixture_store(), timeout=20, workers=2)) as c:
        yield c


@pytest.mark.parametrize("path", ["/viz/chain", "/viz/network", "/viz/network?top=0&layout=geo", "/viz/ego/Trude%20Andresen"])
def test_views_are_served_with_a_hash_only_policy(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text
    csp = r.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", csp)
    assert "connect-src 'none'" in csp and "default-src 'none'" in csp
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", r.text)  # everything inline


def test_hostile_name_is_data_not_markup(client):
    r = client.get("/viz/network?top=0")
    assert r.status_code == 200
    assert HOSTILE not in r.text  # only its escaped JSON form is in the page


@pytest.mark.parametrize("path,status", [
    ("/viz/nothing", 404), ("/viz/ego/Nobody%20Anywhere", 404), ("/viz/network?top=x", 400),
    ("/viz/network?layout=3d", 400), ("/viz/ego", 400),
])
def test_bad_view_requests(client, path, status):
    r = client.get(path, headers={"Accept": "application/json"})
    assert r.status_code == status, r.text
    assert set(r.json()) == {"status", "error", "message"}


def test_served_view_draws_offline_in_a_browser(browser):
    base = live_server()
    visit = browser.visit(base + "/viz/network?top=0")
    deadline = time.monotonic() + 30
    while not visit.page.evaluate("!!(window.stafett && window.stafett.ready)"):
        assert time.monotonic() < deadline, "the served view did not draw"
        time.sleep(0.05)
    assert visit.blocked == [] and visit.failed == [] and visit.console_errors == []
    drawn = visit.page.evaluate("window.network.body.nodeIndices.length")
    assert drawn == visit.page.evaluate("window.nodes.length") > 5
    visit.screenshot("served-view-network")
