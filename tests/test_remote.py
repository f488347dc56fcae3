"""Real SPARQL servers as the store -- ``oxigraph serve`` and Virtuoso 7 -- with the same tests:
builds, updates, every named query and exports give what the embedded store gives."""

from __future__ import annotations

import shutil
import socket
import time

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.build import build
from graph.cli import cli
from graph.engines import engine_for, get_engine
from graph.errors import QueryError, StoreError, UnknownNameError
from graph.queries import fill, get_query, list_queries
from graph.remote import RemoteStore, RemoteWriter, derive_endpoints
from graph.store import EmbeddedStore, open_store
from sparql_servers import SERVERS, free_port

MANIFEST = "https://w3id.org/stafett/graph/manifest"
_free_port = free_port


@pytest.fixture(scope="module", params=list(SERVERS))
def server(request, tmp_path_factory):
    srv = SERVERS[request.param](tmp_path_factory.mktemp(request.param)).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module", autouse=True)
def manifests(tmp_path_factory):
    """The build manifests of remote builds go to a folder of the test's, not the home folder."""
    with pytest.MonkeyPatch.context() as mp:
        folder = tmp_path_factory.mktemp("manifests")
        mp.setenv("STAFETT_MANIFESTS", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def _login(request, monkeypatch):
    """The server's credentials in the environment, as a user would set them."""
    if "server" in request.fixturenames:
        for key, value in request.getfixturevalue("server").env.items():
            monkeypatch.setenv(key, value)


@pytest.fixture(scope="module")
def corpus_copy(server, shared_dir, tmp_path_factory):
    """The corpus in a folder of its own (one per server: the update test changes it)."""
    folder = tmp_path_factory.mktemp("corpus-copy") / "corpus"
    shutil.copytree(shared_dir / "corpus", folder)
    return folder


@pytest.fixture(scope="module")
def built(server, corpus_copy, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        for key, value in server.env.items():
            mp.setenv(key, value)
        res = CliRunner().invoke(cli, ["build", "--endpoint", server.endpoint, str(corpus_copy)])
    assert res.exit_code == 0, res.output
    assert f"built SPARQL server {server.endpoint}" in res.output
    root = tmp_path_factory.mktemp("embedded") / "store"
    build([corpus_copy], store_dir=root, workers=1)
    return root


# -- before anything is built ---------------------------------------------------------------------
def test_the_engine_is_told_from_the_server(server):
    assert engine_for(server.endpoint).name == server.engine
    with RemoteStore(server.endpoint) as remote:
        assert remote.engine.name == server.engine


def test_update_needs_a_graph_on_the_server(server):
    """(First in the file: the server is still empty. Virtuoso's own graphs do not count.)"""
    with pytest.raises(StoreError, match="run a full"):
        RemoteWriter(server.endpoint, incremental=True).__enter__()


def dataset(store) -> tuple[set, set]:
    named = {(r["g"].value, str(r["s"]), str(r["p"]), str(r["o"])) for r in store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")}
    default = {(str(r["s"]), str(r["p"]), str(r["o"])) for r in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")}
    return named, default


def rows(store, sparql) -> list[tuple]:
    """Rows as tuples of terms; a GROUP_CONCAT cell with its parts sorted, as their order is the
    engine's choice."""
    result = store.query(sparql)
    names = [v.value for v in result.variables]
    out = []
    for sol in result:
        cells = []
        for n in names:
            term = sol[n]
            if isinstance(term, ox.Literal) and "; " in term.value:
                parts = "; ".join(sorted(term.value.split("; ")))
                term = ox.Literal(parts, language=term.language) if term.language else ox.Literal(parts, datatype=term.datatype)
            cells.append(None if term is None else str(term))
        out.append(tuple(cells))
    return out


# -- the same graph, the same answers -------------------------------------------------------------
def test_remote_build_equals_the_embedded_one(server, built):
    with RemoteStore(server.endpoint) as remote, EmbeddedStore(built) as embedded:
        r_named, r_default = dataset(remote)
        e_named, e_default = dataset(embedded)
        assert r_named == e_named
        assert r_default == e_default
        # The server's default graph is the union of the named graphs; no manifest graph is there.
        assert r_default == {(s, p, o) for g, s, p, o in r_named}
        assert remote.graph_names() == embedded.graph_names() and MANIFEST not in remote.graph_names()


def test_the_remote_builds_manifest_stays_on_this_machine(server, built, manifests, corpus_copy):
    from graph.remote import manifest_path
    from graph.store import read_manifest

    path = manifest_path(server.endpoint)
    assert path.parent == manifests
    sources = read_manifest(path)
    assert sources and all(f.startswith("file:///") and str(corpus_copy) in f for fs in sources.values() for f in fs)
    with RemoteStore(server.endpoint) as remote:
        rows = remote.query("ASK { GRAPH ?g { ?s ?p ?o FILTER(isIRI(?o) && STRSTARTS(STR(?o), 'file:')) } }")
        assert not bool(rows)


def test_every_named_query_answers_alike(server, built):
    with RemoteStore(server.endpoint) as remote, EmbeddedStore(built) as embedded:
        for q in list_queries():
            sparql = fill(q)
            expected = rows(embedded, sparql)
            assert expected, q.name  # the corpus answers every one
            assert sorted(rows(remote, sparql), key=repr) == sorted(expected, key=repr), q.name


def test_export_from_the_server_equals_the_embedded_one(server, built, tmp_path):
    """``stafett export --endpoint``: the same quads in the same graphs, the same tables."""
    out = {}
    for where, args in (("remote", ["--endpoint", server.endpoint]), ("embedded", ["--store", str(built)])):
        out[where] = tmp_path / where
        res = CliRunner().invoke(cli, ["export", "--format", "nq,csv", "--out", str(out[where]), *args])
        assert res.exit_code == 0, res.output
    quads = {w: set(ox.parse((out[w] / "stafett.nq").read_bytes(), format=ox.RdfFormat.N_QUADS)) for w in out}
    assert quads["remote"] == quads["embedded"] and len(quads["remote"]) > 1000
    tables = sorted(p.relative_to(out["embedded"]) for p in out["embedded"].rglob("*.csv"))
    assert tables and tables == sorted(p.relative_to(out["remote"]) for p in out["remote"].rglob("*.csv"))
    for t in tables:
        remote, embedded = ((out[w] / t).read_text(encoding="utf-8").splitlines() for w in ("remote", "embedded"))
        assert remote[0] == embedded[0] and sorted(remote) == sorted(embedded), t


def test_a_result_cut_short_by_the_server_is_an_error(server, built):
    """Virtuoso cuts every result at ResultSetMaxRows without an error; stafett refuses to take a
    cut result as whole. (Oxigraph has no such cap: the same queries give everything.)"""
    values = " ".join(f"<http://example.org/{i}>" for i in range(40))
    where = f"WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} }}"
    with RemoteStore(server.endpoint) as remote:
        for sparql in (f"SELECT ?a ?b ?c {where}", f"CONSTRUCT {{ ?a ?b ?c }} {where}"):
            if server.engine == "virtuoso":
                assert server.max_rows < 40 ** 3
                with pytest.raises(StoreError, match="ResultSetMaxRows"):
                    remote.query(sparql)
            else:
                assert len(list(remote.query(sparql))) == 40 ** 3


def test_cli_query_on_the_server(server, built):
    res = CliRunner().invoke(cli, ["query", "--endpoint", server.endpoint, "pending-stages", "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert [line.split(",")[1] for line in res.output.splitlines()[1:]] == ["Anne Berit Berge Ims", "Kari Lund Sørensen", "Hilde Vatne"]
    bad = CliRunner().invoke(cli, ["query", "--endpoint", server.endpoint, "SELECT ?x WHERE { ?x ?y }"])
    assert bad.exit_code == 2 and "malformed query" in bad.output and "1:" in bad.output and "Traceback" not in bad.output


def test_result_types_are_pyoxigraph_ones(server, built):
    with open_store(endpoint=server.endpoint) as remote:
        assert isinstance(remote.query("ASK { ?i a <https://w3id.org/stafett/def#Interview> }"), ox.QueryBoolean)
        assert isinstance(remote.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), ox.QuerySolutions)
        triples = remote.query("CONSTRUCT { ?i a ?t } WHERE { ?i a <https://w3id.org/stafett/def#Interview> ; a ?t }")
        assert triples and all(isinstance(t, ox.Triple) for t in triples)
        interview_graph = next(g for g in remote.graph_names() if "/graph/interview/" in g)
        one = remote.query("SELECT (COUNT(*) AS ?n) WHERE { ?i a <https://w3id.org/stafett/def#Interview> }", default_graph=[interview_graph])
        assert next(iter(one))["n"].value == "1"


# -- updates --------------------------------------------------------------------------------------
def test_update_through_the_remote_writer(server, built, corpus_copy):
    (corpus_copy / "sogndal.txt").unlink()
    steinkjer = corpus_copy / "steinkjer.txt"
    steinkjer.write_text(steinkjer.read_text(encoding="utf-8").replace("Steinkjer Næringsforum", "Innherred Næringsforum"), encoding="utf-8")
    res = CliRunner().invoke(cli, ["build", "--update", "--endpoint", server.endpoint, str(corpus_copy)])
    assert res.exit_code == 0, res.output
    assert "added 0, replaced 3, removed 1 interview" in res.output
    build([corpus_copy], store_dir=built, update=True, workers=1)
    with RemoteStore(server.endpoint) as remote, EmbeddedStore(built) as embedded:
        assert dataset(remote) == dataset(embedded)
        named, default = dataset(remote)
        assert default == {(s, p, o) for g, s, p, o in named}
        pending = [r[1] for r in rows(remote, fill(get_query("pending-stages")))]
        assert pending == ['"Anne Berit Berge Ims"', '"Kari Lund Sørensen"']  # Sogndal's interview is gone, and its pass with it
        names = {r[0] for r in rows(remote, "SELECT ?n WHERE { ?o <http://www.w3.org/2004/02/skos/core#prefLabel> ?n FILTER(CONTAINS(?n, 'Næringsforum')) }")}
        assert names == {'"Innherred Næringsforum"'}


def test_leaving_without_commit_sends_nothing(server, built):
    with RemoteStore(server.endpoint) as remote:
        before = dataset(remote)
    with pytest.raises(RuntimeError):
        with RemoteWriter(server.endpoint) as writer:
            writer.load("<https://e.org/a> <https://e.org/b> <https://e.org/c> .", fmt=ox.RdfFormat.N_TRIPLES, graph="https://e.org/g")
            assert writer.count() == 2  # staged: the graph and the union
            raise RuntimeError("the build failed")
    with RemoteStore(server.endpoint) as remote:
        assert dataset(remote) == before


# -- errors and endpoints -------------------------------------------------------------------------
def test_docstring_examples_run():
    import doctest

    import graph.engines
    import graph.sparql_text

    for module in (graph.engines, graph.sparql_text):
        assert doctest.testmod(module).failed == 0, module.__name__



def test_unreachable_server_is_one_clear_line(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}/query"
    with pytest.raises(StoreError, match="cannot reach .* is the server running"):
        RemoteStore(url).query("ASK {}")
    res = CliRunner().invoke(cli, ["query", "--endpoint", url, "relay"])
    assert res.exit_code == 1 and res.output.count("\n") == 1 and "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["build", "--endpoint", url])
    assert res.exit_code == 1 and "cannot reach" in res.output


def test_a_server_that_never_answers_times_out():
    with socket.socket() as silent:  # accepts connections (the backlog) and never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        started = time.monotonic()
        with pytest.raises(StoreError, match="did not answer within 0.5 s"):
            RemoteStore(url, timeout=0.5).query("ASK {}")
        assert time.monotonic() - started < 5


def test_endpoints_are_derived_for_each_engine(monkeypatch):
    monkeypatch.delenv("STAFETT_UPDATE_ENDPOINT", raising=False)
    monkeypatch.delenv("STAFETT_GSP_ENDPOINT", raising=False)
    monkeypatch.delenv("STAFETT_ENGINE", raising=False)
    ox_ = derive_endpoints("http://localhost:7878/query")
    assert (ox_.update, ox_.gsp) == ("http://localhost:7878/update", "http://localhost:7878/store")
    assert derive_endpoints("http://localhost:7878").query == "http://localhost:7878/query"
    for path in ("sparql", "query"):
        fu = derive_endpoints(f"https://kg.example.no/fuseki/stafett/{path}")
        assert (fu.update, fu.gsp) == ("https://kg.example.no/fuseki/stafett/update", "https://kg.example.no/fuseki/stafett/data")
    vi = derive_endpoints("http://localhost:8890/sparql", engine="virtuoso")
    assert (vi.update, vi.gsp) == ("http://localhost:8890/sparql-auth", "http://localhost:8890/sparql-graph-crud-auth")
    gd = derive_endpoints("http://host:7200/repositories/stafett")
    assert (gd.update, gd.gsp) == ("http://host:7200/repositories/stafett/statements", "http://host:7200/repositories/stafett/rdf-graphs/service")
    assert [engine_for(u).name for u in ("http://h:7878", "http://h/repositories/r", "http://h/kg")] == ["oxigraph", "graphdb", "generic"]
    # A /sparql endpoint that is not Virtuoso (here: nothing listens) is Fuseki's layout or generic.
    nobody = f"127.0.0.1:{free_port()}"
    assert [engine_for(f"http://{nobody}{p}").name for p in ("/sparql", "/ds/sparql")] == ["generic", "fuseki"]
    odd = derive_endpoints("http://host/kg/endpoint")
    assert odd.update is None and odd.gsp is None
    with pytest.raises(StoreError, match="STAFETT_UPDATE_ENDPOINT and STAFETT_GSP_ENDPOINT"):
        RemoteWriter("http://host/kg/endpoint")
    monkeypatch.setenv("STAFETT_UPDATE_ENDPOINT", "http://host/kg/update")
    monkeypatch.setenv("STAFETT_GSP_ENDPOINT", "http://host/kg/store")
    given = RemoteWriter("http://host/kg/endpoint").endpoints
    assert given.update.endswith("/kg/update") and given.gsp.endswith("/kg/store")
    with pytest.raises(StoreError, match="not an http"):
        derive_endpoints("localhost:7878")


def test_an_engine_is_chosen_by_name_over_the_layout(monkeypatch):
    monkeypatch.delenv("STAFETT_UPDATE_ENDPOINT", raising=False)
    monkeypatch.delenv("STAFETT_GSP_ENDPOINT", raising=False)
    behind_proxy = RemoteStore("http://proxy.example/kg/sparql", engine="virtuoso").endpoints
    assert (behind_proxy.update, behind_proxy.gsp) == ("http://proxy.example/kg/sparql-auth", "http://proxy.example/kg/sparql-graph-crud-auth")
    monkeypatch.setenv("STAFETT_ENGINE", "fuseki")
    assert engine_for("http://h:8890/sparql").name == "fuseki"
    assert engine_for("http://h:8890/sparql", "virtuoso").name == "virtuoso"  # the argument wins
    with pytest.raises(UnknownNameError, match="fuseki, generic, graphdb, oxigraph, virtuoso"):
        get_engine("blazegraph")
    from graph.cli import ENGINE_NAMES
    from graph.engines import ENGINES

    assert sorted(ENGINE_NAMES) == sorted(ENGINES)
    res = CliRunner().invoke(cli, ["query", "--engine", "virtuso", "--endpoint", "http://127.0.0.1:1/sparql", "relay"])
    assert res.exit_code == 2 and "--engine: unknown value 'virtuso'; did you mean virtuoso?" in res.output
    assert "Traceback" not in res.output


def test_malformed_query_from_the_server_is_a_query_error(server, built):
    with RemoteStore(server.endpoint) as remote, pytest.raises(QueryError, match="1:"):
        remote.query("SELECT ?x WHERE { ?x ?y }")
