"""Who is central, and who brokers between groups: degree, betweenness, Burt's constraint and
effective size (networkx's ``structuralholes``), by name.

Each function takes an undirected graph and returns ``{node: score}``. Isolated nodes have no
constraint or effective size (networkx gives NaN); they are left out.

>>> import networkx as nx
>>> star = nx.star_graph(3)          # 0 in the middle of 1, 2, 3
>>> rank(centrality(star, "betweenness"), "betweenness", top=1)
[(0, 1.0)]
>>> rank(centrality(star, "constraint"), "constraint", top=1)   # the broker has the lowest
[(0, 0.3333333333333333)]
"""

from __future__ import annotations

import math

import networkx as nx

from ..errors import UnknownNameError

EXACT_BETWEENNESS_LIMIT = 1500  # above this many nodes, betweenness is estimated from a seeded sample
SAMPLE = 400


def degree(G: nx.Graph) -> dict:
    """Degree centrality: the share of the other nodes a node is linked to.

    Examples
    --------
    >>> degree(nx.path_graph(3))
    {0: 0.5, 1: 1.0, 2: 0.5}
    """
    return nx.degree_centrality(G)


def betweenness(G: nx.Graph, *, seed: int = 0) -> dict:
    """Betweenness centrality (normalised): the share of shortest paths through a node.

    Exact up to ``EXACT_BETWEENNESS_LIMIT`` nodes; above, estimated from ``SAMPLE`` seeded
    source nodes, so the ranking is stable from run to run.

    Examples
    --------
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    k = SAMPLE if len(G) > EXACT_BETWEENNESS_LIMIT else None
    return nx.betweenness_centrality(G, k=k, seed=seed if k else None)


def constraint(G: nx.Graph) -> dict:
    """Burt's constraint: how much a node's contacts are tied to each other (low = broker).

    Examples
    --------
    >>> {n: round(c, 3) for n, c in constraint(nx.path_graph(3)).items()}
    {0: 1.0, 1: 0.5, 2: 1.0}
    """
    return {n: c for n, c in nx.constraint(G).items() if not math.isnan(c)}


def effective_size(G: nx.Graph) -> dict:
    """Burt's effective size: the non-redundant part of a node's contacts (high = broker).

    Examples
    --------
    >>> effective_size(nx.star_graph(2))
    {0: 2.0, 1: 1.0, 2: 1.0}
    """
    return {n: s for n, s in nx.effective_size(G).items() if not math.isnan(s)}


METRICS = {
    # name: (function, higher is more central)
    "degree": (degree, True),
    "betweenness": (betweenness, True),
    "constraint": (constraint, False),
    "effective-size": (effective_size, True),
}


def centrality(G: nx.Graph, metric: str) -> dict:
    """``{node: score}`` for the metric named (one of :data:`METRICS`).

    Examples
    --------
    >>> centrality(nx.path_graph(2), "degree")
    {0: 1.0, 1: 1.0}
    >>> centrality(nx.path_graph(2), "fame")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownNameError: unknown metric 'fame'; choose one of: degree, betweenness, constraint, effective-size
    """
    if metric not in METRICS:
        raise UnknownNameError("metric", metric, list(METRICS))
    return METRICS[metric][0](G)


def rank(scores: dict, metric: str, *, top: int | None = 10) -> list[tuple]:
    """The ``top`` (node, score) pairs, most central first (lowest first for constraint).

    Ties are broken by node id, so the order is stable.

    Examples
    --------
    >>> rank({"a": 1, "b": 3, "c": 3}, "degree", top=2)
    [('b', 3), ('c', 3)]
    """
    higher = METRICS.get(metric, (None, True))[1]
    items = sorted(scores.items(), key=lambda kv: ((-kv[1] if higher else kv[1]), str(kv[0])))
    return items if not top else items[:top]
