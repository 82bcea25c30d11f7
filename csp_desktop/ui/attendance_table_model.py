"""Qt item model for the Attendance tab: one row per person on the meeting's list.

Rows are `services.attendance.AttendanceRow`s. `set_rows()` resets the model (a new
meeting); `replace_row()` changes one row in place after a mark, so the selection and
the keyboard focus stay where the note taker is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from csp_desktop.models import AttendanceStatus
from csp_desktop.services.attendance import AttendanceRow

Index = QModelIndex | QPersistentModelIndex


class AttendanceTableModel(QAbstractTableModel):
    # Status and role first: on half a screen beside Teams they must not scroll away.
    COL_NAME = 0
    COL_STATUS = 1
    COL_ROLE = 2
    COL_TIMES = 3
    COL_LISTED_AS = 4
    COL_ORGANISATION = 5
    HEADERS = ("Name", "Status", "Role", "Late / left early", "Listed as", "Organisation")
    HEADER_TIPS = (
        "Name with title, as the minutes print it",
        "Present, Apologies or Absent (keys P, A, X)",
        "Chair, note taker, substitute for a member...",
        "Late arrival (key L) and early departure (key E), with the item running then",
        "Member of the body, or additional attendee",
        "The person's organisation",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AttendanceRow] = []

    def set_rows(self, rows: Sequence[AttendanceRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def replace_row(self, row: AttendanceRow) -> int:
        """Swap in the new state of one row; returns its row number (-1 if not shown)."""
        for number, existing in enumerate(self._rows):
            if existing.id == row.id:
                self._rows[number] = row
                self.dataChanged.emit(
                    self.index(number, 0), self.index(number, self.columnCount() - 1)
                )
                return number
        return -1

    def rows(self) -> list[AttendanceRow]:
        return list(self._rows)

    def row_at(self, row: int) -> AttendanceRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, attendance_id: int) -> int:
        return next((n for n, r in enumerate(self._rows) if r.id == attendance_id), -1)

    # --- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_STATUS:
            return "Keys: P present, A apologies, X absent, L arrived late, E left early"
        if role == Qt.ItemDataRole.FontRole and column == self.COL_STATUS and row.in_room:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _text(self, row: AttendanceRow, column: int) -> str:
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_ORGANISATION:
            return row.organisation
        if column == self.COL_LISTED_AS:
            return "Member" if row.is_member else "Additional attendee"
        if column == self.COL_STATUS:
            # "Additional" is already said by the Listed as column.
            text = "Present" if row.status is AttendanceStatus.ADDITIONAL else row.status_label
            return f"{text} (left early)" if row.left_at is not None else text
        if column == self.COL_ROLE:
            return row.role_label
        if column == self.COL_TIMES:
            return row.times_label
        return ""
