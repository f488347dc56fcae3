"""--allow-update: SPARQL Update and Graph Store writes with the bearer token, applied to a new
generation of the embedded store with the union default graph kept in step."""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from graph.server import make_app
from graph.store import EmbeddedStore
from test_server_support import TOKEN, copy_store

AUTH = {"Authorization": f"Bearer {TOKEN}"}
G = "http://example.org/graph/extra"


@pytest.fixture()
def store(tmp_path):
    return copy_store(tmp_path / "store")


@pytest.fixture()
def client(store):
    with TestClient(make_app(store, allow_update=True, token=TOKEN, timeout=10, workers=1)) as c:
        yield c


def ask(client, q: str) -> bool:
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


def union_is_consistent(store_dir) -> bool:
    """The default graph is exactly the merge of the named graphs but the manifest."""
    with EmbeddedStore(store_dir) as st:
        ox_store = st.oxigraph
        default = {(q.subject, q.predicate, q.object) for q in ox_store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
        union = {(q.subject, q.predicate, q.object) for q in ox_store.quads_for_pattern(None, None, None, None)
                 if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.endswith("graph/manifest")}
    return default == union


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": TOKEN}])
def test_changes_need_the_right_token(client, headers):
    r = client.post("/sparql", data={"update": f"INSERT DATA {{ GRAPH <{G}> {{ <a:s> <a:p> 'x' }} }}"}, headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["error"] == "unauthorized"
    assert not ask(client, "ASK { <a:s> ?p ?o }")


def test_update_into_a_named_graph_reaches_the_union(client, store):
    before = os.readlink(store / "current")
    r = client.post("/sparql", data={"update": f"INSERT DATA {{ GRAPH <{G}> {{ <a:s> <a:p> 'x' }} }}"}, headers=AUTH)
    assert r.status_code == 204, r.text
    assert os.readlink(store / "current") != before  # a new generation was swapped in
    assert ask(client, "ASK { <a:s> <a:p> 'x' }")
    assert ask(client, f"ASK {{ GRAPH <{G}> {{ <a:s> <a:p> 'x' }} }}")
    assert union_is_consistent(store)


def test_insert_into_the_default_graph_is_kept_in_the_updates_graph(client, store):
    r = client.post("/sparql", content="INSERT DATA { <a:t> <a:p> 'y' }",
                    headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert r.status_code == 204, r.text
    assert ask(client, "ASK { GRAPH <https://w3id.org/stafett/graph/updates> { <a:t> <a:p> 'y' } }")
    assert union_is_consistent(store)


def test_delete_from_the_default_graph_deletes_from_every_named_graph(client, store):
    assert ask(client, "ASK { ?p foaf:name 'Trude Andresen' }")
    r = client.post("/sparql", data={"update": "DELETE WHERE { ?p foaf:name 'Trude Andresen' }"}, headers=AUTH)
    assert r.status_code == 204, r.text
    assert not ask(client, "ASK { ?p foaf:name 'Trude Andresen' }")
    assert not ask(client, "ASK { GRAPH ?g { ?p foaf:name 'Trude Andresen' } }")
    assert union_is_consistent(store)


def test_delete_from_one_named_graph_keeps_what_another_holds(client, store):
    q = "SELECT ?g WHERE { GRAPH ?g { ?p foaf:name 'Trude Andresen' } }"
    graphs = [b["g"]["value"] for b in client.get("/sparql", params={"query": q}).json()["results"]["bindings"]]
    assert len(graphs) >= 2  # named in her interview and in the next one's
    r = client.post("/sparql", data={"update": f"DELETE WHERE {{ GRAPH <{graphs[0]}> {{ ?p foaf:name 'Trude Andresen' }} }}"}, headers=AUTH)
    assert r.status_code == 204
    assert ask(client, "ASK { ?p foaf:name 'Trude Andresen' }")  # still in the other graph
    assert union_is_consistent(store)


def test_malformed_update_is_400_and_changes_nothing(client, store):
    before = os.readlink(store / "current")
    r = client.post("/sparql", data={"update": "INSERT DATA { <a:s> }"}, headers=AUTH)
    assert r.status_code == 400 and r.json()["error"] == "malformed-update"
    assert os.readlink(store / "current") == before


def test_graph_store_put_post_delete(client, store):
    nt = b"<http://example.org/a> <http://example.org/p> \"one\" .\n"
    r = client.put("/graph-store", params={"graph": G}, content=nt, headers={**AUTH, "Content-Type": "application/n-triples"})
    assert r.status_code == 201
    r = client.post("/graph-store", params={"graph": G}, content=b'<http://example.org/a> <http://example.org/p> "two" .',
                    headers={**AUTH, "Content-Type": "text/turtle"})
    assert r.status_code == 204
    got = client.get("/graph-store", params={"graph": G}, headers={"Accept": "application/n-triples"})
    assert sorted(t.object.value for t in ox.parse(got.content, format=ox.RdfFormat.N_TRIPLES)) == ["one", "two"]
    r = client.put("/graph-store", params={"graph": G}, content=nt, headers={**AUTH, "Content-Type": "application/n-triples"})
    assert r.status_code == 204
    assert not ask(client, "ASK { <http://example.org/a> ?p 'two' }")
    assert union_is_consistent(store)
    assert client.delete("/graph-store", params={"graph": G}, headers=AUTH).status_code == 204
    assert not ask(client, "ASK { <http://example.org/a> ?p ?o }")
    assert client.delete("/graph-store", params={"graph": G}, headers=AUTH).status_code == 404
    assert union_is_consistent(store)


def test_graph_store_refuses_the_default_graph_and_bad_data(client):
    r = client.put("/graph-store", params={"default": ""}, content=b"", headers={**AUTH, "Content-Type": "text/turtle"})
    assert r.status_code == 403 and r.json()["error"] == "union-default-graph"
    r = client.put("/graph-store", params={"graph": G}, content=b"not turtle <", headers={**AUTH, "Content-Type": "text/turtle"})
    assert r.status_code == 400 and r.json()["error"] == "malformed-data"
    r = client.put("/graph-store", params={"graph": G}, content=b"x", headers={**AUTH, "Content-Type": "application/n-quads"})
    assert r.status_code == 415


def test_update_options_are_checked():
    with pytest.raises(ValueError, match="token"):
        make_app("/nonexistent", allow_update=True)


def test_serve_needs_a_token_for_updates(monkeypatch):
    from click.testing import CliRunner

    from graph.cli import cli
    from test_server_support import fixture_store

    monkeypatch.delenv("STAFETT_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--store", str(fixture_store()), "--allow-update"])
    assert result.exit_code == 2
    assert "--token" in result.output
