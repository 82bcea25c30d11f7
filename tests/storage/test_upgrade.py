"""The models and the shipped migrations describe the same schema."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, String

from csp_desktop.models import schema
from csp_desktop.storage import Database


def _include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """As migrations/env.py: the FTS5 search index (0002) is kept outside the models."""
    return not (type_ == "table" and name is not None and name.startswith("search_index"))


def differences(db: Database, metadata: MetaData) -> list[Any]:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_name": _include_name},
        )
        return list(compare_metadata(context, metadata))


def test_a_freshly_migrated_database_matches_the_models(db: Database) -> None:
    assert differences(db, schema()) == []


def test_the_comparison_would_notice_a_model_change(db: Database) -> None:
    changed = MetaData(naming_convention=schema().naming_convention)
    for table in schema().sorted_tables:
        table.to_metadata(changed)
    changed.tables["meeting"].append_column(Column("webcast_url", String(), nullable=True))
    [difference] = differences(db, changed)
    assert difference[0] == "add_column" and difference[3].name == "webcast_url"
