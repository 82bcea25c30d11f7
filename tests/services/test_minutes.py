"""Approved minutes are a record: saving refuses them, amendments keep who/when/what/why."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import NotFound, RecordLocked, ValidationError
from csp_desktop.models import AgendaItem, BodyKind, Meeting, MeetingStatus
from csp_desktop.services.bodies import create_body
from csp_desktop.services.meetings import create_meeting, set_meeting_status
from csp_desktop.services.minutes import (
    amend_minutes,
    approve_minutes,
    list_amendments,
    save_minutes,
)

JUNE = dt.date(2022, 6, 29)
OCTOBER = dt.date(2022, 10, 5)


@pytest.fixture
def june(session: Session, clock: FakeClock) -> Meeting:
    """A meeting that has taken place, its minutes drafted."""
    board = create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
    meeting = create_meeting(session, board.id, JUNE, clock)
    set_meeting_status(session, meeting.id, MeetingStatus.MINUTES_DRAFTED, clock)
    return meeting


def first_item(meeting: Meeting) -> AgendaItem:
    return meeting.items[0]


def test_save_minutes_while_drafting(session: Session, june: Meeting, clock: FakeClock) -> None:
    item = first_item(june)
    clock.advance(minutes=3)
    save_minutes(session, item.id, "Councillor Ghani opened the meeting.", clock)
    assert item.minutes_text == "Councillor Ghani opened the meeting."
    assert item.updated_at == clock.now() and june.updated_at == clock.now()
    with pytest.raises(NotFound):
        save_minutes(session, 9999, "text", clock)


def test_approved_minutes_refuse_save_but_accept_amendments(
    session: Session, june: Meeting, clock: FakeClock
) -> None:
    item = first_item(june)
    save_minutes(session, item.id, "Apologies were noted.", clock)
    october = create_meeting(session, june.body_id, OCTOBER, clock)
    clock.current = dt.datetime(2022, 10, 5, 10, 20)
    approve_minutes(session, june.id, clock, at_meeting_id=october.id)
    assert june.status is MeetingStatus.APPROVED
    assert june.approved_on == OCTOBER and june.approved_at_meeting_id == october.id

    with pytest.raises(RecordLocked, match="approved on Wednesday 5 October 2022"):
        save_minutes(session, item.id, "Apologies were noted. Nathan Singleton attended.", clock)
    assert item.minutes_text == "Apologies were noted."

    clock.current = dt.datetime(2022, 10, 5, 10, 25)
    clock.username = "ilirjeta.buzoku"
    amendment = amend_minutes(
        session,
        item.id,
        "Apologies were noted. Nathan Singleton attended.",
        "Confirmed as correct with the addition of Nathan Singleton",
        clock,
        agreed_at_meeting_id=october.id,
    )
    assert item.minutes_text == "Apologies were noted. Nathan Singleton attended."
    assert (amendment.author, amendment.made_at) == ("ilirjeta.buzoku", clock.now())
    [row] = list_amendments(session, june.id)
    assert row.old_value == "Apologies were noted."
    assert row.new_value == "Apologies were noted. Nathan Singleton attended."
    assert row.reason == "Confirmed as correct with the addition of Nathan Singleton"
    assert (row.author, row.made_at) == ("ilirjeta.buzoku", dt.datetime(2022, 10, 5, 10, 25))
    assert (row.item_number, row.item_title) == ("1", item.title)
    assert row.field == "minutes_text" and row.agreed_at_meeting_id == october.id
    assert june.status is MeetingStatus.APPROVED  # still locked


def test_amendments_need_a_reason_and_a_change(
    session: Session, june: Meeting, clock: FakeClock
) -> None:
    item = first_item(june)
    save_minutes(session, item.id, "Text.", clock)
    approve_minutes(session, june.id, clock)
    assert june.approved_on == clock.today()
    with pytest.raises(ValidationError, match="Say why"):
        amend_minutes(session, item.id, "New text.", "  ", clock)
    with pytest.raises(ValidationError, match="same"):
        amend_minutes(session, item.id, "Text.", "typo", clock)
    assert list_amendments(session, june.id) == []


def test_approval_rules(session: Session, june: Meeting, clock: FakeClock) -> None:
    earlier = create_meeting(session, june.body_id, dt.date(2022, 3, 2), clock)
    with pytest.raises(ValidationError, match="later meeting"):
        approve_minutes(session, june.id, clock, at_meeting_id=earlier.id)
    with pytest.raises(ValidationError, match="later meeting"):
        approve_minutes(session, june.id, clock, at_meeting_id=june.id)
    assert june.status is MeetingStatus.MINUTES_DRAFTED
    approve_minutes(session, june.id, clock)
    with pytest.raises(ValidationError, match="already approved"):
        approve_minutes(session, june.id, clock)
    # Minutes cannot be approved before the meeting has happened.
    with pytest.raises(ValidationError, match=r"still a draft\. Mark the minutes drafted"):
        approve_minutes(session, earlier.id, clock)
    set_meeting_status(session, earlier.id, MeetingStatus.AGENDA_ISSUED, clock)
    with pytest.raises(ValidationError, match="only at the agenda stage"):
        approve_minutes(session, earlier.id, clock)
    set_meeting_status(session, earlier.id, MeetingStatus.CANCELLED, clock)
    with pytest.raises(ValidationError, match="cancelled"):
        approve_minutes(session, earlier.id, clock)


def test_saving_the_same_text_changes_nothing(
    session: Session, june: Meeting, clock: FakeClock
) -> None:
    item = first_item(june)
    save_minutes(session, item.id, "Same.", clock)
    stamp = item.updated_at
    clock.advance(minutes=1)
    save_minutes(session, item.id, "Same.", clock)
    assert item.updated_at == stamp
