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
from .names import name_plausibility
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
_PUBLISHERS = {"KS", "Kommunesektorens organisasjon"}
_NOT_ORG_ACRONYMS = {"IKT", "IT", "KI", "AI", "HR", "PC", "TV", "OK", "NB", "PS", "CO", "BIM", "GIS", "API"}
_CAMEL = re.compile(r"[a-zæøå][A-ZÆØÅ]")
_SHORT_CUE = 4  # cues shorter than this must be a whole word ("KS", "NAV", "lag"), not a word's end
_SUFFIXES = ("", "n", "en", "et", "a", "ane", "ene", "s")


@cache
def _rx() -> dict:
    lex = lexicon()
    og_names = alternation(_og_names())
    captok = rf"(?:{og_names}|[{UP}][\w{LO}{UP}]*(?:-[\w{LO}{UP}]+)*(?:/[{UP}]{{1,3}}\b)?)"
    long_cues = [c for c in lex.org_cues if " " not in c and len(c) >= _SHORT_CUE]
    # Lower-case words that end an organisation's name: "Nord universitet", "Bygland idrettsråd".
    tails = rf"[{LO}]*(?:{alternation([*long_cues, *_GENERIC_HEADS, 'kommune', 'kommuna'])})(?:n|en|et|a|ane|ene)?"
    tail_methods = (r"(?:-?(?:metodikk|metodikken|metode|metoden|metoder|metodar|prosess|prosessen|verktøy|"
                    r"tilnærming|tilnærmingen|tankegang|tankegangen|tenking|prinsipper|prinsippa))?(?:en|et|er|ene|ar|ane|a)?")
    return {
        "caprun": re.compile(rf"{captok}(?:(?: (?:for|på|i|av|ved) | | [–-] | \d{{1,3}} ){captok}|(?: [{LO}]+)? (?:{tails})\b)*"),
        "series": re.compile(r"\b(?:innovasjons?s?tafett\w*|\w*serie\w*|stafett\w*|pinnen)\b", re.IGNORECASE),
        "former": re.compile(r"\b(?:tidligere|tidlegare|før det|i sin tid|har (?:hun|han|ho) (?:jobbet|jobba|arbeidd|vært|vore))\b",
                             re.IGNORECASE),
        "country_in_run": re.compile(r" i (?:" + "|".join(c.capitalize() for c in _COUNTRIES) + r"|USA)$"),
        # "inspirert av Sitra", "vi har gått på StimuLab": an organisation's name follows.
        "org_verb": re.compile(r"\b(?:inspirere av|inspirert av|inspirasjon fr[aå]|henta? fr[aå]|lært av|lært mykje av|"
                               r"hentet fr[aå]|hentet mye fr[aå]|gått på|gjekk på|deltatt på|deltok på|deltar på|deltek på|kurs hos|besøkt|besøkte|"
                               r"støtte fr[aå]|midler fr[aå]|midlar frå|finansiert av|finansiering fr[aå])\s+$", re.I),
        "for_heads": re.compile(r"(?:nettverket|nettverk|forum|senter|senteret|center|programmet|programmet|rådet|klynge|klyngen)$", re.I),
        "for_tail": re.compile(rf" for (?:[{LO}]+ ){{0,2}}[{LO}]+(?=[.,;:]|$)"),
        "country": re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?i (" + "|".join(c.capitalize() for c in _COUNTRIES) + r"|USA)\b"),
        "methods": re.compile(rf"(?i)\b({alternation(lex.methods)}){tail_methods}\b"),
        "categories": re.compile(rf"(?i)\b(?:andre |gjerne |særleg |særlig |spesielt )?(?P<c>{alternation(lex.categories)})"
                                 rf"(?P<q> i (?:[{LO}]+|[{UP}][\w-]+))?\b"),
        "partner_cue": re.compile(r"\b(?:sammen med|saman med|samarbeid med|samarbeider med|samarbeidar med|samskaping med|"
                                  r"samarbeid om (?:[\w-]+ ){1,3}med|er (?:også |òg )?med i|ble med i|vart med i|blei med i|gjennom|"
                                  r"(?:jobber|jobbar|arbeider|arbeidar) (?:\w+ )?(?:tett|nært|nært og godt|mye|mykje|godt)(?: og \w+)? med|"
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


@cache
def _og_names() -> tuple[str, ...]:
    """Place names with "og" in them ("Møre og Romsdal", "Evje og Hornnes"): one word in a name, so
    "Helse Møre og Romsdal" and "Evje og Hornnes Næringsforening" are not cut at "og"."""
    from ..reference import load_reference, name_variants

    ref = load_reference()
    names = set()
    for thing in [*ref.municipalities.values(), *ref.counties.values()]:
        for nm in getattr(thing, "names", None) or [thing.name]:
            for v in name_variants(nm):
                if " og " in v:
                    names.add(v)
    return tuple(sorted(names))


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
    methods = _methods(doc, body)
    collab = set(id(ln) for ln in layout.answers("collaborators"))
    projects = named_projects(doc, layout, ref)
    needs_lines = set(id(ln) for ln in layout.answers("most-needed"))
    org_lines = [ln for ln in layout.box + body if id(ln) not in needs_lines]
    orgs = _organisations(doc, org_lines, person_spans, ref, own, collab, [tuple(p["span"]) for p in projects],
                          layout.intro)
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


# Method words that are also everyday words ("for mange piloter", "i forbedringsarbeidet"): they count
# as a method only where the sentence says the method is used ("vi tester ideer i små piloter").
_QUOTED = re.compile(r"«[^»]*»")
_CAP_NEXT = re.compile(r"\s+[A-ZÆØÅ]")
_QUALIFIER = re.compile(r"\s(?:i|på|ved|innen|innan)\s")
_HEAD_CUT = re.compile(r"\s(?:i|på|ved)\s")
_GROUP_HEAD = re.compile(r"(?:ene|ane|er|ar|ne|et|en|a|e|liv|lag|råd|miljø|miljøa)$")
_WEAK_METHODS = {"piloter", "prototyper", "forbedringsarbeid", "pilotering", "prototyping"}
_USE = re.compile(r"\b(?:bruker|bruke|brukar|nytter|nyttar|tatt i bruk|teke i bruk|tester|testar|lager|lagar|laget|laga|"
                  r"jobber med|jobbar med|satser på|satsar på|har innført|innførte|utvikler|utviklar)\b", re.IGNORECASE)


def _methods(doc: Document, lines: list[Line]) -> list[dict]:
    view = doc.view
    out: dict[str, dict] = {}
    for ln in lines:
        quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(view, ln.start, ln.end)]
        for m in _rx()["methods"].finditer(view, ln.start, ln.end):
            a, b = m.start(1), m.end(1)
            if any(qs <= a < qe for qs, qe in quoted):
                continue  # inside a quotation (another person's words, a title)
            if view[a].isupper() and _CAP_NEXT.match(view, m.end(), m.end() + 2):
                continue  # part of a proper name: "Testarena Kongsberg"
            label = m.group(1).casefold()
            if label in _WEAK_METHODS:
                sentence = next(((x, y) for x, y in doc.sentences(ln) if x <= a < y), (ln.start, ln.end))
                if not _USE.search(view, sentence[0], a) or view[max(sentence[0], a - 2):a] == "i ":
                    continue
            # The vocabulary's label as the text has it ("idebank", "lean-metodikk"): the mapping
            # finds the concept from any of its labels, and the record keeps the interview's word.
            out.setdefault(label, {"label": label, "span": [a, b]})
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
    if not alone and re.search(r"\w{5,}(?:råd|rådet|utval|utvalg|utvalget)$", folded):
        return True  # "Digitaliseringsråd", "Ungdomsutvalget": a council
    for tok in folded.split():
        if tok in short:
            return not alone
        m = ending.search(tok.split("-")[-1])
        if m:
            return not alone or m.start() > 0
    return not alone and _heads_rx().search(folded) is not None


def _organisations(doc: Document, lines: list[Line], person_spans, ref: Reference, own: dict, collab: set,
                   skip: list[tuple[int, int]], intro: list[Line] = ()):
    """``(name, span, country, line, partner, numbers)`` of each named organisation mention.

    A capitalised run is an organisation when :func:`_is_org` says so, when it is followed by
    "i <foreign country>" ("Sitra i Finland"), or, in a partner context (the collaborators answer,
    after "sammen med", "avtale med" ...), when it is a municipality ("samarbeid med Hol og Ål")
    or a single proper name that is no place ("støtte fra Enova")."""
    r = _rx()
    view = doc.view
    out = []
    intro_ids = {id(x) for x in intro}
    for ln in lines:
        in_intro = id(ln) in intro_ids
        for s, e in doc.sentences(ln):
            cue = r["partner_cue"].search(view, s, e)
            people_here = None
            for m in r["caprun"].finditer(view, s, e):
                start, run = m.start(), m.group()
                tokens = run.split(" ")
                if start == s and tokens[0].casefold() in _FUNCTION_WORDS:
                    start += len(tokens[0]) + 1
                    run = " ".join(tokens[1:])
                    if not run[:1].isupper():
                        continue  # "En fylkeskommune som ...": a common noun after the first word
                if not run or run in _NOT_ORG_ACRONYMS or (run.isupper() and view[start - 1:start] == "(") \
                        or run.casefold().startswith(("innovasjonsstafett", "innovasjonstafett")):
                    continue  # "(COI)" repeats the name before it
                if in_intro and r["former"].search(view, s, e):
                    continue  # "har tidligere jobbet i Sametinget": a former employer is no actor
                if run in _PUBLISHERS and r["series"].search(view, s, e) and id(ln) not in collab:
                    continue  # "Innovasjonsstafetten er KS' intervjuserie": the series' publisher
                if view[start + len(run):start + len(run) + 1] == "-" and run.isupper():
                    continue  # "en KS-konferanse": part of a compound word
                cut = r["country_in_run"].search(run)
                if cut:  # "Sitra i Finland": the run stops before the country
                    run = run[: cut.start()]
                end = start + len(run)
                if any(start < pe and ps < end for ps, pe in skip):
                    continue  # a project's name ("Barnevernssamarbeidet Ål")
                # After a partner cue, or the subject of a sentence that has one ("Landsbyforeningen A/S
                # er et eksempel på hvordan kommunen jobber sammen med næringslivet").
                partner = id(ln) in collab or (cue is not None and (cue.start() < start or start == s))
                country = r["country"].match(view, end, e)
                if country and not _is_org(run, False) and re.search(r"\b(?:i|på|fra|frå|til)\s+$", view[max(s, start - 5):start]):
                    continue  # "vokste opp i Utrecht i Nederland": a place abroad, not an organisation
                numbers = {"kommunenummer": None, "fylkesnummer": None}
                if _is_org(run, start == s and not partner) or country or (
                        start != s and r["org_verb"].search(view, max(s, start - 40), start)):
                    pass
                elif partner and (start != s or (id(ln) in collab and " " in run)):
                    munis = [x for x in ref.find_municipalities(run) if x.current] or _parallel_munis(run, ref)
                    if len(munis) == 1:
                        numbers["kommunenummer"] = munis[0].key
                    elif munis or ref.find_counties(run) or run.casefold() in _COUNTRIES:
                        continue
                    elif " " in run and name_plausibility(run, ref) > 0:
                        continue  # a person's name ("sammen med Kari Nordmann"), not an organisation
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


def _parallel_munis(run: str, ref: Reference) -> list:
    """"Porsáŋgu – Porsanger": a municipality written with both its names."""
    parts = [p for p in re.split(r"\s+[–-]\s+", run) if p]
    if len(parts) < 2:
        return []
    for part in parts:
        found = [x for x in ref.find_municipalities(part) if x.current]
        if found:
            return found
    return []


# Groups of people or organisations named as partners, in a list: after "med" ("samarbeider tett med
# næringsforeningen og ungdomsrådet"), as the subject of the sentence ("De tillitsvalgte, brukerrådene
# og pårørende er ..."), or after an opening adverb and "er" ("Lokalt er frivilligsentralen, ... viktige").
_GROUP_AFTER = re.compile(r"\b(?:sammen med|saman med|i samarbeid med|samarbeid med|samarbeider \w+ (?:\w+ )?med|"
                          r"(?:jobber|jobbar|arbeider|arbeidar) (?:\w+ )?(?:tett|nært|mye|mykje|godt)(?: og \w+)? med|"
                          r"samarbeidar \w+ (?:\w+ )?med|samarbeider med|samarbeidar med|samskaping med|i lag med|"
                          r"avtale med|dialog med|partnerskap med|tett med|mye med|mykje med)\s+", re.IGNORECASE)
_GROUP_ADVERB = re.compile(r"(?:Lokalt|Her|Ute i \w+|I tillegg|Dessuten|Også|Òg|Videre|Vidare|Internt|I kommunen) (?:er|har|var) ")
_FINITE = re.compile(r"\s(?:er|har|var|blir|vert|deltar|deltek|bidrar|bidreg|spiller|speler|står|gir|gjev|samarbeider|"
                     r"samarbeidar|har vært|har vore|jobber|jobbar|møtes|stiller|kommer|kjem)\b")
_CLAUSE_END = re.compile(r",?\s+(?:der|som|hvor|kor|og vi|men|fordi|slik|når|og det|og eg|og jeg|noe|noko|om)\b|\s+[–—]\s|;|\(|"
                         r"\s(?:har vi|har eg|har jeg|er vi|for å|til å)\b")
_PREDICATE = re.compile(r"\s(?:viktige|viktig|avgjørende|avgjerande|helt|heilt|svært|sentrale|sentral|faste|gode|"
                        r"nære|også|òg|ofte|særlig|særleg|med)\b.*$")
_ITEM_LEAD = re.compile(r"^(?:(?:og|eller|samt|også|òg|særlig|særleg|spesielt|både|først og fremst|tett|mye|mykje|gjerne|ikke minst|med)\s+)+")
_NOT_GROUPS = {"oss", "dem", "deg", "meg", "hverandre", "kvarandre", "alle", "mange", "andre", "flere", "fleire", "noen",
               "nokre", "seg", "folk", "tid", "penger", "pengar", "tida", "året", "arbeidet", "prosjektet"}
# The interviewee's own organisation: its staff, politicians and departments are not its partners
# (except where the collaborators answer names them as such).
_OWN_HEADS = {"ansatte", "tilsette", "medarbeidere", "medarbeidarar", "folkevalgte", "politikerne", "politikarane",
              "administrasjon", "administrasjonen", "fagfolk", "fagfolka", "fagfolkene", "ledere", "leiarar", "ledelsen",
              "leiinga", "tjenestene", "tenestene", "avdelingen", "avdelinga", "økonomiavdelingen", "enhetene", "einingane"}
_NUMBER_WORDS = {"to", "tre", "fire", "fem", "seks", "sju", "syv", "åtte", "ni", "ti", "tolv", "tjue", "hundre", "ein", "en", "ei", "et", "eit"}


def _categories(doc: Document, layout: Layout, body: list[Line]):
    """Groups named as partners: vocabulary labels (``categories.ttl``) and the items of a list of
    groups, in the collaborators answer and after "sammen med", "samarbeid med" ... elsewhere. The
    interviewee's own staff ("de ansatte") are partners only in the collaborators answer."""
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
            found = []
            segments = _group_segments(view, s, e, in_collab)
            for a, b in ([(s, e)] if in_collab else segments):
                for m in r["categories"].finditer(view, a, b):
                    end = m.end("q") if m.group("q") else m.end("c")
                    if re.match(r"\s+[A-ZÆØÅ]", view[end:end + 2]) and not m.group("q"):
                        continue  # "nabokommunene Porsanger og Kautokeino": the names are the partners
                    found.append((view[m.start("c"):end], (m.start("c"), end)))
            for a, b in segments:
                for part, ps in _split_list(view, a, b):
                    if any(ps[0] < y and x < ps[1] for _, (x, y) in found):
                        continue  # inside a vocabulary label such as "lag og organisasjonar"
                    item = _group_item(part, ps, at_start=ps[0] == s)
                    if item:
                        found.append(item)
            for name, span in found:
                head = _HEAD_CUT.split(name.casefold())[0].split()[-1]
                if in_collab or head not in _OWN_HEADS:
                    out.append((name, span))
    return out


def _group_segments(view: str, s: int, e: int, in_collab: bool) -> list[tuple[int, int]]:
    """Where a list of partners may stand in a sentence (see ``_GROUP_AFTER``)."""
    segs = []
    for m in _GROUP_AFTER.finditer(view, s, e):
        end = _CLAUSE_END.search(view, m.end(), e)
        segs.append((m.end(), end.start() if end else e))
    if in_collab and re.match(r"(?:Med|Mest med|Først og fremst med)\s", view[s:e]):
        end = _CLAUSE_END.search(view, s, e)
        segs.append((s + view[s:e].index("ed ") + 3, end.start() if end else e))
    elif in_collab:
        adv = _GROUP_ADVERB.match(view, s, e)
        if adv:
            end = _CLAUSE_END.search(view, adv.end(), e)
            segs.append((adv.end(), end.start() if end else e))
        else:
            verb = _FINITE.search(view, s, e)
            head = view[s:verb.start() if verb else e]
            if not re.match(r"(?:Vi|Eg|Jeg|Det|Dette|Den|Der|Her|I|Med|Når|Fordi|Som)\b", head):
                end = _CLAUSE_END.search(view, s, verb.start() if verb else e)
                segs.append((s, end.start() if end else (verb.start() if verb else e)))
    return segs


def _group_item(part: str, span: tuple[int, int], *, at_start: bool) -> tuple[str, tuple[int, int]] | None:
    """A list item that names a group ("velforeningene i bydelene", "De tillitsvalgte"), or None."""
    a, b = span
    lead = _ITEM_LEAD.match(part)
    if lead:
        a, part = a + lead.end(), part[lead.end():]
    pred = _PREDICATE.search(part)
    if pred and pred.start() > 0:
        part = part[:pred.start()]
    part = part.strip(" .,:;!?")
    if not part:
        return None
    words = part.split()
    first = words[0]
    if len(words) > 6 or (first[:1].isupper() and not (at_start and first[1:].islower())):
        return None  # a name: organisations are found as names, not as groups
    qualifier = _QUALIFIER.search(part)
    head_words = part[:qualifier.start()].split() if qualifier else words
    if any(w[:1].isupper() for w in head_words[1:]) or len(head_words) > 4:
        return None
    head = head_words[-1].casefold()
    inner = {w.casefold() for w in head_words[1:]}
    if first.casefold() in _NUMBER_WORDS or first[:1].isdigit() or inner & (_FUNCTION_WORDS | _NOT_GROUPS):
        return None  # "to miljøarbeidere", "bebuarane nokre kveldar": not a group's name
    if head in _NOT_GROUPS or (len(head) < 4 and head != "lag") or _rx()["verbish"].search(part) or not _GROUP_HEAD.search(head):
        return None
    return part, (a, a + len(part))


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


_PAIRED_NEED = re.compile(r"\s+og\s+(?P<w>(?:flere|fleire|mer|meir|bedre|betre|nye|nytt|ny|økt|auka|større|enklere|enklare)\s)",
                          re.IGNORECASE)


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
    if len(parts) == 1 and _PAIRED_NEED.search(view, a, b):
        # "Flere ungdomsarbeidere og bedre kollektivtilbud": two needs, each with its own "more"
        m = _PAIRED_NEED.search(view, a, b)
        parts = [(view[a:m.start()], (a, m.start())), (view[m.end() - len(m.group("w")):b], (m.end() - len(m.group("w")), b))]
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
