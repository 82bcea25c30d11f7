"""The window's stand-in tabs (ui/lazy_tab.py): nothing but the Agenda is built at
start-up, and every way into a tab not yet built builds it first, then acts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from csp_desktop.clock import FakeClock
from csp_desktop.paths import AppPaths
from csp_desktop.storage import Database
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.lazy_tab import LazyTab, built_tab
from csp_desktop.ui.main_window import MainWindow
from csp_desktop.ui.navigation import (
    TAB_ACTIONS,
    TAB_AGENDA,
    TAB_ATTENDANCE,
    TAB_FORWARD_PLAN,
    TAB_SUBGROUP_REPORTS,
    Place,
)
from csp_desktop.ui.settings import UiSettings
from csp_desktop.ui.shortcuts import extra_rows
from tests.ui.window_helpers import seed_partnership

CTRL = Qt.KeyboardModifier.ControlModifier


def _cold_window(qtbot, db: Database, clock: FakeClock, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The real window with its idle warm-up stopped: every other tab still a stand-in."""
    paths = AppPaths(tmp_path, portable=False)
    window = MainWindow(UiContext(db, clock, paths), UiSettings(paths.settings_file))
    window.warm_up.cancel()
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_initial_meeting()
    return window


def _unbuilt(window: MainWindow) -> set[str]:
    return {n for n, t in window.tabs.items() if isinstance(t, LazyTab) and t.inner is None}


def test_only_the_agenda_is_built_with_the_window(qtbot, db, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seed_partnership(db, clock)
    window = _cold_window(qtbot, db, clock, tmp_path)
    assert _unbuilt(window) == set(window.tabs) - {TAB_AGENDA}
    assert built_tab(window.tabs[TAB_AGENDA]) is window.agenda_tab


def test_ctrl_digit_builds_the_tab_then_puts_focus_in_it(qtbot, db, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seeded = seed_partnership(db, clock)
    window = _cold_window(qtbot, db, clock, tmp_path)
    for key, name in (
        (Qt.Key.Key_2, TAB_ATTENDANCE),
        (Qt.Key.Key_3, TAB_ACTIONS),
        (Qt.Key.Key_4, TAB_SUBGROUP_REPORTS),
        (Qt.Key.Key_5, TAB_FORWARD_PLAN),
    ):
        qtbot.keyClick(window.focusWidget() or window, key, CTRL)
        assert window.current_tab_name() == name
        real = window.tabs[name]
        assert isinstance(real, LazyTab) and real.inner is not None
        focused = QApplication.focusWidget()
        assert focused is not None and real.inner.isAncestorOf(focused), name
    assert window.meeting_id == seeded.october_id


def test_a_place_in_a_tab_not_built_yet_is_shown(qtbot, db, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seeded = seed_partnership(db, clock)
    window = _cold_window(qtbot, db, clock, tmp_path)
    window.go_to(Place(seeded.june_id, TAB_ACTIONS, action_id=seeded.carried_action_id))
    assert window.current_tab_name() == TAB_ACTIONS
    selected = window.tab(TAB_ACTIONS).selected_row()  # type: ignore[attr-defined]
    assert selected is not None and selected.id == seeded.carried_action_id


def test_the_forward_plan_shares_the_window_undo_stack_when_built_later(  # type: ignore[no-untyped-def]
    qtbot, db, clock, tmp_path
) -> None:
    seed_partnership(db, clock)
    window = _cold_window(qtbot, db, clock, tmp_path)
    assert window.tab(TAB_FORWARD_PLAN).undo_stack is window.undo_stack  # type: ignore[attr-defined]


def test_help_lists_the_keys_of_tabs_not_built_without_building_them(  # type: ignore[no-untyped-def]
    qtbot, db, clock, tmp_path
) -> None:
    seed_partnership(db, clock)
    window = _cold_window(qtbot, db, clock, tmp_path)
    before = _unbuilt(window)
    rows = extra_rows(list(window.tabs.values()))
    assert {"AttendanceTab", "ActionsTab"} <= {row[0] for row in rows}
    assert _unbuilt(window) == before
