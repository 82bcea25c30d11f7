"""Consistent copies of a live SQLite file through SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def copy_sqlite(source: Path, destination: Path) -> None:
    """Copy `source` to `destination` page by page, safe while others write.

    Writes to a temporary name first and renames, so a crash never leaves a
    half-written backup under the real name.
    """
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    from csp_desktop.storage.database import read_uri

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
