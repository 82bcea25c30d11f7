"""One function opens a database, by path or URL, refusing anything it cannot trust.

The checks run on a read-only connection before anything is written, so a file
we refuse (not a database, newer schema, not ours) is left byte-for-byte untouched.
Alembic is imported only when a migration is actually needed, which keeps it
off the start-up path of the GUI.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from csp_desktop.errors import DatabaseRefused, StaleEdit, UserError
from csp_desktop.storage.sqlite_copy import copy_sqlite, has_pending_wal, read_uri
from csp_desktop.storage.unreachable import server_connect_args

# The newest migration this build knows. A test checks it equals Alembic's head.
SCHEMA_HEAD = "0013_offline_copies"
KNOWN_REVISIONS = (
    "0001_baseline",
    "0002_search_index",
    "0003_constraint_names",
    "0004_publication_fields",
    "0005_archive_identity",
    "0006_plans",
    "0007_transcripts",
    "0008_row_versions",
    "0010_attendance_unmarked",
    "0011_meeting_status_known",
    "0012_edit_leases",
    "0013_offline_copies",
)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


@dataclass
class Database:
    """An open database: the engine, a session factory, and where it lives."""

    engine: Engine
    url: str
    path: Path | None  # None for a server database
    upgraded_from: str | None = None  # revision the file had before we upgraded it
    pre_upgrade_backup: Path | None = None
    # Who is saving, and when (models/row_version.py stamps changed_by/changed_at).
    clock: Any = None
    read_only: bool = False  # opened without writing (asked for, or a read-only file/folder)
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        session = self._sessions()
        session.info["clock"] = self.clock
        return session

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error.

        A failure of the storage itself (disk full, file made read-only, network share
        gone) is raised as StorageFailure, a UserError with one plain sentence; the
        transaction is rolled back, so what was saved before stays as it was. A save
        based on a record someone else changed meanwhile is raised as StaleEdit (the
        refused values kept in `lost_edit`).
        """
        refused: list[tuple[str, int, dict[str, Any]]] = []
        try:
            with self._sessions.begin() as session:
                session.info["clock"] = self.clock
                try:
                    yield session
                    session.flush()
                except StaleDataError:
                    refused = _refused_values(session)
                    raise
        except StaleDataError:
            raise self._stale_edit(refused) from None
        except OperationalError as exc:
            if self.read_only and storage_fault(exc) is not None:
                raise ReadOnlyDatabase(
                    f"{self.describe()} is open read-only, so nothing can be changed; "
                    "nothing was saved. To edit it, copy it to a folder you can write to "
                    "(or ask for write access) and open the copy."
                ) from None
            failure = storage_failure(exc, self.describe())
            if failure is None:
                raise
            raise failure from None

    def _stale_edit(self, refused: list[tuple[str, int, dict[str, Any]]]) -> StaleEdit:
        """Keep what was refused, and say who changed the record and when."""
        from csp_desktop.services.formatting import uk_date

        now = self.clock.now() if self.clock is not None else dt.datetime.now()
        typed_by = self.clock.user() if self.clock is not None else None
        who, when = "someone else", ""
        changed_at: Any = None
        with self._sessions.begin() as session:
            for table, row_id, values in refused:
                for column, value in values.items():
                    session.execute(
                        text(
                            "INSERT INTO lost_edit (table_name, row_id, field, value, typed_by, "
                            "refused_at) VALUES (:t, :r, :f, :v, :b, :a)"
                        ),
                        {"t": table, "r": row_id, "f": column, "v": value, "b": typed_by, "a": now},
                    )
            if refused:
                table, row_id, _values = refused[0]
                row = session.execute(
                    text(f"SELECT changed_by, changed_at FROM {table} WHERE id = :id"),
                    {"id": row_id},
                ).first()
                if row is not None and row[0]:
                    who = str(row[0])
                changed_at = row[1] if row is not None else None
                if isinstance(changed_at, str):  # SQLite hands raw SQL its text
                    changed_at = dt.datetime.fromisoformat(changed_at)
                if isinstance(changed_at, dt.datetime):
                    when = f" at {changed_at:%H:%M} on {uk_date(changed_at.date())}"
        what = _RECORD_WORDS.get(refused[0][0], "this record") if refused else "this record"
        return StaleEdit(
            f"{what.capitalize()} was changed by {who}{when} while you were editing it; "
            "your version was not saved over theirs and is kept in its history. "
            "Reload to see theirs.",
            changed_by=who,
            changed_at=changed_at if isinstance(changed_at, dt.datetime) else None,
            table=refused[0][0] if refused else None,
            row_id=refused[0][1] if refused else None,
        )

    def close(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        return str(self.path) if self.path else make_url(self.url).render_as_string()


_RECORD_WORDS = {
    "meeting": "the meeting",
    "agenda_item": "the item",
    "action": "the action",
    "attendance": "the attendance record",
    "subgroup_report": "the subgroup report",
}


def _refused_values(session: Session) -> list[tuple[str, int, dict[str, Any]]]:
    """The values each versioned record tried to save (models/row_version.py notes them
    before every flush; the failed flush has expired the records themselves)."""
    return list(session.info.get("versioned_changes", []))


class StorageFailure(UserError):
    """The file could not be written (disk full, read-only, share gone); nothing was saved."""


class ReadOnlyDatabase(UserError):
    """A change was asked of a database opened read-only; nothing was saved."""


class DamagedFile(DatabaseRefused):
    """Empty, not SQLite, truncated or damaged: restoring a backup is the usual answer."""


class NewerSchema(DatabaseRefused):
    """The file was written by a newer version; restoring an old backup is not the answer."""


# SQLite's words for storage faults, and what they mean to the person typing.
_STORAGE_FAULTS = (
    ("database or disk is full", "the disk is full; free some space and try again"),
    ("disk i/o error", "the disk could not be written (a disk or network drive fault)"),
    ("readonly database", "the file has been made read-only"),
    ("unable to open database file", "the file or its folder is no longer reachable"),
    ("database is locked", "another program is holding the file; try again in a moment"),
    ("database disk image is malformed", "the file is damaged; restore it from a backup"),
)


def storage_fault(exc: BaseException) -> str | None:
    """What a storage fault from SQLite means, in plain words; None if it is not one."""
    reason = str(getattr(exc, "orig", None) or exc).lower()
    for words, meaning in _STORAGE_FAULTS:
        if words in reason:
            return meaning
    return None


def storage_failure(exc: BaseException, where: str) -> StorageFailure | None:
    """The StorageFailure to raise for a failed save, or None if it was not a storage fault."""
    meaning = storage_fault(exc)
    if meaning is None:
        return None
    return StorageFailure(
        f"The change could not be saved to {where}: {meaning}. Nothing saved earlier was lost."
    )


def _apply_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def inspect_sqlite_file(path: Path) -> str | None:
    """Read the schema revision of an existing file without changing a byte.

    Returns None for an empty database (no tables). Raises DatabaseRefused for
    anything we must not touch.
    """
    where = f"{path}"
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise DatabaseRefused(f"{where} is a folder, not a database file.") from None
    except PermissionError:
        raise DatabaseRefused(f"{where} cannot be read (permission denied).") from None
    except OSError as exc:
        raise DatabaseRefused(f"{where} cannot be read: {exc.strerror or exc}.") from None
    if not header:
        raise DamagedFile(
            f"{where} is an empty (zero-byte) file, not a CSP Desktop database; "
            "it was left as it is."
        )
    if header != SQLITE_HEADER:
        raise DamagedFile(
            f"{where} is not a CSP Desktop database (not an SQLite file); it was left as it is."
        )
    try:
        # Read-only: the checks below must not change a byte of a file we may refuse,
        # nor create -wal/-shm files beside it (see read_uri).
        connection = sqlite3.connect(read_uri(path), uri=True)
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise DatabaseRefused(
                    f"{where} is an SQLite database from another program, not CSP Desktop; "
                    "it was left as it is."
                )
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedFile(
            f"{where} is damaged or not a database ({exc}); it was left as it is."
        ) from None
    if row is None:
        raise DamagedFile(f"{where} has no schema version; it was left as it is.")
    return str(row[0])


def is_read_only_archive(path: Path) -> bool:
    """An existing file this user cannot change: a read-only file, folder or share."""
    import os

    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def check_revision(revision: str | None, where: str) -> None:
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerSchema(
            f"{where} was written by a newer version of CSP Desktop (schema {revision}); "
            "install the newer version to open it. The file was left as it is."
        )


def upgrade_schema(engine: Engine) -> None:
    """Run Alembic migrations up to head on this engine."""
    from csp_desktop.storage.migrate import upgrade_to_head

    upgrade_to_head(engine)


BackupHook = Callable[[Path, str], Path]


def open_database(
    target: str | Path,
    *,
    backup_before_upgrade: BackupHook | None = None,
    create: bool = True,
    read_only: bool = False,
) -> Database:
    """Open (and create or upgrade) a CSP Desktop database.

    Args:
        target: a file path, or a SQLAlchemy URL such as
            ``postgresql+psycopg://user@host/csp`` or ``sqlite:///file.db``.
        backup_before_upgrade: called with (path, old_revision) before an older file
            is upgraded; returns the backup path. Defaults to a copy beside the file.
        create: create a missing file (its folder must exist).
        read_only: open without writing (no migrations; refused if an upgrade is due).

    Raises:
        DatabaseRefused: with a one-line message; the file is left untouched.
    """
    url, path = _resolve_target(target)
    if path is None:
        return _open_server_database(url, read_only=read_only)

    revision: str | None = None
    existed = path.exists()
    if existed:
        revision = inspect_sqlite_file(path)
        check_revision(revision, str(path))
    else:
        if not create:
            raise DatabaseRefused(f"{path} does not exist.")
        if not path.parent.is_dir():
            raise DatabaseRefused(f"The folder {path.parent} does not exist.")
        if read_only:
            raise DatabaseRefused(f"{path} does not exist.")

    if existed and not read_only and is_read_only_archive(path):
        read_only = True  # a read-only file or share: look and export, change nothing

    if read_only:
        return _open_read_only(path, url, revision)

    backup_path: Path | None = None
    if revision is not None and revision != SCHEMA_HEAD:
        hook = backup_before_upgrade or _backup_beside
        backup_path = hook(path, revision)

    engine = create_engine(url)
    event.listen(engine, "connect", _apply_sqlite_pragmas)
    try:
        if revision != SCHEMA_HEAD:
            upgrade_schema(engine)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        if not existed:
            _remove_new_file(path)
        reason = storage_fault(exc) or str(exc.orig).rstrip(".")
        raise DatabaseRefused(f"{path} cannot be opened: {reason}.") from None
    database = Database(engine=engine, url=url, path=path)
    database.upgraded_from = revision if revision != SCHEMA_HEAD else None
    database.pre_upgrade_backup = backup_path
    return database


def _open_read_only(path: Path, url: str, revision: str | None) -> Database:
    if revision != SCHEMA_HEAD:
        raise DatabaseRefused(
            f"{path} was written by an older version and must be upgraded before it can be "
            "read, which a read-only copy cannot be; copy it to a folder you can write to "
            "and open the copy."
        )
    archive = is_read_only_archive(path)
    if archive and has_pending_wal(path) and not Path(f"{path}-shm").exists():
        raise DatabaseRefused(
            f"{path} is read-only and its latest changes are still in {path.name}-wal, which "
            "cannot be read without writing beside it; copy both files to a folder you can "
            "write to and open the copy."
        )
    # A live file opened read-only by choice (someone else is editing) is read through
    # its WAL; a read-only archive with no pending changes is read as immutable.
    uri = read_uri(path) if archive else f"file:{path.resolve().as_posix()}?mode=ro"
    engine = create_engine(f"sqlite+pysqlite:///{uri}&uri=true")
    event.listen(engine, "connect", _read_only_pragmas)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM meeting"))
    except OperationalError as exc:
        engine.dispose()
        reason = storage_fault(exc) or str(exc.orig).rstrip(".")
        raise DatabaseRefused(f"{path} cannot be opened read-only: {reason}.") from None
    return Database(engine=engine, url=url, path=path, read_only=True)


def _remove_new_file(path: Path) -> None:
    """Remove what a failed creation left, so a retry starts clean (never an old file)."""
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _backup_beside(path: Path, revision: str) -> Path:
    """Copy the file before an upgrade, using SQLite's online backup (consistent copy)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    destination = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
    copy_sqlite(path, destination)
    return destination


def database_file(target: str | Path) -> Path | None:
    """The SQLite file a path or URL names; None for a server database."""
    try:
        return _resolve_target(target)[1]
    except DatabaseRefused:
        return None


def _resolve_target(target: str | Path) -> tuple[str, Path | None]:
    if isinstance(target, Path):
        return sqlite_url(target), target
    if "://" not in target:
        path = Path(target).expanduser()
        return sqlite_url(path), path
    try:
        parsed = make_url(target)
    except ArgumentError:
        raise DatabaseRefused(f"{target!r} is not a database URL I understand.") from None
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseRefused("An in-memory database cannot hold meetings; give a file.")
        path = Path(parsed.database).expanduser()
        return sqlite_url(path), path
    return target, None


def _open_server_database(url: str, *, read_only: bool) -> Database:
    try:
        engine = create_engine(url, pool_pre_ping=True, connect_args=server_connect_args(url))
        with engine.connect() as connection:
            names = set(inspect(connection).get_table_names())
            revision = None
            if "alembic_version" in names:
                revision = connection.execute(
                    text("SELECT version_num FROM alembic_version")
                ).scalar()
            elif names:
                raise DatabaseRefused(
                    "That database holds tables from another program; "
                    "CSP Desktop will not touch it."
                )
    except DatabaseRefused:
        raise
    except (SQLAlchemyError, ImportError) as exc:
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseRefused(
            f"Cannot connect to {make_url(url).render_as_string()}: {reason}".splitlines()[0]
        ) from None
    check_revision(revision, make_url(url).render_as_string())
    if revision != SCHEMA_HEAD:
        if read_only:
            engine.dispose()
            raise DatabaseRefused("The database needs upgrading and cannot be opened read-only.")
        try:
            upgrade_schema(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            if "permission denied" in str(exc).lower() or "must be owner" in str(exc).lower():
                # The application role may change rows, never the schema (docs/team.md).
                raise DatabaseRefused(
                    "The team database needs upgrading to this version, and this login may "
                    "not change its tables: ask IT to open it once as the owner role "
                    "(docs/team.md)."
                ) from None
            reason = getattr(exc, "orig", None) or exc
            raise DatabaseRefused(
                f"The team database could not be upgraded: {reason}".splitlines()[0]
            ) from None
    database = Database(engine=engine, url=url, path=None)
    database.upgraded_from = revision if revision != SCHEMA_HEAD else None
    return database
