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
  ``stf:firstMunicipality`` / ``stf:secondMunicipality`` (the pair ordered by IRI) and one
  ``stf:linkedThrough`` per shared partner or project.

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

# Who names which partner organisation or project, over the union graph; %s narrows ?x.
_MEMBERS = """SELECT DISTINCT ?m ?x WHERE {
  %s
  { ?m <https://w3id.org/stafett/def#collaboratesWith> ?x . ?x a <http://www.w3.org/ns/org#Organization> }
  UNION { ?m <https://w3id.org/stafett/def#project> ?x }
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


def derive(minter: Minter, members: dict[str, set[str]], *, cap: int = HUB_CAP) -> tuple[bytes, bytes]:
    """The whole links graph for these memberships, as N-Quads (in the links graph) and the same
    triples as N-Triples (for the union default graph). Written as text, not as term objects: a
    10,000-interview graph has about 120,000 of these triples, and the store parses text faster
    than Python builds objects."""
    integer = f"^^<{_XSD_INTEGER.value}>"
    lines = [f'<{x}> <{COUNT.value}> "{len(ms)}"{integer}' for x, ms in sorted(members.items()) if ms]
    for (a, b), items in sorted(pairs(members, cap=cap).items()):
        link = f"<{link_iri(minter, a, b)}>"
        lines += [f"{link} <{_RDF_TYPE.value}> <{LINK.value}>", f"{link} <{FIRST.value}> <{a}>", f"{link} <{SECOND.value}> <{b}>"]
        lines += [f"{link} <{THROUGH.value}> <{x}>" for x in items]
    if not lines:
        return b"", b""
    graph = f" <{minter.links_graph}> .\n"
    return (graph.join(lines) + graph).encode("utf-8"), (" .\n".join(lines) + " .\n").encode("utf-8")


def build_links(writer, minter: Minter, *, cap: int | None = None) -> None:
    """Write the links graph of everything the writer holds (a full build)."""
    nquads, ntriples = derive(minter, memberships(writer.query), cap=HUB_CAP if cap is None else cap)
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
    they link, and the links left with nothing to go through. The number of quads changed.

    The writes are SPARQL ``DELETE DATA`` / ``INSERT DATA`` on the named graph and the union
    default graph alike, so a remote writer replays them on the server as they are."""
    cap = HUB_CAP if cap is None else cap
    items = sorted(set(items))
    if not items:
        return 0
    graph = ox.NamedNode(minter.links_graph)
    nquads, _ = derive(minter, memberships(writer.query, items), cap=cap)
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
    if not touched:
        return changed
    # Links that lost their last shared item go; links new to the graph get their two ends.
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
    return changed + _write(writer, node_gone, node_new)


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
