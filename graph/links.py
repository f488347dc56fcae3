"""Derived links: pairs of organisations of the relay that name the same partners or projects.

Which municipalities share partners is the question analysts ask most, and the costliest to
answer per query: every pair of every partner's municipalities has to be formed and grouped
(about 0.5 s on a graph of a million triples). The build answers it once instead, into the named
graph ``{base}graph/links``, and an update mends only what the interviews it replaces touch.

What the graph holds (terms in ``ontology/stafett.ttl``):

- ``?x stf:municipalityCount n`` for every partner organisation and project that any
  organisation of the relay names (``stf:collaboratesWith`` an ``org:Organization``, or
  ``stf:project``): how many name it;
- one ``stf:MunicipalityLink`` per pair of organisations that name the same ones, with
  ``stf:firstMunicipality`` / ``stf:secondMunicipality`` (the pair ordered by IRI), one
  ``stf:linkedThrough`` per shared partner or project, how many that is (``stf:sharedCount``)
  and their names as one line of text (``stf:linkedThroughNames``, e.g.
  ``partner: Nord universitet; project: Fra idé til drift / Frå idé til drift``): what
  ``linked-municipalities`` lists, so that it reads them instead of grouping every link's items
  on every run.

Hubs -- partners named by more than :data:`HUB_CAP` organisations (a national directorate, KS
itself) -- link no pairs: each would add n(n-1)/2 links that say nothing about any one pair.
Partner *categories* (residents, voluntary organisations) are concepts, not organisations, and
never link.

Everything here is a function of the union graph's (organisation, partner-or-project) pairs, so
a full build and any sequence of updates give the same graph (``tests/test_links.py``).

>>> members = {"x": {"b", "a"}, "y": {"a", "b", "c"}, "z": {"a"}}
>>> sorted(pairs(members, cap=2).items())
[(('a', 'b'), ['x'])]
>>> sorted(pairs(members, cap=3).items())
[(('a', 'b'), ['x', 'y']), (('a', 'c'), ['y']), (('b', 'c'), ['y'])]
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Iterable

import pyoxigraph as ox

from .iris import Minter, short_hash
from .namespaces import STF

HUB_CAP = 25  # a partner named by more organisations than this is a hub and links no pairs

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
LINK = ox.NamedNode(str(STF.MunicipalityLink))
FIRST = ox.NamedNode(str(STF.firstMunicipality))
SECOND = ox.NamedNode(str(STF.secondMunicipality))
THROUGH = ox.NamedNode(str(STF.linkedThrough))
COUNT = ox.NamedNode(str(STF.municipalityCount))
SHARED = ox.NamedNode(str(STF.sharedCount))
NAMES = ox.NamedNode(str(STF.linkedThroughNames))

# Who names which partner organisation or project, over the union graph; %s narrows ?x.
_MEMBERS = """SELECT DISTINCT ?m ?x WHERE {
  %s
  { ?m <https://w3id.org/stafett/def#collaboratesWith> ?x . ?x a <http://www.w3.org/ns/org#Organization> }
  UNION { ?m <https://w3id.org/stafett/def#project> ?x }
}"""
# The names of partner organisations and projects (the VALUES fill in which).
_NAMES = """SELECT ?x ?kind ?name WHERE {
  VALUES ?x { %s }
  { ?x <http://www.w3.org/2004/02/skos/core#prefLabel> ?name BIND("partner" AS ?kind) }
  UNION { ?x <https://schema.org/name> ?name BIND("project" AS ?kind) }
}"""
# The partners and projects a set of named graphs mention (an update's old and new interviews).
_ITEMS_IN = """SELECT DISTINCT ?x WHERE {
  VALUES ?g { %s }
  GRAPH ?g { { ?m <https://w3id.org/stafett/def#collaboratesWith> ?x } UNION { ?m <https://w3id.org/stafett/def#project> ?x } }
  FILTER(isIRI(?x))
}"""


def pairs(members: dict[str, set[str]], *, cap: int = HUB_CAP) -> dict[tuple[str, str], list[str]]:
    """(first, second) -> the shared items, sorted, for every item named by 2..cap members."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for x in sorted(members):
        ms = members[x]
        if 2 <= len(ms) <= cap:
            for a, b in combinations(sorted(ms), 2):
                out[(a, b)].append(x)
    return dict(out)


def link_iri(minter: Minter, a: str, b: str) -> str:
    """``{base}id/link/{a}--{b}`` with each end as its path under ``{base}id/`` ('/' read as '.'):
    ``link/municipality.3048--county.30``. An end minted under another base gets a hash."""
    return minter.id("link", f"{_end(minter, a)}--{_end(minter, b)}")


def _end(minter: Minter, iri: str) -> str:
    prefix = f"{minter.base}id/"
    if iri.startswith(prefix):
        return iri[len(prefix):].replace("/", ".")
    return "x-" + short_hash(iri, 12)


def memberships(query, items: Iterable[str] | None = None) -> dict[str, set[str]]:
    """item IRI -> the IRIs of the organisations naming it, read with ``query`` (a store's or a
    writer's). ``items`` narrows the answer to those (each then present, perhaps with no one)."""
    if items is None:
        members: dict[str, set[str]] = defaultdict(set)
        text = _MEMBERS % ""
    else:
        members = {x: set() for x in items}
        if not members:
            return {}
        text = _MEMBERS % ("VALUES ?x { " + " ".join(f"<{x}>" for x in sorted(members)) + " }")
    for row in query(text):
        members[row["x"].value].add(row["m"].value)
    return dict(members)


def item_names(query, items: Iterable[str]) -> dict[str, str]:
    """item IRI -> how a link's names show it: ``partner: NAME`` (an organisation, by its
    ``skos:prefLabel``) or ``project: NAME`` (by its ``schema:name``), several spellings joined,
    sorted, with `` / ``. An item with no name shows as its IRI."""
    items = sorted(set(items))
    names: dict[str, tuple[set[str], set[str]]] = {x: (set(), set()) for x in items}
    for chunk in range(0, len(items), 2000):
        values = " ".join(f"<{x}>" for x in items[chunk:chunk + 2000])
        for row in query(_NAMES % values):
            partner, project = names[row["x"].value]
            (partner if row["kind"].value == "partner" else project).add(row["name"].value)
    return {x: shown(x, partner, project) for x, (partner, project) in names.items()}


def shown(x: str, partner_names: set[str], project_names: set[str]) -> str:
    """How a link's names show item ``x``, given its ``skos:prefLabel``s and ``schema:name``s."""
    kind, spellings = ("partner", partner_names) if partner_names or not project_names else ("project", project_names)
    return f"{kind}: {' / '.join(sorted(spellings)) or x}"


def describe(items: Iterable[str], names: dict[str, str]) -> str:
    """A link's ``stf:linkedThroughNames``: what it goes through, by name, sorted, joined with ``; ``."""
    return "; ".join(sorted(names[x] for x in items))


def derive(minter: Minter, members: dict[str, set[str]], names: dict[str, str] | None, *,
           cap: int = HUB_CAP) -> tuple[bytes, bytes]:
    """The whole links graph for these memberships and item names (:func:`item_names` of every
    item that links), as N-Quads (in the links graph) and the same triples as N-Triples (for the
    union default graph). With ``names`` None, the links without their count and names (an
    update works those out from the mended graph, as a link may go through other items too).
    Written as text, not as term objects: a 10,000-interview graph has about 150,000 of these
    triples, and the store parses text faster than Python builds objects."""
    integer = f"^^<{_XSD_INTEGER.value}>"
    lines = [f'<{x}> <{COUNT.value}> "{len(ms)}"{integer}' for x, ms in sorted(members.items()) if ms]
    for (a, b), items in sorted(pairs(members, cap=cap).items()):
        link = f"<{link_iri(minter, a, b)}>"
        lines += [f"{link} <{_RDF_TYPE.value}> <{LINK.value}>", f"{link} <{FIRST.value}> <{a}>", f"{link} <{SECOND.value}> <{b}>"]
        lines += [f"{link} <{THROUGH.value}> <{x}>" for x in items]
        if names is not None:
            lines += [f'{link} <{SHARED.value}> "{len(items)}"{integer}', f"{link} <{NAMES.value}> {ox.Literal(describe(items, names))}"]
    if not lines:
        return b"", b""
    graph = f" <{minter.links_graph}> .\n"
    return (graph.join(lines) + graph).encode("utf-8"), (" .\n".join(lines) + " .\n").encode("utf-8")


def build_links(writer, minter: Minter, *, cap: int | None = None) -> None:
    """Write the links graph of everything the writer holds (a full build)."""
    cap = HUB_CAP if cap is None else cap
    members = memberships(writer.query)
    names = item_names(writer.query, [x for x, ms in members.items() if 2 <= len(ms) <= cap])
    nquads, ntriples = derive(minter, members, names, cap=cap)
    writer.load_graphs(nquads, ntriples)


def items_in(writer, graphs: Iterable[str]) -> set[str]:
    """The partners and projects the named graphs mention (read before they are replaced)."""
    graphs = sorted(set(graphs))
    if not graphs:
        return set()
    return {row["x"].value for row in writer.query(_ITEMS_IN % " ".join(f"<{g}>" for g in graphs))}


def refresh_links(writer, minter: Minter, items: Iterable[str], *, cap: int | None = None) -> int:
    """Mend the links graph for the partners and projects an update touched (those its old and
    new interviews mention), after the interview graphs were replaced: their counts, the pairs
    they link, the links left with nothing to go through, and the count and names of every link
    through them (or that lost one of them). The number of quads changed.

    The writes are SPARQL ``DELETE DATA`` / ``INSERT DATA`` on the named graph and the union
    default graph alike, so a remote writer replays them on the server as they are."""
    cap = HUB_CAP if cap is None else cap
    items = sorted(set(items))
    if not items:
        return 0
    graph = ox.NamedNode(minter.links_graph)
    nquads, _ = derive(minter, memberships(writer.query, items), None, cap=cap)
    derived = set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) if nquads else set()
    wanted = {q for q in derived if q.predicate in (COUNT, THROUGH)}
    nodes = derived - wanted  # the type and the two ends of each link these items make
    values = " ".join(f"<{x}>" for x in items)
    have: set[ox.Quad] = set()
    q = (f"SELECT ?s ?p ?o WHERE {{ VALUES ?x {{ {values} }} GRAPH <{graph.value}> {{ "
         f"{{ ?x <{COUNT.value}> ?o BIND(?x AS ?s) BIND(<{COUNT.value}> AS ?p) }} UNION "
         f"{{ ?s <{THROUGH.value}> ?x BIND(?x AS ?o) BIND(<{THROUGH.value}> AS ?p) }} }} }}")
    for row in writer.query(q):
        have.add(ox.Quad(row["s"], row["p"], row["o"], graph))
    gone, new = have - wanted, wanted - have
    touched = {q.subject.value for q in gone | new if q.predicate == THROUGH}
    changed = _write(writer, gone, new)
    if touched:
        changed += _mend_nodes(writer, graph, touched, nodes)
    return changed + _recount(writer, graph, items, touched)


def _mend_nodes(writer, graph: ox.NamedNode, touched: set[str], nodes: set[ox.Quad]) -> int:
    """Of the links whose items changed, those left with nothing to go through go (every triple
    of theirs), and those new to the graph get their type and two ends from ``nodes``."""
    state = (f"SELECT ?l (COUNT(?x) AS ?n) (SAMPLE(?t) AS ?typed) WHERE {{ VALUES ?l {{ {' '.join(f'<{t}>' for t in sorted(touched))} }} "
             f"OPTIONAL {{ GRAPH <{graph.value}> {{ ?l <{THROUGH.value}> ?x }} }} "
             f"OPTIONAL {{ GRAPH <{graph.value}> {{ ?l a ?t }} }} }} GROUP BY ?l")
    drop: list[str] = []
    add: set[str] = set()
    for row in writer.query(state):
        link, n, typed = row["l"].value, int(row["n"].value), row["typed"] is not None
        if n == 0 and typed:
            drop.append(link)
        elif n > 0 and not typed:
            add.add(link)
    node_gone: set[ox.Quad] = set()
    if drop:
        q = (f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {' '.join(f'<{d}>' for d in drop)} }} "
             f"GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")
        node_gone = {ox.Quad(r["s"], r["p"], r["o"], graph) for r in writer.query(q)}
    node_new = {q for q in nodes if q.subject.value in add}
    return _write(writer, node_gone, node_new)


def _recount(writer, graph: ox.NamedNode, items: list[str], touched: set[str]) -> int:
    """Set ``stf:sharedCount`` and ``stf:linkedThroughNames`` of every link that goes through one
    of ``items`` or whose items changed, from what it goes through now. The number of quads changed."""
    g = graph.value
    values = " ".join(f"<{x}>" for x in items)
    links = {row["l"].value for row in writer.query(
        f"SELECT DISTINCT ?l WHERE {{ VALUES ?x {{ {values} }} GRAPH <{g}> {{ ?l <{THROUGH.value}> ?x }} }}")}
    links |= touched
    if not links:
        return 0
    through: dict[str, list[str]] = defaultdict(list)
    have: set[ox.Quad] = set()
    ordered = sorted(links)
    for chunk in range(0, len(ordered), 2000):
        some = " ".join(f"<{link}>" for link in ordered[chunk:chunk + 2000])
        for row in writer.query(f"SELECT ?l ?x WHERE {{ VALUES ?l {{ {some} }} GRAPH <{g}> {{ ?l <{THROUGH.value}> ?x }} }}"):
            through[row["l"].value].append(row["x"].value)
        for predicate in (SHARED, NAMES):  # one query each: with the predicate a variable, Oxigraph scans the graph
            for row in writer.query(f"SELECT ?l ?o WHERE {{ VALUES ?l {{ {some} }} GRAPH <{g}> {{ ?l <{predicate.value}> ?o }} }}"):
                have.add(ox.Quad(row["l"], predicate, row["o"], graph))
    names = item_names(writer.query, {x for xs in through.values() for x in xs})
    wanted: set[ox.Quad] = set()
    for link, xs in through.items():  # a link left with nothing to go through is gone already
        node = ox.NamedNode(link)
        wanted.add(ox.Quad(node, SHARED, ox.Literal(str(len(xs)), datatype=_XSD_INTEGER), graph))
        wanted.add(ox.Quad(node, NAMES, ox.Literal(describe(xs, names)), graph))
    return _write(writer, have - wanted, wanted - have)


def _write(writer, gone: set[ox.Quad], new: set[ox.Quad]) -> int:
    """Delete ``gone`` and insert ``new``, in their named graph and in the union default graph
    (no other graph holds links-graph triples: its predicates are its own)."""
    for verb, quads in (("DELETE DATA", gone), ("INSERT DATA", new)):
        if not quads:
            continue
        ordered = sorted(quads, key=str)
        triples = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in ordered)
        graph = ordered[0].graph_name
        writer.update(f"{verb} {{\n{triples} .\nGRAPH {graph} {{\n{triples} .\n}}\n}}")
    return len(gone) + len(new)
