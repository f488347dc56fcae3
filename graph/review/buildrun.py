"""Build: ``build --update`` for saved records, and what it changed in the graph.

Each saved record is built together with its text (the record wins over the text, which gives
the evidence its words). Before and after, the interview graphs that come from those files (by
the build manifest and by the text's SHA-256) are read through SPARQL; the difference is the
summary: triples added and removed, the statements behind them in words, and the people of
these interviews who are also named in other interviews (merged into one person by their key).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from ..iris import Minter
from ..namespaces import PREFIXES, STF

LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://xmlns.com/foaf/0.1/name",
          "http://www.w3.org/2004/02/skos/core#prefLabel", "https://schema.org/name")
SHOWN = 40  # statements listed in the summary


def _iri(s: str) -> str:
    return "<" + s.replace(">", "%3E") + ">"


def _lit(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def graphs_of(store, minter: Minter, files: list[Path], shas: list[str]) -> list[str]:
    """The interview graphs built from ``files`` (manifest) or from texts with one of ``shas``."""
    uris = " ".join(_iri(p.absolute().as_uri()) for p in files)
    sha_values = " ".join(_lit(s) for s in shas if s)
    parts = [f"{{ GRAPH {_iri(minter.manifest_graph)} {{ ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?f }} VALUES ?f {{ {uris} }} }}"]
    if sha_values:
        parts.append(f"{{ GRAPH ?g {{ ?i <{STF.sourceSha256}> ?sha }} VALUES ?sha {{ {sha_values} }} }}")
    q = "SELECT DISTINCT ?g WHERE { " + " UNION ".join(parts) + " }"
    return sorted(row["g"].value for row in store.query(q))


def snapshot(store, graphs: list[str]) -> set[tuple]:
    """Every triple of ``graphs`` as (subject, predicate, object) terms."""
    if not graphs:
        return set()
    values = " ".join(_iri(g) for g in graphs)
    q = f"SELECT ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    return {(row["s"], row["p"], row["o"]) for row in store.query(q)}


def merged_people(store, minter: Minter, graphs: list[str]) -> list[dict]:
    """People of ``graphs`` who are also named in another interview: one person in the graph."""
    if not graphs:
        return []
    values = " ".join(_iri(g) for g in graphs)
    prefix = minter.interview_graph("")
    q = f"""SELECT DISTINCT ?p ?name ?label WHERE {{
      VALUES ?g {{ {values} }}
      GRAPH ?g {{ ?p a <http://xmlns.com/foaf/0.1/Person> ; <http://xmlns.com/foaf/0.1/name> ?name }}
      GRAPH ?h {{ ?p a <http://xmlns.com/foaf/0.1/Person> . ?other a <{STF.Interview}> . OPTIONAL {{ ?other <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}
      FILTER(STRSTARTS(STR(?h), {_lit(prefix)}) && ?h NOT IN ({", ".join(_iri(g) for g in graphs)}))
    }} ORDER BY ?name ?label"""
    out: dict[str, dict] = {}
    for row in store.query(q):
        entry = out.setdefault(row["p"].value, {"iri": row["p"].value, "name": row["name"].value, "also_in": []})
        label = row["label"].value if row["label"] is not None else "?"
        if label not in entry["also_in"]:
            entry["also_in"].append(label)
    return list(out.values())


def _short(term, labels: dict[str, str]) -> str:
    if isinstance(term, ox.NamedNode):
        if term.value in labels:
            return labels[term.value]
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return term.value.rsplit("/", 1)[-1]
    if isinstance(term, ox.Literal):
        v = term.value
        return "«" + (v if len(v) <= 80 else v[:77] + "...") + "»"
    return str(term)


def describe(triples, labels: dict[str, str]) -> list[str]:
    """Triples as short lines: labels for entities, prefixed names for terms; facts first,
    the evidence (annotations and spans) after."""
    def evidence(t) -> bool:
        return "#char=" in t[0].value or "#ev-" in t[0].value or "#answer-" in t[0].value

    rows = sorted(triples, key=lambda t: (evidence(t), str(t[0]), str(t[1]), str(t[2])))
    return [f"{_short(s, labels)} · {_short(p, labels)} · {_short(o, labels)}" for s, p, o in rows]


def _labels(store, triples) -> dict[str, str]:
    iris = {t.value for tr in triples for t in (tr[0], tr[2]) if isinstance(t, ox.NamedNode)}
    out = {s.value: o.value for s, p, o in triples if p.value in LABELS and isinstance(o, ox.Literal)}
    missing = sorted(i for i in iris if i not in out)[:500]
    if missing:
        q = ("SELECT ?s (SAMPLE(?l) AS ?label) WHERE { VALUES ?s { " + " ".join(_iri(i) for i in missing) + " } "
             "?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } GROUP BY ?s")
        for row in store.query(q):
            if row["label"] is not None:
                out[row["s"].value] = row["label"].value
    return out


def build_saved(pairs: list[tuple[Path, Path, str]], *, store_dir=None, endpoint=None, base: str) -> dict:
    """``build --update`` of the saved records (``(record, text, sha256)`` each) into the store,
    and a summary of what changed (a first build when the store has no graph yet)."""
    from ..build import build
    from ..store import open_store

    minter = Minter(base)
    files = [p for record, text, _ in pairs for p in (record, text)]
    shas = [sha for *_, sha in pairs]
    first = False
    try:
        with open_store(store_dir, endpoint) as store:
            before_graphs = graphs_of(store, minter, files, shas)
            before = snapshot(store, before_graphs)
            before_labels = _labels(store, before)
    except StoreError:
        if endpoint:
            raise
        first, before_graphs, before, before_labels = True, [], set(), {}
    summary = build(files, store_dir=store_dir, endpoint=endpoint, base=base, update=not first, workers=1)
    with open_store(store_dir, endpoint) as store:
        after_graphs = graphs_of(store, minter, files, shas)
        after = snapshot(store, after_graphs)
        labels = {**before_labels, **_labels(store, after)}
        merged = merged_people(store, minter, after_graphs)
    added, removed = after - before, before - after
    return {
        "store": summary.store,
        "first_build": first,
        "lines": summary.lines(),
        "warnings": summary.warnings,
        "graphs": after_graphs,
        "graphs_removed": sorted(set(before_graphs) - set(after_graphs)),
        "triples_added": len(added),
        "triples_removed": len(removed),
        "added": describe(added, labels)[:SHOWN],
        "removed": describe(removed, labels)[:SHOWN],
        "merged": merged,
    }
