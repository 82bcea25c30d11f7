"""Shared fixtures: a fresh database per test, a fake clock, every path in tmp.

A fresh SQLite database is a copy of one template migrated per session
(tests/templates.py); tests/storage migrates for real."""

from __future__ import annotations

import os

# Before anything can import Qt: no display on CI machines.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.storage import Database, open_database
from tests.templates import make_sqlite_template, use_template

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Copies of the published minutes and plan in ../shared/seeds, so the suite runs anywhere.
SEEDS = FIXTURES / "seeds"


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the real user data dir, settings or database."""
    data_dir = tmp_path_factory.mktemp("appdata")
    monkeypatch.setenv("CSP_DESKTOP_DATA_DIR", str(data_dir))
    monkeypatch.delenv("CSP_DESKTOP_DB", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data_dir / "config"))
    return data_dir


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head by the real migrations, for every test to copy."""
    return make_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(autouse=True)
def _new_databases_from_template(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every new SQLite file this test opens is a copy of the template, not a migration
    (a test marked `real_migrations`, and all of tests/storage, migrates for real)."""
    if request.node.get_closest_marker("real_migrations") is None:
        use_template(monkeypatch, request.getfixturevalue("sqlite_template"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    with db.session() as session:
        yield session


# Both engines (issue 16): the PostgreSQL server fixtures, and `engine_db`, which
# tests/services and tests/usecases use as their `db` (SQLite and PostgreSQL).
from tests.engines import (  # noqa: E402, F401
    empty_postgres_url,
    engine_db,
    postgres_admin_url,
    postgres_shared,
    postgres_url,
)
