"""Word minutes in the house style of the published CSP minutes.

Real Word styles throughout (Title, Heading 1-3, List Bullet, Action, Decision) so an
officer can restyle the whole document from the Styles pane, and a screen reader can
navigate by heading. Takes `MinutesData` only: filtering already happened in the service.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from csp_desktop.exports.docx_common import (
    add_heading,
    add_labelled_paragraph,
    add_styled_paragraph,
    add_text_paragraph,
    finish_paper,
    open_template,
    restart_numbering,
)
from csp_desktop.exports.safe_text import clean_text
from csp_desktop.models import ItemKind, ReportStatus
from csp_desktop.services.export_data import (
    ActionData,
    AttendeeLine,
    BlockKind,
    ItemData,
    MinutesData,
    TextBlock,
    classify_lines,
)
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.publication import VERBAL_UPDATE

STYLE_FOR_BLOCK = {
    BlockKind.PARAGRAPH: None,
    BlockKind.BULLET: "List Bullet",
    BlockKind.ACTION: "Action",
    BlockKind.SUBHEADING: "Minutes Subheading",
    BlockKind.NUMBERED: "List Number",
}
# Lists one level down: "o" sub-bullets, "a)" under "1.".
STYLE_FOR_LEVEL_2 = {BlockKind.BULLET: "List Bullet 2", BlockKind.NUMBERED: "List Number 2"}
NOT_RECORDED = "Attendance not recorded."


def minutes_title(data: MinutesData) -> str:
    version = " (public version)" if data.public else ""
    return f"{data.header.body_name}: minutes, {data.header.date_text}{version}"


def write_minutes(
    data: MinutesData,
    output: Path,
    *,
    template: Path | None = None,
    marking: str | None = None,
) -> Path:
    """Write the minutes to `output` (.docx) and return the path.

    Args:
        data: the meeting as the service prepared it (public or full).
        output: where to save; replaced atomically.
        template: a council's .docx/.dotx template; the shipped one by default.
        marking: protective marking for a full version with restricted content.
    """
    document = open_template(template)
    _write_header(document, data)
    _write_attendance(document, data)
    for item in data.items:
        _write_item(document, item, show_timings=data.show_timings)
    if data.next_meeting:
        add_heading(document, "Date of next meeting", level=1)
        for line in data.next_meeting:
            add_text_paragraph(document, line)
    _write_amendments(document, data)

    return finish_paper(
        document,
        output,
        paper="minutes",
        body_short_name=data.header.body_short_name,
        date_text=data.header.date_text,
        title=minutes_title(data),
        subject=f"Minutes of the {data.header.body_name} meeting on {data.header.date_text}",
        author=data.author,
        when=data.generated_at,
        public=data.public,
        needs_marking=data.needs_marking,
        marking=marking,
    )


def _write_header(document: Any, data: MinutesData) -> None:
    header = data.header
    add_styled_paragraph(document, header.body_name, "Title")
    lines = [header.title] if header.title and header.title != header.body_name else []
    lines.append(header.date_text)
    if header.time_text:
        lines[-1] += f", {header.time_text}"
    if header.venue:
        lines.append(f"Venue: {header.venue}")
    if header.contact:
        lines.append(f"Contact: {header.contact}")
    for line in lines:
        add_text_paragraph(document, line, space_after=0)
    add_heading(document, "Minutes", level=1)
    if data.public:
        add_text_paragraph(
            document,
            "Public version: the text of restricted items, their papers and the actions "
            "raised in them are withheld.",
            style="Minutes Note",
        )
    if header.approved_on:
        add_text_paragraph(document, f"Approved on {uk_date(header.approved_on)}.")


def _attendance_paragraph(
    document: Any, label: str, people: tuple[AttendeeLine, ...], *, organisations: bool
) -> None:
    # Only what was recorded: an empty list is left out, never printed as "None".
    if not people:
        return
    texts = (person.text_with_organisation if organisations else person.text for person in people)
    add_labelled_paragraph(document, f"{label}: ", ", ".join(texts) + ".")


def _write_attendance(document: Any, data: MinutesData) -> None:
    add_heading(document, "Attendance", level=2)
    if not data.attendance_recorded:
        add_text_paragraph(document, NOT_RECORDED, style="Minutes Note")
        return
    organisations = data.show_organisations
    _attendance_paragraph(document, "Members Present", data.present, organisations=organisations)
    _attendance_paragraph(
        document, "Additional Attendees", data.additional, organisations=organisations
    )
    _attendance_paragraph(document, "Apologies", data.apologies, organisations=organisations)


def block_style(block: TextBlock) -> str | None:
    """The Word style of a typed line: list styles by kind and level."""
    if block.level > 0 and block.kind in STYLE_FOR_LEVEL_2:
        return STYLE_FOR_LEVEL_2[block.kind]
    return STYLE_FOR_BLOCK[block.kind]


def _write_block(document: Any, block: TextBlock, *, restart: bool = False) -> None:
    # Actions are bold in the style AND on the runs: a council's "Action" style may not be.
    style = block_style(block)
    paragraph = add_text_paragraph(
        document,
        block.text,
        style=style,
        bold=block.kind is BlockKind.ACTION,
    )
    if restart and style is not None:
        restart_numbering(document, paragraph, style)


def _write_blocks(document: Any, blocks: tuple[TextBlock, ...] | list[TextBlock]) -> None:
    """Typed lines as paragraphs; a numbered list runs on through the bullets under its
    items and starts again at 1 after anything that is not a list."""
    open_levels: set[int] = set()
    for block in blocks:
        restart = False
        if block.kind is BlockKind.NUMBERED:
            restart = block.level not in open_levels
            open_levels = {level for level in open_levels if level <= block.level}
            open_levels.add(block.level)
        elif block.kind is not BlockKind.BULLET:
            open_levels = set()
        _write_block(document, block, restart=restart)


def _action_paragraph(document: Any, action: ActionData) -> None:
    add_text_paragraph(document, action.minutes_line, style="Action", bold=True)


def _write_item(document: Any, item: ItemData, *, show_timings: bool = True) -> None:
    add_heading(document, clean_text(item.heading), level=1)
    # The council's house style: the time allowed (and taken) under the title.
    if show_timings and item.timing_line:
        add_text_paragraph(document, item.timing_line, style="Minutes Note")
    if item.is_verbal_update:
        add_text_paragraph(document, VERBAL_UPDATE, style="Minutes Note")
    # The agenda's words under the title (what members were asked to do), then the minute.
    for line in item.agenda_text.splitlines():
        if line.strip():
            add_text_paragraph(document, line.strip(), style="Minutes Note")
    # Standing items are led by the chair; only topical items name their presenter.
    if item.presenter and not item.withheld and item.kind is ItemKind.TOPICAL:
        add_text_paragraph(document, f"Presented by {item.presenter}.")
    # Arrivals, departures, declarations and withdrawals: noted where they happened.
    for note in item.notes:
        add_text_paragraph(document, note, style="Minutes Note")
    if item.shows_summary or not item.withheld:
        _write_blocks(document, item.blocks)
    else:
        for block in item.blocks:
            add_text_paragraph(document, block.text, style="Minutes Note")
    if item.papers:
        # As council sites list them: the item's paper, then "Additional documents".
        first, *others = item.papers
        add_labelled_paragraph(document, "Papers: ", first.text)
        if others:
            add_labelled_paragraph(
                document, "Additional documents: ", "; ".join(paper.text for paper in others)
            )
    if item.decisions:
        add_styled_paragraph(document, "Recommendations Approved:", "Minutes Subheading")
        for decision in item.decisions:
            add_text_paragraph(document, decision, style="Decision")
    for action in item.actions:
        _action_paragraph(document, action)
    if item.reviewed_outstanding:
        add_styled_paragraph(
            document, "The following actions remain outstanding:", "Minutes Subheading"
        )
        for action in item.reviewed_outstanding:
            _action_paragraph(document, action)
    if item.reviewed_completed:
        add_styled_paragraph(
            document, "The following actions have been completed:", "Minutes Subheading"
        )
        for action in item.reviewed_completed:
            _action_paragraph(document, action)
    for report in item.subgroup_reports:
        add_heading(document, clean_text(report.subgroup), level=2)
        if report.status is ReportStatus.NOT_PROVIDED:
            add_text_paragraph(document, "No update provided", style="Minutes Note")
            continue
        details = []
        if report.author:
            details.append(f"Reported by {report.author}")
        if report.status is ReportStatus.VERBAL:
            details.append("verbal update")
        if report.rag:
            details.append(f"RAG status: {report.rag}")
        if details:
            add_text_paragraph(document, "; ".join(details) + ".")
        if not report.summary.strip() and report.status is ReportStatus.WRITTEN:
            add_text_paragraph(document, "Written report circulated with the papers.")
        _write_blocks(document, classify_lines(report.summary))
    if item.next_meeting:
        for line in item.next_meeting:
            add_text_paragraph(document, line, space_after=0)


def _write_amendments(document: Any, data: MinutesData) -> None:
    if not data.amendments:
        return
    add_heading(document, "Amendments to these minutes", level=1)
    for amendment in data.amendments:
        reason = f": {amendment.reason}" if amendment.reason else ""
        add_text_paragraph(
            document,
            f"{uk_date(amendment.made_on)}, {amendment.item}, amended by "
            f"{amendment.author}{reason}",
            style="List Bullet",
        )
