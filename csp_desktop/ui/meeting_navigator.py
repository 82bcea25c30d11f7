"""The meeting list on the left: bodies, then their meetings newest first, with status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.models import MeetingStatus
from csp_desktop.services.formatting import short_uk_date, uk_date

MEETING_ID_ROLE = Qt.ItemDataRole.UserRole + 1

STATUS_WORDS = {
    MeetingStatus.DRAFT: "Draft",
    MeetingStatus.AGENDA_ISSUED: "Agenda issued",
    MeetingStatus.IN_PROGRESS: "In progress",
    MeetingStatus.MINUTES_DRAFTED: "Minutes drafted",
    MeetingStatus.APPROVED: "Approved",
    MeetingStatus.CANCELLED: "Cancelled",
}


class MeetingTreeModel(QStandardItemModel):
    """Bodies (board first, as `list_meetings` groups them) and their meetings.

    Rows are `meetings.list_meetings()` rows (newest first); `set_rows()` rebuilds.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Meetings"])

    def set_rows(self, rows: Sequence[Any], body_order: Sequence[int] = ()) -> None:
        self.clear()
        self.setHorizontalHeaderLabels(["Meetings"])
        bodies: dict[int, QStandardItem] = {}
        order = {body_id: n for n, body_id in enumerate(body_order)}
        by_body = sorted(
            rows, key=lambda r: (order.get(r.body_id, len(order)), -r.date.toordinal())
        )
        for row in by_body:
            parent = bodies.get(row.body_id)
            if parent is None:
                parent = QStandardItem(row.body_name)
                parent.setEditable(False)
                parent.setSelectable(False)
                parent.setAccessibleText(row.body_name)
                parent.setToolTip(row.body_name)
                bodies[row.body_id] = parent
                self.appendRow(parent)
            parent.appendRow(self._meeting_item(row))

    @staticmethod
    def _meeting_item(row: Any) -> QStandardItem:
        status = STATUS_WORDS.get(row.status, str(row.status))
        label = f"{short_uk_date(row.date)} · {status}"
        if row.title:
            label += f"\n{row.title}"
        item = QStandardItem(label)
        item.setEditable(False)
        item.setData(row.id, MEETING_ID_ROLE)
        full = f"{row.body_name}, {uk_date(row.date)}: {status}"
        if row.title:
            full += f" ({row.title})"
        item.setToolTip(full)
        item.setAccessibleText(full)
        return item

    def index_of_meeting(self, meeting_id: int) -> QModelIndex:
        for body_row in range(self.rowCount()):
            body = self.item(body_row)
            for row in range(body.rowCount()):
                child = body.child(row)
                if child.data(MEETING_ID_ROLE) == meeting_id:
                    return child.index()
        return QModelIndex()


class MeetingTree(QTreeView):
    """The tree of meetings, without type-to-jump.

    A letter typed here never selects a meeting: minutes typed while focus was
    mistakenly in the list ("17 members...") once opened the 17 June meeting instead
    of the live one. Meetings are found with the filter box or the arrow keys.
    """

    def keyboardSearch(self, search: str) -> None:
        return


class MeetingNavigator(QWidget):
    """A filterable tree of meetings; emits `meeting_selected(id)` as the user moves."""

    meeting_selected = Signal(int)
    new_meeting_requested = Signal()
    # Esc in the filter box: it was cleared and the user wants to go back to the minutes.
    filter_escaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MeetingTreeModel(self)
        self._rows: list[Any] = []
        self._body_order: list[int] = []

        heading = QLabel("Meetin&gs", self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by date, body or status")
        self.filter_edit.setAccessibleName("Filter meetings")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)

        self.filter_edit.installEventFilter(self)

        self.tree = MeetingTree(self)
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Meetings")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setWordWrap(True)
        heading.setBuddy(self.tree)
        # Wide enough for "30 Sep 2026 · Minutes drafted" beside the tree's indentation,
        # so a meeting's status is never cut off, even in half a screen.
        sample = self.tree.fontMetrics().horizontalAdvance("30 Sep 2026 · Minutes drafted")
        self.setMinimumWidth(sample + self.tree.indentation() * 2 + 40)

        self.new_button = QPushButton("&New meeting…", self)
        self.new_button.setAccessibleName("New meeting")
        self.new_button.clicked.connect(self.new_meeting_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(heading)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.new_button)
        self.setTabOrder(self.filter_edit, self.tree)
        self.setTabOrder(self.tree, self.new_button)
        self._connect_selection()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.filter_edit.clear()
            self.filter_escaped.emit()
            return True
        return super().eventFilter(watched, event)

    def _connect_selection(self) -> None:
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

    def set_rows(self, rows: Sequence[Any], body_order: Sequence[int] = ()) -> None:
        """Show these meetings, keeping the current one selected if it is still there."""
        current = self.current_meeting_id()
        self._rows = list(rows)
        self._body_order = list(body_order)
        self._rebuild(current)

    def _rebuild(self, keep: int | None) -> None:
        words = self.filter_edit.text().casefold().split()
        rows = [r for r in self._rows if all(w in _haystack(r) for w in words)]
        self.tree.blockSignals(True)
        self.tree.selectionModel().blockSignals(True)
        self.model.set_rows(rows, self._body_order)
        self.tree.expandAll()
        if keep is not None:
            index = self.model.index_of_meeting(keep)
            if index.isValid():
                self.tree.setCurrentIndex(index)
        self.tree.selectionModel().blockSignals(False)
        self.tree.blockSignals(False)

    def _apply_filter(self) -> None:
        self._rebuild(self.current_meeting_id())

    def current_meeting_id(self) -> int | None:
        index = self.tree.currentIndex()
        value = index.data(MEETING_ID_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    def select_meeting(self, meeting_id: int, *, notify: bool = False) -> bool:
        """Select a meeting in the tree; emit `meeting_selected` only when asked to."""
        index = self.model.index_of_meeting(meeting_id)
        if not index.isValid():
            if self.filter_edit.text():
                self.filter_edit.clear()
                index = self.model.index_of_meeting(meeting_id)
            if not index.isValid():
                return False
        self.tree.selectionModel().blockSignals(not notify)
        self.tree.setCurrentIndex(index)
        self.tree.selectionModel().blockSignals(False)
        self.tree.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        value = current.data(MEETING_ID_ROLE) if current.isValid() else None
        if value is not None:
            self.meeting_selected.emit(int(value))


def _haystack(row: Any) -> str:
    status = STATUS_WORDS.get(row.status, str(row.status))
    return " ".join(
        str(part)
        for part in (row.body_name, uk_date(row.date), row.date.isoformat(), status, row.title)
        if part
    ).casefold()
