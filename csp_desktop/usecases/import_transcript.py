"""Read a Teams transcript or attendance list from disk and fold it into a meeting.

The window (File › Import transcript…, the Attendance tab's button) and the command
line (`import transcript`, `import attendance-list`) both call these, each in its own
transaction; the caller shows the summary's lines.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import UserError, ValidationError
from csp_desktop.services.attendance_list import AttendanceListSummary, apply_attendance_list
from csp_desktop.services.meetings import get_meeting
from csp_desktop.services.transcripts import TranscriptSummary, import_transcript
from csp_desktop.transcripts.attendance_list import parse_attendance_list
from csp_desktop.transcripts.turns import ParsedTranscript

TRANSCRIPT_SUFFIXES = (".vtt", ".docx")
# A transcript of a whole day is a few MB; anything far larger is not one.
MAX_FILE_BYTES = 50 * 1024 * 1024


def read_file(path: Path, what: str) -> bytes:
    """The file's bytes, or one plain sentence why not."""
    if not path.exists():
        raise UserError(f"There is no file at {path}.")
    if path.is_dir():
        raise UserError(f"{path} is a folder; choose the {what} file.")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UserError(f"{path.name} is {size // (1024 * 1024)} MB: too large for a {what}.")
        if size == 0:
            raise UserError(f"{path.name} is empty.")
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path} cannot be read: {exc.strerror or exc}.") from None


def parse_transcript_file(path: Path) -> ParsedTranscript:
    """A .vtt or .docx transcript, parsed (no database)."""
    suffix = path.suffix.lower()
    if suffix not in TRANSCRIPT_SUFFIXES:
        raise ValidationError(
            f"{path.name} is not a transcript: choose the .vtt or .docx file Teams gives."
        )
    data = read_file(path, "transcript")
    if suffix == ".docx":
        from csp_desktop.transcripts.docx_transcript import parse_docx_transcript

        return parse_docx_transcript(data)
    from csp_desktop.transcripts.vtt import parse_vtt

    return parse_vtt(data)


def import_transcript_file(
    session: Session,
    meeting_id: int,
    path: Path,
    clock: Clock,
    *,
    recorded_at: dt.datetime | None = None,
) -> TranscriptSummary:
    parsed = parse_transcript_file(path)
    try:
        return import_transcript(
            session, meeting_id, parsed, path.name, clock, recorded_at=recorded_at
        )
    except UserError as exc:
        raise UserError(f"{path.name}: {exc}") from None


def import_attendance_list_file(
    session: Session, meeting_id: int, path: Path
) -> AttendanceListSummary:
    if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
        raise ValidationError(
            f"{path.name} is not an attendance list: choose the .csv file Teams gives."
        )
    data = read_file(path, "attendance list")
    meeting = get_meeting(session, meeting_id)
    parsed = parse_attendance_list(data, expected_date=meeting.date)
    return apply_attendance_list(session, meeting_id, parsed)


def add_unmatched_attendees(session: Session, meeting_id: int, names: list[str]) -> list[str]:
    """Add the names an attendance list did not match as additional attendees (created
    as people where new); the names as added."""
    from csp_desktop.services.attendance_list import add_unmatched

    return [add_unmatched(session, meeting_id, name) for name in names]


def parse_clock_time(text: str, day: dt.date) -> dt.datetime:
    """ "10:02" or "10:02:30" on the meeting's day (for --recording-started)."""
    for layout in ("%H:%M:%S", "%H:%M"):
        try:
            return dt.datetime.combine(day, dt.datetime.strptime(text.strip(), layout).time())
        except ValueError:
            continue
    raise ValidationError(f"{text!r} is not a time of day such as 10:02.")
