"""Facts about the archive itself, as keys and values: its identity, trackers already
applied, quotes of restricted text a reviewer has cleared for publication."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from csp_desktop.models.base import Base


class ArchiveMeta(Base):
    """One fact per key. Keys in use (services/archive_identity.py):

    * ``archive_id``: a random id given to the file when it is created (or first upgraded);
      exported trackers carry it, so a tracker from another archive is recognised;
    * ``tracker_applied:<export id>``: when a returned tracker was applied (ISO time);
    * ``quote_cleared:<item id>:<fingerprint>``: a reviewer cleared this quote for public
      papers (services/restricted_quotes.py).
    """

    __tablename__ = "archive_meta"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
