from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import Base, ForwardPlanStatus, enum_column

if TYPE_CHECKING:
    from csp_desktop.models.body import Body
    from csp_desktop.models.meeting import Meeting


class ForwardPlanEntry(Base):
    """A future agenda item a body has asked for, aimed at a meeting or a month."""

    __tablename__ = "forward_plan_entry"
    __table_args__ = (Index("ix_forward_plan_body_status", "body_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"))
    title: Mapped[str]
    presenter: Mapped[str | None]
    target_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    # First day of the month aimed at, when no meeting is fixed yet.
    target_month: Mapped[dt.date | None]
    # None: the source did not say (an imported plan keeps it unknown).
    status: Mapped[ForwardPlanStatus | None] = mapped_column(
        enum_column(ForwardPlanStatus, "forward_plan_status"), default=ForwardPlanStatus.PLANNED
    )
    minutes_allocated: Mapped[int | None]
    is_restricted: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Meeting at which the board asked for it.
    raised_at_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )
    # The item under which the board asked for it (not the item it became).
    raised_at_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    # The agenda item it became, once scheduled.
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )

    body: Mapped[Body] = relationship()
    target_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[target_meeting_id])
