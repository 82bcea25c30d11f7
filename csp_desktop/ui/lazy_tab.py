"""A tab whose real widget is built the first time it is shown.

The Plan and Dashboard tabs (and the charts and services they bring) stay off the
start-up path: the window gets this light stand-in, which imports the real tab when the
user first opens it and then passes the tab interface through.
"""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QVBoxLayout, QWidget

from csp_desktop.ui.context import UiContext
from csp_desktop.ui.navigation import Place
from csp_desktop.ui.tab_contract import MeetingTab, tab_as


class LazyTab(MeetingTab):
    """Subclasses name the module and class of the real tab."""

    MODULE = ""
    CLASS = ""
    TITLE = ""  # the accessible name of the page (its tab's words)

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.inner: MeetingTab | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setAccessibleName(self.TITLE)

    def ensure_loaded(self) -> MeetingTab:
        if self.inner is None:
            module = importlib.import_module(self.MODULE)
            inner = tab_as(getattr(module, self.CLASS)(self.context, self), MeetingTab)
            inner.status_message.connect(self.status_message)
            inner.navigate.connect(self.navigate)
            self._layout.addWidget(inner)
            self.inner = inner
            self.setFocusProxy(inner)
            if not inner.accessibleName():
                inner.setAccessibleName(self.accessibleName())
        return self.inner

    @property
    def KEYBOARD_HELP(self) -> tuple[tuple[str, str, str], ...]:  # the name every tab uses
        """The real tab's keys, for Help > Keyboard shortcuts even before it is opened."""
        tab_class = getattr(importlib.import_module(self.MODULE), self.CLASS)
        return tuple(getattr(tab_class, "KEYBOARD_HELP", ()))

    def show_meeting(self, meeting_id: int | None) -> None:
        self.ensure_loaded().show_meeting(meeting_id)

    def flush(self) -> None:
        if self.inner is not None:
            self.inner.flush()

    def show_place(self, place: Place) -> None:
        self.ensure_loaded().show_place(place)


# Named as the tabs they stand in for: Help > Keyboard shortcuts groups keys by class name.
class PlanTab(LazyTab):
    """Stand-in for ui.plan_tab.PlanTab until the Plan tab is first opened."""

    MODULE = "csp_desktop.ui.plan_tab"
    CLASS = "PlanTab"
    TITLE = "Plan"


class DashboardTab(LazyTab):
    """Stand-in for ui.dashboard_tab.DashboardTab until the Dashboard tab is first opened."""

    MODULE = "csp_desktop.ui.dashboard_tab"
    CLASS = "DashboardTab"
    TITLE = "Dashboard"

    def export_report(self) -> None:
        """File › Export performance report: the real tab's body and period, as Word."""
        from csp_desktop.ui import dashboard_tab

        tab_as(self.ensure_loaded(), dashboard_tab.DashboardTab).export_report()
