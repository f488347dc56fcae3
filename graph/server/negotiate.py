"""Content negotiation: the ``Accept`` header (with q-values) against what the server can write.

>>> choose("text/csv;q=0.5, application/sparql-results+json", ["application/sparql-results+xml", "application/sparql-results+json", "text/csv"])
'application/sparql-results+json'
>>> choose("", ["text/turtle", "application/n-triples"])
'text/turtle'
>>> choose("image/png", ["text/turtle"]) is None
True
"""

from __future__ import annotations

#: Media types that are other names for ones the server writes (clients send these).
ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
    "application/json-ld": "application/ld+json",
}


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """``(media range, q, position)`` for each entry of an Accept header; malformed q-values
    count as 1, as most servers do; ranges with q=0 are kept (they exclude)."""
    out = []
    for pos, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 1.0
        out.append((media, q, pos))
    return out


def _quality(offer: str, ranges: list[tuple[str, float, int]]) -> tuple[float, int, int]:
    """(q, specificity, -position) of the most specific range that matches ``offer``."""
    best = (-1.0, -1, 0)
    otype, _, osub = offer.partition("/")
    for media, q, pos in ranges:
        mtype, _, msub = media.partition("/")
        target = ALIASES.get(media, media)
        if target == offer or media == offer:
            spec = 3
        elif mtype == otype and msub == "*":
            spec = 2
        elif media == "*/*":
            spec = 1
        else:
            continue
        if (spec, -pos) > (best[1], best[2]):
            best = (q, spec, -pos)
    return best


def choose(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers (highest q; ties go to the earlier offer, the server's
    preference); the first offer when there is no Accept header; None when nothing is acceptable."""
    if not offers:
        return None
    ranges = parse_accept(header)
    if not ranges:
        return offers[0]
    scored = []
    for i, offer in enumerate(offers):
        q, spec, _ = _quality(offer, ranges)
        if q > 0:
            scored.append((q, -i, offer))
    if not scored:
        return None
    return max(scored)[2]
