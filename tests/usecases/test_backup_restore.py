"""Backups for the window and the command line: copy, list, describe, restore (SQLite
archive files; a server's backups are usecases/move_archive.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.paths import AppPaths
from csp_desktop.storage import open_database
from csp_desktop.storage.output_guard import ProtectedFiles
from csp_desktop.usecases.backup_restore import (
    back_up_to,
    describe_backup,
    list_backups,
    restore_from_backup,
    usable_backups,
)
from tests.factories import make_body, make_meeting


def make_database(path: Path, meetings: int, body: str = "Board") -> Path:
    database = open_database(path)
    with database.transaction() as session:
        body_row = make_body(session, f"Community Safety {body}", short_name=body)
        for n in range(meetings):
            make_meeting(session, body_row, dt.date(2022, 10, 5) + dt.timedelta(days=91 * n))
    database.close()
    return path


def meeting_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM meeting").fetchone()[0])


def test_a_copy_is_checked_and_described(tmp_path: Path) -> None:
    database = make_database(tmp_path / "csp.db", meetings=2)
    paths = AppPaths(tmp_path / "data", False)
    info = back_up_to(database, tmp_path / "copy.db", ProtectedFiles(database, paths.backups_dir))
    assert info.meeting_count == 2 and info.usable and info.size_bytes > 0
    assert describe_backup(tmp_path / "copy.db").meeting_count == 2


def test_a_copy_never_goes_over_the_archive(tmp_path: Path) -> None:
    database = make_database(tmp_path / "csp.db", meetings=1)
    paths = AppPaths(tmp_path / "data", False)
    protected = ProtectedFiles(database, paths.backups_dir)
    before = database.read_bytes()
    for output in (database, database.with_name("csp.db-wal"), paths.backups_dir / "x.db"):
        paths.backups_dir.mkdir(parents=True, exist_ok=True)
        with pytest.raises(UserError, match="different file from the database"):
            back_up_to(database, output, protected)
    assert database.read_bytes() == before
    with pytest.raises(UserError, match="nothing to back up"):
        back_up_to(tmp_path / "missing.db", tmp_path / "out.db", protected)


def test_restore_keeps_the_current_file_first(tmp_path: Path) -> None:
    from csp_desktop.storage.backup import backup_database

    database = make_database(tmp_path / "csp.db", meetings=1)
    paths = AppPaths(tmp_path / "data", False)
    clock = FakeClock()
    backup_database(paths, database, clock=clock)
    assert [b.meeting_count for b in usable_backups(paths, database)] == [1]
    make_database(database, meetings=2, body="Subgroup")  # two more meetings since the backup
    assert meeting_count(database) == 3

    chosen = list_backups(paths, database)[0]
    result = restore_from_backup(paths, chosen.path, database, clock=clock)
    assert meeting_count(database) == 1
    assert result.previous_copy is not None and meeting_count(result.previous_copy) == 3
    with pytest.raises(UserError):
        restore_from_backup(paths, tmp_path / "nothing.db", database, clock=clock)
    assert meeting_count(database) == 1  # a refused backup changes nothing
