"""The service description (``GET /sparql``) says only what is true of the server: each claim is
checked against what the server does, in both modes, and what it does is claimed."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from graph.server import make_app
from test_server_support import TOKEN, copy_store, fixture_store
from w3c_runner import schema_problems

SD = "http://www.w3.org/ns/sparql-service-description#"
FMT = "http://www.w3.org/ns/formats/"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: Formats a SPARQL server might write (w3.org/ns/formats), by media type: SELECT results and graphs.
RESULTS = {"application/sparql-results+json": "SPARQL_Results_JSON", "application/sparql-results+xml": "SPARQL_Results_XML",
           "text/csv": "SPARQL_Results_CSV", "text/tab-separated-values": "SPARQL_Results_TSV"}
GRAPHS = {"text/turtle": "Turtle", "application/n-triples": "N-Triples", "application/ld+json": "JSON-LD",
          "application/rdf+xml": "RDF_XML", "application/n-quads": "N-Quads", "application/trig": "TriG",
          "text/n3": "N3", "text/html": "RDFa"}


@pytest.fixture(scope="module", params=["read-only", "update"])
def served(request, tmp_path_factory):
    if request.param == "update":
        app = make_app(copy_store(tmp_path_factory.mktemp("sd") / "store"), allow_update=True, token=TOKEN, workers=1)
    else:
        app = make_app(fixture_store(), workers=1)
    with TestClient(app) as client:
        yield request.param, client


def description(client, accept="text/turtle") -> set[tuple[str, str]]:
    r = client.get("/sparql", headers={"Accept": accept})
    assert r.status_code == 200, r.text
    fmt = ox.RdfFormat.from_media_type(r.headers["content-type"].split(";")[0])
    return {(t.predicate.value, t.object.value) for t in ox.parse(r.content, format=fmt)}


def claims(client, prop: str) -> set[str]:
    return {o for p, o in description(client) if p == SD + prop}


def test_it_is_rdf_in_every_format_it_offers_and_keeps_to_the_schema(served):
    _, client = served
    turtle = description(client)
    for accept in ("application/n-triples", "application/rdf+xml", "application/ld+json", "*/*"):
        assert description(client, accept) == turtle, accept
    from rdflib import Graph

    g = Graph().parse(data=client.get("/sparql", headers={"Accept": "text/turtle"}).text, format="turtle")
    assert schema_problems(g) == []
    assert client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False).status_code == 303


def test_result_formats_are_exactly_those_served(served):
    _, client = served
    listed = claims(client, "resultFormat")
    for media, name in {**RESULTS, **GRAPHS}.items():
        query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1" if media in RESULTS else "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"
        r = client.get("/sparql", params={"query": query}, headers={"Accept": media})
        served_it = r.status_code == 200 and r.headers["content-type"].startswith(media)
        assert served_it == (FMT + name in listed), (media, r.status_code, r.headers.get("content-type"))


def test_update_language_is_claimed_exactly_when_updates_are_taken(served):
    mode, client = served
    r = client.post("/sparql", data={"update": "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }"},
                    headers=AUTH)
    assert (r.status_code == 204) == (SD + "SPARQL11Update" in claims(client, "supportedLanguage")) == (mode == "update")
    assert SD + "SPARQL11Query" in claims(client, "supportedLanguage")


def _count(client, where: str) -> int:
    r = client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_union_default_graph_is_claimed_exactly_when_it_holds(served):
    mode, client = served
    if mode == "update":  # a change, then the claim must still hold
        r = client.post("/sparql", headers={**AUTH, "Content-Type": "application/sparql-update"},
                        content=b"INSERT DATA { GRAPH <http://example.org/g2> { <http://example.org/a> <http://example.org/b> 2 } }")
        assert r.status_code == 204
    in_named_not_default = _count(client, "{ SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } } MINUS { ?s ?p ?o }")
    in_default_not_named = _count(client, "?s ?p ?o MINUS { GRAPH ?g { ?s ?p ?o } }")
    holds = in_named_not_default == 0 and in_default_not_named == 0 and _count(client, "?s ?p ?o") > 0
    assert (SD + "UnionDefaultGraph" in claims(client, "feature")) == holds
    assert holds  # the build manifest is not in the store, so nothing is left out of the union


def test_default_entailment_is_simple(served):
    """Simple entailment: nothing inferred (no RDFS), no value equality in matching."""
    mode, client = served
    assert claims(client, "defaultEntailmentRegime") == {"http://www.w3.org/ns/entailment/Simple"}
    if mode != "update":
        return
    data = ("INSERT DATA { GRAPH <http://example.org/e> { <http://example.org/x> a <http://example.org/C> ; "
            "<http://example.org/p> 1.0 . <http://example.org/C> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://example.org/D> } }")
    assert client.post("/sparql", data={"update": data}, headers=AUTH).status_code == 204

    def ask(q):
        return client.get("/sparql", params={"query": q}).json()["boolean"]

    assert ask("ASK { <http://example.org/x> a <http://example.org/C> }")
    assert not ask("ASK { <http://example.org/x> a <http://example.org/D> }")  # RDFS would infer it
    assert not ask("ASK { <http://example.org/x> <http://example.org/p> 1 }")  # D-entailment: 1.0 = 1


def test_no_feature_is_claimed_that_is_not_checked_here(served):
    _, client = served
    # Not claimed, and not true: SERVICE and LOAD are refused (federation, dereferencing), and an
    # emptied graph is not kept as an empty graph.
    assert claims(client, "feature") <= {SD + "UnionDefaultGraph"}
    r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 403
    r = client.get("/sparql", params={"query": "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }"})
    assert r.status_code == 200 and r.json()["results"]["bindings"] == []  # FROM names a graph, fetches nothing
