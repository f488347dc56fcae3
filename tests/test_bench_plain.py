"""The plain forms the query benchmark gives rdflib (bench/plain/) ask what the library asks.

bench/bench_queries.py times rdflib on each library query and, where bench/plain/ has one, on the
same question written in plain joins, and compares stafett with the faster. That is only fair if
the two texts give the same answer, which these tests check on a generated relay.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.queries import fill, get_query, list_queries, parse_query_file
from graph.store import open_store

from conftest import generated_store

PLAIN = Path(__file__).resolve().parents[1] / "bench" / "plain"
FORMS = sorted(PLAIN.glob("*.rq"))


@pytest.fixture(scope="module")
def relay(tmp_path_factory):
    return open_store(generated_store(tmp_path_factory, "plain", 150, seed=11))


def answer(store, text: str) -> Counter:
    """The rows as a multiset; a concatenated list (GROUP_CONCAT) as the set of its parts, since
    SPARQL leaves the order of its parts to the engine."""
    result = store.query(text)
    names = [v.value for v in result.variables]
    rows = Counter()
    for solution in result:
        row = []
        for name in names:
            term = solution[name]
            value = None if term is None else getattr(term, "value", str(term))
            if value is not None and ("; " in value or " / " in value):
                value = frozenset(part for chunk in value.split("; ") for part in chunk.split(" / "))
            row.append(value)
        rows[tuple(row)] += 1
    return rows


def test_there_are_plain_forms_and_each_names_a_library_query():
    library = {q.name for q in list_queries()}
    assert len(FORMS) >= 5
    assert {f.stem for f in FORMS} <= library


@pytest.mark.parametrize("form", FORMS, ids=[f.stem for f in FORMS])
def test_plain_form_gives_the_library_answer(relay, form):
    query = get_query(form.stem)
    plain = parse_query_file(form.read_text(encoding="utf-8"), form.stem)
    assert [p.name for p in plain.params] == [p.name for p in query.params]
    ours, theirs = answer(relay, fill(query)), answer(relay, fill(plain))
    assert sum(ours.values()) > 0, f"{form.stem} finds nothing on the generated relay: the test would prove nothing"
    assert ours == theirs
