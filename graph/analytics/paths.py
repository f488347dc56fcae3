"""How two actors are connected: the shortest path, explained edge by edge.

Edges of the collaboration graph carry ``type`` (``passed-baton-to``, ``member-of``, ...) and
``frm``, the end the relation starts from, so a step walked against the relation reads
backwards (``Bodø ←member of— Camilla Strøm Eide``).

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("b", label="Bjørn Are Skogstad"); G.add_node("c", label="Camilla Strøm Eide")
>>> G.add_edge("b", "c", type="passed-baton-to", types=["passed-baton-to"], frm="b", stage=5)
>>> print(path_text(G, shortest_path(G, "b", "c")))
Bjørn Are Skogstad —passed the baton to (stage 5)→ Camilla Strøm Eide
"""

from __future__ import annotations

import networkx as nx

from ..errors import NoPathError
from ..network import EDGE_LABELS


def shortest_path(G: nx.Graph, source, target) -> list:
    """The nodes of a shortest path from ``source`` to ``target`` (both included).

    Raises
    ------
    NoPathError
        The two are in parts of the graph that do not connect.

    Examples
    --------
    >>> shortest_path(nx.path_graph(4), 0, 3)
    [0, 1, 2, 3]
    """
    try:
        return nx.shortest_path(G, source, target)
    except nx.NetworkXNoPath:
        label = lambda n: G.nodes[n].get("label") or str(n)  # noqa: E731
        raise NoPathError(f"{label(source)} and {label(target)} are not connected in the graph") from None


def explain(G: nx.Graph, path: list, *, lang: str = "en") -> list[dict]:
    """One dict per step of ``path``: ``source``, ``target``, ``relation`` (the edge type),
    ``forward`` (walked in the relation's direction), ``stage`` (baton passes), ``interviews``
    and ``text``.

    Parameters
    ----------
    lang : {"en", "nb"}
        The language of the relation words in ``text``.

    Examples
    --------
    >>> G = nx.Graph(); G.add_edge("p", "m", type="member-of", frm="p")
    >>> nx.set_node_attributes(G, {"p": "Kari", "m": "Hå"}, "label")
    >>> [s["text"] for s in explain(G, ["m", "p"])]
    ['Hå ←member of— Kari']
    >>> explain(G, ["p", "m"], lang="nb")[0]["text"]
    'Kari —er medlem av→ Hå'
    """
    steps = []
    for u, v in zip(path, path[1:]):
        d = G.edges[u, v]
        kind = d.get("type", "")
        words = EDGE_LABELS.get(kind, (kind, kind))[0 if lang == "nb" else 1]
        stage = d.get("stage")
        if stage is not None:
            words += f" ({'etappe' if lang == 'nb' else 'stage'} {stage})"
        forward = d.get("frm", u) == u
        a, b = _label(G, u), _label(G, v)
        text = f"{a} —{words}→ {b}" if forward else f"{a} ←{words}— {b}"
        steps.append({"source": u, "target": v, "relation": kind, "forward": forward, "stage": stage,
                      "interviews": list(d.get("interviews") or []), "text": text})
    return steps


def path_text(G: nx.Graph, path: list, *, lang: str = "en") -> str:
    """The explained path, one step a line (the lone node's label for a path of one).

    Examples
    --------
    >>> G = nx.Graph(); G.add_node("x", label="X")
    >>> path_text(G, ["x"])
    'X'
    """
    if len(path) == 1:
        return _label(G, path[0])
    return "\n".join(s["text"] for s in explain(G, path, lang=lang))


def _label(G: nx.Graph, n) -> str:
    return G.nodes[n].get("label") or G.nodes[n].get("name") or str(n)
