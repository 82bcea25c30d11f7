"""Saving an item's minutes with their ACTION sync: one transaction, the sync in a
savepoint, so a failing sync is rolled back alone and the words are always kept."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.models import Action, AgendaItem, MeetingStatus
from csp_desktop.services import actions as actions_service
from csp_desktop.services import agenda as agenda_service
from csp_desktop.storage import Database
from csp_desktop.usecases.save_minutes import save_and_sync, sync_if_out_of_step
from tests.factories import add_member, make_body, make_meeting, make_person

LINE = "ACTION: Andy Opie to circulate the strategic assessment by 31 October."


@pytest.fixture
def item_id(db: Database) -> int:
    with db.transaction() as session:
        body = make_body(session)
        add_member(session, body, make_person(session, "Andy Opie"))
        meeting = make_meeting(session, body, items=["Strategic assessment"])
        return meeting.items[0].id


def texts(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Action.text)))


def minutes(db: Database, item_id: int) -> str:
    with db.session() as session:
        return agenda_service.item_minutes(session, item_id)


def test_text_and_its_action_are_saved_together(
    db: Database, item_id: int, clock: FakeClock
) -> None:
    outcome = save_and_sync(db, item_id, f"Discussed.\n{LINE}", clock, sync=True)
    assert outcome.synced and outcome.sync_error is None and outcome.sync is not None
    assert minutes(db, item_id) == f"Discussed.\n{LINE}"
    assert texts(db) == ["Andy Opie to circulate the strategic assessment by 31 October."]
    # Without a sync only the text is saved (the line is still being typed).
    assert save_and_sync(db, item_id, "Discussed.", clock, sync=False).synced is False
    assert minutes(db, item_id) == "Discussed."


def test_a_failing_sync_rolls_back_alone_and_the_text_is_kept(
    db: Database, item_id: int, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_sync = actions_service.sync_item_actions

    def half_then_fails(*args: Any, **kwargs: Any) -> Any:
        real_sync(*args, **kwargs)  # raises the action, flushed inside the savepoint...
        raise UserError("The owners could not be matched just now.")  # ...then fails

    monkeypatch.setattr(actions_service, "sync_item_actions", half_then_fails)
    outcome = save_and_sync(db, item_id, LINE, clock, sync=True)
    assert outcome.synced and outcome.sync is None
    assert "could not be matched" in str(outcome.sync_error)
    assert minutes(db, item_id) == LINE  # the words are on disk
    assert texts(db) == []  # the half-done sync is not

    monkeypatch.setattr(actions_service, "sync_item_actions", real_sync)
    repaired = sync_if_out_of_step(db, item_id, clock)
    assert repaired.sync_error is None
    assert len(texts(db)) == 1


def test_a_text_that_cannot_be_saved_saves_nothing(
    db: Database, item_id: int, clock: FakeClock
) -> None:
    with db.transaction() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None
        item.meeting.status = MeetingStatus.APPROVED  # approved: changed only by amendment
    with pytest.raises(UserError, match="approved"):
        save_and_sync(db, item_id, LINE, clock, sync=True)
    assert minutes(db, item_id) == "" and texts(db) == []
