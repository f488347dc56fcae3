"""The pages of people and interviews: what a reader asks first, each fact with its evidence.

A person's page says who they are (name, post, organisation, municipality and county, the stage
they ran or were handed), then their interviews, the baton passes in and out, and the projects
and partners they told of. An interview's page reads as the interview: its title, who was
interviewed and at which stage, who gave them the baton and whom they gave it to, the fact box,
and the answers under the series' questions with what was found in each. The RDF behind both
(memberships, annotations, every property) stays on the page, folded away under "RDF".

Evidence is shown as the quoted words in their sentence where the graph holds a longer span of
the same text around them (the fact box, a name inside a partner's name), else as the words
alone, else (a graph built without the text) as a link to the source with the span. Everything
is read through SPARQL in the worker pool, like the rest of the server.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

from starlette.requests import Request

from ..namespaces import sparql_prolog
from .pages import Term, _labels, _select, local_href, short
from .terms import REUSED_NB, char_span, field_kind, field_text, in_context

STF = "https://w3id.org/stafett/def#"
KINDS = (("projects", "Prosjekter", "projects"), ("partners", "Samarbeidspartnere", "partners"),
         ("organisations", "Andre organisasjoner", "other organisations"), ("needs", "Behov", "needs"),
         ("methods", "Metoder og arbeidsmåter", "methods"), ("people", "Personer", "people"))
_PERSON_FIELDS = ("interviewee", "baton_from", "baton_to")


@dataclass
class Evidence:
    """Where a fact was read: the interview, the record's field, the span and its words."""

    interview: Term | None
    field: str
    start: int | None = None
    end: int | None = None
    words: str | None = None
    context: tuple[str, str, str] | None = None  # (before, words, after) in their sentence
    source: str = ""  # the original article (an http(s) IRI), for a span without words
    file: str = ""

    @property
    def what(self) -> str:
        return field_text(self.field)

    @property
    def span_text(self) -> str:
        return f"tegn {self.start}–{self.end}" if self.start is not None else ""


@dataclass
class Fact:
    term: Term
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Post:
    organisation: Term | None
    role: Term | None
    title: str
    party: Term | None
    since: str
    county: Term | None
    stated_in: list[Term]
    county_council: bool


@dataclass
class Pass:
    direction: str  # "in" | "out"
    other: Term
    stage: int | None
    announced_in: Term | None
    other_interviewed: bool


async def _q(request: Request, body: str, limit: int = 2000) -> list[dict]:
    return await _select(request, sparql_prolog() + "\n" + body, limit)


def _v(row: dict, key: str) -> str | None:
    b = row.get(key)
    return b["value"] if b else None


class Terms:
    """Terms for IRIs with their best labels, looked up in one go."""

    def __init__(self, base: str):
        self.base, self.labels = base, {}

    async def load(self, request: Request, iris) -> None:
        todo = sorted({i for i in iris if i and i not in self.labels})
        if todo:
            self.labels.update(await _labels(request, todo))

    def __call__(self, iri: str | None) -> Term | None:
        if not iri:
            return None
        return Term("uri", iri, label=self.labels.get(iri) or REUSED_NB.get(iri) or short(iri, self.base),
                    href=local_href(iri, self.base))


# -- evidence ------------------------------------------------------------------------------------
async def stored_spans(request: Request, interviews) -> dict[str, list[tuple[int, int, str]]]:
    """The spans of each interview's text that the graph holds the words of."""
    minter = request.app.state.settings.minter
    out: dict[str, list] = defaultdict(list)
    graphs = {minter.interview_graph(i.rsplit("/", 1)[-1]): i for i in interviews if "/id/interview/" in i}
    if not graphs:
        return out
    values = " ".join(f"<{g}>" for g in graphs)
    rows = await _q(request, f"SELECT ?g ?t ?v WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?t rdf:value ?v }} }}", 20_000)
    for r in rows:
        span = char_span(r["t"]["value"])
        if span:
            out[graphs[r["g"]["value"]]].append((*span, r["v"]["value"]))
    return out


async def sources(request: Request, interviews) -> dict[str, tuple[str, str]]:
    """``{interview: (article URL or "", file name or "")}``."""
    todo = sorted({i for i in interviews if i})
    if not todo:
        return {}
    values = " ".join(f"<{i}>" for i in todo)
    rows = await _q(request, f"""SELECT ?i ?src ?file WHERE {{ VALUES ?i {{ {values} }}
        OPTIONAL {{ ?i dct:source ?src }} OPTIONAL {{ ?i stf:sourcePath ?file }} }}""")
    out = {}
    for r in rows:
        src = _v(r, "src") or ""
        out[r["i"]["value"]] = (src if src.lower().startswith(("http://", "https://")) else "", _v(r, "file") or "")
    return out


def evidence(row: dict, terms: Terms, spans: dict, srcs: dict) -> Evidence:
    interview = _v(row, "i")
    span = char_span(row["t"]["value"]) if row.get("t") else None
    words = _v(row, "words")
    ev = Evidence(terms(interview), _v(row, "field") or "", *(span or (None, None)), words)
    if span and interview:
        ev.context = in_context(span, spans.get(interview, []))
    ev.source, ev.file = srcs.get(interview, ("", ""))
    return ev


def _dedupe(evs: list[Evidence]) -> list[Evidence]:
    """Each quote once: the same words in the same interview are one piece of evidence."""
    seen, out = set(), []
    for ev in evs:
        key = (ev.interview.value if ev.interview else "", ev.words or f"{ev.start}-{ev.end}", ev.context)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out


async def _named_rows(request: Request, iri: str) -> list[dict]:
    return await _q(request, f"""SELECT ?i ?field ?t ?words WHERE {{
        ?ann oa:hasBody <{iri}> ; oa:hasTarget ?t ; stf:field ?field . ?i stf:evidence ?ann .
        OPTIONAL {{ ?t rdf:value ?words }} }} ORDER BY ?i ?t""", 500)


async def named_in(request: Request, iri: str) -> list[Evidence]:
    """Where the graph's texts speak of ``iri``: each quote once, in its sentence where it can."""
    rows = await _named_rows(request, iri)
    terms = Terms(request.app.state.settings.base)
    await terms.load(request, {_v(r, "i") for r in rows})
    about = {_v(r, "i") for r in rows}
    spans, srcs = await stored_spans(request, about), await sources(request, about)
    return _dedupe([evidence(r, terms, spans, srcs) for r in rows])


def ego_href(iri: str) -> str:
    """The ego view of an actor of the collaboration network."""
    return "/viz/ego/" + quote(iri, safe="")


# -- a person ------------------------------------------------------------------------------------
@dataclass
class PersonView:
    iri: str
    name: str
    posts: list[Post] = field(default_factory=list)
    interviews: list[dict] = field(default_factory=list)
    passes: list[Pass] = field(default_factory=list)
    told: list[tuple[str, str, list[Fact]]] = field(default_factory=list)  # (kind, heading, facts)
    named: list[Evidence] = field(default_factory=list)
    stage: str = ""
    ego: str = ""


async def person(request: Request, iri: str, name: str) -> PersonView:
    base = request.app.state.settings.base
    terms = Terms(base)
    view = PersonView(iri, name, ego=ego_href(iri))
    posts = await _q(request, f"""SELECT ?ms ?o ?role ?title ?party ?since ?stated ?county ?council WHERE {{
        ?ms org:member <{iri}> .
        OPTIONAL {{ ?ms org:organization ?o
                   OPTIONAL {{ ?o stf:county ?county }}
                   OPTIONAL {{ ?o a stf:CountyMunicipality BIND(true AS ?council) }} }}
        OPTIONAL {{ ?ms org:role ?role }} OPTIONAL {{ ?ms stf:titleAsWritten ?title }} OPTIONAL {{ ?ms stf:party ?party }}
        OPTIONAL {{ ?ms org:memberDuring/time:hasBeginning ?b . ?b ?tp ?since
                   FILTER(?tp IN (time:inXSDDate, time:inXSDgYear, time:inXSDgYearMonth)) }}
        OPTIONAL {{ ?ms stf:statedIn ?stated }}
    }} ORDER BY ?ms""", 500)
    interviews = await _q(request, f"""SELECT ?i ?stage ?title ?issued WHERE {{ ?i stf:interviewee <{iri}>
        OPTIONAL {{ ?i stf:stage ?stage }} OPTIONAL {{ ?i dct:title ?title }} OPTIONAL {{ ?i dct:issued ?issued }} }}
        ORDER BY ?stage ?i""", 200)
    passes = await _q(request, f"""SELECT ?bp ?dir ?other ?stage ?in ?has WHERE {{
        {{ ?bp stf:giver <{iri}> ; stf:receiver ?other BIND("out" AS ?dir) }}
        UNION {{ ?bp stf:receiver <{iri}> ; stf:giver ?other BIND("in" AS ?dir) }}
        OPTIONAL {{ ?bp stf:stage ?stage }} OPTIONAL {{ ?bp stf:announcedIn ?in }}
        OPTIONAL {{ SELECT DISTINCT ?other (true AS ?has) WHERE {{ ?oi stf:interviewee ?other }} }}
    }} ORDER BY ?dir ?stage""", 200)
    told = await _q(request, f"""SELECT ?i ?body ?field ?t ?words WHERE {{
        ?i stf:interviewee <{iri}> ; stf:evidence ?ann . ?ann oa:hasBody ?body ; oa:hasTarget ?t ; stf:field ?field .
        OPTIONAL {{ ?t rdf:value ?words }} }} ORDER BY ?i ?field""", 2000)
    named = await _named_rows(request, iri)

    seen = {b["value"] for rows in (posts, interviews, passes, told, named) for r in rows for b in r.values() if b["type"] == "uri"}
    await terms.load(request, seen)
    about = {_v(r, "i") for r in told + named} | {_v(r, "i") for r in interviews}
    spans, srcs = await stored_spans(request, about), await sources(request, about)

    by_post: dict[str, Post] = {}
    for r in posts:
        p = by_post.get(r["ms"]["value"])
        if p is None:
            p = by_post[r["ms"]["value"]] = Post(terms(_v(r, "o")), terms(_v(r, "role")), _v(r, "title") or "",
                                                terms(_v(r, "party")), _v(r, "since") or "", terms(_v(r, "county")), [],
                                                bool(r.get("council")))
        if r.get("stated") and all(t.value != r["stated"]["value"] for t in p.stated_in):
            p.stated_in.append(terms(r["stated"]["value"]))
    view.posts = list(by_post.values())
    view.interviews = [{"term": terms(r["i"]["value"]), "stage": _v(r, "stage"), "title": _v(r, "title"),
                        "issued": _v(r, "issued")} for r in interviews]
    seen_passes = set()
    for r in passes:
        key = (r["bp"]["value"], r["dir"]["value"])
        if key in seen_passes:
            continue
        seen_passes.add(key)
        stage = _v(r, "stage")
        view.passes.append(Pass(r["dir"]["value"], terms(r["other"]["value"]), int(stage) if stage else None,
                                terms(_v(r, "in")), bool(r.get("has"))))
    facts: dict[str, dict[str, Fact]] = defaultdict(dict)
    for r in told:
        kind = field_kind(r["field"]["value"])
        if kind.split(".")[0] in _PERSON_FIELDS or kind == "facts":
            continue
        body = r["body"]["value"]
        fact = facts[kind].setdefault(body, Fact(terms(body)))
        fact.evidence.append(evidence(r, terms, spans, srcs))
    for f in (f for group in facts.values() for f in group.values()):
        f.evidence = _dedupe(f.evidence)
    view.told = [(k, nb, sorted(facts[k].values(), key=lambda f: f.term.text.casefold())) for k, nb, _ in KINDS if facts.get(k)]
    view.named = _dedupe([evidence(r, terms, spans, srcs) for r in named])
    view.stage = stage_line(view)
    return view


def stage_line(view: PersonView) -> str:
    """Which stage the person ran (their interview) or was handed (a pass to them)."""
    ran = sorted({int(i["stage"]) for i in view.interviews if i["stage"]})
    if ran:
        return "Løp etappe " + ", ".join(map(str, ran))
    handed = sorted({p.stage for p in view.passes if p.direction == "in" and p.stage})
    if handed:
        return "Fikk stafettpinnen til etappe " + ", ".join(map(str, handed)) + " – venter på intervju"
    gave = sorted({p.stage - 1 for p in view.passes if p.direction == "out" and p.stage})
    if gave:
        return "Løp etappe " + ", ".join(map(str, gave)) + " (ut fra overleveringen)"
    if any(p.direction == "in" for p in view.passes):
        return "Fikk stafettpinnen (etappe ikke oppgitt)" + ("" if view.interviews else " – venter på intervju")
    return ""


# -- an interview --------------------------------------------------------------------------------
@dataclass
class Answer:
    question: str
    question_en: str
    order: int
    start: int | None
    end: int | None
    found: list[tuple[str, list[Fact]]] = field(default_factory=list)  # (heading, facts)


@dataclass
class InterviewView:
    iri: str
    title: str = ""
    label: str = ""
    stage: str = ""
    issued: str = ""
    interviewee: Term | None = None
    post: Post | None = None
    county: Term | None = None
    giver: Pass | None = None
    receiver: Pass | None = None
    facts: list[tuple[Term, list[Term]]] = field(default_factory=list)
    fact_text: Evidence | None = None
    answers: list[Answer] = field(default_factory=list)
    elsewhere: list[tuple[str, list[Fact]]] = field(default_factory=list)
    source: str = ""
    file: str = ""
    ego: str = ""


async def interview(request: Request, iri: str, props: dict[str, list[Term]]) -> InterviewView:
    base = request.app.state.settings.base
    terms = Terms(base)
    first = lambda p: (props.get(p) or [None])[0]  # noqa: E731
    view = InterviewView(iri)
    who = first(STF + "interviewee")
    for attr, p in (("title", "http://purl.org/dc/terms/title"), ("label", "http://www.w3.org/2000/01/rdf-schema#label"),
                    ("stage", STF + "stage"), ("issued", "http://purl.org/dc/terms/issued")):
        t = first(p)
        setattr(view, attr, t.value if t else "")
    answers = await _q(request, f"""SELECT ?a ?t ?q ?qv ?order WHERE {{ <{iri}> stf:hasAnswer ?a . ?a oa:hasTarget ?t .
        OPTIONAL {{ ?a oa:hasBody ?q OPTIONAL {{ ?q stf:order ?order }} }} OPTIONAL {{ ?a oa:bodyValue ?qv }} }}""", 500)
    found = await _q(request, f"""SELECT ?body ?field ?t ?words WHERE {{ <{iri}> stf:evidence ?ann .
        ?ann oa:hasBody ?body ; oa:hasTarget ?t ; stf:field ?field . OPTIONAL {{ ?t rdf:value ?words }} }}""", 2000)
    profile = await _q(request, f"""SELECT ?p ?o WHERE {{ ?pr stf:statedIn <{iri}> ; a stf:MunicipalityProfile ; ?p ?o }}""", 500)
    passes, posts = [], []
    if who:
        passes = await _q(request, f"""SELECT ?bp ?dir ?other ?stage ?in ?has WHERE {{
            {{ ?bp stf:giver <{who.value}> ; stf:receiver ?other BIND("out" AS ?dir) }}
            UNION {{ ?bp stf:receiver <{who.value}> ; stf:giver ?other BIND("in" AS ?dir) }}
            OPTIONAL {{ ?bp stf:stage ?stage }} OPTIONAL {{ ?bp stf:announcedIn ?in }}
            OPTIONAL {{ SELECT DISTINCT ?other (true AS ?has) WHERE {{ ?oi stf:interviewee ?other }} }} }}""", 200)
        posts = await _q(request, f"""SELECT ?ms ?o ?role ?title ?county ?council ?stated WHERE {{ ?ms org:member <{who.value}> .
            OPTIONAL {{ ?ms org:organization ?o OPTIONAL {{ ?o stf:county ?county }}
                       OPTIONAL {{ ?o a stf:CountyMunicipality BIND(true AS ?council) }} }}
            OPTIONAL {{ ?ms org:role ?role }} OPTIONAL {{ ?ms stf:titleAsWritten ?title }} OPTIONAL {{ ?ms stf:statedIn ?stated }} }}""", 200)
    seen = {b["value"] for rows in (answers, found, profile, passes, posts) for r in rows for b in r.values() if b["type"] == "uri"}
    await terms.load(request, seen | ({who.value} if who else set()))
    q_en = await _english(request, {_v(r, "q") for r in answers if r.get("q")})
    spans, srcs = await stored_spans(request, [iri]), await sources(request, [iri])
    view.source, view.file = srcs.get(iri, ("", ""))
    view.interviewee = terms(who.value) if who else None
    view.ego = ego_href(who.value) if who else ""

    # the post stated in this interview (else any), and the county of its organisation
    chosen = [r for r in posts if _v(r, "stated") == iri] or posts
    if chosen:
        r = chosen[0]
        view.post = Post(terms(_v(r, "o")), terms(_v(r, "role")), _v(r, "title") or "", None, "", terms(_v(r, "county")),
                         [], bool(r.get("council")))
    stage = int(view.stage) if view.stage.isdigit() else None
    ins = [r for r in passes if r["dir"]["value"] == "in"]
    outs = [r for r in passes if r["dir"]["value"] == "out"]
    pick_in = ([r for r in ins if stage and _v(r, "stage") == str(stage)] or [r for r in ins if _v(r, "in") == iri] or ins)
    pick_out = ([r for r in outs if _v(r, "in") == iri] or [r for r in outs if stage and _v(r, "stage") == str(stage + 1)] or outs)
    mk = lambda r: Pass(r["dir"]["value"], terms(r["other"]["value"]), int(r["stage"]["value"]) if r.get("stage") else None,  # noqa: E731
                        terms(_v(r, "in")), bool(r.get("has")))
    view.giver = mk(pick_in[0]) if pick_in else None
    view.receiver = mk(pick_out[0]) if pick_out else None

    # the fact box: its values under their Norwegian names, and its words as printed
    skip = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type", STF + "statedIn", STF + "profileOf"}
    box: dict[str, tuple[Term, list[Term]]] = {}
    for r in profile:
        p = r["p"]["value"]
        if p in skip:
            continue
        o = r["o"]
        value = terms(o["value"]) if o["type"] == "uri" else Term("literal", o["value"], o.get("xml:lang", ""),
                                                                   short(o.get("datatype", ""), base), datatype_iri=o.get("datatype", ""))
        box.setdefault(p, (terms(p), []))[1].append(value)
    order = [STF + "population", STF + "areaKm2", STF + "freeIncomePerCapita", STF + "mayor", STF + "motto", "http://purl.org/dc/terms/date"]
    view.facts = sorted(box.values(), key=lambda pv: order.index(pv[0].value) if pv[0].value in order else 99)

    # what was found, by kind; then placed under the answer whose span holds it
    items: list[tuple[int | None, str, Fact, Evidence]] = []
    for r in found:
        ev = evidence({**r, "i": {"type": "uri", "value": iri}}, terms, spans, srcs)
        kind = field_kind(ev.field)
        if kind == "facts":
            view.fact_text = ev
            continue
        kind = "people" if kind.split(".")[0] in _PERSON_FIELDS else kind
        items.append((ev.start, kind, Fact(terms(r["body"]["value"])), ev))
    view.answers = sorted((Answer(terms(_v(r, "q")).text if r.get("q") else (_v(r, "qv") or "Spørsmål"),
                                  q_en.get(_v(r, "q") or "", ""), int(_v(r, "order") or 99), *(char_span(r["t"]["value"]) or (None, None)))
                           for r in answers), key=lambda a: (a.order, a.start or 0))
    placed: dict[int, dict[str, dict[str, Fact]]] = defaultdict(lambda: defaultdict(dict))
    rest: dict[str, dict[str, Fact]] = defaultdict(dict)
    for start, kind, fact, ev in sorted(items, key=lambda x: (x[0] or 0)):
        home = next((k for k, a in enumerate(view.answers)
                     if start is not None and a.start is not None and a.start <= start < a.end), None)
        group = placed[home][kind] if home is not None else rest[kind]
        group.setdefault(fact.term.value, fact).evidence.append(ev)
    for k, a in enumerate(view.answers):
        a.found = _grouped(placed.get(k, {}))
    view.elsewhere = _grouped(rest)
    return view


def _grouped(groups: dict[str, dict[str, Fact]]) -> list[tuple[str, list[Fact]]]:
    out = []
    for kind, nb, _ in KINDS:
        facts = list((groups.get(kind) or {}).values())
        for f in facts:
            f.evidence = _dedupe(f.evidence)
        if facts:
            out.append((nb, facts))
    return out


async def _english(request: Request, iris) -> dict[str, str]:
    todo = sorted(i for i in iris if i)
    if not todo:
        return {}
    values = " ".join(f"<{i}>" for i in todo)
    rows = await _q(request, f"""SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x skos:prefLabel ?l
        FILTER(LANGMATCHES(LANG(?l), "en")) }}""", 500)
    return {r["x"]["value"]: r["l"]["value"] for r in rows}
