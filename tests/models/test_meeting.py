"""models/meeting.py (with body.py and attendance.py, which a meeting owns or needs):
defaults, the database's constraints, and what deleting a row takes with it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from csp_desktop.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    Meeting,
    MeetingStatus,
)
from csp_desktop.storage import Database
from tests.factories import make_body, make_meeting, make_person, mark


def test_a_new_meeting_is_a_draft_with_no_actions_numbered(db: Database) -> None:
    with db.transaction() as session:
        meeting = make_meeting(session, make_body(session))
        assert meeting.status is MeetingStatus.DRAFT
        assert meeting.status_recorded is True
        assert meeting.last_action_number == 0
        assert meeting.row_version == 1
        assert not meeting.is_locked
        meeting.status = MeetingStatus.APPROVED
        assert meeting.is_locked


def test_a_meeting_cannot_end_before_it_starts(db: Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as session:
        meeting = make_meeting(session, make_body(session))
        meeting.start_time, meeting.end_time = dt.time(13, 0), dt.time(10, 0)


def test_a_body_with_meetings_cannot_be_deleted(db: Database) -> None:
    with db.transaction() as session:
        body_id = make_meeting(session, make_body(session)).body_id
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(Body.__table__.delete().where(Body.id == body_id))


def test_a_body_name_and_short_name_are_unique(db: Database) -> None:
    with db.transaction() as session:
        make_body(session, "Board", short_name="CSP")
    with pytest.raises(IntegrityError), db.transaction() as session:
        make_body(session, "Board", short_name="CSP2")
    with pytest.raises(IntegrityError), db.transaction() as session:
        make_body(session, "Another board", short_name="CSP")


def test_deleting_a_meeting_takes_its_items_and_attendance_not_its_people(
    db: Database,
) -> None:
    with db.transaction() as session:
        meeting = make_meeting(session, make_body(session), items=["Knife crime", "Prevent"])
        person = make_person(session, "Aisha Rahman")
        mark(session, meeting, person, AttendanceStatus.PRESENT)
        meeting_id, person_id = meeting.id, person.id
    with db.transaction() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None and [i.position for i in meeting.items] == [1, 2]
        session.delete(meeting)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(AgendaItem)) == 0
        assert session.scalar(select(func.count()).select_from(Attendance)) == 0
        assert session.get(type(person), person_id) is not None


def test_the_database_cascades_too_not_only_the_orm(db: Database) -> None:
    """A meeting deleted by plain SQL (another client, a repair) leaves no orphans."""
    with db.transaction() as session:
        meeting_id = make_meeting(session, make_body(session), items=["Knife crime"]).id
    with db.engine.begin() as connection:
        if db.is_sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.execute(Meeting.__table__.delete().where(Meeting.id == meeting_id))
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(AgendaItem)) == 0


def test_approval_points_at_the_meeting_that_approved_it_and_survives_its_loss(
    db: Database,
) -> None:
    with db.transaction() as session:
        body = make_body(session)
        first = make_meeting(session, body, dt.date(2022, 6, 29))
        second = make_meeting(session, body, dt.date(2022, 10, 5))
        first.approved_at_meeting = second
        session.flush()
        first_id, second_id = first.id, second.id
    with db.engine.begin() as connection:
        connection.execute(Meeting.__table__.delete().where(Meeting.id == second_id))
    with db.session() as session:
        first = session.get(Meeting, first_id)
        assert first is not None and first.approved_at_meeting_id is None


def test_a_person_is_marked_once_per_meeting(db: Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as session:
        meeting = make_meeting(session, make_body(session))
        person = make_person(session, "Aisha Rahman")
        mark(session, meeting, person, AttendanceStatus.PRESENT)
        mark(session, meeting, person, AttendanceStatus.APOLOGIES)
