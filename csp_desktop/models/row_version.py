"""Optimistic concurrency for the records people edit together (0008_row_versions).

Every save of a meeting, item, action, attendance row or subgroup report checks that the
row still has the version it was read at (`UPDATE ... WHERE row_version = n`) and bumps
it; a save based on stale data matches no row and is refused (storage.database turns
SQLAlchemy's StaleDataError into a StaleEdit naming who changed it and when, and keeps
the refused text in `lost_edit`). `changed_by`/`changed_at` come from the clock the
Database was given (the app's user), stamped on every insert and update.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String, Text, event, inspect, text
from sqlalchemy.orm import (
    Mapped,
    Mapper,
    Session,
    declared_attr,
    mapped_column,
    object_session,
)

from csp_desktop.models.base import Base


class Versioned:
    """Mixin: a row version checked on every update, and who changed the row last."""

    row_version: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    changed_by: Mapped[str | None] = mapped_column(String(120))
    changed_at: Mapped[dt.datetime | None]

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.row_version}


class LostEdit(Base):
    """A value someone typed that was not saved because another person had changed the
    record first: kept so nothing typed is ever silently gone."""

    __tablename__ = "lost_edit"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[str | None] = mapped_column(Text)
    typed_by: Mapped[str | None] = mapped_column(String(120))
    refused_at: Mapped[dt.datetime]


def _stamp(_mapper: Mapper[Any], _connection: Any, target: Any) -> None:
    session = object_session(target)
    clock = session.info.get("clock") if session is not None else None
    if clock is not None:
        target.changed_by = clock.user()
        target.changed_at = clock.now()


def _remember_changes(session: Session, _context: Any, _instances: Any) -> None:
    """What each versioned record is about to save: if the save is refused as stale, the
    flush's rollback has expired it, and this is what `lost_edit` keeps."""
    changes = []
    for record in session.dirty:
        if not isinstance(record, Versioned):
            continue
        state = inspect(record)
        values: dict[str, str] = {}
        for attribute in state.mapper.column_attrs:
            added = state.attrs[attribute.key].history.added
            if added and attribute.key not in ("changed_by", "changed_at", "row_version"):
                value = added[0]
                values[attribute.key] = value if isinstance(value, str) else str(value)
        if values and state.identity:
            changes.append((state.mapper.local_table.name, int(state.identity[0]), values))
    session.info["versioned_changes"] = changes


def _stamp_update(mapper: Mapper[Any], connection: Any, target: Any) -> None:
    """Stamp only a real change: before_update also runs for a record merely touched (a
    value set to what it was), and stamping that would bump its version for nothing and
    refuse someone else's save, or this one, as stale with nothing to keep."""
    session = object_session(target)
    if session is not None and session.is_modified(target, include_collections=False):
        _stamp(mapper, connection, target)


event.listen(Versioned, "before_insert", _stamp, propagate=True)
event.listen(Versioned, "before_update", _stamp_update, propagate=True)
event.listen(Session, "before_flush", _remember_changes)
