"""What an ACTION line was understood to say, in words for the note taker.

The window shows this beside the line being typed ("Owner: Andy Opie · due Mon 30 Nov
2026 — in the past? · not matched: Hanna Doyl"), so a wrong owner or a surprising due
date is seen while the speaker is still talking, not found weeks later in the tracker.
The parsing itself is `services/action_parser.py`'s; this module only reads its result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from csp_desktop.services.action_parser import (
    OwnerCandidate,
    find_due_as_typed,
    match_action_line,
    parse_action,
)
from csp_desktop.services.formatting import DAY_NAMES, short_uk_date
from csp_desktop.services.meetings import get_meeting

# A due date further than this after the meeting is probably a year too late (a "by 30
# November" typed just after 30 November lands eleven months on).
FAR_OFF_DAYS = 183


@dataclass(frozen=True)
class ActionLineContext:
    """What reading a meeting's ACTION lines needs: its date and the known people."""

    meeting_date: dt.date
    candidates: tuple[OwnerCandidate, ...]


@dataclass(frozen=True)
class ActionLineReading:
    """One ACTION line as understood: owners, due date (and a doubt about it), strangers."""

    owners: tuple[str, ...]
    other_owners: tuple[str, ...]
    unmatched: tuple[str, ...]
    ambiguous: tuple[str, ...]
    due_date: dt.date | None
    due_text: str | None
    due_doubt: str | None  # "in the past?", "next year?", "far off?"

    @property
    def needs_attention(self) -> bool:
        return bool(self.unmatched or self.ambiguous or self.due_doubt or not self.has_owner)

    @property
    def has_owner(self) -> bool:
        return bool(self.owners or self.other_owners)

    def summary(self) -> str:
        """One line: "Owner: Andy Opie · due Mon 30 Nov 2026 — in the past?"."""
        parts: list[str] = []
        named = [*self.owners, *self.other_owners]
        if named:
            parts.append(f"Owner{'s' if len(named) > 1 else ''}: {', '.join(named)}")
        elif not (self.unmatched or self.ambiguous):
            parts.append("No owner yet")
        if self.due_date is not None:
            due = f"due {weekday_date(self.due_date)}"
            parts.append(f"{due} — {self.due_doubt}" if self.due_doubt else due)
        elif self.due_text:
            parts.append(f"due “{self.due_text}” (no date)")
        if self.unmatched:
            parts.append(f"not matched: {', '.join(self.unmatched)}")
        if self.ambiguous:
            parts.append(f"more than one person could be: {', '.join(self.ambiguous)}")
        return " · ".join(parts)


def weekday_date(day: dt.date) -> str:
    """ "Mon 30 Nov 2026"."""
    return f"{DAY_NAMES[day.weekday()][:3]} {short_uk_date(day)}"


def action_line_context(session: Session, meeting_id: int) -> ActionLineContext:
    # Imported here: read when the cursor is first on an ACTION line, not at start-up.
    from csp_desktop.services.actions import owner_candidates

    meeting = get_meeting(session, meeting_id)
    return ActionLineContext(meeting.date, tuple(owner_candidates(session, meeting)))


def due_doubt(due: dt.date, meeting_date: dt.date) -> str | None:
    """Why a due date may not be what was meant, or None."""
    if due < meeting_date:
        return "in the past?"
    if (due - meeting_date).days > FAR_OFF_DAYS:
        return "next year?" if due.year > meeting_date.year else "far off?"
    return None


def read_action_line(line: str, context: ActionLineContext) -> ActionLineReading | None:
    """How `line` would be recorded, or None if it is not an ACTION line."""
    body = match_action_line(line)
    if body is None:
        return None
    parsed = parse_action(body, context.candidates, on=context.meeting_date)
    names = {c.person_id: _name(c) for c in context.candidates}
    owners = tuple(names[i] for i in parsed.owner_ids if i in names)
    due_date, due_text = parsed.due_date, parsed.due_text
    if due_date is None and due_text is None:
        # The record drops a due point already past; the note taker is told about it.
        due_date, due_text = find_due_as_typed(parsed.text, context.meeting_date)
    doubt = due_doubt(due_date, context.meeting_date) if due_date else None
    return ActionLineReading(
        owners=owners,
        other_owners=tuple(parsed.other_owners),
        unmatched=tuple(parsed.unmatched),
        ambiguous=tuple(parsed.ambiguous),
        due_date=due_date,
        due_text=due_text,
        due_doubt=doubt,
    )


def _name(candidate: OwnerCandidate) -> str:
    return " ".join(p for p in (candidate.first_name, candidate.last_name) if p)
