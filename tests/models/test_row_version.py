"""models/row_version.py: the Versioned mixin checks and bumps a row version on every
update, stamps who changed the row and when from the session's clock, and notes what a
refused save tried to write (storage/database.py turns that into StaleEdit: tested in
tests/storage/test_row_versions.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.orm.exc import StaleDataError

from csp_desktop.clock import FakeClock
from csp_desktop.models import Action, AgendaItem, Attendance, Meeting, SubgroupReport
from csp_desktop.models.row_version import Versioned
from csp_desktop.storage import Database
from tests.factories import make_body, make_meeting

TYPED_AT = dt.datetime(2026, 12, 6, 10, 42)


def test_the_records_people_edit_together_are_versioned() -> None:
    for model in (Meeting, AgendaItem, Action, Attendance, SubgroupReport):
        assert issubclass(model, Versioned), model.__name__


def test_a_new_row_starts_at_version_one_and_each_update_bumps_it(db: Database) -> None:
    with db.transaction() as session:
        meeting = make_meeting(session, make_body(session), items=["Knife crime"])
        item = meeting.items[0]
        assert item.row_version == 1
        item.minutes_text = "First draft."
        session.flush()
        assert item.row_version == 2
        session.flush()  # nothing changed: no update, no bump
        assert item.row_version == 2
        item.minutes_text = "Second draft."
        session.flush()
        assert item.row_version == 3


def test_an_update_based_on_an_older_version_matches_no_row(db: Database) -> None:
    with db.transaction() as session:
        item_id = make_meeting(session, make_body(session), items=["Knife crime"]).items[0].id
    with db.session() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None
        # Someone else saves meanwhile: the row moves on to version 2.
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "UPDATE agenda_item SET row_version = 2, minutes_text = 'Theirs.' "
                    "WHERE id = :id"
                ),
                {"id": item_id},
            )
        item.minutes_text = "Mine."
        with pytest.raises(StaleDataError):
            session.flush()
        changes = session.info["versioned_changes"]
        assert changes == [("agenda_item", item_id, {"minutes_text": "Mine."})]
        session.rollback()
    with db.session() as session:
        kept = session.get(AgendaItem, item_id)
        assert kept is not None and kept.minutes_text == "Theirs."


def test_who_and_when_come_from_the_sessions_clock(db: Database) -> None:
    db.clock = FakeClock(current=TYPED_AT, username="Jo Smith")
    with db.transaction() as session:
        meeting = make_meeting(session, make_body(session))
        assert (meeting.changed_by, meeting.changed_at) == ("Jo Smith", TYPED_AT)
        db.clock.advance(minutes=5)
        meeting.venue = "Town Hall"
        session.flush()
        assert meeting.changed_at == TYPED_AT + dt.timedelta(minutes=5)


def test_without_a_clock_nothing_is_stamped(db: Database) -> None:
    db.clock = None
    with db.transaction() as session:
        meeting = make_meeting(session, make_body(session))
        assert (meeting.changed_by, meeting.changed_at) == (None, None)
