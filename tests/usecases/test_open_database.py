"""What the window asks before it opens a database: the lock, a damaged file's restore
offer, routine backups, the meeting a picture shows. Plain results and exceptions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from csp_desktop.app import AppContext, DatabaseChoice
from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.paths import AppPaths
from csp_desktop.storage import open_database
from csp_desktop.storage.backup import backup_database
from csp_desktop.usecases.open_database import (
    DamagedFile,
    LockHeld,
    LockOutcome,
    NewerSchema,
    meeting_to_show,
    open_for_window,
    restore_offer,
    routine_backups,
    take_over_writer_lock,
    take_writer_lock,
)
from tests.factories import make_body, make_meeting


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    path = tmp_path / "csp.db"
    database = open_database(path)
    with database.transaction() as session:
        body = make_body(session)
        make_meeting(session, body, dt.date(2022, 10, 5), items=["Welcome", "Strategic plan"])
    database.close()
    return path


def app_context(path: Path, tmp_path: Path, *, read_only: bool = False) -> AppContext:
    choice = DatabaseChoice(str(path), read_only=read_only)
    return AppContext(AppPaths(tmp_path / "data", False), choice, clock=FakeClock())


@pytest.fixture
def context(database_path: Path, tmp_path: Path) -> Iterator[AppContext]:
    ctx = app_context(database_path, tmp_path)
    yield ctx
    ctx.close()


def test_one_writer_and_the_second_window_is_told_who(
    context: AppContext, database_path: Path, tmp_path: Path
) -> None:
    assert take_writer_lock(context) is LockOutcome.WRITABLE
    second = app_context(database_path, tmp_path)
    try:
        with pytest.raises(LockHeld) as held:
            take_writer_lock(second)
        assert held.value.holder is not None
        assert take_over_writer_lock(second) is LockOutcome.WRITABLE
    finally:
        second.close()
    looker = app_context(database_path, tmp_path, read_only=True)
    assert take_writer_lock(looker) is LockOutcome.READ_ONLY
    assert routine_backups(looker, read_only=True) is None


def test_a_damaged_file_is_offered_its_newest_usable_backup(
    context: AppContext, database_path: Path
) -> None:
    backup_database(context.paths, database_path, clock=FakeClock())
    database_path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)  # damaged
    with pytest.raises(DamagedFile) as damaged:
        open_for_window(context, read_only=False)
    offer = restore_offer(context, damaged.value)
    assert offer is not None and offer.database == database_path
    assert offer.newest.meeting_count == 1
    assert restore_offer(context, NewerSchema("from a newer version")) is None


def test_routine_backups_and_the_meeting_to_show(context: AppContext) -> None:
    scheduler = routine_backups(context, read_only=False)
    assert scheduler is not None
    database = open_for_window(context, read_only=False)
    meeting_id, item_id = meeting_to_show(database, None)
    assert meeting_to_show(database, "latest") == (meeting_id, item_id)
    with pytest.raises(UserError):
        meeting_to_show(database, "2001-01-01")
