from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import AttendanceRole, AttendanceStatus, Base, enum_column
from csp_desktop.models.row_version import Versioned

if TYPE_CHECKING:
    from csp_desktop.models.agenda_item import AgendaItem
    from csp_desktop.models.meeting import Meeting
    from csp_desktop.models.person import Person


class Attendance(Versioned, Base):
    """One person at (or sending apologies to) one meeting."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id", name="uq_attendance_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_column(AttendanceStatus, "attendance_status")
    )
    # A member on the roster, as against an additional attendee; None: not known.
    is_member: Mapped[bool | None] = mapped_column(default=True)
    role: Mapped[AttendanceRole | None] = mapped_column(
        enum_column(AttendanceRole, "attendance_role")
    )
    substitute_for_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    position: Mapped[int] = mapped_column(default=0)
    arrived_at: Mapped[dt.datetime | None]
    arrived_during_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    left_at: Mapped[dt.datetime | None]
    left_during_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    substitute_for: Mapped[Person | None] = relationship(foreign_keys=[substitute_for_id])
    arrived_during_item: Mapped[AgendaItem | None] = relationship(
        foreign_keys=[arrived_during_item_id]
    )
    left_during_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[left_during_item_id])
