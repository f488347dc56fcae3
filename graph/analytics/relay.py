"""The relay's shape: its stages in order, who is pending, gaps, fragments, cycles, counties.

Every function takes the relay ``DiGraph`` of :func:`graph.network.relay_graph` (nodes are
people with ``name``, ``stage``, ``pending``, ``municipality``, ``county_label``; edges are baton
passes giver -> receiver with ``stage``, the stage the receiver runs) and returns plain data.

A small relay used in the examples: stage 1 passes to a pending stage 2; stage 4 was run by
someone whose giver (stage 3) has no interview; so the pass into stage 3 is unknown.

>>> import networkx as nx
>>> R = nx.DiGraph()
>>> for n, s, p in [("a", 1, False), ("b", 2, True), ("c", 3, True), ("d", 4, False)]:
...     R.add_node(n, name=n.upper(), stage=s, pending=p, county_label="X")
>>> R.add_edge("a", "b", stage=2); R.add_edge("c", "d", stage=4)
>>> stages(R)
{1: ['a'], 2: ['b'], 3: ['c'], 4: ['d']}
>>> gaps(R)
{3: 'pass'}
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx


def _name(R: nx.DiGraph, n) -> str:
    return R.nodes[n].get("name") or str(n)


def stages(R: nx.DiGraph) -> dict[int, list]:
    """The people who ran each known stage, in stage order.

    Parameters
    ----------
    R : nx.DiGraph
        The relay; a node's ``stage`` is the stage it ran (``None`` when unknown).

    Returns
    -------
    dict
        ``{stage: [person, ...]}`` with stages ascending and people sorted by name.

    Examples
    --------
    >>> R = nx.DiGraph([("a", "b")]); R.nodes["a"]["stage"] = 2; R.nodes["b"]["stage"] = 3
    >>> stages(R)
    {2: ['a'], 3: ['b']}
    """
    out: dict[int, list] = defaultdict(list)
    for n, s in R.nodes(data="stage"):
        if s is not None:
            out[s].append(n)
    return {s: sorted(out[s], key=lambda n: (_name(R, n), str(n))) for s in sorted(out)}


def pending(R: nx.DiGraph) -> dict:
    """People named in the relay who have no interview yet, with their stage (``None`` if unknown).

    Examples
    --------
    >>> R = nx.DiGraph([("a", "b")])
    >>> R.nodes["a"].update(pending=False, stage=1); R.nodes["b"].update(pending=True, stage=2)
    >>> pending(R)
    {'b': 2}
    """
    found = [(d.get("stage"), _name(R, n), n) for n, d in R.nodes(data=True) if d.get("pending")]
    found.sort(key=lambda t: (t[0] is None, t[0] or 0, t[1]))
    return {n: s for s, _, n in found}


def gaps(R: nx.DiGraph) -> dict[int, str]:
    """Holes in the relay between its first and last known stage.

    Returns
    -------
    dict
        ``{stage: kind}``: ``"stage"`` when no one is known to have run that stage, ``"pass"``
        when the runners of the stage before and of this stage are known but no baton pass
        between them is.

    Examples
    --------
    >>> R = nx.DiGraph(); R.add_nodes_from([("a", {"stage": 1}), ("c", {"stage": 3})])
    >>> gaps(R)
    {2: 'stage'}
    """
    by_stage = stages(R)
    if not by_stage:
        return {}
    out = {}
    for s in range(min(by_stage) + 1, max(by_stage) + 1):
        if s not in by_stage:
            out[s] = "stage"
        elif s - 1 in by_stage and not any(R.has_edge(u, v) for u in by_stage[s - 1] for v in by_stage[s]):
            out[s] = "pass"
    return out


def fragments(R: nx.DiGraph) -> dict[int, list]:
    """The pieces of the relay that do not connect, each in relay order (givers first).

    Fragments are numbered from 1 in the order of their first known stage; fragments with no
    stage come last. A relay with no breaks has one fragment.

    Examples
    --------
    >>> R = nx.DiGraph([("a", "b"), ("c", "d")])
    >>> for n, s in zip("abcd", (1, 2, None, None)): R.nodes[n]["stage"] = s
    >>> fragments(R)
    {1: ['a', 'b'], 2: ['c', 'd']}
    """
    parts = []
    for comp in nx.weakly_connected_components(R):
        sub = R.subgraph(comp)
        order = _relay_order(sub)
        known = [R.nodes[n].get("stage") for n in order if R.nodes[n].get("stage") is not None]
        parts.append(((min(known) if known else float("inf")), _name(R, order[0]), order))
    parts.sort(key=lambda p: (p[0], p[1]))
    return {i: p[2] for i, p in enumerate(parts, start=1)}


def _relay_order(sub: nx.DiGraph) -> list:
    key = lambda n: (sub.nodes[n].get("stage") is None, sub.nodes[n].get("stage") or 0, _name(sub, n), str(n))  # noqa: E731
    if nx.is_directed_acyclic_graph(sub):
        return list(nx.lexicographical_topological_sort(sub, key=key))
    return sorted(sub, key=key)


def cycle(R: nx.DiGraph) -> list:
    """A cycle of baton passes (someone receiving the baton a second time), or ``[]``.

    Examples
    --------
    >>> cycle(nx.DiGraph([("a", "b"), ("b", "a")]))
    ['a', 'b']
    >>> cycle(nx.DiGraph([("a", "b")]))
    []
    """
    try:
        return [u for u, _ in nx.find_cycle(R)]
    except nx.NetworkXNoCycle:
        return []


def counties_reached(R: nx.DiGraph) -> dict[str, list]:
    """The counties the relay has reached, each with its people (counties in first-stage order).

    Examples
    --------
    >>> R = nx.DiGraph([("a", "b")])
    >>> R.nodes["a"].update(county_label="Rogaland", stage=1); R.nodes["b"].update(county_label="Nordland", stage=2)
    >>> counties_reached(R)
    {'Rogaland': ['a'], 'Nordland': ['b']}
    """
    out: dict[str, list] = {}
    order = sorted(R, key=lambda n: (R.nodes[n].get("stage") is None, R.nodes[n].get("stage") or 0, _name(R, n)))
    for n in order:
        c = R.nodes[n].get("county_label")
        if c:
            out.setdefault(c, []).append(n)
    return out


def chain_rows(R: nx.DiGraph) -> list[dict]:
    """The relay as table rows: one per baton pass in stage order, with gaps as rows of their own.

    Each row has ``kind`` (``"pass"``, ``"gap"`` or ``"alone"`` for an interviewee with no pass),
    ``from_stage``/``stage`` (the giver's and the receiver's), ``giver``/``receiver`` (node ids),
    their names, municipalities and counties, ``pending`` (the receiver has no interview),
    ``giver_pending``, ``fragment``, ``announced_in`` and ``date``.

    Examples
    --------
    >>> R = nx.DiGraph()
    >>> R.add_node("a", name="A", stage=1, pending=False); R.add_node("b", name="B", stage=2, pending=True)
    >>> R.add_edge("a", "b", stage=2)
    >>> [(r["kind"], r["from_stage"], r["stage"], r["pending"]) for r in chain_rows(R)]
    [('pass', 1, 2, True)]
    """
    frag_of = {n: i for i, ns in fragments(R).items() for n in ns}
    rows = []
    for u, v, d in R.edges(data=True):
        s = d.get("stage") if d.get("stage") is not None else R.nodes[v].get("stage")
        fs = R.nodes[u].get("stage")
        rows.append(_row("pass", R, u, v, fs if fs is not None else (s - 1 if s else None), s, frag_of[u], d))
    for n in R:
        if R.degree(n) == 0:
            s = R.nodes[n].get("stage")
            rows.append(_row("alone", R, n, None, s, None, frag_of[n], {}))
    by_stage = stages(R)
    for s, kind in gaps(R).items():
        before, after = by_stage.get(s - 1, []), by_stage.get(s, [])
        rows.append({**_row("gap", R, before[0] if before else None, after[0] if after else None, s - 1, s, None, {}),
                     "gap": kind})
    rows.sort(key=lambda r: (r["stage"] is None and r["from_stage"] is None, r["from_stage"] if r["from_stage"] is not None else (r["stage"] or 0),
                             r["fragment"] or 0, r["giver_name"] or "", r["receiver_name"] or ""))
    return rows


def _row(kind: str, R: nx.DiGraph, u, v, from_stage, stage, fragment, d: dict) -> dict:
    def person(n, key):
        nd = R.nodes[n] if n is not None else {}
        return {key: n, f"{key}_name": nd.get("name"), f"{key}_municipality": nd.get("municipality") or nd.get("organisation_label"),
                f"{key}_county": nd.get("county_label"), f"{key}_pending": bool(nd.get("pending"))}

    row = {"kind": kind, "from_stage": from_stage, "stage": stage, "fragment": fragment,
           **person(u, "giver"), **person(v, "receiver"),
           "announced_in": list(d.get("announced_in") or []), "date": d.get("date")}
    row["pending"] = row.pop("receiver_pending")
    return row


def relay_summary(R: nx.DiGraph) -> dict:
    """Everything above in one dict (for ``stafett chain --format json`` and the relay view).

    Examples
    --------
    >>> R = nx.DiGraph([("a", "b")])
    >>> R.nodes["a"].update(stage=1, pending=False); R.nodes["b"].update(stage=2, pending=True)
    >>> s = relay_summary(R); s["breaks"], s["pending"], s["cycle"]
    (0, {'b': 2}, [])
    """
    frags = fragments(R)
    return {
        "stages": stages(R), "pending": pending(R), "gaps": gaps(R), "fragments": frags,
        "breaks": max(len(frags) - 1, 0), "cycle": cycle(R), "counties": counties_reached(R),
    }
