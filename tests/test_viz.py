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


@pytest.mark.parametrize("view", ["chain", "chain-geo", "network", "network-geo", "ego"])
def test_view_loads_offline_and_draws_every_node(browser, tmp_path, corpus, view):
    html = {
        "chain": lambda: render_chain(corpus),
        "chain-geo": lambda: render_chain(corpus, layout="geo"),
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
    assert len(gap) == 1 and gap[0]["dashes"] and gap[0]["text"] == "? 3"
    labels = sorted(page.evaluate("() => window.edges.get().filter(e => e.kind !== 'gap').map(e => e.text)"))
    assert labels == ["2", "4", "5", "6", "?"]
    # left to right in stage order
    xs = page.evaluate("""() => { const p = window.network.getPositions();
        return window.nodes.get().filter(n => /Trude|Bjørn|Kari Lund/.test(n.label)).sort((a, b) => p[a.id].x - p[b.id].x).map(n => n.label.split('\\n')[0]); }""")
    assert xs == ["Trude Andresen", "Bjørn Are Skogstad", "Kari Lund Sørensen"]
    assert_clean(visit)


def test_relay_is_in_stage_order_when_one_chain_and_on_the_map_on_request(browser, tmp_path, corpus):
    visit = open_page(browser, tmp_path, "relay-default", render_chain(corpus))
    assert "etter etappe" in visit.page.inner_text("#subtitle")  # the corpus's relay is one chain (with a gap)
    status = visit.page.inner_text("#status")
    assert "Hull ved etappe 3" in status and "Venter: Kari Lund Sørensen (etappe 6)" in status
    visit.page.click("#status button.gap")
    assert "Mona Helland" in visit.page.inner_text("#panel h2")  # the gap's button finds it
    visit = open_page(browser, tmp_path, "relay-geo", render_chain(corpus, layout="geo"))
    ys = visit.page.evaluate("""() => { const p = window.network.getPositions(); const y = {};
        window.nodes.get().forEach(n => { y[(n.text || n.label).split('\\n')[0]] = p[n.id].y; }); return y; }""")
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
    shown = page.evaluate("window.nodesView.get().map(n => n.text || n.label)")
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


# -- legible at real size ------------------------------------------------------------------------
OVERLAPS = """() => { const b = window.stafett.labelBoxes(); const out = [];
    for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
      const p = b[i], q = b[j];
      if (p.x0 < q.x1 - 0.5 && q.x0 < p.x1 - 0.5 && p.y0 < q.y1 - 0.5 && q.y0 < p.y1 - 0.5) out.push([p.id, q.id]);
    }
    return out; }"""


def settle(page):
    """Wait for the frame after the first picture (the labels are drawn with each frame)."""
    page.wait_for_timeout(400)


@pytest.mark.parametrize("layout,viewport", [("stage", (1280, 800)), ("geo", (1280, 800)), ("geo", (900, 650)), ("stage", (900, 650))])
def test_relay_labels_are_all_drawn_and_never_on_top_of_each_other(browser, tmp_path, corpus, layout, viewport):
    visit = open_page(browser, tmp_path, f"relay-labels-{layout}-{viewport[0]}", render_chain(corpus, layout=layout), viewport=viewport)
    page = visit.page
    settle(page)
    boxes = page.evaluate("window.stafett.labelBoxes()")
    # every runner's name is drawn: in its box (stage order) or placed beside its dot (map)
    people = page.evaluate("window.nodes.get().filter(n => n.kind === 'person').map(n => n.id)")
    named = {b["id"] for b in boxes if b["kind"] in ("node", "box")}
    assert set(people) <= named, set(people) - named
    assert sum(b["kind"] == "edge" for b in boxes) == 6  # five stage numbers and the gap's "? 3"
    assert page.evaluate(OVERLAPS) == []
    # the boxes are where the page put the nodes: each label touches its node, or has a leader line
    near = page.evaluate("""() => { const pos = window.network.getPositions(); const far = [];
        window.stafett.labelBoxes().filter(b => b.kind === 'node').forEach(b => {
          const d = window.network.canvasToDOM(pos[b.id]);
          const dx = Math.max(b.x0 - d.x, 0, d.x - b.x1), dy = Math.max(b.y0 - d.y, 0, d.y - b.y1);
          if (Math.hypot(dx, dy) > (b.lead ? 240 : 40)) far.push(b.id); });
        return far; }""")
    assert near == []
    # and inside the picture
    w, h = page.evaluate("[document.getElementById('network').clientWidth, document.getElementById('network').clientHeight]")
    assert all(b["x0"] >= -1 and b["y0"] >= -1 and b["x1"] <= w + 1 and b["y1"] <= h + 1 for b in boxes), boxes
    visit.screenshot(f"view-relay-labels-{layout}-{viewport[0]}")
    assert_clean(visit)


def test_network_refits_after_every_filter(browser, tmp_path, corpus):
    visit = open_page(browser, tmp_path, "refit", render_network(corpus))
    page = visit.page
    spread = """() => { const ids = window.nodesView.getIds(); const p = window.network.getPositions(ids);
        const xs = ids.map(i => window.network.canvasToDOM(p[i]).x), ys = ids.map(i => window.network.canvasToDOM(p[i]).y);
        const c = document.getElementById('network');
        return [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys), c.clientWidth, c.clientHeight]; }"""
    def fitted():
        x0, x1, y0, y1, w, h = page.evaluate(spread)
        # what is left is in the middle of the picture, inside it, and across most of its width or
        # height (or as large as vis-network draws: scale 1)
        assert x0 >= 0 and y0 >= 0 and x1 <= w and y1 <= h, (x0, x1, y0, y1, w, h)
        assert abs((x0 + x1) / 2 - w / 2) < 0.1 * w and abs((y0 + y1) / 2 - h / 2) < 0.1 * h, (x0, x1, y0, y1, w, h)
        assert (x1 - x0) > 0.6 * w or (y1 - y0) > 0.6 * h or page.evaluate("window.network.getScale()") >= 0.99

    page.evaluate("() => { window.network.moveTo({position: {x: 5000, y: 5000}, scale: 0.2, animation: false}); }")
    for kind in ("person", "category"):
        page.uncheck(f"#types input[value={kind}]")
        fitted()
    fits = page.evaluate("window.stafett.fits")
    nordland = page.evaluate("Array.from(document.querySelectorAll('#county option')).find(o => o.text.startsWith('Nordland')).value")
    page.select_option("#county", nordland)
    assert page.evaluate("window.stafett.fits") == fits + 1
    fitted()
    assert_clean(visit)


def test_side_panel_shows_connections_first_and_each_quote_once(browser, tmp_path):
    G = nx.Graph()
    same = {"interview": "i1", "interview_label": "Intervju med Kari", "source": "k.txt", "field": "partners[0]", "start": 5, "end": 9, "quote": "NAV"}
    G.add_node("n", type="organisation", label="NAV", sources=[same, {**same, "field": "partners[3]", "start": 40, "end": 44}, same])
    for k in range(3):
        G.add_node(f"m{k}", type="municipality", label=f"Kommune {k}")
        G.add_edge("n", f"m{k}", type="collaborates-with", types=["collaborates-with"], frm=f"m{k}")
    visit = open_page(browser, tmp_path, "panel-order", network_html(G))
    page = visit.page
    page.evaluate("() => window.stafett.select('n')")
    text = page.inner_text("#panel")
    assert text.index("Forbindelser (3)") < text.index("Kilder")
    assert page.locator("#panel blockquote").count() == 1  # the same words from the same interview, once
    assert_clean(visit)


def planted(communities: int = 6, size: int = 220, hubs: int = 3) -> nx.Graph:
    """A big network with planted communities and a few hubs named by everyone."""
    G = nx.relabel_nodes(nx.planted_partition_graph(communities, size, 0.03, 0.0005, seed=3), lambda n: f"n{n}")
    types = ["person", "project", "organisation", "municipality"]
    for i, n in enumerate(sorted(G)):
        G.nodes[n].update(type=types[i % 4], label=f"Node {n}")
    for h in range(hubs):
        hub = f"hub{h}"
        G.add_node(hub, type="category", label=f"Knutepunkt {h}")
        G.add_edges_from((hub, n) for n in sorted(G)[h::7] if n.startswith("n"))
    for u, v in G.edges():
        G.edges[u, v].update(type="collaborates-with", types=["collaborates-with"], frm=u)
    return G


def test_a_big_network_shows_its_communities_and_labels_its_hubs(browser, tmp_path):
    G = planted()
    visit = open_page(browser, tmp_path, "communities", network_html(G))
    page = visit.page
    settle(page)
    boxes = page.evaluate("window.stafett.labelBoxes()")
    labelled = {b["id"] for b in boxes}
    assert {"hub0", "hub1", "hub2"} <= labelled  # the hubs are named at overview
    assert 20 < len(labelled) <= 260  # a few hundred labels at most, not one per node
    assert page.evaluate(OVERLAPS) == []
    colours = page.evaluate("""() => { const c = {}; window.nodes.get().filter(n => n.kind !== 'category').forEach(n => {
        const col = window.network.body.nodes[n.id].options.color.background; c[col] = (c[col] || 0) + 1; }); return c; }""")
    assert sum(1 for n in colours.values() if n >= 100) >= 6  # each planted community its colour
    # members of one community sit together: nearer their own community's middle than another's
    near = page.evaluate("""() => { const p = window.network.getPositions(); const by = {};
        window.nodes.get().filter(n => n.community !== undefined).forEach(n => { (by[n.community] = by[n.community] || []).push(p[n.id]); });
        const mid = {}; for (const k in by) { const a = by[k]; mid[k] = [a.reduce((s, q) => s + q.x, 0) / a.length, a.reduce((s, q) => s + q.y, 0) / a.length]; }
        let ok = 0, all = 0; window.nodes.get().filter(n => n.community !== undefined && n.community < 6).forEach(n => { all++;
          const d = k => Math.hypot(p[n.id].x - mid[k][0], p[n.id].y - mid[k][1]);
          if (Object.keys(mid).every(k => +k === n.community || d(n.community) <= d(k))) ok++; });
        return ok / all; }""")
    assert near > 0.9
    # more labels as the view is zoomed in, and the hovered node always named
    before = len(labelled)
    page.evaluate("() => { window.network.moveTo({scale: window.network.getScale() * 4, animation: false}); }")
    settle(page)
    assert page.evaluate(OVERLAPS) == []
    visit.screenshot("view-network-communities")
    assert_clean(visit)
    assert before > 0


def test_counties_and_county_councils_are_distinct(corpus):
    from viz.network import network_data
    from graph.network import collaboration_graph

    data = network_data(collaboration_graph(corpus))
    by_label = {n["label"]: n for n in data["nodes"]}
    council, region = by_label["Vestland fylkeskommune"], by_label["Vestland"]
    assert council["kind"] == "county" and region["kind"] == "region"
    assert (council["shape"], council.get("group")) != (region["shape"], region.get("group"))
    # the municipalities lie in the county; the people work for the council
    edges = {(e["from"], e["to"]): e["kind"] for e in data["edges"]}
    assert any(k == "in-county" and region["id"] in pair for pair, k in edges.items())
    assert not any(k == "in-county" and council["id"] in pair for pair, k in edges.items())
    assert any(k == "member-of" and council["id"] in pair for pair, k in edges.items())
    legend = [item["text"] for item in data["legend"]]
    assert "Fylkeskommune" in legend and "Fylke (område)" in legend
