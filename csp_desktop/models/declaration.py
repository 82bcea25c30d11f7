from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import Base

if TYPE_CHECKING:
    from csp_desktop.models.agenda_item import AgendaItem
    from csp_desktop.models.meeting import Meeting
    from csp_desktop.models.person import Person


class Declaration(Base):
    """A declaration of interest, tied to the item it concerns."""

    __tablename__ = "declaration"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    nature: Mapped[str] = mapped_column(Text, default="")
    withdrew: Mapped[bool] = mapped_column(default=False)

    meeting: Mapped[Meeting] = relationship(back_populates="declarations")
    person: Mapped[Person] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
