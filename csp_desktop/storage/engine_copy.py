"""Copy a whole archive, row for row, between two databases of either engine.

Used to move an SQLite file into a team's PostgreSQL database (and back), and for
`backup`/`restore` on a server, whose portable archive is an SQLite file. Rows keep their
ids, so references, action numbers and everything pointing at a record survive the
move. Both databases must be at the same schema revision (open_database sees to that).
The search index is not copied: each engine's own triggers fill it as rows arrive.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, Table, func, select, text, update

from csp_desktop.models import schema

BATCH_ROWS = 1000
# The archive's identity (0005): a new database gets its own from its migration; an
# archive that moves takes its own along, so trackers it sent out still match it.
IDENTITY_TABLE = "archive_meta"


def archive_tables() -> list[Table]:
    """Every table the models describe, parents before children."""
    return list(schema().sorted_tables)


def row_counts(connection: Connection) -> dict[str, int]:
    return {
        table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
        for table in archive_tables()
    }


def is_empty(connection: Connection) -> bool:
    counts = row_counts(connection)
    return not any(count for name, count in counts.items() if name != IDENTITY_TABLE)


def empty_archive(connection: Connection) -> None:
    """Delete every row (children first), in the caller's transaction."""
    for table in reversed(archive_tables()):
        connection.execute(table.delete())


def _self_references(table: Table) -> list[str]:
    """Columns pointing at the same table (a body's parent, a meeting's approval): filled
    after every row is in, since a row may point at one with a higher id."""
    return sorted({key.parent.name for key in table.foreign_keys if key.column.table is table})


def _batches(connection: Connection, table: Table) -> Iterator[list[dict[str, object]]]:
    result = connection.execute(select(table).order_by(*table.primary_key.columns))
    while rows := result.fetchmany(BATCH_ROWS):
        yield [dict(row._mapping) for row in rows]


def copy_rows(source: Connection, target: Connection) -> dict[str, int]:
    """Copy every row of `source` into the (empty) `target`; returns rows per table.

    Runs in the caller's transactions: on any failure the target's is rolled back whole.
    """
    copied: dict[str, int] = {}
    for table in archive_tables():
        later = _self_references(table)
        pending: list[dict[str, object]] = []
        if table.name == IDENTITY_TABLE:
            target.execute(table.delete())
        count = 0
        for rows in _batches(source, table):
            for row in rows:
                if any(row[column] is not None for column in later):
                    pending.append({"id": row["id"], **{c: row[c] for c in later}})
                    for column in later:
                        row[column] = None
            target.execute(table.insert(), rows)
            count += len(rows)
        for values in pending:
            row_id = values.pop("id")
            target.execute(update(table).where(table.c.id == row_id).values(**values))
        copied[table.name] = count
    if target.dialect.name == "postgresql":
        _advance_sequences(target)
    return copied


def _advance_sequences(connection: Connection) -> None:
    """Rows came with their ids: move each id sequence past the largest, so the next
    record added on the server does not collide."""
    for table in archive_tables():
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )
