"""The model tests run on both engines: every test asking for `db` runs on SQLite and on
PostgreSQL (tests/engines.py), since the constraints are the database's, not Python's."""

from __future__ import annotations

import pytest

from csp_desktop.storage import Database


@pytest.fixture
def db(engine_db: Database) -> Database:
    return engine_db
