"""Node positions computed in Python, so a page draws a still picture at once (physics off).

- :func:`force_positions` -- networkx's spring layout; for big graphs composed from smaller
  ones (Louvain communities laid out apart, each laid out inside, hanging leaves put around the
  node they hang on), which keeps 5,000 nodes to seconds instead of minutes.
- :func:`geo_positions` -- Norway without map tiles: municipalities at their centroids
  (``data/reference/municipality_coordinates.csv``, Kartverket, CC BY 4.0), counties at the mean
  of theirs, people and projects in a ring beside their organisation, and what has no place
  (national organisations, partner categories, needs) in labelled columns east of southern
  Norway, where the map is empty.
- :func:`stage_positions` -- the relay left to right in stage order, one lane per fragment.

Positions are ``{node: (x, y)}`` in screen pixels (y down), as vis-network takes them.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from functools import cache

import networkx as nx

from graph.resources import reference_dir

PX_PER_DEGREE = 140.0  # latitude degree in pixels (a map of few nodes); longitude is scaled by cos(65°)
DENSE_PX_PER_DEGREE = 400.0  # for maps of many nodes, so satellites fit between municipalities
MID_LAT, MID_LON = 65.0, 15.0
SMALL = 400  # graphs up to this size get one plain spring layout


@cache
def centroids() -> dict[str, tuple[float, float]]:
    """``{kommunenummer: (lat, lon)}`` of today's 357 municipalities."""
    with open(reference_dir() / "municipality_coordinates.csv", encoding="utf-8", newline="") as fh:
        return {r["kommunenummer"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}


def project(lat: float, lon: float, scale: float = PX_PER_DEGREE) -> tuple[float, float]:
    """Latitude/longitude to screen pixels (equirectangular around 65°N 15°E, north up).

    >>> x, y = project(69.65, 18.96)      # Tromsø is north-east of Bodø
    >>> bx, by = project(67.28, 14.40)
    >>> x > bx and y < by
    True
    """
    return ((lon - MID_LON) * math.cos(math.radians(MID_LAT)) * scale, -(lat - MID_LAT) * scale)


def ring(center: tuple[float, float], count: int, *, gap: float = 14.0, start: float = 10.0) -> list[tuple[float, float]]:
    """``count`` points around ``center`` on rings that fill outwards (for satellites of a node).

    >>> pts = ring((0.0, 0.0), 3)
    >>> len(pts), all(abs(math.hypot(x, y) - 10.0) < 1e-9 for x, y in pts)
    (3, True)
    """
    out, radius, i = [], start, 0
    while i < count:
        room = max(6, int(2 * math.pi * radius / gap))
        take = min(room, count - i)
        for k in range(take):
            a = 2 * math.pi * k / take + radius / 7.0  # turn each ring a little so rays don't line up
            out.append((center[0] + radius * math.cos(a), center[1] + radius * math.sin(a)))
        i += take
        radius += gap
    return out


def grid(origin: tuple[float, float], count: int, *, step: float = 16.0, columns: int | None = None) -> list[tuple[float, float]]:
    """``count`` points in rows from ``origin``, about square.

    >>> grid((0, 0), 3, step=10)
    [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)]
    """
    cols = columns or max(1, math.ceil(math.sqrt(count)))
    return [(float(origin[0] + (i % cols) * step), float(origin[1] + (i // cols) * step)) for i in range(count)]


def _spread(pos: dict, scale: float) -> dict:
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in pos.items()}


def _unit(pos: dict) -> dict:
    """Positions centred and scaled into the unit disc."""
    if not pos:
        return {}
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    r = max(math.hypot(x - cx, y - cy) for x, y in pos.values()) or 1.0
    return {n: ((x - cx) / r, (y - cy) / r) for n, (x, y) in pos.items()}


def force_positions(G: nx.Graph, *, seed: int = 0) -> dict:
    """Spring-layout positions, spread so nodes sit about 40 px apart.

    >>> pos = force_positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and all(len(p) == 2 for p in pos.values())
    True
    """
    n = len(G)
    if n == 0:
        return {}
    if n <= SMALL:
        return _spread(nx.spring_layout(G, seed=seed), 60.0 * math.sqrt(n) + 100)
    leaves = {v: next(iter(G.adj[v])) for v in G if G.degree(v) == 1 and G.degree(next(iter(G.adj[v]))) > 1}
    core = G.subgraph([v for v in G if v not in leaves and G.degree(v) > 0])
    isolates = [v for v in G if G.degree(v) == 0]
    pos = _spread(_nested(core, seed), 30.0 * math.sqrt(len(core)) + 100)
    hanging = defaultdict(list)
    for v, anchor in leaves.items():
        hanging[anchor].append(v)
    for anchor, vs in hanging.items():
        vs.sort(key=str)
        pos.update(zip(vs, ring(pos[anchor], len(vs), gap=12.0, start=14.0)))
    if isolates:
        xs = [p[0] for p in pos.values()] or [0.0]
        ys = [p[1] for p in pos.values()] or [0.0]
        pos.update(zip(sorted(isolates, key=str), grid((max(xs) + 80, min(ys)), len(isolates), step=20)))
    return pos


def community_positions(G: nx.Graph, groups: dict, *, hubs=(), seed: int = 0) -> dict:
    """Positions that show a big network's communities: each community laid out in a disc of
    its own (area by size), the discs packed round the largest, and the hubs (nodes linked into
    many communities, ``hubs``) at the middle of what they link. Nodes in no group (regions,
    isolates) sit at the middle of their neighbours too.

    >>> G = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(4)); G.add_node("hub"); G.add_edges_from([("hub", 0), ("hub", 5)])
    >>> groups = {n: (0 if n in range(5) else 1) for n in G if n != "hub"}
    >>> pos = community_positions(G, groups, hubs={"hub"})
    >>> len(pos) == len(G) and math.dist(pos[0], pos[1]) < math.dist(pos[0], pos[5])
    True
    """
    members = defaultdict(list)
    for n, i in groups.items():
        if n in G and n not in hubs:
            members[i].append(n)
    comms = sorted((sorted(c, key=str) for c in members.values()), key=lambda c: (-len(c), str(c[0])))
    pos: dict = {}
    discs: list[tuple[float, float, float]] = []
    golden = math.pi * (3 - math.sqrt(5))
    for c in comms:
        r = 16.0 * math.sqrt(len(c)) + 18.0
        t, step = 0, max(9.0, r / 3.0)
        while True:  # out along a sunflower spiral to the first free spot
            d = step * math.sqrt(t)
            x, y = d * math.cos(t * golden), d * math.sin(t * golden)
            if all(math.hypot(x - a, y - b) >= r + q + 12.0 for a, b, q in discs):
                break
            t += 1
        discs.append((x, y, r))
        inner = _community_layout(G.subgraph(c), seed)
        pos.update({v: (x + px * r, y + py * r) for v, (px, py) in inner.items()})
    rest = [n for n in G if n not in pos]
    for _ in range(2):  # hubs and ungrouped nodes: the middle of their placed neighbours
        for n in rest:
            around = [pos[m] for m in G.adj[n] if m in pos and m != n]
            if around:
                pos[n] = (sum(p[0] for p in around) / len(around), sum(p[1] for p in around) / len(around))
    left = [n for n in G if n not in pos]
    if left:
        xs = [p[0] for p in pos.values()] or [0.0]
        ys = [p[1] for p in pos.values()] or [0.0]
        pos.update(zip(sorted(left, key=str), grid((max(xs) + 80, min(ys)), len(left), step=20)))
    return pos


def _community_layout(sub: nx.Graph, seed: int) -> dict:
    """Unit-disc positions of one community: leaves in rings round the node they hang on, a
    spring layout for the rest."""
    if len(sub) <= 2:
        return {v: (0.5 * i, 0.0) for i, v in enumerate(sorted(sub, key=str))}
    leaves = {v: next(iter(sub.adj[v])) for v in sub if sub.degree(v) == 1 and sub.degree(next(iter(sub.adj[v]))) > 1}
    core = sub.subgraph([v for v in sub if v not in leaves])
    # the plain force method: networkx's "energy" method (its choice from 500 nodes on) costs seconds here
    pos = (_unit(nx.spring_layout(core, seed=seed, iterations=50 if len(core) <= SMALL else 25, method="force"))
           if len(core) > 1 else {v: (0.0, 0.0) for v in core})
    spread = 0.9 / math.sqrt(max(len(core), 1))
    hanging = defaultdict(list)
    for v, anchor in leaves.items():
        hanging[anchor].append(v)
    for anchor, vs in hanging.items():
        vs.sort(key=str)
        pos.update(zip(vs, ring(pos[anchor], len(vs), gap=spread * 0.6, start=spread)))
    return _unit(pos)


def _nested(core: nx.Graph, seed: int, depth: int = 0) -> dict:
    """Unit-disc positions: Louvain communities laid out apart, each laid out inside its own
    disc (split again while bigger than ``SMALL``), so no spring layout runs on a big graph."""
    if len(core) <= 1:
        return {v: (0.0, 0.0) for v in core}
    if len(core) <= SMALL or depth >= 3:
        return _unit(nx.spring_layout(core, seed=seed))
    comms = sorted((sorted(c, key=str) for c in nx.community.louvain_communities(core, seed=seed)),
                   key=lambda c: (-len(c), str(c[0])))
    if len(comms) == 1:
        return _unit(nx.spring_layout(core, seed=seed, iterations=30))
    index = {v: i for i, c in enumerate(comms) for v in c}
    Q = nx.Graph()
    Q.add_nodes_from(range(len(comms)))
    for u, v in core.edges():
        a, b = index[u], index[v]
        if a != b:
            Q.add_edge(a, b, weight=Q.edges[a, b]["weight"] + 1 if Q.has_edge(a, b) else 1)
    centres = _unit(nx.spring_layout(Q, seed=seed, weight="weight"))
    share = {i: math.sqrt(len(c) / len(core)) for i, c in enumerate(comms)}
    pos = {}
    for i, c in enumerate(comms):
        inner = _nested(core.subgraph(c), seed, depth + 1)
        cx, cy = centres[i]
        pos.update({v: (cx + x * share[i] * 0.55, cy + y * share[i] * 0.55) for v, (x, y) in inner.items()})
    return _unit(pos)


# -- Norway ------------------------------------------------------------------------------------
UNPLACED_AT = (63.2, 15.5)  # the empty land east of southern Norway's border
UNPLACED_TYPES = ("organisation", "category", "need", "person", "project")


def place_of(G: nx.Graph, n, located: dict) -> tuple[float, float] | None:
    """Where a node's place is: its own centroid, or that of its organisation/runner."""
    d = G.nodes[n]
    if d.get("type") in ("municipality", "county"):
        return located.get(n)
    anchors = [m for m in G.adj[n] if G.nodes[m].get("type") in ("municipality", "county") and m in located]
    org = d.get("organisation")
    if org in located:
        return located[org]
    if d.get("type") in ("person", "project") and anchors:
        return located[sorted(anchors, key=str)[0]]
    if d.get("type") == "organisation" and len(anchors) == 1:
        return located[anchors[0]]
    return None


def place_points(G: nx.Graph, scale: float = DENSE_PX_PER_DEGREE) -> dict:
    """``{node: (x, y)}`` of the municipalities and counties of ``G`` that can be put on the map."""
    cents = centroids()
    located = {}
    for n, d in G.nodes(data=True):
        if d.get("type") == "municipality" and d.get("kommunenummer") in cents:
            located[n] = project(*cents[d["kommunenummer"]], scale)
    by_county = defaultdict(list)
    for kn, (lat, lon) in cents.items():
        by_county[kn[:2]].append((lat, lon))
    for n, d in G.nodes(data=True):
        fn = d.get("fylkesnummer")
        if d.get("type") == "county" and fn in by_county:
            pts = by_county[fn]
            located[n] = project(sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts), scale)
    for n, d in G.nodes(data=True):  # a municipality that is no more: its county's middle
        if d.get("type") == "municipality" and n not in located and d.get("fylkesnummer") in by_county:
            pts = by_county[d["fylkesnummer"]]
            located[n] = project(sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts), scale)
    return located


def geo_positions(G: nx.Graph, scale: float = DENSE_PX_PER_DEGREE, *, spread: float = 1.0) -> tuple[dict, list[dict]]:
    """Positions on the map of Norway, and the captions of the columns of unplaced nodes.

    ``spread`` widens rings and columns, for maps of few nodes drawn large.

    Returns
    -------
    (dict, list)
        ``{node: (x, y)}`` for every node, and ``[{"text", "x", "y"}]`` headings for the
        columns of nodes that have no place.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("m", type="municipality", kommunenummer="1804")     # Bodø
    >>> G.add_node("p", type="person", organisation="m")
    >>> G.add_node("c", type="category"); G.add_edges_from([("p", "m"), ("m", "c")])
    >>> pos, captions = geo_positions(G)
    >>> pos["m"] == project(*centroids()["1804"], DENSE_PX_PER_DEGREE), [c["text"] for c in captions]
    (True, ['Partnerkategorier'])
    """
    located = place_points(G, scale)
    pos = dict(located)
    around = defaultdict(list)
    unplaced = defaultdict(list)
    for n in G:
        if n in pos:
            continue
        where = place_of(G, n, located)
        if where is None:
            unplaced[G.nodes[n].get("type", "organisation")].append(n)
        else:
            around[where].append(n)
    for where, ns in around.items():
        ns.sort(key=lambda n: (G.nodes[n].get("type", ""), str(n)))
        pos.update(zip(ns, ring(where, len(ns), gap=9.0 * spread, start=9.0 * spread)))
    captions = []
    x0, y0 = project(*UNPLACED_AT, scale)
    names = {"organisation": "Organisasjoner", "category": "Partnerkategorier", "need": "Behov",
             "person": "Personer uten sted", "project": "Prosjekter uten sted"}
    for t in sorted(unplaced, key=lambda t: UNPLACED_TYPES.index(t) if t in UNPLACED_TYPES else 99):
        ns = sorted(unplaced[t], key=lambda n: (-G.degree(n), str(n)))
        cols = max(2, math.ceil(math.sqrt(len(ns) / 2)))
        pos.update(zip(ns, grid((x0, y0 + 24 * spread), len(ns), step=16 * spread, columns=cols)))
        captions.append({"text": names.get(t, t), "x": x0, "y": y0})
        x0 += (cols * 16 + 40) * spread + 12 * len(names.get(t, t)) * min(spread, 2)
    return pos, captions


def stage_positions(R: nx.DiGraph, fragments: dict[int, list], *, step: float = 240.0, lane: float = 150.0) -> dict:
    """The relay left to right by stage. The pieces that have stages share a row where their
    stages do not meet (one relay with a gap stays on one line), else take the next row; the
    pieces with no stage go in rows below, in pass order.

    >>> R = nx.DiGraph([("a", "b"), ("x", "y")])
    >>> nx.set_node_attributes(R, {"a": 1, "b": 2, "x": None, "y": None}, "stage")
    >>> stage_positions(R, {1: ["a", "b"], 2: ["x", "y"]})
    {'a': (240.0, 0.0), 'b': (480.0, 0.0), 'x': (240.0, 150.0), 'y': (480.0, 150.0)}
    >>> R = nx.DiGraph([("a", "b"), ("c", "d"), ("e", "f")])
    >>> nx.set_node_attributes(R, {"a": 1, "b": 2, "c": 4, "d": 5, "e": 2, "f": 3}, "stage")
    >>> sorted((n, y) for n, (x, y) in stage_positions(R, {1: ["a", "b"], 2: ["e", "f"], 3: ["c", "d"]}).items())
    [('a', 0.0), ('b', 0.0), ('c', 0.0), ('d', 0.0), ('e', 150.0), ('f', 150.0)]
    """
    pos: dict = {}
    rows: list[list[tuple[int, int]]] = []  # the stage intervals each row holds
    unstaged = []
    for _, people in sorted(fragments.items()):
        if not any(R.nodes[n].get("stage") is not None for n in people):
            unstaged.append(people)
            continue
        stage_of: dict = {}
        for n in people:
            s = R.nodes[n].get("stage")
            if s is None:  # an unstaged person inside a staged fragment: just after its neighbour
                nb = next((m for m in nx.all_neighbors(R, n) if m in stage_of), None)
                s = stage_of[nb] + 1 if nb is not None else 0
            stage_of[n] = s
        lo, hi = min(stage_of.values()), max(stage_of.values())
        by_stage = defaultdict(list)
        for n, s in stage_of.items():
            by_stage[s].append(n)
        depth = max(len(v) for v in by_stage.values())  # a stage with two runners needs two rows
        def fits(r: int) -> bool:
            return all(b < lo or a > hi for k in range(r, min(r + depth, len(rows))) for a, b in rows[k])

        row = next((r for r in range(len(rows)) if fits(r)), len(rows))
        while len(rows) < row + depth:
            rows.append([])
        for k in range(row, row + depth):
            rows[k].append((lo, hi))
        for s, ns in by_stage.items():
            for k, n in enumerate(sorted(ns, key=str)):
                pos[n] = (s * step, (row + k) * lane)
    base = len(rows)
    for k, people in enumerate(unstaged):
        for i, n in enumerate(people, start=1):
            pos[n] = (i * step, (base + k) * lane)
    return pos
