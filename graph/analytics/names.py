"""Finding a node by the name a person types: case, spacing, æøå written as ae/o/a, accents,
and places in every form the reference data holds (a Sami or Kven parallel name alone, an older
name, the number, with or without "kommune").

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("p1", type="person", label="Bjørn Are Skogstad", municipality="Steinkjer")
>>> G.add_node("p2", type="person", label="Camilla Strøm Eide", municipality="Bodø")
>>> find_node(G, "bjorn  are skogstad")
'p1'
>>> find_node(G, "camilla strom")
'p2'
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import networkx as nx

from ..errors import AmbiguousNameError, UnknownNameError
from ..reference import load_reference, name_variants, strip_org_suffix

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o", "đ": "d", "ŋ": "n", "ŧ": "t", "ß": "ss"})


def fold(text: str) -> str:
    """A name folded for matching: lower case, æ→ae, ø→o, å→a, accents dropped, ``aa``→``a``,
    ``oe``→``o``, punctuation and runs of spaces made one space.

    Examples
    --------
    >>> fold("  Bjørn   Are SKOGSTAD ") == fold("Bjoern Are Skogstad") == "bjorn are skogstad"
    True
    >>> fold("Ålesund") == fold("Aalesund") == fold("alesund")
    True
    >>> fold("Čáhcesuolu")
    'cahcesuolu'
    """
    t = unicodedata.normalize("NFKC", str(text)).casefold().translate(_FOLD)
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = t.replace("aa", "a").replace("oe", "o")
    return re.sub(r"[\W_]+", " ", t).strip()


def describe(G: nx.Graph, n) -> str:
    """How a candidate is shown: ``Name (place)`` for people, ``Label (type)`` for the rest."""
    d = G.nodes[n]
    label = d.get("label") or d.get("name") or str(n)
    where = d.get("municipality") or d.get("organisation_label") or d.get("county_label")
    if d.get("type", "person") == "person":
        return f"{label} ({where})" if where else label
    return f"{label} ({d.get('type')})"


def find_node(G: nx.Graph, query: str, *, types: tuple[str, ...] | None = None, what: str = "name"):
    """The one node whose label (or IRI) fits ``query``.

    People are preferred: when a person fits, other kinds of node are not considered. Write
    ``Name (Place)`` to choose between namesakes.

    Parameters
    ----------
    G : nx.Graph
        A graph of :mod:`graph.network` (nodes with ``label``/``name`` and ``type``).
    query : str
        A name as a person writes it, an IRI, or ``Name (Place)``.
    types : tuple of str, optional
        Only nodes of these types.

    Raises
    ------
    UnknownNameError
        Nothing fits; the message lists the nearest names.
    AmbiguousNameError
        Several nodes fit; the message lists them.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"label": "Kari Nordmann", "municipality": "Hå"}),
    ...                   ("b", {"label": "Kari Nordmann", "municipality": "Sola"})])
    >>> find_node(G, "kari nordmann (ha)")
    'a'
    >>> find_node(G, "Kari Nordmann")
    Traceback (most recent call last):
    ...
    graph.errors.AmbiguousNameError: name 'Kari Nordmann' is ambiguous; it fits: Kari Nordmann (Hå); Kari Nordmann (Sola) (give more of the name, or 'Name (Place)')
    """
    if query in G:
        return query
    pool = [n for n in G if types is None or G.nodes[n].get("type", "person") in types]
    by_iri = [n for n in pool if G.nodes[n].get("iri") == query.strip()]
    if by_iri:
        return by_iri[0]
    name, place = _split_place(query)
    q = fold(name)
    if not q:
        raise UnknownNameError(what, query, sorted({describe(G, n) for n in pool})[:20])
    for level in (_exact, _prefix_tokens, _substring):
        found = [n for n in pool if level(q, _label_forms(G, n))]
        if place:
            found = [n for n in found if place & _place_forms(G.nodes[n])]
        people = [n for n in found if _is_person(G, n)]
        found = people or found
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousNameError(what, query, sorted(describe(G, n) for n in found))
    raise UnknownNameError(what, query, _nearest(G, pool, q))


def _is_person(G: nx.Graph, n) -> bool:
    return G.nodes[n].get("type", "person") == "person"


def _nearest(G: nx.Graph, pool: list, q: str) -> list[str]:
    """What to offer for a name nothing fits: the people whose names are near it; other nodes
    only when they are nearer still (so "Ola Nordmann" is never answered with Nordland county);
    else the first people."""
    def near(nodes: list, cutoff: float) -> list[str]:
        scored = []
        for n in nodes:
            score = max(difflib.SequenceMatcher(None, q, form).ratio() for form in _label_forms(G, n))
            if score >= cutoff:
                scored.append((-score, describe(G, n)))
        return [d for _, d in sorted(scored)[:8]]

    people = [n for n in pool if _is_person(G, n)]
    return (near(people, 0.5) or near([n for n in pool if not _is_person(G, n)], 0.75)
            or sorted(describe(G, n) for n in people)[:20] or sorted(describe(G, n) for n in pool)[:20])


def _label_forms(G: nx.Graph, n) -> set[str]:
    """The folded forms a node may be typed as: its label, and for a place each of its parallel
    names and the names the reference data holds for it."""
    d = G.nodes[n]
    label = _label(G, n)
    if d.get("type") not in ("municipality", "county"):
        return {fold(label)}
    return {fold(v) for v in name_variants(strip_org_suffix(label))} | _reference_names(d, own=True)


def _place_forms(d: dict) -> set[str]:
    """Every folded form of where a node is: its municipality, organisation and county, each
    with its parallel names and reference names, and their numbers."""
    forms: set[str] = set()
    for key in ("municipality", "organisation_label", "county_label", "type"):
        value = d.get(key)
        if value:
            forms |= {fold(v) for v in name_variants(strip_org_suffix(str(value)))}
    return forms | _reference_names(d) | {str(d[k]) for k in ("kommunenummer", "fylkesnummer") if d.get(k)}


def _reference_names(d: dict, *, own: bool = False) -> set[str]:
    """The names the reference data holds for a node's municipality and county (all eras)."""
    ref = load_reference()
    found = set()
    m = ref.municipality(d["kommunenummer"]) if d.get("kommunenummer") else None
    if m is not None:
        found |= m.names
    if not own or d.get("type") == "county":
        c = ref.county(d["fylkesnummer"]) if d.get("fylkesnummer") else None
        if c is not None:
            found |= c.names
    return {fold(x) for x in found}


def _label(G: nx.Graph, n) -> str:
    return G.nodes[n].get("label") or G.nodes[n].get("name") or str(n)


def _split_place(query: str) -> tuple[str, set[str] | None]:
    """``"Per Lien (Storfjord)"`` -> ("Per Lien", the folded forms of "Storfjord")."""
    m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", query)
    if not m:
        return query, None
    place = m.group(2).strip()
    return m.group(1), {fold(place), fold(strip_org_suffix(place))} - {""}


def _exact(q: str, forms: set[str]) -> bool:
    return q in forms


def _prefix_tokens(q: str, forms: set[str]) -> bool:
    words = " ".join(forms).split()
    return all(any(w.startswith(t) for w in words) for t in q.split())


def _substring(q: str, forms: set[str]) -> bool:
    return len(q) >= 3 and any(q.replace(" ", "") in f.replace(" ", "") for f in forms)
