"""F1: no output name, however spelt, can write over the database, its side files, its
lock or its backups; exports check their extension; writing commands back up first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from csp_desktop.paths import app_paths
from csp_desktop.storage import open_database
from csp_desktop.storage.lock import WriterLock
from tests.exports.scenario import build_scenario
from tests.reliability.exports_scan import run_cli


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "a.json"  # a database whose name looks like an export
    database = open_database(path)
    with database.transaction() as session:
        build_scenario(session)
    database.close()
    return path


def _intact(path: Path, before: bytes) -> None:
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "spelling",
    [
        lambda db: str(db),
        lambda db: str(db.parent / "." / db.name),
        lambda db: str(db.parent / "sub" / ".." / db.name),
        lambda db: os.path.relpath(db),
        "symlink",
        "hardlink",
    ],
)
def test_export_meeting_never_overwrites_the_database(
    archive: Path, tmp_path: Path, spelling: object
) -> None:
    (tmp_path / "sub").mkdir()
    before = archive.read_bytes()
    if spelling == "symlink":
        target = tmp_path / "link.json"
        target.symlink_to(archive)
    elif spelling == "hardlink":
        target = tmp_path / "hard.json"
        os.link(archive, target)
    else:
        target = Path(spelling(archive))  # type: ignore[operator]
    code, err = run_cli(
        ["--db", str(archive), "export", "meeting", "2022-10-05", "-o", str(target)]
    )
    assert code == 2, err
    assert "would overwrite" in err and "Traceback" not in err and err.count("\n") == 1
    _intact(archive, before)


@pytest.mark.parametrize("side", ["-wal", "-shm", ".lock"])
def test_side_files_are_protected(archive: Path, side: str) -> None:
    side_file = archive.with_name(archive.name + side)
    renamed = side_file.with_name(side_file.name)  # e.g. a.json.lock
    code, err = run_cli(
        ["--db", str(archive), "export", "meeting", "2022-10-05", "-o", str(renamed) + ".json"]
    )
    # a.json.lock.json is a different file and allowed; a.json-wal has no .json suffix
    assert code == 0, err
    code, err = run_cli(["--db", str(archive), "backup", "-o", str(side_file)])
    assert code == 2 and "different file" in err, err
    assert not side_file.exists() or side == "-wal" or side == "-shm"


def test_backup_refuses_the_database_itself_and_its_hard_link(
    archive: Path, tmp_path: Path
) -> None:
    before = archive.read_bytes()
    hard = tmp_path / "copy.db"
    os.link(archive, hard)
    for target in (archive, hard, tmp_path / "." / archive.name):
        code, err = run_cli(["--db", str(archive), "backup", "-o", str(target)])
        assert code == 2 and "different file" in err, err
    _intact(archive, before)


def test_no_export_writes_into_the_backups_folder(archive: Path) -> None:
    backups = app_paths(portable=False).backups_dir
    backups.mkdir(parents=True, exist_ok=True)
    for argv in (
        ["export", "meeting", "2022-10-05", "-o", str(backups / "m.json")],
        ["export", "minutes", "2022-10-05", "-o", str(backups / "m.docx")],
        ["export", "actions", "-o", str(backups / "t.xlsx")],
        ["backup", "-o", str(backups / "mine.db")],
    ):
        code, err = run_cli(["--db", str(archive), *argv])
        assert code == 2 and ("backups folder" in err or "different file" in err), (argv, err)
    assert list(backups.iterdir()) == []


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (["export", "meeting", "2022-10-05"], "out.docx"),
        (["export", "meeting", "2022-10-05"], "out.db"),
        (["export", "minutes", "2022-10-05"], "out.json"),
        (["export", "agenda", "2022-10-05"], "out.xlsx"),
        (["export", "actions"], "out.docx"),
        (["export", "attendance"], "out.db"),
    ],
)
def test_every_export_checks_its_extension(
    archive: Path, tmp_path: Path, kind: list[str], name: str
) -> None:
    code, err = run_cli(["--db", str(archive), *kind, "-o", str(tmp_path / name)])
    assert code == 2 and "must end in" in err, err
    assert not (tmp_path / name).exists()


def test_the_reproduction_now_refused(tmp_path: Path) -> None:
    """`csp-desktop --db a.db export meeting 9 -o a.db` used to replace the database."""
    path = tmp_path / "a.db"
    database = open_database(path)
    with database.transaction() as session:
        build_scenario(session)
    database.close()
    before = path.read_bytes()
    code, err = run_cli(["--db", str(path), "export", "meeting", "2022-10-05", "-o", str(path)])
    assert code == 2 and "must end in .json" in err
    _intact(path, before)


def test_export_under_an_open_window_cannot_touch_the_database(archive: Path) -> None:
    """A window holds the writer lock; the guard still refuses the database's own name."""
    with WriterLock(archive):
        code, err = run_cli(
            ["--db", str(archive), "export", "meeting", "2022-10-05", "-o", str(archive)]
        )
    assert code == 2 and "would overwrite the open database" in err


def test_writing_commands_back_up_first(archive: Path, tmp_path: Path) -> None:
    backups = app_paths(portable=False).backups_dir
    document = tmp_path / "m.json"
    code, err = run_cli(
        ["--db", str(archive), "export", "meeting", "2022-10-05", "-o", str(document)]
    )
    assert code == 0, err
    assert not backups.exists() or list(backups.iterdir()) == []  # reading takes no copy
    code, err = run_cli(["--db", str(archive), "demo"])
    copies = sorted(backups.glob("*before-command*.db"))
    assert len(copies) == 1, (code, err, list(backups.iterdir()))
