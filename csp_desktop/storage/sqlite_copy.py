"""Reading a live SQLite file without disturbing it: consistent copies through SQLite's
online backup API, and the read-only URI that creates nothing beside the file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def has_pending_wal(path: Path) -> bool:
    """Whether changes wait in `<file>-wal` (someone is writing, or a writer crashed)."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def read_uri(path: Path) -> str:
    """An SQLite URI that reads `path` without creating anything beside it.

    With no pending WAL nobody is writing (a WAL file lives as long as a writer's
    connection), so `immutable=1` is safe and needs no -shm; with a pending WAL the
    changes in it must be read, which `mode=ro` does through the existing files.
    """
    resolved = path.resolve().as_posix()
    if has_pending_wal(path):
        return f"file:{resolved}?mode=ro"
    return f"file:{resolved}?mode=ro&immutable=1"


def copy_sqlite(source: Path, destination: Path) -> None:
    """Copy `source` to `destination` page by page, safe while others write.

    Writes to a temporary name first and renames, so a crash never leaves a
    half-written backup under the real name.
    """
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    # Creates nothing beside a source on a read-only share (see read_uri).
    src = sqlite3.connect(read_uri(source), uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            # A backup is a standalone file: rollback journal, not WAL.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        os.replace(partial, destination)
    except BaseException:
        # Disk full, killed mid-copy by Ctrl+C...: no half copy is left anywhere.
        for leftover in (partial, Path(f"{partial}-journal"), Path(f"{partial}-wal")):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        src.close()
