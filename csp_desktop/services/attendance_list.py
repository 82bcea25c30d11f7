"""Teams' attendance list folded into a meeting's attendance.

Those who joined are marked present; a join well after the start is stamped as a late
arrival, a leave well before the end as an early departure, each against the item
running then (services/item_timeline.py). Display names ("Opie, Andy (LBBD)") are
matched to people as transcript speakers are. Nothing the note taker marked is
overwritten: a member still "absent" (the roster's unmarked state) becomes present, but
"apologies" stays as marked (and is reported), and existing arrival or departure stamps
are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.errors import RecordLocked, ValidationError
from csp_desktop.models import AgendaItem, Attendance, AttendanceStatus, Person
from csp_desktop.services.attendance import add_attendee
from csp_desktop.services.item_timeline import Timeline, meeting_end, meeting_start, timeline
from csp_desktop.services.meetings import get_meeting
from csp_desktop.services.transcripts import is_room_speaker, match_speaker
from csp_desktop.transcripts.attendance_list import AttendanceList, Participant
from csp_desktop.transcripts.suggestions import spoken_name

# Joining within this of the start is not "late"; leaving within this of the end is not "early".
GRACE = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class AttendanceListSummary:
    marked_present: list[str] = field(default_factory=list)
    already_marked: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)  # "Helen Marsh 10:35 (item 4)"
    early: list[str] = field(default_factory=list)
    kept_as_marked: list[str] = field(default_factory=list)  # apologies but joined
    added: list[str] = field(default_factory=list)  # known people added as attendees
    unmatched: list[str] = field(default_factory=list)  # display names nobody matched
    rooms: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"Marked present: {len(self.marked_present)}"
            + (f" ({', '.join(self.marked_present)})" if self.marked_present else "")
            + f"; already marked: {len(self.already_marked)}.",
        ]
        if self.added:
            lines.append(f"Added as attendees: {', '.join(self.added)}.")
        if self.late:
            lines.append(f"Late arrivals: {'; '.join(self.late)}.")
        if self.early:
            lines.append(f"Early departures: {'; '.join(self.early)}.")
        if self.kept_as_marked:
            lines.append(
                "Joined the call but marked otherwise, left as marked: "
                f"{', '.join(self.kept_as_marked)}."
            )
        if self.unmatched:
            lines.append(
                f"Not matched to anyone (add them if they attended): {'; '.join(self.unmatched)}."
            )
        if self.rooms:
            lines.append(
                f"Meeting rooms (count the people in them by hand): {', '.join(self.rooms)}."
            )
        lines += [f"Skipped: {s}" for s in self.skipped]
        return lines


def _item_words(item: AgendaItem | None) -> str:
    if item is None:
        return ""
    return f" (item {item.number})" if item.number else f" ({item.title})"


def apply_attendance_list(
    session: Session, meeting_id: int, parsed: AttendanceList
) -> AttendanceListSummary:
    meeting = get_meeting(session, meeting_id)
    if meeting.is_locked:
        raise RecordLocked(
            "These minutes have been approved, so the attendance can no longer be changed."
        )
    if not parsed.participants:
        raise ValidationError("The attendance list names nobody.")
    items = list(session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)))
    by_id = {item.id: item for item in items}
    plan = timeline(meeting, items)
    start = meeting_start(meeting)
    end = meeting_end(meeting) or parsed.ended_at
    records = {
        a.person_id: a
        for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))
    }
    attendees = [a.person for a in records.values()]
    everyone = list(session.scalars(select(Person)))
    by_email = {p.email.casefold(): p for p in everyone if p.email}
    summary = AttendanceListSummary(skipped=list(parsed.skipped))
    for participant in parsed.participants:
        if is_room_speaker(participant.name):
            summary.rooms.append(participant.name)
            continue
        person = by_email.get(participant.email.casefold()) if participant.email else None
        person = person or match_speaker(participant.name, attendees, everyone)
        if person is None:
            summary.unmatched.append(participant.name)
            continue
        record = records.get(person.id)
        if record is None:
            add_attendee(session, meeting_id, person.name)
            record = session.scalars(
                select(Attendance).where(
                    Attendance.meeting_id == meeting_id, Attendance.person_id == person.id
                )
            ).one()
            records[person.id] = record
            summary.added.append(person.display_name)
        elif record.status in (AttendanceStatus.ABSENT, AttendanceStatus.UNMARKED):
            record.status = (
                AttendanceStatus.PRESENT if record.is_member else AttendanceStatus.ADDITIONAL
            )
            summary.marked_present.append(person.display_name)
        elif record.status is AttendanceStatus.APOLOGIES:
            summary.kept_as_marked.append(f"{person.display_name} (apologies)")
            continue
        else:
            summary.already_marked.append(person.display_name)
        _stamp_times(record, participant, start, end, plan, by_id, summary, person.display_name)
    session.flush()
    return summary


def _stamp_times(
    record: Attendance,
    participant: Participant,
    start: dt.datetime,
    end: dt.datetime | None,
    plan: Timeline,
    by_id: dict[int, AgendaItem],
    summary: AttendanceListSummary,
    name: str,
) -> None:
    joined, left = participant.first_join, participant.last_leave
    if joined and joined > start + GRACE and record.arrived_at is None:
        item_id = plan.item_at(joined)
        record.arrived_at = joined
        record.arrived_during_item_id = item_id
        summary.late.append(f"{name} {joined:%H:%M}{_item_words(by_id.get(item_id or -1))}")
    if left and end and left < end - GRACE and record.left_at is None:
        item_id = plan.item_at(left)
        record.left_at = left
        record.left_during_item_id = item_id
        summary.early.append(f"{name} {left:%H:%M}{_item_words(by_id.get(item_id or -1))}")


def add_unmatched(session: Session, meeting_id: int, display_name: str) -> str:
    """One key for an unmatched name: add them as an attendee, "Opie, Andy (LBBD)" ->
    Andy Opie of LBBD. Returns the name added."""
    organisation = re.search(r"\(([^()]*)\)\s*$", display_name)
    name = spoken_name(display_name)
    org = organisation.group(1).strip() if organisation else ""
    add_attendee(session, meeting_id, f"{name}, {org}" if org else name)
    return name
