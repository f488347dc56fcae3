"""Who is interviewed, who passed them the baton and to whom they pass it, and the stage (pure).

The interviewee is found from the strongest cue the text gives, in this order: the receiver of a
baton pass told in the intro ("... sendte kommunalsjef X pinnen videre til Y, rådmann i Z"), a
"Rådmann X svarer." line, a caption line ("Name, tittel i Kommune" or "rådmann Name"), "X har fått
(den første) stafettpinnen", "forteller rådmann X", a name glued to the end of a pull quote, then
any titled name in the intro. A surname alone is completed from a full name elsewhere in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from .document import Document, Line
from .patterns import LO, NAME, NAMETOK, PLACE, Mention, mentions, rx, surname_match
from .segments import Layout
from .stage import stage_in

_MONTHS = {m: i for i, m in enumerate(
    "januar februar mars april mai juni juli august september oktober november desember".split(), 1)}


@dataclass(frozen=True)
class Person:
    name: str
    name_span: tuple[int, int] | None
    role: str | None = None
    role_span: tuple[int, int] | None = None
    org: str | None = None
    org_span: tuple[int, int] | None = None
    county: str | None = None
    since: str | None = None
    since_span: tuple[int, int] | None = None


@dataclass
class People:
    interviewee: Person | None = None
    baton_from: Person | None = None
    baton_to: Person | None = None
    stage: int | None = None
    stage_span: tuple[int, int] | None = None


@cache
def _rx() -> dict[str, re.Pattern]:
    role = rx("role").pattern
    months = "|".join(_MONTHS)
    since = rf"(?P<since>(?:(?P<month>{months}) )?(?P<year>(?:19|20)\d\d))"
    return {
        "pin": re.compile(r"\b(?:stafettpinnen|stafettpinnen|pinnen|stafetten)\b.*?\b(?:til)\b|\b(?:utfordre|utfordrer|utfordra)\b",
                          re.IGNORECASE),
        "first_person": re.compile(r"\b(?:jeg|eg|vi|meg)\b", re.IGNORECASE),
        "giver_place": re.compile(rf"\b(?:[Ee]tter at|[Ee]tter) (?P<org>{PLACE}) (?:løp|sprang|gjekk|gikk|tok|hadde|fullførte)\b"),
        "answers": re.compile(rf"{role} (?P<name>{NAME}) (?:svarer|svarar)\b"),
        "got": re.compile(rf"(?:{role} )?(?P<name>{NAME}|{NAMETOK}) (?:har|hadde) (?:nå |no )?(?:fått|fenge) (?:den [{LO}]+ )?(?:stafett)?pinnen"),
        "tells": re.compile(rf"\b(?:forteller|fortel|sier|seier|svarer|svarar) {role} (?P<name>{NAME})"),
        "signature": re.compile(rf"(?:[{LO},;]|[»”\"][ ]?[-–—]?) (?P<name>{NAME})$"),
        "arrived": re.compile(rf"(?:har|er) (?:nå |no )?(?:kommet|komme|kome) (?:fram )?til (?P<org>{PLACE})\b"),
        "holds": re.compile(
            rf"\b(?:(?:siden|sidan|fra|frå) {since} )?(?:vært|vore|er|ble|blei|vart|jobbet som|jobba som|arbeider som|"
            rf"arbeidar som)(?: ansatt som| tilsett som)? {role}(?: (?:i|ved|hos|for) (?P<org>{PLACE}(?: (?:kommune|kommuna|fylkeskommune))?))?"),
        "since": re.compile(rf"\b(?:siden|sidan|fra|frå|i) {since}\b"),
        "subject": re.compile(r"^(?:Hun|Han|Ho|Hen|Vedkommende)\b"),
    }


def _sentences(doc: Document, lines: list[Line]) -> list[tuple[int, int]]:
    return [s for ln in lines for s in doc.sentences(ln)]


def _person(m: Mention) -> Person:
    return Person(m.name, m.name_span, m.role, m.role_span, m.org, m.org_span, m.county)


@dataclass(frozen=True)
class _Pass:
    giver: Mention | None
    giver_place: tuple[str, tuple[int, int]] | None
    receiver: Mention | None
    first_person: bool
    start: int
    end: int


def baton_pass(doc: Document, s: int, e: int) -> _Pass | None:
    """The giver (last mention before "pinnen ... til") and receiver (first mention after)."""
    r = _rx()
    text = doc.view[s:e]
    m = r["pin"].search(text)
    if not m:
        return None
    left = text[: m.start()]
    givers = mentions(left, s, "CBA")
    place = r["giver_place"].search(left)
    receivers = mentions(text[m.end():], s + m.end(), "CBAN")
    return _Pass(givers[-1] if givers else None,
                 (place.group("org"), (s + place.start("org"), s + place.end("org"))) if place else None,
                 receivers[0] if receivers else None,
                 bool(r["first_person"].search(left)), s, e)


def find_people(doc: Document, layout: Layout) -> People:
    out = People()
    intro = _sentences(doc, layout.intro)
    passes = [p for s, e in intro if (p := baton_pass(doc, s, e)) and p.receiver and not p.first_person]
    for s, e in intro:
        st = stage_in(doc.view[s:e])
        if st:
            out.stage, out.stage_span = st[0], (s + st[1], s + st[2])
            break
    who = _interviewee(doc, layout, intro, passes)
    if who is None:
        return out
    if passes and surname_match(passes[0].receiver.name, who.name) and passes[0].giver:
        giver = _person(passes[0].giver)
        if giver.org is None and passes[0].giver_place:
            place, span = passes[0].giver_place
            giver = replace(giver, org=place, org_span=span)
        out.baton_from = giver
    out.interviewee = _complete(doc, layout, intro, who)
    out.baton_to = _baton_to(doc, layout, out.interviewee)
    return out


def _interviewee(doc: Document, layout: Layout, intro, passes: list[_Pass]) -> Person | None:
    r = _rx()
    if passes:
        return _person(passes[0].receiver)
    view = doc.view
    for ln in layout.intro:
        if (m := r["answers"].search(view, ln.start, ln.end)) is not None:
            return _from_match(m)
    for ln in layout.intro:  # a caption: the whole line is one mention
        text = ln.text.rstrip(". ")
        found = mentions(text, ln.start, "CBA")
        if len(found) == 1 and found[0].start == ln.start and found[0].end - ln.start >= len(text) - 1:
            return _person(found[0])
    for key in ("got", "tells"):
        for s, e in intro:
            if (m := r[key].search(view, s, e)) is not None:
                return _from_match(m)
    for ln in layout.intro:
        if (m := r["signature"].search(view, ln.start, ln.end)) is not None:
            return _from_match(m)
    for s, e in intro:
        found = mentions(view[s:e], s, "CBA")
        if found:
            return _person(found[0])
    return None


def _from_match(m: re.Match) -> Person:
    groups = m.re.groupindex
    role = m.group("role") if "role" in groups else None
    return Person(m.group("name"), m.span("name"), role, m.span("role") if role else None)


def _complete(doc: Document, layout: Layout, intro, who: Person) -> Person:
    """Full name for a surname; title, organisation and start date from other mentions."""
    view = doc.view
    if len(who.name.split()) == 1:
        full = _full_name(doc, layout, who.name)
        if full:
            who = replace(who, name=full[0], name_span=full[1])
    for s, e in intro:
        for m in mentions(view[s:e], s, "CBA"):
            if surname_match(m.name, who.name) or surname_match(who.name, m.name):
                if who.role is None and m.role:
                    who = replace(who, role=m.role, role_span=m.role_span)
                if who.org is None and m.org:
                    who = replace(who, org=m.org, org_span=m.org_span, county=m.county)
    r = _rx()
    surname = who.name.split()[-1]
    for s, e in intro:
        sentence = view[s:e]
        if not (r["subject"].match(sentence) or surname in sentence):
            continue
        m = r["holds"].search(sentence)
        if m:
            if who.role is None:
                who = replace(who, role=m.group("role"), role_span=(s + m.start("role"), s + m.end("role")))
            if who.org is None and m.group("org"):
                who = replace(who, org=m.group("org"), org_span=(s + m.start("org"), s + m.end("org")))
            since = m if m.group("since") else r["since"].search(sentence)
            if who.since is None and since:
                who = replace(who, since=_iso(since), since_span=(s + since.start("since"), s + since.end("since")))
    if who.org is None:
        for s, e in intro:
            if (m := r["arrived"].search(view, s, e)) is not None:
                who = replace(who, org=m.group("org"), org_span=m.span("org"))
                break
    return who


def _full_name(doc: Document, layout: Layout, surname: str) -> tuple[str, tuple[int, int]] | None:
    lines = layout.intro + [ln for qa in layout.qa for ln in qa.answer] + layout.outro
    for ln in lines:
        for m in rx("name").finditer(doc.view, ln.start, ln.end):
            if m.group().split()[-1] == surname:
                return m.group(), m.span()
    return None


def _iso(m: re.Match) -> str:
    month = m.group("month")
    return f"{m.group('year')}-{_MONTHS[month.casefold()]:02d}" if month else m.group("year")


def _baton_to(doc: Document, layout: Layout, interviewee: Person) -> Person | None:
    """The receiver named in the baton answer (or, without one, in a pass after the intro)."""
    answer = layout.answers("baton")
    others = [ln for qa in layout.qa if qa.topic != "baton" for ln in qa.answer] + layout.outro
    for lines in (answer, others):
        for s, e in _sentences(doc, lines):
            p = baton_pass(doc, s, e)
            if p and p.receiver and not surname_match(interviewee.name, p.receiver.name):
                if lines is answer or p.first_person or p.giver is None or surname_match(interviewee.name, p.giver.name):
                    return _person(p.receiver)
    for forms in ("CBA", "N"):
        for s, e in _sentences(doc, answer):
            for m in mentions(doc.view[s:e], s, forms):
                if not surname_match(interviewee.name, m.name):
                    return _person(m)
    return None
