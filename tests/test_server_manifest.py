"""No query, however it is written, returns the build manifest or a local path, and none makes
the server reach out: a generator of FROM / FROM NAMED / GRAPH / SERVICE spellings (keyword
case, comments and line breaks, full, prefixed, BASE-relative and \\u-escaped IRIs, VALUES-bound
graph names, subqueries, EXISTS) plus the issue's hostile queries, sent to the endpoint over a
store whose inputs had private absolute paths. A loopback witness must hear nothing.

The manifest itself is in a file beside the store (``graph/store.py``); the last test checks
that ``stafett build --update`` still finds it there.
"""

from __future__ import annotations

import os
import shutil
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from graph.build import build
from graph.server import make_app
from graph.store import read_manifest
from test_server_support import HOSTILE_TEXT, Listener, fixture_store

MANIFEST = "https://w3id.org/stafett/graph/manifest"
GRAPHS = "https://w3id.org/stafett/graph/"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A store built from inputs in a private-looking folder, served with everything on."""
    root = tmp_path_factory.mktemp("manifest")
    private = root / "home" / "kari" / "private"
    private.mkdir(parents=True)
    (private / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    for src in (fixture_store().parent / "inputs").iterdir():
        shutil.copy(src, private / src.name)
    build([private], store_dir=root / "store", workers=1)
    witness = Listener()
    app = make_app(root / "store", timeout=10, workers=2)
    with TestClient(app) as client:
        yield client, witness, str(private)
    witness.close()


def _clean(body: bytes, private: str) -> None:
    assert b"file:" not in body, body[:400]
    assert private.encode() not in body and b"/home/kari" not in body, body[:400]
    assert b"graph/manifest" not in body, body[:400]


def _escape(iri: str, k: int) -> str:
    """Every k-th letter of the IRI's path as a \\u escape."""
    head, _, tail = iri.partition("/graph/")
    tail = "".join(f"\\u{ord(c):04X}" if c.isalpha() and i % k == 0 else c for i, c in enumerate(tail))
    return f"{head}/graph/{tail}"


def _case(word: str, mask: int) -> str:
    return "".join(c.upper() if (mask >> i) & 1 else c.lower() for i, c in enumerate(word))


GAP = st.sampled_from([" ", "\n", "\t", " #c\n", "\r\n  "])


@st.composite
def graph_ref(draw) -> tuple[str, str]:
    """(prologue, a way of writing the manifest graph's IRI)."""
    how = draw(st.sampled_from(["full", "prefixed", "empty-prefix", "base", "escaped", "variable"]))
    if how == "full":
        return "", f"<{MANIFEST}>"
    if how == "prefixed":
        return f"PREFIX m: <{GRAPHS}man>\n", "m:ifest"
    if how == "empty-prefix":
        return f"PREFIX : <{GRAPHS}>\n", ":manifest"
    if how == "base":
        return f"BASE <{GRAPHS}>\n", "<manifest>"
    if how == "escaped":
        return "", f"<{_escape(MANIFEST, draw(st.integers(1, 3)))}>"
    return "", "?g"


@st.composite
def hostile_query(draw, witness_port: int) -> str:
    prologue, g = draw(graph_ref())
    gap = draw(GAP)
    kw = lambda w: _case(w, draw(st.integers(0, 2 ** len(w) - 1)))  # noqa: E731
    body = draw(st.sampled_from([
        "?s ?p ?o",
        "?s prov:wasDerivedFrom ?o",
        f"{kw('GRAPH')}{gap}{g} {{ ?s ?p ?o }}",
        f"{kw('GRAPH')}{gap}?h {{ ?s ?p ?o FILTER(STRSTARTS(STR(?o), 'file:')) }}",
        f"{{ {kw('SELECT')} * {{ {kw('GRAPH')} {g} {{ ?s ?p ?o }} }} }}",
        f"FILTER {kw('EXISTS')} {{ {kw('GRAPH')} {g} {{ ?s ?p ?o }} }} ?s ?p ?o",
        f"VALUES ?g {{ <{MANIFEST}> }} {kw('GRAPH')} ?g {{ ?s ?p ?o }}",
        f"{kw('SERVICE')}{gap}<http://127.0.0.1:{witness_port}/sparql> {{ ?s ?p ?o }}",
        f"{kw('SERVICE')}:x {{ ?s ?p ?o }}",
    ]))
    dataset = draw(st.sampled_from(["", f"{kw('FROM')}{gap}{g} ", f"{kw('FROM')} {kw('NAMED')}{gap}{g} ",
                                    f"FROM <{GRAPHS}reference> FROM NAMED {g} "]))
    if g == "?g" and dataset:
        dataset = dataset.replace("?g", f"<{MANIFEST}>")
    if ":x" in body:
        prologue += f"PREFIX : <http://127.0.0.1:{witness_port}/>\n"
        if ":manifest" in dataset or ":manifest" in body:
            return prologue + f"SELECT * WHERE {{ {body} }}"
    form = draw(st.sampled_from(["SELECT * {ds}WHERE {{ {b} }} LIMIT 50", "CONSTRUCT {{ ?s ?p ?o }} {ds}WHERE {{ {b} }} LIMIT 50",
                                 "ASK {ds}{{ {b} }}", "SELECT DISTINCT ?o {ds}{{ {b} }}"]))
    return prologue + form.format(ds=dataset, b=body)


ISSUE_QUERIES = [
    "SELECT ?g ?f WHERE { VALUES ?d { <http://x/FROM> } GRAPH ?g { ?s prov:wasDerivedFrom ?f } }",
    "SELECT ?g ?f WHERE { GRAPH ?g { ?s prov:wasDerivedFrom ?f } }",
    f"SELECT * FROM <{MANIFEST}> WHERE {{ ?s ?p ?o }}",
    "SELECT ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } FILTER(isIRI(?o) && STRSTARTS(STR(?o), 'file:')) }",
    "DESCRIBE ?s WHERE { ?s stf:sourcePath ?p }",
]


def test_the_issues_queries_find_nothing_private(served):
    client, witness, private = served
    for q in ISSUE_QUERIES:
        r = client.get("/sparql", params={"query": q}, headers={"Accept": "text/csv, text/turtle;q=0.9"})
        assert r.status_code == 200, (q, r.text)
        _clean(r.content, private)
    for graph in (MANIFEST, f"{GRAPHS}manifest"):
        assert client.get("/graph-store", params={"graph": graph}).status_code == 404


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_spelling_reaches_the_manifest_or_the_network(served, data):
    client, witness, private = served
    q = data.draw(hostile_query(witness.port))
    how = data.draw(st.sampled_from(["get", "form", "direct"]))
    if how == "get":
        r = client.get("/sparql", params={"query": q})
    elif how == "form":
        r = client.post("/sparql", data={"query": q})
    else:
        r = client.post("/sparql", content=q.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code in (200, 400, 403), (q, r.text)
    if "SERVICE" in q.upper().replace("\\U", ""):
        assert r.status_code in (400, 403), (q, r.text)
    _clean(r.content, private)
    assert witness.received == [], q


def test_the_update_still_knows_where_each_graph_came_from(tmp_path):
    """The sidecar per generation: written with the build, carried into an update's generation,
    and used by `build --update` to drop the graph of a file that is gone."""
    from graph.resources import bundled_records_dir

    inputs = tmp_path / "in"
    shutil.copytree(bundled_records_dir(), inputs)
    store = tmp_path / "store"
    build([inputs], store_dir=store, workers=1)
    first = read_manifest(store / os.readlink(store / "current"))
    files = sorted(inputs.glob("*.yaml"))
    assert sorted(f for fs in first.values() for f in fs) == sorted(f.as_uri() for f in files)
    files[0].unlink()
    summary = build([inputs], store_dir=store, update=True, workers=1)
    assert summary.removed == 1
    now = read_manifest(store / os.readlink(store / "current"))
    assert sorted(f for fs in now.values() for f in fs) == sorted(f.as_uri() for f in files[1:])
    assert read_manifest(store / os.readlink(store / "previous")) == first
