"""The interchange format: one meeting as JSON (`docs/meeting.schema.json`).

Two halves, both without database writes:

* `meeting_to_document` reads a meeting (and the records around it) into a plain dict
  whose keys always come in the same order, and `dumps` renders it, so exporting,
  importing into an empty database and exporting again gives byte-identical files;
* `parse_document` / `validate_document` check a file before anything is written: one
  clear message naming the field path (``agenda_items[3].minutes_allocated: must be a
  whole number of minutes``), never a traceback.

Writing rows from a document is `csp_desktop.services.interchange_import`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, object_session

from csp_desktop.errors import ValidationError
from csp_desktop.models import (
    Action,
    ActionReview,
    ActionStatus,
    ActionUpdateSource,
    AgendaItem,
    Amendment,
    AttendanceRole,
    AttendanceStatus,
    Body,
    BodyKind,
    ForwardPlanEntry,
    ForwardPlanStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Person,
    Rag,
    ReportStatus,
)
from csp_desktop.services.publication import visibility

FORMAT = "csp-desktop/meeting"
# Format version. 2 added: items' public_summary, verbal_update, agenda_text and a null
# minutes_text for a withheld minute; papers' kind and optional name; body chair and
# minutes settings; subgroup_chair; forward-plan "removed", unknown (null) statuses and
# raised_under_item; null member and report status kept as unknown. Version 1 files
# import as before (their missing values take the old defaults).
VERSION = 2

Document = dict[str, Any]


# --------------------------------------------------------------------------- rendering


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: dt.time | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def _datetime(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _month(value: dt.date | None) -> str | None:
    return f"{value.year:04d}-{value.month:02d}" if value else None


def _person(person: Person | None) -> str | None:
    return person.display_name if person else None


def _item_number(item: AgendaItem | None) -> str | None:
    return item.number if item is not None else None


def _short_name(body: Body) -> str | None:
    """A short name the file gave (or the user typed); null when one was made up on import."""
    return None if body.short_name_derived else body.short_name


def _body(body: Body) -> dict[str, Any]:
    return {
        "name": body.name,
        "short_name": _short_name(body),
        "kind": body.kind.value,
        "quorum": body.quorum,
        "parent": (
            {
                "name": body.parent.name,
                "short_name": _short_name(body.parent),
                "kind": body.parent.kind.value,
            }
            if body.parent is not None
            else None
        ),
        "chair": body.chair,
        "minutes_show_timings": body.minutes_show_timings,
        "minutes_show_organisations": body.minutes_show_organisations,
    }


def _split_list(value: str | None) -> list[str]:
    return [part for part in (value or "").split("; ") if part]


def _action_core(action: Action) -> dict[str, Any]:
    return {
        "reference": action.reference,
        "owners": [person.display_name for person in action.owners],
        "other_owners": action.other_owners,
        "unmatched_owners": _split_list(action.unmatched_owners),
        "text": action.text,
    }


def meeting_to_document(meeting: Meeting, *, public: bool = False) -> Document:
    """Everything recorded for `meeting`, as plain data in the interchange layout.

    With `public=True` the rules of `services.publication` withhold restricted content.
    """
    session = object_session(meeting)
    if session is None:
        raise ValueError("meeting_to_document needs a meeting attached to a session")
    shown = visibility(public)
    items = list(meeting.items)
    items_by_id = {item.id: item for item in items}

    attendance = sorted(meeting.attendance, key=lambda row: (row.position, row.id))
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
    plan = _forward_plan_entries(session, meeting, items_by_id)
    amendments = session.scalars(
        select(Amendment)
        .where(Amendment.meeting_id == meeting.id)
        .order_by(Amendment.made_at, Amendment.id)
    )

    return {
        "format": FORMAT,
        "version": VERSION,
        "public": public,
        "meeting": {
            "body": _body(meeting.body),
            "date": _date(meeting.date),
            "start_time": _time(meeting.start_time),
            "end_time": _time(meeting.end_time),
            "venue": meeting.venue,
            "contact_officer": meeting.contact_officer,
            "title": meeting.title,
            "status": meeting.status.value if meeting.status_recorded else None,
            "approved_on": _date(meeting.approved_on),
            "started_at": _datetime(meeting.started_at),
            "ended_at": _datetime(meeting.ended_at),
            "notes": meeting.notes,
        },
        "attendance": [
            {
                "person": row.person.display_name,
                "organisation": row.person.organisation.name if row.person.organisation else None,
                "status": row.status.value,
                "member": row.is_member,
                "role": row.role.value if row.role else None,
                "substitute_for": _person(row.substitute_for),
                "arrived_at": _datetime(row.arrived_at),
                "arrived_during_item": _item_number(row.arrived_during_item),
                "left_at": _datetime(row.left_at),
                "left_during_item": _item_number(row.left_during_item),
            }
            for row in attendance
        ],
        "agenda_items": [
            {
                "number": item.number,
                "title": item.title,
                "kind": item.kind.value,
                "presenter": item.presenter,
                "minutes_allocated": item.minutes_allocated,
                "restricted": item.is_restricted,
                "public_summary": item.public_summary if item.is_restricted else None,
                "verbal_update": item.is_verbal_update,
                "agenda_text": None if shown.withholds_item(item) else item.agenda_text,
                "minutes_text": shown.minutes_text_or_none(item),
                "decisions": [decision.text for decision in shown.decisions(item)],
                "papers": [
                    {
                        "name": paper.name,
                        "kind": paper.kind,
                        "size_bytes": paper.size_bytes,
                        "restricted": paper.is_restricted,
                        "file_name": paper.file_name,
                    }
                    for paper in shown.papers(item)
                ],
                "started_at": _datetime(item.started_at),
                "ended_at": _datetime(item.ended_at),
                "elapsed_seconds": item.elapsed_seconds,
            }
            for item in items
        ],
        "actions_raised": [
            {
                **_action_core(action),
                "item": _item_number(action.raised_at_item),
                "subgroup_report": report_subgroup.get(action.subgroup_report_id or -1),
                "due_date": _date(action.due_date),
                "due_text": action.due_text,
                "status": action.status.value,
                "completed_on": _date(action.completed_on),
                "restricted": action.is_restricted,
                "source_line": action.source_line,
                "source_order": action.source_order,
                "updates": [
                    {
                        "made_at": _datetime(update.made_at),
                        "source": update.source.value,
                        "author": update.author,
                        "text": update.text,
                        "status_from": update.status_from.value if update.status_from else None,
                        "status_to": update.status_to.value if update.status_to else None,
                    }
                    for update in action.updates
                ],
            }
            for action in raised
        ],
        "actions_reviewed": [
            {
                **_action_core(review.action),
                "item": _item_number(items_by_id.get(review.agenda_item_id or -1)),
                "status_at_review": (
                    review.status_at_review.value if review.status_at_review else None
                ),
            }
            for review in reviews
            if shown.shows_action(review.action)
        ],
        "declarations": [
            {
                "person": declaration.person.display_name,
                "item": _item_number(declaration.agenda_item),
                "nature": declaration.nature,
                "withdrew": declaration.withdrew,
            }
            for declaration in sorted(meeting.declarations, key=lambda row: row.id)
            if shown.shows_declaration(declaration)
        ],
        "subgroup_reports": [
            {
                "subgroup": report.subgroup.name,
                "subgroup_short_name": _short_name(report.subgroup),
                "subgroup_chair": report.subgroup.chair,
                "status": report.status.value if report.status else None,
                "author": report.author,
                "summary": report.summary,
                "rag": report.rag.value if report.rag else None,
                "priorities": [
                    {"plan": priority.plan, "number": priority.number, "title": priority.title}
                    for priority in sorted(report.priorities, key=lambda p: (p.plan, p.number))
                ],
            }
            for report in reports
        ],
        "forward_plan": [
            {
                "title": entry.title,
                "presenter": entry.presenter,
                "status": entry.status.value if entry.status else None,
                "raised_here": entry.raised_at_meeting_id == meeting.id,
                "aimed_here": _aimed_here(entry, meeting, items_by_id),
                "target_month": _month(_target_month(entry)),
                "item": _item_number(items_by_id.get(entry.agenda_item_id or -1)),
                "raised_under_item": _item_number(items_by_id.get(entry.raised_at_item_id or -1)),
                "minutes_allocated": entry.minutes_allocated,
                "restricted": entry.is_restricted,
                "notes": entry.notes,
            }
            for entry in plan
            if shown.shows_forward_plan_entry(entry)
        ],
        "next_meeting": {
            "date": _date(meeting.next_date),
            "start_time": _time(meeting.next_start_time),
            "end_time": _time(meeting.next_end_time),
            "venue": meeting.next_venue,
            "chair": meeting.next_chair,
        },
        "amendments": [
            {
                "item": _item_number(items_by_id.get(amendment.agenda_item_id or -1)),
                "field": amendment.field,
                "old_value": amendment.old_value,
                "new_value": amendment.new_value,
                "reason": amendment.reason,
                "author": amendment.author,
                "made_at": _datetime(amendment.made_at),
            }
            for amendment in amendments
            if shown.shows_amendment(amendment, items_by_id.get(amendment.agenda_item_id or -1))
        ],
    }


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
        return entry.target_month
    if entry.target_meeting is not None:
        return entry.target_meeting.date.replace(day=1)
    return None


def dumps(document: Mapping[str, Any]) -> str:
    """The file text: keys in the document's own (fixed) order, UTF-8, one final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- validation

# Tabs and line breaks are part of minutes text; every other control character is not.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


class _Problem(Exception):
    """One field that does not fit: path and plain message."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


Check = Callable[[Any, str], None]


@dataclass(frozen=True)
class Field:
    check: Check
    required: bool = False
    nullable: bool = True


def _text(*, non_empty: bool = False, what: str = "text") -> Check:
    def check(value: Any, path: str) -> None:
        if not isinstance(value, str):
            raise _Problem(path, f"must be {what} (a string)")
        if non_empty and not value.strip():
            raise _Problem(path, "must not be empty")
        lone = _SURROGATE.search(value)
        if lone:
            raise _Problem(
                path,
                f"contains a broken character (a lone surrogate U+{ord(lone.group()):04X}) "
                "that is not text; fix the file where it was written",
            )
        found = _CONTROL.search(value)
        if found:
            raise _Problem(
                path,
                f"contains a control character (U+{ord(found.group()):04X}) "
                "that cannot be stored or printed",
            )

    return check


# The largest sensible value of each kind of whole number: beyond it a value is a mistake
# or an attack (1e30 minutes), and SQLite cannot even store it past 2**63.
_LARGEST = {"minutes": 24 * 60, "seconds": 7 * 24 * 3600, "members": 1000, "lines": 100_000}
_LARGEST_DEFAULT = 2**53 - 1  # bytes and the like: exact in every JSON reader


def _whole(what: str) -> Check:
    largest = _LARGEST.get(what, _LARGEST_DEFAULT)

    def check(value: Any, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _Problem(path, f"must be a whole number of {what}")
        if value > largest:
            raise _Problem(path, f"is {_shorten(value)}, more than the largest allowed ({largest})")

    return check


def _shorten(value: int) -> str:
    digits = str(value) if value < 10**30 else f"a number of {len(str(value))} digits"
    return digits if len(digits) <= 24 else digits[:20] + "…"


def _boolean(value: Any, path: str) -> None:
    if not isinstance(value, bool):
        raise _Problem(path, "must be true or false")


def _date_check(value: Any, path: str) -> None:
    if not isinstance(value, str) or not _DATE.match(value):
        raise _Problem(path, "must be a date written YYYY-MM-DD, e.g. 2022-10-05")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise _Problem(path, f"{value} is not a real date") from None


def _time_check(value: Any, path: str) -> None:
    if not isinstance(value, str) or not _TIME.match(value):
        raise _Problem(path, "must be a time written HH:MM, e.g. 10:00")
    try:
        dt.time.fromisoformat(value)
    except ValueError:
        raise _Problem(path, f"{value} is not a real time of day") from None


def _datetime_check(value: Any, path: str) -> None:
    if not isinstance(value, str) or not _DATETIME.match(value):
        raise _Problem(path, "must be a date and time written YYYY-MM-DDTHH:MM:SS")
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        raise _Problem(path, f"{value} is not a real date and time") from None


def _month_check(value: Any, path: str) -> None:
    if not isinstance(value, str) or not _MONTH.match(value):
        raise _Problem(path, "must be a month written YYYY-MM, e.g. 2022-12")
    try:
        dt.date.fromisoformat(value + "-01")
    except ValueError:
        raise _Problem(path, f"{value} is not a real month") from None


def _one_of(values: list[str]) -> Check:
    def check(value: Any, path: str) -> None:
        if not isinstance(value, str) or value not in values:
            shown = json.dumps(value, ensure_ascii=False) if _is_scalar(value) else "this value"
            raise _Problem(path, f"{shown} is not one of: {', '.join(values)}")

    return check


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _values(enum_cls: Any) -> list[str]:
    return [member.value for member in enum_cls]


def _record(fields: Mapping[str, Field]) -> Check:
    def check(value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise _Problem(path, "must be an object ({...})")
        for key in value:
            if key not in fields:
                raise _Problem(_join(path, key), "is not a field of this format")
        for key, spec in fields.items():
            where = _join(path, key)
            if key not in value:
                if spec.required:
                    raise _Problem(where, "is required")
                continue
            item = value[key]
            if item is None:
                if not spec.nullable:
                    raise _Problem(where, "must not be null")
                continue
            spec.check(item, where)

    return check


def _list_of(check_item: Check) -> Check:
    def check(value: Any, path: str) -> None:
        if not isinstance(value, list):
            raise _Problem(path, "must be a list ([...])")
        for index, item in enumerate(value):
            check_item(item, f"{path}[{index}]")

    return check


def _join(path: str, key: str) -> str:
    # A key that is not a plain word is quoted, so odd characters cannot garble the message.
    shown = key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else json.dumps(key)
    return f"{path}.{shown}" if path else shown


def _f(check: Check, *, required: bool = False, nullable: bool = True) -> Field:
    return Field(check, required, nullable)


_NAME = _text(non_empty=True, what="a name")
_TEXT = _text()
_BODY_KINDS = _one_of(_values(BodyKind))

_BODY_REF = _record(
    {
        "name": _f(_NAME, required=True, nullable=False),
        "short_name": _f(_NAME),
        "kind": _f(_BODY_KINDS),
    }
)
_BODY = _record(
    {
        "name": _f(_NAME, required=True, nullable=False),
        "short_name": _f(_NAME),
        "kind": _f(_BODY_KINDS),
        "quorum": _f(_whole("members")),
        "parent": _f(_BODY_REF),
        "chair": _f(_TEXT),
        "minutes_show_timings": _f(_boolean),
        "minutes_show_organisations": _f(_boolean),
    }
)
_MEETING = _record(
    {
        "body": _f(_BODY, required=True, nullable=False),
        "date": _f(_date_check, required=True, nullable=False),
        "start_time": _f(_time_check),
        "end_time": _f(_time_check),
        "venue": _f(_TEXT),
        "contact_officer": _f(_TEXT),
        "title": _f(_TEXT),
        "status": _f(_one_of(_values(MeetingStatus))),
        "approved_on": _f(_date_check),
        "started_at": _f(_datetime_check),
        "ended_at": _f(_datetime_check),
        "notes": _f(_TEXT),
    }
)
_ATTENDANCE = _record(
    {
        "person": _f(_NAME, required=True, nullable=False),
        "organisation": _f(_NAME),
        "status": _f(_one_of(_values(AttendanceStatus)), required=True, nullable=False),
        "member": _f(_boolean),
        "role": _f(_one_of(_values(AttendanceRole))),
        "substitute_for": _f(_NAME),
        "arrived_at": _f(_datetime_check),
        "arrived_during_item": _f(_TEXT),
        "left_at": _f(_datetime_check),
        "left_during_item": _f(_TEXT),
    }
)
_PAPER = _record(
    {
        "name": _f(_NAME),
        "kind": _f(_text(non_empty=True, what="a file type")),
        "size_bytes": _f(_whole("bytes")),
        "restricted": _f(_boolean, nullable=False),
        "file_name": _f(_TEXT),
    }
)
_ITEM = _record(
    {
        "number": _f(_TEXT),
        "title": _f(_NAME, required=True, nullable=False),
        "kind": _f(_one_of(_values(ItemKind))),
        "presenter": _f(_TEXT),
        "minutes_allocated": _f(_whole("minutes")),
        "restricted": _f(_boolean, nullable=False),
        "public_summary": _f(_TEXT),
        "verbal_update": _f(_boolean, nullable=False),
        "agenda_text": _f(_TEXT),
        "minutes_text": _f(_TEXT),
        "decisions": _f(_list_of(_text(non_empty=True)), nullable=False),
        "papers": _f(_list_of(_PAPER), nullable=False),
        "started_at": _f(_datetime_check),
        "ended_at": _f(_datetime_check),
        "elapsed_seconds": _f(_whole("seconds")),
    }
)
_ACTION_STATUS = _one_of(_values(ActionStatus))
_UPDATE = _record(
    {
        "made_at": _f(_datetime_check, required=True, nullable=False),
        "source": _f(_one_of(_values(ActionUpdateSource))),
        "author": _f(_TEXT),
        "text": _f(_TEXT),
        "status_from": _f(_ACTION_STATUS),
        "status_to": _f(_ACTION_STATUS),
    }
)
_ACTION_CORE: dict[str, Field] = {
    "reference": _f(_NAME),
    "owners": _f(_list_of(_NAME), nullable=False),
    "other_owners": _f(_TEXT),
    "unmatched_owners": _f(_list_of(_NAME), nullable=False),
    "text": _f(_text(non_empty=True), required=True, nullable=False),
}
_RAISED = _record(
    {
        **_ACTION_CORE,
        "item": _f(_TEXT),
        "subgroup_report": _f(_NAME),
        "due_date": _f(_date_check),
        "due_text": _f(_TEXT),
        "status": _f(_ACTION_STATUS),
        "completed_on": _f(_date_check),
        "restricted": _f(_boolean, nullable=False),
        "source_line": _f(_TEXT),
        "source_order": _f(_whole("lines")),
        "updates": _f(_list_of(_UPDATE), nullable=False),
    }
)
_REVIEWED = _record(
    {
        **_ACTION_CORE,
        "reference": _f(_NAME, required=True, nullable=False),
        "item": _f(_TEXT),
        "status_at_review": _f(_ACTION_STATUS),
    }
)
_DECLARATION = _record(
    {
        "person": _f(_NAME, required=True, nullable=False),
        "item": _f(_TEXT),
        "nature": _f(_TEXT),
        "withdrew": _f(_boolean, nullable=False),
    }
)
_PRIORITY = _record(
    {
        "plan": _f(_NAME, required=True, nullable=False),
        "number": _f(_whole("the plan's priorities"), required=True, nullable=False),
        "title": _f(_NAME, required=True, nullable=False),
    }
)
_REPORT = _record(
    {
        "subgroup": _f(_NAME, required=True, nullable=False),
        "subgroup_short_name": _f(_NAME),
        "subgroup_chair": _f(_TEXT),
        "status": _f(_one_of(_values(ReportStatus))),
        "author": _f(_TEXT),
        "summary": _f(_TEXT),
        "rag": _f(_one_of(_values(Rag))),
        "priorities": _f(_list_of(_PRIORITY), nullable=False),
    }
)
_PLAN_ENTRY = _record(
    {
        "title": _f(_NAME, required=True, nullable=False),
        "presenter": _f(_TEXT),
        "status": _f(_one_of(_values(ForwardPlanStatus))),
        "raised_here": _f(_boolean, nullable=False),
        "aimed_here": _f(_boolean, nullable=False),
        "target_month": _f(_month_check),
        "item": _f(_TEXT),
        "raised_under_item": _f(_TEXT),
        "minutes_allocated": _f(_whole("minutes")),
        "restricted": _f(_boolean, nullable=False),
        "notes": _f(_TEXT),
    }
)
_NEXT = _record(
    {
        "date": _f(_date_check),
        "start_time": _f(_time_check),
        "end_time": _f(_time_check),
        "venue": _f(_TEXT),
        "chair": _f(_TEXT),
    }
)
_AMENDMENT = _record(
    {
        "item": _f(_TEXT),
        "field": _f(_NAME, required=True, nullable=False),
        "old_value": _f(_TEXT),
        "new_value": _f(_TEXT),
        "reason": _f(_TEXT),
        "author": _f(_NAME, required=True, nullable=False),
        "made_at": _f(_datetime_check, required=True, nullable=False),
    }
)


def _format_check(value: Any, path: str) -> None:
    if value != FORMAT:
        raise _Problem(path, f'must be "{FORMAT}" (this is not a CSP Desktop meeting file)')


def _version_check(value: Any, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Problem(path, "must be a whole number")
    if value > VERSION:
        raise _Problem(
            path,
            f"is {value}, newer than this version of CSP Desktop understands ({VERSION}); "
            "install the newer version to import it",
        )
    if value < 1:
        raise _Problem(path, f"must be a format version from 1 to {VERSION}")


def _seconds_check(value: Any, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise _Problem(path, "must be a number of seconds (0 or more)")


_TRANSCRIPT_TURN = _record(
    {
        "item": _f(_TEXT),
        "speaker": _f(_TEXT, required=True, nullable=False),
        "person": _f(_TEXT),
        "start_seconds": _f(_seconds_check, required=True, nullable=False),
        "end_seconds": _f(_seconds_check, required=True, nullable=False),
        "text": _f(_TEXT, required=True, nullable=False),
    }
)


_DOCUMENT = _record(
    {
        "format": _f(_format_check, required=True, nullable=False),
        "version": _f(_version_check, required=True, nullable=False),
        "public": _f(_boolean, nullable=False),
        "meeting": _f(_MEETING, required=True, nullable=False),
        "attendance": _f(_list_of(_ATTENDANCE), nullable=False),
        "agenda_items": _f(_list_of(_ITEM), nullable=False),
        "actions_raised": _f(_list_of(_RAISED), nullable=False),
        "actions_reviewed": _f(_list_of(_REVIEWED), nullable=False),
        "declarations": _f(_list_of(_DECLARATION), nullable=False),
        "subgroup_reports": _f(_list_of(_REPORT), nullable=False),
        "forward_plan": _f(_list_of(_PLAN_ENTRY), nullable=False),
        "next_meeting": _f(_NEXT),
        "amendments": _f(_list_of(_AMENDMENT), nullable=False),
        "transcript": _f(_list_of(_TRANSCRIPT_TURN), nullable=False),
    }
)


def _check_cross_references(data: Document) -> None:
    """Item numbers, people and references that point within the file must resolve."""
    items = data.get("agenda_items") or []
    numbers: dict[str, int] = {}
    for index, item in enumerate(items):
        number = item.get("number") or ""
        if number and number in numbers:
            raise _Problem(
                f"agenda_items[{index}].number",
                f'"{number}" is used by two items (also agenda_items[{numbers[number]}])',
            )
        if number:
            numbers[number] = index

    def item_ref(value: Any, path: str) -> None:
        if value is not None and value not in numbers:
            raise _Problem(path, f'refers to item "{value}", which is not on the agenda')

    for index, row in enumerate(data.get("attendance") or []):
        item_ref(row.get("arrived_during_item"), f"attendance[{index}].arrived_during_item")
        item_ref(row.get("left_during_item"), f"attendance[{index}].left_during_item")
        if row.get("substitute_for") and row["substitute_for"] == row["person"]:
            raise _Problem(f"attendance[{index}].substitute_for", "cannot be the person themself")
    seen_people: dict[str, int] = {}
    for index, row in enumerate(data.get("attendance") or []):
        key = " ".join(row["person"].casefold().split())
        if key in seen_people:
            raise _Problem(
                f"attendance[{index}].person",
                f'"{row["person"]}" is listed twice (also attendance[{seen_people[key]}])',
            )
        seen_people[key] = index
    start, end = data["meeting"].get("start_time"), data["meeting"].get("end_time")
    if start and end and end < start:
        raise _Problem("meeting.end_time", f"{end} is before the start time {start}")

    reports = {row["subgroup"] for row in data.get("subgroup_reports") or []}
    references: dict[str, str] = {}
    for section in ("actions_raised", "actions_reviewed"):
        for index, action in enumerate(data.get(section) or []):
            path = f"{section}[{index}]"
            item_ref(action.get("item"), f"{path}.item")
            reference = action.get("reference")
            if reference:
                if reference in references:
                    raise _Problem(
                        f"{path}.reference",
                        f'"{reference}" appears twice (also {references[reference]})',
                    )
                references[reference] = path
            report = action.get("subgroup_report")
            if report is not None and report not in reports:
                raise _Problem(
                    f"{path}.subgroup_report",
                    f'refers to the "{report}" report, which is not in subgroup_reports',
                )
    for index, row in enumerate(data.get("declarations") or []):
        item_ref(row.get("item"), f"declarations[{index}].item")
    for index, row in enumerate(data.get("forward_plan") or []):
        item_ref(row.get("item"), f"forward_plan[{index}].item")
        item_ref(row.get("raised_under_item"), f"forward_plan[{index}].raised_under_item")
    for index, row in enumerate(data.get("amendments") or []):
        item_ref(row.get("item"), f"amendments[{index}].item")
    subgroups: dict[str, int] = {}
    for index, row in enumerate(data.get("subgroup_reports") or []):
        if row["subgroup"] in subgroups:
            raise _Problem(
                f"subgroup_reports[{index}].subgroup",
                f'"{row["subgroup"]}" has two reports (also subgroup_reports'
                f"[{subgroups[row['subgroup']]}])",
            )
        subgroups[row["subgroup"]] = index


def validate_document(data: Any) -> Document:
    """Check decoded JSON against the format; return it, or raise ValidationError naming
    the first field that does not fit (with its path)."""
    if not isinstance(data, dict):
        raise ValidationError("the file must hold one meeting (a JSON object {...}).")
    try:
        _DOCUMENT(data, "")
        _check_cross_references(data)
    except _Problem as problem:
        raise ValidationError(f"{problem.path}: {problem.message}.") from None
    return data


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a meeting file")


def parse_document(text: str | bytes) -> Document:
    """Decode and validate a meeting file's text. Raises ValidationError, never anything else."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"the file is not UTF-8 text (byte {exc.start} cannot be read)."
            ) from None
    elif text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"the file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except (ValueError, RecursionError) as exc:
        raise ValidationError(f"the file is not valid JSON: {exc}.") from None
    return validate_document(data)
