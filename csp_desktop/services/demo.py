"""A demo archive that reads like the real thing, built through the services.

Two years of a (fictional) London borough's Community Safety Partnership: the board with
its five subgroups plus the Safer Neighbourhood Board and Safeguarding Boards reporting
in, the plan's five priorities, ten quarterly board meetings and a handful of subgroup
meetings. Everything goes through the same service functions the window uses:
`create_meeting` lays out standing items, roster, forward-plan items and the actions
carried forward; attendance is marked, the live clock run item by item, minutes typed
and their ACTION lines captured by `sync_item_actions`, actions updated from returned
trackers, subgroup reports written, forward-plan entries raised, deferred and done,
minutes approved at the next meeting and one approved record amended.

The content (people, meetings and their scripts, minutes, wording, chances) is data in
resources/demo/ (read by `demo_content`); the steps are in demo_partnership, demo_board,
demo_attendance, demo_minutes, demo_actions, demo_forward_plan, demo_subgroups and
demo_plan. Structure, topics and wording follow the published minutes in
`shared/seeds/`; the people are invented. The result is deterministic: the same seed
gives the same archive.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from csp_desktop.models import Action, Body, Meeting, Person
from csp_desktop.services.demo_board import run_board_meeting
from csp_desktop.services.demo_content import load_demo_content
from csp_desktop.services.demo_partnership import set_up_partnership
from csp_desktop.services.demo_plan import add_demo_plan
from csp_desktop.services.demo_subgroups import run_subgroup_meetings
from csp_desktop.services.demo_world import DemoClock, DemoWorld
from csp_desktop.services.formatting import uk_date


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` made, for the command's message and the tests."""

    bodies: int
    people: int
    meetings: int
    board_meetings: int
    actions: int
    richest_meeting_id: int
    richest_label: str


def count_meetings(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Meeting)) or 0


def count_bodies(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Body)) or 0


def build_demo(session: Session, *, seed: int | None = None) -> DemoSummary:
    """Fill an empty database with the demo archive (flushed, not committed).

    The demo keeps its own time, so the archive is the same whenever it is built;
    `seed` (default: the content's) picks a different one.
    """
    content = load_demo_content()
    partnership = content.partnership
    world = DemoWorld(
        session=session,
        clock=DemoClock(content.rhythm.starts, partnership.note_taker_login),
        rng=random.Random(partnership.seed if seed is None else seed),
        content=content,
    )
    set_up_partnership(world)
    previous: Meeting | None = None
    boards: list[Meeting] = []
    for index in range(len(content.board_meetings)):
        previous = run_board_meeting(world, index, previous)
        boards.append(previous)
    subgroup_meetings = run_subgroup_meetings(world)
    session.flush()
    # The plan, milestones, linked actions and chases (issue 17), added after the meetings.
    add_demo_plan(session, partnership.plan, content.plan)
    richest = boards[-2]  # the latest minuted board meeting
    return DemoSummary(
        bodies=count_bodies(session),
        people=session.scalar(select(func.count()).select_from(Person)) or 0,
        meetings=len(boards) + subgroup_meetings,
        board_meetings=len(boards),
        actions=session.scalar(select(func.count()).select_from(Action)) or 0,
        richest_meeting_id=richest.id,
        richest_label=f"{richest.body.name}, {uk_date(richest.date)}",
    )
