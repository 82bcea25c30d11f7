"""Upgrading a real archive from an earlier release keeps every row, link and trigger.

The first upgrade of a 0002 archive through the later migrations lost every action
owner, action update and report-priority link (SQLite's batch copy dropped the old
tables with foreign keys on, running their cascades) and the action table's search
triggers; `check` saw nothing. The committed file is what that release wrote.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from csp_desktop.services.search import search
from csp_desktop.storage import open_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%' "
                "AND name != 'alembic_version'"
            )
        ]
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def _triggers(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {
            n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.db")), ids=lambda p: p.stem)
def test_an_old_archive_upgrades_with_every_row_and_trigger(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    before, triggers_before = _counts(path), _triggers(path)
    assert before["action_owner"] > 0 and before["action_update"] > 0  # the file is real

    database = open_database(path)
    try:
        with database.session() as session:
            reference = session.execute(
                text("SELECT reference FROM action ORDER BY id LIMIT 1")
            ).scalar_one()
            hits = search(session, reference)
    finally:
        database.close()

    after = _counts(path)
    assert {table: after[table] for table in before} == before
    assert triggers_before <= _triggers(path)
    assert any(hit.kind == "action" for hit in hits)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
