"""A tab whose real widget is built the first time it is shown.

The Plan and Dashboard tabs (and the charts and services they bring) stay off the
start-up path: the window gets this light stand-in, which imports the real tab when the
user first opens it and then passes the tab interface through.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from csp_desktop.ui.context import UiContext


class LazyTab(QWidget):
    """Subclasses name the module and class of the real tab."""

    MODULE = ""
    CLASS = ""
    TITLE = ""  # the accessible name of the page (its tab's words)

    status_message = Signal(str)
    navigate = Signal(object)

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.inner: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setAccessibleName(self.TITLE)

    def ensure_loaded(self) -> QWidget:
        if self.inner is None:
            module = importlib.import_module(self.MODULE)
            inner: QWidget = getattr(module, self.CLASS)(self.context, self)
            inner.status_message.connect(self.status_message)  # type: ignore[attr-defined]
            inner.navigate.connect(self.navigate)  # type: ignore[attr-defined]
            self._layout.addWidget(inner)
            self.inner = inner
            self.setFocusProxy(inner)
            if not inner.accessibleName():
                inner.setAccessibleName(self.accessibleName())
            self.KEYBOARD_HELP = getattr(inner, "KEYBOARD_HELP", ())
        return self.inner

    def show_meeting(self, meeting_id: int | None) -> None:
        self.ensure_loaded().show_meeting(meeting_id)  # type: ignore[attr-defined]

    def flush(self) -> bool:
        if self.inner is None:
            return True
        return bool(self.inner.flush())  # type: ignore[attr-defined]

    def show_place(self, place: object) -> None:
        show_place = getattr(self.ensure_loaded(), "show_place", None)
        if show_place is not None:
            show_place(place)


class PlanTabLoader(LazyTab):
    MODULE = "csp_desktop.ui.plan_tab"
    CLASS = "PlanTab"
    TITLE = "Plan"


class DashboardTabLoader(LazyTab):
    MODULE = "csp_desktop.ui.dashboard_tab"
    CLASS = "DashboardTab"
    TITLE = "Dashboard"
