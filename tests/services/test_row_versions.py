"""Saves that name the version they were based on (services/row_versions.py): refused
when someone else changed the record since, the refused value kept in `lost_edit`; "Keep
mine" keeps theirs there instead. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.errors import StaleEdit
from csp_desktop.models import ActionStatus, LostEdit
from csp_desktop.services import actions, minutes
from csp_desktop.storage import Database
from tests.factories import make_body, make_meeting

JO = FakeClock(current=dt.datetime(2026, 12, 6, 10, 42), username="Jo Smith")
SAM = FakeClock(current=dt.datetime(2026, 12, 6, 10, 44), username="Sam Patel")


def item_with_action(db: Database) -> tuple[int, int]:
    with db.transaction() as session:
        meeting = make_meeting(session, make_body(session), items=["Knife crime"])
        item_id = meeting.items[0].id
        minutes.save_minutes(session, item_id, "ACTION: Andy Opie to book it.", JO)
        actions.sync_item_actions(session, item_id, JO)
        [row] = actions.list_actions(session, actions.ActionFilter(meeting_id=meeting.id))
        return item_id, row.id


def kept(db: Database) -> list[tuple[str, str, str | None, str | None]]:
    with db.session() as session:
        return [
            (e.table_name, e.field, e.value, e.typed_by) for e in session.scalars(select(LostEdit))
        ]


def test_minutes_based_on_an_old_version_are_refused_and_kept(db: Database) -> None:
    item_id, _ = item_with_action(db)
    with db.session() as session:
        shown = minutes.read_item_minutes(session, item_id)
    db.clock = JO
    with db.transaction() as session:
        minutes.save_minutes(session, item_id, "Jo's words.", JO)
    db.clock = SAM
    with pytest.raises(StaleEdit) as refused, db.transaction() as session:
        minutes.save_minutes(
            session,
            item_id,
            "Sam's words.",
            SAM,
            expected_version=shown.row_version,
            read_text=shown.text,
        )
    assert refused.value.changed_by == "Jo Smith"
    assert refused.value.changed_at == JO.now()
    assert kept(db) == [("agenda_item", "minutes_text", "Sam's words.", "Sam Patel")]
    # Keep mine: Sam's words over Jo's, Jo's kept.
    with db.session() as session:
        theirs = minutes.read_item_minutes(session, item_id)
    with db.transaction() as session:
        minutes.save_minutes_over_theirs(session, item_id, "Sam's words.", theirs, SAM)
    with db.session() as session:
        assert minutes.read_item_minutes(session, item_id).text == "Sam's words."
    assert ("agenda_item", "minutes_text", "Jo's words.", "Jo Smith") in kept(db)


def test_an_action_edited_from_an_old_row_is_refused_and_kept(db: Database) -> None:
    _, action_id = item_with_action(db)
    with db.session() as session:
        shown = actions.get_action_row(session, action_id)
    db.clock = JO
    with db.transaction() as session:
        actions.set_action_status(
            session, action_id, ActionStatus.IN_PROGRESS, JO, expected_version=shown.row_version
        )
    db.clock = SAM
    with pytest.raises(StaleEdit), db.transaction() as session:
        actions.set_action_status(
            session, action_id, ActionStatus.COMPLETED, SAM, expected_version=shown.row_version
        )
    with pytest.raises(StaleEdit), db.transaction() as session:
        actions.set_action_fields(
            session,
            action_id,
            SAM,
            due_date=dt.date(2027, 1, 31),
            expected_version=shown.row_version,
        )
    with db.session() as session:
        now = actions.get_action_row(session, action_id)
    assert now.status is ActionStatus.IN_PROGRESS and now.due_date is None
    assert ("action", "status", "completed", "Sam Patel") in kept(db)
    assert ("action", "due_date", "2027-01-31", "Sam Patel") in kept(db)
    # From the row as it is now, Sam's change lands.
    with db.transaction() as session:
        actions.set_action_status(
            session, action_id, ActionStatus.COMPLETED, SAM, expected_version=now.row_version
        )


def test_a_progress_note_does_not_make_anyone_else_stale(db: Database) -> None:
    _, action_id = item_with_action(db)
    with db.session() as session:
        shown = actions.get_action_row(session, action_id)
    with db.transaction() as session:
        actions.add_action_update(session, action_id, "Venue booked.", JO)
    with db.transaction() as session:
        actions.set_action_status(
            session, action_id, ActionStatus.COMPLETED, SAM, expected_version=shown.row_version
        )
    assert kept(db) == []
