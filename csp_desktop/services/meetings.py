"""Meetings: created from a body's standing items and roster, found, listed, labelled.

A new meeting arrives ready to run: the standing items with the forward-plan entries
aimed at it between them, a roster of current members, an empty report slot for each
subgroup (so a missing report shows), and every open action of the body carried into
its "Minutes and actions of the previous meeting" item for review.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, or_, select
from sqlalchemy.orm import Session, selectinload

from csp_desktop import models
from csp_desktop.clock import Clock
from csp_desktop.errors import NotFound, RecordLocked, UserError, ValidationError
from csp_desktop.models import (
    ActionStatus,
    AgendaItem,
    AttendanceRole,
    AttendanceStatus,
    Body,
    ForwardPlanStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    ReportStatus,
)
from csp_desktop.services.bodies import current_members, find_body, get_body, subgroups_of
from csp_desktop.services.formatting import uk_date

__all__ = [
    "MeetingRow",
    "carry_forward_actions",
    "create_meeting",
    "find_meeting",
    "latest_meeting",
    "latest_meeting_id",
    "list_meetings",
    "meeting_label",
    "previous_meeting",
    "schedule_forward_plan",
    "set_meeting_status",
    "uk_date",
]

# Kinds of the standing items that close a meeting: topical items go before the first.
CLOSING_KINDS = frozenset(
    {
        ItemKind.FORWARD_PLAN,
        ItemKind.ANY_OTHER_BUSINESS,
        ItemKind.SUBGROUP_UPDATES,
        ItemKind.NEXT_MEETING,
    }
)
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Membership roles that carry over to the roster as an attendance role.
_ROLE_BY_MEMBERSHIP = {
    "chair": AttendanceRole.CHAIR,
    "vice chair": AttendanceRole.VICE_CHAIR,
    "vice-chair": AttendanceRole.VICE_CHAIR,
    "interim chair": AttendanceRole.INTERIM_CHAIR,
}

# Officers move meetings on freely (minutes are often typed up after the event), but
# only a meeting that has happened can have its minutes approved, and approval is final.
_CAN_BE_APPROVED = frozenset({MeetingStatus.IN_PROGRESS, MeetingStatus.MINUTES_DRAFTED})
_STAGE = {
    MeetingStatus.DRAFT: "still a draft",
    MeetingStatus.AGENDA_ISSUED: "only at the agenda stage",
}


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as lists show it."""

    id: int
    body_id: int
    body_name: str
    date: dt.date
    start_time: dt.time | None
    title: str | None
    status: MeetingStatus
    end_time: dt.time | None = None
    venue: str | None = None
    body_short_name: str = ""

    @property
    def label(self) -> str:
        return f"{self.body_name}, {uk_date(self.date)}"


def meeting_label(meeting: Meeting) -> str:
    """ "CSP Board, Wednesday 5 October 2022"."""
    return f"{meeting.body.name}, {uk_date(meeting.date)}"


def _no_meeting(meeting_id: int) -> NotFound:
    return NotFound(f"Meeting {meeting_id} does not exist; it may have been deleted.")


def _no_item(item_id: int) -> NotFound:
    return NotFound(f"Agenda item {item_id} does not exist; it may have been deleted.")


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise _no_meeting(meeting_id)
    return meeting


def get_agenda_item(session: Session, item_id: int) -> AgendaItem:
    """The item's record, or NotFound (someone else may have deleted it)."""
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise _no_item(item_id)
    return item


# What the first screen reads (the latest meeting, its agenda, the open item's minutes)
# is read with Core statements on the tables: they need no mapper configuration, which
# the first ORM statement pays (65-100 ms for 31 classes) and which then runs after the
# window is painted (ui/idle_warm_up.py; issue 13). Rows are read by column name.
meeting_table = Meeting.__table__
item_table = AgendaItem.__table__
body_table = Body.__table__


def meeting_values(session: Session, meeting_id: int, *columns: ColumnElement[Any]) -> Row[Any]:
    """Some columns of one meeting (of `meeting_table`, or joined to it), or NotFound."""
    found = session.execute(select(*columns).where(meeting_table.c.id == meeting_id)).first()
    if found is None:
        raise _no_meeting(meeting_id)
    return found


def item_values(session: Session, item_id: int, *columns: ColumnElement[Any]) -> Row[Any]:
    """Some columns of one agenda item (of `item_table`, or joined to it), or NotFound."""
    found = session.execute(select(*columns).where(item_table.c.id == item_id)).first()
    if found is None:
        raise _no_item(item_id)
    return found


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def create_meeting(
    session: Session,
    body_id: int,
    date: dt.date,
    clock: Clock,
    *,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    venue: str | None = None,
    title: str | None = None,
    contact_officer: str | None = None,
) -> Meeting:
    """Create a meeting ready to run, from the body's standing items and roster.

    Times and venue default to the "next meeting" details recorded at an earlier
    meeting for this date, else to the body's. The agenda is the standing items with the
    forward-plan entries aimed at this meeting or its month between the opening and
    closing items; the roster is every current member (absent until marked); a board
    gets a "not provided" report slot per subgroup; open actions are carried forward.

    Raises:
        NotFound: no such body.
        ValidationError: the meeting would end before it starts, or the body already
            meets that day.
    """
    body = get_body(session, body_id)
    # "Details of next meeting" recorded at an earlier meeting beat the body's defaults.
    announced = session.scalars(
        select(Meeting)
        .where(Meeting.body_id == body.id, Meeting.next_date == date, Meeting.date < date)
        .order_by(Meeting.date.desc())
        .limit(1)
    ).first()
    start = start_time or (announced and announced.next_start_time) or body.default_start
    end = end_time or (announced and announced.next_end_time) or body.default_end
    venue = venue or (announced and announced.next_venue) or body.default_venue
    if start and end and end < start:
        raise ValidationError("A meeting cannot end before it starts.")
    clash = session.scalar(select(Meeting).where(Meeting.body_id == body.id, Meeting.date == date))
    if clash is not None:
        raise ValidationError(
            f"{body.name} already has a meeting on {uk_date(date)} (meeting {clash.id})."
        )
    now = clock.now()
    meeting = Meeting(
        body=body,
        date=date,
        start_time=start,
        end_time=end,
        venue=venue,
        title=title,
        contact_officer=contact_officer,
        status=MeetingStatus.DRAFT,
        created_at=now,
        updated_at=now,
    )
    session.add(meeting)
    for standing in body.standing_items:
        meeting.items.append(
            AgendaItem(
                position=0,
                title=standing.title,
                kind=standing.kind,
                presenter=standing.presenter,
                minutes_allocated=standing.minutes_allocated,
            )
        )
    _renumber(meeting.items, force=True)
    session.flush()
    schedule_forward_plan(session, meeting)
    _add_roster(session, meeting)
    _add_report_slots(session, meeting)
    carry_forward_actions(session, meeting)
    session.flush()
    return meeting


def _add_roster(session: Session, meeting: Meeting) -> None:
    for position, membership in enumerate(
        current_members(session, meeting.body_id, meeting.date), start=1
    ):
        meeting.attendance.append(
            models.Attendance(
                person_id=membership.person_id,
                status=AttendanceStatus.UNMARKED,  # not absent until someone says so
                is_member=True,
                role=_ROLE_BY_MEMBERSHIP.get(membership.role.strip().casefold()),
                position=position,
            )
        )
    session.flush()


def _add_report_slots(session: Session, meeting: Meeting) -> None:
    for position, subgroup in enumerate(subgroups_of(session, meeting.body_id), start=1):
        meeting.subgroup_reports.append(
            models.SubgroupReport(
                subgroup_id=subgroup.id, status=ReportStatus.NOT_PROVIDED, position=position
            )
        )
    session.flush()


def _renumber(items: list[AgendaItem], *, force: bool = False) -> None:
    """Positions 1..n in list order; numbers follow unless someone set them by hand."""
    for position, item in enumerate(items, start=1):
        automatic = force or not item.number or item.number == str(item.position)
        item.position = position
        if automatic:
            item.number = str(position)


def _closing_index(items: list[AgendaItem]) -> int:
    """Where topical items go: before the first closing standing item (else at the end)."""
    for index, item in enumerate(items):
        if item.kind in CLOSING_KINDS:
            return index
    return len(items)


def _entries_aimed_at(session: Session, meeting: Meeting) -> list[models.ForwardPlanEntry]:
    month = _first_of_month(meeting.date)
    return list(
        session.scalars(
            select(models.ForwardPlanEntry)
            .where(
                models.ForwardPlanEntry.body_id == meeting.body_id,
                models.ForwardPlanEntry.status.in_(
                    (ForwardPlanStatus.PLANNED, ForwardPlanStatus.DEFERRED)
                ),
                models.ForwardPlanEntry.agenda_item_id.is_(None),
                or_(
                    models.ForwardPlanEntry.target_meeting_id == meeting.id,
                    and_(
                        models.ForwardPlanEntry.target_meeting_id.is_(None),
                        models.ForwardPlanEntry.target_month == month,
                    ),
                ),
            )
            .order_by(models.ForwardPlanEntry.id)
        ).all()
    )


def schedule_forward_plan(session: Session, meeting: Meeting) -> list[AgendaItem]:
    """Turn forward-plan entries aimed at this meeting (or its month) into agenda items.

    Each entry becomes a topical item before the closing standing items and is marked
    scheduled, linked to its item and to this meeting. Running it again adds nothing.

    Returns:
        The agenda items added by this call.
    """
    if meeting.is_locked:
        return []
    entries = _entries_aimed_at(session, meeting)
    if not entries:
        return []
    items = list(meeting.items)
    insert_at = _closing_index(items)
    added: list[AgendaItem] = []
    for entry in entries:
        item = AgendaItem(
            position=0,
            title=entry.title,
            kind=ItemKind.TOPICAL,
            presenter=entry.presenter,
            minutes_allocated=entry.minutes_allocated,
            is_restricted=entry.is_restricted,
        )
        items.insert(insert_at, item)
        insert_at += 1
        added.append(item)
    # Keep hand-set numbers: renumber against the old positions before reassigning.
    meeting.items[:] = items
    _renumber(meeting.items)
    session.flush()
    for entry, item in zip(entries, added, strict=True):
        entry.status = ForwardPlanStatus.SCHEDULED
        entry.agenda_item_id = item.id
        entry.target_meeting_id = meeting.id
    session.flush()
    return added


def previous_minutes_item(meeting: Meeting) -> AgendaItem | None:
    """The meeting's "Minutes and actions of the previous meeting" item, if it has one."""
    for item in meeting.items:
        if item.kind is ItemKind.PREVIOUS_MINUTES:
            return item
    return None


def carry_forward_actions(session: Session, meeting: Meeting) -> list[models.ActionReview]:
    """Bring the body's actions due for review into this meeting's previous-minutes item.

    Reviewed: every open or in-progress action raised at an earlier meeting of the
    body, and those completed since the previous meeting (so the minutes can say they
    "have been completed"). Running it again adds nothing new.

    Returns:
        The reviews added by this call, in review order.
    """
    item = previous_minutes_item(meeting)
    existing = {
        review.action_id: review
        for review in session.scalars(
            select(models.ActionReview).where(models.ActionReview.meeting_id == meeting.id)
        )
    }
    for review in existing.values():
        if review.agenda_item_id is None and item is not None:
            review.agenda_item_id = item.id
    previous = previous_meeting(session, meeting)
    earlier = (
        select(models.Action)
        .join(Meeting, models.Action.raised_at_meeting_id == Meeting.id)
        .where(
            models.Action.body_id == meeting.body_id,
            Meeting.date < meeting.date,
        )
        .order_by(Meeting.date, models.Action.source_order, models.Action.reference)
    )
    open_now = models.Action.status.in_(OPEN_STATUSES)
    if previous is not None:
        closed_since = and_(
            models.Action.status == ActionStatus.COMPLETED,
            models.Action.completed_on > previous.date,
            models.Action.completed_on <= meeting.date,
        )
        earlier = earlier.where(or_(open_now, closed_since))
    else:
        earlier = earlier.where(open_now)
    position = max((r.position for r in existing.values()), default=0)
    added: list[models.ActionReview] = []
    for action in session.scalars(earlier):
        if action.id in existing:
            continue
        position += 1
        review = models.ActionReview(
            meeting_id=meeting.id,
            action_id=action.id,
            agenda_item_id=item.id if item is not None else None,
            position=position,
        )
        session.add(review)
        added.append(review)
    session.flush()
    return added


def find_meeting(session: Session, spec: str, body_name: str | None = None) -> Meeting:
    """A meeting by id ("12"), ISO date ("2022-10-05") or "latest".

    Raises:
        UserError: the spec is neither an id nor a date, or a date matches meetings of
            several bodies (the message names them and asks for --body).
        NotFound: no meeting matches.
    """
    text = spec.strip()
    body = find_body(session, body_name) if body_name else None
    if text.isdigit():
        meeting = session.get(Meeting, int(text))
        if meeting is None or (body is not None and meeting.body_id != body.id):
            raise NotFound(f"There is no meeting with id {text}.")
        return meeting
    if text.casefold() == "latest":
        query = select(Meeting).order_by(Meeting.date.desc(), Meeting.id.desc())
        if body is not None:
            query = query.where(Meeting.body_id == body.id)
        latest = session.scalars(query.limit(1)).first()
        if latest is None:
            raise NotFound("There are no meetings yet.")
        return latest
    if not ISO_DATE.match(text):
        raise UserError(
            f"{spec!r} is not a meeting: give a meeting id (from `csp-desktop meetings`) "
            "or a date like 2022-10-05."
        )
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{spec!r} is not a real date.") from None
    query = select(Meeting).where(Meeting.date == day).options(selectinload(Meeting.body))
    if body is not None:
        query = query.where(Meeting.body_id == body.id)
    found = list(session.scalars(query.order_by(Meeting.id)).all())
    if not found:
        where = f" of {body.name}" if body is not None else ""
        raise NotFound(f"There is no meeting{where} on {uk_date(day)}.")
    if len(found) > 1:
        if body is not None or len({m.body_id for m in found}) == 1:
            # One body met twice that day: --body cannot tell them apart, the id can.
            listed = ", ".join(
                f"{m.id}"
                + (f" at {m.start_time:%H:%M}" if m.start_time else "")
                + f" ({m.status.label.lower()})"
                for m in found
            )
            raise UserError(
                f"{found[0].body.name} has {len(found)} meetings on {uk_date(day)} "
                f"(ids {listed}); give the meeting id instead of the date."
            )
        names = ", ".join(m.body.name for m in found)
        raise UserError(
            f"Several bodies met on {uk_date(day)} ({names}); say which with --body NAME."
        )
    return found[0]


def _row(meeting: Meeting) -> MeetingRow:
    return MeetingRow(
        id=meeting.id,
        body_id=meeting.body_id,
        body_name=meeting.body.name,
        date=meeting.date,
        start_time=meeting.start_time,
        title=meeting.title,
        status=meeting.status,
        end_time=meeting.end_time,
        venue=meeting.venue,
        body_short_name=meeting.body.short_name,
    )


def list_meetings(session: Session, body_id: int | None = None) -> list[MeetingRow]:
    """Meetings, newest first (optionally of one body).

    The columns a row shows, in one joined query: the meeting list is filled at start-up,
    and loading each of a ten-year archive's 400 meetings as an ORM object (and its body
    in a second query) cost several times more."""
    meetings, bodies = meeting_table.c, body_table.c
    query = select(
        meetings.id,
        meetings.body_id,
        bodies.name,
        meetings.date,
        meetings.start_time,
        meetings.title,
        meetings.status,
        meetings.end_time,
        meetings.venue,
        bodies.short_name,
    ).join(body_table, meetings.body_id == bodies.id)
    if body_id is not None:
        query = query.where(meetings.body_id == body_id)
    query = query.order_by(meetings.date.desc(), meetings.start_time.desc(), meetings.id.desc())
    return [
        MeetingRow(
            id=meeting_id,
            body_id=body,
            body_name=body_name,
            date=date,
            start_time=start_time,
            title=title,
            status=status,
            end_time=end_time,
            venue=venue,
            body_short_name=short_name,
        )
        for (
            meeting_id,
            body,
            body_name,
            date,
            start_time,
            title,
            status,
            end_time,
            venue,
            short_name,
        ) in session.execute(query)
    ]


def meeting_row(meeting: Meeting) -> MeetingRow:
    return _row(meeting)


def latest_meeting_id(session: Session, today: dt.date | None = None) -> int | None:
    """The meeting to open first: the most recent one on or before `today`.

    Without `today`, or when every meeting is in the future, the newest meeting.
    """
    columns = meeting_table.c
    newest_first = (columns.date.desc(), columns.id.desc())
    if today is not None:
        past = session.scalar(
            select(columns.id)
            .where(columns.date <= today, columns.status != MeetingStatus.CANCELLED)
            .order_by(*newest_first)
            .limit(1)
        )
        if past is not None:
            return int(past)
    newest = session.scalar(select(columns.id).order_by(*newest_first).limit(1))
    return None if newest is None else int(newest)


def latest_meeting(session: Session, today: dt.date | None = None) -> Meeting | None:
    """The record of `latest_meeting_id`."""
    meeting_id = latest_meeting_id(session, today)
    return None if meeting_id is None else session.get(Meeting, meeting_id)


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The body's last meeting before this one that was not cancelled."""
    return session.scalars(
        select(Meeting)
        .where(
            Meeting.body_id == meeting.body_id,
            Meeting.date < meeting.date,
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .order_by(Meeting.date.desc(), Meeting.id.desc())
        .limit(1)
    ).first()


def next_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The body's first meeting after this one that was not cancelled."""
    return session.scalars(
        select(Meeting)
        .where(
            Meeting.body_id == meeting.body_id,
            Meeting.date > meeting.date,
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .order_by(Meeting.date, Meeting.id)
        .limit(1)
    ).first()


def check_can_be_approved(meeting: Meeting) -> None:
    """Refuse approval of minutes that cannot exist yet, or of a cancelled meeting.

    Raises:
        ValidationError: the meeting is cancelled, or has not taken place
            (still a draft or an issued agenda).
    """
    if meeting.status is MeetingStatus.CANCELLED:
        raise ValidationError(
            f"{meeting_label(meeting)} was cancelled, so it has no minutes to approve."
        )
    if meeting.status not in _CAN_BE_APPROVED:
        raise ValidationError(
            f"The minutes of {meeting_label(meeting)} cannot be approved yet: the meeting "
            f"is {_STAGE[meeting.status]}. Mark the minutes drafted first."
        )


def set_meeting_status(
    session: Session, meeting_id: int, status: MeetingStatus, clock: Clock
) -> None:
    """Move a meeting along: draft, agenda issued, in progress, minutes drafted, cancelled.

    Moving to approved locks the minutes (as `services.minutes.approve_minutes`).

    Raises:
        RecordLocked: the minutes are approved, so the status can no longer change.
        ValidationError: the move makes no sense (e.g. approving a draft agenda).
    """
    meeting = get_meeting(session, meeting_id)
    if meeting.status is status:
        return
    if meeting.is_locked:
        raise RecordLocked(
            f"The minutes of {meeting_label(meeting)} are approved; "
            "its status can no longer change."
        )
    if status is MeetingStatus.APPROVED:
        check_can_be_approved(meeting)
    if status is MeetingStatus.APPROVED:
        meeting.approved_on = clock.today()
    meeting.status = status
    meeting.status_recorded = True
    meeting.updated_at = clock.now()
    session.flush()


def update_meeting(
    session: Session,
    meeting_id: int,
    clock: Clock,
    *,
    date: dt.date | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    venue: str | None = None,
    title: str | None = None,
    contact_officer: str | None = None,
) -> None:
    """Change a meeting's header; a None argument leaves that detail as it is.

    Raises:
        RecordLocked: the minutes are approved (use an amendment).
        ValidationError: the meeting would end before it starts or clash with another.
    """
    meeting = get_meeting(session, meeting_id)
    if meeting.is_locked:
        raise RecordLocked(
            f"The minutes of {meeting_label(meeting)} are approved; record changes as an amendment."
        )
    new_start = start_time if start_time is not None else meeting.start_time
    new_end = end_time if end_time is not None else meeting.end_time
    if new_start and new_end and new_end < new_start:
        raise ValidationError("A meeting cannot end before it starts.")
    if date is not None and date != meeting.date:
        clash = session.scalar(
            select(Meeting).where(Meeting.body_id == meeting.body_id, Meeting.date == date)
        )
        if clash is not None:
            raise ValidationError(f"{meeting.body.name} already has a meeting on {uk_date(date)}.")
        meeting.date = date
    meeting.start_time, meeting.end_time = new_start, new_end
    if venue is not None:
        meeting.venue = venue or None
    if title is not None:
        meeting.title = title or None
    if contact_officer is not None:
        meeting.contact_officer = contact_officer or None
    meeting.updated_at = clock.now()
    session.flush()


def body_of(session: Session, meeting_id: int) -> Body:
    return get_meeting(session, meeting_id).body
