"""`csp-desktop move-to`: a file into a server and back, and `backup`/`restore` there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from csp_desktop.cli import main
from csp_desktop.storage import open_database
from csp_desktop.storage.engine_copy import row_counts
from tests.factories import make_body, make_meeting


def make_file(path: Path, meetings: int) -> Path:
    database = open_database(path)
    with database.transaction() as session:
        board = make_body(session)
        for day in range(1, meetings + 1):
            make_meeting(session, board, date=dt.date(2023, 1, day))
    database.close()
    return path


def test_move_to_a_server_and_back_on_the_command_line(
    tmp_path: Path, empty_postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = make_file(tmp_path / "csp.db", meetings=3)
    assert main(["--db", str(source), "move-to", empty_postgres_url]) == 0
    out = capsys.readouterr().out
    assert "Copied 3 meetings" in out and "row count matches" in out

    back = tmp_path / "back.db"
    assert main(["--database-url", empty_postgres_url, "move-to", str(back)]) == 0
    capsys.readouterr()
    with open_database(source).engine.connect() as a, open_database(back).engine.connect() as b:
        assert row_counts(a) == row_counts(b)

    # Again into the same, now full, server: one plain line, exit 2.
    assert main(["--db", str(source), "move-to", empty_postgres_url]) == 2
    err = capsys.readouterr().err
    assert "already holds records" in err and len(err.strip().splitlines()) == 1


def test_backup_and_restore_on_a_server(
    tmp_path: Path, empty_postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = make_file(tmp_path / "csp.db", meetings=2)
    assert main(["--db", str(source), "move-to", empty_postgres_url]) == 0
    archive = tmp_path / "server.db"
    assert main(["--database-url", empty_postgres_url, "backup", "-o", str(archive)]) == 0
    assert "Backed up 2 meetings from the server" in capsys.readouterr().out
    assert main(["--database-url", empty_postgres_url, "restore", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "(2 meetings)" in out and "were kept as" in out
