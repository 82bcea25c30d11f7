"""Moving a whole archive SQLite -> PostgreSQL -> SQLite; backup and restore on a server."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.models import Body, Meeting
from csp_desktop.services.demo import build_demo
from csp_desktop.services.integrity import check_database
from csp_desktop.services.search import search
from csp_desktop.storage import Database, open_database
from csp_desktop.storage.engine_copy import row_counts
from csp_desktop.usecases.move_archive import backup_server, move_archive, restore_server
from tests.factories import make_body, make_meeting


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(path)
    with database.transaction() as session:
        build_demo(session)
    database.close()
    return path


def counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        return row_counts(connection)


def test_sqlite_to_postgresql_and_back_keeps_every_row(
    demo_file: Path, empty_postgres_url: str, tmp_path: Path
) -> None:
    source = open_database(demo_file)
    report = move_archive(source, empty_postgres_url)
    server = open_database(empty_postgres_url)
    assert report.rows == counts(source) == counts(server)
    assert report.meetings > 10 and report.total_rows > 1000
    assert check_database(server).ok
    with server.session() as session:
        # The search index was filled by the server's own triggers as the rows arrived.
        assert search(session, "knife crime")
        # Ids kept; the next new record does not collide with a copied one.
        newest = session.scalar(select(Meeting.id).order_by(Meeting.id.desc()).limit(1))
    with server.transaction() as session:
        added = make_meeting(session, session.scalars(select(Body)).first() or make_body(session))
        assert added.id == (newest or 0) + 1

    back = tmp_path / "back.db"
    move_archive(server, back)
    returned = open_database(back)
    assert counts(returned) == counts(server)
    assert counts(returned)["meeting"] == counts(source)["meeting"] + 1
    with returned.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    for database in (source, server, returned):
        database.close()


def test_a_target_that_holds_records_is_refused(
    demo_file: Path, postgres_url: str, clock: FakeClock
) -> None:
    server = open_database(postgres_url)
    with server.transaction() as session:
        make_meeting(session, make_body(session))
    before = counts(server)
    source = open_database(demo_file)
    with pytest.raises(UserError, match="already holds records"):
        move_archive(source, postgres_url)
    assert counts(server) == before
    with pytest.raises(UserError, match="onto itself"):
        move_archive(source, demo_file)
    source.close()
    server.close()


def test_server_backup_is_a_file_either_engine_restores(
    demo_file: Path, postgres_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    server = open_database(postgres_url)
    move_archive(open_database(demo_file), postgres_url)
    archive = tmp_path / "server-backup.db"
    report = backup_server(server, archive)
    assert report.rows == counts(server)
    assert not archive.with_name(archive.name + ".partial").exists()

    # The desktop app opens the archive as it is.
    desktop = open_database(archive, read_only=True)
    assert counts(desktop) == counts(server)
    desktop.close()

    # A mistake on the server, then the restore brings the archive's records back.
    with server.transaction() as session:
        session.execute(text("DELETE FROM meeting WHERE id IN (SELECT id FROM meeting LIMIT 3)"))
    assert counts(server) != report.rows
    result = restore_server(server, archive, tmp_path / "backups", clock=clock)
    assert counts(server) == report.rows
    assert result.previous_copy.is_file()
    kept = open_database(result.previous_copy, read_only=True)
    assert counts(kept)["meeting"] == report.rows["meeting"] - 3
    kept.close()
    with pytest.raises(UserError, match="already exists"):
        backup_server(server, archive)
    server.close()


def test_restoring_something_that_is_not_an_archive_changes_nothing(
    postgres_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    server = open_database(postgres_url)
    with server.transaction() as session:
        make_meeting(session, make_body(session))
    before = counts(server)
    junk = tmp_path / "notes.db"
    junk.write_text("not a database")
    with pytest.raises(UserError, match="cannot be restored"):
        restore_server(server, junk, tmp_path / "backups", clock=clock)
    assert counts(server) == before
    server.close()
