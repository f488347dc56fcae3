"""A runner of the W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description tests
(``../shared/w3c-sparql11/``) against a live server over HTTP. No tests here: see
``tests/test_conformance.py``.

The manifests are read with rdflib. Each test is a list of ``ht:Request``s, sent in order; each
response is checked against its ``ht:Response`` (``mf:expectedStatus``, ``mf:expectedFormat``,
``mf:expectedBoolean``, ``mf:expectedLocation``, the expected headers and body, the body compared
as an RDF graph up to blank-node renaming). The service-description tests carry no requests; the
runner checks what their names say. Before each test the dataset is reset (``reset``) to the
test's ``ut:graphData``, or to empty.

Run it by hand against any server, e.g. Oxigraph's (it resets the dataset through the server's
own update endpoint)::

    python tests/w3c_runner.py --query http://127.0.0.1:7878/query --update http://127.0.0.1:7878/update \\
        --graph-store http://127.0.0.1:7878/store
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
HTS = "http://www.w3.org/2011/http-statusCodes#"
#: The status names the manifests use (hts:StatusCodeNxx is a class of codes).
STATUS = {"OK": 200, "Created": 201, "NoContent": 204, "BadRequest": 400, "NotFound": 404}
#: The Graph Store features a test may require (mf:requires).
GSP_FEATURES = ("DirectGraphIdentification", "IndirectGraphIdentification", "POSTGraphCreation")

FORM = "application/x-www-form-urlencoded"
PASS, FAIL, NA = "pass", "fail", "n/a"


# -- the manifests --------------------------------------------------------------------------------
@dataclass
class Expect:
    statuses: list[int | str]  # 201, or "2xx"
    format: str | None = None  # "boolean", "tabular", "RDF"
    boolean: bool | None = None
    location: str | None = None  # the template variable the Location header fills
    content_type: str | None = None
    body: str | None = None


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expect: Expect


@dataclass
class Case:
    id: str  # the test's IRI fragment, e.g. "query_post_form"
    family: str
    name: str
    requires: list[str] = field(default_factory=list)
    graph_data: list[tuple[Path, str]] = field(default_factory=list)  # (file, graph IRI)
    requests: list[Request] = field(default_factory=list)


def load_cases(root: Path) -> list[Case]:
    """Every test of the three manifest folders under ``root``, in manifest order."""
    cases: list[Case] = []
    for sub in ("protocol", "graph-store-protocol", "service-description"):
        cases += _manifest(root / sub / "manifest.ttl")
    return cases


def _manifest(path: Path, label: str | None = None) -> list[Case]:
    me = URIRef(path.resolve().as_uri())
    g = Graph().parse(path, format="turtle", publicID=str(me))
    label = label or str(g.value(me, RDFS.label) or path.parent.name)
    out: list[Case] = []
    for inc in g.objects(me, MF.include):
        for m in Collection(g, inc):
            out += _manifest(Path(urlsplit(str(m)).path))
    for lst in g.objects(me, MF.entries):
        for node in Collection(g, lst):
            out.append(_case(g, node, label, path.parent))
    return out


def _family(label: str, test_id: str) -> str:
    if label == "SPARQL Protocol":
        kind = test_id.split("_", 1)[0]
        return {"query": "Protocol: queries", "update": "Protocol: updates", "bad": "Protocol: bad requests"}.get(kind, label)
    return label.replace("SPARQL Graph Store Protocol - ", "Graph Store: ").replace("SPARQL ", "")


def _case(g: Graph, node, label: str, folder: Path) -> Case:
    test_id = str(node).rsplit("#", 1)[-1]
    case = Case(test_id, _family(label, test_id), str(g.value(node, MF.name)),
                requires=sorted(str(r).rsplit("#", 1)[-1] for r in g.objects(node, MF.requires)))
    for gd in g.objects(node, UT.graphData):
        file = Path(urlsplit(str(g.value(gd, UT.graph))).path)
        case.graph_data.append((file, str(g.value(gd, RDFS.label))))
    action = g.value(node, MF.action)
    if action is not None:
        for req in Collection(g, g.value(action, HT.requests)):
            case.requests.append(_request(g, req))
    return case


def _headers(g: Graph, node) -> dict[str, str]:
    lst = g.value(node, HT.headers)
    if lst is None:
        return {}
    return {str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue)) for h in Collection(g, lst)}


def _body(g: Graph, node) -> tuple[str, str] | None:
    body = g.value(node, HT.body)
    if body is None:
        return None
    return str(g.value(body, CNT.chars)), str(g.value(body, CNT.characterEncoding) or "UTF-8")


def _request(g: Graph, node) -> Request:
    resp = g.value(node, HT.resp)
    statuses: list[int | str] = []
    for s in g.objects(resp, MF.expectedStatus):
        name = str(s).removeprefix(HTS)
        if name.startswith("StatusCode") and name.endswith("xx"):
            statuses.append(name.removeprefix("StatusCode"))
        elif name in STATUS:
            statuses.append(STATUS[name])
        else:
            raise ValueError(f"unknown status {s} in the manifest; add it to STATUS")
    boolean = g.value(resp, MF.expectedBoolean)
    location = g.value(resp, MF.expectedLocation)
    fmt = g.value(resp, MF.expectedFormat)
    rbody = _body(g, resp)
    expect = Expect(
        statuses=statuses, format=str(fmt) if fmt is not None else None,
        boolean=bool(boolean.toPython()) if isinstance(boolean, Literal) else None,
        location=str(location) if location is not None else None,
        content_type=_headers(g, resp).get("content-type"), body=rbody[0] if rbody else None,
    )
    body = _body(g, node)
    # Python's "utf-16" writes a byte-order mark, as a client sending UTF-16 would.
    data = body[0].encode(body[1].lower()) if body else None
    return Request(str(g.value(node, HT.methodName)), str(g.value(node, HT.absolutePath)), _headers(g, node), data, expect)


# -- the server under test ------------------------------------------------------------------------
@dataclass
class Target:
    """Where the manifests' paths go: ``/sparql/`` to ``query`` (or ``update`` for an update
    request), ``/gsp`` to ``graph_store``."""

    query: str
    update: str
    graph_store: str
    headers: dict[str, str] = field(default_factory=dict)  # e.g. the bearer token
    read_only: bool = False
    features: tuple[str, ...] = ("IndirectGraphIdentification",)  # what the server claims

    def url(self, req: Request) -> str:
        path = req.path
        if path.startswith("/sparql"):
            rest = path.removeprefix("/sparql").lstrip("/")
            base = self.update if is_update(req) else self.query
            return base + rest if rest.startswith("?") else base.rstrip("/") + ("/" + rest if rest else "")
        if path.startswith("/gsp"):
            return self.graph_store + path.removeprefix("/gsp")
        raise ValueError(f"a path outside /sparql and /gsp: {path}")


def is_update(req: Request) -> bool:
    ctype = req.headers.get("content-type", "").split(";")[0].strip()
    body = req.body or b""
    return ("update=" in req.path and "query=" not in req.path) or ctype == "application/sparql-update" or (
        ctype == FORM and body.startswith(b"update=")) or (not ctype and body.startswith(b"update="))


def is_write(req: Request) -> bool:
    """A request that changes the dataset when it succeeds."""
    return is_update(req) or (req.path.startswith("/gsp") and req.method in ("PUT", "POST", "DELETE"))


@dataclass
class Outcome:
    case: Case
    result: str  # PASS, FAIL, NA
    reason: str = ""


def run_case(case: Case, target: Target, client: httpx.Client, reset: Callable[[list[tuple[Path, str]]], None]) -> Outcome:
    missing = [f for f in case.requires if f in GSP_FEATURES and f not in target.features]
    if missing:
        return Outcome(case, NA, f"needs {', '.join(missing)}, which the server does not claim")
    if not case.requests:
        return _service_description(case, target, client)
    reset(case.graph_data)
    variables: dict[str, str] = {}
    for i, req in enumerate(case.requests, 1):
        for var, value in variables.items():
            req = Request(req.method, req.path.replace(var, value), req.headers,
                          req.body.replace(var.encode(), value.encode()) if req.body else None, req.expect)
        url = target.url(req)
        headers = {**req.headers, **target.headers}
        try:
            r = client.request(req.method, url, headers=headers, content=req.body)
        except httpx.HTTPError as exc:
            return Outcome(case, FAIL, f"request {i} ({req.method}): {type(exc).__name__}: {exc}")
        wants_success = not any(s == "4xx" or (isinstance(s, int) and s >= 400) for s in req.expect.statuses)
        if target.read_only and is_write(req) and wants_success:
            if r.status_code == 403:
                return Outcome(case, NA, f"request {i} ({req.method}) writes; refused with 403 on a read-only server")
            return Outcome(case, FAIL, f"request {i} ({req.method}) writes to a read-only server and got {r.status_code}")
        problem = check_response(req, r)
        if problem:
            return Outcome(case, FAIL, f"request {i} ({req.method} {req.path[:60]}): {problem}")
        if req.expect.location:
            variables[req.expect.location] = r.headers["location"]
    return Outcome(case, PASS)


def _status_ok(code: int, statuses: list[int | str]) -> bool:
    return any(code == s if isinstance(s, int) else str(code)[0] == s[0] for s in statuses)


def _media(ctype: str | None) -> str:
    return (ctype or "").split(";")[0].strip().lower()


def check_response(req: Request, r: httpx.Response) -> str | None:
    """What is wrong with the response, or None."""
    e = req.expect
    if not _status_ok(r.status_code, e.statuses):
        return f"status {r.status_code}, expected {' or '.join(map(str, e.statuses))}: {r.text[:200]!r}"
    ctype = r.headers.get("content-type")
    if e.format in ("boolean", "tabular"):
        fmt = ox.QueryResultsFormat.from_media_type(_media(ctype)) if ctype else None
        if fmt is None:
            return f"{e.format} results expected, got content type {ctype!r}"
        try:
            parsed = ox.parse_query_results(r.content, format=fmt)
        except SyntaxError as exc:
            return f"the {ctype} results cannot be read: {exc}"
        if e.format == "boolean":
            if not isinstance(parsed, ox.QueryBoolean):
                return "a boolean result expected, got solutions"
            if e.boolean is not None and bool(parsed) != e.boolean:
                return f"the answer is {bool(parsed)}, expected {e.boolean}"
        elif not isinstance(parsed, ox.QuerySolutions):
            return "solutions expected, got a boolean"
    elif e.format == "RDF":
        fmt = ox.RdfFormat.from_media_type(_media(ctype)) if ctype else None
        if fmt is None:
            return f"RDF expected, got content type {ctype!r}"
        try:
            list(ox.parse(r.content, format=fmt))
        except SyntaxError as exc:
            return f"the {ctype} graph cannot be read: {exc}"
    if e.content_type:
        want, got = _media(e.content_type), _media(ctype)
        if want != got:
            return f"content type {ctype!r}, expected {e.content_type!r}"
        charset = _param(e.content_type, "charset")
        if charset and _param(ctype or "", "charset") not in (None, charset):
            return f"charset of {ctype!r}, expected {charset}"
    if e.location and "location" not in r.headers:
        return "no Location header"
    if e.body is not None and req.method != "HEAD":
        try:
            got_graph = Graph().parse(data=r.content, format=_media(ctype), publicID=str(r.url))
            want_graph = Graph().parse(data=e.body, format=_media(e.content_type) or "turtle", publicID=str(r.url))
        except Exception as exc:  # noqa: BLE001 - rdflib's parsers raise many kinds
            return f"the body cannot be read as {ctype}: {exc}"
        if not isomorphic(got_graph, want_graph):
            return f"the graph differs from the expected one ({len(got_graph)} triples, expected {len(want_graph)})"
    return None


def _param(ctype: str, name: str) -> str | None:
    for part in ctype.split(";")[1:]:
        k, _, v = part.partition("=")
        if k.strip().lower() == name:
            return v.strip().strip('"').lower()
    return None


# -- the service description ----------------------------------------------------------------------
#: The sd:supportedLanguage values and sd:feature instances the Service Description REC defines.
SD_LANGUAGES = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
SD_FEATURES = {SD.DereferencesURIs, SD.UnionDefaultGraph, SD.RequiresDataset, SD.EmptyGraphs, SD.BasicFederatedQuery}
FORMATS = "http://www.w3.org/ns/formats/"
ENTAILMENT = "http://www.w3.org/ns/entailment/"


def fetch_description(target: Target, client: httpx.Client, accept: str | None = "text/turtle") -> tuple[httpx.Response, Graph | None]:
    r = client.get(target.query, headers={"Accept": accept} if accept else {})
    fmt = _media(r.headers.get("content-type"))
    try:
        return r, Graph().parse(data=r.content, format=fmt, publicID=target.query)
    except Exception:  # noqa: BLE001
        return r, None


def schema_problems(g: Graph) -> list[str]:
    """What in a service description breaks the SD vocabulary's domains and ranges."""
    out = []
    services = set(g.subjects(RDF.type, SD.Service))
    if len(services) != 1:
        out.append(f"{len(services)} sd:Service nodes, expected one")
    for s in services:
        if not any(isinstance(e, URIRef) for e in g.objects(s, SD.endpoint)):
            out.append("the service has no sd:endpoint IRI")
        langs = set(g.objects(s, SD.supportedLanguage))
        if not langs or langs - SD_LANGUAGES:
            out.append(f"sd:supportedLanguage {sorted(map(str, langs))} is not a subset of the REC's languages")
    for f in g.objects(None, SD.feature):
        if f not in SD_FEATURES and (f, RDF.type, SD.Feature) not in g:
            out.append(f"sd:feature {f} is neither a REC feature nor typed sd:Feature")
    for prop in (SD.resultFormat, SD.inputFormat):
        for f in g.objects(None, prop):
            if not isinstance(f, URIRef):
                out.append(f"{prop} {f!r} is not an IRI")
    for prop in (SD.defaultEntailmentRegime, SD.entailmentRegime):
        for f in g.objects(None, prop):
            if not isinstance(f, URIRef) or not str(f).startswith(ENTAILMENT):
                out.append(f"{prop} {f} is not an entailment regime of {ENTAILMENT}")
    for ds in g.objects(None, SD.defaultDataset):
        if (ds, RDF.type, SD.Dataset) not in g:
            out.append("sd:defaultDataset is not typed sd:Dataset")
        for dg in g.objects(ds, SD.defaultGraph):
            if (dg, RDF.type, SD.Graph) not in g:
                out.append("sd:defaultGraph is not typed sd:Graph")
        for ng in g.objects(ds, SD.namedGraph):
            if not isinstance(g.value(ng, SD.name), URIRef):
                out.append("an sd:namedGraph has no sd:name IRI")
    return out


def _service_description(case: Case, target: Target, client: httpx.Client) -> Outcome:
    r, g = fetch_description(target, client)
    if case.id == "returns-rdf":
        bare, bare_graph = fetch_description(target, client, accept=None)
        if g is None or r.status_code != 200:
            return Outcome(case, FAIL, f"GET with Accept: text/turtle gave {r.status_code} {r.headers.get('content-type')}")
        if bare_graph is None or bare.status_code != 200:
            return Outcome(case, FAIL, f"GET without Accept gave {bare.status_code} {bare.headers.get('content-type')}")
        return Outcome(case, PASS)
    if g is None:
        return Outcome(case, FAIL, f"the service description is not RDF ({r.status_code} {r.headers.get('content-type')})")
    if case.id == "has-endpoint-triple":
        if (None, SD.endpoint, URIRef(target.query)) in g:
            return Outcome(case, PASS)
        return Outcome(case, FAIL, f"no sd:endpoint <{target.query}>; has {sorted(map(str, g.objects(None, SD.endpoint)))}")
    if case.id == "conforms-to-schema":
        problems = schema_problems(g)
        return Outcome(case, FAIL, "; ".join(problems)) if problems else Outcome(case, PASS)
    return Outcome(case, FAIL, f"the runner has no check for the service-description test {case.id}")


# -- running all ----------------------------------------------------------------------------------
def run_all(cases: list[Case], target: Target, reset: Callable[[list[tuple[Path, str]]], None]) -> list[Outcome]:
    """Each case in turn; the dataset is reset before a case unless it already holds what the
    case needs (no write since the last reset to the same graphs)."""
    state: dict = {"graphs": None}

    def lazy_reset(graphs):
        if state["graphs"] != sorted(graphs):
            reset(graphs)
            state["graphs"] = sorted(graphs)

    out = []
    with httpx.Client(timeout=30, follow_redirects=False, trust_env=False) as client:
        for c in cases:
            out.append(run_case(c, target, client, lazy_reset))
            if any(is_write(r) for r in c.requests):
                state["graphs"] = None  # the case may have changed the dataset
    return out


def tally(outcomes: list[Outcome]) -> Counter:
    return Counter(o.result for o in outcomes)


def by_family(outcomes: list[Outcome]) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for o in outcomes:
        out.setdefault(o.case.family, Counter())[o.result] += 1
    return out


def summary_cell(counts: Counter) -> str:
    """``"7 pass"``, ``"1 pass, 8 n/a"``: one cell of the docs' conformance table."""
    return ", ".join(f"{counts[k]} {k}" for k in (PASS, FAIL, NA) if counts[k])


def report(outcomes: list[Outcome], title: str) -> str:
    t = tally(outcomes)
    lines = [f"{title}: {t[PASS]} pass, {t[FAIL]} fail, {t[NA]} not applicable (of {len(outcomes)})"]
    lines += [f"  {o.result.upper():4} {o.case.id}: {o.reason}" for o in outcomes if o.result != PASS]
    return "\n".join(lines)


def protocol_reset(target: Target, client: httpx.Client) -> Callable[[list[tuple[Path, str]]], None]:
    """A reset through the server's own protocols: DROP ALL, then PUT each graph (for servers the
    runner cannot reach otherwise)."""

    def reset(graphs):
        client.post(target.update, content=b"DROP ALL", headers={"Content-Type": "application/sparql-update", **target.headers}).raise_for_status()
        for file, iri in graphs:
            client.put(target.graph_store, params={"graph": iri}, content=file.read_bytes(),
                       headers={"Content-Type": "application/n-triples", **target.headers}).raise_for_status()

    return reset


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Run the W3C SPARQL 1.1 protocol tests against a server (it resets its dataset).")
    ap.add_argument("--manifests", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "w3c-sparql11")
    ap.add_argument("--query", required=True)
    ap.add_argument("--update", required=True)
    ap.add_argument("--graph-store", required=True)
    ap.add_argument("--token", default=None, help="sent as Authorization: Bearer TOKEN")
    ap.add_argument("--feature", action="append", default=["IndirectGraphIdentification"], choices=GSP_FEATURES)
    args = ap.parse_args(argv)
    target = Target(args.query, args.update, args.graph_store, features=tuple(args.feature),
                    headers={"Authorization": f"Bearer {args.token}"} if args.token else {})
    with httpx.Client(timeout=30, trust_env=False) as client:
        outcomes = run_all(load_cases(args.manifests), target, protocol_reset(target, client))
    print(report(outcomes, target.query))
    return 0 if not tally(outcomes)[FAIL] else 1


if __name__ == "__main__":
    sys.exit(main())
