"""Back up, list, describe and restore an archive file: File › Restore from backup…,
the damaged-file offer at start-up, `csp-desktop backup -o` and `csp-desktop restore`.

The rules live in `storage/backup.py` (rolling copies, validation, the atomic swap that
keeps the current file first); this is the one door the window and the command line both
use, with every refusal as one plain sentence.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from csp_desktop.clock import Clock
from csp_desktop.errors import DatabaseRefused, UserError
from csp_desktop.paths import AppPaths
from csp_desktop.storage import backup as storage_backup
from csp_desktop.storage.backup import BackupInfo as BackupInfo
from csp_desktop.storage.backup import RestoreResult as RestoreResult
from csp_desktop.storage.output_guard import ProtectedFiles, overwrites_archive


def list_backups(paths: AppPaths, database: Path | None) -> list[BackupInfo]:
    """The backups of `database` in the backups folder, newest first."""
    return storage_backup.list_backups(paths, database)


def usable_backups(paths: AppPaths, database: Path | None) -> list[BackupInfo]:
    """Those that open and check out, newest first (what a damaged file can go back to)."""
    return [info for info in list_backups(paths, database) if info.usable]


def describe_backup(path: Path) -> BackupInfo:
    """When a backup file was taken, why, its meetings and size (a file from elsewhere)."""
    return storage_backup.describe_backup(path)


def restore_from_backup(
    paths: AppPaths, backup: Path, database: Path, *, clock: Clock | None = None
) -> RestoreResult:
    """Check `backup`, keep the current `database` in the backups folder, swap it in.

    Every connection to `database` must be closed first (the caller's job: the window
    closes its own, the command line holds the writer lock).
    Raises UserError in one sentence when the backup does not check out.
    """
    return storage_backup.restore_backup(paths, backup, database, clock=clock)


def back_up_to(source: Path, output: Path, protected: ProtectedFiles) -> BackupInfo:
    """Copy the live file `source` to `output` (safe while the window writes) and check
    the copy; what was written.

    Raises:
        UserError: nothing to back up, a refused output (the database itself, its side
            files, its backups folder), a folder missing, the copy failing or not
            checking out.
    """
    from csp_desktop.storage.database import check_revision, inspect_sqlite_file
    from csp_desktop.storage.sqlite_copy import copy_sqlite

    if not source.exists():
        raise UserError(f"{source} does not exist, so there is nothing to back up.")
    revision = inspect_sqlite_file(source)  # refuses garbage with a clear sentence
    check_revision(revision, str(source))
    if output.is_dir():
        raise UserError(f"{output} is a folder; give a file name for the backup.")
    if overwrites_archive(output, protected) is not None:
        raise UserError(
            f"The backup must go to a different file from the database itself, its lock and "
            f"its backups folder; {output} is one of them. Nothing was written."
        )
    if not output.parent.is_dir():
        raise UserError(f"The folder {output.parent} does not exist.")
    try:
        copy_sqlite(source, output)
    except sqlite3.Error as exc:
        raise UserError(f"{source} could not be backed up: {exc}.") from None
    except OSError as exc:
        output.with_name(output.name + ".partial").unlink(missing_ok=True)
        raise UserError(f"{output} could not be written: {exc.strerror or exc}.") from None
    try:
        storage_backup.validate_backup(output, full=False)
    except DatabaseRefused as exc:
        raise UserError(f"The backup was written but does not check out: {exc}") from None
    return describe_backup(output)
