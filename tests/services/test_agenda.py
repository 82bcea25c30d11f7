"""Agenda service: ordering, renumbering, undoable delete, and the live clock."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from csp_desktop.errors import RecordLocked, ValidationError
from csp_desktop.models import (
    Action,
    AgendaItem,
    Decision,
    ItemKind,
    MeetingStatus,
    Paper,
)
from csp_desktop.services import agenda
from tests.factories import make_body, make_meeting

STANDING = ["Introductions and apologies", "Declarations of interest", "Forward plan", "AOB"]


@pytest.fixture
def meeting(session):
    body = make_body(session)
    meeting = make_meeting(session, body, items=STANDING)
    meeting.items[2].kind = ItemKind.FORWARD_PLAN
    meeting.items[3].kind = ItemKind.ANY_OTHER_BUSINESS
    session.flush()
    return meeting


def titles(session, meeting_id):
    return [(r.number, r.title) for r in agenda.list_items(session, meeting_id)]


def test_new_item_goes_before_the_closing_standing_items(session, meeting, clock):
    agenda.add_item(session, meeting.id, agenda.ItemSpec("Drugs Partnership Profile"), clock)
    assert titles(session, meeting.id) == [
        ("1", "Introductions and apologies"),
        ("2", "Declarations of interest"),
        ("3", "Drugs Partnership Profile"),
        ("4", "Forward plan"),
        ("5", "AOB"),
    ]


def test_add_at_position_and_clean_title(session, meeting, clock):
    item_id = agenda.add_item(
        session,
        meeting.id,
        agenda.ItemSpec("  VAWG   strategy ", presenter=" Paul Waller ", minutes_allocated=15),
        clock,
        position=1,
    )
    row = agenda.get_item(session, item_id)
    assert (row.number, row.title, row.presenter, row.minutes_allocated) == (
        "1",
        "VAWG strategy",
        "Paul Waller",
        15,
    )


def test_blank_title_and_negative_time_are_refused(session, meeting, clock):
    with pytest.raises(ValidationError, match="needs a title"):
        agenda.add_item(session, meeting.id, agenda.ItemSpec("   "), clock)
    with pytest.raises(ValidationError, match="negative"):
        agenda.add_item(session, meeting.id, agenda.ItemSpec("X", minutes_allocated=-3), clock)


def test_move_renumbers(session, meeting, clock):
    last = agenda.list_items(session, meeting.id)[-1]
    assert agenda.move_item(session, last.id, 1, clock) == 1
    assert [t for _, t in titles(session, meeting.id)] == [
        "AOB",
        "Introductions and apologies",
        "Declarations of interest",
        "Forward plan",
    ]
    assert [n for n, _ in titles(session, meeting.id)] == ["1", "2", "3", "4"]


def test_edit_item(session, meeting, clock):
    first = agenda.list_items(session, meeting.id)[0]
    agenda.edit_item(
        session,
        first.id,
        agenda.ItemSpec("Welcome", presenter="Chair", minutes_allocated=5, is_restricted=True),
        clock,
    )
    row = agenda.get_item(session, first.id)
    assert (row.title, row.presenter, row.minutes_allocated, row.is_restricted) == (
        "Welcome",
        "Chair",
        5,
        True,
    )
    assert agenda.item_spec(session, first.id).title == "Welcome"


def test_delete_then_restore_brings_everything_back(session, meeting, clock):
    second = agenda.list_items(session, meeting.id)[1]
    item = session.get(AgendaItem, second.id)
    item.minutes_text = "No declarations of interest to note."
    item.papers.append(Paper(name="Report.pdf", size_bytes=117_000, content=b"%PDF"))
    item.decisions.append(Decision(text="Approved the recommendation."))
    action = Action(
        reference="CSP-2022-10-05-01",
        body_id=meeting.body_id,
        raised_at_meeting_id=meeting.id,
        raised_at_item_id=second.id,
        text="Andy to report back",
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    session.add(action)
    session.flush()

    deleted = agenda.delete_item(session, second.id, clock)
    assert [n for n, _ in titles(session, meeting.id)] == ["1", "2", "3"]
    session.refresh(action)
    assert action.raised_at_item_id is None

    restored_id = agenda.restore_item(session, deleted, clock)
    assert restored_id == second.id
    assert titles(session, meeting.id)[1] == ("2", "Declarations of interest")
    assert agenda.item_minutes(session, restored_id) == "No declarations of interest to note."
    row = agenda.get_item(session, restored_id)
    assert row.papers_count == 1
    restored = session.get(AgendaItem, restored_id)
    assert restored.papers[0].content == b"%PDF"
    assert [d.text for d in restored.decisions] == ["Approved the recommendation."]
    assert session.scalar(select(Action.raised_at_item_id).where(Action.id == action.id)) == (
        restored_id
    )


def test_locked_meeting_refuses_agenda_changes(session, meeting, clock):
    meeting.status = MeetingStatus.APPROVED
    session.flush()
    with pytest.raises(RecordLocked):
        agenda.add_item(session, meeting.id, agenda.ItemSpec("Late item"), clock)


def test_start_meeting_starts_first_item_and_next_moves_the_clock(session, meeting, clock):
    first, second, third, _ = agenda.list_items(session, meeting.id)
    assert agenda.start_meeting(session, meeting.id, clock) == first.id
    assert session.get(type(meeting), meeting.id).status is MeetingStatus.IN_PROGRESS

    clock.advance(minutes=3)
    assert agenda.next_item(session, meeting.id, clock) == second.id
    rows = {r.id: r for r in agenda.list_items(session, meeting.id)}
    assert not rows[first.id].is_running
    assert rows[first.id].elapsed_at(clock.now()) == 180
    assert rows[second.id].is_running

    clock.advance(minutes=2)
    assert agenda.next_item(session, meeting.id, clock) == third.id
    clock.advance(minutes=1)
    # Back to the second item: it resumes from the two minutes it already had.
    assert agenda.previous_item(session, meeting.id, clock) == second.id
    clock.advance(seconds=30)
    rows = {r.id: r for r in agenda.list_items(session, meeting.id)}
    assert rows[second.id].elapsed_at(clock.now()) == 150
    assert rows[third.id].elapsed_at(clock.now()) == 60
    assert sum(r.is_running for r in rows.values()) == 1

    state = agenda.meeting_clock(session, meeting.id)
    assert state.running_item_id == second.id
    assert state.used_seconds(clock.now()) == 6 * 60 + 30
    # Planned 10:00-13:00, started on time at 10:00.
    assert state.seconds_to_planned_end(clock.now()) == 3 * 3600 - 390


def test_next_without_running_item_moves_on_from_the_one_shown(session, meeting, clock):
    items = agenda.list_items(session, meeting.id)
    assert agenda.next_item(session, meeting.id, clock, from_item_id=items[1].id) == items[2].id
    assert agenda.previous_item(session, meeting.id, clock) == items[1].id


def test_next_at_the_last_item_keeps_it_running(session, meeting, clock):
    items = agenda.list_items(session, meeting.id)
    agenda.start_item(session, items[-1].id, clock)
    clock.advance(minutes=1)
    assert agenda.next_item(session, meeting.id, clock) == items[-1].id
    clock.advance(minutes=1)
    assert agenda.get_item(session, items[-1].id).elapsed_at(clock.now()) == 120


def test_end_meeting_stops_the_clock(session, meeting, clock):
    agenda.start_meeting(session, meeting.id, clock)
    clock.advance(minutes=90)
    agenda.end_meeting(session, meeting.id, clock)
    clock.advance(minutes=10)
    state = agenda.meeting_clock(session, meeting.id)
    assert state.running_item_id is None
    assert state.used_seconds(clock.now()) == 90 * 60
    assert session.get(type(meeting), meeting.id).status is MeetingStatus.MINUTES_DRAFTED


def test_late_start_moves_the_planned_end(session, meeting, clock):
    clock.current = dt.datetime(2022, 10, 5, 10, 15)
    agenda.start_meeting(session, meeting.id, clock)
    state = agenda.meeting_clock(session, meeting.id)
    assert state.planned_end == dt.datetime(2022, 10, 5, 13, 15)


@pytest.mark.parametrize(
    ("elapsed", "allocated", "expected"),
    [
        (0, 10, agenda.Timing.ON_TIME),
        (479, 10, agenda.Timing.ON_TIME),
        (480, 10, agenda.Timing.NEARLY_OUT),
        (600, 10, agenda.Timing.NEARLY_OUT),
        (601, 10, agenda.Timing.OVERRUN),
        (601, None, agenda.Timing.NO_ALLOCATION),
    ],
)
def test_timing(elapsed, allocated, expected):
    assert agenda.timing(elapsed, allocated) is expected


def test_format_duration():
    assert agenda.format_duration(5) == "0:05"
    assert agenda.format_duration(750) == "12:30"
    assert agenda.format_duration(3723) == "1:02:03"
    assert agenda.format_duration(-90) == "-1:30"


def test_suggested_meeting_uses_the_recorded_next_date(session, clock):
    body = make_body(session)
    last = make_meeting(session, body, dt.date(2022, 10, 5))
    last.next_date = dt.date(2022, 12, 7)
    last.next_venue = "BLC Conference Room"
    session.flush()
    suggestion = agenda.suggest_meeting(session, body.id, dt.date(2022, 10, 6))
    assert (suggestion.date, suggestion.venue, suggestion.start_time) == (
        dt.date(2022, 12, 7),
        "BLC Conference Room",
        dt.time(10, 0),
    )


def test_suggested_meeting_keeps_the_body_rhythm(session):
    body = make_body(session)
    make_meeting(session, body, dt.date(2022, 6, 29))
    make_meeting(session, body, dt.date(2022, 10, 5))
    suggestion = agenda.suggest_meeting(session, body.id, dt.date(2022, 10, 6))
    assert suggestion.date == dt.date(2023, 1, 11)  # the same 14-week gap
    assert suggestion.venue == "MS Teams"
    later = agenda.suggest_meeting(session, body.id, dt.date(2023, 2, 1))
    assert later.date == dt.date(2023, 4, 19)  # never in the past


def test_first_meeting_of_a_body_is_suggested_for_today(session):
    body = make_body(session)
    assert agenda.suggest_meeting(session, body.id, dt.date(2022, 10, 6)).date == dt.date(
        2022, 10, 6
    )


def test_richest_meeting_and_busiest_item(session, clock):
    body = make_body(session)
    small = make_meeting(session, body, dt.date(2022, 6, 29), items=["One"])
    big = make_meeting(session, body, dt.date(2022, 10, 5), items=["A", "B", "C"])
    big.items[1].minutes_text = "Talked.\nACTION: Andy to report back\nACTION: Chris to call"
    big.items[2].minutes_text = "A much longer paragraph of minutes without any actions at all."
    session.flush()
    assert agenda.richest_meeting_id(session) == big.id != small.id
    assert agenda.busiest_item_id(session, big.id) == big.items[1].id


def test_owner_names_put_attendees_first(session):
    from csp_desktop.models import AttendanceStatus
    from tests.factories import make_person, mark

    body = make_body(session)
    meeting = make_meeting(session, body)
    make_person(session, "Zoe Adams")
    chris = make_person(session, "Chris Lyons", title="DCI")
    mark(session, meeting, chris, AttendanceStatus.PRESENT)
    assert agenda.owner_names(session, meeting.id)[:2] == ["Chris Lyons", "Zoe Adams"]
