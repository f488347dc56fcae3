"""Docs that cannot drift: the quickstart, CI and the command list stay in step."""

import re
from pathlib import Path

from graph.cli import cli

REPO = Path(__file__).resolve().parents[1]


def quickstart_lines() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_quickstart_has_exactly_two_command_lines():
    lines = quickstart_lines()
    assert len(lines) == 2
    assert "stafett build" in lines[0] and "pytest" in lines[1]


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert quickstart_lines()[1] in ci.splitlines()


def test_every_command_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"stafett {name}" in readme, name
