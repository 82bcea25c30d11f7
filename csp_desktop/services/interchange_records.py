"""One meeting as frozen data: what the interchange file holds, field for field.

The types `services.interchange_data` builds from the database, that
`exports.interchange_writer` writes as JSON and `exports.interchange_reader` gives back
when it reads a file, so reading what was written gives an equal value. Fields mirror
`docs/meeting.schema.json` (version 2) one for one, in its order. A None is "not known":
the file said null or left the field out (version 1 files' old defaults are filled in by
the reader). No database here: plain values and the models' enums only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from csp_desktop.models import (
    ActionStatus,
    ActionUpdateSource,
    AttendanceRole,
    AttendanceStatus,
    BodyKind,
    ForwardPlanStatus,
    ItemKind,
    MeetingStatus,
    Rag,
    ReportStatus,
)


@dataclass(frozen=True)
class TranscriptTurnRecord:
    """One turn as the interchange file carries it."""

    item: str | None  # the item's number (else title) it was said under
    speaker: str
    person: str | None
    start_seconds: float
    end_seconds: float
    text: str


@dataclass(frozen=True)
class BodyRef:
    name: str
    short_name: str | None  # None: made up on import, so not written back
    kind: BodyKind | None  # None: the file did not say (a board, on import)


@dataclass(frozen=True)
class BodyRecord:
    name: str
    short_name: str | None
    kind: BodyKind | None
    quorum: int | None
    parent: BodyRef | None
    chair: str | None
    minutes_show_timings: bool | None  # None: the file did not say; the body's own stands
    minutes_show_organisations: bool | None


@dataclass(frozen=True)
class MeetingRecord:
    body: BodyRecord
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    venue: str | None
    contact_officer: str | None
    title: str | None
    status: MeetingStatus | None  # None: the file this came from did not say
    approved_on: dt.date | None
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    notes: str | None


@dataclass(frozen=True)
class AttendanceRecord:
    person: str
    organisation: str | None
    status: AttendanceStatus
    member: bool | None
    role: AttendanceRole | None
    substitute_for: str | None
    arrived_at: dt.datetime | None
    arrived_during_item: str | None  # item numbers, as the file refers to items
    left_at: dt.datetime | None
    left_during_item: str | None


@dataclass(frozen=True)
class PaperRecord:
    name: str | None
    kind: str | None
    size_bytes: int | None
    restricted: bool
    file_name: str | None


@dataclass(frozen=True)
class ItemRecord:
    number: str | None
    title: str
    kind: ItemKind
    presenter: str | None
    minutes_allocated: int | None
    restricted: bool
    public_summary: str | None
    verbal_update: bool
    agenda_text: str | None
    minutes_text: str | None  # None: withheld (public version) or not held
    decisions: tuple[str, ...]
    papers: tuple[PaperRecord, ...]
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    elapsed_seconds: int | None


@dataclass(frozen=True)
class ActionCore:
    reference: str | None
    owners: tuple[str, ...]
    other_owners: str | None
    unmatched_owners: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class UpdateRecord:
    made_at: dt.datetime
    source: ActionUpdateSource
    author: str | None
    text: str | None
    status_from: ActionStatus | None
    status_to: ActionStatus | None


@dataclass(frozen=True)
class RaisedAction:
    core: ActionCore
    item: str | None
    subgroup_report: str | None
    due_date: dt.date | None
    due_text: str | None
    status: ActionStatus
    completed_on: dt.date | None
    restricted: bool
    source_line: str | None
    source_order: int | None
    updates: tuple[UpdateRecord, ...]


@dataclass(frozen=True)
class ReviewedAction:
    core: ActionCore
    item: str | None
    status_at_review: ActionStatus | None


@dataclass(frozen=True)
class DeclarationRecord:
    person: str
    item: str | None
    nature: str
    withdrew: bool


@dataclass(frozen=True)
class PriorityRecord:
    plan: str
    number: int
    title: str


@dataclass(frozen=True)
class ReportRecord:
    subgroup: str
    subgroup_short_name: str | None
    subgroup_chair: str | None
    status: ReportStatus | None
    author: str | None
    summary: str
    rag: Rag | None
    priorities: tuple[PriorityRecord, ...]


@dataclass(frozen=True)
class PlanEntryRecord:
    title: str
    presenter: str | None
    status: ForwardPlanStatus | None
    raised_here: bool
    aimed_here: bool
    target_month: dt.date | None  # the first of the month
    item: str | None
    raised_under_item: str | None
    minutes_allocated: int | None
    restricted: bool
    notes: str | None


@dataclass(frozen=True)
class NextMeetingRecord:
    date: dt.date | None
    start_time: dt.time | None
    end_time: dt.time | None
    venue: str | None
    chair: str | None


@dataclass(frozen=True)
class AmendmentRecord:
    item: str | None
    field: str
    old_value: str | None
    new_value: str | None
    reason: str | None
    author: str
    made_at: dt.datetime


@dataclass(frozen=True)
class InterchangeMeeting:
    """Everything the interchange file holds for one meeting, already filtered."""

    public: bool
    meeting: MeetingRecord
    attendance: tuple[AttendanceRecord, ...]
    agenda_items: tuple[ItemRecord, ...]
    actions_raised: tuple[RaisedAction, ...]
    actions_reviewed: tuple[ReviewedAction, ...]
    declarations: tuple[DeclarationRecord, ...]
    subgroup_reports: tuple[ReportRecord, ...]
    forward_plan: tuple[PlanEntryRecord, ...]
    next_meeting: NextMeetingRecord
    amendments: tuple[AmendmentRecord, ...]
    transcript: tuple[TranscriptTurnRecord, ...] | None = None  # only when asked for
