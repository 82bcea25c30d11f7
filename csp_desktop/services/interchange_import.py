"""Bring a meeting in from interchange JSON: bodies, people and records written as rows.

The document must already be validated (`exports.interchange_reader.parse_document`). Everything
happens in the caller's transaction and nothing is committed here, so a problem found
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
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import UserError, ValidationError
from csp_desktop.models import (
    Action,
    ActionOwner,
    ActionReview,
    ActionStatus,
    ActionUpdate,
    ActionUpdateSource,
    AgendaItem,
    Amendment,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Body,
    BodyKind,
    Decision,
    Declaration,
    ForwardPlanEntry,
    ForwardPlanStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Paper,
    Person,
    Priority,
    Rag,
    ReportStatus,
    SubgroupReport,
)
from csp_desktop.services.bodies import create_body
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.people import PeopleIndex, find_or_create_person

Document = Mapping[str, Any]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _status(value: str | None) -> ActionStatus | None:
    return ActionStatus(value) if value else None


def _month(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value + "-01") if value else None


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


def _keeps_nulls(document: Document) -> bool:
    """Version 2 files say "not known" with null; version 1 files meant the old defaults."""
    return bool(document.get("version", 1) >= 2)


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


def _find_or_create_body(
    session: Session,
    spec: Mapping[str, Any],
    *,
    default_kind: BodyKind,
    parent: Body | None = None,
) -> Body:
    existing = _find_body(session, spec["name"], spec.get("short_name"))
    if existing is not None:
        _apply_body_details(existing, spec)
        return existing
    if parent is None and spec.get("parent"):
        parent = _find_or_create_body(session, spec["parent"], default_kind=BodyKind.BOARD)
    kind = BodyKind(spec["kind"]) if spec.get("kind") else default_kind
    given = spec.get("short_name")
    short_name = given or _derive_short_name(session, spec["name"])
    body = create_body(
        session,
        spec["name"],
        short_name,
        kind,
        parent=parent,
        quorum=spec.get("quorum"),
    )
    body.short_name_derived = not given
    _apply_body_details(body, spec)
    return body


def _apply_body_details(body: Body, spec: Mapping[str, Any]) -> None:
    """Chair and minutes settings from the file; a value already recorded is kept."""
    if spec.get("chair") and not body.chair:
        body.chair = spec["chair"]
    for key in ("minutes_show_timings", "minutes_show_organisations"):
        if spec.get(key) is not None:
            setattr(body, key, spec[key])


def _priority(session: Session, spec: Mapping[str, Any]) -> Priority:
    priority = session.scalar(
        select(Priority).where(Priority.plan == spec["plan"], Priority.number == spec["number"])
    )
    if priority is None:
        priority = Priority(plan=spec["plan"], number=spec["number"], title=spec["title"])
        session.add(priority)
        session.flush()
    return priority


def import_meeting(
    session: Session, document: Document, clock: Clock, *, as_new_meeting: bool = False
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
    header = document["meeting"]
    body = _find_or_create_body(session, header["body"], default_kind=BodyKind.BOARD)
    date = dt.date.fromisoformat(header["date"])
    start = _time(header.get("start_time"))
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
        incoming_approved = header.get("status") == MeetingStatus.APPROVED.value
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
        end_time=_time(header.get("end_time")),
        venue=header.get("venue"),
        contact_officer=header.get("contact_officer"),
        title=header.get("title"),
        status=MeetingStatus(header.get("status") or MeetingStatus.DRAFT.value),
        # A version 2 null stays null on export; version 1 meant "draft".
        status_recorded=bool(header.get("status")) or not _keeps_nulls(document),
        approved_on=_date(header.get("approved_on")),
        started_at=_datetime(header.get("started_at")),
        ended_at=_datetime(header.get("ended_at")),
        notes=header.get("notes"),
        created_at=now,
        updated_at=now,
    )
    next_meeting = document.get("next_meeting") or {}
    meeting.next_date = _date(next_meeting.get("date"))
    meeting.next_start_time = _time(next_meeting.get("start_time"))
    meeting.next_end_time = _time(next_meeting.get("end_time"))
    meeting.next_venue = next_meeting.get("venue")
    meeting.next_chair = next_meeting.get("chair")
    session.add(meeting)

    keeps_nulls = _keeps_nulls(document)
    items = _add_items(meeting, document.get("agenda_items") or [], now)
    session.flush()
    _add_attendance(meeting, document.get("attendance") or [], items, people, keeps_nulls)
    reports = _add_reports(session, meeting, document.get("subgroup_reports") or [], keeps_nulls)
    session.flush()
    _add_raised_actions(
        session, meeting, document.get("actions_raised") or [], items, reports, people, clock
    )
    _add_reviews(session, meeting, document.get("actions_reviewed") or [], items, people, clock)
    meeting.last_action_number = _highest_action_number(meeting, document)
    for row in document.get("declarations") or []:
        session.add(
            Declaration(
                meeting=meeting,
                person=people.get(row["person"]),
                agenda_item=items.get(row.get("item") or ""),
                nature=row.get("nature") or "",
                withdrew=bool(row.get("withdrew")),
            )
        )
    plan = _add_forward_plan(
        session, meeting, document.get("forward_plan") or [], items, keeps_nulls
    )
    for row in document.get("amendments") or []:
        item = items.get(row.get("item") or "")
        session.add(
            Amendment(
                meeting_id=meeting.id,
                agenda_item_id=item.id if item else None,
                field=row["field"],
                old_value=row.get("old_value") or "",
                new_value=row.get("new_value") or "",
                reason=row.get("reason") or "",
                author=row["author"],
                made_at=dt.datetime.fromisoformat(row["made_at"]),
            )
        )
    session.flush()
    if keeps_nulls:
        _keep_unknowns(session, meeting, document, reports, plan)
    return meeting


def _keep_unknowns(
    session: Session,
    meeting: Meeting,
    document: Document,
    reports: Mapping[str, SubgroupReport],
    plan: list[ForwardPlanEntry],
) -> None:
    """Write back the values the file leaves unknown (null).

    The ORM leaves a None out of an INSERT when the column has a default, so the default
    (member, "not provided", "planned") would stand in for "not known"; set them now.
    """
    attendance = sorted(meeting.attendance, key=lambda row: row.position)
    for row, spec in zip(attendance, document.get("attendance") or [], strict=True):
        if spec.get("member") is None:
            row.is_member = None
    for spec in document.get("subgroup_reports") or []:
        if not spec.get("status"):
            reports[spec["subgroup"]].status = None
    for entry, spec in zip(plan, document.get("forward_plan") or [], strict=True):
        if not spec.get("status"):
            entry.status = None
    session.flush()


def _highest_action_number(meeting: Meeting, document: Document) -> int:
    """The NN of this meeting's highest reference, so new actions never reuse a number."""
    prefix = f"{meeting.body.short_name}-{meeting.date.isoformat()}-"
    numbers = [
        int(reference[len(prefix) :])
        for row in document.get("actions_raised") or []
        if (reference := row.get("reference") or "").startswith(prefix)
        and reference[len(prefix) :].isdigit()
    ]
    return max([meeting.last_action_number or 0, *numbers])


def _add_items(
    meeting: Meeting, rows: list[Mapping[str, Any]], now: dt.datetime
) -> dict[str, AgendaItem]:
    by_number: dict[str, AgendaItem] = {}
    for position, row in enumerate(rows, start=1):
        item = AgendaItem(
            position=position,
            number=row.get("number") or "",
            title=row["title"],
            kind=ItemKind(row.get("kind") or ItemKind.TOPICAL.value),
            presenter=row.get("presenter"),
            minutes_allocated=row.get("minutes_allocated"),
            is_restricted=bool(row.get("restricted")),
            public_summary=row.get("public_summary") if row.get("restricted") else None,
            is_verbal_update=bool(row.get("verbal_update")),
            agenda_text=row.get("agenda_text"),
            minutes_text=row.get("minutes_text") or "",
            # A null minute under a restricted item: withheld, not empty (version 2).
            minutes_withheld=(
                "minutes_text" in row
                and row["minutes_text"] is None
                and bool(row.get("restricted"))
            ),
            started_at=_datetime(row.get("started_at")),
            ended_at=_datetime(row.get("ended_at")),
            elapsed_seconds=row.get("elapsed_seconds") or 0,
            updated_at=now,
        )
        for index, text in enumerate(row.get("decisions") or []):
            item.decisions.append(Decision(position=index, text=text))
        for index, paper in enumerate(row.get("papers") or []):
            item.papers.append(
                Paper(
                    position=index,
                    name=paper.get("name"),
                    kind=paper.get("kind"),
                    size_bytes=paper.get("size_bytes"),
                    is_restricted=bool(paper.get("restricted")),
                    file_name=paper.get("file_name"),
                )
            )
        meeting.items.append(item)
        if item.number:
            by_number[item.number] = item
    return by_number


def _add_attendance(
    meeting: Meeting,
    rows: list[Mapping[str, Any]],
    items: Mapping[str, AgendaItem],
    people: _People,
    keeps_nulls: bool = False,
) -> None:
    for position, row in enumerate(rows, start=1):
        person = people.get(row["person"], row.get("organisation"))
        if any(existing.person is person for existing in meeting.attendance):
            raise ValidationError(
                f"attendance[{position - 1}].person: {row['person']} is listed twice "
                "(the same person under two spellings)."
            )
        status = AttendanceStatus(row["status"])
        member = row.get("member")
        if member is None and not keeps_nulls:
            member = status is not AttendanceStatus.ADDITIONAL
        meeting.attendance.append(
            Attendance(
                person=person,
                status=status,
                is_member=member,
                role=AttendanceRole(row["role"]) if row.get("role") else None,
                substitute_for=(
                    people.get(row["substitute_for"]) if row.get("substitute_for") else None
                ),
                position=position,
                arrived_at=_datetime(row.get("arrived_at")),
                arrived_during_item=items.get(row.get("arrived_during_item") or ""),
                left_at=_datetime(row.get("left_at")),
                left_during_item=items.get(row.get("left_during_item") or ""),
            )
        )


def _add_reports(
    session: Session, meeting: Meeting, rows: list[Mapping[str, Any]], keeps_nulls: bool = False
) -> dict[str, SubgroupReport]:
    reports: dict[str, SubgroupReport] = {}
    for position, row in enumerate(rows, start=1):
        subgroup = _find_or_create_body(
            session,
            {
                "name": row["subgroup"],
                "short_name": row.get("subgroup_short_name"),
                "chair": row.get("subgroup_chair"),
            },
            default_kind=BodyKind.SUBGROUP,
            parent=meeting.body,
        )
        report = SubgroupReport(
            subgroup=subgroup,
            status=(
                ReportStatus(row["status"])
                if row.get("status")
                else (None if keeps_nulls else ReportStatus.NOT_PROVIDED)
            ),
            author=row.get("author"),
            summary=row.get("summary") or "",
            rag=Rag(row["rag"]) if row.get("rag") else None,
            position=position,
            priorities=[_priority(session, spec) for spec in row.get("priorities") or []],
        )
        meeting.subgroup_reports.append(report)
        reports[row["subgroup"]] = report
    return reports


def _owners(action: Action, rows: Mapping[str, Any], people: _People) -> None:
    action.owner_links.clear()
    seen: set[int] = set()
    for name in rows.get("owners") or []:
        person = people.get(name)
        if person.id in seen:
            continue  # two spellings of one person: own the action once
        seen.add(person.id)
        action.owner_links.append(ActionOwner(person=person, position=len(seen) - 1))
    action.other_owners = rows.get("other_owners")
    unmatched = rows.get("unmatched_owners") or []
    action.unmatched_owners = "; ".join(unmatched) if unmatched else None


def _existing_action(session: Session, reference: str) -> Action | None:
    return session.scalar(select(Action).where(Action.reference == reference))


def _new_reference(session: Session, meeting: Meeting) -> str:
    # Imported lazily: the reference rule belongs to the actions service.
    from csp_desktop.services.actions import next_reference

    return next_reference(session, meeting)


def _add_raised_actions(
    session: Session,
    meeting: Meeting,
    rows: list[Mapping[str, Any]],
    items: Mapping[str, AgendaItem],
    reports: Mapping[str, SubgroupReport],
    people: _People,
    clock: Clock,
) -> None:
    now = clock.now()
    for index, row in enumerate(rows):
        reference = row.get("reference") or _new_reference(session, meeting)
        action = _existing_action(session, reference)
        if action is not None and action.raised_at_meeting_id is not None:
            raise UserError(
                f"actions_raised[{index}].reference: action {reference} already belongs to "
                f"another meeting in this database; nothing was imported."
            )
        reviewed_status: ActionStatus | None = None
        reviewed_completed_on: dt.date | None = None
        if action is None:
            action = Action(reference=reference, body=meeting.body, created_at=now)
            session.add(action)
        else:
            # A placeholder made when a later meeting's review was imported first is
            # adopted, so the action keeps one record and one reference; what that later
            # review found (e.g. completed) still stands.
            reviewed_status, reviewed_completed_on = action.status, action.completed_on
        item = items.get(row.get("item") or "")
        report = reports.get(row.get("subgroup_report") or "")
        action.body = meeting.body
        action.raised_at_meeting_id = meeting.id
        action.raised_at_item = item
        action.subgroup_report_id = report.id if report else None
        action.text = row["text"]
        action.due_date = _date(row.get("due_date"))
        action.due_text = row.get("due_text")
        action.status = ActionStatus(row.get("status") or ActionStatus.OPEN.value)
        action.completed_on = _date(row.get("completed_on"))
        action.is_restricted = bool(row.get("restricted"))
        action.source_line = row.get("source_line")
        action.source_order = row.get("source_order")
        action.updated_at = now
        if (
            reviewed_status is not None
            and reviewed_status.is_closed
            and not action.status.is_closed
        ):
            action.status = reviewed_status
            action.completed_on = action.completed_on or reviewed_completed_on
        _owners(action, row, people)
        action.updates.clear()
        for update in row.get("updates") or []:
            action.updates.append(
                ActionUpdate(
                    made_at=dt.datetime.fromisoformat(update["made_at"]),
                    source=ActionUpdateSource(update.get("source") or "manual"),
                    author=update.get("author"),
                    text=update.get("text") or "",
                    status_from=_status(update.get("status_from")),
                    status_to=_status(update.get("status_to")),
                )
            )
        session.flush()


def _add_reviews(
    session: Session,
    meeting: Meeting,
    rows: list[Mapping[str, Any]],
    items: Mapping[str, AgendaItem],
    people: _People,
    clock: Clock,
) -> None:
    now = clock.now()
    for position, row in enumerate(rows):
        reviewed = ActionStatus(row["status_at_review"]) if row.get("status_at_review") else None
        action = _existing_action(session, row["reference"])
        if action is None:
            # The meeting that raised it is not in this database (yet): keep what the
            # review says about it, so the action shows in trackers and can be adopted.
            action = Action(
                reference=row["reference"],
                body=meeting.body,
                text=row["text"],
                status=reviewed or ActionStatus.OPEN,
                completed_on=meeting.date if reviewed is ActionStatus.COMPLETED else None,
                created_at=now,
                updated_at=now,
            )
            session.add(action)
            _owners(action, row, people)
            session.flush()
        elif (
            reviewed is not None
            and reviewed is not action.status
            and not action.status.is_closed
            and meeting.date >= _raised_on(action)
        ):
            # The review records progress the action's own record has not caught up with.
            action.updates.append(
                ActionUpdate(
                    made_at=now,
                    source=ActionUpdateSource.MEETING,
                    author=clock.user(),
                    text=f"Reviewed at the meeting of {uk_date(meeting.date)}.",
                    status_from=action.status,
                    status_to=reviewed,
                    meeting_id=meeting.id,
                )
            )
            action.status = reviewed
            if reviewed is ActionStatus.COMPLETED and action.completed_on is None:
                action.completed_on = meeting.date
            action.updated_at = now
        item = items.get(row.get("item") or "")
        session.add(
            ActionReview(
                meeting_id=meeting.id,
                action_id=action.id,
                agenda_item_id=item.id if item else None,
                position=position,
                status_at_review=reviewed,
            )
        )
    session.flush()


def _raised_on(action: Action) -> dt.date:
    return action.raised_at_meeting.date if action.raised_at_meeting else dt.date.min


def _add_forward_plan(
    session: Session,
    meeting: Meeting,
    rows: list[Mapping[str, Any]],
    items: Mapping[str, AgendaItem],
    keeps_nulls: bool = False,
) -> list[ForwardPlanEntry]:
    entries: list[ForwardPlanEntry] = []
    for row in rows:
        item = items.get(row.get("item") or "")
        raised_under = items.get(row.get("raised_under_item") or "")
        status = (
            ForwardPlanStatus(row["status"])
            if row.get("status")
            else (None if keeps_nulls else ForwardPlanStatus.PLANNED)
        )
        entry = ForwardPlanEntry(
            body_id=meeting.body_id,
            title=row["title"],
            presenter=row.get("presenter"),
            status=status,
            raised_at_meeting_id=meeting.id if row.get("raised_here") else None,
            target_meeting_id=meeting.id if row.get("aimed_here") else None,
            target_month=_month(row.get("target_month")),
            agenda_item_id=item.id if item else None,
            raised_at_item_id=raised_under.id if raised_under else None,
            minutes_allocated=row.get("minutes_allocated"),
            is_restricted=bool(row.get("restricted")),
            notes=row.get("notes") or "",
        )
        session.add(entry)
        entries.append(entry)
    return entries
