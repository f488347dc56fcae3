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


_RELAY = r"(?:stafettpinnen|stafettpinne|pinnen|etappe|etappen)"


@cache
def _rx() -> dict[str, re.Pattern]:
    role = rx("role").pattern
    role2 = role.replace("(?P<role>", "(?P<role2>")  # a second alternative of the same regex
    months = "|".join(_MONTHS)
    since = rf"(?P<since>(?:(?P<month>{months}) )?(?P<year>(?:19|20)\d\d))"
    return {
        "pin": re.compile(r"\b(?:stafettpinnen|pinnen|stafetten|utfordringen|utfordringa)\b", re.IGNORECASE),
        "to": re.compile(r"\b(?:til|utfordre|utfordrer|utfordra)\b", re.IGNORECASE),
        "from": re.compile(r"\b(?:fra|frå)\b", re.IGNORECASE),
        "first_person": re.compile(r"\b(?:jeg|eg|vi|meg)\b", re.IGNORECASE),
        "giver_place": re.compile(rf"\b(?:[Ee]tter at|[Ee]tter) (?P<org>{PLACE}(?: kommune| fylkeskommune)?) (?:løp|sprang|gjekk|gikk|tok|hadde|fullførte)\b"),
        "relay": re.compile(rf"\b{_RELAY}\b", re.IGNORECASE),
        "answers": re.compile(rf"{role} (?P<name>{NAME}) (?:svarer|svarar)\b|\b(?:svarene|svara) (?:fra|frå) {role2} (?P<name2>{NAME})"),
        "got": re.compile(rf"(?:{role} )?(?P<name>{NAME}|{NAMETOK}) (?:har|hadde) (?:nå |no )?(?:fått|fenge) (?:den [{LO}]+ )?(?:stafett)?pinnen"
                          rf"|\b(?:stafett)?pinnen (?:er|ligg|ligger) (?:nå |no )?hos (?P<name2>{NAME})"),
        "tells": re.compile(rf"\b(?:forteller|fortel|sier|seier|svarer|svarar) {role} (?P<name>{NAME})"),
        "signature": re.compile(rf"(?:(?<!\bi)(?<!\btil)(?<!\bfra)(?<!\bfrå)(?<!\bpå)(?<!\bved)(?<!\bhos)[{LO},;]|[»”\"][ ]?[-–—]?) (?P<name>{NAME})$"),
        "arrived": re.compile(rf"(?:har|er) (?:nå |no )?(?:kommet|komme|kome|komen) (?:fram )?til (?P<org>{PLACE})\b"),
        "holds": re.compile(
            rf"\b(?:(?:siden|sidan|fra|frå) {since} )?(?:vært|vore|er|ble|blei|vart|jobbet som|jobba som|arbeider som|"
            rf"arbeidar som|som)(?: (?:hun|han|ho|{NAMETOK}))?(?: ansatt som| tilsett som)? {role}(?: (?:i|ved|hos|for) (?P<org>{PLACE}(?: (?:kommune|kommuna|fylkeskommune))?))?"),
        "since": re.compile(rf"\b(?:siden|sidan|fra|frå|i) {since}\b"),
        "subject": re.compile(r"\b(?:[Hh]un|[Hh]an|[Hh]o|[Hh]en|[Vv]edkommende)\b"),
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


def baton_pass(doc: Document, s: int, e: int) -> _Pass | None:
    """A sentence that passes the baton: "<giver> ... pinnen (fra <giver>) ... til <receiver>",
    "Jeg vil utfordre <receiver>", "Stafettpinnen kommer fra <giver>". The giver is the last
    person before the baton word or the first after "fra"; the receiver the first after "til"."""
    r = _rx()
    text = doc.view[s:e]
    pin = r["pin"].search(text)
    to = r["to"].search(text, pin.end()) if pin else r["to"].search(text)
    if to and not pin and not to.group().casefold().startswith("utfordr"):
        return None
    if not pin and not to:
        return None
    cut = pin.start() if pin else to.start()
    left = text[:cut]
    givers = mentions(left, s, "CBEAH") or mentions(left, s, "N")
    giver = givers[-1] if givers else None
    mid_end = to.start() if to else len(text)
    frm = r["from"].search(text, pin.end(), mid_end) if pin else None
    if frm:
        after = mentions(text[frm.end():mid_end], s + frm.end(), "CBA") or mentions(text[frm.end():mid_end], s + frm.end(), "N")
        giver = after[0] if after else giver
    if not to and not frm:
        return None  # "X er den første som får stafettpinnen": no pass, the baton is with X
    receiver = None
    if to:
        receivers = mentions(text[to.end():], s + to.end(), "CBEAH") or mentions(text[to.end():], s + to.end(), "N")
        receiver = receivers[0] if receivers else None
    if giver is None and receiver is None:
        return None
    place = r["giver_place"].search(left)
    return _Pass(giver, (place.group("org"), (s + place.start("org"), s + place.end("org"))) if place else None,
                 receiver, bool(r["first_person"].search(left)))


def find_people(doc: Document, layout: Layout) -> People:
    out = People()
    intro = _sentences(doc, layout.intro)
    passes = [p for s, e in intro if (p := baton_pass(doc, s, e)) and not p.first_person]
    for s, e in intro:
        st = stage_in(doc.view[s:e])
        if st:
            out.stage, out.stage_span = st[0], (s + st[1], s + st[2])
            break
    who = _interviewee(doc, layout, intro, [p for p in passes if p.receiver])
    if who is None:
        return out
    for p in passes:
        if p.giver and (p.receiver is None or surname_match(p.receiver.name, who.name)) \
                and not surname_match(who.name, p.giver.name):
            giver = _person(p.giver)
            if giver.org is None and p.giver_place:
                place, span = p.giver_place
                giver = replace(giver, org=place, org_span=span)
            out.baton_from = giver
            break
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
    for s, e in intro:
        if (m := r["got"].search(view, s, e)) is not None:
            return _from_match(m)
    for s, e in intro:  # a sentence about the relay names the one who has the baton
        if r["relay"].search(view, s, e) and baton_pass(doc, s, e) is None:
            found = mentions(view[s:e], s) or mentions(view[s:e], s, "N")
            if found:
                return _person(found[0])
    for s, e in intro:
        if (m := r["tells"].search(view, s, e)) is not None:
            return _from_match(m)
    for s, e in intro:
        found = mentions(view[s:e], s)
        if found and baton_pass(doc, s, e) is None:
            return _person(found[0])
    for ln in layout.intro:
        if ln is not layout.headline and (m := r["signature"].search(view, ln.start, ln.end)) is not None:
            return _from_match(m)
    return None


def _from_match(m: re.Match) -> Person:
    groups = m.re.groupindex
    g = "name" if m.group("name") else "name2"
    r = next((k for k in ("role", "role2") if k in groups and m.group(k)), None)
    return Person(m.group(g), m.span(g), m.group(r) if r else None, m.span(r) if r else None)


def _complete(doc: Document, layout: Layout, intro, who: Person) -> Person:
    """Full name for a surname; title, organisation and start date from other mentions."""
    view = doc.view
    if len(who.name.split()) == 1:
        full = _full_name(doc, layout, who.name)
        if full:
            who = replace(who, name=full[0], name_span=full[1])
    for s, e in intro:
        for m in mentions(view[s:e], s):
            if surname_match(m.name, who.name) or surname_match(who.name, m.name):
                if who.role is None and m.role:
                    who = replace(who, role=m.role, role_span=m.role_span)
                if who.org is None and m.org:
                    who = replace(who, org=m.org, org_span=m.org_span, county=m.county)
    r = _rx()
    surname = who.name.split()[-1]
    for s, e in intro:
        sentence = view[s:e]
        if not (r["subject"].search(sentence) or surname in sentence):
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


def baton_answer_receivers(doc: Document, layout: Layout) -> list[Person]:
    """Everyone the baton answer(s) pass the baton to, in order, each name once: more than one
    (two baton answers, say) or only the interviewee is worth a warning."""
    out: list[Person] = []
    for s, e in _sentences(doc, layout.answers("baton")):
        p = baton_pass(doc, s, e)
        if p and p.receiver and not any(surname_match(q.name, p.receiver.name) for q in out):
            out.append(_person(p.receiver))
    return out


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
    for forms in ("CBEAH", "N"):
        for s, e in _sentences(doc, answer):
            for m in mentions(doc.view[s:e], s, forms):
                if not surname_match(interviewee.name, m.name):
                    return _person(m)
    return None
