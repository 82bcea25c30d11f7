"""File › Import transcript… and the Attendance tab's "Import attendance list…".

Both ask for a file, run the same workflow as the command line
(`usecases/import_transcript.py`) and show what happened in a notice that does not
block typing; a bad file gets one plain sentence, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from csp_desktop.errors import UserError
from csp_desktop.ui.context import UiContext
from csp_desktop.usecases import import_transcript as workflow

TRANSCRIPT_FILTER = "Teams transcript (*.vtt *.docx);;All files (*)"
ATTENDANCE_FILTER = "Teams attendance list (*.csv);;All files (*)"


def show_notice(parent: QWidget, title: str, lines: list[str]) -> QMessageBox:
    """A window that stays open beside the work without taking the keyboard hostage."""
    box = QMessageBox(QMessageBox.Icon.Information, title, lines[0] if lines else "", parent=parent)
    box.setObjectName("transcript_notice")
    if len(lines) > 1:
        box.setInformativeText("\n".join(lines[1:]))
    box.setWindowModality(Qt.WindowModality.NonModal)
    # Shown beside the work: the keyboard stays where the note taker was typing.
    box.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box


def _choose(parent: QWidget, caption: str, file_filter: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, "", file_filter)
    return Path(chosen) if chosen else None


def import_transcript(
    context: UiContext, parent: QWidget, meeting_id: int | None, path: Path | None = None
) -> list[str]:
    """Ask for a .vtt/.docx (unless given) and fold it into the meeting; the summary."""
    if meeting_id is None:
        show_notice(parent, "Import transcript", ["Choose a meeting first."])
        return []
    path = path or _choose(parent, "Import the Teams transcript", TRANSCRIPT_FILTER)
    if path is None:
        return []
    try:
        summary = context.write(
            workflow.import_transcript_file, meeting_id, path, context.clock, topic="transcript"
        )
    except UserError as exc:
        show_notice(parent, "Transcript not imported", [str(exc)])
        return []
    lines = summary.lines()
    show_notice(parent, "Transcript imported", lines)
    return lines


def import_attendance_list(
    context: UiContext,
    parent: QWidget,
    meeting_id: int | None,
    path: Path | None = None,
    *,
    on_added: Callable[[], None] | None = None,
) -> list[str]:
    """Ask for the attendance .csv (unless given) and pre-fill the attendance."""
    if meeting_id is None:
        show_notice(parent, "Import attendance list", ["Choose a meeting first."])
        return []
    path = path or _choose(parent, "Import the Teams attendance list", ATTENDANCE_FILTER)
    if path is None:
        return []
    try:
        summary = context.write(
            workflow.import_attendance_list_file, meeting_id, path, topic="attendance"
        )
    except UserError as exc:
        show_notice(parent, "Attendance list not imported", [str(exc)])
        return []
    lines = summary.lines()
    box = show_notice(parent, "Attendance list imported", lines)
    if summary.unmatched:
        # One key resolves the names nobody matched: add them all as attendees.
        add = box.addButton(
            f"&Add the {len(summary.unmatched)} unmatched as attendees",
            QMessageBox.ButtonRole.ActionRole,
        )
        add.setObjectName("add_unmatched_button")
        add.clicked.connect(
            lambda: _add_unmatched(context, parent, meeting_id, summary.unmatched, on_added)
        )
    return lines


def _add_unmatched(
    context: UiContext,
    parent: QWidget,
    meeting_id: int,
    names: list[str],
    on_added: Callable[[], None] | None,
) -> None:
    from csp_desktop.usecases.import_transcript import add_unmatched_attendees

    try:
        added = context.write(add_unmatched_attendees, meeting_id, names, topic="attendance")
    except UserError as exc:
        show_notice(parent, "Not added", [str(exc)])
        return
    if on_added is not None:
        on_added()
    show_notice(parent, "Attendees added", [f"Added: {', '.join(added)}."])
