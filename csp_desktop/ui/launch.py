"""The only way from the command line into Qt: open the window, smoke-test it, or
screenshot its tabs. `cli.py` imports this module only for those commands."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
import traceback
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any

from csp_desktop import APP_NAME
from csp_desktop.app import AppContext
from csp_desktop.errors import UserError
from csp_desktop.ui.startup_frame import (
    application as _application,
)
from csp_desktop.ui.startup_frame import (
    close_startup_frame,
    say_opening,
    show_startup_frame,
    use_app_icon,
)

log = logging.getLogger(__name__)

SMOKE_TIMEOUT_MS = 30_000
SCREENSHOT_TABS = (
    ("agenda", "agenda.png"),
    ("attendance", "attendance.png"),
    ("actions", "actions.png"),
    ("subgroup-reports", "subgroup-reports.png"),
    ("forward-plan", "forward-plan.png"),
    ("plan", "plan.png"),
    ("dashboard", "dashboard.png"),
)


def _keep_qt_settings_in(folder: Path) -> None:
    """Send Qt's own settings (QFileDialog's last folder, "QtProject.conf") into `folder`.

    Without this, the first file dialog on Linux writes ~/.config/QtProject.conf: a file
    outside the data folder, which a portable copy on a USB stick must never leave behind.
    Only QSettings objects made after this call are affected, so it runs before any dialog.
    """
    from PySide6.QtCore import QSettings

    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))


def _take_lock_for_smoke_test(context: AppContext) -> bool:
    """Take the one-writer lock without asking anyone; True to open read-only.

    The smoke test only looks, so a lock held by someone else is no failure.
    """
    if context.choice.read_only:
        return True
    from csp_desktop.usecases.open_database import LockHeld

    try:
        context.acquire_writer_lock()
    except LockHeld as exc:
        print(f"{APP_NAME}: {exc} Opening read-only.", file=sys.stderr)
        return True
    return False


def _build_window(
    context: AppContext,
    *,
    read_only: bool,
    settings_file: Path | None = None,
    look_only: bool = False,
) -> Any:
    """The main window on the chosen database.

    `look_only` (screenshots) opens the file read-only but draws the window as a note
    taker sees it, with every command enabled.
    """
    from csp_desktop.ui.runtime import drop_source_line_cache

    drop_source_line_cache()  # SQLAlchemy's, read when the storage was imported
    from csp_desktop.ui.context import UiContext
    from csp_desktop.ui.main_window import MainWindow
    from csp_desktop.ui.settings import UiSettings

    database = context.database(read_only=read_only or look_only)
    drop_source_line_cache()  # and the window's (ui/runtime.py says why)
    ui_context = UiContext(database, context.clock, context.paths, read_only=read_only)
    settings = UiSettings(settings_file or context.paths.settings_file)
    window = MainWindow(ui_context, settings)
    # Keep the context alive as long as the window.
    window.setProperty("_ui_context_owner", True)
    window._ui_context = ui_context  # type: ignore[attr-defined]
    return window


def _install_excepthook(window_getter: Any, failures: list[str] | None) -> None:
    """Unexpected errors in Qt callbacks: log them, tell the user, keep running."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("Unexpected error", exc_info=(exc_type, exc, tb))
        if failures is not None:
            failures.append("".join(traceback.format_exception(exc_type, exc, tb)))
            return
        from csp_desktop.ui.error_dialog import show_error

        try:
            window = window_getter()
            notice = getattr(window, "show_notice", None)
            if notice is not None:  # over the minutes: a dialog would take the next key
                from csp_desktop.ui.error_dialog import error_text

                notice(error_text(exc))
                return
            show_error(window, exc, "Something went wrong")
        except Exception:  # never let the hook itself crash the app
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook


def run_gui(args: argparse.Namespace, context: AppContext) -> int:
    """Open the main window (or, with --smoke-test, open, load, paint and exit)."""
    smoke = bool(getattr(args, "smoke_test", False))
    started = time.perf_counter()
    # Usually on screen already: `cli.main` shows the frame before it reads anything else.
    show_startup_frame(headless=smoke)
    say_opening(context.target)
    _keep_qt_settings_in(context.paths.data_dir / "qt")
    app = _application()
    use_app_icon()
    failures: list[str] | None = [] if smoke else None
    holder: dict[str, Any] = {}
    _install_excepthook(lambda: holder.get("window"), failures)
    if smoke:
        # No one is there to answer questions: a held lock means read-only, a bad file
        # fails with its one-line message (raised to the CLI).
        try:
            read_only = _take_lock_for_smoke_test(context)
            window = _build_window(context, read_only=read_only)
        finally:
            close_startup_frame()
        return _smoke(app, window, started, failures or [])
    try:
        window = _open_interactively(context)
    except UserError as exc:
        from PySide6.QtWidgets import QMessageBox

        close_startup_frame()
        QMessageBox.critical(None, APP_NAME, str(exc))
        raise  # the CLI also prints it, for whoever started us from a console
    if window is None:
        close_startup_frame()
        return 1  # the user cancelled at the lock or restore question
    holder["window"] = window
    window.show()
    close_startup_frame()
    window.open_initial_meeting()
    if context.network_warning:  # a notice, never a dialog: the file is open and usable
        window.statusBar().showMessage(context.network_warning, 60_000)
    return int(app.exec())


def _open_interactively(context: AppContext) -> Any:
    """The lock prompt and the restore offer (ui/startup_dialogs.py), then the window."""
    from csp_desktop.ui import startup_dialogs

    read_only = startup_dialogs.ask_for_writer_lock(context)
    if read_only is None:
        return None
    if startup_dialogs.open_with_restore_offer(context, read_only=read_only) is None:
        return None
    window = _build_window(context, read_only=read_only)
    # Backups on open, every few minutes and on close; lock refresh; File > Restore from
    # backup…: in the first idle moment after the first meeting is painted, so that the
    # copy on open (a worker thread, a ten-year archive) never delays that paint.
    window.warm_up.run_first(partial(_install_backup_support, window, context))
    return window


def _install_backup_support(window: Any, context: AppContext) -> None:
    from csp_desktop.ui import startup_dialogs

    window._backup_support = startup_dialogs.install_backup_support(
        window, context, window._ui_context
    )


def _smoke(app: Any, window: Any, started: float, failures: list[str]) -> int:
    """Show the window, load the most recent meeting, wait for a real paint, then exit."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from csp_desktop.services import meetings

    class PaintWatcher(QObject):
        """Notes when the agenda table has really been painted on screen."""

        painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                PaintWatcher.painted = True
                QTimer.singleShot(0, check)
            return False

    outcome: dict[str, Any] = {}
    ui_context = window._ui_context
    expected = ui_context.read(meetings.latest_meeting_id, ui_context.clock.today())
    watcher = PaintWatcher(window)
    window.agenda_tab.table.viewport().installEventFilter(watcher)

    def check() -> None:
        if outcome or not PaintWatcher.painted:
            return
        try:
            if window.meeting_id != expected:
                outcome["error"] = "the most recent meeting was not loaded"
            elif expected is not None and window.agenda_tab.model.rowCount() == 0:
                outcome["error"] = "the meeting's agenda did not load"
            elif window.grab().isNull():
                outcome["error"] = "the window could not be drawn"
            else:
                outcome["ok"] = window.meeting_title or "no meetings yet"
        except Exception as exc:  # report, never hang
            outcome["error"] = f"{type(exc).__name__}: {exc}"
        app.quit()

    def give_up() -> None:
        outcome.setdefault("error", "timed out waiting for the window to paint")
        app.quit()

    window.resize(1366, 768)
    window.show()
    window.open_initial_meeting(expected)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, give_up)
    if not outcome:
        app.exec()
    window.flush_all()
    window.close()
    elapsed_ms = (time.perf_counter() - started) * 1000
    if failures:
        print(f"{APP_NAME}: smoke test failed: unexpected error\n{failures[0]}", file=sys.stderr)
        return 1
    if "error" in outcome:
        print(f"{APP_NAME}: smoke test failed: {outcome['error']}", file=sys.stderr)
        return 1
    print(f"Smoke test passed: {outcome['ok']} shown and painted in {elapsed_ms:.0f} ms")
    return 0


def _parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise UserError(f"Window size “{text}” is not like 1366x768.") from None
    if width < 640 or height < 480:
        raise UserError("The window size must be at least 640x480.")
    return width, height


def run_screenshot(args: argparse.Namespace, context: AppContext) -> int:
    """Write one PNG per tab of a meeting (default: the demo's richest), offscreen."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    width, height = _parse_size(getattr(args, "size", "1366x768") or "1366x768")
    output = Path(args.output).expanduser()
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Cannot create the folder {output}: {exc.strerror}.") from None

    from csp_desktop.usecases.open_database import meeting_to_show

    meeting_id, item_id = meeting_to_show(
        context.database(read_only=True),
        getattr(args, "meeting", None),
        getattr(args, "body", None),
    )

    _keep_qt_settings_in(context.paths.data_dir / "qt")
    app = _application()
    use_app_icon()
    _install_excepthook(lambda: None, None)
    # Screenshots use their own settings so they never move the user's window.
    with tempfile.TemporaryDirectory() as scratch:
        window = _build_window(
            context,
            read_only=False,
            look_only=True,
            settings_file=Path(scratch) / "settings.ini",
        )
        window.resize(width, height)
        window.show()
        window.open_initial_meeting(meeting_id)
        if item_id is not None:
            window.agenda_tab.select_item(item_id)
        written = []
        for name, file_name in SCREENSHOT_TABS:
            tab = window.tabs.get(name)
            if tab is None:
                continue
            window.tab_widget.setCurrentWidget(tab)
            app.processEvents()
            window.resize(width, height)
            app.processEvents()
            path = output / file_name
            if not window.grab().save(str(path)):
                raise UserError(f"Could not write {path}.")
            written.append(path)
        window.close()
    for path in written:
        print(path)
    return 0
