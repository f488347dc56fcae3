"""Reference data: Norway's municipalities and counties, with every number they have had.

Facts from Statistics Norway's classification (KLASS 131) and Wikidata, as copied into
``data/reference/`` (see ``data/README.md``). One :class:`Municipality` is one municipality through
its renumberings (Øvre Eiker: 0624 to 2019, 3048 in 2020-2023, 3314 from 2024); one merged away
(Nedre Eiker, 0625, into Drammen in 2020) is an entity of its own that names its successors.

Two numbers belong to the same municipality when a change links them and either the Wikidata item
or the name (its Norwegian part) stays the same. Entities are keyed by their newest number.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from .resources import reference_dir


@dataclass(frozen=True)
class NumberSpan:
    """A kommunenummer or fylkesnummer and the years it was in use (None: open)."""

    number: str
    valid_from: int | None
    valid_to: int | None


@dataclass
class Municipality:
    key: str  # the newest number: today's kommunenummer for a living municipality
    name: str  # the newest name, as Statistics Norway writes it (Sami/Kven parallel names too)
    numbers: list[NumberSpan] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    wikidata: str | None = None
    county: str | None = None  # fylkesnummer of the newest number's county
    successors: list[str] = field(default_factory=list)  # keys of the municipalities it became

    @property
    def current(self) -> bool:
        return self.numbers[-1].valid_to is None

    @property
    def valid_to(self) -> int | None:
        return self.numbers[-1].valid_to


@dataclass
class County:
    key: str  # fylkesnummer
    name: str
    names: set[str] = field(default_factory=set)
    wikidata: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None
    successors: list[str] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return self.valid_to is None


def fold(text: str) -> str:
    """A comparison key for names: case, accents and spacing folded; æ ø å kept apart.

    >>> fold("  Øvre  EIKER ")
    'øvre eiker'
    >>> fold("Unjárga")
    'unjarga'
    """
    if text.isascii():
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u00a0", " ")
    kept = {"æ", "ø", "å"}
    out = []
    for ch in text:
        if ch in kept:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in base if not unicodedata.combining(c)))
    text = "".join(out).replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip()


def name_variants(name: str) -> set[str]:
    """The full official name, each of its parallel names ("Unjárga - Nesseby"), and the name
    without Statistics Norway's county qualifier ("Våler (Østfold)" -> "Våler")."""
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    parts = [p.strip() for p in re.split(r"\s+-\s+", bare) if p.strip()]
    return {name, bare, *parts}


def _year(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value else None


def _read(name: str) -> list[dict[str, str]]:
    path = reference_dir() / name
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


class Reference:
    """Municipalities and counties, looked up by number (any era) or by name."""

    def __init__(self):
        self.municipalities: dict[str, Municipality] = {}
        self.counties: dict[str, County] = {}
        self._by_number: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = {}
        self._county_by_name: dict[str, list[str]] = {}
        self._load()

    # -- loading -------------------------------------------------------------------------------
    def _load(self) -> None:
        rows = _read("municipalities.csv")
        changes = _read("municipality_changes.csv")
        by_num: dict[str, dict[str, str]] = {}
        for r in rows:
            by_num.setdefault(r["kommunenummer"], r)
            # The same number can stand twice (a rename); keep the newest row as the number's row.
            prev = by_num[r["kommunenummer"]]
            if (_year(r["valid_to"]) or 9999) > (_year(prev["valid_to"]) or 9999):
                by_num[r["kommunenummer"]] = r

        # Union-find over numbers: a change joins old and new when it is a continuation.
        parent = {n: n for n in by_num}

        def find(n: str) -> str:
            while parent[n] != n:
                parent[n] = parent[parent[n]]
                n = parent[n]
            return n

        succ: dict[str, set[str]] = {}
        for c in changes:
            old, new = c["old_kommunenummer"], c["new_kommunenummer"]
            if old not in by_num or new not in by_num or old == new:
                continue
            ro, rn = by_num[old], by_num[new]
            same_item = ro["wikidata"] and ro["wikidata"] == rn["wikidata"]
            same_name = bool(_folded_variants(c["old_name"]) & _folded_variants(c["new_name"]))
            if same_item or same_name:
                parent[find(old)] = find(new)
            else:
                succ.setdefault(old, set()).add(new)

        groups: dict[str, list[str]] = {}
        for n in by_num:
            groups.setdefault(find(n), []).append(n)

        def newest(nums: list[str]) -> list[str]:
            return sorted(nums, key=lambda n: (_year(by_num[n]["valid_to"]) or 9999, _year(by_num[n]["valid_from"]) or 0))

        number_to_key: dict[str, str] = {}
        for nums in groups.values():
            ordered = newest(nums)
            last = by_num[ordered[-1]]
            key = ordered[-1]
            m = Municipality(key=key, name=last["name"], wikidata=last["wikidata"] or None, county=last["county_number"])
            for n in ordered:
                r = by_num[n]
                m.numbers.append(NumberSpan(n, _year(r["valid_from"]), _year(r["valid_to"])))
                m.names |= name_variants(r["name"])
                if not m.wikidata and r["wikidata"]:
                    m.wikidata = r["wikidata"]
                number_to_key[n] = key
            for r in rows:  # names of the numbers' earlier rows (renames) too
                if r["kommunenummer"] in nums:
                    m.names |= name_variants(r["name"])
            self.municipalities[key] = m
        for old, news in succ.items():
            m = self.municipalities[number_to_key[old]]
            for new in sorted(news):
                k = number_to_key[new]
                if k != m.key and k not in m.successors:
                    m.successors.append(k)
        self._by_number = number_to_key
        for m in self.municipalities.values():
            for nm in m.names:
                self._by_name.setdefault(fold(nm), []).append(m.key)

        county_succ: dict[str, set[str]] = {}
        for c in changes:
            o, n = c["old_kommunenummer"][:2], c["new_kommunenummer"][:2]
            if o != n:
                county_succ.setdefault(o, set()).add(n)
        for r in _read("counties.csv"):
            cty = County(
                key=r["county_number"],
                name=r["name"],
                names=name_variants(r["name"]),
                wikidata=r["wikidata"] or None,
                valid_from=_year(r["valid_from"]),
                valid_to=_year(r["valid_to"]),
            )
            self.counties[cty.key] = cty
        for o, ns in county_succ.items():
            if o in self.counties and self.counties[o].valid_to is not None:
                self.counties[o].successors = sorted(n for n in ns if n in self.counties)
        for cty in self.counties.values():
            for nm in cty.names:
                self._county_by_name.setdefault(fold(nm), []).append(cty.key)

    # -- lookups -------------------------------------------------------------------------------
    def municipality(self, number: str) -> Municipality | None:
        """The municipality that has or had this kommunenummer (any era), or None."""
        key = self._by_number.get(str(number).strip().zfill(4))
        return self.municipalities.get(key) if key else None

    def county(self, number: str) -> County | None:
        return self.counties.get(str(number).strip().zfill(2))

    def find_municipalities(self, name: str, *, county: str | None = None) -> list[Municipality]:
        """Municipalities called ``name`` (a suffix "kommune" is ignored), living ones first.

        ``county`` (a fylkesnummer or a county name) narrows homonyms such as Våler or Herøy.
        """
        key = fold(strip_org_suffix(name))
        found = [self.municipalities[k] for k in dict.fromkeys(self._by_name.get(key, []))]
        if county and len(found) > 1:
            wanted = {c.key for c in self.find_counties(county)} | {str(county).zfill(2)}
            narrowed = [m for m in found if m.county in wanted]
            found = narrowed or found
        return sorted(found, key=lambda m: (not m.current, m.key))

    def find_counties(self, name: str) -> list[County]:
        key = fold(strip_org_suffix(name))
        found = [self.counties[k] for k in dict.fromkeys(self._county_by_name.get(key, []))]
        return sorted(found, key=lambda c: (not c.current, c.key))


def _folded_variants(name: str) -> set[str]:
    """A name's parallel forms, folded: continuity holds when two names share one of them.

    (Parallel Sami names come first for some municipalities, last for others.)
    """
    return {fold(v) for v in name_variants(name)}


_SUFFIX = re.compile(
    r"\s+(fylkeskommune|fylkeskommunes|kommune|kommunes|kommuna|suohkan|gielda|fylke)$", re.IGNORECASE
)


def strip_org_suffix(name: str) -> str:
    """``"Øvre Eiker kommune"`` -> ``"Øvre Eiker"``; other names are returned stripped."""
    return _SUFFIX.sub("", name.strip())


@cache
def load_reference() -> Reference:
    """The bundled reference data, loaded once per process."""
    return Reference()


# -- the reference graph -------------------------------------------------------------------------
def reference_triples(reference: Reference, minter) -> list[tuple]:
    """Municipalities and counties as RDF (rdflib terms), for the reference named graph.

    A municipality carries every number it has had (``stf:kommunenummer``), today's number
    (``stf:currentKommunenummer``), one ``stf:NumberAssignment`` per number with its years, its
    county, its successors when merged away, and ``owl:sameAs`` its Wikidata item.
    """
    from rdflib import Literal, URIRef
    from rdflib.namespace import ORG, OWL, RDF, RDFS, SKOS, XSD

    from .namespaces import CV, STF, WD

    out: list[tuple] = []
    add = out.append

    def numbers(iri, prop, spans):
        for span in spans:
            if prop is not None:  # counties keep their one number as stf:fylkesnummer instead
                add((iri, prop, Literal(span.number)))
            na = URIRef(minter.number_assignment(str(iri), span.number))
            add((iri, STF.numberAssignment, na))
            add((na, RDF.type, STF.NumberAssignment))
            add((na, STF.number, Literal(span.number)))
            if span.valid_from:
                add((na, STF.validFrom, Literal(str(span.valid_from), datatype=XSD.gYear)))
            if span.valid_to:
                add((na, STF.validTo, Literal(str(span.valid_to), datatype=XSD.gYear)))

    def public_body(iri, cls, name, names, wikidata, valid_to, successors):
        """What counties and municipalities share: types, names, end, Wikidata, successors."""
        for t in (cls, CV.PublicOrganisation, ORG.Organization):
            add((iri, RDF.type, t))
        add((iri, SKOS.prefLabel, Literal(name)))
        add((iri, RDFS.label, Literal(name)))
        for alt in sorted(names - {name}):
            add((iri, SKOS.altLabel, Literal(alt)))
        if valid_to:
            add((iri, STF.validTo, Literal(str(valid_to), datatype=XSD.gYear)))
        if wikidata:
            add((iri, OWL.sameAs, WD[wikidata]))
        for s in successors:
            add((iri, STF.successor, URIRef(s)))

    for c in reference.counties.values():
        iri = URIRef(minter.county(c.key))
        public_body(iri, STF.CountyMunicipality, c.name, c.names, c.wikidata, c.valid_to,
                    [minter.county(s) for s in c.successors])
        add((iri, STF.fylkesnummer, Literal(c.key)))
        numbers(iri, None, [NumberSpan(c.key, c.valid_from, c.valid_to)])

    for m in reference.municipalities.values():
        iri = URIRef(minter.municipality(m.key))
        public_body(iri, STF.Municipality, m.name, m.names, m.wikidata, m.valid_to,
                    [minter.municipality(s) for s in m.successors])
        numbers(iri, STF.kommunenummer, m.numbers)
        if m.current:
            add((iri, STF.currentKommunenummer, Literal(m.key)))
        if m.county and m.county in reference.counties:
            add((iri, STF.county, URIRef(minter.county(m.county))))
    return out
