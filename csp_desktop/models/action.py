from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import ActionStatus, ActionUpdateSource, Base, enum_column
from csp_desktop.models.row_version import Versioned

if TYPE_CHECKING:
    from csp_desktop.models.agenda_item import AgendaItem
    from csp_desktop.models.body import Body
    from csp_desktop.models.meeting import Meeting
    from csp_desktop.models.person import Person
    from csp_desktop.models.subgroup_report import SubgroupReport


class Action(Versioned, Base):
    """A task agreed at a meeting, with a reference that never changes (CSP-2022-10-05-04)."""

    __tablename__ = "action"
    __table_args__ = (
        Index("ix_action_body_status", "body_id", "status"),
        Index("ix_action_raised_item", "raised_at_item_id", "source_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="RESTRICT"))
    raised_at_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    raised_at_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    # Owners that are not people on record: "partners", "sub-group chairs".
    other_owners: Mapped[str | None]
    # Names found in the line that could not be matched safely (e.g. two Chrises present).
    unmatched_owners: Mapped[str | None]
    due_date: Mapped[dt.date | None]
    due_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )
    due_text: Mapped[str | None]
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status"), default=ActionStatus.OPEN
    )
    completed_on: Mapped[dt.date | None]
    # The minutes line the action was captured from, and its place among the item's
    # ACTION lines: how an edited line finds its record again.
    source_line: Mapped[str | None] = mapped_column(Text)
    source_order: Mapped[int | None]
    is_restricted: Mapped[bool] = mapped_column(default=False)
    # Set when the action was captured from a subgroup's update report rather than an
    # item's minutes, so each report's ACTION lines find their own records again.
    subgroup_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("subgroup_report.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    # The plan priority this action delivers, if any (0006_plans).
    priority_id: Mapped[int | None] = mapped_column(
        ForeignKey("priority.id", ondelete="SET NULL"), index=True
    )

    body: Mapped[Body] = relationship()
    raised_at_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[raised_at_meeting_id])
    raised_at_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[raised_at_item_id])
    due_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[due_meeting_id])
    subgroup_report: Mapped[SubgroupReport | None] = relationship()
    owner_links: Mapped[list[ActionOwner]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionOwner.position"
    )
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionUpdate.made_at"
    )

    @property
    def owners(self) -> list[Person]:
        return [link.person for link in self.owner_links]

    @property
    def owner_names(self) -> str:
        """Owners as the minutes write them: "Andy Opie, Paul Waller and partners"."""
        names = [p.display_name for p in self.owners]
        if self.other_owners:
            names.append(self.other_owners)
        if self.unmatched_owners:
            names.extend(n for n in self.unmatched_owners.split("; ") if n not in names)
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]

    def __repr__(self) -> str:
        return f"Action({self.reference!r})"


class ActionOwner(Base):
    __tablename__ = "action_owner"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    action: Mapped[Action] = relationship(back_populates="owner_links")
    person: Mapped[Person] = relationship()


class ActionUpdate(Base):
    """A dated progress note on an action: from the minutes, a meeting, or a returned tracker."""

    __tablename__ = "action_update"
    __table_args__ = (Index("ix_action_update_action", "action_id", "made_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    made_at: Mapped[dt.datetime]
    text: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[ActionUpdateSource] = mapped_column(
        enum_column(ActionUpdateSource, "action_update_source")
    )
    author: Mapped[str | None]
    # One CHECK per column: PostgreSQL wants CHECK names unique per table (0003).
    status_from: Mapped[ActionStatus | None] = mapped_column(
        enum_column(ActionStatus, "status_from")
    )
    status_to: Mapped[ActionStatus | None] = mapped_column(enum_column(ActionStatus, "status_to"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))

    action: Mapped[Action] = relationship(back_populates="updates")


class ActionReview(Base):
    """An open action carried into a later meeting's "Minutes and actions" item to be reviewed."""

    __tablename__ = "action_review"
    __table_args__ = (UniqueConstraint("meeting_id", "action_id", name="uq_action_review"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    position: Mapped[int] = mapped_column(default=0)
    # Status as reviewed at that meeting; None until the meeting looks at it.
    status_at_review: Mapped[ActionStatus | None] = mapped_column(
        enum_column(ActionStatus, "action_status")
    )

    action: Mapped[Action] = relationship()
