"""One board meeting of the demo, as its script in board.json says: the tracker returned
before it, the agenda with its topics and papers, attendance, the live clock run item by
item while the minutes are typed, reports in, the forward plan, due dates, the next
meeting, and the previous minutes approved (and amended where the script says)."""

from __future__ import annotations

import datetime as dt

from csp_desktop.models import AgendaItem, ItemKind, Meeting, MeetingStatus, Paper
from csp_desktop.services import agenda, attendance, item_records
from csp_desktop.services.demo_actions import return_tracker, set_due_dates
from csp_desktop.services.demo_attendance import early_leaver, late_arrival, mark_board_attendance
from csp_desktop.services.demo_forward_plan import plan_ahead
from csp_desktop.services.demo_meeting_content import BoardMeeting
from csp_desktop.services.demo_minutes import (
    add_late_apologies,
    add_topic,
    board_standing_text,
    topic_minutes,
    write_item,
)
from csp_desktop.services.demo_subgroups import report_in
from csp_desktop.services.demo_world import DemoWorld
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.meetings import create_meeting, set_meeting_status
from csp_desktop.services.minutes import approve_minutes


def run_board_meeting(world: DemoWorld, index: int, previous: Meeting | None) -> Meeting:
    """Board meeting `index` of the script; the last one only gets its draft agenda."""
    scripts = world.content.board_meetings
    script = scripts[index]
    if previous is not None:
        return_tracker(world, script.date, script.tracker_drops_first_open_action)
    meeting = _draft_agenda(world, script, previous)
    if index == len(scripts) - 1:
        world.session.flush()
        return meeting  # the next meeting: a draft agenda, nothing minuted yet
    set_meeting_status(world.session, meeting.id, MeetingStatus.AGENDA_ISSUED, world.clock)
    mark_board_attendance(world, meeting, script)
    _minute_meeting(world, meeting, script, scripts[index + 1], previous)
    return meeting


def _draft_agenda(world: DemoWorld, script: BoardMeeting, previous: Meeting | None) -> Meeting:
    partnership, rhythm = world.content.partnership, world.content.rhythm
    world.clock.set(
        script.date - dt.timedelta(days=rhythm.board_agenda_days_before), rhythm.agenda_time
    )
    meeting = create_meeting(
        world.session,
        world.board.id,
        script.date,
        world.clock,
        venue=partnership.venues[script.venue],
        contact_officer=partnership.contact_officer,
    )
    scheduled = {item.title for item in meeting.items}  # asked for on the forward plan
    for topic in script.topics:
        if topic.title not in scheduled:
            add_topic(world, meeting, topic)
    world.session.refresh(meeting)
    papers = {topic.title: topic for topic in script.topics if topic.paper}
    for item in meeting.items:
        with_paper = papers.get(item.title)
        if with_paper is not None and with_paper.paper is not None:
            name, kilobytes = with_paper.paper
            item.papers.append(
                Paper(name=name, size_bytes=kilobytes * 1024, is_restricted=with_paper.restricted)
            )
        if item.kind is ItemKind.PREVIOUS_MINUTES and previous is not None:
            name = world.fill(
                world.content.texts.previous_minutes_paper, date=uk_date(previous.date)
            )
            size = rhythm.previous_minutes_paper_kilobytes * 1024
            item.papers.append(Paper(name=name, size_bytes=size))
    return meeting


def _minute_meeting(
    world: DemoWorld,
    meeting: Meeting,
    script: BoardMeeting,
    following: BoardMeeting,
    previous: Meeting | None,
) -> None:
    session, clock, rhythm = world.session, world.clock, world.content.rhythm
    board = world.content.partnership.board
    clock.set(meeting.date, board.start)
    clock.advance(minutes=world.rng.randint(0, rhythm.board_starts_late_by_up_to))
    agenda.start_meeting(session, meeting.id, clock)
    late = late_arrival(world, meeting)
    items = list(meeting.items)
    topics = {topic.title: topic for topic in script.topics}
    raised_at_item: dict[int, list[int]] = {}
    for position, item in enumerate(items):
        if position == rhythm.late_arrival_at_item and late is not None:
            attendance.stamp_arrival(session, late, clock)
        text = board_standing_text(world, meeting, item, script, following, previous)
        topic = topics.get(item.title)
        if topic is not None:
            text = topic_minutes(world, topic)
        if text:
            raised_at_item[item.id] = write_item(world, item, text)
        if topic is not None:
            for decision in topic.decisions:
                item_records.add_decision(session, item.id, decision)
        if item.kind is ItemKind.DECLARATIONS:
            _declare(world, meeting, items, script)
        clock.advance(
            minutes=(item.minutes_allocated or rhythm.untimed_item_minutes) * _overrun(world)
        )
        if position == len(items) - 2 and script.early_leaver:
            leaver = early_leaver(meeting)
            if leaver is not None:
                attendance.stamp_departure(session, leaver, clock)
        if position < len(items) - 1:
            agenda.next_item(session, meeting.id, clock)
    agenda.end_meeting(session, meeting.id, clock)
    report_in(world, meeting, script)
    plan_ahead(world, meeting, script, following)
    set_due_dates(world, raised_at_item.values(), following.date)
    item_records.set_next_meeting(
        session,
        meeting.id,
        item_records.NextMeeting(
            date=following.date,
            start_time=board.start,
            end_time=board.end,
            venue=world.content.partnership.venues[following.venue],
            chair=world.names[board.chair].short,
        ),
    )
    set_meeting_status(session, meeting.id, MeetingStatus.MINUTES_DRAFTED, clock)
    if previous is not None:
        approve_minutes(session, previous.id, clock, at_meeting_id=meeting.id)
        for key in script.late_apologies_for_previous_minutes:
            add_late_apologies(world, previous, meeting, key)


def _overrun(world: DemoWorld) -> float:
    low, high = world.content.rhythm.board_overrun
    return world.rng.uniform(low, high)


def _declare(
    world: DemoWorld, meeting: Meeting, items: list[AgendaItem], script: BoardMeeting
) -> None:
    """The script's declarations of interest, each at its topic's item."""
    by_title = {item.title: item for item in items if item.kind is ItemKind.TOPICAL}
    for declaration in script.declarations:
        item_records.add_declaration(
            world.session,
            meeting.id,
            world.person(declaration.person).id,
            agenda_item_id=by_title[declaration.topic].id,
            nature=declaration.nature,
            withdrew=declaration.withdrew,
        )
