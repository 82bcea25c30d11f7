"""Actions from an interchange file: the ones raised at the meeting, and the ones reviewed.

Part of `services.interchange_import` (in the caller's transaction, nothing committed). A
raised action adopts the placeholder an earlier import of a later meeting's review made;
a reviewed action the archive does not know becomes such a placeholder, and a review that
found progress records it as an update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import UserError, ValidationError
from csp_desktop.models import (
    Action,
    ActionOwner,
    ActionReview,
    ActionStatus,
    ActionUpdate,
    ActionUpdateSource,
    AgendaItem,
    Meeting,
    Person,
    SubgroupReport,
)
from csp_desktop.services.actions import next_reference  # the reference rule lives there
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.interchange_records import ActionCore, RaisedAction, ReviewedAction

# Finds (or creates) the one person a name means, once per import.
PersonNamed = Callable[[str], Person]


def _owners(action: Action, core: ActionCore, person_named: PersonNamed) -> None:
    action.owner_links.clear()
    seen: set[int] = set()
    for name in core.owners:
        person = person_named(name)
        if person.id in seen:
            continue  # two spellings of one person: own the action once
        seen.add(person.id)
        action.owner_links.append(ActionOwner(person=person, position=len(seen) - 1))
    action.other_owners = core.other_owners
    action.unmatched_owners = "; ".join(core.unmatched_owners) if core.unmatched_owners else None


def _existing_action(session: Session, reference: str) -> Action | None:
    return session.scalar(select(Action).where(Action.reference == reference))


def add_raised_actions(
    session: Session,
    meeting: Meeting,
    rows: Sequence[RaisedAction],
    items: Mapping[str, AgendaItem],
    reports: Mapping[str, SubgroupReport],
    person_named: PersonNamed,
    clock: Clock,
) -> None:
    now = clock.now()
    for index, row in enumerate(rows):
        reference = row.core.reference or next_reference(session, meeting)
        action = _existing_action(session, reference)
        if action is not None and action.raised_at_meeting_id is not None:
            raise UserError(
                f"actions_raised[{index}].reference: action {reference} already belongs to "
                f"another meeting in this database; nothing was imported."
            )
        reviewed_status: ActionStatus | None = None
        reviewed_completed_on: dt.date | None = None
        if action is None:
            action = Action(reference=reference, body=meeting.body, created_at=now)
            session.add(action)
        else:
            # A placeholder made when a later meeting's review was imported first is
            # adopted, so the action keeps one record and one reference; what that later
            # review found (e.g. completed) still stands.
            reviewed_status, reviewed_completed_on = action.status, action.completed_on
        item = items.get(row.item or "")
        report = reports.get(row.subgroup_report or "")
        action.body = meeting.body
        action.raised_at_meeting_id = meeting.id
        action.raised_at_item = item
        action.subgroup_report_id = report.id if report else None
        action.text = row.core.text
        action.due_date = row.due_date
        action.due_text = row.due_text
        action.status = row.status
        action.completed_on = row.completed_on
        action.is_restricted = row.restricted
        action.source_line = row.source_line
        action.source_order = row.source_order
        action.updated_at = now
        if (
            reviewed_status is not None
            and reviewed_status.is_closed
            and not action.status.is_closed
        ):
            action.status = reviewed_status
            action.completed_on = action.completed_on or reviewed_completed_on
        _owners(action, row.core, person_named)
        action.updates.clear()
        for update in row.updates:
            action.updates.append(
                ActionUpdate(
                    made_at=update.made_at,
                    source=update.source,
                    author=update.author,
                    text=update.text or "",
                    status_from=update.status_from,
                    status_to=update.status_to,
                )
            )
        session.flush()


def add_reviews(
    session: Session,
    meeting: Meeting,
    rows: Sequence[ReviewedAction],
    items: Mapping[str, AgendaItem],
    person_named: PersonNamed,
    clock: Clock,
) -> None:
    now = clock.now()
    for position, row in enumerate(rows):
        reviewed = row.status_at_review
        reference = row.core.reference
        if not reference:  # the reader refuses such a file; records made by hand may lack it
            raise ValidationError(f"actions_reviewed[{position}].reference: is required.")
        action = _existing_action(session, reference)
        if action is None:
            # The meeting that raised it is not in this database (yet): keep what the
            # review says about it, so the action shows in trackers and can be adopted.
            action = Action(
                reference=reference,
                body=meeting.body,
                text=row.core.text,
                status=reviewed or ActionStatus.OPEN,
                completed_on=meeting.date if reviewed is ActionStatus.COMPLETED else None,
                created_at=now,
                updated_at=now,
            )
            session.add(action)
            _owners(action, row.core, person_named)
            session.flush()
        elif (
            reviewed is not None
            and reviewed is not action.status
            and not action.status.is_closed
            and meeting.date >= _raised_on(action)
        ):
            # The review records progress the action's own record has not caught up with.
            action.updates.append(
                ActionUpdate(
                    made_at=now,
                    source=ActionUpdateSource.MEETING,
                    author=clock.user(),
                    text=f"Reviewed at the meeting of {uk_date(meeting.date)}.",
                    status_from=action.status,
                    status_to=reviewed,
                    meeting_id=meeting.id,
                )
            )
            action.status = reviewed
            if reviewed is ActionStatus.COMPLETED and action.completed_on is None:
                action.completed_on = meeting.date
            action.updated_at = now
        item = items.get(row.item or "")
        session.add(
            ActionReview(
                meeting_id=meeting.id,
                action_id=action.id,
                agenda_item_id=item.id if item else None,
                position=position,
                status_at_review=reviewed,
            )
        )
    session.flush()


def _raised_on(action: Action) -> dt.date:
    return action.raised_at_meeting.date if action.raised_at_meeting else dt.date.min
