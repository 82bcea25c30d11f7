"""The dashboard's breakdowns on the tracker's Summary sheet: small tables and native
bar charts (actions by body and by owner's organisation, age of open actions, attendance
by member organisation) and the plan's latest RAG per priority, in words.

Figures come from services/dashboard.py (the same as the Dashboard tab and the Word
report). Only the full tracker carries them: the public version leaves them out, since
counts there would include restricted actions.
"""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from csp_desktop.exports.xlsx_cells import add_table, header_cells, named_table
from csp_desktop.services.dashboard import Dashboard


def _table(
    sheet: Any, row: int, name: str, headers: list[str], rows: list[list[Any]]
) -> tuple[int, int]:
    """Header at `row`, rows below; returns (header row, last row)."""
    sheet.append(header_cells(sheet, headers, row=row))
    for values in rows:
        sheet.append(values)
    last = row + max(1, len(rows))
    if not rows:
        sheet.append(["None", *([0] * (len(headers) - 1))])
    ref = f"A{row}:{get_column_letter(len(headers))}{last}"
    add_table(sheet, named_table(name, ref, headers, "TableStyleLight9"))
    return row, last


def _chart(
    sheet: Any, title: str, top: int, last: int, columns: int, anchor: str, stacked: bool
) -> None:
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    chart.add_data(
        Reference(sheet, min_col=2, max_col=1 + columns, min_row=top, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=top + 1, max_row=last))
    chart.height, chart.width = max(6.0, 0.6 * (last - top) + 3), 14
    sheet.add_chart(chart, anchor)


def append_breakdowns(sheet: Any, first_row: int, dashboard: Dashboard) -> int:
    """Append the breakdowns from `first_row` (a blank row first); returns the next row."""
    row = first_row
    sheet.append([])
    sheet.append([f"How the partnership is doing: {dashboard.body_name}, {dashboard.period.label}"])
    row += 2
    sections: list[tuple[str, str, list[str], list[list[Any]], bool]] = [
        (
            "ActionsByBody",
            "Actions by body",
            ["Body", "Open, on time", "Overdue", "Completed in period"],
            [
                [c.label, c.open - c.overdue, c.overdue, c.completed]
                for c in dashboard.actions_by_body
            ],
            True,
        ),
        (
            "ActionsByOrganisation",
            "Actions by owner's organisation",
            ["Organisation", "Open, on time", "Overdue", "Completed in period"],
            [
                [c.label, c.open - c.overdue, c.overdue, c.completed]
                for c in dashboard.actions_by_organisation
            ],
            True,
        ),
        (
            "OpenActionAges",
            "How long open actions have been open",
            ["Open for", "Actions"],
            [[b.label, b.count] for b in dashboard.open_action_ages],
            False,
        ),
        (
            "AttendanceByOrganisation",
            "Attendance by member organisation",
            ["Organisation", "Present", "Substitute sent", "Apologies", "Absent"],
            [
                [a.organisation, a.present, a.substitute, a.apologies, a.absent]
                for a in dashboard.attendance
            ],
            True,
        ),
    ]
    for name, title, headers, rows, stacked in sections:
        sheet.append([])
        sheet.append([title])
        row += 2
        top, last = _table(sheet, row, name, headers, rows)
        _chart(sheet, title, top, last, len(headers) - 1, f"J{row - 1}", stacked)
        row = last + 1
        # leave room for the chart beside a short table
        for _ in range(max(0, 12 - (last - top))):
            sheet.append([])
            row += 1
    grid = dashboard.priorities
    if grid is not None:
        sheet.append([])
        sheet.append([f"Priorities of the {grid.plan_label} plan: latest RAG rating"])
        row += 2
        rows = [[line.label, grid.latest(i).word] for i, line in enumerate(grid.priorities)]
        _top, last = _table(sheet, row, "PriorityRag", ["Priority", "Latest RAG"], rows)
        row = last + 1
    return row
