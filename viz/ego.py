"""One actor's surroundings as a page: the ego network within ``radius`` steps of a node, drawn
like the network view with the centre enlarged. Big surroundings are reduced to the nearest and
most central nodes, and the page says so.
"""

from __future__ import annotations

import networkx as nx

from .network import DEFAULT_TOP, network_data
from .page import render_page

EGO_TOP = 800  # an ego view is for reading, not for overview


def ego_graph(G: nx.Graph, center, *, radius: int = 2, top: int | None = EGO_TOP) -> tuple[nx.Graph, int]:
    """The nodes within ``radius`` steps of ``center`` (nearer first, then by degree, at most
    ``top``), and how many there were in all.

    >>> H, total = ego_graph(nx.path_graph(6), 0, radius=2)
    >>> sorted(H), total
    ([0, 1, 2], 3)
    """
    dist = nx.single_source_shortest_path_length(G, center, cutoff=radius)
    order = sorted(dist, key=lambda n: (dist[n], -G.degree(n), str(n)))
    keep = order if not top else order[:top]
    return G.subgraph(keep).copy(), len(dist)


def ego_data(G: nx.Graph, center, *, radius: int = 2, layout: str = "force", top: int | None = EGO_TOP,
             hint: str | None = None) -> dict:
    H, total = ego_graph(G, center, radius=radius, top=top)
    data = network_data(H, layout=layout, top=None, focus=center)
    label = G.nodes[center].get("label") or str(center)
    data["view"] = "ego"
    data["focus"] = str(center)
    if len(H) < total:
        data["notice"] = (f"Viser de {len(H)} nærmeste av {total} noder innen {radius} steg fra {label}. "
                          f"Se alle med «{hint or f'stafett viz ego NAME --radius {radius} --top 0'}» "
                          f"(showing the {len(H)} nearest of {total}).")
    data["subtitle"] = f"Alt innen {radius} steg fra {label} · " + data["subtitle"]
    return data


def ego_html(G: nx.Graph, center, *, radius: int = 2, layout: str = "force", top: int | None = EGO_TOP,
             hint: str | None = None) -> str:
    """The surroundings of ``center`` as one self-contained HTML page.

    >>> G = nx.Graph([("a", "b")]); nx.set_node_attributes(G, {"a": "person", "b": "municipality"}, "type")
    >>> "Nettverket rundt" in ego_html(G, "a")
    True
    """
    label = G.nodes[center].get("label") or str(center)
    return render_page(title=f"Nettverket rundt {label}", data=ego_data(G, center, radius=radius, layout=layout, top=top, hint=hint))


__all__ = ["ego_graph", "ego_data", "ego_html", "DEFAULT_TOP"]
