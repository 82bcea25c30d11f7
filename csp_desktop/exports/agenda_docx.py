"""The Word agenda: numbered items with presenters, timings, papers and restricted marks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from csp_desktop.exports.docx_common import (
    add_heading,
    add_styled_paragraph,
    add_table,
    add_text_paragraph,
    finish_paper,
    open_template,
    widths_from_content,
)
from csp_desktop.services.export_data import AgendaData, ItemData, hhmm
from csp_desktop.services.publication import VERBAL_UPDATE

AGENDA_HEADERS = ["No.", "Item", "Presenter", "Start", "Time allowed", "Papers"]
AGENDA_WIDTHS_CM = [1.1, 5.9, 3.0, 1.4, 2.3, 2.9]
# Narrowest each column may be; the rest is shared out by what the columns hold.
AGENDA_MINIMUM_CM = [1.0, 4.0, 2.0, 1.2, 1.8, 2.0]
TIMING_COLUMNS = (3, 4)  # Start, Time allowed: left out when the body does not print them


def agenda_title(data: AgendaData) -> str:
    version = " (public version)" if data.public else ""
    return f"{data.header.body_name}: agenda, {data.header.date_text}{version}"


def _item_cells(item: ItemData) -> list[str]:
    title = item.marked_title
    # What members are asked to do is printed under the title.
    if item.agenda_text:
        title = f"{title}\n{item.agenda_text}"
    allocation = item.allocation_text
    papers_lines = [VERBAL_UPDATE] if item.is_verbal_update else []
    if item.withheld:
        papers_lines.append("Withheld (restricted)")
    else:
        papers_lines.extend(paper.text for paper in item.papers)
    papers = "\n".join(papers_lines)
    return [item.number, title, item.presenter, hhmm(item.start_time), allocation, papers]


def agenda_table(data: AgendaData) -> tuple[list[str], list[list[str]], list[float]]:
    """Headers, rows and column widths (from the content) of the agenda table."""
    # No allocations at all: start times would all read the meeting's start; leave both out.
    timings = data.show_timings and any(item.minutes_allocated for item in data.items)
    keep = [index for index in range(len(AGENDA_HEADERS)) if timings or index not in TIMING_COLUMNS]
    headers = [AGENDA_HEADERS[i] for i in keep]
    rows = [[cells[i] for i in keep] for cells in (_item_cells(item) for item in data.items)]
    widths = widths_from_content(
        headers, rows, sum(AGENDA_WIDTHS_CM), [AGENDA_MINIMUM_CM[i] for i in keep]
    )
    return headers, rows, widths


def write_agenda(
    data: AgendaData,
    output: Path,
    *,
    template: Path | None = None,
    marking: str | None = None,
) -> Path:
    """Write the agenda to `output` (.docx) and return the path."""
    document = open_template(template)
    header = data.header
    add_styled_paragraph(document, header.body_name, "Title")
    first_line = header.date_text + (f", {header.time_text}" if header.time_text else "")
    add_text_paragraph(document, first_line, space_after=0)
    if header.venue:
        add_text_paragraph(document, f"Venue: {header.venue}", space_after=0)
    if header.contact:
        add_text_paragraph(document, f"Contact: {header.contact}")
    add_heading(document, "Agenda", level=1)
    if data.public:
        add_text_paragraph(
            document,
            "Public version: papers for restricted items are not published.",
            style="Minutes Note",
        )
    headers, rows, widths = agenda_table(data)
    add_table(document, headers, rows, widths)
    _write_members(document, data)
    if any(item.is_restricted for item in data.items) and not data.public:
        add_text_paragraph(
            document,
            "Items marked RESTRICTED are for board members only and must not be shared "
            "outside the partnership.",
            style="Minutes Note",
        )
    return finish_paper(
        document,
        output,
        paper="agenda",
        body_short_name=header.body_short_name,
        date_text=header.date_text,
        title=agenda_title(data),
        subject=f"Agenda for the {header.body_name} meeting on {header.date_text}",
        author=data.author,
        when=data.generated_at,
        public=data.public,
        needs_marking=data.needs_marking,
        marking=marking,
    )


def _write_members(document: Any, data: AgendaData) -> None:
    if not data.members:
        return
    add_heading(document, "Membership", level=2)
    names = ", ".join(
        member.text_with_organisation if data.show_organisations else member.text
        for member in data.members
    )
    add_text_paragraph(document, names + ".")
