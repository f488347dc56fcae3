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
    # a short query to start on; the prefixes are declared by the endpoint, listed folded away
    assert "PREFIX" not in editor and "foaf:Person" in editor and len(editor.splitlines()) < 25
    assert page.locator(".yasqe .cm-keyword").count() > 0  # SPARQL syntax highlighting
    assert page.locator(".yasqe .gutterErrorBar .parseErrorIcon, .yasqe .CodeMirror-gutter-elt .parseErrorIcon").count() == 0
    assert not page.locator("details.prefixes").evaluate("d => d.open")
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
    assert text.splitlines()[0].split(",")[:2] == ["name", "organisation"]  # the variables, as programs read them
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


def run_example(page, name: str) -> str:
    page.click(f"button.example[data-name='{name}']")
    page.wait_for_function("() => document.querySelectorAll('.yasr table tbody tr').length > 0", timeout=20_000)
    page.wait_for_timeout(300)
    return page.locator(".yasr table").inner_text()


def test_results_read_as_values_names_and_norwegian_headers(browser, server):
    visit = browser.visit(server + "/")
    page = visit.page
    page.wait_for_selector(".yasqe .CodeMirror", timeout=20_000)
    table = run_example(page, "relay")
    heads = [h.strip() for h in page.locator(".yasr table thead th").all_inner_texts() if h.strip()]
    assert heads[:3] == ["Etappe", "Fra", "Fra organisasjon"] and "Mottaker intervjuet" in heads
    cells = page.locator(".yasr table tbody td").all_inner_texts()
    assert "^^" not in table and "xsd:" not in table and "@nb" not in table
    assert {"ja", "nei"} & set(c.strip() for c in cells) and not {"true", "false"} & set(c.strip() for c in cells)
    # a header says which variable it is on hover
    assert page.locator(".yasr table thead th span[title='?giverOrg']").count() == 1
    table = run_example(page, "fact-boxes")
    assert "19 117" in table.replace("\u00a0", " ") or "19 117" in table  # a plain number, Norwegian style
    # an entity by its name, linked to its page, the IRI on hover
    link = page.locator(".yasr table tbody a.iri.named").first
    assert link.inner_text().startswith("Intervju med ")
    assert link.get_attribute("href").startswith("/id/interview/") and link.get_attribute("title").startswith("https://w3id.org/stafett/id/")
    visit.screenshot("server-query-results")
    assert visit.blocked == [] and visit.console_errors == [], visit.console_errors


def test_a_malformed_query_shows_the_message_as_text(browser, server):
    visit = browser.visit(server + "/")
    page = visit.page
    page.wait_for_selector(".yasqe .CodeMirror", timeout=20_000)
    page.evaluate("() => { const t = window.stafettYasgui.getTab(); t.setQuery('SELECT ?x WHERE {\\n  ?x foaf:name\\n}'); t.query(); return 1; }")
    page.wait_for_selector(".stafett-error pre.message", timeout=20_000)
    message = page.locator(".stafett-error pre.message").inner_text()
    assert "3:" in message and not message.lstrip().startswith("{")  # the server's message, not raw JSON
    assert page.locator(".stafett-error pre.message").evaluate("e => getComputedStyle(e).whiteSpace").startswith("pre")
    assert "400" in page.locator(".stafett-error .status").inner_text()
    # the console reports the failed request (400); nothing else goes wrong
    assert [e for e in visit.console_errors if "400" not in e] == []


def test_every_page_has_the_header_and_its_links_work(browser, server):
    for path in ("/", "/om", "/datasett", "/id/person/trude-andresen.3314", "/viz/chain", "/viz/network"):
        visit = browser.visit(server + path)
        page = visit.page
        links = page.locator("nav.site a:not(.brand)")
        assert links.all_inner_texts()[-5:] == ["Spørring", "Stafetten", "Nettverket", "Datasett", "Om"], path
        hrefs = [a for a in links.evaluate_all("els => els.map(e => e.getAttribute('href'))")][-5:]
        assert hrefs == ["/", "/viz/chain", "/viz/network", "/datasett", "/om"], path
        page.context.close()
    visit = browser.visit(server + "/om")
    visit.page.click("nav.site >> text=Stafetten")
    visit.page.wait_for_url(server + "/viz/chain")
    assert "Innovasjonsstafetten" in visit.page.title()
    assert visit.blocked == [] and visit.console_errors == []


def test_person_page_shows_who_they_are_in_the_browser(browser, server):
    visit = browser.visit(server + "/id/person/trude-andresen.3314")
    page = visit.page
    lead = page.locator(".lead").inner_text()
    assert "kommunedirektør" in lead and "Øvre Eiker" in lead and "Buskerud" in lead
    who = page.locator("section.who").inner_text()
    assert "Stilling" in who and "Organisasjon" in who and "Etappe" in who
    assert not page.locator("details.rdf").evaluate("d => d.open")  # the RDF folded away
    assert page.locator("details.rdf").inner_text().count("membership") == 0  # not even its summary shows ids
    visit.screenshot("server-person")
    page.click("text=Se nettverket rundt")
    page.wait_for_url("**/viz/ego/**")
    assert "Nettverket rundt Trude Andresen" in page.title()
    assert visit.blocked == [] and visit.console_errors == []


def test_interview_page_reads_as_the_interview_in_the_browser(browser, server):
    import httpx

    q = "SELECT ?i WHERE { ?i stf:interviewee/foaf:name 'Trude Andresen' }"
    iri = httpx.get(server + "/sparql", params={"query": q}).json()["results"]["bindings"][0]["i"]["value"]
    visit = browser.visit(server + "/id/" + iri.split("/id/", 1)[1])
    page = visit.page
    headings = page.locator("article h2").all_inner_texts()
    names = [h.split(" (")[0] for h in headings]
    assert names[:2] == ["Faktaboks", "Spørsmål og svar"], names
    assert page.locator("section.answer h3").count() >= 3
    assert "→" in page.locator(".relay").inner_text()
    assert page.locator("section.factbox dl").inner_text().count("Innbyggere") == 1
    visit.screenshot("server-interview")
    assert visit.blocked == [] and visit.console_errors == []


def test_serve_prints_the_addresses_of_the_pages(server):
    """The banner of the real `stafett serve` (its log) names the query page, the views and the endpoint."""
    from test_server_support import fixture_store

    log = (fixture_store().parent / "server.log").read_text(encoding="utf-8")
    for path in ("/", "/viz/chain", "/viz/network", "/viz/ego/NAVN", "/sparql"):
        assert f"{server}{path}" in log, (path, log[:600])
