"""A meeting's Teams transcript: who said what, when, under which agenda item."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import Base, LabelledEnum, enum_column

if TYPE_CHECKING:
    from csp_desktop.models.meeting import Meeting


class SuggestionStatus(LabelledEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


class Transcript(Base):
    """One imported transcript. When retention removes the words, the row stays with
    `deleted_at` set: the record that there was a transcript and when it went."""

    __tablename__ = "transcript"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    source_name: Mapped[str]
    imported_at: Mapped[dt.datetime]
    imported_by: Mapped[str] = mapped_column(default="")
    # The clock time of offset 0 (when the recording started).
    recorded_at: Mapped[dt.datetime | None]
    turn_count: Mapped[int] = mapped_column(default=0)
    deleted_at: Mapped[dt.datetime | None]
    deleted_reason: Mapped[str | None]

    meeting: Mapped[Meeting] = relationship()
    speakers: Mapped[list[TranscriptSpeaker]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan", passive_deletes=True
    )


class TranscriptSpeaker(Base):
    """A name as the transcript gives it, mapped once to a person for the whole file."""

    __tablename__ = "transcript_speaker"
    __table_args__ = (
        UniqueConstraint("transcript_id", "label", name="uq_transcript_speaker_label"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id", ondelete="CASCADE"))
    label: Mapped[str]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    transcript: Mapped[Transcript] = relationship(back_populates="speakers")


class TranscriptTurn(Base):
    """One speaker's words from `start_seconds` to `end_seconds` after the recording began."""

    __tablename__ = "transcript_turn"
    __table_args__ = (
        Index("ix_transcript_turn_position", "transcript_id", "position"),
        CheckConstraint("end_seconds >= start_seconds", name="turn_times_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id", ondelete="CASCADE"))
    position: Mapped[int]
    speaker_label: Mapped[str]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    start_seconds: Mapped[float]
    end_seconds: Mapped[float]
    text: Mapped[str] = mapped_column(Text)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )


class TranscriptSuggestion(Base):
    """A sentence that reads as a commitment, waiting for the note taker's one key."""

    __tablename__ = "transcript_suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    turn_id: Mapped[int] = mapped_column(
        ForeignKey("transcript_turn.id", ondelete="CASCADE"), index=True
    )
    sentence: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(default="")
    action_text: Mapped[str] = mapped_column(Text)
    status: Mapped[SuggestionStatus] = mapped_column(
        enum_column(SuggestionStatus, "suggestion_status"), default=SuggestionStatus.PENDING
    )


class TranscriptRetention(Base):
    """A body's rule for transcripts: delete the words once the minutes are approved."""

    __tablename__ = "transcript_retention"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), unique=True)
    delete_when_approved: Mapped[bool] = mapped_column(default=False)
