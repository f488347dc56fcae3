"""The relay and the collaboration network as GraphML and GEXF, for Gephi, yEd, Cytoscape, R.

The graphs are the ones ``stafett network`` analyses, built by ``graph/network.py`` from the
store with SPARQL (``relay_graph``, ``collaboration_graph``); the snapshot answers their queries.
GraphML and GEXF hold only strings, numbers and booleans, so attribute values are flattened:
``None`` is left out, a list of plain values becomes one string joined with `` | ``, anything
else (the evidence of a node) its JSON. In GEXF the edge attribute ``type`` is named
``relation`` (GEXF's own edge ``type`` is the direction).
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from ..network import Facts, collaboration_graph, relay_graph

SEP = " | "


def network_graphs(snap) -> dict[str, nx.Graph]:
    """``{"network": collaboration graph, "relay": relay DiGraph}`` of the snapshot, as
    ``stafett network`` and ``stafett chain`` build them."""
    facts = Facts(snap)
    return {"network": collaboration_graph(snap, facts), "relay": relay_graph(snap, facts)}


def flat(G: nx.Graph, *, gexf: bool = False) -> nx.Graph:
    """A copy of ``G`` whose attribute values GraphML and GEXF can hold. In GEXF an edge's
    ``type`` is its direction, so there the edge attribute ``type`` is called ``relation``."""
    H = G.__class__()
    H.graph.update({k: _value(v) for k, v in G.graph.items() if _value(v) is not None})
    for n, d in G.nodes(data=True):
        H.add_node(n, **_attrs(d))
    for u, v, d in G.edges(data=True):
        attrs = _attrs(d)
        if gexf and "type" in attrs:
            attrs["relation"] = attrs.pop("type")
        H.add_edge(u, v, **attrs)
    return H


def _attrs(d: dict) -> dict:
    return {k: fv for k, v in d.items() if (fv := _value(v)) is not None}


def _value(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (list, tuple, set, frozenset)):
        items = sorted(v, key=str) if isinstance(v, (set, frozenset)) else list(v)
        if all(isinstance(x, (str, int, float)) for x in items):
            return SEP.join(str(x) for x in items) if items else None
    return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)


def write_network(G: nx.Graph, stem: Path, fmt: str) -> Path:
    """``G`` as ``stem.graphml`` or ``stem.gexf``."""
    path = stem.with_name(f"{stem.name}.{fmt}")
    H = flat(G, gexf=fmt == "gexf")
    if fmt == "graphml":
        nx.write_graphml(H, path, encoding="utf-8")
    else:
        nx.write_gexf(H, path, encoding="utf-8")
    return path
