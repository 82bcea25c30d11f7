"""What every widget gets instead of a database: run a service in a read or a write.

Widgets never hold a session. They call `context.read(service_fn, ...)` or
`context.write(service_fn, ...)`; a write commits at once and reports the save state
so the status bar can say "Saving…" / "All changes saved".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from csp_desktop.clock import Clock
from csp_desktop.errors import UserError
from csp_desktop.paths import AppPaths
from csp_desktop.storage.database import Database

T = TypeVar("T")


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
        self.saving.emit()
        try:
            with self.database.transaction() as session:
                result = service(session, *args, **kwargs)
        except UserError as exc:
            self.save_failed.emit(str(exc))
            raise
        self.saved.emit()
        if topic:
            self.data_changed.emit(topic)
        return result

    def session(self) -> Session:
        """For services that need several calls in one transaction."""
        return self.database.session()
