"""Search across every meeting (Ctrl+F): minutes, actions, updates, people, reports,
decisions. Results list what was found, at which meeting, with the words in context;
Enter or a double click jumps there (emits `navigate(Place)`).

The panel is a plain widget: the main window puts it in a dock (or a dialog) and opens
it with `open_search()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.services import search as search_service
from csp_desktop.services.formatting import short_uk_date
from csp_desktop.services.search import SearchHit
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.navigation import Place
from csp_desktop.ui.row_table_model import Index, RowTableModel
from csp_desktop.ui.user_errors import reporting_user_errors

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
TYPING_PAUSE_MS = 200


class SearchResultsModel(RowTableModel[SearchHit]):
    COL_KIND = 0
    COL_MEETING = 1
    COL_TITLE = 2
    COL_SNIPPET = 3
    HEADERS = ("Kind", "Meeting", "Found in", "Words in context")

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.set_rows(hits)

    def hit_at(self, row: int) -> SearchHit | None:
        return self.row_at(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.row_of_index(index)
        if hit is None:
            return None
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.snippet
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        column = index.column()
        if column == self.COL_KIND:
            return hit.kind_label + (" (restricted)" if hit.is_restricted else "")
        if column == self.COL_MEETING:
            if hit.meeting_date is None:
                return ""
            body = hit.meeting_label.split(",", 1)[0]
            return f"{short_uk_date(hit.meeting_date)}, {body}"
        if column == self.COL_TITLE:
            return hit.title
        if column == self.COL_SNIPPET:
            return hit.snippet
        return None


def place_of(hit: SearchHit) -> Place:
    """Where a hit lives, as the main window understands it."""
    return Place(
        meeting_id=hit.meeting_id,
        tab=hit.tab,
        agenda_item_id=hit.agenda_item_id,
        action_id=hit.action_id,
    )


class SearchPanel(QWidget):
    """Tab-like interface: show_meeting(), flush(), status_message, navigate."""

    status_message = Signal(str)
    navigate = Signal(object)
    close_requested = Signal()

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName("Search")
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Search")
        self.search_edit.setAccessibleDescription(
            "Words to find in every meeting's minutes, actions, people and reports; "
            "Down or Enter goes to the results"
        )
        self.search_edit.setPlaceholderText("Search all meetings: minutes, actions, people…")
        self.search_edit.setClearButtonEnabled(True)
        label = QLabel("Loo&k for:")
        label.setBuddy(self.search_edit)
        self.count_label = QLabel("Type words to search every meeting.")
        self.count_label.setAccessibleName("Search results count")
        self.model = SearchResultsModel(self)
        self.results = QTableView()
        self.results.setModel(self.model)
        self.results.setAccessibleName("Search results")
        self.results.setAccessibleDescription("Enter opens the selected result")
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setTabKeyNavigation(False)
        self.results.setWordWrap(False)
        self.results.verticalHeader().setVisible(False)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.results.setColumnWidth(SearchResultsModel.COL_KIND, 110)
        self.results.setColumnWidth(SearchResultsModel.COL_MEETING, 200)
        self.results.setColumnWidth(SearchResultsModel.COL_TITLE, 200)
        self.results.doubleClicked.connect(self._open_index)
        self._compact()
        self.results.installEventFilter(self)
        self.search_edit.installEventFilter(self)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TYPING_PAUSE_MS)
        self.timer.timeout.connect(self.run_search)
        self.search_edit.textEdited.connect(lambda _text: self.timer.start())
        self.search_edit.returnPressed.connect(self._enter_in_box)

        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.search_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.count_label)
        layout.addWidget(self.results, 1)
        QWidget.setTabOrder(self.search_edit, self.results)

    def _compact(self) -> None:
        """One column: each result's place over its words, the searched words marked.

        The panel stands in the meeting list's narrow pane; a four-column table there
        showed the place but never the matching words.
        """
        from csp_desktop.ui.search_hit_delegate import SearchHitDelegate

        for column in (
            SearchResultsModel.COL_KIND,
            SearchResultsModel.COL_MEETING,
            SearchResultsModel.COL_TITLE,
        ):
            self.results.setColumnHidden(column, True)
        self.results.horizontalHeader().hide()
        self.results.setWordWrap(True)
        self.results.setItemDelegateForColumn(
            SearchResultsModel.COL_SNIPPET, SearchHitDelegate(self._heading, self.results)
        )
        self.results.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def _heading(self, index: Index) -> str:
        row = index.row()
        parts = [
            str(self.model.index(row, column).data() or "")
            for column in (
                SearchResultsModel.COL_KIND,
                SearchResultsModel.COL_MEETING,
                SearchResultsModel.COL_TITLE,
            )
        ]
        return " · ".join(p for p in parts if p)

    # --- interface -----------------------------------------------------------------------

    def open_search(self, text: str | None = None) -> None:
        """Focus the box (Ctrl+F), optionally with words already in it."""
        if text is not None:
            self.search_edit.setText(text)
            self.run_search()
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def focus_query(self) -> None:
        """What the main window calls on Ctrl+F."""
        self.open_search()

    def show_meeting(self, meeting_id: int | None) -> None:
        """Search covers every meeting; nothing depends on the one selected."""

    def flush(self) -> None:
        """Nothing to save."""

    # --- searching -----------------------------------------------------------------------

    def run_search(self) -> None:
        self.timer.stop()
        query = self.search_edit.text().strip()
        if not query:
            self.model.set_hits([])
            self.count_label.setText("Type words to search every meeting.")
            return
        with reporting_user_errors(self) as attempt:
            hits = self.context.read(search_service.search, query)
        if attempt.failed:
            return
        self.model.set_hits(hits)
        if hits:
            noun = "result" if len(hits) == 1 else "results"
            more = (
                " (the best matches; add words to narrow)"
                if len(hits) >= search_service.DEFAULT_LIMIT
                else ""
            )
            self.count_label.setText(f"{len(hits)} {noun} for “{query}”{more}")
            self.results.selectRow(0)
        else:
            self.count_label.setText(f"No results for “{query}”")

    def _enter_in_box(self) -> None:
        if self.timer.isActive() or self.model.rowCount() == 0:
            self.run_search()
        if self.model.rowCount():
            self.results.setFocus()
            self.results.selectRow(0)

    def open_selected(self) -> None:
        self._open_index(self.results.currentIndex())

    def _open_index(self, index: QModelIndex) -> None:
        hit = self.model.hit_at(index.row()) if index.isValid() else None
        if hit is None:
            return
        self.status_message.emit(f"Opening {hit.kind_label.lower()}: {hit.title}")
        self.navigate.emit(place_of(hit))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if watched is self.results and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_selected()
                return True
            if watched is self.search_edit and key == Qt.Key.Key_Down and self.model.rowCount():
                self.results.setFocus()
                if not self.results.currentIndex().isValid():
                    self.results.selectRow(0)
                return True
            if key == Qt.Key.Key_Escape:
                self.close_requested.emit()
                dock = self.parentWidget()
                if isinstance(dock, QDockWidget):
                    dock.hide()  # back to where the user was typing
                return True
        return super().eventFilter(watched, event)
