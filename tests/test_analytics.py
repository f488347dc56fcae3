"""Analytics on small graphs whose answers were worked out by hand; and their docstring examples."""

from __future__ import annotations

import doctest
import importlib

import networkx as nx
import pytest

from graph.analytics import centrality as ce
from graph.analytics import communities as co
from graph.analytics import names, paths
from graph.analytics import relay as rl
from graph.errors import AmbiguousNameError, NoPathError, UnknownNameError
from graph.network import municipality_network

DOCTESTED = [
    "graph.network", "graph.analytics.relay", "graph.analytics.centrality", "graph.analytics.communities",
    "graph.analytics.paths", "graph.analytics.names", "graph.analytics.tables",
    "viz.layout", "viz.style", "viz.page", "viz.network", "viz.relay", "viz.ego",
]


@pytest.mark.parametrize("module", DOCTESTED)
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {module}"


def relay(*people, passes=()):
    """people: (id, stage, pending, county); passes: (giver, receiver, stage)."""
    R = nx.DiGraph()
    for n, s, p, c in people:
        R.add_node(n, name=n.title(), stage=s, pending=p, county_label=c, municipality=n.upper())
    for u, v, s in passes:
        R.add_edge(u, v, stage=s)
    return R


# -- the relay ---------------------------------------------------------------------------------
def test_relay_with_a_missing_stage_a_missing_pass_and_an_unstaged_fragment():
    # 1 a -> 2 b (pending) | nobody known at 3 | 4 d -> 5 e | 6 f known, pass 5->6 unknown | x -> y unstaged
    R = relay(("a", 1, False, "Agder"), ("b", 2, True, "Agder"), ("d", 4, False, "Nordland"),
              ("e", 5, False, "Nordland"), ("f", 6, True, "Troms"), ("x", None, False, "Vestland"),
              ("y", None, True, "Vestland"),
              passes=[("a", "b", 2), ("d", "e", 5), ("x", "y", None)])
    assert rl.stages(R) == {1: ["a"], 2: ["b"], 4: ["d"], 5: ["e"], 6: ["f"]}
    assert rl.gaps(R) == {3: "stage", 6: "pass"}
    assert rl.pending(R) == {"b": 2, "f": 6, "y": None}
    assert rl.fragments(R) == {1: ["a", "b"], 2: ["d", "e"], 3: ["f"], 4: ["x", "y"]}
    assert list(rl.counties_reached(R)) == ["Agder", "Nordland", "Troms", "Vestland"]
    rows = rl.chain_rows(R)
    assert [(r["kind"], r["from_stage"], r["stage"]) for r in rows] == [
        ("pass", 1, 2), ("gap", 2, 3), ("pass", 4, 5), ("gap", 5, 6), ("alone", 6, None), ("pass", None, None)]
    assert rows[1]["gap"] == "stage" and rows[3]["gap"] == "pass"
    assert rl.relay_summary(R)["breaks"] == 3


def test_relay_cycle_is_found():
    R = relay(("a", 1, False, None), ("b", 2, False, None), ("c", 3, False, None),
              passes=[("a", "b", 2), ("b", "c", 3), ("c", "a", 4)])
    assert sorted(rl.cycle(R)) == ["a", "b", "c"]
    assert len(rl.fragments(R)) == 1


def test_empty_relay():
    R = nx.DiGraph()
    assert rl.relay_summary(R) == {"stages": {}, "pending": {}, "gaps": {}, "fragments": {}, "breaks": 0,
                                   "cycle": [], "counties": {}}


# -- centrality and brokerage -----------------------------------------------------------------
def test_centrality_on_a_star_with_a_tail():
    # 0 is the hub of 1, 2, 3; 3 also knows 4.
    G = nx.Graph([(0, 1), (0, 2), (0, 3), (3, 4)])
    assert ce.degree(G) == {0: 0.75, 1: 0.25, 2: 0.25, 3: 0.5, 4: 0.25}
    # pairs through 0: (1,2),(1,3),(1,4),(2,3),(2,4) = 5 of 6 pairs; through 3: (0,4),(1,4),(2,4) = 3 of 6
    b = ce.betweenness(G)
    assert b[0] == pytest.approx(5 / 6) and b[3] == pytest.approx(3 / 6) and b[1] == 0
    # effective size of 0: three contacts, none tied to another -> 3; of 3: two contacts -> 2
    assert ce.effective_size(G)[0] == 3 and ce.effective_size(G)[3] == 2
    # constraint of 0: three contacts each 1/3 of its time, no indirect ties -> 3 * (1/3)^2 = 1/3
    assert ce.constraint(G)[0] == pytest.approx(1 / 3)
    assert [n for n, _ in ce.rank(ce.constraint(G), "constraint", top=2)] == [0, 3]


def test_isolated_nodes_have_no_brokerage_scores():
    G = nx.Graph([(1, 2)])
    G.add_node(3)
    assert 3 not in ce.constraint(G) and 3 not in ce.effective_size(G)


def test_unknown_metric_lists_the_metrics():
    with pytest.raises(UnknownNameError, match="degree, betweenness, constraint, effective-size"):
        ce.centrality(nx.Graph(), "fame")


def test_louvain_is_seeded_and_finds_the_two_cliques():
    G = nx.barbell_graph(5, 0)
    first = co.communities(G, seed=3)
    assert first == co.communities(G, seed=3)
    assert co.community_sizes(first) == {0: 5, 1: 5}
    assert first[0] == first[4] != first[5] == first[9]
    assert co.modularity(G, first) > 0.4


# -- paths and names ---------------------------------------------------------------------------
def small_network():
    G = nx.Graph()
    G.add_node("b", type="person", label="Bjørn Are Skogstad", municipality="Steinkjer")
    G.add_node("c", type="person", label="Camilla Strøm Eide", municipality="Bodø")
    G.add_node("bodo", type="municipality", label="Bodø")
    G.add_node("lone", type="person", label="Åse Ødegård", municipality="Hå")
    G.add_edge("b", "c", type="passed-baton-to", types=["passed-baton-to"], frm="b", stage=5, interviews=["i1"])
    G.add_edge("c", "bodo", type="member-of", types=["member-of"], frm="c", interviews=["i1"])
    return G


def test_path_explained_edge_by_edge_in_both_directions():
    G = small_network()
    steps = paths.explain(G, paths.shortest_path(G, "bodo", "b"))
    assert [s["text"] for s in steps] == ["Bodø ←member of— Camilla Strøm Eide",
                                          "Camilla Strøm Eide ←passed the baton to (stage 5)— Bjørn Are Skogstad"]
    assert steps[1]["stage"] == 5 and steps[1]["forward"] is False and steps[1]["interviews"] == ["i1"]
    assert paths.path_text(G, ["b", "c"], lang="nb") == "Bjørn Are Skogstad —ga stafettpinnen til (etappe 5)→ Camilla Strøm Eide"


def test_no_path_is_an_error_of_the_project():
    with pytest.raises(NoPathError, match="Åse Ødegård and Bodø are not connected"):
        paths.shortest_path(small_network(), "lone", "bodo")


@pytest.mark.parametrize("query, node", [
    ("Bjørn Are Skogstad", "b"), ("bjorn are skogstad", "b"), ("BJOERN  ARE   SKOGSTAD", "b"),
    ("camilla strom", "c"), ("Ase Odegard", "lone"), ("Aase Ødegaard", "lone"), ("bodo", "bodo"),
    ("Camilla Strøm Eide (Bodø)", "c"),
])
def test_names_are_matched_forgivingly(query, node):
    assert names.find_node(small_network(), query) == node


def test_ambiguous_and_unknown_names_list_candidates():
    G = small_network()
    G.add_node("c2", type="person", label="Camilla Strøm Eide", municipality="Narvik")
    with pytest.raises(AmbiguousNameError) as exc:
        names.find_node(G, "camilla strom eide")
    assert exc.value.candidates == ["Camilla Strøm Eide (Bodø)", "Camilla Strøm Eide (Narvik)"]
    assert names.find_node(G, "Camilla Strøm Eide (Narvik)") == "c2"
    with pytest.raises(UnknownNameError) as exc:
        names.find_node(G, "Camila Strom")
    assert "Camilla Strøm Eide (Bodø)" in exc.value.valid


# -- projection --------------------------------------------------------------------------------
def test_municipalities_linked_through_shared_partners_and_projects():
    G = nx.Graph()
    for n, t in [("a", "municipality"), ("b", "municipality"), ("c", "municipality"), ("uni", "organisation"),
                 ("proj", "project"), ("folk", "category")]:
        G.add_node(n, type=t, label=n.upper())
    for m, item, kind in [("a", "uni", "collaborates-with"), ("b", "uni", "collaborates-with"), ("a", "proj", "runs-project"),
                          ("b", "proj", "runs-project"), ("a", "folk", "collaborates-with"), ("c", "folk", "collaborates-with"),
                          ("c", "a", "collaborates-with")]:
        G.add_edge(m, item, type=kind, types=[kind], frm=m)
    M = municipality_network(G)
    assert M.edges["a", "b"] == {"weight": 2, "shared": ["PROJ", "UNI"]}
    assert M.edges["a", "c"] == {"weight": 1, "shared": ["direkte samarbeid"]}
    assert municipality_network(G, categories=True).edges["a", "c"]["weight"] == 2
