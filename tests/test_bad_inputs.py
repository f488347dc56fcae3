"""A corpus of bad inputs: each is refused with one clear line naming the file, no traceback, and
no partial write; a build with some bad files changes nothing unless ``--keep-going`` asks it to
build the good ones (then exactly those). The store is compared before and after (generation and
every quad)."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.errors import InputError, RecordError
from graph.extract import extract_file, extract_text
from graph.records import MAX_RECORD_BYTES, read_record
from graph.store import EmbeddedStore
from conftest import ask, select
from reliability_support import (BAD_TEXT, HUGE_BYTES, SHARED, bad_records, bundled_store_copy, leftovers, person,
                                 record, run_cli, snapshot, write_huge_text, write_record)

LATIN1_SAFE = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
SECOND_BATON = ("\nHvem vil du gi stafettpinnen videre til?\n\n"
                "Jeg gir også stafettpinnen videre til Kari Nordmann, innovasjonsleder i Bodø kommune.\n")


def corpus_text(name: str) -> str:
    return (SHARED / "corpus" / name).read_text(encoding="utf-8")


# -- the corpus ---------------------------------------------------------------------------------
def write_bad(folder):
    """Every bad input in ``folder``: {path: a word its message must hold}."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (data, word) in BAD_TEXT.items():
        (folder / name).write_bytes(data)
        expected[folder / name] = word
    expected[write_huge_text(folder / "huge.txt")] = "too large"
    for stem, (rec, _field, word) in bad_records().items():
        expected[write_record(folder, stem, rec)] = word
    big = folder / "big-record.yaml"
    big.write_text("source: {path: x.txt}\n# " + "x" * (MAX_RECORD_BYTES + 10) + "\n", encoding="utf-8")
    expected[big] = "too large"
    return expected


def write_good(folder):
    """Good inputs in awkward forms: {file name: interviewee}."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sogndal-latin1.txt").write_bytes(corpus_text("sogndal.txt").translate(LATIN1_SAFE).encode("latin-1"))
    (folder / "steinkjer-utf16.txt").write_bytes(corpus_text("steinkjer.txt").encode("utf-16"))
    ovre = corpus_text("ovre-eiker.txt")
    cut = ovre.index("Anne Berit Berge Ims.") + len("Anne Berit Berge Ims.")
    (folder / "ovre-eiker-two-batons.txt").write_text(ovre[:cut] + "\n" + SECOND_BATON + ovre[cut:], encoding="utf-8")
    # The same interview twice: the same text in UTF-8 beside its Latin-1 copy.
    (folder / "sogndal.txt").write_text(corpus_text("sogndal.txt").translate(LATIN1_SAFE), encoding="utf-8")
    return {"sogndal-latin1.txt": "Torunn Hjelle Aase", "steinkjer-utf16.txt": "Bjørn Are Skogstad",
            "ovre-eiker-two-batons.txt": "Trude Andresen"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    return root, write_bad(root / "inputs"), write_good(root / "inputs")


@pytest.fixture()
def store(tmp_path):
    return bundled_store_copy(tmp_path / "store")


# -- one input at a time: the reason -------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(BAD_TEXT))
def test_bad_text_gives_one_line_naming_the_file(tmp_path, name):
    data, word = BAD_TEXT[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        extract_file(path)
    assert info.value.path == str(path) and str(info.value).startswith(f"{path}: ")
    assert word.casefold() in info.value.reason.casefold() and "\n" not in str(info.value)


@pytest.mark.parametrize("stem", sorted(bad_records()))
def test_bad_record_names_the_file_the_field_and_the_fix(tmp_path, stem):
    rec, field, word = bad_records()[stem]
    path = write_record(tmp_path, stem, rec)
    with pytest.raises(RecordError) as info:
        read_record(path)
    problems = info.value.problems
    assert any(p == str(path) and f == field and word in m for p, f, m in problems), problems
    assert all("\n" not in m for _, _, m in problems)


def test_python_tags_are_never_run(tmp_path):
    marker = tmp_path / "pwned"
    path = write_record(tmp_path, "tag", f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(RecordError):
        read_record(path)
    assert not marker.exists()


def test_alias_bomb_is_refused_before_it_expands(tmp_path):
    path = write_record(tmp_path, "bomb", bad_records()["alias-bomb"][0])
    started = time.perf_counter()
    with pytest.raises(RecordError, match="aliases"):
        read_record(path)
    assert time.perf_counter() - started < 1.0  # 9**12 items, had it been expanded


def test_a_huge_text_is_refused_on_its_size_before_it_is_read(tmp_path, monkeypatch):
    path = write_huge_text(tmp_path / "huge.txt")
    from pathlib import Path

    reads = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real(self))
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        extract_file(path)
    assert time.perf_counter() - started < 0.5 and reads == []
    # one line: the file, its size, the limit
    assert str(info.value) == (f"{path}: 50 000 000 bytes is too large for an interview text (the limit is "
                               "5 000 000 bytes); save one interview per file")
    # ... and a huge string handed to the extractor is refused the same way
    with pytest.raises(InputError, match="too large"):
        extract_text("Hvorfor? " * (HUGE_BYTES // 9))


def test_the_builder_does_not_hash_a_huge_text_either(tmp_path, monkeypatch, store):
    import graph.build as build_module

    hashed = []
    real = build_module.sha256_file
    monkeypatch.setattr(build_module, "sha256_file", lambda p: hashed.append(p.name) or real(p))
    (tmp_path / "in").mkdir()
    write_huge_text(tmp_path / "in" / "huge.txt")
    (tmp_path / "in" / "steinkjer.txt").write_text(corpus_text("steinkjer.txt"), encoding="utf-8")
    res = CliRunner().invoke(cli, ["build", "--store", str(store), "-q", str(tmp_path / "in")])
    assert res.exit_code == 1 and "huge.txt: 50 000 000 bytes is too large" in res.output
    assert hashed == ["steinkjer.txt"]


# -- a build with bad files ------------------------------------------------------------------------
def _error_lines(output: str) -> list[str]:
    return [ln for ln in output.splitlines() if ln.startswith("stafett: error: ")]


def test_a_build_with_bad_files_writes_nothing_and_names_each(corpus, store):
    root, bad, _ = corpus
    before = snapshot(store)
    res = CliRunner().invoke(cli, ["build", "--store", str(store), str(root / "inputs")])
    assert res.exit_code == 1
    assert "Traceback" not in res.output and res.exception is None or isinstance(res.exception, SystemExit)
    lines = _error_lines(res.output)
    for path, word in bad.items():
        mine = [ln for ln in lines if f"{path}:" in ln]
        assert len(mine) == 1, (path, lines)
        assert word.casefold() in mine[0].casefold(), mine
    assert lines[-1].endswith("nothing was written; fix the inputs, or build the good ones only with --keep-going")
    assert snapshot(store) == before and leftovers(store) == []


def test_keep_going_builds_the_good_inputs_only(corpus, store):
    root, bad, good = corpus
    res = CliRunner().invoke(cli, ["build", "--store", str(store), "--keep-going", str(root / "inputs")])
    assert res.exit_code == 0, res.output
    skipped = [ln for ln in res.output.splitlines() if ln.startswith("stafett: skipped: ")]
    assert len(skipped) == len(bad), skipped
    assert all(any(f"{p}:" in ln for ln in skipped) for p in bad)
    with EmbeddedStore(store) as st:
        names = {r["n"] for r in select(st, "SELECT ?n WHERE { ?i a stf:Interview ; stf:interviewee/foaf:name ?n }")}
        assert names == set(good.values())  # the good ones, each once; none of the bad ones
        assert not ask(st, "ASK { ?p foaf:name ?n FILTER(CONTAINS(?n, 'Kari Nordmann') && ?n != 'Kari Nordmann') }")
    warnings = res.output
    copies = f"{root / 'inputs' / 'sogndal.txt'}: the same text as {root / 'inputs' / 'sogndal-latin1.txt'} in another encoding"
    assert copies in warnings  # the two copies, built once
    assert "the baton answers name 2 receivers (Anne Berit Berge Ims; Kari Nordmann)" in warnings
    assert leftovers(store) == []


def test_a_real_process_prints_no_traceback(corpus, store):
    root, bad, _ = corpus
    before = snapshot(store)
    proc = run_cli("build", "--store", str(store), str(root / "inputs"))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert all(ln.startswith("stafett: error: ") for ln in proc.stderr.splitlines()), proc.stderr
    assert len(_error_lines(proc.stderr)) == len(bad) + 1
    assert snapshot(store) == before and leftovers(store) == []
    # extract and ingest, file by file: the same lines, exit 1, the good files still printed
    proc = run_cli("extract", *sorted(str(p) for p in bad if p.suffix in (".txt", ".md", ".html")),
                   str(root / "inputs" / "steinkjer-utf16.txt"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "Bjørn Are Skogstad" in proc.stdout
    assert len(_error_lines(proc.stderr)) == len([p for p in bad if p.suffix in (".txt", ".md", ".html")])


def test_a_missing_or_unknown_file_is_one_line(tmp_path, store):
    before = snapshot(store)
    res = CliRunner().invoke(cli, ["build", "--store", str(store), str(tmp_path / "nowhere.yaml")])
    assert res.exit_code == 1 and res.output == f"stafett: error: {tmp_path / 'nowhere.yaml'}: no such file or folder\n"
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    for name, fix in (("notes.docx", "save it as text (.txt) or as a web page (.html)"), ("notes.csv", "not a record")):
        res = CliRunner().invoke(cli, ["build", "--store", str(store), str(tmp_path / name)])
        lines = res.output.strip().splitlines()
        assert res.exit_code == 1 and len(lines) == 2, res.output
        assert lines[0].startswith(f"stafett: error: {tmp_path / name}: ") and fix in lines[0], lines
        assert lines[1].endswith("nothing to build: no interview records (.yaml, .yml, .json) or interview texts "
                                 "(.txt, .md, .html, .htm) found; the store is unchanged"), lines
    assert snapshot(store) == before


# -- hard cases that are not errors -----------------------------------------------------------------
def test_text_that_passes_the_baton_to_the_interviewee_is_warned_not_recorded():
    text = corpus_text("steinkjer.txt").replace(
        "Stafettpinnen går videre til innovasjonsleder Camilla Strøm Eide i Bodø kommune",
        "Stafettpinnen går videre til rådmann Bjørn Are Skogstad i Steinkjer kommune")
    rec = extract_text(text, path="self.txt")
    assert rec["baton_to"] is None
    assert "baton_to: the baton answer passes the baton to the interviewee themself; no receiver recorded" in rec["warnings"]


def test_a_relay_with_a_cycle_builds_and_is_reported(tmp_path, store):
    a = person("Astrid Aas", "Hå kommune", "1119")
    b = person("Bjarne Bø", "Bodø kommune", "1804")
    c = person("Cecilie Ceder", "Steinkjer kommune", "5006")
    folder = tmp_path / "cycle"
    folder.mkdir()
    for stem, (who, to, stage) in {"a": (a, b, 1), "b": (b, c, 2), "c": (c, a, 3)}.items():
        write_record(folder, stem, record(stem, who, stage=stage, to=to))
    res = CliRunner().invoke(cli, ["build", "--store", str(store), "-q", str(folder)])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["chain", "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert "CYCLE: " in res.output and all(n in res.output for n in ("Astrid Aas", "Bjarne Bø", "Cecilie Ceder"))


def test_two_interviews_may_state_different_facts_for_one_municipality(tmp_path, store):
    """Fact boxes are dated profiles of the interview that states them: two interviews of one
    municipality may differ (the population grew), and both are kept, each with its source."""
    folder = tmp_path / "facts"
    folder.mkdir()
    write_record(folder, "early", record("early", person("Eva Eik", "Hå kommune", "1119"), stage=3, facts={"population": 18000}))
    write_record(folder, "late", record("late", person("Lars Lie", "Hå kommune", "1119"), stage=9, facts={"population": 19500}))
    res = CliRunner().invoke(cli, ["build", "--store", str(store), "-q", str(folder)])
    assert res.exit_code == 0, res.output
    with EmbeddedStore(store) as st:
        rows = select(st, """SELECT ?pop ?who WHERE { ?p stf:profileOf ?m ; stf:population ?pop ; stf:statedIn/stf:interviewee/foaf:name ?who .
                                                     ?m stf:kommunenummer "1119" } ORDER BY ?pop""")
    assert rows == [{"pop": "18000", "who": "Eva Eik"}, {"pop": "19500", "who": "Lars Lie"}]


NAMES = ['Kari "Q" O\'Brien', "<b>Ola</b> & <script>alert(1)</script>", "Line\nbreak Person",
         "\u202eevil\u202c Right-to-left", "Emoji 🎉 Person", "Trude Andresen\u200f"]


def test_awkward_names_round_trip_exactly(tmp_path, store):
    folder = tmp_path / "names"
    folder.mkdir()
    for i, name in enumerate(NAMES):
        rec = record(f"n{i}", person(name, "Bodø kommune", "1804"), stage=20 + i,
                     projects=[{"name": f"Prosjekt {name}"}])
        rec["source"]["path"] = f"/home/kari/private/n{i}.txt" if i % 2 else f"C:\\Users\\kari\\n{i}.txt"
        write_record(folder, f"n{i}", rec)
    res = CliRunner().invoke(cli, ["build", "--store", str(store), "-q", str(folder)])
    assert res.exit_code == 0, res.output
    with EmbeddedStore(store) as st:
        got = {r["n"] for r in select(st, "SELECT ?n WHERE { ?i a stf:Interview ; stf:interviewee/foaf:name ?n }")}
        assert got == set(NAMES)
        assert {r["n"] for r in select(st, "SELECT ?n WHERE { ?p a schema:Project ; schema:name ?n }")} >= {f"Prosjekt {n}" for n in NAMES}
        # only file names, never the builder's folders, in the published graph
        paths = {r["p"] for r in select(st, "SELECT ?p WHERE { ?i stf:sourcePath ?p }")}
        assert paths == {f"n{i}.txt" for i in range(len(NAMES))}
        assert not ask(st, "ASK { ?s ?p ?o FILTER(isLiteral(?o) && (CONTAINS(STR(?o), '/home/') || CONTAINS(STR(?o), 'Users'))) }")


def test_a_valid_record_never_fails_the_shapes(tmp_path, store):
    """What the record schema allows, the mapping must turn into a conforming graph: answers
    without spans (a hand-written record) are left out rather than breaking SHACL."""
    folder = tmp_path / "qa"
    folder.mkdir()
    write_record(folder, "qa", record("qa", person("Siri Sand", "Hå kommune", "1119"), stage=12,
                                      qa=[{"topic": "baton", "question": "Hvem?"}, {"question": None}]))
    res = CliRunner().invoke(cli, ["build", "--store", str(store), "-q", str(folder)])
    assert res.exit_code == 0, res.output


def test_an_update_with_a_bad_file_changes_nothing(tmp_path, store):
    before = snapshot(store)
    path = write_record(tmp_path, "no-such-number", bad_records()["no-such-number"][0])
    res = CliRunner().invoke(cli, ["build", "--store", str(store), "--update", str(path)])
    assert res.exit_code == 1 and f"{path}:9:interviewee.organisation.kommunenummer" in res.output, res.output
    assert snapshot(store) == before and leftovers(store) == []


def test_a_store_folder_that_cannot_be_made_is_one_line():
    proc = run_cli("build", "--store", "/proc/stafett-no-such-folder/store", "-q")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == ("stafett: error: cannot use /proc/stafett-no-such-folder/store as a store folder "
                                   "(No such file or directory); choose another --store")
