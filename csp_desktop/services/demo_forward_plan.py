"""The board's forward plan in the demo: the next meeting's first topic is asked for at
each meeting (so `create_meeting` schedules it), entries delivered today are marked done,
and the script's further entries are raised, some deferred."""

from __future__ import annotations

from csp_desktop.models import ForwardPlanStatus, Meeting
from csp_desktop.services import forward_plan
from csp_desktop.services.demo_meeting_content import BoardMeeting
from csp_desktop.services.demo_world import DemoWorld


def plan_ahead(
    world: DemoWorld, meeting: Meeting, script: BoardMeeting, following: BoardMeeting
) -> None:
    session, board_id = world.session, world.board.id
    delivered_here = {item.id for item in meeting.items}
    for entry in forward_plan.list_entries(session, board_id):
        if entry.status is ForwardPlanStatus.SCHEDULED and entry.agenda_item_id in delivered_here:
            forward_plan.set_status(session, entry.id, ForwardPlanStatus.DONE)
    upcoming = following.topics[0]
    forward_plan.add_entry(
        session,
        board_id,
        forward_plan.EntrySpec(
            title=upcoming.title,
            presenter=world.person(upcoming.presenter).display_name,
            target_month=following.date.replace(day=1),
            minutes_allocated=upcoming.minutes,
            is_restricted=upcoming.restricted,
        ),
        raised_at_meeting_id=meeting.id,
    )
    for planned in script.forward_plan_entries:
        entry_id = forward_plan.add_entry(
            session,
            board_id,
            forward_plan.EntrySpec(
                title=planned.title,
                presenter=world.person(planned.presenter).display_name,
                target_month=planned.month,
                minutes_allocated=planned.minutes,
                is_restricted=planned.restricted,
            ),
            raised_at_meeting_id=meeting.id,
        )
        if planned.deferred_to is not None:
            forward_plan.defer_entry(
                session,
                entry_id,
                world.clock,
                to_month=planned.deferred_to,
                reason=planned.reason,
            )
