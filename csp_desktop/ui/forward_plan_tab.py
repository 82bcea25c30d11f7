"""The Forward plan tab: the selected meeting's body's future items, soonest first.

Add, edit and delete are undoable; "Defer…" moves an entry to a later meeting or month
(noting it); "Put on this agenda" adds the entry to the selected meeting as an item.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.models import ForwardPlanStatus
from csp_desktop.services import agenda, forward_plan, meetings
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.forward_plan import ForwardPlanRow
from csp_desktop.ui import undo_commands
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.error_dialog import confirm, show_error
from csp_desktop.ui.navigation import TAB_AGENDA, Place
from csp_desktop.ui.qt_dates import python_date, qdate
from csp_desktop.ui.row_table_model import Index, RowTableModel
from csp_desktop.ui.tab_contract import MeetingTab
from csp_desktop.ui.user_errors import reporting_user_errors

MONTH_TARGET = -1  # combo data for "a month, no meeting fixed yet"


class ForwardPlanTableModel(RowTableModel[ForwardPlanRow]):
    COL_TITLE = 0
    COL_PRESENTER = 1
    COL_TARGET = 2
    COL_STATUS = 3
    COL_MINUTES = 4
    COL_RESTRICTED = 5
    COL_NOTES = 6
    HEADERS = ("Item", "Presenter", "Aimed at", "Status", "Time", "Restricted", "Notes")

    def row_of_entry(self, entry_id: int) -> int | None:
        return self.find_row(entry_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.row_of_index(index)
        if entry is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(entry, column, full=role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # An empty cell is read as nothing at all: say what its emptiness means.
            text = self._text(entry, column, full=True)
            return text or ("Not restricted" if column == self.COL_RESTRICTED else "none")
        if role == Qt.ItemDataRole.UserRole:
            # Sort key: dates sort by date, not by the words shown.
            if column == self.COL_TARGET:
                when = entry.target_meeting_date or entry.target_month or dt.date.max
                return when.toordinal()
            return self._text(entry, column, full=False).casefold()
        if role == Qt.ItemDataRole.UserRole + 1:
            return entry.id
        return None

    def _text(self, entry: ForwardPlanRow, column: int, *, full: bool) -> str:
        if column == self.COL_TITLE:
            return entry.title
        if column == self.COL_PRESENTER:
            return entry.presenter or ""
        if column == self.COL_TARGET:
            return entry.target_label
        if column == self.COL_STATUS:
            return entry.status.label if entry.status else "Not known"
        if column == self.COL_MINUTES:
            return f"{entry.minutes_allocated} min" if entry.minutes_allocated else ""
        if column == self.COL_RESTRICTED:
            return "Restricted" if entry.is_restricted else ""
        if column == self.COL_NOTES:
            if full:
                return entry.notes
            lines = entry.notes.splitlines()
            return lines[-1] if lines else ""
        return ""


class EntryDialog(QDialog):
    """Add or edit a forward plan entry."""

    def __init__(
        self,
        parent: QWidget | None,
        meeting_choices: Sequence[tuple[int, str]],
        spec: forward_plan.EntrySpec | None,
        *,
        title: str,
        today: dt.date,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.title_edit = QLineEdit(spec.title if spec else "", self)
        self.title_edit.setAccessibleName("Item title")
        self.presenter_edit = QLineEdit((spec.presenter or "") if spec else "", self)
        self.presenter_edit.setAccessibleName("Presenter")
        self.target_combo = QComboBox(self)
        self.target_combo.setAccessibleName("Aimed at meeting")
        self.target_combo.addItem("A month (no meeting fixed yet)", MONTH_TARGET)
        for meeting_id, label in meeting_choices:
            self.target_combo.addItem(label, meeting_id)
        self.month_edit = QDateEdit(self)
        self.month_edit.setDisplayFormat("MMMM yyyy")
        self.month_edit.setAccessibleName("Aimed at month")
        month = (spec.target_month if spec else None) or today.replace(day=1)
        self.month_edit.setDate(qdate(month))
        if spec and spec.target_meeting_id is not None:
            index = self.target_combo.findData(spec.target_meeting_id)
            if index >= 0:
                self.target_combo.setCurrentIndex(index)
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setRange(0, 600)
        self.minutes_spin.setSuffix(" min")
        self.minutes_spin.setSpecialValueText("Not set")
        self.minutes_spin.setValue((spec.minutes_allocated or 0) if spec else 0)
        self.minutes_spin.setAccessibleName("Time allocated in minutes")
        self.restricted_check = QCheckBox("&Restricted", self)
        self.restricted_check.setChecked(spec.is_restricted if spec else False)
        self.notes_edit = QPlainTextEdit((spec.notes or "") if spec else "", self)
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(90)
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Presenter:", self.presenter_edit)
        form.addRow("&Aimed at:", self.target_combo)
        form.addRow("Mo&nth:", self.month_edit)
        form.addRow("Time a&llocated:", self.minutes_spin)
        form.addRow("", self.restricted_check)
        form.addRow("N&otes:", self.notes_edit)
        self.target_combo.currentIndexChanged.connect(self._target_changed)
        self._target_changed()
        self.error_label = QLabel(self)
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _target_changed(self) -> None:
        self.month_edit.setEnabled(self.target_combo.currentData() == MONTH_TARGET)

    def spec(self) -> forward_plan.EntrySpec:
        target = self.target_combo.currentData()
        month = python_date(self.month_edit.date())
        return forward_plan.EntrySpec(
            title=self.title_edit.text(),
            presenter=self.presenter_edit.text() or None,
            target_meeting_id=None if target == MONTH_TARGET else int(target),
            target_month=month.replace(day=1) if target == MONTH_TARGET else None,
            minutes_allocated=self.minutes_spin.value() or None,
            is_restricted=self.restricted_check.isChecked(),
            notes=self.notes_edit.toPlainText(),
        )

    def _accept(self) -> None:
        if not self.title_edit.text().strip():
            self.error_label.setText("Please give the item a title.")
            self.error_label.show()
            return
        self.accept()


class ForwardPlanTab(MeetingTab):
    KEYBOARD_HELP = (
        ("Insert", "Add a forward plan entry", "Forward plan"),
        ("F2 or Enter", "Edit the selected entry", "Forward plan"),
        ("Delete", "Delete the selected entry", "Forward plan"),
    )

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id: int | None = None
        self.body_id: int | None = None
        self.undo_stack: QUndoStack | None = None  # the window shares its stack
        self._own_stack = QUndoStack(self)
        self.setAccessibleName("Forward plan")

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.show_done = QCheckBox("Show &done items", self)
        self.show_done.setAccessibleName("Show done items")
        self.show_done.toggled.connect(lambda _on: self.reload())
        self.model = ForwardPlanTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Forward plan entries")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ForwardPlanTableModel.COL_TARGET, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # the notes
        self.table.setWordWrap(False)
        self.table.activated.connect(lambda _index: self.edit_entry())

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, slot in (
            ("add", "&Add…", self.add_entry),
            ("edit", "&Edit…", self.edit_entry),
            ("defer", "De&fer…", self.defer_entry),
            ("schedule", "Put on &this agenda", self.schedule_entry),
            ("done", "Mark d&one", self.mark_done),
            ("delete", "&Delete…", self.delete_entry),
        ):
            button = QPushButton(text, self)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        # Beside the heading, not after six buttons: there it ran off a half screen.
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.show_done)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(heading_row)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        # Focus follows the layout: the buttons and "Show done" above the table first.
        chain = [*self.buttons.values(), self.show_done, self.table]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        # But Ctrl+5 lands in the list, where Insert, Delete and F2 work (not on "Add…").
        self.setFocusProxy(self.table)
        self.show_meeting(None)

    def keyPressEvent(self, event: Any) -> None:
        if self.table.hasFocus() and not event.modifiers():
            if event.key() == Qt.Key.Key_Insert:
                self.add_entry()
                return
            if event.key() == Qt.Key.Key_Delete:
                self.delete_entry()
                return
            if event.key() == Qt.Key.Key_F2:
                self.edit_entry()
                return
        super().keyPressEvent(event)

    # --- tab interface -------------------------------------------------------------------

    def show_meeting(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        header = self.context.read(agenda.meeting_header, meeting_id) if meeting_id else None
        self.body_id = header.body_id if header else None
        self.heading.setText(
            f"Forward plan of {header.body_name}: items asked for at future meetings"
            if header
            else "Select a meeting to see its body's forward plan."
        )
        enabled = header is not None and not self.context.read_only
        for button in self.buttons.values():
            button.setEnabled(enabled)
        self.buttons["schedule"].setEnabled(enabled and not (header and header.is_locked))
        self.reload()

    def flush(self) -> None:
        """Nothing is held back: every change is saved as it is made."""

    def show_place(self, place: Place) -> None:
        """No entry-level places yet: showing the tab is enough."""

    # --- data ----------------------------------------------------------------------------

    def reload(self, select_entry: int | None = None) -> None:
        current = select_entry if select_entry is not None else self.current_entry_id()
        rows = (
            self.context.read(
                forward_plan.list_entries, self.body_id, include_done=self.show_done.isChecked()
            )
            if self.body_id is not None
            else []
        )
        self.model.set_rows(rows)
        self._fit_columns()
        target = self.model.row_of_entry(current) if current is not None else None
        if target is None and rows:
            target = 0
        if target is not None:
            self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(target, 0)))

    def _fit_columns(self) -> None:
        """Short columns fit their words; the title gets room; the notes take the rest
        (their full text is in the tooltip), so nothing scrolls sideways."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            if column != ForwardPlanTableModel.COL_NOTES:
                self.table.resizeColumnToContents(column)
        title_width = min(header.sectionSize(ForwardPlanTableModel.COL_TITLE), 360)
        header.resizeSection(ForwardPlanTableModel.COL_TITLE, title_width)

    def current_entry_id(self) -> int | None:
        index = self.table.currentIndex()
        value = index.data(Qt.ItemDataRole.UserRole + 1) if index.isValid() else None
        return int(value) if value is not None else None

    def current_entry(self) -> ForwardPlanRow | None:
        entry_id = self.current_entry_id()
        row = self.model.row_of_entry(entry_id) if entry_id is not None else None
        return self.model.row_for(row) if row is not None else None

    def _meeting_choices(self) -> list[tuple[int, str]]:
        if self.body_id is None:
            return []
        rows = self.context.read(meetings.list_meetings, self.body_id)
        today = self.context.clock.today()
        upcoming = sorted((r for r in rows if r.date >= today), key=lambda r: r.date)
        return [(r.id, uk_date(r.date)) for r in upcoming]

    def _stack(self) -> QUndoStack:
        return self.undo_stack or self._own_stack

    def _push(self, command: undo_commands.ServiceCommand) -> None:
        self._stack().push(command)
        if command.failed is None:
            self.status_message.emit(command.text())

    # --- commands ------------------------------------------------------------------------

    def add_entry(self) -> None:
        if self.body_id is None:
            return
        dialog = EntryDialog(
            self,
            self._meeting_choices(),
            None,
            title="Add forward plan entry",
            today=self.context.clock.today(),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._push(
            undo_commands.AddEntryCommand(
                self.context,
                self.body_id,
                dialog.spec(),
                self.meeting_id,
                self.reload,
                lambda exc: show_error(self, exc),
            )
        )

    def edit_entry(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        before = self.context.read(forward_plan.entry_spec, entry.id)
        dialog = EntryDialog(
            self,
            self._meeting_choices(),
            before,
            title="Edit forward plan entry",
            today=self.context.clock.today(),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.spec() == before:
            return
        self._push(
            undo_commands.EditEntryCommand(
                self.context,
                entry.id,
                before,
                dialog.spec(),
                self.reload,
                lambda exc: show_error(self, exc),
            )
        )

    def delete_entry(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        if not confirm(
            self,
            "Delete forward plan entry",
            f"Delete “{entry.title}” from the forward plan?\n\nYou can undo this with Edit › Undo.",
        ):
            return
        self._push(
            undo_commands.DeleteEntryCommand(
                self.context, entry, self.reload, lambda exc: show_error(self, exc)
            )
        )

    def defer_entry(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        dialog = EntryDialog(
            self,
            self._meeting_choices(),
            forward_plan.EntrySpec(
                title=entry.title,
                target_meeting_id=entry.target_meeting_id,
                target_month=entry.target_month,
            ),
            title=f"Defer “{entry.title}”",
            today=self.context.clock.today(),
        )
        for widget in (
            dialog.title_edit,
            dialog.presenter_edit,
            dialog.minutes_spin,
            dialog.restricted_check,
        ):
            widget.setEnabled(False)
        dialog.notes_edit.setPlaceholderText("Why it is deferred (optional)")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        spec = dialog.spec()
        with reporting_user_errors(self) as attempt:
            self.context.write(
                forward_plan.defer_entry,
                entry.id,
                self.context.clock,
                to_meeting_id=spec.target_meeting_id,
                to_month=spec.target_month,
                reason=spec.notes,
                topic="agenda",
            )
        if attempt.failed:
            return
        self.reload(select_entry=entry.id)
        self.status_message.emit(f"Deferred “{entry.title}”")

    def schedule_entry(self) -> None:
        entry = self.current_entry()
        if entry is None or self.meeting_id is None:
            return
        with reporting_user_errors(self) as attempt:
            item_id = self.context.write(
                forward_plan.schedule_entry,
                entry.id,
                self.meeting_id,
                self.context.clock,
                topic="agenda",
            )
        if attempt.failed:
            return
        self.reload(select_entry=entry.id)
        self.status_message.emit(f"“{entry.title}” added to this meeting's agenda")
        self.navigate.emit(Place(self.meeting_id, TAB_AGENDA, agenda_item_id=item_id))

    def mark_done(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        with reporting_user_errors(self) as attempt:
            self.context.write(
                forward_plan.set_status, entry.id, ForwardPlanStatus.DONE, topic="forward_plan"
            )
        if attempt.failed:
            return
        self.reload()
        self.status_message.emit(f"“{entry.title}” marked done")
