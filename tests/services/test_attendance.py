"""Attendance rules: marks, additional attendees, roles, stamps, counts and quorum."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import RecordLocked, ValidationError
from csp_desktop.models import (
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Organisation,
    Person,
)
from csp_desktop.services import attendance as service
from tests.factories import add_member, make_body, make_meeting, make_organisation, make_person


def board_meeting(session: Session, *, quorum: int | None = 3) -> Meeting:
    body = make_body(session, quorum=quorum)
    council = make_organisation(session, "London Borough of Barking and Dagenham")
    for name in ("Andy Opie", "Chris Lyons", "Syed Ghani", "Zahid Iqbal", "Fiona Taylor"):
        title = "Councillor" if name == "Syed Ghani" else None
        add_member(session, body, make_person(session, name, title=title, organisation=council))
    meeting = make_meeting(session, body, items=["Introductions", "Violence reduction"])
    service.add_missing_members(session, meeting.id)
    return meeting


def row_for(session: Session, meeting: Meeting, name: str) -> service.AttendanceRow:
    return next(r for r in service.roster(session, meeting.id) if name in r.name)


def test_roster_lists_members_not_yet_marked(session: Session) -> None:
    meeting = board_meeting(session)
    rows = service.roster(session, meeting.id)
    # By surname, as the roster is built from the memberships.
    assert [r.name for r in rows] == [
        "Councillor Syed Ghani",
        "Zahid Iqbal",
        "Chris Lyons",
        "Andy Opie",
        "Fiona Taylor",
    ]
    # Not absent: nobody has said yet (issue 11). In words, distinct from Absent.
    assert {r.status for r in rows} == {AttendanceStatus.UNMARKED}
    assert {r.status_label for r in rows} == {"Not yet marked"}
    counts = service.room_counts(session, meeting.id)
    assert counts.quorum_text == "Quorum not yet taken" and counts.is_quorate is None
    service.mark(session, rows[0].id, AttendanceStatus.PRESENT)
    counts = service.room_counts(session, meeting.id)
    assert counts.quorum_text.startswith("NOT QUORATE: 1 of quorum")
    service.mark(session, rows[0].id, AttendanceStatus.UNMARKED)
    assert all(r.is_member for r in rows)
    assert service.add_missing_members(session, meeting.id) == 0  # idempotent
    assert service.missing_member_count(session, meeting.id) == 0
    add_member(session, meeting.body, make_person(session, "Zahid Iqbal Junior"))
    assert service.missing_member_count(session, meeting.id) == 1


def test_marks_and_counts_with_quorum(session: Session) -> None:
    meeting = board_meeting(session, quorum=3)
    rows = service.roster(session, meeting.id)
    service.mark(session, rows[0].id, AttendanceStatus.PRESENT)
    service.mark(session, rows[1].id, AttendanceStatus.PRESENT)
    service.mark(session, rows[2].id, AttendanceStatus.APOLOGIES)
    counts = service.room_counts(session, meeting.id)
    assert counts.room_text == "In the room: 2 of 5 members, 0 others"
    assert counts.is_quorate is False
    assert counts.quorum_text == "NOT QUORATE: 2 of quorum 3"
    service.mark(session, rows[3].id, AttendanceStatus.PRESENT)
    counts = service.room_counts(session, meeting.id)
    assert counts.is_quorate is True
    assert counts.quorum_text == "Quorate: 3 of quorum 3"
    stored = session.get(Attendance, rows[2].id)
    assert stored is not None and stored.status is AttendanceStatus.APOLOGIES


def test_no_quorum_set_is_said_in_words(session: Session) -> None:
    meeting = board_meeting(session, quorum=None)
    counts = service.room_counts(session, meeting.id)
    assert counts.is_quorate is None
    assert counts.quorum_text == "No quorum set for this body"


def test_additional_attendee_created_inline_with_organisation(session: Session) -> None:
    meeting = board_meeting(session)
    row = service.add_attendee(session, meeting.id, "Ilirjeta Buzoku, Community Safety Team")
    assert row.is_member is False
    assert row.status is AttendanceStatus.ADDITIONAL
    assert row.organisation == "Community Safety Team"
    person = session.scalars(select(Person).where(Person.first_name == "Ilirjeta")).one()
    assert person.organisation is not None
    assert session.scalars(select(Organisation.name)).all().count("Community Safety Team") == 1
    # Adding again does not duplicate.
    again = service.add_attendee(session, meeting.id, "ilirjeta buzoku")
    assert again.id == row.id
    assert len(service.roster(session, meeting.id)) == 6
    counts = service.room_counts(session, meeting.id)
    assert counts.room_text == "In the room: 0 of 5 members, 1 other"


def test_adding_a_member_by_name_marks_them_present(session: Session) -> None:
    meeting = board_meeting(session)
    row = service.add_attendee(session, meeting.id, "Cllr Syed Ghani")
    assert row.is_member and row.status is AttendanceStatus.PRESENT
    assert len(service.roster(session, meeting.id)) == 5


def test_add_attendee_needs_a_name(session: Session) -> None:
    meeting = board_meeting(session)
    with pytest.raises(ValidationError, match="name"):
        service.add_attendee(session, meeting.id, " , Police")


def test_present_on_a_non_member_stays_additional(session: Session) -> None:
    meeting = board_meeting(session)
    row = service.add_attendee(session, meeting.id, "Gary Jones")
    service.mark(session, row.id, AttendanceStatus.ABSENT)
    assert service.mark(session, row.id, AttendanceStatus.PRESENT).status is (
        AttendanceStatus.ADDITIONAL
    )


def test_roles_chair_is_unique_and_substitute_names_member(session: Session) -> None:
    meeting = board_meeting(session)
    rows = service.roster(session, meeting.id)
    service.set_role(session, rows[0].id, AttendanceRole.CHAIR)
    service.set_role(session, rows[1].id, AttendanceRole.CHAIR)
    roles = {r.id: r.role for r in service.roster(session, meeting.id)}
    assert roles[rows[0].id] is None and roles[rows[1].id] is AttendanceRole.CHAIR

    fiona = row_for(session, meeting, "Fiona Taylor")
    service.mark(session, fiona.id, AttendanceStatus.APOLOGIES)
    sub = service.add_attendee(session, meeting.id, "Nathan Singleton, Lifeline")
    with pytest.raises(ValidationError, match="stand in for a member"):
        service.set_role(session, sub.id, AttendanceRole.SUBSTITUTE)
    row = service.set_role(
        session, sub.id, AttendanceRole.SUBSTITUTE, substitute_for_id=fiona.person_id
    )
    assert row.role_label == "Substitute for Fiona Taylor"
    counts = service.room_counts(session, meeting.id)
    assert counts.members_in_room == 1
    assert counts.substitutes == 1
    assert counts.others_in_room == 0
    assert "including 1 substitute" in counts.room_text


def test_late_arrival_and_early_departure_record_time_and_item(
    session: Session, clock: FakeClock
) -> None:
    meeting = board_meeting(session, quorum=1)
    item = meeting.items[1]
    item.started_at = clock.now()
    session.flush()
    andy = row_for(session, meeting, "Andy Opie")
    clock.advance(minutes=25)
    arrived = service.stamp_arrival(session, andy.id, clock)
    assert arrived.status is AttendanceStatus.PRESENT
    assert arrived.arrived_at == dt.datetime(2022, 10, 5, 10, 25)
    assert arrived.arrived_item == "item 2"
    assert service.room_counts(session, meeting.id).is_quorate is True
    clock.advance(minutes=40)
    left = service.stamp_departure(session, andy.id, clock)
    assert left.times_label == "Arrived 10:25 (item 2); left 11:05 (item 2)"
    counts = service.room_counts(session, meeting.id)
    assert counts.members_in_room == 0
    assert counts.quorum_text == "NOT QUORATE: 0 of quorum 1"
    stored = session.get(Attendance, andy.id)
    assert stored is not None and stored.left_during_item_id == item.id
    cleared = service.clear_times(session, andy.id)
    assert cleared.arrived_at is None and cleared.left_at is None


def test_cannot_leave_early_without_being_present(session: Session, clock: FakeClock) -> None:
    meeting = board_meeting(session)
    andy = row_for(session, meeting, "Andy Opie")
    with pytest.raises(ValidationError, match="not marked present"):
        service.stamp_departure(session, andy.id, clock)


def test_members_cannot_be_removed_but_additional_can(session: Session) -> None:
    meeting = board_meeting(session)
    andy = row_for(session, meeting, "Andy Opie")
    with pytest.raises(ValidationError, match="mark them absent"):
        service.remove_attendee(session, andy.id)
    guest = service.add_attendee(session, meeting.id, "Steve Calder")
    service.remove_attendee(session, guest.id)
    assert all(r.name != "Steve Calder" for r in service.roster(session, meeting.id))


def test_approved_minutes_refuse_attendance_changes(session: Session) -> None:
    meeting = board_meeting(session)
    andy = row_for(session, meeting, "Andy Opie")
    meeting.status = MeetingStatus.APPROVED
    session.flush()
    with pytest.raises(RecordLocked):
        service.mark(session, andy.id, AttendanceStatus.PRESENT)
    with pytest.raises(RecordLocked):
        service.add_attendee(session, meeting.id, "New Person")


def test_suggestions_offer_people_with_organisation(session: Session) -> None:
    board_meeting(session)
    offered = service.suggestions(session)
    assert "Andy Opie, London Borough of Barking and Dagenham" in offered.people
    assert offered.organisations == ["London Borough of Barking and Dagenham"]


def test_attendance_view_reads_everything_the_tab_shows(session: Session) -> None:
    meeting = board_meeting(session, quorum=2)
    first = service.roster(session, meeting.id)[0]
    service.mark(session, first.id, AttendanceStatus.PRESENT)
    view = service.attendance_view(session, meeting.id)
    assert len(view.rows) == 5 and view.missing_members == 0 and not view.locked
    assert view.counts == service.room_counts(session, meeting.id)
    assert view.counts.quorum_text == "NOT QUORATE: 1 of quorum 2"
    assert service.counts_of(view.rows, view.quorum) == view.counts
