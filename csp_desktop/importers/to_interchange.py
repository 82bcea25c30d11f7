"""A recognised meeting as an interchange document (docs/meeting.schema.json).

Only what the minutes say is written: a field the text does not give stays null, and
lines that fit no field stay in the item's minutes text or the meeting's notes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from csp_desktop.errors import UserError
from csp_desktop.importers.recognised import RecognisedItem, RecognisedMeeting

_KINDS: tuple[tuple[str, str], ...] = (
    (r"\bdeclarations?\b", "declarations"),
    (r"\b(?:apolog|introduc|welcome)", "introductions"),
    (
        r"\b(?:minutes|notes)\b.*\b(?:previous|last|meeting)|matters\s+arising|action\s+(?:log|tracker)",
        "previous_minutes",
    ),
    (r"\bforward\s+plan|work\s+programme", "forward_plan"),
    (r"\bany\s+other\s+business|\baob\b|urgent\s+business", "any_other_business"),
    (r"\bsub\s*[-–]?\s*groups?\b", "subgroup_updates"),
    (r"\b(?:date|details)\s+of\s+(?:the\s+)?next\s+meeting|\bnext\s+meeting\b", "next_meeting"),
)


def item_kind(title: str) -> str:
    for pattern, kind in _KINDS:
        if re.search(pattern, title, re.IGNORECASE):
            return kind
    return "topical"


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _numbers(items: tuple[RecognisedItem, ...]) -> list[str | None]:
    """Item numbers as written, unique; an unnumbered document numbers its items in order."""
    if items and all(item.number is None for item in items):
        return [str(i) for i in range(1, len(items) + 1)]
    seen: set[str] = set()
    numbers: list[str | None] = []
    for item in items:
        number = item.number
        if number is not None:
            base, count = number, 2
            while number in seen:
                number, count = f"{base} ({count})", count + 1
            seen.add(number)
        numbers.append(number)
    return numbers


def to_document(
    meeting: RecognisedMeeting,
    *,
    source_name: str,
    body: str | None = None,
    date: dt.date | None = None,
) -> dict[str, Any]:
    """The interchange document for `meeting`; `body` and `date` override the text's.

    Raises:
        UserError: the text gives no meeting date (or body) and none was supplied.
    """
    body_name = body or (meeting.body.value if meeting.body else None)
    when = date or meeting.date
    if when is None:
        raise UserError(f"{source_name}: no meeting date found in the text; give one with --date.")
    if not body_name:
        raise UserError(f"{source_name}: no body name found in the text; give one with --body.")
    notes = [f"Imported from {source_name}."]
    notes.extend(text.strip() for _, text in meeting.loose_text if text.strip())
    attendance: list[dict[str, Any]] = []
    for person in meeting.attendance:
        attendance.append(
            {
                "person": person.name,
                "organisation": person.organisation,
                "status": person.status,
                "role": person.role,
                "substitute_for": person.substitute_for,
            }
        )
    numbers = _numbers(meeting.items)
    items: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    for item, number in zip(meeting.items, numbers, strict=True):
        items.append(
            {
                "number": number,
                "title": item.title,
                "kind": item_kind(item.title),
                "presenter": item.presenter,
                "minutes_allocated": item.minutes_allocated,
                "restricted": item.restricted,
                "minutes_text": item.text or None,
                "decisions": [d.text for d in item.decisions if d.text.strip()],
                "papers": [
                    {"name": paper.name, "size_bytes": paper.size_bytes} for paper in item.papers
                ],
            }
        )
        for action in item.actions:
            actions.append(
                {
                    "owners": list(action.owners),
                    "other_owners": "; ".join(action.other_owners) or None,
                    "unmatched_owners": [*action.unmatched, *action.ambiguous],
                    "text": action.text,
                    "item": number,
                    "due_date": action.due_date.isoformat() if action.due_date else None,
                    "due_text": action.due_text,
                    "status": action.status or "open",
                    "restricted": item.restricted,
                    "source_line": action.source_line,
                    "source_order": len(actions),
                }
            )
    return {
        "format": "csp-desktop/meeting",
        "version": 1,
        "meeting": {
            "body": {"name": body_name},
            "date": when.isoformat(),
            "start_time": _time(meeting.start_time),
            "end_time": _time(meeting.end_time),
            "venue": meeting.venue.value if meeting.venue else None,
            "contact_officer": meeting.contact.value if meeting.contact else None,
            "title": meeting.title.value if meeting.title else None,
            "notes": "\n".join(notes),
        },
        "attendance": attendance,
        "agenda_items": items,
        "actions_raised": actions,
    }
