"""The interviews under review: each text, its record in ``--into``, and where it stands.

An interview text ``PATH/x.txt`` has its record at ``INTO/x.yaml`` (the name ``stafett ingest``
gives it). Its state is

- ``new``: no record yet (the page starts from a fresh extraction);
- ``extracted``: a record that no one has reviewed (written by ``stafett ingest``, or by hand);
- ``reviewed``: a record saved by this page, unchanged since, of the text as it is now;
- ``changed``: reviewed once, but the text or the record has changed since (or an extracted
  record of a text that has changed since).

A record saved here starts with ``# stafett-review sha256=<hex>``, the SHA-256 of the rest of the
file, so an edit made elsewhere afterwards is seen, and ``stafett ingest`` (which trusts only its
own fingerprint line) never replaces a reviewed record without ``--force``.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..errors import InputError, RecordError
from ..records import dump_record_yaml, normalise_record, parse_record_text, validate_record
from ..reference import Reference

REVIEW_HEADER = "# stafett-review sha256={}\n"
_REVIEW_LINE = re.compile(r"^# stafett-review sha256=([0-9a-f]{64})\n")
STATES = {"new": "ny", "extracted": "hentet ut", "reviewed": "gjennomgått", "changed": "endret siden gjennomgang"}


def render_reviewed(record: dict) -> str:
    """A reviewed record as YAML under its fingerprint line."""
    body = dump_record_yaml(record)
    return REVIEW_HEADER.format(hashlib.sha256(body.encode("utf-8")).hexdigest()) + body


def review_intact(content: str) -> bool:
    """Whether ``content`` is a record this page saved and nobody has changed since."""
    m = _REVIEW_LINE.match(content)
    return bool(m) and hashlib.sha256(content[m.end():].encode("utf-8")).hexdigest() == m.group(1)


def file_version(path: Path) -> str | None:
    """What the page compares before saving: the SHA-256 of the file's bytes (None: no file)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class Interview:
    """One interview text and where its record goes."""

    id: str  # stable within a session: a short hash of the text's absolute path
    source: Path  # as given (relative paths stay relative, as ``stafett ingest`` writes them)
    target: Path  # INTO/<stem>.yaml
    clash: str | None = None  # another text of the same name claims the target


def interviews(paths: Iterable[str | Path], into: str | Path) -> list[Interview]:
    """The interview texts of ``paths`` (files, and texts in folders), each with its target."""
    from ..extract.ingest import interview_files

    folder = Path(into)
    out: list[Interview] = []
    claimed: dict[Path, Path] = {}
    for src in interview_files(paths):
        target = folder / f"{src.stem}.yaml"
        ident = hashlib.sha256(str(src.absolute()).encode("utf-8")).hexdigest()[:12]
        clash = f"{claimed[target]} has the same name; rename one of them" if target in claimed else None
        claimed.setdefault(target, src)
        out.append(Interview(ident, src, target, clash))
    return out


@dataclass
class Loaded:
    """An interview as the page shows it."""

    interview: Interview
    text: str = ""
    sha256: str | None = None  # of the text file's bytes, as records and ``build`` use
    record: dict | None = None
    origin: str = "extraction"  # "record" (from INTO) | "extraction" | "empty"
    version: str | None = None  # of the record file in INTO (None: none yet)
    state: str = "new"
    reason: str = ""
    error: str | None = None  # why the text or the record could not be read
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    review: dict | None = None

    @property
    def state_label(self) -> str:
        return STATES[self.state]


def empty_record(source: dict) -> dict:
    """A record to fill by hand when extraction found no interview in the text."""
    return normalise_record({"source": source, "stage": None, "interviewee": {"name": ""}, "facts": {}, "spans": {}})


def load(interview: Interview, *, reference: Reference, fresh: bool = False) -> Loaded:
    """The text, its record (the one in INTO, else extracted; ``fresh`` extracts anyway) and state."""
    out = Loaded(interview)
    try:
        out.text, out.sha256, extracted, error, meta = _read_source(interview.source)
    except InputError as exc:
        out.error = str(exc)
        out.state, out.record, out.origin = "new", None, "empty"
        return out
    out.version = file_version(interview.target)
    stored = None
    if out.version is not None:
        try:
            content = interview.target.read_bytes().decode("utf-8-sig")
            data = parse_record_text(content, path=str(interview.target))
            out.problems = validate_record(data, path=str(interview.target), reference=reference)
            stored = normalise_record(data) if isinstance(data, dict) else None
        except (RecordError, UnicodeDecodeError) as exc:
            problems = getattr(exc, "problems", None) or [(str(interview.target), "(file)", "not UTF-8 text")]
            out.problems = list(problems)
            content = ""
        out.state, out.reason = _state(stored, content, out.sha256, out.problems)
        out.review = (stored or {}).get("review")
    if stored is not None and not fresh:
        out.record, out.origin = stored, "record"
    elif extracted is not None:
        out.record, out.origin = copy.deepcopy(extracted), "extraction"
    else:
        out.error = error
        source = {"path": str(interview.source), "sha256": out.sha256, "url": meta.get("url"), "title": meta.get("title"),
                  "published": meta.get("published"), "language": None}
        out.record, out.origin = empty_record(source), "empty"
    return out


def _read_source(source: Path):
    """``(text, sha256, extracted record or None, why not, meta)`` of an interview file, kept
    while the file is unchanged (size and modification time): the list extracts every text."""
    try:
        st = source.stat()
    except OSError as exc:
        raise InputError(str(source), f"cannot read: {exc.strerror or exc}") from None
    return _read_cached(str(source), str(source.absolute()), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4096)
def _read_cached(shown: str, absolute: str, mtime_ns: int, size: int):
    from ..extract import extract_source, read_source
    from ..reference import load_reference

    text, meta = read_source(absolute)
    try:
        record, _ = extract_source(absolute, reference=load_reference())
    except InputError as exc:
        return text, meta["sha256"], None, str(exc).replace(absolute, shown), meta
    record["source"]["path"] = shown
    return text, meta["sha256"], normalise_record(record), None, meta


def _state(stored: dict | None, content: str, sha: str, problems) -> tuple[str, str]:
    if stored is None:
        return "changed", "posten kan ikke leses: " + "; ".join(f"{f}: {m}" for _, f, m in problems[:3])
    text_changed = (stored.get("source") or {}).get("sha256") not in (None, sha)
    if stored.get("review") is None:
        if text_changed:
            return "changed", "teksten er endret siden uthentingen"
        return "extracted", "ikke gjennomgått ennå"
    if text_changed:
        return "changed", "teksten er endret siden gjennomgangen"
    if not review_intact(content):
        return "changed", "posten er redigert et annet sted etter gjennomgangen"
    if problems:
        return "changed", "posten har feil: " + "; ".join(f"{f}: {m}" for _, f, m in problems[:3])
    return "reviewed", ""
