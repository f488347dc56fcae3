"""The views in headless Chromium, loaded from file:// with every request off the machine blocked.

Each page must load nothing (no request blocked or failed), log no error, draw the nodes its
data holds (read from the page's vis DataSet and from what vis-network drew), and keep a
screenshot in test-artifacts/.
"""

from __future__ import annotations

import re
import time

import networkx as nx
import pytest

from graph.store import EmbeddedStore
from test_network_corpus import corpus_store  # noqa: F401  (session fixture: ../shared/corpus built once)
from viz import render_chain, render_ego, render_network
from viz.network import network_html
from viz.relay import relay_html

READY = "window.stafett && window.stafett.ready"
HOSTILE = '<img src=x onerror="window.__pwned=1">'
LETTERS = "Æsa Øygård Åsen – Ráhkku Čáhppes Đávvet Ŋuolla Šiellá Ŧiekkar Žárá"


def open_page(browser, tmp_path, name: str, html: str, **kw):
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    visit = browser.visit(path.as_uri(), **kw)
    wait_ready(visit.page)
    return visit


def wait_ready(page, timeout: float = 30.0) -> None:
    """Poll until the page has drawn. (Playwright's wait_for_function compiles its predicate with
    eval in the page, which the pages' Content-Security-Policy forbids; evaluate is allowed.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"!!({READY})"):
        assert time.monotonic() < deadline, "the page did not draw"
        time.sleep(0.05)


def counts(visit) -> dict:
    return visit.page.evaluate("""() => ({
        data: window.stafett.expectedNodes, dataset: window.nodes.length, shown: window.nodesView.length,
        drawn: window.network.body.nodeIndices.length, edges: window.edges.length,
        canvas: !!document.querySelector('#network canvas')})""")


def assert_clean(visit):
    assert visit.blocked == [], visit.blocked
    assert visit.failed == [], visit.failed
    assert visit.console_errors == [], visit.console_errors


@pytest.fixture(scope="module")
def corpus(corpus_store):  # noqa: F811
    with EmbeddedStore(corpus_store) as store:
        yield store


@pytest.mark.parametrize("view", ["chain", "chain-stage", "network", "network-geo", "ego"])
def test_view_loads_offline_and_draws_every_node(browser, tmp_path, corpus, view):
    html = {
        "chain": lambda: render_chain(corpus),
        "chain-stage": lambda: render_chain(corpus, layout="stage"),
        "network": lambda: render_network(corpus),
        "network-geo": lambda: render_network(corpus, layout="geo"),
        "ego": lambda: render_ego(corpus, "Camilla Strøm Eide"),
    }[view]()
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I), "the page must load no file"
    visit = open_page(browser, tmp_path, view, html)
    c = counts(visit)
    assert c["canvas"] and c["data"] == c["dataset"] == c["shown"] == c["drawn"] > 0
    if view.startswith("chain"):
        assert c["data"] == 8 and c["edges"] == 5 + 1  # five passes and the gap before stage 3
    visit.screenshot(f"view-{view}")
    assert_clean(visit)
    assert visit.page.evaluate("typeof window.network.getPositions") == "function"


def test_relay_view_marks_pending_receivers_and_gaps(browser, tmp_path, corpus):
    visit = open_page(browser, tmp_path, "relay", render_chain(corpus, layout="stage"))
    page = visit.page
    hå = page.evaluate("""() => window.nodes.get().filter(n => n.label.includes('Hå'))[0]""")
    assert hå["shapeProperties"]["borderDashes"] and hå["color"]["background"] == "#ffffff"
    gap = page.evaluate("() => window.edges.get().filter(e => e.kind === 'gap')")
    assert len(gap) == 1 and gap[0]["dashes"] and gap[0]["label"] == "? 3"
    labels = sorted(page.evaluate("() => window.edges.get().filter(e => e.kind !== 'gap').map(e => e.label)"))
    assert labels == ["2", "4", "5", "6", "?"]
    # left to right in stage order
    xs = page.evaluate("""() => { const p = window.network.getPositions();
        return window.nodes.get().filter(n => /Trude|Bjørn|Kari Lund/.test(n.label)).sort((a, b) => p[a.id].x - p[b.id].x).map(n => n.label.split('\\n')[0]); }""")
    assert xs == ["Trude Andresen", "Bjørn Are Skogstad", "Kari Lund Sørensen"]
    assert_clean(visit)


def test_relay_defaults_to_the_map_across_counties(browser, tmp_path, corpus):
    visit = open_page(browser, tmp_path, "relay-geo", render_chain(corpus))
    ys = visit.page.evaluate("""() => { const p = window.network.getPositions(); const y = {};
        window.nodes.get().forEach(n => { y[n.label.split('\\n')[0]] = p[n.id].y; }); return y; }""")
    # north is up: Narvik above Bodø above Steinkjer above Øvre Eiker
    assert ys["Kari Lund Sørensen"] < ys["Camilla Strøm Eide"] < ys["Bjørn Are Skogstad"] < ys["Trude Andresen"]
    assert "kart" in visit.page.inner_text("#subtitle")
    assert_clean(visit)


def test_side_panel_shows_details_iri_and_the_source_span(browser, tmp_path, corpus):
    visit = open_page(browser, tmp_path, "panel", render_network(corpus))
    page = visit.page
    page.evaluate("() => window.stafett.select('https://w3id.org/stafett/id/person/camilla-strom-eide.1804')")
    panel = page.inner_text("#panel")
    assert "Camilla Strøm Eide" in panel and "https://w3id.org/stafett/id/person/camilla-strom-eide.1804" in panel
    assert "bodo.html" in panel and "«Camilla Strøm Eide»" in panel and "Bodø" in panel
    visit.screenshot("view-network-panel")
    assert_clean(visit)


def test_search_and_filters(browser, tmp_path, corpus):
    visit = open_page(browser, tmp_path, "controls", render_network(corpus))
    page = visit.page
    total = page.evaluate("window.nodesView.length")
    page.fill("#search", "bjorn are")
    assert "Bjørn Are Skogstad" in page.inner_text("#results")
    page.press("#search", "Enter")
    assert page.inner_text("#panel h2") == "Bjørn Are Skogstad"
    page.uncheck("#types input[value=person]")
    people = page.evaluate("window.nodes.get().filter(n => n.kind === 'person').length")
    assert page.evaluate("window.nodesView.length") == total - people
    page.check("#types input[value=person]")
    nordland = page.evaluate("Array.from(document.querySelectorAll('#county option')).find(o => o.text.startsWith('Nordland')).value")
    page.select_option("#county", nordland)
    shown = page.evaluate("window.nodesView.get().map(n => n.label)")
    assert "Camilla Strøm Eide" in shown and "Trude Andresen" not in shown
    assert "Viser" in page.inner_text("#count")
    assert_clean(visit)


def hostile_graph() -> nx.Graph:
    G = nx.Graph()
    G.add_node("p", type="person", label=HOSTILE, iri="javascript:alert(1)", role="<b>bold</b>",
               sources=[{"interview": "i", "interview_label": "</script><script>window.__pwned=2</script>",
                         "source": "x.txt", "field": "name", "start": 1, "end": 5, "quote": HOSTILE}])
    G.add_node("m", type="municipality", label=LETTERS, county_label="Troms\u2028Romsa", kommunenummer="5501")
    G.add_edge("p", "m", type="member-of", types=["member-of"], frm="p")
    return G


def test_untrusted_text_is_shown_as_text(browser, tmp_path):
    html = network_html(hostile_graph())
    data = html.split('id="stafett-data">')[1].split("</script>")[0]
    assert "<" not in data and ">" not in data and "\u2028" not in data
    visit = open_page(browser, tmp_path, "hostile", html)
    page = visit.page
    page.evaluate("() => window.stafett.select('p')")
    page.hover("#network", position={"x": 5, "y": 5})
    assert page.inner_text("#panel h2") == HOSTILE
    assert HOSTILE in page.inner_text("#panel blockquote")
    assert page.evaluate("document.querySelectorAll('img, b').length") == 0
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelector('#panel a')") is None  # a javascript: IRI is no link
    assert_clean(visit)


def test_norwegian_and_sami_letters_render(browser, tmp_path):
    R = nx.DiGraph()
    R.add_node("a", name=LETTERS, stage=1, pending=False, municipality="Kárášjohka", county_label="Finnmark")
    R.add_node("b", name="Ørjan Ærø", stage=2, pending=True, municipality="Båtsfjord", county_label="Finnmark")
    R.add_edge("a", "b", stage=2)
    visit = open_page(browser, tmp_path, "letters", relay_html(R, title="Stafett: æøå áčđŋšŧž"))
    page = visit.page
    assert page.evaluate("document.characterSet") == "UTF-8"
    assert page.title() == "Stafett: æøå áčđŋšŧž"
    assert page.evaluate("window.nodes.get('a').label").startswith(LETTERS)
    page.evaluate("() => window.stafett.select('a')")
    assert page.inner_text("#panel h2") == LETTERS.split("\n")[0]
    visit.screenshot("view-letters")
    assert_clean(visit)


def test_big_network_is_reduced_and_says_so(browser, tmp_path):
    G = nx.relabel_nodes(nx.barabasi_albert_graph(1200, 2, seed=1), str)
    nx.set_node_attributes(G, "person", "type")
    nx.set_node_attributes(G, {n: f"Person {n}" for n in G}, "label")
    for u, v in G.edges():
        G.edges[u, v].update(type="collaborates-with", types=["collaborates-with"], frm=u)
    visit = open_page(browser, tmp_path, "reduced", network_html(G, top=300))
    c = counts(visit)
    assert c["data"] == c["drawn"] == 300
    notice = visit.page.inner_text("#notice")
    assert "300 av 1\u202f200" in notice and "--top 0" in notice
    moved = visit.page.evaluate("""() => new Promise(res => { const a = JSON.stringify(window.network.getPositions());
        setTimeout(() => res(a !== JSON.stringify(window.network.getPositions())), 300); })""")
    assert moved is False  # a still picture: physics is off
    assert_clean(visit)
