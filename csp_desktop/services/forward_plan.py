"""A body's forward plan: future agenda items it has asked for, and their deferrals.

An entry aims at a fixed meeting or, until one is fixed, at a month. Putting it on a
meeting's agenda (`schedule_entry`) adds a topical item and links the two; deferring an
entry that was already scheduled takes its untouched item off that agenda again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import NotFound, ValidationError
from csp_desktop.models import AgendaItem, Body, ForwardPlanEntry, ForwardPlanStatus, Meeting
from csp_desktop.services import agenda
from csp_desktop.text_rules import clean_stored_text, stored_form


@dataclass(frozen=True)
class ForwardPlanRow:
    id: int
    body_id: int
    title: str
    presenter: str | None
    target_meeting_id: int | None
    target_meeting_date: dt.date | None
    target_month: dt.date | None
    status: ForwardPlanStatus | None  # None: not known (an imported plan)
    minutes_allocated: int | None
    is_restricted: bool
    notes: str
    raised_at_meeting_id: int | None
    agenda_item_id: int | None

    @property
    def target_label(self) -> str:
        """When it is due, in words: "Wednesday 7 December 2022", "March 2023", "Not set"."""
        if self.target_meeting_date is not None:
            return uk_date(self.target_meeting_date)
        if self.target_month is not None:
            return self.target_month.strftime("%B %Y")
        return "Not set"


@dataclass(frozen=True)
class EntrySpec:
    """What a user edits about an entry."""

    title: str
    presenter: str | None = None
    target_meeting_id: int | None = None
    target_month: dt.date | None = None
    minutes_allocated: int | None = None
    is_restricted: bool = False
    notes: str = ""


def uk_date(day: dt.date) -> str:
    """ "Wednesday 5 October 2022"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _entry(session: Session, entry_id: int) -> ForwardPlanEntry:
    entry = session.get(ForwardPlanEntry, entry_id)
    if entry is None:
        raise NotFound(f"Forward plan entry {entry_id} does not exist; it may have been deleted.")
    return entry


def _row(entry: ForwardPlanEntry) -> ForwardPlanRow:
    return ForwardPlanRow(
        id=entry.id,
        body_id=entry.body_id,
        title=entry.title,
        presenter=entry.presenter,
        target_meeting_id=entry.target_meeting_id,
        target_meeting_date=entry.target_meeting.date if entry.target_meeting else None,
        target_month=entry.target_month,
        status=entry.status,
        minutes_allocated=entry.minutes_allocated,
        is_restricted=entry.is_restricted,
        notes=entry.notes,
        raised_at_meeting_id=entry.raised_at_meeting_id,
        agenda_item_id=entry.agenda_item_id,
    )


def _sort_key(row: ForwardPlanRow) -> tuple[int, dt.date, str]:
    # Done entries last; then by when they are due; undated ones after dated ones.
    when = row.target_meeting_date or row.target_month or dt.date.max
    closed = row.status in (ForwardPlanStatus.DONE, ForwardPlanStatus.REMOVED)
    return (closed, when, row.title.casefold())


def list_entries(
    session: Session, body_id: int, *, include_done: bool = True
) -> list[ForwardPlanRow]:
    """The body's forward plan, soonest first, done entries last."""
    query = select(ForwardPlanEntry).where(ForwardPlanEntry.body_id == body_id)
    if not include_done:
        # An unknown status (NULL) is not done: `!=` alone would leave it out.
        query = query.where(
            or_(
                ForwardPlanEntry.status.is_(None),
                ForwardPlanEntry.status.not_in([ForwardPlanStatus.DONE, ForwardPlanStatus.REMOVED]),
            )
        )
    return sorted((_row(e) for e in session.scalars(query)), key=_sort_key)


def get_entry(session: Session, entry_id: int) -> ForwardPlanRow:
    return _row(_entry(session, entry_id))


def _clean(session: Session, body_id: int, spec: EntrySpec) -> EntrySpec:
    title = " ".join(clean_stored_text(spec.title).split())
    if not title:
        raise ValidationError("A forward plan entry needs a title.")
    if spec.minutes_allocated is not None and spec.minutes_allocated < 0:
        raise ValidationError("The time allocated to an item cannot be negative.")
    if spec.target_meeting_id is not None:
        meeting = session.get(Meeting, spec.target_meeting_id)
        if meeting is None:
            raise NotFound(f"Meeting {spec.target_meeting_id} does not exist.")
        if meeting.body_id != body_id:
            raise ValidationError(
                "A forward plan entry can only be aimed at a meeting of the same body."
            )
    month = spec.target_month.replace(day=1) if spec.target_month else None
    return EntrySpec(
        title=title,
        presenter=" ".join(clean_stored_text(spec.presenter or "").split()) or None,
        target_meeting_id=spec.target_meeting_id,
        target_month=month,
        minutes_allocated=spec.minutes_allocated or None,
        is_restricted=spec.is_restricted,
        notes=stored_form(spec.notes),
    )


def add_entry(
    session: Session,
    body_id: int,
    spec: EntrySpec,
    *,
    raised_at_meeting_id: int | None = None,
    entry_id: int | None = None,
) -> int:
    """Add an entry to the body's forward plan; its id.

    `entry_id` puts a deleted entry back under its old id (undo), so the steps around
    it on the undo stack, which name that id, still find it.
    """
    if session.get(Body, body_id) is None:
        raise NotFound(f"Body {body_id} does not exist.")
    if entry_id is not None and session.get(ForwardPlanEntry, entry_id) is not None:
        raise ValidationError(f"Forward plan entry {entry_id} already exists.")
    spec = _clean(session, body_id, spec)
    entry = ForwardPlanEntry(
        id=entry_id,
        body_id=body_id,
        title=spec.title,
        presenter=spec.presenter,
        target_meeting_id=spec.target_meeting_id,
        target_month=spec.target_month,
        minutes_allocated=spec.minutes_allocated,
        is_restricted=spec.is_restricted,
        notes=spec.notes,
        raised_at_meeting_id=raised_at_meeting_id,
        status=ForwardPlanStatus.PLANNED,
    )
    session.add(entry)
    session.flush()
    return entry.id


def edit_entry(session: Session, entry_id: int, spec: EntrySpec) -> None:
    entry = _entry(session, entry_id)
    spec = _clean(session, entry.body_id, spec)
    entry.title = spec.title
    entry.presenter = spec.presenter
    entry.target_meeting_id = spec.target_meeting_id
    entry.target_month = spec.target_month
    entry.minutes_allocated = spec.minutes_allocated
    entry.is_restricted = spec.is_restricted
    entry.notes = spec.notes
    session.flush()


def entry_spec(session: Session, entry_id: int) -> EntrySpec:
    entry = _entry(session, entry_id)
    return EntrySpec(
        title=entry.title,
        presenter=entry.presenter,
        target_meeting_id=entry.target_meeting_id,
        target_month=entry.target_month,
        minutes_allocated=entry.minutes_allocated,
        is_restricted=entry.is_restricted,
        notes=entry.notes,
    )


def _unschedule(session: Session, entry: ForwardPlanEntry, clock: Clock) -> None:
    """Take the entry's item off its agenda if nothing has been written against it."""
    if entry.agenda_item_id is None:
        return
    item = session.get(AgendaItem, entry.agenda_item_id)
    entry.agenda_item_id = None
    if item is None or item.meeting.is_locked:
        return
    if not item.minutes_text.strip() and item.started_at is None:
        agenda.delete_item(session, item.id, clock)


def defer_entry(
    session: Session,
    entry_id: int,
    clock: Clock,
    *,
    to_meeting_id: int | None = None,
    to_month: dt.date | None = None,
    reason: str = "",
) -> None:
    """Move an entry to a later meeting or month, noting when and why in its notes."""
    entry = _entry(session, entry_id)
    if to_meeting_id is None and to_month is None:
        raise ValidationError("Say which meeting or month the item is deferred to.")
    old_label = _row(entry).target_label
    spec = _clean(
        session,
        entry.body_id,
        EntrySpec(title=entry.title, target_meeting_id=to_meeting_id, target_month=to_month),
    )
    _unschedule(session, entry, clock)
    entry.target_meeting_id = spec.target_meeting_id
    entry.target_month = spec.target_month
    entry.status = ForwardPlanStatus.DEFERRED
    session.flush()
    session.refresh(entry)
    new_label = _row(entry).target_label
    note = f"{clock.today():%d/%m/%Y}: deferred from {old_label} to {new_label}"
    if reason.strip():
        note += f" ({reason.strip()})"
    entry.notes = f"{entry.notes}\n{note}".strip()
    session.flush()


def set_status(session: Session, entry_id: int, status: ForwardPlanStatus) -> None:
    entry = _entry(session, entry_id)
    entry.status = status
    session.flush()


def delete_entry(session: Session, entry_id: int) -> EntrySpec:
    """Delete an entry; returns its fields so an undo can add it back."""
    entry = _entry(session, entry_id)
    spec = entry_spec(session, entry_id)
    session.delete(entry)
    session.flush()
    return spec


def schedule_entry(session: Session, entry_id: int, meeting_id: int, clock: Clock) -> int:
    """Put an entry on a meeting's agenda as a topical item; the new item's id."""
    entry = _entry(session, entry_id)
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"Meeting {meeting_id} does not exist.")
    if meeting.body_id != entry.body_id:
        raise ValidationError("A forward plan entry can only go on a meeting of the same body.")
    if (
        entry.agenda_item_id is not None
        and session.get(AgendaItem, entry.agenda_item_id) is not None
    ):
        raise ValidationError(f"“{entry.title}” is already on an agenda.")
    item_id = agenda.add_item(
        session,
        meeting_id,
        agenda.ItemSpec(
            title=entry.title,
            presenter=entry.presenter,
            minutes_allocated=entry.minutes_allocated,
            is_restricted=entry.is_restricted,
        ),
        clock,
    )
    entry.agenda_item_id = item_id
    entry.target_meeting_id = meeting_id
    entry.status = ForwardPlanStatus.SCHEDULED
    session.flush()
    return item_id
