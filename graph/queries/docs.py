"""The library's section of ``docs/queries.md``, written from the query files themselves.

    python -m graph.queries.docs        # rewrite the section in docs/queries.md

A test compares the file with :func:`library_markdown`, so the page cannot drift from the library.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import NamedQuery, list_queries

START, END = "<!-- queries:library -->", "<!-- /queries:library -->"


def _entry(q: NamedQuery) -> str:
    lines = [
        f"### `{q.name}`",
        "",
        f"**{q.title_en}** · *{q.title_nb}*",
        "",
        f"- {q.question_en}",
        f"- *{q.question_nb}*",
    ]
    if q.columns:
        lines.append("- Columns: " + ", ".join(f"`{c.name}` ({c.nb} · {c.en})" for c in q.columns))
    example = f"stafett query {q.name}"
    if q.params:
        lines.append("- Parameters:")
        for p in q.params:
            default = "required" if p.required else f"default `{p.default}`"
            lines.append(f"  - `{p.name}` ({p.kind}, {default}): {p.doc}".rstrip(": "))
        first = q.params[0]
        value = first.default if first.default is not None else "VALUE"
        example += f" --param {first.name}={_shell(value)}"
    lines += ["", "```bash", example, "```", ""]
    return "\n".join(lines)


def _shell(value) -> str:
    text = str(value)
    return text if text.replace("-", "").replace("_", "").isalnum() else "'" + text.replace("'", "'\\''") + "'"


def library_markdown() -> str:
    """The section: a table of contents, then one entry per query."""
    queries = list_queries()
    toc = ["| name | question |", "|---|---|"] + [f"| [`{q.name}`](#{q.name}) | {q.question_en} |" for q in queries]
    return "\n".join([START, "", *toc, "", *(_entry(q) for q in queries), END]) + "\n"


def write(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{path} has no {START} ... {END} section")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    path.write_text(before + library_markdown().rstrip("\n") + after, encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "queries.md")
