"""Qt item model for the Attendance tab: one row per person on the meeting's list.

Rows are `services.attendance.AttendanceRow`s. `set_rows()` resets the model (a new
meeting); `replace_row()` changes one row in place after a mark, so the selection and
the keyboard focus stay where the note taker is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from csp_desktop.models import AttendanceStatus
from csp_desktop.services.attendance import AttendanceRow
from csp_desktop.ui.row_table_model import Index, RowTableModel


class AttendanceTableModel(RowTableModel[AttendanceRow]):
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

    def row_of(self, attendance_id: int) -> int:
        """The row number of that attendance record, -1 if not shown."""
        found = self.find_row(attendance_id)
        return -1 if found is None else found

    # --- QAbstractTableModel -------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED_ROLES:  # sizing a column asks ~8 roles of every cell
            return None
        row = self.row_of_index(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # An empty cell is read as nothing at all: say what its emptiness means.
            return self._text(row, column) or EMPTY_WORDS.get(column, "none")
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


# The roles `data()` answers; every other role is None before the row is looked up.
ANSWERED_ROLES = frozenset(
    role.value
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.UserRole,
    )
)

EMPTY_WORDS = {
    AttendanceTableModel.COL_ROLE: "No role",
    AttendanceTableModel.COL_TIMES: "No arrival or departure times",
    AttendanceTableModel.COL_ORGANISATION: "No organisation",
}
