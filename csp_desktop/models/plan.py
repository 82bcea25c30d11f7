"""The partnership plan: a three-year plan (or its annual refresh) and delivery milestones."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import Base, LabelledEnum, enum_column

if TYPE_CHECKING:
    from csp_desktop.models.priority import Priority


class MilestoneStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DROPPED = "dropped"


class Plan(Base):
    """ "Community Safety Partnership Plan 2019-2022", or its "Annual Refresh 2021"."""

    __tablename__ = "plan"
    __table_args__ = (CheckConstraint("year_to >= year_from", name="years_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short and unique: what each priority's `plan` column holds ("2019-2022 refresh 2021").
    label: Mapped[str] = mapped_column(unique=True)
    title: Mapped[str]
    year_from: Mapped[int]
    year_to: Mapped[int]
    # The plan this one refreshes (its priorities were carried over), and the refresh year.
    refresh_of_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))
    refreshed_in: Mapped[int | None]
    aims: Mapped[str] = mapped_column(Text, default="")

    refresh_of: Mapped[Plan | None] = relationship(remote_side="Plan.id")
    priorities: Mapped[list[Priority]] = relationship(
        back_populates="plan_record", order_by="Priority.number"
    )

    def __repr__(self) -> str:
        return f"Plan({self.label!r})"


class Milestone(Base):
    """A dated step in delivering a priority, with the partner who owns it."""

    __tablename__ = "milestone"
    __table_args__ = (Index("ix_milestone_priority_due", "priority_id", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("priority.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None]
    due_date: Mapped[dt.date | None]
    status: Mapped[MilestoneStatus] = mapped_column(
        enum_column(MilestoneStatus, "milestone_status"), default=MilestoneStatus.NOT_STARTED
    )
    position: Mapped[int] = mapped_column(default=0)

    priority: Mapped[Priority] = relationship(back_populates="milestones")
