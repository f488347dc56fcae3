"""The variations of the series' texts, one small invented example each."""

from __future__ import annotations

import pytest

from graph.extract import extract_text
from graph.extract.decode import decode_bytes
from graph.extract.facts import parse_fact_line, parse_number
from graph.extract.html import page_from_html
from graph.extract.patterns import normalise_role
from graph.extract.segments import question_topic
from graph.extract.stage import stage_in

BATON = "\n\nHvem vil du gi stafettpinnen videre til?\n\nJeg vil sende stafettpinnen til rådmann Per Olsen i Hol kommune.\n"


def test_decoding_variants():
    text = "Ordfører: Åse Li\r\nAreal:\u00a01\u2009280 km2\r\n"
    for raw, enc in ((text.encode("utf-8"), "utf-8"), (text.encode("utf-8-sig"), "utf-8"),
                     (text.encode("utf-16"), "utf-16"), (text.encode("cp1252", errors="replace"), "cp1252")):
        decoded, encoding = decode_bytes(raw)
        assert encoding == enc
        assert decoded.startswith("Ordfører: Åse Li\nAreal: 1")
        assert "\r" not in decoded and "\u00a0" not in decoded
    mojibake = "Ã¸vre Ã¥s Ã¦ Ã¸".encode("utf-8")
    assert decode_bytes(mojibake)[0] == "øvre ås æ ø"


@pytest.mark.parametrize("value,number", [("1 395 km2", 1395), ("19117", 19117), ("19.117", 19117),
                                          ("456,5 km²", 456.5), ("51\u202f785 kr pr. innbygger", 51785)])
def test_numbers(value, number):
    assert parse_number(value) == number


@pytest.mark.parametrize("line,field", [("Innbyggjarar: 12 373", "population"), ("Folketall: 4 522", "population"),
                                        ("Frie inntekter: 55 980 kroner per innbyggjar", "free_income_nok_per_capita"),
                                        ("Ordførar: Kari Li (Sp)", "mayor"), ("Areal (km2): 456", "area_km2")])
def test_fact_labels(line, field):
    assert parse_fact_line(line)[0] == field


@pytest.mark.parametrize("sentence,stage", [
    ("Andresen har fått den første stafettpinnen i hånda.", 1),
    ("Etter at Sola løp tredje etappe, sendte kommunalsjef Mona Li pinnen videre til Ola Dal.", 4),
    ("Ho spring sjuande etappe.", 7), ("Dette er 5. etappe i stafetten.", 5),
    ("Hun løper tjuefemte etappe.", 25), ("Vi har andre folk på laget.", None),
])
def test_stages(sentence, stage):
    found = stage_in(sentence)
    assert (found[0] if found else None) == stage


@pytest.mark.parametrize("title,role", [("rådmann", "kommunedirektør"), ("Rådmannen", "kommunedirektør"),
                                        ("kommunedirektøren", "kommunedirektør"), ("innovasjonsrådgjevar", "innovasjonsrådgiver"),
                                        ("kommunalsjef for helse og omsorg", "kommunalsjef"), ("helsesjefen", "helsesjef")])
def test_roles(title, role):
    assert normalise_role(title)[0] == role


@pytest.mark.parametrize("question,topic", [
    ("Kven vil du gje stafettpinnen vidare til?", "baton"), ("- Hvilke feil har du lært mest av?", "lessons-from-failure"),
    ("Korleis jobbar de i praksis med innovasjon i kommunesektoren?", "how-in-practice"),
    ("Hva er den største utfordringen i praksis?", "biggest-challenge"), ("Hva spiste du i dag?", None),
])
def test_question_topics(question, topic):
    assert question_topic(question) == topic


def test_surname_intro_with_name_glued_to_pull_quote():
    text = ("Berg har fått den første stafettpinnen. Hun har siden mai 2020 vært rådmann i Hol kommune.\n\n"
            "Vi må tørre å prøve Lise Berg\n\nHvorfor er det viktig at kommunesektoren innoverer?\n\nFordi." + BATON)
    rec = extract_text(text)
    assert rec["interviewee"]["name"] == "Lise Berg"
    assert rec["interviewee"]["since"] == "2020-05" and rec["stage"] == 1
    assert rec["interviewee"]["role"] == "kommunedirektør"


def test_caption_with_title_first_and_svarer_line():
    for intro in ("rådmann Lise Berg\n\nLise Berg er rådmann i Hol kommune.", "Rådmann Lise Berg svarer."):
        rec = extract_text(intro + "\n\nHvorfor er det viktig at kommunesektoren innoverer?\n\nFordi." + BATON)
        assert rec["interviewee"]["name"] == "Lise Berg"
        assert rec["interviewee"]["role_as_written"].casefold() == "rådmann"


def test_answer_on_the_next_line_and_dash_paragraphs():
    text = ("Lise Berg, rådmann i Hol kommune\n\n- Hvorfor er det viktig at kommunesektoren innoverer?\n\n"
            "- Første del.\n\n- Andre del.\n\nHvem vil du gi stafettpinnen videre til?\nTil Per Olsen, ordfører i Ål kommune.\n")
    rec = extract_text(text)
    first = rec["qa"][0]
    s, e = first["answer_span"]
    assert "Første del." in text[s:e] and "Andre del." in text[s:e]
    assert rec["baton_to"]["organisation"]["kommunenummer"] == "3328"


def test_markdown_and_html_give_the_same_people():
    md = ("# Tittel\n\n**Lise Berg, rådmann i Hol kommune**\n\n## Hvorfor er det viktig at kommunesektoren innoverer?\n\n"
          "Fordi.\n\n## Hvem vil du gi stafettpinnen videre til?\n\nTil **ordfører Per Olsen** i Ål kommune.\n")
    html = ("<html><body><nav>Meny</nav><main><h1>Tittel</h1><p>Lise Berg, rådmann i Hol kommune</p>"
            "<h2>Hvorfor er det viktig at kommunesektoren innoverer?</h2><p>Fordi.</p>"
            "<div class='link-block'>Les mer om Innovasjonsstafetten her</div>"
            "<h2>Hvem vil du gi stafettpinnen videre til?</h2><p>Til ordfører Per Olsen i Ål kommune.</p>"
            "</main><div class='share'>Del på Facebook</div><script>x()</script></body></html>")
    a, b = extract_text(md, kind="md"), extract_text(html, kind="html")
    for rec in (a, b):
        assert rec["source"]["title"] == "Tittel"
        assert rec["interviewee"]["organisation"]["kommunenummer"] == "3330"
        assert rec["baton_to"]["name"] == "Per Olsen" and rec["baton_to"]["organisation"]["kommunenummer"] == "3328"


def test_web_page_chrome_is_dropped():
    page = page_from_html("<nav>Hjem</nav><div class='cookie-banner'>Vi bruker informasjonskapsler</div>"
                          "<main><p>Tekst.</p><div class='link-block'>Les mer om Innovasjonsstafetten her</div>"
                          "<table><tr><th>Areal</th><td>10 km2</td></tr></table></main><footer>Personvern</footer>")
    assert page.text == "Tekst.\n\nAreal: 10 km2"


def test_no_invention_unknown_organisation_and_no_fact_box():
    text = ("Lise Berg, rådgiver i Fjellheimen kommune\n\nHvorfor er det viktig at kommunesektoren innoverer?\n\nFordi." + BATON)
    rec = extract_text(text)
    assert rec["interviewee"]["organisation"] == {"name": "Fjellheimen kommune", "kommunenummer": None, "fylkesnummer": None}
    assert any("Fjellheimen" in w for w in rec["warnings"])
    assert rec["facts"] == {} and rec["stage"] is None and rec["baton_from"] is None
