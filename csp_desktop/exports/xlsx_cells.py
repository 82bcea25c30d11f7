"""Cells and tables shared by the Excel writers (tracker, dashboard breakdowns): user
text is never a formula, headings are bold, tables carry named columns."""

from __future__ import annotations

import warnings
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from csp_desktop.exports.safe_text import cell_text, looks_like_formula


def prepared_cell(sheet: Any, row: int, column: int, value: Any, style: Any) -> Cell:
    """A prepared cell: user text is never a formula, and keeps the given style."""
    if isinstance(value, str):
        value = cell_text(value)  # already free of what XML forbids
        cell = Cell(sheet, row=row, column=column)
        # Set directly: the value setter would re-check the text and guess a formula.
        cell._value = value
        cell.data_type = "s"
        cell._style = StyleArray(style)
        if looks_like_formula(value):
            cell._style.quotePrefix = 1
    else:
        cell = Cell(sheet, row=row, column=column, value=value)
        cell._style = copy(style)
    return cell


def header_cells(sheet: Any, headers: tuple[str, ...] | list[str], row: int = 1) -> list[Cell]:
    prototype = Cell(sheet)
    prototype.font = Font(name="Calibri", bold=True)
    prototype.alignment = Alignment(wrap_text=True, vertical="center")
    return [
        prepared_cell(sheet, row, column, name, prototype._style)
        for column, name in enumerate(headers, start=1)
    ]


def add_table(sheet: Any, table: Table) -> None:
    """Add a table whose columns are already named (openpyxl warns in write-only mode
    because it cannot read the headings back; ours never need reading)."""
    assert table.tableColumns, "name the table's columns before adding it"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="In write-only mode you must add table")
        sheet.add_table(table)


def named_table(name: str, ref: str, headers: list[str], style: str) -> Table:
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=style, showRowStripes=True)
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, 1)]
    table.autoFilter = AutoFilter(ref=ref)
    return table
