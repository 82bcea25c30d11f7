"""The Word performance report: the dashboard as a board paper.

For each chart: a heading, the picture (exports/chart_png.py) with alt text giving every
figure, and a table of the same figures. Then the plan: aims, each priority's owners,
latest RAG rating (in words) and milestones. Only aggregates and the plan leave the
database: no action text, report summary or name of anyone but the owning bodies.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.shared import Cm

from csp_desktop.exports import chart_png
from csp_desktop.exports.docx_common import (
    add_heading,
    add_styled_paragraph,
    add_table,
    add_text_paragraph,
    finish_paper,
    open_template,
)
from csp_desktop.services.dashboard import (
    ActionCounts,
    describe_actions,
    describe_ages,
    describe_attendance,
    describe_quorum,
    describe_rag,
    describe_reporting,
)
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.performance_data import PerformanceReportData

PICTURE_WIDTH_CM = 16.5


def add_picture(document: Any, png: bytes, title: str, description: str) -> Any:
    """A picture as wide as the text, with Word's alt text (title and description)."""
    shape = document.add_picture(io.BytesIO(png), width=Cm(PICTURE_WIDTH_CM))
    properties = shape._inline.docPr
    properties.set("title", title)
    properties.set("descr", description)
    return shape


def _action_bars(rows: tuple[ActionCounts, ...]) -> list[chart_png.PngBar]:
    return [
        chart_png.PngBar(
            r.label,
            (("on time", r.open - r.overdue), ("overdue", r.overdue), ("completed", r.completed)),
            f"{r.open} open, {r.overdue} overdue, {r.completed} done",
        )
        for r in rows
    ]


def _action_section(document: Any, title: str, rows: tuple[ActionCounts, ...], first: str) -> None:
    add_heading(document, title, level=2)
    description = describe_actions(title, rows)
    add_picture(document, chart_png.bar_chart(_action_bars(rows)), title, description)
    add_table(
        document,
        [first, "Open", "Of which overdue", "Completed in period"],
        ([r.label, str(r.open), str(r.overdue), str(r.completed)] for r in rows),
        [8.0, 2.5, 3.5, 3.0],
    )


def write_performance_report(
    data: PerformanceReportData, output: Path, *, template: Path | None = None
) -> Path:
    dashboard = data.dashboard
    document = open_template(template)
    add_styled_paragraph(document, dashboard.body_name, "Title")
    add_text_paragraph(document, f"Performance report: {dashboard.period.label}", space_after=0)
    prepared = uk_date(data.generated_at.date())
    add_text_paragraph(
        document,
        f"Actions overdue as of {uk_date(dashboard.as_of)}. Prepared {prepared} "
        "from the partnership's meeting records.",
    )

    add_heading(document, "The plan's priorities", level=1)
    _plan_summary(document, data)

    add_heading(document, "Actions", level=1)
    _action_section(document, "Actions by body", dashboard.actions_by_body, "Body")
    _action_section(
        document,
        "Actions by owner's organisation",
        dashboard.actions_by_organisation,
        "Organisation",
    )
    add_heading(document, "How long open actions have been open", level=2)
    ages = dashboard.open_action_ages
    add_picture(
        document,
        chart_png.bar_chart(
            [chart_png.PngBar(b.label, (("open", b.count),), f"{b.count} open") for b in ages]
        ),
        "How long open actions have been open",
        describe_ages(ages),
    )
    add_table(
        document, ["Open for", "Actions"], ([b.label, str(b.count)] for b in ages), [8.0, 3.0]
    )

    add_heading(document, "Attendance", level=1)
    add_heading(document, "Attendance by member organisation", level=2)
    attendance = dashboard.attendance
    add_picture(
        document,
        chart_png.bar_chart(
            [
                chart_png.PngBar(
                    a.organisation,
                    (
                        ("present", a.present),
                        ("substitute", a.substitute),
                        ("apologies", a.apologies),
                        ("absent", a.absent),
                    ),
                    f"{a.represented_percent}% represented",
                )
                for a in attendance
            ]
        ),
        "Attendance by member organisation",
        describe_attendance(attendance),
    )
    add_table(
        document,
        ["Organisation", "Present", "Substitute sent", "Apologies", "Absent", "Represented"],
        (
            [
                a.organisation,
                str(a.present),
                str(a.substitute),
                str(a.apologies),
                str(a.absent),
                f"{a.represented_percent}%",
            ]
            for a in attendance
        ),
        [5.5, 2.0, 2.6, 2.3, 2.0, 2.6],
    )
    add_heading(document, "Quorum at each meeting", level=2)
    add_text_paragraph(document, describe_quorum(dashboard.quorum))
    add_table(
        document,
        ["Meeting", "Members present", "Quorum", "Quorate"],
        (
            [
                uk_date(q.date),
                str(q.members_present),
                "" if q.quorum is None else str(q.quorum),
                q.word,
            ]
            for q in dashboard.quorum
        ),
        [6.0, 3.5, 2.5, 4.0],
    )

    add_heading(document, "Subgroup reports at each meeting", level=1)
    grid = dashboard.reporting
    add_picture(
        document,
        chart_png.grid_chart(
            [name for _, name in grid.subgroups],
            [c.label for c in grid.meetings],
            [[cell.letter for cell in row] for row in grid.cells],
        ),
        "Subgroup reports at each meeting",
        describe_reporting(grid),
    )
    add_text_paragraph(
        document,
        "W written, V verbal, N none (not chased), NC none (chased), - not expected.",
        style="Minutes Note",
    )
    add_table(
        document,
        ["Subgroup", *(c.label for c in grid.meetings)],
        (
            [name, *(cell.word for cell in row)]
            for (_, name), row in zip(grid.subgroups, grid.cells, strict=True)
        ),
        _widths(len(grid.meetings)),
    )
    return finish_paper(
        document,
        output,
        paper="performance report",
        body_short_name=data.body_short_name,
        date_text=uk_date(dashboard.period.date_to),
        title=data.title,
        subject=f"How the {dashboard.body_name} is doing: {dashboard.period.label}",
        author=data.author,
        when=data.generated_at,
        public=True,
        needs_marking=False,
        marking=None,
    )


def _widths(columns: int) -> list[float]:
    first = 5.0
    rest = (17.0 - first) / max(1, columns)
    return [first, *([rest] * columns)]


def _plan_summary(document: Any, data: PerformanceReportData) -> None:
    grid = data.dashboard.priorities
    if data.plan is None or grid is None:
        add_text_paragraph(document, "No partnership plan is recorded.")
        return
    plan = data.plan.plan
    add_text_paragraph(document, f"{plan.title} ({plan.years_label}).")
    if plan.aims.strip():
        add_text_paragraph(document, "Aims: " + " ".join(plan.aims.split("\n")))
    add_picture(
        document,
        chart_png.grid_chart(
            [line.label for line in grid.priorities],
            [c.label for c in grid.meetings],
            [[cell.letter for cell in row] for row in grid.cells],
        ),
        "RAG rating of each priority at each board meeting",
        describe_rag(grid),
    )
    add_text_paragraph(document, "R red, A amber, G green, - not reported.", style="Minutes Note")
    latest = {line.number: grid.latest(index) for index, line in enumerate(grid.priorities)}
    rows = []
    for priority in data.plan.priorities:
        cell = latest.get(priority.number)
        done = sum(1 for m in priority.milestones if m.status_word == "Completed")
        rows.append(
            [
                priority.label,
                ", ".join(priority.owner_names) or "No owner",
                cell.word if cell else "Not reported",
                f"{done} of {len(priority.milestones)} done",
                str(len(priority.actions)),
            ]
        )
    add_table(
        document,
        ["Priority", "Owned by", "Latest RAG", "Milestones", "Linked actions"],
        rows,
        [5.5, 4.5, 2.2, 2.6, 2.2],
    )
    for priority in data.plan.priorities:
        if not priority.milestones:
            continue
        add_heading(document, f"Milestones: {priority.label}", level=3)
        add_table(
            document,
            ["Milestone", "Owner", "Due", "Status"],
            ([m.text, m.owner, m.due_label, m.status_word] for m in priority.milestones),
            [7.0, 3.8, 3.8, 2.4],
        )
