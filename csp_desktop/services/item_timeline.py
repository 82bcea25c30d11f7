"""Which agenda item was running at a given moment of a meeting.

From the live clock where it was used (each item's last start); where it was not, from
the allocations added up from the meeting's start time, as the agenda prints them, items
without an allocation sharing equally the planned time the others leave.
Shared by the transcript and the attendance list.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from csp_desktop.models import AgendaItem, Meeting


@dataclass(frozen=True)
class Timeline:
    """Item starts in time order; `item_at` answers for any moment."""

    starts: list[dt.datetime]
    item_ids: list[int]
    first_item_id: int | None
    from_clock: bool

    def item_at(self, moment: dt.datetime) -> int | None:
        """The item started most recently at `moment`; before any start, the first item."""
        index = bisect.bisect_right(self.starts, moment) - 1
        if index < 0:
            return self.first_item_id
        return self.item_ids[index]


def meeting_start(meeting: Meeting) -> dt.datetime:
    """When the meeting began: the live clock's start, else the planned start time."""
    if meeting.started_at is not None:
        return meeting.started_at
    return dt.datetime.combine(meeting.date, meeting.start_time or dt.time(10, 0))


def meeting_end(meeting: Meeting) -> dt.datetime | None:
    if meeting.ended_at is not None:
        return meeting.ended_at
    if meeting.end_time is None:
        return None
    return dt.datetime.combine(meeting.date, meeting.end_time)


def _unallocated_share(meeting: Meeting, items: Sequence[AgendaItem]) -> dt.timedelta:
    """Items without an allocation share equally what the planned time leaves over."""
    unallocated = [item for item in items if item.minutes_allocated is None]
    if not unallocated or meeting.start_time is None or meeting.end_time is None:
        return dt.timedelta(0)
    planned = dt.datetime.combine(meeting.date, meeting.end_time) - dt.datetime.combine(
        meeting.date, meeting.start_time
    )
    allocated = dt.timedelta(minutes=sum(item.minutes_allocated or 0 for item in items))
    return max(dt.timedelta(0), (planned - allocated) / len(unallocated))


def timeline(meeting: Meeting, items: Sequence[AgendaItem] | None = None) -> Timeline:
    ordered = sorted(items if items is not None else meeting.items, key=lambda i: i.position)
    first = ordered[0].id if ordered else None
    clocked = sorted(
        ((item.started_at, item.id) for item in ordered if item.started_at is not None),
        key=lambda pair: pair[0],
    )
    if clocked:
        return Timeline([s for s, _ in clocked], [i for _, i in clocked], first, True)
    start = dt.datetime.combine(meeting.date, meeting.start_time or dt.time(10, 0))
    share = _unallocated_share(meeting, ordered)
    starts, ids = [], []
    for item in ordered:
        starts.append(start)
        ids.append(item.id)
        minutes = item.minutes_allocated
        start += dt.timedelta(minutes=minutes) if minutes is not None else share
    # Items without an allocation share a start with the next: the later one wins,
    # so keep only the last item of each start time.
    kept_starts: list[dt.datetime] = []
    kept_ids: list[int] = []
    for moment, item_id in zip(starts, ids, strict=True):
        if kept_starts and kept_starts[-1] == moment:
            kept_ids[-1] = item_id
        else:
            kept_starts.append(moment)
            kept_ids.append(item_id)
    return Timeline(kept_starts, kept_ids, first, False)
