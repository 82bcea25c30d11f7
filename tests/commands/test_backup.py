"""`backup -o FILE` and `restore FILE` through the real command line, and the writer lock."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from csp_desktop.cli import main
from csp_desktop.paths import app_paths
from csp_desktop.storage import open_database
from csp_desktop.storage.backup import list_backups
from csp_desktop.storage.lock import lock_path_for
from tests.factories import make_body, make_meeting


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


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_writes_a_checked_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = make_database(tmp_path / "csp.db", meetings=3)
    output = tmp_path / "copy.db"
    assert main(["--db", str(database), "backup", "-o", str(output)]) == 0
    assert meeting_count(output) == 3
    out = capsys.readouterr().out
    assert "Backed up 3 meetings to" in out and "KB" in out
    assert not lock_path_for(database).exists()  # backup only reads: no lock taken


def test_backup_while_another_instance_holds_the_lock(tmp_path: Path) -> None:
    database = make_database(tmp_path / "csp.db", meetings=2)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        assert main(["--db", str(database), "backup", "-o", str(tmp_path / "b.db")]) == 0
    finally:
        finish(holder)
    assert meeting_count(tmp_path / "b.db") == 2


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "does not exist, so there is nothing to back up"),
        ("garbage", "not an SQLite file"),
        ("to-itself", "different file"),
        ("no-folder", "does not exist"),
    ],
)
def test_backup_refusals_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str, message: str
) -> None:
    database = tmp_path / "csp.db"
    output = tmp_path / "copy.db"
    if setup == "garbage":
        database.write_text("a shopping list")
    elif setup != "missing":
        make_database(database, meetings=1)
    if setup == "to-itself":
        output = database
    if setup == "no-folder":
        output = tmp_path / "nowhere" / "copy.db"
    assert main(["--db", str(database), "backup", "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_restore_keeps_the_current_file_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = make_database(tmp_path / "old.db", meetings=2)
    database = make_database(tmp_path / "csp.db", meetings=5)
    assert main(["--db", str(database), "restore", str(old)]) == 0
    assert meeting_count(database) == 2
    out = capsys.readouterr().out
    assert "Restored" in out and "(2 meetings)" in out and "kept as" in out
    (kept,) = list_backups(app_paths(), database)
    assert kept.meeting_count == 5 and kept.reason == "before-restore"
    assert not lock_path_for(database).exists()  # released after the command


def test_restore_refuses_a_bad_file_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = make_database(tmp_path / "csp.db", meetings=2)
    before = digest(database)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 500)
    assert main(["--db", str(database), "restore", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err
    assert digest(database) == before
    assert list_backups(app_paths()) == []


def test_restore_is_refused_while_another_instance_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = make_database(tmp_path / "old.db", meetings=1)
    database = make_database(tmp_path / "csp.db", meetings=3)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        assert main(["--db", str(database), "restore", str(old)]) == 2
    finally:
        finish(holder)
    err = capsys.readouterr().err
    assert "is open for editing by minute.taker on" in err and "last active" in err
    assert "read-only" not in err  # no help to a restore (issue 12)
    assert meeting_count(database) == 3


def test_restore_of_a_missing_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = make_database(tmp_path / "csp.db", meetings=1)
    assert main(["--db", str(database), "restore", str(tmp_path / "nope.db")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_unreachable_server_backup_is_one_plain_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--database-url", "postgresql+psycopg://u@127.0.0.1:1/x", "backup", "-o", "x"])
    assert code == 2
    err = capsys.readouterr().err
    assert "Cannot connect to postgresql+psycopg://u@127.0.0.1:1/x" in err
    assert len(err.strip().splitlines()) == 1


HOLD_LOCK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from csp_desktop.clock import FakeClock
    from csp_desktop.storage.lock import WriterLock
    lock = WriterLock(Path(sys.argv[1]), clock=FakeClock(username="minute.taker")).acquire()
    print("holding", flush=True)
    sys.stdin.read()
    lock.release()
    """
)


def finish(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.close()
    process.wait(timeout=10)
    process.stdout.close()


def make_old_schema_file(path: Path) -> Path:
    """A file at the first schema revision, as an older version of the app left it."""
    from alembic import command
    from sqlalchemy import create_engine

    from csp_desktop.storage.migrate import alembic_config

    engine = create_engine(f"sqlite+pysqlite:///{path}")
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_baseline")
    engine.dispose()
    return path


def test_an_old_file_is_not_upgraded_under_another_instance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = make_old_schema_file(tmp_path / "old.db")
    before = digest(database)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        code = main(
            ["--db", str(database), "export", "meeting", "1", "-o", str(tmp_path / "x.json")]
        )
    finally:
        finish(holder)
    assert code == 2
    assert "is open for editing by minute.taker" in capsys.readouterr().err
    assert digest(database) == before  # not migrated while someone else has it open


def test_an_old_file_is_backed_up_and_upgraded_under_the_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = make_old_schema_file(tmp_path / "old.db")
    code = main(["--db", str(database), "meetings"])
    assert code == 0, capsys.readouterr().err
    with sqlite3.connect(database) as connection:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert version != "0001_baseline"
    assert [b.reason for b in list_backups(app_paths(), database)] == ["before-upgrade"]
    assert not lock_path_for(database).exists()  # taken for the upgrade, released after
