"""``OUT/stafett.xlsx``: every table as a sheet of one workbook, with the data dictionary.

The workbook is for people who open the tables in Excel, Numbers or LibreOffice, whatever their
locale: a CSV file needs the right separator and encoding for each (Norwegian Excel wants ``;``
and a BOM, English Excel ``,``), a workbook does not. Cells keep their types: numbers are
numbers, true/false are booleans, and every other value is a text cell -- so a municipality
number keeps its leading zero (``0301``, not 301) and a name that looks like a formula
(``=HYPERLINK(...)``) is shown as the text it is, never run: text cells are not formulas, so
no leading ``'`` is needed here. Written with openpyxl, in its streaming (write-only) mode.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..errors import StafettError
from .tables import SEP, TableSet

#: Rows a sheet holds, its header row included (Excel's limit).
MAX_ROWS = 1_048_576
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


class WorkbookTooLarge(StafettError):
    """A table has more rows than a sheet holds."""


def write_workbook(ts: TableSet, path: Path, *, about: list[tuple[str, str]] = (), date: dt.date | None = None) -> Path:
    """The tables of ``ts`` as ``path``: a sheet "Les meg - Read me" (``about``: label, value
    rows), a sheet "Kolonner - Columns" (the data dictionary) and one sheet per table."""
    for table in ts.tables:
        if len(ts.rows[table.name]) + 1 > MAX_ROWS:
            raise WorkbookTooLarge(f"csv/{table.name}.csv has {len(ts.rows[table.name]):,} rows, more than a sheet holds "
                                   f"({MAX_ROWS - 1:,}); export without xlsx (--format all minus xlsx) and open the CSV files instead")
    wb = Workbook(write_only=True)
    if date is not None:
        moment = dt.datetime.combine(date, dt.time())
        wb.properties.created = wb.properties.modified = moment
    wb.properties.title = "stafett"

    readme = wb.create_sheet("Les meg - Read me")
    _widths(readme, [34, 110])
    for label, value in about:
        readme.append([_text(readme, label, bold=True), _text(readme, value, wrap=True)])

    columns = wb.create_sheet("Kolonner - Columns")
    header = ["tabell / table", "kolonne / column", "type", "betydning", "meaning", "liste / list", "term (ontologi / ontology)"]
    _widths(columns, [24, 26, 22, 60, 60, 12, 44])
    columns.freeze_panes = "A2"
    columns.append([_text(columns, h, bold=True) for h in header])
    for table in ts.tables:
        for c in table.columns:
            columns.append([_text(columns, table.name), _text(columns, c.name), _text(columns, c.type.en),
                            _text(columns, c.nb, wrap=True), _text(columns, c.en, wrap=True),
                            _text(columns, f"'{SEP.strip()}'" if c.list else ""), _text(columns, c.term_text())])

    for table in ts.tables:
        ws = wb.create_sheet(table.name[:31])
        data = ts.rows[table.name]
        widths = [min(60, max([len(c.name)] + [len(r[i]) for r in data[:200]]) + 2) for i, c in enumerate(table.columns)]
        _widths(ws, widths)
        ws.freeze_panes = "A2"
        if data:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(data) + 1}"
        ws.append([_text(ws, c.name, bold=True) for c in table.columns])
        kinds = [c.type.cell for c in table.columns]
        for row in data:
            ws.append([_cell(ws, value, kind) for value, kind in zip(row, kinds)])
    wb.save(path)
    return path


def _widths(ws, widths: list[int]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _text(ws, value: str, *, bold: bool = False, wrap: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # openpyxl takes a string starting with "=" for a formula; it is text here
    if bold:
        cell.font = _BOLD
    if wrap:
        cell.alignment = _WRAP
    return cell


def _cell(ws, value: str, kind: str):
    if value == "":
        return None
    if kind == "integer":
        try:
            return int(value)
        except ValueError:
            pass
    elif kind == "boolean" and value in ("true", "false"):
        return value == "true"
    if value.startswith("=") or ILLEGAL_CHARACTERS_RE.search(value):
        return _text(ws, value)  # a cell of its own, typed as text
    return value  # a plain string: openpyxl writes it as text (and reuses one cell object)
