"""Which stage of the relay an interview is: Norwegian ordinals, digits, and implied stages (pure).

"Andresen har fått den første stafettpinnen" says stage 1; "Etter at Sola løp tredje etappe,
sendte ..." says the giver ran stage 3, so this interview is stage 4; "5. etappe" is stage 5.
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


@cache
def _rx() -> dict[str, re.Pattern]:
    words = "|".join(sorted(ordinals(), key=len, reverse=True))
    number = rf"(?P<word>{words})|(?P<digits>\d{{1,4}})\."
    return {
        # "tredje etappe", "5. etappe", "den første stafettpinnen", "den første som får stafettpinnen",
        # "etappe 5", "etappe nr. 5"
        "stage": re.compile(
            rf"\b(?:(?:{number})\s+(?:som\s+(?:får|fekk|fikk)\s+)?(?:etappe|etappen|stafettpinnen|stafettpinne|pinnen)\b"
            rf"|etappe\s+(?:nr\.?\s+|nummer\s+)?(?P<after>\d{{1,4}})\b)",
            re.IGNORECASE),
        # The stage named is the giver's when the sentence tells what came before this interview:
        # "Etter at Sola løp tredje etappe", "Etter fjerde etappe", "X i Sola løp tredje etappe og ga ...".
        "before": re.compile(r"\b(?:etter|løp|sprang|gikk|gjekk|fullførte|avsluttet|avslutta)\b", re.IGNORECASE),
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
        return None
    if m.group("word"):
        n = ordinals()[m.group("word").casefold()]
    else:
        n = int(m.group("digits") or m.group("after"))
    if rx["before"].search(sentence, 0, m.start()):
        n += 1
    if not 1 <= n <= MAX_STAGE:
        return None
    return n, m.start(), m.end()
