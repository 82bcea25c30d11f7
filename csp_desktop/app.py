"""Composition root: resolve where the data lives, open storage, hand out collaborators.

Nothing opens a database at import time; the CLI and the GUI both come through here.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csp_desktop.clock import Clock, SystemClock
from csp_desktop.paths import DB_ENV, AppPaths, app_paths

if TYPE_CHECKING:
    # Storage (and with it SQLAlchemy, a third of a second) is imported when a database
    # is first opened, not with this module: the window can be on screen before that.
    from csp_desktop.storage.database import BackupHook, Database
    from csp_desktop.storage.lock import WriterLock
    from csp_desktop.storage.output_guard import ProtectedFiles


@dataclass(frozen=True)
class DatabaseChoice:
    """What the user asked for: a file path, a server URL, or the default file."""

    db_path: str | None = None
    database_url: str | None = None
    portable: bool = False
    read_only: bool = False  # --read-only: never write (locked or read-only files)

    def target(self, paths: AppPaths) -> str | Path:
        if self.database_url:
            return self.database_url
        if self.db_path:
            return Path(self.db_path).expanduser()
        from_env = os.environ.get(DB_ENV)
        if from_env and "://" in from_env:  # a team database (docs/team.md)
            return from_env
        if from_env:
            return Path(from_env).expanduser()
        return paths.default_database

    def uses_default(self) -> bool:
        return not (self.database_url or self.db_path or os.environ.get(DB_ENV))


@dataclass
class AppContext:
    paths: AppPaths
    choice: DatabaseChoice
    clock: Clock = field(default_factory=SystemClock)
    _database: Database | None = None
    _writer_lock: WriterLock | None = None
    # Set when the file opened is on a network drive (storage/network_drive.py); the CLI
    # has printed it on stderr, the window shows it as a notice.
    network_warning: str | None = None

    @property
    def target(self) -> str | Path:
        return self.choice.target(self.paths)

    def database(self, *, read_only: bool = False) -> Database:
        """Open the chosen database on first use (creating the default one if needed)."""
        if self._database is None:
            from csp_desktop.storage.database import DamagedFile, open_database

            if self.choice.uses_default():
                self.paths.ensure()
            if not (read_only or self.choice.read_only):
                self._lock_if_upgrading()
            try:
                self._database = open_database(
                    self.target,
                    backup_before_upgrade=self._backup_hook(),
                    read_only=read_only or self.choice.read_only,
                )
            except DamagedFile as exc:
                hint = self.restore_hint()
                if hint is None:
                    raise
                raise DamagedFile(f"{exc} {hint}") from None
            self._database.clock = self.clock  # who saves, for changed_by / StaleEdit
            self._warn_if_on_a_network_drive()
        return self._database

    def _warn_if_on_a_network_drive(self) -> None:
        path = self.database_file()
        if path is None:
            return
        from csp_desktop.storage.network_drive import network_warning

        self.network_warning = network_warning(path)
        if self.network_warning:
            print(f"csp-desktop: {self.network_warning}", file=sys.stderr)

    def _lock_if_upgrading(self) -> None:
        """An older file is migrated on open: never under another instance's feet (an older
        version of the app may have it open on another machine), so take the lock first."""
        path = self.database_file()
        if path is None or not path.is_file() or self.writer_lock is not None:
            return
        from csp_desktop.errors import DatabaseRefused
        from csp_desktop.storage.database import SCHEMA_HEAD, inspect_sqlite_file

        try:
            revision = inspect_sqlite_file(path)
        except DatabaseRefused:
            return  # open_database refuses it with the full message
        if revision is not None and revision != SCHEMA_HEAD:
            self.acquire_writer_lock()

    def restore_hint(self) -> str | None:
        """'A backup from … exists: csp-desktop restore "…"' when a usable one does."""
        path = self.database_file()
        if path is None:
            return None
        from csp_desktop.storage.backup import list_backups

        usable = [b for b in list_backups(self.paths, path) if b.usable]
        if not usable:
            return None
        newest = usable[0]
        when = f"{newest.created:%A} {newest.created.day} {newest.created:%B %Y at %H:%M}"
        meetings = newest.meeting_count
        return (
            f"A backup from {when} ({meetings} meeting{'' if meetings == 1 else 's'}) exists; "
            f'restore it with: csp-desktop --db "{path}" restore "{newest.path}"'
        )

    def close(self) -> None:
        self.close_database()
        self.release_writer_lock()

    def close_database(self) -> None:
        """Close connections but keep the writer lock (e.g. to restore the file)."""
        if self._database is not None:
            self._database.close()
            self._database = None

    def database_file(self) -> Path | None:
        """The SQLite file chosen, or None for a server database (PostgreSQL)."""
        from csp_desktop.storage.database import database_file

        return database_file(self.target)

    def archive_is_read_only(self) -> bool:
        """The chosen file exists but this user cannot change it (read-only file or share)."""
        path = self.database_file()
        if path is None:
            return False
        from csp_desktop.storage.database import is_read_only_archive

        return is_read_only_archive(path)

    def protected_files(self) -> ProtectedFiles:
        """What no output may overwrite: the database, its side files, the backups folder."""
        from csp_desktop.storage.output_guard import ProtectedFiles

        return ProtectedFiles(database=self.database_file(), backups_dir=self.paths.backups_dir)

    def acquire_writer_lock(self, *, read_only_helps: bool = True) -> WriterLock | None:
        """Take the one-writer-at-a-time lock on the chosen file (see storage/lock.py).

        Call before anything writes (the GUI at start, CLI commands that write). Returns
        None for a server database, which handles concurrent writers itself.

        Raises:
            LockHeld: another instance is writing; its message and `holder` say who.
        """
        if self._writer_lock is not None and self._writer_lock.held:
            return self._writer_lock
        path = self.database_file()
        if path is None:
            return None
        if self.choice.uses_default():
            self.paths.ensure()
        if not path.parent.is_dir():
            return None  # open_database explains the missing folder better
        if self.archive_is_read_only():
            from csp_desktop.errors import UserError

            raise UserError(
                f"{path} is read-only (a read-only file, folder or share), so nothing can be "
                "changed in it; copy it to a folder you can write to and use the copy."
                + (" It can still be opened read-only." if read_only_helps else "")
            )
        from csp_desktop.storage.lock import WriterLock

        lock = WriterLock(path, clock=self.clock)
        lock.read_only_helps = read_only_helps  # "open it read-only" is no help to import
        self._writer_lock = lock.acquire()
        return self._writer_lock

    def take_over_writer_lock(self) -> WriterLock | None:
        """Take the lock from a holder the user says is gone (the window's Take over)."""
        path = self.database_file()
        if path is None:
            return None
        from csp_desktop.storage.lock import WriterLock

        self.release_writer_lock()
        self._writer_lock = WriterLock(path, clock=self.clock).take_over()
        return self._writer_lock

    def backup_before_change(self) -> Path | None:
        """A routine copy before a command changes the database, as the window takes on
        open; None when there is nothing to copy (no file yet, an empty one, a server).

        Raises:
            UserError: the copy could not be written; the command must not go ahead.
        """
        path = self.database_file()
        if path is None or not path.is_file() or path.stat().st_size == 0:
            return None
        from csp_desktop.storage.backup import BEFORE_COMMAND, backup_database
        from csp_desktop.storage.database import inspect_sqlite_file

        if inspect_sqlite_file(path) is None:
            return None  # an empty database: nothing to lose
        from csp_desktop.errors import UserError

        try:
            return backup_database(self.paths, path, reason=BEFORE_COMMAND, clock=self.clock)
        except UserError as exc:
            raise UserError(f"{exc} Nothing was changed; free some space and try again.") from None

    @property
    def writer_lock(self) -> WriterLock | None:
        """The lock this process holds, if any (the GUI refreshes it every minute)."""
        return self._writer_lock if self._writer_lock and self._writer_lock.held else None

    def release_writer_lock(self) -> None:
        if self._writer_lock is not None:
            self._writer_lock.release()
            self._writer_lock = None

    def _backup_hook(self) -> BackupHook:
        """Back up to the backups folder before an upgrade (the backups' module is
        imported only then: not on an up-to-date file's start-up)."""

        def backup_before_upgrade(path: Path, revision: str) -> Path:
            from csp_desktop.storage.backup import backup_before_upgrade

            return backup_before_upgrade(self.paths, path, revision)

        return backup_before_upgrade


def make_context(choice: DatabaseChoice, clock: Clock | None = None) -> AppContext:
    paths = app_paths(portable=choice.portable)
    return AppContext(paths=paths, choice=choice, clock=clock or SystemClock())
