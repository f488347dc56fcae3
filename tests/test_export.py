"""stafett export: every RDF format re-parses into the store's content; CSV, networks, gzip, the
command line, atomic writes, and nothing private (manifest, local paths) in any file."""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import zipfile
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from graph.build import build
from graph.cli import cli
from graph.export import ExportFormat, export
from graph.export.formats import DUMP_FILES
from graph.export.tables import tables
from graph.network import collaboration_graph, relay_graph
from graph.store import EmbeddedStore, GraphStore

TRIPLE_FORMATS = {"ttl": "turtle", "nt": "nt", "rdfxml": "xml", "jsonld": "json-ld"}
QUAD_FORMATS = {"nq": "nquads", "trig": "trig"}
SOURCE_PATH = "https://w3id.org/stafett/def#sourcePath"
PRIVATE = "/home/someone/private/corpus/"


@contextmanager
def writable_copy(store_root: Path, target: Path):
    """The current generation of a store, copied to ``target`` (unless it is the same folder)
    and opened for writing: a way to put into a store what a build would not write."""
    if target != store_root:
        shutil.copytree(store_root, target, symlinks=True)
    gen = target / os.readlink(target / "current")
    st = ox.Store(str(gen))
    try:
        yield st
    finally:
        st.flush()
        del st


def store_graph(store: ox.Store, graph) -> rdflib.Graph:
    """One graph of a pyoxigraph store as an rdflib graph (the expected content)."""
    return rdflib.Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph), format="nt")


def exported_graphs(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if not g.value.endswith("graph/manifest"))


@pytest.fixture(scope="module")
def bundled_export(bundled_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "out"
    with EmbeddedStore(bundled_store) as store:
        export(store, out, ExportFormat.parse(["all"]))
    return out


@pytest.fixture(scope="module")
def corpus_store(shared_dir, tmp_path_factory) -> Path:
    """The shared corpus built from its texts, with the source paths made absolute and private,
    as stores built before the build recorded bare file names have them."""
    root = tmp_path_factory.mktemp("corpus") / "store"
    build([shared_dir / "corpus"], store_dir=root, workers=1)
    with writable_copy(root, root) as st:
        st.update(f"""DELETE {{ GRAPH ?g {{ ?i <{SOURCE_PATH}> ?p }} }} INSERT {{ GRAPH ?g {{ ?i <{SOURCE_PATH}> ?a }} }}
            WHERE {{ GRAPH ?g {{ ?i <{SOURCE_PATH}> ?p }} BIND(CONCAT("{PRIVATE}", STR(?p)) AS ?a) }};
            DELETE {{ ?i <{SOURCE_PATH}> ?p }} INSERT {{ ?i <{SOURCE_PATH}> ?a }}
            WHERE {{ ?i <{SOURCE_PATH}> ?p BIND(CONCAT("{PRIVATE}", STR(?p)) AS ?a) }}""")
    return root


@pytest.fixture(scope="module")
def corpus_export(corpus_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus-export") / "out"
    with EmbeddedStore(corpus_store) as store:
        export(store, out, ExportFormat.parse(["all"]))
    return out


# -- RDF: the exported files are the store's content ---------------------------------------------
@pytest.mark.parametrize("fmt", sorted(TRIPLE_FORMATS))
def test_triple_formats_hold_the_union(bundled, bundled_export, fmt):
    parsed = rdflib.Graph().parse(bundled_export / DUMP_FILES[fmt], format=TRIPLE_FORMATS[fmt])
    union = store_graph(bundled.oxigraph, ox.DefaultGraph())
    assert len(parsed) == len(union)
    assert isomorphic(parsed, union)


@pytest.mark.parametrize("fmt", sorted(QUAD_FORMATS))
def test_quad_formats_keep_one_graph_per_interview(bundled, bundled_export, fmt):
    ds = rdflib.Dataset().parse(bundled_export / DUMP_FILES[fmt], format=QUAD_FORMATS[fmt])
    names = sorted(str(g.identifier) for g in ds.graphs() if len(g) and g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID)
    assert names == exported_graphs(bundled.oxigraph)
    assert any("/graph/interview/" in n for n in names) and not any(n.endswith("graph/manifest") for n in names)
    assert len(ds.default_graph) == 0  # the union is not repeated
    for name in names:
        assert isomorphic(ds.graph(rdflib.URIRef(name)), store_graph(bundled.oxigraph, ox.NamedNode(name))), name


def test_jsonld_uses_the_readable_context_which_is_also_written_alone(bundled_export):
    doc = json.loads((bundled_export / "stafett.jsonld").read_text(encoding="utf-8"))
    alone = json.loads((bundled_export / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == alone["@context"]
    ctx = alone["@context"]
    assert ctx["interviewee"] == {"@id": "stf:interviewee", "@type": "@id"} and ctx["name"] == "foaf:name"
    interview = next(n for n in doc["@graph"] if "Interview" in (n.get("type") if isinstance(n.get("type"), list) else [n.get("type")]))
    assert interview["interviewee"].startswith("stafett:person/")
    # a partner's own document can point at the context file and reuse the keys
    local = {"@context": alone["@context"], "id": "stafett:person/x", "type": "Person", "name": "X"}
    g = rdflib.Graph().parse(data=json.dumps(local), format="json-ld")
    assert (rdflib.URIRef(f"{ctx['stafett']}person/x"), rdflib.namespace.FOAF.name, rdflib.Literal("X")) in g


def test_absolute_source_paths_are_exported_as_file_names(corpus_store, corpus_export):
    """The corpus store records where each text was read from; the export keeps the file name."""
    with EmbeddedStore(corpus_store) as store:
        expected = store_graph(store.oxigraph, ox.DefaultGraph())
    paths = list(expected.triples((None, rdflib.URIRef(SOURCE_PATH), None)))
    assert paths and all(str(o).startswith(PRIVATE) for _, _, o in paths)
    for s, p, o in paths:
        expected.remove((s, p, o))
        expected.add((s, p, rdflib.Literal(Path(str(o)).name)))
    parsed = rdflib.Graph().parse(corpus_export / "stafett.nt", format="nt")
    assert isomorphic(parsed, expected)


def test_nothing_private_leaves_the_machine(corpus_store, corpus_export, shared_dir):
    files = [p for p in corpus_export.rglob("*") if p.is_file()]
    assert len(files) > 20
    private = [PRIVATE, str(corpus_store), str(shared_dir), str(shared_dir.resolve()), "file://", "graph/manifest"]
    for path in files:
        if path.suffix == ".xlsx":  # a zip of XML parts
            with zipfile.ZipFile(path) as z:
                text = "".join(z.read(n).decode("utf-8") for n in z.namelist())
        else:
            text = path.read_text(encoding="utf-8")
        for needle in private:
            assert needle not in text, (path.name, needle)
    ds = rdflib.Dataset().parse(corpus_export / "stafett.trig", format="trig")
    assert not any(str(g.identifier).endswith("manifest") for g in ds.graphs())
    assert not list(corpus_store.glob(".export-*")), "the sanitised checkpoint is removed"


def test_gzip_dumps_parse_and_are_reproducible(bundled, tmp_path):
    with EmbeddedStore(bundled.root) as store:
        export(store, tmp_path / "a", [ExportFormat.TTL, ExportFormat.NQ], gzip=True, validate=False)
        export(store, tmp_path / "b", [ExportFormat.TTL, ExportFormat.NQ], gzip=True, validate=False)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["LESMEG.md", "README.md", "dataset.ttl", "stafett.nq.gz", "stafett.ttl.gz"]
    with gzip.open(tmp_path / "a" / "stafett.ttl.gz") as fh:
        parsed = rdflib.Graph().parse(fh, format="turtle")
    assert isomorphic(parsed, store_graph(bundled.oxigraph, ox.DefaultGraph()))
    assert (tmp_path / "a" / "stafett.nq.gz").read_bytes() == (tmp_path / "b" / "stafett.nq.gz").read_bytes()
    description = (tmp_path / "a" / "dataset.ttl").read_text(encoding="utf-8")
    assert "application/gzip" in description and "stafett.ttl.gz" in description


def test_formats_written_together_read_the_store_once_and_say_the_same(bundled, tmp_path):
    """With N-Triples and N-Quads in the same export, the other formats are converted from them
    (gzipped here): byte for byte what a dump of the store writes."""
    with EmbeddedStore(bundled.root) as store:
        export(store, tmp_path / "together", ExportFormat.parse(["nt,nq,ttl,trig,rdfxml,jsonld"]), gzip=True, validate=False)
        for fmt in ("ttl", "trig", "rdfxml", "jsonld"):
            export(store, tmp_path / fmt, [ExportFormat(fmt)], gzip=True, validate=False)
    for fmt in ("ttl", "trig", "rdfxml", "jsonld"):
        name = DUMP_FILES[fmt] + ".gz"
        together = gzip.decompress((tmp_path / "together" / name).read_bytes())
        assert together == gzip.decompress((tmp_path / fmt / name).read_bytes()), fmt


class _Remote(GraphStore):
    """A store that answers only SPARQL (as a remote server does)."""

    kind = "remote"

    def __init__(self, inner: EmbeddedStore):
        self.inner = inner

    def query(self, sparql, *, default_graph=None, named_graphs=None):
        return self.inner.query(sparql, default_graph=default_graph, named_graphs=named_graphs)

    def graph_names(self):
        return self.inner.graph_names()


def test_a_store_that_only_answers_sparql_exports_the_same(bundled, bundled_export, tmp_path):
    export(_Remote(bundled), tmp_path, [ExportFormat.NQ])
    a = rdflib.Dataset().parse(tmp_path / "stafett.nq", format="nquads")
    b = rdflib.Dataset().parse(bundled_export / "stafett.nq", format="nquads")
    assert sorted(str(g.identifier) for g in a.graphs() if len(g)) == sorted(str(g.identifier) for g in b.graphs() if len(g))
    assert len(a) == len(b)


# -- for people who do not use RDF ---------------------------------------------------------------
def test_csv_tables_open_with_a_header_row(bundled, bundled_export):
    from conftest import select

    expected = {t.name: list(t.column_names) for t in tables("https://w3id.org/stafett/")}
    found = {p.stem for p in (bundled_export / "csv").glob("*.csv")}
    assert found == set(expected)
    for name, columns in expected.items():
        with (bundled_export / "csv" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == columns, name
        assert all(len(r) == len(columns) for r in rows[1:]), name
    people = select(bundled, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }")[0]["n"]
    listed = {r["person_iri"] for r in csv.DictReader((bundled_export / "csv" / "people.csv").open(encoding="utf-8"))}
    assert len(listed) == int(people)
    relay = list(csv.DictReader((bundled_export / "csv" / "relay.csv").open(encoding="utf-8")))
    assert relay and all(r["giver_iri"] and r["receiver_iri"] and r["giver"] and r["receiver"] for r in relay)


def test_csv_lists_the_derived_municipality_links(corpus_store, corpus_export):
    from graph.query import with_prefixes

    with EmbeddedStore(corpus_store) as store:
        expected = {row["link"].value: (int(row["n"].value), row["a"].value, row["b"].value) for row in store.query(with_prefixes(
            "SELECT ?link ?a ?b (COUNT(?x) AS ?n) WHERE { ?link a stf:MunicipalityLink ; stf:firstMunicipality ?a ; "
            "stf:secondMunicipality ?b ; stf:linkedThrough ?x } GROUP BY ?link ?a ?b"))}
    links = list(csv.DictReader((corpus_export / "csv" / "municipality_links.csv").open(encoding="utf-8")))
    assert links, "the corpus links Bodø and Steinkjer at least"
    assert {r["link_iri"]: (int(r["shared"]), r["municipality_a_iri"], r["municipality_b_iri"]) for r in links} == expected
    for r in links:
        assert len(r["through_iris"].split(" | ")) == int(r["shared"]) == len(r["through"].split(" | "))
        assert r["municipality_a"] and r["municipality_b"]
    assert any("Nord universitet" in r["through"].split(" | ") for r in links)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networks_load_with_the_counts_stafett_network_analyses(bundled, bundled_export, fmt):
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    for stem, build_graph in (("stafett-network", collaboration_graph), ("stafett-relay", relay_graph)):
        G = build_graph(bundled)
        H = read(bundled_export / f"{stem}.{fmt}")
        assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges()), stem
        assert H.is_directed() == G.is_directed()
        node = next(iter(H.nodes(data=True)))[1]
        assert node.get("type") and node.get("label"), node


def test_ontology_page_is_self_contained_and_lists_every_term(bundled_export):
    from graph.namespaces import STF

    page = (bundled_export / "ontology.html").read_text(encoding="utf-8")
    for term in STF.__annotations__:
        assert f'id="{term}"' in page, term
    lowered = page.lower()
    assert "<script" not in lowered and "<link" not in lowered and "@import" not in lowered and "url(" not in lowered
    assert "kommunedirektør" in page and "chief municipal executive" in page  # the vocabularies too


def test_the_ontology_page_alone_goes_into_docs_without_a_description(bundled_store, tmp_path):
    result = CliRunner().invoke(cli, ["export", "--store", str(bundled_store), "--out", str(tmp_path), "--format", "ontology-html"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["ontology.html"]


# -- the command line and atomic writing ---------------------------------------------------------
def test_cli_writes_the_promised_file_names(bundled_store, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "--store", str(bundled_store), "--out", str(out), "--format", "ttl,csv",
                                      "--format", "graphml", "--base", "https://data.example.org/stafett/"])
    assert result.exit_code == 0, result.output
    assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} >= {
        "stafett.ttl", "dataset.ttl", "csv/people.csv", "csv/relay.csv", "stafett-network.graphml", "stafett-relay.graphml"}
    assert "https://data.example.org/stafett/csv/people.csv" in (out / "dataset.ttl").read_text(encoding="utf-8")
    assert "stafett.ttl" in result.output


def test_cli_names_the_valid_formats(bundled_store, tmp_path):
    result = CliRunner().invoke(cli, ["export", "--store", str(bundled_store), "--out", str(tmp_path / "o"), "--format", "xml"])
    assert result.exit_code == 1
    assert "unknown export format 'xml'" in result.output and "rdfxml" in result.output and "all" in result.output
    assert not (tmp_path / "o").exists()


def test_a_failing_export_leaves_out_as_it_was(bundled, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "stafett.ttl").write_text("old", encoding="utf-8")
    import graph.export.tables as tables_module

    def broken(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(tables_module, "write_tables", broken)
    with pytest.raises(OSError):
        export(bundled, out, [ExportFormat.TTL, ExportFormat.CSV], validate=False)
    assert [p.name for p in out.iterdir()] == ["stafett.ttl"]
    assert (out / "stafett.ttl").read_text(encoding="utf-8") == "old"


def test_export_of_a_copied_store_keeps_the_original_untouched(bundled_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(bundled_store, copy, symlinks=True)
    before = sorted(p.name for p in copy.iterdir())
    with EmbeddedStore(copy) as store:
        export(store, tmp_path / "out", [ExportFormat.NT], validate=False)
    assert sorted(p.name for p in copy.iterdir()) == before


def test_csv_cells_a_spreadsheet_would_run_are_quoted(tmp_path):
    """A partner named like a formula comes out with a leading ' (Excel and LibreOffice then
    show it as text); names, numbers and IRIs otherwise come out as they are."""
    from graph.export.tables import spreadsheet_safe
    from test_links import _record

    formula = '=HYPERLINK("http://example.org/x","klikk")'
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.yaml").write_text(_record("Kari Nordmann", "Bodø kommune", "1804", 3, [f"'{formula}'", "'@Fjellvekst AS'"]))
    (corpus / "b.yaml").write_text(_record("Ola Nordmann", "Steinkjer kommune", "5006", 4, [f"'{formula}'", "'-Nord AS'"]))
    store = tmp_path / "store"
    build([corpus], store_dir=store, workers=1)
    out = tmp_path / "out"
    with EmbeddedStore(store) as s:
        export(s, out, ExportFormat.parse(["csv"]))
    cells = [c for f in (out / "csv").glob("*.csv") for row in csv.reader(f.open(encoding="utf-8")) for c in row]
    names = {c for c in cells if "HYPERLINK" in c or "Fjellvekst" in c or "Nord AS" in c}
    assert {"'" + formula, "'@Fjellvekst AS", "'-Nord AS"} <= names
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not c[1:].isdigit())]
    assert [spreadsheet_safe(c) for c in ("3", "-3", "2.5", "Hå", "https://w3id.org/x")] == ["3", "-3", "2.5", "Hå", "https://w3id.org/x"]
