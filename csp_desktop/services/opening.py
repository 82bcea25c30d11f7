"""Which meeting the window opens on: the one the note taker most likely wants.

In order: a meeting in progress (its clock started and not ended: after a crash the
window goes straight back to it); else, in an offline copy, the meeting taken offline;
else today's meeting or the next one coming; else
the last one worked on; else the most recent.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.models import MeetingStatus
from csp_desktop.services.meetings import latest_meeting_id, meeting_table


def meeting_to_open(
    session: Session, today: dt.date, last_worked_on: int | None = None
) -> int | None:
    """The id of the meeting to show first, or None when there are no meetings.

    Core statements on the table: this is read before the first paint, when the ORM's
    mappers are not yet configured (services/meetings.py says why)."""
    meetings = meeting_table.c
    still_open = meetings.status.not_in((MeetingStatus.APPROVED, MeetingStatus.CANCELLED))
    running = session.scalar(
        select(meetings.id)
        .where(meetings.started_at.is_not(None), meetings.ended_at.is_(None), still_open)
        .order_by(meetings.date.desc(), meetings.started_at.desc(), meetings.id.desc())
        .limit(1)
    )
    if running is not None:
        return int(running)
    # An offline copy (usecases/offline_meeting.py) opens on the meeting it was taken for.
    from csp_desktop.services.offline_copies import offline_meeting_id

    taken = offline_meeting_id(session)
    if taken is not None and _exists(session, taken):
        return taken
    coming = session.scalar(
        select(meetings.id)
        .where(meetings.date >= today, still_open)
        .order_by(meetings.date, meetings.start_time, meetings.id)
        .limit(1)
    )
    if coming is not None:
        return int(coming)
    if last_worked_on is not None and _exists(session, last_worked_on):
        return last_worked_on
    return latest_meeting_id(session, today)


def _exists(session: Session, meeting_id: int) -> bool:
    found = session.scalar(select(meeting_table.c.id).where(meeting_table.c.id == meeting_id))
    return found is not None


def is_running(session: Session, meeting_id: int) -> bool:
    """True while the meeting's clock is started and not ended."""
    meetings = meeting_table.c  # Core: asked before the first paint (meetings.py)
    clock = session.execute(
        select(meetings.started_at, meetings.ended_at).where(meetings.id == meeting_id)
    ).first()
    return clock is not None and clock.started_at is not None and clock.ended_at is None
