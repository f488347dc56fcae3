"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/graph-store?graph=IRI`` (or ``?default``).

Reading (GET, HEAD) is open like queries. Writing (PUT replaces a graph, POST adds to it,
DELETE drops it) needs ``--allow-update`` and the bearer token, and goes through the same
generation-and-swap as SPARQL Update (:mod:`graph.server.update`). The default graph is the
union of the named graphs, so it is read-only here: write to a named graph.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from .http import Problem, read_body
from .sparql import call_pool, check_write_access, result_response

READABLE = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")


def _target(request: Request) -> str | None:
    """The graph IRI, or None for the default graph."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    graphs = params.get("graph") or []
    if ("default" in params) == bool(graphs) or len(graphs) > 1:
        raise Problem(400, "bad-request", "name one graph: ?graph=IRI, or ?default for the default graph")
    if not graphs:
        return None
    try:
        ox.NamedNode(graphs[0])
    except ValueError:
        raise Problem(400, "bad-request", f"graph {graphs[0]!r} is not an absolute IRI") from None
    return graphs[0]


async def handle(request: Request) -> Response:
    settings = request.app.state.settings
    graph = _target(request)
    if request.method in ("GET", "HEAD"):
        sparql = (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}" if graph
                  else "CONSTRUCT WHERE { ?s ?p ?o }")
        job = {"op": "query", "sparql": sparql, "accept": request.headers.get("accept") or "text/turtle",
               "max_rows": settings.max_rows, "max_bytes": settings.max_bytes, "trusted": True}
        reply = await call_pool(request, job, stream=True)
        if graph and reply["rows"] == 0:
            if "stream" in reply:
                reply["stream"].close()
                reply["release"]()
            raise Problem(404, "not-found", f"no graph <{graph}> in the store")
        return result_response(request, reply, {"Vary": "Accept"})
    check_write_access(request)
    if graph is None:
        raise Problem(403, "union-default-graph", "the default graph is the union of the named graphs; write to a named graph (?graph=IRI)")
    job = {"op": "graph", "mode": request.method.lower(), "graph": graph, **settings.change_job()}
    if request.method != "DELETE":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media not in READABLE:
            raise Problem(415, "unsupported-media-type", f"send the graph as one of {', '.join(READABLE)}")
        job["media_type"] = media
        job["data"] = await read_body(request, settings.max_body_bytes)
    reply = await call_pool(request, job)
    return Response(status_code=reply["status"])
