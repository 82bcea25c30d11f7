"""While a meeting is offline, its items' edit leases are held under the note taker's name.

The per-item edit lease (issue 16 point 3: table `edit_lease`, migration 0012) is added
on another branch. Until it is merged these functions find no table and do nothing; the
server's `offline_copy` row still says the meeting is out. Once it is there, taking a
meeting offline holds a lease on each item nobody is minuting right now, in the name
"Jo Smith (offline)", refreshed far ahead so it does not run out while the laptop is
away; everyone else then sees "Being minuted by Jo Smith (offline)" and reads the item
read-only. Bringing the copy back releases exactly those leases.

HOOK for the integrator: this writes the lease table through its columns (agenda_item_id,
holder_name, holder_client, taken_at, refreshed_at), as its model defines them; when
`services/edit_leases.py` is merged it may be called instead.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, inspect, select
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.models import AgendaItem

# The lease table's columns (models/edit_lease.py on the edit-lease branch), described
# apart from the models so this module works with or without it.
LEASE_TABLE = Table(
    "edit_lease",
    MetaData(),
    Column("agenda_item_id", Integer, primary_key=True),
    Column("holder_name", String(120)),
    Column("holder_client", String(64)),
    Column("taken_at", DateTime),
    Column("refreshed_at", DateTime),
)
# A lease not refreshed for this long is free (services.edit_leases.TIMEOUT).
LEASE_TIMEOUT = dt.timedelta(minutes=2)
# How far ahead an offline lease is refreshed: a meeting away longer is free again.
OFFLINE_HOLD = dt.timedelta(days=30)


def _has_leases(session: Session) -> bool:
    return inspect(session.connection()).has_table("edit_lease")


def offline_client(copy_id: str) -> str:
    return f"offline:{copy_id}"[:64]


def hold_item_leases(
    session: Session, meeting_id: int, taker: str, copy_id: str, clock: Clock
) -> int:
    """Hold every item of the meeting nobody is minuting now; how many were held
    (0 while the lease table does not exist)."""
    if not _has_leases(session):
        return 0
    now = clock.now()
    values = {
        "holder_name": f"{taker} (offline)"[:120],
        "holder_client": offline_client(copy_id),
        "taken_at": now,
        "refreshed_at": now + OFFLINE_HOLD,
    }
    held = 0
    items = session.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id))
    for item_id in list(items):
        current = session.execute(
            select(LEASE_TABLE.c.refreshed_at).where(LEASE_TABLE.c.agenda_item_id == item_id)
        ).first()
        if current is None:
            session.execute(LEASE_TABLE.insert().values(agenda_item_id=item_id, **values))
        elif current[0] < now - LEASE_TIMEOUT:
            session.execute(
                LEASE_TABLE.update().where(LEASE_TABLE.c.agenda_item_id == item_id).values(**values)
            )
        else:
            continue  # someone is minuting it this minute: theirs; the merge settles it
        held += 1
    return held


def release_item_leases(session: Session, copy_id: str) -> int:
    """Release the leases the copy held; how many (0 without the lease table)."""
    if not _has_leases(session):
        return 0
    released = session.execute(
        LEASE_TABLE.delete().where(LEASE_TABLE.c.holder_client == offline_client(copy_id))
    )
    return int(getattr(released, "rowcount", 0) or 0)
