"""The server's record of meetings taken offline, and the offline file's own record.

On the server, `offline_copy` (0013) says who took which meeting when, with the copy's
id and the row versions at that moment; `returned_at` is set once it is brought back,
so a copy is never brought back twice. In the offline file, `archive_meta` keeps the
same facts under ``offline:copy`` and the values at take time (the merge's base) under
``offline:base``: the file alone is enough to merge it, and tells which archive it
belongs to.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.models import OfflineCopy
from csp_desktop.services.offline_rows import (
    Key,
    Rows,
    canonical_row,
    key_from_text,
    key_text,
    table_named,
)

COPY_KEY = "offline:copy"
BASE_KEY = "offline:base"
RETURNED_KEY = "offline:returned"
Base = dict[str, dict[Key, dict[str, Any]]]


@dataclass(frozen=True)
class CopyFacts:
    """What an offline file says about itself (``offline:copy``)."""

    copy_id: str
    server_archive_id: str
    server: str
    meeting_id: int
    meeting_label: str
    taken_by: str
    taken_at: dt.datetime

    def to_json(self) -> str:
        return json.dumps(
            {
                "copy_id": self.copy_id,
                "server_archive_id": self.server_archive_id,
                "server": self.server,
                "meeting_id": self.meeting_id,
                "meeting_label": self.meeting_label,
                "taken_by": self.taken_by,
                "taken_at": self.taken_at.isoformat(),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> CopyFacts:
        data = json.loads(text)
        return cls(
            copy_id=str(data["copy_id"]),
            server_archive_id=str(data["server_archive_id"]),
            server=str(data["server"]),
            meeting_id=int(data["meeting_id"]),
            meeting_label=str(data["meeting_label"]),
            taken_by=str(data["taken_by"]),
            taken_at=dt.datetime.fromisoformat(data["taken_at"]),
        )


def base_of(rows: Rows) -> dict[str, dict[str, dict[str, Any]]]:
    """The values at take time, JSON-able (table -> "key" -> column -> value)."""
    return {
        table: {key_text(key): canonical_row(row) for key, row in found.items()}
        for table, found in rows.items()
    }


def row_versions(rows: Rows) -> dict[str, dict[str, int]]:
    """The row version of every versioned row copied (table -> "key" -> version)."""
    return {
        table: {key_text(key): int(row["row_version"]) for key, row in found.items()}
        for table, found in rows.items()
        if found and "row_version" in table_named(table).c
    }


def versions_of_base(base: Base) -> dict[str, dict[str, int]]:
    return {
        table: {key_text(key): int(row["row_version"]) for key, row in found.items()}
        for table, found in base.items()
        if found and "row_version" in table_named(table).c
    }


def parse_base(text: str) -> Base:
    data: Mapping[str, Mapping[str, dict[str, Any]]] = json.loads(text)
    return {
        table: {key_from_text(key): row for key, row in found.items()}
        for table, found in data.items()
    }


def write_file_facts(connection: Connection, facts: CopyFacts, rows: Rows) -> None:
    """Record in the offline file what it is a copy of, and the base for the merge."""
    meta = table_named("archive_meta")
    connection.execute(
        meta.insert(),
        [
            {"key": COPY_KEY, "value": facts.to_json()},
            {"key": BASE_KEY, "value": json.dumps(base_of(rows), separators=(",", ":"))},
        ],
    )


def read_file_facts(connection: Connection) -> tuple[CopyFacts, Base, str | None] | None:
    """(facts, base, returned-at) of an offline file; None if it is not an offline copy."""
    meta = table_named("archive_meta")
    found = connection.execute(
        select(meta.c.key, meta.c.value).where(meta.c.key.in_((COPY_KEY, BASE_KEY, RETURNED_KEY)))
    )
    values = {str(key): str(value) for key, value in found}
    if COPY_KEY not in values or BASE_KEY not in values:
        return None
    return (
        CopyFacts.from_json(values[COPY_KEY]),
        parse_base(values[BASE_KEY]),
        values.get(RETURNED_KEY),
    )


def offline_meeting_id(session: Session) -> int | None:
    """In an offline copy not yet brought back: the meeting it was taken for."""
    from csp_desktop.services.archive_identity import values_with_prefix

    facts = values_with_prefix(session, "offline:")
    if "copy" not in facts or "returned" in facts:
        return None
    return CopyFacts.from_json(facts["copy"]).meeting_id


def mark_file_returned(connection: Connection, when: dt.datetime, server: str) -> None:
    meta = table_named("archive_meta")
    connection.execute(
        meta.insert().values(key=RETURNED_KEY, value=f"{when.isoformat()} to {server}")
    )


# --- the server's record ---------------------------------------------------------------


def outstanding_copy(session: Session, meeting_id: int) -> OfflineCopy | None:
    """The copy of this meeting taken offline and not yet brought back, if any."""
    return session.scalars(
        select(OfflineCopy)
        .where(OfflineCopy.meeting_id == meeting_id, OfflineCopy.returned_at.is_(None))
        .order_by(OfflineCopy.taken_at.desc())
    ).first()


def record_copy(
    session: Session, meeting_id: int, copy_id: str, rows: Rows, clock: Clock
) -> OfflineCopy:
    record = OfflineCopy(
        meeting_id=meeting_id,
        copy_id=copy_id,
        taken_by=clock.user(),
        taken_at=clock.now(),
        base_versions=json.dumps(row_versions(rows), sort_keys=True),
    )
    session.add(record)
    session.flush()
    return record


def find_copy(session: Session, copy_id: str) -> OfflineCopy | None:
    return session.scalars(select(OfflineCopy).where(OfflineCopy.copy_id == copy_id)).first()


def base_matches_record(record: OfflineCopy, base: Base) -> bool:
    """The file's base is the one recorded when the copy was taken (row versions agree)."""
    recorded: dict[str, dict[str, int]] = json.loads(record.base_versions or "{}")
    return recorded == versions_of_base(base)


def mark_returned(session: Session, record: OfflineCopy, clock: Clock) -> None:
    record.returned_at = clock.now()
    record.returned_by = clock.user()
    session.flush()
