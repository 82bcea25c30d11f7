"""The update history of one action: when, who, what changed, where it came from."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from csp_desktop.services.actions import ActionUpdateRow
from csp_desktop.services.formatting import short_uk_date
from csp_desktop.ui.row_table_model import Index, RowTableModel

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


class ActionHistoryModel(RowTableModel[ActionUpdateRow]):
    COL_WHEN = 0
    COL_WHO = 1
    COL_WHAT = 2
    COL_SOURCE = 3
    HEADERS = ("When", "Who", "What", "From")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        update = self.row_of_index(index)
        if update is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
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
