"""``stafett ingest``: interview texts -> one reviewable YAML record each, never overwriting an edit.

Each written file starts with a fingerprint line, ``# stafett-ingest sha256=<hex>``, the SHA-256 of
everything after that line. A file whose content no longer matches its fingerprint has been edited
by a person, and ingest refuses to replace it unless forced.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from ..records import dump_record_yaml
from ..reference import Reference
from . import INTERVIEW_SUFFIXES, extract_file

_FINGERPRINT = re.compile(r"^# stafett-ingest sha256=([0-9a-f]{64})\n")
HEADER = "# stafett-ingest sha256={}\n"


@dataclass(frozen=True)
class IngestResult:
    source: str
    target: str | None
    status: str  # written | unchanged | refused | failed
    message: str = ""


def render(record: dict) -> str:
    """The record as YAML under its fingerprint line."""
    body = dump_record_yaml(record)
    return HEADER.format(hashlib.sha256(body.encode("utf-8")).hexdigest()) + body


def edited(existing: str) -> bool:
    """Whether a file ingest wrote has been changed since (or was never written by ingest)."""
    m = _FINGERPRINT.match(existing)
    if not m:
        return True
    return hashlib.sha256(existing[m.end():].encode("utf-8")).hexdigest() != m.group(1)


def interview_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and interview files (by suffix) in folders named, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in INTERVIEW_SUFFIXES))
        else:
            out.append(p)
    return out


def ingest(paths: Iterable[str | Path], into: str | Path, *, force: bool = False,
           reference: Reference | None = None) -> list[IngestResult]:
    """Extract each interview and write ``<into>/<stem>.yaml``; one result per input file."""
    folder = Path(into)
    results: list[IngestResult] = []
    targets: dict[Path, str] = {}
    for src in interview_files(paths):
        target = folder / f"{src.stem}.yaml"
        if target in targets:
            results.append(IngestResult(str(src), str(target), "failed",
                                        f"{src}: would write {target} as {targets[target]} does; rename one of them"))
            continue
        targets[target] = str(src)
        try:
            content = render(extract_file(src, reference=reference))
        except InputError as exc:
            results.append(IngestResult(str(src), None, "failed", str(exc)))
            continue
        results.append(_write(src, target, content, force))
    return results


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write(src: Path, target: Path, content: str, force: bool) -> IngestResult:
    try:
        existing = target.read_text(encoding="utf-8") if target.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        return IngestResult(str(src), str(target), "failed", f"{target}: cannot read the existing record: {exc}")
    if existing == content:
        return IngestResult(str(src), str(target), "unchanged")
    if existing is not None and edited(existing) and not force:
        return IngestResult(str(src), str(target), "refused",
                            f"{target}: edited since stafett wrote it; not replaced (use --force to overwrite)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
        # mkstemp makes the file private (0600); a record is for colleagues to review, so it gets
        # the mode any new file would get here (0644 under the usual umask 022).
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        return IngestResult(str(src), str(target), "failed", f"{target}: cannot write: {exc.strerror or exc}")
    return IngestResult(str(src), str(target), "written")
