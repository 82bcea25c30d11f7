"""`csp-desktop meetings`: a table or JSON of meetings, newest first, optionally one body's."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from csp_desktop.cli import main
from csp_desktop.clock import FakeClock
from csp_desktop.models import BodyKind, MeetingStatus
from csp_desktop.services.bodies import create_body
from csp_desktop.services.meetings import create_meeting, set_meeting_status
from csp_desktop.storage import open_database


def make_archive(path: Path) -> None:
    clock = FakeClock()
    database = open_database(path)
    with database.transaction() as session:
        board = create_body(
            session,
            "CSP Board",
            "CSP",
            BodyKind.BOARD,
            default_start=dt.time(10),
            default_end=dt.time(13),
            default_venue="MS Teams",
        )
        vawg = create_body(
            session, "Violence Against Women and Girls", "VAWG", BodyKind.SUBGROUP, parent=board
        )
        create_meeting(session, board.id, dt.date(2022, 6, 29), clock)
        october = create_meeting(session, board.id, dt.date(2022, 10, 5), clock)
        set_meeting_status(session, october.id, MeetingStatus.AGENDA_ISSUED, clock)
        create_meeting(session, vawg.id, dt.date(2022, 11, 2), clock, title="VAWG strategy")
    database.close()


def test_table_lists_every_meeting_newest_first(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_archive(db_path)
    assert main(["--db", str(db_path), "meetings"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "Body", "Date", "Title", "Status"]
    assert "2022-11-02" in lines[1] and "Violence Against Women and Girls" in lines[1]
    assert "VAWG strategy" in lines[1]
    assert "2022-10-05" in lines[2] and "Agenda issued" in lines[2]
    assert "2022-06-29" in lines[3] and "Draft" in lines[3]
    assert len(lines) == 4
    # Columns line up.
    assert len({line.index("2022-") for line in lines[1:]}) == 1


def test_body_filter_and_json(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_archive(db_path)
    assert main(["meetings", "--body", "csp", "--json", "--db", str(db_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [m["date"] for m in data] == ["2022-10-05", "2022-06-29"]
    assert data[0] == {
        "id": data[0]["id"],
        "body": "CSP Board",
        "body_short_name": "CSP",
        "date": "2022-10-05",
        "start_time": "10:00",
        "end_time": "13:00",
        "venue": "MS Teams",
        "title": None,
        "status": "agenda_issued",
    }


def test_unknown_body_is_one_line_listing_the_known_ones(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_archive(db_path)
    assert main(["--db", str(db_path), "meetings", "--body", "IVOLT"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert "There is no body called 'IVOLT'" in line
    assert "CSP Board (CSP)" in line


def test_empty_and_missing_databases(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(db_path).close()
    assert main(["--db", str(db_path), "meetings"]) == 0
    assert capsys.readouterr().out.strip() == "No meetings yet."
    missing = tmp_path / "nothing-here.db"
    assert main(["--db", str(missing), "meetings", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
    assert not missing.exists()  # listing creates nothing


def test_a_file_that_is_not_a_database_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("minutes of the last meeting\n")
    assert main(["--db", str(notes), "meetings"]) != 0
    [line] = capsys.readouterr().err.splitlines()
    assert "not a CSP Desktop database" in line
    assert notes.read_text() == "minutes of the last meeting\n"


def test_a_reader_that_goes_away_is_not_an_error(db_path: Path) -> None:
    """`csp-desktop meetings | head -1`: no traceback, no "unexpected error"."""
    make_archive(db_path)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before anything is written
    try:
        result = subprocess.run(
            [sys.executable, "-m", "csp_desktop", "--db", str(db_path), "meetings"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0
    assert result.stderr == ""
