"""Arrow keys on a button never carry focus out of its tab.

Qt moves focus to the next widget in the chain when Up/Down/Left/Right is pressed on a
push button. On the last button of a tab that next widget is the meeting filter, so the
keys typed next filtered the meeting list instead of doing what the note taker meant.
Here an arrow key on a button moves focus as before while the next stop is in the same
tab, and does nothing otherwise.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QWidget

FORWARD = {Qt.Key.Key_Down, Qt.Key.Key_Right}
BACKWARD = {Qt.Key.Key_Up, Qt.Key.Key_Left}
GUARDED = "csp_arrow_guarded"


def next_stop(widget: QWidget, *, forward: bool) -> QWidget | None:
    """The widget Tab (or Shift+Tab) would reach from `widget`."""
    step = QWidget.nextInFocusChain if forward else QWidget.previousInFocusChain
    candidate = step(widget)
    while candidate is not None and candidate is not widget:
        if (
            candidate.isVisible()
            and candidate.isEnabled()
            and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return candidate
        candidate = step(candidate)
    return None


class ArrowGuard(QObject):
    """Event filter on the buttons of one tab page."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QAbstractButton):
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in FORWARD or key in BACKWARD:
                target = next_stop(watched, forward=key in FORWARD)
                if target is None or not self.page.isAncestorOf(target):
                    return True  # swallowed: focus stays on the button
        return False


def guard_arrow_keys(page: QWidget) -> None:
    """Guard every button now in `page` (call again after the page grows; idempotent)."""
    guard = page.findChild(ArrowGuard, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if guard is None:
        guard = ArrowGuard(page)
    for button in page.findChildren(QAbstractButton):
        if not button.property(GUARDED):
            button.installEventFilter(guard)
            button.setProperty(GUARDED, True)
