"""OUT/dataset.ttl: conforms to DCAT-AP-NO (Digdir's shapes, the copy in ontology/external/) and
tells the truth about the files, the counts and the links to Wikidata."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyshacl
import pytest
import rdflib
import pyoxigraph as ox
from rdflib.namespace import DCAT, DCTERMS as DCT, OWL, RDF, SKOS, VOID, XSD

from conftest import REPO, select
from graph.export import ExportFormat, Metadata, export
from graph.export.description import licence_iri
from graph.store import EmbeddedStore

SHAPES = REPO / "ontology" / "external" / "dcat-ap-no-2.0-shapes.ttl"
EU = "http://publications.europa.eu/resource/authority/"
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
DOWNLOADS = "https://data.example.org/stafett/"
ENDPOINT = "https://sparql.example.org/stafett/query"


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def described(bundled_store, tmp_path_factory) -> tuple[Path, rdflib.Graph]:
    out = tmp_path_factory.mktemp("described")
    with EmbeddedStore(bundled_store) as store:
        export(store, out, ExportFormat.parse(["all"]), gzip=True, download_base=DOWNLOADS,
               meta=Metadata(endpoint_url=ENDPOINT, contact_email="kontakt@example.org"), validate=False)
    return out, rdflib.Graph().parse(out / "dataset.ttl", format="turtle")


def conforms(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[bool, str]:
    ok, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=False)
    return ok, text


def test_the_description_conforms_to_dcat_ap_no(described, shapes):
    ok, text = conforms(described[1], shapes)
    assert ok, text


def test_the_shapes_do_check_the_controlled_vocabularies(described, shapes):
    """Without the skos:inScheme of a file type or the licence, the same description fails."""
    for scheme in ("file-type", "licence"):
        g = rdflib.Graph()
        for t in described[1]:
            if not (t[1] == SKOS.inScheme and str(t[2]) == EU + scheme):
                g.add(t)
        assert not conforms(g, shapes)[0], scheme


def test_every_file_is_a_distribution_with_its_size_checksum_and_url(described):
    out, g = described
    ds = g.value(predicate=RDF.type, object=DCAT.Dataset)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"dataset.ttl", "README.md", "LESMEG.md"}
    urls = {str(g.value(d, DCAT.downloadURL)): d for d in g.objects(ds, DCAT.distribution)}
    assert set(urls) == {DOWNLOADS + f for f in files}
    for url, dist in urls.items():
        path = out / url[len(DOWNLOADS):]
        assert int(float(g.value(dist, DCAT.byteSize))) == path.stat().st_size
        checksum = g.value(dist, SPDX.checksum)
        assert str(g.value(checksum, SPDX.checksumValue)) == hashlib.sha1(path.read_bytes()).hexdigest()
        assert str(g.value(dist, DCT["format"])).startswith(EU + "file-type/")
        assert str(g.value(dist, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
        assert g.value(dist, DCAT.accessURL) == rdflib.URIRef(DOWNLOADS)
        assert {lit.language for lit in g.objects(dist, DCT.title)} == {"nb", "en"}
    gz = urls[DOWNLOADS + "stafett.ttl.gz"]
    assert g.value(gz, DCAT.compressFormat) == rdflib.URIRef("https://www.iana.org/assignments/media-types/application/gzip")
    assert g.value(gz, DCAT.mediaType) == rdflib.URIRef("https://www.iana.org/assignments/media-types/text/turtle")


def test_dataset_metadata_is_in_both_languages_with_licence_coverage_and_themes(described):
    g = described[1]
    ds = g.value(predicate=RDF.type, object=DCAT.Dataset)
    for p in (DCT.title, DCT.description):
        assert {lit.language for lit in g.objects(ds, p)} == {"nb", "en"}
    assert g.value(ds, DCT.license) == rdflib.URIRef(EU + "licence/CC_BY_4_0")
    assert g.value(ds, DCT.spatial) == rdflib.URIRef(EU + "country/NOR")
    assert {str(t) for t in g.objects(ds, DCAT.theme)} >= {EU + "data-theme/GOVE"}
    assert g.value(ds, DCT.publisher) is not None and g.value(ds, DCAT.contactPoint) is not None
    rights = " ".join(str(x) for r in g.objects(ds, DCT.rights) for x in g.objects(r, rdflib.RDFS.label))
    assert "KS" in rights
    contact = g.value(ds, DCAT.contactPoint)
    assert g.value(contact, rdflib.URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")) == rdflib.URIRef("mailto:kontakt@example.org")


def test_void_counts_and_linksets_match_the_store(bundled, described):
    g = described[1]
    ds = g.value(predicate=RDF.type, object=DCAT.Dataset)
    triples = select(bundled, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    assert int(g.value(ds, VOID.triples)) == int(triples)
    assert str(g.value(ds, VOID.uriSpace)) == "https://w3id.org/stafett/id/"
    vocabularies = {str(v) for v in g.objects(ds, VOID.vocabulary)}
    assert {"https://w3id.org/stafett/def#", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/org#"} <= vocabularies
    dumps = {str(d) for d in g.objects(ds, VOID.dataDump)}
    assert DOWNLOADS + "stafett.nq.gz" in dumps and DOWNLOADS + "context.jsonld" not in dumps
    assert g.value(ds, VOID.sparqlEndpoint) == rdflib.URIRef(ENDPOINT)
    linksets = {ls: int(g.value(ls, VOID.triples)) for ls in g.objects(ds, VOID.subset)}
    assert all(g.value(ls, VOID.linkPredicate) == OWL.sameAs for ls in linksets)
    for kind, cls in (("municipalities", "stf:Municipality"), ("counties", "stf:CountyMunicipality")):
        n = select(bundled, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a {cls} ; owl:sameAs ?o }}")[0]["n"]
        assert int(n) > 0
        assert linksets[rdflib.URIRef(f"https://w3id.org/stafett/id/linkset/{kind}-wikidata")] == int(n)


def test_sparql_endpoint_is_a_data_service(described):
    g = described[1]
    svc = g.value(predicate=RDF.type, object=DCAT.DataService)
    assert g.value(svc, DCAT.endpointURL) == rdflib.URIRef(ENDPOINT)
    assert g.value(svc, DCAT.servesDataset) == g.value(predicate=RDF.type, object=DCAT.Dataset)


def test_licence_and_metadata_are_configurable(bundled_store, tmp_path, shapes):
    meta_file = tmp_path / "about.yaml"
    meta_file.write_text("publisher: https://example.org/org/1\npublisher_name_en: Example\nlicence: NLOD-2.0\n", encoding="utf-8")
    meta = Metadata.from_file(meta_file)
    with EmbeddedStore(bundled_store) as store:
        export(store, tmp_path / "out", [ExportFormat.NT], meta=meta, validate=False)
    g = rdflib.Graph().parse(tmp_path / "out" / "dataset.ttl", format="turtle")
    ds = g.value(predicate=RDF.type, object=DCAT.Dataset)
    assert g.value(ds, DCT.license) == rdflib.URIRef(EU + "licence/NLOD_2_0")
    assert g.value(ds, DCT.publisher) == rdflib.URIRef("https://example.org/org/1")
    assert g.value(ds, DCAT.downloadURL) is None and g.value(predicate=RDF.type, object=DCAT.DataService) is None
    assert conforms(g, shapes)[0]
    assert licence_iri("cc0-1.0")[0] == EU + "licence/CC0"


def test_temporal_coverage_runs_from_the_first_to_the_last_interview(bundled_store, tmp_path, shapes):
    from test_export import writable_copy

    issued = ox.NamedNode("http://purl.org/dc/terms/issued")
    with writable_copy(bundled_store, tmp_path / "store") as st:
        interviews = sorted({q.subject.value for q in st.quads_for_pattern(None, ox.NamedNode(str(RDF.type)),
                                                                          ox.NamedNode("https://w3id.org/stafett/def#Interview"), None)})
        for iri, day in zip(interviews, ("2021-03-04", "2022-11-30")):  # in the union, which the description reads
            st.add(ox.Quad(ox.NamedNode(iri), issued, ox.Literal(day, datatype=ox.NamedNode(str(XSD.date))), ox.DefaultGraph()))
    with EmbeddedStore(tmp_path / "store") as store:
        export(store, tmp_path / "out", [ExportFormat.NT], validate=False)
    g = rdflib.Graph().parse(tmp_path / "out" / "dataset.ttl", format="turtle")
    period = g.value(g.value(predicate=RDF.type, object=DCAT.Dataset), DCT.temporal)
    assert (str(g.value(period, DCAT.startDate)), str(g.value(period, DCAT.endDate))) == ("2021-03-04", "2022-11-30")
    assert conforms(g, shapes)[0]
    meta = Metadata(temporal_start="2020-01-01")
    with EmbeddedStore(tmp_path / "store") as store:
        export(store, tmp_path / "out2", [ExportFormat.NT], validate=False, meta=meta)
    g = rdflib.Graph().parse(tmp_path / "out2" / "dataset.ttl", format="turtle")
    period = g.value(g.value(predicate=RDF.type, object=DCAT.Dataset), DCT.temporal)
    assert str(g.value(period, DCAT.startDate)) == "2020-01-01"


def test_the_catalogue_holds_the_dataset_and_the_service(described, shapes):
    g = described[1]
    cat = g.value(predicate=RDF.type, object=DCAT.Catalog)
    ds = g.value(predicate=RDF.type, object=DCAT.Dataset)
    assert cat is not None and g.value(cat, DCAT.dataset) == ds
    assert g.value(cat, DCAT.service) == g.value(predicate=RDF.type, object=DCAT.DataService)
    assert g.value(cat, DCT.publisher) == g.value(ds, DCT.publisher)
    assert {lit.language for lit in g.objects(cat, DCT.title)} == {"nb", "en"}
    assert g.value(cat, DCT.license) == g.value(ds, DCT.license)
    pages = {str(p) for p in g.objects(ds, rdflib.namespace.FOAF.page)}
    assert pages == {DOWNLOADS + "README.md", DOWNLOADS + "LESMEG.md"}


def test_the_shapes_check_the_catalogue(described, shapes):
    """The catalogue is checked too: without its identifier or its publisher it fails."""
    g = described[1]
    cat = g.value(predicate=RDF.type, object=DCAT.Catalog)
    for p in (DCT.identifier, DCT.publisher, DCT.title):
        broken = rdflib.Graph()
        for t in g:
            if not (t[0] == cat and t[1] == p):
                broken.add(t)
        assert not conforms(broken, shapes)[0], p


def test_the_publisher_is_known_by_its_organisation_number(bundled_store, tmp_path, shapes):
    from graph.export.description import ORGANISATION_CATALOGUE

    meta = Metadata().with_publisher("KS", "971 032 146")
    with EmbeddedStore(bundled_store) as store:
        summary = export(store, tmp_path / "out", [ExportFormat.NT], meta=meta, validate=False, download_base=DOWNLOADS)
    assert not summary.warnings
    g = rdflib.Graph().parse(tmp_path / "out" / "dataset.ttl", format="turtle")
    cat = g.value(predicate=RDF.type, object=DCAT.Catalog)
    publisher = g.value(cat, DCT.publisher)
    assert publisher == rdflib.URIRef(ORGANISATION_CATALOGUE + "971032146")
    assert str(g.value(publisher, DCT.identifier)) == "971032146"
    assert {str(n) for n in g.objects(publisher, rdflib.namespace.FOAF.name)} == {"KS"}
    assert conforms(g, shapes)[0]
    with EmbeddedStore(bundled_store) as store:
        summary = export(store, tmp_path / "out2", [ExportFormat.NT], validate=False)
    assert len(summary.warnings) == 2
    assert summary.warnings[0].startswith("the publisher is still the placeholder 'The stafett project' with no organisation number")
    assert summary.warnings[1].startswith("the download URLs are under the default https://w3id.org/stafett/download/")
