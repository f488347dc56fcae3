"""How people are written in the series: names, titles and organisations, as regexes (pure).

A *mention* is a name with what the same phrase says about the person:
  A  "rådmann Bjørn Are Skogstad (i Steinkjer kommune)"        title first
  B  "Hilde Vatne, innovasjonsrådgjevar i Vestland fylkeskommune"  name, title ("Name, som er tittel i ...")
  E  "Jan-Erik Solheim er kommunedirektør i Birkenes kommune"   name, copula, title
  C  "kommunedirektøren i Hå kommune i Rogaland, Anne Berit Berge Ims"  title and place, name
  G  "Narviks ordfører Kari Lund Sørensen"                      genitive place, title, name (part of A)
  H  "(Til daglig er) Berit Martinsen utviklingssjef i Hyllestad kommune"  name, title, no comma
  N  "Jan Sundby (i Alvdal)"                                    a name alone (asked for where a name is due)
Titles are the labels of ``ontology/vocab/roles.ttl`` (any case, definite forms included), a
compound such as "kommunalsjef for oppvekst", or a word built like a title ("helsesjef").
Names are two to five capitalised words; the case of names matters, the case of titles does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .lexicon import alternation, lexicon

UP = "A-ZÆØÅÉÈÜÖÄÁÓÍÚČĐŊŠŦŽ"  # with the letters of North Sámi names (Márjá, Ánde, Čoavddatmohkki)
LO = "a-zæøåéèüöäáóíúçñčđŋšŧžï"
NAMETOK = rf"(?:[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?)"
# Particles of family names ("Eva van der Lee", "Anna de Vries"): lower case between two names.
PARTICLE = r"(?:van der|van den|van de|van|von|de la|de|der|den|af|di|da|du|le|la|ter|ten)"
NAME = rf"{NAMETOK}(?: (?:{PARTICLE} )?{NAMETOK}){{1,4}}"
PLACETOK = rf"(?:[{UP}][{LO}{UP}]*(?:-[{UP}{LO}][{LO}]*)*)"
PLACE = rf"{PLACETOK}(?: {PLACETOK}){{0,2}}"
_ORG_TAIL = r"kommune|kommuna|fylkeskommune|fylkeskommuna|herad|universitet|høgskole|høgskule"
# Sámi and Kven municipalities are often written with both names: "Kárášjoga gielda – Karasjok kommune".
_PARALLEL = rf"{PLACE} (?:gielda|suohkan|suohkkan|kommuvdna) [–-] {PLACE}(?: kommune)?|{PLACE} [–-] {PLACE} kommune"
ORG = rf"(?:{_PARALLEL}|{PLACETOK} og {PLACETOK} (?:fylkeskommune|fylke|kommune|herad)|{PLACE}(?: (?:{_ORG_TAIL}))?)"
COUNTY = rf"{PLACETOK}(?: og {PLACETOK})?"


@cache
def org_pattern() -> str:
    """``ORG``, and before it every name of the reference data that the token patterns would cut:
    names with "og" ("Evje og Hornnes", "Møre og Romsdal") and parallel names ("Unjárga - Nesseby").
    Built on first use (it reads the reference data), for the regexes that are built then too."""
    from ..reference import load_reference, name_variants

    ref = load_reference()
    names: set[str] = set()
    for thing in [*ref.municipalities.values(), *ref.counties.values()]:
        for nm in getattr(thing, "names", None) or [thing.name]:
            bare = re.sub(r"\s*\([^)]*\)", "", nm).strip()
            for v in {bare, *name_variants(nm)}:
                if " og " in v or re.search(r"\s[–-]\s", v):
                    names.add(v)
                    names.add(v.replace(" - ", " – "))
    known = alternation(names)
    return rf"(?:(?:{known})(?: (?:{_ORG_TAIL}))?(?![\w-])|{ORG})"
_GENERIC_ROLE = (rf"[{LO}]{{2,}}(?:sjef|leder|leiar|direktør|rådgiver|rådgjevar|koordinator|konsulent|"
                 rf"sekretær|ansvarlig|ansvarleg)(?:en|an)?|direktøren|direktør")
# Words that start a capitalised run but never a person's name.
_NOT_NAME = {"innovasjonsstafetten", "innovasjonstafetten", "stafetten", "hun", "han", "ho", "hen", "vi",
             "jeg", "eg", "det", "den", "de", "dei", "dette", "etter", "i", "kommunen", "kommune",
             "prosjektet", "hva", "kva", "hvem", "kven", "les", "foto", "tekst", "ordfører", "ordførar",
             "kontakt", "kontaktperson", "relaterte", "publisert", "der", "her", "nå", "no", "som", "med", "og"}


@dataclass(frozen=True)
class Mention:
    form: str
    name: str | None
    name_span: tuple[int, int] | None
    role: str | None  # as written
    role_span: tuple[int, int] | None
    org: str | None  # as written
    org_span: tuple[int, int] | None
    county: str | None
    start: int
    end: int


@cache
def _rx() -> dict[str, re.Pattern]:
    roles = alternation(lexicon().roles)
    role = rf"(?P<role>(?i:\b(?:{roles}|{_GENERIC_ROLE}))(?: for (?!å\b)[{LO}]+(?: (?!i\b|ved\b|hos\b|på\b)[{LO}]+){{0,2}})?)\b"
    org = rf"(?P<org>{org_pattern()})(?: i (?P<county>{COUNTY}))?"
    name = rf"(?P<name>{NAME})"
    forms = {
        "A": re.compile(rf"(?:(?P<gen>{PLACE})s )?{role} {name}(?: (?:i|ved|hos|på|fra|frå) {org})?"),
        "B": re.compile(rf"{name}(?: \(\d{{1,3}}\))?(?:, | som er |, som er |, som jobber som |, som arbeider som |, som jobbar som ){role}(?: (?:i|ved|hos|for|på) {org})?"),
        "E": re.compile(rf"{name}(?: \(\d{{1,3}}\))? (?:er|var|har vært|har vore|blir|ble|blei|vart|(?:leder|leier|leiar|styrer) [{LO}]+ som|"
                        rf"jobber som|jobbar som|arbeider som|arbeidar som) (?:nå |no )?{role}(?: (?:i|ved|hos|for|på) {org})?"),
        "C": re.compile(rf"{role} (?:i|ved|hos|for|på) {org},? {name}"),
        "H": re.compile(rf"\b(?:er|blir|var) {name} {role}(?: (?:i|ved|hos|for|på) {org})?"),
        "N": re.compile(rf"(?<!\bi )(?<!\btil )(?<!\bfra )(?<!\bfrå )(?<!\bpå ){name}(?! kommune)(?: (?:i|fra|frå) {org})?"),
    }
    # Markdown markup is blanked to spaces in the view ("**ordfører Kari Nordmann** i Hå"), so the
    # words of a mention may stand more than one space apart.
    out = {k: re.compile(v.pattern.replace(" ", " +")) if k != "N" else v for k, v in forms.items()}
    return {
        **out,
        "name": re.compile(NAME),
        "role": re.compile(role),
        "org": re.compile(org),
        "token": re.compile(NAMETOK),
    }


def rx(name: str) -> re.Pattern:
    return _rx()[name]


def _mention(form: str, m: re.Match, offset: int) -> Mention | None:
    groups = m.re.groupindex
    name = m.group("name")
    if name.split()[0].casefold() in _NOT_NAME:
        return None

    def span(g):
        return (offset + m.start(g), offset + m.end(g)) if g in groups and m.group(g) else None

    org = m.group("org") if "org" in groups else None
    org_span = span("org")
    if not org and "gen" in groups and m.group("gen"):
        org, org_span = m.group("gen"), span("gen")
    return Mention(form, name, span("name"), m.group("role") if "role" in groups else None, span("role"),
                   org, org_span, m.group("county") if "county" in groups else None,
                   offset + m.start(), offset + m.end())


def mentions(text: str, offset: int = 0, forms: str = "CBEAH") -> list[Mention]:
    """Mentions in ``text`` (one sentence or line), earliest first; at a position the more
    informative form wins (C and B before A, any before a bare name N). A bare name after "i",
    "til", "fra" or "på" is a place ("til Øvre Eiker"), not a person."""
    return list(_mentions(text, offset, forms))


@lru_cache(maxsize=8192)
def _mentions(text: str, offset: int, forms: str) -> tuple[Mention, ...]:
    # Several rules read the same sentence: the regexes run once per sentence and form set.
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    if _rx()["name"].search(text) is None:
        return ()  # every form has a name of two or more words: most sentences stop here
    if "N" not in forms and _rx()["role"].search(text) is None:
        return ()  # forms A, B and C all have a title
    for form in forms:
        for m in _rx()[form].finditer(text):
            s, e = m.start("name"), m.end("name")
            if any(s < te and ts < e for ts, te in taken):
                continue
            mention = _mention(form, m, offset)
            if mention:
                found.append(mention)
                taken.append((s, e))
    return tuple(sorted(found, key=lambda x: x.start))


def normalise_role(written: str | None) -> tuple[str | None, bool]:
    """``(role, known)``: the roles vocabulary's bokmål prefLabel for a title as written, or the
    title itself in lower case without its definite ending when the vocabulary lacks it.

    >>> normalise_role("Rådmannen")
    ('kommunedirektør', True)
    >>> normalise_role("kommunalsjef for oppvekst")
    ('kommunalsjef', True)
    """
    if not written:
        return None, False
    roles = lexicon().roles
    key = " ".join(written.split()).casefold()
    for candidate in (key, key.split(" for ")[0]):
        if candidate in roles:
            return roles[candidate], True
    head = key.split(" for ")[0]
    indefinite = re.sub(r"(?<=[a-zæøå]{3})(en|an)$", "", head)
    if indefinite in roles:
        return roles[indefinite], True
    return indefinite, False


def surname_match(full: str, part: str) -> bool:
    """Whether ``part`` (a surname, or a full name) names the person called ``full``."""
    full_tokens, part_tokens = full.casefold().split(), part.casefold().split()
    if not part_tokens:
        return False
    return full_tokens[-len(part_tokens):] == part_tokens or full.casefold() == part.casefold()
