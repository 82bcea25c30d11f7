"""One person at a time minutes an item: taking, refreshing and releasing its edit lease.

The note taker's copy of the app takes an item's lease when they enter its minutes,
refreshes it while they type (every `REFRESH_EVERY`), and releases it when they leave the
item or close the app. A lease not refreshed for `TIMEOUT` (the app stopped, the laptop
slept, the network went) is free for anyone to take. Anyone else opening the item sees
who holds it ("Being minuted by Jo Smith") and reads the text live, read-only.

Taking is race-free on both engines without locks held while typing: an UPDATE that only
matches a lease already ours or run out, then an INSERT that does nothing if the row
exists (the item id is the primary key). On PostgreSQL two clients racing for a free item
both try the INSERT; the unique key lets exactly one in and the other finds the winner.
Times come from the clocks of the copies of the app (a council's PCs keep network time);
`TIMEOUT` is long enough for the usual drift.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from csp_desktop import models
from csp_desktop.clock import Clock
from csp_desktop.errors import NotFound
from csp_desktop.models import AgendaItem

TIMEOUT = dt.timedelta(minutes=2)
REFRESH_EVERY = dt.timedelta(seconds=30)


@dataclass(frozen=True)
class Holder:
    """Who asks: the user's name and this copy of the app (one person may run two)."""

    name: str
    client_id: str


@dataclass(frozen=True)
class Lease:
    """Who holds an item's lease, and whether that is the one asking."""

    item_id: int
    holder_name: str
    holder_client: str
    taken_at: dt.datetime
    refreshed_at: dt.datetime
    mine: bool

    def words(self) -> str:
        return f"Being minuted by {self.holder_name}"


def take_lease(session: Session, item_id: int, me: Holder, clock: Clock) -> Lease:
    """Take the item's lease if it is free, ours already, or run out; else say who has it.

    Returns the lease as it now stands: `mine` tells whether the caller may type.
    Raises NotFound if the item was deleted.
    """
    now = clock.now()
    taken = session.execute(
        update(models.EditLease)
        .where(
            models.EditLease.agenda_item_id == item_id,
            (models.EditLease.holder_client == me.client_id)
            | (models.EditLease.refreshed_at < now - TIMEOUT),
        )
        .values(holder_name=me.name, holder_client=me.client_id, taken_at=now, refreshed_at=now)
        .execution_options(synchronize_session=False)
    )
    if not cast(CursorResult[Any], taken).rowcount:
        if session.get(AgendaItem, item_id) is None:
            raise NotFound(f"Agenda item {item_id} does not exist; it may have been deleted.")
        values = {
            "agenda_item_id": item_id,
            "holder_name": me.name,
            "holder_client": me.client_id,
            "taken_at": now,
            "refreshed_at": now,
        }
        session.execute(
            _insert_or_nothing(session)(models.EditLease)
            .values(**values)
            .on_conflict_do_nothing(index_elements=[models.EditLease.agenda_item_id])
        )
    lease = _current(session, item_id, me)
    assert lease is not None  # ours, or the winner's: the row exists either way
    return lease


def _insert_or_nothing(session: Session) -> Any:
    """The engine's own INSERT (both have ON CONFLICT DO NOTHING), imported when first
    needed: the PostgreSQL dialect is ~40 ms of start-up a SQLite file never uses."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def refresh_lease(session: Session, item_id: int, me: Holder, clock: Clock) -> Lease | None:
    """Keep our lease alive (while typing). Returns the lease as it stands: ours
    refreshed, someone else's if ours ran out and was taken, None if nobody holds it."""
    session.execute(
        update(models.EditLease)
        .where(
            models.EditLease.agenda_item_id == item_id,
            models.EditLease.holder_client == me.client_id,
        )
        .values(refreshed_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    return _current(session, item_id, me)


def release_lease(session: Session, item_id: int, me: Holder) -> None:
    """Give the item up (left it, closed the app); someone else's lease is left alone."""
    session.execute(
        delete(models.EditLease)
        .where(
            models.EditLease.agenda_item_id == item_id,
            models.EditLease.holder_client == me.client_id,
        )
        .execution_options(synchronize_session=False)
    )


def release_all(session: Session, me: Holder) -> None:
    """Every lease this copy of the app holds (closing)."""
    session.execute(
        delete(models.EditLease)
        .where(models.EditLease.holder_client == me.client_id)
        .execution_options(synchronize_session=False)
    )


def lease_holder(session: Session, item_id: int, me: Holder, clock: Clock) -> Lease | None:
    """Who is minuting the item now; None if nobody (or their lease has run out)."""
    lease = _current(session, item_id, me)
    if lease is None or (not lease.mine and lease.refreshed_at < clock.now() - TIMEOUT):
        return None
    return lease


def _current(session: Session, item_id: int, me: Holder) -> Lease | None:
    row = session.execute(
        select(
            models.EditLease.holder_name,
            models.EditLease.holder_client,
            models.EditLease.taken_at,
            models.EditLease.refreshed_at,
        ).where(models.EditLease.agenda_item_id == item_id)
    ).first()
    if row is None:
        return None
    return Lease(item_id, row[0], row[1], row[2], row[3], mine=row[1] == me.client_id)
