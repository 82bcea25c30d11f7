"""New SQLite test databases copied from one migrated template per test session.

Migrating a new file through every Alembic revision took about 0.16 s on a quiet
machine (1.2 s on a loaded one); copying a migrated template and giving the copy its own
archive id takes a few milliseconds. The template itself is made by the real migrations,
so every copy is exactly what `open_database` would have built: only the time differs.

`use_template` replaces `storage.database.upgrade_schema` for the length of one test: an
SQLite file that does not exist yet is copied from the template instead of migrated;
anything else (an older file, a PostgreSQL database, a copy that fails) goes through the
real migrations. Tests of the migrations themselves (tests/storage) opt out by
overriding the autouse fixture in their conftest, so they always migrate for real.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from csp_desktop.storage import database as database_module
from csp_desktop.storage import open_database

TEMPLATE_NAME = "migrated-template.db"


def make_sqlite_template(folder: Path) -> Path:
    """A database file migrated to head by the real migrations, closed (no -wal left)."""
    path = folder / TEMPLATE_NAME
    open_database(path).close()
    return path


def copy_template(template: Path, path: Path, engine: Engine) -> None:
    """`path` becomes a copy of the template with an archive id of its own."""
    shutil.copyfile(template, path)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE archive_meta SET value = :id WHERE key = 'archive_id'"),
            {"id": uuid.uuid4().hex},
        )


def use_template(monkeypatch: pytest.MonkeyPatch, template: Path) -> None:
    real_upgrade: Callable[[Engine], None] = database_module.upgrade_schema

    def upgrade_or_copy(engine: Engine) -> None:
        name = engine.url.database
        if engine.dialect.name == "sqlite" and name and "?" not in name:
            path = Path(name)
            if not path.exists():
                try:
                    copy_template(template, path, engine)
                    return
                except (OSError, OperationalError):
                    # e.g. a read-only folder: the real path raises the error users see.
                    engine.dispose()
                    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                        leftover.unlink(missing_ok=True)
        real_upgrade(engine)

    monkeypatch.setattr(database_module, "upgrade_schema", upgrade_or_copy)
