"""The Attendance tab: mark the roster by keyboard while the meeting gathers.

Up/Down move through the list; P, A and X mark the selected person present, sending
apologies or absent and move to the next row; L stamps a late arrival and E an early
departure with the time and the item running. Additional attendees are typed as
"Name, Organisation" (completed from everyone on record) and created if new. The
counts and the quorum are always in words; the quorum turns red when lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.models import AttendanceRole, AttendanceStatus
from csp_desktop.services import attendance as attendance_service
from csp_desktop.services import item_records
from csp_desktop.services.attendance import AttendanceRow, RoomCounts
from csp_desktop.ui.announcer import announce, forget, name_by_purpose, show_live_text
from csp_desktop.ui.attendance_table_model import AttendanceTableModel
from csp_desktop.ui.changed_elsewhere import ChangedElsewhere
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.error_dialog import confirm, show_error
from csp_desktop.ui.tab_contract import MeetingTab
from csp_desktop.ui.user_errors import reporting_user_errors

KEY_LEGEND = (
    "Keys: <b>P</b> present · <b>A</b> apologies · <b>X</b> absent · "
    "<b>L</b> arrived late · <b>E</b> left early · <b>Delete</b> remove an additional attendee"
)
LEGEND_WORDS = (
    "P present, A apologies, X absent, L arrived late, E left early, "
    "Delete removes an additional attendee"
)
MARK_KEYS = {
    Qt.Key.Key_P: AttendanceStatus.PRESENT,
    Qt.Key.Key_A: AttendanceStatus.APOLOGIES,
    Qt.Key.Key_X: AttendanceStatus.ABSENT,
}
NO_ROLE = "No role"
ROLE_CHOICES = (
    AttendanceRole.CHAIR,
    AttendanceRole.INTERIM_CHAIR,
    AttendanceRole.VICE_CHAIR,
    AttendanceRole.NOTE_TAKER,
    AttendanceRole.PRESENTER,
)
TOPIC = "attendance"


class AttendanceTab(MeetingTab):
    """Tab interface: show_meeting(), flush(), status_message, navigate."""

    # Listed under Help › Keyboard shortcuts (see ui/shortcuts.extra_rows).
    KEYBOARD_HELP = (
        ("Up / Down", "Move through the attendance list", "Attendance list"),
        ("P", "Mark present (then move down)", "Attendance list"),
        ("A", "Mark apologies (then move down)", "Attendance list"),
        ("X", "Mark absent (then move down)", "Attendance list"),
        ("L", "Arrived late: stamp the time and the item running", "Attendance list"),
        ("E", "Left early: stamp the time and the item running", "Attendance list"),
        ("Delete", "Remove an additional attendee (asks first)", "Attendance list"),
        ("Ctrl+Shift+T", "Go to the attendance list", "Attendance tab"),
        ("Ctrl+Shift+D", "Add an attendee (type Name, Organisation; Enter)", "Attendance tab"),
        ("Alt+R", "Choose the role of the selected person", "Attendance tab"),
    )

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id: int | None = None
        self.locked = False
        self.quorum: int | None = None
        self._quorate: bool | None = None  # as last shown, to announce only a change
        self._people: list[str] = []
        self._organisations: list[str] = []

        self.setAccessibleName("Attendance")
        self.heading = QLabel("Attendance")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)

        self.legend = QLabel(KEY_LEGEND)
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Attendance keys")
        self.legend.setAccessibleDescription(LEGEND_WORDS)

        self.counts_label = QLabel()
        self.counts_label.setAccessibleName("People in the room")
        # Two lines rather than cut off in half a screen (quorum and import beside it).
        self.counts_label.setWordWrap(True)
        self.quorum_label = QLabel()
        self.quorum_label.setAccessibleName("Quorum")
        self.quorum_label.setMargin(4)
        counts_row = QHBoxLayout()
        counts_row.addWidget(self.counts_label, 1)
        counts_row.addWidget(self.quorum_label)

        self.model = AttendanceTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Attendance list")
        self.table.setAccessibleDescription(
            "Up and Down move; P present, A apologies, X absent, L arrived late, E left early"
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)

        self.role_label = QLabel("&Role of selected person:")
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName("Role of selected person")
        self.role_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        name_by_purpose(self.role_combo, self.role_label, "Role of selected person")
        self.role_combo.activated.connect(self._role_chosen)
        role_row = QHBoxLayout()
        role_row.addWidget(self.role_label)
        role_row.addWidget(self.role_combo)
        role_row.addStretch(1)

        self.add_label = QLabel("A&dd attendee (Name, Organisation):")
        self.add_edit = QLineEdit()
        self.add_edit.setAccessibleName("Add attendee")
        self.add_edit.setPlaceholderText("e.g. Gary Jones, Metropolitan Police — Enter to add")
        self.add_edit.setClearButtonEnabled(True)
        self.add_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.add_label.setBuddy(self.add_edit)
        self.completer_model = QStringListModel(self)
        self.completer = QCompleter(self.completer_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.add_edit.setCompleter(self.completer)
        self.add_edit.textEdited.connect(self._adjust_completions)
        self.add_edit.returnPressed.connect(self.add_attendee)
        self.add_button = QPushButton("Add")
        self.add_button.setAccessibleName("Add attendee to the list")
        self.add_button.clicked.connect(self.add_attendee)
        self.add_members_button = QPushButton("Add members from the roster")
        self.add_members_button.setAccessibleName("Add the body's members missing from this list")
        self.add_members_button.clicked.connect(self.add_missing_members)
        self.add_members_button.setVisible(False)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_label)
        add_row.addWidget(self.add_edit, 1)
        add_row.addWidget(self.add_button)

        counts_row.insertWidget(1, self.add_members_button)
        self._add_attendance_list_button(counts_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.legend)
        layout.addLayout(counts_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(role_row)
        layout.addLayout(add_row)

        # Tab order: list, role, add line, add button, then the buttons above the list.
        # The list is the first stop, so Ctrl+2 lands where P, A and X mark (the import
        # button above it was first, and took the keys).
        QWidget.setTabOrder(self.table, self.role_combo)
        QWidget.setTabOrder(self.role_combo, self.add_edit)
        QWidget.setTabOrder(self.add_edit, self.add_button)
        QWidget.setTabOrder(self.add_button, self.add_members_button)
        QWidget.setTabOrder(self.add_members_button, self.attendance_list_button)

        # Window-wide while this tab shows (hidden tabs' shortcuts do not fire).
        self.focus_list_action = QAction("Go to the attendance list", self)
        self.focus_list_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.focus_list_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.focus_list_action.triggered.connect(self.table.setFocus)
        self.addAction(self.focus_list_action)
        self.focus_add_action = QAction("Add an attendee", self)
        self.focus_add_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.focus_add_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.focus_add_action.triggered.connect(self.add_edit.setFocus)
        self.addAction(self.focus_add_action)

        self._set_enabled(False)
        self._show_counts(None)

    def _add_attendance_list_button(self, row: QHBoxLayout) -> None:
        """Teams' attendance list pre-fills the marks (issue 18)."""
        from csp_desktop.ui.shortcuts import tooltip

        self.attendance_list_button = QPushButton("Import attendance &list…")
        self.attendance_list_button.setAccessibleName("Import attendance list from Teams")
        # The window's action (File menu, Ctrl+Shift+W) calls import_attendance_list too.
        self.attendance_list_button.setToolTip(tooltip("import_attendance_list"))
        self.attendance_list_button.clicked.connect(self.import_attendance_list)
        row.addWidget(self.attendance_list_button)

    def import_attendance_list(self) -> None:
        from csp_desktop.ui import transcript_import

        if transcript_import.import_attendance_list(
            self.context,
            self,
            self.meeting_id,
            on_added=lambda: self.show_meeting(self.meeting_id),
        ):
            self.show_meeting(self.meeting_id)
        self.table.setFocus()

    # --- tab interface -------------------------------------------------------------------

    def show_meeting(self, meeting_id: int | None) -> None:
        if meeting_id != self.meeting_id:
            self._quorate = None  # another meeting: its quorum is news, not a change
        self.meeting_id = meeting_id
        if meeting_id is None:
            self.add_members_button.setVisible(False)
            self.model.set_rows([])
            self._show_counts(None)
            self._set_enabled(False)
            return
        with reporting_user_errors(self) as attempt:
            view = self.context.read(attendance_service.attendance_view, meeting_id)
            suggestions = self.context.read(attendance_service.suggestions)
        if attempt.failed:
            return
        rows = view.rows
        self.quorum = view.quorum
        missing = view.missing_members
        self.add_members_button.setVisible(missing > 0)
        self.add_members_button.setText(
            f"Add {missing} member{'s' if missing != 1 else ''} from the roster"
        )
        self.add_members_button.setAccessibleName(
            f"{self.add_members_button.text()} (the body's members missing from this list)"
        )
        self._people = suggestions.people
        self._organisations = suggestions.organisations
        self.completer_model.setStringList(self._people)
        self.model.set_rows(rows)
        self._fit_columns()
        self._set_enabled(True)
        self.locked = view.locked
        for widget in (self.role_combo, self.add_edit, self.add_button, self.add_members_button):
            widget.setEnabled(not self.locked)
        self.legend.setText(item_records.LOCKED_NOTE if self.locked else KEY_LEGEND)
        self.legend.setAccessibleDescription(
            item_records.LOCKED_NOTE if self.locked else LEGEND_WORDS
        )
        self._show_counts(view.counts)
        self._rebuild_role_choices()
        if rows:
            self.table.selectRow(0)

    def flush(self) -> None:
        """Every mark is saved as it is made; nothing is pending here."""

    def show_place(self, place: Any) -> None:
        self.table.setFocus()

    # --- keyboard ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._handle_key(event):
                return True
        return super().eventFilter(watched, event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        key = Qt.Key(event.key())
        if self.locked and key in (*MARK_KEYS, Qt.Key.Key_L, Qt.Key.Key_E, Qt.Key.Key_Delete):
            self.status_message.emit(item_records.LOCKED_NOTE)
            return True
        if key in MARK_KEYS:
            self.mark_current(MARK_KEYS[key])
            return True
        if key == Qt.Key.Key_L:
            self.stamp_current(arrival=True)
            return True
        if key == Qt.Key.Key_E:
            self.stamp_current(arrival=False)
            return True
        if key == Qt.Key.Key_Delete:
            self.remove_current()
            return True
        return False

    # --- actions -------------------------------------------------------------------------

    def current_row(self) -> AttendanceRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def mark_current(self, status: AttendanceStatus) -> None:
        row = self.current_row()
        if row is None:
            return
        updated = self._write(
            attendance_service.mark, row.id, status, expected_version=row.row_version
        )
        if updated is None:
            return
        self.model.replace_row(updated)
        self._refresh_counts()
        status_text = str(self.model.data(self._status_index(updated)))
        self.status_message.emit(f"{updated.name}: {status_text}")
        moved_to = self._move_down()
        # Said in words, with where focus went: the note taker marks the next without looking.
        where = f"next: {moved_to}" if moved_to else "end of the list"
        announce(self.table, f"{updated.name}: {status_text.lower()}; {where}")

    def stamp_current(self, *, arrival: bool) -> None:
        row = self.current_row()
        if row is None:
            return
        service = (
            attendance_service.stamp_arrival if arrival else attendance_service.stamp_departure
        )
        updated = self._write(service, row.id, self.context.clock)
        if updated is None:
            return
        self.model.replace_row(updated)
        self._refresh_counts()
        self.status_message.emit(f"{updated.name}: {updated.times_label}")
        what = "arrived late" if arrival else "left early"
        announce(self.table, f"{updated.name}: {what}; {updated.times_label}")

    def remove_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if row.is_member:
            show_error(self, f"{row.name} is a member; mark them absent (X) instead.")
            return
        if not confirm(self, "Remove attendee", f"Take {row.name} off this meeting's list?"):
            return
        if self._write(attendance_service.remove_attendee, row.id, default=False) is False:
            return
        self._reload(select_id=None)
        self.status_message.emit(f"{row.name} removed from the list")

    def add_attendee(self) -> None:
        if self.meeting_id is None:
            return
        text = self.add_edit.text().strip()
        if not text:
            return
        added = self._write(attendance_service.add_attendee, self.meeting_id, text)
        if added is None:
            return
        self.add_edit.clear()
        self._reload(select_id=added.id)
        suggestions = self.context.read(attendance_service.suggestions)
        self._people, self._organisations = suggestions.people, suggestions.organisations
        self.completer_model.setStringList(self._people)
        self.status_message.emit(f"{added.name} added as present")

    def add_missing_members(self) -> None:
        """Members who joined after the list was made (or an imported meeting)."""
        if self.meeting_id is None:
            return
        added = self._write(attendance_service.add_missing_members, self.meeting_id)
        if added is None:
            return
        self.show_meeting(self.meeting_id)
        self.status_message.emit(f"{added} member{'s' if added != 1 else ''} added as absent")

    def _role_chosen(self, combo_index: int) -> None:
        row = self.current_row()
        if row is None:
            return
        choice = self.role_combo.itemData(combo_index)
        role, substitute_for = choice if choice else (None, None)
        updated = self._write(
            attendance_service.set_role,
            row.id,
            AttendanceRole(role) if role else None,
            substitute_for_id=substitute_for,
        )
        if updated is None:
            self._sync_role_combo()
            return
        if role in (AttendanceRole.CHAIR.value, AttendanceRole.INTERIM_CHAIR.value):
            self._reload(select_id=row.id)  # the chair may have moved from someone else
        else:
            self.model.replace_row(updated)
        self._refresh_counts()
        self.status_message.emit(f"{updated.name}: {updated.role_label or 'no role'}")

    # --- helpers -------------------------------------------------------------------------

    def _write(
        self, service: Callable[..., Any], *args: Any, default: Any = None, **kw: Any
    ) -> Any:
        # A mark made elsewhere meanwhile (issue 16): said in the status bar, theirs shown.
        theirs = ChangedElsewhere(
            self.status_message.emit, lambda: self._reload(select_id=None), "the mark"
        )
        with reporting_user_errors(self) as attempt, theirs:
            result = self.context.write(service, *args, topic=TOPIC, **kw)
        if attempt.failed or theirs.refused:
            return default
        return True if result is None else result

    def _reload(self, *, select_id: int | None) -> None:
        if self.meeting_id is None:
            return
        current = self.table.currentIndex().row()
        rows = self.context.read(attendance_service.roster, self.meeting_id)
        self.model.set_rows(rows)
        self._fit_columns()
        self._rebuild_role_choices()
        self._refresh_counts()
        target = self.model.row_of(select_id) if select_id is not None else current
        if rows:
            self.table.selectRow(max(0, min(target, len(rows) - 1)))

    def _fit_columns(self) -> None:
        """Names and organisations in full; the times column takes what is left.

        Rows are one line each (no word wrap), so they share one height, taken from the
        first row: sizing every row asked the model for every cell again (half of a
        switch to this tab on the ten-year archive)."""
        self.table.resizeColumnsToContents()
        if self.model.rowCount() > 0:
            rows = self.table.verticalHeader()
            rows.setDefaultSectionSize(max(rows.minimumSectionSize(), self.table.sizeHintForRow(0)))

    def _move_down(self) -> str:
        """Select the next person; their name ("" when already on the last row)."""
        row = self.table.currentIndex().row()
        if row + 1 < self.model.rowCount():
            self.table.selectRow(row + 1)
            following = self.current_row()
            return following.name if following is not None else ""
        return ""

    def _status_index(self, row: AttendanceRow) -> Any:
        return self.model.index(self.model.row_of(row.id), AttendanceTableModel.COL_STATUS)

    def _refresh_counts(self) -> None:
        if self.meeting_id is None:
            self._show_counts(None)
            return
        # From the rows on screen: a mark costs one write, not another read of the list.
        self._show_counts(attendance_service.counts_of(self.model.rows(), self.quorum))

    def _show_counts(self, counts: RoomCounts | None) -> None:
        if counts is None:
            show_live_text(self.counts_label, "People in the room", "No meeting selected")
            show_live_text(self.quorum_label, "Quorum", "")
            self.quorum_label.setStyleSheet("")
            self._quorate = None
            forget("quorum")
            return
        show_live_text(self.counts_label, "People in the room", counts.room_text)
        show_live_text(self.quorum_label, "Quorum", counts.quorum_text)
        # Quorum lost or regained is said once, when it changes (not on opening a meeting).
        changed = counts.is_quorate is not None and counts.is_quorate != self._quorate
        if self._quorate is not None and changed:
            announce(self.quorum_label, counts.quorum_text, topic="quorum")
        self._quorate = counts.is_quorate
        if counts.is_quorate is False:
            # Red with white bold text, and the words say it too: never colour alone.
            self.quorum_label.setStyleSheet(
                "QLabel { background-color: #c62828; color: white; font-weight: bold; }"
            )
        else:
            self.quorum_label.setStyleSheet("QLabel { font-weight: bold; }")

    def _rebuild_role_choices(self) -> None:
        self.role_combo.blockSignals(True)
        self.role_combo.clear()
        self.role_combo.addItem(NO_ROLE, None)
        for role in ROLE_CHOICES:
            self.role_combo.addItem(attendance_service.ROLE_LABELS[role], (role.value, None))
        for member in self.model.rows():
            if member.is_member:
                self.role_combo.addItem(
                    f"Substitute for {member.name}",
                    (AttendanceRole.SUBSTITUTE.value, member.person_id),
                )
        self.role_combo.blockSignals(False)
        self._sync_role_combo()

    def _sync_role_combo(self) -> None:
        row = self.current_row()
        self.role_combo.blockSignals(True)
        if row is None or row.role is None:
            self.role_combo.setCurrentIndex(0)
        else:
            wanted = (
                row.role.value,
                row.substitute_for_id if row.role is AttendanceRole.SUBSTITUTE else None,
            )
            found = self.role_combo.findData(wanted)
            self.role_combo.setCurrentIndex(max(found, 0))
        self.role_combo.blockSignals(False)

    def _current_row_changed(self, *_args: Any) -> None:
        self._sync_role_combo()

    def _adjust_completions(self, text: str) -> None:
        """After "Name," complete the organisation; before it, the person."""
        if "," in text:
            name = text.split(",", 1)[0].strip()
            self.completer_model.setStringList([f"{name}, {o}" for o in self._organisations])
        else:
            self.completer_model.setStringList(self._people)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.table, self.role_combo, self.add_edit, self.add_button):
            widget.setEnabled(enabled)
