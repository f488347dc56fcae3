"""Protocol features the W3C suites ask for, checked one by one: the base IRI of queries and
updates, the update dataset (using-graph-uri / using-named-graph-uri), operations applied one at
a time over the union default graph, and the Graph Store's direct identification, POST creating
a graph and multipart bodies."""

from __future__ import annotations

import doctest

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

import graph.server.operations as operations_module
from graph.iris import DEFAULT_BASE
from graph.server import make_app
from graph.server.operations import LexError, UpdateDatasetConflict, operations, split_update, with_using
from test_server_support import TOKEN, copy_store

AUTH = {"Authorization": f"Bearer {TOKEN}"}
UPDATE = {**AUTH, "Content-Type": "application/sparql-update"}
E = "http://example.org/"


# -- the update request, read -----------------------------------------------------------------------
def test_docstring_examples_run():
    assert doctest.testmod(operations_module).failed == 0


def test_operations_split_at_top_level_semicolons_only():
    text = """PREFIX ex: <http://e/>  # a comment; with WHERE in it
    INSERT DATA { ex:a ex:b "x ; WHERE" ; ex:c '''y;
    z''' } ;
    BASE <http://b/> DELETE { ?s ex:p ?o } WHERE { ?s ex:p ?o ; ex:q <http://e/a;b> } ;"""
    ops = split_update(text)
    assert [op.body.split()[0] for op in ops] == ["INSERT", "DELETE"]
    assert ops[0].prologue == "PREFIX ex: <http://e/>"
    assert ops[1].prologue == "PREFIX ex: <http://e/> BASE <http://b/>"  # declarations carry over
    for op in ops:
        ox.Store().update(op.text)  # each is a whole update on its own


def test_using_goes_before_each_where_and_delete_where_is_expanded():
    got = operations("INSERT { GRAPH <http://e/h> { ?s a ?t } } WHERE { ?s a ?t } ; CLEAR ALL ; DELETE WHERE { GRAPH ?g { ?s ?p 1 } }",
                     using=["http://e/g1", "http://e/g2"], using_named=["http://e/n"])
    using = "USING <http://e/g1> USING <http://e/g2> USING NAMED <http://e/n>"
    assert got == [f"INSERT {{ GRAPH <http://e/h> {{ ?s a ?t }} }} {using} WHERE {{ ?s a ?t }}", "CLEAR ALL",
                   f"DELETE {{ GRAPH ?g {{ ?s ?p 1 }} }} {using} WHERE {{ GRAPH ?g {{ ?s ?p 1 }} }}"]
    for text in got:
        ox.Store().update(text)
    # a variable or a prefixed name spelt like the keyword is not the keyword
    assert with_using("INSERT { ?where a ex:where } WHERE { ?where a 1 }", [E + "g"], []).count("USING") == 1


@pytest.mark.parametrize("update", ["WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                    "DELETE { ?s ?p ?o } USING <http://e/g> WHERE { ?s ?p ?o }",
                                    "INSERT { ?s ?p ?o } USING NAMED <http://e/g> WHERE { GRAPH ?g { ?s ?p ?o } }"])
def test_a_dataset_given_twice_is_a_conflict(update):
    with pytest.raises(UpdateDatasetConflict):
        operations(update, using_named=[E + "people"])
    assert operations(update) == [update]  # without the parameters it is fine


def test_text_the_lexer_cannot_follow_is_passed_on_whole():
    assert operations('INSERT DATA { <a:b> <a:c> "open }') == ['INSERT DATA { <a:b> <a:c> "open }']
    with pytest.raises(LexError):
        operations("INSERT DATA { <a:b> <a:c> 1 ", using=[E + "g"])


# -- on the server ------------------------------------------------------------------------------------
@pytest.fixture()
def client(tmp_path):
    with TestClient(make_app(copy_store(tmp_path / "store"), allow_update=True, token=TOKEN, timeout=20, workers=1)) as c:
        yield c


def ask(client, q: str) -> bool:
    r = client.post("/sparql", content=q.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


def test_relative_iris_resolve_against_the_data_base(client):
    r = client.post("/sparql", content=b"CONSTRUCT { <s> <p> 1 } WHERE {}", headers={"Content-Type": "application/sparql-query",
                                                                                    "Accept": "application/n-triples"})
    assert r.status_code == 200, r.text
    assert r.text.startswith(f"<{DEFAULT_BASE}s> <{DEFAULT_BASE}p> ")
    r = client.post("/sparql", content=b"INSERT DATA { GRAPH <graph/notes> { <id/person/x> <p> <test> } }", headers=UPDATE)
    assert r.status_code == 204, r.text
    assert ask(client, f"ASK {{ GRAPH <{DEFAULT_BASE}graph/notes> {{ <{DEFAULT_BASE}id/person/x> ?p <{DEFAULT_BASE}test> }} }}")
    assert ask(client, "ASK { <id/person/x> ?p ?o }")  # and in queries alike


def test_a_relative_from_cannot_reach_the_manifest(client):
    """The manifest is not in the store (a sidecar file), so a FROM resolved against the base
    finds no graph there: no rows, and no local path."""
    r = client.get("/sparql", params={"query": "SELECT * FROM <graph/manifest> WHERE { ?s ?p ?o }"})
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"] == [] and "file:" not in r.text


def test_using_graph_uri_is_the_update_dataset(client):
    setup = f"INSERT DATA {{ GRAPH <{E}g1> {{ <{E}a> a <{E}T> }} GRAPH <{E}g2> {{ <{E}b> a <{E}T> }} }}"
    assert client.post("/sparql", content=setup.encode(), headers=UPDATE).status_code == 204
    copy = f"INSERT {{ GRAPH <{E}out> {{ ?s <{E}in> ?where }} }} WHERE {{ {{ ?s a <{E}T> BIND('default' AS ?where) }} UNION {{ GRAPH ?g {{ ?s a <{E}T> }} BIND(?g AS ?where) }} }}"
    r = client.post("/sparql", params={"using-graph-uri": E + "g1", "using-named-graph-uri": E + "g2"},
                    content=copy.encode(), headers=UPDATE)
    assert r.status_code == 204, r.text
    r = client.get("/sparql", params={"query": f"SELECT ?s ?w WHERE {{ GRAPH <{E}out> {{ ?s <{E}in> ?w }} }} ORDER BY ?s"})
    assert [(b["s"]["value"], b["w"]["value"]) for b in r.json()["results"]["bindings"]] == [(E + "a", "default"), (E + "b", E + "g2")]
    r = client.post("/sparql", params={"using-named-graph-uri": E + "g2"}, headers=UPDATE,
                    content=f"WITH <{E}g1> DELETE {{ ?s a ?t }} WHERE {{ ?s a ?t }}".encode())
    assert r.status_code == 400 and r.json()["error"] == "bad-request"
    assert ask(client, f"ASK {{ GRAPH <{E}g1> {{ <{E}a> a <{E}T> }} }}")  # the refused update changed nothing
    r = client.post("/sparql", params={"using-graph-uri": "not an iri"}, headers=UPDATE, content=copy.encode())
    assert r.status_code == 400


def test_each_operation_reads_the_union_left_by_the_one_before(client):
    update = (f"INSERT DATA {{ GRAPH <{E}g> {{ <{E}a> <{E}p> 1 }} }} ; "
              f"INSERT {{ GRAPH <{E}h> {{ ?s <{E}q> 2 }} }} WHERE {{ ?s <{E}p> 1 }} ; "
              f"DELETE WHERE {{ <{E}a> <{E}p> 1 }}")
    assert client.post("/sparql", content=update.encode(), headers=UPDATE).status_code == 204
    assert ask(client, f"ASK {{ GRAPH <{E}h> {{ <{E}a> <{E}q> 2 }} }}")  # the second saw the first's triple in the default graph
    assert not ask(client, f"ASK {{ GRAPH ?any {{ <{E}a> <{E}p> 1 }} }}")  # the third deleted it from the union: from g too


def test_broken_updates_with_a_dataset_are_the_parser_s_to_report(client):
    for update in ("DELETE WHERE", "DELETE WHERE ;", "DELETE WHERE ?x", "INSERT WHERE", "DELETE WHERE { ?s ?p ?o"):
        r = client.post("/sparql", params={"using-graph-uri": E + "g"}, content=update.encode(), headers=UPDATE)
        assert r.status_code == 400 and r.json()["error"] == "malformed-update", (update, r.text)


def test_a_failing_operation_leaves_the_store_as_it_was(client):
    update = f"INSERT DATA {{ GRAPH <{E}g> {{ <{E}a> <{E}p> 1 }} }} ; INSERT DATA {{ GRAPH <{E}g> {{ <{E}a> <{E}p> ?x }} }}"
    assert client.post("/sparql", content=update.encode(), headers=UPDATE).status_code == 400
    assert not ask(client, f"ASK {{ <{E}a> ?p ?o }}")


# -- the Graph Store ---------------------------------------------------------------------------------
TTL = {"Content-Type": "text/turtle", **AUTH}


def nt(client, url, **params) -> set[str]:
    r = client.get(url, params=params, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200, r.text
    return set(r.text.splitlines())


def test_post_to_the_store_creates_a_graph_and_says_where(client):
    r = client.post("/graph-store", content=f"<{E}a> <{E}b> 'new' .".encode(), headers=TTL)
    assert r.status_code == 201, r.text
    iri = r.headers["location"]
    assert iri.startswith("http://testserver/graph-store/")
    by_param, by_path = nt(client, "/graph-store", graph=iri), nt(client, iri.removeprefix("http://testserver"))
    assert by_param == by_path == {f'<{E}a> <{E}b> "new" .'}
    assert ask(client, f"ASK {{ <{E}a> <{E}b> 'new' }}")  # in the union too
    again = client.post("/graph-store", content=f"<{E}a> <{E}b> 'new' .".encode(), headers=TTL)
    assert again.status_code == 201 and again.headers["location"] != iri


def test_a_graph_named_by_its_path(client):
    r = client.put("/graph-store/person/1.ttl", content=f"<{E}p1> <{E}name> 'One' .".encode(), headers=TTL)
    assert r.status_code == 201, r.text
    assert nt(client, "/graph-store", graph="http://testserver/graph-store/person/1.ttl") == {f'<{E}p1> <{E}name> "One" .'}
    assert client.head("/graph-store/person/1.ttl").status_code == 200
    assert client.delete("/graph-store/person/1.ttl", headers=AUTH).status_code == 204
    assert client.get("/graph-store/person/1.ttl").status_code == 404
    assert client.get("/graph-store/person/1.ttl", params={"graph": E + "g"}).status_code == 400


MULTIPART = (b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a.ttl\"\r\nContent-Type: text/turtle\r\n\r\n"
             b"<http://example.org/a> <http://example.org/n> 1 .\r\n"
             b"--XyZ\r\nContent-Disposition: form-data; name=\"b\"; filename=\"b.nt\"\r\n"
             b"Content-Type: application/octet-stream\r\n\r\n"
             b"<http://example.org/a> <http://example.org/n> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> .\r\n--XyZ--\r\n")


def test_a_multipart_post_adds_every_part(client):
    r = client.post("/graph-store", params={"graph": E + "m"}, content=MULTIPART,
                    headers={**AUTH, "Content-Type": "multipart/form-data; boundary=XyZ"})
    assert r.status_code == 201, r.text
    objects = {line.split()[2] for line in nt(client, "/graph-store", graph=E + "m")}
    assert objects == {'"1"^^<http://www.w3.org/2001/XMLSchema#integer>', '"2"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    bad = MULTIPART.replace(b'filename="b.nt"', b'filename="b.bin"')
    r = client.post("/graph-store", params={"graph": E + "m"}, content=bad,
                    headers={**AUTH, "Content-Type": "multipart/form-data; boundary=XyZ"})
    assert r.status_code == 415 and "b.bin" in r.json()["message"]
    r = client.put("/graph-store", params={"graph": E + "m"}, content=MULTIPART,
                   headers={**AUTH, "Content-Type": "multipart/form-data; boundary=XyZ"})
    assert r.status_code == 415  # the REC defines multipart for POST only


def test_post_to_the_store_needs_write_access(tmp_path):
    with TestClient(make_app(copy_store(tmp_path / "store"), workers=1)) as ro:
        r = ro.post("/graph-store", content=b"<http://e/a> <http://e/b> 1 .", headers={"Content-Type": "text/turtle"})
        assert r.status_code == 403 and "location" not in r.headers
