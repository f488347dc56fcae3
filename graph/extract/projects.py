"""Projects and initiatives named in the answers (pure).

Named by a pattern (found before organisations, so "Barnevernssamarbeidet Ål" is a project, not
a partner): "Prosjektet X", "<...>prosjektet X", «X», "a description, Name, som/der ...",
"vi startet/etablerte/satte i gang X", "stolt av X", an answer that opens with "X, et <what>"
or with the bare name ("Grønn Bygland."), "X er et godt eksempel", and "prosjektet ... er å se på
<noun>". Then (``more_projects``) capitalised names in the proudest-project answer that are no
organisation, place or person.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Callable

from ..reference import Reference
from .document import Document
from .patterns import LO, UP
from .segments import Layout

_STOP = r"(?=\s*[,.;:!?]|\s(?:der|som|hvor|kor|med|for|og|i samarbeid|sammen|saman|er|var)\b|\s*\(|$)"
_PNAME = rf"[{UP}][\w-]*(?: (?:[{UP}\d][\w-]*|[{LO}][\w-]*)){{0,4}}?"
_SEEN_IN = ("proudest-project", "lessons-from-failure", "how-in-practice", "most-exciting", "why-innovate",
            "biggest-challenge", None)


@cache
def _rx() -> dict[str, re.Pattern]:
    return {
        "keyword": re.compile(
            rf"\b(?:\w*[Pp]rosjektet|[Ss]atsinga|[Ss]atsingen|[Ii]nitiativet|[Pp]iloten|[Tt]iltaket|[Pp]rogrammet|"
            rf"[Tt]enesta|[Tt]jenesten)\s+(?P<name>«[^»]{{2,80}}»|[{UP}][^,.;:()«»!?]{{1,80}}?)"
            rf"(?=[,.;:!?]|\s(?:der|som|hvor|kor|i samarbeid|sammen med|saman med)\b|\s*\(|$)"),
        "quoted": re.compile(r"«(?P<name>[^»]{2,60})»"),
        "apposition": re.compile(
            rf"(?:^|[,(]\s*|\b(?:en|et|ei|ein|eit)\s+)(?P<desc>[{LO}][{LO}-]*(?: [{LO}][{LO}-]*){{0,2}}), "
            rf"(?P<name>[{UP}][\w-]*(?: [{UP}\d][\w-]*){{0,3}}), (?:som|der|hvor|kor)\b"),
        "verb": re.compile(
            rf"\b(?:startet|starta|startet opp|etablert|etablerte|etablerer|oppretta|opprettet|laget|laga|"
            rf"bygget opp|bygde opp|satte i gang|sett i gang|utviklet|utvikla|innført|innførte|lansert|lanserte|"
            rf"gjennomført|gjennomførte|gjennomfører|stolt av|stolte av|stolt over)\s+(?P<name>{_PNAME}){_STOP}"),
        "opening": re.compile(rf"(?P<name>{_PNAME}), (?:et|en|ei|eit|ein) (?P<desc>[{LO}][{LO} -]{{2,60}}?)(?=[,.;]| der\b| som\b| med\b)"),
        "bare": re.compile(rf"(?P<name>[{UP}][\w-]*(?: [\w-]+){{0,4}})[.!]?$"),
        "example": re.compile(rf"(?:- )?(?P<name>{_PNAME}) (?:er|var) (?:et|eit) (?:godt )?(?:eksempel|døme)\b"),
        "object": re.compile(
            rf"\b\w*prosjekt\w*\b[^.]*?\ber (?:å [{LO}]+ (?:på |med )?)?(?P<name>[{LO}][\w-]+(?: [{LO}][\w-]+){{0,2}}?)"
            rf"(?= vår\b| vårt\b| våre\b|[,.;]| der\b| som\b)"),
        "verbish": re.compile(r"\b(?:vi|jeg|eg|er|har|skal|må|kan|vil|blir|var|hadde|gjorde|fikk|fekk)\b", re.I),
    }


def _adder(found: dict, ref: Reference | None, taken: set[str]):
    def add(name: str, span: tuple[int, int], description: str | None = None) -> None:
        name = name.strip(" «»\"")
        key = " ".join(name.casefold().split())
        if not name or len(name) > 120 or key in taken or key in found:
            return
        if ref is not None and (ref.find_municipalities(name) or ref.find_counties(name)):
            return
        if any(key in k or k in key for k in found):
            return
        found[key] = {"name": name, "description": description, "span": [span[0], span[1]]}
    return add


def named_projects(doc: Document, layout: Layout, ref: Reference) -> list[dict]:
    """Projects named by one of the patterns of this module's docstring."""
    r = _rx()
    view = doc.view
    found: dict[str, dict] = {}
    add = _adder(found, ref, set())
    answers = [ln for qa in layout.qa if qa.topic in _SEEN_IN for ln in qa.answer]
    for ln in answers + layout.intro:
        for key in ("keyword", "verb"):
            for m in r[key].finditer(view, ln.start, ln.end):
                add(m.group("name"), m.span("name"))
        for m in r["apposition"].finditer(view, ln.start, ln.end):
            add(m.group("name"), m.span("name"), m.group("desc"))
    for ln in answers:
        for m in r["quoted"].finditer(view, ln.start, ln.end):
            if len(m.group("name").split()) <= 6:
                add(m.group("name"), m.span("name"))
        for m in r["object"].finditer(view, ln.start, ln.end):
            add(m.group("name"), m.span("name"))
        for s, e in doc.sentences(ln):
            if (m := r["example"].match(view, s, e)) is not None:
                add(m.group("name"), m.span("name"))
    for qa in layout.qa:
        if qa.topic not in ("proudest-project", "lessons-from-failure") or not qa.answer:
            continue
        first = doc.sentences(qa.answer[0])[:1]
        for s, e in first:
            if (m := r["opening"].match(view, s, e)) is not None:
                add(m.group("name"), m.span("name"), m.group("desc"))
            elif qa.topic == "proudest-project" and (m := r["bare"].match(view, s, e)) is not None \
                    and not r["verbish"].search(m.group("name")):
                add(m.group("name"), m.span("name"))
    return sorted(found.values(), key=lambda x: x["span"][0])


def more_projects(doc: Document, layout: Layout, found_list: list[dict], taken: set[str], ref: Reference,
                  caprun: re.Pattern, is_org: Callable[[str], bool]) -> list[dict]:
    """Add capitalised names of the proudest-project answer that are nothing else to ``found_list``
    (``caprun`` finds the names, as organisations are found; ``is_org`` tells organisations)."""
    view = doc.view
    found = {" ".join(p["name"].casefold().split()): p for p in found_list}
    add = _adder(found, ref, taken)
    for ln in layout.answers("proudest-project"):
        for s, e in doc.sentences(ln):
            for m in caprun.finditer(view, s, e):
                if m.start() == s or is_org(m.group()):
                    continue
                if not any(m.start() < x["span"][1] and x["span"][0] < m.end() for x in found.values()):
                    add(m.group(), m.span())
    return sorted(found.values(), key=lambda x: x["span"][0])
