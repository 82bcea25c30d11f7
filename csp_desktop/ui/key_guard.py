"""No dialog takes a key typed before it appeared.

A note taker typing at speed cannot stop the instant a dialog pops up: the next letters
would answer it ("Y" of "Yvonne" pressing Yes). This guard swallows key presses sent to
any dialog (every QMessageBox, QInputDialog and QDialog the app shows, static helpers
included) during its first half second with the keyboard.

A key reaches a dialog only once the dialog has the focus, so the guard starts there:
the application's focus signals tell it when a dialog takes the keyboard, and only then,
for that half second, does it filter the application's events. A permanent application
event filter called Python for every event of every widget (~18 per keystroke in the
minutes, hundreds per tab switch): a fifth of the work of each keystroke.

When a dialog closes, the window it came from is made active again: without a window
manager that does it (a bare X display, some remote desktops), the window's shortcuts
(F8, Ctrl+S...) stayed dead after an export, though typing still reached the minutes.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QDialog, QWidget

# Long enough to cover the keys already on their way, short enough not to be noticed.
GUARD_SECONDS = 0.5

_KEY_EVENTS = (
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.Shortcut,
)


class DialogKeyGuard(QObject):
    """Keys to a dialog that took the keyboard under `GUARD_SECONDS` ago are dropped."""

    def __init__(self, parent: QObject | None = None, *, seconds: float | None = None) -> None:
        super().__init__(parent)
        self.seconds = seconds  # None: the module's GUARD_SECONDS (tests may lower it)
        # Held strongly until the dialog hides or goes: a dialog Qt makes itself (a static
        # QFileDialog or QMessageBox) has a Python wrapper nobody else holds, and a weak
        # key died with it at once (no guard, and the keyboard never given back).
        self._shown_at: dict[QDialog, float] = {}
        self._filtering = False
        self.swallowed = 0  # keys dropped so far (for tests and the log)

    @property
    def filtering(self) -> bool:
        """True while the guard filters the application's events (a dialog is young)."""
        return self._filtering

    def _guard_seconds(self) -> float:
        return GUARD_SECONDS if self.seconds is None else self.seconds

    def watch_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """`QApplication.focusChanged`: a dialog taking the keyboard starts its guard."""
        if new is not None:
            self._dialog_took_keyboard(_dialog_of(new))

    def watch_focus_window(self, window: QWindow | None) -> None:
        """`QGuiApplication.focusWindowChanged`: the same, for a dialog with no focus widget."""
        if window is None:
            return
        widget = QApplication.activeWindow()
        if isinstance(widget, QDialog):
            self._dialog_took_keyboard(widget)

    def _dialog_took_keyboard(self, dialog: QDialog | None) -> None:
        if dialog is None or dialog in self._shown_at:
            return
        self._shown_at[dialog] = time.monotonic()
        dialog.installEventFilter(self)  # its Hide: give the keyboard back, forget it
        dialog.destroyed.connect(lambda *_args, gone=dialog: self._shown_at.pop(gone, None))
        seconds = self._guard_seconds()
        if seconds <= 0:
            return
        app = QApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        QTimer.singleShot(int(seconds * 1000) + 10, self, self._stop_when_no_young_dialog)

    def _stop_when_no_young_dialog(self) -> None:
        now, seconds = time.monotonic(), self._guard_seconds()
        young = [at for at in self._shown_at.values() if now - at < seconds]
        if young:  # another dialog took the keyboard since: wait for the end of its guard
            QTimer.singleShot(
                int((seconds - (now - max(young))) * 1000) + 10,
                self,
                self._stop_when_no_young_dialog,
            )
            return
        app = QApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
        self._filtering = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Hide and isinstance(watched, QDialog) and watched in self._shown_at:
            del self._shown_at[watched]  # shown again later: guarded again
            watched.removeEventFilter(self)
            _reactivate_owner(watched)
            return False
        if kind in _KEY_EVENTS and isinstance(watched, QWidget):
            dialog = _dialog_of(watched)
            if dialog is not None:
                shown = self._shown_at.get(dialog)
                if shown is not None and time.monotonic() - shown < self._guard_seconds():
                    if kind == QEvent.Type.KeyPress:
                        self.swallowed += 1
                    event.accept()
                    return True
        return False


def _reactivate_owner(dialog: QDialog) -> None:
    parent = dialog.parentWidget()
    owner = parent.window() if parent is not None else None
    if owner is None or owner is dialog:
        return

    def activate() -> None:
        try:
            if owner.isVisible() and QApplication.activeModalWidget() is None:
                owner.activateWindow()
        except RuntimeError:  # the window went first (closing the app)
            pass

    QTimer.singleShot(0, activate)


def _dialog_of(widget: QWidget) -> QDialog | None:
    window = widget.window()
    return window if isinstance(window, QDialog) else None


def install_dialog_key_guard(app: QApplication | None = None) -> DialogKeyGuard:
    """Install the guard once on the application (idempotent); returns it."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    assert app is not None
    global _installed
    # Remembered here: `app.findChild` walked every object of the application (a
    # measurable part of building the main window).
    if _installed is not None:
        try:
            if _installed.parent() is app:
                return _installed
        except RuntimeError:  # deleted with an earlier application
            pass
    guard = DialogKeyGuard(app)
    app.focusChanged.connect(guard.watch_focus)
    app.focusWindowChanged.connect(guard.watch_focus_window)
    _installed = guard
    return guard


_installed: DialogKeyGuard | None = None
