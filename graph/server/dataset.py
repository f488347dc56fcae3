"""Which graphs a query on the endpoint may see: every graph but the private ones.

The build manifest (``{base}graph/manifest``) records the absolute local path of every file a
build read. It is local metadata for ``stafett build --update``, so the endpoint does not publish
it unless the operator asks (``stafett serve --publish-manifest``): queries run on a dataset whose
default graph is the store's (the materialised union, which never held the manifest) and whose
named graphs are all the others, so ``GRAPH ?g`` does not find it and ``GRAPH <manifest>`` finds
nothing. A dataset named by the client -- ``default-graph-uri``/``named-graph-uri``, or ``FROM``/
``FROM NAMED`` in the query -- may not name a private graph (403 ``private-graph``).

``FROM`` is read by rdflib's SPARQL parser (which resolves prefixes, ``BASE`` and ``\\u``
escapes, so no spelling of the manifest's IRI gets through), and only when the lexer of
:mod:`graph.server.guard` finds the keyword in some reading of the text; a query without it
costs one list of graph names per store generation.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..errors import QueryError, StafettError
from ..namespaces import PREFIXES
from .guard import code_positions

_FROM = re.compile(r"(?<![\w:?$])FROM(?![\w:.-])", re.I)


class PrivateGraphError(StafettError):
    """A query or request names a graph the endpoint does not publish."""

    def __init__(self, graph: str):
        self.graph = graph
        super().__init__(
            f"<{graph}> is the build's local manifest and is not published by this endpoint "
            "(the operator can start it with --publish-manifest)"
        )


def has_dataset_clause(sparql: str) -> bool:
    """Whether some reading of the text uses ``FROM`` as a keyword (see :mod:`.guard`)."""
    matches = list(_FROM.finditer(sparql))
    if not matches:
        return False
    code = code_positions(sparql)
    return any(all(code[m.start():m.end()]) for m in matches)


def query_dataset(sparql: str, base: str | None = None) -> list[str]:
    """The IRIs of the query's ``FROM`` and ``FROM NAMED`` clauses, resolved as a parser does
    (relative ones against ``base``, as the query itself is run)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        query = translateQuery(parseQuery(sparql), base=base, initNs=PREFIXES)
    except Exception as exc:  # noqa: BLE001 - pyparsing and rdflib raise many kinds
        try:  # Oxigraph's own message when the query is malformed for Oxigraph too
            ox.Store().query(sparql, prefixes=PREFIXES, base_iri=base)
        except SyntaxError as syntax:
            from ..sparql_errors import syntax_error

            raise syntax_error(syntax, sparql) from None
        except (OSError, ValueError, RuntimeError):
            pass
        raise QueryError(
            "this endpoint checks the graphs named by FROM and FROM NAMED and could not read this "
            f"query's ({' '.join(str(exc).split())[:200]}); name the graphs with the default-graph-uri "
            "and named-graph-uri parameters instead"
        ) from None
    out = []
    for clause in getattr(query, "algebra", {}).get("datasetClause") or []:
        for key in ("default", "named"):
            if key in clause:
                out.append(str(clause[key]))
    return out


def check_not_private(graphs, hidden) -> None:
    for g in graphs or ():
        if g in hidden:
            raise PrivateGraphError(g)


_named: dict[int, tuple[object, list[ox.NamedNode]]] = {}


def visible_named_graphs(store: ox.Store, hidden: frozenset[str]) -> list[ox.NamedNode]:
    """The named graphs of ``store`` but the hidden ones (kept while the store object lives:
    a store generation never changes)."""
    cached = _named.get(id(store))
    if cached is not None and cached[0] is store:
        return cached[1]
    graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in hidden]
    _named.clear()  # one generation at a time
    _named[id(store)] = (store, graphs)
    return graphs


def dataset_arguments(store: ox.Store, sparql: str, default_graph, named_graphs, hidden, *, base: str | None = None) -> dict:
    """The ``default_graph``/``named_graphs`` arguments of ``store.query`` for a request: the
    protocol's dataset when given, the query's own ``FROM`` when it has one, else everything but
    the hidden graphs. Raises :class:`PrivateGraphError` when a hidden graph is named."""
    hidden = frozenset(hidden or ())
    kwargs: dict = {}
    if default_graph or named_graphs:
        check_not_private(default_graph, hidden)
        check_not_private(named_graphs, hidden)
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph or []]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or []]
        return kwargs
    if not hidden:
        return kwargs
    if has_dataset_clause(sparql):
        check_not_private(query_dataset(sparql, base), hidden)
        return kwargs  # the query's own dataset, which names no hidden graph
    return {"default_graph": [ox.DefaultGraph()], "named_graphs": visible_named_graphs(store, hidden)}
