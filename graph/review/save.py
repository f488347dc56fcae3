"""Saving a reviewed record: compose it, check it as the CLI would, write it only over the version
the page started from.

The page sends the record as edited; the server keeps what the page may not change (``source``:
the text's path and SHA-256) and adds ``review``: who, when, and per field whether it was
accepted, corrected, added or removed (worked out here by comparing with the record the page
loaded, not taken from the page). The file is written only inside ``--into``, by a rename, and
only when it is still the version the page loaded: a record edited elsewhere meanwhile is never
overwritten.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import tempfile
from pathlib import Path

from .. import __version__
from ..errors import StafettError
from ..records import normalise_record, record_schema, validate_record
from ..reference import Reference
from .evidence import LISTS, PEOPLE, field_span, get_path, single_fields
from .state import Loaded, file_version, render_reviewed


class SaveRefused(StafettError):
    """The record was not written; ``code`` says why (for the page), the message how to fix it."""

    def __init__(self, code: str, message: str, problems: list | None = None):
        self.code, self.problems = code, problems or []
        super().__init__(message)


def compose(loaded: Loaded, edited: dict, *, reviewer: str | None = None, accepted: list[str] = (),
            now: dt.datetime | None = None) -> dict:
    """The record to write: the page's fields, the server's ``source``, and (with ``reviewer``)
    the ``review`` field."""
    if not isinstance(edited, dict):
        raise SaveRefused("bad-request", "the record must be a JSON object")
    allowed = set(record_schema()["properties"]) - {"source", "review"}
    rec = {"source": copy.deepcopy(loaded.record.get("source") or {})}
    rec["source"]["sha256"] = loaded.sha256
    rec["source"]["path"] = str(loaded.interview.source)
    for key in _order(loaded.record):
        if key in allowed and key in edited:
            rec[key] = copy.deepcopy(edited[key])
    for key in edited:
        if key not in rec and key != "review":
            rec[key] = copy.deepcopy(edited[key])  # unknown fields: validation names them
    _clean(rec)
    _quote_evidence(rec, loaded.text)
    if reviewer is not None:
        rec["review"] = {
            "by": reviewer,
            "at": (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds"),
            "tool": f"stafett review {__version__}",
            "changes": changes(loaded.record, rec, accepted),
        }
    return rec


def _order(record: dict) -> list[str]:
    keys = list(record)
    for k in record_schema()["properties"]:
        if k not in keys:
            keys.append(k)
    return keys


def _clean(rec: dict) -> None:
    """What the form leaves behind that a record does not hold: empty strings as null, empty
    organisations and mayors as null, spans of values that are gone."""
    for who in PEOPLE:
        person = rec.get(who)
        if isinstance(person, dict):
            for k, v in list(person.items()):
                if v == "":
                    person[k] = None
            org = person.get("organisation")
            if isinstance(org, dict) and not any(org.get(k) for k in ("name", "kommunenummer", "fylkesnummer")):
                person["organisation"] = None
    facts = rec.get("facts")
    if isinstance(facts, dict):
        for k, v in list(facts.items()):
            if v == "" or (isinstance(v, dict) and not any(v.values())):
                facts[k] = None
        facts = {k: v for k, v in facts.items() if v is not None}
        rec["facts"] = facts
    singles = {f["key"] for f in single_fields()}
    for table in (rec.get("spans"), rec.get("evidence")):
        if isinstance(table, dict):
            for key in list(table):
                if key in singles and get_path(rec, key) in (None, "", {}):
                    del table[key]


def _quote_evidence(rec: dict, text: str) -> None:
    """Each evidence entry quotes the words at its span, read from the text here (not taken
    from the page), so a record built without its text still quotes what the reviewer chose."""
    evidence = rec.get("evidence")
    if not isinstance(evidence, dict):
        return
    for entry in evidence.values():
        span = entry.get("span") if isinstance(entry, dict) else None
        if isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span) \
                and 0 <= span[0] < span[1] <= len(text):
            words = " ".join(text[span[0]:span[1]].split())[:2000]
            entry["quote"] = words or None


def span_problems(record: dict, text: str, path: str) -> list[tuple[str, str, str]]:
    """Spans that point past the end of the text (the schema cannot know its length)."""
    from ..records import _spans

    out = []
    for field, span in _spans(record):
        if all(isinstance(x, int) for x in span) and not (0 <= span[0] <= span[1] <= len(text)):
            out.append((path, field, f"span {span} is outside the text ({len(text)} characters); select the words again"))
    return out


def check(loaded: Loaded, record: dict, *, reference: Reference) -> list[tuple[str, str, str]]:
    """Every problem of ``record`` as the CLI reports it (``validate_record``), and its spans."""
    path = str(loaded.interview.target)
    problems = validate_record(record, path=path, reference=reference)
    return problems + span_problems(record, loaded.text, path)


# -- what the reviewer did ---------------------------------------------------------------------
def _item_key(field: str, item) -> str:
    main = next(m for k, _, m, _ in LISTS if k == field)
    return " ".join(str((item or {}).get(main) or "").split()).casefold()


def changes(before: dict, after: dict, accepted=()) -> list[dict]:
    """Per field, what changed from ``before`` to ``after``: corrected, added or removed; fields
    in ``accepted`` that did not change are recorded as accepted (one that is empty: the reviewer
    confirms the text does not say it).

    >>> a = {"baton_to": {"name": "Kari"}, "partners": [{"name": "NAV"}]}
    >>> b = {"baton_to": {"name": "Kari Nilsen"}, "partners": [{"name": "NAV"}, {"name": "Hå kommune"}]}
    >>> changes(a, b, ["partners[0]"])
    [{'field': 'baton_to.name', 'action': 'corrected', 'value': 'Kari Nilsen'}, {'field': 'partners[1]', 'action': 'added', 'value': 'Hå kommune'}, {'field': 'partners[0]', 'action': 'accepted', 'value': 'NAV'}]
    """
    out: list[dict] = []
    touched: set[str] = set()
    for f in single_fields():
        key, who = f["key"], f["key"].split(".")[0]
        if who in ("baton_from", "baton_to") and key.endswith(".name"):
            had, has = before.get(who) is not None, after.get(who) is not None
            if had != has:
                out.append(_change(who, "added" if has else "removed", get_path(after if has else before, key)))
                touched.add(who)
                continue
        old, new = _comparable(before, key), _comparable(after, key)
        if old != new or field_span(before, key) != field_span(after, key):
            if who in touched:
                continue
            action = "added" if old in (None, "") else "removed" if new in (None, "") else "corrected"
            out.append(_change(key, action, get_path(after, key) if new not in (None, "") else get_path(before, key)))
    for field, *_ in LISTS:
        old_items = {_item_key(field, it): it for it in before.get(field) or []}
        seen = set()
        for i, item in enumerate(after.get(field) or []):
            k = _item_key(field, item)
            seen.add(k)
            if k not in old_items:
                out.append(_change(f"{field}[{i}]", "added", k and _main(field, item)))
            elif old_items[k] != item:
                out.append(_change(f"{field}[{i}]", "corrected", _main(field, item)))
        for k, item in old_items.items():
            if k not in seen:
                out.append(_change(field, "removed", _main(field, item)))
    if isinstance(before.get("warnings"), list):
        for w in before["warnings"]:
            if w not in (after.get("warnings") or []):
                out.append(_change("warnings", "removed", w))
    done = {c["field"] for c in out}
    for key in accepted:
        if isinstance(key, str) and key not in done and _exists(after, key):
            out.append(_change(key, "accepted", _accepted_value(after, key)))
            done.add(key)
    return out


def _main(field: str, item) -> str | None:
    main = next(m for k, _, m, _ in LISTS if k == field)
    return (item or {}).get(main)


def _comparable(record: dict, key: str):
    if key.endswith(".role") and key.split(".")[0] in PEOPLE:
        p = record.get(key.split(".")[0]) or {}
        return (p.get("role"), p.get("role_as_written")) if (p.get("role") or p.get("role_as_written")) else None
    return get_path(record, key)


def _exists(record: dict, key: str) -> bool:
    if "[" in key:
        field, _, rest = key.partition("[")
        try:
            return 0 <= int(rest.rstrip("]")) < len(record.get(field) or [])
        except ValueError:
            return False
    return key in {f["key"] for f in single_fields()}  # accepting a missing value: the text does not say it


def _accepted_value(record: dict, key: str):
    if "[" in key:
        field, _, rest = key.partition("[")
        return _main(field, (record.get(field) or [])[int(rest.rstrip("]"))])
    return get_path(record, key)


def _change(field: str, action: str, value) -> dict:
    if isinstance(value, dict):
        value = value.get("name") or value.get("label") or value.get("role_as_written") or value.get("role")
    text = None if value in (None, "") else " ".join(str(value).split())[:2000] or None
    return {"field": field, "action": action, "value": text}


# -- writing -------------------------------------------------------------------------------------
def write_record(loaded: Loaded, record: dict, *, into: Path, expected_version: str | None) -> str:
    """Write ``record`` to the interview's target in ``into`` when the file there is still
    ``expected_version`` (None: no file); return the new version. Refuses with a
    :class:`SaveRefused` otherwise."""
    target = loaded.interview.target
    folder = Path(into).absolute()
    if target.absolute().parent != folder:
        raise SaveRefused("outside-into", f"{target}: not in {into}; nothing written")  # cannot happen: targets are made there
    if file_version(target) != expected_version:
        raise SaveRefused("edited-elsewhere", f"{target} has changed since the page loaded it (edited elsewhere); "
                                              "it was not overwritten. Reload the page to see the other changes.")
    content = render_reviewed(normalise_record(record))
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        # Checked again just before the rename: an editor may have saved while we wrote.
        if file_version(target) != expected_version:
            raise SaveRefused("edited-elsewhere", f"{target} was changed elsewhere while saving; it was not overwritten. "
                                                  "Reload the page to see the other changes.")
        os.replace(tmp, folder / target.name)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return file_version(target)
