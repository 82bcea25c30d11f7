"""How long a transcript's words are kept (issue 18): a body may delete them once the
minutes are approved, the minutes then being the record. Approving minutes applies the
rule (`services.minutes`), so this sits below both minutes and transcripts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.models import (
    Meeting,
    MeetingStatus,
    Transcript,
    TranscriptRetention,
    TranscriptSpeaker,
    TranscriptSuggestion,
    TranscriptTurn,
)


def delete_words(session: Session, transcript: Transcript, when: dt.datetime, reason: str) -> None:
    """Delete a transcript's words (turns, speakers, suggestions); the row keeps when and why."""
    turn_ids = select(TranscriptTurn.id).where(TranscriptTurn.transcript_id == transcript.id)
    session.execute(delete(TranscriptSuggestion).where(TranscriptSuggestion.turn_id.in_(turn_ids)))
    session.execute(delete(TranscriptTurn).where(TranscriptTurn.transcript_id == transcript.id))
    session.execute(
        delete(TranscriptSpeaker).where(TranscriptSpeaker.transcript_id == transcript.id)
    )
    transcript.deleted_at = when
    transcript.deleted_reason = reason
    session.flush()


def set_retention(session: Session, body_id: int, *, delete_when_approved: bool) -> None:
    """A body's rule: delete a meeting's transcript once its minutes are approved."""
    rule = session.scalars(
        select(TranscriptRetention).where(TranscriptRetention.body_id == body_id)
    ).first()
    if rule is None:
        rule = TranscriptRetention(body_id=body_id)
        session.add(rule)
    rule.delete_when_approved = delete_when_approved
    session.flush()


def deletes_when_approved(session: Session, body_id: int) -> bool:
    return bool(
        session.scalar(
            select(TranscriptRetention.delete_when_approved).where(
                TranscriptRetention.body_id == body_id
            )
        )
    )


def apply_retention(session: Session, clock: Clock, *, meeting_id: int | None = None) -> int:
    """Delete the words of transcripts whose minutes are approved, where the body says
    so; each `Transcript` row stays with when and why. Returns how many were deleted."""
    query = (
        select(Transcript)
        .join(Meeting, Transcript.meeting_id == Meeting.id)
        .join(TranscriptRetention, TranscriptRetention.body_id == Meeting.body_id)
        .where(
            Transcript.deleted_at.is_(None),
            Meeting.status == MeetingStatus.APPROVED,
            TranscriptRetention.delete_when_approved.is_(True),
        )
    )
    if meeting_id is not None:
        query = query.where(Transcript.meeting_id == meeting_id)
    transcripts = list(session.scalars(query))
    for transcript in transcripts:
        delete_words(
            session, transcript, clock.now(), "retention: deleted once the minutes were approved"
        )
    return len(transcripts)
