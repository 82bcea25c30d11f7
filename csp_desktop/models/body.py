from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import Base, BodyKind, ItemKind, enum_column

if TYPE_CHECKING:
    from csp_desktop.models.membership import Membership


class Body(Base):
    """The board or one of its subgroups: anything that holds meetings."""

    __tablename__ = "body"
    __table_args__ = (CheckConstraint("quorum IS NULL OR quorum >= 0", name="quorum_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    # Prefix of action references, e.g. "CSP" in CSP-2022-10-05-04.
    short_name: Mapped[str] = mapped_column(unique=True)
    kind: Mapped[BodyKind] = mapped_column(enum_column(BodyKind, "body_kind"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("body.id", ondelete="SET NULL"), index=True
    )
    quorum: Mapped[int | None]
    default_venue: Mapped[str | None]
    default_start: Mapped[dt.time | None]
    default_end: Mapped[dt.time | None]
    # Subgroups expected to report to this body (its children) are found by parent_id;
    # this flag lets a body stop being expected without deleting its history.
    reports_to_parent: Mapped[bool] = mapped_column(default=True)
    # The short name was made up on import (none was given): files say null for it.
    short_name_derived: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Who chairs it (a subgroup's chair is asked for its report).
    chair: Mapped[str | None]
    # House style of its minutes: each item's time allowed (and taken) and start time;
    # organisations after attendees' names.
    minutes_show_timings: Mapped[bool] = mapped_column(default=True, server_default=true())
    minutes_show_organisations: Mapped[bool] = mapped_column(default=False, server_default=false())

    parent: Mapped[Body | None] = relationship(remote_side="Body.id", back_populates="children")
    children: Mapped[list[Body]] = relationship(back_populates="parent")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="body", cascade="all, delete-orphan"
    )
    standing_items: Mapped[list[StandingItem]] = relationship(
        back_populates="body", cascade="all, delete-orphan", order_by="StandingItem.position"
    )

    def __repr__(self) -> str:
        return f"Body({self.name!r})"


class StandingItem(Base):
    """An item that opens or closes every meeting of a body, copied into each new agenda."""

    __tablename__ = "standing_item"
    __table_args__ = (UniqueConstraint("body_id", "position", name="uq_standing_item_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str]
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind, "item_kind"))
    minutes_allocated: Mapped[int | None]
    presenter: Mapped[str | None]
    # Topical items are inserted before the first standing item placed after them.
    after_topical: Mapped[bool] = mapped_column(default=False)

    body: Mapped[Body] = relationship(back_populates="standing_items")
