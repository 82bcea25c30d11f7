"""Bad files and failing disks: one clear sentence, a restore offer, the original untouched.

`tests/storage/test_database.py` covers zero-byte, text, random, truncated, foreign and
newer-schema files at the `open_database` level; here the same faults go through the
command line (one line on stderr, exit 2, no traceback, restore offered when a backup
exists), plus read-only files, missing folders and a full disk, simulated two ways:
SQLite's own limit (`PRAGMA max_page_count`, which fails the write path with SQLITE_FULL
exactly as a full disk does) and a real operating-system file size limit
(`RLIMIT_FSIZE`) in a subprocess.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import event, select

from csp_desktop.cli import main
from csp_desktop.clock import FakeClock
from csp_desktop.errors import DatabaseRefused
from csp_desktop.models import AgendaItem
from csp_desktop.paths import app_paths
from csp_desktop.storage import open_database
from csp_desktop.storage.backup import backup_database
from csp_desktop.storage.database import StorageFailure
from tests.factories import make_body, make_meeting

SAVED_TEXT = "The board noted the strategic assessment. ACTION: Andy Opie to circulate it."


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_database(path: Path) -> Path:
    database = open_database(path)
    with database.transaction() as session:
        meeting = make_meeting(session, make_body(session), dt.date(2022, 10, 5), items=["Intro"])
        meeting.items[0].minutes_text = SAVED_TEXT
    database.close()
    return path


def saved_text(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return str(connection.execute("SELECT minutes_text FROM agenda_item").fetchone()[0])


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


BAD_CONTENT = {
    "zero-byte": b"",
    "text": b"Minutes of the CSP board, typed in Notepad\r\n" * 20,
    "random": bytes((n * 7919 + 13) % 256 for n in range(8192)),
    "damaged": b"SQLite format 3\x00" + b"\xfe" * 4000,
}


@pytest.mark.parametrize("kind", sorted(BAD_CONTENT))
def test_bad_file_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = tmp_path / "csp.db"
    path.write_bytes(BAD_CONTENT[kind])
    code, err = run_cli(capsys, "--db", str(path), "export", "meeting", "1", "-o", "x.json")
    assert code == 2
    assert err.count("\n") == 1 and str(path) in err
    assert "left as it is" in err
    assert "restore" not in err  # no backup exists, so none is offered
    assert path.read_bytes() == BAD_CONTENT[kind]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csp.db"]


def test_truncated_file_offers_the_newest_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_database(tmp_path / "csp.db")
    backup = backup_database(app_paths(), path, clock=FakeClock())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    before = digest(path)
    code, err = run_cli(capsys, "--db", str(path), "export", "meeting", "1", "-o", "x.json")
    assert code == 2
    assert err.count("\n") == 1
    assert "A backup from Wednesday 5 October 2022 at 10:00 (1 meeting) exists" in err
    assert f'restore "{backup}"' in err
    assert digest(path) == before

    # ...and following the advice works, keeping the damaged file too.
    code, _ = run_cli(capsys, "--db", str(path), "restore", str(backup))
    assert code == 0
    assert saved_text(path) == SAVED_TEXT


def test_newer_version_file_is_not_offered_an_old_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_database(tmp_path / "csp.db")
    backup_database(app_paths(), path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = digest(path)
    code, err = run_cli(capsys, "--db", str(path), "export", "meeting", "1", "-o", "x.json")
    assert code == 2 and "newer version" in err and "restore" not in err
    assert digest(path) == before


@pytest.fixture
def honour_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests may run as root, which may write anything: make os.access obey mode bits."""
    if os.geteuid() != 0:
        return
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and not os.stat(path).st_mode & stat.S_IWUSR:  # type: ignore[arg-type]
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)


@pytest.mark.usefixtures("honour_read_only")
def test_read_only_file_is_refused_for_writing_and_opens_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_database(tmp_path / "csp.db")
    path.chmod(0o444)
    try:
        before = digest(path)
        output = str(tmp_path / "out.json")
        # A read-only file opens read-only by itself (issue 12, F5): papers still export...
        code, err = run_cli(capsys, "--db", str(path), "export", "meeting", "1", "-o", output)
        assert code == 0, err
        assert digest(path) == before
        if os.geteuid() != 0:  # root may write whatever the mode bits say
            # ...and a change is refused in one line.
            code, err = run_cli(capsys, "--db", str(path), "import", "meeting", output)
            assert code == 2 and "read-only" in err and err.count("\n") == 1, err
            assert digest(path) == before

        code, err = run_cli(
            capsys, "--db", str(path), "--read-only", "export", "meeting", "1", "-o", output
        )
        assert code == 0, err
        assert SAVED_TEXT in Path(output).read_text(encoding="utf-8")
        code, err = run_cli(capsys, "--db", str(path), "--read-only", "demo")
        assert code == 2 and "without --read-only" in err
        assert digest(path) == before

        database = open_database(path, read_only=True)
        with database.session() as session:
            assert session.scalars(select(AgendaItem.minutes_text)).one() == SAVED_TEXT
        database.close()
        assert digest(path) == before
    finally:
        path.chmod(0o644)


def test_missing_folder_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gone" / "csp.db"
    code, err = run_cli(capsys, "--db", str(path), "export", "meeting", "1", "-o", "x.json")
    assert code == 2 and "does not exist" in err and err.count("\n") == 1
    assert not path.parent.exists()


def test_full_disk_while_saving_keeps_what_was_saved(tmp_path: Path) -> None:
    path = make_database(tmp_path / "csp.db")
    database = open_database(path)

    @event.listens_for(database.engine, "connect")
    def no_room_to_grow(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    database.engine.dispose()  # new connections get the limit
    with (
        pytest.raises(StorageFailure, match="the disk is full") as raised,
        database.transaction() as session,
    ):
        item = session.scalars(select(AgendaItem)).one()
        item.minutes_text = SAVED_TEXT + " more words" * 50_000
    assert "Nothing saved earlier was lost" in str(raised.value)
    database.close()
    assert saved_text(path) == SAVED_TEXT


# A real operating-system limit: writes past LIMIT bytes in any file fail with EFBIG.
FSIZE_CHILD = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    from sqlalchemy import select
    from csp_desktop.errors import UserError
    from csp_desktop.models import AgendaItem
    from csp_desktop.storage import open_database
    from csp_desktop.storage.backup import backup_database, restore_backup
    from csp_desktop.paths import AppPaths

    step, path, limit = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    extra = Path(sys.argv[4]) if len(sys.argv) > 4 else None
    database = open_database(path) if step == "save" else None
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    try:
        if step == "save":
            with database.transaction() as session:
                item = session.scalars(select(AgendaItem)).one()
                item.minutes_text = item.minutes_text + " typed" * 100_000
        elif step == "create":
            open_database(path)
        elif step == "backup":
            backup_database(AppPaths(extra, False), path)
        elif step == "restore":
            restore_backup(AppPaths(path.parent / "data", False), extra, path)
    except UserError as exc:
        print(exc)
        sys.exit(2)
    sys.exit(0)
    """
)


def run_limited(step: str, path: Path, limit: int, extra: Path | None = None) -> tuple[int, str]:
    argv = [sys.executable, "-c", FSIZE_CHILD, step, str(path), str(limit)]
    if extra is not None:
        argv.append(str(extra))
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout.strip()


def test_file_size_limit_while_saving(tmp_path: Path) -> None:
    path = make_database(tmp_path / "csp.db")
    code, message = run_limited("save", path, limit=path.stat().st_size)
    assert code == 2
    assert "could not be saved" in message and "Nothing saved earlier was lost" in message
    assert saved_text(path) == SAVED_TEXT


def test_file_size_limit_while_creating_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    code, message = run_limited("create", path, limit=8192)
    assert code == 2 and "cannot be opened" in message
    assert list(tmp_path.iterdir()) == []


def test_file_size_limit_while_backing_up(tmp_path: Path) -> None:
    path = make_database(tmp_path / "csp.db")
    before = digest(path)
    code, message = run_limited("backup", path, limit=4096, extra=tmp_path / "data")
    assert code == 2 and "could not be" in message
    assert list((tmp_path / "data" / "backups").iterdir()) == []  # no partial copy left
    assert digest(path) == before


def test_file_size_limit_while_restoring_keeps_the_current_file(tmp_path: Path) -> None:
    path = make_database(tmp_path / "csp.db")
    other = tmp_path / "other.db"
    database = open_database(other)
    with database.transaction() as session:
        body = make_body(session)
        for n in range(40):  # big enough to pass the limit when copied in
            meeting = make_meeting(session, body, dt.date(2020, 1, 1) + dt.timedelta(days=n))
            meeting.notes = "x" * 4000
    database.close()
    before = digest(path)
    limit = path.stat().st_size + 16384  # room to keep a copy of the current file only
    code, message = run_limited("restore", path, limit=limit, extra=other)
    assert code == 2 and "could not be restored" in message and "was kept" in message
    assert digest(path) == before
    assert not (tmp_path / "csp.db.restoring").exists()


def test_refusal_leaves_the_original_untouched_even_when_opened_twice(tmp_path: Path) -> None:
    path = tmp_path / "csp.db"
    path.write_bytes(BAD_CONTENT["damaged"])
    for _ in range(2):
        with pytest.raises(DatabaseRefused):
            open_database(path)
    assert path.read_bytes() == BAD_CONTENT["damaged"]
