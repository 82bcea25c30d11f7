"""The Excel action tracker that officers send to action owners, and read back.

Sheet "Actions": one row per action in an Excel table (autofilter, banded rows), frozen
header, wrapped text, a Status dropdown, conditional formatting for overdue and completed
rows, and an "Overdue" column in words so colour is never the only signal. Sheet
"Summary": counts by status and by owner with native bar charts. A hidden sheet "Export
info" records when the tracker was made and each action's state at that moment: the
import compares against it to find owners' edits and to spot conflicts (the app's record
changed after the export).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from csp_desktop.exports.output_files import write_atomically
from csp_desktop.exports.safe_text import clean_text, set_text_cell
from csp_desktop.models import ActionStatus
from csp_desktop.services.export_data import STATUS_WORDS, TrackerData, TrackerRow
from csp_desktop.services.formatting import uk_date

ACTIONS_SHEET = "Actions"
SUMMARY_SHEET = "Summary"
INFO_SHEET = "Export info"
TABLE_NAME = "ActionTracker"
FORMAT_MARKER = "csp-desktop/action-tracker"
FORMAT_VERSION = 1

COLUMNS: tuple[tuple[str, float], ...] = (
    ("Reference", 20),
    ("Meeting date", 13),
    ("Item", 30),
    ("Action", 50),
    ("Owner(s)", 26),
    ("Due", 13),
    ("Status", 13),
    ("Completed on", 13),
    ("Latest update", 40),
    ("Body", 24),
    ("Overdue", 10),
)
HEADERS = tuple(name for name, _ in COLUMNS)
COL = {name: index + 1 for index, name in enumerate(HEADERS)}
# Columns an owner may change; the import reads these and ignores the rest.
EDITABLE = ("Status", "Latest update", "Due")
DATE_FORMAT = "dd/mm/yyyy"
STATUS_CHOICES = tuple(STATUS_WORDS[s] for s in ActionStatus)
# Room below the rows where owners may add nothing, but the dropdown still applies.
VALIDATION_SPARE_ROWS = 200

INFO_HEADERS = ("Reference", "Updated at", "Status", "Due", "Latest update")

_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_OVERDUE_FILL = PatternFill("solid", start_color="FDE2E1", end_color="FDE2E1")
_COMPLETED_FILL = PatternFill("solid", start_color="E2F0D9", end_color="E2F0D9")
_HEADING_FONT = Font(name="Calibri", bold=True, size=14)
LINE_HEIGHT_POINTS = 15
MAX_ROW_HEIGHT_POINTS = 409  # Excel's limit


def estimated_lines(text: str, width: float) -> int:
    """Lines a wrapped cell needs: Excel and LibreOffice do not size rows written by
    openpyxl, so without this long text hides behind its neighbours."""
    per_line = max(1, int(width * 1.1))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _overdue_formula(row: int) -> str:
    due, status = f"$F{row}", f"$G{row}"
    return f'AND(ISNUMBER({due}),{due}<TODAY(),{status}<>"Completed",{status}<>"Dropped")'


def _write_actions_sheet(sheet: Any, data: TrackerData) -> int:
    """Fill the Actions sheet; return the last row number used by the table."""
    sheet.append(list(HEADERS))
    for column, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    wrap_columns = {COL[name] for name in ("Item", "Action", "Owner(s)", "Latest update", "Body")}
    date_columns = {COL["Meeting date"], COL["Due"], COL["Completed on"]}
    for offset, row in enumerate(data.rows):
        number = offset + 2
        values: list[Any] = [
            row.reference,
            row.meeting_date,
            row.item,
            row.action,
            row.owners,
            row.due_date if row.due_date else (row.due_text or None),
            row.status_word,
            row.completed_on,
            row.latest_update or None,
            row.body,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column)
            if isinstance(value, str):
                set_text_cell(cell, value)
            else:
                cell.value = value
            if column in date_columns:
                cell.number_format = DATE_FORMAT
            cell.alignment = _WRAP_TOP if column in wrap_columns else _TOP
        lines = max(
            estimated_lines(str(values[column - 1] or ""), COLUMNS[column - 1][1])
            for column in wrap_columns
        )
        if lines > 1:
            sheet.row_dimensions[number].height = min(
                MAX_ROW_HEIGHT_POINTS, lines * LINE_HEIGHT_POINTS
            )
        overdue = sheet.cell(row=number, column=COL["Overdue"])
        overdue.value = f'=IF({_overdue_formula(number)},"Overdue","")'
        overdue.alignment = _TOP
    last_row = max(2, len(data.rows) + 1)
    return last_row


def _decorate_actions_sheet(sheet: Any, data: TrackerData, last_row: int) -> None:
    last_column = get_column_letter(len(HEADERS))
    table = Table(displayName=TABLE_NAME, ref=f"A1:{last_column}{last_row}")
    table.tableStyleInfo = TableStyleInfo(
        name="TableStyleMedium2", showRowStripes=True, showColumnStripes=False
    )
    sheet.add_table(table)
    sheet.freeze_panes = "B2"
    for cell in sheet[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.font = Font(name="Calibri", bold=True)
    sheet.row_dimensions[1].height = 30

    status_column = get_column_letter(COL["Status"])
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_CHOICES) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose Open, In progress, Completed or Dropped.",
        showInputMessage=True,
        promptTitle="Status",
        prompt="Choose the action's status from the list.",
    )
    validation.add(f"{status_column}2:{status_column}{last_row + VALIDATION_SPARE_ROWS}")
    sheet.add_data_validation(validation)

    due_column = get_column_letter(COL["Due"])
    due_validation = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        allow_blank=True,
        showErrorMessage=False,  # free text like "December board" is allowed too
        showInputMessage=True,
        promptTitle="Due",
        prompt="A date (dd/mm/yyyy) or a meeting, e.g. December 2022 board.",
    )
    due_validation.add(f"{due_column}2:{due_column}{last_row + VALIDATION_SPARE_ROWS}")
    sheet.add_data_validation(due_validation)

    area = f"A2:{last_column}{last_row}"
    sheet.conditional_formatting.add(
        area, FormulaRule(formula=[_overdue_formula(2)], fill=_OVERDUE_FILL, stopIfTrue=True)
    )
    sheet.conditional_formatting.add(
        area,
        FormulaRule(
            formula=['$G2="Completed"'],
            fill=_COMPLETED_FILL,
            font=Font(color="3A5A2A"),
        ),
    )

    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddHeader.left.text = clean_text(data.title).replace("&", "&&")
    sheet.oddHeader.right.text = f"Exported {uk_date(data.exported_at.date())}"
    sheet.oddFooter.center.text = "Page &P of &N"
    if data.public:
        sheet.oddFooter.left.text = "Public version"


def _owner_counts(rows: tuple[TrackerRow, ...]) -> list[tuple[str, Counter[ActionStatus], int]]:
    counts: dict[str, Counter[ActionStatus]] = defaultdict(Counter)
    overdue: Counter[str] = Counter()
    for row in rows:
        for owner in row.owner_list or (row.owners or "No owner recorded",):
            counts[owner][row.status] += 1
            if row.is_overdue:
                overdue[owner] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0].lower()))
    return [(owner, counter, overdue[owner]) for owner, counter in ordered]


def _write_summary(sheet: Any, data: TrackerData) -> None:
    sheet["A1"] = "Action tracker summary"
    sheet["A1"].font = _HEADING_FONT
    set_text_cell(sheet["A2"], data.title)
    sheet["A3"] = f"Counts at export, {uk_date(data.exported_at.date())} {data.exported_at:%H:%M}"
    if data.public:
        sheet["A4"] = "Public version: restricted actions are not included."

    sheet["A6"] = "Status"
    sheet["B6"] = "Actions"
    by_status = Counter(row.status for row in data.rows)
    row_number = 7
    for status in ActionStatus:
        sheet.cell(row=row_number, column=1, value=STATUS_WORDS[status])
        sheet.cell(row=row_number, column=2, value=by_status[status])
        row_number += 1
    sheet.cell(row=row_number, column=1, value="Overdue (open past due date)")
    sheet.cell(row=row_number, column=2, value=sum(1 for r in data.rows if r.is_overdue))
    sheet.cell(row=row_number + 1, column=1, value="Total")
    sheet.cell(row=row_number + 1, column=2, value=len(data.rows))
    status_last = 6 + len(ActionStatus)
    status_table = Table(displayName="StatusCounts", ref=f"A6:B{status_last}")
    status_table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(status_table)

    owner_top = row_number + 3
    headers = ["Owner", *(STATUS_WORDS[s] for s in ActionStatus), "Total", "Overdue"]
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=owner_top, column=column, value=header)
    owners = _owner_counts(data.rows)
    for offset, (owner, counter, overdue) in enumerate(owners, start=1):
        number = owner_top + offset
        set_text_cell(sheet.cell(row=number, column=1), owner)
        for column, status in enumerate(ActionStatus, start=2):
            sheet.cell(row=number, column=column, value=counter[status])
        sheet.cell(row=number, column=len(ActionStatus) + 2, value=sum(counter.values()))
        sheet.cell(row=number, column=len(ActionStatus) + 3, value=overdue)
    owner_last = owner_top + max(1, len(owners))
    owner_table = Table(
        displayName="OwnerCounts",
        ref=f"A{owner_top}:{get_column_letter(len(headers))}{owner_last}",
    )
    owner_table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(owner_table)
    sheet.column_dimensions["A"].width = 34
    for column in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12

    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = "Actions by status"
    chart.y_axis.title = "Actions"
    chart.legend = None
    chart.add_data(
        Reference(sheet, min_col=2, min_row=6, max_row=status_last), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=7, max_row=status_last))
    chart.height, chart.width = 7, 14
    sheet.add_chart(chart, "J2")

    if owners:
        shown = min(len(owners), 15)
        by_owner = BarChart()
        by_owner.type = "bar"
        by_owner.grouping = "stacked"
        by_owner.overlap = 100
        by_owner.title = "Actions by owner (top 15)" if len(owners) > 15 else "Actions by owner"
        by_owner.x_axis.title = "Owner"
        by_owner.y_axis.title = "Actions"
        by_owner.add_data(
            Reference(
                sheet,
                min_col=2,
                max_col=1 + len(ActionStatus),
                min_row=owner_top,
                max_row=owner_top + shown,
            ),
            titles_from_data=True,
        )
        by_owner.set_categories(
            Reference(sheet, min_col=1, min_row=owner_top + 1, max_row=owner_top + shown)
        )
        by_owner.height, by_owner.width = max(7.0, 0.6 * shown + 3), 14
        sheet.add_chart(by_owner, "J18")
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _write_info(sheet: Any, data: TrackerData) -> None:
    """The hidden record the import needs: when, by whom, and each row as exported."""
    sheet.sheet_state = "hidden"
    sheet.append(["Format", FORMAT_MARKER])
    sheet.append(["Version", FORMAT_VERSION])
    sheet.append(["Exported at", data.exported_at.isoformat(timespec="seconds")])
    exported_by = sheet.cell(row=4, column=1, value="Exported by")
    set_text_cell(sheet.cell(row=exported_by.row, column=2), data.author)
    sheet.append(["Public", "yes" if data.public else "no"])
    sheet.append([])
    sheet.append(list(INFO_HEADERS))
    for row in data.rows:
        number = sheet.max_row + 1
        values: list[Any] = [
            row.reference,
            row.updated_at.isoformat(timespec="seconds"),
            row.status_word,
            row.due_date.isoformat() if row.due_date else (row.due_text or ""),
            row.latest_update,
        ]
        for column, value in enumerate(values, start=1):
            set_text_cell(sheet.cell(row=number, column=column), value)


def build_tracker_workbook(data: TrackerData) -> Workbook:
    workbook = Workbook()
    actions = workbook.active
    actions.title = ACTIONS_SHEET
    last_row = _write_actions_sheet(actions, data)
    _decorate_actions_sheet(actions, data, last_row)
    _write_summary(workbook.create_sheet(SUMMARY_SHEET), data)
    _write_info(workbook.create_sheet(INFO_SHEET), data)
    properties = workbook.properties
    properties.title = clean_text(f"Action tracker: {data.title}")
    properties.creator = clean_text(data.author) or "CSP Desktop"
    properties.lastModifiedBy = properties.creator
    properties.subject = "Action tracker"
    properties.keywords = "actions; public" if data.public else "actions; full"
    properties.created = data.exported_at
    properties.modified = data.exported_at
    workbook.active = 0
    return workbook


def write_tracker(data: TrackerData, output: Path) -> Path:
    """Write the tracker workbook to `output` (.xlsx) and return the path."""
    workbook = build_tracker_workbook(data)
    write_atomically(output, lambda handle: workbook.save(handle))
    return output
