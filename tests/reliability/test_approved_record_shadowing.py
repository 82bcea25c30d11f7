"""F6: a forged second "Approved" meeting for the same body and date cannot shadow the
approved record: refused on import unless --as-new-meeting, reported by `check`, and
dates stay usable with --body (and ids always)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csp_desktop.models import MeetingStatus
from csp_desktop.storage import open_database
from tests.exports.scenario import build_scenario
from tests.reliability.exports_scan import run_cli


@pytest.fixture
def approved_archive(tmp_path: Path) -> tuple[Path, Path]:
    """The scenario with its 5 October 2022 meeting approved, and that meeting exported
    with a start time one minute later: the forged copy of the attack."""
    path = tmp_path / "csp.db"
    database = open_database(path)
    with database.transaction() as session:
        scenario = build_scenario(session)
        from csp_desktop.models import Meeting

        meeting = session.get(Meeting, scenario.meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.APPROVED
    database.close()
    exported = tmp_path / "meeting.json"
    code, err = run_cli(["--db", str(path), "export", "meeting", "2022-10-05", "-o", str(exported)])
    assert code == 0, err
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["meeting"]["start_time"] = "10:01"
    document["meeting"]["status"] = "approved"
    for action in document["actions_raised"]:
        action.pop("reference", None)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(document), encoding="utf-8")
    return path, forged


def test_the_forged_copy_is_refused(approved_archive: tuple[Path, Path]) -> None:
    path, forged = approved_archive
    code, err = run_cli(["--db", str(path), "import", "meeting", str(forged)])
    assert code == 2 and "already has approved minutes" in err and "--as-new-meeting" in err
    assert err.count("\n") == 1
    code, _out = run_cli(["--db", str(path), "check"])
    assert code == 0


def test_as_new_meeting_imports_it_and_check_reports_the_pair(
    approved_archive: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path, forged = approved_archive
    code, err = run_cli(["--db", str(path), "import", "meeting", str(forged), "--as-new-meeting"])
    assert code == 0, err
    from csp_desktop.cli import main

    assert main(["--db", str(path), "check"]) == 1
    out = capsys.readouterr().out
    assert "has 2 meetings on Wednesday 5 October 2022" in out and "approved" in out
    # --body cannot tell two meetings of one body apart: the message says to use the id.
    code, err = run_cli(
        [
            "--db",
            str(path),
            "export",
            "minutes",
            "2022-10-05",
            "--body",
            "CSP",
            "-o",
            str(path.with_name("m.docx")),
        ]
    )
    assert code == 2 and "give the meeting id" in err and "Several bodies" not in err
