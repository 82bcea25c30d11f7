"""Qt item models for the Actions tab: every action, and a proxy that filters and sorts.

The table model holds `services.actions.ActionRow`s. It never writes: an edit in the
Status, Due or Owner(s) cell is handed to the `editor` callback the tab gives it (which
calls the services and returns the action's new row), so the model stays testable
without a database. The proxy filters in memory by scope, owner, body, status and
words, which keeps typing in the search box instant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from csp_desktop.models import ActionStatus
from csp_desktop.services.actions import ActionRow
from csp_desktop.services.formatting import short_uk_date
from csp_desktop.ui.qt_dates import qdate
from csp_desktop.ui.row_table_model import Index, RowTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
EDIT_ROLE = Qt.ItemDataRole.EditRole

# Overdue rows: a soft red behind dark text, always with the word "Overdue" as well.
OVERDUE_BACKGROUND = QColor(250, 215, 210)
OVERDUE_TEXT = QColor(0, 0, 0)

STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.COMPLETED: "Completed",
    ActionStatus.DROPPED: "Dropped",
}

# The tab's callback: (row, column, new value) -> the row after the change, or None.
Editor = Callable[[ActionRow, int, Any], "ActionRow | None"]


def status_text(row: ActionRow) -> str:
    text = STATUS_LABELS[row.status]
    return f"{text} (Overdue)" if row.is_overdue else text


class ActionTableModel(RowTableModel[ActionRow]):
    COL_REFERENCE = 0
    COL_RAISED = 1
    COL_ITEM = 2
    COL_TEXT = 3
    COL_OWNERS = 4
    COL_DUE = 5
    COL_STATUS = 6
    COL_COMPLETED = 7
    COL_LATEST = 8
    COL_BODY = 9
    HEADERS = (
        "Reference",
        "Raised",
        "Item",
        "Action",
        "Owner(s)",
        "Due",
        "Status",
        "Completed",
        "Latest update",
        "Body",
    )
    HEADER_TIPS = (
        "The action's reference, which never changes",
        "The meeting at which the action was raised",
        "The agenda item it was raised under",
        "What is to be done",
        "Who owns it (edit: names separated by commas)",
        "When it is due (edit: pick a date)",
        "Open, In progress, Completed or Dropped; overdue actions say so",
        "When it was completed",
        "The most recent update",
        "The board or subgroup it belongs to",
    )
    EDITABLE = frozenset({COL_OWNERS, COL_DUE, COL_STATUS})

    def __init__(self, parent: Any = None, *, editor: Editor | None = None) -> None:
        super().__init__(parent)
        self._report_sources: dict[int, str] = {}
        self.editor = editor

    # --- data in -------------------------------------------------------------------------

    def set_rows(
        self, rows: Sequence[ActionRow], report_sources: dict[int, str] | None = None
    ) -> None:
        """New rows; `report_sources` names the subgroup of actions raised in a report."""
        with self.resetting():
            self._rows = list(rows)
            self._report_sources = dict(report_sources or {})

    def row_of(self, action_id: int) -> int:
        """The row number of that action, -1 if not shown."""
        found = self.find_row(action_id)
        return -1 if found is None else found

    # --- QAbstractTableModel -------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE and self.editor is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_of_index(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # An empty cell is read as nothing at all: "none" says it is empty.
            return self._text(row, column) or "none"
        if role == EDIT_ROLE:
            return self._edit_value(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_TEXT:
                return row.text
            if column == self.COL_OWNERS and row.unmatched_owners:
                return f"Check these names: {row.unmatched_owners}"
            if column == self.COL_LATEST and row.latest_update:
                return row.latest_update
            return None
        if role == Qt.ItemDataRole.BackgroundRole and row.is_overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.is_overdue:
            return QBrush(OVERDUE_TEXT)
        if role == Qt.ItemDataRole.FontRole and column == self.COL_STATUS and row.is_overdue:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = EDIT_ROLE) -> bool:
        if role != EDIT_ROLE or not index.isValid() or index.column() not in self.EDITABLE:
            return False
        if self.editor is None:
            return False
        row = self._rows[index.row()]
        changed = self.editor(row, index.column(), value)
        if changed is None:
            return False
        # The editor may have reloaded the model; find the row again by id.
        self.replace_row(changed)
        return True

    # --- cells ---------------------------------------------------------------------------

    def _text(self, row: ActionRow, column: int) -> str:
        if column == self.COL_REFERENCE:
            return row.reference
        if column == self.COL_RAISED:
            return short_uk_date(row.meeting_date) if row.meeting_date else ""
        if column == self.COL_ITEM:
            if row.item_number is None:
                source = self._report_sources.get(row.id)
                return f"Report: {source}" if source else ""
            return f"{row.item_number}. {row.item_title or ''}".strip()
        if column == self.COL_TEXT:
            return row.text + (" (Restricted)" if row.restricted else "")
        if column == self.COL_OWNERS:
            return row.owners
        if column == self.COL_DUE:
            if row.due_date:
                return short_uk_date(row.due_date)
            return row.due_text or ""
        if column == self.COL_STATUS:
            return status_text(row)
        if column == self.COL_COMPLETED:
            return short_uk_date(row.completed_on) if row.completed_on else ""
        if column == self.COL_LATEST:
            return " ".join((row.latest_update or "").split())
        if column == self.COL_BODY:
            return row.body_name
        return ""

    def _edit_value(self, row: ActionRow, column: int) -> Any:
        if column == self.COL_STATUS:
            return row.status.value
        if column == self.COL_DUE:
            return qdate(row.due_date) if row.due_date else QDate()
        if column == self.COL_OWNERS:
            return row.owners
        return self._text(row, column)

    def _sort_key(self, row: ActionRow, column: int) -> Any:
        if column == self.COL_REFERENCE:
            # References end in a number: sort CSP-...-10 after CSP-...-9.
            head, _, tail = row.reference.rpartition("-")
            return f"{head}-{int(tail):06d}" if tail.isdigit() else row.reference
        if column == self.COL_RAISED:
            return (row.meeting_date or dt.date.min).isoformat()
        if column == self.COL_ITEM:
            number = row.item_number or ""
            return f"{int(number):04d}" if number.isdigit() else number
        if column == self.COL_DUE:
            return row.due_date.isoformat() if row.due_date else "9999"
        if column == self.COL_COMPLETED:
            return row.completed_on.isoformat() if row.completed_on else ""
        if column == self.COL_STATUS:
            return f"{0 if row.is_overdue else 1}{list(STATUS_LABELS).index(row.status)}"
        return self._text(row, column).casefold()


# --- filtering ----------------------------------------------------------------------------

SCOPE_MEETING = "meeting"
SCOPE_OPEN = "open"
SCOPE_OVERDUE = "overdue"
SCOPE_ALL = "all"
SCOPES = (
    (SCOPE_MEETING, "This meeting (raised or carried)"),
    (SCOPE_OPEN, "Open"),
    (SCOPE_OVERDUE, "Overdue"),
    (SCOPE_ALL, "All actions"),
)


class ActionFilterProxy(QSortFilterProxyModel):
    """Scope, owner, body, status and words: every criterion set must hold."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self.scope = SCOPE_ALL
        self.meeting_id: int | None = None
        # Earlier actions carried into this meeting for review belong to it too.
        self.reviewed_ids: frozenset[int] = frozenset()
        self.owner_id: int | None = None
        self.body_id: int | None = None
        self.status: ActionStatus | None = None
        self._words: list[str] = []
        self._dropped: frozenset[int] = frozenset()

    def drop_columns(self, columns: set[int]) -> None:
        """Leave out these source columns in a narrow table (the last ones, so the others
        keep their numbers). Left out, not hidden in the view: a hidden view column stays
        in the accessibility tree as focusable, invisible cells."""
        if frozenset(columns) == self._dropped:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            self._dropped = frozenset(columns)
            self.endFilterChange(QSortFilterProxyModel.Direction.Columns)
        else:
            self._dropped = frozenset(columns)
            self.invalidateColumnsFilter()

    def filterAcceptsColumn(self, source_column: int, source_parent: Any) -> bool:
        return source_column not in self._dropped

    def set_criteria(
        self,
        *,
        scope: str | None = None,
        meeting_id: int | object | None = ...,
        owner_id: int | object | None = ...,
        body_id: int | object | None = ...,
        status: ActionStatus | object | None = ...,
        text: str | None = None,
        reviewed_ids: frozenset[int] | None = None,
    ) -> None:
        """Change any criteria (arguments left out keep their value), then refilter once."""
        if scope is not None:
            self.scope = scope
        if meeting_id is not ...:
            self.meeting_id = meeting_id  # type: ignore[assignment]
        if owner_id is not ...:
            self.owner_id = owner_id  # type: ignore[assignment]
        if body_id is not ...:
            self.body_id = body_id  # type: ignore[assignment]
        if status is not ...:
            self.status = status  # type: ignore[assignment]
        if text is not None:
            self._words = text.casefold().split()
        if reviewed_ids is not None:
            self.reviewed_ids = reviewed_ids
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ActionTableModel):
            return True
        row = model.row_at(source_row)
        if row is None:
            return False
        if (
            self.scope == SCOPE_MEETING
            and row.meeting_id != self.meeting_id
            and row.id not in self.reviewed_ids
        ):
            return False
        if self.scope == SCOPE_OPEN and row.status.is_closed:
            return False
        if self.scope == SCOPE_OVERDUE and not row.is_overdue:
            return False
        if self.owner_id is not None and self.owner_id not in row.owner_ids:
            return False
        if self.body_id is not None and row.body_id != self.body_id:
            return False
        if self.status is not None and row.status is not self.status:
            return False
        if self._words:
            haystack = " ".join(
                (
                    row.reference,
                    row.text,
                    row.owners,
                    row.latest_update or "",
                    row.item_title or "",
                    row.body_name,
                )
            ).casefold()
            return all(word in haystack for word in self._words)
        return True
