"""Importing a meeting document: what it creates, what it reuses, and what it refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.exports.interchange_reader import validate_document
from csp_desktop.models import (
    Action,
    Body,
    BodyKind,
    Meeting,
    Organisation,
    Person,
    Priority,
    schema,
)
from csp_desktop.services.actions import next_reference
from csp_desktop.services.bodies import create_body
from csp_desktop.services.interchange_import import import_meeting
from csp_desktop.services.interchange_records import InterchangeMeeting
from csp_desktop.services.people import find_or_create_person
from csp_desktop.storage import Database
from tests.conftest import FIXTURES


def october_file() -> dict[str, Any]:
    """The October sample as decoded JSON, to change before it is read."""
    return json.loads((FIXTURES / "csp-board-2022-10-05.json").read_text(encoding="utf-8"))


def october() -> InterchangeMeeting:
    return validate_document(october_file())


def row_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in schema().sorted_tables
    }


def test_creates_missing_bodies_people_and_organisations(
    session: Session, clock: FakeClock
) -> None:
    document = october_file()
    document["attendance"][0]["organisation"] = "London Borough of Barking and Dagenham"
    document["attendance"][1]["organisation"] = "Metropolitan Police Service"
    meeting = import_meeting(session, validate_document(document), clock)
    bodies = {body.short_name: body for body in session.scalars(select(Body))}
    assert set(bodies) == {"CSP", "CSE", "IVOLT", "RRO", "HCIE", "VAWG", "SNB", "SGB"}
    assert bodies["CSP"].kind is BodyKind.BOARD
    assert all(
        b.kind is BodyKind.SUBGROUP and b.parent is meeting.body
        for name, b in bodies.items()
        if name != "CSP"
    )
    # New bodies get their standing items from the bodies service.
    assert [s.kind.value for s in bodies["CSP"].standing_items][:3] == [
        "introductions",
        "declarations",
        "previous_minutes",
    ]
    organisations = set(session.scalars(select(Organisation.name)))
    assert organisations == {
        "London Borough of Barking and Dagenham",
        "Metropolitan Police Service",
    }
    assert meeting.attendance[0].person.organisation.name == (  # type: ignore[union-attr]
        "London Borough of Barking and Dagenham"
    )
    # 23 on the attendance list plus owners only named in reviewed actions.
    people = {p.name for p in session.scalars(select(Person))}
    assert len(people) == 23 + 3
    assert {"Tamara Barnett", "Martin Rolston", "Paul Waller"} <= people
    assert {p.number for p in session.scalars(select(Priority))} == {1, 2, 3, 4, 5}


def test_reuses_bodies_and_people_already_on_record(session: Session, clock: FakeClock) -> None:
    board = create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
    ghani = find_or_create_person(session, "Cllr Syed Ghani")
    before = session.scalar(select(func.count()).select_from(Body))
    meeting = import_meeting(session, october(), clock)
    assert meeting.body is board  # matched on the short name
    assert session.scalar(select(func.count()).select_from(Body)) == (before or 0) + 7
    chair = next(row for row in meeting.attendance if row.person.last_name == "Ghani")
    assert chair.person is ghani


def test_parent_body_of_a_subgroup_meeting_is_created_too(
    session: Session, clock: FakeClock
) -> None:
    document = october_file()
    document["meeting"]["body"] = {
        "name": "Violence Against Women and Girls",
        "short_name": "VAWG",
        "kind": "subgroup",
        "quorum": 4,
        "parent": {
            "name": "Community Safety Partnership Board",
            "short_name": "CSP",
            "kind": "board",
        },
    }
    document["subgroup_reports"] = []
    document["actions_raised"] = []
    meeting = import_meeting(session, validate_document(document), clock)
    assert meeting.body.parent is not None and meeting.body.parent.short_name == "CSP"
    assert meeting.body.quorum == 4


def test_an_existing_meeting_is_refused_and_nothing_is_written(db: Database) -> None:
    clock = FakeClock()
    with db.transaction() as session:
        import_meeting(session, october(), clock)
    with db.session() as session:
        before = row_counts(session)
    with pytest.raises(UserError) as caught, db.transaction() as session:
        import_meeting(session, october(), clock)
    assert str(caught.value) == (
        "Community Safety Partnership Board already has a meeting on Wednesday 5 October 2022 "
        "at 10:00 (meeting 1); nothing was imported."
    )
    with db.session() as session:
        assert row_counts(session) == before


def test_same_day_at_another_time_is_a_different_meeting(
    session: Session, clock: FakeClock
) -> None:
    import_meeting(session, october(), clock)
    document = october_file()
    document["meeting"]["start_time"] = "14:00"
    document["meeting"]["end_time"] = "15:30"
    for action in document["actions_raised"]:
        action["reference"] = action["reference"] + "-PM"
    document["actions_reviewed"] = []
    import_meeting(session, validate_document(document), clock)
    assert session.scalar(select(func.count()).select_from(Meeting)) == 2


def test_a_reference_owned_by_another_meeting_rolls_everything_back(db: Database) -> None:
    clock = FakeClock()
    with db.transaction() as session:
        import_meeting(session, october(), clock)
    with db.session() as session:
        before = row_counts(session)
    clash = october_file()
    clash["meeting"]["date"] = "2022-12-07"
    clash["meeting"]["contact_officer"] = "Someone New"
    clash["attendance"].append(dict(clash["attendance"][0], person="Brand New Person"))
    clash["actions_reviewed"] = []
    # The last action keeps October's reference: found only after people were added.
    for action in clash["actions_raised"][:-1]:
        action["reference"] = action["reference"].replace("2022-10-05", "2022-12-07")
    with (
        pytest.raises(
            UserError,
            match=r"actions_raised\[3\]\.reference: action "
            r"CSP-2022-10-05-04 already belongs to another meeting",
        ),
        db.transaction() as session,
    ):
        import_meeting(session, validate_document(clash), clock)
    with db.session() as session:
        assert row_counts(session) == before
        assert session.scalar(select(Person).where(Person.first_name == "Brand")) is None


def test_new_references_continue_after_the_imported_ones(
    session: Session, clock: FakeClock
) -> None:
    meeting = import_meeting(session, october(), clock)
    assert meeting.last_action_number == 4
    assert next_reference(session, meeting) == "CSP-2022-10-05-05"


def test_placeholder_from_a_review_is_adopted_not_duplicated(
    session: Session, clock: FakeClock
) -> None:
    import_meeting(session, october(), clock)
    placeholder = session.scalar(select(Action).where(Action.reference == "CSP-2022-06-29-02"))
    assert placeholder is not None and placeholder.raised_at_meeting_id is None
    june = validate_document(
        json.loads((FIXTURES / "csp-board-2022-06-29.json").read_text(encoding="utf-8"))
    )
    meeting = import_meeting(session, june, clock)
    adopted = session.scalar(select(Action).where(Action.reference == "CSP-2022-06-29-02"))
    assert adopted is placeholder
    assert adopted.raised_at_meeting_id == meeting.id
    assert adopted.raised_at_item is not None and adopted.raised_at_item.number == "5"


def test_owner_named_twice_owns_the_action_once(session: Session, clock: FakeClock) -> None:
    document = october_file()
    document["actions_raised"][0]["owners"] = ["Andy Opie", "andy  OPIE", "Chris Lyons"]
    import_meeting(session, validate_document(document), clock)
    action = session.scalar(select(Action).where(Action.reference == "CSP-2022-10-05-01"))
    assert action is not None
    assert [p.name for p in action.owners] == ["Andy Opie", "Chris Lyons"]
