"""The demo's actions between and at meetings: trackers returned by their owners, the
status each carried-forward action is reviewed at, and due dates for new ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select

from csp_desktop.models import Action, ActionReview, ActionStatus, ActionUpdateSource, Meeting
from csp_desktop.services import actions as action_service
from csp_desktop.services.demo_world import DemoWorld


def return_tracker(world: DemoWorld, next_board: dt.date, drop_first_open: bool) -> None:
    """Owners send back the tracker before the next board: progress notes, some done,
    some dropped (and the first open action dropped if the script says so)."""
    session, rng, clock = world.session, world.rng, world.clock
    rhythm = world.content.rhythm
    clock.set(next_board - dt.timedelta(days=rhythm.tracker_days_before), rhythm.tracker_time)
    chances, texts = world.content.rhythm.tracker, world.content.texts
    notes = world.content.partnership.progress_notes
    open_actions = session.scalars(
        select(Action)
        .where(Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)))
        .order_by(Action.reference)
    ).all()
    for number, action in enumerate(open_actions):
        roll = rng.random()
        if action.status is ActionStatus.OPEN and roll < chances.in_progress_below:
            status, note = ActionStatus.IN_PROGRESS, rng.choice(notes)
        elif roll < chances.completed_below:
            status, note = ActionStatus.COMPLETED, texts.tracker_completed
        elif roll > chances.dropped_above or (number == 0 and drop_first_open):
            status, note = ActionStatus.DROPPED, texts.tracker_dropped
        else:
            if roll < chances.noted_below:  # a progress note, the status unchanged
                action_service.add_action_update(
                    session, action.id, rng.choice(notes), clock, source=ActionUpdateSource.TRACKER
                )
            continue
        action_service.set_action_status(
            session, action.id, status, clock, note=note, source=ActionUpdateSource.TRACKER
        )


def record_review_statuses(world: DemoWorld, meeting: Meeting) -> list[ActionReview]:
    """The status each carried-forward action was reviewed at, on its review record.

    Set on the record alone (`actions.set_review_status` would also move the action on):
    the minutes list the reviewed actions from these records, so the public version
    withholds restricted ones like everything else.
    """
    reviews = world.session.scalars(
        select(ActionReview)
        .where(ActionReview.meeting_id == meeting.id)
        .order_by(ActionReview.position)
    ).all()
    chance = world.content.rhythm.reviewed_as_completed
    for review in reviews:
        action = review.action
        if action.status is ActionStatus.COMPLETED or world.rng.random() < chance:
            review.status_at_review = ActionStatus.COMPLETED
        else:
            review.status_at_review = action.status
    world.session.flush()
    return list(reviews)


def set_due_dates(world: DemoWorld, raised: Iterable[list[int]], next_board: dt.date) -> None:
    """Some of the actions a meeting raised are due before the next board."""
    rhythm, texts = world.content.rhythm, world.content.texts
    for action_ids in raised:
        for action_id in action_ids:
            if world.rng.random() < rhythm.due_date_chance:
                action_service.set_action_fields(
                    world.session,
                    action_id,
                    world.clock,
                    due_date=next_board - dt.timedelta(days=rhythm.due_days_before_board),
                    due_text=world.fill(texts.due_text, month=next_board),
                )
