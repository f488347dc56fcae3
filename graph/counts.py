"""The numbers ``stafett build`` reports and an export's README repeats, defined once.

Both read them through SPARQL from the store they have (the build's new generation, the export's
snapshot), so a partner who compares the README with the build's summary sees the same figures
under the same words:

- *triples in the union*: the store's default graph, the deduplicated union of the named graphs
  (what ``stafett.ttl``, ``.nt``, ``.rdf`` and ``.jsonld`` hold);
- *quads in named graphs*: every interview's graph, the reference, links and ontology graphs (what
  ``stafett.nq`` and ``.trig`` hold). The build's manifest graph (which local file each graph came
  from) is private bookkeeping: never exported, so never counted.

A triple stated in several graphs (a municipality's name in the reference graph and in every
interview naming it) is one triple of the union and several quads, which is why the union has
fewer triples than the named graphs have quads.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .iris import Minter
from .namespaces import FOAF, ORG, STF


def totals(triples: int, quads: int, graphs: int) -> str:
    """The two totals in the words both summaries use (after ``triples:``).

    >>> totals(9801, 9822, 6)
    '9801 in the union (default graph); 9822 quads in 6 named graphs'
    """
    return f"{triples} in the union (default graph); {quads} quads in {graphs} named graphs"


@dataclass(frozen=True)
class GraphCounts:
    interviews: int
    people: int
    organisations: int  # other than municipalities and county municipalities
    municipalities: int  # named in an interview (the reference data knows every one)
    triples: int  # in the union (the default graph)
    quads: int  # in the named graphs, the manifest left out
    graphs: int  # named graphs, the manifest left out

    def totals(self) -> str:
        return totals(self.triples, self.quads, self.graphs)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def graph_counts(query, base: str) -> GraphCounts:
    """The counts of the graph minted under ``base``; ``query(sparql)`` answers a SELECT (a store's
    or a snapshot's ``query``)."""
    minter = Minter(base)
    manifest = minter.manifest_graph

    def scalar(sparql: str) -> int:
        for row in query(sparql):
            return int(row[0].value)
        return 0

    return GraphCounts(
        interviews=scalar(f"SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE {{ ?i a <{STF.Interview}> }}"),
        people=scalar(f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a <{FOAF.Person}> }}"),
        organisations=scalar(
            f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?o a <{ORG.Organization}> "
            f"FILTER NOT EXISTS {{ ?o a <{STF.Municipality}> }} FILTER NOT EXISTS {{ ?o a <{STF.CountyMunicipality}> }} }}"),
        municipalities=scalar(
            f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ GRAPH ?g {{ ?x ?p ?m }} ?m a <{STF.Municipality}> "
            f"FILTER(STRSTARTS(STR(?g), '{minter.interview_graph('')}')) }}"),
        triples=scalar("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        quads=scalar(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{manifest}>) }}"),
        graphs=scalar(f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{manifest}>) }}"),
    )
