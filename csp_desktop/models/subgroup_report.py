from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import Base, Rag, ReportStatus, enum_column
from csp_desktop.models.row_version import Versioned

if TYPE_CHECKING:
    from csp_desktop.models.body import Body
    from csp_desktop.models.meeting import Meeting
    from csp_desktop.models.priority import Priority

subgroup_report_priority = Table(
    "subgroup_report_priority",
    Base.metadata,
    Column(
        "subgroup_report_id",
        ForeignKey("subgroup_report.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("priority_id", ForeignKey("priority.id", ondelete="CASCADE"), primary_key=True),
)


class SubgroupReport(Versioned, Base):
    """A subgroup's update to a board meeting, or the record that none came."""

    __tablename__ = "subgroup_report"
    __table_args__ = (
        UniqueConstraint("meeting_id", "subgroup_id", name="uq_subgroup_report_meeting"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    subgroup_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="RESTRICT"), index=True)
    # None: unknown (e.g. a report imported from minutes that do not say).
    status: Mapped[ReportStatus | None] = mapped_column(
        enum_column(ReportStatus, "report_status"), default=ReportStatus.NOT_PROVIDED
    )
    author: Mapped[str | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    rag: Mapped[Rag | None] = mapped_column(enum_column(Rag, "rag"))
    position: Mapped[int] = mapped_column(default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="subgroup_reports")
    subgroup: Mapped[Body] = relationship()
    priorities: Mapped[list[Priority]] = relationship(secondary=subgroup_report_priority)
