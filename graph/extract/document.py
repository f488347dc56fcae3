"""The normalised text of one interview as lines and sentences, with offsets (pure).

``Document.view`` is a same-length copy of ``Document.text`` that the rules read: for Markdown,
markup characters (``#``, ``**``, link brackets, table pipes) are blanked in the view, so a
regex never sees them while every offset it finds is still an offset into ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

KINDS = ("txt", "md", "html")


@dataclass(frozen=True)
class Line:
    start: int  # span of the content, without indentation, bullet or dash prefix
    end: int
    text: str  # the content, read from the view
    para: int  # paragraph number: blank lines (and every HTML block) separate paragraphs
    dash: bool = False  # the line started with "- " (the dash-prefixed Q&A style)
    heading: bool = False  # a Markdown heading or a line that is bold as a whole
    kind: str = ""  # the block it came from, as html.py or the Markdown markup says: "heading",
    #                 "bold", "caption", "quote", "signature", "byline", "lead", "item", "fact",
    #                 "aside", "teaser" (several, space-separated); "" for plain text


@dataclass
class Document:
    text: str
    view: str
    kind: str
    lines: list[Line] = field(default_factory=list)

    _sentences: dict = field(default_factory=dict, repr=False)
    memo: dict = field(default_factory=dict, repr=False)  # results the rules read more than once

    def sentences(self, line: Line) -> list[tuple[int, int]]:
        """The sentence spans of a line (kept: several rules read the same lines)."""
        got = self._sentences.get(line.start)
        if got is None or got[0] != line.end:
            got = self._sentences[line.start] = (line.end, sentences(self.view, line.start, line.end))
        return got[1]


@cache
def _rx() -> dict[str, re.Pattern]:
    return {
        "md_heading": re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+"),
        "md_quote": re.compile(r"^[ \t]*(>[ \t]?)+"),
        "md_bullet": re.compile(r"^[ \t]*([*+])[ \t]+"),
        "md_strong": re.compile(r"\*\*|__"),
        "md_em": re.compile(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)|(?<=\S)_(?!\w)"),
        "md_image": re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),
        "md_link": re.compile(r"\[([^\]\n]*)\]\(([^)\n]*)\)"),
        "md_rule": re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$|^[ \t]*\|?[ \t:]*-{3,}[-| \t:]*$", re.M),
        "dash": re.compile(r"[-–—•][ \t]+"),
        "bold_line": re.compile(r"^\s*(\*\*|__)(.+?)(\*\*|__)\s*$"),
        "em_line": re.compile(r"^\s*[*_](?![*_\s])[^*_\n]{2,200}(?<![\s*_])[*_]\s*$"),
        # A stop ends a sentence unless a lower-case word follows ("22. etappe", "kr. pr. innbygger").
        "sentence_end": re.compile(r"[.!?…]+[»\"”')]*(?=\s+[^\sa-zæøå]|\s*$)"),
        "abbrev": re.compile(
            r"(?:\b(?:pr|kr|nr|ca|bl\.a|f\.eks|dvs|mv|osv|jf|inkl|evt|ev|mill|mrd|tlf|St|Dr|ref|kap|nb)\.|\b[A-ZÆØÅ]\.)$"),
    }


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def markdown_view(text: str) -> tuple[str, set[int], dict[int, str]]:
    """The text with Markdown markup blanked out, the starts of lines that are headings, and the
    kind of each line that has one (heading, bold, quote, item, caption)."""
    rx = _rx()
    chars = list(text)
    headings: set[int] = set()
    kinds: dict[int, str] = {}
    for m in rx["md_rule"].finditer(text):
        _blank(chars, m.start(), m.end())
    for m in rx["md_image"].finditer(text):
        _blank(chars, m.start(), m.end())
    for m in rx["md_link"].finditer(text):
        _blank(chars, m.start(), m.start() + 1)
        _blank(chars, m.start(1) + len(m.group(1)), m.end())
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if (m := rx["md_heading"].match(line)) is not None:
            _blank(chars, pos, pos + m.end())
            headings.add(pos)
            kinds[pos] = "heading"
        elif (m := rx["bold_line"].match(line)) is not None:
            headings.add(pos)
            kinds[pos] = "bold"
        elif rx["em_line"].match(line):
            kinds[pos] = "caption"  # "*Foto: ...*", "*Rådmann Kari Nordmann*": an italic line alone
        if (m := rx["md_quote"].match(line)) is not None:
            _blank(chars, pos, pos + m.end())
            kinds[pos] = " ".join(filter(None, ("quote", kinds.get(pos))))
        if (m := rx["md_bullet"].match(line)) is not None:
            _blank(chars, pos + m.start(1), pos + m.end(1))
        if rx["dash"].match(line.lstrip()) and line.lstrip()[:2] in ("- ", "* ", "+ "):
            kinds[pos] = " ".join(filter(None, ("item", kinds.get(pos))))
        if line.lstrip().startswith("|") and line.rstrip().endswith("|"):
            # A table row "| Areal | 456 km2 |" reads as "Areal: 456 km2" in the view.
            bars = [pos + i for i, ch in enumerate(line) if ch == "|"]
            for n, b in enumerate(bars):
                chars[b] = ":" if n == 1 and len(bars) >= 3 else " "
        pos = end + 1
    view = "".join(chars)
    for pattern in ("md_strong", "md_em"):
        for m in rx[pattern].finditer(view):
            _blank(chars, m.start(), m.end())
        view = "".join(chars)
    return view, headings, kinds


def make_document(text: str, kind: str = "txt", kinds: tuple[str, ...] = ()) -> Document:
    """Split ``text`` into lines of content; ``kind`` is txt, md or html (html: text from html.py,
    with ``kinds`` the kind of each of its lines, in order)."""
    headings: set[int] = set()
    md_kinds: dict[int, str] = {}
    if kind == "md":
        view, headings, md_kinds = markdown_view(text)
    else:
        view = text
    rx = _rx()
    lines: list[Line] = []
    para, pos, blank = 0, 0, True
    for raw in view.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped:
            if not blank:
                para += 1
            blank = True
            continue
        if kind == "html" and not blank:
            para += 1  # every block of a web page is a paragraph of its own
        blank = False
        lead = len(raw) - len(raw.lstrip())
        content_start, content_end = start + lead, start + len(raw.rstrip())
        dash = False
        if (m := rx["dash"].match(view, content_start, content_end)) is not None:
            dash, content_start = True, m.end()
        n = len(lines)
        line_kind = md_kinds.get(start, "") if kind == "md" else (kinds[n] if n < len(kinds) else "")
        lines.append(Line(content_start, content_end, view[content_start:content_end], para, dash,
                          start in headings or "heading" in line_kind or "bold" in line_kind, line_kind))
    return Document(text=text, view=view, kind=kind, lines=lines)


def sentences(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in ``view[start:end]`` (which holds no newline): split after . ! ? unless
    the word before the stop is an abbreviation ("kr.", "pr.", "f.eks.")."""
    rx = _rx()
    out, s = [], start
    for m in rx["sentence_end"].finditer(view, start, end):
        if m.group().startswith(".") and rx["abbrev"].search(view, max(s, m.start() - 8), m.start() + 1):
            continue
        e = m.end()
        if view[s:e].strip():
            out.append(_trim(view, s, e))
        s = e
    if view[s:end].strip():
        out.append(_trim(view, s, end))
    return out


def _trim(view: str, s: int, e: int) -> tuple[int, int]:
    while s < e and view[s].isspace():
        s += 1
    while e > s and view[e - 1].isspace():
        e -= 1
    return s, e


_NN = ("ikkje", "eg", "kva", "kven", "korleis", "kvifor", "ein", "eit", "dei", "vore", "frå", "berre",
       "gje", "vidare", "svarar", "innbyggjarar", "ordførar", "løysing", "løysingar", "heile", "mykje",
       "noko", "desse", "hjå", "saman", "jobbar", "tilsett", "tilsette", "meir", "fekk", "vart", "blei",
       "sidan", "kommunen", "nokre", "veka", "òg", "også", "mellom", "ho", "henne", "sjølv", "medan")
_NB = ("ikke", "jeg", "hva", "hvem", "hvordan", "hvorfor", "en", "et", "vært", "fra", "bare",
       "gi", "videre", "svarer", "innbyggere", "ordfører", "løsning", "løsninger", "hele", "mye", "noe",
       "disse", "hos", "sammen", "jobber", "ansatt", "ansatte", "mer", "fikk", "ble", "siden", "noen",
       "uken", "hun", "selv", "mens", "hvis", "dere", "hvilke", "hvilket")


@cache
def _lang_words() -> tuple[frozenset, frozenset]:
    # "kommunen", "mellom", "også" are shared; they are removed here rather than left to score twice.
    shared = {"kommunen", "mellom", "også"}
    return frozenset(_NN) - shared, frozenset(_NB) - shared


def detect_language(text: str) -> str | None:
    """"nn" when nynorsk marker words outnumber bokmål ones, "nb" for the opposite, else None."""
    nn_words, nb_words = _lang_words()
    nn = nb = 0
    for word in re.findall(r"[a-zæøåòé]+", text[:20000].casefold()):
        if word in nn_words:
            nn += 1
        elif word in nb_words:
            nb += 1
    if nn == nb == 0:
        return None
    return "nn" if nn > nb else "nb"
