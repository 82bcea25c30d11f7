"""Move a whole archive between engines, and back up / restore a server database.

`move_archive`: the open database (file or server) copied into another one named by a
path or URL, which must be new or empty; then verified: the same number of rows in every
table, and `check` clean on the copy. Nothing is deleted from the source.

On a server, `backup_server` writes the portable archive: an SQLite file (the same
format as a desktop database, so either engine can restore it, and the desktop app can
open it directly). `restore_server` replaces the server's rows with a file's in one
transaction, after keeping the current rows as such a file in the backups folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csp_desktop.clock import Clock, SystemClock
from csp_desktop.errors import DatabaseRefused, UserError
from csp_desktop.services.integrity import check_database
from csp_desktop.storage.database import Database, database_file, open_database
from csp_desktop.storage.engine_copy import copy_rows, empty_archive, is_empty, row_counts


@dataclass(frozen=True)
class MoveReport:
    """What was copied where, and what the check found.

    Attributes:
        target: where the copy went, in words (a path, or a URL without its password).
        rows: rows copied per table.
        meetings: meetings copied.
    """

    target: str
    rows: dict[str, int]
    meetings: int

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def move_archive(source: Database, target: str | Path) -> MoveReport:
    """Copy every record of `source` into the new or empty database `target`, and verify."""
    path = database_file(target)
    if path is not None and source.path is not None and path.resolve() == source.path.resolve():
        raise UserError("The archive cannot be moved onto itself; name another file or server.")
    if path is not None and path.exists() and path.stat().st_size > 0:
        existing = open_database(path)
        try:
            with existing.engine.connect() as connection:
                if not is_empty(connection):
                    raise UserError(
                        f"{path} already holds an archive; move-to copies into a new file only."
                    )
        finally:
            existing.close()
    destination = open_database(target)
    try:
        return _copy_and_verify(source, destination)
    finally:
        destination.close()


def _copy_and_verify(source: Database, destination: Database) -> MoveReport:
    where = destination.describe()
    with source.engine.connect() as reading, destination.engine.begin() as writing:
        if not is_empty(writing):
            raise UserError(
                f"{where} already holds records; move-to copies into an empty database only "
                "(to replace a server's records from a file, use restore)."
            )
        copied = copy_rows(reading, writing)
    _verify(source, destination, copied)
    return MoveReport(target=where, rows=copied, meetings=copied.get("meeting", 0))


def _verify(source: Database, destination: Database, copied: dict[str, int]) -> None:
    with source.engine.connect() as reading, destination.engine.connect() as written:
        expected, found = row_counts(reading), row_counts(written)
    differing = [t for t in expected if expected[t] != found.get(t) or copied.get(t) != found[t]]
    if differing:
        raise UserError(
            f"The copy in {destination.describe()} does not match: different row counts in "
            f"{', '.join(differing)}. Nothing was removed from {source.describe()}."
        )
    report = check_database(destination)
    if not report.ok:
        raise UserError(
            f"The copy in {destination.describe()} failed its check: {report.problems[0]}"
        )


def backup_server(database: Database, output: Path) -> MoveReport:
    """Write a server database's records to a new SQLite file (the portable archive)."""
    if output.exists():
        raise UserError(f"{output} already exists; give a new file name for the backup.")
    if not output.parent.is_dir():
        raise UserError(f"The folder {output.parent} does not exist.")
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        report = move_archive(database, partial)
        partial.replace(output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return MoveReport(target=str(output), rows=report.rows, meetings=report.meetings)


@dataclass(frozen=True)
class ServerRestore:
    restored: MoveReport
    previous_copy: Path


def restore_server(
    database: Database, archive: Path, backups_dir: Path, *, clock: Clock | None = None
) -> ServerRestore:
    """Replace every record on the server with those in `archive` (an SQLite file).

    The current records are first kept as a file in `backups_dir`; the replacement runs in
    one transaction, so a failure leaves the server as it was.
    """
    if not archive.is_file():
        raise UserError(f"{archive} does not exist or is not a file.")
    try:
        source = open_database(archive, read_only=True)
    except DatabaseRefused as exc:
        raise UserError(f"{archive} cannot be restored: {exc}") from None
    try:
        stamp = (clock or SystemClock()).now().strftime("%Y%m%d-%H%M%S")
        backups_dir.mkdir(parents=True, exist_ok=True)
        kept = backups_dir / f"server-before-restore-{stamp}.db"
        backup_server(database, kept)
        with source.engine.connect() as reading, database.engine.begin() as writing:
            empty_archive(writing)
            copied = copy_rows(reading, writing)
        _verify(source, database, copied)
    finally:
        source.close()
    restored = MoveReport(
        target=database.describe(), rows=copied, meetings=copied.get("meeting", 0)
    )
    return ServerRestore(restored=restored, previous_copy=kept)
