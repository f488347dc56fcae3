"""A saved web page -> its article as lines of text, plus the page's title, address and date (pure).

Parsing is selectolax's (the lexbor engine): an order of magnitude faster than trafilatura or
BeautifulSoup on these pages, which matters at 10,000 interviews a minute (see
``docs/extraction.md``). What is done here is only the choice of what to keep: page chrome
(scripts, navigation, cookie banners, share links, breadcrumbs) is dropped, the article's
container is found, and each block (heading, paragraph, list item, caption, table row) becomes one
line. Table rows become ``Label: value`` so a fact table reads like a fact box in a text file.

Each line keeps the kind of block it came from (``Page.kinds``): a heading, a paragraph that is
bold as a whole, a caption, a pull quote and its signature, a byline, a list item, a row of a fact
table, a line of an ``<aside>``, or a teaser of another article ("Les også", "Relaterte saker").
The layout reads these kinds; the text itself stays plain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

# <aside> is kept: the series' boilerplate box is often one; sidebars are dropped by their class.
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "footer",
              "form", "button", "select", "input", "textarea", "object", "canvas", "video", "audio")
# class/id words of page chrome in common CMSs (EPiServer at KS, WordPress, Drupal).
_CHROME = re.compile(
    r"(?:^|[-_\s])(cookie|consent|gdpr|breadcrumbs?|share|sharing|social|some|skip|menu|navbar|"
    r"nav|newsletter|related|popup|modal|link-?block|tags|byline-share|print|toolbar|sidebar|"
    r"banner|subscribe|footer|header-nav|site-header|top-?bar|comments?|comment-list|respond|"
    r"relaterte|related-?posts|jp-relatedposts|les-?ogs[aå]|teasers?|more-articles|sharedaddy|sd-sharing)(?:$|[-_\s])",
    re.IGNORECASE,
)
_MAIN = ("main", "article", "[role=main]", "#content", "#main", ".article", ".article-body", ".content")
_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "caption", "figcaption",
          "blockquote", "pre", "tr", "table", "ul", "ol", "dl", "dt", "dd", "div", "section", "article", "main",
          "header", "figure", "address", "details", "summary", "hr", "br", "body", "tbody", "thead", "aside",
          "footer", "cite"}
# Leftovers of the CMS that are not part of the interview.
_LEFTOVER = re.compile(
    r"^(les (mer|meir)\b.*|del (på|artikkelen|saken|denne)\b.*|tips en venn|skriv ut|til toppen|"
    r"hopp til\b.*|gå til\b.*|lukk|ok|meny|søk|sist (oppdatert|endret)\b.*|publisert\b.*|"
    r"del\s*:?|del dette\s*:?|facebook|twitter|linkedin|e-?post)$",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
# A heading that opens a block of teasers for other articles: the block names people who are not
# the interviewee, so its lines are marked rather than read as the article.
_TEASER_HEADING = re.compile(
    r"^(les (også|òg|meir|mer)|relaterte? (saker|artikler|artiklar|innlegg|nyheter|nyhende)|mer (fra|om)|"
    r"fleire saker|flere saker|siste (nytt|saker)|andre etapper|tidligere etapper|tidlegare etappar)\b",
    re.IGNORECASE)
_CAPTION_CLASS = re.compile(r"caption|credit|bildetekst|photo-text|image-text", re.IGNORECASE)
_BYLINE_CLASS = re.compile(r"byline|author|forfatter|article-meta", re.IGNORECASE)
_LEAD_CLASS = re.compile(r"ingress|lead|intro|preamble|standfirst", re.IGNORECASE)
_SITE_SUFFIX = re.compile(r"\s+[-|–]\s+[^-|–]{1,30}$")
_DATE = re.compile(r"(\d{4}-[01]\d(?:-[0-3]\d)?)")


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    url: str | None
    published: str | None
    lang: str | None
    kinds: tuple[str, ...] = ()  # per line of ``text`` (lines are separated by blank lines)


def page_from_html(html: str) -> Page:
    """The article of a saved web page as text, one block per paragraph.

    >>> p = page_from_html("<title>T - KS</title><nav>Hjem</nav><main><h1>Hei</h1><p>Tekst.</p></main>")
    >>> p.text, p.title
    ('Hei\\n\\nTekst.', 'Hei')
    """
    tree = LexborHTMLParser(html)
    title = _clean(_text(tree.css_first("title")))
    url = _attr(tree, 'link[rel="canonical"]', "href") or _attr(tree, 'meta[property="og:url"]', "content")
    published = (_attr(tree, 'meta[property="article:published_time"]', "content")
                 or _attr(tree, 'meta[name="date"]', "content") or _attr(tree, "time[datetime]", "datetime"))
    m = _DATE.search(published or "")
    html_node = tree.css_first("html")
    lang = (html_node.attributes.get("lang") if html_node is not None else None) or None
    for node in tree.css(",".join(_DROP_TAGS)):
        if node.tag == "footer" and _inside(node, "blockquote"):
            continue  # a pull quote's signature, not the page's footer
        node.decompose()
    for node in tree.css("[class],[id]"):
        attrs = node.attributes
        marks = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if node.tag not in ("html", "body", "main", "article") and _CHROME.search(marks):
            node.decompose()
    root = next((n for sel in _MAIN if (n := tree.css_first(sel)) is not None), None) or tree.body
    out: list[tuple[str, str]] = []
    if root is not None:
        _emit(root, out, "")
    kept = [(t, k) for t, k in out if t and not _LEFTOVER.match(t)]
    h1 = _clean(_text(root.css_first("h1"))) if root is not None else None
    headline = h1 or (_SITE_SUFFIX.sub("", title) if title else None)
    return Page("\n\n".join(t for t, _ in kept), headline or None, _http(url), m.group(1) if m else None, lang,
                tuple(k for _, k in kept))


def _kind_of(node: LexborNode, context: str) -> str:
    """The kind of a block given its tag, its class and the kinds of the blocks around it."""
    tag = node.tag
    marks = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    kinds = set(context.split())
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        kinds.add("heading")
    elif tag in ("figcaption", "caption") or _CAPTION_CLASS.search(marks):
        kinds.add("caption")
    elif tag == "blockquote":
        kinds.add("quote")
    elif tag in ("footer", "cite") and "quote" in kinds:
        kinds.discard("quote")
        kinds.add("signature")
    elif tag == "aside":
        kinds.add("aside")
    elif tag == "li":
        kinds.add("item")
    if _BYLINE_CLASS.search(marks):
        kinds.add("byline")
    if _LEAD_CLASS.search(marks) and tag not in ("main", "article", "body"):
        kinds.add("lead")
    return " ".join(sorted(kinds))


def _bold_block(node: LexborNode) -> bool:
    """A paragraph whose words are all inside one <strong>/<b> (a question in many CMSs)."""
    strong = [c for c in node.iter() if c.tag in ("strong", "b")]
    if len(strong) != 1:
        return False
    return _clean(_text(strong[0])) == _clean(_text(node)) != ""


def _emit(node: LexborNode, out: list[tuple[str, str]], context: str) -> None:
    """Blocks in document order, each with its kind; inline runs between blocks become lines."""
    kind = _kind_of(node, context)
    if node.tag == "tr":
        cells = [_clean(_text(c)) for c in node.iter() if c.tag in ("th", "td")]
        cells = [c for c in cells if c]
        if cells:
            out.append((": ".join(cells[:2]) + ("" if len(cells) <= 2 else " " + " ".join(cells[2:])), f"{kind} fact".strip()))
        return
    if node.tag == "dl":  # a definition list of facts: "<dt>Areal</dt><dd>456 km2</dd>"
        term = None
        for child in node.iter():
            text = _clean(_text(child))
            if child.tag == "dt":
                term = text
            elif child.tag == "dd":
                out.append((f"{term}: {text}" if term else text, f"{kind} fact".strip()))
                term = None
        return
    if not any(c.tag in _BLOCK for c in node.iter()):
        if node.tag not in ("h1", "h2", "h3", "h4", "h5", "h6") and _bold_block(node):
            kind = f"{kind} bold".strip()
        out.append((_clean(_text(node)), kind))
        return
    run: list[str] = []
    teaser = False
    for child in node.iter(include_text=True):
        if child.tag in _BLOCK:
            out.append((_clean(" ".join(run)), kind))
            run = []
            if child.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "p", "strong") and _TEASER_HEADING.match(_clean(_text(child))):
                teaser = True  # the rest of this container lists other articles
            start = len(out)
            _emit(child, out, f"{kind} teaser" if teaser else kind)
            if teaser:
                out[start:] = [(t, k if "teaser" in k else f"{k} teaser") for t, k in out[start:]]
        elif child.tag == "-text":
            run.append(child.text_content or "")
        elif child.tag != "-comment":
            run.append(_text(child))
    out.append((_clean(" ".join(run)), kind))


def _inside(node: LexborNode, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _text(node: LexborNode | None) -> str:
    return node.text(deep=True, separator=" ") if node is not None else ""


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def _attr(tree: LexborHTMLParser, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(name) if node is not None else None
    return value.strip() if value else None


def _http(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://\S+$", url) else None
