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


def test_a_dialog_qt_makes_itself_is_guarded_and_gives_the_keyboard_back(qtbot, monkeypatch):
    """A static QFileDialog / QMessageBox is made in C++: the guard kept it by its Python
    wrapper, which died at once, so it neither dropped early keys nor gave the keyboard
    back (at a bare X display every key after a cancelled file dialog was lost)."""
    import gc

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow

    monkeypatch.setattr(key_guard, "GUARD_SECONDS", 0.5)
    guard = install_dialog_key_guard()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    seen: dict[str, object] = {}

    def early_escape() -> None:
        gc.collect()  # whatever wrapper nobody holds goes now, as it would in time
        dialog = QApplication.activeModalWidget()
        seen["before"] = guard.swallowed
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # under half a second: dropped
        seen["visible"] = dialog is not None and dialog.isVisible()
        seen["after"] = guard.swallowed
        QTimer.singleShot(700, lambda: qtbot.keyClick(dialog, Qt.Key.Key_Escape))

    QTimer.singleShot(100, early_escape)
    QFileDialog.getOpenFileName(
        window, "Pick", "", "*.csv", options=QFileDialog.Option.DontUseNativeDialog
    )
    assert seen["visible"] is True
    assert seen["after"] == seen["before"] + 1  # type: ignore[operator]
