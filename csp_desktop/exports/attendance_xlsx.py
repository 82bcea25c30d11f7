"""The attendance register: for each body, who came, who sent apologies, who sent a deputy.

One sheet per body. Top: members (expected, present, apologies, absent, substitutes sent,
percentage) then organisations, each as an Excel table; right of the counts, one column per
meeting with the mark in words ("Present", "Apologies", "Substitute sent", "Absent"), so
the register reads without colour. Cancelled meetings are left out and counted in a note.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from csp_desktop.exports.output_files import save_workbook
from csp_desktop.exports.safe_text import clean_text, set_text_cell
from csp_desktop.services.export_data import AttendanceRegister, BodyRegister, RegisterRow
from csp_desktop.services.formatting import short_uk_date, uk_date

COUNT_HEADERS = (
    "Meetings expected",
    "Present",
    "Apologies",
    "Absent",
    "Substitutes sent",
    "Attendance %",
)
PERCENT_FORMAT = "0%"
_TITLE_FONT = Font(name="Calibri", bold=True, size=14)
_BOLD = Font(name="Calibri", bold=True)
_LOW_FILL = PatternFill("solid", start_color="FDE2E1", end_color="FDE2E1")
LOW_ATTENDANCE = 0.5  # below half of meetings: highlighted (the number is there in words too)
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]\:\*\?\/\\]")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet name (31 characters, none of []:*?/\\)."""
    base = _SHEET_NAME_FORBIDDEN.sub(" ", clean_text(name)).strip().strip("'")[:31] or "Body"
    title, counter = base, 2
    while title.lower() in taken:
        suffix = f" ({counter})"
        title = base[: 31 - len(suffix)] + suffix
        counter += 1
    taken.add(title.lower())
    return title


def _table_name(prefix: str, index: int) -> str:
    return f"{prefix}{index}"


def _write_block(
    sheet: Any,
    top: int,
    first_header: str,
    rows: tuple[RegisterRow, ...],
    register: BodyRegister,
    table_name: str,
    *,
    with_organisation: bool,
) -> int:
    """Write one table (members or organisations) from row `top`; return the next free row."""
    # Both tables share their first two columns' widths: organisation, or members counted.
    headers = [first_header, "Organisation" if with_organisation else "Members counted"]
    headers.extend(COUNT_HEADERS)
    # Table headings must be unique: two meetings on one day get "(2)".
    seen: set[str] = set()
    for day in register.meeting_dates:
        label, counter = short_uk_date(day), 2
        while label in seen:
            label, counter = f"{short_uk_date(day)} ({counter})", counter + 1
        seen.add(label)
        headers.append(label)
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=top, column=column, value=header)
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    first_count = 3
    for offset, row in enumerate(rows, start=1):
        number = top + offset
        set_text_cell(sheet.cell(row=number, column=1), row.name)
        if with_organisation:
            set_text_cell(sheet.cell(row=number, column=2), row.organisation)
        else:
            sheet.cell(row=number, column=2, value=row.people)
        counts = (row.expected, row.present, row.apologies, row.absent, row.substitutes_sent)
        for column, value in enumerate(counts, start=first_count):
            sheet.cell(row=number, column=column, value=value)
        percentage = sheet.cell(row=number, column=first_count + len(counts))
        percentage.value = row.percentage
        percentage.number_format = PERCENT_FORMAT
        for column, mark in enumerate(row.marks, start=first_count + len(COUNT_HEADERS)):
            mark_cell = sheet.cell(row=number, column=column, value=mark or None)
            mark_cell.alignment = Alignment(horizontal="center")
    last = top + max(1, len(rows))
    if not rows:
        sheet.cell(row=top + 1, column=1, value="No one on record")
    table = Table(displayName=table_name, ref=f"A{top}:{get_column_letter(len(headers))}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    if rows:
        percent_column = get_column_letter(first_count + len(COUNT_HEADERS) - 1)
        sheet.conditional_formatting.add(
            f"{percent_column}{top + 1}:{percent_column}{last}",
            CellIsRule(operator="lessThan", formula=[str(LOW_ATTENDANCE)], fill=_LOW_FILL),
        )
    sheet.row_dimensions[top].height = 30
    return last + 2


def _write_body_sheet(
    sheet: Any, body: BodyRegister, register: AttendanceRegister, index: int
) -> None:
    set_text_cell(sheet["A1"], f"{body.body_name}: attendance register")
    sheet["A1"].font = _TITLE_FONT
    period = "All meetings on record"
    if register.date_from or register.date_to:
        start = uk_date(register.date_from) if register.date_from else "the first meeting"
        end = uk_date(register.date_to) if register.date_to else "the latest meeting"
        period = f"From {start} to {end}"
    held = len(body.meeting_dates)
    sheet["A2"] = f"{period}: {held} meeting{'' if held == 1 else 's'} held."
    notes = []
    if body.cancelled_left_out:
        count = body.cancelled_left_out
        notes.append(f"{count} cancelled meeting{'' if count == 1 else 's'} left out.")
    if body.future_left_out:
        count = body.future_left_out
        notes.append(f"{count} meeting{'' if count == 1 else 's'} still to come left out.")
    note = " ".join(notes) + (" " if notes else "")
    sheet["A3"] = (
        note + "Attendance % is meetings attended in person out of meetings expected; "
        "a substitute sent is counted separately."
    )
    next_row = _write_block(
        sheet,
        5,
        "Member",
        body.members,
        body,
        _table_name("Members", index),
        with_organisation=True,
    )
    sheet.cell(row=next_row, column=1, value="Organisations").font = _BOLD
    _write_block(
        sheet,
        next_row + 1,
        "Organisation",
        body.organisations,
        body,
        _table_name("Organisations", index),
        with_organisation=False,
    )
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 30
    for column in range(3, 3 + len(COUNT_HEADERS) + len(body.meeting_dates)):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    sheet.freeze_panes = "C6"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "5:5"
    sheet.oddHeader.left.text = clean_text(body.body_name).replace("&", "&&")
    sheet.oddHeader.right.text = "Attendance register"
    sheet.oddFooter.center.text = "Page &P of &N"


def build_register_workbook(register: AttendanceRegister) -> Workbook:
    workbook = Workbook()
    first = workbook.active
    taken: set[str] = set()
    if not register.bodies:
        first.title = "Attendance"
        first["A1"] = "No bodies or meetings on record for this register."
    for index, body in enumerate(register.bodies, start=1):
        sheet = first if index == 1 else workbook.create_sheet()
        # Excel allows 31 characters: a long name gives way to the short one ("VAWG").
        name = body.body_name if len(body.body_name) <= 31 else body.body_short_name
        sheet.title = sheet_title(name, taken)
        _write_body_sheet(sheet, body, register, index)
    properties = workbook.properties
    properties.title = "Attendance register"
    properties.creator = clean_text(register.author) or "CSP Desktop"
    properties.subject = ", ".join(clean_text(b.body_name) for b in register.bodies)[:250]
    properties.created = register.generated_at
    properties.modified = register.generated_at
    return workbook


def write_register(register: AttendanceRegister, output: Path) -> Path:
    """Write the attendance register workbook to `output` (.xlsx) and return the path."""
    workbook = build_register_workbook(register)
    save_workbook(workbook, output)
    return output
