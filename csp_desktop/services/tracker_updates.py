"""Owners' updates from a returned tracker: check them against the database, then apply.

`plan_tracker_import` turns what the reader found into a list of proposed changes, each
flagged as a conflict when the app's record of the action changed after the tracker was
exported (someone updated it here meanwhile; applying the owner's edit blindly could undo
that). `apply_tracker_changes` applies the accepted changes; the caller's transaction makes
it all or nothing. Each applied row becomes one ActionUpdate with source TRACKER.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import UserError, ValidationError
from csp_desktop.models import Action, ActionStatus, ActionUpdate, ActionUpdateSource
from csp_desktop.services.export_data import STATUS_WORDS
from csp_desktop.services.formatting import short_uk_date

# --- what the reader found (plain data; the reader lives in exports/tracker_import.py)


@dataclass(frozen=True)
class Due:
    """A due point as the tracker holds it: a date, or words ("December 2022 board")."""

    day: dt.date | None = None
    text: str = ""

    def __str__(self) -> str:
        if self.day:
            return f"{self.day.day:02d}/{self.day.month:02d}/{self.day.year}"
        return self.text

    def __bool__(self) -> bool:
        return self.day is not None or bool(self.text)


@dataclass(frozen=True)
class ReturnedRow:
    """One action's row where the owner changed something."""

    row_number: int
    reference: str
    exported_updated_at: dt.datetime
    status_from: ActionStatus
    status_to: ActionStatus
    due_from: Due
    due_to: Due
    update_edited: bool  # the Latest update cell differs from what was exported
    update_to: str
    # The owner's "Completed on" date, when they gave one (used when completing).
    completed_on: dt.date | None = None

    @property
    def status_changed(self) -> bool:
        return self.status_from is not self.status_to

    @property
    def due_changed(self) -> bool:
        return self.due_from != self.due_to

    @property
    def update_changed(self) -> bool:
        # An emptied cell is not an update: history is never deleted from the tracker.
        return self.update_edited and bool(self.update_to)

    @property
    def changed(self) -> bool:
        return self.status_changed or self.due_changed or self.update_changed

    def describe(self) -> list[str]:
        """The changes in words, one per field: for the preview and --dry-run."""
        words: list[str] = []
        if self.status_changed:
            words.append(
                f"Status: {STATUS_WORDS[self.status_from]} -> {STATUS_WORDS[self.status_to]}"
            )
        if self.due_changed:
            words.append(f"Due: {self.due_from or 'none'} -> {self.due_to or 'none'}")
        if self.update_changed:
            words.append(f"Latest update: {self.update_to}")
        return words


@dataclass(frozen=True)
class ReturnedTracker:
    path: Path
    exported_at: dt.datetime
    public: bool
    rows_read: int
    changes: tuple[ReturnedRow, ...]
    archive_id: str = ""  # the exporting archive's id ("" in trackers made before ids)
    export_id: str = ""  # this export's id, so a second import of it is recognised


@dataclass(frozen=True)
class TrackerChange:
    """One action's proposed change, as the preview shows it."""

    reference: str
    action_id: int
    action_text: str
    row_number: int
    descriptions: tuple[str, ...]
    conflict: bool
    conflict_reason: str
    returned: ReturnedRow


@dataclass(frozen=True)
class TrackerImportPlan:
    file_name: str
    exported_at: dt.datetime
    rows_read: int
    changes: tuple[TrackerChange, ...]
    export_id: str = ""

    @property
    def conflicts(self) -> tuple[TrackerChange, ...]:
        return tuple(change for change in self.changes if change.conflict)

    def summary(self) -> str:
        count = len(self.changes)
        noun = "action" if count == 1 else "actions"
        conflicts = len(self.conflicts)
        text = (
            f"{self.file_name} (exported {short_uk_date(self.exported_at.date())} "
            f"{self.exported_at:%H:%M}): {self.rows_read} rows read, changes to {count} {noun}"
        )
        if conflicts:
            text += f", {conflicts} in conflict with changes made in the app since the export"
        return text + "."


@dataclass
class ApplyResult:
    applied: list[str] = field(default_factory=list)
    skipped_conflicts: list[str] = field(default_factory=list)
    not_chosen: list[str] = field(default_factory=list)


def plan_tracker_import(session: Session, returned: ReturnedTracker) -> TrackerImportPlan:
    """Check every changed row against the database and flag conflicts.

    Raises:
        ValidationError: the tracker is from another archive, or a reference is not in
            this database.
        UserError: this very tracker was applied before (nothing would change).
    """
    _check_identity(session, returned)
    references = [row.reference for row in returned.changes]
    actions = {
        action.reference: action
        for action in session.execute(
            select(Action).where(Action.reference.in_(references))
        ).scalars()
    }
    changes: list[TrackerChange] = []
    for row in returned.changes:
        action = actions.get(row.reference)
        if action is None:
            raise ValidationError(
                f"{returned.path.name}, row {row.row_number}: there is no action "
                f"{row.reference} in this database (was the tracker exported from another "
                "file?). Nothing was imported."
            )
        conflict = action.updated_at > row.exported_updated_at
        reason = ""
        if conflict:
            reason = (
                f"changed in the app on {short_uk_date(action.updated_at.date())} at "
                f"{action.updated_at:%H:%M}, after the tracker was exported"
            )
        changes.append(
            TrackerChange(
                reference=row.reference,
                action_id=action.id,
                action_text=action.text,
                row_number=row.row_number,
                descriptions=tuple(row.describe()),
                conflict=conflict,
                conflict_reason=reason,
                returned=row,
            )
        )
    return TrackerImportPlan(
        file_name=returned.path.name,
        exported_at=returned.exported_at,
        rows_read=returned.rows_read,
        changes=tuple(changes),
        export_id=returned.export_id,
    )


def _check_identity(session: Session, returned: ReturnedTracker) -> None:
    """A tracker from another archive, or one applied already, is named as such in words
    rather than shown as unknown references or conflicts on every row."""
    from csp_desktop.services import archive_identity

    name = returned.path.name
    ours = archive_identity.archive_id(session)
    if returned.archive_id and ours and returned.archive_id != ours:
        raise ValidationError(
            f"{name} is not from this archive: it was exported from another CSP Desktop "
            "database, so its rows cannot be matched here. Import it into the database it "
            "came from, or export a fresh tracker from this one. Nothing was imported."
        )
    if returned.export_id:
        applied = archive_identity.tracker_applied_at(session, returned.export_id)
        if applied is not None:
            when = (
                f"{applied:%A} {applied.day} {applied:%B %Y} at {applied:%H:%M}"
                if applied != dt.datetime.min
                else "an earlier date"
            )
            raise UserError(
                f"{name} was already applied on {when}; applying it again would change "
                "nothing. Nothing was imported."
            )


def _apply_one(session: Session, change: TrackerChange, clock: Clock, file_name: str) -> None:
    action = session.get(Action, change.action_id)
    if action is None:  # deleted between preview and apply
        raise ValidationError(
            f"Action {change.reference} was deleted after the preview; nothing was imported."
        )
    row = change.returned
    now = clock.now()
    author = f"{clock.user()} (tracker {file_name})"
    if row.due_changed:
        action.due_date = row.due_to.day
        action.due_text = row.due_to.text or None
        # A note of its own, added first, so the owner's words stay the latest update.
        action.updates.append(
            ActionUpdate(
                made_at=now,
                text=f"Due changed from {row.due_from or 'none'} to {row.due_to or 'none'}.",
                source=ActionUpdateSource.TRACKER,
                author=author,
            )
        )
        session.flush()
    status_from: ActionStatus | None = None
    status_to: ActionStatus | None = None
    if row.status_changed and action.status is not row.status_to:
        status_from, status_to = action.status, row.status_to
        action.status = row.status_to
        # Same rule as a status set by hand: only completed actions have a completion date.
        # The owner's own date if they gave one that is not in the future; else today.
        completed = (
            row.completed_on if row.completed_on and row.completed_on <= clock.today() else None
        )
        action.completed_on = (
            (completed or clock.today()) if row.status_to is ActionStatus.COMPLETED else None
        )
    if row.update_changed or status_to is not None:
        action.updates.append(
            ActionUpdate(
                made_at=now,
                text=row.update_to if row.update_changed else "",
                source=ActionUpdateSource.TRACKER,
                author=author,
                status_from=status_from,
                status_to=status_to,
            )
        )
    action.updated_at = now


def apply_tracker_changes(
    session: Session,
    plan: TrackerImportPlan,
    clock: Clock,
    *,
    accepted: Collection[str] | None = None,
    include_conflicts: bool = False,
) -> ApplyResult:
    """Apply the chosen changes; the caller commits (all or nothing).

    Args:
        accepted: references to apply; None means every change that is not a conflict
            (plus conflicts when `include_conflicts`).
        include_conflicts: with `accepted=None`, apply conflicting rows too.
    """
    result = ApplyResult()
    for change in plan.changes:
        if accepted is not None:
            if change.reference not in accepted:
                result.not_chosen.append(change.reference)
                continue
        elif change.conflict and not include_conflicts:
            result.skipped_conflicts.append(change.reference)
            continue
        _apply_one(session, change, clock, plan.file_name)
        result.applied.append(change.reference)
    if plan.export_id:
        from csp_desktop.services import archive_identity

        archive_identity.mark_tracker_applied(session, plan.export_id, clock.now())
    session.flush()
    return result
