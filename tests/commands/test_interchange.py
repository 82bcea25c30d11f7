"""`import meeting` and `export meeting` at the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from csp_desktop.cli import main
from csp_desktop.models import Meeting
from csp_desktop.storage import open_database
from tests.conftest import FIXTURES

OCTOBER = FIXTURES / "csp-board-2022-10-05.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_then_export_gives_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "csp.db")
    code, out, err = run(capsys, "--db", db, "import", "meeting", str(OCTOBER))
    assert (code, err) == (0, "")
    assert out.startswith(
        "Imported Community Safety Partnership Board, Wednesday 5 October 2022 as meeting 1: "
        "14 agenda items"
    )
    target = tmp_path / "out.json"
    code, out, err = run(capsys, "export", "meeting", "2022-10-05", "-o", str(target), "--db", db)
    assert (code, err) == (0, "")
    assert "full version" in out
    assert target.read_bytes() == OCTOBER.read_bytes()


def test_public_export_withholds_restricted_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "csp.db")
    assert run(capsys, "--db", db, "import", "meeting", str(OCTOBER))[0] == 0
    target = tmp_path / "public.json"
    code, out, _ = run(capsys, "--db", db, "export", "meeting", "1", "-o", str(target), "--public")
    assert code == 0 and "restricted items withheld" in out
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["public"] is True
    item4 = document["agenda_items"][3]
    # Withheld: null in a data file, never "" (an empty minute) nor the printed placeholder.
    assert (item4["minutes_text"], item4["papers"]) == (None, [])
    # The public version can be imported elsewhere; the user is told what it lacks.
    code, out, _ = run(capsys, "--db", str(tmp_path / "other.db"), "import", "meeting", str(target))
    assert code == 0 and "public version" in out


def test_importing_twice_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "csp.db")
    assert run(capsys, "--db", db, "import", "meeting", str(OCTOBER))[0] == 0
    code, out, err = run(capsys, "--db", db, "import", "meeting", str(OCTOBER))
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "already has a meeting on Wednesday 5 October 2022" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "is not a meeting file CSP Desktop can import: the file is not valid JSON"),
        (
            OCTOBER.read_text(encoding="utf-8").replace(
                '"minutes_allocated": null', '"minutes_allocated": "ten"', 1
            ),
            "agenda_items[0].minutes_allocated: must be a whole number of minutes.",
        ),
        (
            OCTOBER.read_text(encoding="utf-8").replace('"2022-10-05"', '"2022-02-30"', 1),
            "meeting.date: 2022-02-30 is not a real date.",
        ),
    ],
)
def test_bad_files_are_refused_with_the_field_named_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    source = tmp_path / "bad.json"
    source.write_text(content, encoding="utf-8")
    db = tmp_path / "csp.db"
    code, out, err = run(capsys, "--db", str(db), "import", "meeting", str(source))
    assert code != 0 and out == ""
    assert expected in err and err.count("\n") == 1
    if db.exists():  # the file is read and checked before the database is opened
        database = open_database(db)
        with database.session() as session:
            assert session.scalar(select(func.count()).select_from(Meeting)) == 0
        database.close()


def test_missing_file_and_missing_folder_are_plain_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "csp.db")
    code, _, err = run(capsys, "--db", db, "import", "meeting", str(tmp_path / "nope.json"))
    assert code != 0 and "nope.json: no such file." in err
    assert run(capsys, "--db", db, "import", "meeting", str(OCTOBER))[0] == 0
    target = tmp_path / "no-such-folder" / "out.json"
    code, _, err = run(capsys, "--db", db, "export", "meeting", "2022-10-05", "-o", str(target))
    assert code != 0 and "does not exist" in err and not target.exists()
    code, _, err = run(
        capsys, "--db", db, "export", "meeting", "2031-01-01", "-o", str(tmp_path / "x.json")
    )
    assert code != 0 and err.count("\n") == 1 and "Traceback" not in err
