"""Text -> interview record: the extractor's pure core, gluing layout, people, facts and mentions.

Every value carries a ``[start, end)`` span into the normalised text, and every single-valued field
(the stage, each part of a person, each fact) carries its evidence in the record's ``evidence`` map,
keyed by field path ("interviewee.role", "facts.population"): the span, the words there, the cue
that chose the value, and how sure that cue makes the extractor. A value whose confidence is below
:data:`THRESHOLD` is not recorded: the field stays null and the record says so in a warning.
"""

from __future__ import annotations

from ..errors import InputError
from ..model import Evidence, Organisation, Person as PersonRecord, Record
from ..reference import Reference, load_reference
from .document import Document, detect_language
from .facts import parse_facts
from .mentions import find_mentions
from .orgs import resolve_org
from .patterns import normalise_role, surname_match
from .people import Cue, Person, baton_answer_receivers, find_people
from .segments import segment

THRESHOLD = 0.5  # below this a value is left out and the record warns


def _evidence(doc: Document, span, cue: Cue | None) -> Evidence:
    out: Evidence = {"span": list(span) if span else None, "quote": None,
                     "cue": cue.text if cue else None, "confidence": round(cue.confidence, 2) if cue else None}
    if span and 0 <= span[0] < span[1] <= len(doc.text):
        quote = " ".join(doc.text[span[0]:span[1]].split())
        out["quote"] = quote[:2000] or None
    return out


def build_record(doc: Document, *, path: str, reference: Reference | None = None,
                 source: dict | None = None) -> Record:
    """The record of one interview document; :class:`InputError` when it is not an interview."""
    ref = reference or load_reference()
    layout = segment(doc)
    people = find_people(doc, layout, ref)
    if people.interviewee is None:
        if not layout.qa:
            raise InputError(path, "not an interview: no questions of the series, no baton pass and no interviewee found")
        raise InputError(path, "no interviewee found: name the person, e.g. 'Rådmann Kari Nordmann svarer.' or "
                               "'Kari Nordmann, rådmann i Hå kommune'")
    if not layout.qa and people.baton_to is None and people.baton_from is None:
        raise InputError(path, "not an interview: no questions of the series and no baton pass found")
    warnings: list[str] = list(people.warnings)
    evidence: dict[str, Evidence] = {}
    rec: Record = {"source": {"path": path, "sha256": None, "url": None, "title": None, "published": None,
                              "language": detect_language(doc.text)}}
    rec["source"].update(source or {})
    if rec["source"]["title"] is None and layout.headline is not None:
        rec["source"]["title"] = layout.headline.text.strip(" #*")[:300] or None
    rec["stage"] = None
    if people.stage is not None:
        if people.stage_cue and people.stage_cue.confidence >= THRESHOLD:
            rec["stage"] = people.stage
            evidence["stage"] = _evidence(doc, people.stage_span, people.stage_cue)
        else:
            warnings.append(_unsure("stage", people.stage, people.stage_cue))
    rec["interviewee"] = _person(doc, people.interviewee, "interviewee", ref, evidence, warnings)
    rec["baton_from"] = _person(doc, people.baton_from, "baton_from", ref, evidence, warnings)
    rec["baton_to"] = _person(doc, people.baton_to, "baton_to", ref, evidence, warnings)
    warnings.extend(_baton_warnings(doc, layout, people, ref))
    facts, fact_spans, caption = parse_facts(layout.facts)
    fact_cues = facts.pop("_cues", {})
    if caption is not None:
        org, warning = resolve_org(caption.text.strip(), ref)
        if org["kommunenummer"] or org["fylkesnummer"]:
            facts["organisation"] = org
            fact_spans["facts.organisation"] = [caption.start, caption.end]
            fact_cues["facts.organisation"] = Cue("the fact box's caption names the municipality", 0.9)
        if rec["interviewee"]["organisation"] is None and org["kommunenummer"]:
            # The fact box is the interviewee's municipality's when nothing else names it.
            rec["interviewee"]["organisation"] = dict(org)
            warnings[:] = [w for w in warnings if not w.startswith("interviewee.organisation:")]
            evidence["interviewee.organisation"] = _evidence(
                doc, (caption.start, caption.end), Cue("the fact box's caption (nothing else names the organisation)", 0.7))
    if facts:
        starts = [s for s, _ in fact_spans.values()] + [ln.start for ln in layout.facts]
        ends = [e for _, e in fact_spans.values()] + [ln.end for ln in layout.facts]
        facts["span"] = [min(starts), max(ends)]
    rec["facts"] = facts
    for key, span in fact_spans.items():
        evidence[key] = _evidence(doc, span, fact_cues.get(key) or Cue("a labelled line of the fact box", 0.95))
    rec["qa"] = [{"topic": qa.topic, "question": doc.view[qa.question_start:qa.question_end].strip(" *#") or None,
                  "question_span": [qa.question_start, qa.question_end],
                  "answer_span": list(qa.answer_span) if qa.answer_span else None} for qa in layout.qa]
    own = rec["interviewee"]["organisation"] or {}
    found = find_mentions(doc, layout, ref, own=own, people=people)
    for key in ("projects", "partners", "organisations", "needs", "methods"):
        for item in found[key]:
            s, e = item["span"]
            item["quote"] = " ".join(doc.text[s:e].split()) or None
        rec[key] = found[key]
    rec["themes"] = []
    rec["warnings"] = list(dict.fromkeys(warnings + found["warnings"]))
    rec["evidence"] = evidence
    return rec


def _unsure(field: str, value, cue: Cue | None) -> str:
    how = f"{cue.confidence:.2f}, from {cue.text}" if cue else "no cue"
    return f"{field}: {value!r} is not sure enough ({how}); left empty: check the text and fill it in by hand"


def _baton_warnings(doc: Document, layout, people, ref) -> list[str]:
    """A baton answer that names several receivers, or only the interviewee."""
    receivers = baton_answer_receivers(doc, layout, ref)
    others = [p for p in receivers if not surname_match(people.interviewee.name, p.name)]
    if len(others) > 1:
        chosen = people.baton_to.name if people.baton_to else others[0].name
        return [f"baton_to: the baton answers name {len(others)} receivers ({'; '.join(p.name for p in others)}); "
                f"one pass is recorded, to {chosen}: check the text"]
    if receivers and not others:
        return ["baton_to: the baton answer passes the baton to the interviewee themself; no receiver recorded"]
    return []


def _person(doc: Document, p: Person | None, key: str, ref: Reference, evidence: dict, warnings: list[str]) -> PersonRecord | None:
    if p is None:
        return None
    name_cue = p.cue("name")
    if key != "interviewee" and name_cue is not None and name_cue.confidence < THRESHOLD:
        warnings.append(_unsure(f"{key}.name", p.name, name_cue))
        return None
    evidence[f"{key}.name"] = _evidence(doc, p.name_span, name_cue)
    role_written = p.role
    role_cue = p.cue("role") or (Cue("in the same phrase as the name", 0.95) if p.role else None)
    if role_written and role_cue and role_cue.confidence < THRESHOLD:
        warnings.append(_unsure(f"{key}.role", role_written, role_cue))
        role_written = None
    role, known = normalise_role(role_written)
    if role_written and not known:
        warnings.append(f"{key}: title {role_written!r} is not in the roles vocabulary; kept as written")
    if role_written:
        evidence[f"{key}.role"] = _evidence(doc, p.role_span, role_cue)
    county = None
    if p.county and ref.find_counties(p.county):
        county = p.county
    org: Organisation | None = None
    org_cue = p.cue("organisation") or (Cue("in the same phrase as the name", 0.95) if p.org else None)
    if p.org and org_cue and org_cue.confidence < THRESHOLD:
        warnings.append(_unsure(f"{key}.organisation", p.org, org_cue))
    elif p.org:
        org, warning = resolve_org(p.org, ref, county=county)
        if warning:
            warnings.append(f"{key}: {warning}")
        evidence[f"{key}.organisation"] = _evidence(doc, p.org_span, org_cue)
    if org and org.get("fylkesnummer"):
        county = None  # a county municipality's people carry no county of their own
    if county:
        evidence[f"{key}.county"] = _evidence(doc, None, Cue("the text names the county after the organisation", 0.9))
    if p.since:
        evidence[f"{key}.since"] = _evidence(doc, p.since_span, p.cue("since") or Cue("\"siden …\"", 0.8))
    return {"name": p.name, "role": role, "role_as_written": role_written, "organisation": org,
            "since": p.since, "county": county, "span": list(p.name_span) if p.name_span else None}
