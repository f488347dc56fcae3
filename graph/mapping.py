"""Interview record -> the triples of its named graph (pure).

Everything derived from one interview lives in that interview's graph, so "where did this come
from" is ``GRAPH ?g`` and replacing an interview replaces one graph. Entities shared between
interviews (people, municipalities, projects, organisations, concepts) get the same IRI wherever
they are named, so the union of the graphs merges them; see ``graph/iris.py`` for the keys.

The modelling follows ``shared/spec/modelling-notes.md``: the baton pass is an event with a
derived person-to-person shortcut; posts are SKOS concepts and the title as written stays on the
membership; fact boxes are dated profiles; partners are organisations or partner categories;
every extracted fact is tied to its span of the source text by a Web Annotation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, TIME, XSD

from .iris import Minter, org_key, short_hash
from .model import Record
from .namespaces import OA, SCHEMA, STF
from .reference import Reference
from .vocab import Vocabulary

Triple = ox.Triple
_NODES: dict[str, ox.NamedNode] = {}


def URIRef(iri: str) -> ox.NamedNode:  # noqa: N802 - reads like the rdflib term it stands for
    """A pyoxigraph IRI, memoised: vocabulary terms recur in every triple."""
    node = _NODES.get(iri)
    if node is None:
        node = ox.NamedNode(str(iri))
        if len(_NODES) < 50_000:
            _NODES[iri] = node
    return node


def Literal(value, datatype=None, lang=None) -> ox.Literal:  # noqa: N802
    if lang:
        return ox.Literal(str(value), language=lang)
    if datatype is not None:
        return ox.Literal(str(value), datatype=URIRef(datatype))
    return ox.Literal(str(value))
SERIES = "Innovasjonsstafetten"
QUOTE_LIMIT = 300  # longest span quoted into the graph (names and labels, not whole answers)


@dataclass
class MappedInterview:
    """The result of mapping one record."""

    key: str
    iri: str
    graph: str
    triples: list[Triple]
    warnings: list[str] = field(default_factory=list)


def interview_key(record: dict, minter: Minter, reference: Reference) -> str:
    """The interview's key: the record's ``id`` when given, else the interviewee's person key and
    the stage (``trude-andresen.3314-s1``), so one person interviewed at two stages (a relay that
    comes back to them) gives two interviews, while the same interview saved twice gives one.
    Without a stage, a short hash of the source (its sha256, else its URL) tells interviews apart."""
    if record.get("id"):
        return record["id"]
    person = record["interviewee"]
    org = resolve_org(person.get("organisation"), reference)
    key = minter.person_key(person["name"], org_key(org))
    if record.get("stage"):
        return f"{key}-s{record['stage']}"
    source = record.get("source") or {}
    if source.get("sha256"):
        return f"{key}-{source['sha256'][:8]}"
    if source.get("url"):
        return f"{key}-{short_hash(source['url'])}"
    return key


def resolve_org(org: dict | None, reference: Reference) -> dict | None:
    """A record organisation with its kommunenummer mapped to today's entity key (3048 -> 3314)
    and, when only a name is given, the number found by name. Never guesses between homonyms."""
    if not org:
        return None
    out = dict(org)
    kn, fn, name = org.get("kommunenummer"), org.get("fylkesnummer"), org.get("name")
    if kn:
        m = reference.municipality(kn)
        out["kommunenummer"] = m.key if m else kn
    elif fn:
        c = reference.county(fn)
        out["fylkesnummer"] = c.key if c else fn
    elif name:
        lowered = name.casefold()
        if "fylkeskommune" in lowered or "fylke" in lowered.split():
            found = reference.find_counties(name)
            current = [c for c in found if c.current]
            if len(current) == 1:
                out["fylkesnummer"] = current[0].key
        else:
            found_m = [m for m in reference.find_municipalities(name) if m.current]
            if len(found_m) == 1:
                out["kommunenummer"] = found_m[0].key
    return out


class _Mapper:
    """Accumulates the triples of one interview's graph."""

    def __init__(self, record: Record, minter: Minter, reference: Reference, vocab: Vocabulary, text: str | None):
        self.r = record
        self.m = minter
        self.ref = reference
        self.vocab = vocab
        self.text = text
        self.lang = (record.get("source") or {}).get("language") or "nb"
        self.triples: list[Triple] = []
        self.warnings: list[str] = []
        self.key = interview_key(record, minter, reference)
        self.iri = URIRef(minter.interview(self.key))
        self._spans: set[tuple[int, int]] = set()
        self._evidence = 0
        self.quotes = _record_quotes(record) if text is None else {}

    # -- small helpers -------------------------------------------------------------------------
    def add(self, s, p, o) -> None:
        self.triples.append(ox.Triple(s if isinstance(s, ox.NamedNode) else URIRef(s), URIRef(p), o if isinstance(o, (ox.Literal, ox.NamedNode)) else URIRef(o)))

    def lit(self, value, datatype=None, lang=None) -> Literal:
        return Literal(value, datatype=datatype, lang=lang)

    def text_lit(self, value: str) -> Literal:
        return Literal(value, lang=self.lang)

    def segment(self, span) -> URIRef | None:
        """The IRI of ``[start, end)`` of the interview's text: ``{interview}#char=S,E``.

        A fragment identifier of RFC 5147 (plain-text positions), which the Web Annotation model
        accepts as an annotation's target instead of a Specific Resource with selectors: one IRI
        instead of three nodes and eight triples per span. The words themselves, when the text
        was at hand, are the segment's ``rdf:value``.
        """
        if not span or len(span) != 2:
            return None
        s, e = int(span[0]), int(span[1])
        target = URIRef(f"{self.iri.value}#char={s},{e}")
        if (s, e) not in self._spans:
            self._spans.add((s, e))
            if self.text is not None and 0 <= s < e <= len(self.text) and e - s <= QUOTE_LIMIT:
                self.add(target, RDF.value, Literal(self.text[s:e]))
            elif self.text is None and (s, e) in self.quotes:  # a record that carries its evidence
                self.add(target, RDF.value, Literal(self.quotes[(s, e)]))
        return target

    def evidence(self, body: URIRef, field_name: str, span) -> None:
        """An annotation tying ``body`` (the entity a fact is about) to the words it came from."""
        target = self.segment(span)
        if target is None:
            return
        ann = URIRef(self.m.part(self.key, f"ev-{self._evidence}"))
        self._evidence += 1
        self.add(self.iri, STF.evidence, ann)
        self.add(ann, RDF.type, OA.Annotation)
        self.add(ann, OA.hasBody, body)
        self.add(ann, OA.hasTarget, target)
        self.add(ann, STF.field, Literal(field_name))

    def field_span(self, path: str):
        """The span of a single-valued field: its evidence (or, in older records, ``spans``)."""
        ev = (self.r.get("evidence") or {}).get(path) or {}
        return ev.get("span") or (self.r.get("spans") or {}).get(path)

    def concept(self, kind: str, label: str, scheme: str) -> URIRef:
        """The vocabulary concept for ``label``, or a new concept of the interview's own wording."""
        found = self.vocab.lookup(kind, label)
        if found:
            return URIRef(self.m.id(kind, found.key))
        iri = URIRef(self.m.concept(kind, label))
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.prefLabel, self.text_lit(label))
        self.add(iri, RDFS.label, self.text_lit(label))
        self.add(iri, SKOS.inScheme, URIRef(self.m.scheme(scheme)))
        return iri

    # -- organisations and people --------------------------------------------------------------
    def organisation(self, org: dict | None, *, county_hint: str | None = None) -> tuple[URIRef | None, str | None]:
        """(IRI, key) of a record organisation: a municipality, a county, or a named organisation."""
        org = resolve_org(org, self.ref)
        if not org:
            return None, None
        if county_hint and not org.get("kommunenummer") and org.get("name") and not org.get("fylkesnummer"):
            found = [m for m in self.ref.find_municipalities(org["name"], county=county_hint) if m.current]
            if len(found) == 1:
                org["kommunenummer"] = found[0].key
        key = org_key(org)
        if org.get("kommunenummer"):
            return URIRef(self.m.municipality(org["kommunenummer"])), key
        if org.get("fylkesnummer"):
            return URIRef(self.m.county(org["fylkesnummer"])), key
        iri = URIRef(self.m.organisation(org["name"]))
        self.named_organisation(iri, org["name"])
        self.warnings.append(f"organisation {org['name']!r} is not in the reference data; kept by name")
        return iri, key

    def named_organisation(self, iri: URIRef, name: str, country: str | None = None) -> None:
        self.add(iri, RDF.type, ORG.Organization)
        self.add(iri, SKOS.prefLabel, Literal(name))
        self.add(iri, RDFS.label, Literal(name))
        for t in self.vocab.match_keywords("orgtype", name)[:1]:
            self.add(iri, DCTERMS.type, URIRef(self.m.id("orgtype", t.key)))
        if country:
            self.add(iri, STF.country, Literal(country))

    def person(self, person: dict, field_name: str) -> tuple[URIRef, str, URIRef | None, str | None]:
        org_iri, okey = self.organisation(person.get("organisation"), county_hint=person.get("county"))
        pkey = self.m.person_key(person["name"], okey)
        iri = URIRef(self.m.id("person", pkey))
        self.add(iri, RDF.type, FOAF.Person)
        self.add(iri, FOAF.name, Literal(person["name"]))
        self.add(iri, RDFS.label, Literal(person["name"]))
        self.evidence(iri, f"{field_name}.name", person.get("span") or self.field_span(f"{field_name}.name"))
        role = person.get("role") or person.get("role_as_written")
        if org_iri is not None or role:
            self.membership(iri, pkey, org_iri, okey, role, person.get("role_as_written"), person.get("since"))
        return iri, pkey, org_iri, okey

    def membership(self, person, pkey, org_iri, okey, role, as_written, since, party=None) -> URIRef:
        role_iri = self.concept("role", role, "roles") if role else None
        role_key = role_iri.value.rsplit("/", 1)[-1] if role_iri else "member"
        ms = URIRef(self.m.membership(pkey, okey, role_key))
        self.add(ms, RDF.type, ORG.Membership)
        self.add(ms, ORG.member, person)
        self.add(ms, STF.statedIn, self.iri)
        if org_iri is not None:
            self.add(ms, ORG.organization, org_iri)
            self.add(person, ORG.memberOf, org_iri)
        if role_iri is not None:
            self.add(ms, ORG.role, role_iri)
        if as_written:
            self.add(ms, STF.titleAsWritten, Literal(as_written))
        if party:
            self.add(ms, STF.party, self.concept("party", party, "parties"))
        if since:
            during, start = URIRef(f"{ms.value}-during"), URIRef(f"{ms.value}-start")
            self.add(ms, ORG.memberDuring, during)
            self.add(during, RDF.type, TIME.Interval)
            self.add(during, TIME.hasBeginning, start)
            self.add(start, RDF.type, TIME.Instant)
            prop, dt = {4: (TIME.inXSDgYear, XSD.gYear), 7: (TIME.inXSDgYearMonth, XSD.gYearMonth)}.get(
                len(since), (TIME.inXSDDate, XSD.date)
            )
            self.add(start, prop, Literal(since, datatype=dt))
        return ms

    # -- the parts of a record -----------------------------------------------------------------
    def interview(self) -> tuple[URIRef, str, URIRef | None, str | None]:
        r, i = self.r, self.iri
        src = r.get("source") or {}
        person, pkey, org_iri, okey = self.person(r["interviewee"], "interviewee")
        self.add(i, RDF.type, STF.Interview)
        self.add(i, RDF.type, SCHEMA.Article)
        self.add(i, STF.interviewee, person)
        org_name = ((r["interviewee"].get("organisation") or {}).get("name")) or ""
        label = f"Intervju med {r['interviewee']['name']}" + (f" ({org_name})" if org_name else "")
        self.add(i, RDFS.label, Literal(label, lang="nb"))
        self.add(i, STF.series, Literal(src.get("series") or SERIES))
        if org_iri is not None:
            self.add(i, STF.organisation, org_iri)
        if r.get("stage"):
            self.add(i, STF.stage, self.lit(r["stage"], XSD.integer))
        if src.get("title"):
            self.add(i, DCTERMS.title, self.text_lit(src["title"]))
        if src.get("url"):
            self.add(i, DCTERMS.source, URIRef(src["url"]))
            self.add(i, PROV.wasDerivedFrom, URIRef(src["url"]))
        if src.get("sha256"):
            self.add(i, STF.sourceSha256, Literal(src["sha256"]))
        if src.get("path") and file_name(src["path"]):
            self.add(i, STF.sourcePath, Literal(file_name(src["path"])))
        if src.get("published"):
            self.add(i, DCTERMS.issued, _date_literal(src["published"]))
        self.add(i, DCTERMS.language, Literal(self.lang))
        return person, pkey, org_iri, okey

    def baton(self, interviewee: URIRef, ikey: str) -> None:
        r = self.r
        stage = r.get("stage")
        if r.get("baton_from"):
            giver, gkey, _, _ = self.person(r["baton_from"], "baton_from")
            self.baton_pass(giver, gkey, interviewee, ikey, stage)
        if r.get("baton_to"):
            receiver, rkey, _, _ = self.person(r["baton_to"], "baton_to")
            self.baton_pass(interviewee, ikey, receiver, rkey, stage + 1 if stage else None)

    def baton_pass(self, giver, gkey, receiver, rkey, stage) -> None:
        if gkey == rkey:
            self.warnings.append("the baton is passed to the interviewee themself; no pass recorded")
            return
        bp = URIRef(self.m.baton_pass(gkey, rkey))
        self.add(bp, RDF.type, STF.BatonPass)
        self.add(bp, STF.giver, giver)
        self.add(bp, STF.receiver, receiver)
        self.add(bp, STF.announcedIn, self.iri)
        self.add(giver, STF.passedBatonTo, receiver)
        if stage:
            self.add(bp, STF.stage, self.lit(stage, XSD.integer))

    def profile(self, org_iri: URIRef | None, okey: str | None) -> None:
        facts = self.r.get("facts") or {}
        values = {k: v for k, v in facts.items() if k not in ("organisation", "span") and v not in (None, {}, "")}
        if not values:
            return
        target = org_iri
        if facts.get("organisation"):
            target, okey = self.organisation(facts["organisation"])
        if target is None:
            self.warnings.append("fact box without a municipality to attach it to; skipped")
            return
        pr = URIRef(self.m.profile(self.key))
        self.add(pr, RDF.type, STF.MunicipalityProfile)
        self.add(pr, STF.profileOf, target)
        self.add(pr, STF.statedIn, self.iri)
        published = (self.r.get("source") or {}).get("published")
        if published:
            self.add(pr, DCTERMS.date, _date_literal(published))
        if facts.get("area_km2") is not None:
            self.add(pr, STF.areaKm2, Literal(decimal_lexical(facts["area_km2"]), datatype=XSD.decimal))
        if facts.get("population") is not None:
            self.add(pr, STF.population, Literal(int(facts["population"]), datatype=XSD.integer))
        if facts.get("free_income_nok_per_capita") is not None:
            self.add(pr, STF.freeIncomePerCapita, Literal(int(facts["free_income_nok_per_capita"]), datatype=XSD.integer))
        if facts.get("motto"):
            self.add(pr, STF.motto, self.text_lit(facts["motto"]))
        mayor = facts.get("mayor")
        if mayor and mayor.get("name"):
            pkey = self.m.person_key(mayor["name"], okey)
            person = URIRef(self.m.id("person", pkey))
            self.add(person, RDF.type, FOAF.Person)
            self.add(person, FOAF.name, Literal(mayor["name"]))
            self.add(person, RDFS.label, Literal(mayor["name"]))
            self.add(pr, STF.mayor, person)
            self.membership(person, pkey, target, okey, "ordfører", None, None, party=mayor.get("party"))
        self.evidence(pr, "facts", facts.get("span"))

    def mentions(self, org_iri: URIRef | None) -> None:
        r, i = self.r, self.iri
        for n, p in enumerate(r.get("projects") or []):
            proj = URIRef(self.m.project(p["name"]))
            self.add(proj, RDF.type, SCHEMA.Project)
            self.add(proj, SCHEMA.name, Literal(p["name"]))
            self.add(proj, RDFS.label, Literal(p["name"]))
            if p.get("description"):
                self.add(proj, SCHEMA.description, self.text_lit(p["description"]))
            self.add(i, SCHEMA.mentions, proj)
            if org_iri is not None:
                self.add(org_iri, STF.project, proj)
            self.evidence(proj, f"projects[{n}]", p.get("span"))
        for n, p in enumerate(r.get("partners") or []):
            partner = self.partner(p)
            self.add(i, SCHEMA.mentions, partner)
            if org_iri is not None and partner != org_iri:
                self.add(org_iri, STF.collaboratesWith, partner)
            self.evidence(partner, f"partners[{n}]", p.get("span"))
        for n, o in enumerate(r.get("organisations") or []):
            iri = self.partner({**o, "kind": "organisation"}, country=o.get("country"))
            self.add(i, STF.mentions, iri)
            self.evidence(iri, f"organisations[{n}]", o.get("span"))
        for n, need in enumerate(r.get("needs") or []):
            concept = URIRef(self.m.concept("need", need["label"]))
            self.add(concept, RDF.type, SKOS.Concept)
            self.add(concept, SKOS.prefLabel, self.text_lit(need["label"]))
            self.add(concept, RDFS.label, self.text_lit(need["label"]))
            self.add(concept, SKOS.inScheme, URIRef(self.m.scheme("needs")))
            for theme in self.vocab.match_keywords("theme", need["label"]):
                t = URIRef(self.m.id("theme", theme.key))
                self.add(concept, SKOS.broader, t)
                self.add(i, STF.theme, t)
            self.add(i, STF.need, concept)
            self.evidence(concept, f"needs[{n}]", need.get("span"))
        for n, method in enumerate(r.get("methods") or []):
            concept = self.concept("method", method["label"], "methods")
            self.add(i, STF.method, concept)
            self.evidence(concept, f"methods[{n}]", method.get("span"))
        for theme in r.get("themes") or []:
            label = theme if isinstance(theme, str) else theme["label"]
            self.add(i, STF.theme, self.concept("theme", label, "themes"))

    def partner(self, p: dict, country: str | None = None) -> URIRef:
        if p.get("kind") == "category":
            found = self.vocab.lookup("category", p["name"])
            if found:
                return URIRef(self.m.id("category", found.key))
            iri = self.concept("category", p["name"], "partner-categories")
            # File the group's own wording under the first category whose label it contains.
            for c in self.vocab.of_kind("category"):
                if iri != URIRef(self.m.id("category", c.key)) and any(
                    lab.casefold() in p["name"].casefold() for lab in c.labels
                ):
                    self.add(iri, STF.partnerCategory, URIRef(self.m.id("category", c.key)))
                    break
            return iri
        org = {"name": p["name"], "kommunenummer": p.get("kommunenummer"), "fylkesnummer": p.get("fylkesnummer")}
        resolved = resolve_org(org, self.ref)
        if resolved.get("kommunenummer"):
            return URIRef(self.m.municipality(resolved["kommunenummer"]))
        if resolved.get("fylkesnummer"):
            return URIRef(self.m.county(resolved["fylkesnummer"]))
        iri = URIRef(self.m.organisation(p["name"]))
        self.named_organisation(iri, p["name"], country)
        return iri

    def answers(self) -> None:
        """Each answer is an annotation of its span of the text whose body is the standard
        question it answers (or, for a question the series does not have, its words)."""
        for n, qa in enumerate(self.r.get("qa") or [], start=1):
            span = qa.get("answer_span")
            if not span or len(span) != 2:
                continue  # an answer is an annotation of its words: none without them
            ans = URIRef(self.m.part(self.key, f"answer-{n}"))
            self.add(self.iri, STF.hasAnswer, ans)
            self.add(ans, RDF.type, STF.Answer)
            self.add(ans, STF.field, Literal(f"qa[{n - 1}]"))
            topic = qa.get("topic")
            q = self.vocab.get("question", topic) if topic else None
            if q is not None:
                self.add(ans, OA.hasBody, URIRef(self.m.id("question", q.key)))
            else:
                self.add(ans, OA.bodyValue, self.text_lit(qa.get("question") or "?"))
            s, e = int(span[0]), int(span[1])
            self.add(ans, OA.hasTarget, URIRef(f"{self.iri.value}#char={s},{e}"))


def _record_quotes(record: Record) -> dict[tuple[int, int], str]:
    """The words a record says stand at its spans (its ``evidence`` and each list item's ``quote``),
    for a record built without its source text: ``stafett ingest`` then ``stafett build``."""
    out: dict[tuple[int, int], str] = {}

    def keep(span, quote) -> None:
        if isinstance(quote, str) and quote and isinstance(span, list) and len(span) == 2 and len(quote) <= QUOTE_LIMIT:
            out.setdefault((int(span[0]), int(span[1])), quote)

    for ev in (record.get("evidence") or {}).values():
        if isinstance(ev, dict):
            keep(ev.get("span"), ev.get("quote"))
    for key in ("projects", "partners", "organisations", "needs", "methods"):
        for item in record.get(key) or []:
            if isinstance(item, dict):
                keep(item.get("span"), item.get("quote"))
    return out


def decimal_lexical(value) -> str:
    """The ``xsd:decimal`` form of a number: no exponent (``str`` would write 1e-05), and at most
    the 18 decimals Oxigraph's decimals hold (more would make the literal invalid there).

    >>> decimal_lexical(456.2), decimal_lexical(1e-05), decimal_lexical(1e16), decimal_lexical(19), decimal_lexical(6.5e-28)
    ('456.2', '0.00001', '10000000000000000', '19', '0')
    """
    from decimal import Decimal

    d = Decimal(str(value))
    if d.as_tuple().exponent < -18:
        d = d.quantize(Decimal("1e-18")).normalize()
    return format(d, "f")


def file_name(path: str) -> str:
    r"""The file name of a record's ``source.path``, without its folders (POSIX or Windows):
    the graph is published, and where the builder keeps files is nobody else's business.

    >>> file_name("/home/kari/corpus/ovre-eiker.txt"), file_name(r"C:\Users\kari\hå.md")
    ('ovre-eiker.txt', 'hå.md')
    """
    return str(path).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _date_literal(value: str) -> Literal:
    dt = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=dt)


def map_record(record: Record, *, minter: Minter, reference: Reference, vocab: Vocabulary, text: str | None = None) -> MappedInterview:
    """The named graph of one (validated, normalised) record.

    ``text`` is the normalised source text when it is at hand; spans then also carry the words
    they point at (``rdf:value``), for names and labels up to ``QUOTE_LIMIT`` characters. Without
    the text, the words the record itself quotes at its spans are used (``evidence``, ``quote``).
    """
    mp = _Mapper(record, minter, reference, vocab, text)
    person, pkey, org_iri, okey = mp.interview()
    mp.baton(person, pkey)
    mp.profile(org_iri, okey)
    mp.mentions(org_iri)
    mp.answers()
    for w in record.get("warnings") or []:
        if w not in mp.warnings:
            mp.warnings.append(w)
    return MappedInterview(
        key=mp.key,
        iri=mp.iri.value,
        graph=minter.interview_graph(mp.key),
        triples=mp.triples,
        warnings=mp.warnings,
    )
