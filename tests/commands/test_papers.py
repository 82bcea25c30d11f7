"""`export minutes|agenda|actions|attendance` and `import actions` at the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from csp_desktop.cli import main
from csp_desktop.exports.actions_xlsx import ACTIONS_SHEET
from csp_desktop.models import Action, ActionStatus, ActionUpdateSource
from csp_desktop.storage import open_database
from tests.exports.scenario import RESTRICTED_SECRET, build_scenario
from tests.exports.test_tracker_import import edit


@pytest.fixture
def db(tmp_path: Path) -> str:  # a file path here, not the shared Database fixture
    path = tmp_path / "csp.db"
    database = open_database(path)
    with database.transaction() as session:
        build_scenario(session)
    database.close()
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_export_minutes_full_and_public(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = tmp_path / "full.docx"
    code, out, err = run(capsys, "--db", db, "export", "minutes", "2022-10-05", "-o", str(full))
    assert (code, err) == (0, "")
    assert out == (
        "Wrote the minutes of Community Safety Partnership Board, Wednesday 5 October 2022 "
        f"to {full} (full version).\n"
    )
    document = Document(full)
    assert RESTRICTED_SECRET in "\n".join(p.text for p in document.paragraphs)
    assert document.sections[0].header.paragraphs[0].text == "RESTRICTED"

    public = tmp_path / "public.docx"
    code, out, err = run(
        capsys,
        "export",
        "minutes",
        "2022-10-05",
        "-o",
        str(public),
        "--public",
        "--marking",
        "OFFICIAL",
        "--db",
        db,
    )
    assert (code, err) == (0, "")
    assert "public version, restricted items withheld" in out
    text = "\n".join(p.text for p in Document(public).paragraphs)
    assert RESTRICTED_SECRET not in text and "Item restricted" in text


def test_export_agenda_with_marking_and_template(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "council.docx"
    council = Document()
    council.sections[0].header.paragraphs[0].text = "Council letterhead"
    council.save(template)
    target = tmp_path / "agenda.docx"
    code, _, err = run(
        capsys,
        "--db",
        db,
        "export",
        "agenda",
        "2022-10-05",
        "-o",
        str(target),
        "--template",
        str(template),
        "--marking",
        "OFFICIAL-SENSITIVE",
    )
    assert (code, err) == (0, "")
    header = [p.text for p in Document(target).sections[0].header.paragraphs]
    assert header[0] == "OFFICIAL-SENSITIVE" and "Council letterhead" in header


def test_export_actions_and_attendance(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = tmp_path / "actions.xlsx"
    code, out, err = run(
        capsys,
        "--db",
        db,
        "export",
        "actions",
        "-o",
        str(tracker),
        "--open-only",
        "--body",
        "CSP",
        "--public",
    )
    assert (code, err) == (0, "")
    assert out.startswith("Wrote 3 actions (Community Safety Partnership Board: open actions)")
    assert load_workbook(tracker)[ACTIONS_SHEET].max_row == 4

    register = tmp_path / "register.xlsx"
    code, out, err = run(
        capsys,
        "--db",
        db,
        "export",
        "attendance",
        "-o",
        str(register),
        "--from",
        "2022-07-01",
        "--to",
        "2022-12-31",
    )
    assert (code, err) == (0, "")
    assert "1 body, 1 meeting" in out
    assert load_workbook(register).worksheets[0]["I5"].value == "5 Oct 2022"


def test_import_actions_dry_run_then_apply(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = tmp_path / "actions.xlsx"
    assert run(capsys, "--db", db, "export", "actions", "-o", str(tracker))[0] == 0
    edit(tracker, "CSP-2022-10-05-02", status="Completed", latest_update="Timetable shared")

    code, out, err = run(capsys, "--db", db, "import", "actions", str(tracker), "--dry-run")
    assert (code, err) == (0, "")
    assert "changes to 1 action" in out
    assert (
        "CSP-2022-10-05-02 (row 3): Status: Open -> Completed; Latest update: Timetable shared"
    ) in out
    assert out.rstrip().endswith("Dry run: nothing was changed.")
    database = open_database(Path(db))
    with database.session() as session:
        action = session.execute(
            select(Action).where(Action.reference == "CSP-2022-10-05-02")
        ).scalar_one()
        assert action.status is ActionStatus.OPEN

    code, out, err = run(capsys, "--db", db, "import", "actions", str(tracker))
    assert (code, err) == (0, "")
    assert "Applied 1 change." in out
    with database.session() as session:
        action = session.execute(
            select(Action).where(Action.reference == "CSP-2022-10-05-02")
        ).scalar_one()
        assert action.status is ActionStatus.COMPLETED
        assert action.updates[-1].source is ActionUpdateSource.TRACKER
    database.close()

    # The same file again is recognised by its export id and named in words (issue 12),
    # rather than shown as a conflict on every row it changed.
    code, out, err = run(capsys, "--db", db, "import", "actions", str(tracker))
    assert code == 2 and "was already applied on" in err and "CONFLICT" not in out + err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "minutes", "2099-01-01", "-o", "{tmp}/m.docx"], "There is no meeting"),
        (["export", "minutes", "2022-10-05", "-o", "{tmp}/m.pdf"], "must end in .docx"),
        (["export", "agenda", "2022-10-05", "-o", "{tmp}/none/a.docx"], "does not exist"),
        (
            ["export", "minutes", "2022-10-05", "-o", "{tmp}/m.docx", "--template", "{tmp}/x.docx"],
            "template",
        ),
        (["export", "actions", "-o", "{tmp}/a.xlsx", "--body", "Nobody"], "Nobody"),
        (["export", "attendance", "-o", "{tmp}/a.xlsx", "--from", "2022-02-30"], "not a date"),
        (["import", "actions", "{tmp}/missing.xlsx"], "does not exist"),
    ],
)
def test_user_errors_are_one_line(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, out, err = run(capsys, "--db", db, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_importing_something_that_is_not_a_workbook(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "returned.xlsx"
    bogus.write_text("name,status\n")
    code, _, err = run(capsys, "--db", db, "import", "actions", str(bogus))
    assert code == 2
    assert err.strip().endswith(
        "returned.xlsx is not an Excel workbook (.xlsx) that CSP Desktop can read; "
        "nothing was imported."
    )
