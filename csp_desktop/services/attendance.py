"""Who is at a meeting: the roster, marks, roles, late arrivals, counts and quorum.

The roster of a new meeting comes from the body's memberships (services/meetings.py).
Here the note taker marks each member present / apologies / absent, adds additional
attendees by name (creating people and organisations inline), records roles and
substitutes, and stamps late arrivals and early departures with the time and the item
running at that moment. `room_counts` tells the window who is in the room and whether
the meeting is quorate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from csp_desktop.clock import Clock
from csp_desktop.errors import NotFound, RecordLocked, ValidationError
from csp_desktop.models import (
    AgendaItem,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Meeting,
    Organisation,
    Person,
)
from csp_desktop.services.bodies import current_members
from csp_desktop.services.meetings import get_meeting
from csp_desktop.services.people import find_or_create_person, list_organisations

ROLE_LABELS = {
    AttendanceRole.CHAIR: "Chair",
    AttendanceRole.INTERIM_CHAIR: "Interim chair",
    AttendanceRole.VICE_CHAIR: "Vice chair",
    AttendanceRole.NOTE_TAKER: "Note taker",
    AttendanceRole.PRESENTER: "Presenter",
    AttendanceRole.SUBSTITUTE: "Substitute",
}

# The single keys of the Attendance tab, as the service names them.
MARK_KEYS = {
    "P": AttendanceStatus.PRESENT,
    "A": AttendanceStatus.APOLOGIES,
    "X": AttendanceStatus.ABSENT,
}


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the attendance list."""

    id: int
    person_id: int
    name: str  # "Councillor Syed Ghani"
    organisation: str
    status: AttendanceStatus
    is_member: bool
    role: AttendanceRole | None
    substitute_for_id: int | None
    substitute_for_name: str
    arrived_at: dt.datetime | None
    arrived_item: str  # "item 4" or ""
    left_at: dt.datetime | None
    left_item: str
    position: int
    # The version shown: a mark made from this row is refused if the record moved on.
    row_version: int = 0

    @property
    def is_present(self) -> bool:
        return self.status in (AttendanceStatus.PRESENT, AttendanceStatus.ADDITIONAL)

    @property
    def in_room(self) -> bool:
        return self.is_present and self.left_at is None

    @property
    def status_label(self) -> str:
        if self.status is AttendanceStatus.ADDITIONAL:
            return "Present (additional)"
        return self.status.label

    @property
    def role_label(self) -> str:
        if self.role is AttendanceRole.SUBSTITUTE and self.substitute_for_name:
            return f"Substitute for {self.substitute_for_name}"
        return ROLE_LABELS[self.role] if self.role else ""

    @property
    def times_label(self) -> str:
        """ "Arrived 10:25 (item 4); left 12:10 (item 9)" """
        parts = []
        if self.arrived_at:
            where = f" ({self.arrived_item})" if self.arrived_item else ""
            parts.append(f"Arrived {self.arrived_at:%H:%M}{where}")
        if self.left_at:
            where = f" ({self.left_item})" if self.left_item else ""
            parts.append(f"left {self.left_at:%H:%M}{where}")
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class RoomCounts:
    """Who is in the room now, and the quorum."""

    members_in_room: int  # members present and not left, plus substitutes standing in
    members_total: int
    others_in_room: int
    substitutes: int
    quorum: int | None
    # False while every member is still "Not yet marked": no quorum can be read yet.
    anyone_marked: bool = True

    @property
    def is_quorate(self) -> bool | None:
        """None when the body has no quorum set, or nobody has been marked yet."""
        if self.quorum is None or not self.anyone_marked:
            return None
        return self.members_in_room >= self.quorum

    @property
    def room_text(self) -> str:
        members = "member" if self.members_total == 1 else "members"
        others = "other" if self.others_in_room == 1 else "others"
        substitutes = (
            f" (including {self.substitutes} substitute{'s' if self.substitutes != 1 else ''})"
            if self.substitutes
            else ""
        )
        return (
            f"In the room: {self.members_in_room} of {self.members_total} {members}"
            f"{substitutes}, {self.others_in_room} {others}"
        )

    @property
    def quorum_text(self) -> str:
        if self.quorum is None:
            return "No quorum set for this body"
        if not self.anyone_marked:
            return "Quorum not yet taken"
        if self.members_in_room >= self.quorum:
            return f"Quorate: {self.members_in_room} of quorum {self.quorum}"
        return f"NOT QUORATE: {self.members_in_room} of quorum {self.quorum}"


@dataclass(frozen=True)
class Suggestions:
    """What the "add attendee" completer offers."""

    people: list[str]  # "Andy Opie, London Borough of Barking and Dagenham"
    organisations: list[str]


# --- helpers ------------------------------------------------------------------------------


def _attendance(session: Session, attendance_id: int) -> Attendance:
    attendance = session.get(Attendance, attendance_id)
    if attendance is None:
        raise NotFound(f"Attendance record {attendance_id} does not exist.")
    return attendance


def _check_editable(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise RecordLocked(
            "These minutes have been approved, so the attendance can no longer be changed. "
            "Record an amendment instead."
        )


def _editable(session: Session, attendance_id: int) -> Attendance:
    attendance = _attendance(session, attendance_id)
    _check_editable(attendance.meeting)
    return attendance


def _records(session: Session, meeting_id: int) -> list[Attendance]:
    # Queried, not `meeting.attendance`: rows added by id in this session are not in a
    # collection that was loaded earlier.
    return list(session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id)))


def current_item(session: Session, meeting_id: int) -> AgendaItem | None:
    """The item whose clock is running, or None before the meeting starts."""
    return session.scalars(
        select(AgendaItem)
        .where(
            AgendaItem.meeting_id == meeting_id,
            AgendaItem.started_at.is_not(None),
            AgendaItem.ended_at.is_(None),
        )
        .order_by(AgendaItem.started_at.desc())
    ).first()


def _item_label(item: AgendaItem | None) -> str:
    if item is None:
        return ""
    return f"item {item.number}" if item.number else item.title


def _row(attendance: Attendance) -> AttendanceRow:
    person = attendance.person
    return AttendanceRow(
        id=attendance.id,
        person_id=attendance.person_id,
        name=person.display_name,
        organisation=person.organisation.name if person.organisation else "",
        status=attendance.status,
        # Not known (imported) counts as a member here: the roster lists them.
        is_member=attendance.is_member is not False,
        role=attendance.role,
        substitute_for_id=attendance.substitute_for_id,
        substitute_for_name=(
            attendance.substitute_for.display_name if attendance.substitute_for else ""
        ),
        arrived_at=attendance.arrived_at,
        arrived_item=_item_label(attendance.arrived_during_item),
        left_at=attendance.left_at,
        left_item=_item_label(attendance.left_during_item),
        position=attendance.position,
        row_version=attendance.row_version,
    )


# --- reading ------------------------------------------------------------------------------


def roster(session: Session, meeting_id: int) -> list[AttendanceRow]:
    """Members first (in roster order), then additional attendees in the order added."""
    get_meeting(session, meeting_id)
    records = session.scalars(
        select(Attendance)
        .where(Attendance.meeting_id == meeting_id)
        .options(
            selectinload(Attendance.person).selectinload(Person.organisation),
            selectinload(Attendance.substitute_for),
            selectinload(Attendance.arrived_during_item),
            selectinload(Attendance.left_during_item),
        )
    ).all()
    ordered = sorted(
        records,
        key=lambda a: (
            not a.is_member,
            a.position,
            a.person.last_name.casefold(),
            a.person.first_name.casefold(),
        ),
    )
    return [_row(a) for a in ordered]


def counts_of(rows: Sequence[AttendanceRow], quorum: int | None) -> RoomCounts:
    """Who is in the room, from the list as shown (no database needed after a mark)."""
    members = [r for r in rows if r.is_member]
    others = [r for r in rows if not r.is_member]
    # A substitute counts towards the quorum in place of a member who is not there.
    absent_member_ids = {r.person_id for r in members if not r.in_room}
    substitutes = [
        r
        for r in others
        if r.in_room
        and r.role is AttendanceRole.SUBSTITUTE
        and r.substitute_for_id in absent_member_ids
    ]
    return RoomCounts(
        members_in_room=sum(1 for r in members if r.in_room) + len(substitutes),
        members_total=len(members),
        others_in_room=sum(1 for r in others if r.in_room) - len(substitutes),
        substitutes=len(substitutes),
        quorum=quorum,
        anyone_marked=any(r.status is not AttendanceStatus.UNMARKED for r in rows),
    )


def room_counts(session: Session, meeting_id: int) -> RoomCounts:
    meeting = get_meeting(session, meeting_id)
    return counts_of(roster(session, meeting_id), meeting.body.quorum)


@dataclass(frozen=True)
class AttendanceView:
    """Everything the Attendance tab shows for a meeting, read in one go."""

    rows: list[AttendanceRow]
    counts: RoomCounts
    quorum: int | None
    missing_members: int
    locked: bool


def attendance_view(session: Session, meeting_id: int) -> AttendanceView:
    meeting = get_meeting(session, meeting_id)
    rows = roster(session, meeting_id)
    listed = {r.person_id for r in rows if r.is_member}
    missing = sum(
        1
        for membership in current_members(session, meeting.body_id, meeting.date)
        if membership.person_id not in listed
    )
    quorum = meeting.body.quorum
    return AttendanceView(
        rows=rows,
        counts=counts_of(rows, quorum),
        quorum=quorum,
        missing_members=missing,
        locked=meeting.is_locked,
    )


def suggestions(session: Session) -> Suggestions:
    """Every known person ("Name, Organisation") and organisation, for the completer."""
    # Name columns rather than a Person object each: this runs on every meeting switch
    # and everyone on record grows with the archive. Same order as people.list_people.
    rows = session.execute(
        select(Person.title, Person.first_name, Person.last_name, Organisation.name)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .order_by(func.lower(Person.last_name), func.lower(Person.first_name), Person.id)
    ).all()
    people = []
    for title, first, last, organisation in rows:
        name = " ".join(part for part in (title, first, last) if part)  # as display_name
        people.append(f"{name}, {organisation}" if organisation else name)
    return Suggestions(people=people, organisations=list_organisations(session))


def missing_member_count(session: Session, meeting_id: int) -> int:
    """How many current members of the body are not on this meeting's list yet."""
    meeting = get_meeting(session, meeting_id)
    listed = {a.person_id for a in _records(session, meeting_id) if a.is_member}
    return sum(
        1
        for membership in current_members(session, meeting.body_id, meeting.date)
        if membership.person_id not in listed
    )


# --- writing ------------------------------------------------------------------------------


def add_missing_members(session: Session, meeting_id: int) -> int:
    """Put current members not yet on the roster onto it (as absent until marked).

    For meetings imported or created before a membership was recorded.
    """
    meeting = get_meeting(session, meeting_id)
    _check_editable(meeting)
    records = _records(session, meeting_id)
    listed = {a.person_id: a for a in records}
    added = 0
    position = max((a.position for a in records), default=0)
    for membership in current_members(session, meeting.body_id, meeting.date):
        existing = listed.get(membership.person_id)
        if existing is not None:
            if not existing.is_member:
                existing.is_member = True
                if existing.status is AttendanceStatus.ADDITIONAL:
                    existing.status = AttendanceStatus.PRESENT
            continue
        position += 1
        session.add(
            Attendance(
                meeting_id=meeting.id,
                person_id=membership.person_id,
                status=AttendanceStatus.UNMARKED,
                is_member=True,
                position=position,
            )
        )
        added += 1
    session.flush()
    return added


def mark(
    session: Session,
    attendance_id: int,
    status: AttendanceStatus,
    *,
    expected_version: int | None = None,
) -> AttendanceRow:
    """Mark present / apologies / absent. "Present" on an additional attendee keeps them
    additional (they are not a member); apologies or absent clear any arrival stamps.
    With `expected_version` (the row the window showed), refused as a StaleEdit if
    someone else marked this person since (the mark asked for kept in `lost_edit`)."""
    attendance = _editable(session, attendance_id)
    if expected_version is not None and attendance.row_version != expected_version:
        from csp_desktop.services.row_versions import refuse_as_stale

        refuse_as_stale(session, "attendance", attendance.id, {"status": status.value})
    if status is AttendanceStatus.ADDITIONAL and attendance.is_member:
        status = AttendanceStatus.PRESENT
    if status is AttendanceStatus.PRESENT and not attendance.is_member:
        status = AttendanceStatus.ADDITIONAL
    attendance.status = status
    if status in (AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT):
        attendance.arrived_at = None
        attendance.arrived_during_item_id = None
        attendance.left_at = None
        attendance.left_during_item_id = None
    session.flush()
    return _row(attendance)


def set_role(
    session: Session,
    attendance_id: int,
    role: AttendanceRole | None,
    *,
    substitute_for_id: int | None = None,
) -> AttendanceRow:
    """Set or clear a role. A substitute names the member they stand in for, who must be
    a member on this meeting's roster. Only one person chairs: giving the chair (or
    interim chair) to someone takes it from whoever had it."""
    attendance = _editable(session, attendance_id)
    meeting = attendance.meeting
    if role is AttendanceRole.SUBSTITUTE:
        members = {a.person_id for a in _records(session, meeting.id) if a.is_member}
        if substitute_for_id is None or substitute_for_id not in members:
            raise ValidationError("A substitute must stand in for a member on this meeting's list.")
        if substitute_for_id == attendance.person_id:
            raise ValidationError("Nobody can substitute for themselves.")
        attendance.substitute_for_id = substitute_for_id
    else:
        attendance.substitute_for_id = None
    if role in (AttendanceRole.CHAIR, AttendanceRole.INTERIM_CHAIR):
        for other in _records(session, meeting.id):
            if other.id != attendance.id and other.role is role:
                other.role = None
    attendance.role = role
    session.flush()
    return _row(attendance)


def parse_attendee(text: str) -> tuple[str, str | None]:
    """ "Name, Organisation" -> (name, organisation); the organisation is optional."""
    name, _, organisation = text.partition(",")
    name = " ".join(name.split())
    organisation = " ".join(organisation.split())
    if not name:
        raise ValidationError("Type the attendee's name, then a comma and their organisation.")
    return name, organisation or None


def add_attendee(
    session: Session, meeting_id: int, text: str, *, role: AttendanceRole | None = None
) -> AttendanceRow:
    """Add someone by "Name, Organisation", creating the person and organisation if new.

    A member already on the roster is marked present instead of being added twice; an
    additional attendee already listed is simply returned (marked present).
    """
    meeting = get_meeting(session, meeting_id)
    _check_editable(meeting)
    name, organisation = parse_attendee(text)
    person = find_or_create_person(session, name, organisation=organisation)
    existing = session.scalars(
        select(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.person_id == person.id
        )
    ).first()
    if existing is not None:
        existing.status = (
            AttendanceStatus.PRESENT if existing.is_member else AttendanceStatus.ADDITIONAL
        )
        if role is not None:
            existing.role = role
        session.flush()
        return _row(existing)
    position = session.scalar(
        select(func.max(Attendance.position)).where(Attendance.meeting_id == meeting_id)
    )
    attendance = Attendance(
        meeting_id=meeting_id,
        person_id=person.id,
        status=AttendanceStatus.ADDITIONAL,
        is_member=False,
        role=role,
        position=(position or 0) + 1,
    )
    session.add(attendance)
    session.flush()
    return _row(attendance)


def remove_attendee(session: Session, attendance_id: int) -> None:
    """Take an additional attendee off the list (members stay: mark them absent)."""
    attendance = _editable(session, attendance_id)
    if attendance.is_member:
        raise ValidationError(
            f"{attendance.person.display_name} is a member; mark them absent instead."
        )
    for other in _records(session, attendance.meeting_id):
        if other.substitute_for_id == attendance.person_id:
            other.substitute_for_id = None
    session.delete(attendance)
    session.flush()


def stamp_arrival(session: Session, attendance_id: int, clock: Clock) -> AttendanceRow:
    """A late arrival: now, during the running item; they are present from now on."""
    attendance = _editable(session, attendance_id)
    attendance.arrived_at = clock.now()
    attendance.arrived_during_item = current_item(session, attendance.meeting_id)
    attendance.status = (
        AttendanceStatus.PRESENT if attendance.is_member else AttendanceStatus.ADDITIONAL
    )
    session.flush()
    return _row(attendance)


def stamp_departure(session: Session, attendance_id: int, clock: Clock) -> AttendanceRow:
    """An early departure: now, during the running item; they no longer count as in
    the room (but stay recorded as present)."""
    attendance = _editable(session, attendance_id)
    if attendance.status not in (AttendanceStatus.PRESENT, AttendanceStatus.ADDITIONAL):
        raise ValidationError(
            f"{attendance.person.display_name} is not marked present, so cannot leave early."
        )
    attendance.left_at = clock.now()
    attendance.left_during_item = current_item(session, attendance.meeting_id)
    session.flush()
    return _row(attendance)


def clear_times(session: Session, attendance_id: int) -> AttendanceRow:
    """Undo a mistaken late-arrival or early-departure stamp."""
    attendance = _editable(session, attendance_id)
    attendance.arrived_at = None
    attendance.arrived_during_item_id = None
    attendance.left_at = None
    attendance.left_during_item_id = None
    session.flush()
    return _row(attendance)
