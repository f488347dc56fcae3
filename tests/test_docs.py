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


# -- help tells the truth ------------------------------------------------------------------------------
import os  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import click  # noqa: E402
import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

SHARED = REPO.parent / "shared"


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def tour_lines() -> list[str]:
    section = readme().split("## A tour of the commands", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def readme_commands() -> list[list[str]]:
    """Every ``stafett CMD ...`` the README shows: the tour's lines and the command list's."""
    found = [shlex.split(line, comments=True) for line in tour_lines() if line.startswith("stafett ")]
    for m in re.finditer(r"^- `(stafett [^`]+)`", readme(), re.M):
        found.append(m.group(1).replace("[", " ").replace("]", " ").replace("...", " ").split())
    return found


def options_of(name: str) -> dict[str, click.Parameter]:
    cmd = cli.commands[name]
    return {opt: p for p in cmd.params for opt in (*p.opts, *p.secondary_opts)} | {"-h": None, "--help": None}


@pytest.mark.parametrize("words", readme_commands(), ids=lambda w: " ".join(w)[:60])
def test_every_option_the_readme_shows_exists_with_the_choices_it_shows(words):
    from graph.export import ExportFormat
    from graph.query import ResultFormat

    name = words[1]
    assert name in cli.commands, words
    known = options_of(name)
    for i, word in enumerate(words[2:], start=2):
        if not word.startswith("--"):
            continue
        opt = word.split("=", 1)[0]
        assert opt in known, (name, opt)
        shown = words[i + 1] if i + 1 < len(words) else ""
        if "|" not in shown:
            continue
        values = set(shown.split("|"))
        param = known[opt]
        if isinstance(param.type, click.Choice):
            assert values == set(param.type.choices), (name, opt, values)
        elif (name, opt) == ("query", "--format"):
            assert values == {f.value for f in ResultFormat}
        elif (name, opt) == ("export", "--format"):
            assert values == {f.value for f in ExportFormat} | {"all"}


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_help_shows_every_option_and_the_codes_defaults(name):
    res = CliRunner().invoke(cli, [name, "--help"], terminal_width=200)
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    for param in cli.commands[name].params:
        if isinstance(param, click.Option):
            assert param.opts[0] in text, (name, param.opts)
            if _has_default(param) and not param.is_flag:
                # a default written by hand could drift: every one is shown by click, from the code
                assert param.show_default, (name, param.opts, param.default)
                shown = ", ".join(map(str, param.default)) if isinstance(param.default, tuple) else str(param.default)
                assert re.search(rf"\[default: {re.escape(shown)}[;\]]", text), (name, param.opts, shown)


def _review_comes_up(argv: list[str], *, cwd, env) -> None:
    import httpx

    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), (url, proc.stderr.read() if proc.poll() is not None else "")
        assert httpx.get(url, timeout=30, follow_redirects=True).status_code == 200
    finally:
        proc.terminate()
        proc.wait(30)


def _has_default(param: click.Option) -> bool:
    """Whether the option has a default of its own (click 8.3 marks none with a sentinel)."""
    return param.default not in (None, ()) and "UNSET" not in repr(param.default)


def test_the_store_everyone_is_told_of_is_the_store_the_code_uses(monkeypatch, tmp_path):
    from graph.store import DEFAULT_STORE_HELP, default_store_dir

    monkeypatch.delenv("STAFETT_STORE", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_store_dir() == tmp_path / ".local" / "share" / "stafett" / "store"
    assert "~/.local/share/stafett/store" in DEFAULT_STORE_HELP and "$STAFETT_STORE" in DEFAULT_STORE_HELP
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_dir() == tmp_path / "xdg" / "stafett" / "store" and "$XDG_DATA_HOME/stafett/store" in DEFAULT_STORE_HELP
    monkeypatch.setenv("STAFETT_STORE", str(tmp_path / "mine"))
    assert default_store_dir() == tmp_path / "mine"
    for name in sorted(cli.commands):
        if "--store" in options_of(name):
            text = " ".join(CliRunner().invoke(cli, [name, "--help"], terminal_width=200).output.split())
            assert f"(default: {DEFAULT_STORE_HELP})" in text, name
    assert "./.stafett" not in readme() and "`$STAFETT_STORE`, else `~/.local/share/stafett/store`" in readme()


@pytest.mark.slow
def test_the_readme_tour_runs_as_written(tmp_path):
    """Each line of the tour, in order, in a copy of the checkout's layout (the repository's
    folders linked, ../shared beside it), on a fresh store. Two liberties, both for the machine
    running the tests: `stafett serve` is started in the background and on a free port (the
    lines after it are pointed there instead of 8000), `stafett review` is stopped once its page
    answers, and --open opens no browser."""
    from reliability_support import start_server_process

    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for entry in REPO.iterdir():
        if not entry.name.startswith("."):
            (checkout / entry.name).symlink_to(entry)
    (tmp_path / "shared").symlink_to(SHARED)
    env = {**os.environ, "STAFETT_STORE": str(tmp_path / "store"), "BROWSER": "true", "PYTHONPATH": str(REPO)}
    port, server = None, None
    try:
        for line in tour_lines():
            words = shlex.split(line, comments=True)
            if port is not None:
                words = [w.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for w in words]
            argv = [sys.executable, "-m", "graph", *words[1:]] if words[0] == "stafett" else [sys.executable, *words[1:]]
            if words[:2] == ["stafett", "serve"]:
                server, port = start_server_process(argv, cwd=checkout, env=env)
                continue
            if words[:2] == ["stafett", "review"]:  # a page to work in until Ctrl-C: it must come up, then stop
                _review_comes_up(argv, cwd=checkout, env=env)
                continue
            proc = subprocess.run(argv, cwd=checkout, env=env, capture_output=True, text=True, timeout=600)
            assert proc.returncode == 0, (line, proc.stdout[-2000:], proc.stderr[-2000:])
            assert "Traceback" not in proc.stderr, line
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    assert (checkout / "relay.html").is_file() and (checkout / "export" / "dataset.ttl").is_file()


def test_the_choices_the_cli_offers_are_the_codes(bundled):
    """--metric and --type list what the analytics compute and the network holds."""
    from graph.analytics.centrality import METRICS
    from graph.cli import METRICS as CLI_METRICS, NODE_TYPES
    from graph.network import collaboration_graph
    from viz.style import TYPES, VIEW_TYPES

    assert CLI_METRICS == tuple(METRICS)
    assert NODE_TYPES == tuple(t for t in TYPES if t not in VIEW_TYPES)  # every type a network node may have
    assert {d["type"] for _, d in collaboration_graph(bundled).nodes(data=True)} <= set(NODE_TYPES)
