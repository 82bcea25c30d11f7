"""`csp-desktop demo` at the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from csp_desktop.cli import main
from csp_desktop.models import BodyKind, Meeting
from csp_desktop.services.bodies import create_body
from csp_desktop.storage import open_database


def test_demo_fills_an_empty_database_then_leaves_it_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "demo"]) == 0
    out = capsys.readouterr().out
    assert f"Created the demo archive in {db}" in out
    assert "17 meetings (10 of the board)" in out
    assert "The fullest meeting is Community Safety Partnership Board, " in out

    # Run again (as `demo && csp-desktop` does every time): nothing changes, exit 0.
    before = db.read_bytes()
    assert main(["demo", "--db", str(db)]) == 0
    assert capsys.readouterr().out == f"{db} already holds 17 meetings; left as it is.\n"
    database = open_database(db)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == 17
    database.close()
    assert len(db.read_bytes()) == len(before)


def test_demo_refuses_to_mix_into_a_database_with_one_meeting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "real.db"
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "csp-board-2022-10-05.json"
    assert main(["--db", str(db), "import", "meeting", str(fixture)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "demo"]) == 0
    assert capsys.readouterr().out == f"{db} already holds 1 meeting; left as it is.\n"


def test_demo_on_a_file_that_is_not_a_database_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("shopping list", encoding="utf-8")
    assert main(["--db", str(bogus), "demo"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert bogus.read_text(encoding="utf-8") == "shopping list"


def test_demo_leaves_a_database_with_bodies_but_no_meetings_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "set-up.db"
    database = open_database(db)
    with database.transaction() as session:
        create_body(session, "Community Safety Partnership Board", "CSP", BodyKind.BOARD)
    database.close()
    assert main(["--db", str(db), "demo"]) == 0
    assert "already holds 1 body (but no meetings)" in capsys.readouterr().out
