"""The SPARQL 1.1 Protocol at ``/sparql``: queries by GET, form POST and direct POST, updates
by POST (only with ``--allow-update`` and the bearer token).

Requests are read and checked here (sizes, the dataset parameters, nesting depth); the query
itself runs in the worker pool, which refuses ``SERVICE`` and ``LOAD`` by parsing the text
(:mod:`graph.server.guard`), negotiates the result format against ``Accept`` and writes large
results to a spool file that is streamed from here.
"""

from __future__ import annotations

import hmac
import os
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .guard import Refused, check_shape
from .http import Problem, SpooledResponse, read_body, too_large
from .negotiate import choose
from .pool import PoolError

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise Problem(400, "bad-request", f"give one {name} parameter, not {len(values)}")
    return values[0] if values else None


def _graph_iris(params: dict[str, list[str]], name: str) -> list[str] | None:
    values = params.get(name) or []
    for v in values:
        try:
            ox.NamedNode(v)
        except ValueError:
            raise Problem(400, "bad-request", f"{name} {v!r} is not an absolute IRI") from None
    return values or None


#: CORS: any page may read query results (public data, no credentials), by the requests a
#: browser SPARQL client sends: GET, and POST with a query body (whose content type needs a
#: preflight). Not Authorization: no other site's page may send the token.
CORS = {"Access-Control-Allow-Origin": "*"}
PREFLIGHT = {**CORS, "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": "Content-Type, Accept",
             "Access-Control-Max-Age": "600"}


async def preflight(request: Request) -> Response:
    """``OPTIONS /sparql``: what a cross-origin SPARQL client may send (see :data:`CORS`)."""
    if not request.app.state.settings.cors:
        return Response(status_code=204, headers={"Allow": "GET, POST, OPTIONS"})
    return Response(status_code=204, headers={**PREFLIGHT, "Allow": "GET, POST, OPTIONS"})


async def _params(request: Request, settings) -> tuple[dict[str, list[str]], str | None, str | None]:
    """(protocol parameters, query, update) of a request, whichever way it was sent."""
    url_params = parse_qs(request.url.query, keep_blank_values=True)
    if len(request.url.query) > settings.max_query_bytes * 3 + 4096:  # %-encoding triples the size
        raise too_large(settings.max_query_bytes)
    if request.method == "GET":
        if "update" in url_params:
            raise Problem(405, "method-not-allowed", "updates are sent with POST", {"Allow": "POST"})
        return url_params, _one(url_params, "query"), None
    media = _media_type(request)
    if media == FORM:
        body = await read_body(request, settings.max_query_bytes * 3 + 4096)
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise Problem(400, "bad-request", "the form is not UTF-8") from None
        return {**url_params, **form}, _one(form, "query"), _one(form, "update")
    if media in (QUERY, UPDATE):
        body = await read_body(request, settings.max_query_bytes)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Problem(400, "bad-request", "the request body is not UTF-8") from None
        return url_params, (text if media == QUERY else None), (text if media == UPDATE else None)
    raise Problem(
        415, "unsupported-media-type",
        f"POST a query as {FORM} (query=...) or {QUERY}, an update as {FORM} (update=...) or {UPDATE}",
    )


async def endpoint(request: Request) -> Response:
    settings = request.app.state.settings
    params, query, update = await _params(request, settings)
    if query is not None and update is not None:
        raise Problem(400, "bad-request", "send a query or an update, not both")
    if update is not None:
        return await run_update(request, update, params)
    if query is None:
        return service_description(request)
    if len(query.encode("utf-8")) > settings.max_query_bytes:
        raise too_large(settings.max_query_bytes)
    await check_text(query)
    job = {
        "op": "query",
        "sparql": query,
        "default_graph": _graph_iris(params, "default-graph-uri"),
        "named_graphs": _graph_iris(params, "named-graph-uri"),
        "accept": request.headers.get("accept"),
        "max_rows": settings.max_rows,
        "max_bytes": settings.max_bytes,
        "base": settings.base,  # relative IRIs in the query resolve against the data's base
    }
    reply = await call_pool(request, job, stream=True)
    headers = {"Vary": "Accept", "X-Result-Rows": str(reply["rows"]), **(CORS if settings.cors else {})}
    return result_response(request, reply, headers)


async def check_text(text: str) -> None:
    """Refuse a text nested too deeply or with too many operators, before it queues (the
    worker checks the rest: SERVICE, LOAD, what rdflib cannot read)."""
    try:
        if len(text) > 4096:  # linear, but not on the event loop for long texts
            await anyio.to_thread.run_sync(check_shape, text)
        else:
            check_shape(text)
    except Refused as exc:
        raise Problem(exc.status, exc.error, str(exc)) from None


async def client_gone(request: Request) -> None:
    """Return when the client has disconnected (the request's body has been read already)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def call_pool(request: Request, job: dict, *, timeout: float | None = None, lane: str = "query",
                    stream: bool = False) -> dict:
    """The worker's reply to ``job``, or a :class:`Problem`. ``lane`` "pages" runs it in the
    pages' own worker (entity pages and views never wait behind queries). With ``stream``, a
    large result is handed over as ``reply["stream"]`` (an open, unlinked spool file);
    otherwise it is read into ``reply["body"]``."""
    state = request.app.state
    pool = state.page_pool if lane == "pages" else state.pool
    try:
        reply = await pool.acall(job, timeout=timeout, gone=lambda: client_gone(request))
    except PoolError as exc:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        raise Problem(exc.status, exc.error, str(exc), headers) from None
    if not reply.get("ok"):
        raise Problem(reply["status"], reply["error"], reply["message"])
    path = reply.pop("file", None)
    if path is not None:
        fh = open(path, "rb")
        os.unlink(path)  # the space is freed when the file is closed
        if not stream:
            with fh:
                reply["body"] = fh.read()
        else:
            budget = state.spool_budget
            if not budget.take(reply["size"]):
                fh.close()
                raise Problem(503, "busy", "too many large answers are being sent at once; try again shortly",
                              {"Retry-After": "5"})
            reply["stream"], reply["release"] = fh, lambda: budget.give(reply["size"])
    return reply


def result_response(request: Request, reply: dict, headers: dict):
    """The response for a worker's reply: the body, or the spool file streamed."""
    if "stream" in reply:
        settings = request.app.state.settings
        return SpooledResponse(reply["stream"], reply["size"], reply["media_type"], headers,
                               deadline=settings.send_timeout, on_close=reply["release"])
    return Response(reply["body"], media_type=reply["media_type"], headers=headers)


def check_write_access(request: Request) -> None:
    """403 unless the server takes changes; then 401 unless the bearer token is right."""
    settings = request.app.state.settings
    if not settings.allow_update:
        raise Problem(403, "read-only", "this endpoint is read-only; the operator can start it with --allow-update")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), settings.token.encode())
    if not ok:
        raise Problem(401, "unauthorized", "changes need the header Authorization: Bearer TOKEN with the server's token",
                      {"WWW-Authenticate": 'Bearer realm="stafett"'})


async def run_update(request: Request, update: str, params: dict[str, list[str]]) -> Response:
    check_write_access(request)
    settings = request.app.state.settings
    if len(update.encode("utf-8")) > settings.max_query_bytes:
        raise too_large(settings.max_query_bytes)
    await check_text(update)
    job = {
        "op": "update", "sparql": update, "base": settings.base,
        # The Protocol's update dataset: USING / USING NAMED in each DELETE/INSERT ... WHERE.
        "using": _graph_iris(params, "using-graph-uri"),
        "using_named": _graph_iris(params, "using-named-graph-uri"),
        **settings.change_job(),
    }
    await call_pool(request, job)
    return Response(status_code=204)


#: The format IRIs (http://www.w3.org/ns/formats/) of what the workers write, by media type.
FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON", "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV", "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle", "application/n-triples": "N-Triples", "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
}
DESCRIPTION_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
                     "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}


def service_description(request: Request) -> Response:
    """``GET /sparql`` without a query: browsers go to the query page, programs get a SPARQL
    service description (Turtle unless they ask for another RDF format).

    It says only what is true of this server (tests/test_server_description.py checks each
    claim): the result formats the workers write; SPARQL 1.1 Update only with --allow-update;
    simple entailment (Oxigraph infers nothing); the union default graph (the build manifest is
    not in the store at all, so every named graph is in the union). Not claimed: federated query and
    dereferencing IRIs (SERVICE and LOAD are refused), empty graphs (an empty graph is not kept).
    """
    from .worker import GRAPH_TYPES, RESULT_TYPES

    media = choose(request.headers.get("accept"), [*DESCRIPTION_TYPES, "text/html"])
    if media == "text/html":
        return RedirectResponse("/", status_code=303)
    media = media or "text/turtle"  # a description rather than a 406 for a client that asks oddly
    settings = request.app.state.settings
    sd = "http://www.w3.org/ns/sparql-service-description#"
    fmt = "http://www.w3.org/ns/formats/"
    node, a = ox.BlankNode("service"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    # The configured public URL, never the Host header (a client could name any host there).
    me = ox.NamedNode(request.app.state.settings.public_url + "sparql")
    triples = [
        ox.Triple(node, a, ox.NamedNode(sd + "Service")),
        ox.Triple(node, ox.NamedNode(sd + "endpoint"), me),
        ox.Triple(node, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
        ox.Triple(node, ox.NamedNode(sd + "defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
    ]
    triples.append(ox.Triple(node, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")))
    if settings.allow_update:
        triples.append(ox.Triple(node, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Update")))
    for media_type in [*RESULT_TYPES, *GRAPH_TYPES]:
        triples.append(ox.Triple(node, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(fmt + FORMAT_IRIS[media_type])))
    out = DESCRIPTION_TYPES[media]
    prefixes = {"sd": sd, "format": fmt} if out in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(triples, format=out, prefixes=prefixes) if prefixes else ox.serialize(triples, format=out)
    return Response(body, media_type=media, headers={"Vary": "Accept"})
