"""Words a reviewer selected in the text -> the value of the field they chose (pure).

Selecting "fjerde etappe" for the stage gives 4, "Hå kommune" for an organisation gives its
kommunenummer, "19 117" for the population gives 19117: the same readings extraction uses
(``graph/extract``), so a value set by hand is written as extraction would have written it.
"""

from __future__ import annotations

import re

from ..errors import StafettError
from ..reference import Reference
from .evidence import LISTS, single_fields

_EDGE = " \t\n,.;:!?«»\"'()[]–—-*#"
_MONTHS = {m: n for n, names in enumerate(
    ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"], 1)
    for m in (names, names[:3])}


class NotAValue(StafettError):
    """The selected words cannot be the value of the field."""


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces and punctuation around the words."""
    if not (0 <= start <= end <= len(text)):
        raise NotAValue(f"the selection [{start}, {end}) is outside the text ({len(text)} characters)")
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    # A closing bracket or quote that belongs to the words stays ("Landsbyforeningen A/S", "(Sp)").
    if end < len(text) and text[end:end + 1] == ")" and "(" in text[start:end]:
        end += 1
    return start, end


def kinds() -> dict[str, str]:
    """Field key -> kind, for every field a selection can set or add."""
    out = {f["key"]: f["kind"] for f in single_fields()}
    out.update({key: "item" for key, *_ in LISTS})
    return out


def interpret(field: str, text: str, span: tuple[int, int], *, reference: Reference) -> dict:
    """``{"value", "span", "note"}``: the value of ``field`` the words at ``span`` state, the span
    trimmed to the words, and a note when something could not be read (the value is then the
    words as they stand, for the reviewer to finish)."""
    known = kinds()
    if field not in known:
        raise NotAValue(f"{field!r} is not a field a selection can set; choose one of: {', '.join(known)}")
    s, e = trim_span(text, *span)
    words = " ".join(text[s:e].split())
    if not words:
        raise NotAValue("the selection holds no words; select the words that state the value")
    kind = known[field]
    value, note = _read(kind, field, words, reference)
    return {"value": value, "span": [s, e], "words": text[s:e], "note": note}


def _read(kind: str, field: str, words: str, ref: Reference):
    if kind == "stage":
        return _stage(words)
    if kind in ("integer", "number"):
        from ..extract.facts import parse_number

        n = parse_number(words)
        if n is None:
            raise NotAValue(f"«{words}» holds no number; select the figure (e.g. 19 117)")
        if kind == "integer" and isinstance(n, float):
            raise NotAValue(f"«{words}» is not a whole number; select the figure without decimals")
        return n, None
    if kind == "organisation":
        return _organisation(words, ref)
    if kind == "role":
        from ..extract.patterns import normalise_role

        role, known = normalise_role(words)
        return {"role": role, "role_as_written": words}, (None if known else f"«{words}» is not in the roles vocabulary; kept as written")
    if kind == "date":
        return _date(words)
    if kind == "mayor":
        m = re.match(r"^(?P<name>[^()]+?)\s*(?:\((?P<party>[^()]+)\)|,\s*(?P<party2>\S.*))?$", words)
        name = (m.group("name") if m else words).strip()
        party = (m.group("party") or m.group("party2")) if m else None
        return {"name": name, "party": party.strip() if party else None}, None
    if kind == "item":
        return _item(field, words, ref)
    return words, None  # name, text


def _stage(words: str):
    from ..extract.stage import MAX_STAGE, ordinals, stage_in

    found = stage_in(words)
    if found:
        return found[0], None
    for w in re.findall(r"\w+", words.casefold()):
        if w in ordinals():
            return ordinals()[w], None
    digits = re.search(r"\d{1,4}", words)
    if digits and 1 <= int(digits.group()) <= MAX_STAGE:
        return int(digits.group()), None
    raise NotAValue(f"«{words}» names no stage; select an ordinal such as «fjerde etappe» or a number, or type it")


def _organisation(words: str, ref: Reference):
    from ..extract.orgs import resolve_org

    org, warning = resolve_org(words, ref)
    return org, warning


def _date(words: str):
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", words)
    if not year:
        raise NotAValue(f"«{words}» holds no year; select e.g. «juni 2015» or type 2015-06")
    for w in re.findall(r"[a-zæøå]+", words.casefold()):
        if w in _MONTHS:
            return f"{year.group()}-{_MONTHS[w]:02d}", None
    return year.group(), None


def _item(field: str, words: str, ref: Reference):
    if field in ("needs", "methods"):
        return {"label": words}, None
    if field == "projects":
        return {"name": words, "description": None}, None
    from ..extract.orgs import resolve_org

    org, _ = resolve_org(words, ref)
    numbers = {k: org[k] for k in ("kommunenummer", "fylkesnummer") if org.get(k)}
    if field == "organisations":
        return {"name": words, "country": None, **numbers}, None
    # A partner written in lower case is a group of people ("grendeutvalg"), else an organisation.
    kind = "organisation" if numbers or words[:1].isupper() else "category"
    item = {"name": words, "kind": kind}
    if kind == "organisation":
        item.update({"kommunenummer": numbers.get("kommunenummer"), "fylkesnummer": numbers.get("fylkesnummer")})
    return item, None
