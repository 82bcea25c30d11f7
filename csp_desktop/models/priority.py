from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import Base

if TYPE_CHECKING:
    from csp_desktop.models.body import Body
    from csp_desktop.models.plan import Milestone, Plan

priority_owner = Table(
    "priority_owner",
    Base.metadata,
    Column("priority_id", ForeignKey("priority.id", ondelete="CASCADE"), primary_key=True),
    Column("body_id", ForeignKey("body.id", ondelete="CASCADE"), primary_key=True),
)


class Priority(Base):
    """A priority of the partnership plan ("Keeping children and young people safe")."""

    __tablename__ = "priority"
    __table_args__ = (UniqueConstraint("plan", "number", name="uq_priority_plan_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan: Mapped[str]  # "2019-2022"
    number: Mapped[int]
    title: Mapped[str]
    description: Mapped[str] = mapped_column(Text, default="")

    # The plan record (0006_plans); `plan` above stays its label, so older rows still read.
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan.id", ondelete="CASCADE"), index=True
    )

    owners: Mapped[list[Body]] = relationship(secondary=priority_owner)
    plan_record: Mapped[Plan | None] = relationship(back_populates="priorities")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="priority", cascade="all, delete-orphan", order_by="Milestone.position"
    )
