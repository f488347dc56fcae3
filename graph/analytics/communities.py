"""Groups that work together: networkx's Louvain communities, seeded so the answer repeats.

>>> import networkx as nx
>>> G = nx.barbell_graph(4, 0)      # two cliques of four joined by one edge
>>> sorted(community_sizes(communities(G)).values())
[4, 4]
"""

from __future__ import annotations

from collections import Counter

import networkx as nx


def communities(G: nx.Graph, *, seed: int = 0, resolution: float = 1.0, weight: str | None = "weight") -> dict:
    """Each node's community: ``{node: index}``, community 0 the largest.

    Parameters
    ----------
    G : nx.Graph
        An undirected graph (edge ``weight`` used when present).
    seed : int
        Louvain's random seed: the same seed, the same communities.
    resolution : float
        Above 1 favours smaller communities, below 1 larger ones.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("c", "d")])
    >>> communities(G)
    {'a': 0, 'b': 0, 'c': 1, 'd': 1}
    """
    if G.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(G, seed=seed, resolution=resolution, weight=weight)
    found = sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))
    return {n: i for i, c in enumerate(found) for n in c}


def community_sizes(membership: dict) -> dict[int, int]:
    """``{community: number of nodes}``.

    Examples
    --------
    >>> community_sizes({"a": 0, "b": 0, "c": 1})
    {0: 2, 1: 1}
    """
    return dict(sorted(Counter(membership.values()).items()))


def modularity(G: nx.Graph, membership: dict) -> float:
    """The modularity of a partition given as ``{node: community}``.

    Examples
    --------
    >>> round(modularity(nx.Graph([("a", "b"), ("c", "d")]), {"a": 0, "b": 0, "c": 1, "d": 1}), 2)
    0.5
    """
    groups: dict[int, set] = {}
    for n, c in membership.items():
        groups.setdefault(c, set()).add(n)
    return nx.community.modularity(G, groups.values())
