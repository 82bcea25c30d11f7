"""The minutes the demo's note taker types: a topic's minutes from its content, the
standing items' wording from texts.json, saved and their ACTION lines captured as the
window does; and the one approved record amended with late apologies."""

from __future__ import annotations

import datetime as dt

from csp_desktop.models import AgendaItem, ItemKind, Meeting
from csp_desktop.services import actions as action_service
from csp_desktop.services import agenda
from csp_desktop.services.action_parser import find_action_lines
from csp_desktop.services.demo_actions import record_review_statuses
from csp_desktop.services.demo_meeting_content import BoardMeeting, Topic
from csp_desktop.services.demo_world import DemoWorld
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.minutes import amend_minutes, save_minutes


def add_topic(world: DemoWorld, meeting: Meeting, topic: Topic) -> None:
    """Put a topical item on the meeting's agenda, presented by the topic's person."""
    agenda.add_item(
        world.session,
        meeting.id,
        agenda.ItemSpec(
            title=topic.title,
            presenter=world.person(topic.presenter).display_name,
            minutes_allocated=topic.minutes,
            is_restricted=topic.restricted,
        ),
        world.clock,
    )


def topic_minutes(world: DemoWorld, topic: Topic) -> str:
    """The item's minutes: paragraphs, bullets, discussion, then its ACTION lines."""
    fields: dict[str, object] = {**world.figures(), "presenter": world.names[topic.presenter]}
    blocks = [world.fill(paragraph, **fields) for paragraph in topic.paragraphs]
    if topic.bullets:
        blocks.append("\n".join(f"- {world.fill(bullet, **fields)}" for bullet in topic.bullets))
    blocks.extend(world.fill(text, **fields) for text in topic.discussion)
    blocks.extend(
        f"ACTION: {world.fill(action.owners, **fields)} to {world.fill(action.task, **fields)}."
        for action in topic.actions
    )
    return "\n\n".join(blocks)


def write_item(world: DemoWorld, item: AgendaItem, text: str) -> list[int]:
    """Type the minutes and capture their ACTION lines, as the note taker would."""
    save_minutes(world.session, item.id, text, world.clock)
    if not find_action_lines(text):
        return []  # nothing to capture (the window syncs anyway; the result is the same)
    result = action_service.sync_item_actions(world.session, item.id, world.clock)
    return list(result.created)


def review_text(world: DemoWorld, meeting: Meeting, previous: Meeting | None) -> str:
    """The previous minutes agreed, and the actions reviewed (recorded on the actions)."""
    texts = world.content.texts
    if previous is None:
        return texts.first_review
    reviewed = record_review_statuses(world, meeting)
    text = world.fill(texts.minutes_agreed, date=uk_date(previous.date))
    return text + texts.actions_reviewed if reviewed else text


def board_standing_text(
    world: DemoWorld,
    meeting: Meeting,
    item: AgendaItem,
    script: BoardMeeting,
    following: BoardMeeting,
    previous: Meeting | None,
) -> str:
    texts, board, names = world.content.texts, world.content.partnership.board, world.names
    if item.kind is ItemKind.INTRODUCTIONS:
        chair = names[script.chaired_by or board.chair]
        return world.fill(texts.introductions, chair=chair, month=meeting.date)
    if item.kind is ItemKind.DECLARATIONS:
        return "" if script.declarations else texts.no_declarations
    if item.kind is ItemKind.PREVIOUS_MINUTES:
        return review_text(world, meeting, previous)
    if item.kind is ItemKind.FORWARD_PLAN:
        lines = "\n".join(
            world.fill(texts.forward_plan_line, title=topic.title, presenter=names[topic.presenter])
            for topic in following.topics
        )
        return world.fill(texts.forward_plan, month=following.date, lines=lines)
    if item.kind is ItemKind.ANY_OTHER_BUSINESS:
        business = script.any_other_business
        if business is None:
            return texts.no_other_business
        return world.fill(
            texts.other_business,
            raised_by=names[business.raised_by],
            owner=names[business.owner],
            month=meeting.date + dt.timedelta(days=business.due_in_days),
        )
    if item.kind is ItemKind.SUBGROUP_UPDATES:
        reminder = world.fill(texts.subgroup_reminder, month=meeting.date)
        return texts.subgroup_updates + (reminder if script.subgroup_reminder else "")
    if item.kind is ItemKind.NEXT_MEETING:
        return world.fill(
            texts.next_meeting,
            board=board.name,
            date=uk_date(following.date),
            start=f"{board.start:%H:%M}",
            end=f"{board.end:%H:%M}",
            venue=world.content.partnership.venues[following.venue],
            chair=names[board.chair],
        )
    return ""


def subgroup_standing_text(
    world: DemoWorld, item: AgendaItem, meeting: Meeting, previous: Meeting | None
) -> str:
    standing = world.content.subgroups.standing_minutes
    if item.kind is ItemKind.INTRODUCTIONS:
        return standing.introductions
    if item.kind is ItemKind.DECLARATIONS:
        return standing.declarations
    if item.kind is ItemKind.PREVIOUS_MINUTES:
        return review_text(world, meeting, previous)
    if item.kind is ItemKind.ANY_OTHER_BUSINESS:
        return standing.any_other_business
    return ""


def add_late_apologies(world: DemoWorld, approved: Meeting, at: Meeting, key: str) -> None:
    """Amend approved minutes: someone's apologies were missed, as agreed at `at`."""
    texts, person = world.content.texts, world.names[key]
    item = next(item for item in approved.items if item.kind is ItemKind.INTRODUCTIONS)
    amend_minutes(
        world.session,
        item.id,
        item.minutes_text + world.fill(texts.late_apologies, person=person),
        world.fill(texts.late_apologies_note, date=uk_date(at.date), person=person),
        world.clock,
        agreed_at_meeting_id=at.id,
    )
