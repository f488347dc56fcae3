"""Extraction scored against gold: the shared corpus (must be perfect) and our own fixtures.

The scorer is the project's yardstick (``../shared/tools/score_extraction.py``), imported as a
module so the test scores exactly as it does. The shared corpus is read where it lies: its texts
are not copied into the repository.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from graph.extract import INTERVIEW_SUFFIXES, extract_file, read_source
from graph.records import validate_record

HERE = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIXTURES = HERE / "fixtures"


@pytest.fixture(scope="module")
def scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SHARED / "tools" / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(scorer, corpus: Path, gold: Path):
    per_file, f1s = {}, []
    for path in sorted(p for p in corpus.iterdir() if p.suffix in INTERVIEW_SUFFIXES):
        record = extract_file(path)
        assert validate_record(record) == [], path.name
        g = json.loads((gold / f"{path.name.split('.')[0]}.gold.json").read_text(encoding="utf-8"))
        checks, lists = scorer.score(g, record)
        per_file[path.name] = (sum(ok for _, ok in checks) / len(checks), [name for name, ok in checks if not ok])
        f1s.extend(v[2] for v in lists.values())
    return per_file, sum(f1s) / len(f1s)


def test_shared_corpus_core_is_perfect_and_lists_are_good(scorer):
    per_file, lists_f1 = _score(scorer, SHARED / "corpus", SHARED / "corpus-gold")
    assert len(per_file) == 4
    for name, (core, missed) in per_file.items():
        assert core == 1.0, (name, missed)
    assert lists_f1 >= 0.80


def test_own_fixtures_score(scorer):
    per_file, lists_f1 = _score(scorer, FIXTURES / "interviews", FIXTURES / "gold")
    assert len(per_file) >= 9
    for name, (core, missed) in per_file.items():
        assert core == 1.0, (name, missed)
    assert lists_f1 >= 0.90


@pytest.mark.parametrize("path", sorted((FIXTURES / "interviews").iterdir()) + sorted((SHARED / "corpus").iterdir()),
                         ids=lambda p: p.name)
def test_every_span_points_at_its_value(path):
    """Spans index the normalised text: a name's span holds the name, an answer's its answer."""
    record = extract_file(path)
    text, _ = read_source(path)
    for key in ("interviewee", "baton_from", "baton_to"):
        person = record[key]
        if person and person["span"]:
            s, e = person["span"]
            assert " ".join(text[s:e].replace("*", " ").split()) == person["name"]
    for item in record["projects"] + record["partners"] + record["organisations"]:
        s, e = item["span"]
        assert " ".join(text[s:e].replace("*", " ").split()).strip("[]") == item["name"]
    for item in record["needs"] + record["methods"]:
        s, e = item["span"]
        assert text[s:e].casefold() == item["label"].casefold()
    for qa in record["qa"]:
        s, e = qa["question_span"]
        assert text[s:e].strip(" *#-").endswith("?")
    for field, (s, e) in record["spans"].items():
        assert 0 <= s < e <= len(text), field


def test_ovre_eiker_details(shared_dir):
    record = extract_file(shared_dir / "corpus" / "ovre-eiker.txt")
    assert record["interviewee"]["since"] == "2015-06"
    assert record["baton_to"]["county"] == "Rogaland"
    assert record["baton_to"]["role_as_written"] == "kommunedirektøren"
    assert [q["topic"] for q in record["qa"]][0] == "why-innovate"
    assert not any("Hva er Innovasjonsstafetten" in (q["question"] or "") for q in record["qa"])
    coi = next(o for o in record["organisations"] if o["name"].startswith("Center for Offentlig"))
    assert coi["country"] == "DK"
    aktiv = next(p for p in record["projects"] if p["name"] == "Aktiv Eiker")
    assert aktiv["description"] == "interkommunal frisklivssentral"
    kinds = {p["name"].casefold(): p["kind"] for p in record["partners"]}
    assert kinds["frivillige organisasjoner"] == "category"
