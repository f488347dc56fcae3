"""Hostile requests against ``stafett serve``: tokens, path parameters, sizes, markup in the
data on every HTML page, the headers of every response, and the build manifest (not published).

The store holds a record with a hostile string in every text field a page shows (quotes, angle
brackets, newlines, right-to-left marks, emoji, template syntax): ``reliability_support.py``.
"""

from __future__ import annotations

import hmac
import os
import re
import socket
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from graph.server import make_app
from graph.server.views import page_csp
from reliability_support import HOSTILE_STRINGS, hostile_store
from test_server_support import TOKEN, copy_store

MANIFEST = "https://w3id.org/stafett/graph/manifest"


@pytest.fixture(scope="module")
def client():
    with TestClient(make_app(hostile_store(), timeout=20, workers=2, max_query_bytes=4000, max_body_bytes=8000)) as c:
        yield c


def hostile_entities(client) -> list[str]:
    """``/id/...`` of every entity with a hostile string among its literals."""
    q = """SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isLiteral(?o) && REGEX(STR(?o), "alert|\\u202e|🎉"))
                                      FILTER(STRSTARTS(STR(?s), "https://w3id.org/stafett/id/")) }"""
    rows = client.get("/sparql", params={"query": q}).json()["results"]["bindings"]
    paths = sorted({"/id/" + b["s"]["value"].split("/id/", 1)[1].split("#")[0] for b in rows})
    assert len(paths) >= 10, paths  # people, organisations, projects, concepts, the interview, its profile
    return paths


# -- markup in the data ------------------------------------------------------------------------------
SAFE_TAGS = {"html", "head", "meta", "title", "link", "body", "main", "header", "footer", "nav", "section", "article",
             "h1", "h2", "h3", "p", "a", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
             "span", "bdi", "div", "q", "code", "small", "em", "strong", "abbr", "details", "summary", "br", "label", "select",
             "option", "button", "input", "form", "textarea", "aside", "figure", "figcaption", "b", "i", "time", "pre",
             "caption", "col", "colgroup", "svg", "path", "g", "style", "script", "noscript", "hr", "img", "sup", "sub",
             "fieldset", "legend"}


class _Page(HTMLParser):
    """What a browser would build from a page: its elements, attributes and scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.scripts, self._in_script = [], [], [], None
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)
        if tag == "script":
            self._in_script = [dict(attrs).get("type") or "", ""]

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append(tuple(self._in_script))
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script[1] += data
        else:
            self.text.append(data)


def assert_inert(html: str, *, scripts_allowed: bool = False) -> _Page:
    """No element, attribute, handler, URL or script that the data could have put there."""
    page = _Page()
    page.feed(html)
    assert set(page.tags) <= SAFE_TAGS, set(page.tags) - SAFE_TAGS
    for tag, name, value in page.attrs:
        assert not name.startswith("on"), (tag, name, value)
        assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I) or (tag, name) == ("img", "src"), (tag, name, value)
    if not scripts_allowed:
        assert page.scripts == [], page.scripts
    for kind, body in page.scripts:
        if kind == "application/json":  # the data: nothing in it can end its script early
            assert "</" not in body and "<!--" not in body
        else:  # code: none of the data in it
            assert not any(h in body for h in HOSTILE_STRINGS)
    for h in HOSTILE_STRINGS:
        if "<" in h:
            assert h not in html  # only ever escaped
    assert "<img src=x" not in html and "<svg onload" not in html and "<script>alert" not in html
    return page


def test_every_hostile_entity_page_is_inert(client):
    shown = ""
    for path in hostile_entities(client):
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 200, (path, r.text)
        shown += "".join(assert_inert(r.text).text)
    # ... and shows the strings as the text they are
    flat = " ".join(shown.split())
    assert all(" ".join(h.split()) in flat for h in HOSTILE_STRINGS), [h for h in HOSTILE_STRINGS if " ".join(h.split()) not in flat]


def test_every_view_is_inert(client):
    name = quote(HOSTILE_STRINGS[0], safe="")
    for path in ("/viz/chain", "/viz/chain?layout=stage", "/viz/network?top=0", f"/viz/ego/{name}"):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        assert_inert(r.text, scripts_allowed=True)
        # the page's own scripts run by hash; nothing else can
        assert r.headers["content-security-policy"] == page_csp(r.text)


@pytest.mark.parametrize("path", [
    "/nowhere/<script>alert(1)</script>",
    "/id/person/<img src=x onerror=alert(1)>",
    "/viz/<svg onload=alert(1)>",
    "/viz/ego/" + quote('<script>alert("x")</script>', safe=""),
    "/viz/ego/" + quote("alert", safe=""),  # fits several people: the candidates, hostile names, are listed
    "/viz/network?top=<script>",
    "/sparql?query=" + quote("SELECT * WHERE { <script>alert(1)</script> }"),
    "/id/person/trude-andresen.3314?format=<b>",
])
def test_error_pages_are_inert(client, path):
    r = client.get(path, headers={"Accept": "text/html"})
    assert 400 <= r.status_code < 500, (path, r.status_code)
    assert r.headers["content-type"].startswith(("text/html", "application/json"))
    if r.headers["content-type"].startswith("text/html"):
        assert_inert(r.text)
        assert "content-security-policy" in r.headers


def test_the_query_page_reflects_nothing(client):
    r = client.get("/?query=" + quote("<script>alert(1)</script>") + "&endpoint=" + quote("http://evil.example/"))
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "evil.example" not in r.text
    page = assert_inert(r.text, scripts_allowed=True)
    assert all(kind == "" and body.strip() == "" for kind, body in page.scripts)  # files only, no inline script


def test_rdf_of_hostile_entities_round_trips(client):
    """The RDF answers carry the strings exactly (they are data, not markup)."""
    import pyoxigraph as ox

    seen = set()
    for path in hostile_entities(client):
        r = client.get(path, headers={"Accept": "application/n-triples"})
        assert r.status_code == 200
        seen |= {t.object.value for t in ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES) if isinstance(t.object, ox.Literal)}
    assert set(HOSTILE_STRINGS) <= {s for s in seen} | {s for s in HOSTILE_STRINGS if any(s in x for x in seen)}


# -- headers ----------------------------------------------------------------------------------------
def every_kind_of_response(client) -> dict[str, object]:
    person = hostile_entities(client)[0]
    return {
        "query page": client.get("/"),
        "examples": client.get("/queries.json"),
        "select": client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}),
        "construct": client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"}),
        "service description": client.get("/sparql", headers={"Accept": "text/turtle"}),
        "redirect": client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False),
        "entity html": client.get(person, headers={"Accept": "text/html"}),
        "entity turtle": client.get(person, headers={"Accept": "text/turtle"}),
        "graph store": client.get("/graph-store", params={"graph": "https://w3id.org/stafett/graph/reference"}),
        "view": client.get("/viz/chain"),
        "static": client.get("/static/stafett.css"),
        "400": client.get("/sparql", params={"query": "SELECT"}),
        "400 html": client.get("/id/Person/x", headers={"Accept": "text/html"}),
        "403": client.post("/sparql", data={"update": "CLEAR ALL"}),
        "404": client.get("/nowhere"),
        "404 html": client.get("/nowhere", headers={"Accept": "text/html"}),
        "405": client.put("/sparql"),
        "406": client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"}),
        "413": client.post("/sparql", content=b"#" * 5000, headers={"Content-Type": "application/sparql-query"}),
        "415": client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}),
    }


def test_every_response_has_the_security_headers(client):
    for what, r in every_kind_of_response(client).items():
        assert r.headers.get("x-content-type-options") == "nosniff", what
        assert r.headers.get("referrer-policy") == "no-referrer", what
        if r.headers.get("content-type", "").startswith("text/html"):
            csp = r.headers.get("content-security-policy", "")
            assert "frame-ancestors 'none'" in csp and "object-src" in csp or "default-src 'none'" in csp, what
            assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0], what
        if r.status_code >= 400:
            assert set(r.json() if "json" in r.headers["content-type"] else {"status", "error", "message"}) == {"status", "error", "message"}


def test_a_crash_is_a_500_in_the_one_shape_with_the_headers(monkeypatch):
    app = make_app(hostile_store(), workers=1)
    client = TestClient(app, raise_server_exceptions=False)
    pool = app.state.pool

    async def boom(job, timeout=None, gone=None):
        raise RuntimeError("secret internals /home/kari")

    monkeypatch.setattr(pool, "acall", boom)
    for accept in ("application/json", "text/html"):
        r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": accept})
        assert r.status_code == 500
        assert r.headers["x-content-type-options"] == "nosniff" and "content-security-policy" in r.headers
        assert "secret" not in r.text and "Traceback" not in r.text and "internal-error" in r.text


# -- the bearer token ----------------------------------------------------------------------------------
@pytest.fixture()
def writable(tmp_path):
    with TestClient(make_app(copy_store(tmp_path / "store"), allow_update=True, token=TOKEN, timeout=10, workers=1)) as c:
        yield c


@pytest.mark.parametrize("header", [
    None, "", "Bearer", "Bearer ", f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x", f"Bearer {TOKEN.upper()}",
    f"Basic {TOKEN}", TOKEN, f"Bearer {TOKEN[:4]}".encode() + b"\xe9\xe9", "Bearer " + "x" * 10_000, f"Token {TOKEN}",
])
def test_changes_without_the_right_token_are_401(writable, header):
    headers = {"Authorization": header} if header is not None else {}
    r = writable.post("/sparql", data={"update": "INSERT DATA { GRAPH <http://x/g> { <a:s> <a:p> 'x' } }"}, headers=headers)
    assert r.status_code == 401 and r.json()["error"] == "unauthorized", r.text
    r = writable.delete("/graph-store", params={"graph": "https://w3id.org/stafett/graph/reference"}, headers=headers)
    assert r.status_code == 401
    assert writable.get("/sparql", params={"query": "ASK { <a:s> ?p ?o }"}).json()["boolean"] is False


def test_the_token_is_only_taken_from_the_header(writable):
    for params in ({"token": TOKEN}, {"access_token": TOKEN}):
        r = writable.post("/sparql", params=params, data={"update": "CLEAR ALL"})
        assert r.status_code == 401


def test_the_token_is_compared_in_constant_time(writable, monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((type(a), type(b)))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    writable.post("/sparql", data={"update": "CLEAR GRAPH <http://x/none>"}, headers={"Authorization": "Bearer nope"})
    r = writable.post("/sparql", data={"update": "CLEAR SILENT GRAPH <http://x/none>"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204, r.text
    assert calls == [(bytes, bytes), (bytes, bytes)]  # every check, and on bytes (str would refuse non-ASCII)


# -- path parameters -----------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [
    "/viz/ego/..%2F..%2F..%2Fetc%2Fpasswd", "/viz/ego/%2e%2e/%2e%2e/pyproject.toml", "/viz/..%2F..%2Fapp.py",
    "/viz/ego/%00", "/viz/ego/x%22%7D%20UNION%20%7B%3Fs%20%3Fp%20%3Fo%7D", "/viz/chain/..%2F..%2Fetc%2Fpasswd",
    "/static/vendor%2F..%2F..%2Fapp.py", "/static/%2e%2e%2f%2e%2e%2fpyproject.toml", "/static/..\\..\\app.py",
    "/id/person/..%5C..%5Cetc%5Cpasswd", "/id/%2e%2e/%2e%2e/etc/passwd", "/queries.json/..%2Fapp.py",
])
def test_traversal_in_path_parameters_reaches_no_file(client, path):
    r = client.get(path, headers={"Accept": "application/json"})
    assert r.status_code in (400, 404), (path, r.status_code)
    assert set(r.json()) == {"status", "error", "message"}
    assert "root:" not in r.text and "def " not in r.text and "[project]" not in r.text


@pytest.mark.parametrize("graph,status", [
    ("file:///etc/passwd", 404), ("../../etc/passwd", 400), ("/etc/passwd", 400),
    ("http://x/> } ; DROP ALL ; INSERT DATA { <a:b> <a:c> <a:d> } #", 400), ("http://x/\u0000", 400),
    ("https://w3id.org/stafett/graph/interview/x> } UNION { ?s ?p ?o", 400),
])
def test_graph_store_names_only_graphs(client, graph, status):
    r = client.get("/graph-store", params={"graph": graph})
    assert r.status_code == status, r.text
    assert "root:" not in r.text


# -- sizes -------------------------------------------------------------------------------------------
def test_graph_store_bodies_are_refused_on_their_declared_size(writable):
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/n-triples"}
    r = writable.put("/graph-store", params={"graph": "http://x/g"}, content=b"x", headers={**auth, "Content-Length": "999999999"})
    assert r.status_code in (400, 413)

    def chunks():
        for _ in range(11_000):
            yield b"<a:s> <a:p> <a:o> .\n" * 50

    r = writable.put("/graph-store", params={"graph": "http://x/g"}, content=chunks(), headers=auth)
    assert r.status_code == 413 and r.json()["error"] == "too-large"


def test_a_real_server_takes_long_get_queries_and_refuses_huge_requests_at_once():
    """uvicorn (h11) reads request lines and headers up to the app's query limit, not 16 KB;
    a megabyte is refused before the app sees it."""
    from test_server_support import live_server

    port = int(live_server().rsplit(":", 1)[1])

    def raw(request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
            s.sendall(request)
            return s.recv(200)

    q = quote("ASK {} #" + "x" * 50_000)
    assert raw(f"GET /sparql?query={q} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()).startswith(b"HTTP/1.1 200")
    assert raw(b"GET /sparql?query=ASK%7B%7D%23" + b"x" * 1_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.1 400")
    assert raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 1_000_000 + b"\r\n\r\n").startswith(b"HTTP/1.1 400")
    # bound to loopback, it answers to loopback names only (DNS rebinding: another site's name)
    assert raw(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: attacker.example:8000\r\n\r\n").startswith(b"HTTP/1.1 421")
    assert raw(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost:8000\r\n\r\n").startswith(b"HTTP/1.1 200")


# -- the build manifest is out of reach -----------------------------------------------------------
def _no_local_paths(body: bytes) -> None:
    assert b"file:" not in body and b"/home/kari" not in body and b"graph/manifest" not in body, body[:300]


def test_the_manifest_is_not_in_the_store(client):
    """It lives in a file beside the generation (graph/store.py), never in a graph a query can see."""
    def rows(q, **params):
        r = client.get("/sparql", params={"query": q, **params})
        assert r.status_code == 200, r.text
        _no_local_paths(r.content)
        return r.json()["results"]["bindings"]

    graphs = {b["g"]["value"] for b in rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs and MANIFEST not in graphs
    assert rows(f"SELECT * WHERE {{ GRAPH <{MANIFEST}> {{ ?s ?p ?o }} }}") == []
    assert rows("SELECT ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } FILTER(STRSTARTS(STR(?o), 'file:')) }") == []
    assert rows("SELECT ?f WHERE { ?s ?p ?f FILTER(CONTAINS(STR(?f), '/home/')) }") == []
    assert {b["p"]["value"] for b in rows("SELECT ?p WHERE { ?i stf:sourcePath ?p }")} == {"hostile.txt", "ovre-eiker.txt"}
    n = rows("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/stafett/graph/reference> WHERE { ?s ?p ?o }")
    assert int(n[0]["n"]["value"]) > 1000
    # ... and it is there, beside the store, for `stafett build --update`
    from graph.store import read_manifest

    store = hostile_store()
    sources = read_manifest(store / os.readlink(store / "current"))
    assert sources and all(f.startswith("file:///") for fs in sources.values() for f in fs)


@pytest.mark.parametrize("query,params", [
    (f"SELECT * FROM <{MANIFEST}> WHERE {{ ?s ?p ?o }}", {}),
    (f"SELECT * FROM NAMED <{MANIFEST}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
    ("BASE <https://w3id.org/stafett/graph/> SELECT * FROM <manifest> WHERE { ?s ?p ?o }", {}),
    ("PREFIX g: <https://w3id.org/stafett/graph/man> SELECT * FROM g:ifest WHERE { ?s ?p ?o }", {}),
    ("SELECT * FROM <https://w3id.org/stafett/graph/m\\u0061nifest> WHERE { ?s ?p ?o }", {}),
    ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": MANIFEST}),
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": MANIFEST}),
])
def test_naming_the_manifest_finds_nothing(client, query, params):
    r = client.get("/sparql", params={"query": query, **params})
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"] == []


def test_the_graph_store_has_no_manifest(client):
    assert client.get("/graph-store", params={"graph": MANIFEST}).status_code == 404
    r = client.get("/graph-store", params={"default": ""}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    _no_local_paths(r.content)


def test_a_store_with_the_old_manifest_graph_is_not_served(tmp_path):
    """A store built by an older stafett still has the manifest as a graph: the endpoint refuses
    to serve it (503, saying what to run) rather than publish local paths."""
    import pyoxigraph as ox

    store = copy_store(tmp_path / "store")
    gen = store / os.readlink(store / "current")
    db = ox.Store(str(gen))
    db.add(ox.Quad(ox.NamedNode("https://w3id.org/stafett/graph/interview/x"),
                   ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), ox.NamedNode("file:///home/kari/x.txt"),
                   ox.NamedNode(MANIFEST)))
    db.flush()
    del db
    with TestClient(make_app(store, workers=1)) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
        assert r.status_code == 503 and r.json()["error"] == "store-unavailable", r.text
        assert "stafett build --update" in r.json()["message"]
        _no_local_paths(r.content)
