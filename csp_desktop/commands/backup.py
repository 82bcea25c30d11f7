"""`csp-desktop backup -o FILE` and `csp-desktop restore FILE`.

`backup` copies the live file through SQLite's online backup API (safe while the window
is open and writing). `restore` checks the chosen file first, keeps a copy of the current
database in the backups folder, then swaps the restored copy in; `cli.main` has already
taken the writer lock (see `WRITING_COMMANDS`), so no window is writing meanwhile.

On a server database (PostgreSQL) both work on the portable archive, an SQLite file that
either engine can restore (usecases/move_archive.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from csp_desktop.app import AppContext
from csp_desktop.errors import UserError
from csp_desktop.usecases.backup_restore import back_up_to, describe_backup, restore_from_backup


def _sqlite_file(context: AppContext, verb: str) -> Path:
    path = context.database_file()
    if path is None:
        raise UserError(
            f"{verb} works on a database file; for a server database use the server's own "
            "backup tools (for PostgreSQL, pg_dump)."
        )
    return path


def _size(size_bytes: int) -> str:
    if size_bytes >= 1024 * 1024:
        return f"{size_bytes / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size_bytes / 1024))} KB"


def _meetings(count: int | None) -> str:
    if count is None:
        return "an unknown number of meetings"
    return f"{count} meeting" + ("" if count == 1 else "s")


def run_backup(args: argparse.Namespace, context: AppContext) -> int:
    """Copy the current database to `args.output`."""
    output = Path(args.output).expanduser()
    if context.database_file() is None:
        return _backup_server(context, output)
    source = _sqlite_file(context, "Backup")
    info = back_up_to(source, output, context.protected_files())
    print(f"Backed up {_meetings(info.meeting_count)} to {output} ({_size(info.size_bytes)}).")
    return 0


def _backup_server(context: AppContext, output: Path) -> int:
    from csp_desktop.usecases.move_archive import backup_server

    report = backup_server(context.database(read_only=context.choice.read_only), output)
    print(
        f"Backed up {_meetings(report.meetings)} from the server to {output} "
        f"({_size(output.stat().st_size)}; an archive file either engine can restore)."
    )
    return 0


def _restore_server(context: AppContext, backup: Path) -> int:
    from csp_desktop.usecases.move_archive import restore_server

    result = restore_server(
        context.database(), backup, context.paths.backups_dir, clock=context.clock
    )
    print(
        f"Restored {result.restored.target} from {backup} ({_meetings(result.restored.meetings)})."
    )
    print(f"The records it replaced were kept as {result.previous_copy}.")
    return 0


def run_restore(args: argparse.Namespace, context: AppContext) -> int:
    """Replace the current database with `args.file`, keeping a copy of the current one."""
    backup = Path(args.file).expanduser()
    if context.database_file() is None:
        return _restore_server(context, backup)
    target = _sqlite_file(context, "Restore")
    context.close_database()
    result = restore_from_backup(context.paths, backup, target, clock=context.clock)
    info = describe_backup(target)
    print(f"Restored {target} from {backup} ({_meetings(info.meeting_count)}).")
    if result.previous_copy is not None:
        print(f"The file it replaced was kept as {result.previous_copy}.")
    return 0
