"""Help › Keyboard shortcuts, generated from the window's real menus.

Every menu command is listed with its menu path, its mnemonic route (Alt+F, M) and its
shortcut keys, read from the QActions themselves, so the list cannot drift from what
the keys do. `menu_commands()` is also what the test walks to prove every menu command
is reachable from the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.ui.shortcuts import SHORTCUTS, extra_rows


@dataclass(frozen=True)
class MenuCommand:
    """One command of the menu bar, as the keyboard reaches it."""

    menu: str  # "File"
    label: str  # "Export minutes…"
    mnemonic_route: str | None  # "Alt+F, M", or None when a letter is missing
    keys: tuple[str, ...]  # ("Ctrl+Shift+E",)
    action: QAction

    @property
    def reachable(self) -> bool:
        return self.mnemonic_route is not None or bool(self.keys)


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ("E&xport" -> "X"), or None."""
    index = 0
    while True:
        index = text.find("&", index)
        if index < 0 or index + 1 >= len(text):
            return None
        if text[index + 1] == "&":
            index += 2
            continue
        return text[index + 1].upper()


def menu_commands(menu_bar: QMenuBar) -> list[MenuCommand]:
    """Every enabled-or-not command in the menu bar's menus (separators left out)."""
    commands: list[MenuCommand] = []
    for top in menu_bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        top_letter = mnemonic(top.text())
        letters: dict[str, int] = {}
        for action in menu.actions():
            letter = mnemonic(action.text())
            if letter:
                letters[letter] = letters.get(letter, 0) + 1
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            letter = mnemonic(action.text())
            route = None
            # A letter shared by two commands in one menu only moves between them.
            if top_letter and letter and letters.get(letter) == 1:
                route = f"Alt+{top_letter}, {letter}"
            keys = tuple(
                k.toString(QKeySequence.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if not k.isEmpty()
            )
            commands.append(
                MenuCommand(
                    menu=top.text().replace("&", ""),
                    label=action.text().replace("&", ""),
                    mnemonic_route=route,
                    keys=keys,
                    action=action,
                )
            )
    return commands


class KeyboardShortcutsDialog(QDialog):
    """Every menu command with its keys, then what each tab advertises."""

    def __init__(
        self, menu_bar: QMenuBar, tabs: list[QWidget], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        commands = menu_commands(menu_bar)
        rows = [
            (
                command.menu,
                " or ".join(command.keys) or "—",
                command.label.rstrip("…"),
                command.mnemonic_route or "",
            )
            for command in commands
        ]
        # Keys that work in one list only (C and U on carried actions) have no menu entry.
        in_menus = {command.action.objectName() for command in commands}
        for spec in SHORTCUTS:
            if f"action_{spec.name}" not in in_menus:
                keys = " or ".join(
                    QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
                    for k in spec.keys
                )
                rows.append((spec.group, keys, spec.plain_label.rstrip("…"), spec.where))
        for tab_name, keys, what, where in extra_rows(tabs):
            group = tab_name.removesuffix("Tab").removesuffix("Panel") or tab_name
            rows.append((group, keys, what, where))
        table = QTableWidget(len(rows), 4, self)
        table.setAccessibleName("Keyboard shortcuts")
        table.setHorizontalHeaderLabels(["Menu", "Keys", "What it does", "Menu keys / where"])
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        # Never wider or taller than the screen: in half a laptop screen (683 px) the
        # Close button was off the edge.
        screen = (parent or self).screen()
        available = screen.availableGeometry() if screen is not None else None
        width, height = 760, 560
        if available is not None:
            width, height = min(width, available.width()), min(height, available.height())
        self.resize(width, height)
