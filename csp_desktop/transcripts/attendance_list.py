"""Teams' "Download attendance list" file.

The current layout (UTF-16 LE with tabs from the Teams client, UTF-8 with commas from
the web or after Excel) has sections:

    1. Summary                      Meeting title / Start time / End time / ...
    2. Participants                 Name, First Join, Last Leave, In-Meeting Duration,
                                    Email, Participant ID (UPN), Role
    3. In-Meeting Activities        one row per join/leave

The older layout is one table "Full Name, User Action, Timestamp" with a row per
join/leave. Both become one `Participant` per person. Dates are "10/5/22, 9:58:12 AM"
(US) or "05/10/2022, 09:58:12" (UK): the meeting's date decides which.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from csp_desktop.text_decoding import decode_text, looks_binary
from csp_desktop.transcripts.turns import TranscriptUnreadable


class AttendanceListUnreadable(TranscriptUnreadable):
    """The file is not an attendance list."""


@dataclass(frozen=True)
class Participant:
    name: str  # display name as Teams shows it: "Opie, Andy (LBBD)"
    first_join: dt.datetime | None
    last_leave: dt.datetime | None
    duration_seconds: int | None
    email: str = ""
    role: str = ""


@dataclass(frozen=True)
class AttendanceList:
    participants: list[Participant]
    meeting_title: str = ""
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_NAME_HEADERS = ("name", "full name", "participant", "display name")
_JOIN_HEADERS = ("first join", "join time", "first join time", "joined")
_LEAVE_HEADERS = ("last leave", "leave time", "last leave time", "left")
_DURATION_HEADERS = ("in-meeting duration", "duration", "attendance duration")
_SECTION = re.compile(r"^\s*\d+\.\s+(.+?)\s*$")
_DURATION = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?", re.IGNORECASE)
_DATE_FORMATS = (
    "%m/%d/%y, %I:%M:%S %p",
    "%m/%d/%Y, %I:%M:%S %p",
    "%d/%m/%Y, %H:%M:%S",
    "%d/%m/%y, %H:%M:%S",
    "%m/%d/%Y, %H:%M:%S",
    "%m/%d/%y, %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y, %H:%M",
    "%m/%d/%Y, %I:%M %p",
)


def parse_timestamp(text: str, expected_date: dt.date | None = None) -> dt.datetime | None:
    """A Teams timestamp; where US and UK readings differ, the one on the meeting's date."""
    cleaned = " ".join(text.replace("\u202f", " ").split())
    if not cleaned:
        return None
    readings = []
    for layout in _DATE_FORMATS:
        try:
            readings.append(dt.datetime.strptime(cleaned, layout))
        except ValueError:
            continue
    if not readings:
        return None
    if expected_date is not None:
        for reading in readings:
            if reading.date() == expected_date:
                return reading
    return readings[0]


def parse_duration(text: str) -> int | None:
    """ "3h 6m 28s" / "45m 2s" / "01:02:03" -> seconds."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if re.fullmatch(r"\d+:\d{2}(:\d{2})?", cleaned):
        seconds = 0
        for part in cleaned.split(":"):
            seconds = seconds * 60 + int(part)
        return seconds
    found = _DURATION.fullmatch(cleaned)
    if not found or not any(found.groups()):
        return None
    hours, minutes, seconds = (int(g or 0) for g in found.groups())
    return hours * 3600 + minutes * 60 + seconds


def _rows(text: str) -> list[list[str]]:
    lines = text.split("\n")
    delimiter = "\t" if sum(line.count("\t") for line in lines[:40]) else ","
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=delimiter)]
    except csv.Error as error:  # a cell over csv's 128 KiB limit, a stray NUL...
        raise AttendanceListUnreadable(
            f"The file is not a Teams attendance list (its table cannot be read: {error})."
        ) from error


def _column(header: Sequence[str], names: Sequence[str]) -> int | None:
    lowered = [cell.strip().casefold() for cell in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _cell(row: Sequence[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def parse_attendance_list(data: bytes, expected_date: dt.date | None = None) -> AttendanceList:
    """Read the file's bytes.

    Raises:
        AttendanceListUnreadable: no table of participants in it (one plain line).
    """
    decoded = decode_text(data)
    if looks_binary(decoded.text):
        raise AttendanceListUnreadable(
            "The file is not a Teams attendance list (it is not text; save it as .csv)."
        )
    rows = _rows(decoded.text)
    summary: dict[str, str] = {}
    section = ""
    header: list[str] | None = None
    table: list[list[str]] = []
    for row in rows:
        if not any(row):
            if header is not None and table:
                break  # the participants table ended; "3. In-Meeting Activities" follows
            continue
        heading = _SECTION.match(row[0]) if len(row) == 1 or not any(row[1:]) else None
        if heading:
            section = heading.group(1).casefold()
            if header is not None and table:
                break
            continue
        if header is None:
            if _column(row, _NAME_HEADERS) is not None and (
                _column(row, _JOIN_HEADERS) is not None or "user action" in map(str.casefold, row)
            ):
                header = row
                continue
            if len(row) >= 2 and (section.startswith("summary") or not section):
                summary[row[0].casefold()] = row[1]
            continue
        table.append(row)
    if header is None:
        raise AttendanceListUnreadable(
            "The file is not a Teams attendance list: no table with Name and join times."
        )
    title = summary.get("meeting title", "")
    started_at = parse_timestamp(
        summary.get("start time", summary.get("meeting start time", "")), expected_date
    )
    ended_at = parse_timestamp(
        summary.get("end time", summary.get("meeting end time", "")), expected_date
    )
    date_hint = expected_date or (started_at.date() if started_at else None)
    if "user action" in [cell.casefold() for cell in header]:
        participants, skipped = _from_events(header, table, date_hint)
    else:
        participants, skipped = _from_participants(header, table, date_hint)
    notes = [decoded.note] if decoded.note else []
    return AttendanceList(participants, title, started_at, ended_at, skipped, notes)


def _from_participants(
    header: list[str], table: list[list[str]], date_hint: dt.date | None
) -> tuple[list[Participant], list[str]]:
    name_at = _column(header, _NAME_HEADERS)
    join_at = _column(header, _JOIN_HEADERS)
    leave_at = _column(header, _LEAVE_HEADERS)
    duration_at = _column(header, _DURATION_HEADERS)
    email_at = _column(header, ("email", "e-mail"))
    upn_at = _column(header, ("participant id (upn)", "upn"))
    role_at = _column(header, ("role",))
    participants: list[Participant] = []
    skipped: list[str] = []
    for row in table:
        name = _cell(row, name_at)
        if not name:
            skipped.append("a row without a name")
            continue
        first_join = parse_timestamp(_cell(row, join_at), date_hint)
        if first_join is None and _cell(row, join_at):
            skipped.append(f"{name}: unreadable join time {_cell(row, join_at)!r}")
        participants.append(
            Participant(
                name=name,
                first_join=first_join,
                last_leave=parse_timestamp(_cell(row, leave_at), date_hint),
                duration_seconds=parse_duration(_cell(row, duration_at)),
                email=_cell(row, email_at) or _cell(row, upn_at),
                role=_cell(row, role_at),
            )
        )
    return participants, skipped


def _from_events(
    header: list[str], table: list[list[str]], date_hint: dt.date | None
) -> tuple[list[Participant], list[str]]:
    """The older layout: Joined / Left rows, folded into first join and last leave."""
    name_at = _column(header, _NAME_HEADERS)
    action_at = [cell.casefold() for cell in header].index("user action")
    time_at = _column(header, ("timestamp", "time"))
    joins: dict[str, list[dt.datetime]] = {}
    leaves: dict[str, list[dt.datetime]] = {}
    skipped: list[str] = []
    for row in table:
        name, action = _cell(row, name_at), _cell(row, action_at).casefold()
        when = parse_timestamp(_cell(row, time_at), date_hint)
        if not name or when is None:
            skipped.append(
                f"a row that names nobody or has no readable time ({', '.join(row)[:60]})"
            )
            continue
        target = (
            joins if action.startswith("join") else leaves if action.startswith("left") else None
        )
        if target is None:
            skipped.append(f"{name}: unknown action {action!r}")
            continue
        target.setdefault(name, []).append(when)
        joins.setdefault(name, [])
    participants = []
    for name, joined in joins.items():
        first = min(joined) if joined else None
        last = max(leaves[name]) if leaves.get(name) else None
        duration = int((last - first).total_seconds()) if first and last else None
        participants.append(Participant(name, first, last, duration))
    return participants, skipped
