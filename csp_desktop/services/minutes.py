"""Minutes text: saved while drafting, locked on approval, amended on the record after.

Approved minutes are a record: `save_minutes` refuses them, and every later change
goes through `amend_minutes`, which keeps who changed what, when and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from csp_desktop import models
from csp_desktop.clock import Clock
from csp_desktop.errors import RecordLocked, ValidationError
from csp_desktop.models import AgendaItem, Meeting, MeetingStatus
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.meetings import (
    check_can_be_approved,
    get_agenda_item,
    get_meeting,
    item_table,
    item_values,
    meeting_label,
)

MINUTES_FIELD = "minutes_text"


@dataclass(frozen=True)
class AmendmentRow:
    """One recorded change to approved minutes."""

    id: int
    meeting_id: int
    item_id: int | None
    item_number: str | None
    item_title: str | None
    field: str
    old_value: str
    new_value: str
    reason: str
    author: str
    made_at: dt.datetime
    agreed_at_meeting_id: int | None


@dataclass(frozen=True)
class MinutesRead:
    """An item's minutes as the window shows them, with the version they were read at."""

    item_id: int
    text: str
    row_version: int
    changed_by: str | None
    changed_at: dt.datetime | None


def read_item_minutes(session: Session, item_id: int) -> MinutesRead:
    """An item's minutes and the version the editor will base its saves on."""
    items = item_table.c  # a Core statement: read before the first paint (meetings.py)
    item = item_values(
        session,
        item_id,
        items.id,
        items.minutes_text,
        items.row_version,
        items.changed_by,
        items.changed_at,
    )
    return MinutesRead(
        item.id, item.minutes_text, item.row_version, item.changed_by, item.changed_at
    )


def save_minutes(
    session: Session,
    item_id: int,
    text: str,
    clock: Clock,
    *,
    expected_version: int | None = None,
    read_text: str | None = None,
) -> int:
    """Save the minutes typed against an item (as the note taker types: often).

    With `expected_version` (the item's `row_version` the editor showed, and `read_text`,
    the minutes it showed then), the save is refused if someone else changed the minutes
    since; a change to the item's other fields (its clock) is not a conflict. Returns the
    item's version after the save, which the editor bases its next save on.

    Raises:
        RecordLocked: the meeting's minutes are approved; change them with
            `amend_minutes`, which keeps the record of the change.
        StaleEdit (from the transaction): the minutes changed since `expected_version`;
            `text` is kept in `lost_edit`.
    """
    item = get_agenda_item(session, item_id)
    meeting = item.meeting
    if meeting.is_locked:
        approved = f" on {uk_date(meeting.approved_on)}" if meeting.approved_on else ""
        raise RecordLocked(
            f"The minutes of {meeting_label(meeting)} were approved{approved}; "
            "record a change as an amendment, with the reason for it."
        )
    if item.minutes_text == text:
        return item.row_version
    if (
        expected_version is not None
        and item.row_version != expected_version
        and (read_text is None or item.minutes_text != read_text)
    ):
        from csp_desktop.services.row_versions import refuse_as_stale

        refuse_as_stale(session, "agenda_item", item.id, {MINUTES_FIELD: text})
    now = clock.now()
    item.minutes_text = text
    item.updated_at = now
    _touch_meeting(session, meeting, now)
    session.flush()
    return item.row_version


def save_minutes_over_theirs(
    session: Session, item_id: int, text: str, theirs: MinutesRead, clock: Clock
) -> int:
    """Keep mine: save `text` over the version `theirs` (kept in `lost_edit` first).

    Refused like any save if the minutes moved on again since `theirs` was read.
    """
    from csp_desktop.services.row_versions import keep_overwritten

    item = get_agenda_item(session, item_id)
    if item.row_version == theirs.row_version and item.minutes_text != text:
        keep_overwritten(
            session,
            "agenda_item",
            item_id,
            MINUTES_FIELD,
            item.minutes_text,
            item.changed_by,
            clock,
        )
    return save_minutes(
        session, item_id, text, clock, expected_version=theirs.row_version, read_text=theirs.text
    )


def _touch_meeting(session: Session, meeting: Meeting, now: dt.datetime) -> None:
    """The meeting's "last changed" time, without bumping its row version: two people
    minuting different items of one meeting are not editing the meeting itself, and an
    ORM update would make each other's saves stale (`UPDATE ... WHERE row_version`)."""
    session.execute(
        sql_text("UPDATE meeting SET updated_at = :now WHERE id = :id"),
        {"now": now, "id": meeting.id},
    )
    set_committed_value(meeting, "updated_at", now)


def approve_minutes(
    session: Session, meeting_id: int, clock: Clock, *, at_meeting_id: int | None = None
) -> None:
    """Mark a meeting's minutes approved, which locks them.

    Args:
        at_meeting_id: the later meeting that approved them (usually the body's next
            meeting); its date becomes the approval date. Without it, today.

    Raises:
        ValidationError: the meeting was cancelled, has not taken place yet, or is
            already approved; or the approving meeting is not a later meeting of the
            same body.
    """
    meeting = get_meeting(session, meeting_id)
    if meeting.is_locked:
        raise ValidationError(f"The minutes of {meeting_label(meeting)} are already approved.")
    check_can_be_approved(meeting)
    approved_on = clock.today()
    if at_meeting_id is not None:
        at = get_meeting(session, at_meeting_id)
        if at.id == meeting.id or at.body_id != meeting.body_id or at.date < meeting.date:
            raise ValidationError(
                f"Minutes are approved at a later meeting of {meeting.body.name}; "
                f"{meeting_label(at)} is not one."
            )
        meeting.approved_at_meeting_id = at.id
        approved_on = at.date
    meeting.status = MeetingStatus.APPROVED
    meeting.status_recorded = True
    meeting.approved_on = approved_on
    meeting.updated_at = clock.now()
    session.flush()
    # A body may keep transcripts only until the minutes are the record (issue 18).
    # Imported here: the transcripts' classes load when first needed (models/__init__.py).
    from csp_desktop.services.transcript_retention import apply_retention

    apply_retention(session, clock, meeting_id=meeting.id)


def amend_minutes(
    session: Session,
    item_id: int,
    new_text: str,
    reason: str,
    clock: Clock,
    *,
    agreed_at_meeting_id: int | None = None,
) -> models.Amendment:
    """Change an item's minutes and keep the change on record: who, when, what, why.

    Used for approved minutes (the only way to change them); also accepted before
    approval when a change should be on record.

    Raises:
        ValidationError: no reason given, or the text is unchanged.
    """
    item = get_agenda_item(session, item_id)
    meeting = item.meeting
    why = reason.strip()
    if not why:
        raise ValidationError("Say why the minutes are being amended; the reason is kept.")
    if new_text == item.minutes_text:
        raise ValidationError("The amended text is the same as the current minutes.")
    if agreed_at_meeting_id is not None:
        get_meeting(session, agreed_at_meeting_id)
    now = clock.now()
    amendment = models.Amendment(
        meeting_id=meeting.id,
        agenda_item_id=item.id,
        field=MINUTES_FIELD,
        old_value=item.minutes_text,
        new_value=new_text,
        reason=why,
        author=clock.user(),
        made_at=now,
        agreed_at_meeting_id=agreed_at_meeting_id,
    )
    session.add(amendment)
    item.minutes_text = new_text
    item.updated_at = now
    meeting.updated_at = now
    session.flush()
    return amendment


def list_amendments(session: Session, meeting_id: int) -> list[AmendmentRow]:
    """The amendments made to a meeting's minutes, oldest first."""
    get_meeting(session, meeting_id)
    amendments = session.scalars(
        select(models.Amendment)
        .where(models.Amendment.meeting_id == meeting_id)
        .order_by(models.Amendment.made_at, models.Amendment.id)
    ).all()
    rows: list[AmendmentRow] = []
    for amendment in amendments:
        item = (
            session.get(AgendaItem, amendment.agenda_item_id)
            if amendment.agenda_item_id is not None
            else None
        )
        rows.append(
            AmendmentRow(
                id=amendment.id,
                meeting_id=amendment.meeting_id,
                item_id=amendment.agenda_item_id,
                item_number=(item.number or str(item.position)) if item else None,
                item_title=item.title if item else None,
                field=amendment.field,
                old_value=amendment.old_value,
                new_value=amendment.new_value,
                reason=amendment.reason,
                author=amendment.author,
                made_at=amendment.made_at,
                agreed_at_meeting_id=amendment.agreed_at_meeting_id,
            )
        )
    return rows
