"""What the window needs to open a database, as plain results and exceptions.

The start-up dialogs (`ui/startup_dialogs.py`) and the window's launch (`ui/launch.py`)
ask here and only ask the user: may we take the one-writer lock or open read-only
(`LockHeld` names who holds it), is the file damaged (`DamagedFile`: offer a usable
backup), from a newer version (`NewerSchema`: never "fixed" by an old copy), read-only,
on a network drive (`AppContext.network_warning`); then the routine backups while the
window runs. The rules stay in `storage/` and `app.py`; nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from csp_desktop.app import AppContext
from csp_desktop.errors import UserError
from csp_desktop.storage.database import DamagedFile as DamagedFile
from csp_desktop.storage.database import Database as Database  # the handle the window holds
from csp_desktop.storage.database import NewerSchema as NewerSchema
from csp_desktop.storage.lock import REFRESH_EVERY as REFRESH_EVERY
from csp_desktop.storage.lock import LockHeld as LockHeld
from csp_desktop.storage.lock import describe_time as describe_time

if TYPE_CHECKING:  # backups: asked for a damaged file, or after the first paint
    from csp_desktop.storage.backup import BackupScheduler as BackupScheduler
    from csp_desktop.usecases.backup_restore import BackupInfo


class LockOutcome(Enum):
    """How the window may open the file."""

    WRITABLE = "writable"  # this window holds the one-writer lock (or a server database)
    READ_ONLY = "read-only"  # asked for, or a read-only file, folder or share


def take_writer_lock(context: AppContext) -> LockOutcome:
    """Take the one-writer lock for the window.

    Raises:
        LockHeld: another instance is writing; `holder` and `refreshed_at` say who and
            when, for the question "open read-only, take over or cancel?".
    """
    if context.choice.read_only or context.archive_is_read_only():
        return LockOutcome.READ_ONLY  # opens read-only, without a lock file
    context.acquire_writer_lock()
    return LockOutcome.WRITABLE


def take_over_writer_lock(context: AppContext) -> LockOutcome:
    """Take the lock from a holder the user says is gone (their window can no longer save)."""
    context.take_over_writer_lock()
    return LockOutcome.WRITABLE


def open_for_window(context: AppContext, *, read_only: bool) -> Database:
    """Open (and if need be upgrade, after a backup) the chosen database.

    Raises:
        DamagedFile: the file is damaged, empty or unreadable (`restore_offer` says
            whether a backup can replace it).
        DatabaseRefused: anything a restore cannot fix (a newer version, a read-only
            file that needs upgrading, a missing folder), in one sentence.
    """
    return context.database(read_only=read_only)


@dataclass(frozen=True)
class RestoreOffer:
    """A damaged file and the newest backup that could replace it."""

    database: Path
    newest: BackupInfo


def restore_offer(context: AppContext, error: Exception) -> RestoreOffer | None:
    """The backup to offer for `error`, or None: only a damaged (not a newer) file of an
    SQLite archive with at least one usable backup."""
    path = context.database_file()
    if path is None or not isinstance(error, DamagedFile) or isinstance(error, NewerSchema):
        return None
    from csp_desktop.usecases.backup_restore import usable_backups

    usable = usable_backups(context.paths, path)
    return RestoreOffer(path, usable[0]) if usable else None


def routine_backups(context: AppContext, *, read_only: bool) -> BackupScheduler | None:
    """The scheduler of the window's routine backups (on open, every few minutes while
    changed, on close), or None when there is nothing to back up (read-only, a server)."""
    from csp_desktop.storage.backup import BackupPolicy, BackupScheduler

    path = context.database_file()
    if path is None or read_only:
        return None
    return BackupScheduler(
        context.paths, path, BackupPolicy.from_settings(context.paths), context.clock
    )


def release_connections(database: Database) -> None:
    """Close every pooled connection to the file (before it is swapped for a backup); the
    same Database reconnects to the restored file on next use."""
    database.engine.dispose()


def meeting_to_show(
    database: Database, meeting: str | None, body: str | None = None
) -> tuple[int, int | None]:
    """(meeting id, item id) a picture of the window shows: the meeting asked for (an id,
    a date, "latest") or the richest one, and its busiest item.

    Raises:
        UserError: no meeting matches, or there are none yet.
    """
    from csp_desktop.services import agenda, meetings

    with database.session() as session:
        if meeting:
            meeting_id: int | None = meetings.find_meeting(session, meeting, body).id
        else:
            meeting_id = agenda.richest_meeting_id(session)
        if meeting_id is None:
            raise UserError("There are no meetings to show; run “csp-desktop demo” first.")
        return meeting_id, agenda.busiest_item_id(session, meeting_id)


def check_connection(database: Database) -> None:
    """One round trip to the database: raises what the driver raises if it cannot be
    reached (the background writer's probe while a team server is away)."""
    from sqlalchemy import text

    with database.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def record_mapping_steps() -> list[Callable[[], None]]:
    """Build the record classes the first screen did not need, then configure the ORM's
    mappers, in small steps (the window runs one per idle turn once its first meeting is
    painted, ui/idle_warm_up.py).

    The first screen is read with Core statements (services/meetings.py) on 8 of the 31
    classes, so building the other 23 (~50 ms) and configuring all (65-100 ms) is not paid
    before the paint; done here, in idle moments, it is not paid by the first edit or tab
    switch either. Each step is idempotent, and anything that needs the classes sooner
    loads them itself (models/__init__.py).
    """
    from sqlalchemy.orm import configure_mappers

    from csp_desktop.models import later_class_loaders

    return [*later_class_loaders(), configure_mappers]
