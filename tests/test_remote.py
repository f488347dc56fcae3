"""A real Oxigraph server on a loopback port as the store: builds, updates and every named query
give what the embedded store gives."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.build import build
from graph.cli import cli
from graph.errors import QueryError, StoreError
from graph.queries import fill, get_query, list_queries
from graph.remote import RemoteStore, RemoteWriter, derive_endpoints
from graph.store import EmbeddedStore, open_store

MANIFEST = "https://w3id.org/stafett/graph/manifest"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        pytest.fail("the oxigraph server is not installed; pip install '.[test]' brings it")
    return found


class OxigraphServer:
    """``oxigraph serve`` on a free loopback port, in a folder of its own."""

    def __init__(self, location: Path):
        self.location = location
        self.proc: subprocess.Popen | None = None
        self.base = ""

    def start(self, attempts: int = 3) -> "OxigraphServer":
        binary = _oxigraph_binary()
        for _ in range(attempts):  # another process may take the free port before the server does
            port = _free_port()
            self.base = f"http://127.0.0.1:{port}"
            self.proc = subprocess.Popen(
                [binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{port}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )
            if self._wait_ready(timeout=30):
                return self
            self.stop()
        pytest.fail(f"oxigraph serve did not start: {self._stderr()}")

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                if httpx.get(self.base + "/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        return False

    def _stderr(self) -> str:
        if self.proc and self.proc.stderr and self.proc.poll() is not None:
            return self.proc.stderr.read().decode(errors="replace")[-500:]
        return "(still running)"

    @property
    def endpoint(self) -> str:
        return self.base + "/query"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db").start()
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


@pytest.fixture(scope="module")
def corpus_copy(shared_dir, tmp_path_factory):
    """The corpus in a folder of its own, built into the server (with the CLI) and embedded."""
    folder = tmp_path_factory.mktemp("corpus-copy") / "corpus"
    shutil.copytree(shared_dir / "corpus", folder)
    return folder


@pytest.fixture(scope="module")
def built(server, corpus_copy, tmp_path_factory):
    res = CliRunner().invoke(cli, ["build", "--endpoint", server.endpoint, str(corpus_copy)])
    assert res.exit_code == 0, res.output
    assert f"built SPARQL server {server.endpoint}" in res.output
    root = tmp_path_factory.mktemp("embedded") / "store"
    build([corpus_copy], store_dir=root, workers=1)
    return root


def dataset(store) -> tuple[set, set]:
    named = {(r["g"].value, str(r["s"]), str(r["p"]), str(r["o"])) for r in store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")}
    default = {(str(r["s"]), str(r["p"]), str(r["o"])) for r in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")}
    return named, default


def rows(store, sparql) -> list[tuple]:
    """Rows as tuples of terms; GROUP_CONCAT cells sorted, as their order is the engine's choice."""
    result = store.query(sparql)
    names = [v.value for v in result.variables]
    out = []
    for sol in result:
        cells = [str(sol[n]) if sol[n] is not None else None for n in names]
        out.append(tuple("; ".join(sorted(c.split("; "))) if c and "; " in c else c for c in cells))
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


def test_update_needs_a_graph_on_the_server(tmp_path):
    empty = OxigraphServer(tmp_path / "db").start()
    try:
        with pytest.raises(StoreError, match="run a full"):
            RemoteWriter(empty.endpoint, incremental=True).__enter__()
    finally:
        empty.stop()


# -- errors and endpoints -------------------------------------------------------------------------
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


def test_endpoints_are_derived_for_oxigraph_and_fuseki(monkeypatch):
    monkeypatch.delenv("STAFETT_UPDATE_ENDPOINT", raising=False)
    monkeypatch.delenv("STAFETT_GSP_ENDPOINT", raising=False)
    ox_ = derive_endpoints("http://localhost:7878/query")
    assert (ox_.update, ox_.gsp) == ("http://localhost:7878/update", "http://localhost:7878/store")
    assert derive_endpoints("http://localhost:7878").query == "http://localhost:7878/query"
    for path in ("sparql", "query"):
        fu = derive_endpoints(f"https://kg.example.no/fuseki/stafett/{path}")
        assert (fu.update, fu.gsp) == ("https://kg.example.no/fuseki/stafett/update", "https://kg.example.no/fuseki/stafett/data")
    odd = derive_endpoints("http://host/repositories/stafett")
    assert odd.update is None and odd.gsp is None
    with pytest.raises(StoreError, match="STAFETT_UPDATE_ENDPOINT and STAFETT_GSP_ENDPOINT"):
        RemoteWriter("http://host/repositories/stafett")
    monkeypatch.setenv("STAFETT_UPDATE_ENDPOINT", "http://host/repositories/stafett/statements")
    monkeypatch.setenv("STAFETT_GSP_ENDPOINT", "http://host/repositories/stafett/rdf-graphs/service")
    given = RemoteWriter("http://host/repositories/stafett").endpoints
    assert given.update.endswith("/statements") and given.gsp.endswith("/rdf-graphs/service")
    with pytest.raises(StoreError, match="not an http"):
        derive_endpoints("localhost:7878")


def test_malformed_query_from_the_server_is_a_query_error(server, built):
    with RemoteStore(server.endpoint) as remote, pytest.raises(QueryError, match="1:"):
        remote.query("SELECT ?x WHERE { ?x ?y }")
