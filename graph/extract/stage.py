"""Which stage of the relay an interview is: Norwegian ordinals, digits, and implied stages (pure).

"Andresen har fått den første stafettpinnen" says stage 1; "Etter at Sola løp tredje etappe,
sendte ..." says the giver ran stage 3, so this interview is stage 4; "5. etappe" is stage 5.
A stage told in the past ("hadde løpt 14. etappe", "stafetten har fullført ellevte etappe", "Etter
Rana, som løp den 17. etappen") is the one before this interview; a count of the places the baton
has been ("innom ti kommuner før den nå havner hos ...") is too. A stage told in the present or
future of this interview ("løper trettende etappe", "etappe nummer 17", "den 15. i rekken",
"har fått ansvaret for den 40. etappen") is this one.
"""

from __future__ import annotations

import re
from functools import cache

MAX_STAGE = 1000  # the record schema's bound

_ORDINALS = {
    1: "første fyrste", 2: "andre annen", 3: "tredje", 4: "fjerde", 5: "femte", 6: "sjette",
    7: "sjuende syvende sjuande", 8: "åttende åttande", 9: "niende niande", 10: "tiende tiande",
    11: "ellevte", 12: "tolvte", 13: "trettende trettande", 14: "fjortende fjortande",
    15: "femtende femtande", 16: "sekstende sekstande", 17: "syttende syttande",
    18: "attende attande", 19: "nittende nittande", 20: "tjuende tjugende tjugande",
    30: "trettiende trettiande",
}


@cache
def ordinals() -> dict[str, int]:
    """Ordinal word -> number, bokmål and nynorsk, 1-39 (compounds such as "tjuefemte" included)."""
    out = {w: n for n, words in _ORDINALS.items() for w in words.split()}
    for tens, prefixes in ((20, ("tjue", "tjuge")), (30, ("tretti",))):
        for n in range(1, 10):
            for w in _ORDINALS[n].split():
                for p in prefixes:
                    out[p + w] = tens + n
    return out


_CARDINALS = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9,
              "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16,
              "sytten": 17, "atten": 18, "nitten": 19, "tjue": 20}


@cache
def _rx() -> dict[str, re.Pattern]:
    words = "|".join(sorted(ordinals(), key=len, reverse=True))
    number = rf"(?P<word>{words})|(?P<digits>\d{{1,4}})\."
    cardinals = "|".join(sorted(_CARDINALS, key=len, reverse=True))
    return {
        # "tredje etappe", "5. etappe", "den første stafettpinnen", "den første som får stafettpinnen",
        # "etappe 5", "etappe nr. 5", "etappe nummer 17", "den 15. i rekken"
        "stage": re.compile(
            rf"\b(?:(?:{number})\s+(?:som\s+(?:får|fekk|fikk)\s+)?(?:etappe|etappen|etappa|stafettpinnen|stafettpinne|pinnen)\b"
            rf"|etappe\s+(?:nr\.?\s+|nummer\s+)?(?P<after>\d{{1,4}})\b"
            rf"|(?:den|som)\s+(?:(?P<rword>{words})|(?P<rdigits>\d{{1,4}})\.)\s+i\s+(?:rekken|rekka|rekkja|stafetten)\b)",
            re.IGNORECASE),
        # "innom ti kommuner før den nå havner hos ...": the baton has been to N places before this one.
        "count": re.compile(rf"\binnom\s+(?P<n>{cardinals}|\d{{1,3}})\s+(?:kommuner|kommunar|stopp|steder|stader)\b",
                            re.IGNORECASE),
        # The stage named is the giver's when the sentence tells what came before this interview:
        # "Etter at Sola løp tredje etappe", "Etter fjerde etappe", "X i Sola løp tredje etappe og ga ...",
        # "hadde løpt 14. etappe", "har fullført ellevte etappe", "som løp den 31. etappen".
        "before": re.compile(r"\b(?:etter|løp|løpt|sprang|sprunge|sprunget|gikk|gjekk|fullførte|fullført|fullføre|"
                             r"avsluttet|avslutta|avsluttede|tilbakelagt|unnagjort)\b", re.IGNORECASE),
    }


def stage_in(sentence: str) -> tuple[int, int, int] | None:
    """``(stage, start, end)`` when the sentence states a stage of *this* interview.

    >>> stage_in("Etter at Sola løp tredje etappe, sendte Mona Helland pinnen videre.")[0]
    4
    >>> stage_in("Andresen har fått den første stafettpinnen i hånda.")[0]
    1
    """
    rx = _rx()
    m = rx["stage"].search(sentence)
    if not m:
        c = rx["count"].search(sentence)
        if not c:
            return None
        word = c.group("n").casefold()
        n = (_CARDINALS[word] if word in _CARDINALS else int(word)) + 1
        return (n, c.start(), c.end()) if 1 <= n <= MAX_STAGE else None
    word = m.group("word") or m.group("rword")
    if word:
        n = ordinals()[word.casefold()]
    else:
        n = int(m.group("digits") or m.group("after") or m.group("rdigits"))
    # Past tense close before the number: the giver's stage ("hadde løpt 14. etappe").
    if rx["before"].search(sentence, max(0, m.start() - 45), m.start()):
        n += 1
    if not 1 <= n <= MAX_STAGE:
        return None
    return n, m.start(), m.end()
