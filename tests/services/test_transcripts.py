"""A transcript stored under the items it was said in; speakers, suggestions, retention."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import NotFound, ValidationError
from csp_desktop.models import (
    Action,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Transcript,
    TranscriptTurn,
)
from csp_desktop.services import agenda, search, transcripts
from csp_desktop.services.minutes import approve_minutes
from csp_desktop.transcripts.turns import ParsedTranscript, Turn
from tests.factories import make_body, make_meeting, make_person, mark

START = dt.datetime(2022, 10, 5, 10, 0)


def _meeting(session: Session) -> Meeting:
    body = make_body(session)
    meeting = make_meeting(session, body, items=["Introductions", "Performance", "VAWG strategy"])
    for item, minutes in zip(meeting.items, (5, 20, 30), strict=True):
        item.minutes_allocated = minutes
    mark(session, meeting, make_person(session, "Andy Opie"), AttendanceStatus.PRESENT)
    mark(session, meeting, make_person(session, "Helen Marsh"), AttendanceStatus.PRESENT)
    ghani = make_person(session, "Syed Ghani", title="Councillor")
    mark(session, meeting, ghani, AttendanceStatus.PRESENT)
    session.flush()
    return meeting


def _parsed() -> ParsedTranscript:
    return ParsedTranscript(
        [
            Turn("Ghani, Syed (Cllr, LBBD)", 5, 10, "Good morning, welcome."),
            Turn("Ghani, Syed (Cllr, LBBD)", 11, 14, "Item two, performance."),
            Turn("Marsh, Helen (Met Police)", 400, 420, "Knife crime is down eleven percent."),
            Turn("Marsh, Helen (Met Police)", 421, 430, "I'll send the ward figures by Friday."),
            Turn("Speaker 1 (Room)", 1600, 1610, "Sorry, the microphone cut out."),
            Turn("Opie, Andy (LBBD)", 1700, 1710, "The strategy had two hundred responses."),
        ]
    )


def _item_of_turns(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(
        select(TranscriptTurn.speaker_label, TranscriptTurn.agenda_item_id).order_by(
            TranscriptTurn.position
        )
    ).all()
    titles = {i.id: i.title for i in session.scalars(select(agenda.AgendaItem))}
    return [(label, titles[item_id]) for label, item_id in rows]


def test_without_the_live_clock_turns_follow_the_allocations(session: Session) -> None:
    meeting = _meeting(session)
    summary = transcripts.import_transcript(session, meeting.id, _parsed(), "call.vtt", FakeClock())
    assert summary.recorded_at == START and not summary.from_clock
    assert _item_of_turns(session) == [
        ("Ghani, Syed (Cllr, LBBD)", "Introductions"),  # two cues merged into one turn
        ("Marsh, Helen (Met Police)", "Performance"),
        ("Speaker 1 (Room)", "VAWG strategy"),  # 10:26:40 is past 10:25
        ("Opie, Andy (LBBD)", "VAWG strategy"),
    ]
    assert summary.turns == 4 and summary.cues == 6
    assert summary.turns_per_item == [
        ("Item 1: Introductions", 1),
        ("Item 2: Performance", 1),
        ("Item 3: VAWG strategy", 2),
    ]


def test_with_the_live_clock_turns_are_cut_at_the_items_real_times(session: Session) -> None:
    meeting = _meeting(session)
    clock = FakeClock(START)
    intro, performance, vawg = meeting.items
    agenda.start_item(session, intro.id, clock)
    clock.current = START + dt.timedelta(seconds=10)  # performance started early
    agenda.start_item(session, performance.id, clock)
    clock.current = START + dt.timedelta(seconds=1650)
    agenda.start_item(session, vawg.id, clock)
    summary = transcripts.import_transcript(session, meeting.id, _parsed(), "call.vtt", clock)
    assert summary.from_clock
    assert _item_of_turns(session) == [
        ("Ghani, Syed (Cllr, LBBD)", "Introductions"),
        ("Ghani, Syed (Cllr, LBBD)", "Performance"),  # not merged across the item boundary
        ("Marsh, Helen (Met Police)", "Performance"),
        ("Speaker 1 (Room)", "Performance"),
        ("Opie, Andy (LBBD)", "VAWG strategy"),
    ]


def test_speakers_match_attendees_and_the_rest_are_listed_to_map_once(session: Session) -> None:
    meeting = _meeting(session)
    summary = transcripts.import_transcript(session, meeting.id, _parsed(), "call.vtt", FakeClock())
    by_label = {s.label: s for s in summary.speakers}
    assert by_label["Opie, Andy (LBBD)"].person_name == "Andy Opie"
    assert by_label["Ghani, Syed (Cllr, LBBD)"].person_name == "Councillor Syed Ghani"
    assert [s.label for s in summary.unmatched] == ["Speaker 1 (Room)"]
    assert summary.unmatched[0].is_room
    assert "Speaker 1 (Room) (1 turns)" in " ".join(summary.lines())

    andy = by_label["Opie, Andy (LBBD)"].person_id
    assert transcripts.map_speaker(session, meeting.id, "Speaker 1 (Room)", andy) == 1
    vawg = meeting.items[2]
    assert [t.speaker for t in transcripts.item_turns(session, vawg.id)] == ["Andy Opie"] * 2
    assert transcripts.speakers(session, meeting.id)[0].person_id is not None
    with pytest.raises(NotFound):
        transcripts.map_speaker(session, meeting.id, "Nobody", andy)


def test_two_people_of_one_name_are_left_for_the_note_taker(session: Session) -> None:
    meeting = _meeting(session)
    other = make_person(session, "Andy Opie")
    mark(
        session,
        make_meeting(session, meeting.body, dt.date(2022, 12, 7)),
        other,
        AttendanceStatus.PRESENT,
    )
    everyone = list(session.scalars(select(transcripts.Person)))
    assert transcripts.match_speaker("Opie, Andy (LBBD)", [], everyone) is None


def test_suggestions_wait_for_the_note_taker_then_become_actions(session: Session) -> None:
    meeting = _meeting(session)
    clock = FakeClock()
    transcripts.import_transcript(session, meeting.id, _parsed(), "call.vtt", clock)
    performance = meeting.items[1]
    assert session.scalars(select(Action)).all() == []  # never inserted by themselves
    [suggestion] = transcripts.item_suggestions(session, performance.id)
    assert suggestion.speaker == "Helen Marsh"
    assert suggestion.action_text == "Helen Marsh to send the ward figures by Friday"
    assert suggestion.time_label == "10:06"

    line = transcripts.accept_suggestion(session, suggestion.id, clock)
    assert line == "ACTION: Helen Marsh to send the ward figures by Friday"
    session.refresh(performance)
    assert performance.minutes_text.endswith(line)
    [action] = session.scalars(select(Action)).all()
    assert "send the ward figures by Friday" in action.text
    assert transcripts.item_suggestions(session, performance.id) == []


def test_a_dismissed_suggestion_is_gone(session: Session) -> None:
    meeting = _meeting(session)
    transcripts.import_transcript(session, meeting.id, _parsed(), "call.vtt", FakeClock())
    [suggestion] = transcripts.item_suggestions(session, meeting.items[1].id)
    transcripts.dismiss_suggestion(session, suggestion.id)
    assert transcripts.item_suggestions(session, meeting.items[1].id) == []
    assert session.scalars(select(Action)).all() == []


def test_turns_are_searchable_and_found_in_their_item(session: Session) -> None:
    meeting = _meeting(session)
    transcripts.import_transcript(session, meeting.id, _parsed(), "call.vtt", FakeClock())
    [hit] = search.search(session, "knife crime")
    assert (hit.kind, hit.kind_label, hit.agenda_item_id) == (
        "turn",
        "Transcript",
        meeting.items[1].id,
    )
    assert "[Knife] [crime]" in hit.snippet and hit.meeting_id == meeting.id
    assert search.rebuild_search_index(session) > 0
    assert [h.kind for h in search.search(session, "knife crime")] == ["turn"]


def test_the_portable_search_finds_turns_too(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = _meeting(session)
    transcripts.import_transcript(session, meeting.id, _parsed(), "call.vtt", FakeClock())
    monkeypatch.setattr(search, "has_search_index", lambda _session: False)
    [hit] = search.search(session, "microphone")
    assert hit.kind == "turn" and hit.agenda_item_id == meeting.items[2].id


def test_reimporting_replaces_the_transcript_and_keeps_a_record(session: Session) -> None:
    meeting = _meeting(session)
    transcripts.import_transcript(session, meeting.id, _parsed(), "first.vtt", FakeClock())
    summary = transcripts.import_transcript(
        session, meeting.id, _parsed(), "second.vtt", FakeClock()
    )
    assert summary.replaced
    records = transcripts.transcript_records(session, meeting.id)
    assert [(r.source_name, r.deleted_reason) for r in records] == [
        ("first.vtt", "replaced by a new import"),
        ("second.vtt", None),
    ]
    assert session.scalar(select(text("count(*)")).select_from(TranscriptTurn)) == 4


def test_retention_deletes_the_words_once_the_minutes_are_approved(session: Session) -> None:
    meeting = _meeting(session)
    meeting.status = MeetingStatus.MINUTES_DRAFTED
    clock = FakeClock(dt.datetime(2022, 12, 7, 11, 0))
    transcripts.import_transcript(session, meeting.id, _parsed(), "call.vtt", clock)
    transcripts.set_retention(session, meeting.body_id, delete_when_approved=True)
    approve_minutes(session, meeting.id, clock)
    assert session.scalars(select(TranscriptTurn)).all() == []
    assert search.search(session, "knife") == []
    [record] = transcripts.transcript_records(session, meeting.id)
    assert record.deleted_at == dt.datetime(2022, 12, 7, 11, 0)
    assert record.deleted_reason == "retention: deleted once the minutes were approved"
    with pytest.raises(ValidationError, match="deletes transcripts once the minutes"):
        transcripts.import_transcript(session, meeting.id, _parsed(), "again.vtt", clock)


def test_without_a_retention_rule_approval_keeps_the_transcript(session: Session) -> None:
    meeting = _meeting(session)
    meeting.status = MeetingStatus.MINUTES_DRAFTED
    transcripts.import_transcript(session, meeting.id, _parsed(), "call.vtt", FakeClock())
    approve_minutes(session, meeting.id, FakeClock(dt.datetime(2022, 12, 7, 11, 0)))
    assert len(session.scalars(select(TranscriptTurn)).all()) == 4
    assert session.scalars(select(Transcript)).one().deleted_at is None


def test_turns_in_restricted_items_never_reach_a_public_document(session: Session) -> None:
    meeting = _meeting(session)
    meeting.items[1].is_restricted = True
    transcripts.import_transcript(session, meeting.id, _parsed(), "call.vtt", FakeClock())
    full = transcripts.transcript_turns(session, meeting.id, public=False)
    public = transcripts.transcript_turns(session, meeting.id, public=True)
    assert [t.item for t in full] == ["1", "2", "3", "3"]
    assert [t.item for t in public] == ["1", "3", "3"]
    assert not any("Knife" in t.text for t in public)
