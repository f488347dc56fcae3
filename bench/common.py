"""Shared helpers of the benchmark scripts: the machine, timing a command's process tree, and
writing one section of docs/benchmarks.md without touching the others."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "benchmarks.md"


def graph_digest() -> str:
    """A digest of what decides the graph a build writes (the ontology, the mapping, the derived
    links, the build): a benchmark store built by other code is built again."""
    import hashlib

    h = hashlib.sha256()
    for rel in ("ontology/stafett.ttl", "graph/mapping.py", "graph/links.py", "graph/build.py"):
        h.update((REPO / rel).read_bytes())
    return h.hexdigest()[:12]


def machine() -> str:
    """One line describing the machine and the versions measured."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    import pyoxigraph
    import rdflib

    return (f"{cpu}, {os.cpu_count()} cores{mem}; Linux {platform.release()}; Python {platform.python_version()}; "
            f"pyoxigraph {pyoxigraph.__version__ if hasattr(pyoxigraph, '__version__') else '?'}, rdflib {rdflib.__version__}")


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            status = Path(f"/proc/{p}/status").read_text()
            m = re.search(r"VmRSS:\s+(\d+)", status)
            total += int(m.group(1)) * 1024 if m else 0
            # Children are listed per thread: those a pool's threads started are not under the
            # main thread's task.
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes, the process tree's largest sum
    returncode: int
    stdout: str
    stderr: str


def run(cmd: list[str], *, timeout: float | None = None, env: dict | None = None) -> Run:
    """Run ``cmd``; wall time and the peak resident memory of its whole process tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        done.set()
        return Run(time.perf_counter() - started, peak, -9, out, err)
    done.set()
    t.join()
    return Run(time.perf_counter() - started, peak, proc.returncode, out, err)


def median(xs: list[float]) -> float:
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def write_section(name: str, body: str, *, first: bool = False) -> None:
    """Replace (or add, at the end or with ``first`` after the title) the section ``name`` of
    docs/benchmarks.md, between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    elif first and text.startswith("# "):
        title, _, rest = text.partition("\n")
        text = f"{title}\n\n{block}\n\n{rest.lstrip()}"
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def stafett() -> list[str]:
    """The stafett command of this interpreter's environment."""
    return [sys.executable, "-m", "graph"]


def mib(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MiB"
