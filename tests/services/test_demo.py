"""The demo archive: realistic, complete, invented people, deterministic, round-trippable."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.exports.interchange_reader import validate_document
from csp_desktop.exports.interchange_writer import dumps
from csp_desktop.models import (
    Action,
    ActionReview,
    ActionStatus,
    ActionUpdateSource,
    AgendaItem,
    Amendment,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Body,
    BodyKind,
    Decision,
    Declaration,
    ForwardPlanEntry,
    ForwardPlanStatus,
    Meeting,
    MeetingStatus,
    Paper,
    Person,
    Priority,
    ReportStatus,
    SubgroupReport,
)
from csp_desktop.services.demo import DemoSummary, build_demo, count_meetings
from csp_desktop.services.integrity import check_database
from csp_desktop.services.interchange_import import import_meeting
from csp_desktop.storage import Database, open_database
from csp_desktop.usecases.export_meeting import meeting_to_document
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    database = open_database(tmp_path_factory.mktemp("demo") / "demo.db")
    with database.transaction() as session:
        summary = build_demo(session)
    yield database, summary
    database.close()


@pytest.fixture
def demo(demo_db: tuple[Database, DemoSummary]) -> Iterator[Session]:
    with demo_db[0].session() as session:
        yield session


def board(session: Session) -> Body:
    body = session.scalar(select(Body).where(Body.kind == BodyKind.BOARD))
    assert body is not None
    return body


def board_meetings(session: Session) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting).where(Meeting.body_id == board(session).id).order_by(Meeting.date)
        )
    )


# --------------------------------------------------------------------------- structure


def test_board_subgroups_and_priorities(demo: Session) -> None:
    csp = board(demo)
    assert (csp.short_name, csp.quorum) == ("CSP", 5)
    children = {body.name: body for body in csp.children}
    assert set(children) == {
        "Contextual Safeguarding and Exploitation",
        "IVOLT",
        "Reducing Re-offending",
        "Hate Crime, Intolerance and Extremism and Tension Monitoring",
        "Violence Against Women and Girls",
        "Safer Neighbourhood Board",
        "Safeguarding Boards",
    }
    priorities = demo.scalars(select(Priority).order_by(Priority.number)).all()
    assert [p.number for p in priorities] == [1, 2, 3, 4, 5]
    assert all(len(p.owners) == 1 and p.owners[0].kind is BodyKind.SUBGROUP for p in priorities)
    assert priorities[4].owners[0].short_name == "VAWG"
    # Every subgroup has a chair on record; members change over time.
    for body in children.values():
        assert any(m.role == "Chair" for m in body.memberships)
    assert any(m.to_date is not None for m in csp.memberships)
    assert any(m.from_date and m.from_date > dt.date(2025, 1, 1) for m in csp.memberships)


def test_at_least_eight_quarterly_board_meetings_over_two_years(demo: Session) -> None:
    meetings = board_meetings(demo)
    assert len(meetings) >= 8
    assert (meetings[-1].date - meetings[0].date).days >= 2 * 365
    for meeting in meetings:
        assert meeting.date.weekday() == 2  # Wednesdays, as the board meets
        assert (meeting.start_time, meeting.end_time) == (dt.time(10, 0), dt.time(13, 0))
        assert meeting.venue in ("MS Teams", "BLC Conference Room")
    gaps = {(later.date - earlier.date).days for earlier, later in itertools.pairwise(meetings)}
    assert all(77 <= gap <= 100 for gap in gaps)
    subgroup_meetings = demo.scalar(
        select(func.count()).select_from(Meeting).where(Meeting.body_id != board(demo).id)
    )
    assert (subgroup_meetings or 0) >= 4


def test_meeting_life_cycle(demo: Session) -> None:
    meetings = board_meetings(demo)
    *approved, drafted, draft = meetings
    assert draft.status is MeetingStatus.DRAFT and not any(
        row.status is AttendanceStatus.PRESENT for row in draft.attendance
    )
    assert drafted.status is MeetingStatus.MINUTES_DRAFTED
    for earlier, later in zip(approved, [*approved[1:], drafted], strict=True):
        assert earlier.status is MeetingStatus.APPROVED
        assert earlier.approved_at_meeting_id == later.id
        assert earlier.approved_on == later.date
    assert demo.scalar(select(func.count()).select_from(Amendment)) == 1


# --------------------------------------------------------------------------- people


def _seed_names() -> tuple[set[str], set[str]]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt"))
    text = text.replace("’", "'")
    full_names = set(re.findall(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)? [A-Z][A-Za-z']+)\b", text))
    surnames: set[str] = set()
    for block in re.findall(
        r"(?:Members present|Members Present|Additional Attendees|Apologies):\s*([^\n]+)",
        text,
    ):
        for name in re.split(r",|\.\s", block):
            words = re.sub(r"\(.*?\)", "", name).split()
            if len(words) >= 2:
                surnames.add(words[-1].strip("."))
    return full_names, surnames


def test_demo_people_are_invented(demo: Session) -> None:
    seed_full_names, seed_surnames = _seed_names()
    assert "Andy Opie" in seed_full_names and "Ghani" in seed_surnames  # the check can bite
    people = demo.scalars(select(Person)).all()
    assert len(people) >= 25
    for person in people:
        assert person.name not in seed_full_names, person.name
        assert person.last_name not in seed_surnames, person.name


def test_people_have_titles_and_real_looking_organisations(demo: Session) -> None:
    people = demo.scalars(select(Person)).all()
    titles = {p.title for p in people if p.title}
    assert {"Councillor", "DCI", "Dr", "Superintendent"} <= titles
    organisations = {p.organisation.name for p in people if p.organisation}
    assert {
        "Metropolitan Police Service",
        "London Fire Brigade",
        "Probation Service (London)",
        "NHS North East London Integrated Care Board",
    } <= organisations
    assert any("Council" in name or "Borough" in name for name in organisations)
    assert any("Women's Aid" in name for name in organisations)


# --------------------------------------------------------------------------- a meeting's content


def test_attendance_has_every_status_and_role(demo: Session) -> None:
    minuted = [m for m in board_meetings(demo) if m.status is not MeetingStatus.DRAFT]
    statuses = Counter(row.status for m in minuted for row in m.attendance)
    # Minuted meetings have everyone marked; "not yet marked" is for the draft's roster.
    assert set(statuses) == set(AttendanceStatus) - {AttendanceStatus.UNMARKED}
    drafts = [m for m in board_meetings(demo) if m.status is MeetingStatus.DRAFT]
    assert {row.status for m in drafts for row in m.attendance if row.is_member} <= {
        AttendanceStatus.UNMARKED
    }
    for meeting in minuted:
        roles = [row.role for row in meeting.attendance]
        assert roles.count(AttendanceRole.NOTE_TAKER) == 1
        assert roles.count(AttendanceRole.CHAIR) + roles.count(AttendanceRole.INTERIM_CHAIR) == 1
        members_present = sum(
            1 for r in meeting.attendance if r.is_member and r.status is AttendanceStatus.PRESENT
        )
        assert members_present >= (meeting.body.quorum or 0)
    rows = [row for m in minuted for row in m.attendance]
    assert any(r.role is AttendanceRole.INTERIM_CHAIR for r in rows)
    assert any(r.arrived_at and r.arrived_during_item_id for r in rows)  # a late arrival
    assert any(r.left_at and r.left_during_item_id for r in rows)
    assert any(r.role is AttendanceRole.SUBSTITUTE and r.substitute_for_id for r in rows)


def test_items_restricted_timed_with_papers_and_minutes(demo: Session) -> None:
    items = demo.scalars(
        select(AgendaItem).join(Meeting).where(Meeting.status != MeetingStatus.DRAFT)
    ).all()
    topical = [i for i in items if i.kind.value == "topical"]
    assert sum(i.is_restricted for i in topical) >= 6
    assert all(i.title and i.presenter for i in topical)
    assert all(i.minutes_allocated for i in items)
    assert demo.scalar(select(func.count()).select_from(Paper)) >= 10
    assert demo.scalar(select(func.count()).select_from(Decision)) >= 8
    assert demo.scalar(select(func.count()).select_from(Declaration)) >= 2
    texts = [i.minutes_text for i in topical]
    assert all(texts)
    assert sum("\n- " in text for text in texts) >= len(texts) // 2  # bullet lists
    assert all(i.started_at is not None for i in items)  # the live clock ran


def test_actions_come_from_minutes_in_every_status_and_carry_forward(demo: Session) -> None:
    actions = demo.scalars(select(Action)).all()
    assert len(actions) >= 30
    assert {a.status for a in actions} == set(ActionStatus)
    from_text = [a for a in actions if a.source_line]
    assert len(from_text) == len(actions)  # every action was typed as an ACTION line
    assert all(re.match(r"^(- )?ACTION:", a.source_line or "") for a in from_text)
    assert not [a.reference for a in actions if a.unmatched_owners]  # owners all matched
    assert all(a.owners for a in actions)
    assert any(a.subgroup_report_id for a in actions)  # captured from a report
    reviewed = Counter(demo.scalars(select(ActionReview.action_id)).all())
    assert max(reviewed.values()) >= 3  # an action carried across several meetings
    sources = {u.source for a in actions for u in a.updates}
    assert {ActionUpdateSource.MINUTES, ActionUpdateSource.TRACKER} <= sources
    assert any(a.due_date for a in actions)
    references = [a.reference for a in actions]
    assert len(set(references)) == len(references)
    # Review lines in "Minutes and actions" found their earlier action: none raised there.
    assert not [
        a.reference
        for a in actions
        if a.raised_at_item is not None and a.raised_at_item.kind.value == "previous_minutes"
    ]
    assert not [a for a in actions if "(COMPLETED)" in a.text]
    texts = Counter(a.text for a in actions)
    assert texts.most_common(1)[0][1] == 1  # each task worded once, so reviews are unambiguous


def test_subgroup_reports_and_forward_plan(demo: Session) -> None:
    reports = demo.scalars(select(SubgroupReport)).all()
    assert {r.status for r in reports} == set(ReportStatus)
    written = [r for r in reports if r.status is not ReportStatus.NOT_PROVIDED]
    assert all(r.summary and r.author and r.rag for r in written)
    assert any(r.priorities for r in written)
    entries = demo.scalars(select(ForwardPlanEntry)).all()
    # Every status but "removed" (a board dropping an entry is not in the demo's story).
    assert {e.status for e in entries} == set(ForwardPlanStatus) - {ForwardPlanStatus.REMOVED}
    deferred = [e for e in entries if "deferred from" in e.notes]
    assert len(deferred) >= 2


def test_the_richest_meeting_is_the_latest_minuted_board(
    demo: Session, demo_db: tuple[Database, DemoSummary]
) -> None:
    summary = demo_db[1]
    meetings = board_meetings(demo)
    assert summary.richest_meeting_id == meetings[-2].id
    richest = demo.get(Meeting, summary.richest_meeting_id)
    assert richest is not None and richest.status is MeetingStatus.MINUTES_DRAFTED
    document = meeting_to_document(richest)
    for section in (
        "attendance",
        "agenda_items",
        "actions_raised",
        "actions_reviewed",
        "declarations",
        "subgroup_reports",
        "forward_plan",
    ):
        assert document[section], section
    assert document["next_meeting"]["date"] == meetings[-1].date.isoformat()


def test_demo_database_passes_the_integrity_check(demo_db: tuple[Database, DemoSummary]) -> None:
    report = check_database(demo_db[0])
    assert report.ok, report.problems


# --------------------------------------------------------------------------- repeatable


def _exports(database: Database) -> list[str]:
    with database.session() as session:
        return [
            dumps(meeting_to_document(meeting))
            for meeting in session.scalars(select(Meeting).order_by(Meeting.id))
        ]


def test_every_demo_meeting_round_trips_through_json(
    demo_db: tuple[Database, DemoSummary], tmp_path: Path
) -> None:
    exports = _exports(demo_db[0])
    assert len(exports) == demo_db[1].meetings
    for number, text in enumerate(exports):
        fresh = open_database(tmp_path / f"fresh-{number}.db")
        try:
            with fresh.transaction() as session:
                meeting = import_meeting(session, validate_document(json.loads(text)), FakeClock())
            with fresh.session() as session:
                again = dumps(meeting_to_document(session.get(Meeting, meeting.id)))  # type: ignore[arg-type]
        finally:
            fresh.close()
        assert again == text, f"meeting {number + 1} changed on the way through JSON"


def test_demo_is_deterministic(demo_db: tuple[Database, DemoSummary], tmp_path: Path) -> None:
    second = open_database(tmp_path / "again.db")
    try:
        with second.transaction() as session:
            summary = build_demo(session)
        assert summary == demo_db[1]
        assert _exports(second) == _exports(demo_db[0])
    finally:
        second.close()


def test_a_different_seed_gives_a_different_archive(
    demo_db: tuple[Database, DemoSummary], tmp_path: Path
) -> None:
    other = open_database(tmp_path / "seed-1.db")
    try:
        with other.transaction() as session:
            build_demo(session, seed=1)
        assert _exports(other) != _exports(demo_db[0])
        with other.session() as session:
            assert count_meetings(session) == demo_db[1].meetings
    finally:
        other.close()


def test_attendance_rows_are_people_on_record(demo: Session) -> None:
    orphans = demo.scalar(
        select(func.count())
        .select_from(Attendance)
        .where(~Attendance.person_id.in_(select(Person.id)))
    )
    assert orphans == 0


# --------------------------------------------------------------------------- unchanged
# Figures taken from the demo built by main before its content moved into resources/demo/
# (issue 13): the same rows per table, and the same key facts, built from the data files.
ROWS_BEFORE_CONTENT_AS_DATA = {
    "action": 49,
    "action_owner": 58,
    "action_review": 113,
    "action_update": 140,
    "agenda_item": 146,
    "amendment": 1,
    "attendance": 232,
    "body": 8,
    "decision": 8,
    "declaration": 2,
    "forward_plan_entry": 14,
    "meeting": 17,
    "membership": 40,
    "milestone": 10,
    "organisation": 13,
    "paper": 17,
    "person": 31,
    "plan": 1,
    "priority": 5,
    "priority_owner": 5,
    "report_chase": 9,
    "standing_item": 49,
    "subgroup_report": 70,
    "subgroup_report_priority": 38,
}


def test_demo_rows_are_those_built_before_its_content_became_data(demo: Session) -> None:
    rows = {
        table: demo.scalar(sql(f"SELECT count(*) FROM {table}"))
        for table in ROWS_BEFORE_CONTENT_AS_DATA
    }
    assert rows == ROWS_BEFORE_CONTENT_AS_DATA


def test_demo_key_facts_are_those_built_before_its_content_became_data(
    demo_db: tuple[Database, DemoSummary], demo: Session
) -> None:
    summary = demo_db[1]
    assert (summary.bodies, summary.people, summary.meetings, summary.actions) == (8, 31, 17, 49)
    assert summary.richest_label == (
        "Community Safety Partnership Board, Wednesday 16 September 2026"
    )

    def tally(column: Any) -> dict[str, int]:
        grouped = demo.execute(select(column, func.count()).group_by(column)).all()
        return {str(getattr(value, "value", value)): count for value, count in grouped}

    assert tally(Meeting.status) == {"approved": 13, "draft": 1, "minutes_drafted": 3}
    assert tally(Action.status) == {"completed": 22, "dropped": 5, "in_progress": 4, "open": 18}
    assert tally(Attendance.status) == {
        "absent": 7,
        "additional": 40,
        "apologies": 29,
        "present": 141,
        "unmarked": 15,
    }
    assert tally(SubgroupReport.status) == {"not_provided": 18, "verbal": 17, "written": 35}
    assert tally(ForwardPlanEntry.status) == {
        "deferred": 1,
        "done": 9,
        "planned": 3,
        "scheduled": 1,
    }
    restricted_items = demo.scalar(
        select(func.count()).select_from(AgendaItem).where(AgendaItem.is_restricted)
    )
    restricted_papers = demo.scalar(
        select(func.count()).select_from(Paper).where(Paper.is_restricted)
    )
    assert (restricted_items, restricted_papers) == (12, 5)
    names = set(demo.scalars(select(Person.last_name)))
    assert {"Chandran", "Doyle", "Mensah", "Whitmore"} <= names
