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
)
from csp_desktop.services.export_data import AgendaData, ItemData, hhmm

AGENDA_HEADERS = ["No.", "Item", "Presenter", "Start", "Time allowed", "Papers"]
AGENDA_WIDTHS_CM = [1.1, 5.9, 3.0, 1.4, 2.3, 2.9]


def agenda_title(data: AgendaData) -> str:
    version = " (public version)" if data.public else ""
    return f"{data.header.body_name}: agenda, {data.header.date_text}{version}"


def _item_cells(item: ItemData) -> list[str]:
    title = item.marked_title
    allocation = ""
    if item.minutes_allocated:
        unit = "minute" if item.minutes_allocated == 1 else "minutes"
        allocation = f"{item.minutes_allocated} {unit}"
    if item.withheld:
        papers = "Withheld (restricted)"
    else:
        papers = "\n".join(paper.text for paper in item.papers)
    return [item.number, title, item.presenter, hhmm(item.start_time), allocation, papers]


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
    add_table(
        document,
        AGENDA_HEADERS,
        (_item_cells(item) for item in data.items),
        AGENDA_WIDTHS_CM,
    )
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
    names = ", ".join(member.text for member in data.members)
    add_text_paragraph(document, names + ".")
