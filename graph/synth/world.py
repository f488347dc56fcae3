"""The synthetic world: places, people, relays and partners.

Places are the real municipalities and county municipalities of the reference data; people are
invented. A relay ("series") is a chain of runners: runner k runs stage k and passes the baton to
runner k+1. The last receiver has no interview yet (a pending stage), and a few stages along the way
have none either (breaks).

Everything is drawn from :class:`random.Random` instances seeded with strings built from the seed,
so a corpus is the same on every run and platform; sets are never iterated unsorted.
"""

from __future__ import annotations

import csv
import math
import random
from bisect import bisect
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from ..reference import load_reference
from ..resources import reference_dir
from . import lexicon as lx
from . import phrases as ph

# Rough shares of nynorsk in the press of each county (fylkesnummer); elsewhere a few per cent.
NN_SHARE = {"46": 0.6, "15": 0.4, "34": 0.15, "40": 0.15, "11": 0.12, "42": 0.08, "33": 0.05}


@dataclass(frozen=True)
class Place:
    kind: str  # "kommune" | "fylkeskommune"
    code: str  # kommunenummer (today's) or fylkesnummer
    name: str  # the Norwegian form a journalist writes: "Steinkjer", "Vestland"
    official: str  # Statistics Norway's name, parallel forms included: "Snåase - Snåsa"
    county: str  # fylkesnummer
    county_name: str  # "Nordland"
    homonym: bool = False  # another municipality has the same name (Våler, Herøy)

    @property
    def is_county(self) -> bool:
        return self.kind == "fylkeskommune"

    def gold_org(self, name: str) -> dict:
        key = "fylkesnummer" if self.is_county else "kommunenummer"
        return {"name": f"{name} {self.kind}", key: self.code}


@dataclass
class Person:
    name: str
    surname: str
    gender: str  # "f" | "m"
    role: str  # key of lexicon.ROLES
    suffix: str  # "" or a compound title's tail: " for oppvekst"
    place: Place
    since: tuple[int, int | None] | None = None  # (year, month) the text may state


@dataclass
class Series:
    index: int
    runners: list[Person]  # runners[k] runs stage k+1; the last one is the pending receiver
    missing: frozenset[int]  # stages without an interview
    year: int

    @property
    def stages(self) -> int:
        return len(self.runners) - 1


@dataclass
class Facts:
    area: int
    population: int
    income: int
    motto: str
    mayor: Person
    party: str


def _norwegian_form(code: str, name: str) -> str:
    if code in lx.NORWEGIAN_FORM:
        return lx.NORWEGIAN_FORM[code]
    return name.split(" (")[0].split(" - ")[0]


@cache
def _places() -> tuple[tuple[Place, ...], dict[str, Place], dict[str, tuple[str, ...]]]:
    """Municipalities (today's), county municipalities, and each municipality's nearest neighbours."""
    ref = load_reference()
    counties = {c.key: c for c in ref.counties.values() if c.current}
    cname = {k: c.name.split(" - ")[0] for k, c in counties.items()}
    current = sorted((m for m in ref.municipalities.values() if m.current), key=lambda m: m.key)
    bare = {}
    for m in current:
        n = _norwegian_form(m.key, m.name)
        bare[n] = bare.get(n, 0) + 1
    munis = tuple(
        Place("kommune", m.key, _norwegian_form(m.key, m.name), m.name.split(" (")[0], m.county or "",
              cname.get(m.county or "", ""), bare[_norwegian_form(m.key, m.name)] > 1)
        for m in current
    )
    # Oslo is a municipality with county tasks: it has no fylkeskommune of its own.
    county_orgs = {k: Place("fylkeskommune", k, cname[k], counties[k].name, k, cname[k])
                   for k in sorted(counties) if k != "03"}
    coords = {}
    with (reference_dir() / "municipality_coordinates.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            coords[row["kommunenummer"]] = (float(row["lat"]), float(row["lon"]))
    neighbours = {}
    for p in munis:
        lat, lon = coords.get(p.code, (64.0, 12.0))
        k = math.cos(math.radians(lat))

        def dist(q, lat=lat, lon=lon, k=k):
            qlat, qlon = coords.get(q.code, (64.0, 12.0))
            return (qlat - lat) ** 2 + ((qlon - lon) * k) ** 2

        near = sorted((q for q in munis if q.code != p.code), key=lambda q: (dist(q), q.code))[:6]
        neighbours[p.code] = tuple(q.code for q in near)
    return munis, county_orgs, neighbours


class Weighted:
    """A fixed population with weights, drawn from with one bisect per draw."""

    def __init__(self, items):
        items = list(items)
        self.values = [v for v, _ in items]
        self.cum = list(accumulate(w for _, w in items))

    def draw(self, rng: random.Random):
        return self.values[bisect(self.cum, rng.random() * self.cum[-1])]


_ROLE_MUNI = Weighted((k, v[1]) for k, v in lx.ROLES.items() if v[1])
_ROLE_COUNTY = Weighted((k, v[2]) for k, v in lx.ROLES.items() if v[2])
_PARTY = Weighted(lx.PARTIES)
_CATEGORY = Weighted(lx.CATEGORY_WEIGHTS.items())
_NETWORK = Weighted(lx.NETWORKS)


class World:
    """Places and the people, projects and partners invented so far for one seed."""

    def __init__(self, seed: int = 0):
        self.seed = seed
        self.munis, self.county_orgs, self.neighbours = _places()
        self.by_code = {p.code: p for p in self.munis}
        self.by_county: dict[str, list[Place]] = {}
        for p in self.munis:
            self.by_county.setdefault(p.county, []).append(p)
        self._used: set[tuple[str, str]] = set()  # (name, place code) of every runner
        self._names: list[str] = []  # runner names in order of invention, for collisions
        self._facts: dict[str, Facts] = {}
        self._heads: dict[tuple[str, str], Person] = {}  # (place code, role) -> the mayor
        self._head_runners: set[tuple[str, str]] = set()
        self._shared: dict[str, list[tuple[str, tuple[str, ...]]]] = {}  # code -> [(project, members)]
        self._partners: dict[str, Weighted] = {}

    def rng(self, *parts) -> random.Random:
        return random.Random(":".join(["stafett-synth", str(self.seed), *map(str, parts)]))

    # -- people ----------------------------------------------------------------------------------
    def _name(self, rng: random.Random, gender: str) -> tuple[str, str]:
        first = rng.choice(lx.FIRST_F if gender == "f" else lx.FIRST_M)
        if "-" not in first and rng.random() < 0.2:
            second = rng.choice(lx.FIRST_F if gender == "f" else lx.FIRST_M)
            if "-" not in second and second != first:
                first = f"{first} {second}"
        surname = rng.choice(lx.SURNAMES)
        middle = rng.choice(lx.SURNAMES) if rng.random() < 0.25 else ""
        if middle and middle != surname:
            return f"{first} {middle} {surname}", surname
        return f"{first} {surname}", surname

    def head(self, place: Place, role: str) -> Person:
        """The mayor (or county mayor) of a place: one per place and world."""
        key = (place.code, role)
        if key not in self._heads:
            rng = self.rng("head", place.kind, place.code)
            gender = rng.choice("fm")
            name, surname = self._name(rng, gender)
            self._heads[key] = Person(name, surname, gender, role, "", place)
        return self._heads[key]

    def new_runner(self, rng: random.Random, place: Place, taken: set[str], year: int) -> Person:
        role = (_ROLE_COUNTY if place.is_county else _ROLE_MUNI).draw(rng)
        if role in ("ordforer", "fylkesordforer"):
            # A mayor runs at most once; then the place's mayor is the runner (same person in fact boxes).
            head = self.head(place, role)
            if (place.code, role) not in self._head_runners and head.name not in taken:
                self._head_runners.add((place.code, role))
                self._used.add((head.name, place.code))
                return head
            role = "kommunedirektor" if not place.is_county else "innovasjonsradgiver"
        for _ in range(20):
            if self._names and rng.random() < 0.02:
                # Two people can share a name; keep them in different places.
                name = rng.choice(self._names)
                surname, gender = name.rsplit(" ", 1)[-1], self._gender_of(name)
            else:
                gender = rng.choice("fm")
                name, surname = self._name(rng, gender)
            if (name, place.code) not in self._used and name not in taken:
                break
        self._used.add((name, place.code))
        self._names.append(name)
        suffixes = lx.ROLE_SUFFIXES.get(role, ())
        suffix = rng.choice(suffixes) if suffixes and rng.random() < 0.4 else ""
        since = None
        if rng.random() < 0.8:
            since = (rng.randint(max(2004, year - 14), year), rng.randint(1, 12) if rng.random() < 0.6 else None)
        return Person(name, surname, gender, role, suffix, place, since)

    @staticmethod
    def _gender_of(name: str) -> str:
        first = name.split(" ", 1)[0]
        return "f" if first in lx.FIRST_F else "m"

    # -- relays ----------------------------------------------------------------------------------
    def next_place(self, rng: random.Random, here: Place, visited: set[str]) -> Place:
        for _ in range(12):
            r = rng.random()
            if here.is_county:
                cand = rng.choice(self.by_county[here.county])
            elif r < 0.04 and self.county_orgs:
                own = self.county_orgs.get(here.county)
                cand = own if own and rng.random() < 0.7 else rng.choice(list(self.county_orgs.values()))
            elif r < 0.45:
                cand = self.by_code[rng.choice(self.neighbours[here.code])]
            elif r < 0.7:
                cand = rng.choice(self.by_county[here.county])
            else:
                cand = rng.choice(self.munis)
            if cand.code not in visited and cand.code != here.code:
                return cand
        return cand

    def new_series(self, index: int) -> Series:
        rng = self.rng("series", index)
        length = max(2, min(90, int(rng.lognormvariate(2.6, 0.7))))
        year = rng.randint(2016, 2024)
        place = rng.choice(self.munis)
        taken: set[str] = set()
        visited = {place.code}
        runners = []
        for _ in range(length + 1):
            p = self.new_runner(rng, place, taken, year)
            runners.append(p)
            taken.add(p.name)
            place = self.next_place(rng, place, visited)
            visited.add(place.code)
        missing = frozenset(s for s in range(2, length + 1) if rng.random() < 0.05)
        return Series(index, runners, missing, year)

    # -- municipality facts ----------------------------------------------------------------------
    def facts(self, place: Place) -> Facts:
        if place.code not in self._facts:
            rng = self.rng("facts", place.code)
            area = max(6, min(9700, int(rng.lognormvariate(6.3, 0.95))))
            population = max(200, min(720000, int(rng.lognormvariate(8.9, 1.15))))
            income = rng.randint(50000, 72000)
            lang = "nn" if rng.random() < NN_SHARE.get(place.county, 0.03) else "nb"
            motto = rng.choice(ph.MOTTOS[lang]).format(muni=place.name)
            self._facts[place.code] = Facts(area, population, income, motto,
                                            self.head(place, "ordforer"), _PARTY.draw(rng))
        return self._facts[place.code]

    # -- projects and partners -------------------------------------------------------------------
    def shared_project(self, rng: random.Random, place: Place) -> tuple[str, tuple[str, ...]]:
        """An inter-municipal project with neighbours: reused when one exists, so that several
        interviews name it."""
        known = self._shared.get(place.code, [])
        if known and rng.random() < 0.75:
            return rng.choice(known)
        near = self.neighbours[place.code][: rng.randint(1, 3)]
        members = (place.code, *near)
        name = rng.choice(ph.SHARED_PROJECT_PATTERNS).format(hub=place.name)
        for code in members:
            self._shared.setdefault(code, []).append((name, members))
        return name, members

    def partner_pool(self, place: Place) -> Weighted:
        """Named organisations a place may work with, weighted so that a few are shared widely."""
        key = f"{place.kind}:{place.county}"
        if key not in self._partners:
            county = place.county
            items = list(lx.NATIONAL_PARTNERS)
            items += [(n, w) for n, w, where in lx.REGIONAL_PARTNERS if county in where]
            if county in self.county_orgs and not place.is_county:  # not its own partner
                items.append((f"{self.county_orgs[county].name} fylkeskommune", lx.COUNTY_MUNICIPALITY_WEIGHT))
            region = lx.STATSFORVALTER_REGION.get(county, place.county_name)
            items.append((f"Statsforvalteren i {region}", lx.STATSFORVALTER_WEIGHT))
            self._partners[key] = Weighted(items)
        return self._partners[key]

    def partner(self, rng: random.Random, place: Place) -> str:
        if rng.random() < 0.4:  # the long tail: local organisations
            if rng.random() < 0.5:
                return rng.choice(lx.LOCAL_ORG_PATTERNS).format(muni=place.name)
            return rng.choice(lx.COMPANY_STEMS) + rng.choice(lx.COMPANY_TAILS)
        return self.partner_pool(place).draw(rng)

    def network(self, rng: random.Random, place: Place) -> str:
        return _NETWORK.draw(rng).format(county=place.county_name)

    def category(self, rng: random.Random) -> str:
        return _CATEGORY.draw(rng)

    def party(self, rng: random.Random) -> str:
        return _PARTY.draw(rng)
