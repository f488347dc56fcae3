"""Interactive views that work offline: each a function graph -> one self-contained HTML string.

Graph-level (pure): :func:`relay_html` (the relay), :func:`network_html` (the collaboration
network), :func:`ego_html` (one actor's surroundings). Store-level, for the CLI and the server
(they read the store through SPARQL only, so ``--store`` and ``--endpoint`` both work):

- ``render_chain(store, *, layout=None)``
- ``render_network(store, *, layout="force", top=DEFAULT_TOP, metric="degree", hint=...)``
- ``render_ego(store, name, *, radius=2, layout="force", top=EGO_TOP, hint=None)`` -- ``name``
  is matched forgivingly (raises ``UnknownNameError`` / ``AmbiguousNameError``)

``hint`` is the sentence a reduced page gives for seeing the rest (the CLI's is
``stafett viz network --top 0``; a server can say ``?top=0``).
"""

from __future__ import annotations

from .ego import EGO_TOP, ego_html
from .network import ALL_HINT, DEFAULT_TOP, network_html
from .relay import relay_html

VIEWS = ("chain", "network", "ego")


def render_chain(store, *, layout: str | None = None) -> str:
    """The relay of the graph in ``store`` as a page (the map when it spans several counties)."""
    from graph.network import Facts, relay_graph, with_sources

    facts = Facts(store)
    return relay_html(with_sources(relay_graph(store, facts), facts), layout=layout)


def render_network(store, *, layout: str = "force", top: int | None = DEFAULT_TOP, metric: str = "degree",
                   hint: str = ALL_HINT) -> str:
    """The collaboration network of the graph in ``store`` as a page."""
    from graph.network import collaboration_graph

    return network_html(collaboration_graph(store), layout=layout, top=top, metric=metric, hint=hint)


def render_ego(store, name: str, *, radius: int = 2, layout: str = "force", top: int | None = EGO_TOP,
               hint: str | None = None) -> str:
    """The surroundings of the person (or entity) called ``name`` as a page."""
    from graph.analytics.names import find_node
    from graph.network import collaboration_graph

    G = collaboration_graph(store)
    return ego_html(G, find_node(G, name), radius=radius, layout=layout, top=top, hint=hint)


def render_view(store, view: str, name: str | None = None, **options) -> str:
    """Any view by name: ``chain``, ``network`` or ``ego`` (which needs ``name``)."""
    from graph.errors import UnknownNameError

    if view == "chain":
        return render_chain(store, layout=options.get("layout"))
    if view == "network":
        return render_network(store, **{k: v for k, v in options.items() if k in ("layout", "top", "metric", "hint")})
    if view == "ego":
        if not name:
            raise UnknownNameError("person", "", ["give a NAME for the ego view"])
        return render_ego(store, name, **{k: v for k, v in options.items() if k in ("radius", "layout", "top", "hint")})
    raise UnknownNameError("view", view, list(VIEWS))


__all__ = ["render_chain", "render_network", "render_ego", "render_view", "relay_html", "network_html", "ego_html", "VIEWS"]
