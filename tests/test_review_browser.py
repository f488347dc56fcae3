"""stafett review in headless Chromium, against a real ``stafett review`` process: a reviewer
corrects the giver by selecting words and adds a partner the same way, saves, builds, and the
store answers the corrected facts with evidence at the selected words. Hostile text stays text;
a record edited elsewhere is not overwritten; the page refuses requests without the secret."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.build import build
from graph.cli import cli
from graph.extract import read_source
from graph.records import dump_record_yaml, read_record

from review_support import GIVER, HOSTILE_INTERVIEW, INTERVIEW, PARTNER, span_of, start_review, stop

# Finds ``words`` in the rendered text and returns where a mouse drag over them starts and ends.
WORDS_AT = """(words) => {
  const box = document.getElementById("text");
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const nodes = []; let all = "";
  while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
  const at = all.indexOf(words);
  if (at < 0) return null;
  const locate = i => { for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0], i - nodes[k][1]]; };
  locate(at)[0].parentElement.scrollIntoView({block: "center"});
  const rect = i => { const [n, o] = locate(i); const r = document.createRange(); r.setStart(n, o); r.setEnd(n, o + 1); return r.getBoundingClientRect(); };
  const a = rect(at), b = rect(at + words.length - 1);
  return {x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2};
}"""


def select_words(page, words: str) -> None:
    """Select ``words`` in the text with the mouse, as a reviewer does."""
    at = page.evaluate(WORDS_AT, words)
    assert at, f"{words!r} is not in the page's text"
    page.mouse.move(at["x1"], at["y1"])
    page.mouse.down()
    page.mouse.move(at["x2"], at["y2"], steps=8)
    page.mouse.up()
    page.wait_for_function("w => document.getElementById('sel-words').textContent === w", arg=words)


def open_interview(browser, url: str, name: str):
    visit = browser.visit(url)  # the login address: sets the cookie, lands on the list
    page = visit.page
    page.get_by_role("link", name=name).click()
    page.wait_for_selector("#review[data-ready=true]")
    return visit


def query(store: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["query", *args, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.fixture()
def workspace(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "verdal.txt").write_text(INTERVIEW, encoding="utf-8")
    return tmp_path


def test_correct_the_giver_and_add_a_partner_by_selecting_words_then_save_and_build(browser, workspace):
    texts, into, store = workspace / "texts", workspace / "reviewed", workspace / "store"
    build([texts], store_dir=store, workers=1)  # the graph as extraction read the text
    assert [r["name"] for r in query(store, "SELECT ?name WHERE { ?bp stf:giver/foaf:name ?name ; stf:receiver/foaf:name 'Ingrid Solbakken' }")] == ["Tor Eggen"]
    proc, url = start_review(str(texts), "--into", str(into), "--store", str(store), "--reviewer", "Kari Test")
    try:
        visit = open_interview(browser, url, str(texts / "verdal.txt"))
        page = visit.page
        assert page.locator("#state").inner_text().startswith("ny")

        # Validation as you type: the CLI's message beside the field, and in the list of problems.
        page.locator("#f-stage").fill("sjuende")
        page.wait_for_function("() => document.getElementById('msg-stage').textContent.includes('expected a whole number')")
        assert f"{into / 'verdal.yaml'}:stage: expected a whole number" in page.locator("#problems").inner_text()
        page.locator("#f-stage").fill("7")
        page.wait_for_function("() => document.getElementById('problems').textContent === 'Posten er gyldig.'")

        # The giver: select the full name, then press 1 (the selection bar's first field).
        select_words(page, GIVER)
        page.locator("#text").focus()
        page.keyboard.press("1")
        page.wait_for_function("g => document.getElementById('f-baton_from-name').value === g", arg=GIVER)
        assert page.locator("#span-baton_from-name q").inner_text() == GIVER

        # A partner extraction missed: select its words, then the "Ny partner" button.
        select_words(page, PARTNER)
        page.locator("#sel-actions").get_by_role("button", name="Ny partner").click()
        page.wait_for_function("p => [...document.querySelectorAll('#record input[data-part=name]')].some(i => i.value === p)", arg=PARTNER)
        marks = page.evaluate("""() => [...document.querySelectorAll('#text mark')].map(m => [m.textContent, m.dataset.keys])""")
        assert [GIVER, "baton_from.name"] in marks
        assert any(t == PARTNER and k.startswith("partners[") for t, k in marks)
        # Clicking a fact shows where it came from.
        page.locator("#text mark", has_text=GIVER).click()
        assert "satt av deg" in page.locator("#source-panel").inner_text()

        page.keyboard.press("Control+s")
        page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Lagret')")
        assert page.locator("#state").inner_text().startswith("gjennomgått")
        page.locator("#build").click()
        page.wait_for_selector(".build-summary")
        summary = page.locator(".build-summary").inner_text()
        assert "tripler lagt til" in summary and "build --update" in summary
        assert visit.dialogs == [] and visit.blocked == [] and visit.console_errors == [], visit.console_errors
        page.context.close()
    finally:
        stop(proc)

    # The record: schema-valid, the text's sha256, the spans at the selected words, who and when.
    text, meta = read_source(texts / "verdal.txt")
    record = read_record(into / "verdal.yaml")
    assert record["source"]["sha256"] == meta["sha256"]
    giver_span = span_of(text, GIVER)
    assert record["baton_from"]["name"] == GIVER and record["baton_from"]["span"] == giver_span
    assert record["evidence"]["baton_from.name"]["span"] == giver_span
    assert record["evidence"]["baton_from.name"]["cue"] == "chosen by the reviewer"
    n, partner = next((i, p) for i, p in enumerate(record["partners"]) if p["name"] == PARTNER)
    assert partner["span"] == span_of(text, PARTNER) and partner["kind"] == "organisation"
    assert record["review"]["by"] == "Kari Test"
    assert {"field": "baton_from.name", "action": "corrected", "value": GIVER} in record["review"]["changes"]
    assert sorted(p.name for p in into.iterdir()) == ["verdal.yaml"]
    assert (texts / "verdal.txt").read_text(encoding="utf-8") == INTERVIEW

    # The store answers the corrected giver and the new partner, with evidence at the words.
    givers = query(store, "SELECT ?name WHERE { ?bp stf:giver/foaf:name ?name ; stf:receiver/foaf:name 'Ingrid Solbakken' }")
    assert [g["name"] for g in givers] == [GIVER]
    ev = query(store, "provenance", "--param", f"entity={GIVER}")
    assert [(r["field"], int(r["start"]), int(r["end"]), r["quote"]) for r in ev] == [("baton_from.name", *giver_span, GIVER)]
    ev = query(store, "provenance", "--param", f"entity={PARTNER}")
    assert [(r["field"], int(r["start"]), int(r["end"]), r["quote"]) for r in ev] == [(f"partners[{n}]", *span_of(text, PARTNER), PARTNER)]
    partners = query(store, "SELECT ?name WHERE { ?m stf:collaboratesWith ?p . ?p rdfs:label ?name }")
    assert PARTNER in {p["name"] for p in partners}


def test_hostile_text_and_records_stay_text(browser, tmp_path):
    texts, into = tmp_path / "texts", tmp_path / "into"
    texts.mkdir()
    into.mkdir()
    (texts / "hostile.txt").write_text(HOSTILE_INTERVIEW, encoding="utf-8")
    # A hand-written record (in --into) with hostile names, for a text of its own.
    (texts / "recorded.txt").write_text(INTERVIEW, encoding="utf-8")
    text, meta = read_source(texts / "recorded.txt")
    bad = ['<script>alert("name")</script>', '"><img src=x onerror=alert(1)>', "</script><script>alert(3)</script>"]
    record = {"source": {"path": str(texts / "recorded.txt"), "sha256": meta["sha256"], "language": "nb"}, "stage": 7,
              "interviewee": {"name": bad[0], "span": span_of(text, "Ingrid Solbakken")},
              "baton_to": {"name": bad[1], "organisation": {"name": bad[2]}},
              "partners": [{"name": bad[2], "kind": "organisation", "span": span_of(text, PARTNER)}],
              "warnings": [f"baton_to: {bad[1]}", f"general: {bad[0]}"]}
    (into / "recorded.yaml").write_text(dump_record_yaml(record), encoding="utf-8")
    proc, url = start_review(str(texts), "--into", str(into))
    try:
        pages = []
        for name in ("hostile.txt", "recorded.txt"):
            visit = open_interview(browser, url, str(texts / name))
            pages.append(visit)
            page = visit.page
            page.wait_for_timeout(300)  # anything that would run late
            assert visit.dialogs == [], visit.dialogs
            assert not [e for e in visit.console_errors if "Content Security Policy" in e or "Refused" in e], visit.console_errors
            handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el =>
                [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))""")
            assert handlers == []
            assert page.locator("script:not([src])").count() == 0
            assert page.locator("#text img, #text svg, #text script, #record img, #record svg").count() == 0
        hostile, recorded = pages[0].page, pages[1].page
        shown = hostile.locator("#text").inner_text()
        assert '<script>alert("title")</script>' in shown and "<svg onload=alert(4)>" in shown and "\u202eevil" in shown
        # Offsets are code points: the partner after the emoji is highlighted at its own letters.
        marks = hostile.evaluate("() => [...document.querySelectorAll('#text mark')].map(m => [m.textContent, m.dataset.keys])")
        assert ["AS", "partners[1]"] in marks and ["Per Hansen", "baton_to.name"] in marks
        assert recorded.locator("#f-interviewee-name").input_value() == bad[0]
        assert recorded.locator("#f-baton_to-name").input_value() == bad[1]
        assert bad[2] in recorded.locator("#record").evaluate("f => [...f.querySelectorAll('input')].map(i => i.value).join('\\n')")
        assert bad[1] in recorded.locator("#flagged").inner_text() and bad[0] in recorded.locator("#flagged").inner_text()
        # The list shows the hostile names and warnings as text too.
        listing = pages[1].page.context.new_page()
        listing.goto(url.split("/login/")[0] + "/")
        assert bad[0] in listing.locator("table").inner_text()
        assert listing.locator("table img, table script, table svg").count() == 0
        for v in pages:
            v.page.context.close()
    finally:
        stop(proc)


def test_a_record_edited_elsewhere_is_not_overwritten_from_the_page(browser, workspace):
    texts, into = workspace / "texts", workspace / "into"
    proc, url = start_review(str(texts), "--into", str(into), "--reviewer", "Kari Test")
    try:
        visit = open_interview(browser, url, str(texts / "verdal.txt"))
        page = visit.page
        page.locator("#f-baton_to-name").fill("Siri Moe")
        into.mkdir()
        edited = "# someone else's edit\n" + (dump_record_yaml(read_record_text(texts)))
        (into / "verdal.yaml").write_text(edited, encoding="utf-8")
        page.locator("#save").click()
        page.wait_for_selector("#alert:not([hidden])")
        assert "not overwritten" in page.locator("#alert").inner_text()
        assert page.locator("#alert button", has_text="Last inn på nytt").count() == 1
        assert (into / "verdal.yaml").read_text(encoding="utf-8") == edited
        page.context.close()
    finally:
        stop(proc)


def read_record_text(texts: Path) -> dict:
    from graph.extract import extract_file

    return extract_file(texts / "verdal.txt")


def test_the_page_refuses_a_browser_without_the_secret(browser, workspace):
    proc, url = start_review(str(workspace / "texts"), "--into", str(workspace / "into"))
    try:
        base = url.split("/login/")[0]
        for path in ("/", "/static/review.js", "/login/not-the-secret"):
            visit = browser.visit(base + path)
            body = visit.page.locator("body").inner_text()
            assert "403" in body and "Ingrid" not in body, path
            visit.page.context.close()
        visit = browser.visit(url)
        assert "verdal.txt" in visit.page.locator("table").inner_text()
        visit.page.context.close()
    finally:
        stop(proc)
    assert not (workspace / "into").exists()
