"""Menus by keyboard (issue 11): Alt+letter opens every menu from the minutes, every
menu command has a mnemonic route or a shortcut, no key means two things, and Help ›
Keyboard shortcuts is generated from the real menus."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from csp_desktop.ui.shortcuts_help import menu_commands, mnemonic
from tests.ui.window_helpers import open_window, seed_partnership


@pytest.fixture
def window(qtbot, db, clock, tmp_path):
    seed_partnership(db, clock)
    return open_window(qtbot, db, clock, tmp_path / "settings")


def test_mnemonic_reads_the_letter_after_a_single_ampersand():
    assert mnemonic("E&xport") == "X"
    assert mnemonic("Fish && &Chips") == "C"
    assert mnemonic("No letter") is None


def test_alt_letter_opens_every_menu_from_the_minutes_editor(qtbot, window):
    window.agenda_tab.focus_minutes_end()
    assert QApplication.focusWidget() is window.agenda_tab.editor
    failed: list[str] = []
    for top in window.menuBar().actions():
        letter = mnemonic(top.text())
        assert letter, f"menu {top.text()!r} has no Alt letter"
        key = getattr(Qt.Key, f"Key_{letter}")
        qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
        try:
            qtbot.waitUntil(
                lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=2000
            )
        except Exception:
            failed.append(f"Alt+{letter} ({top.text()}): no menu")
            continue
        popup = QApplication.activePopupWidget()
        if popup is not top.menu():
            failed.append(f"Alt+{letter} ({top.text()}): another menu")
        # Close it before the next key, or that key would pick a command in this menu.
        while QApplication.activePopupWidget() is not None:
            QApplication.activePopupWidget().close()
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=2000)
        window.agenda_tab.focus_minutes_end()
    assert failed == []


def test_every_menu_command_is_reachable_by_keyboard(window):
    commands = menu_commands(window.menuBar())
    assert len(commands) > 25
    unreachable = [f"{c.menu} › {c.label}" for c in commands if not c.reachable]
    assert unreachable == []
    # The three papers each have their own key.
    labels = {c.label: c.keys for c in commands}
    for name in ("Export minutes…", "Export agenda…", "Export action tracker…"):
        assert labels[name], name


def test_no_two_commands_share_a_key(window):
    """A key bound twice where both are live fires neither (Qt's "ambiguous shortcut"):
    the window's commands (menus) with each tab's own keys must all differ."""
    action_type = type(window.actions_by_name["quit"])
    in_menus = {c.action for c in menu_commands(window.menuBar())}
    tabs = list(window.tabs.values())

    def under_a_tab(action) -> bool:
        return any(tab.isAncestorOf(action.parent()) or action.parent() is tab for tab in tabs)

    def keys_of(actions) -> list[str]:
        return [
            sequence.toString(QKeySequence.SequenceFormat.PortableText)
            for action in actions
            for sequence in action.shortcuts()
            if not sequence.isEmpty()
        ]

    everywhere = [
        a for a in window.findChildren(action_type) if a in in_menus or not under_a_tab(a)
    ]
    for tab in tabs:
        own = [a for a in tab.findChildren(action_type) if a not in in_menus]
        keys = Counter(keys_of([*everywhere, *own]))
        shared = [k for k, n in keys.items() if n > 1]
        assert shared == [], type(tab).__name__
    menu_letters = {mnemonic(a.text()) for a in window.menuBar().actions()}
    for letter in menu_letters:
        assert f"Alt+{letter}" not in Counter(keys_of(window.findChildren(action_type)))


def test_help_lists_every_menu_command_with_its_keys(qtbot, window):
    seen: list[tuple[str, str]] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not on screen yet (a loaded machine): look again shortly
            QTimer.singleShot(20, read_and_close)
            return
        table = dialog.table
        seen.extend(
            (table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())
        )
        dialog.reject()

    QTimer.singleShot(0, read_and_close)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)
    assert ("Ctrl+Shift+E", "Export minutes") in seen
    assert ("F5", "Start meeting") in seen
    for command in menu_commands(window.menuBar()):
        assert command.label.rstrip("…") in {what for _keys, what in seen}


def test_one_escape_closes_a_menu_and_the_next_letters_are_minutes(qtbot, window):
    """Alt+M, Esc: Qt left the keys in the menu bar, where "n" ran Meeting › Next item."""
    from csp_desktop.services import agenda

    tab = window.agenda_tab
    tab.focus_minutes_end()
    item = tab.current_item_id()
    qtbot.keyClicks(QApplication.focusWidget(), "Opening. ")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=2000)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.editor, timeout=2000)
    for char in "none":
        qtbot.keyClicks(QApplication.focusWidget(), char)
    assert tab.current_item_id() == item
    window.flush_all()
    assert window.context.read(agenda.item_minutes, item) == "Opening. none"
