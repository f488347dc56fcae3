"""Bytes of an interview file -> one normalised text (pure).

The normalised text is what every span points into, so each step here is either a decoding step
or a one-character-for-one-character replacement that keeps the text easy to show in context:
newlines become ``\\n``, the no-break and thin spaces used as thousands separators become plain
spaces, and the text is put in Unicode NFC so that "å" typed as "a" + ring matches the lexicons.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import InputError

# Magic numbers of the binary formats people most often save by mistake next to interviews.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF (audio/video/WebP) file"),
    (b"{\\rtf", "an RTF document"),
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Characters that stand for a space in print: no-break, figure, thin and narrow no-break space.
_SPACES = {"\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " "}
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# UTF-8 read as cp1252 ("Ã¸" for "ø"): common in texts copied between systems.
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
MAX_BYTES = 5_000_000


def decode_bytes(raw: bytes, *, path: str = "<bytes>") -> tuple[str, str]:
    """Decode ``raw`` and return ``(normalised_text, encoding_name)``.

    Raises :class:`InputError` for an empty, whitespace-only, binary or undecodable input.

    >>> decode_bytes("Areal:\\u00a0456 km2\\r\\n".encode("utf-8"))
    ('Areal: 456 km2\\n', 'utf-8')
    """
    if not raw:
        raise InputError(path, "the file is empty; give an interview text (.txt, .md or .html)")
    if len(raw) > MAX_BYTES:
        from ..records import too_large_message

        raise InputError(path, too_large_message(len(raw), MAX_BYTES, "an interview text"))
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise InputError(path, f"this is {what}, not an interview text; save the interview as .txt, .md or .html")
    text, encoding = _decode(raw, path)
    text = normalise_text(text)
    if not text.strip():
        raise InputError(path, "the file holds only whitespace; give an interview text")
    if not _looks_like_text(text):
        raise InputError(path, "the file looks binary or is in an unreadable encoding; save it as UTF-8 text")
    return text, encoding


def _decode(raw: bytes, path: str) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), codec.replace("-sig", "")
            except UnicodeDecodeError:
                raise InputError(path, f"the file starts with a {codec} byte-order mark but is not valid {codec}") from None
    utf16 = _utf16_without_bom(raw)
    if utf16:
        try:
            return raw.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        raise InputError(path, "the file contains NUL bytes: it looks binary, not like an interview text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _repair_mojibake(text), "utf-8"
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as every other byte being NUL in Latin text."""
    head = raw[:400]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _repair_mojibake(text: str) -> str:
    """Undo one round of UTF-8-read-as-cp1252 when the text is full of it and the repair is clean."""
    if len(_MOJIBAKE.findall(text)) < 3:
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def normalise_text(text: str) -> str:
    """Newlines to ``\\n``, print spaces to spaces, invisible marks removed, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    for ch, space in _SPACES.items():  # str.replace is far faster than str.translate here
        if ch in text:
            text = text.replace(ch, space)
    return unicodedata.normalize("NFC", text)


def _looks_like_text(text: str) -> bool:
    """Mostly printable characters; C0/C1 control characters mean a wrong guess or a binary."""
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) <= max(2, len(sample) // 200)
