"""Dereferenceable IRIs: ``GET /id/{kind}/{key}`` answers with the entity, by content
negotiation -- an HTML page for browsers, Turtle, N-Triples, JSON-LD or RDF/XML for programs
(``?format=ttl|nt|jsonld|rdfxml`` overrides ``Accept``, for download links).

The RDF is the entity's own triples and, for an interview, those of its fragment IRIs
(``…/id/interview/x#char=1,2``, the evidence spans, and ``#ev-N``/``#answer-N``, the annotations). The page shows labels, types,
every property (neighbouring entities linked), incoming links, the graphs and interviews the
entity comes from, and the evidence: each span of source text with its words (``oa:exact``)
where the build had the text. All of it goes through SPARQL in the worker pool, and every
string is escaped by the template (Jinja2 autoescape).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..namespaces import PREFIXES
from .http import Problem
from .negotiate import choose
from .sparql import call_pool
from .terms import GRAPHS_NB, REUSED_NB, first_upper, plain

TEMPLATES = Path(__file__).resolve().parent / "templates"
RDF_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
FORMATS = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
_KIND = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
# Keys are slugs, numbers and their joins; no segment may be empty or start with a dot.
_SEGMENT = re.compile(r"^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,250}$")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://xmlns.com/foaf/0.1/name", "http://schema.org/name", "http://purl.org/dc/terms/title")
LANGS = ("nb", "no", "nn", "", "en")


@cache
def environment() -> Environment:
    from .site import nav_links

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(nav_links=nav_links, plain=plain)
    env.filters["first_upper"] = first_upper
    return env


def entity_iri(base: str, path: str) -> tuple[str, str, str]:
    """(IRI, kind, key) of ``/id/{path}``; refuses anything but plain segments (no ``..``,
    no empty or dotted segments, no characters outside the slug alphabet)."""
    parts = path.split("/")
    if len(parts) < 2 or not _KIND.match(parts[0]) or not all(_SEGMENT.match(p) for p in parts[1:]):
        raise Problem(400, "bad-path", "an entity path is /id/{kind}/{key} with letters, digits, '-', '.', '_' and '~' only")
    return f"{base}id/{path}", parts[0], "/".join(parts[1:])


async def entity(request: Request) -> Response:
    settings = request.app.state.settings
    iri, kind, key = entity_iri(settings.base, request.path_params["path"])
    fmt = request.query_params.get("format")
    if fmt is not None:
        if fmt not in FORMATS:
            raise Problem(400, "bad-request", f"format is one of {', '.join(FORMATS)}")
        media = FORMATS[fmt]
    else:
        media = choose(request.headers.get("accept"), ["text/html", *RDF_TYPES])
    if media is None:
        raise Problem(406, "not-acceptable", f"an entity can be had as text/html, {', '.join(RDF_TYPES)}")
    graph = settings.minter.interview_graph(key) if kind == "interview" else None
    if media != "text/html":
        reply = await call_pool(request, {
            "op": "query", "sparql": describe_query(iri, graph), "accept": media, "max_rows": settings.max_rows,
        })
        if reply["rows"] == 0:
            raise _unknown(iri)
        return Response(reply["body"], media_type=media, headers={"Vary": "Accept", "Access-Control-Allow-Origin": "*"})
    view = await gather(request, iri, graph)
    if not view.properties:
        raise _unknown(iri)
    from . import entities

    env, path = environment(), request.url.path
    types = {t.value for t in view.types}
    if kind == "person" and "http://xmlns.com/foaf/0.1/Person" in types:
        person = await entities.person(request, iri, view.label)
        html = env.get_template("person.html").render(e=view, p=person, formats=FORMATS, path=path)
    elif kind == "interview" and "https://w3id.org/stafett/def#Interview" in types:
        found = await entities.interview(request, iri, {p.value: values for p, values in view.properties})
        html = env.get_template("interview.html").render(e=view, i=found, formats=FORMATS, path=path)
    else:
        named = await entities.named_in(request, iri)
        from_interviews = any("/id/interview/" in s.value for s in view.sources)
        ego = entities.ego_href(iri) if kind in ACTORS or (kind in PLACES and from_interviews) else ""
        html = env.get_template("entity.html").render(e=view, named=named, ego=ego, formats=FORMATS, path=path,
                                                      facts=readable(view), links=readable_incoming(view))
    return HTMLResponse(html, headers={"Vary": "Accept"})


# what the collaboration network (and so the ego view) holds: actors always, places when an
# interview names them
ACTORS = ("person", "organisation", "project", "need", "category")
PLACES = ("municipality", "county")
_TECHNICAL = ("/id/membership/", "/id/baton-pass/", "/id/profile/", "#ev-", "#answer-", "#char=", "/id/link/", "/number/")
_PLAIN_HIDDEN = {RDF_TYPE, "https://w3id.org/stafett/def#evidence", "http://www.w3.org/2004/02/skos/core#hiddenLabel"}


def readable(view: "View") -> list[tuple["Term", list["Term"]]]:
    """The properties a reader wants, in Norwegian: no type (shown above), no evidence nodes, a
    name only where it differs from the heading."""
    out = []
    for p, values in view.properties:
        if p.value in _PLAIN_HIDDEN:
            continue
        if p.value in LABELS and all(v.value == view.label for v in values):
            continue
        shown = [v for v in values if not (v.kind == "uri" and any(t in v.value for t in _TECHNICAL))]
        if shown:
            out.append((p, shown))
    return out


def readable_incoming(view: "View") -> list[tuple["Term", "Term"]]:
    """Links to the entity from things with a name (people, interviews, organisations); the
    technical ones (memberships, annotations, baton passes) are under "RDF"."""
    return [(s, p) for s, p in view.incoming if s.kind == "uri" and not any(t in s.value for t in _TECHNICAL)]


def _unknown(iri: str) -> Problem:
    return Problem(404, "not-found", f"no entity <{iri}> in the graph")


def describe_query(iri: str, interview_graph: str | None) -> str:
    """CONSTRUCT of the entity (and, for an interview, its fragment IRIs)."""
    parts = f"{{ BIND(<{iri}> AS ?s) ?s ?p ?o }}"
    if interview_graph:
        parts += f' UNION {{ GRAPH <{interview_graph}> {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{iri}#")) }} }}'
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {parts} }}"


# -- the page's data ------------------------------------------------------------------------------
@dataclass
class Term:
    kind: str  # uri | literal | bnode
    value: str
    lang: str = ""
    datatype: str = ""
    label: str = ""
    href: str = ""  # a link on this server, or an external http(s) IRI
    short: str = ""  # the prefixed name (stf:stage, id:person/...)
    datatype_iri: str = ""

    @property
    def text(self) -> str:
        return self.label or self.value


@dataclass
class View:
    iri: str
    label: str = ""
    types: list[Term] = field(default_factory=list)
    properties: list[tuple[Term, list[Term]]] = field(default_factory=list)
    incoming: list[tuple[Term, Term]] = field(default_factory=list)
    sources: list[Term] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    fragments: list[tuple[Term, list[tuple[Term, list[Term]]]]] = field(default_factory=list)
    truncated: bool = False


async def _select(request: Request, sparql: str, limit: int) -> list[dict]:
    reply = await call_pool(request, {
        "op": "query", "sparql": sparql, "accept": "application/sparql-results+json", "max_rows": limit,
    })
    return json.loads(reply["body"])["results"]["bindings"]


async def gather(request: Request, iri: str, interview_graph: str | None) -> View:
    settings = request.app.state.settings
    base, cap = settings.base, min(settings.max_rows, 5000)
    out = await _select(request, f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} LIMIT {cap}", cap)
    inc = await _select(request, f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} LIMIT 500", 500)
    src = await _select(request, f"""
        SELECT DISTINCT ?g ?i WHERE {{
          GRAPH ?g {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p2 <{iri}> }} }}
          OPTIONAL {{ GRAPH ?g {{ ?i a <https://w3id.org/stafett/def#Interview> }} }}
        }} LIMIT 200""", 200)
    ev = await _select(request, f"""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?ann ?body ?field ?start ?end ?exact ?source WHERE {{
          GRAPH ?g {{
            {{ ?ann oa:hasBody <{iri}> }} UNION {{ <{iri}> <https://w3id.org/stafett/def#evidence> ?ann }}
            ?ann oa:hasTarget ?t ; oa:hasBody ?body .
            OPTIONAL {{ ?ann <https://w3id.org/stafett/def#field> ?field }}
            BIND(IRI(STRBEFORE(STR(?t), "#")) AS ?source)
            BIND(xsd:integer(STRBEFORE(STRAFTER(STR(?t), "#char="), ",")) AS ?start)
            BIND(xsd:integer(STRAFTER(STRAFTER(STR(?t), "#char="), ",")) AS ?end)
            OPTIONAL {{ ?t <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?exact }}
          }}
        }} ORDER BY ?source ?start LIMIT 500""", 500)
    frag: list[dict] = []
    if interview_graph:
        frag = await _select(request, f"""
            SELECT ?s ?p ?o WHERE {{ GRAPH <{interview_graph}> {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{iri}#")) }} }}
            ORDER BY ?s LIMIT {cap}""", cap)
    seen: set[str] = {iri}
    for rows in (out, inc, src, ev, frag):
        for row in rows:
            seen.update(b["value"] for b in row.values() if b["type"] == "uri")
    labels = await _labels(request, sorted(seen))

    def term(b: dict | None) -> Term:
        if b is None:
            return Term("literal", "")
        kind = b["type"]
        t = Term("uri" if kind == "uri" else "bnode" if kind == "bnode" else "literal", b["value"],
                 b.get("xml:lang", ""), b.get("datatype", ""))
        if t.kind == "uri":
            t.short = short(t.value, base)
            graph = GRAPHS_NB.get(t.value[len(base):]) if t.value.startswith(base + "graph/") else None
            t.label = labels.get(t.value, "") or REUSED_NB.get(t.value, "") or graph or t.short
            t.href = local_href(t.value, base)
        elif t.datatype:
            t.datatype_iri, t.datatype = t.datatype, short(t.datatype, base)
        return t

    view = View(iri, label=labels.get(iri, "") or iri.rsplit("/", 1)[-1], truncated=len(out) >= cap)
    grouped: dict[str, tuple[Term, list[Term]]] = {}
    for row in out:
        p = row["p"]["value"]
        if p not in grouped:
            grouped[p] = (term(row["p"]), [])
        grouped[p][1].append(term(row["o"]))
        if p == RDF_TYPE:
            view.types.append(term(row["o"]))
    view.properties = sorted(grouped.values(), key=lambda pv: (pv[0].value != RDF_TYPE, pv[0].text.casefold()))
    view.incoming = [(term(r["s"]), term(r["p"])) for r in inc]
    srcs: dict[str, Term] = {}
    for r in src:
        t = term(r["i"]) if "i" in r else term(r["g"])
        srcs.setdefault(t.value, t)
    view.sources = list(srcs.values())
    for r in ev:
        view.evidence.append({
            "anchor": r["ann"]["value"].rsplit("#", 1)[-1] if "#" in r["ann"]["value"] else "",
            "body": term(r["body"]), "field": r.get("field", {}).get("value", ""),
            "start": r.get("start", {}).get("value", ""), "end": r.get("end", {}).get("value", ""),
            "exact": r.get("exact", {}).get("value"), "source": term(r.get("source")) if "source" in r else None,
        })
    fr: dict[str, dict[str, tuple[Term, list[Term]]]] = {}
    for r in frag:
        s, p = r["s"]["value"], r["p"]["value"]
        props = fr.setdefault(s, {})
        props.setdefault(p, (term(r["p"]), []))[1].append(term(r["o"]))
    view.fragments = [(Term("uri", s, label=s.rsplit("#", 1)[-1]), list(props.values())) for s, props in fr.items()]
    return view


async def _labels(request: Request, iris: list[str]) -> dict[str, str]:
    """The best label of each IRI (bokmål first, then other Norwegian, none, English)."""
    best: dict[str, tuple[int, int, str]] = {}
    for i in range(0, len(iris), 400):
        chunk = " ".join(f"<{x}>" for x in iris[i:i + 400])
        preds = " ".join(f"<{p}>" for p in LABELS)
        rows = await _select(request, f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {chunk} }} VALUES ?p {{ {preds} }} ?x ?p ?l }}", 20_000)
        for r in rows:
            lang = r["l"].get("xml:lang", "")
            rank = (LANGS.index(lang) if lang in LANGS else len(LANGS), LABELS.index(r["p"]["value"]))
            cur = best.get(r["x"]["value"])
            if cur is None or rank < cur[:2]:
                best[r["x"]["value"]] = (*rank, r["l"]["value"])
    return {k: v[2] for k, v in best.items()}


def short(iri: str, base: str) -> str:
    """``stf:stage``, ``id:person/…`` or the IRI itself."""
    if iri.startswith(f"{base}id/"):
        return "id:" + iri[len(base) + 3:]
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def local_href(iri: str, base: str) -> str:
    """A link for an IRI: entities under the base on this server, other http(s) IRIs as they
    are; never a link for other schemes (``javascript:``, ``data:``, ``file:``)."""
    if iri.startswith(f"{base}id/"):
        return "/id/" + iri[len(base) + 3:]
    if re.match(r"^https?://", iri, re.I):
        return iri
    return ""
