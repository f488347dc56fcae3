"""The query page at ``/``: YASGUI (vendored, see ``static/vendor/yasgui/README.md``) talking to
``/sparql`` only, with the project's prefixes filled in and the named queries
(:mod:`graph.queries`) as examples. ``/queries.json`` gives the page its configuration; the
page's own script (``static/query.js``) is a file, so the Content-Security-Policy needs no
inline script.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

from ..errors import StafettError
from ..namespaces import PREFIXES, sparql_prolog
from .http import CSP_QUERY_PAGE
from .pages import environment

DEFAULT_QUERY = """SELECT ?person ?name ?organisation WHERE {
  ?person a foaf:Person ;
          foaf:name ?name .
  OPTIONAL { ?person org:memberOf/rdfs:label ?organisation }
}
ORDER BY ?name
LIMIT 100
"""


def examples() -> list[dict]:
    """The named queries as the page shows them, each filled with its defaults (a query whose
    parameter has no default is shown as written, ``$name`` and all)."""
    from ..queries import fill, list_queries

    out = []
    for q in list_queries():
        try:
            text = fill(q, {})
        except StafettError:
            text = q.text
        out.append({
            "name": q.name, "title_nb": q.title_nb or q.name, "title_en": q.title_en,
            "question_nb": q.question_nb, "question_en": q.question_en, "text": text,
        })
    return out


async def page(request: Request) -> HTMLResponse:
    html = environment().get_template("query.html").render(examples=examples())
    return HTMLResponse(html, headers={"Content-Security-Policy": CSP_QUERY_PAGE})


async def examples_json(request: Request) -> JSONResponse:
    return JSONResponse({
        "endpoint": "/sparql",
        "base": request.app.state.settings.base,
        "prefixes": PREFIXES,
        "default_query": sparql_prolog() + "\n" + DEFAULT_QUERY,
        "examples": examples(),
    })
