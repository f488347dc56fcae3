"""bench/run.py writes the docs only when asked, and says what --quick does (the benchmarks
themselves run from documented commands, not here: see docs/benchmarks.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import run as bench_run  # noqa: E402


def help_of(script: str) -> str:
    proc = subprocess.run([sys.executable, str(BENCH / script), "--help"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return " ".join(proc.stdout.split())


def test_the_help_says_what_quick_does_and_that_it_writes_nothing():
    text = help_of("run.py")
    assert "--quick" in text and "about 2 minutes" in text and "never writes the docs" in text
    assert "--write" in text and "without it no file of the repository is touched" in text


def test_quick_with_write_is_refused():
    proc = subprocess.run([sys.executable, str(BENCH / "run.py"), "--quick", "--write"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "not figures for the docs" in proc.stderr


@pytest.mark.parametrize("script", sorted({argv[0] for argv in bench_run.FULL.values()}))
def test_every_benchmark_writes_only_with_write(script):
    text = help_of(script)
    assert "--write" in text and "--no-write" not in text
    for steps in (bench_run.FULL, bench_run.quick(Path("/tmp/x"))):
        assert all("--write" not in argv for argv in steps.values())  # added by run.py only when asked
