"""Forward plan service: entries aimed at meetings or months, deferral, scheduling."""

from __future__ import annotations

import datetime as dt

import pytest

from csp_desktop.errors import ValidationError
from csp_desktop.models import AgendaItem, ForwardPlanStatus, ItemKind
from csp_desktop.services import agenda, forward_plan
from tests.factories import make_body, make_meeting


@pytest.fixture
def board(session):
    return make_body(session)


@pytest.fixture
def december(session, board):
    meeting = make_meeting(
        session, board, dt.date(2022, 12, 7), items=["Introductions", "Forward plan"]
    )
    meeting.items[1].kind = ItemKind.FORWARD_PLAN
    session.flush()
    return meeting


def test_add_and_list_soonest_first(session, board, december):
    later = forward_plan.add_entry(
        session,
        board.id,
        forward_plan.EntrySpec("Resettlement update", target_month=dt.date(2023, 3, 17)),
    )
    sooner = forward_plan.add_entry(
        session,
        board.id,
        forward_plan.EntrySpec(
            " Drugs Partnership  Profile ",
            presenter="Amolak Tatter",
            target_meeting_id=december.id,
            minutes_allocated=15,
        ),
    )
    rows = forward_plan.list_entries(session, board.id)
    assert [r.id for r in rows] == [sooner, later]
    assert rows[0].title == "Drugs Partnership Profile"
    assert rows[0].target_label == "Wednesday 7 December 2022"
    assert rows[1].target_month == dt.date(2023, 3, 1)
    assert rows[1].target_label == "March 2023"


def test_title_required_and_meeting_of_same_body(session, board, december):
    with pytest.raises(ValidationError, match="needs a title"):
        forward_plan.add_entry(session, board.id, forward_plan.EntrySpec(""))
    other = make_body(session, "VAWG subgroup", short_name="VAWG")
    with pytest.raises(ValidationError, match="same body"):
        forward_plan.add_entry(
            session, other.id, forward_plan.EntrySpec("X", target_meeting_id=december.id)
        )


def test_schedule_puts_it_on_the_agenda_and_defer_takes_it_off(session, board, december, clock):
    entry_id = forward_plan.add_entry(
        session, board.id, forward_plan.EntrySpec("Resettlement update", minutes_allocated=10)
    )
    item_id = forward_plan.schedule_entry(session, entry_id, december.id, clock)
    titles = [r.title for r in agenda.list_items(session, december.id)]
    assert titles == ["Introductions", "Resettlement update", "Forward plan"]
    row = forward_plan.get_entry(session, entry_id)
    assert (row.status, row.agenda_item_id) == (ForwardPlanStatus.SCHEDULED, item_id)

    forward_plan.defer_entry(
        session, entry_id, clock, to_month=dt.date(2023, 3, 1), reason="report not ready"
    )
    row = forward_plan.get_entry(session, entry_id)
    assert row.status is ForwardPlanStatus.DEFERRED
    assert row.target_label == "March 2023"
    assert "deferred from Wednesday 7 December 2022 to March 2023 (report not ready)" in row.notes
    assert session.get(AgendaItem, item_id) is None
    assert [r.title for r in agenda.list_items(session, december.id)] == [
        "Introductions",
        "Forward plan",
    ]


def test_defer_keeps_an_item_that_already_has_minutes(session, board, december, clock):
    entry_id = forward_plan.add_entry(session, board.id, forward_plan.EntrySpec("Hate crime"))
    item_id = forward_plan.schedule_entry(session, entry_id, december.id, clock)
    session.get(AgendaItem, item_id).minutes_text = "Partial discussion."
    session.flush()
    forward_plan.defer_entry(session, entry_id, clock, to_month=dt.date(2023, 6, 1))
    assert session.get(AgendaItem, item_id) is not None


def test_defer_needs_a_target(session, board, clock):
    entry_id = forward_plan.add_entry(session, board.id, forward_plan.EntrySpec("X"))
    with pytest.raises(ValidationError, match="deferred to"):
        forward_plan.defer_entry(session, entry_id, clock)


def test_edit_delete_and_done(session, board):
    entry_id = forward_plan.add_entry(session, board.id, forward_plan.EntrySpec("X"))
    forward_plan.edit_entry(session, entry_id, forward_plan.EntrySpec("Y", presenter="Chris"))
    assert forward_plan.get_entry(session, entry_id).presenter == "Chris"
    forward_plan.set_status(session, entry_id, ForwardPlanStatus.DONE)
    assert forward_plan.list_entries(session, board.id, include_done=False) == []
    spec = forward_plan.delete_entry(session, entry_id)
    assert spec.title == "Y"
    assert forward_plan.list_entries(session, board.id) == []
