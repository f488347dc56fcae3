"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/graph-store``.

A graph is named indirectly, ``/graph-store?graph=IRI`` (or ``?default``), or directly by a path
under the endpoint, ``/graph-store/{path}``, whose IRI is that URL itself. ``POST /graph-store``
with neither makes a new graph under the endpoint and answers ``201`` with its IRI in
``Location``.

Reading (GET, HEAD) is open like queries. Writing (PUT replaces a graph, POST adds to it,
DELETE drops it) needs ``--allow-update`` and the bearer token, and goes through the same
generation-and-swap as SPARQL Update (:mod:`graph.server.update`). The default graph is the
union of the named graphs, so it is read-only here: write to a named graph. A POST body may be
``multipart/form-data``: each part is a graph in its own format, and all are added.
"""

from __future__ import annotations

import uuid
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from .http import Problem, read_body
from .sparql import call_pool, check_write_access, result_response

READABLE = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")
MULTIPART = "multipart/form-data"
NEW = object()  # the target of a POST to the store itself: a graph to create


def _absolute(iri: str, what: str) -> str:
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise Problem(400, "bad-request", f"{what} {iri!r} is not an absolute IRI") from None
    return iri


def store_url(request: Request) -> str:
    """The Graph Store's own URL, under which graphs named by path live."""
    return str(request.url_for("graph-store"))


def _target(request: Request):
    """The graph IRI, None for the default graph, or NEW for a POST to the store itself."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    graphs = params.get("graph") or []
    path = request.path_params.get("path")
    if path is not None:  # direct identification: the request's URL is the graph's IRI
        if graphs or "default" in params:
            raise Problem(400, "bad-request", "a graph named by its path takes no ?graph or ?default")
        raw = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
        return _absolute(store_url(request).split("/graph-store")[0] + raw.split("?")[0], "graph")
    if not graphs and "default" not in params and request.method == "POST":
        return NEW
    if ("default" in params) == bool(graphs) or len(graphs) > 1:
        raise Problem(400, "bad-request", "name one graph: ?graph=IRI, or ?default for the default graph")
    return _absolute(graphs[0], "graph") if graphs else None


def _parts(body: bytes, content_type: str) -> list[tuple[str, bytes]]:
    """(media type, data) of each part of a multipart/form-data body; a part without a readable
    type is taken by its file name's extension."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + body)
    if not message.is_multipart():
        raise Problem(400, "malformed-data", "the multipart body has no parts (check its boundary)")
    out = []
    for part in message.iter_parts():
        media = part.get_content_type()
        if media not in READABLE:
            name = part.get_filename() or ""
            fmt = ox.RdfFormat.from_extension(name.rsplit(".", 1)[-1]) if "." in name else None
            if fmt is None or fmt.media_type not in READABLE:
                raise Problem(415, "unsupported-media-type",
                              f"the part {name or part.get_param('name', header='content-disposition') or '?'} is {media}; "
                              f"send each part as one of {', '.join(READABLE)}")
            media = fmt.media_type
        out.append((media, part.get_payload(decode=True) or b""))
    return out


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
    created = graph is NEW
    if created:  # a new graph under the store's URL, so that it can be read by its path too
        graph = f"{store_url(request)}/{uuid.uuid4().hex}"
    job = {"op": "graph", "mode": request.method.lower(), "graph": graph, **settings.change_job()}
    if request.method != "DELETE":
        ctype = request.headers.get("content-type", "")
        media = ctype.split(";")[0].strip().lower()
        body = await read_body(request, settings.max_body_bytes)
        if media == MULTIPART and request.method == "POST":
            job["parts"] = _parts(body, ctype)
        elif media in READABLE:
            job["media_type"], job["data"] = media, body
        else:
            raise Problem(415, "unsupported-media-type",
                          f"send the graph as one of {', '.join(READABLE)} (or, to POST, {MULTIPART} of those)")
    reply = await call_pool(request, job)
    return Response(status_code=reply["status"], headers={"Location": graph} if created else None)
