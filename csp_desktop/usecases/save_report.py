"""Save a subgroup report's typed summary, based on the version the window showed.

The Subgroup reports tab autosaves a summary on the background writer (as the minutes
editor does), handing this the `Database`. Each save names the report version it was
based on (a `ReadVersion`, one per report shown): refused as a `StaleEdit` if someone
else changed the report since (the typed summary kept in `lost_edit`); once a save has
committed, the next one queued is based on it, so the note taker's own saves never
refuse each other (issue 16).
"""

from __future__ import annotations

from csp_desktop.clock import Clock
from csp_desktop.services import subgroups as subgroup_service
from csp_desktop.services.actions import ActionSync
from csp_desktop.storage.database import Database
from csp_desktop.usecases.save_minutes import ReadVersion


def save_summary(
    database: Database, report_id: int, text: str, clock: Clock, based_on: ReadVersion
) -> ActionSync:
    """On the writer thread: `set_summary` in a transaction of its own, based on
    `based_on`, which moves on once it has committed (only the writer thread moves it
    while saves are queued: its jobs run in order)."""
    with database.transaction() as session:
        sync = subgroup_service.set_summary(
            session, report_id, text, clock, expected_version=based_on.row_version
        )
        version = subgroup_service.report_version(session, report_id)
    based_on.row_version = version
    based_on.text = text
    return sync
