"""Take a meeting offline, and bring it back: for minuting where there is no connection.

`take_meeting_offline` copies one meeting and everything it needs from the open
database (normally the team's PostgreSQL server) into a new SQLite file: a normal CSP
archive, migrated to head, that the app opens like any other and autosaves to as it
always does, so closing the laptop or a crash loses nothing. The server records who
took it and when (`offline_copy`); the file records where it came from and the values
at that moment (the merge's base).

`bring_back` merges the file into the server field by field
(services/offline_merge.py). Conflicts (a field changed on both sides) are refused as
`ConflictsToResolve` unless each has a choice, or a `prefer` for all; nothing is
applied until every one has. A copy is brought back once; a file from another archive
is refused. Called by `csp-desktop offline ...` and by the window's File menu.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import DatabaseRefused, RecordLocked, UserError
from csp_desktop.services.archive_identity import archive_id, ensure_archive_id
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.meetings import get_meeting, meeting_label
from csp_desktop.services.offline_copies import (
    Base,
    CopyFacts,
    base_matches_record,
    find_copy,
    mark_file_returned,
    mark_returned,
    outstanding_copy,
    read_file_facts,
    record_copy,
    write_file_facts,
)
from csp_desktop.services.offline_leases import hold_item_leases, release_item_leases
from csp_desktop.services.offline_merge import (
    Choice,
    Conflict,
    MergeOutcome,
    apply_merge,
    plan_merge,
)
from csp_desktop.services.offline_rows import (
    Rows,
    copied_tables,
    meeting_rows,
    read_all,
    write_rows,
)
from csp_desktop.storage.database import Database, open_database
from csp_desktop.storage.lock import WriterLock

SUFFIX = ".db"


@dataclass(frozen=True)
class TakenOffline:
    path: Path
    meeting: str
    copy_id: str
    rows: int
    leases: int


@dataclass(frozen=True)
class BroughtBack:
    meeting: str
    outcome: MergeOutcome
    kept_on_server: tuple[str, ...]
    leases_released: int = 0


@dataclass(frozen=True)
class BringBackPreview:
    meeting: str
    taken_by: str
    taken_at: str
    conflicts: tuple[Conflict, ...]


class ConflictsToResolve(UserError):
    """Fields changed both offline and on the server, without a choice: nothing applied."""

    def __init__(self, meeting: str, conflicts: list[Conflict]) -> None:
        self.meeting = meeting
        self.conflicts = conflicts
        super().__init__(
            f"{len(conflicts)} {'field was' if len(conflicts) == 1 else 'fields were'} changed "
            f"both offline and on the server in {meeting}; nothing was applied. Choose with "
            "--prefer mine or --prefer theirs, or bring it back in the window to choose each."
        )

    def lines(self) -> list[str]:
        return [conflict_line(conflict) for conflict in self.conflicts]


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    if not flat:
        return "(empty)"
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def conflict_line(conflict: Conflict) -> str:
    """One conflict in a line: where, then offline / server / before."""
    return (
        f"{conflict.what.strip()}, {conflict.field_words}: offline {_short(conflict.mine)!r}; "
        f"server {_short(conflict.theirs)!r}; before {_short(conflict.base)!r}"
    )


def suggested_file_name(label: str) -> str:
    """A file name for the copy: "CSP Board Wednesday 5 October 2022 (offline).db"."""
    safe = "".join(ch if ch.isalnum() or ch in " -" else " " for ch in label)
    return " ".join(safe.split()) + " (offline)" + SUFFIX


def suggested_file_for(session: Session, meeting_id: int) -> str:
    """The offline copy's suggested file name for this meeting."""
    return suggested_file_name(meeting_label(get_meeting(session, meeting_id)))


def take_meeting_offline(
    database: Database, meeting_id: int, path: Path, *, clock: Clock
) -> TakenOffline:
    """Copy the meeting into the new file `path` (or a file named after the meeting in
    the folder `path`) and record on the server that it is out."""
    if path.is_dir():
        with database.session() as session:
            path = path / suggested_file_for(session, meeting_id)
    _check_new_file(database, path)
    partial = path.with_name(path.name + ".partial")
    renamed = False
    try:
        with database.transaction() as session:
            if not database.is_sqlite:
                # One snapshot for every table read, so the copy is consistent even while
                # others save (SQLite's write transaction already gives that).
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            meeting = get_meeting(session, meeting_id)
            label = meeting_label(meeting)
            if meeting.is_locked:
                raise RecordLocked(
                    f"The minutes of {label} are approved and locked (changes are made as "
                    "amendments), so the meeting cannot be taken offline for editing."
                )
            out = outstanding_copy(session, meeting_id)
            if out is not None:
                raise UserError(
                    f"{label} is already offline: taken by {out.taken_by} at "
                    f"{out.taken_at:%H:%M} on {uk_date(out.taken_at.date())}. Bring that copy "
                    "back first (if it is lost: csp-desktop offline abandon MEETING)."
                )
            rows = meeting_rows(session.connection(), meeting_id)
            copy_id = uuid.uuid4().hex
            record_copy(session, meeting_id, copy_id, rows, clock)
            leases = hold_item_leases(session, meeting_id, clock.user(), copy_id, clock)
            facts = CopyFacts(
                copy_id=copy_id,
                server_archive_id=ensure_archive_id(session),
                server=database.describe(),
                meeting_id=meeting_id,
                meeting_label=label,
                taken_by=clock.user(),
                taken_at=clock.now(),
            )
            _write_offline_file(partial, facts, rows)
            partial.replace(path)
            renamed = True
    except BaseException:
        # The server's record is rolled back, so no file may claim to be its copy.
        _remove(partial)
        if renamed:
            _remove(path)
        raise
    return TakenOffline(
        path=path,
        meeting=label,
        copy_id=copy_id,
        rows=sum(len(found) for found in rows.values()),
        leases=leases,
    )


def _check_new_file(database: Database, path: Path) -> None:
    if database.path is not None and path.resolve() == database.path.resolve():
        raise UserError("The offline copy must be a new file, not the archive itself.")
    if path.exists():
        raise UserError(f"{path} already exists; give a new file name for the offline copy.")
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist.")


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def _write_offline_file(path: Path, facts: CopyFacts, rows: Rows) -> None:
    _remove(path)
    offline = open_database(path)
    try:
        with offline.engine.begin() as connection:
            write_rows(connection, rows)
            write_file_facts(connection, facts, rows)
    finally:
        offline.close()


@dataclass(frozen=True)
class _OfflineFile:
    facts: CopyFacts
    base: Base
    mine: Rows


def _read_offline_file(database: Database, path: Path) -> _OfflineFile:
    if database.path is not None and path.resolve() == database.path.resolve():
        raise UserError("That is the archive itself; name the offline copy's file.")
    if not path.is_file():
        raise UserError(f"{path} does not exist or is not a file.")
    try:
        offline = open_database(path, create=False)
    except DatabaseRefused as exc:
        raise UserError(f"{path} cannot be brought back: {exc}") from None
    try:
        with offline.engine.connect() as connection:
            found = read_file_facts(connection)
            if found is None:
                raise UserError(
                    f"{path} is not an offline copy of a meeting (it has no record of being "
                    "taken offline); nothing was changed."
                )
            facts, base, returned = found
            if returned:
                raise UserError(
                    f"{path} was already brought back ({returned}); bringing it back twice "
                    "would apply its changes twice, so nothing was changed."
                )
            mine = {table.name: read_all(connection, table) for table in copied_tables()}
    finally:
        offline.close()
    return _OfflineFile(facts=facts, base=base, mine=mine)


def _check_belongs(session_archive_id: str | None, facts: CopyFacts, path: Path) -> None:
    if session_archive_id != facts.server_archive_id:
        raise UserError(
            f"{path} was taken offline from another archive ({facts.server}), not this one; "
            "it can only be brought back there. Nothing was changed."
        )


def preview_bring_back(database: Database, path: Path) -> BringBackPreview:
    """The conflicts bringing `path` back would raise now (nothing is written)."""
    offline = _read_offline_file(database, path)
    with database.session() as session:
        try:
            label = _checked_meeting(session, offline, path)
            plan = plan_merge(session.connection(), offline.base, offline.mine)
        finally:
            session.rollback()
    facts = offline.facts
    return BringBackPreview(
        meeting=label,
        taken_by=facts.taken_by,
        taken_at=f"{facts.taken_at:%H:%M} on {uk_date(facts.taken_at.date())}",
        conflicts=tuple(plan.conflicts),
    )


def _checked_meeting(session: Session, offline: _OfflineFile, path: Path) -> str:
    facts = offline.facts
    _check_belongs(archive_id(session), facts, path)
    record = find_copy(session, facts.copy_id)
    if record is None:
        raise UserError(
            f"{path} is not a copy this archive gave out (no record of copy {facts.copy_id[:8]}); "
            "nothing was changed."
        )
    if record.returned_at is not None:
        raise UserError(
            f"{path} was already brought back by {record.returned_by} at "
            f"{record.returned_at:%H:%M} on {uk_date(record.returned_at.date())}; bringing it "
            "back twice would apply its changes twice, so nothing was changed."
        )
    if not base_matches_record(record, offline.base):
        raise UserError(
            f"{path} does not match the record of the copy taken by {record.taken_by}; "
            "it may have been altered. Nothing was changed."
        )
    try:
        meeting = get_meeting(session, facts.meeting_id)
    except UserError:
        raise UserError(
            f"{facts.meeting_label} has been deleted from the server since it was taken offline; "
            f"nothing was changed and {path} is kept as it is."
        ) from None
    label = meeting_label(meeting)
    if meeting.is_locked:
        raise RecordLocked(
            f"The minutes of {label} were approved on the server after the copy was taken, so "
            f"its offline changes cannot be applied; record them as amendments. {path} is "
            "kept as it is."
        )
    return label


def bring_back(
    database: Database,
    path: Path,
    *,
    clock: Clock,
    choices: Mapping[str, Choice] | None = None,
    prefer: Choice | None = None,
) -> BroughtBack:
    """Merge the offline file `path` into the database; every conflict needs a choice
    (in `choices`, by `Conflict.ident`) or `prefer` for all, else ConflictsToResolve.

    Refused (LockHeld) while the file is open for editing in a window: what is typed
    there after the merge would never come back.
    """
    if database.path is not None and path.resolve() == database.path.resolve():
        raise UserError("That is the archive itself; name the offline copy's file.")
    lock = WriterLock(path, clock=clock)
    lock.read_only_helps = False
    if path.is_file():
        lock.acquire()
    try:
        return _bring_back(database, path, clock=clock, choices=choices, prefer=prefer)
    finally:
        lock.release()


def _bring_back(
    database: Database,
    path: Path,
    *,
    clock: Clock,
    choices: Mapping[str, Choice] | None,
    prefer: Choice | None,
) -> BroughtBack:
    offline = _read_offline_file(database, path)
    with database.transaction() as session:
        label = _checked_meeting(session, offline, path)
        connection = session.connection()
        plan = plan_merge(connection, offline.base, offline.mine)
        chosen: dict[str, Choice] = dict(choices or {})
        unresolved = [c for c in plan.conflicts if c.ident not in chosen]
        if unresolved:
            if prefer is None:
                raise ConflictsToResolve(label, unresolved)
            chosen.update((conflict.ident, prefer) for conflict in unresolved)
        record = find_copy(session, offline.facts.copy_id)
        assert record is not None
        outcome = apply_merge(
            connection,
            plan,
            chosen,
            user=clock.user(),
            now=clock.now(),
            offline_user=record.taken_by,
        )
        mark_returned(session, record, clock)
        leases = release_item_leases(session, offline.facts.copy_id)
    _mark_file(path, clock, database.describe())
    return BroughtBack(
        meeting=label,
        outcome=outcome,
        kept_on_server=tuple(plan.kept_on_server),
        leases_released=leases,
    )


def _mark_file(path: Path, clock: Clock, server: str) -> None:
    """The file says it has come back, so it is not brought back twice even elsewhere."""
    offline = open_database(path, create=False)
    try:
        with offline.engine.begin() as connection:
            mark_file_returned(connection, clock.now(), server)
    finally:
        offline.close()


@dataclass(frozen=True)
class Abandoned:
    meeting: str
    taken_by: str
    leases_released: int


def abandon_copy(database: Database, meeting_id: int, *, clock: Clock) -> Abandoned:
    """Give up the meeting's outstanding offline copy (the laptop was lost): the server
    marks it returned, with nothing merged, and frees its items. The file, if it turns up,
    is refused as already brought back; its words can still be read by opening it."""
    with database.transaction() as session:
        label = meeting_label(get_meeting(session, meeting_id))
        record = outstanding_copy(session, meeting_id)
        if record is None:
            raise UserError(f"{label} is not offline; there is no copy to abandon.")
        mark_returned(session, record, clock)
        record.returned_by = f"{clock.user()} (abandoned, nothing merged)"[:120]
        session.flush()
        leases = release_item_leases(session, record.copy_id)
        return Abandoned(meeting=label, taken_by=record.taken_by, leases_released=leases)
