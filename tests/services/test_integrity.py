"""`check`: a sound file passes; broken links, duplicate references and mix-ups are named."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from csp_desktop.clock import FakeClock
from csp_desktop.models import BodyKind, Person
from csp_desktop.services.actions import create_action
from csp_desktop.services.bodies import add_membership, create_body
from csp_desktop.services.integrity import check_database
from csp_desktop.services.meetings import create_meeting
from csp_desktop.services.people import find_or_create_person
from csp_desktop.storage import Database


def fill(db: Database, clock: FakeClock) -> None:
    with db.transaction() as session:
        board = create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
        vawg = create_body(session, "VAWG", "VAWG", BodyKind.SUBGROUP, parent=board)
        andy = find_or_create_person(session, "Andy Opie", organisation="LBBD")
        add_membership(session, board.id, andy.id)
        meeting = create_meeting(session, board.id, dt.date(2022, 10, 5), clock)
        create_meeting(session, vawg.id, dt.date(2022, 10, 12), clock)
        for text in ("Invite Street Space", "Share the plan"):
            create_action(
                session,
                body_id=board.id,
                meeting_id=meeting.id,
                item_id=meeting.items[3].id,
                text=text,
                owner_ids=[andy.id],
                clock=clock,
            )


def raw(db_path: Path, *statements: str) -> None:
    """Write behind the app's back, with foreign keys off, as a damaged copy would be."""
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def test_a_sound_database_passes(db: Database, clock: FakeClock) -> None:
    fill(db, clock)
    report = check_database(db)
    assert report.ok, report.problems
    assert report.problems == ()
    engine_checks = (
        {"sqlite integrity", "sqlite foreign keys"} if db.is_sqlite else {"postgresql constraints"}
    )
    assert {*engine_checks, "orphan rows", "action references"} <= set(report.checks)
    assert report.counts == {"bodies": 2, "meetings": 2, "people": 1, "actions": 2}


def test_an_empty_database_passes(db: Database) -> None:
    report = check_database(db)
    assert report.ok and report.counts["meetings"] == 0


@pytest.mark.sqlite_only
def test_orphan_rows_are_reported(db: Database, db_path: Path, clock: FakeClock) -> None:
    fill(db, clock)
    db.close()
    raw(
        db_path,
        "INSERT INTO attendance (meeting_id, person_id, status, is_member, position) "
        "VALUES (1, 999, 'present', 0, 50)",
        "INSERT INTO agenda_item (meeting_id, position, number, title, kind, is_restricted, "
        "minutes_text, elapsed_seconds) VALUES (77, 1, '1', 'Lost item', 'topical', 0, '', 0)",
    )
    report = check_database(db)
    assert not report.ok
    assert "1 attendance row point at a missing person (attendance.person_id)." in report.problems
    assert any("agenda_item" in p and "missing meeting" in p for p in report.problems)
    # SQLite's own foreign-key check finds the same rows: reported once, not twice.
    assert not any("SQLite foreign-key check" in p for p in report.problems)


@pytest.mark.sqlite_only
def test_duplicate_references_ignoring_case(db: Database, db_path: Path, clock: FakeClock) -> None:
    fill(db, clock)
    db.close()
    raw(db_path, "UPDATE action SET reference = 'csp-2022-10-05-01' WHERE id = 2")
    report = check_database(db)
    assert report.problems == ("The action reference CSP-2022-10-05-01 is used 2 times.",)


@pytest.mark.sqlite_only
def test_records_that_disagree_are_reported(db: Database, db_path: Path, clock: FakeClock) -> None:
    fill(db, clock)
    db.close()
    raw(
        db_path,
        "UPDATE action SET body_id = 2 WHERE id = 1",  # filed under VAWG, raised at the board
        "UPDATE action SET raised_at_item_id = (SELECT min(id) FROM agenda_item "
        "WHERE meeting_id = 2) WHERE id = 2",
        "UPDATE meeting SET status = 'approved' WHERE id = 1",
        "UPDATE action SET reference = 'OLD-7' WHERE id = 2",
    )
    report = check_database(db)
    assert any("CSP-2022-10-05-01 is filed under one body" in p for p in report.problems)
    assert any(
        "OLD-7 was raised under an agenda item of a different meeting" in p for p in report.problems
    )
    assert any("approved but has no approval date" in w for w in report.warnings)
    assert any("OLD-7 does not start with CSP-" in w for w in report.warnings)


def test_a_session_can_be_checked_too(db: Database, clock: FakeClock) -> None:
    fill(db, clock)
    with db.session() as session:
        assert check_database(session).ok


def test_people_recorded_twice_are_a_note_not_a_fault(db: Database, clock: FakeClock) -> None:
    fill(db, clock)
    with db.transaction() as session:
        session.add(Person(title="Mr", first_name="andy", last_name="opie"))
    report = check_database(db)
    assert report.ok
    assert report.warnings == (
        "2 people are called Andy Opie (ids 1, 2); if they are one person, merge them.",
    )
