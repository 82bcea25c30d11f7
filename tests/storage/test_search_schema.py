"""The live search-index definitions (`storage/search_schema.py`) are what the head
migrations created: the service refills the index with the same words the triggers keep."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from sqlalchemy import text

from csp_desktop.storage import open_database, search_schema

INDEX = import_module("csp_desktop.storage.migrations.versions.0002_search_index")
TRANSCRIPTS = import_module("csp_desktop.storage.migrations.versions.0007_transcripts")


def test_definitions_equal_the_migrations_frozen_copies() -> None:
    migrated_sources = {
        **INDEX.SOURCES,
        "transcript_turn": (TRANSCRIPTS.TURN, TRANSCRIPTS.TURN_EXPRESSION),
    }
    assert migrated_sources == search_schema.SOURCES
    assert search_schema.KIND_NAMES == {**INDEX.KIND_NAMES, "transcript_turn": "turn"}
    assert search_schema.WATCHED == {**INDEX.WATCHED, "transcript_turn": "speaker_label, text"}
    assert search_schema.accent_table() == (INDEX.ACCENTED, INDEX.PLAIN)


def test_a_migrated_archive_has_a_trigger_per_source_indexing_the_same_text(
    tmp_path: Path,
) -> None:
    database = open_database(tmp_path / "head.db")
    try:
        with database.session() as session:
            rows = session.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            )
            triggers: dict[str, str] = {name: sql for name, sql in rows}
    finally:
        database.close()
    for table, (code, expression) in search_schema.SOURCES.items():
        inserted = triggers[f"search_{table}_ai"]
        assert f"new.id * 8 + {code}, '{search_schema.KIND_NAMES[table]}'" in inserted
        assert expression.format(r="new") in inserted
        assert (
            f"AFTER UPDATE OF {search_schema.WATCHED[table]} ON {table}"
            in (triggers[f"search_{table}_au"])
        )
    indexed = {name[len("search_") : -len("_ai")] for name in triggers if name.endswith("_ai")}
    assert indexed == set(search_schema.SOURCES)
