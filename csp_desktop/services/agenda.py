"""A meeting's agenda: items in order, their minutes, and the live clock.

Items are added, edited, moved and deleted here, and renumbered after every change to
their order. A deleted item comes back whole (minutes, papers, decisions, and the links
other records had to it) through `restore_item`, which is what the window's undo uses.

The live clock keeps, per item, the time of its last (re)start (`started_at`), when it
last stopped (`ended_at`, None while running) and the seconds spent before the last
restart (`elapsed_seconds`). All time comes from the clock argument.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Row, func, select, update
from sqlalchemy.orm import Session

from csp_desktop import models
from csp_desktop.clock import Clock
from csp_desktop.errors import NotFound, RecordLocked, ValidationError
from csp_desktop.models import (
    AgendaItem,
    Body,
    Decision,
    Declaration,
    ItemKind,
    Meeting,
    MeetingStatus,
    Paper,
    Person,
)
from csp_desktop.models.person import joined_name
from csp_desktop.services.meetings import (
    body_table,
    get_agenda_item,
    get_meeting,
    item_table,
    item_values,
    meeting_table,
    meeting_values,
)
from csp_desktop.services.minutes import save_minutes
from csp_desktop.text_rules import clean_stored_text

if TYPE_CHECKING:
    from csp_desktop.services.actions import ActionSync

# Standing items that close a meeting: a new topical item goes in before the first of them.
CLOSING_KINDS = frozenset(
    {
        ItemKind.FORWARD_PLAN,
        ItemKind.ANY_OTHER_BUSINESS,
        ItemKind.SUBGROUP_UPDATES,
        ItemKind.NEXT_MEETING,
    }
)
# Share of the allocation after which an item is "nearly out of time" (amber).
NEARLY_OUT_OF_TIME = 0.8
MAX_TITLE_LENGTH = 300


class Timing(enum.Enum):
    """How an item's elapsed time compares with its allocation."""

    NOT_STARTED = "not started"
    NO_ALLOCATION = "no allocation"
    ON_TIME = "on time"
    NEARLY_OUT = "nearly out of time"
    OVERRUN = "over time"


@dataclass(frozen=True)
class ItemSpec:
    """What a user edits about an item."""

    title: str
    presenter: str | None = None
    minutes_allocated: int | None = None
    is_restricted: bool = False
    kind: ItemKind = ItemKind.TOPICAL
    # A restricted item's published summary (None: withheld); see services/publication.py.
    public_summary: str | None = None
    is_verbal_update: bool = False
    agenda_text: str | None = None


@dataclass(frozen=True)
class AgendaItemRow:
    id: int
    meeting_id: int
    position: int
    number: str
    title: str
    kind: ItemKind
    presenter: str | None
    minutes_allocated: int | None
    is_restricted: bool
    papers_count: int
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    elapsed_seconds: int
    has_minutes: bool

    @property
    def is_running(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    def elapsed_at(self, now: dt.datetime) -> int:
        """Seconds spent on the item, counting the running stretch up to `now`."""
        return item_elapsed(self.started_at, self.ended_at, self.elapsed_seconds, now)

    def timing_at(self, now: dt.datetime) -> Timing:
        if self.started_at is None and self.elapsed_seconds == 0:
            return Timing.NOT_STARTED
        return timing(self.elapsed_at(now), self.minutes_allocated)


@dataclass(frozen=True)
class MeetingClock:
    """The meeting's time used against its plan."""

    meeting_id: int
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    planned_start: dt.datetime | None
    planned_end: dt.datetime | None
    running_item_id: int | None
    allocated_minutes: int

    @property
    def is_running(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    def used_seconds(self, now: dt.datetime) -> int:
        if self.started_at is None:
            return 0
        end = self.ended_at or now
        return max(0, int((end - self.started_at).total_seconds()))

    def planned_seconds(self) -> int | None:
        if self.planned_start is None or self.planned_end is None:
            return None
        return int((self.planned_end - self.planned_start).total_seconds())

    def seconds_to_planned_end(self, now: dt.datetime) -> int | None:
        """Seconds left before the planned end (negative once past it)."""
        if self.planned_end is None:
            return None
        return int((self.planned_end - (self.ended_at or now)).total_seconds())


@dataclass(frozen=True)
class DeletedItem:
    """Everything needed to put a deleted item back exactly where it was."""

    meeting_id: int
    item_id: int
    position: int
    number: str
    title: str
    kind: ItemKind
    presenter: str | None
    minutes_allocated: int | None
    is_restricted: bool
    minutes_text: str
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    elapsed_seconds: int
    updated_at: dt.datetime | None
    papers: tuple[tuple[int, str | None, int | None, bool, str | None, bytes | None], ...]
    decisions: tuple[tuple[int, str], ...]
    # (model name, column name) -> ids of rows that pointed at the item.
    links: tuple[tuple[str, str, tuple[int, ...]], ...] = field(default=())
    public_summary: str | None = None
    is_verbal_update: bool = False
    agenda_text: str | None = None
    minutes_withheld: bool = False
    paper_kinds: tuple[str | None, ...] = ()


def _links() -> tuple[tuple[type, str], ...]:
    """Every column that points at an agenda item with ON DELETE SET NULL: restored on
    undo."""
    return (
        (models.Action, "raised_at_item_id"),
        (models.ActionReview, "agenda_item_id"),
        (Declaration, "agenda_item_id"),
        (models.ForwardPlanEntry, "agenda_item_id"),
        (models.ForwardPlanEntry, "raised_at_item_id"),
        (models.Attendance, "arrived_during_item_id"),
        (models.Attendance, "left_during_item_id"),
        (models.Amendment, "agenda_item_id"),
    )


def item_elapsed(
    started_at: dt.datetime | None,
    ended_at: dt.datetime | None,
    elapsed_seconds: int,
    now: dt.datetime,
) -> int:
    """Seconds spent on an item: earlier stretches plus the current or last one."""
    if started_at is None:
        return elapsed_seconds
    end = ended_at or now
    return elapsed_seconds + max(0, int((end - started_at).total_seconds()))


def timing(elapsed_seconds: int, minutes_allocated: int | None) -> Timing:
    """Compare time spent with the allocation: amber near the end, red past it."""
    if not minutes_allocated:
        return Timing.NO_ALLOCATION
    allocated = minutes_allocated * 60
    if elapsed_seconds > allocated:
        return Timing.OVERRUN
    if elapsed_seconds >= allocated * NEARLY_OUT_OF_TIME:
        return Timing.NEARLY_OUT
    return Timing.ON_TIME


def format_duration(seconds: int) -> str:
    """ "0:05", "12:30", "1:02:03": minutes and seconds, hours only when needed."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


# --- reading ---------------------------------------------------------------------------


def _item_row_columns(papers_count: ColumnElement[int]) -> tuple[ColumnElement[Any], ...]:
    """The columns of an AgendaItemRow, on the table (services/meetings.py says why)."""
    items = item_table.c
    return (
        items.id,
        items.meeting_id,
        items.position,
        items.number,
        items.title,
        items.kind,
        items.presenter,
        items.minutes_allocated,
        items.is_restricted,
        papers_count.label("papers_count"),
        items.started_at,
        items.ended_at,
        items.elapsed_seconds,
        items.minutes_text,
    )


def _row(values: Row[Any]) -> AgendaItemRow:
    fields = values._asdict()
    minutes_text = fields.pop("minutes_text")
    return AgendaItemRow(**fields, has_minutes=bool(minutes_text.strip()))


def _papers_of(item_id: ColumnElement[int]) -> ColumnElement[int]:
    papers = Paper.__table__.c
    return select(func.count(papers.id)).where(papers.agenda_item_id == item_id).scalar_subquery()


def list_items(session: Session, meeting_id: int) -> list[AgendaItemRow]:
    """The meeting's items in agenda order."""
    items = item_table.c
    query = (
        select(*_item_row_columns(_papers_of(items.id)))
        .where(items.meeting_id == meeting_id)
        .order_by(items.position, items.id)
    )
    return [_row(values) for values in session.execute(query)]


def get_item(session: Session, item_id: int) -> AgendaItemRow:
    return _row(item_values(session, item_id, *_item_row_columns(_papers_of(item_table.c.id))))


def item_minutes(session: Session, item_id: int) -> str:
    """The minutes typed against one item."""
    text = session.scalar(select(AgendaItem.minutes_text).where(AgendaItem.id == item_id))
    if text is None:
        raise NotFound(f"Agenda item {item_id} does not exist; it may have been deleted.")
    return text


def meeting_clock(session: Session, meeting_id: int) -> MeetingClock:
    columns = meeting_table.c
    meeting = meeting_values(
        session,
        meeting_id,
        columns.date,
        columns.start_time,
        columns.end_time,
        columns.started_at,
        columns.ended_at,
    )
    items = item_table.c
    running = session.scalar(
        select(items.id).where(
            items.meeting_id == meeting_id,
            items.started_at.is_not(None),
            items.ended_at.is_(None),
        )
    )
    allocated = session.scalar(
        select(func.coalesce(func.sum(items.minutes_allocated), 0)).where(
            items.meeting_id == meeting_id
        )
    )
    planned_start = (
        dt.datetime.combine(meeting.date, meeting.start_time) if meeting.start_time else None
    )
    planned_end = dt.datetime.combine(meeting.date, meeting.end_time) if meeting.end_time else None
    # A meeting started late still has the planned length: the end moves with the start.
    if meeting.started_at and planned_start and planned_end:
        planned_end = meeting.started_at + (planned_end - planned_start)
    return MeetingClock(
        meeting_id=meeting_id,
        started_at=meeting.started_at,
        ended_at=meeting.ended_at,
        planned_start=planned_start,
        planned_end=planned_end,
        running_item_id=running,
        allocated_minutes=int(allocated or 0),
    )


# --- editing the agenda ------------------------------------------------------------------


def _check_editable(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise RecordLocked(
            "These minutes have been approved, so the agenda can no longer be changed. "
            "Record an amendment instead."
        )


def _clean_spec(spec: ItemSpec) -> ItemSpec:
    title = " ".join(clean_stored_text(spec.title).split())
    if not title:
        raise ValidationError("An agenda item needs a title.")
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            f"An agenda item title can be at most {MAX_TITLE_LENGTH} characters long."
        )
    if spec.minutes_allocated is not None and spec.minutes_allocated < 0:
        raise ValidationError("The time allocated to an item cannot be negative.")
    presenter = " ".join(clean_stored_text(spec.presenter or "").split()) or None
    return ItemSpec(
        title=title,
        presenter=presenter,
        minutes_allocated=spec.minutes_allocated or None,
        is_restricted=spec.is_restricted,
        kind=spec.kind,
        public_summary=spec.public_summary if spec.is_restricted else None,
        is_verbal_update=spec.is_verbal_update,
        agenda_text=(spec.agenda_text or "").strip() or None,
    )


def _ordered(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def _renumber(items: Sequence[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position
        item.number = str(position)


def default_insert_position(session: Session, meeting_id: int) -> int:
    """Where a new topical item goes: before the closing standing items (1-based)."""
    items = _ordered(session, meeting_id)
    for index, item in enumerate(items):
        if item.kind in CLOSING_KINDS:
            return index + 1
    return len(items) + 1


def add_item(
    session: Session,
    meeting_id: int,
    spec: ItemSpec,
    clock: Clock,
    *,
    position: int | None = None,
) -> int:
    """Add an item at `position` (1-based; default before the closing items); its id."""
    meeting = get_meeting(session, meeting_id)
    _check_editable(meeting)
    spec = _clean_spec(spec)
    items = _ordered(session, meeting_id)
    if position is None:
        position = default_insert_position(session, meeting_id)
    index = min(max(position, 1), len(items) + 1) - 1
    item = AgendaItem(
        meeting=meeting,
        position=0,
        title=spec.title,
        presenter=spec.presenter,
        minutes_allocated=spec.minutes_allocated,
        is_restricted=spec.is_restricted,
        kind=spec.kind,
        public_summary=spec.public_summary,
        is_verbal_update=spec.is_verbal_update,
        agenda_text=spec.agenda_text,
        minutes_text="",
        elapsed_seconds=0,
        updated_at=clock.now(),
    )
    session.add(item)
    items.insert(index, item)
    _renumber(items)
    meeting.updated_at = clock.now()
    session.flush()
    return item.id


def edit_item(session: Session, item_id: int, spec: ItemSpec, clock: Clock) -> None:
    item = get_agenda_item(session, item_id)
    _check_editable(item.meeting)
    spec = _clean_spec(spec)
    item.title = spec.title
    item.presenter = spec.presenter
    item.minutes_allocated = spec.minutes_allocated
    item.is_restricted = spec.is_restricted
    item.kind = spec.kind
    item.public_summary = spec.public_summary
    item.is_verbal_update = spec.is_verbal_update
    item.agenda_text = spec.agenda_text
    item.updated_at = clock.now()
    session.flush()


def item_spec(session: Session, item_id: int) -> ItemSpec:
    """The editable fields of an item, e.g. to undo an edit."""
    item = get_agenda_item(session, item_id)
    return ItemSpec(
        title=item.title,
        presenter=item.presenter,
        minutes_allocated=item.minutes_allocated,
        is_restricted=item.is_restricted,
        kind=item.kind,
        public_summary=item.public_summary,
        is_verbal_update=item.is_verbal_update,
        agenda_text=item.agenda_text,
    )


def move_item(session: Session, item_id: int, new_position: int, clock: Clock) -> int:
    """Move an item to `new_position` (1-based, clamped); renumber; the position it got."""
    item = get_agenda_item(session, item_id)
    _check_editable(item.meeting)
    items = [i for i in _ordered(session, item.meeting_id) if i.id != item_id]
    index = min(max(new_position, 1), len(items) + 1) - 1
    items.insert(index, item)
    _renumber(items)
    item.meeting.updated_at = clock.now()
    session.flush()
    return item.position


def delete_item(session: Session, item_id: int, clock: Clock) -> DeletedItem:
    """Delete an item and renumber the rest; returns what `restore_item` needs."""
    item = get_agenda_item(session, item_id)
    meeting = item.meeting
    _check_editable(meeting)
    links: list[tuple[str, str, tuple[int, ...]]] = []
    for model, column in _links():
        ids = tuple(
            session.scalars(
                select(model.id).where(getattr(model, column) == item_id)  # type: ignore[attr-defined]
            )
        )
        if ids:
            links.append((model.__name__, column, ids))
    snapshot = DeletedItem(
        meeting_id=item.meeting_id,
        item_id=item.id,
        position=item.position,
        number=item.number,
        title=item.title,
        kind=item.kind,
        presenter=item.presenter,
        minutes_allocated=item.minutes_allocated,
        is_restricted=item.is_restricted,
        minutes_text=item.minutes_text,
        started_at=item.started_at,
        ended_at=item.ended_at,
        elapsed_seconds=item.elapsed_seconds,
        updated_at=item.updated_at,
        papers=tuple(
            (p.position, p.name, p.size_bytes, p.is_restricted, p.file_name, p.content)
            for p in item.papers
        ),
        decisions=tuple((d.position, d.text) for d in item.decisions),
        links=tuple(links),
        public_summary=item.public_summary,
        is_verbal_update=item.is_verbal_update,
        agenda_text=item.agenda_text,
        minutes_withheld=item.minutes_withheld,
        paper_kinds=tuple(p.kind for p in item.papers),
    )
    session.delete(item)
    session.flush()
    session.expire(meeting, ["items"])
    _renumber(_ordered(session, meeting.id))
    meeting.updated_at = clock.now()
    session.flush()
    return snapshot


def restore_item(session: Session, deleted: DeletedItem, clock: Clock) -> int:
    """Put a deleted item back at its place with its minutes, papers, decisions and links.

    The item keeps its old id when that id is free, so anything that remembered it
    (the window's selection, an undo step) still finds it.
    """
    meeting = get_meeting(session, deleted.meeting_id)
    _check_editable(meeting)
    free = session.get(AgendaItem, deleted.item_id) is None
    item = AgendaItem(
        id=deleted.item_id if free else None,
        meeting_id=meeting.id,
        position=0,
        number=deleted.number,
        title=deleted.title,
        kind=deleted.kind,
        presenter=deleted.presenter,
        minutes_allocated=deleted.minutes_allocated,
        is_restricted=deleted.is_restricted,
        minutes_text=deleted.minutes_text,
        started_at=deleted.started_at,
        ended_at=deleted.ended_at,
        elapsed_seconds=deleted.elapsed_seconds,
        updated_at=deleted.updated_at,
        public_summary=deleted.public_summary,
        is_verbal_update=deleted.is_verbal_update,
        agenda_text=deleted.agenda_text,
        minutes_withheld=deleted.minutes_withheld,
    )
    items = _ordered(session, deleted.meeting_id)
    session.add(item)
    kinds = deleted.paper_kinds or (None,) * len(deleted.papers)
    for (position, name, size, restricted, file_name, content), kind in zip(
        deleted.papers, kinds, strict=True
    ):
        item.papers.append(
            Paper(
                position=position,
                name=name,
                kind=kind,
                size_bytes=size,
                is_restricted=restricted,
                file_name=file_name,
                content=content,
            )
        )
    for position, text in deleted.decisions:
        item.decisions.append(Decision(position=position, text=text))
    items.insert(min(max(deleted.position, 1), len(items) + 1) - 1, item)
    _renumber(items)
    session.flush()
    session.expire(meeting, ["items"])
    linked = {model.__name__: model for model, _ in _links()}
    for model_name, column, ids in deleted.links:
        model = linked[model_name]
        session.execute(
            update(model)
            .where(model.id.in_(ids))  # type: ignore[attr-defined]
            .values({column: item.id})
            .execution_options(synchronize_session=False)
        )
    session.expire_all()
    meeting.updated_at = clock.now()
    session.flush()
    return item.id


# --- the live clock ---------------------------------------------------------------------


def _running_items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem).where(
                AgendaItem.meeting_id == meeting_id,
                AgendaItem.started_at.is_not(None),
                AgendaItem.ended_at.is_(None),
            )
        )
    )


def _stop(item: AgendaItem, now: dt.datetime) -> None:
    if item.started_at is not None and item.ended_at is None:
        item.ended_at = max(now, item.started_at)


def _start(item: AgendaItem, now: dt.datetime) -> None:
    if item.started_at is not None and item.ended_at is None:
        return  # already running
    if item.started_at is not None and item.ended_at is not None:
        # Restarting: bank the last stretch so elapsed keeps counting from where it was.
        item.elapsed_seconds += max(0, int((item.ended_at - item.started_at).total_seconds()))
    item.started_at = now
    item.ended_at = None


def _open_meeting(meeting: Meeting, now: dt.datetime) -> None:
    if meeting.started_at is None:
        meeting.started_at = now
    meeting.ended_at = None
    if meeting.status in (MeetingStatus.DRAFT, MeetingStatus.AGENDA_ISSUED):
        meeting.status = MeetingStatus.IN_PROGRESS
        meeting.status_recorded = True
    meeting.updated_at = now


def start_item(session: Session, item_id: int, clock: Clock) -> None:
    """Start (or resume) one item's clock, stopping any other item that is running."""
    item = get_agenda_item(session, item_id)
    meeting = item.meeting
    _check_editable(meeting)
    now = clock.now()
    for other in _running_items(session, meeting.id):
        if other.id != item_id:
            _stop(other, now)
    _open_meeting(meeting, now)
    _start(item, now)
    session.flush()


def stop_item(session: Session, item_id: int, clock: Clock) -> None:
    item = get_agenda_item(session, item_id)
    _check_editable(item.meeting)
    _stop(item, clock.now())
    session.flush()


def start_meeting(session: Session, meeting_id: int, clock: Clock) -> int | None:
    """Open the meeting and start the current item's clock; the item's id.

    The current item is the one running, else the first not yet finished, else the first.
    """
    meeting = get_meeting(session, meeting_id)
    _check_editable(meeting)
    items = _ordered(session, meeting_id)
    now = clock.now()
    _open_meeting(meeting, now)
    if not items:
        session.flush()
        return None
    running = [i for i in items if i.started_at is not None and i.ended_at is None]
    current = running[0] if running else next((i for i in items if i.started_at is None), items[0])
    _start(current, now)
    session.flush()
    return current.id


def end_meeting(session: Session, meeting_id: int, clock: Clock) -> None:
    """Stop the running item and close the meeting's clock."""
    meeting = get_meeting(session, meeting_id)
    _check_editable(meeting)
    now = clock.now()
    for item in _running_items(session, meeting_id):
        _stop(item, now)
    if meeting.started_at is None:
        meeting.started_at = now
    meeting.ended_at = now
    if meeting.status is MeetingStatus.IN_PROGRESS:
        meeting.status = MeetingStatus.MINUTES_DRAFTED
        meeting.status_recorded = True
    meeting.updated_at = now
    session.flush()


def _step(
    session: Session, meeting_id: int, clock: Clock, delta: int, from_item_id: int | None
) -> int | None:
    meeting = get_meeting(session, meeting_id)
    _check_editable(meeting)
    items = _ordered(session, meeting_id)
    if not items:
        return None
    now = clock.now()
    running = [i for i in items if i.started_at is not None and i.ended_at is None]
    ids = [i.id for i in items]
    if running:
        index = ids.index(running[0].id)
    elif from_item_id in ids:
        index = ids.index(from_item_id)
    else:
        index = -1 if delta > 0 else len(items)
    target = min(max(index + delta, 0), len(items) - 1)
    for item in running:
        _stop(item, now)
    _open_meeting(meeting, now)
    _start(items[target], now)
    session.flush()
    return items[target].id


def next_item(
    session: Session, meeting_id: int, clock: Clock, *, from_item_id: int | None = None
) -> int | None:
    """Stop the running item and start the next one; the id of the item now running.

    With no item running, moves on from `from_item_id` (the item the user is looking at).
    At the last item, the last item keeps running.
    """
    return _step(session, meeting_id, clock, +1, from_item_id)


def previous_item(
    session: Session, meeting_id: int, clock: Clock, *, from_item_id: int | None = None
) -> int | None:
    """Stop the running item and resume the one before it; the id of the item now running."""
    return _step(session, meeting_id, clock, -1, from_item_id)


# --- minutes ------------------------------------------------------------------------------


def save_item_minutes(
    session: Session,
    item_id: int,
    text: str,
    clock: Clock,
    *,
    sync_actions: bool = True,
    expected_version: int | None = None,
    read_text: str | None = None,
) -> ActionSync | None:
    """Save an item's minutes and, unless told not to, sync its ACTION lines to records.

    One transaction for both, so a line and its action are never out of step on disk.
    Returns the sync (None when actions were not synced). With
    `expected_version`/`read_text`, refused if someone else changed the minutes since
    (`minutes.save_minutes`).
    """
    save_minutes(
        session, item_id, text, clock, expected_version=expected_version, read_text=read_text
    )
    if not sync_actions:
        return None
    # Imported here: the ACTION grammar and sync are not needed to show a meeting.
    from csp_desktop.services.actions import sync_item_actions

    return sync_item_actions(session, item_id, clock)


def richest_meeting_id(session: Session) -> int | None:
    """The meeting with the most agenda items plus actions: the best one to show off."""
    items = (
        select(AgendaItem.meeting_id.label("meeting_id"), func.count(AgendaItem.id).label("n"))
        .group_by(AgendaItem.meeting_id)
        .subquery()
    )
    raised = (
        select(
            models.Action.raised_at_meeting_id.label("meeting_id"),
            func.count(models.Action.id).label("n"),
        )
        .group_by(models.Action.raised_at_meeting_id)
        .subquery()
    )
    score = func.coalesce(items.c.n, 0) + func.coalesce(raised.c.n, 0)
    return session.scalar(
        select(Meeting.id)
        .outerjoin(items, items.c.meeting_id == Meeting.id)
        .outerjoin(raised, raised.c.meeting_id == Meeting.id)
        .order_by(score.desc(), Meeting.date.desc(), Meeting.id.desc())
        .limit(1)
    )


# --- what the Agenda tab needs to know about its meeting ----------------------------------


@dataclass(frozen=True)
class MeetingHeader:
    id: int
    body_id: int
    body_name: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    venue: str | None
    title: str | None
    status: MeetingStatus
    approved_on: dt.date | None

    @property
    def is_locked(self) -> bool:
        return self.status.is_locked


def meeting_header(session: Session, meeting_id: int) -> MeetingHeader:
    meetings, bodies = meeting_table.c, body_table.c
    body_name = select(bodies.name).where(bodies.id == meetings.body_id).scalar_subquery()
    found = meeting_values(
        session,
        meeting_id,
        meetings.id,
        meetings.body_id,
        body_name.label("body_name"),
        meetings.date,
        meetings.start_time,
        meetings.end_time,
        meetings.venue,
        meetings.title,
        meetings.status,
        meetings.approved_on,
    )
    return MeetingHeader(**found._asdict())


def owner_names(session: Session, meeting_id: int) -> list[str]:
    """Names to offer after `ACTION:`: this meeting's attendees, then everyone on record.

    Names are given without titles ("Syed Ghani"): the action parser matches them with
    or without a title, and they are quicker to type and pick.
    """
    # Plain name columns on the tables (services/meetings.py says why), not Person
    # objects: this runs on every meeting switch, and building an object per person on
    # record grew with the archive (500 people: 40 ms).
    people, attendance = Person.__table__.c, models.Attendance.__table__
    order = (func.lower(people.first_name), func.lower(people.last_name))
    attendees = session.execute(
        select(people.first_name, people.last_name)
        .join(attendance, attendance.c.person_id == people.id)
        .where(attendance.c.meeting_id == meeting_id)
        .order_by(*order)
    ).all()
    everyone = session.execute(select(people.first_name, people.last_name).order_by(*order)).all()
    names: dict[str, str] = {}
    for first, last in [*attendees, *everyone]:
        name = joined_name(first, last)  # as Person.name
        names.setdefault(name.casefold(), name)
    return [n for n in names.values() if n]


@dataclass(frozen=True)
class MeetingSuggestion:
    """What the "New meeting" form starts with for a body."""

    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    venue: str | None


def suggest_meeting(session: Session, body_id: int, today: dt.date) -> MeetingSuggestion:
    """The date of next meeting recorded at the body's last meeting, else the body's defaults.

    Times and venue come from that record when it gives them, else from the body.
    """
    body = session.get(Body, body_id)
    if body is None:
        raise NotFound(f"Body {body_id} does not exist.")
    last = session.scalar(
        select(Meeting)
        .where(Meeting.body_id == body_id, Meeting.next_date.is_not(None))
        .order_by(Meeting.date.desc(), Meeting.id.desc())
        .limit(1)
    )
    taken = set(session.scalars(select(Meeting.date).where(Meeting.body_id == body_id)))
    if last is not None and last.next_date is not None and last.next_date not in taken:
        return MeetingSuggestion(
            date=last.next_date,
            start_time=last.next_start_time or body.default_start,
            end_time=last.next_end_time or body.default_end,
            venue=last.next_venue or body.default_venue,
        )
    # Otherwise keep the body's rhythm: the last meeting plus the gap before it
    # (quarterly boards stay quarterly), never in the past.
    dates = sorted(taken, reverse=True)
    day = today
    if len(dates) >= 2 and (dates[0] - dates[1]).days > 0:
        day = dates[0] + (dates[0] - dates[1])
        while day < today or day in taken:
            day += dates[0] - dates[1]
    return MeetingSuggestion(
        date=day,
        start_time=body.default_start,
        end_time=body.default_end,
        venue=body.default_venue,
    )


def busiest_item_id(session: Session, meeting_id: int) -> int | None:
    """The item with the most ACTION lines (then the longest minutes): worth showing first."""
    from csp_desktop.services.action_parser import find_action_lines

    rows = session.execute(
        select(AgendaItem.id, AgendaItem.minutes_text).where(AgendaItem.meeting_id == meeting_id)
    ).all()
    if not rows:
        return None
    best = max(rows, key=lambda r: (len(find_action_lines(r[1] or "")), len(r[1] or "")))
    return int(best[0])
