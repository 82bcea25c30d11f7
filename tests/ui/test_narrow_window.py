"""Half a laptop screen (683 px): the meeting list is a drawer, so the tabs get the width."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.window_helpers import open_window, seed_partnership


def test_a_half_screen_window_hides_the_meeting_list_and_ctrl_shift_l_opens_it_as_a_drawer(
    qtbot, db, clock, tmp_path
):
    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    assert window.left_pane.isVisible()

    window.resize(683, 768)
    qtbot.waitUntil(lambda: not window.left_pane.isVisible(), timeout=3000)
    assert not window.actions_by_name["toggle_navigator"].isChecked()
    qtbot.waitUntil(lambda: window.tab_widget.width() > 600, timeout=3000)  # nearly all of it

    # Ctrl+Shift+L: the list comes out; Enter on a meeting opens it and tucks it away,
    # the cursor in the minutes.
    window.agenda_tab.focus_minutes_end()
    qtbot.keyClick(
        QApplication.focusWidget(),
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(window.left_pane.isVisible, timeout=3000)
    assert QApplication.focusWidget() is window.navigator.tree
    qtbot.keyClick(window.navigator.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.left_pane.isVisible(), timeout=3000)
    assert QApplication.focusWidget() is window.agenda_tab.editor

    # Full width again: the list is back.
    window.resize(1366, 768)
    qtbot.waitUntil(window.left_pane.isVisible, timeout=3000)


def test_a_list_the_user_hid_stays_hidden_when_the_window_widens(qtbot, db, clock, tmp_path):
    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    window.actions_by_name["toggle_navigator"].setChecked(False)  # F9
    window.resize(683, 768)
    qtbot.waitUntil(lambda: window.width() < 700, timeout=3000)
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.width() > 1300, timeout=3000)
    qtbot.wait(50)
    assert not window.left_pane.isVisible()
