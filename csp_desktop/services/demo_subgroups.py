"""The demo's subgroups: their reports to each board meeting (written, verbal or not
provided, with a RAG rating) and their own meetings, minuted and approved in turn."""

from __future__ import annotations

import datetime as dt

from csp_desktop.models import Meeting, MeetingStatus, ReportStatus
from csp_desktop.services import agenda, subgroups
from csp_desktop.services.demo_attendance import mark_subgroup_attendance
from csp_desktop.services.demo_meeting_content import BoardMeeting, Topic
from csp_desktop.services.demo_minutes import (
    add_topic,
    subgroup_standing_text,
    topic_minutes,
    write_item,
)
from csp_desktop.services.demo_world import DemoWorld
from csp_desktop.services.meetings import create_meeting, set_meeting_status
from csp_desktop.services.minutes import approve_minutes


def report_in(world: DemoWorld, meeting: Meeting, script: BoardMeeting) -> None:
    """Each subgroup's update to the board meeting, by chance unless the script says."""
    session, rng, rhythm = world.session, world.rng, world.content.rhythm
    summaries = world.content.subgroups.report_summaries
    groups = {
        world.bodies[group.short_name].id: group for group in world.content.partnership.subgroups
    }
    for row in subgroups.list_reports(session, meeting.id):
        group = groups[row.subgroup_id]
        roll = rng.random()
        if roll < rhythm.report_missing_below and group.short_name not in script.reports_always_in:
            continue  # no update provided by the subgroup chair
        summary = rng.choice(summaries[group.short_name])
        if group.short_name in script.report_actions:
            summary += "\n\n" + script.report_actions[group.short_name]
        subgroups.set_summary(session, row.id, summary, world.clock)
        written = roll < rhythm.report_written_below
        subgroups.set_status(
            session, row.id, ReportStatus.WRITTEN if written else ReportStatus.VERBAL
        )
        subgroups.set_author(session, row.id, world.names[group.chair].full)
        ratings, weights = zip(*rhythm.rag_weights, strict=True)
        subgroups.set_rag(session, row.id, rng.choices(ratings, weights=weights)[0])
        if group.priority is not None:
            subgroups.set_priorities(session, row.id, [world.priorities[group.priority].id])


def run_subgroup_meetings(world: DemoWorld) -> int:
    """Every subgroup meeting in subgroups.json, each approving the one before; how many."""
    content = world.content
    chairs = {group.short_name: group.chair for group in content.partnership.subgroups}
    count = 0
    for short, dates in content.subgroups.meeting_dates.items():
        topics = content.subgroups.topics[short]
        previous: Meeting | None = None
        for number, date in enumerate(dates):
            meeting = _run_subgroup_meeting(
                world, short, date, topics[number % len(topics)], chairs[short], previous
            )
            if previous is not None:
                approve_minutes(world.session, previous.id, world.clock, at_meeting_id=meeting.id)
            previous = meeting
            count += 1
    return count


def _run_subgroup_meeting(
    world: DemoWorld,
    short: str,
    date: dt.date,
    topic: Topic,
    chair: str,
    previous: Meeting | None,
) -> Meeting:
    session, clock, rhythm = world.session, world.clock, world.content.rhythm
    clock.set(date - dt.timedelta(days=rhythm.subgroup_agenda_days_before), rhythm.agenda_time)
    meeting = create_meeting(session, world.bodies[short].id, date, clock)
    add_topic(world, meeting, topic)
    session.refresh(meeting)
    mark_subgroup_attendance(world, meeting, chair)
    clock.set(date, world.content.partnership.subgroup_meetings.start)
    agenda.start_meeting(session, meeting.id, clock)
    low, high = rhythm.subgroup_overrun
    for position, item in enumerate(meeting.items):
        if item.title == topic.title:
            text = topic_minutes(world, topic)
        else:
            text = subgroup_standing_text(world, item, meeting, previous)
        if text:
            write_item(world, item, text)
        allocated = item.minutes_allocated or rhythm.untimed_item_minutes
        clock.advance(minutes=allocated * world.rng.uniform(low, high))
        if position < len(meeting.items) - 1:
            agenda.next_item(session, meeting.id, clock)
    agenda.end_meeting(session, meeting.id, clock)
    set_meeting_status(session, meeting.id, MeetingStatus.MINUTES_DRAFTED, clock)
    return meeting
