from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from csp_desktop.models.base import Base


class Amendment(Base):
    """A change to approved minutes: who made it, when, what changed and why."""

    __tablename__ = "amendment"
    __table_args__ = (Index("ix_amendment_meeting", "meeting_id", "made_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    field: Mapped[str]  # e.g. "minutes_text", "attendance"
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str]
    made_at: Mapped[dt.datetime]
    # The meeting at which the amendment was agreed, if any.
    agreed_at_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )
