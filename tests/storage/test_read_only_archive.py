"""F5: a healthy archive on a read-only share opens read-only: every view and export
works, every edit is refused in plain words, and nothing is created beside the file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from csp_desktop.errors import UserError
from csp_desktop.storage import open_database
from csp_desktop.storage.database import DatabaseRefused
from tests.exports.scenario import build_scenario
from tests.reliability.exports_scan import run_cli


@pytest.fixture
def read_only_share(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a healthy database that this user cannot write to.

    Not root: the folder and file lose their write bits. Root ignores those, so the folder
    is bind-mounted read-only instead (skipped where mounting is not allowed).
    """
    source = tmp_path / "share"
    source.mkdir()
    database = open_database(source / "csp.db")
    with database.transaction() as session:
        build_scenario(session)
    database.close()
    assert sorted(p.name for p in source.iterdir()) == ["csp.db"]
    if os.geteuid() != 0:
        (source / "csp.db").chmod(0o444)
        source.chmod(0o555)
        yield source
        source.chmod(0o755)
        return
    mount = tmp_path / "mounted"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(source), str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip("cannot make a read-only folder here (root without mount)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_reading_commands_work_and_create_nothing(read_only_share: Path, tmp_path: Path) -> None:
    """F5 reproduction: this was "damaged", and --read-only failed the same way."""
    database = read_only_share / "csp.db"
    before = database.read_bytes()
    for argv in (
        ["meetings"],
        ["--read-only", "meetings"],
        ["check"],
        ["export", "minutes", "2022-10-05", "-o", str(tmp_path / "m.docx"), "--public"],
        ["export", "agenda", "2022-10-05", "-o", str(tmp_path / "a.docx")],
        ["export", "meeting", "2022-10-05", "-o", str(tmp_path / "m.json")],
        ["export", "actions", "-o", str(tmp_path / "t.xlsx")],
        ["export", "attendance", "-o", str(tmp_path / "r.xlsx")],
        ["backup", "-o", str(tmp_path / "copy.db")],
    ):
        code, err = run_cli(["--db", str(database), *argv])
        assert code == 0, (argv, err)
    assert sorted(p.name for p in read_only_share.iterdir()) == ["csp.db"]
    assert database.read_bytes() == before


def test_every_edit_is_refused_in_plain_words(read_only_share: Path, tmp_path: Path) -> None:
    database = read_only_share / "csp.db"
    document = tmp_path / "m.json"
    assert run_cli(["--db", str(database), "export", "meeting", "1", "-o", str(document)])[0] == 0
    for argv in (["import", "meeting", str(document)], ["demo"], ["restore", str(document)]):
        code, err = run_cli(["--db", str(database), *argv])
        assert code == 2 and "read-only" in err and err.count("\n") == 1, (argv, err)
        assert "Open it read-only" not in err  # no help to a command that must write
    opened = open_database(database)
    assert opened.read_only
    with (
        pytest.raises(UserError, match="open read-only, so nothing can be changed"),
        opened.transaction() as session,
    ):
        session.execute(sqlite_update())
    opened.close()
    assert sorted(p.name for p in read_only_share.iterdir()) == ["csp.db"]


def sqlite_update():  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    return text("UPDATE meeting SET venue = 'changed'")


def test_a_refused_file_gets_nothing_beside_it(tmp_path: Path) -> None:
    """F5: another program's WAL database is refused without -wal/-shm appearing."""
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    before = other.read_bytes()
    with pytest.raises(DatabaseRefused, match="another program"):
        open_database(other)
    code, err = run_cli(["--db", str(other), "meetings"])
    assert code == 2 and "another program" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    assert other.read_bytes() == before
