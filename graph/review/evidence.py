"""What a reviewer checks: each field of a record with its value, span, words, cue and confidence.

``field_evidence(record, text)`` is the one place that reads how sure extraction was and which
cue chose a value. Today's records carry spans (``spans`` by field path, ``span`` on people and
list items) and warnings prefixed by the field ("baton_to: ..."); when extraction also records a
confidence or a cue per field, only :func:`_confidence` and :func:`_cue` need to learn where.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The groups of fields, in the order of the form, with their Norwegian labels (colour by group).
GROUPS = {
    "stage": "Etappe",
    "interviewee": "Intervjuobjekt",
    "baton_from": "Fikk pinnen fra (giver)",
    "baton_to": "Gir pinnen til (mottaker)",
    "facts": "Faktaboks",
    "projects": "Prosjekter",
    "partners": "Partnere",
    "organisations": "Organisasjoner",
    "needs": "Behov",
    "methods": "Metoder",
}
PEOPLE = ("interviewee", "baton_from", "baton_to")
#: The single-valued fields: (path, label, kind). ``kind`` tells the page how to edit the value
#: and :mod:`graph.review.interpret` how to read it from selected words.
PERSON_FIELDS = [
    ("name", "Navn", "name"),
    ("role", "Tittel", "role"),  # role_as_written and its normalised post, one span
    ("organisation", "Organisasjon", "organisation"),
    ("since", "I stillingen siden", "date"),
    ("county", "Fylke", "text"),
]
FACT_FIELDS = [
    ("facts.organisation", "Kommune", "organisation"),
    ("facts.population", "Innbyggere", "integer"),
    ("facts.area_km2", "Areal (km²)", "number"),
    ("facts.free_income_nok_per_capita", "Frie inntekter (kr per innbygger)", "integer"),
    ("facts.mayor", "Ordfører (parti)", "mayor"),
    ("facts.motto", "Motto", "text"),
]
#: The list fields: (field, label, the item's main key, other editable keys).
LISTS = [
    ("projects", "Prosjekt", "name", ("description",)),
    ("partners", "Partner", "name", ("kind",)),
    ("organisations", "Organisasjon", "name", ("country",)),
    ("needs", "Behov", "label", ()),
    ("methods", "Metode", "label", ()),
]
#: Fields whose absence a reviewer should look at first.
CORE = ("stage", "interviewee.name", "interviewee.role", "interviewee.organisation", "baton_from.name", "baton_to.name")
FLAGS = {"warning": "Uthentingen var usikker", "missing": "Mangler", "low": "Lav sikkerhet", "no-span": "Uten belegg i teksten",
         "outside": "Spennet er utenfor teksten"}
LOW_CONFIDENCE = 0.6
CONTEXT = 80  # characters shown either side of a span


def single_fields() -> list[dict]:
    """Every single-valued field as ``{"key", "group", "label", "kind"}``, in form order."""
    out = [{"key": "stage", "group": "stage", "label": "Etappe", "kind": "stage"}]
    for who in PEOPLE:
        for name, label, kind in PERSON_FIELDS:
            out.append({"key": f"{who}.{name}", "group": who, "label": label, "kind": kind})
    out += [{"key": k, "group": "facts", "label": label, "kind": kind} for k, label, kind in FACT_FIELDS]
    return out


def form_spec() -> dict:
    """What the page needs to draw the form: groups, single fields and list fields with labels."""
    return {
        "groups": GROUPS,
        "fields": single_fields(),
        "lists": [{"key": k, "label": label, "main": main, "extra": list(extra)} for k, label, main, extra in LISTS],
        "flags": FLAGS,
    }


@dataclass
class Evidence:
    key: str  # field path: "baton_from.name", "partners[2]"
    group: str
    label: str
    value: object
    span: list[int] | None
    words: str | None  # the text at the span
    before: str  # the words around it
    after: str
    cue: str | None  # what made extraction choose it (None: not recorded)
    confidence: float | None  # 0..1 (None: not recorded)
    flag: str | None  # a key of FLAGS, or None
    reasons: list[str]  # warnings and why the field is flagged


def get_path(record: dict, path: str):
    """The value at a dotted field path (``baton_to.organisation``), None when absent; a
    person's ``role`` is the title as written, else the normalised post."""
    if path.endswith(".role") and path.split(".")[0] in PEOPLE:
        person = record.get(path.split(".")[0]) or {}
        return person.get("role_as_written") or person.get("role")
    node = record
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def field_span(record: dict, key: str) -> list[int] | None:
    """The span of a field: the record's ``spans`` entry, else a person's own ``span`` for a name."""
    span = (record.get("spans") or {}).get(key)
    if span is None and key.endswith(".name") and key.split(".")[0] in PEOPLE:
        span = (record.get(key.split(".")[0]) or {}).get("span")
    return list(span) if isinstance(span, (list, tuple)) and len(span) == 2 else None


def _confidence(record: dict, key: str) -> float | None:
    """How sure extraction was of ``key``, when the record says (``confidence`` by field path)."""
    table = record.get("confidence") or {}
    value = table.get(key) if isinstance(table, dict) else None
    return float(value) if isinstance(value, (int, float)) else None


def _cue(record: dict, key: str) -> str | None:
    """The cue that chose ``key``, when the record says (``cues`` by field path)."""
    table = record.get("cues") or {}
    value = table.get(key) if isinstance(table, dict) else None
    return str(value) if value else None


def _warnings_for(record: dict, key: str) -> list[str]:
    """Warnings that name the field (extraction's convention: "baton_to.role: ...", or the
    person alone, "baton_to: ...", which goes with the person's name)."""
    prefixes = {key}
    head = key.split(".")[0]
    if head in PEOPLE and key.endswith(".name"):
        prefixes.add(head)
    return [str(w) for w in record.get("warnings") or [] if _lead(w) in prefixes]


def _lead(warning) -> str:
    return str(warning).split(":", 1)[0].strip()


def _display(value) -> object:
    if isinstance(value, dict):
        if "name" in value:
            extra = value.get("kommunenummer") or value.get("fylkesnummer") or value.get("party")
            return f"{value['name']} ({extra})" if extra else value["name"]
        if "label" in value:
            return value["label"]
    return value


def _entry(record: dict, text: str, key: str, group: str, label: str, value, span) -> Evidence:
    words = before = after = None
    reasons = _warnings_for(record, key)
    flag = "warning" if reasons else None
    if span is not None:
        s, e = span
        if 0 <= s <= e <= len(text):
            words, before, after = text[s:e], text[max(0, s - CONTEXT):s], text[e:e + CONTEXT]
        else:
            flag = flag or "outside"
            reasons.append(f"spennet [{s}, {e}) er utenfor teksten ({len(text)} tegn)")
    confidence = _confidence(record, key)
    if value in (None, "", {}):
        if key in CORE and not (key == "baton_from.name" and record.get("stage") == 1):
            flag = flag or "missing"
            reasons.append("ikke funnet i teksten")
    else:
        if confidence is not None and confidence < LOW_CONFIDENCE:
            flag = flag or "low"
            reasons.append(f"sikkerhet {confidence:.2f}")
        if span is None and (key in CORE or "[" in key or key.startswith("facts.")):
            flag = flag or "no-span"
            reasons.append("ingen ord i teksten er knyttet til verdien")
    return Evidence(key, group, label, _display(value), span, words, before or "", after or "",
                    _cue(record, key), confidence, flag, reasons)


def field_evidence(record: dict, text: str) -> list[dict]:
    """Per field of ``record``: value, span, the words at it and around it, cue, confidence and
    flag, as plain dicts, flagged fields first (warnings, then missing, low confidence, no
    evidence), each group in form order.

    >>> rec = {"stage": None, "interviewee": {"name": "Kari Nordmann", "span": [0, 13]}, "warnings": []}
    >>> ev = field_evidence(rec, "Kari Nordmann svarer.")
    >>> ev[0]["key"], ev[0]["flag"]
    ('stage', 'missing')
    >>> [e["words"] for e in ev if e["key"] == "interviewee.name"]
    ['Kari Nordmann']
    """
    entries: list[Evidence] = []
    for f in single_fields():
        key = f["key"]
        who = key.split(".")[0]
        if who in ("baton_from", "baton_to") and record.get(who) is None and not key.endswith(".name"):
            continue  # no such person: one "missing" entry for the name is enough
        if key.endswith((".since", ".county")) and get_path(record, key) in (None, ""):
            continue  # optional detail: not flagged when absent
        if key.startswith("facts.") and get_path(record, key) in (None, ""):
            continue
        entries.append(_entry(record, text, key, f["group"], f["label"], get_path(record, key), field_span(record, key)))
    for field, label, main, _ in LISTS:
        for i, item in enumerate(record.get(field) or []):
            if isinstance(item, dict):
                span = item.get("span") if isinstance(item.get("span"), list) else None
                entries.append(_entry(record, text, f"{field}[{i}]", field, label, item.get(main), span))
    order = {k: n for n, k in enumerate(["warning", "outside", "missing", "low", "no-span"])}
    ranked = sorted(enumerate(entries), key=lambda p: (order.get(p[1].flag, len(order)), p[0]))
    return [dict(vars(e)) for _, e in ranked]  # shallow: asdict would deep-copy every value


def general_warnings(record: dict) -> list[str]:
    """Warnings that go with no field of the form (shown on their own)."""
    keys = {f["key"] for f in single_fields()} | set(PEOPLE)
    keys |= {f"{field}[{i}]" for field, *_ in LISTS for i in range(len(record.get(field) or []))}
    return [str(w) for w in record.get("warnings") or [] if _lead(w) not in keys]


def unsure(record: dict, text: str) -> list[str]:
    """One line per field a reviewer should look at first (for the list of interviews)."""
    lines = []
    for e in field_evidence(record, text):
        if e["flag"]:
            lines.append(f"{GROUPS.get(e['group'], e['group'])} · {e['label']}: {FLAGS[e['flag']].lower()}"
                         + (f" ({e['reasons'][0]})" if e["reasons"] else ""))
    return lines + general_warnings(record)
