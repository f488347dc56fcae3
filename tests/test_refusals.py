"""A command that cannot do what it was asked refuses, says why in a line, and keeps the graph.

One test per case a new user falls into on day one (issue #14): a build that finds nothing to
build, documents it cannot read, a path that does not exist (also with --update), --keep-going
when every input is broken, a folder that is not a store, a record that would fail in mapping,
an update that would drop an interview still on disk, a busy port. Every refused build is
checked to leave the store as it was: the same generation, every quad the same.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.store import MARKER, EmbeddedStore
from conftest import select
from reliability_support import REPO, SHARED, bundled_store_copy, leftovers, person, record, run_cli, snapshot, write_record

WHAT = "interview records (.yaml, .yml, .json) or interview texts (.txt, .md, .html, .htm)"


@pytest.fixture()
def store(tmp_path):
    return bundled_store_copy(tmp_path / "store")


def build(store, *args):
    return CliRunner().invoke(cli, ["build", "--store", str(store), *map(str, args)])


def errors(output: str) -> list[str]:
    return [ln.removeprefix("stafett: error: ") for ln in output.splitlines() if ln.startswith("stafett: error: ")]


def interviewees(store) -> list[str]:
    with EmbeddedStore(store) as st:
        return sorted(r["n"] for r in select(st, "SELECT ?n WHERE { ?i a stf:Interview ; stf:interviewee/foaf:name ?n }"))


def refused(store, before, res, code: int = 1) -> list[str]:
    """The refusal's lines, after checking it refused and left the store as it was."""
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output and (res.exception is None or isinstance(res.exception, SystemExit))
    assert snapshot(store) == before and leftovers(store) == []
    return errors(res.output)


# -- nothing to build ------------------------------------------------------------------------------
def test_an_empty_folder_is_refused(tmp_path, store):
    before = snapshot(store)
    (tmp_path / "empty").mkdir()
    lines = refused(store, before, build(store, tmp_path / "empty"))
    assert lines == [f"{tmp_path / 'empty'}: nothing to build: no {WHAT} found; the store is unchanged"]


def test_a_folder_of_documents_it_cannot_read_is_refused_with_the_fix(tmp_path, store):
    before = snapshot(store)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "intervju.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "intervju2.docx").write_bytes(b"PK\x03\x04")
    for args in ([folder], ["--keep-going", folder]):  # --keep-going does not make nothing something
        lines = refused(store, before, build(store, *args))
        assert lines == [f"{folder / 'intervju.pdf'}: a PDF cannot be read; save it as text (.txt) or as a web page (.html) and build that",
                         f"{folder / 'intervju2.docx'}: a word-processor document cannot be read; save it as text (.txt) or "
                         "as a web page (.html) and build that",
                         f"{folder}: nothing to build: no {WHAT} found; the store is unchanged"]


def test_a_pdf_beside_good_texts_is_listed_and_skipped_only_with_keep_going(tmp_path, store):
    before = snapshot(store)
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(SHARED / "corpus" / "steinkjer.txt", folder)
    (folder / "notes.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    lines = refused(store, before, build(store, folder))
    assert lines[0].startswith(f"{folder / 'notes.pdf'}: a PDF cannot be read") and len(lines) == 2, lines
    assert lines[1] == "nothing was written; fix the inputs, or build the good ones only with --keep-going"
    res = build(store, "--keep-going", folder)
    assert res.exit_code == 0, res.output
    assert f"stafett: skipped: {folder / 'notes.pdf'}: a PDF cannot be read; save it as text" in res.output
    assert f"1 file in the folders is neither records nor interview texts and was not read (.jpg; e.g. {folder / 'photo.jpg'})" in res.output
    assert interviewees(store) == ["Bjørn Are Skogstad"]


def test_a_named_folder_without_inputs_among_good_ones_is_a_problem(tmp_path, store):
    before = snapshot(store)
    (tmp_path / "typo").mkdir()
    lines = refused(store, before, build(store, SHARED / "corpus" / "steinkjer.txt", tmp_path / "typo"))
    assert lines[0] == f"{tmp_path / 'typo'}: this folder holds no {WHAT}"


def test_extract_of_a_folder_with_no_texts_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    res = CliRunner().invoke(cli, ["extract", str(tmp_path / "empty")])
    assert res.exit_code == 1 and res.output == (f"stafett: error: {tmp_path / 'empty'}: no interview texts "
                                                 "(.txt, .md, .html, .htm) to extract\n")


# -- paths that do not exist ------------------------------------------------------------------------
def test_a_path_that_does_not_exist_is_refused(tmp_path, store):
    before = snapshot(store)
    assert refused(store, before, build(store, tmp_path / "missing.txt")) == [f"{tmp_path / 'missing.txt'}: no such file or folder"]
    lines = refused(store, before, build(store, tmp_path / "a.txt", tmp_path / "b"))
    assert lines == [f"{tmp_path / 'a.txt'}: no such file or folder", f"{tmp_path / 'b'}: no such file or folder",
                     "nothing was built; check the paths"]


def test_update_of_a_path_that_does_not_exist_is_refused(tmp_path, store):
    before = snapshot(store)
    lines = refused(store, before, build(store, "--update", tmp_path / "corpus" / "missing.txt"))
    assert lines == [f"{tmp_path / 'corpus' / 'missing.txt'}: no such file or folder, and no interview of the store was built from it",
                     "nothing was written; check the paths"]


def test_update_of_a_file_that_was_deleted_removes_its_interview(tmp_path, store):
    """The other side of the refusal above: a path the store was built from may be gone."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SHARED / "corpus" / "steinkjer.txt", folder)
    assert build(store, "--update", folder / "steinkjer.txt").exit_code == 0
    (folder / "steinkjer.txt").unlink()
    res = build(store, "--update", folder / "steinkjer.txt")
    assert res.exit_code == 0, res.output
    assert "added 0, replaced 0, removed 1 interview\n" in res.output
    assert "Bjørn Are Skogstad" not in interviewees(store)


# -- --keep-going -----------------------------------------------------------------------------------
def test_keep_going_when_every_input_is_broken_refuses(tmp_path, store):
    before = snapshot(store)
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    write_record(folder, "bad", record("bad", person("Per Olsen", "Nokommune", "9876"), stage=7))
    lines = refused(store, before, build(store, "--keep-going", folder))
    assert lines[-1] == "none of the inputs can be built; nothing was written (--keep-going builds the good ones, and there are none)"
    assert any(ln.startswith(f"{folder / 'bad.yaml'}:") for ln in lines) and any(ln.startswith(f"{folder / 'empty.txt'}:") for ln in lines)


# -- what happened to what was there -----------------------------------------------------------------
def test_a_full_build_says_it_replaced_the_graph(store):
    res = build(store, SHARED / "corpus")
    assert res.exit_code == 0, res.output
    assert ("replaced 3 interviews with 4; 2 of the earlier ones are not among them "
            "(stafett build --update PATH adds to the graph instead of replacing it)") in res.output.splitlines()


def test_an_update_says_what_it_added_replaced_and_removed(store):
    res = build(store, "--update", SHARED / "corpus" / "steinkjer.txt")
    assert res.exit_code == 0, res.output
    assert "added 1, replaced 0, removed 0 interviews" in res.output.splitlines()
    assert "Bjørn Are Skogstad" in interviewees(store) and "Trude Andresen" in interviewees(store)  # added, not replaced


def test_a_build_into_an_empty_store_says_so(tmp_path):
    res = build(tmp_path / "new", SHARED / "corpus" / "steinkjer.txt")
    assert res.exit_code == 0, res.output
    assert "built 1 interview (the store was empty)" in res.output.splitlines()


def test_the_bundled_records_notes_are_not_the_users_warnings(tmp_path):
    proc = run_cli("build", "--store", str(tmp_path / "s"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", proc.stderr  # nothing pointing into the installed package


# -- copies: --update removes an interview only when no file of it remains ------------------------
def test_deleting_a_copy_keeps_the_interview_of_the_original(tmp_path, store):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SHARED / "corpus" / "steinkjer.txt", folder / "steinkjer.txt")
    assert build(store, "--update", folder).exit_code == 0
    shutil.copy(folder / "steinkjer.txt", folder / "steinkjer-copy.txt")
    assert build(store, "--update", folder / "steinkjer-copy.txt").exit_code == 0
    (folder / "steinkjer-copy.txt").unlink()
    res = build(store, "--update", folder / "steinkjer-copy.txt")
    assert res.exit_code == 0, res.output
    assert "added 0, replaced 0, removed 0 interviews" in res.output, res.output
    assert (f"stafett: warning: {folder / 'steinkjer-copy.txt'}: gone; its interview stays, as "
            f"{folder / 'steinkjer.txt'} holds it too") in res.output
    assert "Bjørn Are Skogstad" in interviewees(store)
    res = build(store, "--update", folder)
    assert res.exit_code == 0 and "removed 0 interviews" in res.output, res.output
    assert "Bjørn Are Skogstad" in interviewees(store)
    (folder / "steinkjer.txt").unlink()  # the last file of it: now it goes
    res = build(store, "--update", folder / "steinkjer.txt")
    assert "removed 1 interview" in res.output and "Bjørn Are Skogstad" not in interviewees(store)


def test_a_duplicate_in_a_full_build_keeps_the_interview_when_deleted(tmp_path, store):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SHARED / "corpus" / "steinkjer.txt", folder / "a.txt")
    shutil.copy(SHARED / "corpus" / "steinkjer.txt", folder / "b.txt")
    assert build(store, folder).exit_code == 0
    (folder / "a.txt").unlink()  # the one it was built from
    res = build(store, "--update", folder)
    assert res.exit_code == 0 and "Bjørn Are Skogstad" in interviewees(store), res.output


# -- a store folder is the store's --------------------------------------------------------------------
def test_a_folder_that_is_not_a_store_is_refused_and_untouched(tmp_path):
    folder = tmp_path / "results"
    (folder / "gen-results").mkdir(parents=True)
    (folder / "gen-results" / "table.csv").write_text("a,b\n", encoding="utf-8")
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    res = build(folder, SHARED / "corpus" / "steinkjer.txt")
    assert res.exit_code == 1
    assert errors(res.output) == [f"{folder} is not empty (gen-results, notes.txt) and is not a stafett store (it has no "
                                  f"{MARKER} file); give --store a new or empty folder, or the folder of a store"]
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["gen-results", "gen-results/table.csv", "notes.txt"]


def test_cleanup_removes_only_what_a_build_made(store):
    (store / "gen-results").mkdir()
    (store / "gen-results" / "table.csv").write_text("a,b\n", encoding="utf-8")
    (store / "gen-20200101T000000-1-1").mkdir()  # a generation a killed build left
    assert (store / MARKER).is_file()
    res = build(store, "-q", SHARED / "corpus" / "steinkjer.txt")
    assert res.exit_code == 0, res.output
    assert (store / "gen-results" / "table.csv").read_text(encoding="utf-8") == "a,b\n"
    assert not (store / "gen-20200101T000000-1-1").exists()


def test_a_store_made_before_the_marker_is_still_a_store(store):
    (store / MARKER).unlink()
    res = build(store, "-q", SHARED / "corpus" / "steinkjer.txt")
    assert res.exit_code == 0, res.output
    assert (store / MARKER).is_file()


# -- records: checked before mapping, every problem at once -------------------------------------------
def test_a_url_that_is_no_iri_is_refused_with_file_and_field(tmp_path, store):
    before = snapshot(store)
    folder = tmp_path / "records"
    folder.mkdir()
    rec = record("quote", person("Kari Nordmann", "Bodø kommune", "1804"), stage=9)
    rec["source"]["url"] = 'https://www.ks.no/intervju"<script>'
    bad = write_record(folder, "quote", rec)
    shutil.copy(SHARED / "corpus" / "steinkjer.txt", folder)
    lines = refused(store, before, build(store, folder))
    assert len(lines) == 2 and lines[0].startswith(f"{bad}:4:source.url: "), lines
    assert "is not a usable web address" in lines[0]
    res = build(store, "--keep-going", folder)
    assert res.exit_code == 0 and f"stafett: skipped: {bad}:4:source.url: " in res.output, res.output
    assert interviewees(store) == ["Bjørn Are Skogstad"]


def test_every_problem_of_every_record_in_one_run(tmp_path, store):
    before = snapshot(store)
    folder = tmp_path / "records"
    folder.mkdir()
    a = write_record(folder, "a", {**record("a", person("Kari Nordmann", "Nokommune", "9876")), "stage": "fem"})
    b = folder / "b.yaml"
    b.write_text("source: {path: b.txt}\ninterviewee:\n  name: Ola\n   role: x\n", encoding="utf-8")
    lines = refused(store, before, build(store, folder))
    fields = [ln.split(": ", 1)[0] for ln in lines[:-1]]
    assert fields == [f"{a}:9:interviewee.organisation.kommunenummer", f"{a}:4:stage", f"{b}:4:(file)"], lines


# -- serve -----------------------------------------------------------------------------------------------
def test_serve_on_a_busy_port_is_one_line_and_exit_1(bundled_store):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "graph", "serve", "--store", str(bundled_store), "--port", str(port)],
                              capture_output=True, text=True, timeout=60, cwd=REPO)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == (f"stafett: error: port {port} on 127.0.0.1 is in use (another server is listening there); "
                           "stop it or choose another --port\n")


def test_serve_prints_the_port_it_listens_on(bundled_store):
    """--port 0: the port the system chose is the one printed, and it answers."""
    import time

    import httpx

    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--store", str(bundled_store), "--port", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO)
    try:
        line = proc.stderr.readline()
        assert line.startswith("stafett: serving embedded store ") and " at http://127.0.0.1:" in line, line
        url = line.split(" at ", 1)[1].split("/ ", 1)[0]
        assert not url.endswith(":0")
        deadline = time.monotonic() + 60
        while True:
            try:
                assert httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(30)


def test_no_refusal_prints_a_traceback(tmp_path, store):
    """The same refusals from a real process: one line each, nothing else."""
    before = snapshot(store)
    (tmp_path / "empty").mkdir()
    for args in (["build", "--store", str(store), str(tmp_path / "empty")],
                 ["build", "--store", str(store), "--update", str(tmp_path / "nope.txt")]):
        proc = run_cli(*args)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert all(ln.startswith("stafett: error: ") for ln in proc.stderr.splitlines()), proc.stderr
    assert snapshot(store) == before
