"""The meeting list as a drawer when the window is narrow (half a laptop screen).

Beside the list, a 683 px window leaves the tabs about 400 px: the minutes box shrinks
to a few lines and every tab's buttons are cut off. Below NARROW_WIDTH the list hides
itself; Ctrl+Shift+L or F9 still shows it, and choosing a meeting there (Enter, or
Escape from its filter) tucks it away again, focus in the minutes. Widening the window
brings it back, unless the user hid it themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStackedWidget, QWidget

from csp_desktop.ui.meeting_navigator import MeetingNavigator

# Half of a 1920 px screen is 960 px: anything narrower counts as half a screen.
NARROW_WIDTH = 1000


class NarrowWindowNavigator(QObject):
    """Hides and shows the left pane through the window's "Show meeting list" action,
    so the menu's tick, F9 and the saved layout all agree with what is on screen."""

    def __init__(
        self,
        window: QWidget,
        left_pane: QStackedWidget,
        navigator: MeetingNavigator,
        toggle: QAction,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._left_pane = left_pane
        self._navigator = navigator
        self._toggle = toggle
        self._narrow: bool | None = None  # unknown until the first resize
        self._hid_it = False
        window.installEventFilter(self)
        navigator.tree.activated.connect(lambda _index: self._tuck_away())
        navigator.filter_escaped.connect(self._tuck_away)

    @property
    def narrow(self) -> bool:
        return self._window.width() < NARROW_WIDTH

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self._width_changed()
        return False

    def _width_changed(self) -> None:
        narrow = self.narrow
        if narrow == self._narrow:
            return
        self._narrow = narrow
        if narrow:
            self._tuck_away()
        elif self._hid_it:
            self._hid_it = False
            self._toggle.setChecked(True)

    def _tuck_away(self) -> None:
        """Narrow: hide the meeting list (never the search panel, which is in use)."""
        if not self.narrow or not self._toggle.isChecked():
            return
        if self._left_pane.currentWidget() is not self._navigator:
            return
        self._hid_it = True
        self._toggle.setChecked(False)
