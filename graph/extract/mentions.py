"""Projects, partners, other organisations, needs and methods named in the answers (pure).

- methods: labels of ``methods.ttl`` anywhere in the intro and answers ("lean-metodikk" -> "lean");
- partners: the collaborators answer and sentences that say "sammen med", "avtale med",
  "deltar i" ...: named organisations (kind "organisation") and groups from ``categories.ttl`` or
  the answer's own list ("lag og organisasjonar i bygdene", kind "category");
- organisations: other named organisations, with the country when the text gives it;
- projects: see ``projects.py``;
- needs: the most-needed answer as a list of short items.
"""

from __future__ import annotations

import re
from functools import cache

from ..reference import Reference
from .document import Document, Line
from .lexicon import alternation, lexicon
from .orgs import is_county_org, is_municipal_org, resolve_org
from .patterns import LO, UP, mentions
from .projects import more_projects, named_projects
from .segments import Layout

_COUNTRIES = {"danmark": "DK", "sverige": "SE", "finland": "FI", "island": "IS", "tyskland": "DE",
              "nederland": "NL", "storbritannia": "GB", "england": "GB", "skottland": "GB", "estland": "EE",
              "usa": "US", "canada": "CA", "frankrike": "FR", "spania": "ES", "belgia": "BE", "østerrike": "AT"}
_FUNCTION_WORDS = {"i", "vi", "det", "den", "dei", "de", "jeg", "eg", "hun", "han", "ho", "etter", "på", "med",
                   "for", "som", "når", "hvis", "viss", "alle", "et", "en", "ei", "ein", "eit", "men", "og", "så",
                   "hos", "fra", "frå", "til", "av", "om", "under", "gjennom", "vår", "vårt", "våre", "sammen",
                   "saman", "både", "også", "her", "der", "da", "no", "nå", "hver", "kvar", "mange", "noen",
                   "nokre", "særlig", "spesielt", "gjerne", "blant", "fordi", "dette", "disse", "desse", "ja",
                   "nei", "hvordan", "korleis", "hva", "kva"}
_GENERIC_HEADS = ("universitet", "høgskole", "høgskule", "høyskole", "sykehus", "sjukehus", "fylkeskommune",
                  "forum", "nettverk", "senter", "center", "institutt", "direktorat", "forening", "foreining",
                  "stiftelse", "klynge", "selskap", "skolen", "skulen", "akademi")
_NOT_ORG_ACRONYMS = {"IKT", "IT", "KI", "AI", "HR", "PC", "TV", "OK", "NB", "PS", "CO", "BIM", "GIS", "API"}
_CAMEL = re.compile(r"[a-zæøå][A-ZÆØÅ]")
_SHORT_CUE = 4  # cues shorter than this must be a whole word ("KS", "NAV", "lag"), not a word's end
_SUFFIXES = ("", "n", "en", "et", "a", "ane", "ene", "s")


@cache
def _rx() -> dict:
    lex = lexicon()
    captok = rf"[{UP}][\w{LO}{UP}]*(?:-[\w{LO}{UP}]+)*"
    long_cues = [c for c in lex.org_cues if " " not in c and len(c) >= _SHORT_CUE]
    # Lower-case words that end an organisation's name: "Nord universitet", "Bygland idrettsråd".
    tails = rf"[{LO}]*(?:{alternation([*long_cues, *_GENERIC_HEADS, 'kommune', 'kommuna'])})(?:n|en|et|a|ane|ene)?"
    tail_methods = (r"(?:-?(?:metodikk|metodikken|metode|metoden|metoder|metodar|prosess|prosessen|verktøy|"
                    r"tilnærming|tilnærmingen|tankegang|tankegangen|tenking|prinsipper|prinsippa))?(?:en|et|er|ene|ar|ane)?")
    return {
        "caprun": re.compile(rf"{captok}(?:(?: (?:for|på|i|av|ved) | ){captok}|(?: [{LO}]+)? (?:{tails})\b)*"),
        "country_in_run": re.compile(r" i (?:" + "|".join(c.capitalize() for c in _COUNTRIES) + r"|USA)$"),
        # "inspirert av Sitra", "vi har gått på StimuLab": an organisation's name follows.
        "org_verb": re.compile(r"\b(?:inspirere av|inspirert av|inspirasjon fr[aå]|henta? fr[aå]|lært av|lært mykje av|"
                               r"gått på|gjekk på|deltatt på|deltok på|deltar på|deltek på|kurs hos|besøkt|besøkte|"
                               r"støtte fr[aå]|midler fr[aå]|midlar frå|finansiert av|finansiering fr[aå])\s+$", re.I),
        "for_heads": re.compile(r"(?:nettverket|nettverk|forum|senter|senteret|center|programmet|programmet|rådet|klynge|klyngen)$", re.I),
        "for_tail": re.compile(rf" for (?:[{LO}]+ ){{0,2}}[{LO}]+(?=[.,;:]|$)"),
        "country": re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?i (" + "|".join(c.capitalize() for c in _COUNTRIES) + r"|USA)\b"),
        "methods": re.compile(rf"(?i)\b({alternation(lex.methods)}){tail_methods}\b"),
        "categories": re.compile(rf"(?i)\b(?:andre |gjerne |særleg |særlig |spesielt )?(?P<c>{alternation(lex.categories)})"
                                 rf"(?P<q> i (?:[{LO}]+|[{UP}][\w-]+))?\b"),
        "partner_cue": re.compile(r"\b(?:sammen med|saman med|samarbeid med|samarbeider med|samarbeidar med|"
                                  r"avtale med|avtalar med|deltar i|deltek i|i samarbeid med|partnarar?|partnere?|"
                                  r"med støtte fr[aå]|i lag med)\b", re.IGNORECASE),
        "need_lead": re.compile(r"^(?:helt klart|først og fremst|fyrst og fremst|definitivt|uten tvil|utan tvil|"
                                r"nok|kanskje|særlig|særleg|spesielt|det er|det må vere|det må være)\s+", re.IGNORECASE),
        # "innen X", "Det må bli X.", "Jeg ville begynt med X.", "Eg ville satsa på X."
        "need_cue": re.compile(rf"\b(?:innen|innenfor|innanfor|området|feltet|må bli|må vere|må være|begynt med|"
                               rf"begynne med|byrja med|byrje med|starta med|startet med|satset på|satsa på|satse på|"
                               rf"tatt tak i|teke tak i|ta tak i|prioritert|prioritere)\s+(?P<x>[{LO}][{LO} -]{{2,60}}?)"
                               rf"(?=[,.;!?]|\s(?:fordi|der|som|hvor|kor|og at)\b|$)"),
        "verbish": re.compile(r"\b(?:vi|jeg|eg|er|har|skal|må|kan|vil|jobber|jobbar|gjør|gjer|blir|var|hadde)\b", re.I),
    }


def _key(name: str) -> str:
    """A cheap comparison key for names found in one text (reference.fold is for the gazetteer)."""
    return " ".join(name.casefold().split())


def _item(name: str, span: tuple[int, int], **extra) -> dict:
    return {"name": name, **extra, "span": [span[0], span[1]]}


def find_mentions(doc: Document, layout: Layout, ref: Reference, *, own: dict, people) -> dict:
    """Lists of the record: projects, partners, organisations, needs, methods, and warnings."""
    view = doc.view
    answers = [ln for qa in layout.qa if qa.topic != "baton" for ln in qa.answer]
    body = layout.intro + answers + layout.outro
    person_spans = _person_spans(people)
    warnings: list[str] = []
    methods = _methods(view, body)
    collab = set(id(ln) for ln in layout.answers("collaborators"))
    projects = named_projects(doc, layout, ref)
    needs_lines = set(id(ln) for ln in layout.answers("most-needed"))
    org_lines = [ln for ln in layout.box + body if id(ln) not in needs_lines]
    orgs = _organisations(doc, org_lines, person_spans, ref, own, collab, [tuple(p["span"]) for p in projects])
    partners: dict[str, dict] = {}
    organisations: dict[str, dict] = {}
    partner_keys = {_key(o[0]) for o in orgs if o[4]}
    for name, span, country, line, _partner, numbers in orgs:
        key = _key(name)
        if key in partners or key in organisations:
            continue
        if numbers["kommunenummer"] is None and numbers["fylkesnummer"] is None and (
                is_municipal_org(name) or is_county_org(name)):
            warnings.append(f"organisation {name!r} is not in the reference data; kept without a number")
        if key in partner_keys:
            partners[key] = _item(name, span, kind="organisation", **numbers)
        else:
            organisations[key] = _item(name, span, country=country, **numbers)
    for name, span in _categories(doc, layout, body):
        partners.setdefault(_key(name), _item(name, span, kind="category"))
    taken = {_key(x["name"]) for x in [*partners.values(), *organisations.values()]}
    projects = more_projects(doc, layout, projects, taken, ref, _rx()["caprun"], lambda run: _is_org(run, False))
    return {
        "projects": projects,
        "partners": sorted(partners.values(), key=lambda x: x["span"][0]),
        "organisations": sorted(organisations.values(), key=lambda x: x["span"][0]),
        "needs": _needs(doc, layout.answers("most-needed")),
        "methods": methods,
        "warnings": warnings,
    }


def _person_spans(people) -> list[tuple[int, int]]:
    return [p.name_span for p in (people.interviewee, people.baton_from, people.baton_to)
            if p is not None and p.name_span]


def _methods(view: str, lines: list[Line]) -> list[dict]:
    out: dict[str, dict] = {}
    for ln in lines:
        for m in _rx()["methods"].finditer(view, ln.start, ln.end):
            # The vocabulary's label as the text has it ("idebank", "lean-metodikk"): the mapping
            # finds the concept from any of its labels, and the record keeps the interview's word.
            out.setdefault(m.group(1).casefold(), {"label": m.group(1).casefold(), "span": [m.start(1), m.end(1)]})
    return list(out.values())


@cache
def _cue_rx() -> tuple[re.Pattern, frozenset, tuple[str, ...]]:
    """Organisation cues: word endings (long cues), whole words (short ones), phrases."""
    cues = lexicon().org_cues
    long = [c for c in cues if " " not in c and len(c) >= _SHORT_CUE]
    ending = re.compile(rf"(?:{alternation(long)})(?:{'|'.join(_SUFFIXES[1:])})?$")
    return ending, frozenset(c for c in cues if " " not in c and len(c) < _SHORT_CUE), tuple(c for c in cues if " " in c)


@cache
def _heads_rx() -> re.Pattern:
    return re.compile(rf"(?:{alternation(_GENERIC_HEADS)})\w{{0,3}}\b")


def _is_org(run: str, initial: bool) -> bool:
    """Whether a capitalised run names an organisation: an acronym, or a word ending in a cue of
    ``organisation-types.ttl`` ("Nordlandssykehuset", "Steinkjer Næringsforum"); a lone cue word at
    the start of a sentence ("Innovasjon er ...") is an ordinary word."""
    tokens = run.split()
    if len(tokens) == 1 and tokens[0].isupper() and 2 <= len(tokens[0]) <= 6:
        return True  # an acronym: KS, NAV, SINTEF
    if any(_CAMEL.search(t) for t in tokens):
        return True  # a brand written in camel case: StimuLab
    ending, short, phrases = _cue_rx()
    folded = run.casefold()
    if any(p in folded for p in phrases):
        return True
    alone = len(tokens) == 1 and initial
    for tok in folded.split():
        if tok in short:
            return not alone
        m = ending.search(tok.split("-")[-1])
        if m:
            return not alone or m.start() > 0
    return not alone and _heads_rx().search(folded) is not None


def _organisations(doc: Document, lines: list[Line], person_spans, ref: Reference, own: dict, collab: set,
                   skip: list[tuple[int, int]]):
    """``(name, span, country, line, partner, numbers)`` of each named organisation mention.

    A capitalised run is an organisation when :func:`_is_org` says so, when it is followed by
    "i <foreign country>" ("Sitra i Finland"), or, in a partner context (the collaborators answer,
    after "sammen med", "avtale med" ...), when it is a municipality ("samarbeid med Hol og Ål")
    or a single proper name that is no place ("støtte fra Enova")."""
    r = _rx()
    view = doc.view
    out = []
    for ln in lines:
        for s, e in doc.sentences(ln):
            cue = r["partner_cue"].search(view, s, e)
            people_here = None
            for m in r["caprun"].finditer(view, s, e):
                start, run = m.start(), m.group()
                tokens = run.split(" ")
                if start == s and tokens[0].casefold() in _FUNCTION_WORDS:
                    start += len(tokens[0]) + 1
                    run = " ".join(tokens[1:])
                if not run or run in _NOT_ORG_ACRONYMS or (run.isupper() and view[start - 1:start] == "("):
                    continue  # "(COI)" repeats the name before it
                cut = r["country_in_run"].search(run)
                if cut:  # "Sitra i Finland": the run stops before the country
                    run = run[: cut.start()]
                end = start + len(run)
                if any(start < pe and ps < end for ps, pe in skip):
                    continue  # a project's name ("Barnevernssamarbeidet Ål")
                partner = id(ln) in collab or (cue is not None and cue.start() < start)
                country = r["country"].match(view, end, e)
                numbers = {"kommunenummer": None, "fylkesnummer": None}
                if _is_org(run, start == s and not partner) or country or (
                        start != s and r["org_verb"].search(view, max(s, start - 40), start)):
                    pass
                elif partner and start != s:
                    munis = [x for x in ref.find_municipalities(run) if x.current]
                    if len(munis) == 1:
                        numbers["kommunenummer"] = munis[0].key
                    elif munis or ref.find_counties(run) or " " in run or run.casefold() in _COUNTRIES:
                        continue
                else:
                    continue
                if people_here is None:
                    people_here = person_spans + [(x.start, x.end) for x in mentions(view[s:e], s, "CBEA")]
                if any(start < pe and ps < end for ps, pe in people_here):
                    continue  # "Name, rådgiver i Vestland fylkeskommune": the person's post, not a partner
                tail = r["for_tail"].match(view, end, e)
                if tail and tail.group().strip() and r["for_heads"].search(run):
                    end = tail.end()
                    run = view[start:end]
                if numbers["kommunenummer"] is None and (is_municipal_org(run) or is_county_org(run)):
                    org, _ = resolve_org(run, ref)
                    numbers = {"kommunenummer": org["kommunenummer"], "fylkesnummer": org["fylkesnummer"]}
                if any(own.get(k) and numbers[k] == own.get(k) for k in ("kommunenummer", "fylkesnummer")):
                    continue  # the interviewee's own municipality or county
                out.append((run, (start, end), _COUNTRIES.get(country.group(1).casefold()) if country else None,
                            ln, partner, numbers))
    return out


def _categories(doc: Document, layout: Layout, body: list[Line]):
    """Groups named as partners: in the collaborators answer (vocabulary labels and the items of a
    bare list), and vocabulary labels after "sammen med" ... elsewhere."""
    r = _rx()
    view = doc.view
    out = []
    collab = layout.answers("collaborators")
    collab_ids = {id(ln) for ln in collab}  # by identity: comparing Line dataclasses made this quadratic
    for ln in body:
        in_collab = id(ln) in collab_ids
        for s, e in doc.sentences(ln):
            cue = r["partner_cue"].search(view, s, e)
            if not in_collab and cue is None:
                continue
            for m in r["categories"].finditer(view, cue.end() if cue and not in_collab else s, e):
                end = m.end("q") if m.group("q") else m.end("c")
                out.append((view[m.start("c"):end], (m.start("c"), end)))
    for ln in collab[:1]:
        first = doc.sentences(ln)[:1]
        for s, e in first:
            if r["verbish"].search(view, s, e):
                continue
            for part, ps in _split_list(view, s, e):
                if any(ps[0] < b and a < ps[1] for _, (a, b) in out):
                    continue  # inside a vocabulary label such as "lag og organisasjonar"
                first_word = ps[0] == s and len(part.split()) == 1 and part[1:].islower() and not _is_org(part, False)
                if (part[:1].islower() or first_word) and len(part.split()) <= 5:
                    out.append((part, ps))
    return out


def _split_list(view: str, s: int, e: int) -> list[tuple[str, tuple[int, int]]]:
    """Items of "A, B og C" (or "A, gjerne gjennom B eller andre C"), with spans."""
    text = view[s:e].rstrip(".!;")
    parts, pos = [], 0
    for m in re.finditer(r",\s*|\s+(?:og|eller|samt)\s+", text):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(text)))
    out = []
    for a, b in parts:
        chunk = text[a:b]
        lead = re.match(r"^(?:(?:gjerne|særlig|særleg|spesielt|blant annet|andre|ofte|mest|også|òg)\s+)*(?:gjennom\s+|med\s+)?", chunk)
        a += lead.end()
        if text[a:b].strip():
            out.append((text[a:b].strip(), (s + a, s + b)))
    return out


_NEED_OPEN = re.compile(
    r"(?:(?:og|men|samt|også|òg|dessuten|i tillegg)\s+)*(?:(?:vi|eg|jeg)\s+(?:må|trenger|treng|trengs|skulle|vil|ønsker|ynskjer)"
    r"(?:\s+(?:også|òg|mest|nok|helt klart|absolutt|først og fremst))*(?:\s+(?:ha|få|bli bedre til å \w+|bli betre til å \w+|"
    r"finne|finna|jobbe med|jobbe meir med|jobbe mer med|satse på|satsa på|løse|løyse|se på|sjå på))?\s+)?",
    re.IGNORECASE)
# Where a need's name ends and what is said about it begins: "Skolefravær, som har økt ...",
# "Kollektivtilbud i distriktene, der bussen går sjelden", "klimatilpassing – flaum og skred ...".
_NEED_TAIL = re.compile(r",\s+(?:der|som|hvor|kor|fordi|slik at|sidan|siden|når|og det|noe som|noko som)\b|\s+[–—]\s|\s+-\s|;|\s+\(")


def _needs(doc: Document, lines: list[Line]) -> list[dict]:
    """The needs in the answer to the most-needed question: each sentence is a need, a list of
    needs ("A, B og C") or a sentence saying one ("Og vi må bli bedre til å nå X", "Vi trenger
    også X"); what follows a need's name ("…, der …", "… – …") is not part of it."""
    r = _rx()
    view = doc.view
    out: dict[str, dict] = {}
    for ln in lines:
        for s, e in doc.sentences(ln):
            text = view[s:e]
            colon = text.rfind(":")
            if colon >= 0 and text[colon + 1:].strip():  # "Her er mine tre: Energi!"
                s += colon + 1 + len(text[colon + 1:]) - len(text[colon + 1:].lstrip())
                text = view[s:e]
            items = _need_items(view, s, e)
            if not items:
                items = [(m.group("x"), m.span("x")) for m in r["need_cue"].finditer(view, s, e)]
            for label, (a, b) in items:
                lead = r["need_lead"].match(label)
                if lead:
                    a, label = a + lead.end(), label[lead.end():]
                label = label.strip(" .!?;:")
                if label and len(label) <= 120:
                    out.setdefault(label.casefold(), {"label": label, "span": [a, a + len(label)]})
    return list(out.values())


def _need_items(view: str, s: int, e: int) -> list[tuple[str, tuple[int, int]]]:
    """The needs a sentence names as such (a list, or one need after "vi trenger"), or none."""
    r = _rx()
    opening = _NEED_OPEN.match(view, s, e)
    a = opening.end() if opening else s
    tail = _NEED_TAIL.search(view, a, e)
    b = tail.start() if tail else e
    while b > a and view[b - 1] in " .!?;:":
        b -= 1
    if b <= a:
        return []
    parts = _split_list(view, a, b) if "," in view[a:b] else [(view[a:b], (a, b))]
    if len(parts) > 1:
        last, (ls, le) = parts[-1]
        parts = parts[:-1] + _split_og(view, ls, le)
    items = []
    for label, (x, y) in parts:
        words = label.split()
        head = re.split(r"\s(?:som|der|hvor|kor)\s", label)[0]  # "boliger som gjør det mulig ...": a relative clause
        if not words or len(words) > 14 or r["verbish"].search(head) or len(head.split()) > 8:
            return []  # a clause, not a list of needs: leave it to the cue phrases
        items.append((label, (x, y)))
    return items


def _split_og(view: str, s: int, e: int) -> list[tuple[str, tuple[int, int]]]:
    text = view[s:e]
    m = re.search(r"\s+og\s+", text)
    if not m:
        return [(text, (s, e))]
    return [(text[: m.start()], (s, s + m.start())), (text[m.end():], (s + m.end(), e))]
