"""Incremental updates give the same graph as a full rebuild."""

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.build import build
from graph.store import EmbeddedStore
from graph.synth import write_corpus

from conftest import select


def snapshot(root: Path) -> dict[str, rdflib.Graph]:
    """Every graph of the store (named graphs by name, the union default graph as '')."""
    out: dict[str, rdflib.Graph] = {}
    with EmbeddedStore(root) as s:
        for q in s.oxigraph.quads_for_pattern(None, None, None, None):
            name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            g = out.setdefault(name, rdflib.Graph())
            g.add(tuple(rdflib.URIRef(t.value) if isinstance(t, ox.NamedNode) else
                        rdflib.Literal(t.value, lang=t.language, datatype=None if t.language else rdflib.URIRef(t.datatype.value))
                        for t in (q.subject, q.predicate, q.object)))
    return out


def assert_same(a: Path, b: Path) -> None:
    ga, gb = snapshot(a), snapshot(b)
    assert sorted(ga) == sorted(gb)
    for name in ga:
        assert isomorphic(ga[name], gb[name]), name or "(union default graph)"


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder, 24, seed=11)
    return folder


def test_incremental_equals_full_rebuild(tmp_path, corpus):
    inc = tmp_path / "inc"
    build([corpus], store_dir=inc, workers=1, keep_going=True)
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    changed, removed = files[3], files[7]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Hvorfor", "Hvorfor").replace("\n", "\n", 1) + "\n", encoding="utf-8")
    removed.unlink()
    new = corpus / "zz-new.txt"
    shutil.copy(Path(__file__).resolve().parents[2] / "shared" / "corpus" / "steinkjer.txt", new)

    summary = build([changed, removed, new], store_dir=inc, update=True, workers=1, keep_going=True)
    assert summary.removed >= 1 and summary.added + summary.replaced >= 2

    full = tmp_path / "full"
    build([corpus], store_dir=full, workers=1, keep_going=True)
    assert_same(inc, full)


def test_update_of_a_folder_drops_files_that_are_gone(tmp_path, corpus):
    store = tmp_path / "s"
    build([corpus], store_dir=store, workers=1, keep_going=True)
    with EmbeddedStore(store) as s:
        before = select(s, "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a stf:Interview }")[0]["n"]
    victim = sorted(corpus.iterdir())[0]
    victim.unlink()
    build([corpus], store_dir=store, update=True, workers=1, keep_going=True)
    with EmbeddedStore(store) as s:
        after = select(s, "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a stf:Interview }")[0]["n"]
        assert int(after) == int(before) - 1
        # Nothing of the removed interview is left in the union either.
        rows = select(s, f"SELECT ?i WHERE {{ ?i stf:sourcePath '{victim.name}' }}")
        assert rows == []
        rows = select(s, f"SELECT ?i WHERE {{ ?i stf:sourcePath '{sorted(corpus.iterdir())[0].name}' }}")
        assert len(rows) == 1  # (and the query above would have found it)
    full = tmp_path / "full"
    build([corpus], store_dir=full, workers=1, keep_going=True)
    assert_same(store, full)


def test_update_needs_an_existing_graph(tmp_path, corpus):
    from graph.errors import StoreError

    with pytest.raises(StoreError, match="full"):
        build([corpus], store_dir=tmp_path / "none", update=True, workers=1)
