"""The SPARQL 1.1 Protocol at /sparql, in process (Starlette's TestClient over the real app
and its real worker processes)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from graph.server import make_app
from test_server_support import HOSTILE, fixture_store

PEOPLE = "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name"
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}


@pytest.fixture(scope="module")
def client():
    with TestClient(make_app(fixture_store(), timeout=5, max_rows=5000)) as c:
        yield c


def names(response) -> list[str]:
    """The ?name column of a SELECT result in whichever format it came."""
    media = response.headers["content-type"].split(";")[0]
    kind = RESULT_TYPES[media]
    if kind == "json":
        return [b["name"]["value"] for b in response.json()["results"]["bindings"]]
    if kind == "xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        return [e.text for e in ET.fromstring(response.content).findall(".//r:binding[@name='name']/r:literal", ns)]
    if kind == "csv":
        return [row["name"] for row in csv.DictReader(io.StringIO(response.text))]
    rows = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.TSV)
    return [row["name"].value for row in rows]


def send(client, how: str, query: str, accept: str | None = None, params: dict | None = None):
    headers = {"Accept": accept} if accept else {}
    if how == "get":
        return client.get("/sparql", params={"query": query, **(params or {})}, headers=headers)
    if how == "form":
        return client.post("/sparql", data={"query": query, **(params or {})}, headers=headers)
    return client.post("/sparql", content=query.encode("utf-8"), params=params,
                       headers={**headers, "Content-Type": "application/sparql-query"})


@pytest.mark.parametrize("how", ["get", "form", "direct"])
@pytest.mark.parametrize("accept", list(RESULT_TYPES))
def test_select_in_every_way_and_format(client, how, accept):
    r = send(client, how, PEOPLE, accept)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    got = names(r)
    assert HOSTILE in got and "Trude Andresen" in got
    assert got == sorted(got)


def test_default_format_is_json(client):
    for accept in (None, "*/*", "text/html,application/xhtml+xml,*/*;q=0.8"):
        r = send(client, "get", PEOPLE, accept)
        assert r.headers["content-type"].startswith("application/sparql-results+json"), accept


def test_q_values_are_honoured(client):
    r = send(client, "get", PEOPLE, "application/sparql-results+json;q=0.2, text/csv;q=0.9, application/sparql-results+xml;q=0.5")
    assert r.headers["content-type"].startswith("text/csv")
    r = send(client, "get", PEOPLE, "text/*;q=0.5, application/sparql-results+xml")
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = send(client, "get", PEOPLE, "text/csv;q=0, */*;q=0.1")
    assert not r.headers["content-type"].startswith("text/csv")


def test_ask(client):
    r = send(client, "get", "ASK { ?p foaf:name 'Trude Andresen' }", "application/sparql-results+json")
    assert r.json()["boolean"] is True
    r = send(client, "form", "ASK { ?p foaf:name 'Nobody' }", "application/sparql-results+xml")
    assert b"false" in r.content


@pytest.mark.parametrize("accept,fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
@pytest.mark.parametrize("how", ["get", "direct"])
def test_construct_formats(client, how, accept, fmt):
    q = "CONSTRUCT { ?p foaf:name ?n } WHERE { ?p a foaf:Person ; foaf:name ?n }"
    r = send(client, how, q, accept)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    triples = list(ox.parse(r.content, format=fmt))
    assert HOSTILE in {t.object.value for t in triples}


def test_construct_defaults_to_turtle(client):
    r = send(client, "get", "DESCRIBE <https://w3id.org/stafett/id/municipality/3314>")
    assert r.headers["content-type"].startswith("text/turtle")
    assert list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))


def test_malformed_query_is_400_with_the_parsers_message(client):
    r = send(client, "get", "SELECT * WHERE { ?s ?p }")
    assert r.status_code == 400
    body = r.json()
    assert body == {"status": 400, "error": "malformed-query", "message": body["message"]}
    assert "1:" in body["message"]  # line and column


@pytest.mark.parametrize("query,accept", [(PEOPLE, "text/turtle"), (PEOPLE, "image/png"),
                                          ("CONSTRUCT WHERE { ?s a foaf:Person }", "text/csv")])
def test_406_for_what_cannot_be_produced(client, query, accept):
    r = send(client, "get", query, accept)
    assert r.status_code == 406
    assert r.json()["error"] == "not-acceptable"


def test_415_and_405(client):
    r = client.post("/sparql", content=b"SELECT * {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.json()["error"] == "unsupported-media-type"
    assert client.put("/sparql", content=b"x").status_code == 405
    assert client.get("/sparql", params={"update": "CLEAR ALL"}).status_code == 405


def test_service_description_and_redirect(client):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert any(t.object.value.endswith("#UnionDefaultGraph") for t in ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    r = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"


# -- the dataset --------------------------------------------------------------------------------
def interview_graph(client, person: str) -> str:
    q = f"SELECT ?g WHERE {{ GRAPH ?g {{ ?i stf:interviewee ?p . ?p foaf:name '{person}' }} }}"
    return send(client, "get", q).json()["results"]["bindings"][0]["g"]["value"]


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_default_graph_uri_narrows_the_default_graph(client, how):
    g = interview_graph(client, "Trude Andresen")
    r = send(client, how, "SELECT DISTINCT ?name WHERE { ?i stf:interviewee/foaf:name ?name }", params={"default-graph-uri": g})
    assert r.status_code == 200, r.text
    assert [b["name"]["value"] for b in r.json()["results"]["bindings"]] == ["Trude Andresen"]
    # only default-graph-uri given: the dataset has no named graphs
    r = send(client, how, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", params={"default-graph-uri": g})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "0"


def test_named_graph_uri_narrows_the_named_graphs(client):
    g = interview_graph(client, HOSTILE)
    r = send(client, "get", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", params={"named-graph-uri": g})
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [g]
    r = send(client, "get", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", params={"named-graph-uri": g})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "0"  # the default graph is then empty


def test_without_dataset_parameters_the_default_graph_is_the_union(client):
    r = send(client, "get", "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a stf:Interview }")
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) >= 4


def test_bad_graph_iri_is_400(client):
    r = send(client, "get", PEOPLE, params={"default-graph-uri": "not an iri"})
    assert r.status_code == 400


# -- headers and the error shape -------------------------------------------------------------------
def test_security_headers_on_everything(client):
    for r in (client.get("/"), send(client, "get", PEOPLE), send(client, "get", "SELECT"),
              client.get("/nowhere"), client.get("/static/stafett.css")):
        assert r.headers["x-content-type-options"] == "nosniff"
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_one_error_shape(client):
    for r in (client.get("/nowhere"), send(client, "get", "SELECT"), client.put("/sparql"),
              client.post("/sparql", data={"update": "CLEAR ALL"})):
        body = r.json()
        assert set(body) == {"status", "error", "message"} and body["status"] == r.status_code
        assert r.headers["content-type"].startswith("application/json")


def test_error_page_for_browsers(client):
    r = client.get("/id/person/nobody-at-all", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "not-found" in r.text


def test_cors_for_queries(client):
    assert send(client, "get", PEOPLE).headers["access-control-allow-origin"] == "*"
