"""Rolling backups through SQLite's online backup API, and safe restores."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from csp_desktop.clock import FakeClock
from csp_desktop.errors import DatabaseRefused, UserError
from csp_desktop.paths import AppPaths
from csp_desktop.storage import open_database
from csp_desktop.storage.backup import (
    BEFORE_RESTORE,
    ON_OPEN,
    PERIODIC,
    BackupPolicy,
    BackupScheduler,
    backup_before_upgrade,
    backup_database,
    list_backups,
    prune_backups,
    restore_backup,
    validate_backup,
)
from tests.factories import make_body, make_meeting


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data", portable=False)


def make_database(path: Path, meetings: int) -> Path:
    database = open_database(path)
    with database.transaction() as session:
        body = make_body(session)
        for n in range(meetings):
            make_meeting(session, body, dt.date(2022, 1, 5) + dt.timedelta(days=30 * n))
    database.close()
    return path


def meeting_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM meeting").fetchone()[0])


def test_backup_is_a_consistent_standalone_copy(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "csp.db", meetings=3)
    copy = backup_database(paths, source, reason=ON_OPEN, clock=FakeClock())
    assert copy.parent == paths.backups_dir
    assert copy.name.startswith("csp_20221005-100000_open_")
    assert meeting_count(copy) == 3
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    validate_backup(copy)


def test_backup_includes_changes_still_in_the_wal(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "csp.db", meetings=1)
    database = open_database(source)  # stays open: the new rows live only in the WAL
    with database.transaction() as session:
        body = make_body(session, "Second Board", short_name="SB")
        make_meeting(session, body, dt.date(2023, 3, 1))
    assert Path(f"{source}-wal").stat().st_size > 0
    copy = backup_database(paths, source)
    database.close()
    assert meeting_count(copy) == 2


def test_backup_while_another_thread_writes(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "csp.db", meetings=1)
    database = open_database(source)
    stop = threading.Event()

    def keep_writing() -> None:
        n = 0
        while not stop.is_set():
            with database.transaction() as session:
                session.execute(text("UPDATE meeting SET notes = :n"), {"n": "x" * (n % 500)})
            n += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        copies = [backup_database(paths, source, clock=FakeClock()) for _ in range(5)]
    finally:
        stop.set()
        writer.join()
        database.close()
    for copy in copies:
        validate_backup(copy)


def test_same_second_backups_get_distinct_names(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "csp.db", meetings=1)
    clock = FakeClock()
    first = backup_database(paths, source, clock=clock)
    second = backup_database(paths, source, clock=clock)
    assert first != second and first.exists() and second.exists()
    assert [b.path for b in list_backups(paths, source)] == [second, first]


def test_rotation_keeps_the_newest_k_of_each_family(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "csp.db", meetings=1)
    clock = FakeClock()
    policy = BackupPolicy(keep=3)
    safety = backup_database(paths, source, reason=BEFORE_RESTORE, clock=clock, policy=policy)
    routine = []
    for _ in range(6):
        clock.advance(minutes=5)
        routine.append(backup_database(paths, source, reason=PERIODIC, clock=clock, policy=policy))
    kept = {b.path for b in list_backups(paths, source)}
    assert kept == {safety, *routine[-3:]}  # the safety copy survives routine churn
    assert not any(p.exists() for p in routine[:3])


def test_rotation_only_touches_this_databases_backups(tmp_path: Path, paths: AppPaths) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = make_database(tmp_path / "a" / "csp.db", meetings=1)
    two = make_database(tmp_path / "b" / "csp.db", meetings=2)
    clock = FakeClock()
    other = backup_database(paths, two, clock=clock)
    for _ in range(4):
        clock.advance(minutes=1)
        backup_database(paths, one, clock=clock, policy=BackupPolicy(keep=2))
    assert other.exists()
    assert len(list_backups(paths, one)) == 2
    assert [b.meeting_count for b in list_backups(paths, two)] == [2]
    assert len(list_backups(paths)) == 3


def test_prune_with_explicit_keep(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "csp.db", meetings=1)
    clock = FakeClock()
    for _ in range(4):
        clock.advance(seconds=1)
        backup_database(paths, source, reason=ON_OPEN, clock=clock, policy=BackupPolicy(keep=10))
    removed = prune_backups(paths, source, keep=1)
    assert len(removed) == 3
    assert len(list_backups(paths, source)) == 1


def test_policy_read_from_settings_file(paths: AppPaths) -> None:
    paths.data_dir.mkdir(parents=True)
    paths.settings_file.write_text("[backups]\nkeep=7\ninterval_minutes=2.5\n", encoding="utf-8")
    policy = BackupPolicy.from_settings(paths)
    assert policy.keep == 7
    assert policy.interval == dt.timedelta(minutes=2.5)


@pytest.mark.parametrize("content", ["", "[backups]\nkeep=lots\n", "not an ini file at all"])
def test_policy_defaults_when_settings_missing_or_bad(paths: AppPaths, content: str) -> None:
    paths.data_dir.mkdir(parents=True)
    if content:
        paths.settings_file.write_text(content, encoding="utf-8")
    assert BackupPolicy.from_settings(paths) == BackupPolicy()


def test_list_backups_reports_date_size_and_meetings(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "csp.db", meetings=4)
    clock = FakeClock()
    backup_database(paths, source, reason=ON_OPEN, clock=clock)
    (info,) = list_backups(paths, source)
    assert info.created == clock.now()
    assert info.reason_label == "on opening"
    assert info.size_bytes == info.path.stat().st_size > 0
    assert info.meeting_count == 4
    assert info.latest_meeting == dt.date(2022, 1, 5) + dt.timedelta(days=90)
    assert info.usable


def test_list_backups_reads_without_changing_a_byte(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "csp.db", meetings=2)
    copy = backup_database(paths, source)
    before = digest(copy)
    list_backups(paths, source)
    assert digest(copy) == before
    assert sorted(p.name for p in paths.backups_dir.iterdir()) == [copy.name]


def test_damaged_backup_is_listed_as_unusable(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "csp.db", meetings=2)
    copy = backup_database(paths, source)
    data = copy.read_bytes()
    copy.write_bytes(data[: len(data) // 3])
    (info,) = list_backups(paths, source)
    assert not info.usable
    assert info.meeting_count is None
    assert info.problem and str(copy) in info.problem


def test_backup_before_upgrade_goes_to_the_backups_folder(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "csp.db", meetings=1)
    copy = backup_before_upgrade(paths, source, "0001_baseline")
    assert copy.parent == paths.backups_dir
    assert "_before-upgrade_" in copy.name
    assert meeting_count(copy) == 1


def test_unwritable_backups_folder_is_a_user_error(tmp_path: Path) -> None:
    source = make_database(tmp_path / "csp.db", meetings=1)
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    paths = AppPaths(blocker, portable=False)
    with pytest.raises(UserError, match="could not be written"):
        backup_database(paths, source)


def test_restore_replaces_the_file_and_keeps_the_current_one(
    tmp_path: Path, paths: AppPaths
) -> None:
    target = make_database(tmp_path / "csp.db", meetings=2)
    clock = FakeClock()
    old = backup_database(paths, target, clock=clock)
    database = open_database(target)
    with database.transaction() as session:
        make_meeting(session, make_body(session, "New Board", short_name="NB"), dt.date(2024, 1, 1))
    database.close()
    assert meeting_count(target) == 3
    clock.advance(minutes=1)

    result = restore_backup(paths, old, target, clock=clock)

    assert meeting_count(target) == 2
    assert result.previous_copy is not None and meeting_count(result.previous_copy) == 3
    assert "_before-restore_" in result.previous_copy.name
    assert not Path(f"{target}-wal").exists()
    reopened = open_database(target)  # opens cleanly in WAL mode again
    reopened.close()
    assert not (tmp_path / "csp.db.restoring").exists()


def test_restore_removes_a_stale_wal_that_would_corrupt_the_copy(
    tmp_path: Path, paths: AppPaths
) -> None:
    target = make_database(tmp_path / "csp.db", meetings=1)
    other = make_database(tmp_path / "other.db", meetings=5)
    # A crashed writer left a WAL with frames belonging to the *current* file.
    database = open_database(target)
    with database.transaction() as session:
        make_meeting(session, make_body(session, "X", short_name="X"), dt.date(2024, 1, 1))
    wal = Path(f"{target}-wal")
    leftover = wal.read_bytes()
    database.close()  # checkpoints and deletes the WAL...
    wal.write_bytes(leftover)  # ...so put back what a killed process would have left
    restore_backup(paths, other, target)
    assert not wal.exists()
    with sqlite3.connect(target) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert meeting_count(target) == 5


@pytest.mark.parametrize(
    "content", [b"", b"plain text", b"SQLite format 3\x00" + b"\x00" * 200], ids=str
)
def test_bad_backup_is_refused_and_nothing_changes(
    tmp_path: Path, paths: AppPaths, content: bytes
) -> None:
    target = make_database(tmp_path / "csp.db", meetings=2)
    before = digest(target)
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(DatabaseRefused):
        restore_backup(paths, bad, target)
    assert digest(target) == before
    assert list_backups(paths) == []


def test_newer_schema_backup_is_refused(tmp_path: Path, paths: AppPaths) -> None:
    target = make_database(tmp_path / "csp.db", meetings=1)
    future = make_database(tmp_path / "future.db", meetings=1)
    with sqlite3.connect(future) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(DatabaseRefused, match="newer version"):
        restore_backup(paths, future, target)


def test_restore_over_an_unreadable_file_keeps_its_bytes(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "good.db", meetings=3)
    target = tmp_path / "csp.db"
    garbage = b"this file was damaged by a sync tool" * 10
    target.write_bytes(garbage)
    result = restore_backup(paths, source, target)
    assert meeting_count(target) == 3
    assert result.previous_copy is not None
    assert result.previous_copy.read_bytes() == garbage


def test_restore_from_itself_is_refused(tmp_path: Path, paths: AppPaths) -> None:
    target = make_database(tmp_path / "csp.db", meetings=1)
    with pytest.raises(UserError, match="itself"):
        restore_backup(paths, target, target)


def test_restore_to_a_new_location(tmp_path: Path, paths: AppPaths) -> None:
    source = make_database(tmp_path / "good.db", meetings=2)
    target = tmp_path / "fresh.db"
    result = restore_backup(paths, source, target)
    assert result.previous_copy is None
    assert meeting_count(target) == 2


def test_scheduler_backs_up_on_open_then_only_when_changed_and_due(
    tmp_path: Path, paths: AppPaths
) -> None:
    source = make_database(tmp_path / "csp.db", meetings=1)
    clock = FakeClock()
    scheduler = BackupScheduler(
        paths, source, BackupPolicy(keep=5, interval=dt.timedelta(minutes=5)), clock
    )
    assert scheduler.backup_on_open() is not None
    clock.advance(minutes=10)
    assert scheduler.tick() is None  # nothing changed

    database = open_database(source)
    with database.transaction() as session:
        session.execute(text("UPDATE meeting SET notes = 'typed'"))
    assert scheduler.tick() is not None  # changed, and 10 minutes since the last copy
    clock.advance(minutes=1)
    with database.transaction() as session:
        session.execute(text("UPDATE meeting SET notes = 'typed more'"))
    assert scheduler.tick() is None  # changed, but not yet due
    clock.advance(minutes=4)
    copy = scheduler.tick()
    assert copy is not None and "_periodic_" in copy.name
    scheduler.mark_changed()
    closing = scheduler.backup_on_close()
    assert closing is not None and "_close_" in closing.name
    assert scheduler.backup_on_close() is None  # nothing new since that copy
    database.close()


def test_scheduler_reports_failure_without_raising(tmp_path: Path) -> None:
    source = make_database(tmp_path / "csp.db", meetings=1)
    blocker = tmp_path / "blocked"
    blocker.write_text("x")
    scheduler = BackupScheduler(AppPaths(blocker, portable=False), source, clock=FakeClock())
    assert scheduler.backup_on_open() is None
    assert scheduler.last_error and "could not be written" in scheduler.last_error


def test_a_folder_given_as_the_backup_is_called_a_folder(tmp_path: Path) -> None:
    # `restore FOLDER` said "The backup FOLDER does not exist" while it plainly does.
    folder = tmp_path / "backups"
    folder.mkdir()
    with pytest.raises(DatabaseRefused, match="is a folder"):
        validate_backup(folder)
