"""Opening, creating, refusing and upgrading database files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from csp_desktop.errors import DatabaseRefused
from csp_desktop.storage import SCHEMA_HEAD, open_database
from csp_desktop.storage.migrate import head_revision


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_schema_head_constant_matches_alembic() -> None:
    assert head_revision() == SCHEMA_HEAD


def test_migration_chain_is_linear() -> None:
    from alembic.script import ScriptDirectory

    from csp_desktop.storage.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1


def test_new_file_gets_pragmas_and_schema(db_path: Path) -> None:
    database = open_database(db_path)
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == SCHEMA_HEAD
    database.close()


def test_reopening_a_current_file_changes_nothing(db_path: Path) -> None:
    open_database(db_path).close()
    before = digest(db_path)
    open_database(db_path).close()
    assert digest(db_path) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"hello, this is a text file\n", "not an SQLite file"),
        (bytes(range(256)) * 10, "not an SQLite file"),
        (b"SQLite format 3\x00" + b"\xff" * 300, "damaged"),
    ],
)
def test_bad_files_are_refused_untouched(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseRefused, match=message):
        open_database(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.db"]


def test_truncated_database_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    before = digest(db_path)
    with pytest.raises(DatabaseRefused):
        open_database(db_path)
    assert digest(db_path) == before


def test_newer_schema_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = digest(db_path)
    with pytest.raises(DatabaseRefused, match="newer version"):
        open_database(db_path)
    assert digest(db_path) == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER)")
    before = digest(path)
    with pytest.raises(DatabaseRefused, match="another program"):
        open_database(path)
    assert digest(path) == before


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseRefused, match="does not exist"):
        open_database(tmp_path / "nowhere" / "csp.db")
    assert not (tmp_path / "nowhere").exists()


def test_url_and_path_open_the_same_file(db_path: Path) -> None:
    open_database(db_path).close()
    database = open_database(f"sqlite:///{db_path}")
    assert database.path == db_path
    database.close()
