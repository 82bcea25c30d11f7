"""The interchange file (`docs/meeting.schema.json`): a meeting's frozen data as JSON.

`to_document` lays out an `InterchangeMeeting` (its types in `services.interchange_records`,
made, already filtered, by `services.interchange_data`) as a plain dict whose keys always
come in the same order, and `dumps` renders it, so exporting, importing into an empty
database and exporting again gives byte-identical files; `exports.interchange_reader`
reads such a file back into equal records. No database here: data in, text out.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the data's types only: writing needs no database code loaded
    from csp_desktop.services.interchange_records import (
        ActionCore,
        BodyRecord,
        InterchangeMeeting,
    )

FORMAT = "csp-desktop/meeting"
# Format version. 2 added: items' public_summary, verbal_update, agenda_text and a null
# minutes_text for a withheld minute; papers' kind and optional name; body chair and
# minutes settings; subgroup_chair; forward-plan "removed", unknown (null) statuses and
# raised_under_item; null member and report status kept as unknown. Version 1 files
# import as before (their missing values take the old defaults).
VERSION = 2

Document = dict[str, Any]


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: dt.time | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def _datetime(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _month(value: dt.date | None) -> str | None:
    return f"{value.year:04d}-{value.month:02d}" if value else None


def _value(member: Any) -> Any:
    """An enum member as the file spells it; None stays null."""
    return member.value if member is not None else None


def _body(body: BodyRecord) -> dict[str, Any]:
    return {
        "name": body.name,
        "short_name": body.short_name,
        "kind": _value(body.kind),
        "quorum": body.quorum,
        "parent": (
            {
                "name": body.parent.name,
                "short_name": body.parent.short_name,
                "kind": _value(body.parent.kind),
            }
            if body.parent is not None
            else None
        ),
        "chair": body.chair,
        "minutes_show_timings": body.minutes_show_timings,
        "minutes_show_organisations": body.minutes_show_organisations,
    }


def _action_core(core: ActionCore) -> dict[str, Any]:
    return {
        "reference": core.reference,
        "owners": list(core.owners),
        "other_owners": core.other_owners,
        "unmatched_owners": list(core.unmatched_owners),
        "text": core.text,
    }


def to_document(data: InterchangeMeeting) -> Document:
    """The meeting in the interchange layout, keys in the format's fixed order."""
    document = _meeting_document(data)
    if data.transcript is not None:
        document["transcript"] = [
            {
                "item": turn.item,
                "speaker": turn.speaker,
                "person": turn.person,
                "start_seconds": turn.start_seconds,
                "end_seconds": turn.end_seconds,
                "text": turn.text,
            }
            for turn in data.transcript
        ]
    return document


def _meeting_document(data: InterchangeMeeting) -> Document:
    meeting = data.meeting
    next_meeting = data.next_meeting
    return {
        "format": FORMAT,
        "version": VERSION,
        "public": data.public,
        "meeting": {
            "body": _body(meeting.body),
            "date": _date(meeting.date),
            "start_time": _time(meeting.start_time),
            "end_time": _time(meeting.end_time),
            "venue": meeting.venue,
            "contact_officer": meeting.contact_officer,
            "title": meeting.title,
            "status": _value(meeting.status),
            "approved_on": _date(meeting.approved_on),
            "started_at": _datetime(meeting.started_at),
            "ended_at": _datetime(meeting.ended_at),
            "notes": meeting.notes,
        },
        "attendance": [
            {
                "person": row.person,
                "organisation": row.organisation,
                "status": row.status.value,
                "member": row.member,
                "role": _value(row.role),
                "substitute_for": row.substitute_for,
                "arrived_at": _datetime(row.arrived_at),
                "arrived_during_item": row.arrived_during_item,
                "left_at": _datetime(row.left_at),
                "left_during_item": row.left_during_item,
            }
            for row in data.attendance
        ],
        "agenda_items": [
            {
                "number": item.number,
                "title": item.title,
                "kind": item.kind.value,
                "presenter": item.presenter,
                "minutes_allocated": item.minutes_allocated,
                "restricted": item.restricted,
                "public_summary": item.public_summary,
                "verbal_update": item.verbal_update,
                "agenda_text": item.agenda_text,
                "minutes_text": item.minutes_text,
                "decisions": list(item.decisions),
                "papers": [
                    {
                        "name": paper.name,
                        "kind": paper.kind,
                        "size_bytes": paper.size_bytes,
                        "restricted": paper.restricted,
                        "file_name": paper.file_name,
                    }
                    for paper in item.papers
                ],
                "started_at": _datetime(item.started_at),
                "ended_at": _datetime(item.ended_at),
                "elapsed_seconds": item.elapsed_seconds,
            }
            for item in data.agenda_items
        ],
        "actions_raised": [
            {
                **_action_core(action.core),
                "item": action.item,
                "subgroup_report": action.subgroup_report,
                "due_date": _date(action.due_date),
                "due_text": action.due_text,
                "status": action.status.value,
                "completed_on": _date(action.completed_on),
                "restricted": action.restricted,
                "source_line": action.source_line,
                "source_order": action.source_order,
                "updates": [
                    {
                        "made_at": _datetime(update.made_at),
                        "source": update.source.value,
                        "author": update.author,
                        "text": update.text,
                        "status_from": _value(update.status_from),
                        "status_to": _value(update.status_to),
                    }
                    for update in action.updates
                ],
            }
            for action in data.actions_raised
        ],
        "actions_reviewed": [
            {
                **_action_core(review.core),
                "item": review.item,
                "status_at_review": _value(review.status_at_review),
            }
            for review in data.actions_reviewed
        ],
        "declarations": [
            {
                "person": declaration.person,
                "item": declaration.item,
                "nature": declaration.nature,
                "withdrew": declaration.withdrew,
            }
            for declaration in data.declarations
        ],
        "subgroup_reports": [
            {
                "subgroup": report.subgroup,
                "subgroup_short_name": report.subgroup_short_name,
                "subgroup_chair": report.subgroup_chair,
                "status": _value(report.status),
                "author": report.author,
                "summary": report.summary,
                "rag": _value(report.rag),
                "priorities": [
                    {"plan": priority.plan, "number": priority.number, "title": priority.title}
                    for priority in report.priorities
                ],
            }
            for report in data.subgroup_reports
        ],
        "forward_plan": [
            {
                "title": entry.title,
                "presenter": entry.presenter,
                "status": _value(entry.status),
                "raised_here": entry.raised_here,
                "aimed_here": entry.aimed_here,
                "target_month": _month(entry.target_month),
                "item": entry.item,
                "raised_under_item": entry.raised_under_item,
                "minutes_allocated": entry.minutes_allocated,
                "restricted": entry.restricted,
                "notes": entry.notes,
            }
            for entry in data.forward_plan
        ],
        "next_meeting": {
            "date": _date(next_meeting.date),
            "start_time": _time(next_meeting.start_time),
            "end_time": _time(next_meeting.end_time),
            "venue": next_meeting.venue,
            "chair": next_meeting.chair,
        },
        "amendments": [
            {
                "item": amendment.item,
                "field": amendment.field,
                "old_value": amendment.old_value,
                "new_value": amendment.new_value,
                "reason": amendment.reason,
                "author": amendment.author,
                "made_at": _datetime(amendment.made_at),
            }
            for amendment in data.amendments
        ],
    }


def dumps(document: Mapping[str, Any]) -> str:
    """The file text: keys in the document's own (fixed) order, UTF-8, one final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
