"""IRI minting (pure): readable, stable, collision-safe IRIs under a configurable base.

Entities are ``{base}id/{kind}/{key}`` (the ``/id/`` pattern of "Cool URIs for the Semantic
Web"), named graphs ``{base}graph/...``. Keys are ASCII slugs: æ→ae, ø→o, å→a, accents dropped,
spaces and hyphens joined into ``-``. Folding case, spacing, hyphenation, accents and æøå is
*identity* normalisation (the same name written two ways is the same name); any other information
a slug would lose (quotes, brackets, symbols, emoji, right-to-left marks) is kept by appending a
short hash of the full name, so two different names never share an IRI.

>>> slug("Øvre Eiker")
'ovre-eiker'
>>> slug("Anne Berit Berge-Ims") == slug("anne  berit berge ims")
True
>>> slug('A <b> "c"') != slug("A b c")
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

DEFAULT_BASE = "https://w3id.org/stafett/"

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "đ": "d", "ŋ": "n", "ŧ": "t", "ß": "ss", "þ": "th", "ð": "d", "œ": "oe", "ł": "l"})
# Characters whose loss is identity normalisation: separators and the punctuation of abbreviations.
_SEPARATORS = set(" -.'’\u2010\u2011\u2012\u2013\u2014")
_MAX_SLUG = 80
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`]')


def canonical(text: str) -> str:
    """The identity form of a name: NFKC, case-folded, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return re.sub(r"\s+", " ", text).strip()


def _fold_char(ch: str) -> tuple[str, bool]:
    """(ascii replacement, lossless?) for one character of a canonical name."""
    if "a" <= ch <= "z" or "0" <= ch <= "9":
        return ch, True
    if ch in _SEPARATORS:
        return "-", True
    folded = ch.translate(_FOLD)
    if folded != ch:
        return folded, True
    if unicodedata.category(ch).startswith("L"):
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base and all("a" <= c <= "z" for c in base):
            return base, True
    return "-", False


def short_hash(text: str, n: int = 8) -> str:
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()[:n]


def slug(text: str) -> str:
    """An ASCII key for ``text``: readable, deterministic, and distinct for distinct names."""
    canon = canonical(text)
    parts, lossless = [], True
    for ch in canon:
        rep, ok = _fold_char(ch)
        parts.append(rep)
        lossless &= ok
    s = re.sub(r"-+", "-", "".join(parts)).strip("-")
    if not s:
        return "x-" + short_hash(text)
    if len(s) > _MAX_SLUG:
        s, lossless = s[:_MAX_SLUG].rstrip("-"), False
    return s if lossless else f"{s}-{short_hash(text)}"


def check_base(base: str) -> str:
    """A usable base IRI (absolute http(s), ending in ``/`` or ``#``), or ValueError."""
    b = (base or "").strip()
    if not re.match(r"^https?://[^/\s]+", b) or _IRI_FORBIDDEN.search(b):
        raise ValueError(f"--base {base!r} is not an absolute http(s) IRI; e.g. https://example.org/stafett/")
    if not b.endswith(("/", "#")):
        b += "/"
    try:  # characters IRIs may not hold at all (non-characters, private use in the host, ...)
        import pyoxigraph

        pyoxigraph.NamedNode(f"{b}id/x")
    except ValueError:
        raise ValueError(f"--base {base!r} is not a valid IRI; e.g. https://example.org/stafett/") from None
    return b


@dataclass(frozen=True)
class Minter:
    """Mints every IRI of the graph under one base."""

    base: str = DEFAULT_BASE

    def __post_init__(self):
        object.__setattr__(self, "base", check_base(self.base))

    def id(self, kind: str, key: str) -> str:
        return f"{self.base}id/{kind}/{key}"

    # -- entities ------------------------------------------------------------------------------
    def municipality(self, key: str) -> str:
        return self.id("municipality", key)

    def county(self, key: str) -> str:
        return self.id("county", key)

    def number_assignment(self, entity_iri: str, number: str) -> str:
        return f"{entity_iri}/number/{number}"

    def person_key(self, name: str, org_key: str | None) -> str:
        """A person is their normalised name within their organisation (modelling note 7):
        the same name and organisation in two interviews is one person, namesakes elsewhere are not."""
        return f"{slug(name)}.{org_key}" if org_key else slug(name)

    def person(self, name: str, org_key: str | None) -> str:
        return self.id("person", self.person_key(name, org_key))

    def organisation(self, name: str) -> str:
        return self.id("organisation", slug(name))

    def project(self, name: str) -> str:
        return self.id("project", slug(name))

    def concept(self, kind: str, label: str) -> str:
        """A SKOS concept of a vocabulary: kind is role, party, theme, method, need, category, question ..."""
        return self.id(kind, slug(label))

    def scheme(self, name: str) -> str:
        return self.id("scheme", name)

    def interview(self, key: str) -> str:
        return self.id("interview", key)

    def membership(self, person_key: str, org_key: str | None, role_key: str) -> str:
        return self.id("membership", f"{person_key}--{org_key or 'x'}--{role_key}")

    def baton_pass(self, giver_key: str, receiver_key: str) -> str:
        return self.id("baton-pass", f"{giver_key}--{receiver_key}")

    def profile(self, interview_key: str) -> str:
        return self.id("profile", interview_key)

    # -- parts of an interview (fragments of its IRI) ------------------------------------------
    def part(self, interview_key: str, fragment: str) -> str:
        return f"{self.interview(interview_key)}#{fragment}"

    # -- named graphs --------------------------------------------------------------------------
    def interview_graph(self, key: str) -> str:
        return f"{self.base}graph/interview/{key}"

    @property
    def reference_graph(self) -> str:
        return f"{self.base}graph/reference"

    @property
    def ontology_graph(self) -> str:
        return f"{self.base}graph/ontology"

    @property
    def links_graph(self) -> str:
        """Links derived from all the interviews (graph/links.py): rebuilt with them, exported."""
        return f"{self.base}graph/links"

    @property
    def manifest_graph(self) -> str:
        """Which file each interview graph was built from; local build metadata, not exported."""
        return f"{self.base}graph/manifest"

    def rebase(self, text: str) -> str:
        """Rewrite IRIs written with the default base (vocabulary files) to this base."""
        if self.base == DEFAULT_BASE:
            return text
        return text.replace(f"{DEFAULT_BASE}id/", f"{self.base}id/")


def org_key(organisation: dict | None) -> str | None:
    """The key of a record's organisation: today's kommunenummer entity key, ``f`` + fylkesnummer
    for a county, else the slug of its name; None when the record names none.

    The caller passes a record organisation already resolved (see mapping.resolve_org)."""
    if not organisation:
        return None
    if organisation.get("kommunenummer"):
        return organisation["kommunenummer"]
    if organisation.get("fylkesnummer"):
        return "f" + organisation["fylkesnummer"]
    name = organisation.get("name")
    return slug(name) if name else None
