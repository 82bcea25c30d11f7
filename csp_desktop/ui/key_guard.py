"""No dialog takes a key typed before it appeared.

A note taker typing at speed cannot stop the instant a dialog pops up: the next letters
would answer it ("Y" of "Yvonne" pressing Yes). Installed once on the application, this
filter swallows key presses sent to any dialog (every QMessageBox, QInputDialog and
QDialog the app shows, static helpers included) during its first half second on screen.

When a dialog closes, the window it came from is made active again: without a window
manager that does it (a bare X display, some remote desktops), the window's shortcuts
(F8, Ctrl+S...) stayed dead after an export, though typing still reached the minutes.
"""

from __future__ import annotations

import time
import weakref

from PySide6.QtCore import QEvent, QObject, QTimer
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
    """Application event filter: keys to a dialog shown under `GUARD_SECONDS` ago are dropped."""

    def __init__(self, parent: QObject | None = None, *, seconds: float | None = None) -> None:
        super().__init__(parent)
        self.seconds = seconds  # None: the module's GUARD_SECONDS (tests may lower it)
        self._shown_at: weakref.WeakKeyDictionary[QDialog, float] = weakref.WeakKeyDictionary()
        self.swallowed = 0  # keys dropped so far (for tests and the log)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QDialog):
            self._shown_at[watched] = time.monotonic()
            return False
        if kind == QEvent.Type.Hide and isinstance(watched, QDialog):
            _reactivate_owner(watched)
            return False
        if kind in _KEY_EVENTS and isinstance(watched, QWidget):
            dialog = _dialog_of(watched)
            if dialog is not None:
                shown = self._shown_at.get(dialog)
                guard = GUARD_SECONDS if self.seconds is None else self.seconds
                if shown is not None and time.monotonic() - shown < guard:
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
    existing = app.findChild(DialogKeyGuard)
    if isinstance(existing, DialogKeyGuard):
        return existing
    guard = DialogKeyGuard(app)
    app.installEventFilter(guard)
    return guard
