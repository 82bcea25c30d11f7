from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import Base

if TYPE_CHECKING:
    from csp_desktop.models.person import Person


class Organisation(Base):
    """A partner organisation: the council, police, fire brigade, a charity..."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    short_name: Mapped[str | None]

    people: Mapped[list[Person]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"Organisation({self.name!r})"
