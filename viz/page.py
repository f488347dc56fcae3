"""One self-contained HTML page per view: our template, vis-network inlined, the data as JSON.

pyvis builds the nodes and edges (:func:`pyvis_network`), but its own template loads Bootstrap
and other files from CDNs even with ``cdn_resources="in_line"``, so the page is ours
(``viz/templates/``). vis-network's JS and CSS are read from the installed pyvis package at render
time (vis-network is dual-licensed Apache-2.0/MIT; its licence header stays in the inlined file).
A Content-Security-Policy in the page forbids every request, so nothing leaves it even by mistake.

Untrusted text (names, quotes, labels) only ever reaches the page as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the
page's script puts it into the DOM as text (``textContent``), never as HTML; vis-network draws
labels on a canvas.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_DIR = "templates/lib/vis-9.1.2"
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
       "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")
_SLOT = re.compile(r"/\*@([A-Z_]+)@\*/")


@cache
def vis_assets() -> tuple[str, str]:
    """(JS, CSS) of vis-network as shipped inside the pyvis package."""
    root = resources.files("pyvis").joinpath(*VIS_DIR.split("/"))
    js = root.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = root.joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # would end our <script>/<style> early
        raise RuntimeError("the vis-network files of this pyvis cannot be inlined safely")
    return js, css


@cache
def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def script_json(value) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (and valid JSON still).

    >>> script_json({"name": "</script><img src=x onerror=alert(1)>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    >>> json.loads(script_json(["a & b\\u2028"])) == ["a & b\\u2028"]
    True
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def pyvis_network():
    """An empty pyvis network for building a view's nodes and edges (directed, so pyvis does
    not scan every edge for a reverse duplicate; arrows are set per edge)."""
    from pyvis.network import Network

    return Network(directed=True, cdn_resources="in_line")


def with_site_nav(page: str, links, current: str = "") -> str:
    """The page with a site's header of ``links`` (``(href, text, title)``) above its own, for a
    server that serves the views among other pages; ``current`` (an href) is marked.

    >>> "aria-current" in with_site_nav("<body>\\n<header>", [("/", "Spørring", "query")], "/")
    True
    """
    mark = ' aria-current="page"'
    items = "".join(
        f'<a href="{html.escape(h)}" title="{html.escape(t)}"{mark if h == current else ""}>{html.escape(x)}</a>'
        for h, x, t in links)
    bar = f'<nav class="site" aria-label="Hovedmeny (main menu)"><a class="brand" href="/">stafett</a>{items}</nav>'
    return page.replace("<body>", "<body>\n" + bar, 1)


def render_page(*, title: str, data: dict) -> str:
    """The page: ``data`` holds ``nodes``, ``edges``, ``options`` and what the controls need."""
    js, css = vis_assets()
    slots = {
        "CSP": CSP,
        "TITLE": html.escape(title),
        "VIS_CSS": css,
        "PAGE_CSS": _template("page.css"),
        "DATA": script_json({**data, "title": title}),
        "VIS_JS": js,
        "PAGE_JS": _template("page.js"),
    }
    # One pass, so text put into one slot is never read as another slot.
    return _SLOT.sub(lambda m: slots[m.group(1)], _template("page.html"))
