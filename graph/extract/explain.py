"""``stafett extract --explain``: each field of a record with its value, where it stands in the text,
the words around it, the cue that chose it and how sure that cue is (pure).

What a reviewer needs to trust a value or fix it: a value without evidence, or with a low
confidence, is the one to check first.
"""

from __future__ import annotations

from ..model import Record

CONTEXT = 40  # characters shown on each side of a value


def context(text: str, span, width: int = CONTEXT) -> str:
    """The words around ``span``, on one line, the value between brackets.

    >>> context("Rådmann Kari Nordmann svarer.", [8, 21], width=8)
    '…Rådmann [Kari Nordmann] svarer.'
    """
    if not span or text is None:
        return ""
    s, e = int(span[0]), int(span[1])
    if not 0 <= s <= e <= len(text):
        return ""
    before, value, after = text[max(0, s - width):s], text[s:e], text[e:e + width]

    def flat(x: str) -> str:
        return " ".join(x.split()) if x.strip() else ""

    left = ("…" if s > width else "") + flat(before)
    right = flat(after) + ("…" if e + width < len(text) else "")
    return f"{left}{' ' if before[-1:].isspace() else ''}[{flat(value)}]{' ' if after[:1].isspace() else ''}{right}"


def _shown(value) -> str:
    if isinstance(value, dict):
        if "name" in value and ("kommunenummer" in value or "fylkesnummer" in value):
            code = value.get("kommunenummer") or value.get("fylkesnummer")
            return f"{value['name']} ({code})" if code else f"{value['name']} (no number)"
        if "name" in value:
            return f"{value['name']}" + (f" ({value['party']})" if value.get("party") else "")
    return str(value)


def _fields(record: Record):
    """(field path, value) of every single-valued field that has a value, in the record's order."""
    if record.get("stage") is not None:
        yield "stage", record["stage"]
    for who in ("interviewee", "baton_from", "baton_to"):
        person = record.get(who)
        if not person:
            continue
        yield f"{who}.name", person["name"]
        if person.get("role_as_written"):
            role = person.get("role")
            shown = person["role_as_written"] + (f" (post: {role})" if role and role != person["role_as_written"] else "")
            yield f"{who}.role", shown
        for part in ("organisation", "since", "county"):
            if person.get(part):
                yield f"{who}.{part}", person[part]
    for key, value in (record.get("facts") or {}).items():
        if key != "span" and value not in (None, {}, ""):
            yield f"facts.{key}", value


def explain(record: Record, text: str | None) -> str:
    """The record as a reviewer's table: one block per field, then the lists, then the warnings."""
    evidence = record.get("evidence") or {}
    out = [f"== {(record.get('source') or {}).get('path') or '<text>'}"]
    for path, value in _fields(record):
        ev = evidence.get(path) or {}
        conf = ev.get("confidence")
        out.append(f"{path:<26} {_shown(value)}")
        out.append(f"{'':<4}cue: {ev.get('cue') or 'none recorded'}"
                   + (f"; confidence {conf:.2f}" if isinstance(conf, (int, float)) else ""))
        if ev.get("span"):
            out.append(f"{'':<4}at {ev['span'][0]}-{ev['span'][1]}: {context(text, ev['span']) or ev.get('quote') or ''}")
    answers = [(qa.get("answer_span"), qa.get("question") or qa.get("topic") or "?") for qa in record.get("qa") or []]
    for key, label in (("projects", "name"), ("partners", "name"), ("organisations", "name"),
                       ("needs", "label"), ("methods", "label")):
        items = record.get(key) or []
        if not items:
            continue
        out.append(f"{key}:")
        for item in items:
            span = item.get("span")
            where = next((q for a, q in answers if a and span and a[0] <= span[0] < a[1]), None)
            extra = f" [{item['kind']}]" if item.get("kind") else ""
            code = item.get("kommunenummer") or item.get("fylkesnummer")
            extra += f" ({code})" if code else ""
            out.append(f"  - {item[label]}{extra}")
            out.append(f"{'':<4}cue: {'in the answer to ' + repr(where) if where else 'in the opening or outside the answers'}")
            if span:
                out.append(f"{'':<4}at {span[0]}-{span[1]}: {context(text, span) or item.get('quote') or ''}")
    warnings = record.get("warnings") or []
    out.append("warnings:" if warnings else "warnings: none")
    out.extend(f"  - {w}" for w in warnings)
    return "\n".join(out)
