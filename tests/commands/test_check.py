"""`csp-desktop check`: exit 0 on a sound file, 1 with the faults listed, one line on junk."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from csp_desktop.cli import main
from csp_desktop.clock import FakeClock
from csp_desktop.models import BodyKind
from csp_desktop.services.bodies import create_body
from csp_desktop.services.meetings import create_meeting
from csp_desktop.storage import open_database


def make_archive(path: Path) -> None:
    database = open_database(path)
    with database.transaction() as session:
        board = create_body(session, "CSP Board", "CSP", BodyKind.BOARD)
        create_meeting(session, board.id, dt.date(2022, 10, 5), FakeClock())
    database.close()


def break_it(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO attendance (meeting_id, person_id, status, is_member, position) "
        "VALUES (1, 4242, 'present', 0, 9)"
    )
    connection.commit()
    connection.close()


def test_sound_file_exits_zero(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_archive(db_path)
    assert main(["--db", str(db_path), "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Checked {db_path}: 1 body, 1 meeting, 0 people, 0 actions."
    assert out[-1] == "No problems found."


def test_faults_are_listed_and_exit_one(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_archive(db_path)
    break_it(db_path)
    assert main(["--db", str(db_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "Problem: 1 attendance row point at a missing person" in out
    assert out.splitlines()[-1] == "1 problem found."


def test_json_report(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_archive(db_path)
    break_it(db_path)
    assert main(["check", "--json", "--db", str(db_path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["database"] == str(db_path)
    assert len(report["problems"]) == 1
    assert report["counts"]["meetings"] == 1


def test_missing_file_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "gone.db"
    assert main(["--db", str(missing), "check"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert "There is no database at" in line
    assert not missing.exists()


def test_junk_file_is_refused_in_one_line_without_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00\x01not sqlite at all" * 20)
    before = junk.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "csp_desktop", "--db", str(junk), "check"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode not in (0, 1)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "not a CSP Desktop database" in lines[0]
    assert junk.read_bytes() == before
