"""Bring a meeting in from interchange JSON: bodies, people and records written as rows.

The meeting comes as the frozen records (`services.interchange_records`) that
`exports.interchange_reader.parse_document` reads from a checked file. Everything happens
in the caller's transaction and nothing is committed here, so a problem found
half-way (a meeting that already exists, an action reference taken by another meeting)
raises `UserError` and the caller's rollback leaves the database as it was.

Missing bodies, people and organisations are created through the people and bodies
services (names matched however they are written). The meeting itself is rebuilt
exactly as the file describes it (agenda, roster, actions), not from the body's standing
items, so exporting it again gives the same file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import UserError, ValidationError
from csp_desktop.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Body,
    BodyKind,
    Decision,
    Declaration,
    ForwardPlanEntry,
    Meeting,
    MeetingStatus,
    Paper,
    Person,
    Priority,
    SubgroupReport,
)
from csp_desktop.services.bodies import create_body
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.interchange_actions import add_raised_actions, add_reviews
from csp_desktop.services.interchange_records import (
    AttendanceRecord,
    BodyRecord,
    BodyRef,
    InterchangeMeeting,
    ItemRecord,
    PlanEntryRecord,
    PriorityRecord,
    ReportRecord,
)
from csp_desktop.services.people import PeopleIndex, find_or_create_person


class _People:
    """Find-or-create each name once per import, so one person is one row."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[str, Person] = {}
        self.index = PeopleIndex(session)  # everyone read once per import, not per name

    def get(self, name: str, organisation: str | None = None) -> Person:
        key = " ".join(name.casefold().split())
        person = self.cache.get(key)
        if person is None or (organisation and person.organisation is None):
            person = find_or_create_person(
                self.session, name, organisation=organisation, index=self.index
            )
            self.cache[key] = person
        return person


def _derive_short_name(session: Session, name: str) -> str:
    """Initials of the name ("Community Safety Partnership Board" -> "CSPB"), made unique;
    a one-word name is its own short name ("IVOLT", never "I")."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    initials = "".join(word[0] for word in words).upper() or "BODY"
    letters = words[0] if len(words) == 1 else initials
    taken = {short.casefold() for short in session.scalars(select(Body.short_name))}
    candidate, counter = letters, 2
    while candidate.casefold() in taken:
        candidate, counter = f"{letters}{counter}", counter + 1
    return candidate


def _find_body(session: Session, name: str, short_name: str | None) -> Body | None:
    bodies = list(session.scalars(select(Body).order_by(Body.id)))
    for body in bodies:
        if body.name.casefold() == name.casefold():
            return body
    if short_name:
        for body in bodies:
            if body.short_name.casefold() == short_name.casefold():
                return body
    return None


def _only_named(
    name: str, short_name: str | None, kind: BodyKind | None, chair: str | None = None
) -> BodyRecord:
    """A body the file names with few details (a parent, a subgroup)."""
    return BodyRecord(
        name=name,
        short_name=short_name,
        kind=kind,
        quorum=None,
        parent=None,
        chair=chair,
        minutes_show_timings=None,
        minutes_show_organisations=None,
    )


def _parent(ref: BodyRef) -> BodyRecord:
    return _only_named(ref.name, ref.short_name, ref.kind)


def _find_or_create_body(
    session: Session,
    spec: BodyRecord,
    *,
    default_kind: BodyKind,
    parent: Body | None = None,
) -> Body:
    existing = _find_body(session, spec.name, spec.short_name)
    if existing is not None:
        _apply_body_details(existing, spec)
        return existing
    if parent is None and spec.parent is not None:
        parent = _find_or_create_body(session, _parent(spec.parent), default_kind=BodyKind.BOARD)
    given = spec.short_name
    short_name = given or _derive_short_name(session, spec.name)
    body = create_body(
        session,
        spec.name,
        short_name,
        spec.kind or default_kind,
        parent=parent,
        quorum=spec.quorum,
    )
    body.short_name_derived = not given
    _apply_body_details(body, spec)
    return body


def _apply_body_details(body: Body, spec: BodyRecord) -> None:
    """Chair and minutes settings from the file; a value already recorded is kept."""
    if spec.chair and not body.chair:
        body.chair = spec.chair
    if spec.minutes_show_timings is not None:
        body.minutes_show_timings = spec.minutes_show_timings
    if spec.minutes_show_organisations is not None:
        body.minutes_show_organisations = spec.minutes_show_organisations


def _priority(session: Session, spec: PriorityRecord) -> Priority:
    priority = session.scalar(
        select(Priority).where(Priority.plan == spec.plan, Priority.number == spec.number)
    )
    if priority is None:
        priority = Priority(plan=spec.plan, number=spec.number, title=spec.title)
        session.add(priority)
        session.flush()
    return priority


def import_meeting(
    session: Session, document: InterchangeMeeting, clock: Clock, *, as_new_meeting: bool = False
) -> Meeting:
    """Write the meeting `document` describes; return it (flushed, not committed).

    Args:
        as_new_meeting: the body really met twice that day; without it, a meeting on a
            day that already has approved minutes (or an approved meeting on a day that
            already has one) is refused, so the approved record cannot be shadowed.

    Raises:
        UserError: the body already has a meeting at that date and start time, or an
            action reference in the file belongs to another meeting already.
    """
    header = document.meeting
    body = _find_or_create_body(session, header.body, default_kind=BodyKind.BOARD)
    date = header.date
    start = header.start_time
    clash = session.scalar(
        select(Meeting).where(
            Meeting.body_id == body.id, Meeting.date == date, Meeting.start_time == start
        )
        if start is not None
        else select(Meeting).where(Meeting.body_id == body.id, Meeting.date == date)
    )
    if clash is None and not as_new_meeting:
        same_day = list(
            session.scalars(select(Meeting).where(Meeting.body_id == body.id, Meeting.date == date))
        )
        incoming_approved = header.status is MeetingStatus.APPROVED
        approved = [m for m in same_day if m.status is MeetingStatus.APPROVED]
        if approved or (same_day and incoming_approved):
            existing = (approved or same_day)[0]
            state = "approved minutes" if approved else "a meeting"
            raise UserError(
                f"{body.name} already has {state} for {uk_date(date)} (meeting {existing.id}); "
                "nothing was imported. If this really is a second meeting that day, import "
                "it with --as-new-meeting."
            )
    if clash is not None:
        at = f" at {start.strftime('%H:%M')}" if start else ""
        raise UserError(
            f"{body.name} already has a meeting on {uk_date(date)}{at} (meeting {clash.id}); "
            "nothing was imported."
        )
    people = _People(session)
    now = clock.now()
    meeting = Meeting(
        body=body,
        date=date,
        start_time=start,
        end_time=header.end_time,
        venue=header.venue,
        contact_officer=header.contact_officer,
        title=header.title,
        # Unknown (null) is stored as "draft", as the screens show it, and stays null on
        # export (a version 1 file's missing status was read as "draft").
        status=header.status or MeetingStatus.DRAFT,
        status_recorded=header.status is not None,
        approved_on=header.approved_on,
        started_at=header.started_at,
        ended_at=header.ended_at,
        notes=header.notes,
        created_at=now,
        updated_at=now,
    )
    next_meeting = document.next_meeting
    meeting.next_date = next_meeting.date
    meeting.next_start_time = next_meeting.start_time
    meeting.next_end_time = next_meeting.end_time
    meeting.next_venue = next_meeting.venue
    meeting.next_chair = next_meeting.chair
    session.add(meeting)

    items = _add_items(meeting, document.agenda_items, now)
    session.flush()
    _add_attendance(meeting, document.attendance, items, people)
    reports = _add_reports(session, meeting, document.subgroup_reports)
    session.flush()
    add_raised_actions(session, meeting, document.actions_raised, items, reports, people.get, clock)
    add_reviews(session, meeting, document.actions_reviewed, items, people.get, clock)
    meeting.last_action_number = _highest_action_number(meeting, document)
    for declaration in document.declarations:
        session.add(
            Declaration(
                meeting=meeting,
                person=people.get(declaration.person),
                agenda_item=items.get(declaration.item or ""),
                nature=declaration.nature,
                withdrew=declaration.withdrew,
            )
        )
    entries = _add_forward_plan(session, meeting, document.forward_plan, items)
    for amendment in document.amendments:
        item = items.get(amendment.item or "")
        session.add(
            Amendment(
                meeting_id=meeting.id,
                agenda_item_id=item.id if item else None,
                field=amendment.field,
                old_value=amendment.old_value or "",
                new_value=amendment.new_value or "",
                reason=amendment.reason or "",
                author=amendment.author,
                made_at=amendment.made_at,
            )
        )
    session.flush()
    _keep_unknowns(session, meeting, document, reports, entries)
    return meeting


def _keep_unknowns(
    session: Session,
    meeting: Meeting,
    document: InterchangeMeeting,
    reports: Mapping[str, SubgroupReport],
    plan: list[ForwardPlanEntry],
) -> None:
    """Write back the values the file leaves unknown (None).

    The ORM leaves a None out of an INSERT when the column has a default, so the default
    (member, "not provided", "planned") would stand in for "not known"; set them now.
    """
    attendance = sorted(meeting.attendance, key=lambda row: row.position)
    for row, listed in zip(attendance, document.attendance, strict=True):
        if listed.member is None:
            row.is_member = None
    for report in document.subgroup_reports:
        if report.status is None:
            reports[report.subgroup].status = None
    for entry, planned in zip(plan, document.forward_plan, strict=True):
        if planned.status is None:
            entry.status = None
    session.flush()


def _highest_action_number(meeting: Meeting, document: InterchangeMeeting) -> int:
    """The NN of this meeting's highest reference, so new actions never reuse a number."""
    prefix = f"{meeting.body.short_name}-{meeting.date.isoformat()}-"
    numbers = [
        int(reference[len(prefix) :])
        for action in document.actions_raised
        if (reference := action.core.reference or "").startswith(prefix)
        and reference[len(prefix) :].isdigit()
    ]
    return max([meeting.last_action_number or 0, *numbers])


def _add_items(
    meeting: Meeting, rows: Sequence[ItemRecord], now: dt.datetime
) -> dict[str, AgendaItem]:
    by_number: dict[str, AgendaItem] = {}
    for position, row in enumerate(rows, start=1):
        item = AgendaItem(
            position=position,
            number=row.number or "",
            title=row.title,
            kind=row.kind,
            presenter=row.presenter,
            minutes_allocated=row.minutes_allocated,
            is_restricted=row.restricted,
            public_summary=row.public_summary if row.restricted else None,
            is_verbal_update=row.verbal_update,
            agenda_text=row.agenda_text,
            minutes_text=row.minutes_text or "",
            # A null minute under a restricted item: withheld, not empty (version 2).
            minutes_withheld=row.minutes_text is None and row.restricted,
            started_at=row.started_at,
            ended_at=row.ended_at,
            elapsed_seconds=row.elapsed_seconds or 0,
            updated_at=now,
        )
        for index, text in enumerate(row.decisions):
            item.decisions.append(Decision(position=index, text=text))
        for index, paper in enumerate(row.papers):
            item.papers.append(
                Paper(
                    position=index,
                    name=paper.name,
                    kind=paper.kind,
                    size_bytes=paper.size_bytes,
                    is_restricted=paper.restricted,
                    file_name=paper.file_name,
                )
            )
        meeting.items.append(item)
        if item.number:
            by_number[item.number] = item
    return by_number


def _add_attendance(
    meeting: Meeting,
    rows: Sequence[AttendanceRecord],
    items: Mapping[str, AgendaItem],
    people: _People,
) -> None:
    for position, row in enumerate(rows, start=1):
        person = people.get(row.person, row.organisation)
        if any(existing.person is person for existing in meeting.attendance):
            raise ValidationError(
                f"attendance[{position - 1}].person: {row.person} is listed twice "
                "(the same person under two spellings)."
            )
        meeting.attendance.append(
            Attendance(
                person=person,
                status=row.status,
                is_member=row.member,
                role=row.role,
                substitute_for=people.get(row.substitute_for) if row.substitute_for else None,
                position=position,
                arrived_at=row.arrived_at,
                arrived_during_item=items.get(row.arrived_during_item or ""),
                left_at=row.left_at,
                left_during_item=items.get(row.left_during_item or ""),
            )
        )


def _add_reports(
    session: Session, meeting: Meeting, rows: Sequence[ReportRecord]
) -> dict[str, SubgroupReport]:
    reports: dict[str, SubgroupReport] = {}
    for position, row in enumerate(rows, start=1):
        subgroup = _find_or_create_body(
            session,
            _only_named(row.subgroup, row.subgroup_short_name, None, row.subgroup_chair),
            default_kind=BodyKind.SUBGROUP,
            parent=meeting.body,
        )
        report = SubgroupReport(
            subgroup=subgroup,
            status=row.status,
            author=row.author,
            summary=row.summary,
            rag=row.rag,
            position=position,
            priorities=[_priority(session, spec) for spec in row.priorities],
        )
        meeting.subgroup_reports.append(report)
        reports[row.subgroup] = report
    return reports


def _add_forward_plan(
    session: Session,
    meeting: Meeting,
    rows: Sequence[PlanEntryRecord],
    items: Mapping[str, AgendaItem],
) -> list[ForwardPlanEntry]:
    entries: list[ForwardPlanEntry] = []
    for row in rows:
        item = items.get(row.item or "")
        raised_under = items.get(row.raised_under_item or "")
        entry = ForwardPlanEntry(
            body_id=meeting.body_id,
            title=row.title,
            presenter=row.presenter,
            status=row.status,
            raised_at_meeting_id=meeting.id if row.raised_here else None,
            target_meeting_id=meeting.id if row.aimed_here else None,
            target_month=row.target_month,
            agenda_item_id=item.id if item else None,
            raised_at_item_id=raised_under.id if raised_under else None,
            minutes_allocated=row.minutes_allocated,
            is_restricted=row.restricted,
            notes=row.notes or "",
        )
        session.add(entry)
        entries.append(entry)
    return entries
