"""Lay an article out in one of the series' formats: plain text, "- " dialogue, Markdown, a saved
web page. Layout never changes what the text states, so the gold is the same in every format."""

from __future__ import annotations

import html
import random
import re

from .compose import Article, Block

FORMATS = ("txt", "txt-dash", "md", "html")
EXTENSIONS = {"txt": "txt", "txt-dash": "txt", "md": "md", "html": "html"}


def render(article: Article, fmt: str, rng: random.Random) -> tuple[str, dict]:
    """The article as text in ``fmt``, and the layout choices made."""
    return _RENDERERS[fmt](article, rng)


def _quote(b: Block, rng: random.Random) -> str:
    if b.glued:  # the name glued to the end, no punctuation: as printed
        return b.text
    return f"«{b.text}»" if rng.random() < 0.8 else f"– {b.text}."


def _fact_lines(b: Block, rng: random.Random) -> list[str]:
    out = [b.heading] if b.heading else []
    out += [f"{k}: {v}" for k, v in b.rows]
    if b.motto:
        out.append(f"«{b.motto}»")
    return out


# -- plain text ----------------------------------------------------------------------------------
def _txt(article: Article, rng: random.Random, *, dash: bool = False) -> tuple[str, dict]:
    tight = rng.random() < (0.25 if dash else 0.35)  # the answer on the line right after the question
    facts_tight = rng.random() < 0.4
    parts: list[str] = []
    for b in article.blocks:
        if b.kind == "boilerplate":
            parts += [b.heading, b.text]
        elif b.kind == "quote":
            parts.append(_quote(b, rng))
        elif b.kind == "qa":
            if dash:
                lines = [f"- {b.heading}"] + [f"- {p}" for p in b.paras]
                parts += ["\n".join(lines)] if tight else lines
            elif tight:
                parts.append(f"{b.heading}\n{b.paras[0]}")
                parts += b.paras[1:]
            else:
                parts += [b.heading, *b.paras]
        elif b.kind == "facts":
            lines = _fact_lines(b, rng)
            parts += ["\n".join(lines)] if facts_tight else lines
        else:
            parts.append(b.text)
    text = "\n\n".join(parts)
    if rng.random() < 0.7:
        text += "\n"
    return text, {"format": "txt-dash" if dash else "txt", "tight": tight}


def _txt_dash(article: Article, rng: random.Random) -> tuple[str, dict]:
    return _txt(article, rng, dash=True)


# -- Markdown ------------------------------------------------------------------------------------
def _md(article: Article, rng: random.Random) -> tuple[str, dict]:
    q_style = rng.choice(("## ", "### ", "**"))
    fact_style = rng.choice(("table", "bullets", "bold"))
    bullets = rng.random() < 0.5
    tight = q_style == "**" and rng.random() < 0.5
    parts: list[str] = []
    for b in article.blocks:
        k = b.kind
        if k == "title":
            parts.append(f"# {b.text}")
        elif k == "caption":
            parts.append(f"*{b.text}*" if rng.random() < 0.75 else f"![](bilde.jpg)\n*{b.text}*")
        elif k == "boilerplate":
            if rng.random() < 0.5:
                parts.append(f"> **{b.heading}**\n>\n> {b.text}")
            else:
                parts += [f"### {b.heading}", b.text]
        elif k == "lead":
            parts.append(f"**{b.text}**" if rng.random() < 0.5 else b.text)
        elif k == "quote":
            parts.append(f"> {_quote(b, rng)}")
        elif k == "qa":
            q = f"**{b.heading}**" if q_style == "**" else q_style + b.heading
            if b.items and bullets:
                answer = ["\n".join(f"- {i}" for i in b.items)]
            else:
                answer = list(b.paras)
            if tight:
                parts.append(f"{q}\n{answer[0]}")
                parts += answer[1:]
            else:
                parts += [q, *answer]
        elif k == "facts":
            parts.append(_md_facts(b, fact_style))
        elif k == "readmore":
            parts.append(f"[{b.text}](https://www.ks.no/fagomrader/innovasjon/innovasjonsstafetten/)")
        else:
            parts.append(b.text)
    return "\n\n".join(parts) + "\n", {"format": "md", "tight": tight, "md_facts": fact_style}


def _md_facts(b: Block, style: str) -> str:
    out = []
    if style == "table":
        out += [f"| {b.heading or 'Fakta'} | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in b.rows]
    else:
        if b.heading:
            out.append(f"### {b.heading}\n")
        mark = "- " if style == "bullets" else ""
        rows = [f"{mark}**{k}:** {v}" for k, v in b.rows]
        out.append("\n".join(rows) if style == "bullets" else "\n\n".join(rows))
    if b.motto:
        out.append(f"\n*«{b.motto}»*")
    return "\n".join(out)


# -- a saved web page ----------------------------------------------------------------------------
_ENTITY = {"æ": "&aelig;", "ø": "&oslash;", "å": "&aring;", "Æ": "&AElig;", "Ø": "&Oslash;", "Å": "&Aring;",
           "«": "&laquo;", "»": "&raquo;", "–": "&ndash;", "\u00a0": "&nbsp;", "é": "&eacute;"}
_ENTITY_RE = re.compile("[" + "".join(_ENTITY) + "]")


def _html(article: Article, rng: random.Random) -> tuple[str, dict]:
    legacy = rng.random() < 0.2  # an old CMS that writes named entities for every letter outside ASCII
    nbsp_entity = legacy or rng.random() < 0.5

    def esc(s: str) -> str:
        s = html.escape(s, quote=False)
        if legacy:
            return _ENTITY_RE.sub(lambda m: _ENTITY[m.group()], s)
        if nbsp_entity:
            s = s.replace("\u00a0", "&nbsp;").replace("\u2009", "&thinsp;").replace("\u202f", "&#8239;")
        return s

    q_tag = rng.choice(("h2", "h3", "strong"))
    frng = article.frng or rng  # the families of issue #13 draw from their own stream
    if q_tag == "strong" and frng.random() < 0.4:
        q_tag = "b"
    readmore = esc(f"Les mer om {article.series} her")
    lang = article.lang
    out = [
        "<!DOCTYPE html>" if rng.random() < 0.5 else "<!doctype html>",
        f'<html lang="{lang if rng.random() < 0.5 else "no"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(article.headline)} - KS</title>",
        f'<script src="/dist/js/main.{rng.randrange(16**8):08x}.js" defer></script>',
        "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}"
        " gtag('consent', 'default', {analytics_storage: 'denied'});</script>",
        '<link rel="stylesheet" href="/dist/css/site.css">',
        "<style>.article-body p{max-width:40em}</style>",
        "</head>",
        '<body class="article-page">',
    ]
    if rng.random() < 0.85:
        out.append('<div id="cookie-consent" class="cookie-banner"><p>Vi bruker informasjonskapsler for å gi deg '
                   "en bedre opplevelse av nettstedet.</p><button>Godta alle</button> <button>Bare nødvendige</button></div>")
    out.append('<header class="site-header"><a class="logo" href="/">KS</a><nav class="main-nav"><ul>'
               '<li><a href="/fagomrader/">Fagområder</a></li><li><a href="/om-ks/">Om KS</a></li>'
               '<li><a href="/kontakt/">Kontakt</a></li><li><a href="/sok/">Søk</a></li></ul></nav></header>')
    if rng.random() < 0.8:
        out.append('<nav class="breadcrumbs" aria-label="Brødsmuler"><ol><li><a href="/">Forside</a></li>'
                   '<li><a href="/fagomrader/">Fagområder</a></li><li><a href="/fagomrader/innovasjon/">Innovasjon</a></li>'
                   f"<li>{esc(article.series)}</li></ol></nav>")
    out.append('<main id="content">' if rng.random() < 0.6 else '<div id="main-content" role="main">')
    main_close = "</main>" if out[-1].startswith("<main") else "</div>"
    out.append('<article class="article">')
    readmore_top = rng.random() < 0.6
    body_open = False
    skip: set[int] = set()
    for i, b in enumerate(article.blocks):
        if i in skip:
            continue
        k = b.kind
        if k == "qa" and not body_open:
            out.append('<div class="article-body">')
            body_open = True
        if k == "title":
            out.append(f"<h1>{esc(b.text)}</h1>")
        elif k == "lead":
            out.append(f'<p class="ingress">{esc(b.text)}</p>')
        elif k == "caption":
            out.append(f'<figure><img src="/globalassets/bilder/stafett-{rng.randrange(10**6)}.jpg" alt="">'
                       f"<figcaption>{esc(b.text)}</figcaption></figure>")
        elif k == "boilerplate":
            h = rng.choice(("h2", "h3"))
            out.append(f'<aside class="factbox"><{h}>{esc(b.heading)}</{h}><p>{esc(b.text)}</p></aside>')
        elif k == "quote":
            nxt = article.blocks[i + 1] if i + 1 < len(article.blocks) else None
            if nxt is not None and nxt.kind == "byline" and frng.random() < 0.5:
                # the signature inside the pull quote, as many CMSs mark it up
                out.append(f'<blockquote class="pull-quote"><p>{esc(_quote(b, rng))}</p><footer>{esc(nxt.text)}</footer></blockquote>')
                skip.add(i + 1)
            else:
                out.append(f'<blockquote class="pull-quote"><p>{esc(_quote(b, rng))}</p></blockquote>')
        elif k == "writer":
            out.append(f'<p class="{frng.choice(("byline", "article-author", "meta"))}">{esc(b.text)}</p>')
        elif k == "teaser":
            cls = frng.choice(("teaser-box", "puff", "more"))
            out.append(f'<div class="{cls}"><p><a href="/aktuelt/{frng.randrange(10**5)}/">{esc(b.text)}</a></p></div>')
        elif k == "contact":
            out.append(f'<div class="kontakt"><p>{esc(b.text)}</p></div>')
        elif k == "qa":
            if q_tag in ("strong", "b"):
                out.append(f"<p><{q_tag}>{esc(b.heading)}</{q_tag}></p>")
            else:
                out.append(f"<{q_tag}>{esc(b.heading)}</{q_tag}>")
            if b.items and rng.random() < 0.5:
                out.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in b.items) + "</ul>")
            else:
                out += [f"<p>{esc(p)}</p>" for p in b.paras]
        elif k == "facts":
            out.append(_html_facts(b, rng, esc, frng))
        elif k == "readmore":
            continue  # a web page has its own link block
        else:
            out.append(f"<p>{esc(b.text)}</p>")
        if readmore_top and k in ("title", "lead") and readmore:
            out.append(f'<div class="link-block"><a href="/fagomrader/innovasjon/innovasjonsstafetten/">{readmore}</a></div>')
            readmore = ""
    if body_open:
        out.append("</div>")
    if readmore:
        out.append(f'<div class="link-block"><a href="/fagomrader/innovasjon/innovasjonsstafetten/">{readmore}</a></div>')
    out.append('<div class="share">Del: <a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.ks.no%2F">'
               'Facebook</a> <a href="https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fwww.ks.no%2F">'
               'LinkedIn</a> <a href="mailto:?subject=Tips">E-post</a></div>')
    out.append("</article>")
    out.append(main_close)
    if article.related and rng.random() < 0.5:
        out.append('<aside class="related"><h2>Les også</h2><ul>'
                   + "".join(f'<li><a href="/aktuelt/{i}/">{esc(h)}</a></li>' for i, h in enumerate(article.related))
                   + "</ul></aside>")
    out.append('<footer class="site-footer"><p>KS – Kommunesektorens organisasjon</p>'
               '<a href="/personvern/">Personvern</a> · <a href="/informasjonskapsler/">Informasjonskapsler</a></footer>')
    out.append("<script>document.querySelectorAll('.cookie-banner button').forEach(function (b) {"
               " b.addEventListener('click', function () { b.parentNode.remove(); }); });</script>")
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n", {"format": "html", "legacy_entities": legacy, "question_tag": q_tag}


def _html_facts(b: Block, rng: random.Random, esc, frng: random.Random | None = None) -> str:
    table = rng.random() < 0.7
    style = (frng or rng).random()
    if style < 0.15:  # a list of "Label: value" items
        head = f"<h3>{esc(b.heading)}</h3>" if b.heading else ""
        box = f'{head}<ul class="fakta">' + "".join(f"<li>{esc(k)}: {esc(v)}</li>" for k, v in b.rows) + "</ul>"
    elif style < 0.3:  # an <aside> with bold labels
        head = f"<h4>{esc(b.heading)}</h4>" if b.heading else ""
        box = f'<aside class="faktaboks">{head}' + "".join(f"<p><strong>{esc(k)}:</strong> {esc(v)}</p>" for k, v in b.rows) + "</aside>"
    elif table:
        cap = f"<caption>{esc(b.heading)}</caption>" if b.heading else ""
        rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in b.rows)
        box = f'<table class="kommunefakta">{cap}{rows}</table>'
    else:
        head = f"<h3>{esc(b.heading)}</h3>" if b.heading else ""
        rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in b.rows)
        box = f'<div class="kommunefakta">{head}<dl>{rows}</dl></div>'
    if b.motto:
        box += f'\n<p class="motto">{esc("«" + b.motto + "»")}</p>'
    return box


_RENDERERS = {"txt": _txt, "txt-dash": _txt_dash, "md": _md, "html": _html}
