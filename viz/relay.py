"""The relay as a page: left to right in stage order (or across the map of Norway), stage numbers
on the baton passes, pending recipients drawn open and dashed, gaps drawn as dashed links or
placeholder stages, county as colour; a strip above the picture lists the gaps and the pending
stages, each a button that finds it.

The default layout is stage order when the relay is one chain (nobody gives or receives the
baton twice; the pieces a gap leaves are still one chain), else the map. Labels never lie on top
of each other: on the map the page places each beside its dot, or further out with a leader
line; in stage order the names are inside their boxes, which do not overlap.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from graph.analytics import relay as rl

from .layout import PX_PER_DEGREE, centroids, grid, project, ring, stage_positions
from .network import council_label, node_info, norway_backdrop, place_text
from .page import pyvis_network, render_page
from .style import county_colour, lighten

GAP_COLOUR = "#d97706"  # gaps in orange, so they are seen at a glance
STEP = 270.0
SMALL_RELAY = 60  # runners up to which every label is drawn at once
MAP_FONT = 34  # the map is fitted to the screen at about a third of its size


def relay_layout(R: nx.DiGraph, layout: str | None) -> str:
    """``"geo"`` or ``"stage"``: what was asked for, else stage order for a relay that is one
    chain (nobody passes or receives the baton twice) and the map for one that branches.

    >>> R = nx.DiGraph([("a", "b"), ("b", "c")]); nx.set_node_attributes(R, {"a": "X", "b": "Y"}, "county_label")
    >>> relay_layout(R, None), relay_layout(R, "force"), relay_layout(R, "geo")
    ('stage', 'stage', 'geo')
    >>> R.add_edge("a", "d"); relay_layout(R, None)
    'geo'
    """
    if layout in ("geo", "stage"):
        return layout
    if layout == "force":  # the relay's non-map layout is its stage order
        return "stage"
    return "stage" if one_chain(R) else "geo"


def one_chain(R: nx.DiGraph) -> bool:
    """Whether every runner gives and receives the baton at most once (a chain, maybe in pieces)."""
    return all(R.in_degree(n) <= 1 and R.out_degree(n) <= 1 for n in R)


def place_label(d: dict) -> str | None:
    """Where a runner works, as the relay shows it: the municipality, or the organisation (a
    county council by its name: "Vestland fylkeskommune", not the county's)."""
    if d.get("municipality"):
        return d["municipality"]
    org = d.get("organisation_label")
    if org and org == d.get("county_label") and not d.get("kommunenummer"):
        return council_label(org)
    return org or d.get("county_label")


def geo_relay_positions(R: nx.DiGraph) -> tuple[dict, list[dict]]:
    """People at their municipality (county municipalities at the middle of their county)."""
    cents = centroids()
    by_county = defaultdict(list)
    for kn, p in cents.items():
        by_county[kn[:2]].append(p)
    spots, unplaced = defaultdict(list), []
    for n in sorted(R, key=lambda n: (R.nodes[n].get("stage") or 0, str(n))):
        d = R.nodes[n]
        if d.get("kommunenummer") in cents:
            spots[project(*cents[d["kommunenummer"]])].append(n)
        elif d.get("fylkesnummer") in by_county:
            pts = by_county[d["fylkesnummer"]]
            spots[project(sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))].append(n)
        else:
            unplaced.append(n)
    pos = {}
    for where, ns in spots.items():
        pos.update(zip(ns, [where] if len(ns) == 1 else ring(where, len(ns), gap=60.0, start=45.0)))
    captions = []
    if unplaced:
        x0, y0 = project(63.2, 15.5)
        pos.update(zip(unplaced, grid((x0, y0 + 60), len(unplaced), step=120)))
        captions.append({"text": "Uten sted", "x": x0, "y": y0})
    return pos, captions


def relay_data(R: nx.DiGraph, *, layout: str | None = None) -> dict:
    """The page data of a relay graph (see :func:`graph.network.relay_graph`)."""
    how = relay_layout(R, layout)
    summary = rl.relay_summary(R)
    frags = summary["fragments"]
    geo = how == "geo"
    if geo:
        pos, captions = geo_relay_positions(R)
    else:
        pos = stage_positions(R, frags, step=STEP)
        captions = [{"text": f"Etappe {s}", "x": s * STEP - 30, "y": -45} for s in sorted(summary["stages"])]
        lanes = sorted({y for n, (x, y) in pos.items() if R.nodes[n].get("stage") is None and y > 0})
        captions += [{"text": "Etappe ikke oppgitt", "x": STEP / 2 - 60, "y": y - 45} for y in lanes[:1]]
    net = pyvis_network()
    order = {n: i for i, n in enumerate(sorted(R, key=lambda n: (R.nodes[n].get("stage") is None, R.nodes[n].get("stage") or 0, str(n))))}
    for n in sorted(R, key=str):
        d = R.nodes[n]
        colour = county_colour(d.get("fylkesnummer"))
        pending = bool(d.get("pending"))
        place = place_text(d)
        where = place_label(d)
        opts = {"color": {"background": "#ffffff" if pending else lighten(colour), "border": colour,
                          "highlight": {"background": "#ffffff" if pending else lighten(colour, 0.3), "border": "#333333"}},
                "borderWidth": 2.5 if pending else 1.5,
                "shapeProperties": {"borderDashes": [6, 4] if pending else False}}
        lines = [x for x in (d.get("name"), where) if x]
        if geo:
            opts.update(shape="dot", size=14, label="\n".join(lines), lsize=15, lbold=True, rank=order[n])
        else:
            opts.update(shape="box", margin=9, label="\n".join(lines + (["venter på intervju"] if pending else [])),
                        font={"size": 17}, widthConstraint={"maximum": STEP - 70})
        tip = [f"Etappe {d['stage']}" if d.get("stage") else "Etappe ikke oppgitt", place,
               d.get("role"), "Venter på intervju (pending)" if pending else "Har intervju"]
        x, y = pos[n]
        net.add_node(str(n), x=round(x, 1), y=round(y, 1), **opts, kind="person", county=d.get("county"),
                     place=place, tip=[t for t in tip if t], info=node_info({**d, "type": "person", "label": d.get("name")}))
    for u, v, d in sorted(R.edges(data=True), key=lambda e: (e[2].get("stage") or 0, str(e[0]))):
        stage = d.get("stage")
        tip = f"{R.nodes[u].get('name')} ga stafettpinnen til {R.nodes[v].get('name')}"
        tip += f" (etappe {stage})" if stage else " (etappe ikke oppgitt)"
        if d.get("date"):
            tip += f", {d['date']}"
        net.add_edge(str(u), str(v), label=str(stage) if stage else "?", arrows="to", width=3 if geo else 2.5, color="#444444",
                     kind="passed-baton-to", tip=tip, smooth={"type": "curvedCW", "roundness": 0.15} if geo else False)
    _gaps(summary, net, pos, geo)
    return {
        "view": "chain",
        "nodes": net.nodes, "edges": net.edges,
        "options": {
            "physics": {"enabled": False}, "layout": {"improvedLayout": False},
            "interaction": {"hover": True, "tooltipDelay": 120},
            "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}},
            "edges": {"smooth": False},
        },
        "legend": _legend(R, summary),
        # a relay of a few dozen runners is labelled in full; a big one by stage, more as it is zoomed
        "labels": ({"budget": 0, "leader": True, "edgesFirst": True, "font": 14, "edgeFont": 14} if len(R) <= SMALL_RELAY else
                   {"budget": 150, "leader": True, "edgesFirst": False, "font": 13, "edgeFont": 13, "edgeMinScale": 0.8}),
        "fitScale": 0.9,
        "status": _status(R, summary),
        "filters": None,
        "edgeLabels": {"passed-baton-to": "ga stafettpinnen til", "gap": "ukjent overlevering"},
        "captions": captions,
        "backdrop": norway_backdrop(PX_PER_DEGREE) if geo else [],
        "backdropSize": 4.5, "backdropColour": "#c5ccd3", "captionSize": MAP_FONT if geo else 15,
        "subtitle": _subtitle(summary, how),
        "notice": None,
    }


def _gaps(summary: dict, net, pos: dict, geo: bool) -> None:
    """Placeholder stages nobody is known to have run, and dashed links for unknown passes."""
    by_stage = summary["stages"]
    dashed = {"arrows": "to", "dashes": [8, 6], "color": GAP_COLOUR, "width": 2.5, "kind": "gap"}
    for s, kind in summary["gaps"].items():
        before = by_stage.get(s - 1) or [f"gap:{s - 1}"]
        if kind == "pass":
            for u in before:
                for v in by_stage[s]:
                    net.add_edge(str(u), str(v), label=f"? {s}", **dashed,
                                 tip=f"Hull: overleveringen til etappe {s} er ukjent (no baton pass known)")
            continue
        gid = f"gap:{s}"
        after = by_stage.get(s + 1) or []
        x0, y0 = pos.get(before[0], ((s - 1) * STEP, 0.0))
        if geo and after and after[0] in pos:
            x1, y1 = pos[after[0]]
            pos[gid] = ((x0 + x1) / 2 + 30, (y0 + y1) / 2)
        else:
            pos[gid] = (s * STEP, y0) if not geo else (x0 + 60, y0 - 40)
        x, y = pos[gid]
        net.add_node(gid, label=f"Etappe {s}\nukjent løper", shape="box", x=round(x, 1), y=round(y, 1), kind="gap",
                     color={"background": "#fff4e5", "border": GAP_COLOUR}, shapeProperties={"borderDashes": [6, 4]},
                     borderWidth=2.5, font={"size": 14, "color": "#8a4b08"},
                     tip=[f"Ingen kjent løper på etappe {s} (unknown stage)"],
                     info={"rows": [["Hull", f"Etappe {s}: ingen kjent løper"]], "iri": None, "sources": []})
        for u in before:
            net.add_edge(str(u), gid, label=f"? {s}", **dashed, tip=f"Hull ved etappe {s}")
        for v in after:
            net.add_edge(gid, str(v), label=f"? {s + 1}", **dashed, tip=f"Hull ved etappe {s}")


def _status(R: nx.DiGraph, summary: dict) -> list[dict]:
    """The strip above the picture: each gap and each pending stage, with what to select."""
    out = []
    for s, kind in sorted(summary["gaps"].items()):
        target = f"gap:{s}" if kind == "stage" else next(iter(summary["stages"].get(s) or []), None)
        out.append({"kind": "gap", "text": f"Hull ved etappe {s}" + (" (ukjent overlevering)" if kind == "pass" else " (ukjent løper)"),
                    "id": str(target) if target is not None else None})
    if len(out) > 8:  # many gaps: the first ones, then one button that steps through the rest
        rest = [o["id"] for o in out[8:] if o["id"]]
        out = out[:8] + [{"kind": "gap", "text": f"… og {len(rest)} hull til", "ids": rest}]
    waiting = sorted(summary["pending"].items(), key=lambda kv: (kv[1] is None, kv[1] or 0, str(kv[0])))
    if len(waiting) > 6:
        out.append({"kind": "pending", "text": f"{len(waiting)} venter på intervju (klikk for neste)", "ids": [str(n) for n, _ in waiting]})
        return out
    for n, stage in waiting:
        name = R.nodes[n].get("name") or str(n)
        out.append({"kind": "pending", "text": f"Venter: {name}" + (f" (etappe {stage})" if stage else ""), "id": str(n)})
    return out


def _legend(R: nx.DiGraph, summary: dict) -> list[dict]:
    seen = {}
    for n in sorted(R, key=lambda n: (R.nodes[n].get("stage") or 99, str(n))):
        d = R.nodes[n]
        if d.get("county_label"):
            seen.setdefault(d["county_label"], county_colour(d.get("fylkesnummer")))
    out = [{"box": True, "color": c, "fill": lighten(c), "text": label} for label, c in seen.items()]
    if summary["pending"]:
        out.append({"box": True, "dashed": True, "color": "#555555", "text": "Venter på intervju (stiplet)"})
    if summary["gaps"]:
        out.append({"line": True, "dashed": True, "color": GAP_COLOUR, "text": "Hull: ukjent overlevering"})
    out.append({"line": True, "color": "#444444", "text": "Stafettoverlevering (tall = etappe)"})
    return out


def _subtitle(summary: dict, how: str) -> str:
    stages = summary["stages"]
    bits = [f"{len(stages)} etapper kjent" + (f" ({min(stages)}–{max(stages)})" if stages else ""),
            f"{len(summary['pending'])} venter på intervju"]
    if summary["gaps"]:
        bits.append("hull ved etappe " + ", ".join(str(s) for s in summary["gaps"]))
    if summary["breaks"]:
        bits.append(f"{len(summary['fragments'])} deler som ikke henger sammen")
    if summary["cycle"]:
        bits.append("stafetten går i ring")
    bits.append(f"{len(summary['counties'])} fylker")
    bits.append("kart" if how == "geo" else "etter etappe")
    return " · ".join(bits)


def relay_html(R: nx.DiGraph, *, layout: str | None = None, title: str = "Innovasjonsstafetten: etappe for etappe") -> str:
    """The relay as one self-contained HTML page.

    >>> R = nx.DiGraph(); R.add_node("a", name="Ráhkku Čáhppes", stage=1, pending=False)
    >>> R.add_node("b", name="Bjørn", stage=2, pending=True); R.add_edge("a", "b", stage=2)
    >>> "Ráhkku Čáhppes" in relay_html(R)
    True
    """
    return render_page(title=title, data=relay_data(R, layout=layout))
