"""A meeting's Teams transcript stored as turns under the items they were said in.

`import_transcript` takes what a reader in `csp_desktop.transcripts` made of the file,
cuts it at the items' start times (the live clock's, or the allocations'), matches each
speaker's display name to an attendee once for the whole file, and keeps the sentences
that read as commitments as suggestions (never as actions until the note taker accepts
one). Retention: a body may have transcripts deleted once the minutes are approved; the
`Transcript` row stays as the record of when.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import NotFound, ValidationError
from csp_desktop.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingStatus,
    Person,
    SuggestionStatus,
    Transcript,
    TranscriptSpeaker,
    TranscriptSuggestion,
    TranscriptTurn,
)
from csp_desktop.services.agenda import save_item_minutes
from csp_desktop.services.interchange_records import TranscriptTurnRecord
from csp_desktop.services.item_timeline import meeting_start, timeline
from csp_desktop.services.meetings import get_meeting
from csp_desktop.services.people import name_key, split_name
from csp_desktop.services.publication import visibility
from csp_desktop.services.transcript_retention import apply_retention as apply_retention
from csp_desktop.services.transcript_retention import delete_words as _delete_words
from csp_desktop.services.transcript_retention import (
    deletes_when_approved as deletes_when_approved,
)
from csp_desktop.services.transcript_retention import set_retention as set_retention
from csp_desktop.transcripts.turns import ParsedTranscript, Turn, format_offset, merge_turns

# Meeting-room devices and voices Teams could not tell apart: never a person to match.
_ROOM = re.compile(r"^(?:speaker \d+|unknown speaker)\b|\(room\)$|\broom\b", re.IGNORECASE)


@dataclass(frozen=True)
class SpeakerRow:
    transcript_id: int
    label: str
    person_id: int | None
    person_name: str
    turns: int
    is_room: bool


@dataclass(frozen=True)
class TranscriptSummary:
    """What an import did, in numbers and sentences for the user."""

    meeting_id: int
    transcript_id: int
    source_name: str
    cues: int
    turns: int
    recorded_at: dt.datetime
    recorded_at_source: str  # "the file", "the live clock", "the agenda's start time", "you"
    from_clock: bool
    turns_per_item: list[tuple[str, int]]  # ("Item 4: Performance", 52)
    speakers: list[SpeakerRow]
    suggestions: int
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    replaced: bool = False

    @property
    def unmatched(self) -> list[SpeakerRow]:
        return [s for s in self.speakers if s.person_id is None]

    def lines(self) -> list[str]:
        matched = len(self.speakers) - len(self.unmatched)
        cut = "the live clock's item times" if self.from_clock else "the agenda's allocations"
        lines = [
            f"Imported {self.turns} turns ({self.cues} cues) from {self.source_name}, "
            f"recording taken to start at {self.recorded_at:%H:%M:%S} ({self.recorded_at_source}); "
            f"cut into items by {cut}.",
            f"Speakers: {matched} of {len(self.speakers)} matched to people.",
        ]
        if self.unmatched:
            lines.append(
                "To match once for the whole transcript: "
                + "; ".join(f"{s.label} ({s.turns} turns)" for s in self.unmatched)
                + "."
            )
        lines += [f"  {label}: {count} turns" for label, count in self.turns_per_item]
        lines.append(f"{self.suggestions} suggested actions to review (none added to the minutes).")
        if self.replaced:
            lines.append("The meeting's earlier transcript was replaced.")
        lines += [f"Skipped: {s}" for s in self.skipped]
        lines += [f"Note: {n}" for n in self.notes]
        return lines


@dataclass(frozen=True)
class TurnRow:
    id: int
    speaker: str  # the person's name where matched, else the transcript's label
    speaker_label: str
    start_seconds: float
    end_seconds: float
    at: dt.datetime | None  # clock time
    text: str
    agenda_item_id: int | None

    @property
    def time_label(self) -> str:
        return f"{self.at:%H:%M:%S}" if self.at else format_offset(self.start_seconds)


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    turn_id: int
    speaker: str
    at: dt.datetime | None
    start_seconds: float
    sentence: str
    action_text: str
    agenda_item_id: int | None

    @property
    def time_label(self) -> str:
        return f"{self.at:%H:%M}" if self.at else format_offset(self.start_seconds)


# --- speakers -----------------------------------------------------------------------------


def is_room_speaker(label: str) -> bool:
    """ "Speaker 1 (Room)", "Conference Room BLC (Room)", "Unknown speaker"."""
    return bool(_ROOM.search(label.strip()))


def _name_forms(person: Person) -> set[str]:
    forms = {name_key(person.name)}
    if person.last_name:
        forms.add(name_key(f"{person.first_name.split()[0]} {person.last_name.split()[-1]}"))
    return forms


def match_speaker(
    label: str, attendees: Sequence[Person], everyone: Sequence[Person]
) -> Person | None:
    """The person a display name means: attendees first, then anyone, only if unique.

    "Opie, Andy (LBBD)" and "Andy Opie" both find Andy Opie; titles are ignored."""
    if is_room_speaker(label):
        return None
    from csp_desktop.transcripts.suggestions import spoken_name  # not at start-up

    spoken = spoken_name(label)
    try:
        _title, first, last = split_name(spoken)
    except ValidationError:
        return None
    wanted = {name_key(f"{first} {last}")}
    if last:
        wanted.add(name_key(f"{first.split()[0]} {last.split()[-1]}"))
    for pool in (attendees, everyone):
        found = {p.id: p for p in pool if _name_forms(p) & wanted}
        if len(found) == 1:
            return next(iter(found.values()))
        if len(found) > 1:
            return None  # two people of that name: the note taker decides
    return None


def _attendees(session: Session, meeting_id: int) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .join(Attendance, Attendance.person_id == Person.id)
            .where(Attendance.meeting_id == meeting_id)
        )
    )


# --- import -------------------------------------------------------------------------------


def active_transcript(session: Session, meeting_id: int) -> Transcript | None:
    return session.scalars(
        select(Transcript)
        .where(Transcript.meeting_id == meeting_id, Transcript.deleted_at.is_(None))
        .order_by(Transcript.id.desc())
    ).first()


def _item_label(item: AgendaItem) -> str:
    return f"Item {item.number}: {item.title}" if item.number else item.title


def import_transcript(
    session: Session,
    meeting_id: int,
    parsed: ParsedTranscript,
    source_name: str,
    clock: Clock,
    *,
    recorded_at: dt.datetime | None = None,
) -> TranscriptSummary:
    """Store a parsed transcript against a meeting, replacing any earlier one.

    Args:
        recorded_at: when the recording started, if the user knows better than the file
            (a .vtt does not say; a .docx does). Otherwise the live clock's start of the
            meeting, else its planned start.
    """
    meeting = get_meeting(session, meeting_id)
    if meeting.status is MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled, so it has no transcript.")
    if meeting.is_locked and deletes_when_approved(session, meeting.body_id):
        raise ValidationError(
            f"{meeting.body.name} deletes transcripts once the minutes are approved, "
            "and these minutes are approved."
        )
    items = list(session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)))
    if recorded_at is not None:
        start, start_source = recorded_at, "as given"
    elif parsed.recorded_at is not None:
        start, start_source = parsed.recorded_at, "from the file"
    elif meeting.started_at is not None:
        start, start_source = meeting.started_at, "when the live clock started the meeting"
    else:
        start, start_source = meeting_start(meeting), "the meeting's planned start"
    plan = timeline(meeting, items)
    boundaries = [(moment - start).total_seconds() for moment in plan.starts]
    turns = merge_turns(parsed.turns, boundaries)

    now = clock.now()
    previous = active_transcript(session, meeting_id)
    if previous is not None:
        _delete_words(session, previous, now, "replaced by a new import")
    transcript = Transcript(
        meeting_id=meeting_id,
        source_name=source_name,
        imported_at=now,
        imported_by=clock.user(),
        recorded_at=start,
        turn_count=len(turns),
    )
    session.add(transcript)
    session.flush()

    attendees = _attendees(session, meeting_id)
    everyone = list(session.scalars(select(Person)))
    labels = list(dict.fromkeys(turn.speaker for turn in turns))
    people = {label: match_speaker(label, attendees, everyone) for label in labels}
    person_ids = {label: person.id if person else None for label, person in people.items()}
    session.add_all(
        TranscriptSpeaker(
            transcript_id=transcript.id,
            label=label,
            person_id=person.id if person else None,
        )
        for label, person in people.items()
    )
    item_of = [plan.item_at(start + dt.timedelta(seconds=turn.start)) for turn in turns]
    if turns:
        session.execute(
            insert(TranscriptTurn),
            [
                {
                    "transcript_id": transcript.id,
                    "position": position,
                    "speaker_label": turn.speaker,
                    "person_id": person_ids[turn.speaker],
                    "start_seconds": turn.start,
                    "end_seconds": max(turn.end, turn.start),
                    "text": turn.text,
                    "agenda_item_id": item_of[position],
                }
                for position, turn in enumerate(turns)
            ],
        )
    turn_ids = list(
        session.scalars(
            select(TranscriptTurn.id)
            .where(TranscriptTurn.transcript_id == transcript.id)
            .order_by(TranscriptTurn.position)
        )
    )
    from csp_desktop.transcripts.suggestions import suggest_actions  # not at start-up

    suggestions = suggest_actions(_named_turns(turns, people))
    if suggestions:
        session.execute(
            insert(TranscriptSuggestion),
            [
                {
                    "turn_id": turn_ids[s.turn_index],
                    "sentence": s.sentence,
                    "owner": s.owner,
                    "action_text": s.action_text,
                    "status": SuggestionStatus.PENDING,
                }
                for s in suggestions
            ],
        )
    session.flush()
    counts = Counter(item_of)
    by_id = {item.id: item for item in items}
    per_item = [
        (_item_label(by_id[item_id]), counts[item_id])
        for item_id in sorted(counts, key=lambda i: by_id[i].position if i in by_id else 0)
        if item_id in by_id
    ]
    return TranscriptSummary(
        meeting_id=meeting_id,
        transcript_id=transcript.id,
        source_name=source_name,
        cues=len(parsed.turns),
        turns=len(turns),
        recorded_at=start,
        recorded_at_source=start_source,
        from_clock=plan.from_clock,
        turns_per_item=per_item,
        speakers=speakers(session, meeting_id),
        suggestions=len(suggestions),
        skipped=list(parsed.skipped),
        notes=list(parsed.notes),
        replaced=previous is not None,
    )


def _named_turns(turns: Sequence[Turn], people: dict[str, Person | None]) -> list[Turn]:
    """Turns whose speaker reads as the person's name, so suggestions name owners as the
    ACTION rules will match them ("Andy Opie", not "Opie, Andy (LBBD)")."""
    named = []
    for turn in turns:
        person = people.get(turn.speaker)
        named.append(Turn(person.name if person else turn.speaker, turn.start, turn.end, turn.text))
    return named


# --- speakers to map ----------------------------------------------------------------------


def speakers(session: Session, meeting_id: int) -> list[SpeakerRow]:
    """The transcript's speakers with who they were matched to; unmatched first."""
    transcript = active_transcript(session, meeting_id)
    if transcript is None:
        return []
    counts = Counter(
        session.scalars(
            select(TranscriptTurn.speaker_label).where(
                TranscriptTurn.transcript_id == transcript.id
            )
        )
    )
    rows = []
    for speaker, person in session.execute(
        select(TranscriptSpeaker, Person)
        .outerjoin(Person, TranscriptSpeaker.person_id == Person.id)
        .where(TranscriptSpeaker.transcript_id == transcript.id)
        .order_by(TranscriptSpeaker.id)
    ).all():
        rows.append(
            SpeakerRow(
                transcript_id=transcript.id,
                label=speaker.label,
                person_id=speaker.person_id,
                person_name=person.display_name if person else "",
                turns=counts[speaker.label],
                is_room=is_room_speaker(speaker.label),
            )
        )
    return sorted(rows, key=lambda r: (r.person_id is not None, -r.turns))


def map_speaker(session: Session, meeting_id: int, label: str, person_id: int | None) -> int:
    """Say once who a speaker is (or None: not known); every turn of theirs follows.
    Returns the number of turns changed."""
    transcript = active_transcript(session, meeting_id)
    if transcript is None:
        raise NotFound("This meeting has no transcript.")
    speaker = session.scalars(
        select(TranscriptSpeaker).where(
            TranscriptSpeaker.transcript_id == transcript.id, TranscriptSpeaker.label == label
        )
    ).first()
    if speaker is None:
        raise NotFound(f"Nobody called {label!r} speaks in this meeting's transcript.")
    if person_id is not None and session.get(Person, person_id) is None:
        raise NotFound(f"Person {person_id} does not exist.")
    speaker.person_id = person_id
    result = session.execute(
        update(TranscriptTurn)
        .where(TranscriptTurn.transcript_id == transcript.id, TranscriptTurn.speaker_label == label)
        .values(person_id=person_id)
    )
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


# --- reading ------------------------------------------------------------------------------


def item_turns(session: Session, item_id: int) -> list[TurnRow]:
    """What was said during an item, in order (read-only beside its minutes)."""
    rows = session.execute(
        select(TranscriptTurn, Person, Transcript.recorded_at)
        .join(Transcript, TranscriptTurn.transcript_id == Transcript.id)
        .outerjoin(Person, TranscriptTurn.person_id == Person.id)
        .where(TranscriptTurn.agenda_item_id == item_id, Transcript.deleted_at.is_(None))
        .order_by(TranscriptTurn.transcript_id, TranscriptTurn.position)
    ).all()
    return [
        TurnRow(
            id=turn.id,
            speaker=person.display_name if person else turn.speaker_label,
            speaker_label=turn.speaker_label,
            start_seconds=turn.start_seconds,
            end_seconds=turn.end_seconds,
            at=recorded + dt.timedelta(seconds=turn.start_seconds) if recorded else None,
            text=turn.text,
            agenda_item_id=turn.agenda_item_id,
        )
        for turn, person, recorded in rows
    ]


def item_suggestions(session: Session, item_id: int) -> list[SuggestionRow]:
    """Suggested actions said during an item, still waiting for the note taker."""
    rows = session.execute(
        select(TranscriptSuggestion, TranscriptTurn, Person, Transcript.recorded_at)
        .join(TranscriptTurn, TranscriptSuggestion.turn_id == TranscriptTurn.id)
        .join(Transcript, TranscriptTurn.transcript_id == Transcript.id)
        .outerjoin(Person, TranscriptTurn.person_id == Person.id)
        .where(
            TranscriptTurn.agenda_item_id == item_id,
            TranscriptSuggestion.status == SuggestionStatus.PENDING,
        )
        .order_by(TranscriptTurn.position, TranscriptSuggestion.id)
    ).all()
    return [
        SuggestionRow(
            id=suggestion.id,
            turn_id=turn.id,
            speaker=person.display_name if person else turn.speaker_label,
            at=recorded + dt.timedelta(seconds=turn.start_seconds) if recorded else None,
            start_seconds=turn.start_seconds,
            sentence=suggestion.sentence,
            action_text=suggestion.action_text,
            agenda_item_id=turn.agenda_item_id,
        )
        for suggestion, turn, person, recorded in rows
    ]


def _suggestion(
    session: Session, suggestion_id: int
) -> tuple[TranscriptSuggestion, TranscriptTurn]:
    suggestion = session.get(TranscriptSuggestion, suggestion_id)
    if suggestion is None:
        raise NotFound(f"Suggested action {suggestion_id} no longer exists.")
    turn = session.get(TranscriptTurn, suggestion.turn_id)
    assert turn is not None  # the foreign key cascades
    return suggestion, turn


def accept_suggestion(
    session: Session, suggestion_id: int, clock: Clock, *, text: str | None = None
) -> str:
    """Add the suggestion to its item's minutes as an `ACTION:` line, synced like any
    typed one. Returns the line added."""
    suggestion, turn = _suggestion(session, suggestion_id)
    if turn.agenda_item_id is None:
        raise ValidationError("This suggestion was said outside any agenda item.")
    item = session.get(AgendaItem, turn.agenda_item_id)
    assert item is not None
    body = " ".join((text or suggestion.action_text).split())
    line = f"ACTION: {body}"
    minutes = item.minutes_text.rstrip("\n")
    save_item_minutes(session, item.id, f"{minutes}\n{line}" if minutes else line, clock)
    suggestion.status = SuggestionStatus.ACCEPTED
    session.flush()
    return line


def mark_suggestion_accepted(session: Session, suggestion_id: int) -> None:
    """The window put the line in the minutes editor itself (its autosave syncs the
    ACTION); here the suggestion is only marked done."""
    suggestion, _turn = _suggestion(session, suggestion_id)
    suggestion.status = SuggestionStatus.ACCEPTED
    session.flush()


def dismiss_suggestion(session: Session, suggestion_id: int) -> None:
    suggestion, _turn = _suggestion(session, suggestion_id)
    suggestion.status = SuggestionStatus.DISMISSED
    session.flush()


@dataclass(frozen=True)
class TranscriptRecord:
    source_name: str
    imported_at: dt.datetime
    deleted_at: dt.datetime | None
    deleted_reason: str | None
    turn_count: int


def transcript_records(session: Session, meeting_id: int) -> list[TranscriptRecord]:
    """Every transcript a meeting has had, including deleted ones (the retention record)."""
    return [
        TranscriptRecord(t.source_name, t.imported_at, t.deleted_at, t.deleted_reason, t.turn_count)
        for t in session.scalars(
            select(Transcript).where(Transcript.meeting_id == meeting_id).order_by(Transcript.id)
        )
    ]


def transcript_turns(
    session: Session, meeting_id: int, *, public: bool
) -> tuple[TranscriptTurnRecord, ...]:
    """The transcript for the interchange file (only when asked for). In a public file
    the turns said during restricted items are withheld, by `services.publication`."""
    transcript = active_transcript(session, meeting_id)
    if transcript is None:
        return ()
    shown = visibility(public)
    items = {
        item.id: item
        for item in session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id))
    }
    rows = session.execute(
        select(TranscriptTurn, Person)
        .outerjoin(Person, TranscriptTurn.person_id == Person.id)
        .where(TranscriptTurn.transcript_id == transcript.id)
        .order_by(TranscriptTurn.position)
    ).all()
    turns: list[TranscriptTurnRecord] = []
    for turn, person in rows:
        item = items.get(turn.agenda_item_id or -1)
        if not shown.shows_transcript_turn(item):
            continue
        turns.append(
            TranscriptTurnRecord(
                item=(item.number or item.title) if item else None,
                speaker=turn.speaker_label,
                person=person.display_name if person else None,
                start_seconds=round(turn.start_seconds, 3),
                end_seconds=round(turn.end_seconds, 3),
                text=turn.text,
            )
        )
    return tuple(turns)


def has_transcript(session: Session, meeting_id: int) -> bool:
    return active_transcript(session, meeting_id) is not None


def deleted_transcripts(session: Session, body_id: int) -> list[tuple[str, TranscriptRecord]]:
    """The retention record: each of a body's meetings whose transcript words were
    deleted, with the file, when and why (newest first)."""
    from csp_desktop.services.meetings import meeting_label

    rows = session.execute(
        select(Transcript, Meeting)
        .join(Meeting, Transcript.meeting_id == Meeting.id)
        .where(Meeting.body_id == body_id, Transcript.deleted_at.is_not(None))
        .order_by(Transcript.deleted_at.desc(), Transcript.id.desc())
    ).all()
    return [
        (
            meeting_label(meeting),
            TranscriptRecord(
                t.source_name, t.imported_at, t.deleted_at, t.deleted_reason, t.turn_count
            ),
        )
        for t, meeting in rows
    ]
