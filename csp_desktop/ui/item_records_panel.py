"""Records kept beside an item's minutes: decisions (every item), declarations of
interest (in the Declarations item, and noted on the item they concern) and the next
meeting's details (in the Date of next meeting item).

The Agenda tab embeds one panel and calls `show_item(meeting_id, item_id, item_kind)`
whenever the selected item changes. Every change is saved as it is made.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QSize, QStringListModel, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.models import ItemKind
from csp_desktop.services import item_records, people
from csp_desktop.services.item_records import DeclarationRow, NextMeeting
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.error_dialog import confirm
from csp_desktop.ui.qt_dates import python_date, qdate, qtime
from csp_desktop.ui.user_errors import reporting_user_errors

TOPIC = "item-records"
NO_DATE = QDate(2000, 1, 1)
NO_TIME = QTime(0, 0)
ID_ROLE = Qt.ItemDataRole.UserRole


class ItemRecordsPanel(QWidget):
    """Decisions, declarations and next-meeting details for the selected item."""

    status_message = Signal(str)
    navigate = Signal(object)

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id: int | None = None
        self.item_id: int | None = None
        self.item_kind: ItemKind | None = None
        self._loading = False
        self.locked = False
        self.setAccessibleName("Item records")

        # Decisions -----------------------------------------------------------------------
        self.decisions_box = QGroupBox("Decisions and recommendations approved")
        self.decisions_list = QListWidget()
        self.decisions_list.setAccessibleName("Decisions")
        self.decisions_list.setAccessibleDescription(
            "F2 edits the selected decision; Delete removes it"
        )
        self.decisions_list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.decisions_list.setMaximumHeight(110)
        # Shown once there is a decision: empty, it took its height from the minutes.
        self.decisions_list.setVisible(False)
        decisions_model = self.decisions_list.model()
        for signal in (
            decisions_model.rowsInserted,
            decisions_model.rowsRemoved,
            decisions_model.modelReset,
        ):
            signal.connect(self._show_decisions_if_any)
        self.decisions_list.itemChanged.connect(self._decision_edited)
        self.decisions_list.installEventFilter(self)
        self.decision_edit = QLineEdit()
        self.decision_edit.setAccessibleName("New decision")
        self.decision_edit.setPlaceholderText(
            "e.g. The board approved the recommendation to … (Enter adds)"
        )
        self.decision_edit.returnPressed.connect(self.add_decision)
        self.add_decision_button = QPushButton("Add decision")
        self.add_decision_button.setAccessibleName("Add decision")
        self.add_decision_button.clicked.connect(self.add_decision)
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.decision_edit, 1)
        decision_row.addWidget(self.add_decision_button)
        decisions_layout = QVBoxLayout(self.decisions_box)
        decisions_layout.addWidget(self.decisions_list)
        decisions_layout.addLayout(decision_row)

        # Declarations --------------------------------------------------------------------
        self.declarations_box = QGroupBox("Declarations of interest")
        self.declarations_table = QTableWidget(0, 4)
        self.declarations_table.setHorizontalHeaderLabels(
            ["Person", "Concerning", "Nature of interest", "Left the room?"]
        )
        self.declarations_table.setAccessibleName("Declarations of interest")
        self.declarations_table.setAccessibleDescription("Delete removes the selected declaration")
        self.declarations_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.declarations_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.declarations_table.setTabKeyNavigation(False)
        self.declarations_table.verticalHeader().setVisible(False)
        self.declarations_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch
        )
        self.declarations_table.setMaximumHeight(130)
        self.declarations_table.installEventFilter(self)
        self.declarant_edit = QLineEdit()
        self.declarant_edit.setAccessibleName("Person declaring")
        self.declarant_edit.setPlaceholderText("Who (name)")
        self.people_model = QStringListModel(self)
        completer = QCompleter(self.people_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.declarant_edit.setCompleter(completer)
        self.concerning_combo = QComboBox()
        self.concerning_combo.setAccessibleName("Item the interest concerns")
        self.nature_edit = QLineEdit()
        self.nature_edit.setAccessibleName("Nature of interest")
        self.nature_edit.setPlaceholderText("e.g. Trustee of Lifeline (Enter adds)")
        self.nature_edit.returnPressed.connect(self.add_declaration)
        self.withdrew_check = QCheckBox("Left the room for it")
        self.withdrew_check.setAccessibleName("Left the room for the item")
        self.add_declaration_button = QPushButton("Add declaration")
        self.add_declaration_button.setAccessibleName("Add declaration")
        self.add_declaration_button.clicked.connect(self.add_declaration)
        declaration_form = QHBoxLayout()
        declaration_form.addWidget(self.declarant_edit, 2)
        declaration_form.addWidget(self.concerning_combo, 2)
        declaration_form.addWidget(self.nature_edit, 3)
        declaration_form.addWidget(self.withdrew_check)
        declaration_form.addWidget(self.add_declaration_button)
        declarations_layout = QVBoxLayout(self.declarations_box)
        declarations_layout.addWidget(self.declarations_table)
        declarations_layout.addLayout(declaration_form)
        self.declared_note = QLabel()
        self.declared_note.setWordWrap(True)
        self.declared_note.setAccessibleName("Declarations concerning this item")

        # Next meeting --------------------------------------------------------------------
        self.next_box = QGroupBox("Next meeting")
        self.next_date = QDateEdit()
        self.next_date.setAccessibleName("Date of next meeting")
        self.next_date.setCalendarPopup(True)
        self.next_date.setDisplayFormat("dddd d MMMM yyyy")
        self.next_date.setMinimumDate(NO_DATE)
        self.next_date.setSpecialValueText("Not set")
        self.next_start = QTimeEdit()
        self.next_start.setAccessibleName("Start time of next meeting")
        self.next_start.setDisplayFormat("HH:mm")
        self.next_start.setSpecialValueText("Not set")
        self.next_end = QTimeEdit()
        self.next_end.setAccessibleName("End time of next meeting")
        self.next_end.setDisplayFormat("HH:mm")
        self.next_end.setSpecialValueText("Not set")
        self.next_venue = QLineEdit()
        self.next_venue.setAccessibleName("Venue of next meeting")
        self.next_venue.setPlaceholderText("e.g. MS Teams, BLC Conference Room")
        self.next_chair = QLineEdit()
        self.next_chair.setAccessibleName("Chair of next meeting")
        times = QHBoxLayout()
        times.addWidget(self.next_start)
        times.addWidget(QLabel("to"))
        times.addWidget(self.next_end)
        times.addStretch(1)
        next_form = QFormLayout(self.next_box)
        next_form.addRow("Date:", self.next_date)
        next_form.addRow("Time:", times)
        next_form.addRow("Venue:", self.next_venue)
        next_form.addRow("Chair:", self.next_chair)
        for widget in (self.next_date, self.next_start, self.next_end):
            widget.editingFinished.connect(self.save_next_meeting)
        for line in (self.next_venue, self.next_chair):
            line.editingFinished.connect(self.save_next_meeting)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.declarations_box)
        layout.addWidget(self.next_box)
        layout.addWidget(self.decisions_box)
        layout.addWidget(self.declared_note)
        self.show_item(None, None, None)

    def minimumSizeHint(self) -> QSize:
        """Room for the wrapped "Declared on this item" lines too: the splitter above
        reads this, not the label's height for the width, and squashed the decision
        box to a sliver once the empty decisions list no longer took up the slack."""
        hint = super().minimumSizeHint()
        note = self.declared_note
        if note.isVisibleTo(self) and self.width() > 0:
            extra = note.heightForWidth(self.width()) - note.minimumSizeHint().height()
            if extra > 0:
                hint.setHeight(hint.height() + extra)
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the note's lines, so the minimum, follow the width

    # --- interface -----------------------------------------------------------------------

    def show_item(
        self, meeting_id: int | None, item_id: int | None, item_kind: ItemKind | str | None
    ) -> None:
        self.meeting_id = meeting_id
        self.item_id = item_id
        self.item_kind = ItemKind(item_kind) if item_kind else None
        has_item = meeting_id is not None and item_id is not None
        self.decisions_box.setVisible(has_item)
        self.declarations_box.setVisible(has_item and self.item_kind is ItemKind.DECLARATIONS)
        self.next_box.setVisible(has_item and self.item_kind is ItemKind.NEXT_MEETING)
        self.declared_note.setVisible(False)
        if not has_item:
            return
        with reporting_user_errors(self) as attempt:
            self._load()
            locked = self.context.read(item_records.meeting_is_locked, meeting_id)
        if attempt.failed:
            return
        self._set_read_only(locked)

    def _set_read_only(self, locked: bool) -> None:
        """Approved minutes: the records stay readable, the inputs are switched off."""
        self.locked = locked
        for widget in (
            self.decision_edit,
            self.add_decision_button,
            self.declarant_edit,
            self.concerning_combo,
            self.nature_edit,
            self.withdrew_check,
            self.add_declaration_button,
            self.next_date,
            self.next_start,
            self.next_end,
            self.next_venue,
            self.next_chair,
        ):
            widget.setEnabled(not locked)
        self.decisions_list.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if locked
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.decisions_box.setToolTip(item_records.LOCKED_NOTE if locked else "")

    def flush(self) -> None:
        """Saved as edited; the next-meeting fields save when they lose focus."""
        if self.next_box.isVisible() and any(
            w.hasFocus() for w in (self.next_venue, self.next_chair, self.next_date)
        ):
            self.save_next_meeting()

    # --- loading -------------------------------------------------------------------------

    def _load(self) -> None:
        assert self.meeting_id is not None and self.item_id is not None
        self._loading = True
        try:
            self._load_decisions()
            declarations = self.context.read(item_records.list_declarations, self.meeting_id)
            if self.declarations_box.isVisible():
                self._load_declarations(declarations)
            concerning = [d for d in declarations if d.agenda_item_id == self.item_id]
            if concerning and self.item_kind is not ItemKind.DECLARATIONS:
                self.declared_note.setText(
                    "Declared on this item: "
                    + "; ".join(
                        f"{d.person_name} ({d.nature}; {d.withdrew_label.lower()})"
                        for d in concerning
                    )
                )
                self.declared_note.setVisible(True)
            if self.next_box.isVisible():
                self._load_next_meeting(
                    self.context.read(item_records.get_next_meeting, self.meeting_id)
                )
        finally:
            self._loading = False

    def _show_decisions_if_any(self, *_args: object) -> None:
        self.decisions_list.setVisible(self.decisions_list.count() > 0)

    def _load_decisions(self) -> None:
        assert self.item_id is not None
        self.decisions_list.blockSignals(True)
        self.decisions_list.clear()
        for decision in self.context.read(item_records.list_decisions, self.item_id):
            entry = QListWidgetItem(decision.text)
            entry.setData(ID_ROLE, decision.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsEditable)
            self.decisions_list.addItem(entry)
        self.decisions_list.blockSignals(False)

    def _load_declarations(self, declarations: list[DeclarationRow]) -> None:
        assert self.meeting_id is not None
        self.people_model.setStringList(
            [p.display_name for p in self.context.read(people.list_people)]
        )
        self.concerning_combo.clear()
        self.concerning_combo.addItem("The meeting as a whole", None)
        for choice in self.context.read(item_records.item_choices, self.meeting_id):
            self.concerning_combo.addItem(choice.label, choice.id)
        self.declarations_table.setRowCount(len(declarations))
        for row, declaration in enumerate(declarations):
            cells = (
                declaration.person_name,
                declaration.item_label or "The meeting as a whole",
                declaration.nature,
                "Yes, left the room" if declaration.withdrew else "No, stayed",
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, declaration.id)
                self.declarations_table.setItem(row, column, cell)
        for column in (0, 1, 3):
            self.declarations_table.resizeColumnToContents(column)

    def _load_next_meeting(self, details: NextMeeting) -> None:
        self.next_date.setDate(qdate(details.date) if details.date else NO_DATE)
        self.next_start.setTime(qtime(details.start_time) if details.start_time else NO_TIME)
        self.next_end.setTime(qtime(details.end_time) if details.end_time else NO_TIME)
        self.next_venue.setText(details.venue)
        self.next_chair.setText(details.chair)

    # --- decisions -----------------------------------------------------------------------

    def _write(self, service: Any, *args: Any, **kwargs: Any) -> Any:
        """Save through a service; None when it failed (the user has been told why)."""
        with reporting_user_errors(self) as attempt:
            result = self.context.write(service, *args, topic=TOPIC, **kwargs)
        if attempt.failed:
            return None
        return True if result is None else result

    def add_decision(self) -> None:
        text = self.decision_edit.text().strip()
        if self.item_id is None or not text:
            return
        if self._write(item_records.add_decision, self.item_id, text) is None:
            return
        self.decision_edit.clear()
        self._load_decisions()
        self.status_message.emit("Decision recorded")

    def _decision_edited(self, entry: QListWidgetItem) -> None:
        if self._loading:
            return
        decision_id = entry.data(ID_ROLE)
        self._write(item_records.set_decision_text, decision_id, entry.text())
        self._load_decisions()

    def delete_selected_decision(self) -> None:
        entry = self.decisions_list.currentItem()
        if entry is None:
            return
        if not confirm(self, "Delete decision", f"Delete this decision?\n\n{entry.text()}"):
            return
        self._write(item_records.delete_decision, entry.data(ID_ROLE))
        self._load_decisions()

    # --- declarations --------------------------------------------------------------------

    def add_declaration(self) -> None:
        if self.meeting_id is None:
            return
        person = self.declarant_edit.text().strip()
        added = self._write(
            item_records.add_declaration,
            self.meeting_id,
            person,
            agenda_item_id=self.concerning_combo.currentData(),
            nature=self.nature_edit.text(),
            withdrew=self.withdrew_check.isChecked(),
        )
        if added is None:
            return
        self.declarant_edit.clear()
        self.nature_edit.clear()
        self.withdrew_check.setChecked(False)
        self._load()
        self.declarant_edit.setFocus()
        self.status_message.emit(f"Declaration by {added.person_name} recorded")

    def delete_selected_declaration(self) -> None:
        row = self.declarations_table.currentRow()
        cell = self.declarations_table.item(row, 0) if row >= 0 else None
        if cell is None:
            return
        if not confirm(self, "Delete declaration", f"Delete the declaration by {cell.text()}?"):
            return
        self._write(item_records.delete_declaration, cell.data(ID_ROLE))
        self._load()

    # --- next meeting --------------------------------------------------------------------

    def save_next_meeting(self) -> None:
        if self._loading or self.meeting_id is None:
            return
        date = self.next_date.date()
        start, end = self.next_start.time(), self.next_end.time()
        details = NextMeeting(
            date=None if date == NO_DATE else python_date(date),
            start_time=None if start == NO_TIME else _time(start),
            end_time=None if end == NO_TIME else _time(end),
            venue=self.next_venue.text(),
            chair=self.next_chair.text(),
        )
        if details == self.context.read(item_records.get_next_meeting, self.meeting_id):
            return
        if self._write(item_records.set_next_meeting, self.meeting_id, details) is not None:
            self.status_message.emit("Next meeting details saved")

    # --- keys ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Delete and not self.locked:
                if watched is self.decisions_list and self.decisions_list.state() != (
                    QAbstractItemView.State.EditingState
                ):
                    self.delete_selected_decision()
                    return True
                if watched is self.declarations_table:
                    self.delete_selected_declaration()
                    return True
        return super().eventFilter(watched, event)


def _time(value: QTime) -> dt.time:
    return dt.time(value.hour(), value.minute())
