"""The endpoint cannot be turned against its host: no query or update makes a connection, to
loopback, private or link-local addresses, over IPv4 or IPv6, by address or by name, directly or
through a redirect, however the keyword or the IRI is spelt. Listeners on loopback ports (one
IPv4, one IPv6, and a redirector pointing at the first) must see nothing.

The workers' isolation (the second wall, see test_server_isolation.py) is switched off here, so
the parser's check alone is tested.
"""

from __future__ import annotations

import socket
import time

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from graph.server import make_app
from graph.server.guard import Unreadable, outbound_operation
from test_server_support import TOKEN, Listener, copy_store, fixture_store


def redirector(target: str) -> Listener:
    """A listener that answers every connection with a redirect to ``target``."""
    return Listener(reply=f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n".encode())


@pytest.fixture(scope="module")
def ears():
    v4 = Listener()
    v6 = Listener(host="::1")
    hop = redirector(f"http://127.0.0.1:{v4.port}/sparql")
    yield v4, v6, hop
    for lis in (v4, v6, hop):
        lis.close()


@pytest.fixture(scope="module")
def client():
    app = make_app(fixture_store(), timeout=5, workers=1, isolate_network=False)
    with TestClient(app) as c:
        yield c


def test_the_listeners_are_fair_witnesses(ears):
    """Without the guard, Oxigraph does connect: by address and by name, and to the redirector
    (Oxigraph 0.5 follows no redirect, and cannot resolve an IPv6 literal such as [::1]; the
    IPv6 listener is shown to work by a plain connection)."""
    v4, v6, hop = ears
    for url in (f"http://localhost:{v4.port}/sparql", f"http://127.0.0.1:{hop.port}/sparql"):
        try:
            list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
        except OSError:
            pass
    socket.create_connection(("::1", v6.port), timeout=2).close()
    time.sleep(0.3)
    assert v4.received and v6.received and hop.received
    for lis in ears:
        lis.received.clear()


def targets(ears) -> list[str]:
    v4, v6, hop = ears
    p = v4.port
    return [
        f"http://127.0.0.1:{p}/sparql", f"http://[::1]:{v6.port}/sparql", f"http://localhost:{p}/sparql",
        f"http://127.1:{p}/", f"http://2130706433:{p}/", f"http://0x7f000001:{p}/", f"http://0177.0.0.1:{p}/",
        f"http://[::ffff:127.0.0.1]:{p}/", f"http://127.0.0.1:{hop.port}/redirect",
        "http://10.0.0.1/", "http://192.168.1.1/", "http://172.16.0.1/", "http://169.254.169.254/latest/meta-data/",
        "http://[fd00::1]/", "http://[fe80::1]/", "file:///etc/passwd", "https://example.org/sparql",
    ]


QUERY_FORMS = [
    "SELECT * WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }}",
    "select * where {{ sErViCe SiLeNt <{t}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE#a comment\n<{t}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE\t\r\n<{t}>{{?s ?p ?o}} }}",
    "PREFIX r: <{t}> SELECT * WHERE {{ SERVICE r: {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <{t}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y 'SERVICE' . SERVICE <{t}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y \"\"\"a \"\" b\"\"\" . SERVICE <{t}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ SERVICE <{t}> {{ ?s ?p ?o }} }} MINUS {{ SERVICE <{t}> {{ ?s ?p ?o }} }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{t}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }}",
]


def _escaped(iri: str) -> str:
    """The IRI with its letters written as \\u escapes (SPARQL allows them in IRIs)."""
    return "".join(f"\\u{ord(c):04X}" if c.isalpha() else c for c in iri)


@pytest.mark.parametrize("form", QUERY_FORMS)
def test_service_to_any_address_is_refused_and_nothing_arrives(client, ears, form):
    for i, t in enumerate(targets(ears) + [_escaped(targets(ears)[0])]):
        q = form.format(t=t)
        how = ("get", "form", "direct")[i % 3]  # every way of sending, spread over the targets
        if how == "get":
            r = client.get("/sparql", params={"query": q})
        elif how == "form":
            r = client.post("/sparql", data={"query": q})
        else:
            r = client.post("/sparql", content=q.encode(), headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 403 and r.json()["error"] == "outbound-refused", (q, r.text)
    time.sleep(0.3)
    assert [lis.received for lis in ears] == [[], [], []]


def test_dataset_iris_are_never_fetched(client, ears):
    """FROM, FROM NAMED, default-graph-uri, named-graph-uri and /graph-store?graph= name graphs
    of the store; none of them makes a request."""
    for t in targets(ears)[:9]:
        for r in (
            client.get("/sparql", params={"query": f"SELECT * FROM <{t}> WHERE {{ ?s ?p ?o }}"}),
            client.get("/sparql", params={"query": f"SELECT * FROM NAMED <{t}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}),
            client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": t}),
            client.get("/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": t}),
            client.get("/graph-store", params={"graph": t}),
            client.get("/sparql", params={"query": f"DESCRIBE <{t}>"}),
        ):
            assert r.status_code in (200, 400, 404), r.text
            assert r.status_code != 200 or b"root:" not in r.content
    time.sleep(0.3)
    assert [lis.received for lis in ears] == [[], [], []]


UPDATE_FORMS = [
    "LOAD <{t}>",
    "load silent <{t}> into graph <http://example.org/g>",
    "INSERT DATA {{ <a:s> <a:p> 'x' }} ; LOAD <{t}>",
    "LOAD#c\n<{t}>",
    "PREFIX r: <{t}> LOAD r:",
    "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }}",
    "DELETE {{ ?s ?p ?o }} WHERE {{ SERVICE SILENT <{t}> {{ ?s ?p ?o }} }}",
    "WITH <http://example.org/g> INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }}",
]


def test_load_and_service_in_updates_are_refused_even_with_the_token(tmp_path, ears):
    app = make_app(copy_store(tmp_path / "store"), allow_update=True, token=TOKEN, timeout=5, workers=1,
                   isolate_network=False)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as c:
        for form in UPDATE_FORMS:
            for i, t in enumerate(targets(ears) + [_escaped(targets(ears)[0])]):
                u = form.format(t=t)
                if i % 2:
                    r = c.post("/sparql", data={"update": u}, headers=auth)
                else:
                    r = c.post("/sparql", content=u.encode(), headers={**auth, "Content-Type": "application/sparql-update"})
                assert r.status_code == 403 and r.json()["error"] == "outbound-refused", (u, r.text)
        # A Graph Store body is data, never fetched: IRIs in it are just IRIs.
        nt = f"<http://example.org/s> <http://www.w3.org/2002/07/owl#imports> <{targets(ears)[0]}> .\n".encode()
        r = c.put("/graph-store", params={"graph": "http://example.org/g"}, content=nt,
                  headers={**auth, "Content-Type": "application/n-triples"})
        assert r.status_code == 201, r.text
    time.sleep(0.3)
    assert [lis.received for lis in ears] == [[], [], []]


def test_the_guard_reads_the_query_as_a_parser_does():
    """Keywords are found by the grammar, whatever follows them; words in strings, IRIs and
    comments are not keywords; escapes that rdflib expands make it refuse more, never less."""
    assert outbound_operation("PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:json { ?s ?p ?o } }") == "SERVICE"
    assert outbound_operation("SELECT * { sErViCe <x:y> {} }") == "SERVICE"
    with pytest.raises(Unreadable):  # rdflib does not take a no-break space for a blank: not run at all
        outbound_operation("SELECT * { SERVICE\u00a0<x:y> {} }")
    assert outbound_operation("SELECT * { ?s ?p '''it''s''' SERVICE <x:y> {} }") == "SERVICE"
    assert outbound_operation("SELECT * { ?s ?p ?o #\\\nSERVICE <x:y> {} }") == "SERVICE"  # a comment ends at the line
    assert outbound_operation("SELECT * { ?s <x:service> 'LOAD' } # LOAD <x:y>") is None
    assert outbound_operation("SELECT ?service ?load { ?s <http://example.org/service> ?load }") is None
    assert outbound_operation("SELECT * { SERV\\u0049CE <x:y> {} }") == "SERVICE"  # rdflib expands it: refused
    with pytest.raises(SyntaxError):  # ... where Oxigraph would not even read it
        ox.Store().query("SELECT * { SERV\\u0049CE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert outbound_operation("LOAD:x", update=True) == "LOAD"
    assert outbound_operation("PREFIX : <http://127.0.0.1:9/> INSERT { ?s ?p ?o } WHERE { SERVICE:x { ?s ?p ?o } }",
                              update=True) == "SERVICE"
    assert outbound_operation("INSERT DATA { <a:s> <a:p> 'LOAD <x:y>' }", update=True) is None


ISSUE_PROBES = [  # the probes of the issue, as an attacker sent them
    "PREFIX : <{base}> SELECT ?x WHERE {{ SERVICE:json {{ SELECT ?x WHERE {{ ?a ?b ?x }} }} }}",
    "PREFIX : <{base}> SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE:x {{ ?a ?b ?c }} }} }} }}",
    "PREFIX : <{base}> ASK {{ FILTER NOT EXISTS {{ SERVICE SILENT:x {{ ?a ?b ?c }} }} }}",
    "PREFIX : <{base}> SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE:x {{}} }} }}",
    "prefix : <{base}> select * {{ service:x{{}} }}",
]
ISSUE_UPDATES = [
    "PREFIX : <{base}> LOAD:x",
    "PREFIX : <{base}> LOAD SILENT:x INTO GRAPH :g",
    "PREFIX : <{base}> INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
    "PREFIX : <{base}> DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
]


def test_the_issues_probes_are_refused_and_nothing_arrives(tmp_path, ears):
    v4 = ears[0]
    base = f"http://127.0.0.1:{v4.port}/"
    app = make_app(copy_store(tmp_path / "store"), allow_update=True, token=TOKEN, timeout=5, workers=1,
                   isolate_network=False)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as c:
        for form in ISSUE_PROBES:
            r = c.get("/sparql", params={"query": form.format(base=base)})
            assert r.status_code == 403 and r.json()["error"] == "outbound-refused", (form, r.text)
        for form in ISSUE_UPDATES:
            r = c.post("/sparql", data={"update": form.format(base=base)}, headers=auth)
            assert r.status_code == 403 and r.json()["error"] == "outbound-refused", (form, r.text)
    time.sleep(0.3)
    assert [lis.received for lis in ears] == [[], [], []]


def test_a_full_iri_holding_the_word_is_fine_now(client):
    """The parser knows an IRI from a keyword: <http://example.org/service> is not refused."""
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s <http://example.org/service> ?o } LIMIT 1"})
    assert r.status_code == 200, r.text
