"""The analytics as text for the command line (aligned tables) or JSON: what ``stafett chain``,
``stafett network`` and ``stafett path`` print. Each function takes a store and returns a string.
"""

from __future__ import annotations

import json

from . import relay as rl
from .centrality import centrality, rank
from .names import describe, find_node
from .paths import explain, path_text, shortest_path


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _stage_text(row: dict) -> str:
    a, b = row["from_stage"], row["stage"]
    if a is None and b is None:
        return "?"
    return f"{a if a is not None else '?'} → {b if b is not None else '?'}"


def chain_text(R) -> str:
    """The relay as a table, with pending receivers, gaps and breaks marked, and a summary.

    >>> import networkx as nx
    >>> R = nx.DiGraph()
    >>> R.add_node("a", name="Kari", municipality="Hå", county_label="Rogaland", stage=1, pending=False)
    >>> R.add_node("b", name="Ola", municipality="Sola", county_label="Rogaland", stage=2, pending=True)
    >>> R.add_edge("a", "b", stage=2)
    >>> print(chain_text(R))
    stage  from → to   municipality  county               note
    -----  ----------  ------------  -------------------  ------------------------------------
    1 → 2  Kari → Ola  Hå → Sola     Rogaland → Rogaland  pending: Ola (Sola) has no interview
    <BLANKLINE>
    2 stages known (1–2); 1 pending; no gaps; 1 fragment; counties reached: Rogaland
    """
    rows = []
    for r in rl.chain_rows(R):
        if r["kind"] == "gap":
            what = "no one is known to have run it" if r["gap"] == "stage" else "no baton pass is known"
            rows.append([_stage_text(r), "… gap …", "", "", f"GAP: stage {r['stage']}: {what}"])
            continue
        notes = []
        if r["kind"] == "alone":
            notes.append("no baton pass known")
        if r["giver_pending"]:
            notes.append(f"no interview: {r['giver_name']}")
        if r["kind"] == "pass" and r["pending"]:
            notes.append(f"pending: {r['receiver_name']}" + (f" ({r['receiver_municipality']})" if r["receiver_municipality"] else "")
                         + " has no interview")
        if r["from_stage"] is None and r["stage"] is None:
            notes.append("stage not stated")
        pair = lambda a, b: a if r["kind"] == "alone" else f"{a or '?'} → {b or '?'}"  # noqa: E731
        rows.append([_stage_text(r), pair(r["giver_name"], r["receiver_name"]),
                     pair(r["giver_municipality"], r["receiver_municipality"]),
                     pair(r["giver_county"], r["receiver_county"]), "; ".join(notes)])
    s = rl.relay_summary(R)
    stages = s["stages"]
    summary = [f"{len(stages)} stages known" + (f" ({min(stages)}–{max(stages)})" if stages else ""),
               f"{len(s['pending'])} pending",
               ("gaps at stage " + ", ".join(str(g) for g in s["gaps"])) if s["gaps"] else "no gaps",
               f"{len(s['fragments'])} fragment{'s' if len(s['fragments']) != 1 else ''}"]
    if s["cycle"]:
        summary.append("CYCLE: " + " → ".join(R.nodes[n].get("name", str(n)) for n in s["cycle"]))
    summary.append("counties reached: " + (", ".join(s["counties"]) or "none"))
    return _table(["stage", "from → to", "municipality", "county", "note"], rows) + "\n\n" + "; ".join(summary)


def chain_json(R) -> str:
    """The relay's rows and summary as JSON (node ids are IRIs)."""
    s = rl.relay_summary(R)
    people = {n: {k: d.get(k) for k in ("name", "organisation", "organisation_label", "municipality", "kommunenummer",
                                        "county", "county_label", "interview", "pending", "stage", "stage_inferred", "role")}
              for n, d in R.nodes(data=True)}
    out = {"rows": rl.chain_rows(R), "people": people,
           "summary": {**s, "stages": {str(k): v for k, v in s["stages"].items()}, "gaps": {str(k): v for k, v in s["gaps"].items()},
                       "fragments": {str(k): v for k, v in s["fragments"].items()}}}
    return json.dumps(out, ensure_ascii=False, indent=2)


def network_text(G, metric: str, *, top: int = 10, types: tuple[str, ...] = (), fmt: str = "table") -> str:
    """The ``top`` nodes by ``metric`` (of the given types, ranked within the whole graph)."""
    scores = centrality(G, metric)
    if types:
        scores = {n: v for n, v in scores.items() if G.nodes[n].get("type") in types}
    ranked = rank(scores, metric, top=top or None)
    if fmt == "json":
        return json.dumps([{"rank": i, "iri": n, "label": G.nodes[n].get("label"), "type": G.nodes[n].get("type"),
                            "county": G.nodes[n].get("county_label"), metric: v} for i, (n, v) in enumerate(ranked, 1)],
                          ensure_ascii=False, indent=2)
    rows = [[str(i), G.nodes[n].get("label") or str(n), G.nodes[n].get("type") or "", _place(G.nodes[n]), f"{v:.4f}"]
            for i, (n, v) in enumerate(ranked, 1)]
    note = " (lowest = most brokerage)" if metric == "constraint" else ""
    return _table(["#", "name", "type", "place", metric], rows) + f"\n\n{len(G)} nodes, {G.number_of_edges()} edges; {metric}{note}"


def _place(d: dict) -> str:
    return ", ".join(x for x in dict.fromkeys([d.get("municipality"), d.get("county_label")]) if x and x != d.get("label"))


def path_report(G, a: str, b: str, *, fmt: str = "text", lang: str = "en") -> str:
    """The shortest path between the nodes named ``a`` and ``b``, explained edge by edge."""
    source, target = find_node(G, a, what="name"), find_node(G, b, what="name")
    path = shortest_path(G, source, target)
    if fmt == "json":
        return json.dumps({"source": source, "target": target, "length": len(path) - 1,
                           "nodes": [{"iri": n, "label": G.nodes[n].get("label"), "type": G.nodes[n].get("type")} for n in path],
                           "steps": explain(G, path, lang=lang)}, ensure_ascii=False, indent=2)
    head = f"{describe(G, source)} → {describe(G, target)}: {len(path) - 1} step{'s' if len(path) != 2 else ''}"
    return head + "\n" + path_text(G, path, lang=lang)
