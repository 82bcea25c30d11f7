"""An ACTION line read back in words (issue 11, point 8)."""

from __future__ import annotations

import datetime as dt

from csp_desktop.services import actions, people
from csp_desktop.services.action_feedback import (
    ActionLineContext,
    action_line_context,
    due_doubt,
    read_action_line,
)
from csp_desktop.services.action_parser import OwnerCandidate
from tests.ui.window_helpers import seed_partnership

PEOPLE = (
    OwnerCandidate(person_id=1, first_name="Andy", last_name="Opie", present=True),
    OwnerCandidate(person_id=2, first_name="Hannah", last_name="Doyle"),
)
DEC_9 = ActionLineContext(dt.date(2026, 12, 9), PEOPLE)


def test_owner_due_date_next_year_and_strangers():
    reading = read_action_line("ACTION: Hannah Doyle and Bob Smyth to write by 30 November", DEC_9)
    assert reading is not None
    assert reading.owners == ("Hannah Doyle",)
    assert reading.unmatched == ("Bob Smyth",)
    assert reading.summary() == (
        "Owner: Hannah Doyle · due Tue 30 Nov 2027 — next year? · not matched: Bob Smyth"
    )


def test_a_date_in_the_past_is_questioned():
    reading = read_action_line("ACTION: Andy Opie to call by 30 November 2026", DEC_9)
    assert reading is not None and reading.due_doubt == "in the past?"
    assert "due Mon 30 Nov 2026 — in the past?" in reading.summary()
    assert reading.needs_attention


def test_a_near_date_is_fine_and_plain_lines_are_not_actions():
    reading = read_action_line("ACTION: Andy Opie to call by 18 December", DEC_9)
    assert reading is not None and not reading.needs_attention
    assert reading.summary() == "Owner: Andy Opie · due Fri 18 Dec 2026"
    assert read_action_line("Andy will call.", DEC_9) is None
    assert due_doubt(dt.date(2027, 3, 1), dt.date(2026, 12, 9)) is None


def test_people_with_open_actions_are_known(db, clock):
    """Hannah Doyle (an officer, not a member, who owns open actions) must match."""
    seeded = seed_partnership(db, clock)
    with db.transaction() as session:
        hannah = people.find_or_create_person(session, "Hannah Doyle")
        actions.create_action(
            session,
            body_id=seeded.board_id,
            meeting_id=seeded.june_id,
            item_id=None,
            text="Hannah Doyle to book the room",
            owner_ids=[hannah.id],
            clock=clock,
        )
    with db.session() as session:
        context = action_line_context(session, seeded.october_id)
    reading = read_action_line("ACTION: Hannah Doyle to circulate the notes", context)
    assert reading is not None
    assert reading.owners == ("Hannah Doyle",) and reading.unmatched == ()
