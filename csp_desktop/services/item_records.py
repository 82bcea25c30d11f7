"""The records a note taker keeps beside an item's minutes: declarations of interest,
decisions, and the details of the next meeting.

Declarations belong to the meeting and name the item they concern (and whether the
person left the room for it); decisions belong to an item; next-meeting details are
fields of the meeting. All refuse changes once the minutes are approved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from csp_desktop.errors import NotFound, RecordLocked, ValidationError
from csp_desktop.models import AgendaItem, Decision, Declaration, Meeting, MeetingStatus, Person
from csp_desktop.models.person import joined_name
from csp_desktop.services.meetings import (
    get_agenda_item,
    get_meeting,
    item_table,
    item_values,
    meeting_table,
    meeting_values,
)
from csp_desktop.services.people import find_or_create_person
from csp_desktop.text_rules import stored_form


@dataclass(frozen=True)
class DeclarationRow:
    id: int
    person_id: int
    person_name: str
    agenda_item_id: int | None
    item_label: str  # "Item 4: Violence reduction", or "" when it concerns no one item
    nature: str
    withdrew: bool

    @property
    def withdrew_label(self) -> str:
        return "Left the room" if self.withdrew else "Stayed"


@dataclass(frozen=True)
class DecisionRow:
    id: int
    agenda_item_id: int
    position: int
    text: str


@dataclass(frozen=True)
class NextMeeting:
    """ "Date of next meeting" as recorded: every part optional until known."""

    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    venue: str = ""
    chair: str = ""


@dataclass(frozen=True)
class ItemChoice:
    """An item a declaration can concern, for a picker."""

    id: int
    label: str


# --- helpers ------------------------------------------------------------------------------


def _check_editable(meeting: Meeting, what: str) -> None:
    if meeting.is_locked:
        raise RecordLocked(
            f"These minutes have been approved, so the {what} can no longer be changed. "
            "Record an amendment instead."
        )


def item_label(item: AgendaItem) -> str:
    return numbered_title(item.number, item.title)


def numbered_title(number: str, title: str) -> str:
    """An item as pickers and declarations name it: "Item 4: Budget"."""
    return f"Item {number}: {title}" if number else title


def _declaration_row(declaration: Declaration) -> DeclarationRow:
    return DeclarationRow(
        id=declaration.id,
        person_id=declaration.person_id,
        person_name=declaration.person.display_name,
        agenda_item_id=declaration.agenda_item_id,
        item_label=item_label(declaration.agenda_item) if declaration.agenda_item else "",
        nature=declaration.nature,
        withdrew=declaration.withdrew,
    )


def meeting_is_locked(session: Session, meeting_id: int) -> bool:
    """True once the minutes are approved: the window then shows records read-only."""
    status: MeetingStatus = meeting_values(session, meeting_id, meeting_table.c.status).status
    return status.is_locked


LOCKED_NOTE = "These minutes are approved: this is a record and can no longer be changed here."


# --- declarations -------------------------------------------------------------------------


def item_choices(session: Session, meeting_id: int) -> list[ItemChoice]:
    get_meeting(session, meeting_id)
    items = session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
    )
    return [ItemChoice(item.id, item_label(item)) for item in items]


def list_declarations(session: Session, meeting_id: int) -> list[DeclarationRow]:
    # Core statements: the meeting's declarations are read before the first paint
    # (services/meetings.py says why).
    meeting_values(session, meeting_id, meeting_table.c.id)
    declarations, people, items = Declaration.__table__, Person.__table__, item_table
    rows = session.execute(
        select(
            declarations.c.id,
            declarations.c.person_id,
            people.c.title,
            people.c.first_name,
            people.c.last_name,
            declarations.c.agenda_item_id,
            items.c.number,
            items.c.title.label("item_title"),
            declarations.c.nature,
            declarations.c.withdrew,
        )
        .join(people, people.c.id == declarations.c.person_id)
        .outerjoin(items, items.c.id == declarations.c.agenda_item_id)
        .where(declarations.c.meeting_id == meeting_id)
        .order_by(declarations.c.id)
    )
    return [
        DeclarationRow(
            id=row.id,
            person_id=row.person_id,
            person_name=joined_name(row.title, row.first_name, row.last_name),
            agenda_item_id=row.agenda_item_id,
            item_label=numbered_title(row.number, row.item_title) if row.agenda_item_id else "",
            nature=row.nature,
            withdrew=row.withdrew,
        )
        for row in rows
    ]


def _check_item_of_meeting(session: Session, meeting_id: int, item_id: int | None) -> None:
    if item_id is not None and get_agenda_item(session, item_id).meeting_id != meeting_id:
        raise ValidationError("A declaration can only concern an item of the same meeting.")


def add_declaration(
    session: Session,
    meeting_id: int,
    person: str | int,
    *,
    agenda_item_id: int | None,
    nature: str,
    withdrew: bool = False,
) -> DeclarationRow:
    """Record a declaration of interest.

    Args:
        person: a person id, or a name as typed (created if nobody has that name).
        agenda_item_id: the item it concerns (None: the meeting as a whole).
        nature: what the interest is ("Trustee of Lifeline").
        withdrew: the person left the room for that item.
    """
    meeting = get_meeting(session, meeting_id)
    _check_editable(meeting, "declarations of interest")
    _check_item_of_meeting(session, meeting_id, agenda_item_id)
    if isinstance(person, int):
        person_id = person
    else:
        if not stored_form(person):
            raise ValidationError("Say who is declaring the interest.")
        person_id = find_or_create_person(session, person).id
    if not stored_form(nature):
        raise ValidationError("Say what the interest is (for example, 'Trustee of Lifeline').")
    declaration = Declaration(
        meeting_id=meeting_id,
        person_id=person_id,
        agenda_item_id=agenda_item_id,
        nature=stored_form(nature),
        withdrew=withdrew,
    )
    session.add(declaration)
    session.flush()
    return _declaration_row(declaration)


def update_declaration(
    session: Session,
    declaration_id: int,
    *,
    agenda_item_id: int | None,
    nature: str,
    withdrew: bool,
) -> DeclarationRow:
    declaration = session.get(Declaration, declaration_id)
    if declaration is None:
        raise NotFound(f"Declaration {declaration_id} does not exist.")
    _check_editable(declaration.meeting, "declarations of interest")
    _check_item_of_meeting(session, declaration.meeting_id, agenda_item_id)
    if not stored_form(nature):
        raise ValidationError("Say what the interest is (for example, 'Trustee of Lifeline').")
    declaration.agenda_item_id = agenda_item_id
    declaration.nature = stored_form(nature)
    declaration.withdrew = withdrew
    session.flush()
    session.refresh(declaration)
    return _declaration_row(declaration)


def delete_declaration(session: Session, declaration_id: int) -> DeclarationRow:
    """Delete and return what was deleted (so the window can offer to put it back)."""
    declaration = session.get(Declaration, declaration_id)
    if declaration is None:
        raise NotFound(f"Declaration {declaration_id} does not exist.")
    _check_editable(declaration.meeting, "declarations of interest")
    row = _declaration_row(declaration)
    session.delete(declaration)
    session.flush()
    return row


# --- decisions ----------------------------------------------------------------------------


def list_decisions(session: Session, item_id: int) -> list[DecisionRow]:
    # Core statements: the open item's decisions are read before the first paint
    # (services/meetings.py says why).
    item_values(session, item_id, item_table.c.id)
    decisions = Decision.__table__.c
    rows = session.execute(
        select(decisions.id, decisions.agenda_item_id, decisions.position, decisions.text)
        .where(decisions.agenda_item_id == item_id)
        .order_by(decisions.position, decisions.id)
    )
    return [DecisionRow(*row) for row in rows]


def add_decision(session: Session, item_id: int, text: str) -> DecisionRow:
    item = get_agenda_item(session, item_id)
    _check_editable(item.meeting, "decisions")
    cleaned = stored_form(text)
    if not cleaned:
        raise ValidationError("Type the decision first.")
    position = session.scalar(
        select(func.max(Decision.position)).where(Decision.agenda_item_id == item_id)
    )
    decision = Decision(agenda_item_id=item_id, text=cleaned, position=(position or 0) + 1)
    session.add(decision)
    session.flush()
    return DecisionRow(decision.id, item_id, decision.position, decision.text)


def set_decision_text(session: Session, decision_id: int, text: str) -> None:
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFound(f"Decision {decision_id} does not exist.")
    _check_editable(decision.agenda_item.meeting, "decisions")
    cleaned = stored_form(text)
    if not cleaned:
        raise ValidationError("A decision cannot be blank; delete it instead.")
    decision.text = cleaned
    session.flush()


def delete_decision(session: Session, decision_id: int) -> DecisionRow:
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFound(f"Decision {decision_id} does not exist.")
    _check_editable(decision.agenda_item.meeting, "decisions")
    row = DecisionRow(decision.id, decision.agenda_item_id, decision.position, decision.text)
    session.delete(decision)
    session.flush()
    return row


# --- next meeting -------------------------------------------------------------------------


def get_next_meeting(session: Session, meeting_id: int) -> NextMeeting:
    meeting = get_meeting(session, meeting_id)
    return NextMeeting(
        date=meeting.next_date,
        start_time=meeting.next_start_time,
        end_time=meeting.next_end_time,
        venue=meeting.next_venue or "",
        chair=meeting.next_chair or "",
    )


def set_next_meeting(session: Session, meeting_id: int, details: NextMeeting) -> None:
    meeting = get_meeting(session, meeting_id)
    _check_editable(meeting, "next meeting details")
    if details.date is not None and details.date <= meeting.date:
        raise ValidationError("The next meeting must be after this one.")
    if details.start_time and details.end_time and details.end_time < details.start_time:
        raise ValidationError("The next meeting cannot end before it starts.")
    meeting.next_date = details.date
    meeting.next_start_time = details.start_time
    meeting.next_end_time = details.end_time
    meeting.next_venue = stored_form(details.venue) or None
    meeting.next_chair = stored_form(details.chair) or None
    session.flush()
