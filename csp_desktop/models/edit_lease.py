"""Who is minuting an item right now (issue 16): one person at a time per item.

One row per item while someone holds it: taken when the note taker enters the item's
minutes, refreshed while they type, deleted when they leave it or close the app, and free
for anyone to take once it has not been refreshed for `services.edit_leases.TIMEOUT`
(the app stopped, the laptop went to sleep). The item id is the primary key, so two
clients racing to take the same lease cannot both insert it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from csp_desktop.models.base import Base


class EditLease(Base):
    """The person (and their copy of the app) minuting one agenda item."""

    __tablename__ = "edit_lease"

    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), primary_key=True
    )
    holder_name: Mapped[str] = mapped_column(String(120))
    # One person may have the app open twice: the lease belongs to one copy of it.
    holder_client: Mapped[str] = mapped_column(String(64))
    taken_at: Mapped[dt.datetime]
    refreshed_at: Mapped[dt.datetime]
