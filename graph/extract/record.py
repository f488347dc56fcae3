"""Text -> interview record: the extractor's pure core, gluing layout, people, facts and mentions.

Every value carries a ``[start, end)`` span into the normalised text: people and list items in
their own ``span`` field, questions and answers in ``question_span``/``answer_span``, and single
facts in the record's ``spans`` map keyed by field path ("interviewee.role", "facts.population").
"""

from __future__ import annotations

from ..errors import InputError
from ..reference import Reference, load_reference
from .document import Document, detect_language
from .facts import parse_facts
from .mentions import find_mentions
from .orgs import resolve_org
from .patterns import normalise_role, surname_match
from .people import Person, baton_answer_receivers, find_people
from .segments import segment


def build_record(doc: Document, *, path: str, reference: Reference | None = None,
                 source: dict | None = None) -> dict:
    """The record of one interview document; :class:`InputError` when it is not an interview."""
    ref = reference or load_reference()
    layout = segment(doc)
    people = find_people(doc, layout)
    if people.interviewee is None:
        if not layout.qa:
            raise InputError(path, "not an interview: no questions of the series, no baton pass and no interviewee found")
        raise InputError(path, "no interviewee found: name the person, e.g. 'Rådmann Kari Nordmann svarer.' or "
                               "'Kari Nordmann, rådmann i Hå kommune'")
    if not layout.qa and people.baton_to is None and people.baton_from is None:
        raise InputError(path, "not an interview: no questions of the series and no baton pass found")
    warnings: list[str] = []
    spans: dict[str, list[int]] = {}
    rec: dict = {"source": {"path": path, "sha256": None, "url": None, "title": None, "published": None,
                            "language": detect_language(doc.text)}}
    rec["source"].update(source or {})
    if rec["source"]["title"] is None and layout.headline is not None:
        rec["source"]["title"] = layout.headline.text.strip(" #*")[:300] or None
    rec["stage"] = people.stage
    if people.stage_span:
        spans["stage"] = list(people.stage_span)
    rec["interviewee"] = _person(people.interviewee, "interviewee", ref, spans, warnings)
    rec["baton_from"] = _person(people.baton_from, "baton_from", ref, spans, warnings)
    rec["baton_to"] = _person(people.baton_to, "baton_to", ref, spans, warnings)
    warnings.extend(_baton_warnings(doc, layout, people))
    facts, fact_spans, caption = parse_facts(layout.facts)
    if caption is not None:
        org, warning = resolve_org(caption.text.strip(), ref)
        if org["kommunenummer"] or org["fylkesnummer"]:
            facts["organisation"] = org
            fact_spans["facts.organisation"] = [caption.start, caption.end]
        if rec["interviewee"]["organisation"] is None and org["kommunenummer"]:
            # The fact box is the interviewee's municipality's when nothing else names it.
            rec["interviewee"]["organisation"] = dict(org)
            spans["interviewee.organisation"] = [caption.start, caption.end]
    if facts:
        starts = [s for s, _ in fact_spans.values()] + [ln.start for ln in layout.facts]
        ends = [e for _, e in fact_spans.values()] + [ln.end for ln in layout.facts]
        facts["span"] = [min(starts), max(ends)]
    rec["facts"] = facts
    spans.update(fact_spans)
    rec["qa"] = [{"topic": qa.topic, "question": doc.view[qa.question_start:qa.question_end].strip(" *#") or None,
                  "question_span": [qa.question_start, qa.question_end],
                  "answer_span": list(qa.answer_span) if qa.answer_span else None} for qa in layout.qa]
    own = rec["interviewee"]["organisation"] or {}
    found = find_mentions(doc, layout, ref, own=own, people=people)
    rec.update({k: found[k] for k in ("projects", "partners", "organisations", "needs", "methods")})
    rec["themes"] = []
    rec["warnings"] = list(dict.fromkeys(warnings + found["warnings"]))
    rec["spans"] = spans
    return rec


def _baton_warnings(doc: Document, layout, people) -> list[str]:
    """A baton answer that names several receivers, or only the interviewee."""
    receivers = baton_answer_receivers(doc, layout)
    others = [p for p in receivers if not surname_match(people.interviewee.name, p.name)]
    if len(others) > 1:
        chosen = people.baton_to.name if people.baton_to else others[0].name
        return [f"baton_to: the baton answers name {len(others)} receivers ({'; '.join(p.name for p in others)}); "
                f"one pass is recorded, to {chosen}: check the text"]
    if receivers and not others:
        return ["baton_to: the baton answer passes the baton to the interviewee themself; no receiver recorded"]
    return []


def _person(p: Person | None, key: str, ref: Reference, spans: dict, warnings: list[str]) -> dict | None:
    if p is None:
        return None
    role, known = normalise_role(p.role)
    if p.role and not known:
        warnings.append(f"{key}: title {p.role!r} is not in the roles vocabulary; kept as written")
    county = None
    if p.county and ref.find_counties(p.county):
        county = p.county
    org = None
    if p.org:
        org, warning = resolve_org(p.org, ref, county=county)
        if warning:
            warnings.append(f"{key}: {warning}")
    for field, span in (("name", p.name_span), ("role", p.role_span), ("organisation", p.org_span),
                        ("since", p.since_span)):
        if span:
            spans[f"{key}.{field}"] = list(span)
    return {"name": p.name, "role": role, "role_as_written": p.role, "organisation": org,
            "since": p.since, "county": county, "span": list(p.name_span) if p.name_span else None}
