"""Alembic environment: runs on the connection handed over by csp_desktop.storage."""

from alembic import context
from sqlalchemy import create_engine

from csp_desktop.models import schema

config = context.config
target_metadata = schema()


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic revision --autogenerate` from a developer's shell
        url = config.get_main_option("sqlalchemy.url") or "sqlite:///autogen.db"
        with create_engine(url).connect() as conn:
            _migrate(conn)
            conn.commit()
        return
    _migrate(connection)


def include_name(name, type_, parent_names) -> bool:  # type: ignore[no-untyped-def]
    """Leave the SQLite full-text search index (0002, not a model) out of autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith("search_index"))


def _migrate(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=True,  # SQLite cannot ALTER constraints in place
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
