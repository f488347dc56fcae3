"""Bounds of the endpoint: no outbound requests (SERVICE, LOAD), the time limit and the row cap,
a slow query that does not stall the others, oversized requests, read-only by default."""

from __future__ import annotations

import concurrent.futures
import time

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from graph.server import make_app
from graph.server.guard import outbound_operation
from test_server_support import TOKEN, Listener, fixture_store

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FAST = "ASK { ?p a foaf:Person }"


@pytest.fixture(scope="module")
def client():
    app = make_app(fixture_store(), timeout=3, max_rows=5, max_query_bytes=4000, max_body_bytes=8000, workers=2)
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def listener():
    lis = Listener()
    yield lis
    lis.close()


# -- no request leaves the server -----------------------------------------------------------------
def test_the_listener_sees_what_oxigraph_would_send(listener):
    """Without the guard, Oxigraph does call a SERVICE: the listener is a fair witness."""
    try:
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
    except OSError:
        pass
    assert listener.received and listener.received[0].startswith(b"POST /sparql")


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o .SERVICE<{url}>{{}} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?x) SERVICE ?x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ FILTER(?a<'>') SERVICE <{url}> {{}} FILTER('' = '') }}",
    "# a comment\nSELECT * WHERE {{ ?s ?p 'x' SERVICE <{url}> {{ }} }}",
])
@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_service_is_refused_before_it_runs(client, listener, template, how):
    q = template.format(url=listener.url)
    if how == "get":
        r = client.get("/sparql", params={"query": q})
    elif how == "form":
        r = client.post("/sparql", data={"query": q})
    else:
        r = client.post("/sparql", content=q, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 403, r.text
    assert r.json()["error"] == "outbound-refused"
    time.sleep(0.3)
    assert listener.received == []


def test_load_is_refused_even_with_the_token(tmp_path, listener):
    from test_server_support import copy_store

    app = make_app(copy_store(tmp_path / "store"), allow_update=True, token=TOKEN, timeout=5, workers=1)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as c:
        for update in (f"LOAD <{listener.url}>", f"LOAD SILENT <{listener.url}> INTO GRAPH <http://x/g>",
                       "LOAD <file:///etc/passwd>", f"PREFIX : <{listener.url}> LOAD:x",
                       f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"):
            r = c.post("/sparql", data={"update": update}, headers=auth)
            assert r.status_code == 403, r.text
            r = c.post("/sparql", content=update, headers={**auth, "Content-Type": "application/sparql-update"})
            assert r.status_code == 403, r.text
    time.sleep(0.3)
    assert listener.received == []


def test_oxigraph_takes_no_escapes_in_keywords():
    """The guard relies on this: \\u escapes do not spell keywords outside strings and IRIs."""
    with pytest.raises(SyntaxError):
        ox.Store().query(r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


@pytest.mark.parametrize("text,keyword", [
    ("SELECT ?service WHERE { ?s <http://x/load> 'SERVICE' . ?s <http://x/a#b> \"LOAD\" } # SERVICE <x>", None),
    ("SELECT * WHERE { ?s ?p 'a b' }", None),
    ("sElEcT * { SeRvIcE <http://x> {} }", "SERVICE"),
    ("SELECT * WHERE { ?s <http://x/service> ?o }", None),  # an IRI, not a keyword
])
def test_guard(text, keyword):
    assert outbound_operation(text) == keyword


# -- time limit, isolation, row cap ---------------------------------------------------------------
def test_slow_query_is_stopped_and_does_not_stall_fast_ones(client):
    pool = client.app.state.pool
    killed = pool.killed
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        started = time.monotonic()
        slow = ex.submit(client.get, "/sparql", params={"query": SLOW})
        time.sleep(0.3)  # the slow query holds one worker now
        latencies = []
        for _ in range(10):
            t = time.monotonic()
            r = client.get("/sparql", params={"query": FAST})
            latencies.append(time.monotonic() - t)
            assert r.status_code == 200 and r.json()["boolean"] is True
        r = slow.result()
        took = time.monotonic() - started
    assert r.status_code == 503, r.text
    assert r.json()["error"] == "timeout" and "3 s" in r.json()["message"]
    assert 2.9 < took < 8
    assert max(latencies) < 1.0, latencies
    assert pool.killed == killed + 1
    # the killed worker is replaced: the pool answers as before
    for _ in range(4):
        assert client.get("/sparql", params={"query": FAST}).status_code == 200


def test_row_cap(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 5
    for q in ("SELECT * WHERE { ?s ?p ?o } LIMIT 6", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 6"):
        r = client.get("/sparql", params={"query": q})
        assert r.status_code == 400, r.text
        assert r.json()["error"] == "too-many-results" and "5" in r.json()["message"]


def test_literals_with_newlines_count_as_one_row(client):
    q = 'SELECT ?x WHERE { VALUES ?x { "a\\nb\\nc\\nd\\ne\\nf" "g" } }'
    r = client.get("/sparql", params={"query": q}, headers={"Accept": "text/csv"})
    assert r.status_code == 200, r.text


# -- sizes ---------------------------------------------------------------------------------------
def test_oversized_queries_and_bodies_are_413(client):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000
    assert client.get("/sparql", params={"query": big}).status_code == 413
    assert client.post("/sparql", data={"query": big}).status_code == 413
    r = client.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and r.json()["error"] == "too-large"
    # refused on the declared length, before the body is read
    r = client.post("/sparql", content=b"x" * 10, headers={"Content-Type": "application/sparql-query", "Content-Length": "999999999"})
    assert r.status_code in (400, 413)


def test_chunked_bodies_are_bounded_too(client):
    def chunks():
        for _ in range(100):
            yield b"#" + b"x" * 99

    r = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


# -- read-only by default ---------------------------------------------------------------------------
@pytest.mark.parametrize("send", [
    lambda c: c.post("/sparql", data={"update": "CLEAR ALL"}),
    lambda c: c.post("/sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"}),
    lambda c: c.put("/graph-store", params={"graph": "http://x/g"}, content="<a:b> <a:c> <a:d> .", headers={"Content-Type": "application/n-triples"}),
    lambda c: c.post("/graph-store", params={"graph": "http://x/g"}, content="<a:b> <a:c> <a:d> .", headers={"Content-Type": "application/n-triples"}),
    lambda c: c.delete("/graph-store", params={"graph": "http://x/g"}),
])
def test_changes_are_refused_when_read_only(client, send):
    r = send(client)
    assert r.status_code == 403 and r.json()["error"] == "read-only"
    r2 = client.get("/sparql", params={"query": FAST})
    assert r2.status_code == 200


def test_graph_store_reads_are_open(client):
    q = "SELECT ?g WHERE { GRAPH ?g { ?i a stf:Interview } } LIMIT 1"
    g = client.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["g"]["value"]
    app = make_app(fixture_store(), workers=1)
    with TestClient(app) as c:
        r = c.get("/graph-store", params={"graph": g}, headers={"Accept": "application/n-triples"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
        assert list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))
        assert c.get("/graph-store", params={"graph": "http://example.org/none"}).status_code == 404
        assert c.get("/graph-store").status_code == 400


def test_workers_have_no_network_where_the_os_allows(client, listener):
    """Defence in depth: a SERVICE that got past the guard still reaches nothing, because the
    workers have no network (test_server_isolation.py tries each means, and without privileges)."""
    pool = client.app.state.pool
    assert pool.isolated, "the workers could not be isolated on this Linux"
    job = {"op": "query", "sparql": f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
           "accept": None, "max_rows": 5, "trusted": True}
    reply = pool.call(job)  # straight to a worker, past the parser's check
    assert not reply["ok"]
    time.sleep(0.3)
    assert listener.received == []
