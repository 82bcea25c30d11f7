"""The Excel action tracker that officers send to action owners, and read back.

Sheet "Actions": one row per action in an Excel table (autofilter, banded rows), frozen
header, wrapped text, a Status dropdown, conditional formatting for overdue and completed
rows, and an "Overdue at export" column in words so colour is never the only signal. Sheet
"Summary": counts by status and by owner with native bar charts. A hidden sheet "Export
info" records when the tracker was made and each action's state at that moment: the
import compares against it to find owners' edits and to spot conflicts (the app's record
changed after the export).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from csp_desktop.exports.output_files import save_workbook
from csp_desktop.exports.safe_text import cell_text, clean_text
from csp_desktop.exports.xlsx_cells import add_table as _add_table
from csp_desktop.exports.xlsx_cells import header_cells as _header_cells
from csp_desktop.exports.xlsx_cells import named_table as _named_table
from csp_desktop.exports.xlsx_cells import prepared_cell as _cell
from csp_desktop.models import ActionStatus
from csp_desktop.services.export_data import STATUS_WORDS, TrackerData, TrackerRow
from csp_desktop.services.formatting import uk_date

if TYPE_CHECKING:
    from csp_desktop.services.dashboard import Dashboard

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
    ("Subgroup", 20),
    ("Overdue at export", 11),
)
HEADERS = tuple(name for name, _ in COLUMNS)
COL = {name: index + 1 for index, name in enumerate(HEADERS)}
# Columns an owner may change; the import reads these and ignores the rest.
EDITABLE = ("Status", "Latest update", "Due")
DATE_FORMAT = "dd/mm/yyyy"
STATUS_CHOICES = tuple(STATUS_WORDS[s] for s in ActionStatus)
# Room below the rows where owners may add nothing, but the dropdown still applies.
VALIDATION_SPARE_ROWS = 200

INFO_HEADER = "Rows as exported: [reference, updated at, status, due, latest update digest]"

_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_QUOTED = StyleArray()
_QUOTED.quotePrefix = 1  # text that starts like a formula stays text
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


def _value(
    sheet: Any, row: int, column: int, value: Any, style: Any, date_style: Any | None
) -> Any:
    """A prepared cell for text and dates (style, and never a formula); others as they are."""
    if isinstance(value, str):
        return _cell(sheet, row, column, value, style)
    if isinstance(value, dt.date) and date_style is not None:
        return _cell(sheet, row, column, value, date_style)
    return value


def _write_actions_sheet(sheet: Any, data: TrackerData) -> int:
    """Stream the Actions rows into a write-only sheet; return the table's last row."""
    # Written with the first row, so set first: frozen header, fit to page, widths.
    sheet.freeze_panes = "B2"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for column, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[1] = {"ht": "30", "customHeight": "1"}
    sheet.append(_header_cells(sheet, HEADERS))
    wrapped = [
        (COL[name] - 1, width)
        for name, width in COLUMNS
        if name in ("Item", "Action", "Owner(s)", "Latest update", "Body", "Subgroup")
    ]
    wrapping = Cell(sheet)
    wrapping.alignment = _WRAP_TOP
    top = Cell(sheet)
    top.alignment = _TOP
    dated = Cell(sheet)
    dated.alignment = _TOP
    dated.number_format = DATE_FORMAT
    wrapped_columns = {index for index, _ in wrapped}
    date_columns = {COL[name] - 1 for name in ("Meeting date", "Due", "Completed on")}
    # Per column: text wraps where it is long, and every cell sits at the top of its row.
    column_styles = [
        wrapping._style if column in wrapped_columns else top._style
        for column in range(len(HEADERS))
    ]
    date_styles = [dated._style if c in date_columns else None for c in range(len(HEADERS))]
    for number, row in enumerate(data.rows, start=2):
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
            row.subgroup or None,
            "Overdue" if row.is_overdue else None,  # in words; the colour follows TODAY()
        ]
        cells = [
            _value(sheet, number, column, value, column_styles[column - 1], date_styles[column - 1])
            for column, value in enumerate(values, start=1)
        ]
        lines = 1
        for index, width in wrapped:
            text = values[index]
            if isinstance(text, str) and (len(text) > width or "\n" in text):
                lines = max(lines, estimated_lines(text, width))
        if lines > 1:
            # Set before the row is streamed (the writer reads it then). The writer only
            # copies these attributes onto <row>, so a plain dict does what a RowDimension
            # does at a fraction of the cost over thousands of rows.
            height = min(MAX_ROW_HEIGHT_POINTS, lines * LINE_HEIGHT_POINTS)
            sheet.row_dimensions[number] = {"ht": str(height), "customHeight": "1"}
        sheet.append(cells)
    return max(2, len(data.rows) + 1)


def _decorate_actions_sheet(sheet: Any, data: TrackerData, last_row: int) -> None:
    last_column = get_column_letter(len(HEADERS))
    table = Table(displayName=TABLE_NAME, ref=f"A1:{last_column}{last_row}")
    table.tableStyleInfo = TableStyleInfo(
        name="TableStyleMedium2", showRowStripes=True, showColumnStripes=False
    )
    # Named up front: otherwise openpyxl reads the whole range back to find the headings.
    table.tableColumns = [TableColumn(id=i, name=name) for i, name in enumerate(HEADERS, 1)]
    table.autoFilter = AutoFilter(ref=table.ref)
    _add_table(sheet, table)

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
    sheet.data_validations.append(validation)

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
    sheet.data_validations.append(due_validation)

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
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
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


def _write_summary(sheet: Any, data: TrackerData) -> int:
    """Counts by status and by owner, as two small tables, and two native bar charts."""
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.column_dimensions["A"].width = 34
    for column in range(2, len(ActionStatus) + 4):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    plain = StyleArray()
    heading = Cell(sheet)
    heading.font = _HEADING_FONT
    sheet.append([_cell(sheet, 1, 1, "Action tracker summary", heading._style)])
    sheet.append([_cell(sheet, 2, 1, data.title, plain)])
    sheet.append([f"Counts at export, {uk_date(data.exported_at.date())} {data.exported_at:%H:%M}"])
    sheet.append(["Public version: restricted actions are not included." if data.public else None])
    sheet.append([])

    status_headers = ["Status", "Actions"]
    sheet.append(_header_cells(sheet, status_headers, row=6))
    by_status = Counter(row.status for row in data.rows)
    for status in ActionStatus:
        sheet.append([STATUS_WORDS[status], by_status[status]])
    sheet.append(["Overdue (open past due date)", sum(1 for r in data.rows if r.is_overdue)])
    sheet.append(["Total", len(data.rows)])
    status_last = 6 + len(ActionStatus)
    _add_table(
        sheet,
        _named_table("StatusCounts", f"A6:B{status_last}", status_headers, "TableStyleLight9"),
    )

    sheet.append([])
    owner_top = status_last + 4
    headers = ["Owner", *(STATUS_WORDS[s] for s in ActionStatus), "Total", "Overdue"]
    sheet.append(_header_cells(sheet, headers, row=owner_top))
    owners = _owner_counts(data.rows)
    for offset, (owner, counter, overdue) in enumerate(owners, start=1):
        sheet.append(
            [
                _cell(sheet, owner_top + offset, 1, owner, plain),
                *(counter[status] for status in ActionStatus),
                sum(counter.values()),
                overdue,
            ]
        )
    if owners:
        owner_last = owner_top + len(owners)
        ref = f"A{owner_top}:{get_column_letter(len(headers))}{owner_last}"
        _add_table(sheet, _named_table("OwnerCounts", ref, headers, "TableStyleLight9"))

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
    return owner_top + len(owners) + 1  # the next free row


def update_fingerprint(text: str | None) -> str:
    """A short digest of a Latest update cell as written, to tell whether an owner changed it."""
    if not text or not text.strip():
        return ""
    return hashlib.sha1(
        cell_text(text or "").strip().encode("utf-8"), usedforsecurity=False
    ).hexdigest()[:16]


def _write_info(sheet: Any, data: TrackerData) -> None:
    """The hidden record the import needs: when, by whom, and each row as exported.

    One cell per action (a JSON list: reference, updated at, status, due, a digest of the
    latest update) keeps this record cheap to write for thousands of actions.
    """
    sheet.sheet_state = "hidden"
    text_style = StyleArray()
    sheet.append(["Format", FORMAT_MARKER])
    sheet.append(["Version", FORMAT_VERSION])
    sheet.append(["Exported at", data.exported_at.isoformat(timespec="seconds")])
    sheet.append(["Exported by", _cell(sheet, 4, 2, data.author, text_style)])
    sheet.append(["Public", "yes" if data.public else "no"])
    # Row 6 was blank in earlier trackers; the rows the import reads did not move.
    sheet.append(["Archive", data.archive_id, "Export id", data.export_id])
    sheet.append([INFO_HEADER])
    for row in data.rows:
        record = json.dumps(
            [
                row.reference,
                row.updated_at.isoformat(),  # full precision: compared exactly on import
                row.status_word,
                row.due_date.isoformat() if row.due_date else (row.due_text or ""),
                update_fingerprint(row.latest_update),
            ],
            ensure_ascii=False,
        )
        sheet.append([cell_text(record)])  # starts with "[": never read as a formula


def _take_prepared_cells(sheet: Any) -> Any:
    """Let a write-only sheet take our prepared cells as they are, quickly.

    openpyxl's write-only `append` first tries every value as a plain value; a prepared
    `Cell` fails that with a ValueError whose message formats the cell's repr, and only
    then is taken as a cell: for each of the 53,000 prepared cells of a 5,873-action
    tracker (about a fifth of the writing). This is openpyxl's own conversion
    (`WriteOnlyWorksheet._values_to_row`) with the prepared cell checked first.
    """

    def values_to_row(values: Any, row_idx: int) -> Any:
        plain = WriteOnlyCell(sheet)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                plain.value = value
                cell = plain
            cell.column = col_idx
            cell.row = row_idx
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            yield cell
            if cell is plain and (plain.has_style or plain.hyperlink):
                plain = WriteOnlyCell(sheet)

    sheet._values_to_row = values_to_row
    return sheet


def build_tracker_workbook(data: TrackerData, dashboard: Dashboard | None = None) -> Workbook:
    """The whole workbook, ready to save once (write-only: rows are streamed, see
    benchmarks/tracker_export.py for what that saves at 6,000 actions)."""
    workbook = Workbook(write_only=True)
    actions = _take_prepared_cells(workbook.create_sheet(ACTIONS_SHEET))
    last_row = _write_actions_sheet(actions, data)
    _decorate_actions_sheet(actions, data, last_row)
    summary = _take_prepared_cells(workbook.create_sheet(SUMMARY_SHEET))
    next_row = _write_summary(summary, data)
    if dashboard is not None and not data.public:  # dashboard breakdowns (issue 17)
        from csp_desktop.exports.dashboard_xlsx import append_breakdowns

        append_breakdowns(summary, next_row, dashboard)
    _write_info(_take_prepared_cells(workbook.create_sheet(INFO_SHEET)), data)
    properties = workbook.properties
    properties.title = clean_text(f"Action tracker: {data.title}")
    properties.creator = clean_text(data.author) or "CSP Desktop"
    properties.lastModifiedBy = properties.creator
    properties.subject = "Action tracker"
    properties.keywords = "actions; public" if data.public else "actions; full"
    properties.created = data.exported_at
    properties.modified = data.exported_at
    return workbook


def write_tracker(data: TrackerData, output: Path, *, dashboard: Dashboard | None = None) -> Path:
    """Write the tracker workbook to `output` (.xlsx) and return the path."""
    workbook = build_tracker_workbook(data, dashboard)
    save_workbook(workbook, output)
    return output
