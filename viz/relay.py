"""The relay as a page: left to right in stage order (or across the map of Norway), stage numbers
on the baton passes, pending recipients drawn open and dashed, gaps drawn as dashed grey links or
placeholder stages, county as colour.

The default layout is the map when the relay spans several counties, else stage order.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from graph.analytics import relay as rl

from .layout import PX_PER_DEGREE, centroids, grid, project, ring, stage_positions
from .network import node_info, norway_backdrop, place_text
from .page import pyvis_network, render_page
from .style import county_colour, lighten

GAP_COLOUR = "#9a9a9a"
STEP = 300.0
MAP_FONT = 34  # the map is fitted to the screen at about a third of its size


def relay_layout(R: nx.DiGraph, layout: str | None) -> str:
    """``"geo"`` or ``"stage"``: what was asked for, else the map when more than one county is reached.

    >>> R = nx.DiGraph([("a", "b")]); nx.set_node_attributes(R, {"a": "X", "b": "Y"}, "county_label")
    >>> relay_layout(R, None), relay_layout(R, "force")
    ('geo', 'stage')
    """
    if layout in ("geo", "stage"):
        return layout
    if layout == "force":  # the relay's non-map layout is its stage order
        return "stage"
    return "geo" if len(rl.counties_reached(R)) > 1 else "stage"


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
    for n in sorted(R, key=str):
        d = R.nodes[n]
        colour = county_colour(d.get("fylkesnummer"))
        pending = bool(d.get("pending"))
        place = place_text(d)
        where = d.get("municipality") or d.get("organisation_label") or d.get("county_label")
        opts = {"color": {"background": "#ffffff" if pending else lighten(colour), "border": colour,
                          "highlight": {"background": "#ffffff" if pending else lighten(colour, 0.3), "border": "#333333"}},
                "borderWidth": 2 if pending else 1.5,
                "shapeProperties": {"borderDashes": [6, 4] if pending else False}}
        if geo:
            opts.update(shape="dot", size=18, label="\n".join(x for x in (d.get("name"), where) if x), font={"size": MAP_FONT})
        else:
            opts.update(shape="box", margin=8, label="\n".join(x for x in (d.get("name"), where) if x))
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
        net.add_edge(str(u), str(v), label=str(stage) if stage else "?", arrows="to", width=5 if geo else 2.5, color="#444444",
                     kind="passed-baton-to", tip=tip, font={"size": MAP_FONT if geo else 15, "strokeWidth": 4, "strokeColor": "#ffffff"},
                     smooth={"type": "curvedCW", "roundness": 0.15} if geo else False)
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
        "filters": None,
        "edgeLabels": {"passed-baton-to": "ga stafettpinnen til", "gap": "ukjent overlevering"},
        "captions": captions,
        "backdrop": norway_backdrop(PX_PER_DEGREE) if geo else [],
        "backdropSize": 2.5, "captionSize": MAP_FONT if geo else 15,
        "subtitle": _subtitle(summary, how),
        "notice": None,
    }


def _gaps(summary: dict, net, pos: dict, geo: bool) -> None:
    """Placeholder stages nobody is known to have run, and dashed links for unknown passes."""
    by_stage = summary["stages"]
    dashed = {"arrows": "to", "dashes": [8, 6], "color": GAP_COLOUR, "width": 1.5, "kind": "gap",
              "font": {"size": MAP_FONT if geo else 13, "color": "#666666", "strokeWidth": 4, "strokeColor": "#ffffff"}}
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
            pos[gid] = (s * STEP, 0.0) if not geo else (x0 + 60, y0 - 40)
        x, y = pos[gid]
        net.add_node(gid, label=f"Etappe {s}\nukjent", shape="box", x=round(x, 1), y=round(y, 1), kind="gap",
                     color={"background": "#f4f4f4", "border": GAP_COLOUR}, shapeProperties={"borderDashes": [6, 4]},
                     font={"size": MAP_FONT if geo else 14},
                     tip=[f"Ingen kjent løper på etappe {s} (unknown stage)"],
                     info={"rows": [["Hull", f"Etappe {s}: ingen kjent løper"]], "iri": None, "sources": []})
        for u in before:
            net.add_edge(str(u), gid, label=f"? {s}", **dashed, tip=f"Hull ved etappe {s}")
        for v in after:
            net.add_edge(gid, str(v), label=f"? {s + 1}", **dashed, tip=f"Hull ved etappe {s}")


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
