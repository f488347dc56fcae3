"""Is a capitalised run a person's name? Given names, places and organisation words (pure).

A run of capitalised words ("Sigrid Hovland Aas", "Øvre Eiker", "Sykehuset Innlandet") is a
person's name when its first word is a Norwegian given name (``data/reference/given-names.csv``:
Statistics Norway's most common first names, and more, see ``data/README.md``), or when nothing
says it is something else and a cue (a title, "svarer", a caption) says it is a person. It is never
a person when the whole run is a municipality or county of the reference data, or when one of its
words is an organisation word ("Sykehuset", "Næringsforening").
"""

from __future__ import annotations

import csv
from functools import cache, lru_cache

from ..reference import Reference
from ..resources import reference_dir

# Words that make a capitalised run an organisation or a place, not a person.
_NOT_PERSON_WORDS = {
    "kommune", "kommuna", "fylkeskommune", "fylkeskommuna", "herad", "fylke", "universitet", "universitetet",
    "høgskolen", "høgskulen", "høyskolen", "sykehuset", "sjukehuset", "sykehus", "sjukehus", "innovasjon",
    "norge", "noreg", "norway", "as", "asa", "a/s", "sa", "iks", "ks", "nav", "lab", "senter", "center",
    "næringsforening", "næringsforum", "næringshage", "regionråd", "idrettsråd", "idrettslag", "forening",
    "foreining", "stiftelse", "direktoratet", "departementet", "statsforvalteren", "statsforvaltaren",
    "innovasjonsstafetten", "innovasjonstafetten", "stafetten", "prosjektet", "rådhuset", "skole", "skule",
    "barnehage", "sykehjem", "sjukeheim", "helse", "digi", "nettverk", "nettverket", "forum", "klynge",
}


@cache
def given_names() -> frozenset[str]:
    """Given names, casefolded (hyphenated double names also by their parts)."""
    out: set[str] = set()
    with open(reference_dir() / "given-names.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row["name"].strip().casefold()
            if name:
                out.add(name)
                out.update(part for part in name.split("-") if part)
    return frozenset(out)


def is_given_name(token: str) -> bool:
    """Whether ``token`` (or each part of a hyphenated one) is a known given name.

    >>> is_given_name("Anne-Lise"), is_given_name("Eiker")
    (True, False)
    """
    folded = token.casefold()
    names = given_names()
    return folded in names or (("-" in folded) and all(p in names for p in folded.split("-") if p))


def name_plausibility(name: str, ref: Reference | None = None) -> float:
    """How much a run of capitalised words looks like a person's name, from -1 (a place or an
    organisation) through 0 (nothing known either way) to 1 (it starts with a given name)."""
    return _plausibility(name, ref)


@lru_cache(maxsize=8192)
def _plausibility(name: str, ref: Reference | None) -> float:
    tokens = name.split()
    if not tokens:
        return -1.0
    folded = [t.casefold() for t in tokens]
    if any(t in _NOT_PERSON_WORDS for t in folded):
        return -1.0
    if ref is not None and (ref.find_municipalities(name) or ref.find_counties(name)):
        return -1.0
    if is_given_name(tokens[0]):
        return 1.0
    if ref is not None and (ref.find_municipalities(tokens[0]) or ref.find_counties(tokens[0])) \
            and not any(is_given_name(t) for t in tokens):
        return -0.5  # "Eidsvoll Kommunalsjef", "Alta Hanne": a place runs into the name
    return 0.0
