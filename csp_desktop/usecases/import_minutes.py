"""Import past minutes (.txt, .htm, .docx, .pdf): recognise each file, then write each meeting
in its own transaction through the interchange importer. Shared by the CLI and the window.

Nothing is written on a dry run; a meeting the archive already has (same body, date and
start time) is skipped and reported, so running a folder twice imports nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csp_desktop.clock import Clock
from csp_desktop.errors import UserError
from csp_desktop.importers.minutes_parser import looks_like_minutes, parse_minutes
from csp_desktop.importers.readers import SUPPORTED_SUFFIXES as SUPPORTED_SUFFIXES  # window
from csp_desktop.importers.readers import UnreadableFile, read_minutes
from csp_desktop.importers.recognised import RecognisedMeeting
from csp_desktop.importers.to_interchange import to_document
from csp_desktop.storage.database import Database

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Recognised:
    """One file read and recognised, ready to review or write."""

    path: Path
    meeting: RecognisedMeeting
    document: dict[str, Any]
    # How the file was read, when that had to be guessed ("read as Windows-1252").
    notes: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """What was recognised, in one line, and any note on how the file was read."""
        recognised = summary_of(self.meeting)
        return " ".join((f"{recognised}.", *self.notes)) if self.notes else recognised


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: imported, skipped (already there), recognised (dry
    run) or unreadable; `message` is one plain line for the officer."""

    path: Path
    status: str
    message: str
    document: dict[str, Any] | None = None
    meeting_id: int | None = None


def recognise_file(
    path: Path, *, body: str | None = None, date: dt.date | None = None
) -> Recognised:
    """Read and recognise `path`. Raises UserError (one plain line) if it cannot be."""
    read = read_minutes(path)
    meeting = parse_minutes(read.lines)
    if not looks_like_minutes(meeting):
        raise UnreadableFile(
            f"{path}: no attendance, agenda items, decisions or actions found; "
            "it does not read as minutes."
        )
    document = to_document(meeting, source_name=path.name, body=body, date=date)
    return Recognised(path, meeting, document, read.notes)


def import_files(
    paths: Sequence[Path],
    database: Database | None,
    clock: Clock,
    *,
    body: str | None = None,
    date: dt.date | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int, Path], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[FileOutcome]:
    """Recognise and (unless `dry_run`) write each file; one outcome per file, in order.

    `progress(done, total, path)` is called before each file; when `cancelled()` turns
    true the remaining files are left untouched (what was written stays written).
    """
    outcomes: list[FileOutcome] = []
    for position, path in enumerate(paths):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(position, len(paths), path)
        try:
            recognised = recognise_file(path, body=body, date=date)
        except UserError as error:
            outcomes.append(FileOutcome(path, "unreadable", str(error)))
            continue
        document = recognised.document
        summary = recognised.summary
        if dry_run or database is None:
            outcomes.append(FileOutcome(path, "recognised", f"{path.name}: {summary}", document))
            continue
        try:
            with database.transaction() as session:
                meeting_id, label = write_document(session, document, clock)
        except UserError as error:
            outcomes.append(refused(path, document, error))
            continue
        outcomes.append(imported(path, document, meeting_id, label, summary))
    return outcomes


def write_document(session: Session, document: dict[str, Any], clock: Clock) -> tuple[int, str]:
    """Write one recognised (and perhaps reviewed) document; (meeting id, its label).

    Raises UserError when the archive already has the meeting or the document is refused
    (ValidationError, naming the field, when an edit left it outside the format).
    """
    from csp_desktop.exports.interchange_reader import validate_document
    from csp_desktop.services.interchange_import import import_meeting
    from csp_desktop.services.meetings import meeting_label

    meeting = import_meeting(session, validate_document(document), clock)
    return meeting.id, meeting_label(meeting)


def write_document_or_refusal(
    database: Database, document: dict[str, Any], clock: Clock
) -> tuple[int, str] | UserError:
    """`write_document` in a transaction of its own, as the window's background writer
    runs it: a meeting already in the archive is an answer (the UserError, returned once
    the transaction is rolled back), not a failed save."""
    try:
        with database.transaction() as session:
            return write_document(session, document, clock)
    except UserError as error:
        return error


def imported(
    path: Path, document: dict[str, Any], meeting_id: int, label: str, summary: str
) -> FileOutcome:
    return FileOutcome(
        path,
        "imported",
        f"{path.name}: imported {label} as meeting {meeting_id}: {summary}",
        document,
        meeting_id,
    )


def refused(path: Path, document: dict[str, Any] | None, error: UserError) -> FileOutcome:
    """A write that did not happen: skipped (already in the archive) or refused."""
    text = str(error)
    status = "skipped" if "already has a meeting" in text else "unreadable"
    prefix = "already in the archive, skipped: " if status == "skipped" else ""
    return FileOutcome(path, status, f"{path.name}: {prefix}{text}", document)


def summary_of(meeting: RecognisedMeeting) -> str:
    actions = sum(len(item.actions) for item in meeting.items)
    decisions = sum(len(item.decisions) for item in meeting.items)
    return (
        f"{len(meeting.attendance)} people, {len(meeting.items)} items, "
        f"{decisions} decisions, {actions} actions"
    )
