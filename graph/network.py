"""The store -> networkx graphs, through SPARQL only (so any store kind works).

Three graphs, each built from what ``GraphStore.query`` answers:

- :func:`relay_graph` -- the relay as a ``DiGraph`` of baton passes. Nodes are people (their IRI)
  with ``name``, ``organisation``/``organisation_label``, ``municipality``, ``county``,
  ``interview`` (IRI or ``None``), ``pending`` (named but no interview of their own yet) and
  ``stage`` (the stage they ran, when known; ``stage_inferred`` when read off a pass). Edges run
  giver -> receiver with ``stage`` (the stage the receiver runs), ``passes``, ``announced_in`` and
  ``date`` (when an announcing interview is dated).
- :func:`collaboration_graph` -- an undirected ``Graph`` of people, municipalities, county
  municipalities, organisations, projects, partner categories and needs. Every node has ``type``,
  ``label``, ``iri``, ``county`` and ``sources`` (the interviews it comes from, with the words of
  its span when the build had them); every edge has ``type`` (``member-of``, ``collaborates-with``,
  ``runs-project``, ``names-need``, ``passed-baton-to``, ``mentions``, ``in-county``,
  ``filed-under``), ``types`` (all of them, when one pair is linked several ways), ``frm`` (the
  end the relation starts from) and ``interviews``.
- :func:`municipality_network` -- the collaboration graph projected to municipality <->
  municipality through shared partners and projects (and direct collaboration), with ``weight``
  and ``shared``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from .query import with_prefixes

LANGS = ("nb", "no", "", "nn", "se", "en")  # label preference: bokmål first, then unmarked, ...
MAX_SOURCES = 5  # evidence spans kept per node (enough for a side panel, bounded for big graphs)

EDGE_LABELS = {
    "member-of": ("er medlem av", "member of"),
    "collaborates-with": ("samarbeider med", "collaborates with"),
    "runs-project": ("driver prosjektet", "runs project"),
    "names-need": ("peker på behovet", "names the need"),
    "passed-baton-to": ("ga stafettpinnen til", "passed the baton to"),
    "mentions": ("nevner", "mentions"),
    "in-county": ("ligger i", "lies in"),
    "filed-under": ("hører under", "filed under"),
}

_LABELS = """
SELECT ?s ?l WHERE {
  { ?s skos:prefLabel ?l } UNION { ?s foaf:name ?l } UNION { ?s a schema:Project ; schema:name ?l }
}"""
_PLACES = """
SELECT ?m ?kind ?kn ?county WHERE {
  { ?m a stf:Municipality . BIND("municipality" AS ?kind)
    OPTIONAL { ?m stf:currentKommunenummer ?kn } OPTIONAL { ?m stf:county ?county } }
  UNION { ?m a stf:CountyMunicipality ; stf:fylkesnummer ?kn . BIND("county" AS ?kind) }
}"""
_INTERVIEWS = """
SELECT ?i ?p ?stage ?label ?date ?path ?url ?title WHERE {
  ?i a stf:Interview ; stf:interviewee ?p .
  OPTIONAL { ?i stf:stage ?stage } OPTIONAL { ?i rdfs:label ?label } OPTIONAL { ?i dct:issued ?date }
  OPTIONAL { ?i stf:sourcePath ?path } OPTIONAL { ?i dct:source ?url } OPTIONAL { ?i dct:title ?title }
}"""
_PASSES = """
SELECT ?bp ?g ?r ?stage ?ann WHERE {
  ?bp a stf:BatonPass ; stf:giver ?g ; stf:receiver ?r .
  OPTIONAL { ?bp stf:stage ?stage } OPTIONAL { ?bp stf:announcedIn ?ann }
}"""
_MEMBERSHIPS = """
SELECT ?p ?org ?role ?title ?i WHERE {
  ?m a org:Membership ; org:member ?p ; org:organization ?org .
  OPTIONAL { ?m org:role ?role } OPTIONAL { ?m stf:titleAsWritten ?title } OPTIONAL { ?m stf:statedIn ?i }
}"""
_TYPES = """
SELECT ?s ?t WHERE {
  VALUES ?t { foaf:Person stf:Municipality stf:CountyMunicipality schema:Project org:Organization }
  ?s a ?t .
}"""
# Relations told by one interview: the GRAPH clause says which.
_RELATIONS = """
SELECT ?kind ?s ?o ?i WHERE {
  { GRAPH ?g { ?s stf:collaboratesWith ?o . ?i a stf:Interview } BIND("collaborates-with" AS ?kind) }
  UNION { GRAPH ?g { ?s stf:project ?o . ?i a stf:Interview } BIND("runs-project" AS ?kind) }
  UNION { GRAPH ?g { ?i a stf:Interview ; stf:mentions ?o ; stf:organisation ?s } BIND("mentions" AS ?kind) }
  UNION { ?i stf:need ?o ; stf:interviewee ?s . BIND("names-need" AS ?kind) }
  UNION { ?s stf:partnerCategory ?o . BIND("filed-under" AS ?kind) }
}"""
_EVIDENCE = """
SELECT ?x ?i ?field ?start ?end ?exact WHERE {
  ?i stf:evidence ?a . ?a oa:hasBody ?x ; oa:hasTarget ?t .
  OPTIONAL { ?a stf:field ?field }
  BIND(xsd:integer(STRBEFORE(STRAFTER(STR(?t), "#char="), ",")) AS ?start)
  BIND(xsd:integer(STRAFTER(STRAFTER(STR(?t), "#char="), ",")) AS ?end)
  OPTIONAL { ?t rdf:value ?exact }
}"""


def rows(store, sparql: str):
    """The solutions of a SELECT as dicts of pyoxigraph terms (``None`` when unbound)."""
    result = store.query(with_prefixes(sparql))
    names = [v.value for v in result.variables]
    for sol in result:
        yield {n: sol[n] for n in names}


def _v(term) -> str | None:
    return None if term is None else term.value


def _lang(term) -> str:
    return getattr(term, "language", None) or ""


@dataclass
class Facts:
    """What the graphs are made of, read from a store with a handful of SELECTs (each once)."""

    store: object
    _cache: dict = field(default_factory=dict)

    @cached_property
    def labels(self) -> dict[str, str]:
        best: dict[str, tuple[int, str]] = {}
        for r in rows(self.store, _LABELS):
            lang = _lang(r["l"])
            rank = LANGS.index(lang) if lang in LANGS else len(LANGS)
            s = r["s"].value
            if s not in best or rank < best[s][0]:
                best[s] = (rank, r["l"].value)
        return {s: v for s, (_, v) in best.items()}

    @cached_property
    def places(self) -> dict[str, dict]:
        """Municipalities and counties: kind, number, county IRI (a county is its own county)."""
        out = {}
        for r in rows(self.store, _PLACES):
            iri = r["m"].value
            place = out.setdefault(iri, {"kind": _v(r["kind"]), "number": None, "county": None})
            if r["kn"] is not None:
                place["number"] = r["kn"].value
            place["county"] = iri if place["kind"] == "county" else (_v(r["county"]) or place["county"])
        return out

    @cached_property
    def interviews(self) -> dict[str, dict]:
        out = {}
        for r in rows(self.store, _INTERVIEWS):
            out[r["i"].value] = {
                "iri": r["i"].value, "person": r["p"].value,
                "stage": int(r["stage"].value) if r["stage"] is not None else None,
                "label": _v(r["label"]), "date": _v(r["date"]), "path": _v(r["path"]),
                "url": _v(r["url"]), "title": _v(r["title"]),
            }
        return out

    @cached_property
    def interview_of(self) -> dict[str, str]:
        """person IRI -> their interview (the first by IRI when there are several)."""
        out: dict[str, str] = {}
        for i in sorted(self.interviews):
            out.setdefault(self.interviews[i]["person"], i)
        return out

    @cached_property
    def memberships(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = defaultdict(list)
        for r in rows(self.store, _MEMBERSHIPS):
            role = self.labels.get(_v(r["role"])) if r["role"] is not None else None
            out[r["p"].value].append({"org": r["org"].value, "role": role, "title": _v(r["title"]), "interview": _v(r["i"])})
        for ms in out.values():
            ms.sort(key=lambda m: (m["org"], m["role"] or ""))
        return out

    @cached_property
    def types(self) -> dict[str, str]:
        """IRI -> node type, the most specific class winning (a municipality is also an org:Organization)."""
        kinds = {"Person": "person", "Municipality": "municipality", "CountyMunicipality": "county",
                 "Project": "project", "Organization": "organisation"}
        order = list(kinds.values())
        out: dict[str, str] = {}
        for r in rows(self.store, _TYPES):
            t = kinds[r["t"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]]
            s = r["s"].value
            if s not in out or order.index(t) < order.index(out[s]):
                out[s] = t
        return out

    @cached_property
    def evidence(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = defaultdict(list)
        seen = set()
        for r in rows(self.store, _EVIDENCE):
            x, i = r["x"].value, r["i"].value
            key = (x, i, _v(r["start"]))
            if key in seen or len(out[x]) >= MAX_SOURCES:
                continue
            seen.add(key)
            out[x].append({
                "interview": i, "field": _v(r["field"]),
                "start": int(r["start"].value) if r["start"] is not None else None,
                "end": int(r["end"].value) if r["end"] is not None else None,
                "quote": _v(r["exact"]),
            })
        return out

    def organisation(self, person: str) -> str | None:
        ms = self.memberships.get(person) or []
        interview = self.interview_of.get(person)
        if interview:  # the organisation the person spoke for, when they were interviewed
            for m in ms:
                if m["interview"] == interview:
                    return m["org"]
        return ms[0]["org"] if ms else None

    def place(self, org: str | None) -> dict:
        """municipality/county labels and numbers of an organisation (empty for non-places)."""
        p = self.places.get(org or "")
        if not p:
            return {"municipality": None, "kommunenummer": None, "county": None, "county_label": None, "fylkesnummer": None}
        county = p["county"]
        return {
            "municipality": self.labels.get(org) if p["kind"] == "municipality" else None,
            "kommunenummer": p["number"] if p["kind"] == "municipality" else None,
            "county": county,
            "county_label": self.labels.get(county) if county else None,
            "fylkesnummer": (self.places.get(county) or {}).get("number") if county else None,
        }


def relay_graph(store, facts: Facts | None = None) -> nx.DiGraph:
    """The relay: people as nodes, baton passes (giver -> receiver) as edges."""
    f = facts or Facts(store)
    R = nx.DiGraph(kind="relay")
    passes: dict[tuple[str, str], dict] = {}
    for r in rows(store, _PASSES):
        g, rc = r["g"].value, r["r"].value
        e = passes.setdefault((g, rc), {"stage": None, "passes": set(), "announced_in": set()})
        e["passes"].add(r["bp"].value)
        if r["stage"] is not None:
            e["stage"] = int(r["stage"].value)
        if r["ann"] is not None:
            e["announced_in"].add(r["ann"].value)
    people = {p for pair in passes for p in pair} | {i["person"] for i in f.interviews.values()}
    for p in sorted(people):
        R.add_node(p, **_person(f, p))
    for (g, rc), e in sorted(passes.items()):
        dates = sorted(d for d in (f.interviews.get(i, {}).get("date") for i in e["announced_in"]) if d)
        R.add_edge(g, rc, stage=e["stage"], passes=sorted(e["passes"]), announced_in=sorted(e["announced_in"]),
                   date=dates[0] if dates else None, type="passed-baton-to")
    _infer_stages(R)
    return R


def _person(f: Facts, p: str) -> dict:
    org = f.organisation(p)
    interview = f.interview_of.get(p)
    ms = [m for m in f.memberships.get(p, []) if m["org"] == org]
    return {
        "iri": p, "type": "person", "name": f.labels.get(p, p.rsplit("/", 1)[-1]),
        "label": f.labels.get(p, p.rsplit("/", 1)[-1]),
        "organisation": org, "organisation_label": f.labels.get(org) if org else None,
        "role": next((m["title"] or m["role"] for m in ms if m["title"] or m["role"]), None),
        **f.place(org),
        "interview": interview, "pending": interview is None,
        "stage": f.interviews[interview]["stage"] if interview else None, "stage_inferred": False,
    }


def _infer_stages(R: nx.DiGraph) -> None:
    """Stages of people without a staged interview, read off the passes around them."""
    for u, v, d in R.edges(data=True):
        s = d.get("stage")
        if s is None:
            continue
        if R.nodes[v]["stage"] is None:
            R.nodes[v].update(stage=s, stage_inferred=True)
        if R.nodes[u]["stage"] is None and s > 1:
            R.nodes[u].update(stage=s - 1, stage_inferred=True)


def collaboration_graph(store, facts: Facts | None = None) -> nx.Graph:
    """The collaboration network (see the module docstring for its nodes and edges)."""
    f = facts or Facts(store)
    G = nx.Graph(kind="collaboration")

    def node(iri: str, kind: str | None = None) -> None:
        if iri in G:
            return
        t = kind or f.types.get(iri) or ("municipality" if f.places.get(iri, {}).get("kind") == "municipality" else "organisation")
        attrs = {"iri": iri, "type": t, "label": f.labels.get(iri) or iri.rsplit("/", 1)[-1]}
        place = f.place(iri if t in ("municipality", "county") else (f.organisation(iri) if t == "person" else None))
        attrs.update(county=place["county"], county_label=place["county_label"], fylkesnummer=place["fylkesnummer"])
        if t == "municipality":
            attrs["kommunenummer"] = place["kommunenummer"]
        if t == "person":
            attrs.update({k: v for k, v in _person(f, iri).items() if k not in attrs})
        attrs["sources"] = sources(f, iri)
        G.add_node(iri, **attrs)

    def edge(u: str, v: str, kind: str, interview: str | None) -> None:
        if u == v:
            return
        if G.has_edge(u, v):
            d = G.edges[u, v]
            if kind not in d["types"]:
                d["types"].append(kind)
        else:
            G.add_edge(u, v, type=kind, types=[kind], frm=u, interviews=[])
        if interview and interview not in G.edges[u, v]["interviews"]:
            G.edges[u, v]["interviews"].append(interview)

    for p, ms in sorted(f.memberships.items()):
        node(p, "person")
        for m in ms:
            node(m["org"])
            edge(p, m["org"], "member-of", m["interview"])
    for i in sorted(f.interviews.values(), key=lambda i: i["iri"]):
        node(i["person"], "person")
    for r in sorted(rows(store, _RELATIONS), key=lambda r: (r["kind"].value, r["s"].value, r["o"].value, _v(r["i"]) or "")):
        kind, s, o, i = r["kind"].value, r["s"].value, r["o"].value, _v(r["i"])
        node(s, "person" if kind == "names-need" else ("category" if kind == "filed-under" else None))
        target = {"names-need": "need", "filed-under": "category", "runs-project": "project"}.get(kind)
        if kind == "collaborates-with" and o not in f.types and o not in f.places:
            target = "category"  # a partner that is a concept of the partner categories
        node(o, target)
        edge(s, o, kind, i)
    for u, v, d in relay_graph(store, f).edges(data=True):
        node(u, "person"), node(v, "person")
        edge(u, v, "passed-baton-to", (d["announced_in"] or [None])[0])
        G.edges[u, v].setdefault("stage", d["stage"])
    for m in [n for n, d in G.nodes(data=True) if d["type"] == "municipality"]:
        county = G.nodes[m].get("county")
        if county:
            node(county, "county")
            edge(m, county, "in-county", None)
    return G


def sources(f: Facts, iri: str) -> list[dict]:
    """The interviews an entity comes from: each with ``interview`` (IRI), ``interview_label``,
    ``source`` (URL or file), ``field``, ``start``/``end`` and ``quote`` (the span's words)."""
    srcs = list(f.evidence.get(iri, []))
    own = f.interview_of.get(iri)
    if own and not any(s["interview"] == own for s in srcs):
        srcs.insert(0, {"interview": own, "field": "interviewee", "start": None, "end": None, "quote": None})
    out = []
    for s in srcs:
        i = f.interviews.get(s["interview"], {})
        out.append({**s, "interview_label": i.get("label"), "source": i.get("url") or i.get("path")})
    return out


def with_sources(R: nx.DiGraph, facts: Facts) -> nx.DiGraph:
    """``R`` with each node's ``sources`` (see :func:`sources`) added, for views' side panels."""
    for n in R:
        R.nodes[n]["sources"] = sources(facts, n)
    return R


def municipality_network(G: nx.Graph, *, categories: bool = False) -> nx.Graph:
    """Municipality <-> municipality through shared partners and projects of a collaboration graph.

    Two municipalities are linked when both collaborate with the same partner or run the same
    project, or when one names the other as a partner; ``weight`` counts the shared items and
    ``shared`` lists their labels. Partner *categories* ("innbyggere", "frivillige
    organisasjoner") are kinds of partner that nearly every municipality names, so they link
    everyone to everyone; they count only with ``categories=True``.

    >>> G = nx.Graph()
    >>> for n, t in [("a", "municipality"), ("b", "municipality"), ("p", "project")]:
    ...     G.add_node(n, type=t, label=n.upper())
    >>> G.add_edge("a", "p", type="runs-project", types=["runs-project"], frm="a")
    >>> G.add_edge("b", "p", type="runs-project", types=["runs-project"], frm="b")
    >>> M = municipality_network(G)
    >>> list(M.edges(data=True))
    [('a', 'b', {'weight': 1, 'shared': ['P']})]
    """
    M = nx.Graph(kind="municipalities")
    munis = [n for n, d in G.nodes(data=True) if d.get("type") == "municipality"]
    M.add_nodes_from((n, dict(G.nodes[n])) for n in munis)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item, d in G.nodes(data=True):
        if d.get("type") == "category" and not categories:
            continue
        ties = sorted(m for m in G.adj[item] if G.nodes[m].get("type") == "municipality" and (
            set(G.edges[m, item]["types"]) & {"collaborates-with", "runs-project"}) and G.edges[m, item]["frm"] == m)
        for a_i, a in enumerate(ties):
            for b in ties[a_i + 1:]:
                shared[(a, b)].append(d.get("label", item))
    for a, b in G.subgraph(munis).edges():
        if "collaborates-with" in G.edges[a, b]["types"]:
            shared[tuple(sorted((a, b)))].append("direkte samarbeid")
    for (a, b), items in sorted(shared.items()):
        M.add_edge(a, b, weight=len(items), shared=sorted(items))
    return M
