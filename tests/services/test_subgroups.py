"""Subgroup reports: fields, ACTION lines captured from a summary, the who-reported grid."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import RecordLocked, StaleEdit
from csp_desktop.models import (
    Action,
    ActionStatus,
    Body,
    BodyKind,
    LostEdit,
    MeetingStatus,
    Priority,
    Rag,
    ReportStatus,
    SubgroupReport,
)
from csp_desktop.services import subgroups as service
from csp_desktop.storage import Database
from tests.factories import add_member, make_body, make_meeting, make_person


def board_with_subgroups(session: Session) -> tuple[Body, list[Body]]:
    board = make_body(session)
    names = [("IVOLT", "IVOLT"), ("Reducing Re-offending", "RRO"), ("VAWG", "VAWG")]
    subgroups = [
        make_body(session, name, short_name=short, kind=BodyKind.SUBGROUP, parent=board)
        for name, short in names
    ]
    return board, subgroups


def test_slots_for_expected_subgroups_with_chair(session: Session) -> None:
    board, subgroups = board_with_subgroups(session)
    chair = make_person(session, "Nathan Singleton", title="DCI")
    add_member(session, subgroups[2], chair, role="Chair")
    meeting = make_meeting(session, board)
    assert service.ensure_report_slots(session, meeting.id) == 3
    assert service.ensure_report_slots(session, meeting.id) == 0
    reports = service.list_reports(session, meeting.id)
    assert [r.subgroup_name for r in reports] == ["IVOLT", "Reducing Re-offending", "VAWG"]
    assert [r.status_word for r in reports] == ["None", "None", "None"]
    assert reports[2].subgroup_chair == "DCI Nathan Singleton"
    assert reports[0].rag_word == "Not rated"


def test_fields_are_saved(session: Session, clock: FakeClock) -> None:
    board, _subgroups = board_with_subgroups(session)
    priority = Priority(plan="2019-2022", number=2, title="Tackling violence against women")
    other = Priority(plan="2019-2022", number=1, title="Keeping children safe")
    session.add_all([priority, other])
    session.flush()
    meeting = make_meeting(session, board)
    service.ensure_report_slots(session, meeting.id)
    report = service.list_reports(session, meeting.id)[2]
    service.set_status(session, report.id, ReportStatus.WRITTEN)
    service.set_author(session, report.id, "  Nathan   Singleton ")
    service.set_rag(session, report.id, Rag.AMBER)
    service.set_priorities(session, report.id, [priority.id, other.id])
    service.set_summary(session, report.id, "Domestic abuse referrals up 12%.", clock)
    stored = session.get(SubgroupReport, report.id)
    assert stored is not None
    assert stored.status is ReportStatus.WRITTEN
    assert stored.author == "Nathan Singleton"
    assert stored.rag is Rag.AMBER
    assert sorted(p.number for p in stored.priorities) == [1, 2]
    assert stored.summary == "Domestic abuse referrals up 12%."
    row = service.list_reports(session, meeting.id)[2]
    assert row.rag_word == "Amber" and row.status_word == "Written"
    assert [p.label for p in service.list_priorities(session)] == [
        "1. Keeping children safe",
        "2. Tackling violence against women",
    ]


def test_summary_typed_for_a_silent_report_marks_it_verbal(
    session: Session, clock: FakeClock
) -> None:
    board, _ = board_with_subgroups(session)
    meeting = make_meeting(session, board)
    service.ensure_report_slots(session, meeting.id)
    report = service.list_reports(session, meeting.id)[0]
    service.set_summary(session, report.id, "Chair gave a verbal update.", clock)
    assert service.list_reports(session, meeting.id)[0].status is ReportStatus.VERBAL


def test_action_lines_become_linked_actions_and_edits_update_the_same_record(
    session: Session, clock: FakeClock
) -> None:
    board, subgroups = board_with_subgroups(session)
    andy = make_person(session, "Andy Opie")
    add_member(session, board, andy)
    nathan = make_person(session, "Nathan Singleton")
    add_member(session, subgroups[2], nathan, role="Chair")  # not a board member
    meeting = make_meeting(session, board)
    service.ensure_report_slots(session, meeting.id)
    report = service.list_reports(session, meeting.id)[2]
    text = (
        "Referrals rose over the summer.\n"
        "ACTION: Andy Opie to share the MARAC figures with the board.\n"
        "- Action: Nathan Singleton to arrange a workshop in November"
    )
    first = service.set_summary(session, report.id, text, clock)
    assert len(first.created) == 2
    actions = service.report_actions(session, report.id)
    assert [a.owners[0].name for a in actions] == ["Andy Opie", "Nathan Singleton"]
    assert all(
        a.raised_at_meeting_id == meeting.id and a.raised_at_item_id is None for a in actions
    )
    assert actions[0].reference == "CSP-2022-10-05-01"
    assert service.report_action_sources(session) == {a.id: "VAWG" for a in actions}

    edited = text.replace("MARAC figures", "MARAC and MASH figures")
    second = service.set_summary(session, report.id, edited, clock)
    assert second.created == () and second.updated == (actions[0].id,)
    all_actions = session.scalars(select(Action)).all()
    assert len(all_actions) == 2
    assert "MASH" in next(a.text for a in all_actions if a.id == actions[0].id)

    completed = edited.replace("in November", "in November (COMPLETED)")
    service.set_summary(session, report.id, completed, clock)
    assert session.get(Action, actions[1].id).status is ActionStatus.COMPLETED  # type: ignore[union-attr]

    removed = (
        "Referrals rose over the summer.\n"
        "ACTION: Andy Opie to share the MARAC and MASH figures with the board."
    )
    third = service.set_summary(session, report.id, removed, clock)
    assert third.orphaned == (actions[1].id,)
    assert session.get(Action, actions[1].id) is not None  # kept until the user confirms


def test_grid_shows_who_reported_over_recent_meetings(session: Session, clock: FakeClock) -> None:
    board, _subgroups = board_with_subgroups(session)
    dates = [dt.date(2022, 3, 2), dt.date(2022, 6, 29), dt.date(2022, 10, 5)]
    meetings = [make_meeting(session, board, d) for d in dates]
    for meeting in meetings:
        service.ensure_report_slots(session, meeting.id)
    reports = {
        (r.meeting_id, r.subgroup_name): r.id
        for m in meetings
        for r in service.list_reports(session, m.id)
    }
    service.set_status(session, reports[(meetings[0].id, "IVOLT")], ReportStatus.WRITTEN)
    service.set_status(session, reports[(meetings[1].id, "VAWG")], ReportStatus.VERBAL)
    late = make_body(session, "Safer Neighbourhood Board", short_name="SNB", parent=board)
    grid = service.report_grid(session, meetings[1].id, count=4)
    assert grid.meeting_labels == ["2 Mar 2022", "29 Jun 2022"]
    assert grid.subgroup_names == [
        "IVOLT",
        "Reducing Re-offending",
        "Safer Neighbourhood Board",
        "VAWG",
    ]
    assert grid.cells == [
        ["Written", "None"],
        ["None", "None"],
        ["Not expected", "Not expected"],
        ["None", "Verbal"],
    ]
    assert late.id > 0
    assert len(service.report_grid(session, meetings[2].id, count=2).meeting_ids) == 2


def test_approved_minutes_refuse_report_changes(session: Session, clock: FakeClock) -> None:
    board, _ = board_with_subgroups(session)
    meeting = make_meeting(session, board)
    service.ensure_report_slots(session, meeting.id)
    report = service.list_reports(session, meeting.id)[0]
    meeting.status = MeetingStatus.APPROVED
    session.flush()
    with pytest.raises(RecordLocked):
        service.set_summary(session, report.id, "Too late", clock)
    with pytest.raises(RecordLocked):
        service.set_status(session, report.id, ReportStatus.WRITTEN)


def test_a_report_given_without_an_author_is_credited_to_the_chair(session: Session) -> None:
    board, subgroups = board_with_subgroups(session)
    add_member(session, subgroups[0], make_person(session, "Stuart Bell"), role="Chair")
    meeting = make_meeting(session, board)
    service.ensure_report_slots(session, meeting.id)
    ivolt, reoffending, _ = service.list_reports(session, meeting.id)
    service.set_status(session, ivolt.id, ReportStatus.WRITTEN)
    service.set_status(session, reoffending.id, ReportStatus.VERBAL)  # no chair on record
    rows = service.list_reports(session, meeting.id)
    assert rows[0].author == "Stuart Bell"
    assert rows[1].author == ""
    service.set_author(session, ivolt.id, "Deputy chair Chris Lyons")
    service.set_status(session, ivolt.id, ReportStatus.VERBAL)
    assert service.list_reports(session, meeting.id)[0].author == "Deputy chair Chris Lyons"


def test_captured_labels_and_missing_slots_for_the_whole_meeting(
    session: Session, clock: FakeClock
) -> None:
    board, subgroups = board_with_subgroups(session)
    add_member(session, board, make_person(session, "Andy Opie"))
    meeting = make_meeting(session, board)
    assert service.missing_slot_count(session, meeting.id) == 3
    service.ensure_report_slots(session, meeting.id)
    assert service.missing_slot_count(session, meeting.id) == 0
    report = service.list_reports(session, meeting.id)[1]
    service.set_summary(session, report.id, "ACTION: Andy Opie to chase the data", clock)
    assert service.captured_action_labels(session, meeting.id) == {
        report.id: ["CSP-2022-10-05-01: Andy Opie"]
    }
    assert subgroups[1].name == report.subgroup_name


def test_a_due_point_in_a_report_line_is_recorded_as_in_minutes(
    session: Session, clock: FakeClock
) -> None:
    # Reports and minutes share one sync (actions.sync_action_lines): same due-day rule.
    board, _ = board_with_subgroups(session)
    add_member(session, board, make_person(session, "Andy Opie"))
    meeting = make_meeting(session, board)  # Wednesday 5 October 2022
    service.ensure_report_slots(session, meeting.id)
    report = service.list_reports(session, meeting.id)[0]
    service.set_summary(
        session, report.id, "ACTION: Andy Opie to send the timetable by 30 November", clock
    )
    [action] = service.report_actions(session, report.id)
    assert (action.due_date, action.due_text) == (dt.date(2022, 11, 30), "by 30 November")
    service.set_summary(
        session, report.id, "ACTION: Andy Opie to send the timetable by 14 December", clock
    )
    assert action.due_date == dt.date(2022, 12, 14)
    assert service.report_actions(session, report.id) == [action]


def test_a_report_saved_from_an_old_version_is_refused_and_kept(db: Database) -> None:
    """Issue 16: each save names the version read; someone else's change since is never
    overwritten, the refusal names who and when, and what was asked for is kept."""
    jo = FakeClock(current=dt.datetime(2026, 12, 6, 10, 42), username="Jo Smith")
    sam = FakeClock(current=dt.datetime(2026, 12, 6, 10, 44), username="Sam Patel")
    with db.transaction() as session:
        board, _subgroups = board_with_subgroups(session)
        meeting = make_meeting(session, board)
        service.ensure_report_slots(session, meeting.id)
        session.add(Priority(plan="2019-2022", number=1, title="Keeping children safe"))
        session.flush()
        priority_id = service.list_priorities(session)[0].id
        shown = service.list_reports(session, meeting.id)[0]
    db.clock = jo
    with db.transaction() as session:
        service.set_summary(
            session, shown.id, "Jo's words.", jo, expected_version=shown.row_version
        )
        version = service.report_version(session, shown.id)
    assert version > shown.row_version
    db.clock = sam
    refusals = (
        (service.set_summary, ("Sam's words.", sam), ("summary", "Sam's words.")),
        (service.set_status, (ReportStatus.WRITTEN,), ("status", "written")),
        (service.set_author, ("Sam Patel",), ("author", "Sam Patel")),
        (service.set_rag, (Rag.RED,), ("rag", "red")),
        (service.set_priorities, ([priority_id],), ("priority_ids", str(priority_id))),
    )
    for setter, args, kept_value in refusals:
        with pytest.raises(StaleEdit) as refused, db.transaction() as session:
            setter(session, shown.id, *args, expected_version=shown.row_version)
        assert refused.value.changed_by == "Jo Smith"
        assert refused.value.changed_at == jo.now()
        assert refused.value.table == "subgroup_report" and refused.value.row_id == shown.id
        with db.session() as session:
            kept = [
                (e.table_name, e.field, e.value, e.typed_by)
                for e in session.scalars(select(LostEdit))
            ]
        assert ("subgroup_report", *kept_value, "Sam Patel") in kept
    with db.session() as session:
        now = service.get_report_row(session, shown.id)
    assert now is not None and now.row_version == version
    assert (now.summary, now.status, now.author, now.rag, now.priority_ids) == (
        "Jo's words.",
        ReportStatus.VERBAL,
        "",
        None,
        (),
    )
    # Based on the report as it is now, Sam's changes land, each moving the version on.
    with db.transaction() as session:
        after_status = service.set_status(
            session, shown.id, ReportStatus.WRITTEN, expected_version=now.row_version
        )
        after_rag = service.set_rag(session, shown.id, Rag.GREEN, expected_version=after_status)
        service.set_summary(session, shown.id, "Sam's words.", sam, expected_version=after_rag)
    with db.session() as session:
        landed = service.get_report_row(session, shown.id)
    assert landed is not None and (landed.summary, landed.rag) == ("Sam's words.", Rag.GREEN)
    # Ticking priorities (a link table) moves the report on too: a stale tick is refused.
    db.clock = jo
    with db.transaction() as session:
        ticked = service.set_priorities(
            session, shown.id, [priority_id], expected_version=landed.row_version
        )
    assert ticked > landed.row_version
    db.clock = sam
    with pytest.raises(StaleEdit) as refused, db.transaction() as session:
        service.set_priorities(session, shown.id, [], expected_version=landed.row_version)
    assert refused.value.changed_by == "Jo Smith"
    with db.session() as session:
        still = service.get_report_row(session, shown.id)
    assert still is not None and still.priority_ids == (priority_id,)
