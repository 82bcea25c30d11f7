"""A new meeting from standing items, roster and forward plan; open actions carried on."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import NotFound, RecordLocked, UserError, ValidationError
from csp_desktop.models import (
    ActionReview,
    ActionStatus,
    AttendanceRole,
    AttendanceStatus,
    Body,
    BodyKind,
    ForwardPlanEntry,
    ForwardPlanStatus,
    ItemKind,
    MeetingStatus,
    ReportStatus,
)
from csp_desktop.services.actions import create_action, set_action_status
from csp_desktop.services.bodies import add_membership, create_body, default_standing_items
from csp_desktop.services.meetings import (
    carry_forward_actions,
    create_meeting,
    find_meeting,
    latest_meeting,
    list_meetings,
    meeting_label,
    previous_meeting,
    previous_minutes_item,
    schedule_forward_plan,
    set_meeting_status,
    uk_date,
)
from csp_desktop.services.minutes import approve_minutes
from tests.factories import make_person

JUNE = dt.date(2022, 6, 29)
OCTOBER = dt.date(2022, 10, 5)
DECEMBER = dt.date(2022, 12, 7)


@pytest.fixture
def board(session: Session) -> Body:
    return create_body(
        session,
        "CSP Board",
        "CSP",
        BodyKind.BOARD,
        default_venue="MS Teams",
        default_start=dt.time(10, 0),
        default_end=dt.time(13, 0),
    )


def plan_entry(session: Session, body: Body, title: str, **where: object) -> ForwardPlanEntry:
    entry = ForwardPlanEntry(body_id=body.id, title=title, **where)
    session.add(entry)
    session.flush()
    return entry


def test_uk_dates_and_labels(session: Session, board: Body, clock: FakeClock) -> None:
    assert uk_date(OCTOBER) == "Wednesday 5 October 2022"
    assert uk_date(dt.date(2022, 12, 25)) == "Sunday 25 December 2022"
    meeting = create_meeting(session, board.id, OCTOBER, clock)
    assert meeting_label(meeting) == "CSP Board, Wednesday 5 October 2022"


def test_agenda_starts_from_standing_items_with_body_defaults(
    session: Session, board: Body, clock: FakeClock
) -> None:
    meeting = create_meeting(session, board.id, OCTOBER, clock, contact_officer="CSP Officer")
    standing = default_standing_items(BodyKind.BOARD)
    assert [i.title for i in meeting.items] == [s.title for s in standing]
    assert [i.number for i in meeting.items] == [str(n) for n in range(1, len(standing) + 1)]
    assert [i.minutes_allocated for i in meeting.items] == [s.minutes_allocated for s in standing]
    assert (meeting.start_time, meeting.end_time, meeting.venue) == (
        dt.time(10, 0),
        dt.time(13, 0),
        "MS Teams",
    )
    assert meeting.status is MeetingStatus.DRAFT
    assert meeting.created_at == clock.now()
    assert meeting.contact_officer == "CSP Officer"


def test_meeting_details_given_override_defaults(
    session: Session, board: Body, clock: FakeClock
) -> None:
    meeting = create_meeting(
        session,
        board.id,
        DECEMBER,
        clock,
        start_time=dt.time(14, 0),
        end_time=dt.time(16, 0),
        venue="BLC Conference Room",
        title="CSP Plan workshop",
    )
    assert (meeting.start_time, meeting.venue, meeting.title) == (
        dt.time(14, 0),
        "BLC Conference Room",
        "CSP Plan workshop",
    )


def test_bad_meetings_are_refused(session: Session, board: Body, clock: FakeClock) -> None:
    with pytest.raises(ValidationError, match="end before it starts"):
        create_meeting(
            session, board.id, OCTOBER, clock, start_time=dt.time(13), end_time=dt.time(10)
        )
    create_meeting(session, board.id, OCTOBER, clock)
    with pytest.raises(ValidationError, match="already has a meeting on Wednesday 5 October"):
        create_meeting(session, board.id, OCTOBER, clock)
    with pytest.raises(NotFound):
        create_meeting(session, 999, OCTOBER, clock)


def test_forward_plan_entries_become_topical_items_between_standing_items(
    session: Session, board: Body, clock: FakeClock
) -> None:
    drugs = plan_entry(
        session,
        board,
        "Drugs Partnership Profile",
        presenter="Amolak Tatter",
        target_month=dt.date(2022, 10, 1),
        minutes_allocated=15,
    )
    restricted = plan_entry(
        session,
        board,
        "Serious Violence Duty update",
        target_month=dt.date(2022, 10, 1),
        is_restricted=True,
    )
    later = plan_entry(session, board, "CSP Plan workshop", target_month=dt.date(2022, 12, 1))
    done = plan_entry(
        session, board, "Old item", target_month=dt.date(2022, 10, 1), status=ForwardPlanStatus.DONE
    )
    meeting = create_meeting(session, board.id, OCTOBER, clock)
    titles = [i.title for i in meeting.items]
    assert titles[:5] == [
        "Introductions and apologies",
        "Declarations of interest",
        "Minutes and actions of the previous meeting",
        "Drugs Partnership Profile",
        "Serious Violence Duty update",
    ]
    assert titles[5] == "Forward plan"
    drugs_item = meeting.items[3]
    assert (drugs_item.number, drugs_item.presenter, drugs_item.minutes_allocated) == (
        "4",
        "Amolak Tatter",
        15,
    )
    assert drugs_item.kind is ItemKind.TOPICAL
    assert meeting.items[4].is_restricted
    assert (drugs.status, drugs.agenda_item_id, drugs.target_meeting_id) == (
        ForwardPlanStatus.SCHEDULED,
        drugs_item.id,
        meeting.id,
    )
    assert restricted.status is ForwardPlanStatus.SCHEDULED
    assert later.status is ForwardPlanStatus.PLANNED and later.agenda_item_id is None
    assert done.agenda_item_id is None
    # Running it again schedules nothing twice.
    assert schedule_forward_plan(session, meeting) == []
    assert len(meeting.items) == len(titles)


def test_entry_aimed_at_an_existing_meeting_is_scheduled_on_demand(
    session: Session, board: Body, clock: FakeClock
) -> None:
    meeting = create_meeting(session, board.id, DECEMBER, clock)
    meeting.items[-1].number = "14"  # set by hand: kept
    session.flush()
    entry = plan_entry(
        session, board, "Partnership delivery to the VRU plan", target_meeting_id=meeting.id
    )
    deferred = plan_entry(
        session,
        board,
        "Resettlement update",
        target_month=dt.date(2022, 12, 1),
        status=ForwardPlanStatus.DEFERRED,
    )
    added = schedule_forward_plan(session, meeting)
    assert [i.title for i in added] == [entry.title, deferred.title]
    closing = [i.kind for i in meeting.items[5:]]
    assert closing == [
        ItemKind.FORWARD_PLAN,
        ItemKind.ANY_OTHER_BUSINESS,
        ItemKind.SUBGROUP_UPDATES,
        ItemKind.NEXT_MEETING,
    ]
    assert [i.position for i in meeting.items] == list(range(1, 10))
    assert meeting.items[3].number == "4" and meeting.items[5].number == "6"
    assert meeting.items[-1].number == "14"
    assert entry.status is ForwardPlanStatus.SCHEDULED


def test_roster_is_current_members_absent_until_marked(
    session: Session, board: Body, clock: FakeClock
) -> None:
    ghani = make_person(session, "Syed Ghani", title="Councillor")
    worby = make_person(session, "Maureen Worby", title="Councillor")
    april = make_person(session, "April Bald")
    add_membership(session, board.id, ghani.id, role="Chair")
    add_membership(session, board.id, worby.id, from_date=dt.date(2022, 7, 1))
    add_membership(session, board.id, april.id, to_date=dt.date(2022, 9, 30))
    meeting = create_meeting(session, board.id, OCTOBER, clock)
    roster = sorted(meeting.attendance, key=lambda a: a.position)
    assert [a.person.display_name for a in roster] == [
        "Councillor Syed Ghani",
        "Councillor Maureen Worby",
    ]
    assert all(a.status is AttendanceStatus.UNMARKED and a.is_member for a in roster)
    assert roster[0].role is AttendanceRole.CHAIR and roster[1].role is None
    june = create_meeting(session, board.id, JUNE, clock)
    assert {a.person.name for a in june.attendance} == {"Syed Ghani", "April Bald"}


def test_board_gets_a_report_slot_for_each_subgroup(
    session: Session, board: Body, clock: FakeClock
) -> None:
    vawg = create_body(session, "VAWG", "VAWG", BodyKind.SUBGROUP, parent=board)
    ivolt = create_body(session, "IVOLT", "IVOLT", BodyKind.SUBGROUP, parent=board)
    dissolved = create_body(session, "Old group", "OLD", BodyKind.SUBGROUP, parent=board)
    dissolved.reports_to_parent = False
    session.flush()
    meeting = create_meeting(session, board.id, OCTOBER, clock)
    reports = sorted(meeting.subgroup_reports, key=lambda r: r.position)
    assert [r.subgroup_id for r in reports] == [ivolt.id, vawg.id]
    assert all(r.status is ReportStatus.NOT_PROVIDED for r in reports)
    subgroup_meeting = create_meeting(session, vawg.id, OCTOBER, clock)
    assert subgroup_meeting.subgroup_reports == []


def raise_action(session: Session, meeting_id: int, body: Body, text: str, clock: FakeClock):  # type: ignore[no-untyped-def]
    return create_action(
        session,
        body_id=body.id,
        meeting_id=meeting_id,
        item_id=None,
        text=text,
        owner_ids=[],
        clock=clock,
    )


def test_open_actions_carry_forward_across_three_meetings(
    session: Session, board: Body, clock: FakeClock
) -> None:
    june = create_meeting(session, board.id, JUNE, clock)
    invite = raise_action(session, june.id, board, "Andy Opie to invite Street Space", clock)
    data = raise_action(session, june.id, board, "Martin Rolston to send data", clock)
    drop = raise_action(session, june.id, board, "Tamara Barnett to contact Andy Opie", clock)
    drop_done = raise_action(session, june.id, board, "Angela D'Urso to set up meetings", clock)
    set_action_status(session, drop.id, ActionStatus.IN_PROGRESS, clock)
    set_action_status(session, drop_done.id, ActionStatus.DROPPED, clock)

    clock.current = dt.datetime(2022, 9, 1, 9, 0)
    october = create_meeting(session, board.id, OCTOBER, clock)
    item = previous_minutes_item(october)
    assert item is not None
    reviews = session.scalars(
        select(ActionReview).where(ActionReview.meeting_id == october.id)
    ).all()
    assert [r.action_id for r in reviews] == [invite.id, data.id, drop.id]
    assert all(r.agenda_item_id == item.id for r in reviews)
    assert [r.position for r in reviews] == [1, 2, 3]
    # Idempotent.
    assert carry_forward_actions(session, october) == []

    # At October: one completed, one raised; the rest stays open.
    clock.current = dt.datetime(2022, 10, 5, 11, 0)
    set_action_status(session, invite.id, ActionStatus.COMPLETED, clock)
    timetable = raise_action(session, october.id, board, "Andy Opie to draw up a timetable", clock)

    clock.current = dt.datetime(2022, 11, 1, 9, 0)
    december = create_meeting(session, board.id, DECEMBER, clock)
    december_reviews = session.scalars(
        select(ActionReview)
        .where(ActionReview.meeting_id == december.id)
        .order_by(ActionReview.position)
    ).all()
    # Still-open June actions, then October's; the one completed at October is not
    # carried again (it was completed at, not after, the previous meeting).
    assert [r.action_id for r in december_reviews] == [data.id, drop.id, timetable.id]
    assert previous_meeting(session, december) is october
    assert previous_meeting(session, june) is None


def test_actions_completed_since_the_last_meeting_are_reviewed_as_completed(
    session: Session, board: Body, clock: FakeClock
) -> None:
    june = create_meeting(session, board.id, JUNE, clock)
    done = raise_action(session, june.id, board, "Chris to share the plan", clock)
    clock.current = dt.datetime(2022, 8, 15, 9, 0)
    set_action_status(session, done.id, ActionStatus.COMPLETED, clock)
    october = create_meeting(session, board.id, OCTOBER, clock)
    reviews = session.scalars(
        select(ActionReview).where(ActionReview.meeting_id == october.id)
    ).all()
    assert [r.action_id for r in reviews] == [done.id]


def test_actions_of_other_bodies_and_later_meetings_stay_put(
    session: Session, board: Body, clock: FakeClock
) -> None:
    vawg = create_body(session, "VAWG", "VAWG", BodyKind.SUBGROUP, parent=board)
    vawg_meeting = create_meeting(session, vawg.id, JUNE, clock)
    raise_action(session, vawg_meeting.id, vawg, "VAWG action", clock)
    december = create_meeting(session, board.id, DECEMBER, clock)
    raise_action(session, december.id, board, "Later action", clock)
    october = create_meeting(session, board.id, OCTOBER, clock)
    assert (
        session.scalars(select(ActionReview).where(ActionReview.meeting_id == october.id)).all()
        == []
    )


def test_find_meeting_by_id_date_or_latest(session: Session, board: Body, clock: FakeClock) -> None:
    vawg = create_body(session, "VAWG Strategic Group", "VAWG", BodyKind.SUBGROUP, parent=board)
    october = create_meeting(session, board.id, OCTOBER, clock)
    vawg_october = create_meeting(session, vawg.id, OCTOBER, clock)
    june = create_meeting(session, board.id, JUNE, clock)
    assert find_meeting(session, str(june.id)) is june
    assert find_meeting(session, "2022-06-29") is june
    assert find_meeting(session, "2022-10-05", "csp") is october
    assert find_meeting(session, "2022-10-05", "VAWG") is vawg_october
    assert find_meeting(session, "latest", "CSP") is october
    with pytest.raises(UserError, match="CSP Board, VAWG Strategic Group") as ambiguous:
        find_meeting(session, "2022-10-05")
    assert "--body" in str(ambiguous.value)
    with pytest.raises(NotFound, match="Friday 1 July 2022"):
        find_meeting(session, "2022-07-01")
    with pytest.raises(UserError, match="not a meeting"):
        find_meeting(session, "next tuesday")
    with pytest.raises(UserError, match="not a real date"):
        find_meeting(session, "2022-02-30")
    with pytest.raises(NotFound):
        find_meeting(session, "9999")
    with pytest.raises(NotFound):
        find_meeting(session, str(june.id), "VAWG")


def test_list_and_latest(session: Session, board: Body, clock: FakeClock) -> None:
    assert latest_meeting(session) is None
    june = create_meeting(session, board.id, JUNE, clock)
    october = create_meeting(session, board.id, OCTOBER, clock, title="Quarterly board")
    december = create_meeting(session, board.id, DECEMBER, clock)
    rows = list_meetings(session)
    assert [r.id for r in rows] == [december.id, october.id, june.id]
    assert rows[1].title == "Quarterly board" and rows[1].body_name == "CSP Board"
    assert rows[1].label == "CSP Board, Wednesday 5 October 2022"
    assert list_meetings(session, body_id=board.id + 99) == []
    assert latest_meeting(session) is december
    assert latest_meeting(session, today=dt.date(2022, 11, 1)) is october
    assert latest_meeting(session, today=dt.date(2022, 1, 1)) is december


def test_status_moves_and_the_approved_lock(
    session: Session, board: Body, clock: FakeClock
) -> None:
    meeting = create_meeting(session, board.id, OCTOBER, clock)
    with pytest.raises(ValidationError, match="cannot be approved yet"):
        set_meeting_status(session, meeting.id, MeetingStatus.APPROVED, clock)
    # Minutes typed up after the event: straight from draft to minutes drafted.
    set_meeting_status(session, meeting.id, MeetingStatus.MINUTES_DRAFTED, clock)
    for status in (
        MeetingStatus.AGENDA_ISSUED,
        MeetingStatus.IN_PROGRESS,
        MeetingStatus.MINUTES_DRAFTED,
    ):
        set_meeting_status(session, meeting.id, status, clock)
        assert meeting.status is status
    assert meeting.updated_at == clock.now()
    clock.current = dt.datetime(2022, 12, 7, 10, 15)
    set_meeting_status(session, meeting.id, MeetingStatus.APPROVED, clock)
    assert meeting.approved_on == dt.date(2022, 12, 7)
    with pytest.raises(RecordLocked):
        set_meeting_status(session, meeting.id, MeetingStatus.DRAFT, clock)
    with pytest.raises(ValidationError, match="already approved"):
        approve_minutes(session, meeting.id, clock)


def test_next_meeting_details_from_the_previous_minutes_are_the_defaults(
    session: Session, board: Body, clock: FakeClock
) -> None:
    october = create_meeting(session, board.id, OCTOBER, clock)
    october.next_date = DECEMBER
    october.next_venue = "BLC Conference Room"
    october.next_start_time = dt.time(10, 0)
    october.next_end_time = dt.time(12, 30)
    session.flush()
    december = create_meeting(session, board.id, DECEMBER, clock)
    assert (december.venue, december.start_time, december.end_time) == (
        "BLC Conference Room",
        dt.time(10, 0),
        dt.time(12, 30),
    )
    # Another date: the body's defaults.
    march = create_meeting(session, board.id, dt.date(2023, 3, 8), clock, venue="Town Hall")
    assert (march.venue, march.end_time) == ("Town Hall", dt.time(13, 0))
