from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, Text, false
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from csp_desktop.models.base import Base, ItemKind, enum_column
from csp_desktop.models.row_version import Versioned

if TYPE_CHECKING:
    from csp_desktop.models.meeting import Meeting


class AgendaItem(Versioned, Base):
    """A numbered item of a meeting's agenda and the minutes typed against it."""

    __tablename__ = "agenda_item"
    __table_args__ = (
        Index("ix_agenda_item_meeting_position", "meeting_id", "position"),
        CheckConstraint(
            "minutes_allocated IS NULL OR minutes_allocated >= 0", name="allocation_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    position: Mapped[int]
    # Shown number: "4", "11(a)"; services renumber after reordering unless set by hand.
    number: Mapped[str] = mapped_column(default="")
    title: Mapped[str]
    kind: Mapped[ItemKind] = mapped_column(
        enum_column(ItemKind, "item_kind"), default=ItemKind.TOPICAL
    )
    presenter: Mapped[str | None]
    minutes_allocated: Mapped[int | None]
    is_restricted: Mapped[bool] = mapped_column(default=False)
    minutes_text: Mapped[str] = mapped_column(Text, default="")
    # Publication (services/publication.py): an open item is published in full; a
    # restricted one is withheld ("Item restricted") unless it has a public summary, which
    # public papers print instead of the minute. Its title's "RESTRICTED:" label is
    # separate: an open item may be titled "RESTRICTED: ..." as its council printed it.
    public_summary: Mapped[str | None] = mapped_column(Text)
    # The item was (or will be) a verbal update: agenda and both minutes print it.
    is_verbal_update: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What the agenda prints under the title (what members are asked to do), kept apart
    # from the minute.
    agenda_text: Mapped[str | None] = mapped_column(Text)
    # The minute exists but this file does not hold it (imported from a public version):
    # not the same as an empty minute.
    minutes_withheld: Mapped[bool] = mapped_column(default=False, server_default=false())
    started_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    # Time spent before the last restart of the item's clock, in seconds.
    elapsed_seconds: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[dt.datetime | None]

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    papers: Mapped[list[Paper]] = relationship(
        back_populates="agenda_item", cascade="all, delete-orphan", order_by="Paper.position"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="agenda_item", cascade="all, delete-orphan", order_by="Decision.position"
    )

    def __repr__(self) -> str:
        return f"AgendaItem({self.number!r}, {self.title!r})"


class Paper(Base):
    """A document circulated with an item ("PDF 117 KB"), optionally stored in the file."""

    __tablename__ = "paper"
    __table_args__ = (Index("ix_paper_item", "agenda_item_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    # None: listed without a name, as councils list "Additional documents".
    name: Mapped[str | None]
    # The file type as printed ("PDF"); None: read it from file_name.
    kind: Mapped[str | None]
    size_bytes: Mapped[int | None]
    is_restricted: Mapped[bool] = mapped_column(default=False)
    file_name: Mapped[str | None]
    # The paper itself, kept inside the database so one file holds everything.
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="papers")


class Decision(Base):
    """A recommendation approved or decision taken under an item."""

    __tablename__ = "decision"
    __table_args__ = (Index("ix_decision_item", "agenda_item_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="decisions")
