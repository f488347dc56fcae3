"""The query page at ``/``: YASGUI (vendored, see ``static/vendor/yasgui/README.md``) talking to
``/sparql`` only, with the named queries (:mod:`graph.queries`) as examples. ``/queries.json``
gives the page its configuration; the page's own script (``static/query.js``) is a file, so the
Content-Security-Policy needs no inline script.

What the analyst sees is kept short: the editor starts on a small query, and the project's
prefixes are declared by the endpoint, not in the editor (an example's ``PREFIX`` lines for
them are left out, with its header: its title and question are beside the editor). Results
read as values (``5``, ``ja``, ``4. mai 2023``), entities by name with a link to their page, and
the columns of a named query under its Norwegian headers.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

from ..errors import StafettError
from ..namespaces import PREFIXES
from .http import CSP_QUERY_PAGE
from .pages import environment

DEFAULT_QUERY = """# Hvem er med i stafetten, og hvor arbeider de? Velg et eksempel til venstre, eller skriv din egen.
SELECT ?name ?organisation ?person WHERE {
  ?person a foaf:Person ;
          foaf:name ?name .
  OPTIONAL { ?person org:memberOf/skos:prefLabel ?organisation }
}
ORDER BY ?name
LIMIT 100
"""
DEFAULT_COLUMNS = {"name": "Navn", "organisation": "Organisasjon", "person": "Person"}
_HEADER = re.compile(r"^#\s*(title|question|param|column)(@\w+)?:")
_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>\s*$", re.I)


def editor_text(text: str) -> str:
    """A query as the editor shows it: without the header lines the page shows beside it, and
    without ``PREFIX`` lines the endpoint declares anyway (the same prefix for the same IRI).

    >>> editor_text("# title@nb: T\\n# column: x | X | X\\n#\\n# What a row is.\\nPREFIX stf: <https://w3id.org/stafett/def#>\\nPREFIX ex: <http://example.org/>\\n\\nSELECT ?x {}")
    '# What a row is.\\nPREFIX ex: <http://example.org/>\\n\\nSELECT ?x {}'
    """
    lines = text.splitlines()
    out, head = [], True
    for line in lines:
        if head and line.startswith("#"):
            if _HEADER.match(line) or line.strip() == "#":
                continue
        else:
            head = False
        m = _PREFIX.match(line)
        if m and PREFIXES.get(m.group(1) or "") == m.group(2):
            continue
        out.append(line)
    return "\n".join(out).strip("\n")


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
            "question_nb": q.question_nb, "question_en": q.question_en, "text": editor_text(text),
            "columns": {c.name: c.nb for c in q.columns},
        })
    return out


async def page(request: Request) -> HTMLResponse:
    html = environment().get_template("query.html").render(examples=examples(), prefixes=PREFIXES, path="/")
    return HTMLResponse(html, headers={"Content-Security-Policy": CSP_QUERY_PAGE})


async def examples_json(request: Request) -> JSONResponse:
    from ..queries import column_labels

    return JSONResponse({
        "endpoint": "/sparql",
        "base": request.app.state.settings.base,
        "prefixes": PREFIXES,
        "default_query": DEFAULT_QUERY,
        "columns": {**column_labels("nb"), **DEFAULT_COLUMNS},
        "examples": examples(),
    })
