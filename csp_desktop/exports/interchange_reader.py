"""Reading an interchange file (`docs/meeting.schema.json`): decode, check, give back records.

`parse_document` / `validate_document` check a file before anything is written (by
`exports.interchange_checks`: one plain message naming the field path, never a
traceback), then turn it into the frozen records of `services.interchange_records`, the
same values `exports.interchange_writer` writes, so reading what was written gives back
an equal value. A version 1 file comes back as version 2 records: where version 1 meant
an old default by a missing value (a draft meeting, a member, a report "not provided", a
"planned" entry), the default is filled in here; everything else version 1 lacks is None.
Writing the records as rows is `services.interchange_import`. No database here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar

from csp_desktop.errors import ValidationError
from csp_desktop.exports.interchange_checks import check_document
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
    TranscriptTurnRecord,
    UpdateRecord,
)

Row = Mapping[str, Any]  # one checked JSON object
_E = TypeVar("_E", bound=Enum)


def validate_document(data: Any) -> InterchangeMeeting:
    """Check decoded JSON against the format and return it as records; raise
    ValidationError naming the first field that does not fit (with its path)."""
    return _meeting_file(check_document(data))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a meeting file")


def parse_document(text: str | bytes) -> InterchangeMeeting:
    """Decode, check and read a meeting file's text. Raises ValidationError, never
    anything else."""
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


# --- checked JSON -> records (every value below has passed `check_document`) ---------------


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _month(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value + "-01") if value else None


def _enum(kind: type[_E], value: str | None) -> _E | None:
    return kind(value) if value else None


def _rows(data: Row, key: str) -> list[Row]:
    """A list field; a missing one is empty (every list field may be left out)."""
    return list(data.get(key) or [])


def _meeting_file(data: Row) -> InterchangeMeeting:
    # Version 1 said "the old default" by leaving a value out; version 2 says "not known".
    old = data["version"] < 2
    transcript = data.get("transcript")
    return InterchangeMeeting(
        public=bool(data.get("public")),
        meeting=_meeting(data["meeting"], old=old),
        attendance=tuple(_attendance(row, old=old) for row in _rows(data, "attendance")),
        agenda_items=tuple(_item(row) for row in _rows(data, "agenda_items")),
        actions_raised=tuple(_raised(row) for row in _rows(data, "actions_raised")),
        actions_reviewed=tuple(_reviewed(row) for row in _rows(data, "actions_reviewed")),
        declarations=tuple(
            DeclarationRecord(
                person=row["person"],
                item=row.get("item"),
                nature=row.get("nature") or "",
                withdrew=bool(row.get("withdrew")),
            )
            for row in _rows(data, "declarations")
        ),
        subgroup_reports=tuple(_report(row, old=old) for row in _rows(data, "subgroup_reports")),
        forward_plan=tuple(_plan_entry(row, old=old) for row in _rows(data, "forward_plan")),
        next_meeting=_next_meeting(data.get("next_meeting") or {}),
        amendments=tuple(
            AmendmentRecord(
                item=row.get("item"),
                field=row["field"],
                old_value=row.get("old_value"),
                new_value=row.get("new_value"),
                reason=row.get("reason"),
                author=row["author"],
                made_at=dt.datetime.fromisoformat(row["made_at"]),
            )
            for row in _rows(data, "amendments")
        ),
        transcript=(
            tuple(_transcript_turn(row) for row in transcript) if transcript is not None else None
        ),
    )


def _body(row: Row) -> BodyRecord:
    parent = row.get("parent")
    return BodyRecord(
        name=row["name"],
        short_name=row.get("short_name"),
        kind=_enum(BodyKind, row.get("kind")),
        quorum=row.get("quorum"),
        parent=(
            BodyRef(
                name=parent["name"],
                short_name=parent.get("short_name"),
                kind=_enum(BodyKind, parent.get("kind")),
            )
            if parent is not None
            else None
        ),
        chair=row.get("chair"),
        minutes_show_timings=row.get("minutes_show_timings"),
        minutes_show_organisations=row.get("minutes_show_organisations"),
    )


def _meeting(row: Row, *, old: bool) -> MeetingRecord:
    status = _enum(MeetingStatus, row.get("status"))
    return MeetingRecord(
        body=_body(row["body"]),
        date=dt.date.fromisoformat(row["date"]),
        start_time=_time(row.get("start_time")),
        end_time=_time(row.get("end_time")),
        venue=row.get("venue"),
        contact_officer=row.get("contact_officer"),
        title=row.get("title"),
        status=MeetingStatus.DRAFT if status is None and old else status,
        approved_on=_date(row.get("approved_on")),
        started_at=_datetime(row.get("started_at")),
        ended_at=_datetime(row.get("ended_at")),
        notes=row.get("notes"),
    )


def _attendance(row: Row, *, old: bool) -> AttendanceRecord:
    status = AttendanceStatus(row["status"])
    member = row.get("member")
    if member is None and old:
        member = status is not AttendanceStatus.ADDITIONAL
    return AttendanceRecord(
        person=row["person"],
        organisation=row.get("organisation"),
        status=status,
        member=member,
        role=_enum(AttendanceRole, row.get("role")),
        substitute_for=row.get("substitute_for"),
        arrived_at=_datetime(row.get("arrived_at")),
        arrived_during_item=row.get("arrived_during_item"),
        left_at=_datetime(row.get("left_at")),
        left_during_item=row.get("left_during_item"),
    )


def _item(row: Row) -> ItemRecord:
    return ItemRecord(
        number=row.get("number"),
        title=row["title"],
        kind=_enum(ItemKind, row.get("kind")) or ItemKind.TOPICAL,
        presenter=row.get("presenter"),
        minutes_allocated=row.get("minutes_allocated"),
        restricted=bool(row.get("restricted")),
        public_summary=row.get("public_summary"),
        verbal_update=bool(row.get("verbal_update")),
        agenda_text=row.get("agenda_text"),
        # Left out: no minutes yet (""); null: withheld from a public file, or not held.
        minutes_text=row.get("minutes_text", ""),
        decisions=tuple(row.get("decisions") or ()),
        papers=tuple(
            PaperRecord(
                name=paper.get("name"),
                kind=paper.get("kind"),
                size_bytes=paper.get("size_bytes"),
                restricted=bool(paper.get("restricted")),
                file_name=paper.get("file_name"),
            )
            for paper in _rows(row, "papers")
        ),
        started_at=_datetime(row.get("started_at")),
        ended_at=_datetime(row.get("ended_at")),
        elapsed_seconds=row.get("elapsed_seconds"),
    )


def _core(row: Row) -> ActionCore:
    return ActionCore(
        reference=row.get("reference"),
        owners=tuple(row.get("owners") or ()),
        other_owners=row.get("other_owners"),
        unmatched_owners=tuple(row.get("unmatched_owners") or ()),
        text=row["text"],
    )


def _raised(row: Row) -> RaisedAction:
    return RaisedAction(
        core=_core(row),
        item=row.get("item"),
        subgroup_report=row.get("subgroup_report"),
        due_date=_date(row.get("due_date")),
        due_text=row.get("due_text"),
        status=_enum(ActionStatus, row.get("status")) or ActionStatus.OPEN,
        completed_on=_date(row.get("completed_on")),
        restricted=bool(row.get("restricted")),
        source_line=row.get("source_line"),
        source_order=row.get("source_order"),
        updates=tuple(
            UpdateRecord(
                made_at=dt.datetime.fromisoformat(update["made_at"]),
                source=_enum(ActionUpdateSource, update.get("source")) or ActionUpdateSource.MANUAL,
                author=update.get("author"),
                text=update.get("text"),
                status_from=_enum(ActionStatus, update.get("status_from")),
                status_to=_enum(ActionStatus, update.get("status_to")),
            )
            for update in _rows(row, "updates")
        ),
    )


def _reviewed(row: Row) -> ReviewedAction:
    return ReviewedAction(
        core=_core(row),
        item=row.get("item"),
        status_at_review=_enum(ActionStatus, row.get("status_at_review")),
    )


def _report(row: Row, *, old: bool) -> ReportRecord:
    status = _enum(ReportStatus, row.get("status"))
    return ReportRecord(
        subgroup=row["subgroup"],
        subgroup_short_name=row.get("subgroup_short_name"),
        subgroup_chair=row.get("subgroup_chair"),
        status=ReportStatus.NOT_PROVIDED if status is None and old else status,
        author=row.get("author"),
        summary=row.get("summary") or "",
        rag=_enum(Rag, row.get("rag")),
        priorities=tuple(
            PriorityRecord(
                plan=priority["plan"], number=priority["number"], title=priority["title"]
            )
            for priority in _rows(row, "priorities")
        ),
    )


def _plan_entry(row: Row, *, old: bool) -> PlanEntryRecord:
    status = _enum(ForwardPlanStatus, row.get("status"))
    return PlanEntryRecord(
        title=row["title"],
        presenter=row.get("presenter"),
        status=ForwardPlanStatus.PLANNED if status is None and old else status,
        raised_here=bool(row.get("raised_here")),
        aimed_here=bool(row.get("aimed_here")),
        target_month=_month(row.get("target_month")),
        item=row.get("item"),
        raised_under_item=row.get("raised_under_item"),
        minutes_allocated=row.get("minutes_allocated"),
        restricted=bool(row.get("restricted")),
        notes=row.get("notes"),
    )


def _next_meeting(row: Row) -> NextMeetingRecord:
    return NextMeetingRecord(
        date=_date(row.get("date")),
        start_time=_time(row.get("start_time")),
        end_time=_time(row.get("end_time")),
        venue=row.get("venue"),
        chair=row.get("chair"),
    )


def _transcript_turn(row: Row) -> TranscriptTurnRecord:
    return TranscriptTurnRecord(
        item=row.get("item"),
        speaker=row["speaker"],
        person=row.get("person"),
        start_seconds=float(row["start_seconds"]),
        end_seconds=float(row["end_seconds"]),
        text=row["text"],
    )
