"""Rolling backups of the SQLite file, and restoring from them without losing anything.

Every copy goes through SQLite's online backup API (`sqlite_copy.copy_sqlite`), so it is
consistent even while the app is writing. Backups live in `AppPaths.backups_dir`, one flat
folder an officer can find, named

    <database stem>_<YYYYMMDD-HHMMSS>[-N]_<reason>_<key>.db

where `key` is a short hash of the database's full path, so two files that happen to share a
name keep separate histories. Two families are rotated separately (newest K of each):
routine copies (on open, periodic, on close) and safety copies (before an upgrade, before a
restore, by hand), so a day of periodic copies never pushes out the copy taken before a
restore.

No Qt here: the GUI drives `BackupScheduler.tick()` from a QTimer.
"""

from __future__ import annotations

import configparser
import contextlib
import datetime as dt
import hashlib
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from csp_desktop.clock import Clock, SystemClock
from csp_desktop.errors import DatabaseRefused, UserError
from csp_desktop.paths import AppPaths
from csp_desktop.storage.database import check_revision, inspect_sqlite_file, storage_fault
from csp_desktop.storage.sqlite_copy import copy_sqlite

log = logging.getLogger(__name__)

DEFAULT_KEEP = 20
DEFAULT_INTERVAL = dt.timedelta(minutes=5)
STAMP_FORMAT = "%Y%m%d-%H%M%S"

# Why a copy was taken. Routine copies are many and cheap; safety copies are kept apart.
ON_OPEN = "open"
PERIODIC = "periodic"
ON_CLOSE = "close"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"
MANUAL = "manual"
BEFORE_COMMAND = "before-command"  # the CLI, before a command that changes the database
ROUTINE_REASONS = frozenset({ON_OPEN, PERIODIC, ON_CLOSE, BEFORE_COMMAND})

_NAME = re.compile(
    r"^(?P<stem>.+)_(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?_(?P<reason>[a-z-]+)"
    r"_(?P<key>[0-9a-f]{8})\.db$"
)
_REASON_LABELS = {
    ON_OPEN: "on opening",
    PERIODIC: "while working",
    ON_CLOSE: "on closing",
    BEFORE_UPGRADE: "before an upgrade",
    BEFORE_RESTORE: "before a restore",
    MANUAL: "by hand",
    BEFORE_COMMAND: "before a command",
}


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, described for a list the user picks from."""

    path: Path
    created: dt.datetime
    reason: str
    size_bytes: int
    meeting_count: int | None  # None when the copy cannot be read
    latest_meeting: dt.date | None
    problem: str | None = None  # why it cannot be restored, if it cannot

    @property
    def usable(self) -> bool:
        return self.problem is None

    @property
    def reason_label(self) -> str:
        return _REASON_LABELS.get(self.reason, self.reason.replace("-", " "))


@dataclass(frozen=True)
class BackupPolicy:
    """How often and how many: `keep` newest of each family, a copy every `interval`."""

    keep: int = DEFAULT_KEEP
    interval: dt.timedelta = DEFAULT_INTERVAL

    def __post_init__(self) -> None:
        if self.keep < 1:
            raise ValueError("keep must be at least 1")

    @classmethod
    def from_settings(cls, paths: AppPaths) -> BackupPolicy:
        """Read `[backups] keep=` and `interval_minutes=` from the settings file, if set.

        The GUI writes the same file through QSettings (IniFormat), so an officer or an
        administrator can change both numbers without touching code.
        """
        parser = configparser.ConfigParser()
        try:
            parser.read(paths.settings_file, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            log.warning("settings file unreadable; default backup policy used")
            return cls()
        keep, interval = DEFAULT_KEEP, DEFAULT_INTERVAL
        with contextlib.suppress(ValueError, configparser.Error):
            keep = max(1, parser.getint("backups", "keep", fallback=DEFAULT_KEEP))
        with contextlib.suppress(ValueError, configparser.Error):
            minutes = parser.getfloat("backups", "interval_minutes", fallback=None)
            if minutes is not None and minutes > 0:
                interval = dt.timedelta(minutes=minutes)
        return cls(keep=keep, interval=interval)


def database_key(database: Path) -> str:
    """A short stable tag for one database file (its resolved path, hashed)."""
    resolved = str(Path(database).expanduser().resolve())
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:8]


def _backup_name(database: Path, created: dt.datetime, reason: str, counter: int) -> str:
    stamp = created.strftime(STAMP_FORMAT) + (f"-{counter}" if counter > 1 else "")
    return f"{database.stem}_{stamp}_{reason}_{database_key(database)}.db"


def backup_database(
    paths: AppPaths,
    database: Path,
    *,
    reason: str = MANUAL,
    policy: BackupPolicy | None = None,
    clock: Clock | None = None,
) -> Path:
    """Copy `database` into the backups folder and rotate old copies.

    Raises:
        UserError: when the copy cannot be written (folder unwritable, disk full) or the
            database cannot be read; nothing is changed in that case.
    """
    if not re.fullmatch(r"[a-z-]+", reason):
        raise ValueError(f"reason must be lower-case words joined by '-': {reason!r}")
    policy = policy or BackupPolicy.from_settings(paths)
    created = (clock or SystemClock()).now()
    folder = paths.backups_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        counter = 1
        while (destination := folder / _backup_name(database, created, reason, counter)).exists():
            counter += 1
        copy_sqlite(database, destination)
    except sqlite3.Error as exc:
        _discard_partial(folder)
        reason = storage_fault(exc) or str(exc)
        raise UserError(f"{database} could not be backed up: {reason}.") from None
    except OSError as exc:
        _discard_partial(folder)
        raise UserError(
            f"A backup could not be written to {folder}: {exc.strerror or exc}."
        ) from None
    log.info("backup written (%s, %d bytes)", reason, destination.stat().st_size)
    prune_backups(paths, database, keep=policy.keep)
    return destination


def _discard_partial(folder: Path) -> None:
    for partial in folder.glob("*.partial"):
        with contextlib.suppress(OSError):
            partial.unlink()


def backup_before_upgrade(paths: AppPaths, path: Path, revision: str) -> Path:
    """The hook `open_database` calls before migrating an older file (see `app.py`)."""
    log.info("backing up before upgrading from schema %s", revision)
    return backup_database(paths, path, reason=BEFORE_UPGRADE)


def _parse(path: Path) -> tuple[dt.datetime, str, str] | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        created = dt.datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None
    return created, match["reason"], match["key"]


def _sort_key(path: Path) -> tuple[dt.datetime, int, str]:
    parsed = _parse(path)
    match = _NAME.match(path.name)
    counter = int(match["n"]) if match and match["n"] else 1
    return (parsed[0] if parsed else dt.datetime.min, counter, path.name)


def _backups_of(paths: AppPaths, database: Path | None) -> list[Path]:
    folder = paths.backups_dir
    if not folder.is_dir():
        return []
    key = database_key(database) if database is not None else None
    found = []
    for candidate in folder.glob("*.db"):
        parsed = _parse(candidate)
        if parsed is not None and (key is None or parsed[2] == key):
            found.append(candidate)
    return sorted(found, key=_sort_key, reverse=True)


def prune_backups(paths: AppPaths, database: Path, *, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest `keep` routine and `keep` safety copies of `database`."""
    removed: list[Path] = []
    routine_seen = safety_seen = 0
    for backup in _backups_of(paths, database):
        parsed = _parse(backup)
        assert parsed is not None
        if parsed[1] in ROUTINE_REASONS:
            routine_seen += 1
            surplus = routine_seen > keep
        else:
            safety_seen += 1
            surplus = safety_seen > keep
        if surplus:
            try:
                backup.unlink()
                removed.append(backup)
            except OSError as exc:  # a copy open elsewhere; try again next time
                log.warning("could not remove old backup: %s", exc.strerror)
    return removed


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    # immutable=1: nobody writes a backup, so SQLite need not create -shm/-journal files.
    connection = sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro&immutable=1", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def validate_backup(path: Path, *, full: bool = True) -> None:
    """Raise DatabaseRefused unless `path` is a sound CSP Desktop database we can open.

    Args:
        full: run SQLite's full `integrity_check` (reads every page) rather than
            `quick_check`; a restore always uses the full check.
    """
    where = str(path)
    if path.is_dir():
        raise DatabaseRefused(f"{where} is a folder; choose the backup file inside it.")
    if not path.is_file():
        raise DatabaseRefused(f"The backup {where} does not exist.")
    revision = inspect_sqlite_file(path)
    if revision is None:
        raise DatabaseRefused(f"The backup {where} is an empty database; it holds no meetings.")
    check_revision(revision, where)
    try:
        with _read_only(path) as connection:
            pragma = "integrity_check" if full else "quick_check"
            result = connection.execute(f"PRAGMA {pragma}").fetchone()
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
    except sqlite3.DatabaseError as exc:
        raise DatabaseRefused(f"The backup {where} is damaged ({exc}).") from None
    if not result or result[0] != "ok":
        raise DatabaseRefused(f"The backup {where} is damaged (integrity check failed).")
    if "meeting" not in tables:
        raise DatabaseRefused(f"The backup {where} has no meetings table; it is not usable.")


def describe_backup(path: Path) -> BackupInfo:
    """Date, size and meeting count of one backup, read without changing it."""
    parsed = _parse(path)
    stat = path.stat()
    created = (
        parsed[0] if parsed else dt.datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0)
    )
    reason = parsed[1] if parsed else MANUAL
    count: int | None = None
    latest: dt.date | None = None
    problem: str | None = None
    try:
        validate_backup(path, full=False)
        with _read_only(path) as connection:
            count = int(connection.execute("SELECT count(*) FROM meeting").fetchone()[0])
            newest = connection.execute("SELECT max(date) FROM meeting").fetchone()[0]
        latest = dt.date.fromisoformat(str(newest)[:10]) if newest else None
    except DatabaseRefused as exc:
        problem = str(exc)
    except (sqlite3.DatabaseError, ValueError) as exc:
        problem = f"The backup {path} cannot be read ({exc})."
    return BackupInfo(
        path=path,
        created=created,
        reason=reason,
        size_bytes=stat.st_size,
        meeting_count=count,
        latest_meeting=latest,
        problem=problem,
    )


def list_backups(paths: AppPaths, database: Path | None = None) -> list[BackupInfo]:
    """Backups of `database` (or of every database when None), newest first."""
    infos = []
    for path in _backups_of(paths, database):
        with contextlib.suppress(FileNotFoundError):  # pruned by another instance meanwhile
            infos.append(describe_backup(path))
    return infos


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    target: Path
    previous_copy: Path | None  # where the file that was replaced now lives


def restore_backup(
    paths: AppPaths,
    backup: Path,
    target: Path,
    *,
    clock: Clock | None = None,
    policy: BackupPolicy | None = None,
) -> RestoreResult:
    """Replace `target` with `backup`, after checking the backup and copying `target`.

    The caller must hold the writer lock and have closed its own connections to `target`.
    Order matters: (1) refuse a bad backup before touching anything; (2) copy the current
    file into the backups folder (a raw byte copy if SQLite cannot read it, so even a damaged
    file is kept); (3) write the restored copy beside the target under a temporary name;
    (4) remove the old -wal/-shm (stale frames from the old file would be replayed onto the
    new one) and atomically rename the copy into place.

    Raises:
        DatabaseRefused: the backup is not a sound CSP Desktop database; nothing changed.
        UserError: the current file could not be backed up or the copy not written;
            the current file is left as it was.
    """
    backup = Path(backup)
    target = Path(target)
    if backup.resolve() == target.resolve():
        raise UserError("A database cannot be restored from itself; choose a backup file.")
    validate_backup(backup, full=True)
    if not target.parent.is_dir():
        raise UserError(f"The folder {target.parent} does not exist.")

    previous: Path | None = None
    if target.exists():
        previous = _keep_current(paths, target, clock=clock, policy=policy)

    incoming = target.with_name(target.name + ".restoring")
    try:
        copy_sqlite(backup, incoming)
        _fsync(incoming)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(incoming, target)
        _fsync_folder(target.parent)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            incoming.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or exc
        raise UserError(
            f"{target} could not be restored: {reason}. The current file was kept"
            + (f" and a copy is in {previous}." if previous else ".")
        ) from None
    log.info("restored database from backup (%s)", backup.name)
    return RestoreResult(restored_from=backup, target=target, previous_copy=previous)


def _keep_current(
    paths: AppPaths, target: Path, *, clock: Clock | None, policy: BackupPolicy | None
) -> Path:
    try:
        return backup_database(paths, target, reason=BEFORE_RESTORE, clock=clock, policy=policy)
    except UserError:
        if not _readable_as_sqlite(target):
            return _raw_copy(paths, target, clock=clock)
        raise


def _readable_as_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
        if header != b"SQLite format 3\x00":
            return False
        connection = sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro", uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except (OSError, sqlite3.DatabaseError):
        return False
    return True


def _raw_copy(paths: AppPaths, target: Path, *, clock: Clock | None) -> Path:
    """Byte-for-byte copy of a file SQLite cannot read (kept so nothing is ever destroyed)."""
    created = (clock or SystemClock()).now()
    folder = paths.backups_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        counter = 1
        while (
            destination := folder / _backup_name(target, created, "unreadable-original", counter)
        ).exists():
            counter += 1
        shutil.copy2(target, destination)
        wal = Path(f"{target}-wal")
        if wal.exists():
            shutil.copy2(wal, Path(f"{destination}-wal"))
    except OSError as exc:
        raise UserError(
            f"The current file could not be copied to {folder} before restoring "
            f"({exc.strerror or exc}); nothing was restored."
        ) from None
    return destination


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    # Makes the rename durable on POSIX; Windows cannot open folders, and needs none.
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fingerprint(database: Path) -> tuple[int, int, int, int]:
    """Cheap "has it changed?" signal: size and mtime of the file and its WAL."""
    values = []
    for path in (database, Path(f"{database}-wal")):
        try:
            stat = path.stat()
            values += [stat.st_size, stat.st_mtime_ns]
        except FileNotFoundError:
            values += [0, 0]
    return (values[0], values[1], values[2], values[3])


@dataclass
class BackupScheduler:
    """When to take routine copies; the GUI calls `tick()` from a QTimer (e.g. every 30 s).

    A copy is taken on open, then at most every `policy.interval` while the file has
    changed (told by `mark_changed()` after each save, or seen from the file's size and
    modification time), and on close if anything changed since the last copy. Failures
    are returned as messages, never raised: a failed backup must not stop the note taker.
    """

    paths: AppPaths
    database: Path
    policy: BackupPolicy = field(default_factory=BackupPolicy)
    clock: Clock = field(default_factory=SystemClock)
    last_backup_at: dt.datetime | None = None
    last_error: str | None = None
    _changed: bool = False
    _fingerprint: tuple[int, int, int, int] | None = None

    def mark_changed(self) -> None:
        self._changed = True

    def has_changes(self) -> bool:
        return self._changed or _fingerprint(self.database) != self._fingerprint

    def backup_on_open(self) -> Path | None:
        return self._take(ON_OPEN)

    def tick(self) -> Path | None:
        """Take a periodic copy if the file changed and the interval has passed."""
        if not self.has_changes():
            return None
        due = self.last_backup_at is None or (
            self.clock.now() - self.last_backup_at >= self.policy.interval
        )
        return self._take(PERIODIC) if due else None

    def backup_on_close(self) -> Path | None:
        return self._take(ON_CLOSE) if self.has_changes() else None

    def _take(self, reason: str) -> Path | None:
        if not self.database.exists():
            return None
        # Cleared before copying: the GUI may back up in a worker thread while the note
        # taker saves, and a save during the copy must mark the file changed again.
        was_changed, self._changed = self._changed, False
        try:
            path = backup_database(
                self.paths, self.database, reason=reason, policy=self.policy, clock=self.clock
            )
        except UserError as exc:
            self._changed = self._changed or was_changed
            self.last_error = str(exc)
            log.warning("routine backup failed: %s", exc)
            return None
        self.last_error = None
        self.last_backup_at = self.clock.now()
        # Taken after the copy: reading a WAL database touches its -wal file. A save landing
        # in between is still caught by `mark_changed()`, which the GUI calls on every save.
        self._fingerprint = _fingerprint(self.database)
        return path
