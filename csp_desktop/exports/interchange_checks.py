"""Checking an interchange file (`docs/meeting.schema.json`) before anything is read from it.

`check_document` holds decoded JSON against the format, field by field, and then checks
that what points within the file resolves (item numbers, references, reports): one clear
message naming the field path (``agenda_items[3].minutes_allocated: must be a whole number
of minutes``), never a traceback. Turning the checked data into records is
`exports.interchange_reader`. No database here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from csp_desktop.errors import ValidationError
from csp_desktop.exports.interchange_writer import FORMAT, VERSION, Document
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
    # 1e400 decodes as infinity and a 400-digit whole number is no float: neither is a time.
    if not value <= _LARGEST_DEFAULT:
        shown = _shorten(value) if isinstance(value, int) else "too large"
        raise _Problem(path, f"is {shown}, more than the largest allowed ({_LARGEST_DEFAULT})")


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


def check_document(data: Any) -> Document:
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
