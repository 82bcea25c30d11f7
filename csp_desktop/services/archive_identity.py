"""Who this archive is, and what it remembers about papers that came back or went out.

The archive's id is made when the file is created (migration 0005_archive_identity) and
written into every exported tracker, so a tracker from another archive is recognised. The
same key/value table records each returned tracker applied, by export id, so a second
import of the same file is reported in words instead of as conflicts.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.models import ArchiveMeta

ARCHIVE_ID_KEY = "archive_id"
_TRACKER_APPLIED = "tracker_applied:"


def _get(session: Session, key: str) -> str | None:
    row = session.get(ArchiveMeta, key)
    return row.value if row is not None else None


def _set(session: Session, key: str, value: str) -> None:
    row = session.get(ArchiveMeta, key)
    if row is None:
        session.add(ArchiveMeta(key=key, value=value))
    else:
        row.value = value
    session.flush()


def archive_id(session: Session) -> str | None:
    """This archive's id; None only for a file made before ids existed and opened read-only."""
    return _get(session, ARCHIVE_ID_KEY)


def ensure_archive_id(session: Session) -> str:
    """The archive's id, made now if the file has none (flushes, never commits)."""
    existing = archive_id(session)
    if existing:
        return existing
    made = uuid.uuid4().hex
    _set(session, ARCHIVE_ID_KEY, made)
    return made


def tracker_applied_at(session: Session, export_id: str) -> dt.datetime | None:
    """When the tracker with this export id was applied here, if it was."""
    value = _get(session, _TRACKER_APPLIED + export_id)
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return dt.datetime.min


def mark_tracker_applied(session: Session, export_id: str, when: dt.datetime) -> None:
    _set(session, _TRACKER_APPLIED + export_id, when.isoformat(timespec="seconds"))


def values_with_prefix(session: Session, prefix: str) -> dict[str, str]:
    """Every stored fact whose key starts with `prefix` (key without the prefix -> value)."""
    # A Core statement: an offline copy asks this before the first paint (meetings.py).
    meta = ArchiveMeta.__table__.c
    rows = session.execute(select(meta.key, meta.value).where(meta.key.startswith(prefix)))
    return {key[len(prefix) :]: value for key, value in rows}


def set_value(session: Session, key: str, value: str) -> None:
    _set(session, key, value)


def delete_value(session: Session, key: str) -> None:
    row = session.get(ArchiveMeta, key)
    if row is not None:
        session.delete(row)
        session.flush()
