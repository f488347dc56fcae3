"""The export's quality gate: data that breaks ontology/shapes.ttl is refused, with a report of
each violation (focus node, path, message), and nothing is written."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.export import ExportFormat, ExportRefused, export, gate
from graph.export.snapshot import open_snapshot
from graph.store import EmbeddedStore
from test_export import writable_copy

STF = "https://w3id.org/stafett/def#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
NOBODY = "https://w3id.org/stafett/id/person/nobody"


@pytest.fixture(scope="module")
def broken_store(bundled_store, tmp_path_factory):
    """A copy of the bundled store with two violations in one interview's graph (and the union):
    stage 0, and a person without a name."""
    root = tmp_path_factory.mktemp("broken") / "store"
    with writable_copy(bundled_store, root) as st:
        graph = next(g for g in st.named_graphs() if "/graph/interview/" in g.value)
        interview = next(q.subject for q in st.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(STF + "Interview"), graph))
        for g in (graph, ox.DefaultGraph()):
            st.add(ox.Quad(interview, ox.NamedNode(STF + "stage"), ox.Literal("0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), g))
            st.add(ox.Quad(ox.NamedNode(NOBODY), RDF_TYPE, ox.NamedNode("http://xmlns.com/foaf/0.1/Person"), g))
    return root, graph.value, interview.value


def test_export_refuses_data_that_breaks_the_shapes_and_writes_nothing(broken_store, tmp_path):
    root, graph, interview = broken_store
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "--store", str(root), "--out", str(out)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    stage = [ln for ln in lines if interview in ln and f"{STF}stage" in ln]
    assert stage and "positive whole number" in stage[0] and graph in stage[0]
    assert any(NOBODY in ln and "foaf/0.1/name" in ln and "has a name" in ln for ln in lines)
    assert "nothing was written" in result.output
    assert not out.exists()


def test_no_validate_exports_anyway(broken_store, tmp_path):
    root, _, _ = broken_store
    result = CliRunner().invoke(cli, ["export", "--store", str(root), "--out", str(tmp_path), "--format", "nt", "--no-validate"])
    assert result.exit_code == 0, result.output
    assert NOBODY in (tmp_path / "stafett.nt").read_text(encoding="utf-8")
    assert "not validated" in result.output


def test_pyshacl_batches_find_what_the_gate_finds(broken_store):
    """The batched pyshacl check and the gate (which may run the shapes compiled to SPARQL) agree."""
    root, graph, interview = broken_store
    with EmbeddedStore(root) as store, open_snapshot(store) as snap:
        gated = gate.check(snap)
        batched = gate.check_batches(snap, batch=1, workers=1)
    assert {(v["focus"], v["path"]) for v in gated} == {(v["focus"], v["path"]) for v in batched}
    assert {v["focus"] for v in batched} == {interview, NOBODY}
    assert all(v["graph"] == graph for v in batched)


def test_conforming_data_passes_both_ways(bundled):
    with open_snapshot(bundled) as snap:
        assert gate.check(snap) == []
        assert gate.check_batches(snap, batch=2, workers=1) == []


def test_refusal_is_an_exception_for_python_callers(broken_store, tmp_path):
    root, _, _ = broken_store
    with EmbeddedStore(root) as store, pytest.raises(ExportRefused) as info:
        export(store, tmp_path / "out", [ExportFormat.TTL])
    assert len(info.value.violations) >= 2
    assert not (tmp_path / "out").exists()
