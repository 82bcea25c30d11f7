"""Actions from an interchange file: raised ones adopt placeholders, reviewed ones record
what the review found."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.exports.interchange_reader import validate_document
from csp_desktop.models import Action, ActionStatus, ActionUpdateSource, Meeting
from csp_desktop.services.interchange_import import import_meeting

REFERENCE = "CSP-2022-10-05-01"


def import_board_meeting(
    session: Session,
    clock: FakeClock,
    date: str,
    *,
    raised: Sequence[dict[str, Any]] = (),
    reviewed: Sequence[dict[str, Any]] = (),
) -> Meeting:
    document = {
        "format": "csp-desktop/meeting",
        "version": 2,
        "meeting": {
            "body": {"name": "Community Safety Partnership Board", "short_name": "CSP"},
            "date": date,
        },
        "agenda_items": [{"number": "1", "title": "Actions from the last meeting"}],
        "actions_raised": list(raised),
        "actions_reviewed": list(reviewed),
    }
    return import_meeting(session, validate_document(document), clock)


def the_action(session: Session) -> Action:
    return session.scalars(select(Action).where(Action.reference == REFERENCE)).one()


def test_a_review_of_an_unknown_action_keeps_a_placeholder(
    session: Session, clock: FakeClock
) -> None:
    december = import_board_meeting(
        session,
        clock,
        "2022-12-07",
        reviewed=[
            {
                "reference": REFERENCE,
                "owners": ["Andy Opie"],
                "text": "Share the hotspot map",
                "item": "1",
                "status_at_review": "completed",
            }
        ],
    )
    action = the_action(session)
    assert action.raised_at_meeting_id is None
    assert action.status is ActionStatus.COMPLETED
    assert action.completed_on == december.date
    assert [person.display_name for person in action.owners] == ["Andy Opie"]


def test_the_raising_meeting_adopts_the_placeholder_and_keeps_what_the_review_found(
    session: Session, clock: FakeClock
) -> None:
    test_a_review_of_an_unknown_action_keeps_a_placeholder(session, clock)
    placeholder = the_action(session)
    october = import_board_meeting(
        session,
        clock,
        "2022-10-05",
        raised=[{"reference": REFERENCE, "text": "Share the hotspot map", "status": "open"}],
    )
    action = the_action(session)
    assert action is placeholder
    assert action.raised_at_meeting_id == october.id
    assert action.status is ActionStatus.COMPLETED  # the later review still stands
    assert action.completed_on is not None


def test_a_later_review_that_found_progress_records_it_as_an_update(
    session: Session, clock: FakeClock
) -> None:
    import_board_meeting(
        session, clock, "2022-10-05", raised=[{"reference": REFERENCE, "text": "Map"}]
    )
    assert the_action(session).status is ActionStatus.OPEN  # left out: open
    import_board_meeting(
        session,
        clock,
        "2022-12-07",
        reviewed=[{"reference": REFERENCE, "text": "Map", "status_at_review": "in_progress"}],
    )
    action = the_action(session)
    assert action.status is ActionStatus.IN_PROGRESS
    [update] = action.updates
    assert update.source is ActionUpdateSource.MEETING
    assert (update.status_from, update.status_to) == (
        ActionStatus.OPEN,
        ActionStatus.IN_PROGRESS,
    )
    assert update.text == "Reviewed at the meeting of Wednesday 7 December 2022."


def test_an_earlier_review_does_not_move_the_action(session: Session, clock: FakeClock) -> None:
    import_board_meeting(
        session, clock, "2022-10-05", raised=[{"reference": REFERENCE, "text": "Map"}]
    )
    import_board_meeting(
        session,
        clock,
        "2022-06-29",
        reviewed=[{"reference": REFERENCE, "text": "Map", "status_at_review": "completed"}],
    )
    action = the_action(session)
    assert action.status is ActionStatus.OPEN
    assert list(action.updates) == []
