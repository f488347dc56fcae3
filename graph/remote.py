"""A remote SPARQL 1.1 server as the store: queries over the SPARQL Protocol, writes over the
Graph Store HTTP Protocol (GSP) and SPARQL Update, with httpx.

``--endpoint URL`` is the query endpoint. How to reach the server's update and graph-store
endpoints, how to authenticate, and how it keeps the default graph are the engine's
(:mod:`graph.engines`: Oxigraph, Virtuoso, Fuseki, GraphDB, or any SPARQL 1.1 server), chosen by
name or from the URL's layout; ``$STAFETT_UPDATE_ENDPOINT`` / ``$STAFETT_GSP_ENDPOINT`` override.

Results are parsed with pyoxigraph, so callers get the embedded store's types: ``QuerySolutions``
and ``QueryBoolean``; CONSTRUCT/DESCRIBE give a list of ``pyoxigraph.Triple``.

:class:`RemoteWriter` keeps the store contract of ``docs/architecture.md``: it stages every change
in a private embedded store (so ``query``/``count`` see the new graph and leaving the block without
``commit()`` sends nothing), and ``commit()`` pushes the result, one GSP request per named graph,
keeping the server's *default* graph equal to the union of the named graphs, so queries are
right on any server without union-default-graph settings. A commit is not atomic: see
:meth:`RemoteWriter.commit` for the order that keeps it safest.

**The build manifest stays on this machine.** Which local file each interview graph came from
is this machine's business (absolute paths), and the server publishes whatever it holds to
whoever may query it. So the manifest of a build on a server is a file here,
:func:`manifest_path` (``$STAFETT_MANIFESTS`` or ``~/.local/state/stafett/manifests/``, one file
per query endpoint), written after a commit succeeds. An update from another machine finds no
manifest: it replaces the graphs of the files it is given, but cannot tell which earlier files
are gone. A manifest graph left on the server by an older stafett is read once and deleted.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Mapping
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from . import __version__
from .engines import ENV_GSP, ENV_UPDATE, Endpoints, Engine, engine_for
from .errors import QueryError, StoreError
from .store import EmbeddedWriter, GraphStore, read_manifest, write_manifest

ENV_TIMEOUT = "STAFETT_TIMEOUT"
ENV_MANIFESTS = "STAFETT_MANIFESTS"
QUERY_TIMEOUT = 60.0  # seconds; a write of a large graph may take longer
WRITE_TIMEOUT = 600.0
_DELETE_CHUNK = 2000  # triples per DELETE DATA request (servers cap request bodies)

__all__ = ["Endpoints", "RemoteStore", "RemoteWriter", "derive_endpoints", "parse_response"]


def derive_endpoints(url: str, *, update: str | None = None, gsp: str | None = None, engine: str | None = None) -> Endpoints:
    """The endpoints of the server whose query endpoint is ``url``: given ones first, then the
    environment, then the engine's layout (:func:`graph.engines.engine_for`)."""
    return engine_for(url, engine).endpoints(url, update=update, gsp=gsp)


def _timeout(default: float) -> float:
    raw = os.environ.get(ENV_TIMEOUT)
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise StoreError(f"{ENV_TIMEOUT}={raw!r} is not a number of seconds") from None


class _Http:
    """One httpx client speaking to one engine; every failure becomes a one-line
    ``StoreError``/``QueryError``."""

    def __init__(self, timeout: float, engine: Engine):
        self.timeout, self.engine = timeout, engine
        self._cap: dict[str, int | None] = {}
        self.client = httpx.Client(timeout=timeout, headers={"User-Agent": f"stafett/{__version__}"}, follow_redirects=True,
                                   auth=engine.auth())

    def send(self, method: str, url: str, *, what: str, allow: tuple[int, ...] = (), **kwargs) -> httpx.Response:
        """The response; an HTTP error status not in ``allow`` raises."""
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise StoreError(f"{url} did not answer within {self.timeout:g} s ({what}); set {ENV_TIMEOUT} to wait longer") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach {url} ({what}): {exc or type(exc).__name__}; is the server running?") from None
        if response.status_code >= 400 and response.status_code not in allow:
            raise _http_error(response, url, what)
        return response

    def sparql(self, url: str, sparql: str, *, accept: str | None = None, default_graph=None, named_graphs=None):
        """A query's result, parsed as the embedded store would give it."""
        params = self.engine.query_params(sparql, default_graph, named_graphs, lambda: self.graph_names(url))
        data = {"query": sparql, **params}
        response = self.send("POST", url, what="query", data=data, headers={"Accept": self.engine.accept(sparql, accept)})
        return self.parse(response, url)

    def parse(self, response: httpx.Response, url: str):
        """A response's results or graph, checked whole (:meth:`Engine.check_complete`)."""
        ctype = response.headers.get("content-type", "")
        result = parse_response(self.engine.results(response.content, ctype.split(";")[0].strip().lower()), ctype, url)
        self.engine.check_complete(response, len(result) if isinstance(result, list) else None, lambda: self.cap(url))
        return result

    def cap(self, url: str) -> int | None:
        """The most rows or triples the server returns for one request, when the engine can ask."""
        query = getattr(self.engine, "cap_query", None)
        if query and url not in self._cap:
            response = self.send("POST", url, what="query", data={"query": query}, headers={"Accept": self.engine.accept(query)})
            rows = list(parse_response(response.content, response.headers.get("content-type", ""), url))
            try:
                self._cap[url] = int(rows[0]["cap"].value)
            except (IndexError, KeyError, TypeError, ValueError):
                self._cap[url] = None
        return self._cap.get(url)

    def graph_names(self, url: str) -> list[str]:
        """The dataset's named graphs (the engine's own left out)."""
        q = self.engine.graphs_query
        response = self.send("POST", url, what="query", data={"query": q}, headers={"Accept": self.engine.accept(q)})
        rows = self.parse(response, url)
        return sorted({r["g"].value for r in rows if r["g"] is not None and not self.engine.is_own_graph(r["g"].value)})

    def update(self, url: str, sparql_update: str) -> None:
        self.send("POST", url, what="update", content=sparql_update.encode("utf-8"), params=self.engine.update_params(),
                  headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def close(self) -> None:
        self.client.close()


def _http_error(response: httpx.Response, url: str, what: str) -> Exception:
    message = " ".join(response.text.split())[:300] or response.reason_phrase
    code = response.status_code
    if code == 400 and what == "query":
        return QueryError(f"malformed query (said {url}): {message}")
    if code == 400:
        return StoreError(f"{url} refused the {what}: {message}")
    if code == 404:
        return StoreError(f"nothing at {url} (HTTP 404, {what}); check --endpoint or ${ENV_UPDATE}/${ENV_GSP}")
    if code in (401, 403):
        return StoreError(f"{url} refused the {what} (HTTP {code}: {message}); is the server read-only or protected? "
                          "(set STAFETT_USER and STAFETT_PASSWORD for one that needs a login)")
    return StoreError(f"{url} failed the {what} (HTTP {code}: {message})")


def parse_response(content: bytes, content_type: str, url: str = "the server"):
    """SPARQL results (``QuerySolutions``/``QueryBoolean``) or a graph (a list of ``Triple``)."""
    media = content_type.split(";", 1)[0].strip().lower()
    results = ox.QueryResultsFormat.from_media_type(media) if media else None
    try:
        if results is not None:
            return ox.parse_query_results(content, format=results)
        graph = ox.RdfFormat.from_media_type(media) if media else None
        if graph is not None:
            return [q.triple for q in ox.parse(content, format=graph)]
    except SyntaxError as exc:
        raise StoreError(f"{url} sent {media} that cannot be read: {exc}") from None
    raise StoreError(f"{url} answered with {media or 'no content type'}, which is not a SPARQL result or RDF format")


def manifest_path(endpoint: str) -> Path:
    """Where the build manifest of the graph on ``endpoint`` is kept on this machine."""
    import hashlib

    url = derive_endpoints(endpoint).query
    folder = os.environ.get(ENV_MANIFESTS)
    if not folder:
        state = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
        folder = os.path.join(state, "stafett", "manifests")
    host = "".join(c if c.isalnum() or c in ".-" else "-" for c in (urlsplit(url).netloc or "server"))
    return Path(folder) / f"{host}-{hashlib.sha256(url.encode()).hexdigest()[:16]}.json"


class RemoteStore(GraphStore):
    """A SPARQL 1.1 query endpoint, read like the embedded store (the server's default graph
    is expected to be the union of the graphs, as :class:`RemoteWriter` keeps it)."""

    kind = "remote"

    def __init__(self, endpoint: str, *, timeout: float | None = None, engine: str | None = None):
        self.engine = engine_for(endpoint, engine)
        self.endpoints = self.engine.endpoints(endpoint)
        self.http = _Http(timeout if timeout is not None else _timeout(QUERY_TIMEOUT), self.engine)

    def query(self, sparql, *, default_graph=None, named_graphs=None):
        return self.http.sparql(self.endpoints.query, sparql, default_graph=default_graph, named_graphs=named_graphs)

    def graph_names(self) -> list[str]:
        return self.http.graph_names(self.endpoints.query)

    def manifest(self) -> dict[str, list[str]] | None:
        return read_manifest(manifest_path(self.endpoints.query))

    def describe(self) -> str:
        return f"SPARQL endpoint {self.endpoints.query}" + (f" ({self.engine.title})" if self.engine.name != "generic" else "")

    def close(self) -> None:
        self.http.close()


class RemoteWriter:
    """A full rebuild (or with ``incremental``, an update) of the graph on a SPARQL server.

    Changes are staged in a private embedded store in a temporary folder (an update first copies
    the server's dataset into it, so ``query`` and ``count`` see what the server will hold) and
    are sent by :meth:`commit` only.
    """

    kind = "remote"

    def __init__(self, endpoint: str, *, incremental: bool = False, update_endpoint: str | None = None,
                 gsp_endpoint: str | None = None, timeout: float | None = None, engine: str | None = None):
        self.engine = engine_for(endpoint, engine)
        self.endpoints = self.engine.endpoints(endpoint, update=update_endpoint, gsp=gsp_endpoint)
        missing = [env for env, url in ((ENV_UPDATE, self.endpoints.update), (ENV_GSP, self.endpoints.gsp)) if not url]
        if missing:
            raise StoreError(f"cannot tell the update and graph-store endpoints of {endpoint}; set {' and '.join(missing)}")
        self.incremental = incremental
        self.timeout = timeout if timeout is not None else _timeout(WRITE_TIMEOUT)
        self.http: _Http | None = None
        self.stage: EmbeddedWriter | None = None
        self._tmp: str | None = None
        self._manifest: dict[str, list[str]] | None = None  # the build manifest to write after the commit
        self._touched: set[str] = set()  # named graphs an update changes
        self._updates: list[str] = []  # SPARQL updates to replay on the server (incremental)
        self.committed = False

    # -- the block -----------------------------------------------------------------------------
    def __enter__(self):
        self.http = _Http(self.timeout, self.engine)
        try:
            server_graphs = self._server_graphs()  # fails early when the server is not there
            if self.incremental and not server_graphs:
                raise StoreError(f"no graph at {self.endpoints.query} to update; run a full `stafett build --endpoint ...` first")
            self._tmp = tempfile.mkdtemp(prefix="stafett-remote-")
            self.stage = EmbeddedWriter(self._tmp).__enter__()
            if self.incremental:
                self._mirror()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        try:
            if self.stage is not None:
                self.stage.__exit__(None, None, None)  # without commit: the staging copy is removed
        finally:
            self.stage = None
            if self._tmp:
                shutil.rmtree(self._tmp, ignore_errors=True)
            if self.http is not None:
                self.http.close()

    def _server_graphs(self) -> set[str]:
        assert self.http is not None
        return set(self.http.graph_names(self.endpoints.query))

    def _mirror(self) -> None:
        """Copy the server's dataset into the staging store (named graphs and default graph)."""
        assert self.http is not None and self.stage is not None
        accept = "text/tab-separated-values, application/sparql-results+json;q=0.9"  # TSV is the quickest to read
        named = self.http.sparql(self.endpoints.query, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", accept=accept)
        quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in named]
        default = self.http.sparql(self.endpoints.query, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", accept=accept)
        quads += [ox.Quad(r["s"], r["p"], r["o"], ox.DefaultGraph()) for r in default]
        self.stage.load_quads(quads, union=False)

    # -- changes, staged ----------------------------------------------------------------------
    def load_graphs(self, nquads: bytes, ntriples: bytes) -> None:
        self._touch_nquads(nquads)
        self._staged().load_graphs(nquads, ntriples)

    def load(self, data: bytes | str, *, fmt: ox.RdfFormat, graph: str) -> None:
        self._touched.add(graph)
        self._staged().load(data, fmt=fmt, graph=graph)

    def load_quads(self, quads: list[ox.Quad]) -> None:
        self._touched |= {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        self._staged().load_quads(quads)

    def replace_graphs(self, drop: Iterable[str], nquads: bytes) -> None:
        drop = list(drop)
        self._touched.update(drop)
        self._touch_nquads(nquads)
        self._staged().replace_graphs(drop, nquads)

    def manifest(self) -> dict[str, list[str]] | None:
        """The build manifest of the graph on the server, kept on this machine (None: none here)."""
        if self._manifest is not None:
            return dict(self._manifest)
        return read_manifest(manifest_path(self.endpoints.query)) if self.incremental else None

    def set_manifest(self, sources: Mapping[str, Iterable[str]]) -> None:
        """The manifest to keep once :meth:`commit` has pushed the graph."""
        self._manifest = {g: sorted(fs) for g, fs in sources.items()}

    def update(self, sparql_update: str) -> None:
        self._staged().update(sparql_update)
        self._updates.append(sparql_update)

    def query(self, sparql: str):
        return self._staged().query(sparql)

    def graph_names(self) -> list[str]:
        return self._staged().graph_names()

    def count(self) -> int:
        return self._staged().count()

    def describe(self) -> str:
        return f"SPARQL server {self.endpoints.query}" + (f" ({self.engine.title})" if self.engine.name != "generic" else "")

    def _staged(self) -> EmbeddedWriter:
        if self.stage is None:
            raise StoreError("the remote writer is used outside its `with` block")
        return self.stage

    def _touch_nquads(self, nquads: bytes) -> None:
        if self.incremental and nquads:
            self._touched |= {q.graph_name.value for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)}

    # -- pushing -------------------------------------------------------------------------------
    def commit(self) -> None:
        """Send the staged graph to the server.

        A full rebuild PUTs each named graph (each replaced whole), then the default graph in one
        request (the moment queries switch to the new graph), then deletes the stafett graphs the
        build no longer has. An update replays its SPARQL updates,
        PUTs or DELETEs each changed graph, and mends the default graph with the triples those
        graphs lost and gained. A failure part-way is reported with how far it got.
        """
        pusher = _Pusher(self.http, self.endpoints)
        try:
            if self.incremental:
                self._push_changes(pusher)
            else:
                self._push_all(pusher)
        except StoreError as exc:
            state = "nothing was changed on the server" if not pusher.writes else (
                f"the server now holds a partial graph ({pusher.writes} write(s) done); run the build again")
            raise StoreError(f"{exc}; {state}") from None
        if self._manifest is not None:
            write_manifest(manifest_path(self.endpoints.query), self._manifest)
        self.committed = True

    def _push_all(self, pusher: "_Pusher") -> None:
        st = self._staged().store
        assert st is not None
        staged = sorted(g.value for g in st.named_graphs())
        prefixes = {g[: g.rfind("/graph/") + len("/graph/")] for g in staged if "/graph/" in g}
        stale = [g for g in sorted(self._server_graphs()) if g not in staged and any(g.startswith(p) for p in prefixes)]
        for g in staged:
            pusher.put(g, _ntriples(st, ox.NamedNode(g)))
        pusher.put(None, _ntriples(st, ox.DefaultGraph()))
        for g in stale:  # (a manifest graph an older stafett left there too)
            pusher.delete(g)

    def _push_changes(self, pusher: "_Pusher") -> None:
        st = self._staged().store
        assert st is not None
        public = sorted(self._touched)
        before = {t for g in public for t in pusher.get(g)}  # what the changed graphs held
        for u in self._updates:
            pusher.update(u)
        for g in sorted(self._touched):
            node = ox.NamedNode(g)
            if st.contains_named_graph(node):
                pusher.put(g, _ntriples(st, node))
            else:
                pusher.delete(g)
        default = ox.DefaultGraph()
        after = {q.triple for g in public for q in st.quads_for_pattern(None, None, None, ox.NamedNode(g))}
        gained = [t for t in after if ox.Quad(t.subject, t.predicate, t.object, default) in st]
        lost = [t for t in before if ox.Quad(t.subject, t.predicate, t.object, default) not in st and not _has_blank(t)]
        if gained:
            pusher.post_default(ox.serialize(gained, format=ox.RdfFormat.N_TRIPLES))
        for i in range(0, len(lost), _DELETE_CHUNK):
            body = ox.serialize(lost[i : i + _DELETE_CHUNK], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
            pusher.update(f"DELETE DATA {{\n{body}}}")


class _Pusher:
    """The writes of a commit, counted so that a failure can say how far it got."""

    def __init__(self, http: _Http | None, endpoints: Endpoints):
        assert http is not None and endpoints.gsp and endpoints.update
        self.http, self.gsp, self.update_url = http, endpoints.gsp, endpoints.update
        self.http_query_url = endpoints.query
        self.writes = 0

    def _target(self, graph: str | None) -> str:
        # The whole URL is written here: "?default" carries no value, and httpx's ``params``
        # would replace the query string. A GSP request without one means the whole dataset.
        sep = "&" if "?" in self.gsp else "?"
        return self.gsp + sep + self.http.engine.graph_store_target(graph)

    def get(self, graph: str) -> list[ox.Triple]:
        url = self._target(graph)
        response = self.http.send("GET", url, what=f"reading {graph}", allow=(404,),
                                  headers={"Accept": "application/n-triples"})
        if response.status_code == 404:  # a graph the update adds
            return []
        return self.http.parse(response, self.http_query_url)

    def put(self, graph: str | None, ntriples: bytes) -> None:
        url = self._target(graph)
        self.http.send("PUT", url, what=f"writing {graph or 'the default graph'}", content=ntriples,
                       headers={"Content-Type": "application/n-triples"})
        self.writes += 1

    def post_default(self, ntriples: bytes) -> None:
        url = self._target(None)
        self.http.send("POST", url, what="adding to the default graph", content=ntriples,
                       headers={"Content-Type": "application/n-triples"})
        self.writes += 1

    def delete(self, graph: str) -> None:
        # Already gone (404) is what we wanted.
        self.http.send("DELETE", self._target(graph), what=f"deleting {graph}", allow=(404,))
        self.writes += 1

    def update(self, sparql_update: str) -> None:
        self.http.update(self.update_url, sparql_update)
        self.writes += 1


def _ntriples(store: ox.Store, graph) -> bytes:
    return ox.serialize((q.triple for q in store.quads_for_pattern(None, None, None, graph)), format=ox.RdfFormat.N_TRIPLES)


def _has_blank(t: ox.Triple) -> bool:
    # DELETE DATA cannot name a blank node; interview graphs have none.
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
