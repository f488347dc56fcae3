"""Every HTML page of a real server over the hostile store, in headless Chromium: no script of
the data runs (no dialog opens, no policy violation is even attempted), nothing is fetched from
outside, and the strings show as text."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from reliability_support import HOSTILE_STRINGS, hostile_store, start_server


@pytest.fixture(scope="module")
def server():
    proc, url = start_server(hostile_store(), "--workers", "2", "--timeout", "30")
    yield url
    proc.terminate()
    proc.wait(20)


def pages(server: str) -> list[str]:
    import httpx

    q = """SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isLiteral(?o) && REGEX(STR(?o), "alert|\\u202e|🎉"))
                                      FILTER(STRSTARTS(STR(?s), "https://w3id.org/stafett/id/")) }"""
    rows = httpx.get(server + "/sparql", params={"query": q}, timeout=30).json()["results"]["bindings"]
    entities = sorted({"/id/" + b["s"]["value"].split("/id/", 1)[1].split("#")[0] for b in rows})
    return [
        "/", "/?query=" + quote("<script>alert(1)</script>") + "#query=" + quote("<img src=x onerror=alert(2)>"),
        "/om", "/datasett",
        *entities,
        "/nowhere/" + quote("<script>alert(1)</script>"), "/viz/ego/" + quote("alert", safe=""),
        "/viz/chain", "/viz/network?top=0", "/viz/ego/" + quote(HOSTILE_STRINGS[0], safe=""),
    ]


def test_no_page_runs_the_data(browser, server):
    visited = 0
    for path in pages(server):
        visit = browser.visit(server + path, wait_until="load")
        page = visit.page
        page.wait_for_timeout(300)  # scripts that would run late (onload, timers)
        assert visit.dialogs == [], (path, visit.dialogs)
        assert not [e for e in visit.console_errors if "Content Security Policy" in e or "Refused" in e], (path, visit.console_errors)
        assert visit.blocked == [], (path, visit.blocked)
        handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el =>
            [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))""")
        assert handlers == [], (path, handlers)
        tainted = page.evaluate("""hostile => [...document.scripts].filter(s => s.type !== 'application/json'
            && hostile.some(h => s.text.includes(h))).length""", HOSTILE_STRINGS)
        assert tainted == 0, path  # the data is never in code, only in JSON data blocks
        page.context.close()
        visited += 1
    assert visited > 12
