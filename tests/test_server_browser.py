"""The server's pages in a real browser, with every request that leaves the machine blocked."""

from __future__ import annotations

import pytest

from test_server_support import HOSTILE, hostile_person_path, live_server


@pytest.fixture(scope="module")
def server() -> str:
    return live_server()


def test_query_page_works_offline_and_runs_a_named_query(browser, server):
    visit = browser.visit(server + "/")
    page = visit.page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.wait_for_selector(".yasqe .CodeMirror", timeout=20_000)
    editor = page.locator(".yasqe .CodeMirror").first.inner_text()
    assert "PREFIX stf:" in editor  # prefixes filled in
    assert page.locator(".yasqe .cm-keyword").count() > 0  # SPARQL syntax highlighting
    page.click("button.example[data-name='people']")
    page.wait_for_selector(".yasr table tbody tr", timeout=20_000)
    cells = page.locator(".yasr table tbody").inner_text()
    assert "Trude Andresen" in cells
    assert HOSTILE.split(" Ola")[0] in cells  # the hostile name, as text
    assert page.locator(".yasr table tbody script").count() == 0
    page.evaluate("window.scrollTo(0, 0)")
    visit.screenshot("server-query-page")
    assert dialogs == []
    assert visit.blocked == [], visit.blocked
    assert visit.failed == [], visit.failed
    assert visit.console_errors == [], visit.console_errors
    assert all(u.startswith(server) or u.startswith(("data:", "blob:")) for u in visit.requests)


def test_query_page_downloads_csv(browser, server):
    visit = browser.visit(server + "/")
    page = visit.page
    page.wait_for_selector(".yasqe .CodeMirror", timeout=20_000)
    with page.expect_download() as info:
        page.click("#download-csv")
    path = info.value.path()
    text = open(path, encoding="utf-8").read()
    assert text.splitlines()[0].split(",")[:2] == ["person", "name"]
    assert visit.blocked == [] and visit.console_errors == []


def test_hostile_name_renders_as_text_on_the_entity_page(browser, server):
    visit = browser.visit(server + hostile_person_path())
    page = visit.page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert page.locator("h1").inner_text() == HOSTILE
    assert page.locator("main script, main img").count() == 0
    assert "alert(1)" in page.locator("q.exact").first.inner_text()
    visit.screenshot("server-entity-hostile")
    assert dialogs == []
    assert visit.blocked == [] and visit.failed == [] and visit.console_errors == []
