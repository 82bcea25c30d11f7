"""What every widget gets instead of a database: run a service in a read or a write.

Widgets never hold a session. They call `context.read(service_fn, ...)` or
`context.write(service_fn, ...)`; a write commits at once and reports the save state
so the status bar can say "Saving…" / "All changes saved".

Writes that must not hold up typing (the minutes editor's autosave) go to
`write_in_background`: one worker thread runs them in order and reports back on the GUI
thread (`ui/background_writer.py`). A write on the GUI thread first waits for that worker,
so the two never race for SQLite's one write lock and always land in the order made.

With a server, the background writes never wait on the network: while it cannot be
reached they queue (in memory and in the local journal `pending-saves.jsonl` beside the
settings) and go through in order when it answers again; a write on the GUI thread is
refused meanwhile in one plain sentence rather than overtaking them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import UserError
from csp_desktop.paths import AppPaths
from csp_desktop.storage.database import Database
from csp_desktop.storage.unreachable import server_unreachable
from csp_desktop.ui.background_writer import BackgroundWriter
from csp_desktop.ui.error_dialog import error_text

if TYPE_CHECKING:  # the journal is for a team database: read when one is opened
    from csp_desktop.ui.save_journal import Replay

T = TypeVar("T")

OFFLINE_WRITE_REFUSED = (
    "The database server cannot be reached, so this change was not made: your typed "
    "minutes are kept and saved when it is back; try this again then."
)


class UiContext(QObject):
    """Services access for the GUI, plus the save-state signals."""

    saving = Signal()
    saved = Signal()
    save_failed = Signal(str)
    # Emitted after any write, with the kind of data touched ("agenda", "actions", ...)
    # so other tabs can refresh what they show.
    data_changed = Signal(str)

    def __init__(
        self,
        database: Database,
        clock: Clock,
        paths: AppPaths,
        *,
        read_only: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.clock = clock
        self.paths = paths
        self.read_only = read_only
        # The local journal of saves not yet on the server (a SQLite file needs none).
        journal = None
        if not database.is_sqlite and not read_only:
            from csp_desktop.ui.save_journal import JOURNAL_NAME, SaveJournal

            journal = SaveJournal(paths.data_dir / JOURNAL_NAME, database.describe())
        self.background = BackgroundWriter(database, self, journal=journal)
        self.background.replay_journal(
            on_done=lambda _result: self.saved.emit(),
            on_failed=lambda exc: self.save_failed.emit(error_text(exc)),
        )

    def checked_output(self, output: str | Path, suffix: str) -> Path:
        """The file a paper may be written to: never the database, its side files or
        its backups (storage/output_guard.py); raises UserError in plain words."""
        from csp_desktop.storage.output_guard import ProtectedFiles, guard_output

        protected = ProtectedFiles(database=self.database.path, backups_dir=self.paths.backups_dir)
        return guard_output(Path(output), suffix=suffix, protected=protected)

    def read(self, service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.database.session() as session:
            return service(session, *args, **kwargs)

    def write(self, service: Callable[..., T], *args: Any, topic: str = "", **kwargs: Any) -> T:
        """Run a service in its own transaction; commit at once.

        Raises UserError (after emitting `save_failed`) so the caller can show it
        and keep the user's text; nothing is lost on the widget side.
        """
        if self.read_only:
            raise UserError("This database is open read-only; changes cannot be saved.")
        self.wait_for_background()
        if self.background.offline:  # it would overtake the saves waiting for the server
            self.save_failed.emit(OFFLINE_WRITE_REFUSED)
            raise UserError(OFFLINE_WRITE_REFUSED)
        self.saving.emit()
        try:
            with self.database.transaction() as session:
                result = service(session, *args, **kwargs)
        except UserError as exc:
            self.save_failed.emit(str(exc))
            raise
        except Exception as exc:
            if self.database.is_sqlite or not server_unreachable(exc):
                raise
            self.save_failed.emit(OFFLINE_WRITE_REFUSED)
            raise UserError(OFFLINE_WRITE_REFUSED) from exc
        self.saved.emit()
        if topic:
            self.data_changed.emit(topic)
        return result

    def write_in_background(
        self,
        key: str,
        service: Callable[..., T],
        *args: Any,
        topic: str = "",
        on_done: Callable[[T], None] | None = None,
        on_failed: Callable[[Exception], None] | None = None,
        change: bool = True,
        **kwargs: Any,
    ) -> None:
        """Run a service in its own transaction on the background writer; return at once.

        `change=False` for bookkeeping that is not the user's work (edit leases): it is
        not counted among the changes waiting and does not move the save state.

        A queued write with the same `key` is replaced by this one (say, the same item's
        text saved again). On the GUI thread, once it is committed: `saved`, then
        `data_changed(topic)`, then `on_done(result)`; if it failed: `save_failed`, then
        `on_failed(exc)` (the caller keeps the user's text and says so).
        """

        def work(database: Database) -> T:
            with database.transaction() as session:
                return service(session, *args, **kwargs)

        self.run_in_background(
            key, work, topic=topic, on_done=on_done, on_failed=on_failed, change=change
        )

    def run_in_background(
        self,
        key: str,
        work: Callable[[Database], T],
        *,
        topic: str = "",
        on_done: Callable[[T], None] | None = None,
        on_failed: Callable[[Exception], None] | None = None,
        replay: Replay | None = None,
        change: bool = True,
    ) -> None:
        """`write_in_background` for work that opens its own transactions (`work(database)`).

        With a `replay` the save is kept in the local journal until it lands (a server).
        """
        if self.read_only:
            raise UserError("This database is open read-only; changes cannot be saved.")

        def done(result: T) -> None:
            if change:
                self.saved.emit()
            if topic:
                self.data_changed.emit(topic)
            if on_done is not None:
                on_done(result)

        def failed(exc: Exception) -> None:
            if change:
                self.save_failed.emit(error_text(exc))
            if on_failed is not None:
                on_failed(exc)

        if change:
            self.saving.emit()
        self.background.submit(
            key, work, on_done=done, on_failed=failed, replay=replay, change=change
        )

    def server_unreachable(self, exc: BaseException) -> bool:
        """True if `exc` says the team database's server could not be reached (never for
        a SQLite file): the work can wait for it rather than fail."""
        return not self.database.is_sqlite and server_unreachable(exc)

    def wait_for_background(self) -> None:
        """Block until the background writes have landed and their results are delivered."""
        self.background.wait()

    def session(self) -> Session:
        """For services that need several calls in one transaction."""
        return self.database.session()
