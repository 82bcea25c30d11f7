"""The two published board meetings, imported: they must say what the documents say."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.exports.interchange_reader import validate_document
from csp_desktop.models import (
    Action,
    ActionReview,
    ActionStatus,
    AttendanceRole,
    AttendanceStatus,
    ForwardPlanEntry,
    ItemKind,
    Meeting,
    ReportStatus,
)
from csp_desktop.services.action_parser import OwnerCandidate, find_action_lines, parse_action
from csp_desktop.services.actions import sync_item_actions
from csp_desktop.services.interchange_import import import_meeting
from csp_desktop.services.interchange_records import InterchangeMeeting
from csp_desktop.services.people import clean_text
from tests.conftest import FIXTURES, SEEDS

JUNE = "csp-board-2022-06-29"
OCTOBER = "csp-board-2022-10-05"


def load(name: str) -> InterchangeMeeting:
    return validate_document(json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


def seed(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


def names(meeting: Meeting, status: AttendanceStatus) -> list[str]:
    return [row.person.display_name for row in meeting.attendance if row.status is status]


def role_of(meeting: Meeting, role: AttendanceRole) -> list[str]:
    return [row.person.display_name for row in meeting.attendance if row.role is role]


def raised_actions(session: Session, meeting: Meeting) -> list[Action]:
    return list(
        session.scalars(
            select(Action)
            .where(Action.raised_at_meeting_id == meeting.id)
            .order_by(Action.reference)
        )
    )


def owners(action: Action) -> list[str]:
    return [person.name for person in action.owners]


def seed_action_lines(name: str) -> list[str]:
    """Every ACTION line of the published text, whitespace and apostrophes normalised."""
    return [
        clean_text(match.group(1))
        for match in re.finditer(r"ACTION\s*:\s*(.+)", seed(name), re.IGNORECASE)
    ]


# --------------------------------------------------------------------------- 5 October 2022


@pytest.fixture
def october(session: Session, clock: FakeClock) -> Meeting:
    return import_meeting(session, load(OCTOBER), clock)


def test_october_attendance_matches_the_minutes(october: Meeting) -> None:
    present = names(october, AttendanceStatus.PRESENT)
    additional = names(october, AttendanceStatus.ADDITIONAL)
    apologies = names(october, AttendanceStatus.APOLOGIES)
    assert (len(present), len(additional), len(apologies)) == (14, 6, 3)
    assert "Pip-Salvador Jones" in present and "Angela D'Urso" in present
    assert apologies == ["April Bald", "Fiona Taylor", "Jennie Coombes"]
    assert role_of(october, AttendanceRole.CHAIR) == ["Councillor Syed Ghani"]
    assert role_of(october, AttendanceRole.INTERIM_CHAIR) == ["Stuart Bell"]
    assert role_of(october, AttendanceRole.NOTE_TAKER) == ["Ilirjeta Buzoku"]
    assert all(
        row.is_member for row in october.attendance if row.status is not AttendanceStatus.ADDITIONAL
    )
    assert not any(
        row.is_member for row in october.attendance if row.status is AttendanceStatus.ADDITIONAL
    )


def test_october_items_restrictions_papers_and_decisions(october: Meeting) -> None:
    items = {item.number: item for item in october.items}
    assert list(items) == [str(n) for n in range(1, 15)]
    assert {n for n, item in items.items() if item.is_restricted} == {"4", "7", "9", "10"}
    assert all(item.title.startswith("RESTRICTED:") == item.is_restricted for item in october.items)
    assert items["3"].kind is ItemKind.PREVIOUS_MINUTES
    assert items["13"].kind is ItemKind.SUBGROUP_UPDATES
    assert [(p.name, p.size_bytes) for p in items["3"].papers] == [("Minutes", 117 * 1024)]
    assert len(items["13"].papers) == 7
    assert len(items["5"].decisions) == 5
    assert (
        items["5"].decisions[2].text.startswith("The CSP board members approved the recommendation")
    )
    # Minutes text is the published text, bullets kept as "- " lines.
    assert "- Keeping children and young people safe\n- Tackling crimes" in items["5"].minutes_text
    assert items["2"].minutes_text == "No declarations of interest to note."
    for item in october.items:
        assert "·" not in item.minutes_text


def test_october_header_and_next_meeting(october: Meeting) -> None:
    assert october.body.short_name == "CSP"
    assert october.venue == "Meeting held virtually via MS Teams"  # as the page prints it
    assert october.contact_officer == "Ilirjeta Buzoku, Community Safety Partnership Officer"
    assert (october.start_time.isoformat(), october.end_time.isoformat()) == (
        "10:00:00",
        "13:00:00",
    )  # type: ignore[union-attr]
    assert october.next_date is not None and october.next_date.isoformat() == "2022-12-07"
    assert october.next_venue == "BLC Conference Room"


def test_october_every_action_line_is_an_action_with_the_right_owners(
    session: Session, october: Meeting
) -> None:
    actions = raised_actions(session, october)
    assert [(owners(a), a.status, a.raised_at_item.number) for a in actions] == [  # type: ignore[union-attr]
        (["Andy Opie", "Chris Lyons"], ActionStatus.OPEN, "5"),
        (["Amolak Tatter"], ActionStatus.OPEN, "6"),
        (["Chris Lyons"], ActionStatus.COMPLETED, "13"),
        (["Angela D'Urso", "Chris Lyons"], ActionStatus.OPEN, "13"),
    ]
    reviews = session.scalars(
        select(ActionReview)
        .where(ActionReview.meeting_id == october.id)
        .order_by(ActionReview.position)
    ).all()
    assert len(reviews) == 7
    assert {review.status_at_review for review in reviews} == {ActionStatus.COMPLETED}
    assert {review.action.status for review in reviews} == {ActionStatus.COMPLETED}
    assert owners(reviews[6].action) == ["Amolak Tatter", "Paul Waller"]
    assert reviews[6].action.other_owners == "partners"
    # Each of the 11 ACTION lines of the published page is one of these 11 actions.
    published = seed_action_lines(OCTOBER)
    recorded = [a.text for a in actions] + [r.action.text for r in reviews]
    assert len(published) == len(recorded) == 11
    recorded_starts = sorted(clean_text(text)[:45] for text in recorded)
    assert sorted(line[:45] for line in published) == recorded_starts


def test_october_subgroup_reports_and_forward_plan(session: Session, october: Meeting) -> None:
    reports = {r.subgroup.short_name: r for r in october.subgroup_reports}
    assert reports["RRO"].status is ReportStatus.NOT_PROVIDED
    assert reports["HCIE"].status is ReportStatus.WRITTEN
    assert reports["HCIE"].summary.startswith("National Hate Crime Awareness Week")
    assert [p.number for p in reports["VAWG"].priorities] == [5]
    assert all(r.subgroup.parent_id == october.body_id for r in october.subgroup_reports)

    entries = session.scalars(
        select(ForwardPlanEntry).where(ForwardPlanEntry.raised_at_meeting_id == october.id)
    ).all()
    assert next(e.presenter for e in entries) == "Amolak Tatter"
    assert {e.target_month.isoformat() for e in entries} == {"2022-12-01"}  # type: ignore[union-attr]


# --------------------------------------------------------------------------- 29 June 2022


@pytest.fixture
def june(session: Session, clock: FakeClock) -> Meeting:
    return import_meeting(session, load(JUNE), clock)


def test_june_attendance_matches_the_minutes(june: Meeting) -> None:
    present = names(june, AttendanceStatus.PRESENT)
    additional = names(june, AttendanceStatus.ADDITIONAL)
    apologies = names(june, AttendanceStatus.APOLOGIES)
    assert (len(present), len(additional), len(apologies)) == (13, 11, 12)
    assert role_of(june, AttendanceRole.CHAIR) == ["Councillor Syed Ghani"]
    assert role_of(june, AttendanceRole.NOTE_TAKER) == ["Ilirjeta Buzoku"]
    assert "Chris Lyons" in apologies and "Stuart Bell" in apologies
    assert "Tamara Barnett" in additional


def test_june_items_actions_and_reports(session: Session, june: Meeting) -> None:
    items = {item.number: item for item in june.items}
    assert {n for n, item in items.items() if item.is_restricted} == {"8", "9", "10", "11", "14"}
    assert len(items["8"].decisions) == 3
    actions = raised_actions(session, june)
    assert [(a.raised_at_item.number, owners(a)) for a in actions] == [  # type: ignore[union-attr]
        ("4", ["Tamara Barnett"]),
        ("5", ["Andy Opie"]),
        ("8", ["Angela D'Urso"]),
        ("9", ["Martin Rolston"]),
        ("10", ["Martin Rolston"]),
        ("10", ["Andy Opie"]),
        ("12", ["Amolak Tatter", "Paul Waller"]),
    ]
    assert actions[6].other_owners == "partners"
    # "(COMPLETED)" in the published review list: Angela D'Urso's action only.
    assert [a.reference[-2:] for a in actions if a.status is ActionStatus.COMPLETED] == ["03"]
    assert all(a.is_restricted == a.raised_at_item.is_restricted for a in actions)  # type: ignore[union-attr]
    statuses = {r.subgroup.short_name: r.status for r in june.subgroup_reports}
    assert statuses["SNB"] is ReportStatus.NOT_PROVIDED
    assert statuses["VAWG"] is ReportStatus.NOT_PROVIDED
    assert statuses["RRO"] is ReportStatus.VERBAL


# --------------------------------------------------------------------------- both, in order


def test_importing_june_then_october_links_the_reviews_to_junes_actions(
    session: Session, clock: FakeClock
) -> None:
    june = import_meeting(session, load(JUNE), clock)
    october = import_meeting(session, load(OCTOBER), clock)
    assert len(session.scalars(select(Action)).all()) == 11
    for action in raised_actions(session, june):
        assert action.status is ActionStatus.COMPLETED
        if action.reference.endswith("03"):
            continue  # already completed in June
        assert action.completed_on == october.date
        assert action.updates[-1].status_to is ActionStatus.COMPLETED
        assert action.updates[-1].meeting_id == october.id
    # One person record per person across both meetings, whatever the spelling.
    ghani = [
        row.person_id
        for m in (june, october)
        for row in m.attendance
        if row.person.last_name == "Ghani"
    ]
    assert len(set(ghani)) == 1


def test_importing_october_first_then_june_adopts_the_placeholders(
    session: Session, clock: FakeClock
) -> None:
    import_meeting(session, load(OCTOBER), clock)
    june = import_meeting(session, load(JUNE), clock)
    actions = raised_actions(session, june)
    assert len(actions) == 7
    assert len(session.scalars(select(Action)).all()) == 11
    # October's review said completed; June's own file (older) does not undo that.
    assert {a.status for a in actions} == {ActionStatus.COMPLETED}


# --------------------------------------------------------------------------- the parser agrees


def _candidates(meeting: Meeting) -> list[OwnerCandidate]:
    return [
        OwnerCandidate(
            person_id=row.person_id,
            first_name=row.person.first_name,
            last_name=row.person.last_name,
            title=row.person.title,
            present=row.status in (AttendanceStatus.PRESENT, AttendanceStatus.ADDITIONAL),
        )
        for row in meeting.attendance
    ]


@pytest.mark.parametrize("name", [JUNE, OCTOBER])
def test_action_parser_finds_the_fixtures_actions_in_the_minutes_text(
    session: Session, clock: FakeClock, name: str
) -> None:
    meeting = import_meeting(session, load(name), clock)
    candidates = _candidates(meeting)
    by_item: dict[int, list[Action]] = {}
    for action in raised_actions(session, meeting):
        assert action.raised_at_item_id is not None
        by_item.setdefault(action.raised_at_item_id, []).append(action)
    for item in meeting.items:
        if item.kind is ItemKind.PREVIOUS_MINUTES:
            continue  # those lines review earlier actions
        lines = find_action_lines(item.minutes_text)
        recorded = sorted(by_item.get(item.id, []), key=lambda a: a.source_order or 0)
        assert len(lines) == len(recorded), item.title
        for line, action in zip(lines, recorded, strict=True):
            assert (action.source_line, action.source_order) == (line.line, line.index)
            parsed = parse_action(line.body, candidates)
            assert parsed.text == action.text
            # June's item 8 line is not marked; its completion is in item 3's review list.
            if parsed.completed:
                assert action.status is ActionStatus.COMPLETED
            if not (parsed.unmatched or parsed.ambiguous):
                assert parsed.owner_ids == [p.id for p in action.owners], line.line


@pytest.mark.parametrize("name", [JUNE, OCTOBER])
def test_syncing_imported_minutes_finds_the_same_actions(
    session: Session, clock: FakeClock, name: str
) -> None:
    """After an import, editing work in the app must not duplicate the imported actions."""
    meeting = import_meeting(session, load(name), clock)
    before = len(session.scalars(select(Action)).all())
    for item in meeting.items:
        if item.kind is not ItemKind.PREVIOUS_MINUTES:
            result = sync_item_actions(session, item.id, clock)
            assert not result.created
    assert len(session.scalars(select(Action)).all()) == before
