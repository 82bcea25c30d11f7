"""Opening the database safely from the GUI: the lock prompt, the restore offer, backups.

How `ui/launch.py: run_gui` uses this module (H6 -> H3):

    read_only = ask_for_writer_lock(context)            # None = the user cancelled
    database = open_with_restore_offer(context, read_only=read_only)   # None = cancelled
    window = ...MainWindow(UiContext(database, ...))
    install_backup_support(window, context, ui_context)  # File > Restore from backup…,
                                                          # backups on open/every few
                                                          # minutes/on close, lock refresh

Everything here is a thin dialog over `usecases/open_database.py` (locks, damaged or newer
files, routine backups) and `usecases/backup_restore.py`; the rules live below them and
are tested without Qt.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox, QWidget

from csp_desktop.app import AppContext
from csp_desktop.errors import DatabaseRefused
from csp_desktop.ui.restore_dialog import choose_and_restore, meetings_text
from csp_desktop.usecases.open_database import (
    REFRESH_EVERY,
    DamagedFile,
    Database,
    LockHeld,
    LockOutcome,
    describe_time,
    open_for_window,
    release_connections,
    restore_offer,
    routine_backups,
    take_over_writer_lock,
    take_writer_lock,
)

if TYPE_CHECKING:
    from csp_desktop.usecases.open_database import BackupScheduler

log = logging.getLogger(__name__)

# How often the GUI asks the scheduler whether a periodic backup is due.
BACKUP_TICK_MS = 30_000


def lock_message(exc: LockHeld) -> str:
    """'csp.db is being edited by jane.smith on LAPTOP-42 since …' in full sentences."""
    holder = exc.holder
    who = holder.describe() if holder else "another CSP Desktop window"
    seen = (
        f" It was last active on {describe_time(exc.refreshed_at)}."
        if exc.refreshed_at is not None
        else ""
    )
    return (
        f"{exc.database.name} is open for editing by {who}.{seen}\n\n"
        "Only one person can change the file at a time. You can open it read-only to "
        "look at meetings and export papers, or cancel and try again when they have "
        "closed it. If you know they are gone (their computer crashed or was switched "
        "off), take over: their window can no longer save."
    )


# What the lock prompt may answer besides True (read-only) and False (cancel).
TAKE_OVER = "take-over"


def ask_open_read_only(exc: LockHeld, parent: QWidget | None = None) -> bool | str:
    """The 'held by X on HOST since T, last active T2: open read-only / take over / cancel'
    prompt. True = read-only, TAKE_OVER = take the lock, False = cancel."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Database in use")
    box.setText(lock_message(exc))
    read_only = box.addButton("Open &read-only", QMessageBox.ButtonRole.AcceptRole)
    take_over = box.addButton("&Take over", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    if box.clickedButton() is take_over:
        return TAKE_OVER
    return box.clickedButton() is read_only


def ask_for_writer_lock(
    context: AppContext,
    parent: QWidget | None = None,
    *,
    ask: Callable[[LockHeld, QWidget | None], bool | str] = ask_open_read_only,
) -> bool | None:
    """Take the writer lock; if another instance holds it, offer read-only or take over.

    Returns False (writable), True (read-only), or None (the user cancelled).
    """
    try:
        outcome = take_writer_lock(context)
    except LockHeld as exc:
        answer = ask(exc, parent)
        if answer == TAKE_OVER:
            take_over_writer_lock(context)
            return False
        return True if answer else None
    return outcome is LockOutcome.READ_ONLY


def offer_restore(
    context: AppContext, error: DatabaseRefused, parent: QWidget | None = None
) -> bool:
    """'Cannot open this file: <reason>. Restore from a backup?' True if a backup was restored.

    Offered only for a damaged/empty/unreadable file with at least one usable backup; a
    file from a newer version is never "fixed" by restoring an old copy.
    """
    offer = restore_offer(context, error)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Cannot open this file")
    reason = str(error).split(" A backup from ")[0]  # the CLI hint is for the command line
    if offer is None:
        box.setText(f"Cannot open this file.\n\n{reason}")
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        return False
    newest = offer.newest
    box.setText(
        f"Cannot open this file.\n\n{reason}\n\nThe newest good backup is from "
        f"{newest.created:%A} {newest.created.day} {newest.created:%B %Y at %H:%M} "
        f"({meetings_text(newest.meeting_count)}). Restore from a backup? The damaged file is "
        "kept in the backups folder first."
    )
    choose = box.addButton("&Restore from a backup…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(choose)
    box.exec()
    if box.clickedButton() is not choose:
        return False
    return choose_and_restore(
        context, offer.database, parent, before_replace=context.close_database
    )


def open_with_restore_offer(
    context: AppContext, *, read_only: bool, parent: QWidget | None = None
) -> Database | None:
    """Open the chosen database; if it is damaged, offer a restore and try again.

    Returns None when the user cancels (after seeing why). Raises DatabaseRefused for
    anything a restore cannot fix (the caller shows it once and exits).
    """
    while True:
        try:
            return open_for_window(context, read_only=read_only)
        except DamagedFile as exc:
            if not offer_restore(context, exc, parent):
                return None  # the user has seen why; nothing was changed
        # Anything else (newer version, read-only file, missing folder): no restore helps;
        # it propagates for the caller to show once.


class BackupSupport(QObject):
    """Routine backups and lock refresh for a running window; File > Restore from backup….

    Copies are taken in one worker thread: copying a ten-year archive takes about 0.1 s
    here and far longer on a laptop's slow disk, which the note taker must never feel
    (SQLite's backup API lets the GUI thread run while it copies). One copy at a time;
    closing and restoring wait for a copy under way.
    """

    # From the worker, when a copy is finished (queued to the GUI thread).
    backup_done = Signal()

    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        ui_context: Any,
        *,
        tick_ms: int = BACKUP_TICK_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.ui_context = ui_context
        self.scheduler: BackupScheduler | None = routine_backups(
            context, read_only=bool(ui_context.read_only)
        )
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="backup")
        self._running: Future[Path | None] | None = None
        self._reported: Future[Path | None] | None = None
        self.backup_done.connect(self._finished)
        if self.scheduler is not None:
            ui_context.saved.connect(self.scheduler.mark_changed)
            self._start(self.scheduler.backup_on_open)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(tick_ms)
        self.backup_timer.timeout.connect(self.tick)
        self.backup_timer.start()
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(int(REFRESH_EVERY.total_seconds() * 1000))
        self.lock_timer.timeout.connect(self.refresh_lock)
        self.lock_timer.start()
        self.restore_action = QAction("Restore from &backup…", window)
        self.restore_action.setObjectName("restore_from_backup")
        self.restore_action.setStatusTip("Replace this file with one of its backups")
        self.restore_action.setEnabled(
            context.database_file() is not None and not ui_context.read_only
        )
        self.restore_action.triggered.connect(self.restore)
        menu = _file_menu(window)
        if menu is not None:
            # Just above the last entry (Quit), in its own group.
            actions = menu.actions()
            if actions:
                menu.insertAction(actions[-1], self.restore_action)
                menu.insertSeparator(actions[-1])
            else:
                menu.addAction(self.restore_action)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.on_close)

    def _start(self, take: Callable[[], Path | None]) -> None:
        """Run one scheduler step in the worker, unless a copy is already under way."""
        if self._running is not None and not self._running.done():
            return
        self._running = self._worker.submit(take)
        self._running.add_done_callback(self._announce)

    def _announce(self, _future: Future[Path | None]) -> None:
        with contextlib.suppress(RuntimeError):  # the window is gone: nothing to tell
            self.backup_done.emit()

    def _finished(self) -> None:
        future = self._running
        if future is not None and future.done() and future is not self._reported:
            self._reported = future
            self._report(future.result())

    def wait(self) -> None:
        """Block until a copy under way has finished (closing, restoring, tests)."""
        if self._running is not None:
            self._running.result()
            self._finished()

    def _report(self, written: Path | None) -> None:
        if self.scheduler is not None and self.scheduler.last_error:
            self.window.statusBar().showMessage(f"Backup failed: {self.scheduler.last_error}")
        elif written is not None:
            log.info("routine backup written")

    def tick(self) -> None:
        if self.scheduler is not None:
            self._start(self.scheduler.tick)

    def refresh_lock(self) -> None:
        lock = self.context.writer_lock
        if lock is not None and not lock.refresh():
            self.window.statusBar().showMessage(
                "Warning: another CSP Desktop window has taken over this file."
            )

    def on_close(self) -> None:
        """The last copy, taken before the app exits (waiting is fine now)."""
        self.backup_timer.stop()
        self.wait()
        if self.scheduler is not None:
            self.scheduler.backup_on_close()
        self._worker.shutdown(wait=True)

    def restore(self) -> None:
        """File > Restore from backup…: save everything, swap the file, reload."""
        path = self.context.database_file()
        if path is None:
            return
        self.wait()  # a routine copy must not read the file while it is swapped
        flush = getattr(self.window, "flush_all", None)
        if callable(flush) and not flush():
            QMessageBox.warning(
                self.window,
                "Restore from backup",
                "Some minutes could not be saved, so nothing was restored.",
            )
            return
        database: Database = self.ui_context.database

        if not choose_and_restore(
            self.context, path, self.window, before_replace=lambda: release_connections(database)
        ):
            return
        release_connections(database)
        if self.scheduler is not None:
            self.scheduler.mark_changed()
        for name in ("refresh_meetings", "open_initial_meeting"):
            method = getattr(self.window, name, None)
            if callable(method):
                method()
        self.window.statusBar().showMessage("Restored from the backup.")


def _file_menu(window: QMainWindow) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == "File":
            return menu
    return None


def install_backup_support(
    window: QMainWindow, context: AppContext, ui_context: Any
) -> BackupSupport:
    """Back up on open, every few minutes while changed and on close; refresh the lock;
    add File > Restore from backup…. Keep the returned object (it is parented to the window).
    """
    return BackupSupport(window, context, ui_context)
