"""CSV tables for people who do not use RDF, and the data dictionary that describes them.

Every table is declared once in ``dictionary.py``: its columns (name, type, the ontology term or
property path it is read through, and a meaning in Bokmål and English) and the SPARQL SELECTs,
with variables named as the columns, that fill it. Here the rows are read (one query after the
other, merged on the table's key) and written. The CSV header, the workbook's sheets, the
README's data dictionary and ``csv/csv-metadata.json`` (CSV on the Web) all come from those
declarations, so the documentation cannot drift from the files.

How the tables read:

- names next to identifiers: an entity is two columns, ``person`` (its name, Bokmål preferred)
  and ``person_iri`` (its IRI, to join tables or look it up in the graph);
- one row per value: where something has several values that people count or filter by (a
  person's posts, a project's organisations, the needs an interview names), the table has one
  row per value, or another table holds them. The few *list* columns left (which interviews
  state a fact, the names a title was written with, a municipality's successors) join their
  values with `` | `` (:data:`SEP`) and say so in the dictionary; a list of names and the list
  of their IRIs beside it are in the same order;
- each table is sorted the way people read it: the relay by stage, people by name,
  municipalities by number.

A cell a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return, and not a plain number) is written with a leading ``'``, so that a name
taken from an interview cannot run as a formula when the CSV is opened in Excel or LibreOffice.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..query import with_prefixes
from .dictionary import INTEGER, IRI, SEP, ColumnType, Table, tables

__all__ = ["SEP", "Table", "TableSet", "tables", "rows", "spreadsheet_safe", "write_tables", "STANDARD", "EXCEL", "Dialect"]

LANG_RANK = {"nb": 0, "": 1, "no": 2, "nn": 3, "en": 4}


# -- reading the rows ----------------------------------------------------------------------------
def rows(snap, table: Table) -> list[list[str]]:
    """The rows of ``table`` read from ``snap``, sorted as the table says."""
    keys = table.key
    merged: dict[tuple, dict] = {}
    groups: list[tuple[str, ...]] = []  # the list columns filled by one query, in declared order
    for n, sparql in enumerate(table.queries):
        result = snap.query(with_prefixes(sparql))
        names = [v.value for v in result.variables if v.value in table.column_names]
        bound = tuple(k for k in keys if k in names)
        lists = tuple(c for c in table.column_names if c in names and table.column(c).list)
        if lists:
            groups.append(lists)
        # a list's items are told apart by its IRI column (or its only column)
        ident = next((c for c in lists if table.column(c).type is IRI), lists[0] if lists else None)
        index: dict[tuple, list[dict]] = {}
        if n:
            for key, row in merged.items():
                index.setdefault(tuple(key[keys.index(k)] for k in bound), []).append(row)
        for sol in result:
            key = tuple(_value(sol[k]) for k in bound)
            for row in [merged.setdefault(key, {})] if n == 0 else index.get(key, []):
                for col in names:
                    if col not in keys and col not in lists and sol[col] is not None:
                        _keep_best(row, col, sol[col])
                if ident is not None and sol[ident] is not None:
                    item = row.setdefault(lists, {}).setdefault(sol[ident].value, {})
                    for col in lists:
                        if sol[col] is not None:
                            _keep_best(item, col, sol[col])
    out = []
    singles = [c.name for c in table.columns if not c.list and c.name not in keys]
    labels = {lists: next((c for c in lists if table.column(c).type is not IRI), lists[0]) for lists in groups}
    for key, row in merged.items():
        cells = dict(zip(keys, key))
        for col in singles:
            cells[col] = row[col][1] if col in row else ""
        for lists in groups:
            label = labels[lists]
            items = sorted(row.get(lists, {}).items(), key=lambda kv: (_sort_text(kv[1].get(label, (9, ""))[1]), kv[0]))
            for col in lists:  # the same order in every column of the group, so names and IRIs pair up
                cells[col] = SEP.join(item.get(col, (9, ""))[1] for _, item in items)
        out.append([cells.get(c, "") for c in table.column_names])
    positions = [table.column_names.index(c) for c in table.order]
    types = [table.column(c).type for c in table.order]
    out.sort(key=lambda r: [_sort_key(r[i], t) for i, t in zip(positions, types)])
    return out


def _value(term) -> str:
    return "" if term is None else term.value


def _keep_best(row: dict, col: str, term) -> None:
    """Keep one value per column: Bokmål before other languages, then the smallest (stable)."""
    rank = LANG_RANK.get(getattr(term, "language", None) or "", 9)
    value = term.value
    if col not in row or (rank, value) < row[col]:
        row[col] = (rank, value)


def _sort_text(text: str) -> str:
    return text.casefold()


def _sort_key(cell: str, type_: ColumnType):
    """Empty cells last; numbers as numbers; text without regard to case."""
    if cell == "":
        return (1, 0, "")
    if type_ is INTEGER:
        try:
            return (0, int(cell), "")
        except ValueError:
            pass
    return (0, 0, _sort_text(cell))


# -- writing -------------------------------------------------------------------------------------
_FORMULA = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def spreadsheet_safe(cell: str) -> str:
    """``cell``, with a leading ``'`` when a spreadsheet would read it as a formula.

    >>> [spreadsheet_safe(c) for c in ["Hå", "=1+1", "@SUM(A1)", "-3", "- a list"]]
    ['Hå', "'=1+1", "'@SUM(A1)", '-3', "'- a list"]
    """
    if _FORMULA.match(cell) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


@dataclass(frozen=True)
class Dialect:
    """How the CSV files are written: the standard one for programs, or one Norwegian Excel opens."""

    name: str
    delimiter: str
    bom: bool

    @property
    def encoding(self) -> str:
        return "utf-8-sig" if self.bom else "utf-8"


STANDARD = Dialect("standard", ",", False)
EXCEL = Dialect("excel", ";", True)


@dataclass
class WrittenTable:
    table: Table
    path: Path
    rows: int


@dataclass
class TableSet:
    """The tables of one export, read once: written as CSV, as a workbook, and described."""

    tables: list[Table]
    rows: dict[str, list[list[str]]] = field(default_factory=dict)

    @classmethod
    def read(cls, snap) -> "TableSet":
        ts = cls(tables(snap.base))
        for t in ts.tables:
            ts.rows[t.name] = rows(snap, t)
        return ts


def write_tables(snap_or_tables, folder: Path, *, dialect: Dialect = STANDARD) -> list[WrittenTable]:
    """Every table as ``folder/<name>.csv`` (RFC 4180 quoting; ``dialect``'s separator and BOM)."""
    ts = snap_or_tables if isinstance(snap_or_tables, TableSet) else TableSet.read(snap_or_tables)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in ts.tables:
        path = folder / f"{table.name}.csv"
        data = ts.rows[table.name]
        with path.open("w", encoding=dialect.encoding, newline="") as fh:
            w = csv.writer(fh, delimiter=dialect.delimiter)
            w.writerow(table.column_names)
            w.writerows([[spreadsheet_safe(cell) for cell in row] for row in data])
        written.append(WrittenTable(table, path, len(data)))
    return written
