"""The Forward plan tab by keyboard: Ctrl+5 lands in the list its keys work in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from csp_desktop.ui.forward_plan_tab import ForwardPlanTab
from tests.ui.window_helpers import open_window, seed_partnership


def test_ctrl_5_puts_focus_in_the_entries_list_where_insert_delete_and_f2_work(
    qtbot, db, clock, tmp_path
):
    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    window.agenda_tab.focus_minutes_end()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    tab = window.tab("forward-plan")
    assert isinstance(tab, ForwardPlanTab)
    # Not the "Add…" button: Insert, Delete and F2 only work in the list (KEYBOARD_HELP).
    assert QApplication.focusWidget() is tab.table
    # Shift+Tab still goes back up to the buttons above it (Tab follows the layout).
    qtbot.keyClick(tab.table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is tab.show_done


def test_every_button_shows_whole_in_half_a_screen(qtbot, db, clock, tmp_path):
    # In a 683 px window "Show done items" lost its end past the right edge.
    from PySide6.QtWidgets import QAbstractButton

    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    window.resize(683, 768)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    tab = window.tab("forward-plan")
    assert isinstance(tab, ForwardPlanTab)
    qtbot.waitUntil(lambda: window.width() == 683, timeout=3000)
    qtbot.wait(100)
    for button in tab.findChildren(QAbstractButton):
        if button.isVisible() and button.parentWidget() is tab:
            assert button.geometry().right() < tab.width(), button.text()
            assert button.width() >= button.sizeHint().width(), button.text()
