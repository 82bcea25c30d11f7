"""Which item was running at a moment: the live clock's, else the allocations'."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from csp_desktop.services.item_timeline import meeting_start, timeline
from tests.factories import make_body, make_meeting

DAY = dt.date(2022, 10, 5)


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute))


def test_allocations_from_the_start_and_unallocated_items_share_what_is_left(
    session: Session,
) -> None:
    meeting = make_meeting(session, make_body(session), DAY, items=["A", "B", "C", "D"])
    a, b, c, d = meeting.items
    a.minutes_allocated, c.minutes_allocated = 20, 100  # 10:00-13:00 leaves 60 for B and D
    plan = timeline(meeting)
    assert not plan.from_clock
    assert [
        plan.item_at(at(h, m)) for h, m in ((9, 50), (10, 19), (10, 20), (10, 50), (12, 30))
    ] == [
        a.id,
        a.id,
        b.id,
        c.id,
        d.id,
    ]
    assert meeting_start(meeting) == at(10, 0)


def test_the_live_clock_wins_where_it_was_used(session: Session) -> None:
    meeting = make_meeting(session, make_body(session), DAY, items=["A", "B", "C"])
    a, _skipped, c = meeting.items
    a.started_at, a.ended_at = at(10, 2), at(10, 30)
    c.started_at = at(10, 31)  # B was skipped
    meeting.started_at = at(10, 2)
    plan = timeline(meeting)
    assert plan.from_clock
    assert [plan.item_at(at(h, m)) for h, m in ((10, 0), (10, 15), (10, 30), (11, 0))] == [
        a.id,
        a.id,
        a.id,
        c.id,
    ]
    assert meeting_start(meeting) == at(10, 2)
