"""Interview texts (txt, md, saved web pages) -> interview records with evidence spans.

The public API::

    extract_file(path, *, reference=None) -> dict     # a record, as in shared/spec/interview-record.md
    extract_text(text, *, path="<text>", kind="txt")  # the same from a str (kind: txt | md | html)
    read_source(path) -> (normalised_text, meta)      # the text every span of the record points into
    INTERVIEW_SUFFIXES                                # the file kinds extract_file reads

Bad input (empty, binary, undecodable, not an interview) raises :class:`graph.errors.InputError`
with a one-line reason; nothing else is raised for any text or bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import InputError
from ..records import too_large_message
from ..reference import Reference
from .decode import MAX_BYTES, decode_bytes, normalise_text
from .document import KINDS, make_document
from .html import page_from_html
from .record import build_record

INTERVIEW_SUFFIXES = (".txt", ".md", ".html", ".htm")

__all__ = ["INTERVIEW_SUFFIXES", "extract_file", "extract_source", "extract_text", "read_source", "kind_of"]


def kind_of(path: str | Path) -> str:
    """The text kind of a file from its suffix: txt, md or html."""
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    return "txt"


def _read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    if p.is_dir():
        raise InputError(str(path), "is a folder; give interview files (or use 'stafett ingest DIR')")
    try:
        # Refused on its size before it is read: a huge file never reaches the regexes.
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(str(path), too_large_message(size, MAX_BYTES, "an interview text"))
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def _normalise(raw_text: str, kind: str, path: str) -> tuple[str, dict]:
    meta: dict = {"kind": kind, "title": None, "url": None, "published": None, "kinds": ()}
    if kind == "html":
        page = page_from_html(raw_text)
        if not page.text.strip():
            raise InputError(path, "the web page has no article text")
        meta.update(title=page.title, url=page.url, published=page.published, kinds=page.kinds)
        return normalise_text(page.text), meta
    return raw_text, meta


def read_source(path: str | Path) -> tuple[str, dict]:
    """``(normalised_text, meta)`` of an interview file: the text that record spans index, and
    ``meta`` with kind, encoding, sha256 and (for web pages) title, url and published date."""
    raw = _read_bytes(path)
    text, encoding = decode_bytes(raw, path=str(path))
    kind = kind_of(path)
    text, meta = _normalise(text, kind, str(path))
    meta.update(encoding=encoding, sha256=hashlib.sha256(raw).hexdigest())
    return text, meta


def extract_text(text: str, *, path: str = "<text>", kind: str = "txt", reference: Reference | None = None) -> dict:
    """The record of one interview given as text (``kind``: txt, md or html)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    if len(text) > MAX_BYTES:
        raise InputError(path, too_large_message(len(text), MAX_BYTES, "an interview text").replace("bytes", "characters"))
    text = normalise_text(text)
    if not text.strip():
        raise InputError(path, "the text is empty")
    text, meta = _normalise(text, kind, path)
    source = {k: meta[k] for k in ("title", "url", "published") if meta.get(k)}
    return build_record(make_document(text, kind, meta["kinds"]), path=path, reference=reference, source=source)


def extract_file(path: str | Path, *, reference: Reference | None = None) -> dict:
    """The record of one interview file; :class:`InputError` names the file and the reason."""
    return extract_source(path, reference=reference)[0]


def extract_source(path: str | Path, *, reference: Reference | None = None) -> tuple[dict, str]:
    """``(record, normalised_text)`` of one interview file, reading it once (for the builder,
    which also quotes the text the spans point into)."""
    text, meta = read_source(path)
    source = {k: meta[k] for k in ("title", "url", "published") if meta.get(k)}
    source["sha256"] = meta["sha256"]
    return build_record(make_document(text, meta["kind"], meta["kinds"]), path=str(path), reference=reference,
                        source=source), text
