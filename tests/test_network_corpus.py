"""The relay and the collaboration network of ../shared/corpus, built once per test session.

Other modules (test_viz*.py) use :func:`corpus_store` from here; the build is cached in the
process, so it runs once however many modules ask for it.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.analytics import relay as rl
from graph.cli import cli
from graph.network import Facts, collaboration_graph, municipality_network, relay_graph
from graph.store import EmbeddedStore

SHARED = Path(__file__).resolve().parents[2] / "shared"
P = "https://w3id.org/stafett/id/person/"
BJORN, CAMILLA = P + "bjorn-are-skogstad.5006", P + "camilla-strom-eide.1804"
ANNE_BERIT, KARI = P + "anne-berit-berge-ims.1119", P + "kari-lund-sorensen.1806"


@cache
def built_corpus() -> Path:
    from graph.build import build

    if not (SHARED / "corpus").is_dir():
        pytest.fail(f"the shared corpus is expected beside the repository at {SHARED / 'corpus'}")
    root = Path(tempfile.mkdtemp(prefix="stafett-corpus-")) / "store"
    atexit.register(shutil.rmtree, root.parent, True)
    build([SHARED / "corpus"], store_dir=root, workers=1)
    return root


@pytest.fixture(scope="session")
def corpus_store() -> Path:
    return built_corpus()


@pytest.fixture(scope="session")
def corpus_graphs(corpus_store):
    with EmbeddedStore(corpus_store) as store:
        facts = Facts(store)
        return relay_graph(store, facts), collaboration_graph(store, facts)


def cli_run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


class QueryOnly:
    """A store that can do nothing but answer SPARQL, as a remote server can."""

    def __init__(self, store):
        self.query = store.query


# -- graphs ------------------------------------------------------------------------------------
def test_relay_graph_of_the_corpus(corpus_store):
    with EmbeddedStore(corpus_store) as store:
        R = relay_graph(QueryOnly(store))
    assert R.number_of_nodes() == 8 and R.number_of_edges() == 5
    assert R.edges[BJORN, CAMILLA]["stage"] == 5
    assert len(R.edges[BJORN, CAMILLA]["announced_in"]) == 2  # told by both interviews
    assert R.nodes[ANNE_BERIT]["municipality"] == "Hå" and R.nodes[ANNE_BERIT]["pending"]
    assert R.nodes[KARI]["municipality"] == "Narvik" and R.nodes[KARI]["pending"]
    assert not R.nodes[CAMILLA]["pending"] and R.nodes[CAMILLA]["county_label"].startswith("Nordland")
    assert R.nodes[ANNE_BERIT]["stage"] == 2 and R.nodes[ANNE_BERIT]["stage_inferred"]


def test_relay_shape_of_the_corpus(corpus_graphs):
    R, _ = corpus_graphs
    s = rl.relay_summary(R)
    assert sorted(s["stages"]) == [1, 2, 3, 4, 5, 6]
    assert s["gaps"] == {3: "pass"}  # stage 2 (Hå) and stage 3 (Sola) are known; the pass between is not
    assert len(s["fragments"]) == 3 and s["breaks"] == 2 and s["cycle"] == []
    assert ANNE_BERIT in s["pending"] and KARI in s["pending"]
    assert {"Buskerud", "Rogaland", "Vestland"} <= set(s["counties"])


def test_collaboration_graph_of_the_corpus(corpus_store):
    with EmbeddedStore(corpus_store) as store:
        G = collaboration_graph(QueryOnly(store))
    types = {d["type"] for _, d in G.nodes(data=True)}
    assert types == {"person", "municipality", "county", "organisation", "project", "category", "need"}
    kinds = {t for _, _, d in G.edges(data=True) for t in d["types"]}
    assert {"member-of", "collaborates-with", "runs-project", "names-need", "passed-baton-to", "in-county"} <= kinds
    assert G.edges[BJORN, CAMILLA]["type"] == "passed-baton-to" and G.edges[BJORN, CAMILLA]["frm"] == BJORN
    camilla = G.nodes[CAMILLA]
    assert camilla["iri"] == CAMILLA and camilla["label"] == "Camilla Strøm Eide"
    quotes = [s["quote"] for s in camilla["sources"]]
    assert "Camilla Strøm Eide" in quotes and any(s["source"].endswith("bodo.html") for s in camilla["sources"])


def test_municipality_projection_of_the_corpus(corpus_graphs):
    _, G = corpus_graphs
    M = municipality_network(G)
    assert all(d["type"] == "municipality" for _, d in M.nodes(data=True))
    bodo, steinkjer = "https://w3id.org/stafett/id/municipality/1804", "https://w3id.org/stafett/id/municipality/5006"
    assert M.edges[bodo, steinkjer]["weight"] == len(M.edges[bodo, steinkjer]["shared"]) >= 1


# -- commands ----------------------------------------------------------------------------------
def test_chain_shows_pending_stages_and_the_gap(corpus_store):
    res = cli_run("chain", "--store", corpus_store)
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    first = next(line for line in lines if line.startswith("1 → 2"))
    assert "Trude Andresen → Anne Berit Berge Ims" in first and "Hå" in first and "pending" in first
    assert any(line.startswith("4 → 5") and "Steinkjer → Bodø" in line for line in lines)
    narvik = next(line for line in lines if line.startswith("5 → 6"))
    assert "Narvik" in narvik and "pending" in narvik
    assert any("GAP: stage 3" in line for line in lines)
    assert "3 fragments" in lines[-1] and "counties reached" in lines[-1]


def test_chain_as_json(corpus_store):
    res = cli_run("chain", "--store", corpus_store, "--format", "json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["summary"]["gaps"] == {"3": "pass"}
    row = next(r for r in out["rows"] if r["kind"] == "pass" and r["from_stage"] == 1)
    assert row["receiver_municipality"] == "Hå" and row["pending"] is True


def test_path_between_the_bodo_and_steinkjer_interviewees(corpus_store):
    res = cli_run("path", "--store", corpus_store, "bjorn are  SKOGSTAD", "Camilla Strom Eide")
    assert res.exit_code == 0, res.output
    assert "Bjørn Are Skogstad —passed the baton to (stage 5)→ Camilla Strøm Eide" in res.output
    back = cli_run("path", "--store", corpus_store, "Camilla Strøm Eide", "Bjørn Are Skogstad", "--format", "json")
    steps = json.loads(back.output)["steps"]
    assert len(steps) == 1 and steps[0]["relation"] == "passed-baton-to" and steps[0]["forward"] is False


def test_unknown_and_ambiguous_names_list_candidates(corpus_store):
    unknown = cli_run("path", "--store", corpus_store, "Zorro", "Camilla")
    assert unknown.exit_code == 1
    assert unknown.output.count("stafett: error:") == 1 and "Camilla Strøm Eide (Bodø)" in unknown.output
    ambiguous = cli_run("path", "--store", corpus_store, "an", "Camilla")
    assert ambiguous.exit_code == 1 and "ambiguous" in ambiguous.output
    assert "Anne Berit Berge Ims (Hå)" in ambiguous.output and "Trude Andresen (Øvre Eiker)" in ambiguous.output
    assert "Traceback" not in ambiguous.output


@pytest.mark.parametrize("metric", ["degree", "betweenness", "constraint", "effective-size"])
def test_network_ranks_by_each_metric(corpus_store, metric):
    res = cli_run("network", "--store", corpus_store, "--metric", metric, "--top", 3)
    assert res.exit_code == 0, res.output
    table = res.output.split("\n\n")[0].splitlines()[2:]
    assert [line.split()[0] for line in table] == ["1", "2", "3"]


def test_network_by_type_as_json(corpus_store):
    res = cli_run("network", "--store", corpus_store, "--type", "person", "--format", "json", "--top", 0)
    out = json.loads(res.output)
    assert len(out) == 11 and {r["type"] for r in out} == {"person"}
    assert out[0]["degree"] >= out[-1]["degree"]


def test_viz_command_writes_pages(corpus_store, tmp_path):
    for view, extra in (("chain", []), ("network", ["--layout", "geo"]), ("ego", ["Camilla"])):
        out = tmp_path / f"{view}.html"
        res = cli_run("viz", view, *extra, "--store", corpus_store, "--out", out)
        assert res.exit_code == 0, res.output
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    missing = cli_run("viz", "ego", "--store", corpus_store, "--out", tmp_path / "x.html")
    assert missing.exit_code == 2 and "needs a NAME" in missing.output
