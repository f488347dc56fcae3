"""What every page of the server shares: the header's links (:data:`NAV`), and the two pages
that are only text, ``/om`` (about) and ``/datasett`` (the dataset: how to get it, what is in it).

The views of ``viz/`` carry the same header when served (:func:`viz.page.with_site_nav`); a
page written by ``stafett viz`` to a file has none, as its links would lead nowhere.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

# (path, Norwegian, English) of the header's links, in order.
NAV = (
    ("/", "Spørring", "query"),
    ("/viz/chain", "Stafetten", "the relay"),
    ("/viz/network", "Nettverket", "the network"),
    ("/datasett", "Datasett", "dataset and export"),
    ("/om", "Om", "about"),
)


def banner(where: str, url: str, mode: str) -> str:
    """What ``stafett serve`` prints when it starts: what it serves, and the pages' addresses.

    >>> print(banner("embedded store /s", "http://127.0.0.1:8000", "read-only"))  # doctest: +NORMALIZE_WHITESPACE
    stafett: serving embedded store /s at http://127.0.0.1:8000/ (read-only); Ctrl-C stops
      Spørring (query page)         http://127.0.0.1:8000/
      Stafetten (the relay)         http://127.0.0.1:8000/viz/chain
      Nettverket (the network)      http://127.0.0.1:8000/viz/network
      Én aktør (one actor)          http://127.0.0.1:8000/viz/ego/NAVN
      SPARQL 1.1-endepunkt          http://127.0.0.1:8000/sparql
    """
    url = url.rstrip("/")
    rows = [("Spørring (query page)", "/"), ("Stafetten (the relay)", "/viz/chain"),
            ("Nettverket (the network)", "/viz/network"), ("Én aktør (one actor)", "/viz/ego/NAVN"),
            ("SPARQL 1.1-endepunkt", "/sparql")]
    lines = [f"stafett: serving {where} at {url}/ ({mode}); Ctrl-C stops"]
    lines += [f"  {name.ljust(28)}  {url}{path}" for name, path in rows]
    return "\n".join(lines)


def nav_links(current: str = "") -> list[dict]:
    """The header's links, the one for ``current`` (a path) marked."""
    return [{"href": h, "nb": nb, "en": en, "current": current == h or (h != "/" and current.startswith(h + "/"))}
            for h, nb, en in NAV]


async def _counts(request: Request) -> dict[str, int | None]:
    from .pages import _select

    q = """SELECT (COUNT(DISTINCT ?i) AS ?interviews) (COUNT(DISTINCT ?p) AS ?people) (COUNT(DISTINCT ?pass) AS ?passes) WHERE {
      { ?i a <https://w3id.org/stafett/def#Interview> } UNION { ?p a <http://xmlns.com/foaf/0.1/Person> }
      UNION { ?pass a <https://w3id.org/stafett/def#BatonPass> } }"""
    try:
        row = (await _select(request, q, 10))[0]
    except Exception:  # noqa: BLE001 - a page of text still shows without its figures
        return {"interviews": None, "people": None, "passes": None}
    return {k: int(v["value"]) for k, v in row.items()}


async def about(request: Request) -> HTMLResponse:
    from .pages import environment

    html = environment().get_template("about.html").render(path="/om", counts=await _counts(request))
    return HTMLResponse(html)


async def dataset(request: Request) -> HTMLResponse:
    from .pages import environment

    settings = request.app.state.settings
    html = environment().get_template("dataset.html").render(
        path="/datasett", counts=await _counts(request), base=settings.base,
        origin=str(request.base_url).rstrip("/"))
    return HTMLResponse(html)
