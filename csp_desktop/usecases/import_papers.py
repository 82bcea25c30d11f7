"""Bring papers back in: a meeting as interchange JSON, and a returned action tracker.

The command line (`import meeting`, `import actions`) and the window (File › Import
tracker updates) both call these. Each file is read and checked in full before anything
is written; the caller owns the transaction, so a refusal leaves the archive as it was.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import UserError, ValidationError
from csp_desktop.services.interchange_records import InterchangeMeeting
from csp_desktop.services.tracker_updates import (
    ApplyResult,
    ReturnedTracker,
    TrackerImportPlan,
    apply_tracker_changes,
    plan_tracker_import,
)

# --- a meeting (interchange JSON) ---------------------------------------------------------


@dataclass(frozen=True)
class MeetingImported:
    meeting_id: int
    label: str
    items: int
    attendees: int
    actions_raised: int
    public: bool  # the file was a public version: restricted items' minutes were withheld


def read_meeting_file(path: Path) -> InterchangeMeeting:
    """The meeting in `path`, checked and read as records; every problem is one
    UserError line."""
    from csp_desktop.exports.interchange_reader import parse_document

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a meeting file.") from None
    except OSError as exc:
        raise UserError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    try:
        return parse_document(raw)
    except ValidationError as exc:
        raise ValidationError(
            f"{path} is not a meeting file CSP Desktop can import: {exc}"
        ) from None


def import_meeting_file(
    session: Session, path: Path, clock: Clock, *, as_new_meeting: bool = False
) -> MeetingImported:
    """Read, check and write the meeting in `path` (the caller commits)."""
    from csp_desktop.services.interchange_import import import_meeting
    from csp_desktop.services.meetings import meeting_label

    document = read_meeting_file(path)
    meeting = import_meeting(session, document, clock, as_new_meeting=as_new_meeting)
    return MeetingImported(
        meeting_id=meeting.id,
        label=meeting_label(meeting),
        items=len(meeting.items),
        attendees=len(meeting.attendance),
        actions_raised=len(document.actions_raised),
        public=document.public,
    )


# --- a returned action tracker ------------------------------------------------------------


@dataclass(frozen=True)
class TrackerImported:
    plan: TrackerImportPlan
    result: ApplyResult


def read_tracker_file(path: Path) -> ReturnedTracker:
    """The owners' changes in a returned tracker (no database); ValidationError in one
    sentence when the workbook cannot be trusted."""
    from csp_desktop.exports.tracker_import import read_returned_tracker

    return read_returned_tracker(path)


def plan_tracker_file(session: Session, tracker: Path | ReturnedTracker) -> TrackerImportPlan:
    """Check every changed row of a returned tracker (a file, or one already read)
    against the archive.

    Raises:
        ValidationError: the workbook cannot be trusted, is from another archive, or
            names an action this archive does not have. Nothing is applied.
        UserError: this very tracker was applied before.
    """
    returned = read_tracker_file(tracker) if isinstance(tracker, Path) else tracker
    return plan_tracker_import(session, returned)


def import_tracker_file(
    session: Session,
    tracker: Path | ReturnedTracker,
    clock: Clock,
    *,
    include_conflicts: bool = False,
    accepted: Collection[str] | None = None,
) -> TrackerImported:
    """Plan and apply a returned tracker's changes in the caller's transaction (all or
    nothing); conflicts only when `include_conflicts`, only `accepted` references if given."""
    plan = plan_tracker_file(session, tracker)
    result = apply_tracker_plan(
        session, plan, clock, accepted=accepted, include_conflicts=include_conflicts
    )
    return TrackerImported(plan, result)


def apply_tracker_plan(
    session: Session,
    plan: TrackerImportPlan,
    clock: Clock,
    *,
    accepted: Collection[str] | None = None,
    include_conflicts: bool = False,
) -> ApplyResult:
    """Apply a checked plan's changes as TRACKER updates (the window applies the ones the
    officer ticked); all or nothing in the caller's transaction."""
    return apply_tracker_changes(
        session, plan, clock, accepted=accepted, include_conflicts=include_conflicts
    )
