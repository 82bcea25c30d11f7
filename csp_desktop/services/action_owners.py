"""Owners typed by hand in the Actions tab ("Andy Opie, Chris Lyons and partners").

The words are split and matched exactly as an ACTION line's owners are (the same
`action_parser` functions), against the action's meeting attendees and members first
and then everyone on record. A name that fits several people is refused with the
candidates named (never guessed); a name that fits nobody creates the person, as
adding an attendee does.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import ValidationError
from csp_desktop.models import Person
from csp_desktop.services import actions as action_service
from csp_desktop.services.action_parser import (
    OwnerCandidate,
    is_generic_owner,
    match_owner,
    split_owners,
)
from csp_desktop.services.people import find_or_create_person


def _everyone(session: Session) -> list[OwnerCandidate]:
    return [
        OwnerCandidate(
            person_id=p.id, first_name=p.first_name, last_name=p.last_name, title=p.title
        )
        for p in session.scalars(select(Person).order_by(Person.id))
    ]


def set_owners_from_text(session: Session, action_id: int, text: str, clock: Clock) -> None:
    """Replace an action's owners with the people (and groups) the text names."""
    action = action_service.get_action(session, action_id)
    meeting_candidates = (
        action_service.owner_candidates(session, action.raised_at_meeting)
        if action.raised_at_meeting is not None
        else []
    )
    everyone = _everyone(session)
    owner_ids: list[int] = []
    others: list[str] = []
    for part in split_owners(text.strip()):
        if is_generic_owner(part):
            others.append(part)
            continue
        matches = match_owner(part, meeting_candidates) or match_owner(part, everyone)
        if len(matches) > 1:
            names = " or ".join(
                " ".join(n for n in (m.title, m.first_name, m.last_name) if n) for m in matches
            )
            raise ValidationError(f"'{part}' could be {names}; type the full name.")
        if matches:
            owner_ids.append(matches[0].person_id)
        else:
            owner_ids.append(find_or_create_person(session, part).id)
    action_service.set_action_fields(
        session,
        action_id,
        clock,
        owner_ids=owner_ids,
        other_owners=", ".join(others) or None,
    )
