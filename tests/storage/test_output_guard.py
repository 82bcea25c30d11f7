"""The one output check: extension, and never a file of the archive however it is named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from csp_desktop.storage.output_guard import (
    OutputRefused,
    ProtectedFiles,
    guard_output,
    overwrites_archive,
)


@pytest.fixture
def protected(tmp_path: Path) -> ProtectedFiles:
    database = tmp_path / "csp.db"
    database.write_bytes(b"SQLite format 3\x00")
    (tmp_path / "backups").mkdir()
    return ProtectedFiles(database=database, backups_dir=tmp_path / "backups")


def test_ordinary_outputs_pass(protected: ProtectedFiles, tmp_path: Path) -> None:
    assert guard_output(tmp_path / "m.docx", suffix=".docx", protected=protected) == (
        tmp_path / "m.docx"
    )
    assert guard_output(tmp_path / "M.DOCX", suffix=".docx", protected=protected)
    assert overwrites_archive(tmp_path / "csp.db.copy", protected) is None


@pytest.mark.parametrize("name", ["m.doc", "m.docx.db", "m", "m.json"])
def test_wrong_extension(protected: ProtectedFiles, tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputRefused, match=r"must end in \.docx"):
        guard_output(tmp_path / name, suffix=".docx", protected=protected)


@pytest.mark.parametrize("side", ["", "-wal", "-shm", "-journal", ".lock"])
def test_every_file_of_the_archive(protected: ProtectedFiles, side: str) -> None:
    assert protected.database is not None
    target = Path(f"{protected.database}{side}")
    assert overwrites_archive(target, protected) is not None
    with pytest.raises(OutputRefused, match="would overwrite"):
        guard_output(target, suffix=None, protected=protected)


def test_links_and_spellings(protected: ProtectedFiles, tmp_path: Path) -> None:
    assert protected.database is not None
    (tmp_path / "sub").mkdir()
    symlink = tmp_path / "sub" / "link.json"
    symlink.symlink_to(protected.database)
    hard = tmp_path / "sub" / "hard.json"
    os.link(protected.database, hard)
    dangling = tmp_path / "sub" / "future.json"
    dangling.symlink_to(tmp_path / "csp.db-wal")  # the WAL does not exist yet
    for target in (symlink, hard, dangling, tmp_path / "sub" / ".." / "csp.db"):
        assert overwrites_archive(target, protected) is not None, target


def test_the_backups_folder_and_a_link_to_it(protected: ProtectedFiles, tmp_path: Path) -> None:
    assert protected.backups_dir is not None
    assert overwrites_archive(protected.backups_dir / "x.docx", protected) is not None
    alias = tmp_path / "alias"
    alias.symlink_to(protected.backups_dir)
    assert overwrites_archive(alias / "x.docx", protected) is not None


def test_a_server_database_only_checks_the_extension(tmp_path: Path) -> None:
    assert guard_output(tmp_path / "m.json", suffix=".json", protected=ProtectedFiles(None))
