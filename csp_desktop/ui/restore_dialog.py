"""File > Restore from backup…: pick a backup (date, why, meetings, size) and swap it in.

The dialog only chooses; `usecases/backup_restore.restore_from_backup` checks the backup and keeps a
copy of the current file before replacing it, so a restore can itself be undone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.app import AppContext
from csp_desktop.errors import UserError
from csp_desktop.paths import AppPaths
from csp_desktop.ui.error_dialog import show_error
from csp_desktop.ui.row_table_model import Index, RowTableModel
from csp_desktop.usecases.backup_restore import (
    BackupInfo,
    describe_backup,
    list_backups,
    restore_from_backup,
)

COL_TAKEN, COL_REASON, COL_MEETINGS, COL_NEWEST, COL_SIZE, COL_STATE = range(6)
HEADERS = ("Taken", "Why", "Meetings", "Newest meeting", "Size", "Can restore")


def uk_datetime(value: Any) -> str:
    return f"{value:%A} {value.day} {value:%B %Y, %H:%M}"


def file_size(size_bytes: int) -> str:
    if size_bytes >= 1024 * 1024:
        return f"{size_bytes / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size_bytes / 1024))} KB"


def meetings_text(count: int | None) -> str:
    if count is None:
        return "meetings unknown"
    return f"{count} meeting" + ("" if count == 1 else "s")


class BackupTableModel(RowTableModel[BackupInfo]):
    """Rows of `BackupInfo`, newest first."""

    HEADERS = HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_of_index(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.problem or str(row.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_MEETINGS, COL_SIZE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(row: BackupInfo, column: int) -> str:
        if column == COL_TAKEN:
            return uk_datetime(row.created)
        if column == COL_REASON:
            return row.reason_label.capitalize()
        if column == COL_MEETINGS:
            return "" if row.meeting_count is None else str(row.meeting_count)
        if column == COL_NEWEST:
            newest = row.latest_meeting
            return f"{newest:%A} {newest.day} {newest:%B %Y}" if newest else ""
        if column == COL_SIZE:
            return file_size(row.size_bytes)
        if column == COL_STATE:
            return "Yes" if row.usable else "No: damaged or unreadable"
        return ""


class RestoreDialog(QDialog):
    """Lists the backups of one database; `chosen` is the backup to restore."""

    def __init__(self, paths: AppPaths, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.database = database
        self.chosen: BackupInfo | None = None
        self.setWindowTitle("Restore from backup")
        self.setObjectName("restore_dialog")
        self.resize(820, 420)

        intro = QLabel(
            f"Backups of {database.name}, newest first. Restoring replaces the file with "
            "the chosen copy; the current file is kept as a backup first, so you can undo it.",
            self,
        )
        intro.setWordWrap(True)
        self.model = BackupTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Backups")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.accept_selected())
        self.empty_label = QLabel("There are no backups of this file yet.", self)

        buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton("&Restore", self)
        self.restore_button.setAccessibleName("Restore the selected backup")
        self.restore_button.setDefault(True)
        self.other_button = QPushButton("Choose another &file…", self)
        self.other_button.setAccessibleName("Restore from a backup file elsewhere")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.accept_selected)
        self.other_button.clicked.connect(self.choose_file)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)

        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self) -> None:
        rows = list_backups(self.paths, self.database)
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        first_usable = next((n for n, row in enumerate(rows) if row.usable), None)
        if first_usable is not None:
            self.table.selectRow(first_usable)
        self.table.setFocus()
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_for(indexes[0].row()) if indexes else None

    def _update_buttons(self) -> None:
        row = self.selected()
        self.restore_button.setEnabled(row is not None and row.usable)

    def accept_selected(self) -> None:
        row = self.selected()
        if row is None or not row.usable:
            return
        self.chosen = row
        self.accept()

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Choose a backup file",
            str(self.paths.backups_dir),
            "CSP Desktop databases (*.db *.sqlite);;All files (*)",
        )
        if not name:
            return
        info = describe_backup(Path(name))
        if not info.usable:
            show_error(self, info.problem or "That file cannot be restored.", "Cannot restore")
            return
        self.chosen = info
        self.accept()


def confirm_restore(parent: QWidget | None, database: Path, backup: BackupInfo) -> bool:
    meetings = "" if backup.meeting_count is None else f" ({meetings_text(backup.meeting_count)})"
    answer = QMessageBox.question(
        parent,
        "Restore from backup",
        f"Replace {database.name} with the backup taken {uk_datetime(backup.created)}"
        f"{meetings}?\n\nThe current file is kept as a backup first, so this can be undone.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def choose_and_restore(
    context: AppContext,
    database: Path,
    parent: QWidget | None = None,
    *,
    before_replace: Callable[[], None] | None = None,
) -> bool:
    """Show the dialog, confirm, restore. True when the file was replaced.

    `before_replace` closes every connection the caller holds on the file.
    """
    dialog = RestoreDialog(context.paths, database, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return False
    if not confirm_restore(parent, database, dialog.chosen):
        return False
    if before_replace is not None:
        before_replace()
    try:
        result = restore_from_backup(
            context.paths, dialog.chosen.path, database, clock=context.clock
        )
    except UserError as exc:
        show_error(parent, exc, "Restore failed")
        return False
    kept = (
        f" The previous file was kept as {result.previous_copy.name}."
        if (result.previous_copy)
        else ""
    )
    QMessageBox.information(parent, "Restore from backup", f"{database.name} was restored.{kept}")
    return True
