from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import Base

if TYPE_CHECKING:
    from csp_desktop.models.body import Body
    from csp_desktop.models.person import Person


class Membership(Base):
    """A person's seat on a body for a period; the roster of a new meeting comes from here."""

    __tablename__ = "membership"
    __table_args__ = (
        Index("ix_membership_body_person", "body_id", "person_id"),
        CheckConstraint(
            "to_date IS NULL OR from_date IS NULL OR to_date >= from_date", name="dates_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(default="Member")
    from_date: Mapped[dt.date | None]
    to_date: Mapped[dt.date | None]

    person: Mapped[Person] = relationship()
    body: Mapped[Body] = relationship(back_populates="memberships")

    def is_current(self, on: dt.date) -> bool:
        return (self.from_date is None or self.from_date <= on) and (
            self.to_date is None or on <= self.to_date
        )
