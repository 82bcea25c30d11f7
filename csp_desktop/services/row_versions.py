"""A save that names the version it was based on: refused when the record moved on.

The window remembers the `row_version` it displayed and hands it to the service with the
save (issue 16). When the record has been changed by someone else since, the service
refuses through `refuse_as_stale`, which raises the same error a stale flush raises, so
`Database.transaction` keeps the refused values in `lost_edit` and reports a `StaleEdit`
naming who changed it and when. `keep_overwritten` keeps the other person's value when the
user chose "Keep mine" and saved over it: either way, nothing typed is lost.
"""

from __future__ import annotations

from typing import NoReturn

from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from csp_desktop.clock import Clock


def refuse_as_stale(session: Session, table: str, row_id: int, values: dict[str, str]) -> NoReturn:
    """Refuse a save based on an older version of `table` row `row_id`; `values` (what the
    user tried to save) are kept in `lost_edit` by the transaction that catches this."""
    session.info["versioned_changes"] = [(table, row_id, dict(values))]
    raise StaleDataError(f"{table} {row_id} changed since it was read")


def keep_overwritten(
    session: Session,
    table: str,
    row_id: int,
    field: str,
    value: str | None,
    typed_by: str | None,
    clock: Clock,
) -> None:
    """Keep a value about to be saved over (theirs, when the user chose "Keep mine")."""
    session.execute(
        text(
            "INSERT INTO lost_edit (table_name, row_id, field, value, typed_by, refused_at) "
            "VALUES (:t, :r, :f, :v, :b, :a)"
        ),
        {"t": table, "r": row_id, "f": field, "v": value, "b": typed_by, "a": clock.now()},
    )
