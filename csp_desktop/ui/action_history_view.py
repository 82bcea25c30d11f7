"""The update history of one action: when, who, what changed, where it came from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from csp_desktop.services.actions import ActionUpdateRow
from csp_desktop.services.formatting import short_uk_date

Index = QModelIndex | QPersistentModelIndex

SOURCE_WORDS = {
    "minutes": "Minutes",
    "meeting": "Meeting",
    "tracker": "Returned tracker",
    "manual": "Typed in",
}


def describe_update(update: ActionUpdateRow) -> str:
    """ "Status: Open → Completed. Report sent." """
    parts = []
    if update.status_from is not None and update.status_to is not None:
        parts.append(f"Status: {update.status_from.label} → {update.status_to.label}.")
    elif update.status_to is not None and not update.text:
        parts.append(f"Status: {update.status_to.label}.")
    if update.text:
        parts.append(update.text)
    return " ".join(parts)


class ActionHistoryModel(QAbstractTableModel):
    COL_WHEN = 0
    COL_WHO = 1
    COL_WHAT = 2
    COL_SOURCE = 3
    HEADERS = ("When", "Who", "What", "From")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ActionUpdateRow] = []

    def set_rows(self, rows: Sequence[ActionUpdateRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ActionUpdateRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        update = self._rows[index.row()]
        column = index.column()
        if column == self.COL_WHEN:
            return f"{short_uk_date(update.made_at.date())} {update.made_at:%H:%M}"
        if column == self.COL_WHO:
            return update.author or ""
        if column == self.COL_WHAT:
            return describe_update(update)
        if column == self.COL_SOURCE:
            return SOURCE_WORDS.get(update.source.value, update.source.label)
        return None
