"""`csp-desktop export report`: the Word performance report, headless (no Qt)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from csp_desktop.cli import main
from csp_desktop.storage import open_database
from tests.services.dashboard_archive import build_archive


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "csp.db"
    database = open_database(path)
    with database.transaction() as session:
        build_archive(session)
    database.close()
    return str(path)


def test_export_report_writes_word(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "report.docx"
    code = main(
        [
            "--db",
            db,
            "export",
            "report",
            "--body",
            "CSP",
            "--from",
            "2022-04-01",
            "--to",
            "2023-03-31",
            "-o",
            str(output),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Wrote the performance report for Community Safety Partnership Board" in out
    document = docx.Document(str(output))
    assert len(document.inline_shapes) == 6


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--body", "Nobody", "-o", "r.docx"], "There is no body called 'Nobody'"),
        (["--body", "CSP", "--from", "2023-13-01", "-o", "r.docx"], "is not a date"),
        (
            ["--body", "CSP", "--from", "2023-03-01", "--to", "2022-01-01", "-o", "r.docx"],
            "before the 'from' date",
        ),
        (["--body", "CSP", "-o", "r.pdf"], "must end in .docx"),
    ],
)
def test_mistakes_are_one_plain_line(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    os.chdir(tmp_path)
    code = main(["--db", db, "export", "report", *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_export_report_never_loads_qt(db: str, tmp_path: Path) -> None:
    child = (
        "import json, sys\nfrom csp_desktop.entry import main\n"
        "code = main(sys.argv[1:])\n"
        "print(json.dumps({'code': code, 'qt': sorted(n for n in sys.modules "
        "if n.split('.')[0] == 'PySide6')}))"
    )
    env = dict(os.environ, CSP_DESKTOP_DATA_DIR=str(tmp_path / "data"))
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            child,
            "--db",
            db,
            "export",
            "report",
            "--body",
            "CSP",
            "-o",
            str(tmp_path / "r.docx"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"code": 0, "qt": []}
