"""A synthetic corpus of Innovasjonsstafetten interviews, with the gold record of each.

Interviews are written in the series' formats and known variations (``shared/spec``), in bokmål and
nynorsk, by invented people in the real municipalities and county municipalities of the reference
data. They form relays: the giver named in interview k+1 is the interviewee of interview k, with the
same name and organisation, so that a build can join the chain. Same seed, same bytes.

>>> corpus = generate(3, seed=1)
>>> len(corpus), corpus == generate(3, seed=1)
(3, True)
>>> corpus[0].gold["baton_to"]["name"] == corpus[1].gold["interviewee"]["name"]
True
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .compose import compose
from .render import EXTENSIONS, render
from .world import Series, World

__all__ = ["SynthInterview", "CorpusSummary", "generate", "write_corpus", "default_gold_dir"]

_FORMAT_WEIGHTS = (("txt", 0.33), ("txt-dash", 0.2), ("md", 0.15), ("html", 0.32))
_STEM = re.compile(r"^\d{5,}-[a-z0-9-]+\.(txt|md|html|htm)$")


@dataclass
class SynthInterview:
    """One generated interview file."""

    filename: str  # "00042-steinkjer.txt"
    data: bytes  # the file as written: UTF-8, sometimes with a BOM, sometimes CRLF
    text: str  # the same text decoded, "\n" newlines, no BOM (what spans are counted in)
    gold: dict  # what a correct extraction finds, in the format of shared/corpus-gold
    features: dict = field(default_factory=dict)  # the variations this text shows (for tests, stats)
    series: int = 0
    stage: int = 0  # the stage the interviewee runs (the truth, whether or not the text says it)

    @property
    def stem(self) -> str:
        return self.filename.split(".", 1)[0]


def _slug(name: str) -> str:
    name = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-")


def _generate(n: int, seed: int) -> tuple[list[SynthInterview], list[dict]]:
    if n < 0:
        raise ValueError("n must be >= 0")
    world = World(seed)
    out: list[SynthInterview] = []
    relays: list[dict] = []
    width = max(5, len(str(n)))
    index = 0
    while len(out) < n:
        series = world.new_series(index)
        stems: dict[int, str] = {}
        for stage in range(1, series.stages + 1):
            if len(out) == n:
                break
            if stage in series.missing:
                continue
            rng = world.rng("interview", index, stage)
            article, gold, features = compose(world, series, stage, rng)
            fmt = _pick_format(rng)
            text, layout = render(article, fmt, rng)
            features.update(layout)
            ext = EXTENSIONS[fmt]
            if ext == "html" and rng.random() < 0.15:
                ext = "htm"
            features["crlf"] = rng.random() < 0.1
            features["bom"] = rng.random() < 0.08
            raw = text.replace("\n", "\r\n") if features["crlf"] else text
            data = (b"\xef\xbb\xbf" if features["bom"] else b"") + raw.encode("utf-8")
            name = f"{len(out) + 1:0{width}d}-{_slug(series.runners[stage - 1].place.name)}.{ext}"
            stems[stage] = name.split(".", 1)[0]
            out.append(SynthInterview(name, data, text, gold, features, index, stage))
        relays.append(_relay(series, stems))
        index += 1
    return out, relays


def _pick_format(rng) -> str:
    r, acc = rng.random(), 0.0
    for fmt, w in _FORMAT_WEIGHTS:
        acc += w
        if r < acc:
            return fmt
    return _FORMAT_WEIGHTS[-1][0]


def _relay(series: Series, stems: dict[int, str]) -> dict:
    """The truth about one relay, beyond what any one text states: every runner and stage."""
    last = max(stems) if stems else 0
    stages = []
    for k, p in enumerate(series.runners[: last + 1], start=1):
        stages.append({"stage": k, "name": p.name, "role": p.role,
                       "organisation": p.place.gold_org(p.place.name), "interview": stems.get(k)})
    return {"relay": series.index, "stages": stages}


def generate(n: int, *, seed: int = 0) -> list[SynthInterview]:
    """``n`` interviews of the world of ``seed``, relay after relay, in stage order.

    Pure and deterministic: the same ``(n, seed)`` gives the same bytes on every run, and a shorter
    corpus is a prefix of a longer one.
    """
    return _generate(n, seed)[0]


@dataclass
class CorpusSummary:
    out_dir: Path
    gold_dir: Path | None
    interviews: int
    relays: int
    formats: Counter
    languages: Counter
    seconds: float

    def line(self) -> str:
        fmts = ", ".join(f"{k} {v}" for k, v in sorted(self.formats.items()))
        langs = ", ".join(f"{k} {v}" for k, v in sorted(self.languages.items()))
        gold = f"; gold in {self.gold_dir}" if self.gold_dir else ""
        return (f"wrote {self.interviews} interviews of {self.relays} relays to {self.out_dir} "
                f"({fmts}; {langs}) in {self.seconds:.1f}s{gold}")


def default_gold_dir(out_dir: str | Path) -> Path:
    """Gold files go beside the corpus, never in it (the scorer and `stafett build` take the corpus
    folder whole): ``/tmp/syn`` -> ``/tmp/syn-gold``."""
    out = Path(out_dir)
    return out.parent / f"{out.name}-gold"


def _prepare(folder: Path, planned: set[str], pattern: re.Pattern, clean: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stale = sorted(p.name for p in folder.iterdir() if p.name not in planned)
    if not stale:
        return
    ours = [s for s in stale if pattern.match(s)]
    if clean and len(ours) == len(stale):
        for s in ours:
            (folder / s).unlink()
        return
    what = "files that are not earlier synthetic output" if clean else "files this corpus would not replace"
    raise InputError(str(folder), f"holds {len(stale)} {what} (e.g. {stale[0]}); choose an empty folder"
                     + ("" if clean else ", or pass --clean to remove earlier synthetic files"))


def write_corpus(out_dir: str | Path, n: int, *, seed: int = 0, gold: bool = False,
                 gold_dir: str | Path | None = None, clean: bool = False) -> CorpusSummary:
    """Write ``n`` interviews to ``out_dir`` and, with ``gold`` or a ``gold_dir``, their gold
    records as ``<stem>.gold.json`` (default folder: :func:`default_gold_dir`) with ``relays.json``,
    the full relays (every runner, and which stages have an interview).

    A folder holding other files is refused, unless ``clean`` and they are earlier synthetic output.
    """
    t0 = time.perf_counter()
    out = Path(out_dir)
    interviews, relays = _generate(n, seed)
    gdir = Path(gold_dir) if gold_dir is not None else (default_gold_dir(out) if gold else None)
    if gdir is not None:
        o, g = out.resolve(), gdir.resolve()
        if g == o or o in g.parents:
            raise InputError(str(gdir), "the gold folder must not be the corpus folder or inside it; "
                             f"the scorer and `stafett build` read the corpus folder whole (try {default_gold_dir(out)})")
    _prepare(out, {i.filename for i in interviews}, _STEM, clean)
    for i in interviews:
        (out / i.filename).write_bytes(i.data)
    if gdir is not None:
        planned = {f"{i.stem}.gold.json" for i in interviews} | {"relays.json"}
        _prepare(gdir, planned, re.compile(r"^(\d{5,}-[a-z0-9-]+\.gold\.json|relays\.json)$"), clean)
        for i in interviews:
            (gdir / f"{i.stem}.gold.json").write_text(json.dumps(i.gold, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
        (gdir / "relays.json").write_text(json.dumps(relays, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return CorpusSummary(out, gdir, len(interviews), len({i.series for i in interviews}),
                         Counter(i.features["format"] for i in interviews),
                         Counter(i.features["lang"] for i in interviews), time.perf_counter() - t0)
