"""The web app: ``make_app(store, ...)`` builds a Starlette application that knows nothing of
the command line (``stafett serve`` is ``uvicorn.run(make_app(...))``).

Routes: ``/`` the query page, ``/sparql`` the SPARQL 1.1 Protocol, ``/graph-store`` the Graph
Store Protocol, ``/id/{kind}/{key}`` (and ``{base path}id/...``) the entities, ``/viz/chain``,
``/viz/network`` and ``/viz/ego/{name}`` the browser views, ``/static/`` the vendored assets.
Every query runs in a pool of worker processes with hard limits on time and memory (see
:mod:`graph.server.pool`); entity pages and views have a worker of their own, so they never
wait behind clients' queries; every error has one shape (see :mod:`graph.server.http`).
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import QueryError, StafettError, StoreError, UnknownNameError
from ..iris import DEFAULT_BASE, Minter
from . import graphstore, pages, querypage, site, sparql, views
from .http import HostCheck, Problem, SecurityHeaders, problem_response
from .pool import DEFAULT_MEMORY_MB, WorkerPool
from .worker import DEFAULT_MAX_BYTES

HERE = Path(__file__).resolve().parent
log = logging.getLogger("stafett.server")


@dataclass
class Settings:
    """What the app was started with (``app.state.settings``)."""

    base: str = DEFAULT_BASE
    allow_update: bool = False
    token: str = ""
    timeout: float = 30.0
    max_rows: int = 50_000
    max_query_bytes: int = 100_000
    max_body_bytes: int = 10_000_000
    max_bytes: int = DEFAULT_MAX_BYTES
    workers: int = 2
    minter: Minter = field(default_factory=Minter)
    public_url: str = "http://127.0.0.1:8000/"
    cors: bool = True
    send_timeout: float = 300.0

    def change_job(self) -> dict:
        """The fields every change job carries (where default-graph inserts are kept)."""
        return {"updates_graph": f"{self.minter.base}graph/updates"}


class SpoolBudget:
    """Bytes of spooled answers being sent at once (each is an open file on the server's disk)."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0

    def take(self, n: int) -> bool:
        if self.used + n > self.limit and self.used:
            return False
        self.used += n
        return True

    def give(self, n: int) -> None:
        self.used = max(0, self.used - n)


def store_spec(store) -> tuple[str, str]:
    """How a worker process opens ``store`` again: ("embedded", DIR) or ("remote", URL)."""
    from ..store import EmbeddedStore

    if isinstance(store, EmbeddedStore):
        return ("embedded", str(store.root))
    endpoints = getattr(store, "endpoints", None)  # graph.remote.RemoteStore
    if isinstance(getattr(endpoints, "query", None), str):
        return ("remote", endpoints.query)
    if isinstance(store, (str, Path)):
        return ("embedded", str(store))
    raise TypeError(f"make_app needs an EmbeddedStore, a remote store or a store folder, not {type(store).__name__}")


def make_app(
    store,
    *,
    base: str = DEFAULT_BASE,
    allow_update: bool = False,
    token: str | None = None,
    timeout: float = 30.0,
    max_rows: int = 50_000,
    workers: int = 2,
    max_query_bytes: int = 100_000,
    max_body_bytes: int = 10_000_000,
    queue_timeout: float | None = None,
    max_queue: int | None = None,
    isolate_network=True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    worker_memory: int | None = DEFAULT_MEMORY_MB,
    public_url: str | None = None,
    allowed_hosts: list[str] | None = None,
    cors: bool = True,
) -> Starlette:
    """The stafett web app over ``store`` (an open store, or a store folder).

    ``allow_update`` takes SPARQL Update and Graph Store writes from clients that send
    ``Authorization: Bearer {token}`` (a token is then required), on an embedded store only.
    ``timeout`` (seconds), ``max_rows``, ``max_bytes`` (of a result) and ``worker_memory``
    (MB per worker) bound every query; ``workers`` query processes run at once, and a request
    waits for one at most ``queue_timeout`` seconds (default ``timeout``) in a queue of
    ``max_queue`` places; requests and bodies over ``max_query_bytes`` / ``max_body_bytes`` are
    refused. ``public_url`` is the service's address as clients know it (the service
    description's ``sd:endpoint``); ``allowed_hosts``, when given, are the only names the
    ``Host`` header may carry; ``cors`` lets pages on other sites read query results.
    """
    spec = store_spec(store)
    if allow_update and not token:
        raise ValueError("allow_update needs a token (clients send it as Authorization: Bearer TOKEN)")
    if allow_update and spec[0] != "embedded":
        raise ValueError("allow_update works on the embedded store only; send updates to a remote server directly")
    if timeout <= 0 or max_rows < 1 or workers < 1 or max_bytes < 1:
        raise ValueError("timeout, max_rows, max_bytes and workers must be positive")
    minter = Minter(base)
    url = (public_url or "http://127.0.0.1:8000/").rstrip("/") + "/"
    settings = Settings(
        base=minter.base, allow_update=allow_update, token=token or "", timeout=timeout, max_rows=max_rows,
        max_query_bytes=max_query_bytes, max_body_bytes=max_body_bytes, max_bytes=max_bytes, workers=workers,
        minter=minter, public_url=url, cors=cors, send_timeout=max(60.0, 10 * timeout),
    )
    # Workers on a remote store must reach it: the parser is their only wall (docs/server.md).
    isolate = isolate_network if spec[0] == "embedded" else False
    common = dict(timeout=timeout, queue_timeout=queue_timeout, isolate=isolate, memory_mb=worker_memory,
                  legacy_manifest=minter.manifest_graph)
    pool = WorkerPool(spec, size=workers, max_queue=max_queue, name="query", **common)
    page_pool = WorkerPool(spec, size=1, name="pages", **common)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await anyio.to_thread.run_sync(pool.start)
        await anyio.to_thread.run_sync(page_pool.start)
        try:
            yield
        finally:
            pool.close()
            page_pool.close()

    routes = [
        Route("/", querypage.page, name="home"),
        Route("/queries.json", querypage.examples_json, name="examples"),
        Route("/om", site.about, name="about"),
        Route("/datasett", site.dataset, name="dataset"),
        Route("/sparql", sparql.endpoint, methods=["GET", "POST"], name="sparql"),
        Route("/sparql", sparql.preflight, methods=["OPTIONS"], name="sparql-preflight"),
        Route("/graph-store", graphstore.handle, methods=["GET", "PUT", "POST", "DELETE"], name="graph-store"),
        Route("/graph-store/{path:path}", graphstore.handle, methods=["GET", "PUT", "POST", "DELETE"], name="graph-by-path"),
        Route("/id/{path:path}", pages.entity, name="entity"),
        Route("/viz/{view}", views.view, name="view"),
        Route("/viz/{view}/{name:path}", views.view, name="view-of"),
        Mount("/static", app=StaticFiles(directory=HERE / "static", follow_symlink=False), name="static"),
    ]
    base_path = urlparse(minter.base).path
    if base_path not in ("", "/"):
        routes.append(Route(base_path.rstrip("/") + "/id/{path:path}", pages.entity, name="entity-under-base"))
    handlers = {Problem: _problem, HTTPException: _http_exception, StafettError: _stafett_error, Exception: _unexpected}
    app = Starlette(routes=routes, exception_handlers=handlers, lifespan=lifespan)
    app.state.settings = settings
    app.state.pool = pool
    app.state.page_pool = page_pool
    app.state.view_limiter = anyio.CapacityLimiter(2)  # views render in threads; not all of them
    app.state.spool_budget = SpoolBudget(16 * max_bytes)
    app.state.view_cache = OrderedDict()
    if allowed_hosts:
        app.add_middleware(HostCheck, allowed=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app


# -- errors: one shape ----------------------------------------------------------------------------
async def _problem(request: Request, exc: Problem):
    return problem_response(request, exc.status, exc.error, exc.message, exc.headers)


async def _http_exception(request: Request, exc: HTTPException):
    codes = {404: "not-found", 405: "method-not-allowed"}
    message = {404: f"nothing at {request.url.path}; see / for the query page",
               405: f"{request.method} is not allowed here"}.get(exc.status_code, str(exc.detail))
    return problem_response(request, exc.status_code, codes.get(exc.status_code, "http-error"), message, exc.headers)


async def _stafett_error(request: Request, exc: StafettError):
    if isinstance(exc, QueryError):
        return problem_response(request, 400, "malformed-query", str(exc))
    if isinstance(exc, UnknownNameError):
        return problem_response(request, 404, "unknown-name", str(exc))
    if isinstance(exc, StoreError):
        return problem_response(request, 503, "store-unavailable", str(exc))
    return problem_response(request, 400, "bad-request", str(exc))


async def _unexpected(request: Request, exc: Exception):
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem_response(request, 500, "internal-error", "the server failed on this request; the operator's log has the details")
