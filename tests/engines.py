"""Both engines for the tests: SQLite files, and a throwaway PostgreSQL server.

`postgres_admin_url` starts one cluster per test session (scripts/postgres_throwaway.sh:
Debian's postgresql package, a temporary folder, loopback, fsync off) and stops it at the
end; CSP_TEST_POSTGRES_URL points the tests at a server of your own instead. The
services and use-case tests share one migrated database, emptied before each test (rows
deleted, sequences restarted: 0.05 s); a fresh copy per test (CREATE DATABASE ...
TEMPLATE) measured 1.1-1.3 s here, which would have added minutes to CI. Migration tests
get an empty database of their own.

Without PostgreSQL installed the PostgreSQL cases skip with the reason; under CI=true
(or CSP_REQUIRE_POSTGRES=1, which .ci/run sets) they fail instead, so CI can never pass
without having run them.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from csp_desktop.models import schema
from csp_desktop.storage import Database, open_database

REPO_ROOT = Path(__file__).resolve().parent.parent
THROWAWAY = REPO_ROOT / "scripts" / "postgres_throwaway.sh"
# One shared database per pytest-xdist worker (workers may share one server given by
# CSP_TEST_POSTGRES_URL).
SHARED = "csp_tests" + (
    f"_{os.environ['PYTEST_XDIST_WORKER']}" if os.environ.get("PYTEST_XDIST_WORKER") else ""
)
NOT_INSTALLED = 3  # postgres_throwaway.sh's exit code when PostgreSQL is missing
ENGINES = ("sqlite", "postgresql")
_numbers = itertools.count(1)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true" or os.environ.get("CSP_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A superuser URL to a running server (database `postgres`)."""
    own = os.environ.get("CSP_TEST_POSTGRES_URL")
    if own:
        yield own
        return
    folder = tempfile.mkdtemp(prefix="csp-pg-")
    os.chmod(folder, 0o755)
    started = _start_throwaway(folder)
    if started.returncode == NOT_INSTALLED:
        _unavailable("PostgreSQL is not installed (apt-get install postgresql)")
    if started.returncode != 0:
        _unavailable(f"the throwaway server did not start: {started.stderr.strip()}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(THROWAWAY), "stop", folder], capture_output=True, timeout=120)


def _start_throwaway(folder: str, attempts: int = 3) -> subprocess.CompletedProcess[str]:
    """Start a cluster in `folder`. Servers starting at once (pytest-xdist workers, other
    runs on the machine) can pick the same free port and one loses: it tries again, and
    each xdist worker starts from a port range of its own."""
    env = dict(os.environ)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") and "CSP_PG_PORT" not in env:
        env["CSP_PG_PORT"] = str(55432 + 20 * (int(worker[2:]) + 1))
    for _attempt in range(attempts):
        started = subprocess.run(
            [str(THROWAWAY), "start", folder], capture_output=True, text=True, timeout=120, env=env
        )
        if started.returncode in (0, NOT_INSTALLED):
            break
    return started


def database_url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def run_admin(admin_url: str, *statements: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def new_postgres_database(admin_url: str) -> str:
    """A new, empty database; returns its URL."""
    name = f"csp_test_{os.getpid()}_{next(_numbers)}"
    run_admin(admin_url, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    return database_url(admin_url, name)


def drop_postgres_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    run_admin(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres_shared(postgres_admin_url: str) -> Iterator[tuple[str, Engine]]:
    """A database migrated to head once per session, and an engine to empty it."""
    run_admin(
        postgres_admin_url,
        f"DROP DATABASE IF EXISTS {SHARED} WITH (FORCE)",
        f"CREATE DATABASE {SHARED}",
    )
    url = database_url(postgres_admin_url, SHARED)
    open_database(url).close()
    engine = create_engine(url)
    try:
        yield url, engine
    finally:
        engine.dispose()


def empty_database(engine: Engine) -> None:
    """Every row gone and every id counter back at 1, as in a new SQLite file."""
    # archive_meta's id row comes from its migration, as alembic_version's does: kept.
    tables = [
        table.name for table in reversed(schema().sorted_tables) if table.name != "archive_meta"
    ]
    with engine.begin() as connection:
        sequences = connection.execute(text("SELECT sequencename FROM pg_sequences")).scalars()
        statements = [f"DELETE FROM {name}" for name in (*tables, "search_index")]
        statements += [f"ALTER SEQUENCE {name} RESTART" for name in sequences]
        statements.append("DELETE FROM archive_meta WHERE key <> 'archive_id'")
        connection.execute(text("; ".join(statements)))


@pytest.fixture
def postgres_url(postgres_shared: tuple[str, Engine]) -> str:
    """A migrated, empty database on the server for this test."""
    url, engine = postgres_shared
    empty_database(engine)
    return url


@pytest.fixture
def empty_postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """An empty database of this test's own (for migration tests)."""
    url = new_postgres_database(postgres_admin_url)
    yield url
    drop_postgres_database(postgres_admin_url, url)


@pytest.fixture(params=ENGINES)
def engine_db(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Database]:
    """A migrated database on each engine: the same test runs on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        database = open_database(db_path)
    elif request.node.get_closest_marker("sqlite_only"):
        pytest.skip("SQLite-specific: the test writes the file behind the app's back")
    else:
        database = open_database(request.getfixturevalue("postgres_url"))
    try:
        yield database
    finally:
        database.close()
