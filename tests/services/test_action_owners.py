"""Owners typed by hand: matched like ACTION-line owners, ambiguity refused, new names made."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import ValidationError
from csp_desktop.models import Action, Person
from csp_desktop.services.action_owners import set_owners_from_text
from csp_desktop.services.actions import create_action
from tests.factories import add_member, make_body, make_meeting, make_person


def setup_action(session: Session, clock: FakeClock) -> Action:
    board = make_body(session)
    for name in ("Andy Opie", "Chris Lyons", "Chris Bush"):
        add_member(session, board, make_person(session, name))
    meeting = make_meeting(session, board, items=["Topic"])
    return create_action(
        session,
        body_id=board.id,
        meeting_id=meeting.id,
        item_id=meeting.items[0].id,
        text="Share the plan",
        owner_ids=[],
        clock=clock,
    )


def test_names_and_groups_become_owners(session: Session, clock: FakeClock) -> None:
    action = setup_action(session, clock)
    set_owners_from_text(session, action.id, "Andy Opie, Chris Lyons and partners", clock)
    session.refresh(action)
    assert [p.name for p in action.owners] == ["Andy Opie", "Chris Lyons"]
    assert action.other_owners == "partners"
    assert action.owner_names == "Andy Opie, Chris Lyons and partners"


def test_ambiguous_first_name_is_refused_with_the_candidates(
    session: Session, clock: FakeClock
) -> None:
    action = setup_action(session, clock)
    with pytest.raises(
        ValidationError, match=r"Chris Lyons or Chris Bush|Chris Bush or Chris Lyons"
    ):
        set_owners_from_text(session, action.id, "Chris", clock)


def test_unknown_name_creates_the_person(session: Session, clock: FakeClock) -> None:
    action = setup_action(session, clock)
    set_owners_from_text(session, action.id, "Amolak Tatter", clock)
    session.refresh(action)
    assert [p.name for p in action.owners] == ["Amolak Tatter"]
    assert session.scalars(select(Person).where(Person.last_name == "Tatter")).one()


def test_empty_text_clears_the_owners(session: Session, clock: FakeClock) -> None:
    action = setup_action(session, clock)
    set_owners_from_text(session, action.id, "Andy Opie", clock)
    set_owners_from_text(session, action.id, "", clock)
    session.refresh(action)
    assert action.owners == [] and action.other_owners is None
