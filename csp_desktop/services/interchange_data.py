"""One meeting as frozen data for the interchange file (`exports/interchange_writer.py`).

Everything recorded for a meeting is read here, in one place, with restricted content
already withheld by `services.publication` when the file is the public version; the
writer only turns these values into JSON. The record types live in
`services.interchange_records` (no database there), so the reader can give back the same
values it reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from csp_desktop.models import (
    Action,
    ActionReview,
    AgendaItem,
    Amendment,
    Body,
    ForwardPlanEntry,
    Meeting,
    Person,
)
from csp_desktop.services.interchange_records import (
    ActionCore,
    AmendmentRecord,
    AttendanceRecord,
    BodyRecord,
    BodyRef,
    DeclarationRecord,
    InterchangeMeeting,
    ItemRecord,
    MeetingRecord,
    NextMeetingRecord,
    PaperRecord,
    PlanEntryRecord,
    PriorityRecord,
    RaisedAction,
    ReportRecord,
    ReviewedAction,
    UpdateRecord,
)
from csp_desktop.services.meetings import get_meeting
from csp_desktop.services.publication import visibility
from csp_desktop.services.transcripts import transcript_turns


def interchange_meeting(
    session: Session, meeting_id: int, *, public: bool = False, with_transcript: bool = False
) -> InterchangeMeeting:
    """Everything recorded for the meeting, with `public=True` withholding restricted
    content by the rules of `services.publication`; the transcript's turns as well when
    `with_transcript`."""
    meeting = get_meeting(session, meeting_id)
    shown = visibility(public)
    items = list(meeting.items)
    items_by_id = {item.id: item for item in items}

    def number(item_id: int | None) -> str | None:
        return _item_number(items_by_id.get(item_id or -1))

    raised = shown.actions(
        session.scalars(
            select(Action)
            .where(Action.raised_at_meeting_id == meeting.id)
            .order_by(Action.reference)
        )
    )
    reviews = list(
        session.scalars(
            select(ActionReview)
            .where(ActionReview.meeting_id == meeting.id)
            .order_by(ActionReview.position, ActionReview.id)
        )
    )
    reports = sorted(meeting.subgroup_reports, key=lambda row: (row.position, row.id))
    report_subgroup = {report.id: report.subgroup.name for report in reports}
    amendments = session.scalars(
        select(Amendment)
        .where(Amendment.meeting_id == meeting.id)
        .order_by(Amendment.made_at, Amendment.id)
    )
    return InterchangeMeeting(
        public=public,
        meeting=MeetingRecord(
            body=_body(meeting.body),
            date=meeting.date,
            start_time=_minute(meeting.start_time),
            end_time=_minute(meeting.end_time),
            venue=meeting.venue,
            contact_officer=meeting.contact_officer,
            title=meeting.title,
            status=meeting.status if meeting.status_recorded else None,
            approved_on=meeting.approved_on,
            started_at=_second(meeting.started_at),
            ended_at=_second(meeting.ended_at),
            notes=meeting.notes,
        ),
        attendance=tuple(
            AttendanceRecord(
                person=row.person.display_name,
                organisation=row.person.organisation.name if row.person.organisation else None,
                status=row.status,
                member=row.is_member,
                role=row.role,
                substitute_for=_person(row.substitute_for),
                arrived_at=_second(row.arrived_at),
                arrived_during_item=_item_number(row.arrived_during_item),
                left_at=_second(row.left_at),
                left_during_item=_item_number(row.left_during_item),
            )
            for row in sorted(meeting.attendance, key=lambda row: (row.position, row.id))
        ),
        agenda_items=tuple(
            ItemRecord(
                number=item.number,
                title=item.title,
                kind=item.kind,
                presenter=item.presenter,
                minutes_allocated=item.minutes_allocated,
                restricted=item.is_restricted,
                public_summary=item.public_summary if item.is_restricted else None,
                verbal_update=item.is_verbal_update,
                agenda_text=None if shown.withholds_item(item) else item.agenda_text,
                minutes_text=shown.minutes_text_or_none(item),
                decisions=tuple(decision.text for decision in shown.decisions(item)),
                papers=tuple(
                    PaperRecord(
                        name=paper.name,
                        kind=paper.kind,
                        size_bytes=paper.size_bytes,
                        restricted=paper.is_restricted,
                        file_name=paper.file_name,
                    )
                    for paper in shown.papers(item)
                ),
                started_at=_second(item.started_at),
                ended_at=_second(item.ended_at),
                elapsed_seconds=item.elapsed_seconds,
            )
            for item in items
        ),
        actions_raised=tuple(
            RaisedAction(
                core=_action_core(action),
                item=_item_number(action.raised_at_item),
                subgroup_report=report_subgroup.get(action.subgroup_report_id or -1),
                due_date=action.due_date,
                due_text=action.due_text,
                status=action.status,
                completed_on=action.completed_on,
                restricted=action.is_restricted,
                source_line=action.source_line,
                source_order=action.source_order,
                updates=tuple(
                    UpdateRecord(
                        made_at=update.made_at.replace(microsecond=0),
                        source=update.source,
                        author=update.author,
                        text=update.text,
                        status_from=update.status_from,
                        status_to=update.status_to,
                    )
                    for update in action.updates
                ),
            )
            for action in raised
        ),
        actions_reviewed=tuple(
            ReviewedAction(
                core=_action_core(review.action),
                item=number(review.agenda_item_id),
                status_at_review=review.status_at_review,
            )
            for review in reviews
            if shown.shows_action(review.action)
        ),
        declarations=tuple(
            DeclarationRecord(
                person=declaration.person.display_name,
                item=_item_number(declaration.agenda_item),
                nature=declaration.nature,
                withdrew=declaration.withdrew,
            )
            for declaration in sorted(meeting.declarations, key=lambda row: row.id)
            if shown.shows_declaration(declaration)
        ),
        subgroup_reports=tuple(
            ReportRecord(
                subgroup=report.subgroup.name,
                subgroup_short_name=_short_name(report.subgroup),
                subgroup_chair=report.subgroup.chair,
                status=report.status,
                author=report.author,
                summary=report.summary,
                rag=report.rag,
                priorities=tuple(
                    PriorityRecord(plan=priority.plan, number=priority.number, title=priority.title)
                    for priority in sorted(report.priorities, key=lambda p: (p.plan, p.number))
                ),
            )
            for report in reports
        ),
        forward_plan=tuple(
            PlanEntryRecord(
                title=entry.title,
                presenter=entry.presenter,
                status=entry.status,
                raised_here=entry.raised_at_meeting_id == meeting.id,
                aimed_here=_aimed_here(entry, meeting, items_by_id),
                target_month=_target_month(entry),
                item=number(entry.agenda_item_id),
                raised_under_item=number(entry.raised_at_item_id),
                minutes_allocated=entry.minutes_allocated,
                restricted=entry.is_restricted,
                notes=entry.notes,
            )
            for entry in _forward_plan_entries(session, meeting, items_by_id)
            if shown.shows_forward_plan_entry(entry)
        ),
        next_meeting=NextMeetingRecord(
            date=meeting.next_date,
            start_time=_minute(meeting.next_start_time),
            end_time=_minute(meeting.next_end_time),
            venue=meeting.next_venue,
            chair=meeting.next_chair,
        ),
        amendments=tuple(
            AmendmentRecord(
                item=number(amendment.agenda_item_id),
                field=amendment.field,
                old_value=amendment.old_value,
                new_value=amendment.new_value,
                reason=amendment.reason,
                author=amendment.author,
                made_at=amendment.made_at.replace(microsecond=0),
            )
            for amendment in amendments
            if shown.shows_amendment(amendment, items_by_id.get(amendment.agenda_item_id or -1))
        ),
        transcript=(
            transcript_turns(session, meeting.id, public=public) if with_transcript else None
        ),
    )


# The file keeps times to the minute and moments to the second; the records hold exactly
# that, so a file read back gives values equal to the ones written.
def _minute(value: dt.time | None) -> dt.time | None:
    return value.replace(second=0, microsecond=0) if value is not None else None


def _second(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(microsecond=0) if value is not None else None


def _person(person: Person | None) -> str | None:
    return person.display_name if person else None


def _item_number(item: AgendaItem | None) -> str | None:
    return item.number if item is not None else None


def _short_name(body: Body) -> str | None:
    """A short name the file gave (or the user typed); null when one was made up on import."""
    return None if body.short_name_derived else body.short_name


def _body(body: Body) -> BodyRecord:
    parent = body.parent
    return BodyRecord(
        name=body.name,
        short_name=_short_name(body),
        kind=body.kind,
        quorum=body.quorum,
        parent=(
            BodyRef(name=parent.name, short_name=_short_name(parent), kind=parent.kind)
            if parent is not None
            else None
        ),
        chair=body.chair,
        minutes_show_timings=body.minutes_show_timings,
        minutes_show_organisations=body.minutes_show_organisations,
    )


def _split_list(value: str | None) -> tuple[str, ...]:
    return tuple(part for part in (value or "").split("; ") if part)


def _action_core(action: Action) -> ActionCore:
    return ActionCore(
        reference=action.reference,
        owners=tuple(person.display_name for person in action.owners),
        other_owners=action.other_owners,
        unmatched_owners=_split_list(action.unmatched_owners),
        text=action.text,
    )


def _forward_plan_entries(
    session: Session, meeting: Meeting, items_by_id: Mapping[int, AgendaItem]
) -> list[ForwardPlanEntry]:
    conditions = [
        ForwardPlanEntry.raised_at_meeting_id == meeting.id,
        ForwardPlanEntry.target_meeting_id == meeting.id,
    ]
    if items_by_id:
        conditions.append(ForwardPlanEntry.agenda_item_id.in_(list(items_by_id)))
        conditions.append(ForwardPlanEntry.raised_at_item_id.in_(list(items_by_id)))
    return list(
        session.scalars(
            select(ForwardPlanEntry).where(or_(*conditions)).order_by(ForwardPlanEntry.id)
        )
    )


def _aimed_here(
    entry: ForwardPlanEntry, meeting: Meeting, items_by_id: Mapping[int, AgendaItem]
) -> bool:
    return entry.target_meeting_id == meeting.id or (
        entry.agenda_item_id is not None and entry.agenda_item_id in items_by_id
    )


def _target_month(entry: ForwardPlanEntry) -> dt.date | None:
    if entry.target_month is not None:
        return entry.target_month.replace(day=1)
    if entry.target_meeting is not None:
        return entry.target_meeting.date.replace(day=1)
    return None
