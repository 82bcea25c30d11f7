"""Migration 0007_transcripts: tables, search triggers, and a clean way back."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect, text

from csp_desktop.storage.migrate import alembic_config

TABLES = {
    "transcript",
    "transcript_speaker",
    "transcript_turn",
    "transcript_suggestion",
    "transcript_retention",
}


def _run(engine, action: str, revision: str) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def test_turns_are_indexed_by_triggers_and_downgrade_removes_everything(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    _run(engine, "upgrade", "0007_transcripts")
    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO body (id, name, short_name, kind, reports_to_parent) "
                "VALUES (1, 'Board', 'CSP', 'board', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO meeting (id, body_id, date, status, last_action_number, "
                "created_at, updated_at) VALUES (1, 1, '2022-10-05', 'draft', 0, "
                "'2022-10-05 10:00:00', '2022-10-05 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO transcript (id, meeting_id, source_name, imported_at, imported_by, "
                "turn_count) VALUES (1, 1, 'call.vtt', '2022-10-06 09:00:00', 'me', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO transcript_turn (id, transcript_id, position, speaker_label, "
                "start_seconds, end_seconds, text) VALUES (3, 1, 0, 'Opie, Andy (LBBD)', 1, 2, "
                "'Knife crime is down')"
            )
        )
        found = connection.execute(
            text("SELECT kind, ref_id FROM search_index WHERE search_index MATCH 'knife'")
        ).all()
        assert found == [("turn", 3)]
        connection.execute(text("UPDATE transcript_turn SET text = 'Robbery is up' WHERE id = 3"))
        assert (
            connection.execute(
                text("SELECT count(*) FROM search_index WHERE search_index MATCH 'knife'")
            ).scalar()
            == 0
        )
    _run(engine, "downgrade", "0002_search_index")
    assert not TABLES & set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        triggers = connection.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%transcript%'"
            )
        ).all()
        assert triggers == []
        assert (
            connection.execute(
                text("SELECT count(*) FROM search_index WHERE kind = 'turn'")
            ).scalar()
            == 0
        )
    _run(engine, "upgrade", "head")
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()
