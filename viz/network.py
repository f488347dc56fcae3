"""The collaboration network as a page: shape and colour by type, size by centrality, search,
filters by type and county, tooltips, and a side panel with each entity's details and sources.

Big graphs: positions come from :mod:`viz.layout` and physics is off, so the page draws one
still picture at once. Above ``top`` nodes the view is reduced to the ``top`` most central and
says so (and how to see the rest).
"""

from __future__ import annotations

import math
import os
from collections import Counter

import networkx as nx

from graph.analytics.centrality import METRICS, centrality, rank
from graph.network import EDGE_LABELS

from .layout import DENSE_PX_PER_DEGREE, centroids, community_positions, force_positions, geo_positions, project
from .page import pyvis_network, render_page
from .style import COMMUNITY_COLOURS, EDGE_COLOURS, TYPES, community_colour, type_style

DEFAULT_TOP = 5000  # nodes drawn before a view is reduced (see docs/benchmarks.md, "Views")
BIG = 1500  # from this many nodes on, edges hide while dragging and zooming
COLOUR_BY_COMMUNITY = 300  # from this many nodes on, colour shows the communities (shape still the type)
LABEL_BUDGET = 250  # labels drawn at once; the rest come with zoom (and every node has a tooltip)
METRIC_NB = {"degree": "grad (degree)", "betweenness": "mellomliggende sentralitet (betweenness)",
             "constraint": "Burts begrensning (constraint)", "effective-size": "effektiv størrelse (effective size)"}
ALL_HINT = "stafett viz network --top 0"


def reduce_graph(G: nx.Graph, top: int | None, metric: str = "degree", *, keep=()) -> tuple[nx.Graph, dict]:
    """The ``top`` most central nodes (and ``keep``) of ``G``, and the scores used.

    ``top`` of ``None`` or ``0`` keeps everything.

    >>> H, _ = reduce_graph(nx.star_graph(4), 2)
    >>> sorted(H)
    [0, 1]
    """
    scores = centrality(G, metric) if len(G) else {}
    if not top or len(G) <= top:
        return G, scores
    chosen = [n for n, _ in rank(scores, metric, top=None) if n not in keep][: max(top - len(keep), 0)]
    return G.subgraph(list(keep) + chosen).copy(), scores


def reduction_notice(shown: int, total: int, metric: str, hint: str = ALL_HINT) -> str | None:
    """The sentence a reduced page shows (``None`` when nothing was left out)."""
    if shown >= total:
        return None
    return (f"Viser {shown:,} av {total:,} noder: de mest sentrale etter {METRIC_NB.get(metric, metric)}. "
            f"Se alle med «{hint}», eller bruk søk og filtre i et mindre utvalg "
            f"(showing the {shown:,} most central of {total:,} nodes).").replace(",", "\u202f")


def place_text(d: dict) -> str:
    bits = [d.get("municipality") or (d.get("organisation_label") if d.get("type") == "person" else None), d.get("county_label")]
    bits = [b for b in bits if b and b != d.get("label")]
    return ", ".join(dict.fromkeys(bits))


def node_info(d: dict) -> dict:
    """The side panel's content for a node: rows of (key, value), the IRI and the sources."""
    t = type_style(d.get("type"))
    rows = [("Type", f"{t[3]} ({t[4]})")]
    if d.get("type") == "person":
        rows += [("Rolle", d.get("role")), ("Organisasjon", d.get("organisation_label"))]
    rows += [("Kommune", d.get("municipality") if d.get("type") == "person" else None),
             ("Kommunenummer", d.get("kommunenummer")), ("Fylke", d.get("county_label"))]
    if d.get("type") == "person":
        stage = d.get("stage")
        rows += [("Etappe", (f"{stage}" + (" (utledet av overleveringen)" if d.get("stage_inferred") else "")) if stage else None),
                 ("Intervju", "ja" if d.get("interview") else "nei – venter på intervju (pending)")]
    sources = [{"interview": s.get("interview_label") or s.get("interview"), "file": _file(s.get("source")),
                "field": s.get("field"), "start": s.get("start"), "end": s.get("end"), "quote": s.get("quote")}
               for s in d.get("sources") or []]
    return {"title": d.get("label") or d.get("name"), "rows": [[k, str(v)] for k, v in rows if v not in (None, "")],
            "iri": d.get("iri"), "sources": sources}


def _file(source: str | None) -> str | None:
    if not source:
        return None
    return source if "://" in source else os.path.basename(source)


def node_tip(d: dict, degree: int | None = None) -> list[str]:
    t = type_style(d.get("type"))
    lines = [t[3] + (f" · {place_text(d)}" if place_text(d) else "")]
    if d.get("role"):
        lines.append(str(d["role"]))
    if d.get("type") == "person" and d.get("stage"):
        lines.append(f"Etappe {d['stage']}")
    if d.get("type") == "person" and not d.get("interview"):
        lines.append("Venter på intervju (pending)")
    if degree is not None:
        lines.append(f"{degree} forbindelser")
    return lines


def network_data(G: nx.Graph, *, layout: str = "force", top: int | None = DEFAULT_TOP, metric: str = "degree",
                 seed: int = 0, focus=None, hint: str = ALL_HINT) -> dict:
    """The page data (nodes, edges, options, legend, filters, notice) of a collaboration graph."""
    if metric not in METRICS:
        centrality(G, metric)  # raises the listing error
    total = len(G)
    H, scores = reduce_graph(G, top, metric, keep=[focus] if focus is not None else ())
    H = split_counties(H)
    if metric != "degree" and H is not G:
        scores = centrality(H, metric)
    # A map of few nodes is drawn large: the whole country is on screen at about a tenth of its size.
    zoom = 1.0 if layout != "geo" or len(H) > 1500 else (2.5 if len(H) > 300 else 5.0)
    hubs = hub_nodes(H) if len(H) >= COLOUR_BY_COMMUNITY else set()
    groups = community_index(H, hubs) if len(H) >= COLOUR_BY_COMMUNITY else None
    if layout == "geo":
        pos, captions = geo_positions(H, spread=zoom)
    elif groups is not None:
        pos, captions = community_positions(H, groups, hubs=hubs, seed=seed), []
    else:
        pos, captions = force_positions(H, seed=seed), []
    higher = METRICS[metric][1]
    vals = [v for v in scores.values() if v is not None and not math.isnan(v)] or [0.0]
    lo, hi = min(vals), max(vals)
    # importance: the centrality chosen (regions last: their label is the county's, shown once)
    def importance(n):
        sc = scores.get(n)
        v = float("-inf") if sc is None or math.isnan(sc) else (sc if higher else -sc)
        return (H.nodes[n].get("type") == "region", -v, str(n))

    order = sorted(H, key=importance)
    rank = {n: i for i, n in enumerate(order)}
    net = pyvis_network()
    for n in sorted(H, key=str):
        d = H.nodes[n]
        shape, colour, _, _, _ = type_style(d.get("type"))
        s = scores.get(n) if n in scores else scores.get(d.get("council_of"))
        share = 0.0 if s is None or hi == lo else ((s - lo) / (hi - lo) if higher else (hi - s) / (hi - lo))
        grow = 12 * zoom if layout == "geo" else 26  # map nodes sit closer together
        # Shape and colour come from the type's group (vis merges per-node styles slowly).
        opts = {"group": d.get("type") or "other", "shape": shape,
                "size": round((4 * zoom if layout == "geo" else 7) + grow * math.sqrt(max(share, 0.0)), 1)}
        if d.get("type") == "person" and not d.get("interview"):
            opts.update(color={"background": "#ffffff", "border": colour}, borderWidth=2, shapeProperties={"borderDashes": [4, 3]})
        if d.get("type") == "region":
            opts.update(size=opts["size"] + 6, color={"background": colour, "border": type_style("county")[1]}, borderWidth=1.5)
        if groups is not None and d.get("type") != "region":
            # the colour from a group per community (vis merges per-node colours slowly)
            opts["group"] = f"c{min(groups[n], len(COMMUNITY_COLOURS))}" if n in groups else "c-none"
            opts["community"] = groups.get(n)
            if "color" in opts:  # a pending person: open, in the community's colour
                opts["color"]["border"] = community_colour(groups.get(n))
        if n == focus:
            opts.update(size=opts["size"] + 10, borderWidth=4)
        x, y = pos[n]
        top_label = rank[n] < 25 or n == focus
        net.add_node(str(n), label=d.get("label") or str(n), x=round(x, 1), y=round(y, 1), **opts,
                     kind=d.get("type"), county=d.get("county"), place=place_text(d), rank=0 if n == focus else rank[n] + 1,
                     lsize=15 if top_label else 12, lbold=top_label,
                     tip=node_tip(d, H.degree(n) if d.get("type") == "region" else G.degree(d.get("council_of") or n)),
                     info=node_info(d))
        if "color" in opts:  # pyvis drops a node's colour when it has a group
            net.node_map[str(n)]["color"] = opts["color"]
    for u, v, d in sorted(H.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        frm = d.get("frm", u)
        to = v if frm == u else u
        kind = d.get("type") or ""
        words = " / ".join(EDGE_LABELS.get(k, (k, k))[0] for k in (d.get("types") or [kind]))
        colour = EDGE_COLOURS.get(kind, "#cccccc")
        faint = layout == "geo" or groups is not None
        alpha = 0.45
        if groups is not None:
            inside = groups.get(u) is not None and groups.get(u) == groups.get(v)
            alpha = 0.08 if (u in hubs or v in hubs) else (0.4 if inside else 0.15)
            if inside and kind != "passed-baton-to":
                colour = community_colour(groups.get(u))
        opts = {"color": {"color": colour, "opacity": alpha} if faint else colour, "kind": kind, "arrows": ""}
        label_a, label_b = H.nodes[frm].get("label"), H.nodes[to].get("label")
        tip = f"{label_a} {words} {label_b}"
        if kind == "passed-baton-to":
            opts.update(arrows="to", width=1.5 if groups is not None else 2.5, label=str(d["stage"]) if d.get("stage") else "")
            if d.get("stage"):
                tip += f" (etappe {d['stage']})"
        net.add_edge(str(frm), str(to), **opts, tip=tip)
    big = len(H) >= BIG
    return {
        "view": "network",
        "nodes": net.nodes, "edges": net.edges,
        "options": {**_options(big, 12 * zoom), "groups": {**{t: {"shape": st[0], "color": st[1]} for t, st in
                                                 [(t, type_style(t)) for t in (*TYPES, "other")]},
                                                 **({f"c{i}": {"color": community_colour(i)} for i in range(len(COMMUNITY_COLOURS) + 1)}
                                                    if groups is not None else {}),
                                                 **({"c-none": {"color": community_colour(None)}} if groups is not None else {})}},
        "labels": {"budget": LABEL_BUDGET, "leader": False, "edgesFirst": False, "font": 12, "edgeFont": 12,
                   "edgeMinScale": 0.7 if len(H) > 200 else 0},
        "colouring": _colouring(H, groups),
        "legend": _legend(H, groups is not None),
        "filters": _filters(H),
        "edgeLabels": {k: v[0] for k, v in EDGE_LABELS.items()},
        "captions": captions,
        "backdrop": norway_backdrop(DENSE_PX_PER_DEGREE) if layout == "geo" else [],
        "backdropSize": 5, "captionSize": 40 * min(zoom, 2.0),
        "notice": reduction_notice(len(H), total, metric, hint),
        "subtitle": f"{len(H):,} noder og {H.number_of_edges():,} forbindelser · størrelse etter {METRIC_NB.get(metric, metric)}"
                    f" · {'kart' if layout == 'geo' else 'kraftbasert oppsett'}".replace(",", "\u202f"),
    }


def split_counties(H: nx.Graph) -> nx.Graph:
    """Counties and county councils apart: a county municipality node (``type`` ``county``) is
    both the county, where municipalities lie (``in-county`` links), and the county council,
    an organisation people work for and others name as a partner. The view draws the county as
    a region node of its own (``fylke:…``) holding the ``in-county`` links, and the council as
    "… fylkeskommune"; a county node with nothing but ``in-county`` links is only the region.

    >>> G = nx.Graph(); G.add_node("c", type="county", label="Vestland"); G.add_node("m", type="municipality", label="Sogndal")
    >>> G.add_node("p", type="person", label="Hilde"); G.add_edge("m", "c", type="in-county"); G.add_edge("p", "c", type="member-of")
    >>> H = split_counties(G); sorted((n, d["type"], d["label"]) for n, d in H.nodes(data=True) if n != "m" and n != "p")
    [('c', 'county', 'Vestland fylkeskommune'), ('fylke:c', 'region', 'Vestland')]
    >>> sorted(H.adj["fylke:c"]), sorted(H.adj["c"])
    (['m'], ['p'])
    """
    counties = [n for n, d in H.nodes(data=True) if d.get("type") == "county"]
    if not counties:
        return H
    H = H.copy()
    for c in counties:
        d = H.nodes[c]

        def kinds(m):
            e = H.edges[c, m]
            return set(e.get("types") or [e.get("type")])

        region_links = [m for m in H.adj[c] if "in-county" in kinds(m)]
        other = [m for m in H.adj[c] if kinds(m) - {"in-county"}]
        if not region_links:
            d["label"] = council_label(d.get("label"))
            continue
        if not other:
            d["type"] = "region"
            continue
        r = f"fylke:{c}"
        H.add_node(r, **{**d, "type": "region", "iri": d.get("iri"), "sources": [], "council_of": c})
        for m in region_links:
            e = H.edges[c, m]
            H.add_edge(m, r, **{**e, "type": "in-county", "types": ["in-county"], "frm": m})
            rest = [k for k in (e.get("types") or [e.get("type")]) if k != "in-county"]
            if rest:
                e.update(types=rest, type=rest[0])
            else:
                H.remove_edge(c, m)
        d["label"] = council_label(d.get("label"))
    return H


def council_label(label: str | None) -> str:
    """The county council's name from the county's: "Vestland" -> "Vestland fylkeskommune"."""
    label = label or ""
    return label if "fylkeskommune" in label.casefold() else f"{label} fylkeskommune".strip()


def hub_nodes(H: nx.Graph) -> set:
    """The nodes linked to so many others that they would pull every community together (partner
    categories such as "innbyggere", national bodies): more than 2 % of the nodes, at least 40."""
    cut = max(40, len(H) // 50)
    return {n for n in H if H.degree(n) > cut}


def community_index(H: nx.Graph, hubs=(), seed: int = 0) -> dict:
    """``{node: i}``, the ``i``-th largest Louvain community of the graph without its hubs and
    regions (they link communities rather than belong to one). Louvain runs on the nodes with
    more than one link; a node hanging on one other joins that one's community (the same answer
    for a fraction of the time: most projects and needs are named once)."""
    from graph.analytics.communities import communities

    keep = H.subgraph([n for n, d in H.nodes(data=True) if d.get("type") != "region" and n not in hubs]).copy()
    core = keep.subgraph([n for n in keep if keep.degree(n) > 1]).copy()  # copies: views of views are slow to walk
    found = communities(core, seed=seed, weight=None)
    for n in keep:
        if n not in found and keep.degree(n) == 1:
            anchor = next(iter(keep.adj[n]))
            if anchor in found:
                found[n] = found[anchor]
    return found


def _colouring(H: nx.Graph, groups: dict | None) -> dict | None:
    """What the colour toggle needs: each node's type colour and community colour."""
    if groups is None:
        return None
    return {"default": "community",
            "type": {str(n): d.get("type") or "other" for n, d in H.nodes(data=True) if d.get("type") != "region"},
            "community": {str(n): f"c{min(groups[n], len(COMMUNITY_COLOURS))}" if n in groups else "c-none"
                          for n, d in H.nodes(data=True) if d.get("type") != "region"}}


def norway_backdrop(scale: float) -> list[list[float]]:
    """Every municipality's centroid as a faint dot under a map view, so the shape reads as Norway."""
    return [[round(c, 1) for c in project(lat, lon, scale)] for lat, lon in centroids().values()]


def _options(big: bool, font: float = 12) -> dict:
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "multiselect": False},
        "nodes": {"font": {"size": font, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "edges": {"smooth": False, "width": 1, "selectionWidth": 2, "font": {"size": 12, "align": "top"}},
    }


def _legend(H: nx.Graph, by_community: bool = False) -> list[dict]:
    present = Counter(d.get("type") for _, d in H.nodes(data=True))
    grey = "#555555"
    out = [{"symbol": type_style(t)[2], "color": grey if by_community and t != "region" else type_style(t)[1], "text": f"{type_style(t)[3]}"}
           for t in ("person", "municipality", "county", "region", "organisation", "project", "category", "need") if present[t]]
    if by_community:
        out.insert(0, {"swatches": [community_colour(i) for i in range(8)], "text": "Farge: fellesskap (Louvain)"})
    if any(d.get("type") == "passed-baton-to" for _, _, d in H.edges(data=True)):
        out.append({"line": True, "color": EDGE_COLOURS["passed-baton-to"], "text": "Stafettoverlevering (etappe)"})
    if any(d.get("type") == "person" and not d.get("interview") for _, d in H.nodes(data=True)):
        out.append({"box": True, "dashed": True, "color": type_style("person")[1], "text": "Venter på intervju"})
    return out


def _filters(H: nx.Graph) -> dict:
    types = Counter(d.get("type") for _, d in H.nodes(data=True))
    counties = Counter((d.get("county"), d.get("county_label")) for _, d in H.nodes(data=True) if d.get("county"))
    return {
        "types": [{"key": t, "text": type_style(t)[3], "count": c} for t, c in sorted(types.items(), key=lambda kv: -kv[1])],
        "counties": [{"key": k, "text": label or k, "count": c} for (k, label), c in sorted(counties.items(), key=lambda kv: kv[0][1] or "")],
    }


def network_html(G: nx.Graph, *, layout: str = "force", top: int | None = DEFAULT_TOP, metric: str = "degree",
                 seed: int = 0, title: str = "Samarbeidsnettverket i Innovasjonsstafetten", hint: str = ALL_HINT) -> str:
    """The collaboration network as one self-contained HTML page.

    >>> G = nx.Graph(); G.add_node("a", type="person", label="Åse <b>"); G.add_node("b", type="municipality", label="Hå")
    >>> G.add_edge("a", "b", type="member-of", types=["member-of"], frm="a")
    >>> data = network_html(G).split('id="stafett-data">')[1].split("</script>")[0]
    >>> "Åse \\\\u003cb\\\\u003e" in data and "<" not in data
    True
    """
    return render_page(title=title, data=network_data(G, layout=layout, top=top, metric=metric, seed=seed, hint=hint))
