"""The Plan and Dashboard tabs in the real window: Ctrl+6 and Ctrl+7, built when opened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from csp_desktop.clock import FakeClock
from csp_desktop.storage import Database
from csp_desktop.ui.lazy_tab import LazyTab
from csp_desktop.ui.navigation import TAB_ACTIONS, TAB_DASHBOARD, TAB_PLAN, Place
from tests.ui.window_helpers import open_window, seed_partnership


def test_ctrl_6_and_ctrl_7_open_the_plan_and_the_dashboard(  # type: ignore[no-untyped-def]
    qtbot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    seeded = seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path)
    plan, dashboard = window.tabs[TAB_PLAN], window.tabs[TAB_DASHBOARD]
    assert isinstance(plan, LazyTab) and plan.inner is None
    assert isinstance(dashboard, LazyTab) and dashboard.inner is None
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab_name() == TAB_PLAN and plan.inner is not None
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab_name() == TAB_DASHBOARD and dashboard.inner is not None
    inner = dashboard.inner
    assert inner.body_combo.currentData() == seeded.board_id  # type: ignore[attr-defined]
    assert inner.dashboard is not None  # type: ignore[attr-defined]
    # a drill-down's Enter takes the window to the action
    inner.navigate.emit(Place(seeded.june_id, TAB_ACTIONS, action_id=seeded.carried_action_id))  # type: ignore[attr-defined]
    assert window.current_tab_name() == TAB_ACTIONS
    assert window.meeting_id == seeded.june_id
