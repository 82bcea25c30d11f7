"""The first thing a double click shows: Qt started and a window on screen, at once.

`cli.main` calls `show_startup_frame` before it parses anything else when the command
opens the window, so the app answers as fast as a bare Qt window; the database,
SQLAlchemy and the main window load behind the frame (`ui/launch.py`), which the main
window then replaces. Only PySide6 and the standard library are imported here: anything
heavier would delay the first paint.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from csp_desktop import APP_NAME, __version__

# Harmless on the offscreen platform (it cannot tell a window manager about size limits);
# dropped so headless runs print only what matters.
_OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints()",)
FRAME_SIZE = (1366, 768)

_frame: Any = None


def needs_offscreen() -> bool:
    """True on a machine with no display, where Qt would otherwise abort the process."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    if sys.platform.startswith(("win", "darwin")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _quiet_offscreen_noise() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: Any, message: str) -> None:
        if message in _OFFSCREEN_NOISE:
            return
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _icon() -> Any:
    from PySide6.QtGui import QIcon

    from csp_desktop.paths import resources_dir

    for name in ("icon.png", "icons/app.png", "app.png"):
        path = resources_dir() / name
        if path.exists():
            return QIcon(str(path))
    return None


def application() -> Any:
    """The one QApplication, named and with the app's icon (made on first call)."""
    from PySide6.QtWidgets import QApplication

    from csp_desktop.ui.runtime import scan_pyside_users_cheaply

    app = QApplication.instance()
    if app is not None:
        return app
    scan_pyside_users_cheaply()  # before the database layer's ~390 modules are imported
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        _quiet_offscreen_noise()
    app = QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    return app


def use_app_icon() -> None:
    """Give every window the app's icon (after the frame's first paint: reading the
    icon file takes longer than drawing the frame)."""
    from PySide6.QtWidgets import QApplication

    icon = _icon()
    if icon is not None:
        QApplication.setWindowIcon(icon)


def show_startup_frame(*, headless: bool = False) -> Any:
    """Start Qt, show a plain window saying the app is opening, and paint it now.

    `headless` (the smoke test) switches to the offscreen platform on a machine with no
    display. Returns the frame; calling again returns the same frame.
    """
    global _frame
    if _frame is not None:
        return _frame
    if headless and needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = application()
    frame = _build_frame()
    frame.show()
    app.processEvents()
    _frame = frame
    return frame


def _build_frame() -> Any:
    # Centred with stretches rather than `Qt.AlignCenter`: the first use of any enum of
    # PySide6's `Qt` namespace builds all of them (18 ms here), which can wait until the
    # frame is on screen.
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

    frame = QMainWindow()
    frame.setObjectName("startup_frame")
    frame.setWindowTitle(APP_NAME)
    centre = QWidget(frame)
    label = QLabel(f"Opening {APP_NAME}…", centre)
    label.setObjectName("startup_message")
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label)
    row.addStretch(1)
    column = QVBoxLayout(centre)
    column.addStretch(1)
    column.addLayout(row)
    column.addStretch(1)
    frame.setCentralWidget(centre)
    frame.resize(*FRAME_SIZE)
    return frame


def say_opening(target: object) -> None:
    """Name what is being opened, once the command line has been read."""
    if _frame is None:
        return
    from PySide6.QtWidgets import QLabel

    label = _frame.findChild(QLabel, "startup_message")
    if label is not None:
        label.setText(f"Opening {target}…")
        _frame.centralWidget().layout().activate()  # room for the longer text, now
        label.repaint()


def close_startup_frame() -> None:
    """Take the frame down (the main window is up, or start-up ended)."""
    global _frame
    if _frame is not None:
        _frame.close()
        _frame.deleteLater()
        _frame = None
