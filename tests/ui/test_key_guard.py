"""No dialog takes a key typed before it appeared (issue 11, point 4)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from csp_desktop.ui import key_guard
from csp_desktop.ui.key_guard import install_dialog_key_guard


def test_a_dialog_ignores_keys_for_its_first_half_second(qtbot, monkeypatch):
    monkeypatch.setattr(key_guard, "GUARD_SECONDS", 0.5)
    guard = install_dialog_key_guard()
    assert install_dialog_key_guard() is guard  # installed once
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Delete?",
        "Delete it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    qtbot.addWidget(box)
    answers: list[int] = []
    box.finished.connect(answers.append)
    box.show()
    qtbot.waitExposed(box)
    # Typed keys reach a dialog once it has the keyboard (the guard starts there).
    qtbot.waitUntil(box.isActiveWindow)
    before = guard.swallowed
    # "Y" of "Yvonne", typed a moment after the box appeared: dropped, not Yes.
    qtbot.keyClick(box, Qt.Key.Key_Y)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert answers == [] and box.isVisible()
    assert guard.swallowed - before == 2
    time.sleep(0.55)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # now a deliberate key works
    assert answers != [] and not box.isVisible()


def test_closing_a_dialog_gives_the_keyboard_back_to_its_window(qtbot):
    """Without a window manager, the window stayed inactive after a dialog: its
    shortcuts (F8...) were dead though typing still reached the minutes."""
    from PySide6.QtWidgets import QDialog, QMainWindow

    install_dialog_key_guard()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    dialog = QDialog(window)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.close()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def test_the_guard_filters_the_application_only_while_a_dialog_is_young(qtbot, monkeypatch):
    """An application event filter calls Python for every event of every widget: the
    guard is one only during a dialog's first moments with the keyboard."""
    monkeypatch.setattr(key_guard, "GUARD_SECONDS", 0.2)
    guard = install_dialog_key_guard()
    qtbot.waitUntil(lambda: not guard.filtering, timeout=2000)
    box = QMessageBox(QMessageBox.Icon.Information, "Saved", "Saved.")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitUntil(box.isActiveWindow)
    assert guard.filtering
    qtbot.waitUntil(lambda: not guard.filtering, timeout=2000)
    box.close()
