"""How stafett speaks to each kind of SPARQL server: its endpoints, authentication, dataset and
default graph, and the quirks of its results. One class per engine, registered by name.

stafett keeps the server's default graph equal to the union of its named graphs (but the build
manifest), so every query reads the same dataset as on the embedded store. Servers differ in how
that can be done:

- **Oxigraph, Fuseki, GraphDB** have a real, writable default graph: it is written through the
  Graph Store Protocol's ``?default`` and SPARQL Update without ``GRAPH``, and queries read it
  with no dataset parameters.
- **Virtuoso** has no default graph of its own: a query without a dataset reads *every* graph
  (a triple held by two graphs comes twice, and Virtuoso's own graphs are there too), an update
  without ``GRAPH`` needs a target, and its Graph Store has no ``?default``. So stafett keeps the
  union in one named graph, :data:`UNION_GRAPH`, and each query names it as its default graph
  (``default-graph-uri``). A query with ``GRAPH`` also names the dataset's graphs
  (``named-graph-uri``: every graph but the union and Virtuoso's own): with a default graph
  named, Virtuoso finds nothing in ``GRAPH <g>`` unless ``<g>`` is named too, and it has no
  way to leave one graph out of ``GRAPH ?g`` while keeping it as the default graph (its
  ``input:named-graph-exclude`` leaves it out of both). A query with ``FROM`` keeps its own.
  Updates go to ``/sparql-auth`` and the Graph Store to ``/sparql-graph-crud-auth``, both with
  HTTP digest authentication, and take ``default-graph-uri`` as the graph an update without
  ``GRAPH`` writes to. Results are cut at the server's ``ResultSetMaxRows`` without an error, so
  a result that reaches it is refused (:meth:`Engine.check_complete`).

The engine is chosen by name (``--engine``, ``$STAFETT_ENGINE``), else from the endpoint's URL:
the root or ``/query`` is Oxigraph's layout, ``/{dataset}/sparql`` Fuseki's, ``/repositories/{id}``
GraphDB's; a ``.../sparql`` endpoint that names itself Virtuoso in its ``Server`` header is
Virtuoso (one request, the first time a URL is seen); anything else is a generic server.

>>> engine_for("http://localhost:7878/query").name
'oxigraph'
>>> get_engine("virtuoso").endpoints("http://localhost:8890/sparql").gsp
'http://localhost:8890/sparql-graph-crud-auth'
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import re
from dataclasses import dataclass
from typing import Callable, Iterator
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx

from .errors import StoreError, UnknownNameError
from .sparql_text import keywords, query_form

ENV_ENGINE = "STAFETT_ENGINE"
ENV_UPDATE = "STAFETT_UPDATE_ENDPOINT"
ENV_GSP = "STAFETT_GSP_ENDPOINT"
ENV_USER = "STAFETT_USER"
ENV_PASSWORD = "STAFETT_PASSWORD"
#: Where the union default graph lives on a server without a default graph of its own (Virtuoso).
UNION_GRAPH = "urn:x-stafett:default-graph"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_XML_BOOLEAN = re.compile(rb'(<literal datatype="' + re.escape(XSD_BOOLEAN.encode()) + rb'">)([01])<')
ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
          "application/sparql-results+xml;q=0.7, application/rdf+xml;q=0.5")


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a SPARQL server; ``update``/``gsp`` are None when they cannot be derived."""

    query: str
    update: str | None
    gsp: str | None


def _parts(url: str):
    u = urlsplit(url)
    if u.scheme not in ("http", "https") or not u.netloc:
        raise StoreError(f"--endpoint {url!r} is not an http(s) URL; give the SPARQL query endpoint, e.g. http://localhost:7878/query")
    return u, u.path.rstrip("/")


def _at(u, path: str) -> str:
    return urlunsplit((u.scheme, u.netloc, path, "", ""))


class Engine:
    """A standard SPARQL 1.1 server: the Protocol, the Graph Store Protocol and a writable default
    graph. Subclasses say where their endpoints are and what they do differently."""

    name = "generic"
    title = "any SPARQL 1.1 server"
    #: The default graph is kept in this named graph (None: the server's own default graph).
    union_graph: str | None = None
    #: Lists the named graphs (``?g``).
    graphs_query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"

    def layout(self, url: str) -> tuple[str, str | None, str | None] | None:
        """(query, update, graph store) URLs derived from the query endpoint ``url``, or None."""
        return None

    def detect(self, url: str) -> bool:
        """Whether ``url`` has this engine's usual layout (to choose the engine without a name)."""
        return self.layout(url) is not None

    def endpoints(self, url: str, *, update: str | None = None, gsp: str | None = None) -> Endpoints:
        """Given endpoints first, then the environment, then the engine's layout."""
        u, _ = _parts(url)
        query, guess_update, guess_gsp = self.layout(url) or (url, None, None)
        return Endpoints(query=query, update=update or os.environ.get(ENV_UPDATE) or guess_update,
                         gsp=gsp or os.environ.get(ENV_GSP) or guess_gsp)

    def auth(self) -> httpx.Auth | None:
        """HTTP authentication for every request: basic, when $STAFETT_USER and $STAFETT_PASSWORD are set."""
        user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
        return httpx.BasicAuth(user, password) if user and password else None

    def accept(self, sparql: str, wanted: str | None = None) -> str:
        return wanted or ACCEPT

    def query_params(self, sparql: str, default_graph, named_graphs, graphs: Callable[[], list[str]]) -> dict:
        """The Protocol's dataset parameters of a query."""
        params: dict = {}
        if default_graph:
            params["default-graph-uri"] = list(default_graph)
        if named_graphs:
            params["named-graph-uri"] = list(named_graphs)
        return params

    def update_params(self) -> dict:
        return {}

    def graph_store_target(self, graph: str | None) -> str:
        """The query string of a Graph Store request on ``graph`` (None: the default graph)."""
        return "default" if graph is None else urlencode({"graph": graph})

    def is_own_graph(self, iri: str) -> bool:
        """A graph the server keeps for itself (or for the union): not one of the dataset's."""
        return iri == self.union_graph

    def results(self, content: bytes, media: str) -> bytes:
        """The server's results, with its quirks undone (as bytes of the same format)."""
        return content

    def check_complete(self, response: httpx.Response, triples: int | None, cap: Callable[[], int | None]) -> None:
        """Raise :class:`StoreError` when the server says (or shows) that it cut the result short;
        ``triples`` is the size of a graph result (None for solutions), ``cap`` asks the server
        for its limit."""


class Oxigraph(Engine):
    name, title = "oxigraph", "Oxigraph (oxigraph serve)"

    def layout(self, url):
        u, path = _parts(url)
        if path in ("", "/query"):  # Oxigraph serves everything at the root
            return (_at(u, "/query") if not path else url), _at(u, "/update"), _at(u, "/store")
        return None


class Fuseki(Engine):
    name, title = "fuseki", "Apache Jena Fuseki"

    def layout(self, url):
        u, path = _parts(url)
        ds, _, last = path.rpartition("/")
        if ds and last in ("sparql", "query"):  # /{dataset}/sparql or /{dataset}/query
            return url, _at(u, f"{ds}/update"), _at(u, f"{ds}/data")
        return None


class GraphDB(Engine):
    name, title = "graphdb", "Ontotext GraphDB (and other RDF4J servers)"

    def layout(self, url):
        u, path = _parts(url)
        head, _, repo = path.rpartition("/")
        if head.endswith("/repositories") and repo:  # the RDF4J protocol
            return url, _at(u, f"{path}/statements"), _at(u, f"{path}/rdf-graphs/service")
        return None


#: Graphs a fresh Virtuoso 7 keeps for itself: its RDF views' metadata, the LDP vocabulary, the
#: description of its /sparql endpoint (named after [URIQA] DefaultHost).
VIRTUOSO_OWN = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")
VIRTUOSO_OWN_PREFIXES = ("http://www.openlinksw.com/", "http://localuriqaserver/")


class Virtuoso(Engine):
    name, title = "virtuoso", "OpenLink Virtuoso 7"
    union_graph = UNION_GRAPH
    # An empty pattern binds no ?g on Virtuoso, and DISTINCT takes it ~100 times longer than GROUP BY.
    graphs_query = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

    def layout(self, url):
        u, path = _parts(url)
        if path.endswith("/sparql"):  # /sparql at the root, or under a proxy's path
            root = path.removesuffix("/sparql")
            return url, _at(u, root + "/sparql-auth"), _at(u, root + "/sparql-graph-crud-auth")
        return None

    def detect(self, url):
        # "/sparql" is many servers' path (stafett serve's too, Fuseki's /{dataset}/sparql), so
        # ask the server: Virtuoso names itself in its Server header.
        return _parts(url)[1].endswith("/sparql") and server_header(url).lower().startswith("virtuoso")

    def auth(self):
        user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
        return httpx.DigestAuth(user, password) if user and password else None

    def accept(self, sparql, wanted=None):
        # Virtuoso answers a CONSTRUCT in SPARQL results when those are preferred, and a SELECT
        # as RDF when RDF is; so ask for one thing per form. XML, not JSON: Virtuoso writes it
        # about four times faster. (Its TSV header is not SPARQL TSV.)
        if query_form(sparql) in ("CONSTRUCT", "DESCRIBE"):
            return "application/n-triples"
        return "application/sparql-results+xml"

    def query_params(self, sparql, default_graph, named_graphs, graphs):
        words = keywords(sparql)
        if not default_graph and not named_graphs and words is not None and "FROM" in words:
            return {}  # the query's own dataset
        params = {"default-graph-uri": list(default_graph or [self.union_graph])}
        if named_graphs:
            params["named-graph-uri"] = list(named_graphs)
        elif words is None or "GRAPH" in words:
            # With a default graph named, Virtuoso finds nothing in GRAPH <g> unless <g> is named
            # too, and GRAPH ?g would range over the union graph and its own: name them all.
            params["named-graph-uri"] = graphs() or [self.union_graph + "#none"]  # no graphs: none, not all
        return params

    def update_params(self):
        return {"default-graph-uri": self.union_graph}

    def graph_store_target(self, graph):
        return super().graph_store_target(self.union_graph if graph is None else graph)

    def is_own_graph(self, iri):
        return iri == self.union_graph or iri in VIRTUOSO_OWN or iri.startswith(VIRTUOSO_OWN_PREFIXES)

    #: Asks Virtuoso for its cap on result sizes (readable by anyone).
    cap_query = "SELECT (bif:virtuoso_ini_item_value('SPARQL', 'ResultSetMaxRows') AS ?cap) WHERE { }"

    def check_complete(self, response, triples, cap):
        # Virtuoso cuts every result at ResultSetMaxRows without an error: a SELECT says so in a
        # header, a CONSTRUCT or Graph Store read does not (it is as long as the cap), and an
        # "anytime" query that ran out of time returns what it had.
        limit = response.headers.get("x-sparql-maxrows")
        if limit is None and triples is not None and triples > 0:
            n = cap()
            limit = str(n) if n is not None and triples >= n else None
        if limit is not None:
            raise StoreError(
                f"{response.url} returned {limit} rows or triples, Virtuoso's limit, so the result may be cut "
                "short; raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini above the store's number "
                "of triples (stafett reads whole graphs)")
        if response.headers.get("x-sql-state") == "S1TAT":
            raise StoreError(f"{response.url} ran out of time and returned a partial result; raise "
                             "MaxQueryExecutionTime in the [SPARQL] section of virtuoso.ini")

    def results(self, content, media):
        # xsd:boolean comes as "1"/"0"; the canonical forms are "true"/"false".
        if media == "application/sparql-results+xml" and XSD_BOOLEAN.encode() in content:
            return _XML_BOOLEAN.sub(lambda m: m.group(1) + (b"true" if m.group(2) == b"1" else b"false") + b"<", content)
        if media == "application/sparql-results+json" and XSD_BOOLEAN.encode() in content:
            data = json.loads(content)
            for row in data.get("results", {}).get("bindings", []):
                for cell in row.values():
                    if cell.get("datatype") == XSD_BOOLEAN and cell.get("value") in ("0", "1"):
                        cell["value"] = "true" if cell["value"] == "1" else "false"
            return json.dumps(data).encode()
        if media == "application/n-triples" and XSD_BOOLEAN.encode() in content:
            for raw, canon in ((b'"1"^^<', b'"true"^^<'), (b'"0"^^<', b'"false"^^<')):
                content = content.replace(raw + XSD_BOOLEAN.encode(), canon + XSD_BOOLEAN.encode())
        return content


_server_headers: dict[str, str] = {}


def server_header(url: str, timeout: float = 10.0) -> str:
    """The ``Server`` header of the endpoint's answer to ``ASK {}`` ("" when there is none or the
    server cannot be reached: the first real request then says why)."""
    if url not in _server_headers:
        try:
            r = httpx.get(url, params={"query": "ASK {}"}, timeout=timeout, follow_redirects=True)
            _server_headers[url] = r.headers.get("server", "")
        except httpx.HTTPError:
            return ""
    return _server_headers[url]


ENGINES: dict[str, Engine] = {e.name: e for e in (Oxigraph(), Virtuoso(), Fuseki(), GraphDB(), Engine())}
_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar("stafett_engine", default=None)


def get_engine(name: str) -> Engine:
    try:
        return ENGINES[name.lower()]
    except KeyError:
        raise UnknownNameError("SPARQL engine", name, sorted(ENGINES)) from None


@contextlib.contextmanager
def chosen_engine(name: str | None) -> Iterator[None]:
    """Within the block, remote stores use the engine ``name`` (the CLI's ``--engine``)."""
    if name:
        get_engine(name)  # fail early on an unknown name
    token = _chosen.set(name)
    try:
        yield
    finally:
        _chosen.reset(token)


def pass_choice_to_subprocesses() -> None:
    """Put the engine chosen for this block in the environment, for worker processes that open
    the remote store themselves (``stafett serve --endpoint ... --engine ...``)."""
    if _chosen.get():
        os.environ[ENV_ENGINE] = _chosen.get()


def engine_for(url: str, name: str | None = None) -> Engine:
    """The engine named (argument, ``--engine``, ``$STAFETT_ENGINE``), else the one whose URL
    layout ``url`` has, else the generic one."""
    name = name or _chosen.get() or os.environ.get(ENV_ENGINE)
    if name:
        return get_engine(name)
    _parts(url)
    for engine in ENGINES.values():
        if engine.detect(url):
            return engine
    return ENGINES["generic"]
