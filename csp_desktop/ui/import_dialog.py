"""File > Import tracker updates: preview every owner's change, then apply the ticked ones.

The returned workbook is read and checked in full before anything is shown; a file that
cannot be trusted is refused with one plain sentence and nothing is applied. The preview
lists each change with its row in the workbook; conflicts (the action changed in the app
after the export) are flagged in words and left unticked, so they are applied only if the
officer decides to. Apply writes everything in one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.services.tracker_updates import (
    ApplyResult,
    TrackerChange,
    TrackerImportPlan,
)
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.row_table_model import Index, RowTableModel
from csp_desktop.ui.user_errors import reporting_user_errors
from csp_desktop.usecases.import_papers import apply_tracker_plan

LAST_FOLDER_KEY = "import/last_folder"
EXPORT_FOLDER_KEY = "export/last_folder"

COL_APPLY, COL_REFERENCE, COL_ROW, COL_ACTION, COL_CHANGES, COL_CONFLICT = range(6)
HEADERS = ("Apply", "Reference", "Row", "Action", "Changes", "Conflict")


class TrackerChangesModel(RowTableModel[TrackerChange]):
    """The proposed changes, one row per action, with a tick to choose which to apply."""

    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ticked: set[str] = set()

    def set_plan(self, plan: TrackerImportPlan) -> None:
        with self.resetting():
            self._rows = list(plan.changes)
            # Conflicts start unticked: the officer decides about each one.
            self._ticked = {c.reference for c in plan.changes if not c.conflict}

    def accepted(self) -> set[str]:
        return set(self._ticked)

    def change_at(self, row: int) -> TrackerChange:
        return self.row_for(row)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == COL_APPLY:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        change = self.row_of_index(index)
        if change is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_APPLY:
            ticked = change.reference in self._ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == COL_APPLY:
                return "Apply" if change.reference in self._ticked else "Skip"
            if column == COL_REFERENCE:
                return change.reference
            if column == COL_ROW:
                return change.row_number
            if column == COL_ACTION:
                return change.action_text
            if column == COL_CHANGES:
                return "\n".join(change.descriptions)
            if column == COL_CONFLICT:
                return f"Yes: {change.conflict_reason}" if change.conflict else "No"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_APPLY:
            return False
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        reference = self._rows[index.row()].reference
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        if checked:
            self._ticked.add(reference)
        else:
            self._ticked.discard(reference)
        self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
        return True


class ImportDialog(QDialog):
    """The preview: every change and conflict; Apply applies the ticked rows in one go."""

    applied = Signal(object)  # ApplyResult

    def __init__(
        self, context: UiContext, plan: TrackerImportPlan, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import tracker updates")
        self.setObjectName("import_dialog")
        self.context = context
        self.plan = plan
        self.result_of_apply: ApplyResult | None = None

        self.summary = QLabel(plan.summary())
        self.summary.setWordWrap(True)
        hint = QLabel(
            "Tick the changes to apply. Conflicts are unticked: the action was changed in "
            "the app after the tracker was sent out, so check it before applying."
        )
        hint.setWordWrap(True)

        self.model = TrackerChangesModel(self)
        self.model.set_plan(plan)
        self.table = QTableView()
        self.table.setObjectName("import_preview")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CHANGES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CONFLICT, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_CONFLICT, 230)
        self.table.setAccessibleName("Changes found in the returned tracker")

        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("&Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("import_apply")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)
        self.model.dataChanged.connect(self._update_apply_label)
        self._update_apply_label()

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(960, 460)
        self.table.setFocus()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # Row heights follow the wrapped text once the columns have their real widths.
        self.table.resizeRowsToContents()

    def _update_apply_label(self, *_args: object) -> None:
        count = len(self.model.accepted())
        self.apply_button.setText(f"&Apply {count} change{'s' if count != 1 else ''}")
        self.apply_button.setEnabled(count > 0)

    def apply(self) -> None:
        accepted = self.model.accepted()
        with reporting_user_errors(self, title="Nothing was imported") as attempt:
            result = self.context.write(
                apply_tracker_plan,
                self.plan,
                self.context.clock,
                accepted=accepted,
                topic="actions",
            )
        if attempt.failed:
            return
        self.result_of_apply = result
        self.applied.emit(result)
        self.accept()


def read_plan(context: UiContext, path: Path) -> TrackerImportPlan:
    """Read and check a returned tracker; UserError if it cannot be trusted."""
    from csp_desktop.usecases.import_papers import plan_tracker_file

    return context.read(plan_tracker_file, path)


def _settings(context: UiContext) -> QSettings:
    context.paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(context.paths.settings_file), QSettings.Format.IniFormat)


def open_import_dialog(
    context: UiContext, parent: QWidget | None = None, path: Path | None = None
) -> ApplyResult | None:
    """File > Import tracker updates: choose the file, preview, apply. None if cancelled."""
    settings = _settings(context)
    if path is None:
        folder = str(settings.value(LAST_FOLDER_KEY, "") or settings.value(EXPORT_FOLDER_KEY, ""))
        chosen, _ = QFileDialog.getOpenFileName(
            parent,
            "Import a returned action tracker",
            folder or str(Path.home()),
            "Excel workbook (*.xlsx)",
        )
        if not chosen:
            return None
        path = Path(chosen)
    settings.setValue(LAST_FOLDER_KEY, str(path.parent))
    settings.sync()
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    with reporting_user_errors(parent, title="Nothing was imported") as attempt:
        try:
            plan = read_plan(context, path)
        finally:  # the usual cursor is back before the message shows
            QGuiApplication.restoreOverrideCursor()
    if attempt.failed:
        return None
    if not plan.changes:
        QMessageBox.information(
            parent, "No changes", f"{plan.summary()} There is nothing to apply."
        )
        return None
    dialog = ImportDialog(context, plan, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_of_apply is None:
        return None
    result = dialog.result_of_apply
    message = f"Applied {len(result.applied)} change{'s' if len(result.applied) != 1 else ''}."
    if result.not_chosen:
        message += f" Left as they were: {', '.join(result.not_chosen)}."
    QMessageBox.information(parent, "Tracker updates applied", message)
    return result
