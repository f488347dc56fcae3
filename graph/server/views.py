"""The browser views of ``viz/`` served at ``/viz/chain``, ``/viz/network`` and ``/viz/ego/{name}``.

The views read the graph through SPARQL like everything else; here the "store" they query is
the server's worker pool (:class:`PoolStore`), so view queries get the same time limit and
isolation as any other query. Pages are cached per store generation. Each page inlines its
scripts, so its Content-Security-Policy allows exactly those scripts by their SHA-256 hashes
(and nothing from anywhere, not even this server).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import time
from collections import OrderedDict
from pathlib import Path

import anyio
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..errors import QueryError, StoreError
from .http import Problem
from .pool import PoolError

CACHE_SIZE = 8
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


class PoolStore:
    """A read-only GraphStore whose queries run in the server's worker pool."""

    kind = "pool"

    def __init__(self, pool, max_rows: int):
        self.pool, self.max_rows = pool, max_rows

    def query(self, sparql: str, *, default_graph=None, named_graphs=None):
        job = {"op": "query", "sparql": sparql, "accept": "application/sparql-results+json", "max_rows": self.max_rows}
        if default_graph:
            job["default_graph"] = list(default_graph)
        if named_graphs:
            job["named_graphs"] = list(named_graphs)
        try:
            reply = self.pool.call(job)
        except PoolError as exc:
            raise StoreError(str(exc)) from None
        if not reply.get("ok"):
            raise (QueryError if reply["status"] == 400 else StoreError)(reply["message"])
        return ox.parse_query_results(reply["body"], format=ox.QueryResultsFormat.JSON)

    def graph_names(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"].value for r in rows)


def page_csp(html: str) -> str:
    """A policy that lets the page's own inline scripts run (by hash) and nothing else load."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode() + "'"
        for m in _SCRIPT.finditer(html)
    )
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            "connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def _generation(request: Request) -> str:
    """What the cache is keyed by: the embedded store's current generation (a build swaps it),
    or, for a remote store, the minute."""
    kind, where = request.app.state.pool.spec
    if kind == "embedded":
        try:
            return os.readlink(Path(where) / "current")
        except OSError:
            return "none"
    return str(int(time.time() // 60))


def _int(request: Request, name: str, default: int | None, lo: int, hi: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise Problem(400, "bad-request", f"{name} must be a whole number from {lo} to {hi}") from None
    if not lo <= value <= hi:
        raise Problem(400, "bad-request", f"{name} must be a whole number from {lo} to {hi}")
    return value


def _choice(request: Request, name: str, allowed: tuple[str, ...], default: str | None) -> str | None:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if raw not in allowed:
        raise Problem(400, "bad-request", f"{name} must be one of: {', '.join(allowed)}")
    return raw


async def view(request: Request) -> HTMLResponse:
    import viz

    name = request.path_params.get("view")
    if name not in viz.VIEWS:
        raise Problem(404, "not-found", f"no view {name!r}; the views are {', '.join('/viz/' + v for v in viz.VIEWS)}")
    who = request.path_params.get("name")
    if name == "ego" and not who:
        raise Problem(400, "bad-request", "the ego view needs a name: /viz/ego/{name}")
    if name != "ego" and who is not None:
        raise Problem(404, "not-found", f"/viz/{name} takes no name; only /viz/ego/{{name}} does")
    options: dict = {"layout": _choice(request, "layout", ("force", "geo", "stage"), None)}
    if name == "network":
        top = _int(request, "top", viz.DEFAULT_TOP, 0, 100_000)
        options.update(top=top or None, metric=_choice(request, "metric", ("degree", "betweenness"), "degree"), hint="?top=0")
        options["layout"] = options["layout"] or "force"
    elif name == "ego":
        options.update(radius=_int(request, "radius", 2, 1, 4), layout=options["layout"] or "force")
    key = (name, who, tuple(sorted(options.items())), _generation(request))
    cache: OrderedDict = request.app.state.view_cache
    html = cache.get(key)
    if html is None:
        settings = request.app.state.settings
        store = PoolStore(request.app.state.pool, settings.max_rows)
        html = await anyio.to_thread.run_sync(lambda: viz.render_view(store, name, who, **options))
        cache[key] = html
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    from viz.page import with_site_nav

    from .site import NAV

    html = with_site_nav(html, [(h, nb, en) for h, nb, en in NAV], f"/viz/{name}")
    return HTMLResponse(html, headers={"Content-Security-Policy": page_csp(html), "Cache-Control": "no-store"})
