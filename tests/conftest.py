"""Shared fixtures: the bundled graph built once per session, the shared corpus beside the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.build import build
from graph.store import EmbeddedStore

from browser import browser  # noqa: F401  (the session fixture, for browser tests)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.fail(f"the shared folder is expected beside the repository at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory) -> Path:
    """A store built from the bundled records (data/interviews)."""
    root = tmp_path_factory.mktemp("bundled") / "store"
    build(store_dir=root, workers=1)
    return root


def generated_store(tmp_path_factory, name: str, interviews: int, seed: int) -> Path:
    """A store built from a generated relay (``stafett synth``) of ``interviews`` interviews."""
    from graph.synth import write_corpus

    folder = tmp_path_factory.mktemp(name) / "corpus"
    write_corpus(folder, interviews, seed=seed)
    root = folder.parent / "store"
    build([folder], store_dir=root, workers=1, keep_going=True)
    return root


@pytest.fixture()
def bundled(bundled_store):
    with EmbeddedStore(bundled_store) as store:
        yield store


def select(store, sparql: str) -> list[dict]:
    """Rows of a SELECT as dicts of plain values (IRI strings, literal values)."""
    from graph.query import with_prefixes

    result = store.query(with_prefixes(sparql))
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def ask(store, sparql: str) -> bool:
    from graph.query import with_prefixes

    return bool(store.query(with_prefixes(sparql)))
