"""Declarations of interest, decisions and next-meeting details."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.errors import RecordLocked, ValidationError
from csp_desktop.models import Decision, Declaration, Meeting, MeetingStatus, Person
from csp_desktop.services import item_records as service
from tests.factories import make_body, make_meeting, make_person


def meeting_with_items(session: Session) -> Meeting:
    return make_meeting(
        session,
        make_body(session),
        items=["Introductions", "Declarations of interest", "Drugs partnership profile"],
    )


def test_declaration_names_person_item_and_withdrawal(session: Session) -> None:
    meeting = meeting_with_items(session)
    item = meeting.items[2]
    row = service.add_declaration(
        session,
        meeting.id,
        "Councillor Maureen Worby",
        agenda_item_id=item.id,
        nature="Trustee of Lifeline",
        withdrew=True,
    )
    assert row.person_name == "Councillor Maureen Worby"
    assert row.item_label == "Item 3: Drugs partnership profile"
    assert row.withdrew_label == "Left the room"
    stored = session.scalars(select(Declaration)).one()
    assert stored.agenda_item_id == item.id and stored.withdrew is True
    person = session.scalars(select(Person)).one()
    assert (person.title, person.first_name, person.last_name) == ("Councillor", "Maureen", "Worby")
    assert [d.nature for d in service.list_declarations(session, meeting.id)] == [
        "Trustee of Lifeline"
    ]


def test_declaration_by_known_person_id_and_update_delete(session: Session) -> None:
    meeting = meeting_with_items(session)
    person = make_person(session, "Chris Lyons")
    row = service.add_declaration(
        session, meeting.id, person.id, agenda_item_id=None, nature="Employed by Lifeline"
    )
    assert row.item_label == ""
    updated = service.update_declaration(
        session,
        row.id,
        agenda_item_id=meeting.items[2].id,
        nature="Employed by Lifeline (partner)",
        withdrew=False,
    )
    assert updated.item_label.startswith("Item 3")
    assert updated.withdrew_label == "Stayed"
    service.delete_declaration(session, row.id)
    assert service.list_declarations(session, meeting.id) == []


def test_declaration_rules(session: Session) -> None:
    meeting = meeting_with_items(session)
    other = make_meeting(session, meeting.body, dt.date(2022, 12, 7), items=["Other"])
    with pytest.raises(ValidationError, match="same meeting"):
        service.add_declaration(
            session, meeting.id, "Chris Lyons", agenda_item_id=other.items[0].id, nature="x"
        )
    with pytest.raises(ValidationError, match="what the interest is"):
        service.add_declaration(session, meeting.id, "Chris Lyons", agenda_item_id=None, nature=" ")
    with pytest.raises(ValidationError, match="who"):
        service.add_declaration(session, meeting.id, "  ", agenda_item_id=None, nature="x")


def test_decisions_per_item_in_order(session: Session) -> None:
    meeting = meeting_with_items(session)
    item = meeting.items[2]
    first = service.add_decision(session, item.id, "The board approved the profile.")
    service.add_decision(session, item.id, "  Funding to be reviewed in March.  ")
    assert [d.text for d in service.list_decisions(session, item.id)] == [
        "The board approved the profile.",
        "Funding to be reviewed in March.",
    ]
    service.set_decision_text(session, first.id, "The board approved the profile with changes.")
    stored = session.get(Decision, first.id)
    assert stored is not None and stored.text.endswith("with changes.")
    with pytest.raises(ValidationError):
        service.add_decision(session, item.id, "   ")
    service.delete_decision(session, first.id)
    assert len(service.list_decisions(session, item.id)) == 1
    assert service.list_decisions(session, meeting.items[0].id) == []


def test_next_meeting_details_round_trip_and_rules(session: Session) -> None:
    meeting = meeting_with_items(session)
    assert service.get_next_meeting(session, meeting.id) == service.NextMeeting()
    details = service.NextMeeting(
        date=dt.date(2022, 12, 7),
        start_time=dt.time(10, 0),
        end_time=dt.time(13, 0),
        venue=" BLC Conference Room ",
        chair="Councillor Syed Ghani",
    )
    service.set_next_meeting(session, meeting.id, details)
    stored = service.get_next_meeting(session, meeting.id)
    assert stored.venue == "BLC Conference Room"
    assert stored.date == dt.date(2022, 12, 7) and stored.chair == "Councillor Syed Ghani"
    with pytest.raises(ValidationError, match="after this one"):
        service.set_next_meeting(session, meeting.id, service.NextMeeting(date=meeting.date))
    with pytest.raises(ValidationError, match="end before"):
        service.set_next_meeting(
            session,
            meeting.id,
            service.NextMeeting(start_time=dt.time(13, 0), end_time=dt.time(10, 0)),
        )


def test_approved_minutes_refuse_changes(session: Session) -> None:
    meeting = meeting_with_items(session)
    decision = service.add_decision(session, meeting.items[2].id, "Approved.")
    meeting.status = MeetingStatus.APPROVED
    session.flush()
    with pytest.raises(RecordLocked):
        service.add_decision(session, meeting.items[2].id, "More.")
    with pytest.raises(RecordLocked):
        service.delete_decision(session, decision.id)
    with pytest.raises(RecordLocked):
        service.add_declaration(session, meeting.id, "A Person", agenda_item_id=None, nature="x")
    with pytest.raises(RecordLocked):
        service.set_next_meeting(session, meeting.id, service.NextMeeting(venue="MS Teams"))
