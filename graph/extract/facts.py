"""The municipality fact box: area, population, free income, mayor and party, motto (pure).

A fact box is a run of ``Label: value`` lines (or table rows, which html.py writes the same way),
optionally headed by a caption such as "Øvre Eiker kommune" and followed by the motto in «...».
Labels are bokmål or nynorsk; numbers may group thousands with spaces, no-break or thin spaces or
dots, and may carry a decimal comma; units vary ("kr pr. innbygger", "kroner per innbyggjar").
"""

from __future__ import annotations

import re
from functools import cache

from .document import Line

_LABELS = {
    "area_km2": r"areal|landareal|flateinnhald|flatemål|totalareal|størrelse|storleik",
    "population": r"innbyggere|innbyggjarar|innbyggartal|innbyggjartal|innbyggertall|folketall|folketal|"
                  r"befolkning|folkemengd|folkemengde|antall innbyggere|tal på innbyggjarar|innbyggjartal",
    "free_income_nok_per_capita": r"frie inntekter(?: (?:per|pr\.?) (?:innbygger|innbyggjar))?|"
                                  r"frie inntekter per innbyggjar",
    "mayor": r"ordfører|ordførar|ordføreren|ordføraren|fylkesordfører|fylkesordførar",
    "motto": r"motto|visjon|slagord|kommunens motto|kommunen sitt motto",
}
_CAPTION = re.compile(r"\b(kommune|kommuna|fylkeskommune|fakta|kommunefakta|nøkkeltall|nøkkeltal)\b", re.I)
_QUOTED = re.compile(r"^[«“\"„](?P<q>[^«»“”\"]{2,300})[»”\"“]\.?$")


@cache
def _rx() -> dict:
    label = "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items())
    return {
        "line": re.compile(
            rf"^(?:{label})(?:\s*\([^)]{{0,40}}\))?(?:\s*[:：]\s*|\s+[-–—]\s+|\t+)(?P<value>\S.*)$",
            re.IGNORECASE),
        "number": re.compile(r"(?<![\d,])(\d{1,3}(?:[ .\u00a0\u202f\u2009]\d{3})+|\d+)(?:,(\d+))?(?![\d])"),
        "mayor": re.compile(r"^(?P<name>[^(),]+?)\s*(?:\((?P<p1>[^)]{1,40})\)|,\s*(?P<p2>[\wÆØÅæøå.\- ]{1,40}))?\s*\.?$"),
    }


def parse_fact_line(text: str) -> tuple[str, str, int] | None:
    """``(field, value, value_offset)`` for a fact box line, else None.

    >>> parse_fact_line("Innbyggjarar: 12 373")
    ('population', '12 373', 14)
    """
    m = _rx()["line"].match(text.strip())
    if not m:
        return None
    field = next(k for k in _LABELS if m.group(k))
    return field, m.group("value").strip(), m.start("value") + (len(text) - len(text.lstrip()))


def parse_number(value: str) -> int | float | None:
    """The first number in ``value``: "51 785" and "19.117" are thousands, "456,5" a decimal.

    >>> parse_number("1 395 km2"), parse_number("456,5 km²"), parse_number("19.117")
    (1395, 456.5, 19117)
    """
    m = _rx()["number"].search(value)
    if not m:
        return None
    whole = int(re.sub(r"\D", "", m.group(1)))
    if m.group(2):
        return float(f"{whole}.{m.group(2)}")
    return whole


def fact_box_lines(lines: list[Line]) -> list[int]:
    """Indexes of the lines of the fact box(es): label lines, their caption and the motto."""
    facts = [i for i, ln in enumerate(lines) if parse_fact_line(ln.text)]
    if not facts:
        return []
    clusters: list[list[int]] = [[facts[0]]]
    for i in facts[1:]:
        if i - clusters[-1][-1] <= 2:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    out: set[int] = set()
    for cl in clusters:
        fields = {parse_fact_line(lines[i].text)[0] for i in cl}
        if len(cl) < 2 and not fields & {"area_km2", "population", "free_income_nok_per_capita"}:
            continue
        members = set(range(cl[0], cl[-1] + 1))
        before = cl[0] - 1
        if before >= 0 and _caption(lines[before].text):
            members.add(before)
            before -= 1
        after = cl[-1] + 1
        for k in (before, after):  # the motto stands right before or after the box
            if 0 <= k < len(lines) and _QUOTED.match(lines[k].text.strip()):
                members.add(k)
        out |= members
    return sorted(out)


def _caption(text: str) -> bool:
    text = text.strip()
    return (0 < len(text.split()) <= 6 and not text.endswith((".", "?", "!", ":", ","))
            and bool(_CAPTION.search(text)))


def parse_facts(lines: list[Line]) -> tuple[dict, dict[str, list[int]], Line | None]:
    """The facts of the fact box lines, their spans by field path, and the caption line."""
    facts: dict = {}
    spans: dict[str, list[int]] = {}
    caption = None
    for ln in lines:
        text = ln.text.strip()
        parsed = parse_fact_line(ln.text)
        if parsed is None:
            q = _QUOTED.match(text)
            if q and "motto" not in facts:
                facts["motto"] = q.group("q").strip()
                spans["facts.motto"] = [ln.start + text.index(q.group("q")), ln.start + text.index(q.group("q")) + len(q.group("q"))]
            elif caption is None and _caption(text):
                caption = ln
            continue
        field, value, offset = parsed
        vstart = ln.start + offset
        span = [vstart, vstart + len(value)]
        if field in facts:
            continue
        if field == "mayor":
            mayor = _mayor(value)
            if mayor:
                facts["mayor"] = mayor
                spans["facts.mayor"] = span
        elif field == "motto":
            q = _QUOTED.match(value)
            facts["motto"] = (q.group("q") if q else value).strip()
            spans["facts.motto"] = span
        else:
            number = parse_number(value)
            if number is None or (field != "area_km2" and isinstance(number, float)):
                continue
            if number > _maximum(field):
                continue  # not a figure a municipality can have (a misread line): leave it to a person
            if field == "free_income_nok_per_capita" and re.search(r"\b(tusen|mill)", value, re.I):
                continue  # a scaled figure is not what the field means; leave it to a person
            facts[field] = number
            spans[f"facts.{field}"] = span
    return facts, spans, caption


def _maximum(field: str) -> float:
    """The largest value the record schema allows for a fact."""
    from ..records import record_schema

    return record_schema()["$defs"]["facts"]["properties"][field].get("maximum", float("inf"))


def _mayor(value: str) -> dict | None:
    m = _rx()["mayor"].match(value.strip())
    if not m:
        return None
    name = m.group("name").strip()
    if not name[:1].isupper() or len(name) > 120:
        return None
    # The party as printed ("Sp", "Tverrpolitisk liste"): the mapping looks it up in parties.ttl.
    party = (m.group("p1") or m.group("p2") or "").strip() or None
    return {"name": name, "party": party}
