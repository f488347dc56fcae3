"""The synthetic corpus: deterministic, varied as the published texts are, and its gold true to
its text."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import statistics
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from graph.cli import cli
from graph.resources import ontology_dir
from graph.synth import generate, write_corpus
from graph.synth import lexicon as lx
from graph.synth import phrases as ph

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def corpus():
    return generate(300, seed=0)


@cache
def concepts(kind: str) -> dict[str, str]:
    """Every label (pref, alt, hidden, notation; any language) of a vocabulary file, casefolded,
    with the nb prefLabel of its concept."""
    g = Graph().parse(ontology_dir() / "vocab" / f"{kind}.ttl", format="turtle")
    out = {}
    for concept in sorted(g.subjects(RDF.type, SKOS.Concept)):
        pref = next((str(o) for o in g.objects(concept, SKOS.prefLabel) if o.language == "nb"), "")
        for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation):
            out.update({str(o).casefold(): pref for o in g.objects(concept, p) if isinstance(o, Literal)})
    return out


def labels(kind: str) -> set[str]:
    return set(concepts(kind))


def visible(item) -> str:
    """The text a reader sees: tags, scripts and entities of a web page resolved, casefolded."""
    text = item.text
    if item.filename.endswith((".html", ".htm")):
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    for space in ("\u00a0", "\u2009", "\u202f"):
        text = text.replace(space, " ")
    return re.sub(r"\s+", " ", text).casefold()


def strip_org(name: str) -> str:
    return re.sub(r" (kommune|fylkeskommune)$", "", name)


# -- determinism ---------------------------------------------------------------------------------
def test_same_seed_same_bytes_and_prefix():
    a, b = generate(120, seed=7), generate(120, seed=7)
    assert [(x.filename, x.data, x.gold) for x in a] == [(x.filename, x.data, x.gold) for x in b]
    shorter = generate(45, seed=7)
    assert [x.data for x in shorter] == [x.data for x in a[:45]]
    assert [x.data for x in generate(45, seed=8)] != [x.data for x in shorter]


def test_write_corpus_is_byte_stable(tmp_path):
    for run in ("one", "two"):
        write_corpus(tmp_path / run / "c", 40, seed=3, gold=True)
    for sub in ("c", "c-gold"):
        one, two = tmp_path / "one" / sub, tmp_path / "two" / sub
        names = sorted(p.name for p in one.iterdir())
        assert names == sorted(p.name for p in two.iterdir())
        assert all((one / n).read_bytes() == (two / n).read_bytes() for n in names)


# -- variations ----------------------------------------------------------------------------------
def test_every_variation_occurs(corpus):
    f = lambda key: Counter(x.features.get(key) for x in corpus)  # noqa: E731
    assert set(f("format")) == {"txt", "txt-dash", "md", "html"}
    assert {x.filename.rsplit(".", 1)[1] for x in corpus} == {"txt", "md", "html", "htm"}
    assert set(f("lang")) == {"nb", "nn"}
    assert set(f("boilerplate")) == {"first", "after_caption", "none"}
    assert set(f("name_style")) == {"glued", "caption", "byline", "svarer", "full", "credit", "age"}
    placements = Counter((x.features["baton_start"], x.features["baton_end"]) for x in corpus)
    assert {(True, True), (True, False), (False, True)} <= set(placements)
    assert set(f("announce")) >= {"first", "prev", "this", "none", "definite", "got_from", "ran_before"}
    assert set(f("baton_form")) >= {"org_first", "next_sentence"}
    assert set(f("separator")) >= {"", " ", "\u00a0", "\u2009", "\u202f", "."}
    assert sum(x.features.get("question_variants", 0) for x in corpus) > 0
    assert set(f("facts")) == {True, False} and set(f("stage_stated")) == {True, False}
    for flag in ("crlf", "bom", "misspelt", "tight", "nbsp", "legacy_entities"):
        assert f(flag)[True] > 0, flag
    assert {w for x in corpus for w in x.features["stage_words"]} == {"word", "digits"}


def test_variations_show_in_the_text(corpus):
    def anywhere(pattern, items=corpus):
        return any(re.search(pattern, x.text) for x in items)

    nn = [x for x in corpus if x.features["lang"] == "nn"]
    for pattern in ("Kvifor er det", "Korleis jobbar", "Kven vil du gje stafettpinnen vidare til\\?",
                    "Innbyggjarar:|<th>Innbyggjarar|\\*\\*Innbyggjarar", "Ordførar"):
        assert anywhere(pattern, nn), pattern
    for pattern in ("Hva er Innovasjonsstafetten\\?", "Hvem vil du gi stafettpinnen videre til\\?", "Innovasjonstafetten",
                    r"\brådmann\b", r"\bkommunedirektør\b", r"\b(kommunedirektøren|rådmannen)\b",
                    "Les mer om Innovasj", "kr pr\\. innbygger", "kroner per innbygg", "\u00a0", "&nbsp;",
                    r"\d{1,3} \d{3}\b", "«[^»]+»", r"\b\d\d\. etappe", r"\b(tredje|fjerde|femte|sjette) etappe",
                    "^- ", "cookie", "breadcrumbs", "Del: ", r"\((Ap|H|Sp|FrP|SV|V|KrF|MDG|R)\)",
                    "svarer\\.|svarar\\.", "fylkeskommune"):
        assert anywhere(re.compile(pattern, re.M)), pattern
    assert any(x.data.startswith(b"\xef\xbb\xbf") for x in corpus)
    assert any(b"\r\n" in x.data for x in corpus)
    # The surname alone opens the intro while the full name stands elsewhere.
    glued = [x for x in corpus if x.features["name_style"] == "glued"]
    assert glued and all(re.search(r"[a-zæøå] " + re.escape(x.gold["interviewee"]["name"]) + r"(?=$|</p>)",
                                   html.unescape(x.text), re.M)
                         for x in glued)


def test_relays_have_breaks_pending_stages_and_county_passes(tmp_path):
    write_corpus(tmp_path / "c", 300, seed=0, gold=True)
    relays = json.loads((tmp_path / "c-gold" / "relays.json").read_text(encoding="utf-8"))
    assert len(relays) > 5
    assert all(r["stages"][-1]["interview"] is None for r in relays)  # the last receiver: pending
    assert any(s["interview"] is None for r in relays for s in r["stages"][:-1])  # breaks
    assert any("fylkesnummer" in s["organisation"] for r in relays for s in r["stages"])


# -- gold true to the text -----------------------------------------------------------------------
def test_gold_names_occur_in_the_text(corpus):
    for x in corpus:
        text, g = visible(x), x.gold
        digits = re.sub(r"(?<=\d)[ .](?=\d{3}\b)", "", text)
        wanted = []
        for key in ("interviewee", "baton_from", "baton_to"):
            p = g[key]
            if p:
                wanted += [p["name"], strip_org(p["organisation"]["name"])] + ([p["county"]] if "county" in p else [])
        for key in ("projects", "partners", "organisations", "needs", "methods"):
            wanted += g[key]
        facts = g["facts"]
        if "mayor" in facts:
            wanted += [facts["mayor"]["name"], f"({facts['mayor']['party']})"]
        if "motto" in facts:
            wanted.append(facts["motto"])
        missing = [w for w in wanted if w.casefold() not in text]
        assert not missing, (x.filename, missing)
        for key in ("area_km2", "population", "free_income_nok_per_capita"):
            if key in facts:
                assert str(facts[key]) in digits, (x.filename, key)


def test_gold_has_the_format_of_corpus_gold(corpus):
    import typing

    from graph import model

    keys = set(typing.get_type_hints(model.Gold))  # the gold's shape is declared once, in graph/model.py
    person_keys = set(typing.get_type_hints(model.GoldPerson))
    roles = {v[0] for v in lx.ROLES.values()}
    for x in corpus:
        assert set(x.gold) == keys
        for key in ("interviewee", "baton_from", "baton_to"):
            assert x.gold[key] is None or set(x.gold[key]) <= person_keys, x.gold[key]
        assert x.gold["stage"] in (None, x.stage)
        for key in ("interviewee", "baton_from", "baton_to"):
            p = x.gold[key]
            if p:
                assert p.get("role", "kommunedirektør") in roles
                assert set(p["organisation"]) in ({"name", "kommunenummer"}, {"name", "fylkesnummer"})
        if not x.features["facts"]:
            assert x.gold["facts"] == {}


def test_the_chain_joins(corpus):
    by_series = defaultdict(dict)
    for x in corpus:
        by_series[x.series][x.stage] = x.gold
    joins = 0
    for stages in by_series.values():
        for k, g in stages.items():
            nxt = stages.get(k + 1)
            if nxt is None:
                continue
            me, to, giver = g["interviewee"], g["baton_to"], nxt["baton_from"]
            assert nxt["interviewee"]["name"] == (to or nxt["interviewee"])["name"]
            if to:
                assert to["organisation"].items() - {("name", to["organisation"]["name"])} <= \
                    nxt["interviewee"]["organisation"].items()
            if giver:
                joins += 1
                assert giver["name"] == me["name"]
                code = {k: v for k, v in giver["organisation"].items() if k != "name"}
                assert code.items() <= me["organisation"].items()
                assert giver.get("role", me["role"]) == me["role"]
            if g["stage"] and nxt["stage"]:
                assert nxt["stage"] == g["stage"] + 1
    assert joins > 20


def test_methods_in_the_text_are_exactly_the_gold(corpus):
    """The gold names each method label the text names, as written, and no other: no filler
    sentence may name a method."""
    alternatives = "|".join(re.escape(m) for m in sorted(labels("methods"), key=len, reverse=True))
    any_method = re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])")
    for x in corpus:
        found = set(any_method.findall(visible(x)))
        assert found == {m.casefold() for m in x.gold["methods"]}, x.filename


def test_surface_forms_are_vocabulary_labels():
    roles = labels("roles")
    for _, _, _, forms in lx.ROLES.values():
        for indef, definite in forms.values():
            assert {f.casefold() for f in (*indef, *definite)} <= roles, (indef, definite)
    assert {v[0] for v in lx.ROLES.values()} <= roles
    for key, forms in lx.METHODS.items():
        assert {concepts("methods").get(f.casefold()) for fs in forms.values() for f in fs} == {lx.METHOD_LABEL[key]}
    for forms in lx.CATEGORIES.values():
        assert {f.casefold() for fs in forms.values() for f in fs} <= labels("categories"), forms
    assert {p.casefold() for p, _ in lx.PARTIES} <= labels("parties")
    for topic, forms in ph.QUESTIONS.items():
        assert {f.casefold() for fs in forms.values() for f in fs} <= labels("questions"), topic


# -- the world's distributions ---------------------------------------------------------------------
def test_partners_are_skewed_and_projects_shared():
    corpus = generate(1000, seed=2)
    partners = Counter(p for x in corpus for p in set(x.gold["partners"]))
    top, counts = partners.most_common(1)[0], list(partners.values())
    assert top[1] >= 0.1 * len(corpus), top
    assert statistics.median(counts) <= 2
    places = defaultdict(set)
    for x in corpus:
        for proj in x.gold["projects"]:
            places[proj].add(x.gold["interviewee"]["organisation"]["name"])
    assert any(len(v) >= 2 for v in places.values())
    # Two people can share a name in different places.
    orgs = defaultdict(set)
    for x in corpus:
        orgs[x.gold["interviewee"]["name"]].add(x.gold["interviewee"]["organisation"]["name"])
    assert any(len(v) >= 2 for v in orgs.values())


# -- with the scorer -------------------------------------------------------------------------------
@pytest.mark.skipif(not (SHARED / "tools" / "score_extraction.py").exists(), reason="shared/tools not beside the project")
def test_gold_scores_perfectly_against_itself(corpus):
    spec = importlib.util.spec_from_file_location("score_extraction", SHARED / "tools" / "score_extraction.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    for x in corpus[:100]:
        checks, lists = scorer.score(x.gold, x.gold)
        assert all(ok for _, ok in checks), x.filename
        assert all(f1 == 1.0 for _, _, f1 in lists.values()), x.filename


# -- the command ---------------------------------------------------------------------------------
def test_cli(tmp_path):
    runner = CliRunner()
    out = tmp_path / "syn"
    args = ["synth", "--interviews", "20", "--seed", "2", "--out", str(out), "--gold"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote 20 interviews") and result.output.count("\n") == 1
    assert len(list(out.iterdir())) == 20
    gold = tmp_path / "syn-gold"
    assert len(list(gold.glob("*.gold.json"))) == 20 and (gold / "relays.json").exists()
    first = sorted(out.iterdir())[0].read_bytes()
    assert runner.invoke(cli, args).exit_code == 0  # the same corpus again: nothing stale
    assert sorted(out.iterdir())[0].read_bytes() == first

    fewer = ["synth", "-n", "5", "--seed", "2", "--out", str(out), "--gold"]
    result = runner.invoke(cli, fewer)
    assert result.exit_code == 1 and "--clean" in result.output
    result = runner.invoke(cli, fewer + ["--clean"])
    assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 5 and len(list(gold.glob("*.gold.json"))) == 5

    result = runner.invoke(cli, ["synth", "-n", "3", "--out", str(out), "--gold-dir", str(out / "gold"), "--clean"])
    assert result.exit_code == 1 and "must not be the corpus folder" in result.output


def test_the_families_of_issue_13_show_in_the_text(corpus):
    """Layouts and phrasings the extractor must absorb: photo credits, ages, bylines, teasers,
    contact boxes, the giver without "Etter at", the receiver in other orders, fact boxes as lists
    and asides, questions in bold paragraphs."""
    def anywhere(pattern):
        return any(re.search(pattern, x.text, re.M) for x in corpus)

    for pattern in (r"Foto: [^/\n]+ / ", r"\(\d\d\) er ", r"^(<p class=\"[\w-]+\">)?Tekst( og foto)?: ", r"Les (også|òg): ",
                    r"Kontaktperson: ", r"fikk stafettpinnen fra|fekk stafettpinnen frå", r"overtok stafettpinnen etter",
                    r"hadde (løpt|sprunge) ", r"\bved [a-zæøå]+ [A-ZÆØÅ]", r"\. (Hun|Han|Ho) er ", r"<ul class=\"fakta\">",
                    r"<aside class=\"faktaboks\">", r"<p><b>[^<]+\?</b></p>", r"<footer>", "\u2009|&thinsp;", "\u202f|&#8239;",
                    r"Kommunen har nesten \d"):
        assert anywhere(pattern), pattern


def test_people_of_the_page_who_are_not_in_the_relay_stay_out_of_the_gold(corpus):
    for x in corpus:
        gold_names = {p["name"] for p in (x.gold["interviewee"], x.gold["baton_from"], x.gold["baton_to"]) if p}
        for m in re.finditer(r"(?:Tekst(?: og foto)?|Foto): ([^/<\n]+?)(?: /|<|\n|$)|Kontaktperson: \w+ ([^,]+),|"
                             r"Les (?:også|òg): \w+ ((?:[A-ZÆØÅ][\w-]+ ?){2,3})", x.text):
            name = next(g for g in m.groups() if g).strip()
            assert name not in gold_names, (x.filename, name)
