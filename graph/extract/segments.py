"""The layout of an interview: headline, the series' boilerplate box, intro, Q&A and fact box (pure).

Questions are lines that end with "?" and either match a standard question of
``ontology/vocab/questions.ttl`` or start with a question word; they may stand alone, be dash-
prefixed ("- Hvorfor ...?"), be Markdown headings or bold, or (for a known question) share their
line with the start of the answer. An answer runs from the line after its question to the next
question or the fact box, over as many lines and "- " paragraphs as there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .document import Document, Line
from .facts import fact_box_lines
from .lexicon import lexicon

# The boilerplate box's heading, in bokmål and nynorsk, also with the series' name misspelt.
BOX_HEADING = r"(?:hva|kva) er innovasjons?s?tafetten\s*\??"
_BOX_BODY = re.compile(
    r"serie (?:med |av )?intervju|sender (?:selv|sjølv) stafettpinnen|innblikk i|center for offentlig "
    r"innovasjon|senter for offentleg innovasjon|ideen er hent|idéen er hent|løfte opp og fram",
    re.IGNORECASE,
)
_BOX_START = re.compile(rf"^\W*{BOX_HEADING}", re.IGNORECASE)
# A paragraph that tells this relay's stage or pass belongs to the article, never to the box.
_TELLS_RELAY = re.compile(r"\b(?:løp|løper|løpt|etappe|etappen)\b.*\b(?:pinnen|stafettpinnen)\b|\b(?:pinnen|stafettpinnen) videre til [A-ZÆØÅ]"
                          r"|\b(?:fikk|fekk|overtok|tok imot)\b[^.]*\b(?:pinnen|stafettpinnen)\b", re.IGNORECASE)
_QWORDS = (r"hva|hvorfor|hvordan|hvilke|hvilket|hvilken|hvem|hvor|hvis|når|kva|kvifor|korleis|kven|"
           r"kor|kvar|viss|om|dersom|er|har|kan|vil|skal|bør|burde|ser|tror|trur|finnes|fins")


@dataclass(frozen=True)
class QA:
    topic: str | None
    question: Line
    answer: list[Line]
    question_start: int  # the question's span inside its line (a bold question may share a line)
    question_end: int

    @property
    def answer_span(self) -> tuple[int, int] | None:
        if not self.answer:
            return None
        return self.answer[0].start, self.answer[-1].end


@dataclass
class Layout:
    headline: Line | None = None
    box: list[Line] = field(default_factory=list)
    intro: list[Line] = field(default_factory=list)  # the opening, without bylines, teasers, contact boxes
    qa: list[QA] = field(default_factory=list)
    facts: list[Line] = field(default_factory=list)
    outro: list[Line] = field(default_factory=list)  # lines after the last answer that are not facts
    aside: list[Line] = field(default_factory=list)  # bylines, teasers of other articles, contact boxes
    roles: dict[int, str] = field(default_factory=dict)  # line start -> caption | signature | quote | lead | ...

    def answers(self, topic: str) -> list[Line]:
        return [ln for qa in self.qa if qa.topic == topic for ln in qa.answer]

    def role(self, line: Line) -> str:
        """The part of the article a line is: "caption", "signature", "quote", "lead", "byline",
        "teaser", "contact", or "" for the body."""
        return self.roles.get(line.start, "")


@cache
def _rx() -> dict:
    lex = lexicon()
    exact = {}
    for q in lex.questions:
        for label in q.labels:
            exact.setdefault(_fold(label), q.topic)
    keywords = sorted(((k, q.topic) for q in lex.questions for k in q.keywords), key=lambda kv: -len(kv[0]))
    return {
        "exact": exact,
        "keywords": keywords,
        "box": re.compile(rf"^(?:om )?{BOX_HEADING}$", re.IGNORECASE),
        "qword": re.compile(rf"^(?:{_QWORDS})\b", re.IGNORECASE),
        "inline": re.compile(r"^(.{8,300}?\?)\s+(?=\S)"),
        "fold": re.compile(r"[^\wæøå ]+"),
    }


def _fold(text: str) -> str:
    text = re.sub(r"[^\wæøåÆØÅ ]+", " ", text.casefold())
    return " ".join(text.split())


# The words that carry a question's meaning, by topic, with weights: a question of the series in
# any wording ("Hvor trengs det mest nye løsninger nå?", "Hva trenger dere mer av?") is the topic
# whose words it holds most, when they add up to at least 2.
_MEANING = {
    "baton": ((r"stafett|pinne", 3),),
    "most-needed": ((r"\btreng|\bbehov", 2), (r"løsning|løysing", 0.5), (r"\bområde", 1), (r"i morgen|i morgon", 1),
                    (r"\bmer av\b|\bmeir av\b|\bmest\b", 0.5)),
    "collaborators": ((r"samarbeid|samarbeidspart|partner|sammen med|saman med|allierte", 2.5),),
    "proudest-project": ((r"\bstolt", 3),),
    "lessons-from-failure": ((r"\bfeil|\blært|\blærte|\blærdom|mislykk|mislukk|gikk galt|gjekk gale", 2),
                             (r"ikke gikk|ikkje gjekk|som planlagt", 1)),
    "biggest-challenge": ((r"utfordring|hinder|hindring|barriere|vanskeligst|vanskelegast|i veien|i vegen|bremser", 2.5),),
    "most-exciting": ((r"spennende|spennande|morsom|gøy|kjekk|artig|motiverer|motiverar|liker du best|likar du best|"
                       r"inspirerer|inspirerar|gleder deg|gler deg", 2.5),),
    "how-in-practice": ((r"\b(?:hvordan|korleis)\b.*\b(?:jobb|arbeid|gjør|gjer|organiser|driv|tilrettelegg|legg)", 2),
                        (r"praksis|hverdag|kvardag|konkret", 1)),
    "why-innovate": ((r"\b(?:hvorfor|kvifor)\b", 2), (r"innov|fornye|fornying|fornyelse|nytenk|viktig", 1)),
}


@cache
def _meaning_rx() -> tuple[tuple[str, tuple[tuple[re.Pattern, float], ...]], ...]:
    return tuple((topic, tuple((re.compile(rx, re.IGNORECASE), w) for rx, w in cues)) for topic, cues in _MEANING.items())


def meaning_topic(text: str) -> str | None:
    """The topic whose meaning-bearing words the question holds most (at least 2 points).

    >>> meaning_topic("Hvor trengs det mest nye løsninger nå?"), meaning_topic("Hva har dere lært av det som ikke gikk?")
    ('most-needed', 'lessons-from-failure')
    """
    best, score = None, 0.0
    for topic, cues in _meaning_rx():
        points = sum(w for rx, w in cues if rx.search(text))
        if points > score:
            best, score = topic, points
    return best if score >= 2 else None


def question_topic(text: str) -> str | None:
    """The topic key of a question as printed, or None when it is not one of the series'.

    >>> question_topic("- Kven vil du gje stafettpinnen vidare til?")
    'baton'
    """
    rx = _rx()
    folded = _fold(text)
    if folded in rx["exact"]:
        return rx["exact"][folded]
    for key, topic in rx["keywords"]:
        if key in folded:
            return topic
    return meaning_topic(text)


def is_box_heading(text: str) -> bool:
    return bool(_rx()["box"].match(text.strip(" *#:")))


def starts_with_box_heading(text: str) -> bool:
    """"**Hva er Innovasjonsstafetten?** En serie ...": the heading and the box on one line."""
    return bool(_BOX_START.match(text.strip()))


def _question(line: Line) -> tuple[str | None, int, int] | None:
    """(topic, start, end) when the line is (or starts with) a question of the interview."""
    rx = _rx()
    text = line.text.strip()
    if len(text) > 300 or is_box_heading(text) or starts_with_box_heading(text):
        return None
    if text.endswith("?"):
        topic = question_topic(text)
        if topic or rx["qword"].match(text) or line.heading:
            return topic, line.start, line.end
        return None
    # "**Hvorfor ...?** Fordi ..." or a known question with its answer on the same line.
    m = rx["inline"].match(text)
    if m and not is_box_heading(m.group(1)):
        topic = question_topic(m.group(1))
        if topic and (line.heading or _fold(m.group(1)) in rx["exact"] or _bold_question(line)):
            return topic, line.start, line.start + len(m.group(1))
    return None


def _bold_question(line: Line) -> bool:
    return line.text[:1] == " " or "  " in line.text[: line.text.find("?") + 4]


def segment(doc: Document) -> Layout:
    """Split a document into headline, box, intro, Q&A and fact box."""
    lines = doc.lines
    layout = Layout()
    if not lines:
        return layout
    fact_idx = set(fact_box_lines(lines))
    box_idx = _box(lines)
    skip = fact_idx | box_idx  # once: a union per line made a long text quadratic
    questions = {i: q for i, ln in enumerate(lines) if i not in skip and (q := _question(ln))}
    first_q = min(questions) if questions else len(lines)
    first = lines[0]
    head_roles = line_roles(lines[:1], 1)
    if 0 not in box_idx and 0 not in questions and 0 not in fact_idx and _headline_like(first, lines) \
            and head_roles.get(first.start) not in ("byline", "teaser", "contact"):
        layout.headline = first
    layout.box = [lines[i] for i in sorted(box_idx)]
    layout.roles = line_roles(lines, first_q)
    aside = {"byline", "teaser", "contact"}
    layout.intro = [ln for i, ln in enumerate(lines[:first_q])
                    if i not in box_idx and i not in fact_idx and layout.roles.get(ln.start) not in aside]
    order = sorted(questions)
    end = first_q
    for n, i in enumerate(order):
        topic, qs, qe = questions[i]
        nxt = order[n + 1] if n + 1 < len(order) else len(lines)
        line = lines[i]
        answer = []
        if qe < line.end:  # the answer starts on the question's own line
            rest = doc.view[qe:line.end]
            lead = len(rest) - len(rest.lstrip())
            answer.append(Line(qe + lead, line.end, rest.strip(), line.para, line.dash, False))
        j = i + 1
        while j < nxt and j not in fact_idx:  # an answer ends at the fact box
            if j not in box_idx:
                answer.append(lines[j])
            j += 1
        end = j
        layout.qa.append(QA(topic, line, answer, qs, qe))
    layout.outro = [lines[k] for k in range(end, len(lines))
                    if k not in fact_idx and k not in questions and layout.roles.get(lines[k].start) not in aside]
    layout.facts = [lines[i] for i in sorted(fact_idx)]
    layout.aside = [ln for ln in lines if layout.roles.get(ln.start) in aside]
    for qa in layout.qa:  # a teaser or contact box after the last answer is not part of it
        qa.answer[:] = [ln for ln in qa.answer if layout.roles.get(ln.start) not in aside]
    return layout


_BYLINE = re.compile(r"^(?:tekst|foto|tekst og foto|foto og tekst|illustrasjon|av|skrevet av|journalist|publisert|"
                     r"oppdatert|sist oppdatert|fotograf)\b\s*:?", re.IGNORECASE)
_TEASER = re.compile(r"^(?:les (?:også|òg|meir|mer)|relaterte? (?:saker|artikler|artiklar|innlegg)|se også|sjå òg|"
                     r"mer om|anbefalt)\b", re.IGNORECASE)
_CONTACT = re.compile(r"^(?:kontakt(?:person|personar|personer|informasjon)?|for mer informasjon|spørsmål om saken)\b\s*:?",
                      re.IGNORECASE)


def line_roles(lines: list[Line], first_q: int) -> dict[int, str]:
    """The part of the article each line is, from the markup (html.py, Markdown) where there is one
    and from line cues in plain text: a byline ("Tekst: ...", "Foto: ..." alone), a photo caption,
    a pull quote and its signature, the lead, a teaser of another article ("Les også: ..."), a
    contact box ("Kontakt" and the lines after it)."""
    roles: dict[int, str] = {}
    prev_para, mode = -1, ""
    for i, ln in enumerate(lines):
        text = ln.text.strip(" *_#>")
        kind = set(ln.kind.split())
        if ln.para != prev_para:
            mode = ""  # a teaser or contact block ends with its paragraph (or its HTML block)
        if "teaser" in kind or _TEASER.match(text):
            role = "teaser"
            mode = "teaser" if len(text.split()) <= 4 or ln.kind == "" else mode
        elif _CONTACT.match(text) and len(text.split()) <= 12:
            role, mode = "contact", "contact"
        elif mode:
            role = mode
        elif "byline" in kind or (_BYLINE.match(text) and len(text.split()) <= 8 and "/" not in text):
            role = "byline"
        elif "caption" in kind or (_BYLINE.match(text) and "/" in text):
            role = "caption"
        elif "signature" in kind:
            role = "signature"
        elif "quote" in kind or (text.startswith(("«", "\"", "“")) and text.rstrip(".").endswith(("»", "\"", "”"))):
            role = "quote"
        elif "lead" in kind:
            role = "lead"
        else:
            role = ""
        if role == "" and i > 0 and roles.get(lines[i - 1].start) == "quote" and len(text.split()) <= 12 \
                and text[:1] in "-–—" and not text.endswith("?"):
            role = "signature"  # "— Sunniva Eikrem, utviklingssjef i Molde kommune" under a quote
        if role:
            roles[ln.start] = role
        if mode and i + 1 < len(lines) and lines[i + 1].para != ln.para and len(text.split()) <= 3:
            prev_para = lines[i + 1].para  # a heading alone ("Kontakt") heads the next paragraph too
        else:
            prev_para = ln.para
    return roles


def _headline_like(line: Line, lines: list[Line]) -> bool:
    text = line.text.strip()
    if not text or len(text) > 200 or text.endswith((".", ":", ",", ";")) or text.startswith("«"):
        return False
    alone = len(lines) == 1 or lines[1].para != line.para
    return alone or line.heading


def _box(lines: list[Line]) -> set[int]:
    """Indexes of the boilerplate box: its heading, the rest of the heading's paragraph or else the
    next paragraph, and further paragraphs that read like box text."""
    start = next((i for i, ln in enumerate(lines) if is_box_heading(ln.text)), None)
    if start is None:
        inline = next((i for i, ln in enumerate(lines) if starts_with_box_heading(ln.text)), None)
        return {inline} if inline is not None else set()
    out = {start}
    para = lines[start].para
    same = [i for i in range(start + 1, len(lines)) if lines[i].para == para]
    if same:
        out.update(same)
        last_para = para
    else:
        nxt = start + 1
        if nxt >= len(lines):
            return out
        last_para = lines[nxt].para
        out.update(i for i in range(nxt, len(lines)) if lines[i].para == last_para)
    # Later paragraphs belong to the box only while they read like its text.
    i = max(out) + 1
    while i < len(lines):
        p = lines[i].para
        block = [k for k in range(i, len(lines)) if lines[k].para == p]
        if not any(_BOX_BODY.search(lines[k].text) for k in block) or _question(lines[block[0]]):
            break
        if any(_TELLS_RELAY.search(lines[k].text) for k in block):
            break  # "Etter at Øvre Eiker løp første etappe, sendte ...": the article, though it explains the series too
        out.update(block)
        i = block[-1] + 1
    return out
