"""A meeting taken offline from the team database (issue 16, 0013_offline_copies).

The note taker copies one meeting into a local SQLite file to minute it where there is
no connection; the server remembers who took it, when, the copy's identity (also written
into the file) and the row versions at that moment, and when it came back.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from csp_desktop.models.base import Base


class OfflineCopy(Base):
    """One meeting copied to a laptop; `returned_at` is set once it has been brought back."""

    __tablename__ = "offline_copy"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    # The copy's identity (a uuid4 hex), also kept in the offline file: a file is
    # matched to its record by this, never by its name.
    copy_id: Mapped[str] = mapped_column(String(32), unique=True)
    taken_by: Mapped[str] = mapped_column(String(120))
    taken_at: Mapped[dt.datetime]
    # {"table": {"id": row_version}} of the versioned rows copied: the merge's base.
    base_versions: Mapped[str] = mapped_column(Text, default="{}")
    returned_at: Mapped[dt.datetime | None]
    returned_by: Mapped[str | None] = mapped_column(String(120))
