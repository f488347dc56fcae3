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


# -- memory, bytes, depth: bounded cost per request ----------------------------------------------------
def _doublings(n: int, *, select_string: bool = False) -> str:
    binds = ['BIND("0123456789" AS ?a0)'] + [f"BIND(CONCAT(?a{i},?a{i}) AS ?a{i + 1})" for i in range(n)]
    head = f"?a{n}" if select_string else f"(STRLEN(?a{n}) AS ?n)"
    return f"SELECT {head} WHERE {{ {' '.join(binds)} }}"


@pytest.fixture(scope="module")
def capped():
    app = make_app(fixture_store(), timeout=20, workers=1, worker_memory=256, max_bytes=2_000_000)
    with TestClient(app) as c:
        yield c


def test_a_query_past_the_memory_cap_ends_clearly_and_the_worker_is_replaced(capped, caplog):
    """The issue's probe: 26 doublings of a string would take a worker to gigabytes."""
    pool = capped.app.state.pool
    with caplog.at_level("ERROR", logger="stafett.server"):
        r = capped.get("/sparql", params={"query": _doublings(26)})
    assert r.status_code == 503, r.text
    assert r.json()["error"] == "memory-limit" and "256 MB" in r.json()["message"]
    assert pool.deaths["memory"] >= 1
    assert any("died (memory" in m and "on query" in m for m in caplog.messages), caplog.messages
    r = capped.get("/sparql", params={"query": _doublings(10)})  # a fresh worker answers
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == "10240"


def test_a_result_past_the_byte_cap_is_refused(capped):
    r = capped.get("/sparql", params={"query": _doublings(19, select_string=True)})  # a 5 MB string
    assert r.status_code == 400, r.text[:300]
    assert r.json()["error"] == "result-too-large" and "2000000 bytes" in r.json()["message"]
    r = capped.get("/sparql", params={"query": _doublings(15, select_string=True)}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and len(r.content) > 300_000  # streamed from the spool, whole
    assert r.headers["content-length"] == str(len(r.content))
    assert r.text.splitlines()[1] == "0123456789" * 2 ** 15
    assert capped.app.state.spool_budget.used == 0  # the spool file is gone once sent


def test_a_large_result_is_streamed_from_a_spool_file_not_held(capped):
    pool = capped.app.state.pool
    r = capped.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200, r.text[:200]
    import csv
    import io

    rows = list(csv.reader(io.StringIO(r.text)))
    assert len(rows) > 5000 and set(rows[0]) == {"s", "p", "o"}
    assert int(r.headers["x-result-rows"]) == len(rows) - 1
    import os

    assert os.listdir(pool.spool) == []  # handed over, unlinked, closed


def test_deep_nesting_is_refused_before_it_runs(client):
    """The issue's probe: 10,000 nested groups killed a worker; now a 400 in well under 0.5 s."""
    pool = client.app.state.pool
    deaths = sum(pool.deaths.values())
    for q in ("SELECT * WHERE " + "{" * 10000 + " ?s ?p ?o " + "}" * 10000,
              "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"):
        started = time.monotonic()
        r = client.post("/sparql", content=q[:3999], headers={"Content-Type": "application/sparql-query"})
        took = time.monotonic() - started
        assert r.status_code == 400 and r.json()["error"] == "too-deep", r.text
        assert "nested deeper than 64" in r.json()["message"]
        assert took < 0.5, took
    assert sum(pool.deaths.values()) == deaths


@pytest.mark.parametrize("chain", [
    "SELECT * {{ {} }}".format(" ".join(f"BIND(1 AS ?v{i})" for i in range(1100))),
    "SELECT * {{ ?s ?p ?o {} }}".format(" ".join(["MINUS {?s ?p ?o}"] * 1100)),
    "SELECT ({} AS ?x) {{}}".format("+".join(["1"] * 1100)),
])
def test_long_chains_that_overflow_oxigraph_are_refused(chain):
    """3,000 BINDs or MINUSes in a row overflow Oxigraph's stack; the shape check refuses 1,000."""
    app = make_app(fixture_store(), timeout=10, workers=1, max_query_bytes=200_000)
    with TestClient(app) as c:
        r = c.post("/sparql", content=chain, headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 400 and r.json()["error"] == "too-complex", r.text[:300]


def test_a_worker_that_dies_is_logged_with_the_query_hash(client, caplog):
    """Past every check (a trusted job, as only the server's own code sends): Oxigraph overflows
    its stack, the worker dies, the log names the query by its hash, a fresh worker follows."""
    from graph.server.pool import PoolError, query_hash

    pool = client.app.state.pool
    deep = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    with caplog.at_level("ERROR", logger="stafett.server"), pytest.raises(PoolError) as err:
        pool.call({"op": "query", "sparql": deep, "accept": None, "max_rows": 5, "trusted": True})
    assert err.value.status == 500 and err.value.error == "worker-died"
    assert any(query_hash(deep) in m for m in caplog.messages), caplog.messages
    assert client.get("/sparql", params={"query": FAST}).status_code == 200


def test_a_full_disk_during_an_update_is_507(tmp_path):
    """A file size limit fails writes as a full disk does (EFBIG); the change is 507 and nothing
    is lost."""
    import os
    import resource

    from test_server_support import copy_store

    store = copy_store(tmp_path / "store")
    before = os.readlink(store / "current")
    app = make_app(store, allow_update=True, token=TOKEN, timeout=30, workers=1)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, hard))  # inherited by the workers started now
    try:
        client = TestClient(app)
        client.__enter__()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    try:
        big = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"{'x' * 200}\" .\n" for i in range(20000))
        r = client.put("/graph-store", params={"graph": "http://example.org/big"}, content=big.encode(),
                       headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/n-triples"})
        assert r.status_code == 507, r.text
        assert r.json()["error"] == "insufficient-storage"
        assert str(store) not in r.text
        assert os.readlink(store / "current") == before
    finally:
        client.__exit__(None, None, None)


def test_store_busy_names_no_path_and_no_pid(tmp_path):
    from graph.store import StoreLock
    from test_server_support import copy_store

    store = copy_store(tmp_path / "store")
    app = make_app(store, allow_update=True, token=TOKEN, timeout=30, workers=1)
    with TestClient(app) as c, StoreLock(store):
        r = c.post("/sparql", data={"update": "INSERT DATA { <a:s> <a:p> 'x' }"},
                   headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 503 and r.json()["error"] == "store-busy", r.text
        assert str(store) not in r.text and "pid" not in r.text and str(tmp_path) not in r.text


def test_the_service_description_names_the_public_url_not_the_host_header():
    app = make_app(fixture_store(), workers=1, public_url="https://kg.example.no/stafett")
    with TestClient(app) as c:
        r = c.get("/sparql", headers={"Accept": "text/turtle", "Host": "evil.example"})
        assert "<https://kg.example.no/stafett/sparql>" in r.text and "evil" not in r.text


def test_cors_allows_what_a_browser_client_needs_and_no_more(client):
    r = client.options("/sparql", headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "authorization" not in r.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in r.headers
    r = client.get("/sparql", params={"query": FAST}, headers={"Origin": "https://yasgui.example"})
    assert r.headers["access-control-allow-origin"] == "*"
