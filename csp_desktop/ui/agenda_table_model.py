"""Qt item models for the Agenda tab: the items table and the carried-actions list.

Rows come from services as frozen dataclasses; `set_rows()` resets the model. The live
clock does not reset anything: `set_now()` only repaints the elapsed cells of running
rows, so a ticking clock never disturbs the selection or the editor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from csp_desktop.services.agenda import AgendaItemRow, Timing, format_duration
from csp_desktop.ui.row_table_model import Index, RowTableModel

# The overrun cue is the one place colour is hard-coded: it always comes with text.
AMBER = QColor(255, 214, 102)
RED = QColor(230, 80, 70)
CUE_TEXT = QColor(0, 0, 0)

TIMING_WORDS = {
    Timing.NEARLY_OUT: "nearly",
    Timing.OVERRUN: "OVER",
}


# The roles `AgendaTableModel.data()` answers; any other is None before the row is found.
ANSWERED_ROLES = frozenset(
    role.value
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
    )
)


class AgendaTableModel(RowTableModel[AgendaItemRow]):
    COL_NUMBER = 0
    COL_TITLE = 1
    COL_PRESENTER = 2
    COL_ALLOCATED = 3
    COL_ELAPSED = 4
    COL_RESTRICTED = 5
    COL_PAPERS = 6
    HEADERS = ("No.", "Item", "Presenter", "Time", "Elapsed", "Restricted", "Papers")
    HEADER_TIPS = (
        "Item number",
        "Item title",
        "Who presents the item",
        "Time allocated, in minutes",
        "Time spent on the item (▶ running; 'nearly' near the end; 'OVER' past it)",
        "Restricted items are withheld from public minutes",
        "Number of papers attached",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._now = dt.datetime.now().replace(microsecond=0)

    # --- data in -------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[AgendaItemRow], now: dt.datetime | None = None) -> None:
        with self.resetting():
            self._rows = list(rows)
            if now is not None:
                self._now = now

    def set_now(self, now: dt.datetime) -> None:
        """Move the clock on: repaint only the elapsed cells of running items."""
        self._now = now
        for row, item in enumerate(self._rows):
            if item.is_running:
                index = self.index(row, self.COL_ELAPSED)
                self.dataChanged.emit(index, index)

    def row_of_item(self, item_id: int) -> int | None:
        return self.find_row(item_id)

    # --- Qt model ------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED_ROLES:  # painting or sizing a cell asks ~10 roles of it
            return None
        item = self.row_of_index(index)
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # An empty cell is read as nothing at all: say what its emptiness means.
            return self._spoken(item, column) or EMPTY_CELL_WORDS.get(column, "none")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._spoken(item, column)
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.COL_ALLOCATED,
            self.COL_ELAPSED,
            self.COL_PAPERS,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == self.COL_ELAPSED and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            state = item.timing_at(self._now)
            if state not in TIMING_WORDS:
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(CUE_TEXT)
            return QBrush(RED if state is Timing.OVERRUN else AMBER)
        if role == Qt.ItemDataRole.FontRole and item.is_running:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, item: AgendaItemRow, column: int) -> str:
        if column == self.COL_NUMBER:
            return item.number
        if column == self.COL_TITLE:
            return item.title
        if column == self.COL_PRESENTER:
            return item.presenter or ""
        if column == self.COL_ALLOCATED:
            return f"{item.minutes_allocated} min" if item.minutes_allocated else ""
        if column == self.COL_ELAPSED:
            return self.elapsed_text(item)
        if column == self.COL_RESTRICTED:
            return "Restricted" if item.is_restricted else ""
        if column == self.COL_PAPERS:
            return str(item.papers_count) if item.papers_count else ""
        return ""

    def elapsed_text(self, item: AgendaItemRow) -> str:
        state = item.timing_at(self._now)
        if state is Timing.NOT_STARTED:
            return ""
        text = format_duration(item.elapsed_at(self._now))
        if item.is_running:
            text = f"▶ {text}"
        word = TIMING_WORDS.get(state)
        return f"{text} {word}" if word else text

    def _spoken(self, item: AgendaItemRow, column: int) -> str:
        if column == self.COL_ELAPSED:
            state = item.timing_at(self._now)
            if state is Timing.NOT_STARTED:
                return "Not started"
            seconds = item.elapsed_at(self._now)
            words = f"{_count(seconds // 60, 'minute')} {_count(seconds % 60, 'second')}"
            if item.minutes_allocated:
                words += f" of {_count(item.minutes_allocated, 'minute')}"
            if item.is_running:
                words += ", running"
            if state in (Timing.NEARLY_OUT, Timing.OVERRUN):
                words += f", {state.value}"
            return words
        if column == self.COL_TITLE:
            extra = " (restricted)" if item.is_restricted else ""
            return f"Item {item.number}: {item.title}{extra}"
        return self._display(item, column)


# What an empty cell means, said to a screen reader (the screen shows nothing).
EMPTY_CELL_WORDS = {
    AgendaTableModel.COL_PRESENTER: "No presenter",
    AgendaTableModel.COL_ALLOCATED: "No time allocated",
    AgendaTableModel.COL_RESTRICTED: "Not restricted",
    AgendaTableModel.COL_PAPERS: "No papers",
}


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


class ColumnDropProxy(QSortFilterProxyModel):
    """Columns not wanted on screen are left out here rather than hidden in the view: a
    hidden view column stays in the accessibility tree as focusable, invisible cells."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._dropped: frozenset[int] = frozenset()

    def drop_columns(self, columns: set[int]) -> None:
        """Leave out these source columns (an empty set shows them all)."""
        if frozenset(columns) != self._dropped:
            if hasattr(self, "beginFilterChange"):  # Qt 6.10+
                self.beginFilterChange()
                self._dropped = frozenset(columns)
                self.endFilterChange(QSortFilterProxyModel.Direction.Columns)
            else:
                self._dropped = frozenset(columns)
                self.invalidateColumnsFilter()

    def filterAcceptsColumn(self, source_column: int, source_parent: Any) -> bool:
        return source_column not in self._dropped

    def proxy_column(self, source_column: int) -> int:
        """Where a source column is now (-1 when dropped)."""
        if source_column in self._dropped:
            return -1
        return source_column - sum(1 for c in self._dropped if c < source_column)


class AgendaProxyModel(ColumnDropProxy):
    """Keeps agenda order (no sorting by click) and filters by title or presenter; a
    narrow table leaves out the presenter and papers columns."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)


class ReviewedActionsModel(RowTableModel[Any]):
    """Actions carried into the "Minutes and actions of the previous meeting" item.

    Rows are `actions.reviewed_actions()` rows; only the attributes below are read, so
    any frozen row with them works.
    """

    COL_REFERENCE = 0
    COL_TEXT = 1
    COL_OWNERS = 2
    COL_DUE = 3
    COL_STATUS = 4
    COL_UPDATE = 5
    HEADERS = ("Reference", "Action", "Owner(s)", "Due", "Status", "Latest update")

    def row_of_action(self, action_id: int) -> int | None:
        return self.find_row(action_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        action = self.row_of_index(index)
        if action is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(action, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._text(action, index.column())
            if index.column() == self.COL_TEXT:
                due = self._text(action, self.COL_DUE)
                update = self._text(action, self.COL_UPDATE)
                if due:
                    text += f"\n\nDue: {due}"
                if update:
                    text += f"\n\nLatest update: {update}"
            return text
        if role == Qt.ItemDataRole.UserRole:
            return action.id
        return None

    @staticmethod
    def _text(action: Any, column: int) -> str:
        if column == ReviewedActionsModel.COL_REFERENCE:
            return str(action.reference)
        if column == ReviewedActionsModel.COL_TEXT:
            return str(action.text)
        if column == ReviewedActionsModel.COL_OWNERS:
            return str(getattr(action, "owners", "") or "")
        if column == ReviewedActionsModel.COL_DUE:
            due = getattr(action, "due_date", None)
            return f"{due.day} {due:%b %Y}" if due else str(getattr(action, "due_text", "") or "")
        if column == ReviewedActionsModel.COL_STATUS:
            status = action.status
            text = str(getattr(status, "label", status))
            return f"{text} (overdue)" if getattr(action, "is_overdue", False) else text
        if column == ReviewedActionsModel.COL_UPDATE:
            return str(getattr(action, "latest_update", "") or "")
        return ""
