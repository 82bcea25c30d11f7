"""The attendance list pre-fills attendance without overriding the note taker."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.errors import RecordLocked
from csp_desktop.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from csp_desktop.services.attendance_list import add_unmatched, apply_attendance_list
from csp_desktop.transcripts.attendance_list import parse_attendance_list
from tests.factories import make_body, make_meeting, make_person, mark
from tests.transcript_samples import attendance_rows, board_attendees

DAY = dt.date(2022, 10, 5)


def _list() -> bytes:
    return "\n".join("\t".join(row) for row in attendance_rows(board_attendees(DAY))).encode(
        "utf-16"
    )


def _meeting(session: Session) -> Meeting:
    body = make_body(session)
    meeting = make_meeting(session, body, DAY, items=["Introductions", "Performance", "VAWG"])
    for item, minutes in zip(meeting.items, (15, 45, 60), strict=True):
        item.minutes_allocated = minutes
    session.flush()
    return meeting


def _status(session: Session, meeting: Meeting) -> dict[str, Attendance]:
    return {
        a.person.name: a
        for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }


def test_joined_members_are_present_and_late_and_early_stamped_against_the_item(
    session: Session,
) -> None:
    meeting = _meeting(session)
    for name in ("Syed Ghani", "Andy Opie", "Helen Marsh", "Daniel Okafor"):
        mark(session, meeting, make_person(session, name), AttendanceStatus.ABSENT, is_member=True)
    summary = apply_attendance_list(session, meeting.id, parse_attendance_list(_list(), DAY))
    rows = _status(session, meeting)
    assert {n: r.status for n, r in rows.items()} == {n: AttendanceStatus.PRESENT for n in rows}
    helen, daniel = rows["Helen Marsh"], rows["Daniel Okafor"]
    assert helen.arrived_at == dt.datetime(2022, 10, 5, 10, 35)
    assert helen.arrived_during_item_id == meeting.items[1].id  # 10:15-11:00 Performance
    assert daniel.left_at == dt.datetime(2022, 10, 5, 11, 40)
    assert daniel.left_during_item_id == meeting.items[2].id
    assert rows["Andy Opie"].arrived_at is None and rows["Andy Opie"].left_at is None
    assert summary.late == ["Helen Marsh 10:35 (item 2)"]
    assert summary.early == ["Daniel Okafor 11:40 (item 3)"]
    assert summary.rooms == ["Conference Room BLC (Room)"]
    assert summary.unmatched == ["Guest, Visitor (External)"]


def test_a_mark_the_note_taker_made_is_never_overwritten(session: Session) -> None:
    meeting = _meeting(session)
    mark(session, meeting, make_person(session, "Syed Ghani"), AttendanceStatus.APOLOGIES)
    typed = dt.datetime(2022, 10, 5, 10, 50)
    mark(
        session,
        meeting,
        make_person(session, "Helen Marsh"),
        AttendanceStatus.PRESENT,
        arrived_at=typed,
    )
    summary = apply_attendance_list(session, meeting.id, parse_attendance_list(_list(), DAY))
    rows = _status(session, meeting)
    assert rows["Syed Ghani"].status is AttendanceStatus.APOLOGIES
    assert rows["Helen Marsh"].arrived_at == typed
    assert summary.kept_as_marked == ["Syed Ghani (apologies)"]
    assert summary.already_marked == ["Helen Marsh"]


def test_known_people_not_on_the_list_are_added_and_unknown_ones_listed(session: Session) -> None:
    meeting = _meeting(session)
    make_person(session, "Andy Opie")
    summary = apply_attendance_list(session, meeting.id, parse_attendance_list(_list(), DAY))
    assert summary.added == ["Andy Opie"]
    assert _status(session, meeting)["Andy Opie"].status is AttendanceStatus.ADDITIONAL
    assert "Opie, Andy" not in " ".join(summary.unmatched)
    assert "Marsh, Helen (Met Police)" in summary.unmatched
    assert add_unmatched(session, meeting.id, "Marsh, Helen (Met Police)") == "Helen Marsh"
    helen = _status(session, meeting)["Helen Marsh"]
    assert helen.person.organisation is not None
    assert helen.person.organisation.name == "Met Police"


def test_approved_minutes_refuse_the_list(session: Session) -> None:
    meeting = _meeting(session)
    meeting.status = MeetingStatus.APPROVED
    with pytest.raises(RecordLocked):
        apply_attendance_list(session, meeting.id, parse_attendance_list(_list(), DAY))
