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

from csp_desktop.models import Meeting, MeetingStatus


def meeting_to_open(
    session: Session, today: dt.date, last_worked_on: int | None = None
) -> int | None:
    """The id of the meeting to show first, or None when there are no meetings."""
    running = session.scalars(
        select(Meeting.id)
        .where(
            Meeting.started_at.is_not(None),
            Meeting.ended_at.is_(None),
            Meeting.status.not_in((MeetingStatus.APPROVED, MeetingStatus.CANCELLED)),
        )
        .order_by(Meeting.date.desc(), Meeting.started_at.desc(), Meeting.id.desc())
        .limit(1)
    ).first()
    if running is not None:
        return running
    # An offline copy (usecases/offline_meeting.py) opens on the meeting it was taken for.
    from csp_desktop.services.offline_copies import offline_meeting_id

    taken = offline_meeting_id(session)
    if taken is not None and session.get(Meeting, taken) is not None:
        return taken
    coming = session.scalars(
        select(Meeting.id)
        .where(
            Meeting.date >= today,
            Meeting.status.not_in((MeetingStatus.APPROVED, MeetingStatus.CANCELLED)),
        )
        .order_by(Meeting.date, Meeting.start_time, Meeting.id)
        .limit(1)
    ).first()
    if coming is not None:
        return coming
    if last_worked_on is not None and session.get(Meeting, last_worked_on) is not None:
        return last_worked_on
    latest = session.scalars(
        select(Meeting.id)
        .where(Meeting.date <= today, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.date.desc(), Meeting.id.desc())
        .limit(1)
    ).first()
    if latest is not None:
        return latest
    return session.scalars(select(Meeting.id).order_by(Meeting.date.desc()).limit(1)).first()


def is_running(session: Session, meeting_id: int) -> bool:
    """True while the meeting's clock is started and not ended."""
    meeting = session.get(Meeting, meeting_id)
    return meeting is not None and meeting.started_at is not None and meeting.ended_at is None
