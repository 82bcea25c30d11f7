"""0004_publication_fields: a 0002 file's rows survive, the search index keeps working,
and the new values (unknowns, "removed", raised under an item) can be stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import create_engine, event

from csp_desktop.storage.migrate import alembic_config

REVISION = "0004_publication_fields"


def _migrate(path: Path, target: str, *, down: bool = False) -> None:
    engine = create_engine(f"sqlite:///{path}")
    if not down:
        # As the app migrates: foreign keys on, inside one transaction.
        @event.listens_for(engine, "connect")
        def _foreign_keys(connection: Any, _record: Any) -> None:
            connection.execute("PRAGMA foreign_keys=ON")

    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, target)
    finally:
        engine.dispose()


def _seed_0002(path: Path) -> None:
    _migrate(path, "0002_search_index")
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            INSERT INTO body (id, name, short_name, kind, reports_to_parent)
                VALUES (1, 'Board', 'CSP', 'board', 1), (2, 'IVOLT', 'IV', 'subgroup', 1);
            INSERT INTO meeting (id, body_id, date, status, last_action_number,
                created_at, updated_at)
                VALUES (1, 1, '2022-10-05', 'draft', 0, '2022-10-01 09:00:00',
                '2022-10-01 09:00:00');
            INSERT INTO agenda_item (id, meeting_id, position, number, title, kind,
                is_restricted, minutes_text, elapsed_seconds)
                VALUES (1, 1, 1, '1', 'Prevent update', 'topical', 1, 'kestrel words', 0);
            INSERT INTO paper (id, agenda_item_id, position, name, is_restricted)
                VALUES (1, 1, 0, 'Report', 0);
            INSERT INTO subgroup_report (id, meeting_id, subgroup_id, status, summary, position)
                VALUES (1, 1, 2, 'written', 'heron summary', 0);
            INSERT INTO priority (id, plan, number, title, description)
                VALUES (1, '2019-2022', 1, 'Keeping children safe', '');
            INSERT INTO subgroup_report_priority (subgroup_report_id, priority_id) VALUES (1, 1);
            INSERT INTO action (id, reference, body_id, text, status, is_restricted,
                created_at, updated_at, subgroup_report_id)
                VALUES (1, 'CSP-2022-10-05-01', 1, 'Do it', 'open', 0,
                '2022-10-05 10:00:00', '2022-10-05 10:00:00', 1);
            """
        )


def _triggers(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}


def test_upgrade_keeps_rows_and_search_triggers(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _seed_0002(path)
    before = _triggers(path)
    _migrate(path, REVISION)
    assert _triggers(path) == before  # batch copies of tables lost none of the index's
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT is_restricted, public_summary, is_verbal_update, agenda_text, "
            "minutes_withheld, minutes_text FROM agenda_item"
        ).fetchone()
        assert row == (1, None, 0, None, 0, "kestrel words")
        # The rows pointing at the copied subgroup_report table kept their links.
        assert db.execute("SELECT * FROM subgroup_report_priority").fetchall() == [(1, 1)]
        assert db.execute("SELECT subgroup_report_id FROM action").fetchall() == [(1,)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute(
            "SELECT minutes_show_timings, minutes_show_organisations, chair FROM body WHERE id = 1"
        ).fetchone() == (1, 0, None)
        # The new values fit, and the old CHECK on forward-plan status was widened.
        db.execute("UPDATE subgroup_report SET status = NULL")
        db.execute("UPDATE paper SET name = NULL, kind = 'PDF'")
        db.execute(
            "INSERT INTO forward_plan_entry (body_id, title, status, is_restricted, notes, "
            "raised_at_item_id) VALUES (1, 'Dropped', 'removed', 0, '', 1)"
        )
        db.execute(
            "INSERT INTO forward_plan_entry (body_id, title, status, is_restricted, notes) "
            "VALUES (1, 'Unknown', NULL, 0, '')"
        )
        # The search index still follows edits to the copied subgroup_report table.
        db.execute("UPDATE subgroup_report SET summary = 'egret summary'")
        hits = db.execute(
            "SELECT kind FROM search_index WHERE search_index MATCH 'egret'"
        ).fetchall()
        assert hits == [("report",)]
        assert not db.execute(
            "SELECT 1 FROM search_index WHERE search_index MATCH 'heron'"
        ).fetchall()
        db.commit()
        bad = None
        try:
            db.execute(
                "INSERT INTO forward_plan_entry (body_id, title, status, is_restricted, notes) "
                "VALUES (1, 'Bad', 'nonsense', 0, '')"
            )
        except sqlite3.IntegrityError as exc:
            bad = exc
        assert bad is not None


def test_downgrade_returns_to_0002_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _seed_0002(path)
    _migrate(path, REVISION)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE subgroup_report SET status = NULL")
        db.execute(
            "INSERT INTO forward_plan_entry (body_id, title, status, is_restricted, notes) "
            "VALUES (1, 'Dropped', 'removed', 0, '')"
        )
        db.commit()
    before = _triggers(path)
    _migrate(path, "0002_search_index", down=True)
    assert _triggers(path) == before
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT status FROM subgroup_report").fetchone() == ("not_provided",)
        assert db.execute("SELECT status FROM forward_plan_entry").fetchone() == ("deferred",)
        columns = {row[1] for row in db.execute("PRAGMA table_info(agenda_item)")}
        assert "public_summary" not in columns
    _migrate(path, REVISION)


def test_the_app_backs_an_older_file_up_before_upgrading_it(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`AppContext.database` hands `open_database` a hook that imports the backups' module
    only when a file needs upgrading (not at every start-up, issue 13): it still runs."""
    from csp_desktop.app import DatabaseChoice, make_context

    monkeypatch.setenv("CSP_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "old.db"
    _seed_0002(path)
    context = make_context(DatabaseChoice(db_path=str(path)))
    context.database().close()
    copies = list(context.paths.backups_dir.glob("*_before-upgrade_*"))
    assert len(copies) == 1
    with sqlite3.connect(copies[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0002_search_index",
        )
