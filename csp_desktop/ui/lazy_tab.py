"""A tab whose real widget is built the first time it is needed.

Every tab but the Agenda (the first screen) stays off the start-up path (issue 13): the
window gets this light stand-in, which imports and builds the real tab when it is first
shown, asked for (`ensure_loaded`), or warmed up in idle time after the first paint
(`ui/idle_warm_up.py`), and then passes the tab interface through.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

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
        self._when_loaded: list[Callable[[MeetingTab], None]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setAccessibleName(self.TITLE)

    def load_module(self) -> None:
        """Import the real tab's module (a warm-up step of its own: the slowest part)."""
        importlib.import_module(self.MODULE)

    def when_loaded(self, setup: Callable[[MeetingTab], None]) -> None:
        """Run `setup` on the real tab once it is built (now, if it is)."""
        if self.inner is not None:
            setup(self.inner)
        else:
            self._when_loaded.append(setup)

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
            # Shown with the stand-in at once (a layout shows a new child only at the
            # next event-loop turn), so a shortcut can put focus in it straight away.
            inner.show()
            setups, self._when_loaded = self._when_loaded, []
            for setup in setups:
                setup(inner)
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


def built_tab(tab: MeetingTab) -> MeetingTab:
    """The real tab behind `tab` (built now if it was a stand-in), else `tab` itself."""
    return tab.ensure_loaded() if isinstance(tab, LazyTab) else tab


# Named as the tabs they stand in for: Help > Keyboard shortcuts groups keys by class name.
class AttendanceTab(LazyTab):
    """Stand-in for ui.attendance_tab.AttendanceTab until first needed."""

    MODULE = "csp_desktop.ui.attendance_tab"
    CLASS = "AttendanceTab"
    TITLE = "Attendance"


class ActionsTab(LazyTab):
    """Stand-in for ui.actions_tab.ActionsTab until first needed."""

    MODULE = "csp_desktop.ui.actions_tab"
    CLASS = "ActionsTab"
    TITLE = "Actions"


class SubgroupReportsTab(LazyTab):
    """Stand-in for ui.subgroup_reports_tab.SubgroupReportsTab until first needed."""

    MODULE = "csp_desktop.ui.subgroup_reports_tab"
    CLASS = "SubgroupReportsTab"
    TITLE = "Subgroup reports"


class ForwardPlanTab(LazyTab):
    """Stand-in for ui.forward_plan_tab.ForwardPlanTab until first needed."""

    MODULE = "csp_desktop.ui.forward_plan_tab"
    CLASS = "ForwardPlanTab"
    TITLE = "Forward plan"


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
