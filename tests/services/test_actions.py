"""Actions: references, minutes lines kept in step with records, status, history, lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import NotFound, RecordLocked, ValidationError
from csp_desktop.models import (
    Action,
    ActionStatus,
    ActionUpdateSource,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    ItemKind,
    Meeting,
    MeetingStatus,
    Person,
)
from csp_desktop.services.actions import (
    ActionFilter,
    action_history,
    add_action_update,
    create_action,
    delete_action,
    detach_action,
    find_action,
    list_actions,
    next_reference,
    reference_sort_key,
    reviewed_actions,
    set_action_fields,
    set_action_status,
    set_review_status,
    sync_item_actions,
)
from csp_desktop.services.bodies import add_membership, create_body
from csp_desktop.services.meetings import (
    create_meeting,
    previous_minutes_item,
    set_meeting_status,
)
from csp_desktop.services.minutes import approve_minutes, save_minutes
from csp_desktop.services.people import find_or_create_person

OCTOBER = dt.date(2022, 10, 5)


@dataclass
class Board:
    body: Body
    meeting: Meeting
    item: AgendaItem
    people: dict[str, Person]


def mark(session: Session, meeting: Meeting, person: Person, status: AttendanceStatus) -> None:
    for attendance in meeting.attendance:
        if attendance.person_id == person.id:
            attendance.status = status
            break
    else:
        meeting.attendance.append(Attendance(person_id=person.id, status=status, is_member=False))
    session.flush()


@pytest.fixture
def board(session: Session, clock: FakeClock) -> Board:
    """The 5 October 2022 board: members, additional attendees, one topical item."""
    body = create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
    people: dict[str, Person] = {}
    for name in (
        "Andy Opie",
        "Chris Lyons",
        "Angela D’Urso",
        "Councillor Syed Ghani",
        "Daniel James",
        "Paul Waller",
    ):
        person = find_or_create_person(session, name)
        add_membership(session, body.id, person.id)
        people[person.first_name] = person
    for name in ("Amolak Tatter", "Martin Rolston"):
        people[name.split()[0]] = find_or_create_person(session, name)
    meeting = create_meeting(session, body.id, OCTOBER, clock)
    for first in ("Andy", "Chris", "Angela", "Syed", "Daniel"):  # Daniel James
        mark(session, meeting, people[first], AttendanceStatus.PRESENT)
    for first in ("Amolak", "Martin"):
        mark(session, meeting, people[first], AttendanceStatus.ADDITIONAL)
    mark(session, meeting, people["Paul"], AttendanceStatus.APOLOGIES)
    item = AgendaItem(position=99, number="5", title="Plan for CSP 2023-2026")
    meeting.items.insert(3, item)
    session.flush()
    return Board(body=body, meeting=meeting, item=item, people=people)


def actions_of(session: Session, item: AgendaItem) -> list[Action]:
    return list(
        session.scalars(
            select(Action).where(Action.raised_at_item_id == item.id).order_by(Action.id)
        ).all()
    )


def type_minutes(session: Session, board: Board, text: str, clock: FakeClock):  # type: ignore[no-untyped-def]
    save_minutes(session, board.item.id, text, clock)
    return sync_item_actions(session, board.item.id, clock)


def test_references_count_up_within_a_meeting_and_are_never_reused(
    session: Session, board: Board, clock: FakeClock
) -> None:
    made = [
        create_action(
            session,
            body_id=board.body.id,
            meeting_id=board.meeting.id,
            item_id=board.item.id,
            text=f"Task {n}",
            owner_ids=[],
            clock=clock,
        )
        for n in range(1, 4)
    ]
    assert [a.reference for a in made] == [
        "CSP-2022-10-05-01",
        "CSP-2022-10-05-02",
        "CSP-2022-10-05-03",
    ]
    delete_action(session, made[2].id)
    assert next_reference(session, board.meeting) == "CSP-2022-10-05-04"
    assert find_action(session, "csp-2022-10-05-01") is made[0]
    with pytest.raises(NotFound):
        find_action(session, "CSP-2022-10-05-03")


def test_create_action_records_owners_and_first_update(
    session: Session, board: Board, clock: FakeClock
) -> None:
    andy, chris = board.people["Andy"], board.people["Chris"]
    action = create_action(
        session,
        body_id=board.body.id,
        meeting_id=board.meeting.id,
        item_id=board.item.id,
        text="  Andy Opie and Chris Lyons to meet  ",
        owner_ids=[andy.id, chris.id, andy.id],
        other_owners="partners",
        due_date=dt.date(2022, 12, 7),
        clock=clock,
    )
    assert action.text == "Andy Opie and Chris Lyons to meet"
    assert [p.id for p in action.owners] == [andy.id, chris.id]
    assert action.owner_names == "Andy Opie, Chris Lyons and partners"
    [update] = action_history(session, action.id)
    assert update.source is ActionUpdateSource.MANUAL
    assert update.author == "test.user" and update.made_at == clock.now()
    assert "Raised at CSP Board, Wednesday 5 October 2022, item 5" in update.text
    with pytest.raises(ValidationError):
        create_action(
            session,
            body_id=board.body.id,
            meeting_id=board.meeting.id,
            item_id=None,
            text="   ",
            owner_ids=[],
            clock=clock,
        )
    with pytest.raises(NotFound):
        create_action(
            session,
            body_id=board.body.id,
            meeting_id=board.meeting.id,
            item_id=None,
            text="Task",
            owner_ids=[9999],
            clock=clock,
        )


def test_sync_creates_an_action_per_line_with_matched_owners(
    session: Session, board: Board, clock: FakeClock
) -> None:
    text = (
        "Chris Lyons presented that the 2019-2022 CSP Plan is coming to an end.\n"
        "Action: Andy Opie and Chris Lyons to meet and create a timetable.\n"
        "- ACTION: Amolak Tatter, Paul Waller and partners need to present a broader update.\n"
        "ACTION: Chris to share NHCAW event week plan with CSP board members (COMPLETED).\n"
        "Action – DO to arrange the workshop\n"
        "ACTION : Martin Rolston to send data surrounding VAWG areas\n"
    )
    result = type_minutes(session, board, text, clock)
    actions = actions_of(session, board.item)
    assert result.created == tuple(a.id for a in actions)
    assert [a.reference for a in actions] == [f"CSP-2022-10-05-0{n}" for n in range(1, 6)]
    p = board.people
    assert [[o.id for o in a.owners] for a in actions] == [
        [p["Andy"].id, p["Chris"].id],
        [p["Amolak"].id, p["Paul"].id],
        [p["Chris"].id],
        [],  # "DO": nobody here has those initials (Daniel James is DJ)
        [p["Martin"].id],
    ]
    assert actions[1].other_owners == "partners"
    assert actions[2].status is ActionStatus.COMPLETED
    assert actions[2].completed_on == OCTOBER
    assert actions[2].text == "Chris to share NHCAW event week plan with CSP board members."
    assert [a.source_order for a in actions] == [0, 1, 2, 3, 4]
    assert (
        actions[0].source_line
        == "Action: Andy Opie and Chris Lyons to meet and create a timetable."
    )
    assert all(u.source is ActionUpdateSource.MINUTES for a in actions for u in a.updates)
    # "DO" is nobody in the room or on the board, so it is flagged.
    assert [f.unmatched for f in result.flagged] == [("DO",)]
    assert actions[3].unmatched_owners == "DO"


def test_initials_of_someone_in_the_room(session: Session, board: Board, clock: FakeClock) -> None:
    osei = find_or_create_person(session, "Daniel Osei")
    mark(session, board.meeting, osei, AttendanceStatus.ADDITIONAL)
    type_minutes(session, board, "Action - DO to arrange the workshop", clock)
    [action] = actions_of(session, board.item)
    assert [o.id for o in action.owners] == [osei.id]


def test_two_chrises_in_the_room_are_flagged_not_guessed(
    session: Session, board: Board, clock: FakeClock
) -> None:
    other = find_or_create_person(session, "Chris Smith")
    mark(session, board.meeting, other, AttendanceStatus.ADDITIONAL)
    result = type_minutes(session, board, "ACTION: Chris to share the plan", clock)
    [action] = actions_of(session, board.item)
    assert action.owners == []
    assert action.unmatched_owners == "Chris"
    assert result.flagged[0].ambiguous == ("Chris",)
    assert action.owner_names == "Chris"


def test_an_edited_line_updates_the_same_record(
    session: Session, board: Board, clock: FakeClock
) -> None:
    type_minutes(
        session,
        board,
        "Intro.\nACTION: Andy Opie to invite Street Space to the Barking Town Centre meeting\n",
        clock,
    )
    [action] = actions_of(session, board.item)
    reference = action.reference
    result = type_minutes(
        session,
        board,
        "Intro.\nMore discussion.\n"
        "ACTION: Chris Lyons to invite Street Space representatives to the next Barking Town "
        "Centre meeting\n",
        clock,
    )
    assert result.updated == (action.id,) and result.created == ()
    [same] = actions_of(session, board.item)
    assert same.reference == reference
    assert [o.id for o in same.owners] == [board.people["Chris"].id]
    assert same.text.startswith("Chris Lyons to invite Street Space representatives")
    # Syncing unchanged text changes nothing.
    again = sync_item_actions(session, board.item.id, clock)
    assert again.unchanged == (action.id,) and not again.changed


def test_a_line_typed_in_stages_stays_one_action(
    session: Session, board: Board, clock: FakeClock
) -> None:
    for typed in (
        "ACTION: And",
        "ACTION: Andy Opie to",
        "ACTION: Andy Opie to draw up a timetable of the tasks and governance processes",
    ):
        type_minutes(session, board, typed, clock)
    [action] = actions_of(session, board.item)
    assert action.reference == "CSP-2022-10-05-01"
    assert [o.id for o in action.owners] == [board.people["Andy"].id]
    assert action.unmatched_owners is None
    assert action.text.endswith("governance processes")


def test_a_pause_after_the_owners_name_does_not_take_the_line_above_as_the_action(
    session: Session, board: Board, clock: FakeClock
) -> None:
    # Live, an autosave lands while the note taker waits to hear the action: at that
    # moment "ACTION: Andy Opie" reads as an owner-only line whose words are the line
    # above. Once the line says its own words, the record must follow them (it kept
    # "Declarations were noted." with no owner, taken for a hand edit).
    for typed in (
        "Declarations were noted.\nACTION: A",
        "Declarations were noted.\nACTION: Andy Opie",
        "Declarations were noted.\nACTION: Andy Opie to circulate the plan.\n",
    ):
        type_minutes(session, board, typed, clock)
    [action] = actions_of(session, board.item)
    assert action.text == "Andy Opie to circulate the plan."
    assert [o.id for o in action.owners] == [board.people["Andy"].id]
    assert action.unmatched_owners is None


def test_inserting_a_line_above_keeps_existing_records(
    session: Session, board: Board, clock: FakeClock
) -> None:
    type_minutes(session, board, "ACTION: Andy Opie to invite Street Space", clock)
    [first] = actions_of(session, board.item)
    result = type_minutes(
        session,
        board,
        "ACTION: Angela D'Urso to set up VAWG strategic group meetings\n"
        "ACTION: Andy Opie to invite Street Space",
        clock,
    )
    assert result.unchanged == (first.id,)
    assert len(result.created) == 1
    assert first.source_order == 1
    assert find_action(session, "CSP-2022-10-05-02").text.startswith("Angela")


def test_a_removed_line_is_orphaned_not_deleted(
    session: Session, board: Board, clock: FakeClock
) -> None:
    type_minutes(
        session,
        board,
        "ACTION: Andy Opie to invite Street Space\nACTION: Chris to share the plan",
        clock,
    )
    invite, share = actions_of(session, board.item)
    result = type_minutes(session, board, "ACTION: Chris to share the plan", clock)
    assert result.orphaned == (invite.id,)
    assert result.unchanged == (share.id,)
    assert session.get(Action, invite.id) is not None
    # Undo brings the line back: the same record, no duplicate.
    result = type_minutes(
        session,
        board,
        "ACTION: Andy Opie to invite Street Space\nACTION: Chris to share the plan",
        clock,
    )
    assert result.orphaned == () and result.created == ()
    assert len(actions_of(session, board.item)) == 2
    # Confirmed away: kept as a standalone record, no longer tied to a line.
    type_minutes(session, board, "ACTION: Chris to share the plan", clock)
    detach_action(session, invite.id)
    result = sync_item_actions(session, board.item.id, clock)
    assert result.orphaned == ()
    assert session.get(Action, invite.id) is not None


def test_hand_chosen_owners_survive_edits_to_the_rest_of_the_line(
    session: Session, board: Board, clock: FakeClock
) -> None:
    other = find_or_create_person(session, "Chris Smith")
    mark(session, board.meeting, other, AttendanceStatus.ADDITIONAL)
    type_minutes(session, board, "ACTION: Chris to share the plan", clock)
    [action] = actions_of(session, board.item)
    set_action_fields(session, action.id, clock, owner_ids=[board.people["Chris"].id])
    assert action.unmatched_owners is None
    type_minutes(session, board, "ACTION: Chris to share the event week plan", clock)
    assert [o.id for o in action.owners] == [board.people["Chris"].id]
    assert action.text == "Chris to share the event week plan"


def test_completed_marker_added_and_removed_in_the_minutes(
    session: Session, board: Board, clock: FakeClock
) -> None:
    type_minutes(session, board, "ACTION: Chris to share the plan", clock)
    [action] = actions_of(session, board.item)
    type_minutes(session, board, "ACTION: Chris to share the plan (COMPLETED)", clock)
    assert action.status is ActionStatus.COMPLETED and action.completed_on == OCTOBER
    type_minutes(session, board, "ACTION: Chris to share the plan", clock)
    assert action.status is ActionStatus.OPEN and action.completed_on is None
    statuses = [(u.status_from, u.status_to) for u in action_history(session, action.id)[1:]]
    assert statuses == [
        (ActionStatus.OPEN, ActionStatus.COMPLETED),
        (ActionStatus.COMPLETED, ActionStatus.OPEN),
    ]


def test_actions_in_a_restricted_item_are_restricted(
    session: Session, board: Board, clock: FakeClock
) -> None:
    board.item.is_restricted = True
    type_minutes(session, board, "ACTION: Andy Opie to brief the VRU", clock)
    [action] = actions_of(session, board.item)
    assert action.is_restricted
    assert list_actions(session, ActionFilter(include_restricted=False)) == []


def test_previous_minutes_lines_review_earlier_actions(
    session: Session, board: Board, clock: FakeClock
) -> None:
    june = create_meeting(session, board.body.id, dt.date(2022, 6, 29), clock)
    june_item = AgendaItem(position=4, number="4", title="Policing and Crime Plan")
    june.items.append(june_item)
    session.flush()
    save_minutes(
        session,
        june_item.id,
        "ACTION: Andy Opie to invite Street Space representatives Tegan Mills and Phillipa "
        "Banister to the next Barking Town Centre meeting for a more detailed discussion.\n"
        "ACTION: Martin Rolston to send data surrounding VAWG areas in LBBD.",
        clock,
    )
    sync_item_actions(session, june_item.id, clock)
    invite, data = actions_of(session, june_item)

    december = create_meeting(session, board.body.id, dt.date(2022, 12, 7), clock)
    item = previous_minutes_item(december)
    assert item is not None and item.kind is ItemKind.PREVIOUS_MINUTES
    save_minutes(
        session,
        item.id,
        "The minutes were approved. The following actions have been completed:\n"
        "- ACTION: Andy Opie to invite Street Space representatives Tegan Mills and Phillipa "
        "Banister to the next Barking Town Centre meeting for a more detailed discussion "
        "(COMPLETED).\n"
        "- ACTION: Martin Rolston to send data surrounding VAWG areas in LBBD.\n"
        "- ACTION: Andy Opie to write to the VRU.\n",
        clock,
    )
    result = sync_item_actions(session, item.id, clock)
    assert result.reviewed == (invite.id, data.id)
    assert invite.status is ActionStatus.COMPLETED
    assert invite.completed_on == dt.date(2022, 12, 7)
    assert data.status is ActionStatus.OPEN
    [new] = actions_of(session, item)  # only the genuinely new line raised an action
    assert new.text == "Andy Opie to write to the VRU."
    rows = reviewed_actions(session, december.id)
    assert [(r.id, r.review_status) for r in rows] == [
        (invite.id, ActionStatus.COMPLETED),
        (data.id, ActionStatus.OPEN),
    ]
    # Syncing again changes nothing.
    again = sync_item_actions(session, item.id, clock)
    assert again.created == () and len(action_history(session, invite.id)) == 2


def test_status_changes_are_kept_with_who_and_when(
    session: Session, board: Board, clock: FakeClock
) -> None:
    type_minutes(session, board, "ACTION: Andy Opie to invite Street Space", clock)
    [action] = actions_of(session, board.item)
    clock.advance(days=10)
    set_action_status(session, action.id, ActionStatus.IN_PROGRESS, clock, note="Emailed")
    clock.advance(days=5)
    clock.username = "officer.two"
    set_action_status(
        session, action.id, ActionStatus.COMPLETED, clock, source=ActionUpdateSource.TRACKER
    )
    assert action.completed_on == dt.date(2022, 10, 20)
    set_action_status(session, action.id, ActionStatus.COMPLETED, clock)  # no change: no entry
    add_action_update(session, action.id, "Street Space attended on 3 November", clock)
    history = action_history(session, action.id)
    assert [(h.status_from, h.status_to, h.source, h.author) for h in history[1:]] == [
        (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionUpdateSource.MANUAL, "test.user"),
        (
            ActionStatus.IN_PROGRESS,
            ActionStatus.COMPLETED,
            ActionUpdateSource.TRACKER,
            "officer.two",
        ),
        (None, None, ActionUpdateSource.MANUAL, "officer.two"),
    ]
    assert history[1].text == "Emailed"
    assert history[1].made_at == dt.datetime(2022, 10, 15, 10, 0)
    set_action_status(session, action.id, ActionStatus.DROPPED, clock)
    assert action.completed_on is None
    with pytest.raises(ValidationError):
        add_action_update(session, action.id, "  ", clock)


def test_set_fields_leaves_unchanged_fields_alone(
    session: Session, board: Board, clock: FakeClock
) -> None:
    type_minutes(session, board, "ACTION: Andy Opie and partners to invite Street Space", clock)
    [action] = actions_of(session, board.item)
    set_action_fields(session, action.id, clock, due_date=dt.date(2022, 12, 7))
    assert action.due_date == dt.date(2022, 12, 7)
    assert action.other_owners == "partners"
    assert [o.first_name for o in action.owners] == ["Andy"]
    set_action_fields(session, action.id, clock, other_owners=None, text="Invite Street Space")
    assert action.other_owners is None and action.text == "Invite Street Space"
    assert action.due_date == dt.date(2022, 12, 7)
    last = action_history(session, action.id)[-1]
    assert "wording changed" in last.text and "other owners: none" in last.text
    count = len(action_history(session, action.id))
    set_action_fields(session, action.id, clock)  # nothing asked, nothing recorded
    assert len(action_history(session, action.id)) == count
    with pytest.raises(ValidationError):
        set_action_fields(session, action.id, clock, text=" ")


def test_list_actions_filters(session: Session, board: Board, clock: FakeClock) -> None:
    type_minutes(
        session,
        board,
        "ACTION: Andy Opie to invite Street Space\n"
        "ACTION: Chris Lyons to share the NHCAW plan\n"
        "ACTION: Andy Opie and Chris Lyons to meet (COMPLETED)\n",
        clock,
    )
    invite, share, meet = actions_of(session, board.item)
    set_action_fields(session, invite.id, clock, due_date=dt.date(2022, 11, 1))
    set_action_fields(session, share.id, clock, due_date=dt.date(2023, 1, 1))
    andy = board.people["Andy"].id

    def ids(**criteria: object) -> list[int]:
        return [row.id for row in list_actions(session, ActionFilter(**criteria))]  # type: ignore[arg-type]

    assert ids() == [invite.id, share.id, meet.id]
    assert ids(owner_id=andy) == [invite.id, meet.id]
    assert ids(open_only=True) == [invite.id, share.id]
    assert ids(statuses=(ActionStatus.COMPLETED,)) == [meet.id]
    assert ids(overdue_on=dt.date(2022, 12, 7)) == [invite.id]
    assert ids(text="nhcaw") == [share.id]
    assert ids(text="andy street") == [invite.id]
    assert ids(meeting_id=board.meeting.id, body_id=board.body.id) == [invite.id, share.id, meet.id]
    assert ids(body_id=board.body.id + 1) == []
    row = list_actions(session, ActionFilter(today=dt.date(2022, 12, 7)))[0]
    assert row.reference == "CSP-2022-10-05-01"
    assert row.is_overdue and row.owners == "Andy Opie"
    assert (row.item_number, row.item_title) == ("5", "Plan for CSP 2023-2026")
    assert row.meeting_date == OCTOBER and row.body_name == "CSP Board"
    assert row.latest_update is not None and "Edited" in row.latest_update
    completed_row = list_actions(session, ActionFilter(statuses=(ActionStatus.COMPLETED,)))[0]
    assert completed_row.completed_on == OCTOBER and not completed_row.is_overdue


def test_review_status_at_a_later_meeting(session: Session, board: Board, clock: FakeClock) -> None:
    type_minutes(session, board, "ACTION: Andy Opie to invite Street Space", clock)
    [action] = actions_of(session, board.item)
    december = create_meeting(session, board.body.id, dt.date(2022, 12, 7), clock)
    assert [r.id for r in reviewed_actions(session, december.id)] == [action.id]
    clock.current = dt.datetime(2022, 12, 7, 10, 30)
    set_review_status(session, december.id, action.id, ActionStatus.COMPLETED, clock)
    assert action.status is ActionStatus.COMPLETED
    assert reviewed_actions(session, december.id)[0].review_status is ActionStatus.COMPLETED
    assert action_history(session, action.id)[-1].meeting_id == december.id
    with pytest.raises(NotFound):
        set_review_status(session, board.meeting.id, action.id, ActionStatus.OPEN, clock)


def test_actions_of_approved_minutes_cannot_be_deleted(
    session: Session, board: Board, clock: FakeClock
) -> None:
    type_minutes(session, board, "ACTION: Andy Opie to invite Street Space", clock)
    [action] = actions_of(session, board.item)
    set_meeting_status(session, board.meeting.id, MeetingStatus.MINUTES_DRAFTED, clock)
    approve_minutes(session, board.meeting.id, clock)
    with pytest.raises(RecordLocked, match="Mark it dropped"):
        delete_action(session, action.id)
    # Progress on the action itself is still recorded after approval.
    set_action_status(session, action.id, ActionStatus.IN_PROGRESS, clock)
    assert action.status is ActionStatus.IN_PROGRESS


def test_a_half_typed_previous_minutes_line_reviews_nothing(
    session: Session, board: Board, clock: FakeClock
) -> None:
    type_minutes(
        session,
        board,
        "ACTION: Andy Opie to invite Street Space representatives to the town centre meeting\n"
        "ACTION: Andy Opie to contact colleagues within IVOLT about crime in parks\n",
        clock,
    )
    invite, contact = actions_of(session, board.item)
    december = create_meeting(session, board.body.id, dt.date(2022, 12, 7), clock)
    item = previous_minutes_item(december)
    assert item is not None
    save_minutes(session, item.id, "- ACTION: Andy Opie to", clock)
    assert sync_item_actions(session, item.id, clock).reviewed == ()
    save_minutes(
        session,
        item.id,
        "- ACTION: Andy Opie to contact colleagues within IVOLT about crime in parks (COMPLETED)",
        clock,
    )
    result = sync_item_actions(session, item.id, clock)
    assert result.reviewed == (contact.id,)
    assert [r.review_status for r in reviewed_actions(session, december.id)] == [
        None,
        ActionStatus.COMPLETED,
    ]
    assert invite.status is ActionStatus.OPEN


def test_a_review_line_prefers_the_action_carried_to_this_meeting(
    session: Session, board: Board, clock: FakeClock
) -> None:
    """The same task raised twice (the later one done): the open, carried one is meant."""
    november = create_meeting(session, board.body.id, dt.date(2022, 11, 2), clock)
    old = create_action(
        session,
        body_id=board.body.id,
        meeting_id=november.id,
        item_id=None,
        text="Andy Opie to circulate the quarterly performance report",
        owner_ids=[],
        clock=clock,
    )
    set_action_status(session, old.id, ActionStatus.COMPLETED, clock)
    type_minutes(
        session, board, "ACTION: Andy Opie to circulate the quarterly performance report", clock
    )
    [current] = actions_of(session, board.item)
    december = create_meeting(session, board.body.id, dt.date(2022, 12, 7), clock)
    item = previous_minutes_item(december)
    assert item is not None
    save_minutes(
        session,
        item.id,
        "- ACTION: Andy Opie to circulate the quarterly performance report (COMPLETED)",
        clock,
    )
    assert sync_item_actions(session, item.id, clock).reviewed == (current.id,)
    assert current.status is ActionStatus.COMPLETED


def test_a_due_point_in_the_line_is_recorded_and_follows_edits(
    session: Session, board: Board, clock: FakeClock
) -> None:
    type_minutes(session, board, "ACTION: Andy Opie to send the timetable by 30 November", clock)
    [action] = actions_of(session, board.item)
    assert action.due_date == dt.date(2022, 11, 30)
    assert action.due_text == "by 30 November"
    type_minutes(session, board, "ACTION: Andy Opie to send the timetable by 14 December", clock)
    assert action.due_date == dt.date(2022, 12, 14)
    # Once set by hand, the date is the officer's, whatever the line says later.
    set_action_fields(session, action.id, clock, due_date=dt.date(2023, 1, 6))
    type_minutes(session, board, "ACTION: Andy Opie to send the timetable by 21 December", clock)
    assert action.due_date == dt.date(2023, 1, 6)
    assert action.due_text == "by 21 December"


def test_lists_order_references_by_number(session: Session, board: Board, clock: FakeClock) -> None:
    board.meeting.last_action_number = 98  # a long day: the 99th and 100th actions
    for text in ("Task ninety-nine", "Task one hundred"):
        create_action(
            session,
            body_id=board.body.id,
            meeting_id=board.meeting.id,
            item_id=None,
            text=text,
            owner_ids=[],
            clock=clock,
        )
    rows = list_actions(session, ActionFilter(meeting_id=board.meeting.id))
    assert [r.reference for r in rows] == ["CSP-2022-10-05-99", "CSP-2022-10-05-100"]
    assert reference_sort_key("CSP-2022-10-05-100") > reference_sort_key("CSP-2022-10-05-99")
    assert reference_sort_key("OLD-A") == ("OLD-A", -1)


def test_an_edited_review_line_finds_its_action_among_many_alike(
    session: Session, board: Board, clock: FakeClock
) -> None:
    raised = [
        create_action(
            session,
            body_id=board.body.id,
            meeting_id=board.meeting.id,
            item_id=board.item.id,
            text=f"Andy Opie to deliver work stream {n} of the partnership plan with colleagues",
            owner_ids=[],
            clock=clock,
        )
        for n in range(1, 31)
    ]
    december = create_meeting(session, board.body.id, dt.date(2022, 12, 7), clock)
    item = previous_minutes_item(december)
    assert item is not None
    save_minutes(
        session,
        item.id,
        "- ACTION: Andy Opie to deliver work stream 17 of the partnership plan with "
        "partner agencies (COMPLETED)",
        clock,
    )
    result = sync_item_actions(session, item.id, clock)
    assert result.reviewed == (raised[16].id,)
    assert raised[16].status is ActionStatus.COMPLETED
    assert [a.status for a in raised].count(ActionStatus.COMPLETED) == 1


def test_reading_carried_actions_costs_the_same_statements_however_many(
    session: Session, board: Board, clock: FakeClock
) -> None:
    """The Actions tab reads a meeting's carried actions on each switch (issue 6)."""
    from sqlalchemy import event

    def statements_to_read(meeting_id: int) -> tuple[int, int]:
        session.expire_all()  # as a fresh read from the tab would find it
        count = [0]

        def before(*_args: object) -> None:
            count[0] += 1

        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", before)
        try:
            rows = reviewed_actions(session, meeting_id, dt.date(2023, 6, 1))
        finally:
            event.remove(engine, "before_cursor_execute", before)
        assert all(row.owners and row.body_name == "CSP Board" for row in rows)
        return len(rows), count[0]

    type_minutes(session, board, "ACTION: Andy Opie to invite Street Space.", clock)
    december = create_meeting(session, board.body.id, dt.date(2022, 12, 7), clock)
    few, few_statements = statements_to_read(december.id)
    lines = "\n".join(f"ACTION: Chris Lyons to send figure {n} by ward." for n in range(8))
    type_minutes(session, board, "ACTION: Andy Opie to invite Street Space.\n" + lines, clock)
    march = create_meeting(session, board.body.id, dt.date(2023, 3, 8), clock)
    many, many_statements = statements_to_read(march.id)
    assert (few, many) == (1, 9)
    assert many_statements == few_statements
