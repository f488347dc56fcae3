"""Who is interviewed, who passed them the baton, to whom they pass it, and the stage (pure).

Three steps, each independent of how one journalist phrased one text:

1. *Candidates*: every mention of a person in the article's opening (``patterns.mentions``: a name
   with what the same phrase says of the person's title and organisation), with its span and the
   layout part it stands in (caption, photo credit, pull-quote signature, lead, body).
2. *Baton passes*: sentences that move the baton (a baton word or a passing verb), read as giver
   (before the verb, or after "fra/frå/av/etter") and receiver (after "til", "hos", "ved"), where a
   receiver may be an organisation first ("til Agder fylkeskommune ved rådgiver X", "til Vefsn
   kommune, til kommunalsjef X") or a name whose title and organisation come in the next sentence
   ("... til Kari Nilsen. Hun er kommunalsjef i Senja kommune").
3. *Relations by cues and position*: each candidate collects votes from the cues around it (the
   receiver of the intro's pass, "X svarer", a caption, a signature under a pull quote, "X (54) er
   rådmann i ...", "sier rådmann X", a surname repeated as the subject of the intro) and loses them
   for being the giver or the receiver of a pass; the best-supported one is the interviewee, and
   how far its support goes is its confidence. Title, organisation and since when come from the
   interviewee's other mentions and sentences about "hun/han" within the opening.

Bylines, teasers of other articles, contact boxes and comments are not read at all (the layout
leaves them out), and a run that is a municipality's name is never a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from ..reference import Reference
from .document import Document, Line
from .names import is_given_name, name_plausibility
from .patterns import COUNTY, LO, NAME, NAMETOK, PLACE, UP, Mention, mentions, org_pattern, rx, surname_match
from .segments import Layout
from .stage import stage_in

_MONTHS = {m: i for i, m in enumerate(
    "januar februar mars april mai juni juli august september oktober november desember".split(), 1)}


@dataclass(frozen=True)
class Cue:
    """What chose a value, and how sure it makes us (0..1)."""

    text: str
    confidence: float


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
    cues: tuple[tuple[str, Cue], ...] = ()

    def cue(self, part: str) -> Cue | None:
        return next((c for k, c in self.cues if k == part), None)

    def with_cue(self, part: str, cue: Cue) -> "Person":
        return replace(self, cues=tuple((k, c) for k, c in self.cues if k != part) + ((part, cue),))


@dataclass
class People:
    interviewee: Person | None = None
    baton_from: Person | None = None
    baton_to: Person | None = None
    stage: int | None = None
    stage_span: tuple[int, int] | None = None
    stage_cue: Cue | None = None
    warnings: list[str] = field(default_factory=list)


_SEND_VERBS = {"sendte", "sende", "sender", "sendt", "ga", "gav", "gir", "gjev", "gje", "gi", "overlot", "overrakte",
               "overleverte"}
_PIN = r"(?:stafettpinnen|stafettpinne|stafettpinnen|pinnen|stafetten|utfordringen|utfordringa|stafett-pinnen)"


@cache
def _rx() -> dict[str, re.Pattern]:
    ORG = org_pattern()  # noqa: N806 - the organisation pattern, with the reference data's long names
    role = rx("role").pattern
    role2 = role.replace("(?P<role>", "(?P<role2>")
    months = "|".join(_MONTHS)
    since = rf"(?P<since>(?:(?P<month>{months}) )?(?P<year>(?:19|20)\d\d))"
    return {
        "pin": re.compile(rf"\b{_PIN}\b", re.IGNORECASE),
        "stage_passed": re.compile(r"\betappe[n]?\b(?=[^.]*\b(?:går|gikk|gjekk|kom|kommer|kjem|sendes|sendt)\s+(?:videre\s+|vidare\s+)?til\b)",
                                   re.IGNORECASE),
        "pass_verb": re.compile(r"\b(?:sendte|sende|sender|sendt|ga|gav|gir|gjev|gje|gi|overlot|overrakte|overleverte|"
                                r"utfordret|utfordra|utfordrer|utfordre|utfordrar|gikk|gjekk|går|havnet|hamna|landet|"
                                r"kom|kommer|kjem)\b", re.IGNORECASE),
        "receive_verb": re.compile(r"\b(?:fikk|fekk|har fått|har fenge|tok imot|tek imot|tar imot|mottok|overtok|overtek|"
                                   r"overtar|arvet|arva|kom)\b", re.IGNORECASE),
        "to": re.compile(r"\b(?:til|utfordre|utfordrer|utfordrar|utfordra)\b", re.IGNORECASE),
        "from": re.compile(r"\b(?:fra|frå|av|etter)\b", re.IGNORECASE),
        "at": re.compile(r"\b(?:hos|hjå)\b|\b(?:havnet|hamna|landet|endte)(?: den| han| opp)? i\b", re.IGNORECASE),
        "first_person": re.compile(r"\b(?:jeg|eg|vi|meg)\b", re.IGNORECASE),
        "giver_place": re.compile(rf"\b(?:[Ee]tter at|[Ee]tter|[Dd]a) (?P<org>{PLACE}(?: kommune| fylkeskommune)?),? "
                                  rf"(?:som )?(?:løp|sprang|gjekk|gikk|tok|hadde|fullførte|sendte)\b"),
        "ran_before": re.compile(rf"(?P<org>{ORG}) (?:hadde|har) (?:løpt|sprunge|sprunget|fullført)\b"),
        "relay": re.compile(rf"\b(?:{_PIN}|etappe|etappen)\b", re.IGNORECASE),
        "answers": re.compile(rf"{role} (?P<name>{NAME}) (?:svarer|svarar)\b|\b(?:svarene|svara) (?:fra|frå) {role2} (?P<name2>{NAME})"
                              rf"|(?P<name3>{NAME}) (?:svarer|svarar) (?:på )?(?:spørsmålene|spørsmåla)"),
        "got": re.compile(rf"(?:{role} )?(?P<name>{NAME}|{NAMETOK}) (?:har|hadde) (?:nå |no )?(?:fått|fenge) (?:den [{LO}]+ )?(?:stafett)?pinnen"
                          rf"|\b(?:stafett)?pinnen (?:er|ligg|ligger) (?:nå |no )?hos (?P<name2>{NAME})"),
        "tells": re.compile(rf"\b(?:forteller|fortel|sier|seier|svarer|svarar|mener|meiner|understreker) {role} (?P<name>{NAME})"
                            rf"|\b(?:forteller|fortel|sier|seier|mener|meiner) (?P<name2>{NAME})\b"),
        "signature": re.compile(rf"(?:(?<!\bi)(?<!\btil)(?<!\bfra)(?<!\bfrå)(?<!\bpå)(?<!\bved)(?<!\bhos)[{LO},;]|[»”\"][ ]?[-–—]?) (?P<name>{NAME})$"),
        "dash_name": re.compile(rf"^[-–—]+ ?(?P<name>{NAME})(?:,|$)"),
        "arrived": re.compile(rf"(?:har|er) (?:nå |no )?(?:kommet|komme|kome|komen) (?:fram )?til (?P<org>{PLACE})\b"),
        "came_to": re.compile(rf"\b(?:kom|begynte|starta|startet) (?:hun|han|ho|til|i)?\s?(?:til |i )?(?P<org>{PLACE} (?:kommune|fylkeskommune|herad))\b"),
        "holds": re.compile(
            rf"\b(?:(?:siden|sidan|fra|frå) {since} )?(?:vært|vore|er|ble|blei|vart|jobbet som|jobba som|arbeider som|"
            rf"arbeidar som|som)(?: (?:hun|han|ho|{NAMETOK}))?(?: ansatt som| tilsett som)? {role}(?: (?:i|ved|hos|for) (?P<org>{ORG})(?: i (?P<county>{COUNTY}))?)?"),
        "since": re.compile(rf"\b(?:siden|sidan) {since}\b"),
        "surname_subject": re.compile(rf"(?P<sur>{NAMETOK}(?: (?:van der|van|de|von) {NAMETOK}| {NAMETOK})?) (?:har|er|var|leder|leiar|mener|"
                                      rf"meiner|jobber|jobbar|kom|tok|fikk|fekk|løper|spring|ser|vil|sier|seier|forteller)\b"),
        "org_alone": re.compile(rf"\s*(?P<org>{ORG})\s*$"),
        "credit": re.compile(r"^(?:foto|bilde|illustrasjon)\s*:\s*[^/|]{2,80}[/|]\s*", re.I),
        "credit_after": re.compile(r"[.,]?\s*(?:foto|bilde)\s*:.*$", re.I),
        "bare_name": re.compile(rf"^[-–—]*\s*(?P<name>{NAME})\s*[.,]?\s*$"),
        "in_org": re.compile(rf"\b(?:i|ved|hos) (?P<org>{ORG})\b"),
        "as_role": re.compile(rf"(?:Som|Og som) {role}\b"),
        "runs_now": re.compile(rf"(?P<org>{ORG}) (?:løper|springer|spring|har fått ansvaret for|tar over|overtar|får) "),
        "runs_now_and": re.compile(rf"(?<=, og )(?P<org>{ORG}) (?:løper|springer|spring|har fått ansvaret for|tar over|overtar|får) "),
        "subject": re.compile(r"\b(?:[Hh]un|[Hh]an|[Hh]o|[Hh]en|[Vv]edkommende)\b"),
        "former": re.compile(r"\b(?:før det|tidligere|tidlegare|i sin tid|fram til|var (?:hun|han|ho) |jobbet (?:hun|han) som|"
                             r"har (?:hun|han|ho) vært|før hun|før han|har tidligere)\b", re.IGNORECASE),
        "next_about": re.compile(rf"(?:[Hh]un|[Hh]an|[Hh]o|(?P<who>{NAMETOK}(?: {NAMETOK})*)) (?:er|jobber som|jobbar som|arbeider som) "
                                 rf"(?:nå |no )?{role}(?: (?:i|ved|hos|for|på) (?P<org>{ORG})(?: i (?P<county>{COUNTY}))?)?"),
        "there_is": re.compile(rf"(?:Der|Her|Og der) (?:er det|har|sitter|jobber|jobbar|finn(?:er|st) (?:vi|du)) "),
        "org_head": re.compile(rf"^(?:den |det )?(?P<org>{ORG}|{PLACE})(?: i (?P<county>{COUNTY}))?(?:,| –| -| ved| v/| og| til| og til| hos)\s+(?:til |ved )?"),
        "place_only": re.compile(rf"^(?P<org>{ORG}|{PLACE})(?: i (?P<county>{COUNTY}))?(?=\s*(?:[.,;:!]|og\b|der\b|hvor\b|kor\b|$))"),
        "headline_place": re.compile(rf"\b(?P<org>[{UP}][{LO}]+(?:[ -][{UP}][{LO}]+)?)\b"),
    }


# -- sentences, mentions and what a phrase after a cue word says ---------------------------------------
def _sentences(doc: Document, lines: list[Line]) -> list[tuple[int, int]]:
    return [s for ln in lines for s in doc.sentences(ln)]


def _person(m: Mention, cue: Cue | None = None) -> Person:
    p = Person(m.name, m.name_span, m.role, m.role_span, m.org, m.org_span, m.county)
    if cue is not None:
        p = p.with_cue("name", cue)
        if m.role:
            p = p.with_cue("role", Cue("in the same phrase as the name", 0.95))
        if m.org:
            p = p.with_cue("organisation", Cue("in the same phrase as the name", 0.95))
    return p


def _plausible(m: Mention, ref: Reference | None, *, titled: bool, slot: bool = False) -> bool:
    """Whether a mention can be a person: never a place or an organisation; a bare name only with
    a known given name, or where the sentence has a place for a person (``slot``: after "til" or
    "fra" in a pass, the subject of "fikk stafettpinnen")."""
    score = name_plausibility(m.name, ref)
    if score <= -1:
        return False
    return titled or m.role is not None or score > 0 or (slot and score >= 0)


def person_after(doc: Document, pos: int, end: int, ref: Reference | None) -> tuple[Person | None, tuple[str, tuple[int, int]] | None]:
    """What follows a cue word ("til", "fra", "hos") up to ``end``: ``(person, place)``.

    The person may come with an organisation first ("Agder fylkeskommune ved rådgiver X",
    "Vefsn kommune, til kommunalsjef X", "Klepp kommune og kommunalsjef X"); a place alone
    ("til Eidsvoll.") comes back as the place, with no person."""
    r = _rx()
    view = doc.view
    while pos < end and view[pos] == " ":
        pos += 1
    text = view[pos:end]
    head = r["org_head"].match(text)
    found = [m for m in (mentions(text, pos, "CBEAH") or mentions(text, pos, "N"))
             if _plausible(m, ref, titled=m.form != "N", slot=True)]
    first = found[0] if found else None
    if first is not None and first.start - pos <= 2:
        return _person(first), None
    if head is not None and first is not None and first.start == pos + head.end():
        org = head.group("org")
        org_span = (pos + head.start("org"), pos + head.end("org"))
        p = _person(first)
        if p.org is None and not _is_person_name(org, ref):
            p = replace(p, org=org, org_span=org_span, county=head.group("county"))
        return p, None
    place = r["place_only"].match(text)
    if place is not None and not _is_person_name(place.group("org"), ref):
        return None, (place.group("org"), (pos + place.start("org"), pos + place.end("org")))
    if first is not None and first.start - pos <= 40 and not re.search(r"[.;:]", view[pos:first.start]):
        return _person(first), None
    return None, None


def _is_person_name(text: str, ref: Reference | None) -> bool:
    """A run that reads as a name (2+ words, not a place or organisation) rather than a place."""
    return len(text.split()) >= 2 and name_plausibility(text, ref) >= 0 and not _resolvable(text, ref)


# -- baton passes -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pass:
    giver: Person | None
    giver_place: tuple[str, tuple[int, int]] | None
    receiver: Person | None
    receiver_place: tuple[str, tuple[int, int]] | None
    first_person: bool  # "Jeg sender pinnen til ...": the interviewee passes it on
    sentence: tuple[int, int]


def baton_pass(doc: Document, s: int, e: int, ref: Reference | None = None, *, in_baton_answer: bool = False) -> Pass | None:
    """The pass a sentence tells (see :func:`_baton_pass`), read once per sentence."""
    key = ("pass", s, e, in_baton_answer)
    if key not in doc.memo:
        doc.memo[key] = _baton_pass(doc, s, e, ref, in_baton_answer=in_baton_answer)
    return doc.memo[key]


def _baton_pass(doc: Document, s: int, e: int, ref: Reference | None = None, *, in_baton_answer: bool = False) -> Pass | None:
    """The pass a sentence tells, if it tells one: "<giver> sendte pinnen videre til <receiver>",
    "X fikk stafettpinnen fra <giver>", "overtok stafettpinnen etter <giver>", "Jeg vil utfordre
    <receiver>", "Stafettpinnen går til Hemsedal"; in the baton answer "til" alone is enough
    ("Jeg vil gi den til ordfører X")."""
    r = _rx()
    view = doc.view
    text = view[s:e]
    pin = r["pin"].search(text)
    if pin is None:  # "Niende etappe av stafetten går til Kongsberg": the stage is what is passed
        pin = r["stage_passed"].search(text)
    verb = r["pass_verb"].search(text)
    got = r["receive_verb"].search(text)
    if not (pin or in_baton_answer or (verb and r["to"].search(text, verb.end()) and
                                        verb.group().casefold().startswith("utfordr"))):
        return None
    anchor = pin or verb or got
    anchor_start = anchor.start() if anchor else 0
    anchor_end = anchor.end() if anchor else 0
    # "til" after the baton word; "utfordre" may be the anchor itself ("Jeg vil utfordre X").
    to = r["to"].search(text, anchor_start if anchor is verb else anchor_end) if anchor else r["to"].search(text)
    frm = None
    if got and (pin or in_baton_answer):
        frm = r["from"].search(text, max(got.end(), anchor_end if pin else 0), to.start() if to else len(text))
    elif pin:
        frm = r["from"].search(text, pin.end(), to.start() if to else len(text))
    at = r["at"].search(text, anchor_end) if not to else None
    giver = giver_place = receiver = receiver_place = None
    if frm:
        giver, giver_place = person_after(doc, s + frm.end(), s + (to.start() if to else len(text)), ref)
    elif not (got and got.start() < anchor_start + 1) and anchor:
        left = text[:anchor_start]
        givers = [m for m in (mentions(left, s, "CBEAH") or mentions(left, s, "N"))
                  if _plausible(m, ref, titled=m.form != "N")]
        giver = _person(givers[-1]) if givers else None
    if to:
        receiver, receiver_place = person_after(doc, s + to.end(), e, ref)
    elif at:
        receiver, receiver_place = person_after(doc, s + at.end(), e, ref)
    elif got and got.start() <= anchor_start:
        # "X fikk stafettpinnen fra Y", "Austevoll overtok stafettpinnen etter Y": the subject got it
        receiver, receiver_place = _subject(doc, s, s + got.start(), ref)
    if giver is None and giver_place is None and receiver is None and receiver_place is None:
        return None
    if not to and not frm and not at and not in_baton_answer:
        # "X er den første som får stafettpinnen": no pass, the baton is with X; but "X sendte pinnen
        # videre" passes it, to someone the next sentences name.
        sent = verb is not None and verb.group().casefold() in _SEND_VERBS
        if not ((got or sent) and giver):
            return None
    m = r["giver_place"].search(text)
    if giver_place is None and m:
        giver_place = (m.group("org"), (s + m.start("org"), s + m.end("org")))
    return Pass(giver, giver_place, receiver, receiver_place,
                bool(r["first_person"].search(text[:anchor_start])) or in_baton_answer, (s, e))


def _subject(doc: Document, s: int, e: int, ref: Reference | None) -> tuple[Person | None, tuple[str, tuple[int, int]] | None]:
    """The person (or place) a sentence starts with, up to ``e`` (a verb): "Margrethe Skjæveland
    Time fikk ...", "Rådgiver X i Y tok imot ...", "Austevoll overtok ...", "Hun fikk ..."."""
    left = doc.view[s:e]
    found = [m for m in (mentions(left, s, "CBEAH") or mentions(left, s, "N"))
             if _plausible(m, ref, titled=m.form != "N", slot=True)]
    if found and found[-1].end >= s + len(left.rstrip()) - 1:
        return _person(found[-1]), None
    m = _rx()["org_alone"].match(left)
    if m and not _is_person_name(m.group("org"), ref):
        return None, (m.group("org"), (s + m.start("org"), s + m.end("org")))
    return None, None


def _complete_from_next(doc: Document, p: Person, nxt: tuple[int, int] | None) -> Person:
    """A name without title or organisation, and the next sentence says what the person does:
    "... til Kari Nilsen. Hun er kommunalsjef i Senja kommune"."""
    if nxt is None or (p.role and p.org):
        return p
    s, e = nxt
    m = _rx()["next_about"].match(doc.view, s, e)
    if m is None:
        return p
    who = m.group("who")
    if who and not surname_match(p.name, who):
        return p
    cue = Cue("the sentence after the name says the title and organisation", 0.85)
    if p.role is None:
        p = replace(p, role=m.group("role"), role_span=m.span("role")).with_cue("role", cue)
    if p.org is None and m.group("org"):
        p = replace(p, org=m.group("org"), org_span=m.span("org"), county=m.group("county") or p.county).with_cue("organisation", cue)
    return p


def _there_is(doc: Document, nxt: tuple[int, int] | None, ref: Reference | None) -> Person | None:
    """"Stafettpinnen går til Hemsedal. Der har kulturkonsulent X fått til mye": the person named
    at the place the baton went to, in the next sentence."""
    if nxt is None:
        return None
    s, e = nxt
    m = _rx()["there_is"].match(doc.view, s, e)
    if m is None:
        return None
    found = [x for x in mentions(doc.view[s:e], s, "CBEAH") if _plausible(x, ref, titled=True)]
    return _person(found[0]) if found else None


# -- the interviewee ----------------------------------------------------------------------------------
@dataclass
class _Candidate:
    person: Person
    score: float = 0.0
    cues: list[tuple[float, str]] = field(default_factory=list)

    def vote(self, weight: float, why: str, better: Person | None = None) -> None:
        self.score += weight
        self.cues.append((weight, why))
        if better is not None:
            self.person = _merge(self.person, better)


def _merge(a: Person, b: Person) -> Person:
    """``a`` with what ``b`` adds (title, organisation, county), and the longer name."""
    out = a
    if len(b.name.split()) > len(a.name.split()):
        out = replace(out, name=b.name, name_span=b.name_span)
    if out.role is None and b.role:
        out = replace(out, role=b.role, role_span=b.role_span)
        if b.cue("role"):
            out = out.with_cue("role", b.cue("role"))
    if out.org is None and b.org:
        out = replace(out, org=b.org, org_span=b.org_span, county=b.county)
        if b.cue("organisation"):
            out = out.with_cue("organisation", b.cue("organisation"))
    return out


class _Ballot:
    def __init__(self):
        self.c: list[_Candidate] = []

    def find(self, name: str) -> _Candidate | None:
        for c in self.c:
            if surname_match(c.person.name, name) or surname_match(name, c.person.name):
                return c
        return None

    def vote(self, p: Person, weight: float, why: str) -> None:
        c = self.find(p.name)
        if c is None:
            c = _Candidate(p)
            self.c.append(c)
        c.vote(weight, why, p)

    def penalise(self, name: str, weight: float, why: str) -> None:
        c = self.find(name)
        if c is not None:
            c.vote(-weight, why)

    def best(self) -> tuple[_Candidate | None, _Candidate | None]:
        ranked = sorted((c for c in self.c if c.score > 0), key=lambda c: -c.score)
        return (ranked[0] if ranked else None), (ranked[1] if len(ranked) > 1 else None)


def find_people(doc: Document, layout: Layout, ref: Reference | None = None) -> People:
    out = People()
    r = _rx()
    view = doc.view
    intro_lines = layout.intro
    intro = _sentences(doc, intro_lines)
    nxt = {intro[i]: intro[i + 1] if i + 1 < len(intro) else None for i in range(len(intro))}
    passes = [p for se in intro if (p := baton_pass(doc, *se, ref)) and not p.first_person]
    _stage(out, doc, intro, ref)

    ballot = _Ballot()
    for p in passes:
        receiver = p.receiver
        if receiver is None and p.receiver_place:
            receiver = _there_is(doc, nxt[p.sentence], ref)
        if receiver is not None:
            receiver = _complete_from_next(doc, receiver, nxt[p.sentence])
            ballot.vote(receiver, 6, "named as the one who got the baton in the opening")
    for ln in intro_lines:
        _vote_line(doc, layout, ln, ballot, ref)
    for s, e in intro:
        _vote_sentence(doc, s, e, ballot, ref)
    _vote_surnames(doc, intro, ballot)
    for p in passes:
        if p.giver is not None:
            ballot.penalise(p.giver.name, 8, "named as the one who passed the baton on")
    for p in _baton_answer_passes(doc, layout, ref):
        if p.receiver is not None:
            ballot.penalise(p.receiver.name, 8, "named as the one the baton goes to")
    best, second = ballot.best()
    if best is None:
        return out
    strength = best.score - (second.score if second else 0)
    confidence = 0.97 if best.score >= 5 and strength >= 3 else 0.85 if best.score >= 3 and strength >= 1.5 else \
        0.65 if strength >= 1 else 0.5
    top = max(best.cues, key=lambda c: c[0])[1]
    who = best.person.with_cue("name", Cue(top, confidence))
    if second is not None and strength < 1:
        out.warnings.append(f"interviewee.name: {who.name!r} and {second.person.name!r} are about as likely; "
                            f"{who.name!r} is recorded: check the text")
    out.interviewee = _complete(doc, layout, intro, who, passes, ref)
    out.baton_from = _giver(doc, intro, nxt, passes, out.interviewee, ref)
    if out.baton_from is not None and out.stage_cue is not None and "giver" in out.stage_cue.text:
        pass
    out.baton_to = _baton_to(doc, layout, out.interviewee, ref)
    return out


def _stage(out: People, doc: Document, intro, ref) -> None:
    for s, e in intro:
        st = stage_in(doc.view[s:e])
        if st:
            n, a, b = st
            told = doc.view[s + a:s + b]
            implied = not re.search(r"\d|første|fyrste|andre|tredje|fjerde|femte|sjette|sjuende|syvende|åttende|niende|"
                                    r"tiende|ellevte|tolvte|ende\b|ande\b", told, re.I) or n != _number_in(told)
            cue = Cue(f"the stage before this one is told ({told!r})" if implied else f"the stage is told ({told!r})",
                      0.85 if implied else 0.95)
            out.stage, out.stage_span, out.stage_cue = n, (s + a, s + b), cue
            return


def _number_in(text: str) -> int | None:
    from .stage import ordinals

    m = re.search(r"\d{1,4}", text)
    if m:
        return int(m.group())
    for w in re.findall(rf"[{LO}]+", text.casefold()):
        if w in ordinals():
            return ordinals()[w]
    return None


def _vote_line(doc: Document, layout: Layout, ln: Line, ballot: _Ballot, ref) -> None:
    """Votes from the layout: a caption, a photo credit, a signature under a pull quote."""
    r = _rx()
    view = doc.view
    role = layout.role(ln)
    text = ln.text
    start = ln.start
    credit = r["credit"].match(text)
    if credit:  # "Foto: Tone Eng / Rådmann Kristoffer Lie Nygaard": the photographer is not the one
        start, text = start + credit.end(), text[credit.end():]
        role = "caption"
    cut = r["credit_after"].search(text)
    if cut:  # "Kommunedirektør Terje Bakken Lie. Foto: Privat"
        text = text[: cut.start()]
    if role == "byline" or not text.strip():
        return
    stripped = text.rstrip(". ")
    found = [m for m in mentions(stripped, start, "CBEAH") if _plausible(m, ref, titled=True)]
    whole = len(found) == 1 and found[0].start - start <= 1 and found[0].end - start >= len(stripped) - 1
    if role in ("caption", "signature") or whole:
        if found and (whole or role in ("caption", "signature")):
            m = found[0]
            why = {"caption": "a photo caption names the person", "signature": "the signature under a pull quote"}.get(
                role, "a line of its own names the person with title")
            ballot.vote(_person(m), 5 if role in ("caption", "signature") else 4, why)
            return
        bare = r["bare_name"].match(stripped)
        if bare and role in ("caption", "signature") and name_plausibility(bare.group("name"), ref) > -1:
            ballot.vote(Person(bare.group("name"), (start + bare.start("name"), start + bare.end("name"))), 4,
                        "a caption or signature holds the name alone")
            return
    if role == "signature" or (role == "" and (m := r["dash_name"].match(text))):
        m = r["dash_name"].match(text)
        if m and name_plausibility(m.group("name"), ref) > -1:
            ballot.vote(Person(m.group("name"), (start + m.start("name"), start + m.end("name"))), 4,
                        "the signature under a pull quote")
    if role == "quote" or role == "":
        if (m := r["signature"].search(view, ln.start, ln.end)) is not None and ln is not layout.headline:
            name = m.group("name")
            plausible = name_plausibility(name, ref)
            # An unknown given name is still a name when its surname stands alone elsewhere in the
            # opening ("Bråten tek den første etappen ... befriande Ingunn Bråten").
            if plausible > 0 or (plausible == 0 and _surname_elsewhere(doc, layout, name.split()[-1], m.start("name"))):
                ballot.vote(Person(name, m.span("name")), 3, "a name glued to the end of a pull quote")


def _surname_elsewhere(doc: Document, layout: Layout, surname: str, not_at: int) -> bool:
    rx_ = re.compile(rf"(?<![\w-]){re.escape(surname)}(?![\w-])")
    return any(m.start() != not_at for ln in layout.intro for m in rx_.finditer(doc.view, ln.start, ln.end))


def _vote_sentence(doc: Document, s: int, e: int, ballot: _Ballot, ref) -> None:
    r = _rx()
    view = doc.view
    sentence = view[s:e]
    if (m := r["answers"].search(view, s, e)) is not None:
        ballot.vote(_from_match(m), 6, "the line that says who answers")
        return
    if (m := r["got"].search(view, s, e)) is not None:
        ballot.vote(_from_match(m), 5, "the sentence that says who has the baton")
    if (m := r["tells"].search(view, s, e)) is not None:
        p = _from_match(m)
        if name_plausibility(p.name, ref) > -1:
            ballot.vote(p, 4 if p.role else 2, "the one who speaks in the opening (\"sier …\")")
    former = r["former"].search(sentence)
    for m in mentions(sentence, s, "CBEAH"):
        if not _plausible(m, ref, titled=True):
            continue
        if m.form in ("E", "B", "H") and not former:
            aged = re.match(r"\s*\(\d{1,3}\)", view[m.name_span[1]:m.name_span[1] + 6])
            ballot.vote(_person(m), 4 if aged else 3, "\"Name (age) er tittel i …\"" if aged else "\"Name er tittel i …\" in the opening")
        elif not former:
            ballot.vote(_person(m), 1, "a titled name in the opening")
    if r["relay"].search(sentence) and baton_pass(doc, s, e, ref) is None:
        found = [m for m in (mentions(sentence, s) or mentions(sentence, s, "N")) if _plausible(m, ref, titled=m.form != "N")]
        if found:
            ballot.vote(_person(found[0]), 2, "named in a sentence about the relay")


def _vote_surnames(doc: Document, intro, ballot: _Ballot) -> None:
    """A surname standing alone as the subject of the opening's sentences is the interviewee's
    ("Aas har ansvaret for ...", "Strand har hatt pinnen ..."): one vote each, at most two."""
    counts: dict[int, int] = {}
    for s, e in intro:
        m = _rx()["surname_subject"].match(doc.view, s, e)
        if m is None or is_given_name(m.group("sur").split()[0]):
            continue
        for i, c in enumerate(ballot.c):
            if surname_match(c.person.name, m.group("sur")) and len(c.person.name.split()) > len(m.group("sur").split()):
                if counts.get(i, 0) < 2:
                    counts[i] = counts.get(i, 0) + 1
                    c.vote(1.5, "the surname is the subject of the opening")


def _from_match(m: re.Match) -> Person:
    groups = m.re.groupindex
    g = next(k for k in ("name", "name2", "name3") if k in groups and m.group(k))
    rl = next((k for k in ("role", "role2") if k in groups and m.group(k)), None)
    return Person(m.group(g), m.span(g), m.group(rl) if rl else None, m.span(rl) if rl else None)


def _complete(doc: Document, layout: Layout, intro, who: Person, passes: list[Pass], ref) -> Person:
    """Full name for a surname; title, organisation and start date from other mentions."""
    view = doc.view
    r = _rx()
    if len(who.name.split()) == 1 or not is_given_name(who.name.split()[0]):
        full = _full_name(doc, layout, who.name, ref)
        if full:
            who = replace(who, name=full[0], name_span=full[1])
    for s, e in intro:
        if r["former"].search(view, s, e):
            continue
        for m in mentions(view[s:e], s):
            if surname_match(m.name, who.name) or surname_match(who.name, m.name):
                same = Cue("another mention of the person in the opening", 0.9)
                if who.role is None and m.role:
                    who = replace(who, role=m.role, role_span=m.role_span).with_cue("role", same)
                if who.org is None and m.org:
                    who = replace(who, org=m.org, org_span=m.org_span, county=m.county).with_cue("organisation", same)
    surname = who.name.split()[-1]
    for s, e in intro:
        sentence = view[s:e]
        if not (r["subject"].search(sentence) or surname in sentence) or r["former"].search(sentence):
            continue
        m = r["holds"].search(sentence)
        if m:
            cue = Cue("a sentence about the person says the post", 0.85)
            if who.role is None:
                who = replace(who, role=m.group("role"), role_span=(s + m.start("role"), s + m.end("role"))).with_cue("role", cue)
            if who.org is None and m.group("org"):
                who = replace(who, org=m.group("org"), org_span=(s + m.start("org"), s + m.end("org")),
                              county=m.group("county") or who.county).with_cue("organisation", cue)
            since = m if m.group("since") else r["since"].search(sentence)
            if who.since is None and since:
                who = replace(who, since=_iso(since), since_span=(s + since.start("since"), s + since.end("since"))
                              ).with_cue("since", Cue("\"siden …\" in a sentence about the person's post", 0.8))
    if who.org is None:
        for s, e in intro:  # "Rana kommune løper dermed etappe nummer 17": the place running this stage
            m = r["runs_now"].match(view, s, e) or r["runs_now_and"].search(view, s, e)
            if m is not None and r["relay"].search(view, m.end(), e) and _resolvable(m.group("org"), ref):
                who = replace(who, org=m.group("org"), org_span=m.span("org")).with_cue(
                    "organisation", Cue("the place the opening says runs this stage", 0.85))
                break
    if who.org is None:
        for p in passes:  # "sendte X pinnen videre til Eidsvoll": the baton went to the interviewee's place
            if p.receiver is None and p.receiver_place is not None and _resolvable(p.receiver_place[0], ref):
                place, span = p.receiver_place
                who = replace(who, org=place, org_span=span).with_cue(
                    "organisation", Cue("the place the baton went to in the opening", 0.8))
                break
            if p.receiver is not None and surname_match(p.receiver.name, who.name) and p.receiver.org:
                who = replace(who, org=p.receiver.org, org_span=p.receiver.org_span).with_cue(
                    "organisation", Cue("the receiver's organisation in the opening's pass", 0.9))
                break
    if who.org is None:
        # "Nesse har ansvar for oppvekst i Indre Østfold kommune": a sentence about the person
        # (the surname or "hun/han" as its subject) names the organisation after "i".
        for s, e in intro:
            if r["former"].search(view, s, e) or not re.match(rf"(?:{re.escape(surname)}|[Hh]un|[Hh]an|[Hh]o)\b", view[s:e]):
                continue
            m = r["in_org"].search(view, s, e)
            if m is not None and _resolvable(m.group("org"), ref):
                who = replace(who, org=m.group("org"), org_span=m.span("org")).with_cue(
                    "organisation", Cue("a sentence about the person names the organisation", 0.75))
                break
    if who.org is None:
        for s, e in intro:
            m = r["arrived"].search(view, s, e) or r["came_to"].search(view, s, e)
            if m is not None and _resolvable(m.group("org"), ref):
                who = replace(who, org=m.group("org"), org_span=m.span("org")).with_cue(
                    "organisation", Cue("the place the opening says the baton or the person came to", 0.75))
                break
    if who.org is None and layout.headline is not None:
        # The headline names a municipality ("Eidsvoll bygger tillit"): weak evidence that it is the
        # interviewee's, below the threshold on its own: the record leaves it out and says so.
        places = [m for m in _rx()["headline_place"].finditer(view, layout.headline.start, layout.headline.end)
                  if _resolvable(m.group("org"), ref) and not m.group("org").casefold().startswith("innovasjon")]
        if len(places) == 1:
            m = places[0]
            who = replace(who, org=m.group("org"), org_span=m.span("org")).with_cue(
                "organisation", Cue("only the headline names a place", 0.45))
    if who.role is None:
        for s, e in _sentences(doc, [x for qa in layout.qa for x in qa.answer]):
            m = r["as_role"].match(view, s, e)  # "Som innovasjonssjef har jeg ...": the speaker's post
            if m:
                who = replace(who, role=m.group("role"), role_span=m.span("role")).with_cue(
                    "role", Cue("\"Som <tittel> …\" in an answer", 0.7))
                break
    return who


def _resolvable(name: str, ref: Reference | None) -> bool:
    if ref is None:
        return True
    from .orgs import resolve_org

    org, _ = resolve_org(name, ref)
    return bool(org["kommunenummer"] or org["fylkesnummer"])


def _full_name(doc: Document, layout: Layout, surname: str, ref) -> tuple[str, tuple[int, int]] | None:
    lines = layout.intro + [ln for qa in layout.qa for ln in qa.answer] + layout.outro
    for ln in lines:
        if layout.role(ln) in ("byline", "teaser", "contact"):
            continue
        for m in rx("name").finditer(doc.view, ln.start, ln.end):
            if surname_match(m.group(), surname) and len(m.group().split()) > len(surname.split()) \
                    and name_plausibility(m.group(), ref) > -1:
                return m.group(), m.span()
    return None


def _iso(m: re.Match) -> str:
    month = m.group("month")
    return f"{m.group('year')}-{_MONTHS[month.casefold()]:02d}" if month else m.group("year")


# -- the giver ----------------------------------------------------------------------------------------
def _giver(doc: Document, intro, nxt, passes: list[Pass], who: Person, ref) -> Person | None:
    r = _rx()
    view = doc.view
    for p in passes:
        if p.giver is None or surname_match(who.name, p.giver.name) or surname_match(p.giver.name, who.name):
            continue
        if p.receiver is not None and not surname_match(p.receiver.name, who.name):
            continue
        giver = p.giver.with_cue("name", Cue("the one the opening says passed the baton", 0.95))
        place_of = p.giver_place
        if place_of is None:  # "Etter Rana, som løp den 17. etappen, ... . X tok imot pinnen fra Y."
            i = intro.index(p.sentence) if p.sentence in intro else 0
            for s, e in intro[max(0, i - 1):i + 1]:
                m = r["giver_place"].search(view, s, e) or r["ran_before"].match(view, s, e)
                if m:
                    place_of = (m.group("org"), m.span("org"))
        if giver.org is None and place_of:
            place, span = place_of
            giver = replace(giver, org=place, org_span=span).with_cue(
                "organisation", Cue("the place that ran the stage before", 0.85))
        return giver
    # "Flora kommune hadde løpt 14. etappe, og det var innovasjonsleder X som valgte å sende pinnen"
    for s, e in intro:
        m = r["ran_before"].match(view, s, e)
        if m is None:
            continue
        for where in (s, e), nxt.get((s, e)):
            if where is None:
                continue
            for x in mentions(view[where[0]:where[1]], where[0], "CBEAH"):
                if _plausible(x, ref, titled=True) and not surname_match(who.name, x.name) and \
                        r["pin"].search(view, where[0], where[1]):
                    giver = _person(x).with_cue("name", Cue("named with the place that ran the stage before", 0.85))
                    if giver.org is None:
                        giver = replace(giver, org=m.group("org"), org_span=m.span("org")).with_cue(
                            "organisation", Cue("the place that ran the stage before", 0.85))
                    return giver
    return None


# -- the receiver -------------------------------------------------------------------------------------
def _baton_answer_passes(doc: Document, layout: Layout, ref) -> list[Pass]:
    if "baton answer passes" not in doc.memo:
        doc.memo["baton answer passes"] = _read_baton_answer_passes(doc, layout, ref)
    return doc.memo["baton answer passes"]


def _read_baton_answer_passes(doc: Document, layout: Layout, ref) -> list[Pass]:
    sents = _sentences(doc, layout.answers("baton"))
    out = []
    for i, (s, e) in enumerate(sents):
        p = baton_pass(doc, s, e, ref, in_baton_answer=True)
        if p is None:
            continue
        nxt = sents[i + 1] if i + 1 < len(sents) else None
        receiver = p.receiver
        if receiver is None and p.receiver_place:
            receiver = _there_is(doc, nxt, ref)
            if receiver is not None and receiver.org is None:
                place, span = p.receiver_place
                receiver = replace(receiver, org=place, org_span=span)
        if receiver is not None:
            receiver = _complete_from_next(doc, receiver, nxt)
            if receiver.org is None and p.receiver_place:
                place, span = p.receiver_place
                receiver = replace(receiver, org=place, org_span=span)
        out.append(replace(p, receiver=receiver))
    return out


def baton_answer_receivers(doc: Document, layout: Layout, ref: Reference | None = None) -> list[Person]:
    """Everyone the baton answer(s) pass the baton to, in order, each name once."""
    out: list[Person] = []
    for p in _baton_answer_passes(doc, layout, ref):
        if p.receiver and not any(surname_match(q.name, p.receiver.name) for q in out):
            out.append(p.receiver)
    return out


def _baton_to(doc: Document, layout: Layout, interviewee: Person, ref) -> Person | None:
    """The receiver named in the baton answer (or, without one, in a pass after the opening)."""
    for p in _baton_answer_passes(doc, layout, ref):
        if p.receiver and not surname_match(interviewee.name, p.receiver.name):
            return p.receiver.with_cue("name", Cue("the answer to the baton question names the receiver", 0.95))
    others = [ln for qa in layout.qa if qa.topic != "baton" for ln in qa.answer] + layout.outro
    sents = _sentences(doc, others)
    for s, e in sents:
        p = baton_pass(doc, s, e, ref)
        if p and p.receiver and not surname_match(interviewee.name, p.receiver.name):
            if p.first_person or p.giver is None or surname_match(interviewee.name, p.giver.name):
                return p.receiver.with_cue("name", Cue("a pass after the opening names the receiver", 0.8))
    answer = layout.answers("baton")
    for forms in ("CBEAH", "N"):
        for s, e in _sentences(doc, answer):
            for m in mentions(doc.view[s:e], s, forms):
                if not surname_match(interviewee.name, m.name) and _plausible(m, ref, titled=forms != "N"):
                    return _person(m).with_cue("name", Cue("the only name in the answer to the baton question", 0.6))
    return None
