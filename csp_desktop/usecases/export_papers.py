"""Write a paper: minutes or agenda (Word), action tracker or attendance register (Excel),
a meeting as interchange JSON, or the performance report (Word).

The window (File › Export, the Dashboard's report) and the command line (`export ...`)
both call `export_paper`. It checks the output first (`storage/output_guard.py`: never the
database, its side files or the backups folder), reads the data through the services in
a short read session of its own, closes it, and only then writes the file, so a slow
save never holds the database. Qt-free: the window runs it on a worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import UserError
from csp_desktop.exports.output_files import OutputLocked as OutputLocked  # for the window
from csp_desktop.storage.database import Database
from csp_desktop.storage.output_guard import ProtectedFiles, guard_output


class PaperKind(StrEnum):
    MINUTES = "minutes"
    AGENDA = "agenda"
    ACTIONS = "actions"
    ATTENDANCE = "attendance"
    MEETING_JSON = "meeting"
    REPORT = "report"

    @property
    def suffix(self) -> str:
        if self in (PaperKind.MINUTES, PaperKind.AGENDA, PaperKind.REPORT):
            return ".docx"
        return ".json" if self is PaperKind.MEETING_JSON else ".xlsx"

    @property
    def is_meeting_paper(self) -> bool:
        return self in (PaperKind.MINUTES, PaperKind.AGENDA, PaperKind.MEETING_JSON)


@dataclass(frozen=True)
class PaperRequest:
    """Everything a paper needs, as plain values (no widgets, no argparse)."""

    kind: PaperKind
    output: Path
    meeting: str | None = None  # an id ("12"), a date ("2022-10-05") or "latest"
    public: bool = False
    template: Path | None = None
    marking: str | None = None
    open_only: bool = False  # tracker: open and in-progress actions only
    body_name: str | None = None  # the meeting's body, the tracker's or register's filter,
    # or (report) the body reported on
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    with_transcript: bool = False  # JSON: the transcript too (restricted turns withheld)
    backups_dir: Path | None = None  # never written into (nor the database, nor its lock)


@dataclass(frozen=True)
class PaperWritten:
    """What was written, for the caller's one sentence."""

    kind: PaperKind
    path: Path
    public: bool
    meeting_label: str = ""  # minutes, agenda, JSON: "Community Safety Partnership Board, ..."
    action_count: int = 0  # tracker
    tracker_title: str = ""
    register_bodies: int = 0  # attendance register
    register_meetings: int = 0
    body_name: str = ""  # report
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def checked_output(output: Path, kind: PaperKind, protected: ProtectedFiles) -> Path:
    """The file the paper may be written to, or one plain sentence why not."""
    path = Path(output).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name ending in {kind.suffix}.")
    return guard_output(path, suffix=kind.suffix, protected=protected)


def export_paper(database: Database, clock: Clock, request: PaperRequest) -> PaperWritten:
    """Check the output, read the data, write the file; what was written.

    Raises:
        UserError: a refused output, an unknown meeting or body, restricted words quoted
            in an open item of a public paper, a file open in Word or Excel
            (`OutputLocked`), a folder that cannot be written.
    """
    output = checked_output(
        request.output,
        request.kind,
        ProtectedFiles(database=database.path, backups_dir=request.backups_dir),
    )
    with database.session() as session:
        write = _prepare(session, clock, request)
    return write(output)


# A prepared paper: its data read (the session then closed); called, it writes the file.
_Writer = Callable[[Path], PaperWritten]


def _prepare(session: Session, clock: Clock, request: PaperRequest) -> _Writer:
    kind = request.kind
    if kind in (PaperKind.MINUTES, PaperKind.AGENDA):
        return _word_paper(session, clock, request)
    if kind is PaperKind.ACTIONS:
        return _tracker(session, clock, request)
    if kind is PaperKind.ATTENDANCE:
        return _register(session, clock, request)
    if kind is PaperKind.MEETING_JSON:
        return _meeting_json(session, request)
    return _report(session, clock, request)


def _meeting_id(session: Session, request: PaperRequest) -> tuple[int, str]:
    from csp_desktop.services.meetings import find_meeting, meeting_label

    if not request.meeting:
        raise UserError("Choose the meeting to export.")
    meeting = find_meeting(session, request.meeting, request.body_name)
    return meeting.id, meeting_label(meeting)


def _word_paper(session: Session, clock: Clock, request: PaperRequest) -> _Writer:
    from csp_desktop.services import export_data

    meeting_id, label = _meeting_id(session, request)
    now = clock.now()
    if request.kind is PaperKind.MINUTES:
        minutes = export_data.minutes_data(
            session, meeting_id, public=request.public, generated_at=now
        )

        def write_minutes(output: Path) -> PaperWritten:
            from csp_desktop.exports.minutes_docx import write_minutes

            write_minutes(minutes, output, template=request.template, marking=request.marking)
            return PaperWritten(request.kind, output, minutes.public, meeting_label=label)

        return write_minutes
    agenda = export_data.agenda_data(session, meeting_id, public=request.public, generated_at=now)

    def write_agenda(output: Path) -> PaperWritten:
        from csp_desktop.exports.agenda_docx import write_agenda

        write_agenda(agenda, output, template=request.template, marking=request.marking)
        return PaperWritten(request.kind, output, agenda.public, meeting_label=label)

    return write_agenda


def _tracker(session: Session, clock: Clock, request: PaperRequest) -> _Writer:
    from csp_desktop.services.dashboard import tracker_dashboard
    from csp_desktop.services.export_data import tracker_data

    data = tracker_data(
        session,
        exported_at=clock.now(),
        open_only=request.open_only,
        body_name=request.body_name,
        public=request.public,
        author=clock.user(),
    )
    breakdowns = tracker_dashboard(session, request.body_name, clock.today())

    def write(output: Path) -> PaperWritten:
        from csp_desktop.exports.actions_xlsx import write_tracker

        write_tracker(data, output, dashboard=breakdowns)
        return PaperWritten(
            request.kind,
            output,
            data.public,
            action_count=len(data.rows),
            tracker_title=data.title,
        )

    return write


def _register(session: Session, clock: Clock, request: PaperRequest) -> _Writer:
    from csp_desktop.services.export_data import attendance_register

    register = attendance_register(
        session,
        generated_at=clock.now(),
        body_name=request.body_name,
        date_from=request.date_from,
        date_to=request.date_to,
        author=clock.user(),
    )

    def write(output: Path) -> PaperWritten:
        from csp_desktop.exports.attendance_xlsx import write_register

        write_register(register, output)
        return PaperWritten(
            request.kind,
            output,
            False,
            register_bodies=len(register.bodies),
            register_meetings=sum(len(body.meeting_dates) for body in register.bodies),
        )

    return write


def _meeting_json(session: Session, request: PaperRequest) -> _Writer:
    from csp_desktop.services.meetings import find_meeting, meeting_label
    from csp_desktop.usecases.export_meeting import meeting_file_text

    if not request.meeting:
        raise UserError("Choose the meeting to export.")
    meeting = find_meeting(session, request.meeting, request.body_name)
    text = meeting_file_text(
        session, meeting.id, public=request.public, with_transcript=request.with_transcript
    )
    label = meeting_label(meeting)

    def write(output: Path) -> PaperWritten:
        write_text_atomically(output, text)
        return PaperWritten(request.kind, output, request.public, meeting_label=label)

    return write


def _report(session: Session, clock: Clock, request: PaperRequest) -> _Writer:
    from csp_desktop.services.bodies import find_body
    from csp_desktop.services.dashboard import Period
    from csp_desktop.usecases.performance_report import performance_report_data

    if not request.body_name:
        raise UserError("Choose the body to report on.")
    today = clock.today()
    date_to = request.date_to or today
    date_from = request.date_from or Period.year_to(date_to).date_from
    if date_to < date_from:
        raise UserError("The 'to' date is before the 'from' date.")
    body = find_body(session, request.body_name)
    data = performance_report_data(
        session, body.id, Period(date_from, date_to), today, author=clock.user(), now=clock.now()
    )
    name = body.name

    def write(output: Path) -> PaperWritten:
        from csp_desktop.exports.performance_docx import write_performance_report

        written = write_performance_report(data, output, template=request.template)
        return PaperWritten(
            request.kind,
            written,
            False,
            body_name=name,
            date_from=date_from,
            date_to=date_to,
        )

    return write


def write_text_atomically(path: Path, text: str) -> None:
    """Write beside the target then rename, so a failure never leaves half a file."""
    import os
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"Cannot write {path}: the folder {folder} does not exist.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except IsADirectoryError:
        raise UserError(f"Cannot write {path}: it is a folder.") from None
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {exc.strerror or exc}.") from None
