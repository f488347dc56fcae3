"""Property-based tests (hypothesis, bounded so the suite stays quick) of the four places where
outside input enters: extraction, record validation, IRI minting, and the endpoint's parameters.

- extraction: any bytes, in any file kind, give a valid record or an InputError, nothing else;
- records: any YAML-ish data gives a list of problems, never an exception, and a record without
  problems maps to a graph that conforms to the shapes;
- IRIs: any name gives IRIs Oxigraph accepts and the server dereferences, the same every time,
  distinct for names that are not the same name written two ways;
- the endpoint: any query string, parameters and headers give a result or an error in the one
  shape -- never a 500.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox
import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from graph import model
from graph.errors import InputError, RecordError
from graph.extract import extract_file
from graph.iris import Minter, _fold_char, canonical, check_base, slug
from graph.records import normalise_record, parse_record_text, record_schema, validate_record
from reliability_support import SHARED

QUICK = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                       HealthCheck.data_too_large])


# -- extraction -------------------------------------------------------------------------------------
@cache
def _fragments() -> list[bytes]:
    """Pieces of real interviews in several encodings, for the generator to splice."""
    out = []
    for name in ("ovre-eiker.txt", "steinkjer.txt", "bodo.html"):
        text = (SHARED / "corpus" / name).read_text(encoding="utf-8")
        lines = [ln for ln in text.splitlines() if ln.strip()]
        for i in range(0, len(lines), 3):
            chunk = "\n".join(lines[i:i + 3]) + "\n"
            out += [chunk.encode("utf-8"), chunk.encode("cp1252", "replace"), chunk.encode("utf-16")]
    return out


interview_bytes = st.lists(st.one_of(st.sampled_from(_fragments()) if (SHARED / "corpus").is_dir() else st.binary(max_size=50),
                                     st.binary(max_size=200), st.just(b"\x00"), st.just(b"<p>"), st.just(b"%PDF")),
                           max_size=12).map(b"".join)


@settings(QUICK, max_examples=60)
@given(data=interview_bytes, suffix=st.sampled_from([".txt", ".md", ".html", ".htm"]))
def test_any_bytes_give_a_valid_record_or_an_input_error(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"interview{suffix}"
    path.write_bytes(data)
    try:
        record = extract_file(path)
    except InputError as exc:
        assert exc.path == str(path) and "\n" not in exc.reason
        return
    assert validate_record(record, path=str(path)) == []


# -- record validation --------------------------------------------------------------------------------
@cache
def _field_names() -> list[str]:
    names: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            names.update(k for k in (node.get("properties") or {}))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(record_schema())
    return sorted(names)


scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                    st.sampled_from(["3314", "0624", "9999", "1119", "03", "50", "2015-06", "", " "]))
yamlish = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(_field_names()), st.text(max_size=8)), inner, max_size=6)), max_leaves=30)


def _problems_ok(problems) -> None:
    assert isinstance(problems, list)
    for p in problems:
        assert isinstance(p, tuple) and len(p) == 3 and all(isinstance(x, str) for x in p)
        assert "\n" not in p[2]


@settings(QUICK, max_examples=150)
@given(yamlish)
def test_any_data_gives_a_list_of_problems(data):
    _problems_ok(validate_record(data, path="fuzz.yaml"))


@settings(QUICK, max_examples=150)
@given(st.one_of(st.text(max_size=300), yamlish.map(lambda d: yaml.safe_dump(d, allow_unicode=True))))
@example("a: &x 1\nb: *x\n")
@example("a: !!binary aGVsbG8=\nb: !!set {x}\n")
@example("? [a]\n: b\n")
@example("source: {path: x}\nsource: {path: y}\n")
def test_any_text_gives_data_or_a_record_error(text):
    try:
        data = parse_record_text(text, path="fuzz.yaml")
    except RecordError as exc:
        _problems_ok(exc.problems)
        return
    _problems_ok(validate_record(data, path="fuzz.yaml"))


# -- valid records map to conforming graphs --------------------------------------------------------
ORGS = [{"name": "Øvre Eiker kommune", "kommunenummer": "3314"}, {"name": "Hå kommune", "kommunenummer": "1119"},
        {"name": "Vestland fylkeskommune", "fylkesnummer": "46"}, {"name": "Bodø"}, {"name": "Nord universitet"}, None]
names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(lambda s: s.strip())


# Records are drawn from the one declaration of the record (graph/model.py): each value type gets a
# strategy for the values it stands for, and every TypedDict is filled in by hypothesis.
_VALUE_STRATEGIES = {
    model.Text: names,
    model.Kommunenummer: st.sampled_from(["3314", "1119", "0624", "1804"]),
    model.Fylkesnummer: st.sampled_from(["46", "50", "15"]),
    model.IsoDate: st.sampled_from(["2015", "2015-06", "2015-06-01"]),
    model.Sha256: st.from_regex(r"\A[0-9a-f]{64}\Z"),
    model.HttpUrl: st.sampled_from(["https://www.ks.no/a/", "http://example.org/x?y=1"]),
    model.CountryCode: st.sampled_from(["DK", "SE"]),
    model.Stage: st.one_of(st.integers(1, 1000), st.just(3000)),
    model.Offset: st.integers(0, 900),
    model.Span: st.tuples(st.integers(0, 900), st.integers(0, 900)).map(sorted),
    model.Confidence: st.floats(0, 1),
    model.RecordKey: st.from_regex(r"\A[a-z0-9][a-z0-9.-]{0,20}\Z"),
    model.Organisation: st.sampled_from(ORGS),
}


def _record_strategy():
    for tp, strategy in _VALUE_STRATEGIES.items():
        st.register_type_strategy(tp, strategy)
    return st.from_type(model.Record)


valid_records = st.deferred(_record_strategy)


@cache
def _base_dataset() -> bytes:
    """The ontology and the reference graph, as a build loads them (named and in the union)."""
    from graph.build import ontology_turtle, reference_quads

    minter, store = Minter(), ox.Store()
    for text in ontology_turtle(minter):
        for g in (ox.NamedNode(minter.ontology_graph), ox.DefaultGraph()):
            store.load(text, format=ox.RdfFormat.TURTLE, to_graph=g)
    quads = reference_quads(minter)
    store.extend(quads)
    store.extend([ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads])
    return store.dump(format=ox.RdfFormat.N_QUADS)


@settings(QUICK, max_examples=40)
@given(valid_records, st.one_of(st.none(), st.text(max_size=1000)))
def test_a_record_without_problems_maps_to_a_conforming_graph(record, text):
    from graph import shacl
    from graph.mapping import map_record
    from graph.reference import load_reference
    from graph.store import run_oxigraph_query
    from graph.vocab import load_vocabulary

    assume(validate_record(record) == [])
    mapped = map_record(normalise_record(record), minter=Minter(), reference=load_reference(), vocab=load_vocabulary(), text=text)
    store = ox.Store()
    store.load(_base_dataset(), format=ox.RdfFormat.N_QUADS)
    g = ox.NamedNode(mapped.graph)
    store.extend([ox.Quad(t.subject, t.predicate, t.object, g) for t in mapped.triples])
    store.extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in mapped.triples])
    assert shacl.validate(lambda q: run_oxigraph_query(store, q), graphs=[mapped.graph]) == []


# -- IRI minting -------------------------------------------------------------------------------------
any_name = st.text(max_size=120)


def _lossless(name: str) -> bool:
    return all(_fold_char(ch)[1] for ch in canonical(name)) and len(slug(name)) <= 80


@settings(QUICK, max_examples=300)
@given(any_name, st.one_of(st.none(), st.sampled_from(["3314", "f46"]), any_name.map(slug)))
@example("\u202eevil\u202c", None)
@example("", None)
@example("🎉", "3314")
@example("a" * 500, None)
def test_any_name_gives_iris_oxigraph_accepts_and_the_server_dereferences(name, org):
    from graph.server.pages import entity_iri

    m = Minter()
    iris = [m.person(name, org), m.organisation(name), m.project(name), m.concept("need", name),
            m.membership(m.person_key(name, org), org, slug(name)), m.baton_pass(slug(name), slug(name + "x"))]
    for iri in iris:
        ox.NamedNode(iri)  # raises on an invalid IRI
        assert entity_iri(m.base, iri[len(m.base) + 3:])[0] == iri  # /id/{kind}/{key} is served
    assert iris == [m.person(name, org), m.organisation(name), m.project(name), m.concept("need", name),
                    m.membership(m.person_key(name, org), org, slug(name)), m.baton_pass(slug(name), slug(name + "x"))]
    # the same name written with other spacing is the same name
    assert slug(name) == slug("  " + " ".join(name.split()).replace(" ", " \t ") + "\n")


@settings(QUICK, max_examples=300)
@given(any_name, any_name)
@example('Ola "Q" Nordmann', "Ola Q Nordmann")
@example("Ola <b>", "Ola b")
@example("Trude Andresen\u200f", "Trude Andresen")
def test_distinct_names_get_distinct_iris(a, b):
    """Two names share a key only when they are the same name written two ways (case, spacing,
    hyphens, accents, æøå as ae/o/a): then both fold without loss to the same letters."""
    assume(canonical(a) != canonical(b))
    if slug(a) == slug(b):
        assert _lossless(a) and _lossless(b), (a, b, slug(a))


@settings(QUICK, max_examples=200)
@given(st.one_of(st.text(max_size=60), st.builds(lambda h, p: f"https://{h}/{p}", st.text(max_size=20), st.text(max_size=20))))
def test_any_base_is_refused_or_gives_valid_iris(base):
    try:
        b = check_base(base)
    except ValueError:
        return
    ox.NamedNode(Minter(b).person("Kari Nordmann", "3314"))
    ox.NamedNode(Minter(b).manifest_graph)


# -- the endpoint's parameters ------------------------------------------------------------------------
latin1 = st.text(st.characters(min_codepoint=32, max_codepoint=255, blacklist_characters="\x7f"), max_size=60)
query_text = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["SELECT * WHERE { ?s ?p ?o } LIMIT 3", "ASK {}", "CONSTRUCT WHERE { ?s a foaf:Person } LIMIT 2",
                     "DESCRIBE <https://w3id.org/stafett/id/municipality/3314>", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                     "SELECT * FROM <http://x/g> WHERE { ?s ?p ?o }", "SELECT * { SERVICE <http://127.0.0.1:9/> {} }",
                     "INSERT DATA { <a:b> <a:c> <a:d> }", "SELECT ?x WHERE { BIND(1/0 AS ?x) }", "SELECT * {", ""]),
)
param_names = st.one_of(st.sampled_from(["query", "update", "default-graph-uri", "named-graph-uri", "graph", "default",
                                         "format", "top", "layout", "metric", "radius", "using-graph-uri"]), latin1)
accepts = st.one_of(st.none(), st.sampled_from(["text/html", "*/*", "application/json", "text/csv;q=0", "image/png",
                                                "application/sparql-results+xml;q=x", "text/turtle, */*;q=0.1"]), latin1)
content_types = st.one_of(st.none(), st.sampled_from(["application/x-www-form-urlencoded", "application/sparql-query",
                                                      "application/sparql-update", "text/turtle", "multipart/form-data"]), latin1)
paths = st.one_of(st.sampled_from(["/sparql", "/graph-store", "/", "/queries.json", "/viz/chain", "/viz/network", "/viz/ego/x"]),
                  st.builds(lambda k, key: f"/id/{k}/{key}", st.sampled_from(["person", "municipality", "interview", "x"]),
                            latin1.map(lambda s: s.replace("?", "%3F").replace("#", "%23"))),
                  st.builds(lambda n: "/viz/ego/" + n.replace("?", "%3F").replace("#", "%23"), latin1))


@pytest.fixture(scope="module")
def client():
    from starlette.testclient import TestClient

    from graph.server import make_app
    from test_server_support import fixture_store

    app = make_app(fixture_store(), timeout=5, max_rows=50, workers=2, max_query_bytes=4000, max_body_bytes=8000)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@settings(QUICK, max_examples=120)
@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"]), path=paths,
       params=st.lists(st.tuples(param_names, st.one_of(query_text, latin1)), max_size=4),
       accept=accepts, content_type=content_types, body=st.one_of(st.none(), query_text, st.binary(max_size=200)),
       auth=st.one_of(st.none(), latin1.map(lambda t: "Bearer " + t)))
def test_any_request_gets_a_result_or_the_one_error_shape(client, method, path, params, accept, content_type, body, auth):
    headers = {k: v.encode("latin-1") for k, v in (("Accept", accept), ("Content-Type", content_type), ("Authorization", auth))
               if v is not None}  # as a client sends them: bytes
    content = body.encode("utf-8") if isinstance(body, str) else body
    r = client.request(method, path, params=params, headers=headers, content=content if method != "GET" else None)
    assert r.status_code != 500, (method, path, params, headers, r.text[:300])
    assert r.status_code < 500 or (r.status_code == 503 and r.json()["error"] in ("timeout", "busy")), r.text
    assert r.headers.get("x-content-type-options") == "nosniff"
    if r.status_code >= 400 and method != "HEAD":
        media = r.headers["content-type"]
        if media.startswith("application/json"):
            body = r.json()
            assert set(body) == {"status", "error", "message"} and body["status"] == r.status_code, body
        else:
            assert media.startswith("text/html") and "Traceback" not in r.text, media
    assert "Traceback" not in r.text and "File \"/" not in r.text
