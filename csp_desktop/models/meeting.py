from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import Base, MeetingStatus, enum_column
from csp_desktop.models.row_version import Versioned

if TYPE_CHECKING:
    from csp_desktop.models.agenda_item import AgendaItem
    from csp_desktop.models.attendance import Attendance
    from csp_desktop.models.body import Body
    from csp_desktop.models.declaration import Declaration
    from csp_desktop.models.subgroup_report import SubgroupReport


class Meeting(Versioned, Base):
    """One sitting of a body, with its agenda, attendance, minutes and next-meeting details."""

    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_body_date", "body_id", "date"),
        CheckConstraint(
            "end_time IS NULL OR start_time IS NULL OR end_time >= start_time",
            name="times_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="RESTRICT"))
    date: Mapped[dt.date] = mapped_column(index=True)
    start_time: Mapped[dt.time | None]
    end_time: Mapped[dt.time | None]
    venue: Mapped[str | None]
    contact_officer: Mapped[str | None]
    title: Mapped[str | None]
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.DRAFT
    )
    # False when an imported document left the status out and "draft" was assumed: export
    # writes null back (0011). Any status set in the app is recorded.
    status_recorded: Mapped[bool] = mapped_column(default=True, server_default=true())
    approved_at_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )
    approved_on: Mapped[dt.date | None]
    # Live clock: when the chair opened and closed the meeting.
    started_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    # "Date of next meeting" as the note taker records it.
    next_date: Mapped[dt.date | None]
    next_start_time: Mapped[dt.time | None]
    next_end_time: Mapped[dt.time | None]
    next_venue: Mapped[str | None]
    next_chair: Mapped[str | None]
    notes: Mapped[str | None] = mapped_column(Text)
    # Highest NN handed out in this meeting's action references (CSP-2022-10-05-NN), so
    # a deleted action's number is never given to another action.
    last_action_number: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]

    body: Mapped[Body] = relationship()
    approved_at_meeting: Mapped[Meeting | None] = relationship(remote_side="Meeting.id")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    declarations: Mapped[list[Declaration]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    subgroup_reports: Mapped[list[SubgroupReport]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )

    @property
    def is_locked(self) -> bool:
        return self.status.is_locked

    def __repr__(self) -> str:
        return f"Meeting({self.id}, {self.date.isoformat()})"
