"""Organisation names as written -> kommunenummer / fylkesnummer through ``graph/reference.py``.

Nothing is guessed: a name that is not a municipality or county of the reference data keeps its
name and no number, and a name shared by several living municipalities (Våler, Herøy) is only
resolved when the text names the county; both cases come back with a warning for the record.
"""

from __future__ import annotations

import re

from ..reference import Reference, fold, name_variants, strip_org_suffix

_COUNTY_SUFFIX = re.compile(r"\s(fylkeskommune|fylkeskommuna|fylkeskommunes|fylke)$", re.IGNORECASE)
_MUNI_SUFFIX = re.compile(r"\s(kommune|kommuna|kommunes|herad|herred|suohkan|gielda)$", re.IGNORECASE)
_HERAD = re.compile(r"\s(herad|herred)$", re.IGNORECASE)


def resolve_org(written: str, ref: Reference, *, county: str | None = None) -> tuple[dict, str | None]:
    """``({"name", "kommunenummer", "fylkesnummer"}, warning or None)`` for an organisation name.

    >>> from graph.reference import load_reference
    >>> resolve_org("Hå kommune", load_reference())[0]["kommunenummer"]
    '1119'
    """
    name = " ".join(written.split())
    org = {"name": name, "kommunenummer": None, "fylkesnummer": None}
    parts = [p.strip() for p in re.split(r"\s+[–-]\s+", name) if p.strip()]
    if len(parts) > 1:  # "Kárášjoga gielda – Karasjok kommune": the parallel names of one municipality
        for part in reversed(parts):
            found, warning = resolve_org(part, ref, county=county)
            if found["kommunenummer"] or found["fylkesnummer"]:
                return {**found, "name": name}, None
    if _COUNTY_SUFFIX.search(name):
        found = ref.find_counties(strip_org_suffix(name))
        if found:
            org["fylkesnummer"] = found[0].key
            return org, None
        return org, f"organisation {name!r} is not a county in the reference data; kept without a fylkesnummer"
    bare = _HERAD.sub("", strip_org_suffix(name))  # "Ulvik herad": a municipality's official name
    munis = ref.find_municipalities(bare, county=county)
    if not munis and " og " in bare:
        # "Hamar og Stange": two places, not one; the first is the organisation named.
        first = bare.split(" og ")[0]
        munis = ref.find_municipalities(first, county=county)
        if munis:
            org["name"] = first
            name = first
    if not munis:
        return org, f"organisation {name!r} is not in the reference data; kept without a number"
    living = [m for m in munis if m.current]
    if len(living) > 1:
        # "Nes" is today's Nes, not Nesbyen (once "Nes" too): prefer today's names.
        bare = fold(strip_org_suffix(name))
        today = [m for m in living if bare in {fold(v) for v in name_variants(m.name)}]
        if len({m.county for m in today}) == len(today) == 1 or len(today) == 1:
            living = today
    if len(living) > 1:
        shown = ", ".join(f"{m.key} {m.name}" for m in living)
        return org, (f"organisation {name!r} matches several municipalities ({shown}); "
                     "kept without a number: name the county in the text or set kommunenummer by hand")
    chosen = living[0] if living else _successor(munis[0], ref)
    org["kommunenummer"] = chosen.key
    if not _MUNI_SUFFIX.search(name):
        org["name"] = f"{name} kommune"
    return org, None


def _successor(m, ref: Reference):
    """A municipality merged away (Flora, before Kinn) -> the one it became, when it became one."""
    seen = set()
    while not m.current and len(m.successors) == 1 and m.key not in seen:
        seen.add(m.key)
        nxt = ref.municipality(m.successors[0])
        if nxt is None:
            break
        m = nxt
    return m


def is_county_org(name: str) -> bool:
    return bool(_COUNTY_SUFFIX.search(name))


def is_municipal_org(name: str) -> bool:
    return bool(_MUNI_SUFFIX.search(name))
