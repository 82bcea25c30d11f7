"""`sync_item_actions_if_out_of_step`: a sync missed between the text save and its sync.

The editor saves an item's text and syncs its ACTION lines in two transactions (the sync
off the GUI thread). If the app stops between them, opening the item must bring the
records in step; when they already are (the usual case), nothing is written.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.models import Action, AgendaItem, BodyKind, ItemKind
from csp_desktop.services.actions import (
    detach_action,
    sync_item_actions,
    sync_item_actions_if_out_of_step,
)
from csp_desktop.services.bodies import add_membership, create_body
from csp_desktop.services.meetings import create_meeting, previous_minutes_item
from csp_desktop.services.minutes import save_minutes
from csp_desktop.services.people import find_or_create_person
from csp_desktop.storage import Database

OCTOBER = dt.date(2022, 10, 5)
LINE = "ACTION: Andy Opie to circulate the strategic assessment to partners by 31 October."


def topical_item(session: Session, clock: FakeClock) -> AgendaItem:
    body = create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
    person = find_or_create_person(session, "Andy Opie")
    add_membership(session, body.id, person.id)
    meeting = create_meeting(session, body.id, OCTOBER, clock)
    item = AgendaItem(position=99, number="5", title="Strategic assessment")
    meeting.items.append(item)
    session.flush()
    return item


def texts_of(session: Session, item: AgendaItem) -> list[str]:
    return list(
        session.scalars(
            select(Action.text).where(Action.raised_at_item_id == item.id).order_by(Action.id)
        )
    )


def test_a_line_saved_without_its_sync_gets_its_action(session: Session, clock: FakeClock) -> None:
    item = topical_item(session, clock)
    save_minutes(session, item.id, f"The assessment was presented.\n{LINE}", clock)  # no sync
    assert texts_of(session, item) == []

    result = sync_item_actions_if_out_of_step(session, item.id, clock)

    assert result is not None and len(result.created) == 1
    assert texts_of(session, item) == [
        "Andy Opie to circulate the strategic assessment to partners by 31 October."
    ]


def test_a_deleted_line_whose_sync_was_missed_is_offered_as_an_orphan(
    session: Session, clock: FakeClock
) -> None:
    item = topical_item(session, clock)
    save_minutes(session, item.id, LINE, clock)
    [action_id] = sync_item_actions(session, item.id, clock).created
    save_minutes(session, item.id, "The assessment was presented.", clock)  # line gone, no sync

    result = sync_item_actions_if_out_of_step(session, item.id, clock)

    assert result is not None and result.orphaned == (action_id,)


def test_in_step_writes_nothing(db: Database, clock: FakeClock) -> None:
    with db.transaction() as session:
        item = topical_item(session, clock)
        save_minutes(session, item.id, f"Noted.\n{LINE}\n{LINE.replace('31', '30')}", clock)
        sync_item_actions(session, item.id, clock)
        kept = topical_item_with_detached_action(session, clock)
        item_id, kept_id = item.id, kept.id
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.transaction() as session:
            assert sync_item_actions_if_out_of_step(session, item_id, clock) is None
            assert sync_item_actions_if_out_of_step(session, kept_id, clock) is None
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert statements and all(s.lstrip().upper().startswith("SELECT") for s in statements)


def topical_item_with_detached_action(session: Session, clock: FakeClock) -> AgendaItem:
    """An item whose line was deleted and whose action the note taker chose to keep."""
    meeting = session.scalars(select(AgendaItem)).first().meeting  # type: ignore[union-attr]
    item = AgendaItem(position=100, number="6", title="Any other business")
    meeting.items.append(item)
    session.flush()
    save_minutes(session, item.id, LINE, clock)
    [action_id] = sync_item_actions(session, item.id, clock).created
    save_minutes(session, item.id, "Nothing else.", clock)
    assert sync_item_actions(session, item.id, clock).orphaned == (action_id,)
    detach_action(session, action_id)
    return item


def test_review_lines_in_the_previous_minutes_item_do_not_count_as_missed(
    session: Session, clock: FakeClock
) -> None:
    item = topical_item(session, clock)
    save_minutes(session, item.id, LINE, clock)
    sync_item_actions(session, item.id, clock)
    november = create_meeting(session, item.meeting.body_id, dt.date(2022, 11, 2), clock)
    previous = previous_minutes_item(november)
    assert previous is not None and previous.kind is ItemKind.PREVIOUS_MINUTES
    save_minutes(session, previous.id, f"Matters arising:\n- {LINE} (COMPLETED)", clock)
    sync_item_actions(session, previous.id, clock)  # reviews the October action

    assert sync_item_actions_if_out_of_step(session, previous.id, clock) is None


def test_a_deleted_item_is_not_an_error(session: Session, clock: FakeClock) -> None:
    assert sync_item_actions_if_out_of_step(session, 987654, clock) is None
