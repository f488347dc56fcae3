"""stafett review without a browser: states, evidence, reading selections, saving, the guard,
and Build, through the app in-process (Starlette's TestClient) and the real CLI."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.extract import read_source
from graph.extract.ingest import ingest
from graph.records import dump_record_yaml, read_record, validate_record
from graph.reference import load_reference
from graph.review import bind_loopback, make_review_app
from graph.review.evidence import field_evidence
from graph.review.interpret import NotAValue, interpret
from graph.review.save import changes
from graph.review.state import interviews, load, render_reviewed, review_intact

from review_support import GIVER, INTERVIEW, PARTNER, client_for, login, post_headers, span_of


@pytest.fixture()
def folder(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "verdal.txt").write_text(INTERVIEW, encoding="utf-8")
    return tmp_path


@pytest.fixture()
def app(folder):
    return make_review_app([folder / "texts"], into=folder / "into", port=8765, store_dir=folder / "store", reviewer="Kari Test")


@pytest.fixture()
def session(app):
    client = client_for(app)
    csrf = login(client, app)
    return client, post_headers(app, csrf)


def _data(client, folder) -> dict:
    ident = interviews([folder / "texts"], folder / "into")[0].id
    return client.get(f"/api/interview/{ident}").json() | {"ident": ident}


def _edit(data: dict) -> dict:
    """The reviewer's work on the interview: the giver corrected to the full name selected in
    the text, a partner added from the words that name it."""
    rec = json.loads(json.dumps(data["record"]))
    giver = span_of(data["text"], GIVER)
    rec["baton_from"]["name"], rec["baton_from"]["span"] = GIVER, giver
    rec.setdefault("evidence", {})["baton_from.name"] = {"span": giver, "cue": "chosen by the reviewer", "confidence": 1}
    rec["partners"].append({"name": PARTNER, "kind": "organisation", "span": span_of(data["text"], PARTNER)})
    return rec


def _save(client, headers, data, rec, **over):
    body = {"record": rec, "version": data["version"], "sha256": data["sha256"], "origin": data["origin"],
            "reviewer": "Kari Test", "accepted": ["stage"], **over}
    return client.post(f"/api/interview/{data['ident']}/save", json=body, headers=headers)


# -- states -----------------------------------------------------------------------------------------
def test_states_new_extracted_reviewed_changed(folder, session):
    client, headers = session
    it = interviews([folder / "texts"], folder / "into")[0]
    ref = load_reference()
    assert load(it, reference=ref).state == "new"
    ingest([folder / "texts"], folder / "into")
    assert load(it, reference=ref).state == "extracted"

    data = _data(client, folder)
    assert data["origin"] == "record" and data["state"] == "extracted"
    assert _save(client, headers, data, _edit(data)).status_code == 200
    assert load(it, reference=ref).state == "reviewed"
    assert "gjennomgått" in client.get("/").text

    # Edited elsewhere after the review: changed.
    target = folder / "into" / "verdal.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("Siri Moen", "Siri Moe"), encoding="utf-8")
    loaded = load(it, reference=ref)
    assert (loaded.state, loaded.reason) == ("changed", "posten er redigert et annet sted etter gjennomgangen")
    # The text changed after the review: changed, and a save over the old spans is refused.
    target.write_text(render_reviewed(read_record(target)), encoding="utf-8")
    assert load(it, reference=ref).state == "reviewed"
    (folder / "texts" / "verdal.txt").write_text(INTERVIEW + "\nEtterord.\n", encoding="utf-8")
    loaded = load(it, reference=ref)
    assert (loaded.state, loaded.reason) == ("changed", "teksten er endret siden gjennomgangen")
    data = _data(client, folder)
    r = _save(client, headers, data, data["record"])
    assert r.status_code == 409 and r.json()["error"] == "text-changed"


def test_ingest_never_replaces_a_reviewed_record(folder, session):
    client, headers = session
    data = _data(client, folder)
    assert _save(client, headers, data, _edit(data)).status_code == 200
    before = (folder / "into" / "verdal.yaml").read_bytes()
    assert review_intact(before.decode("utf-8"))
    results = ingest([folder / "texts"], folder / "into")
    assert [r.status for r in results] == ["refused"]
    assert (folder / "into" / "verdal.yaml").read_bytes() == before


def test_a_text_extraction_cannot_read_starts_as_an_empty_record(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "notes.txt").write_text("Referat fra møtet.\n\nVi snakket om været.\n", encoding="utf-8")
    app = make_review_app([texts], into=tmp_path / "into", port=8765)
    client = client_for(app)
    login(client, app)
    ident = interviews([texts], tmp_path / "into")[0].id
    data = client.get(f"/api/interview/{ident}").json()
    assert data["origin"] == "empty" and "not an interview" in data["error"]
    assert data["record"]["interviewee"] == {"name": ""}
    assert any(p["field"] == "interviewee.name" for p in data["problems"])
    assert "not an interview" in client.get("/").text


# -- evidence and selections ------------------------------------------------------------------------
def test_field_evidence_flags_missing_warned_and_unanchored_fields_first():
    text = "Kari Nordmann, rådmann i Hå kommune."
    rec = {"stage": None, "interviewee": {"name": "Kari Nordmann", "span": [0, 13], "role": "kommunedirektør",
                                          "role_as_written": "rådmann", "organisation": None},
           "baton_from": None, "baton_to": {"name": "Per Hansen", "span": None},
           "partners": [{"name": "NAV", "kind": "organisation", "span": [40, 43]}],
           "warnings": ["baton_to: the baton answers name 2 receivers (Per Hansen; Ola Olsen); check the text"],
           "spans": {"interviewee.role": [15, 22]}}
    ev = field_evidence(rec, text)
    flags = [(e["key"], e["flag"]) for e in ev if e["flag"]]
    assert flags == [("baton_to.name", "warning"), ("partners[0]", "outside"), ("stage", "missing"),
                     ("interviewee.organisation", "missing"), ("baton_from.name", "missing")]
    assert [e["flag"] for e in ev[:len(flags)]] == [f for _, f in flags]  # flagged first
    role = next(e for e in ev if e["key"] == "interviewee.role")
    assert (role["words"], role["value"], role["flag"]) == ("rådmann", "rådmann", None)
    assert role["before"] == "Kari Nordmann, " and role["after"] == " i Hå kommune."
    assert "Ola Olsen" in ev[0]["reasons"][0]


def test_field_evidence_reads_confidence_and_cue_when_the_record_has_them():
    rec = {"interviewee": {"name": "Kari Nordmann", "span": [0, 13]}, "stage": 2,
           "evidence": {"interviewee.name": {"confidence": 0.4},
                        "stage": {"confidence": 0.95, "cue": "«andre etappe»: ordinal before 'etappe'"}}}
    ev = {e["key"]: e for e in field_evidence(rec, "Kari Nordmann")}
    assert ev["interviewee.name"]["flag"] == "low" and ev["interviewee.name"]["confidence"] == 0.4
    assert ev["stage"]["cue"].startswith("«andre etappe»") and ev["stage"]["flag"] == "no-span"


def test_field_evidence_shows_what_extraction_recorded(tmp_path):
    """An extracted record's evidence (span, cue, confidence per field) reaches the review page."""
    from graph.extract import extract_text

    text = ("Innovasjonsstafetten: Etter at Levanger løp sjette etappe, går pinnen videre.\n\n"
            "Kari Nordmann er kommunedirektør i Hå kommune.\n\n"
            "Hvem gir du stafettpinnen videre til?\n\nTil Ola Olsen, rådgiver i Sola kommune.\n")
    rec = extract_text(text, path="x.txt")
    ev = {e["key"]: e for e in field_evidence(rec, text)}
    recorded = {k: v for k, v in rec["evidence"].items() if k in ev and v.get("cue")}
    assert recorded, rec["evidence"]
    for key, entry in recorded.items():
        assert ev[key]["cue"] == entry["cue"] and ev[key]["confidence"] == entry.get("confidence")
        if entry.get("span"):
            assert ev[key]["words"] == text[entry["span"][0]:entry["span"][1]]


@pytest.mark.parametrize("field,words,value", [
    ("stage", "sjette etappe", 6),
    ("stage", "7. etappe", 7),
    ("facts.population", "19 117", 19117),
    ("baton_from.organisation", "Levanger kommune", {"name": "Levanger kommune", "kommunenummer": "5037", "fylkesnummer": None}),
    ("baton_to.role", "rådmannen", {"role": "kommunedirektør", "role_as_written": "rådmannen"}),
    ("interviewee.since", "juni 2015", "2015-06"),
    ("partners", "Innherred Vekst", {"name": "Innherred Vekst", "kind": "organisation", "kommunenummer": None, "fylkesnummer": None}),
    ("partners", "lag og foreninger", {"name": "lag og foreninger", "kind": "category"}),
    ("partners", "Steinkjer kommune", {"name": "Steinkjer kommune", "kind": "organisation", "kommunenummer": "5006", "fylkesnummer": None}),
    ("facts.mayor", "Knut Kvale (Sp)", {"name": "Knut Kvale", "party": "Sp"}),
])
def test_selected_words_are_read_as_extraction_reads_them(field, words, value):
    text = f"Før: «{words}», etter."
    start = text.index(words)
    got = interpret(field, text, (start - 2, start + len(words) + 2), reference=load_reference())
    assert got["value"] == value
    assert got["span"] == [start, start + len(words)] and got["words"] == words  # trimmed to the words


def test_selected_words_that_state_nothing_are_refused():
    with pytest.raises(NotAValue, match="names no stage"):
        interpret("stage", "mange etapper", (0, 13), reference=load_reference())
    with pytest.raises(NotAValue, match="not a field"):
        interpret("source.path", "x", (0, 1), reference=load_reference())
    with pytest.raises(NotAValue, match="outside the text"):
        interpret("baton_to.name", "abc", (1, 9), reference=load_reference())


def test_changes_are_worked_out_per_field():
    before = {"stage": 6, "baton_from": {"name": "Tor Eggen", "span": [1, 2]}, "baton_to": None,
              "partners": [{"name": "NAV", "kind": "organisation"}, {"name": "Innherred", "kind": "organisation"}],
              "warnings": ["stage: check it"], "spans": {"baton_from.name": [1, 2]}}
    after = {"stage": 7, "baton_from": {"name": "Tor Arne Eggen", "span": [5, 19]}, "baton_to": {"name": "Siri Moen"},
             "partners": [{"name": "NAV", "kind": "category"}, {"name": "Innherred Vekst", "kind": "organisation"}],
             "warnings": [], "spans": {"baton_from.name": [5, 19]}}
    got = [(c["field"], c["action"], c["value"]) for c in changes(before, after, ["stage", "interviewee.name"])]
    assert got == [("stage", "corrected", "7"), ("baton_from.name", "corrected", "Tor Arne Eggen"), ("baton_to", "added", "Siri Moen"),
                   ("partners[0]", "corrected", "NAV"), ("partners[1]", "added", "Innherred Vekst"),
                   ("partners", "removed", "Innherred"), ("warnings", "removed", "stage: check it"),
                   ("interviewee.name", "accepted", None)]


# -- saving -----------------------------------------------------------------------------------------
def test_save_writes_a_valid_reviewed_record_with_the_selected_spans(folder, session):
    client, headers = session
    data = _data(client, folder)
    r = _save(client, headers, data, _edit(data))
    assert r.status_code == 200, r.text
    target = folder / "into" / "verdal.yaml"
    assert r.json()["saved"] == str(target)
    record = read_record(target)  # schema-valid, as the CLI reads it
    text, meta = read_source(folder / "texts" / "verdal.txt")
    assert record["source"]["sha256"] == meta["sha256"] == hashlib.sha256(INTERVIEW.encode()).hexdigest()
    s, e = record["baton_from"]["span"]
    assert text[s:e] == GIVER and record["evidence"]["baton_from.name"]["span"] == [s, e]
    assert record["evidence"]["baton_from.name"]["quote"] == GIVER  # quoted from the text by the server
    partner = next(p for p in record["partners"] if p["name"] == PARTNER)
    assert text[partner["span"][0]:partner["span"][1]] == PARTNER
    review = record["review"]
    assert review["by"] == "Kari Test" and review["at"][:2] == "20" and review["tool"].startswith("stafett review")
    assert {"field": "baton_from.name", "action": "corrected", "value": GIVER} in review["changes"]
    assert {"field": f"partners[{record['partners'].index(partner)}]", "action": "added", "value": PARTNER} in review["changes"]
    assert {"field": "stage", "action": "accepted", "value": "7"} in review["changes"]
    assert validate_record(record) == []


def test_a_record_edited_elsewhere_since_the_page_loaded_is_not_overwritten(folder, session):
    client, headers = session
    data = _data(client, folder)  # nothing in --into yet: version None
    target = folder / "into"
    target.mkdir()
    (target / "verdal.yaml").write_text("# written by hand meanwhile\n", encoding="utf-8")
    r = _save(client, headers, data, _edit(data))
    assert r.status_code == 409 and r.json()["error"] == "edited-elsewhere"
    assert (target / "verdal.yaml").read_text(encoding="utf-8") == "# written by hand meanwhile\n"

    # Saved once; then changed by an editor; a second save from the old page is refused.
    (target / "verdal.yaml").unlink()
    first = _save(client, headers, data, _edit(data))
    assert first.status_code == 200
    edited = (target / "verdal.yaml").read_text(encoding="utf-8").replace("Siri Moen", "Siri Moe")
    (target / "verdal.yaml").write_text(edited, encoding="utf-8")
    r = _save(client, headers, data | {"version": first.json()["version"], "origin": "record"}, _edit(data))
    assert r.status_code == 409 and "not overwritten" in r.json()["message"]
    assert (target / "verdal.yaml").read_text(encoding="utf-8") == edited
    assert sorted(p.name for p in target.iterdir()) == ["verdal.yaml"]  # no temporary file left


def test_save_refuses_an_invalid_record_with_the_clis_messages(folder, session):
    client, headers = session
    data = _data(client, folder)
    rec = _edit(data)
    rec["facts"] = {"population": "mange"}
    rec["baton_to"]["organisation"] = {"name": "Hå kommune", "kommunenummer": "9999"}
    r = _save(client, headers, data, rec)
    assert r.status_code == 422 and r.json()["error"] == "invalid-record"
    assert not (folder / "into").exists()
    lines = sorted(p["line"] for p in r.json()["problems"])
    # Validation as the page types: the same lines.
    v = client.post(f"/api/interview/{data['ident']}/validate", headers=headers,
                    json={"record": rec, "sha256": data["sha256"], "origin": data["origin"]})
    assert sorted(p["line"] for p in v.json()["problems"]) == lines
    # The CLI, given the same record as a file, says the same.
    target = folder / "into" / "verdal.yaml"
    target.parent.mkdir()
    composed = {**rec, "source": {**rec["source"], "path": str(folder / "texts" / "verdal.txt")}}
    target.write_text(dump_record_yaml(composed), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(target), "--store", str(folder / "store")])
    assert result.exit_code == 1
    for line in lines:  # the CLI adds the line of the file the field is on: path:LINE:field: message
        path, rest = line.split(":", 1)
        assert re.search(rf"{re.escape(path)}:\d+:{re.escape(rest)}", result.output), (line, result.output)
    # Every problem at once: the schema's and the reference data's.
    assert {p["field"] for p in r.json()["problems"]} == {"facts.population", "baton_to.organisation.kommunenummer"}
    # With the population mended, the kommunenummer is what is left.
    rec["facts"] = {"population": 14000}
    r = _save(client, headers, data, rec)
    assert r.status_code == 422 and [p["field"] for p in r.json()["problems"]] == ["baton_to.organisation.kommunenummer"]
    assert "is not a Norwegian kommunenummer" in r.json()["problems"][0]["message"]


def test_spans_past_the_end_of_the_text_are_refused(folder, session):
    client, headers = session
    data = _data(client, folder)
    rec = _edit(data)
    rec["partners"][-1]["span"] = [len(data["text"]) - 2, len(data["text"]) + 40]
    r = _save(client, headers, data, rec)
    assert r.status_code == 422
    assert any("outside the text" in p["message"] and p["field"].startswith("partners[") for p in r.json()["problems"])


def test_the_source_is_the_servers_not_the_pages(folder, session):
    client, headers = session
    data = _data(client, folder)
    rec = _edit(data)
    rec["source"] = {"path": "/etc/passwd", "sha256": "0" * 64}
    rec["review"] = {"by": "someone else", "at": "2000-01-01T00:00:00Z"}
    assert _save(client, headers, data, rec).status_code == 200
    record = read_record(folder / "into" / "verdal.yaml")
    assert record["source"]["path"] == str(folder / "texts" / "verdal.txt")
    assert record["source"]["sha256"] == data["sha256"] and record["review"]["by"] == "Kari Test"


def test_nothing_is_written_outside_into(folder, session):
    client, headers = session
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    data = _data(client, folder)
    assert _save(client, headers, data, _edit(data)).status_code == 200
    after = {p for p in folder.rglob("*") if p.is_file()}
    assert after - set(before) == {folder / "into" / "verdal.yaml"}
    assert all(p.read_bytes() == b for p, b in before.items())


def test_two_texts_of_one_name_cannot_both_save(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "verdal.txt").write_text(INTERVIEW, encoding="utf-8")
    app = make_review_app([tmp_path / "a", tmp_path / "b"], into=tmp_path / "into", port=8765)
    client = client_for(app)
    headers = post_headers(app, login(client, app))
    second = interviews([tmp_path / "a", tmp_path / "b"], tmp_path / "into")[1]
    assert second.clash
    data = client.get(f"/api/interview/{second.id}").json() | {"ident": second.id}
    r = _save(client, headers, data, data["record"])
    assert r.status_code == 400 and r.json()["error"] == "name-clash"
    assert not (tmp_path / "into").exists()


# -- the guard --------------------------------------------------------------------------------------
def test_requests_without_the_secret_are_refused(app, folder):
    client = client_for(app)
    ident = interviews([folder / "texts"], folder / "into")[0].id
    for path in ["/", f"/i/{ident}", f"/api/interview/{ident}", "/static/review.js", "/nowhere"]:
        r = client.get(path)
        assert r.status_code == 403 and r.json()["error"] == "no-session", path
        assert "Ingrid" not in r.text
    assert client.get("/login/" + "x" * 43).status_code == 403
    r = client.post(f"/api/interview/{ident}/save", json={}, headers={"Origin": "http://127.0.0.1:8765"})
    assert r.status_code == 403
    assert not (folder / "into").exists()


def test_the_session_cookie_is_httponly_samesite_strict_and_per_port(app):
    client = client_for(app)
    r = client.get(app.state.sessions.login_path, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("stafett-review-8765=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert app.state.sessions.secret not in cookie


def test_posts_need_the_pages_origin_csrf_token_and_json(app, folder, session):
    client, headers = session
    ident = interviews([folder / "texts"], folder / "into")[0].id
    url = f"/api/interview/{ident}/validate"
    body = {"record": {}}
    assert client.post(url, json=body, headers=headers).status_code == 200
    for bad, code, error in [
        ({**headers, "X-CSRF-Token": "wrong"}, 403, "bad-csrf-token"),
        ({"Origin": headers["Origin"]}, 403, "bad-csrf-token"),
        ({**headers, "Origin": "http://evil.example"}, 403, "cross-origin"),
        ({"X-CSRF-Token": headers["X-CSRF-Token"]}, 403, "cross-origin"),
    ]:
        r = client.post(url, json=body, headers=bad)
        assert (r.status_code, r.json()["error"]) == (code, error)
    r = client.post(url, content="record=x", headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
    assert (r.status_code, r.json()["error"]) == (415, "not-json")


def test_other_host_names_are_refused_against_dns_rebinding(app):
    from starlette.testclient import TestClient

    for base in ("http://evil.example:8765", "http://127.0.0.1:9999", "http://192.168.1.5:8765"):
        client = TestClient(app, base_url=base)
        r = client.get(app.state.sessions.login_path)
        assert r.status_code == 421 and r.json()["error"] == "wrong-host", base
    assert client_for(app).get(app.state.sessions.login_path.replace("/login/", "/login/x")).status_code == 403


def test_pages_carry_the_strict_policy(session):
    client, _ = session
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["cache-control"] == "no-store"


def test_the_server_listens_on_loopback_only():
    sock = bind_loopback(0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1" and sock.getsockname()[1] > 0
    finally:
        sock.close()


# -- build ------------------------------------------------------------------------------------------
def test_build_updates_the_store_and_says_what_changed(folder, session):
    from graph.build import build
    from graph.store import open_store

    from conftest import select

    client, headers = session
    store = folder / "store"
    build([folder / "texts"], store_dir=store, workers=1)  # the text as extraction read it
    data = _data(client, folder)
    rec = _edit(data)
    rec["stage"] = 8  # a correction that changes the interview's key (and so its graph)
    assert _save(client, headers, data, rec).status_code == 200
    r = client.post("/api/build", json={"ids": [data["ident"]]}, headers=headers)
    assert r.status_code == 200, r.text
    summary = r.json()
    assert not summary["first_build"] and summary["triples_added"] > 0 and summary["triples_removed"] > 0
    assert summary["graphs_removed"] == ["https://w3id.org/stafett/graph/interview/ingrid-solbakken.5038-s7"]
    assert summary["graphs"] == ["https://w3id.org/stafett/graph/interview/ingrid-solbakken.5038-s8"]
    assert any(GIVER in line for line in summary["added"]) and any("Tor Eggen" in line for line in summary["removed"])
    with open_store(store) as st:
        rows = select(st, "SELECT ?i WHERE { ?i a stf:Interview }")
        assert len(rows) == 1  # the text's old graph was replaced, not kept beside the record's
        givers = select(st, "SELECT ?name WHERE { ?bp stf:giver/foaf:name ?name ; stf:receiver/foaf:name 'Ingrid Solbakken' }")
        assert [g["name"] for g in givers] == [GIVER]


def test_build_merges_people_named_in_other_interviews(folder, session):
    client, headers = session
    other = folder / "texts" / "levanger.txt"
    # The giver's own interview (written for this test): he is its interviewee.
    other.write_text("Gode skoler\n\nkommunalsjef Tor Arne Eggen\n\nEtter at Stjørdal løp femte etappe i innovasjonsstafetten, "
                     "sendte rådmann Ola Berg pinnen videre til Tor Arne Eggen, kommunalsjef i Levanger kommune.\n\n"
                     "- Hvem vil du gi stafettpinnen videre til?\n\n- Jeg gir den videre til Ingrid Solbakken, kommunedirektør i Verdal kommune.\n",
                     encoding="utf-8")
    from graph.build import build

    build([other], store_dir=folder / "store", workers=1)
    ident = next(it.id for it in interviews([folder / "texts"], folder / "into") if it.source.name == "verdal.txt")
    data = client.get(f"/api/interview/{ident}").json() | {"ident": ident}
    assert _save(client, headers, data, _edit(data)).status_code == 200
    summary = client.post("/api/build", json={}, headers=headers).json()  # every record saved in this session
    merged = {m["name"]: m["also_in"] for m in summary["merged"]}
    assert GIVER in merged and any("Tor Arne Eggen" in label for label in merged[GIVER])


def test_build_without_a_saved_record_is_refused(session):
    client, headers = session
    r = client.post("/api/build", json={}, headers=headers)
    assert r.status_code == 400 and r.json()["error"] == "nothing-to-build"


def test_the_review_command_refuses_paths_without_texts(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(cli, ["review", str(tmp_path / "empty"), "--into", str(tmp_path / "into")])
    assert result.exit_code == 2 and "no interview texts" in result.output
    assert not (tmp_path / "into").exists()
