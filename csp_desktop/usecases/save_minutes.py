"""Save an item's minutes and bring its ACTION lines' records into step: one transaction.

The minutes editor's autosave runs these on the background writer (`UiContext.
run_in_background` hands them the `Database`); anything else that saves typed minutes
can call `save_item_minutes` in its own transaction. The text and the sync commit
together, so a line and its action are never out of step on disk; the sync runs inside
a savepoint, so a sync that fails (an owner that cannot be matched just now, a refused
row) is rolled back alone and never takes the text down with it: the text commits, the
failure comes back in the outcome, and the next save or opening of the item syncs again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from csp_desktop.clock import Clock, SystemClock
from csp_desktop.errors import UserError
from csp_desktop.services import agenda as agenda_service
from csp_desktop.services import minutes as minutes_service
from csp_desktop.storage.database import Database

if TYPE_CHECKING:
    from csp_desktop.services.actions import ActionSync


@dataclass(frozen=True)
class SaveOutcome:
    """What a save did beyond saving the text."""

    synced: bool = False  # a sync ran (or was tried)
    sync: ActionSync | None = None  # what it changed; None if not synced or it failed
    sync_error: Exception | None = None  # the sync failed (the text is saved)


def save_item_minutes(
    session: Session, item_id: int, text: str, clock: Clock, *, sync: bool
) -> SaveOutcome:
    """The text, then (if `sync`) its ACTION lines synced in a savepoint; caller commits.

    Raises:
        UserError: the text itself could not be saved (approved minutes, a deleted item):
            nothing is saved, the caller keeps the words.
    """
    agenda_service.save_item_minutes(session, item_id, text, clock, sync_actions=False)
    if not sync:
        return SaveOutcome()
    return _sync_in_savepoint(session, item_id, clock, only_if_out_of_step=False)


def sync_item_if_out_of_step(session: Session, item_id: int, clock: Clock) -> SaveOutcome:
    """Sync an item's actions if they disagree with its saved text (a sync missed when
    the app stopped between typing and syncing); caller commits."""
    return _sync_in_savepoint(session, item_id, clock, only_if_out_of_step=True)


def _sync_in_savepoint(
    session: Session, item_id: int, clock: Clock, *, only_if_out_of_step: bool
) -> SaveOutcome:
    # The ACTION sync is imported at the first save, not with the window (start-up).
    from csp_desktop.services import actions as actions_service

    try:
        with session.begin_nested():
            if only_if_out_of_step:
                result = actions_service.sync_item_actions_if_out_of_step(session, item_id, clock)
            else:
                result = actions_service.sync_item_actions(session, item_id, clock)
    except Exception as exc:  # reported on the GUI thread; the text still commits
        return SaveOutcome(synced=True, sync_error=exc)
    return SaveOutcome(synced=True, sync=result)


# A save as handed to the background writer: given the database, it runs in a transaction
# of its own (the window retries one whose editor is gone: ui/save_delivery.py).
SaveJob = Callable[[Database], SaveOutcome]


# --- as the background writer runs them: given the database, one transaction each --------


@dataclass
class ReadVersion:
    """The item version the editor's saves are based on (issue 16): the `row_version` and
    minutes it displayed, moved on by each save that lands. One per item opened; only
    the writer thread changes it (its jobs run in order), so saves queued one after the
    other each base themselves on the one before."""

    row_version: int
    text: str


def save_and_sync(
    database: Database,
    item_id: int,
    text: str,
    clock: Clock,
    *,
    sync: bool,
    based_on: ReadVersion | None = None,
    over: minutes_service.MinutesRead | None = None,
) -> SaveOutcome:
    """On the writer thread: `save_item_minutes` in one transaction of its own.

    With `based_on`, refused (`StaleEdit`, the text kept in `lost_edit`) if someone else
    changed the minutes since; with `over` (a `minutes.MinutesRead` of theirs: "Keep
    mine"), theirs is kept in `lost_edit` and the text saved over it.
    """
    if based_on is None and over is None:
        with database.transaction() as session:
            return save_item_minutes(session, item_id, text, clock, sync=sync)
    with database.transaction() as session:
        if over is not None:
            minutes_service.save_minutes_over_theirs(session, item_id, text, over, clock)
        else:
            assert based_on is not None
            agenda_service.save_item_minutes(
                session,
                item_id,
                text,
                clock,
                sync_actions=False,
                expected_version=based_on.row_version,
                read_text=based_on.text,
            )
        version = minutes_service.read_item_minutes(session, item_id).row_version
        outcome = (
            _sync_in_savepoint(session, item_id, clock, only_if_out_of_step=False)
            if sync
            else SaveOutcome()
        )
    if based_on is not None:  # committed: the next save is based on this one
        based_on.row_version = version
        based_on.text = text
    return outcome


def sync_if_out_of_step(database: Database, item_id: int, clock: Clock) -> SaveOutcome:
    """On the writer thread: `sync_item_if_out_of_step` in one transaction of its own.
    Nothing is typed here, so even a failed commit is only a sync that failed."""
    try:
        with database.transaction() as session:
            return sync_item_if_out_of_step(session, item_id, clock)
    except Exception as exc:
        return SaveOutcome(synced=True, sync_error=exc)


def replay_save(database: Database, *, item_id: int, text: str, sync: bool) -> SaveOutcome:
    """A save kept in the window's local journal (`ui/save_journal.py`) run again after a
    restart: the app stopped while the server could not be reached. Its ACTION lines are
    always synced (`sync` is what this one save asked; an earlier one it replaced may
    have asked for a sync that never ran)."""
    del sync
    return save_and_sync(database, item_id, text, database.clock or SystemClock(), sync=True)


def action_references(database: Database, action_ids: Sequence[int]) -> list[str]:
    """On the writer thread: the references of these actions, skipping any deleted."""
    from csp_desktop.services import actions as actions_service

    references = []
    with database.session() as session:
        for action_id in action_ids:
            try:
                references.append(str(actions_service.get_action_row(session, action_id).reference))
            except UserError:
                continue
    return references
