"""Finding a node by the name a person types: case, spacing, æøå written as ae/o/a, accents.

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
        found = [n for n in pool if level(q, fold(_label(G, n)))]
        if place:
            found = [n for n in found if any(place == fold(G.nodes[n].get(k) or "") for k in
                                             ("municipality", "organisation_label", "county_label", "type"))]
        people = [n for n in found if G.nodes[n].get("type", "person") == "person"]
        found = people or found
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousNameError(what, query, sorted(describe(G, n) for n in found))
    labels: dict[str, list] = {}
    for n in pool:
        labels.setdefault(fold(_label(G, n)), []).append(n)
    near = difflib.get_close_matches(q, list(labels), n=8, cutoff=0.5)
    valid = sorted(describe(G, n) for k in near for n in labels[k]) or sorted(describe(G, n) for n in pool
                                                             if G.nodes[n].get("type", "person") == "person")[:20]
    raise UnknownNameError(what, query, valid)


def _label(G: nx.Graph, n) -> str:
    return G.nodes[n].get("label") or G.nodes[n].get("name") or str(n)


def _split_place(query: str) -> tuple[str, str | None]:
    m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", query)
    return (m.group(1), fold(m.group(2))) if m else (query, None)


def _exact(q: str, label: str) -> bool:
    return q == label


def _prefix_tokens(q: str, label: str) -> bool:
    words = label.split()
    return all(any(w.startswith(t) for w in words) for t in q.split())


def _substring(q: str, label: str) -> bool:
    return len(q) >= 3 and q.replace(" ", "") in label.replace(" ", "")
