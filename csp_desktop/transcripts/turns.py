"""Who said what, when: the shape every transcript reader returns, and the rules that
turn raw cues into turns (sorted by start, one speaker's consecutive cues merged)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from csp_desktop.errors import ValidationError

UNKNOWN_SPEAKER = "Unknown speaker"


class TranscriptUnreadable(ValidationError):
    """Nothing in the file could be read as a transcript (one plain line)."""


@dataclass(frozen=True)
class Turn:
    """One speaker's words, with offsets in seconds from the start of the recording."""

    speaker: str
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class ParsedTranscript:
    """What a reader made of a file.

    Attributes:
        turns: cues as read, sorted by start time (not yet merged).
        skipped: one sentence per thing left out ("Cue at line 40: no end time").
        notes: facts worth telling the user (encoding guessed, no speaker names).
        recorded_at: when the recording started, where the file says (Teams .docx).
    """

    turns: list[Turn]
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    recorded_at: dt.datetime | None = None


def sort_cues(cues: Iterable[Turn]) -> list[Turn]:
    """By start time; Teams writes overlapping speech out of order. Stable, so cues with
    the same start keep the file's order."""
    return sorted(cues, key=lambda cue: cue.start)


def merge_turns(cues: Sequence[Turn], boundaries: Sequence[float] = ()) -> list[Turn]:
    """Join each run of one speaker's consecutive cues into one turn.

    A run is never joined across a boundary (the offsets where an agenda item started),
    so every turn belongs wholly to one item.
    """
    cuts = sorted(boundaries)
    merged: list[Turn] = []
    for cue in cues:
        if merged:
            last = merged[-1]
            same_segment = bisect.bisect_right(cuts, last.start) == bisect.bisect_right(
                cuts, cue.start
            )
            if last.speaker == cue.speaker and same_segment:
                merged[-1] = replace(
                    last, end=max(last.end, cue.end), text=join_text(last.text, cue.text)
                )
                continue
        merged.append(cue)
    return merged


def join_text(first: str, second: str) -> str:
    if not first:
        return second
    if not second:
        return first
    return f"{first} {second}"


def format_offset(seconds: float) -> str:
    """ "1:02:03" or "2:03", as a transcript shows times."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
