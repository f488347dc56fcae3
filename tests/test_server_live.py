"""One real server: ``stafett serve`` on a free loopback port, asked by SPARQLWrapper and curl."""

from __future__ import annotations

import json
import shutil
import subprocess

import pyoxigraph as ox
import pytest

from test_server_support import HOSTILE, live_server

pytestmark = pytest.mark.live_server
PEOPLE = "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name"
FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


@pytest.fixture(scope="module")
def server() -> str:
    return live_server()


def curl(*args: str) -> subprocess.CompletedProcess:
    if not shutil.which("curl"):
        pytest.skip("curl is not installed (apt-get install curl)")
    # --noproxy '*': straight to the loopback server, whatever the environment says
    return subprocess.run(["curl", "-sS", "--noproxy", "*", "--max-time", "30", "-w", "\n%{http_code} %{content_type}", *args],
                          capture_output=True, check=True)


def split(out: bytes) -> tuple[bytes, int, str]:
    body, _, status_line = out.rpartition(b"\n")
    code, _, ctype = status_line.decode().partition(" ")
    return body, int(code), ctype


def names(body: bytes, fmt) -> list[str]:
    if fmt is ox.QueryResultsFormat.CSV:
        return body.decode().splitlines()[1:]
    return [row["name"].value for row in ox.parse_query_results(body, format=fmt)]


@pytest.mark.parametrize("accept", list(FORMATS))
@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_curl(server, how, accept):
    url = server + "/sparql"
    if how == "get":
        args = ["-G", url, "--data-urlencode", f"query={PEOPLE}"]
    elif how == "form":
        args = [url, "--data-urlencode", f"query={PEOPLE}"]
    else:
        args = [url, "-H", "Content-Type: application/sparql-query", "--data-binary", PEOPLE]
    body, code, ctype = split(curl("-H", f"Accept: {accept}", *args).stdout)
    assert code == 200, body
    assert ctype.startswith(accept)
    got = names(body, FORMATS[accept])
    assert HOSTILE in got and "Trude Andresen" in got


def test_curl_entity_as_turtle(server):
    body, code, ctype = split(curl("-H", "Accept: text/turtle", server + "/id/person/trude-andresen.3314").stdout)
    assert code == 200 and ctype.startswith("text/turtle")
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert "Trude Andresen" in {t.object.value for t in triples}


def test_curl_errors_have_the_one_shape(server):
    body, code, _ = split(curl("-G", server + "/sparql", "--data-urlencode", "query=SELECT * WHERE { ?s ?p }").stdout)
    assert code == 400 and json.loads(body)["error"] == "malformed-query"
    body, code, _ = split(curl("-X", "POST", server + "/sparql", "--data-urlencode", "update=CLEAR ALL").stdout)
    assert code == 403 and json.loads(body)["error"] == "read-only"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper(server, method, fmt):
    from SPARQLWrapper import CSV, GET, JSON, POST, TSV, XML, SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setMethod({"GET": GET, "POST": POST}[method])
    sw.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV}[fmt])
    sw.setQuery("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n" + PEOPLE)
    result = sw.query().convert()
    if fmt == "json":
        got = [b["name"]["value"] for b in result["results"]["bindings"]]
    elif fmt == "xml":
        got = [n.firstChild.firstChild.data for n in result.getElementsByTagName("binding")]
    else:
        text = result.decode("utf-8") if isinstance(result, bytes) else result
        got = [line.strip('"') for line in text.splitlines()[1:]]
    assert "Trude Andresen" in got


def test_sparqlwrapper_construct(server):
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setReturnFormat(TURTLE)
    sw.setQuery("CONSTRUCT { ?p <http://xmlns.com/foaf/0.1/name> ?n } WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n }")
    data = sw.query().convert()
    assert "Trude Andresen" in {t.object.value for t in ox.parse(data, format=ox.RdfFormat.TURTLE)}


def test_serving_a_remote_store(server):
    """--endpoint: the app's workers read a remote SPARQL server (here: the live one)."""
    from starlette.testclient import TestClient

    from graph.remote import RemoteStore
    from graph.server import make_app

    app = make_app(RemoteStore(server + "/sparql"), workers=1, timeout=20)
    with TestClient(app) as c:
        r = c.get("/sparql", params={"query": PEOPLE}, headers={"Accept": "text/csv"})
        assert r.status_code == 200, r.text
        assert "Trude Andresen" in r.text.splitlines()
        r = c.get("/id/person/trude-andresen.3314", headers={"Accept": "application/n-triples"})
        assert r.status_code == 200 and b"Trude Andresen" in r.content
    with pytest.raises(ValueError, match="embedded"):
        make_app(RemoteStore(server + "/sparql"), allow_update=True, token="t")
