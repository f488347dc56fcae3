"""Extraction throughput on one core: interviews per second and MB per second, by file kind.

    python bench/bench_extract.py [FOLDER] [-n 2000] [--seed 1] [--repeat 3] [--write]

FOLDER holds interview files; without it, ``graph.synth`` (when present) writes ``-n`` synthetic
interviews to a temporary folder. The process is pinned to one CPU; the vocabularies and reference
data are loaded once before timing (as in any long run), then every file is read, decoded and
extracted (``extract_file``) ``--repeat`` times and the best round counts. The cost of parsing the
saved web pages alone (``page_from_html``) is shown beside it. ``--write`` puts the figures in the
"Extraction" section of docs/benchmarks.md, leaving the other sections alone.

Extraction must be linear in the length of the text (so no input holds the store's lock for
minutes): the script also extracts one text of repeated Q&A blocks at 100 kB and at 1.6 MB (16
times as long) and prints the ratio of the two times; linear is about 16, the target is at most 20
(``--no-linear`` skips it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, write_section  # noqa: E402

from graph.errors import InputError  # noqa: E402
from graph.extract import INTERVIEW_SUFFIXES, extract_file, extract_text, kind_of  # noqa: E402
from graph.extract.html import page_from_html  # noqa: E402


def corpus(folder: str | None, n: int, seed: int, work: Path) -> tuple[Path, str]:
    if folder:
        return Path(folder), f"the files of {folder}"
    try:
        from graph.synth import write_corpus
    except ImportError:
        sys.exit("bench_extract: give a FOLDER of interviews (graph.synth is not available to generate one)")
    out = work / "corpus"
    write_corpus(out, n, seed=seed)
    return out, f"{n} interviews from `stafett synth --interviews {n} --seed {seed}`"


def measure(files: list[Path], repeat: int) -> dict[str, tuple[int, int, float]]:
    """Per kind: (files, bytes, best seconds over ``repeat`` rounds)."""
    by_kind: dict[str, list[Path]] = defaultdict(list)
    for f in files:
        by_kind[kind_of(f)].append(f)
    extract_file(files[0])  # vocabularies, reference data and regexes: once per process
    out = {}
    for kind, group in sorted(by_kind.items()):
        size = sum(f.stat().st_size for f in group)
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            for f in group:
                try:
                    extract_file(f)
                except InputError:
                    pass
            best = min(best, time.perf_counter() - t0)
        out[kind] = (len(group), size, best)
    return out


def html_parse_seconds(files: list[Path], repeat: int) -> tuple[int, float]:
    pages = [f.read_text(encoding="utf-8", errors="replace") for f in files if kind_of(f) == "html"]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for page in pages:
            page_from_html(page)
        best = min(best, time.perf_counter() - t0)
    return len(pages), best if pages else 0.0


def repeated_blocks(size: int, files: list[Path]) -> str:
    """A text of ``size`` characters or more: the intro of a plain-text interview of the corpus,
    then its questions and answers (and fact box) over and over."""
    from graph.extract import read_source

    for f in files:
        if kind_of(f) != "txt":
            continue
        text, _ = read_source(f)
        q = text.find("\nHvorfor ")
        if q < 0:
            q = text.find("?\n")
            q = text.rfind("\n", 0, q) if q > 0 else -1
        if q > 0:
            head, block = text[:q + 1], text[q + 1:].rstrip() + "\n\n"
            return head + block * (max(0, size - len(head)) // len(block) + 1)
    raise SystemExit("bench_extract: no plain-text interview with questions to repeat")


def linear_ratio(files: list[Path], repeat: int, small: int = 100_000, large: int = 1_600_000) -> tuple[float, float, float]:
    """(seconds at ``small``, seconds at ``large``, their ratio): best of ``repeat`` rounds each."""
    times = []
    for size in (small, large):
        text = repeated_blocks(size, files)
        best = float("inf")
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            extract_text(text, path=f"<{size} characters>")
            best = min(best, time.perf_counter() - t0)
        times.append(best)
    return times[0], times[1], times[1] / times[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?")
    ap.add_argument("-n", type=int, default=2000, help="synthetic interviews when no FOLDER is given")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-linear", action="store_true", help="skip the linear-time check (100 kB vs 1.6 MB)")
    ap.add_argument("--write", action="store_true", help="write the Extraction section of docs/benchmarks.md")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    with tempfile.TemporaryDirectory() as tmp:
        folder, what = corpus(args.folder, args.n, args.seed, Path(tmp))
        files = sorted(f for f in folder.rglob("*") if f.is_file() and f.suffix.lower() in INTERVIEW_SUFFIXES)
        if not files:
            sys.exit(f"bench_extract: no interview files in {folder}")
        results = measure(files, args.repeat)
        pages, parse_s = html_parse_seconds(files, args.repeat)
        linear = None if args.no_linear else linear_ratio(files, min(args.repeat, 2))
    rows = ["| kind | files | MB | interviews/s | MB/s |", "|---|---:|---:|---:|---:|"]
    total_n = total_b = 0
    total_s = 0.0
    for kind, (n, size, secs) in results.items():
        rows.append(f"| {kind} | {n} | {size / 1e6:.2f} | {n / secs:,.0f} | {size / 1e6 / secs:.2f} |")
        total_n, total_b, total_s = total_n + n, total_b + size, total_s + secs
    rows.append(f"| all | {total_n} | {total_b / 1e6:.2f} | {total_n / total_s:,.0f} | {total_b / 1e6 / total_s:.2f} |")
    body = "\n".join([
        "## Extraction",
        "",
        f"`python bench/bench_extract.py{' ' + args.folder if args.folder else f' -n {args.n} --seed {args.seed}'}`"
        f" — {what}, one core, best of {args.repeat} rounds (vocabularies loaded once before timing).",
        "",
        *rows,
        "",
        (f"Parsing the {pages} saved web pages alone (selectolax, `page_from_html`): "
         f"{pages / parse_s:,.0f} pages/s." if pages and parse_s else "No saved web pages in this corpus."),
        "",
        *([] if linear is None else [
            f"Linear time: one text of repeated Q&A blocks takes {linear[0]:.2f} s at 100 kB and {linear[1]:.2f} s at"
            f" 1.6 MB, {linear[2]:.1f} times as long for 16 times the text (target: at most 20).", ""]),
        f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} when measured (other work on the"
        " machine slows these figures down).",
    ])
    print(body)
    if args.write:
        write_section("extraction", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
