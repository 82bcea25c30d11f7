from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csp_desktop.models.base import Base

if TYPE_CHECKING:
    from csp_desktop.models.organisation import Organisation


def joined_name(*parts: str | None) -> str:
    """Name parts joined as the app prints them, the empty ones left out."""
    return " ".join(p for p in parts if p)


class Person(Base):
    """Someone who attends, presents, owns actions or chairs. Titles kept apart
    ("Councillor") so names sort and match on the name itself."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str | None]
    first_name: Mapped[str]
    last_name: Mapped[str] = mapped_column(default="", index=True)
    job_title: Mapped[str | None]
    email: Mapped[str | None]
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")

    @property
    def name(self) -> str:
        """Name without title: "Syed Ghani"."""
        return joined_name(self.first_name, self.last_name)

    @property
    def display_name(self) -> str:
        """Name with title, as the minutes print it: "Councillor Syed Ghani"."""
        return joined_name(self.title, self.first_name, self.last_name)

    @property
    def initials(self) -> str:
        parts = [p for p in (self.first_name + " " + self.last_name).replace("-", " ").split()]
        return "".join(p[0].upper() for p in parts if p[0].isalpha())

    def __repr__(self) -> str:
        return f"Person({self.display_name!r})"
