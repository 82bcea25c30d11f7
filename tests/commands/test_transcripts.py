"""`import transcript`, `import attendance-list` and `export meeting --with-transcript`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csp_desktop.cli import main
from csp_desktop.clock import FakeClock
from csp_desktop.services.minutes import approve_minutes
from csp_desktop.storage import open_database
from tests.conftest import FIXTURES
from tests.transcript_samples import (
    board_attendees,
    write_attendance_list,
    write_docx_transcript,
    write_vtt,
)

OCTOBER = FIXTURES / "csp-board-2022-10-05.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "csp.db")
    assert run(capsys, "--db", path, "import", "meeting", str(OCTOBER))[0] == 0
    return path


def test_import_a_vtt_and_export_it_only_when_asked(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    vtt = write_vtt(tmp_path / "call.vtt", minutes=60)
    code, out, err = run(capsys, "--db", db, "import", "transcript", "2022-10-05", str(vtt))
    assert (code, err) == (0, "")
    assert "Wednesday 5 October 2022" in out and "turns" in out and "suggested actions" in out
    assert "Speaker 1 (Room)" in out  # listed to map

    plain, with_turns, public = (tmp_path / n for n in ("a.json", "b.json", "c.json"))
    assert run(capsys, "--db", db, "export", "meeting", "1", "-o", str(plain))[0] == 0
    assert "transcript" not in json.loads(plain.read_text("utf-8"))
    assert (
        run(
            capsys, "--db", db, "export", "meeting", "1", "-o", str(with_turns), "--with-transcript"
        )[0]
        == 0
    )
    full = json.loads(with_turns.read_text("utf-8"))["transcript"]
    assert len(full) > 50 and {"speaker", "text", "item"} <= set(full[0])
    code, _, _ = run(
        capsys,
        "--db",
        db,
        "export",
        "meeting",
        "1",
        "-o",
        str(public),
        "--with-transcript",
        "--public",
    )
    document = json.loads(public.read_text("utf-8"))
    restricted = {i["number"] for i in document["agenda_items"] if i["restricted"]}
    assert restricted and len(document["transcript"]) < len(full)
    assert not {t["item"] for t in document["transcript"]} & restricted


def test_import_a_docx_with_the_recording_start_given(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_docx_transcript(tmp_path / "call.docx")
    code, out, _ = run(
        capsys, "--db", db, "import", "transcript", "1", str(path), "--recording-started", "10:05"
    )
    assert code == 0 and "10:05:00 (as given)" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "is not a transcript: choose the .vtt or .docx"),
        ("call.vtt", b"hello", "no WEBVTT header and no cue times"),
        ("call.docx", b"WEBVTT", "not a Word document"),
        ("missing.vtt", None, "There is no file at"),
    ],
)
def test_bad_files_get_one_plain_line(
    tmp_path: Path,
    db: str,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, _out, err = run(capsys, "--db", db, "import", "transcript", "1", str(path))
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_import_an_attendance_list(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_attendance_list(tmp_path / "attendance.csv", board_attendees(), utf16_tabs=True)
    code, out, err = run(
        capsys, "--db", db, "import", "attendance-list", "1", str(path), "--add-unmatched"
    )
    assert (code, err) == (0, "")
    assert "Marked present" in out and "Meeting rooms" in out
    assert "Added the unmatched as attendees" in out
    code, _, err = run(capsys, "--db", db, "import", "attendance-list", "1", str(OCTOBER))
    assert code == 2 and "not an attendance list" in err


def test_retention_is_set_per_body_and_applies_to_approved_minutes(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    vtt = write_vtt(tmp_path / "call.vtt", minutes=5)
    assert run(capsys, "--db", db, "import", "transcript", "1", str(vtt))[0] == 0
    body = "Community Safety Partnership Board"
    code, out, _ = run(capsys, "--db", db, "transcript-retention", "--body", body)
    assert code == 0 and out == f"{body}: transcripts are kept.\n"
    code, out, _ = run(
        capsys, "--db", db, "transcript-retention", "--body", body, "--delete-when-approved"
    )
    assert code == 0 and "deleted once the minutes are approved" in out
    assert "Deleted" not in out  # the minutes are still a draft
    database = open_database(Path(db))
    with database.transaction() as session:
        approve_minutes(session, 1, FakeClock())
    database.close()
    target = tmp_path / "out.json"
    run(capsys, "--db", db, "export", "meeting", "1", "-o", str(target), "--with-transcript")
    assert json.loads(target.read_text("utf-8"))["transcript"] == []
    code, out, _ = run(capsys, "--db", db, "transcript-retention", "--body", body)
    assert "Wednesday 5 October 2022: call.vtt (" in out
    assert "retention: deleted once the minutes were approved" in out
