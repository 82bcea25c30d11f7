"""`import minutes FILE... [--body] [--date] [--dry-run] [--json]` on the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from csp_desktop.cli import main
from tests.bad_minutes_files import BAD_FILES, make_bad_file
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


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "write"])
def test_a_bad_file_is_one_plain_line_and_exit_2(
    kind: str,
    dry_run: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "in").mkdir()
    path = make_bad_file(kind, tmp_path / "in", monkeypatch)
    db = tmp_path / "archive.db"
    args = ["import", "minutes", str(path), "--db", str(db)]
    assert main([*args, "--dry-run"] if dry_run else args) == 2
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert len(err) == 1 and err[0].startswith("csp-desktop: "), captured.err
    assert path.name in err[0] and "Traceback" not in captured.err
    assert captured.out == ""
    assert _meetings(db) == 0


def test_a_bad_file_among_good_ones_costs_only_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    png = make_bad_file("png named .txt", tmp_path, monkeypatch)
    db = tmp_path / "archive.db"
    assert main(["import", "minutes", str(png), HARINGEY, "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"csp-desktop: {png} is not a text file (it holds binary data)."
    ]
    assert "imported" in captured.out and _meetings(db) == 1


def test_windows_1252_minutes_import_and_say_how_they_were_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = Path(HARINGEY).read_text(encoding="utf-8").replace("'", "\u2019")
    path = tmp_path / "minutes.txt"
    path.write_bytes(
        text.replace("Wood Green", "Wood Green \u2013 \u00a35 \u00e9").encode("cp1252")
    )
    assert main(["import", "minutes", str(path), "--dry-run", "--db", str(tmp_path / "a.db")]) == 0
    out = capsys.readouterr().out
    assert "read as Windows-1252" in out and out.count("\n") == 1


def test_a_file_name_with_a_line_break_still_gives_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "minutes\nforged line.txt"
    path.write_bytes(b"")
    assert main(["import", "minutes", str(path), "--db", str(tmp_path / "a.db")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.endswith("minutes\\nforged line.txt is empty.\n")
