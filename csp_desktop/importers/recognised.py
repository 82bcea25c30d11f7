"""What the minutes parser recognised: frozen records, each keeping its source line.

Line numbers are 0-based indexes into the lines the reader returned, so a review
screen can highlight the source of every field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    """A header value and the line it came from."""

    value: str
    line: int


@dataclass(frozen=True)
class RecognisedPerson:
    name: str  # as the minutes write it, title included ("Councillor Syed Ghani")
    status: str  # present | apologies | absent | additional
    line: int
    organisation: str | None = None
    role: str | None = None  # chair | vice_chair | interim_chair | note_taker | substitute
    substitute_for: str | None = None
    initials: str | None = None  # from a legend: "Lorraine Forrester (LF)"


@dataclass(frozen=True)
class RecognisedPaper:
    name: str
    line: int
    size_bytes: int | None = None


@dataclass(frozen=True)
class RecognisedDecision:
    text: str
    line: int


@dataclass(frozen=True)
class RecognisedAction:
    text: str
    line: int
    source_line: str
    owners: tuple[str, ...] = ()  # attendees matched with certainty
    other_owners: tuple[str, ...] = ()  # groups and roles ("Partners", "Chair")
    unmatched: tuple[str, ...] = ()  # names that fit nobody on the attendance list
    ambiguous: tuple[str, ...] = ()  # initials or names that fit two people: flagged
    owner_phrase: str = ""
    status: str | None = None
    reference: str | None = None
    due_date: dt.date | None = None
    due_text: str | None = None


@dataclass(frozen=True)
class RecognisedItem:
    title: str
    line: int
    number: str | None = None
    presenter: str | None = None
    minutes_allocated: int | None = None
    restricted: bool = False
    papers: tuple[RecognisedPaper, ...] = ()
    text: str = ""  # the item's text as published, every line kept
    first_line: int = 0
    last_line: int = 0
    decisions: tuple[RecognisedDecision, ...] = ()
    actions: tuple[RecognisedAction, ...] = ()


@dataclass(frozen=True)
class RecognisedMeeting:
    lines: tuple[str, ...]
    body: Field | None = None
    date: dt.date | None = None
    date_line: int | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    venue: Field | None = None
    contact: Field | None = None
    title: Field | None = None
    attendance: tuple[RecognisedPerson, ...] = ()
    items: tuple[RecognisedItem, ...] = ()
    # Lines before the first item that are neither header nor attendance: kept as text.
    loose_text: tuple[tuple[int, str], ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def is_minutes(self) -> bool:
        return bool(self.items or self.attendance)
