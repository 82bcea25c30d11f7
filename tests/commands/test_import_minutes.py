"""`import minutes FILE... [--body] [--date] [--dry-run] [--json]` on the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from csp_desktop.cli import main
from tests.conftest import REPO_ROOT, SEEDS

SCHEMA = json.loads((REPO_ROOT / "docs" / "meeting.schema.json").read_text(encoding="utf-8"))
HARINGEY = str(SEEDS / "more" / "10_haringey-csp-2012-06-26.txt")
DURHAM = str(SEEDS / "more" / "09_durham-pcp-exempt-item.txt")


def _meetings(path: Path) -> int:
    if not path.exists():
        return 0
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM meeting").fetchone()[0])


def test_dry_run_json_prints_one_valid_document_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "archive.db"
    code = main(["import", "minutes", HARINGEY, "--dry-run", "--json", "--db", str(db)])
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, SCHEMA)
    assert document["meeting"]["date"] == "2012-06-26"
    assert _meetings(db) == 0


def test_several_files_print_a_json_list_and_unreadable_ones_a_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "import",
            "minutes",
            HARINGEY,
            DURHAM,
            "--dry-run",
            "--json",
            "--db",
            str(tmp_path / "a.db"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    documents = json.loads(captured.out)
    assert isinstance(documents, list) and len(documents) == 1
    assert captured.err.strip().splitlines() == [
        "csp-desktop: 09_durham-pcp-exempt-item.txt: no meeting date found in the text; "
        "give one with --date."
    ]


def test_body_and_date_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "archive.db"
    args = ["import", "minutes", DURHAM, "--db", str(db)]
    code = main([*args, "--body", "Durham Police and Crime Panel", "--date", "2020-03-26"])
    assert code == 0
    assert "imported Durham Police and Crime Panel" in capsys.readouterr().out
    assert _meetings(db) == 1
    # Run again: already there, said so, nothing added.
    assert main([*args, "--body", "Durham Police and Crime Panel", "--date", "2020-03-26"]) == 0
    assert "already in the archive" in capsys.readouterr().out
    assert _meetings(db) == 1


def test_nothing_importable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("Shopping: milk, bread.\n", encoding="utf-8")
    assert main(["import", "minutes", str(junk), "--db", str(tmp_path / "a.db")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not read as minutes" in err[0]
    assert err[0].startswith("csp-desktop: ")  # as every command's errors
    assert (
        main(
            ["import", "minutes", str(junk), "--date", "yesterday", "--db", str(tmp_path / "a.db")]
        )
        == 2
    )
