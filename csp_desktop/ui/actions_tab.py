"""The Actions tab: every action, filtered, sorted and edited in place.

Filters (scope, owner, body, status, words) work in memory on a proxy, so the table
follows each keystroke. Status, Due and Owner(s) are edited in their cells (F2 or a
double click); the update history of the selected action is listed below, with a line
to add an update (Ctrl+U) and a button to mark the action completed (Ctrl+Shift+C).
Overdue actions are tinted and say "Overdue" in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.models import ActionStatus
from csp_desktop.services import action_owners, bodies, people
from csp_desktop.services import actions as action_service
from csp_desktop.services import subgroups as subgroup_service
from csp_desktop.services.actions import ActionFilter, ActionRow
from csp_desktop.services.formatting import short_uk_date
from csp_desktop.ui.action_history_view import ActionHistoryModel
from csp_desktop.ui.action_table_model import (
    SCOPE_ALL,
    SCOPE_MEETING,
    SCOPES,
    STATUS_LABELS,
    ActionFilterProxy,
    ActionTableModel,
    status_text,
)
from csp_desktop.ui.announcer import name_by_purpose, show_live_text
from csp_desktop.ui.changed_elsewhere import ChangedElsewhere
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.navigation import TAB_AGENDA, Place
from csp_desktop.ui.tab_contract import MeetingTab
from csp_desktop.ui.user_errors import reporting_user_errors

Index = QModelIndex | QPersistentModelIndex
TOPIC = "actions"
T = TypeVar("T")
ADD_UPDATE_KEYS = "Ctrl+U"
MARK_COMPLETED_KEYS = "Ctrl+Shift+C"
GO_TO_ITEM_KEYS = "Ctrl+Shift+G"
FOCUS_TABLE_KEYS = "Ctrl+Shift+T"
FOCUS_FILTER_KEYS = "Ctrl+Shift+F"


class StatusDelegate(QStyledItemDelegate):
    """Status cells edit with a combo of the four statuses, in words."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Action status")
        for status, label in STATUS_LABELS.items():
            combo.addItem(label, status.value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentData() != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class DueDateDelegate(QStyledItemDelegate):
    """Due cells edit with a date box; its lowest value means "no due date"."""

    NO_DATE = QDate(2000, 1, 1)

    def __init__(self, today: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = today  # the app's clock, so a new due date starts from "today"

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QDateEdit(parent)
        editor.setAccessibleName("Due date")
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("d MMM yyyy")
        editor.setMinimumDate(self.NO_DATE)
        editor.setSpecialValueText("No due date")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QDateEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(value, QDate) and value.isValid():
            editor.setDate(value)
        else:
            editor.setDate(QDate(self.today()))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QDateEdit)
        chosen = editor.date()
        value = None if chosen == self.NO_DATE else chosen.toPython()
        current = index.data(Qt.ItemDataRole.EditRole)
        before = current.toPython() if isinstance(current, QDate) and current.isValid() else None
        if value != before:
            model.setData(index, value, Qt.ItemDataRole.EditRole)


class ActionsTab(MeetingTab):
    """Tab interface: show_meeting(), flush(), show_place(), status_message, navigate."""

    # Listed under Help › Keyboard shortcuts (see ui/shortcuts.extra_rows).
    KEYBOARD_HELP = (
        ("F2", "Edit the status, due date or owners cell", "Actions list"),
        (ADD_UPDATE_KEYS, "Add an update to the selected action", "Actions tab"),
        (MARK_COMPLETED_KEYS, "Mark the selected action completed", "Actions tab"),
        (GO_TO_ITEM_KEYS, "Go to the item the action was raised at", "Actions tab"),
        (FOCUS_TABLE_KEYS, "Go to the actions list", "Actions tab"),
        (FOCUS_FILTER_KEYS, "Search the actions", "Actions tab"),
        (
            "Alt+W / Alt+O / Alt+B / Alt+S",
            "Choose which actions, owner, body, status",
            "Actions tab",
        ),
    )

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id: int | None = None
        self._stale = False
        # What the model holds: ("meeting", id) for one meeting's actions, ("all",) for
        # every action; and how many outside changes had been seen when it was loaded.
        self._loaded_key: tuple[Any, ...] | None = None
        self._loaded_changes = -1
        self._changes = 0
        # Writes this tab is making now: their own `actions` signal is not news to us,
        # but the same signal from the minutes' ACTION sync is.
        self._own_writes = 0
        # The bodies and the report sources change only with other tabs' writes: read
        # again after one, not at every meeting switch (issue 13: switch <= 100 ms).
        self._bodies: list[bodies.BodyRow] = []
        self._report_sources: dict[int, str] = {}
        self._lookups_changes = -1
        self.setAccessibleName("Actions")

        # Filters
        self.scope_combo = QComboBox()
        self.scope_combo.setAccessibleName("Show which actions")
        for scope, label in SCOPES:
            self.scope_combo.addItem(label, scope)
        self.owner_combo = QComboBox()
        self.owner_combo.setAccessibleName("Filter by owner")
        self.body_combo = QComboBox()
        self.body_combo.setAccessibleName("Filter by body")
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Filter by status")
        self.status_combo.addItem("Any status", None)
        for status, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, status.value)
        # Long body and owner names must not squeeze the search box off a half screen.
        for combo in (self.owner_combo, self.body_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.search_edit = QLineEdit()
        self.search_edit.setMinimumWidth(160)
        self.search_edit.setAccessibleName("Search actions")
        self.search_edit.setPlaceholderText("Search reference, action, owner, update…")
        self.search_edit.setClearButtonEnabled(True)
        show_label = QLabel("Sho&w:")
        show_label.setBuddy(self.scope_combo)
        owner_label = QLabel("&Owner:")
        owner_label.setBuddy(self.owner_combo)
        body_label = QLabel("&Body:")
        body_label.setBuddy(self.body_combo)
        status_label = QLabel("&Status:")
        status_label.setBuddy(self.status_combo)
        for buddy, combo in (
            (show_label, self.scope_combo),
            (owner_label, self.owner_combo),
            (body_label, self.body_combo),
            (status_label, self.status_combo),
        ):
            name_by_purpose(combo, buddy, combo.accessibleName())
        find_label = QLabel("F&ind:")
        find_label.setBuddy(self.search_edit)
        # Filters in a two-by-two grid above the search row, so the whole bar fits in half
        # a screen beside Teams (960 px wide) without clipping a choice: the "Show" combo
        # never shrinks below its longest choice.
        self.scope_combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        filters = QGridLayout()
        filters.addWidget(show_label, 0, 0)
        filters.addWidget(self.scope_combo, 0, 1)
        filters.addWidget(status_label, 0, 2)
        filters.addWidget(self.status_combo, 0, 3)
        filters.addWidget(owner_label, 1, 0)
        filters.addWidget(self.owner_combo, 1, 1)
        filters.addWidget(body_label, 1, 2)
        filters.addWidget(self.body_combo, 1, 3)
        filters.setColumnStretch(4, 1)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of actions shown")
        find_row = QHBoxLayout()
        find_row.addWidget(find_label)
        find_row.addWidget(self.search_edit, 1)
        find_row.addWidget(self.count_label)

        # Table
        self.model = ActionTableModel(self, editor=self._edit)
        self.proxy = ActionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Actions list")
        self.table.setAccessibleDescription(
            "F2 edits the status, due date or owners cell; Ctrl+U adds an update; "
            "Ctrl+Shift+C marks the action completed"
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ActionTableModel.COL_REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsMovable(False)
        header.setStretchLastSection(False)
        for column, width in (
            (ActionTableModel.COL_REFERENCE, 150),
            (ActionTableModel.COL_RAISED, 90),
            (ActionTableModel.COL_ITEM, 120),
            (ActionTableModel.COL_TEXT, 300),
            (ActionTableModel.COL_OWNERS, 160),
            (ActionTableModel.COL_DUE, 90),
            (ActionTableModel.COL_STATUS, 130),
            (ActionTableModel.COL_COMPLETED, 90),
            (ActionTableModel.COL_LATEST, 220),
            (ActionTableModel.COL_BODY, 160),
        ):
            self.table.setColumnWidth(column, width)
        # The action's words take the room left; the status always shows whole ("In
        # progress (Overdue)"); the full text, owners and latest update of the selected
        # action are written out above its history (the detail pane) whatever the width.
        header.setSectionResizeMode(ActionTableModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        widest_status = max(
            metrics.horizontalAdvance(f"{label} (Overdue)") for label in STATUS_LABELS.values()
        )
        self.table.setColumnWidth(ActionTableModel.COL_STATUS, widest_status + 36)
        self.table.installEventFilter(self)
        self.status_delegate = StatusDelegate(self.table)
        self.due_delegate = DueDateDelegate(context.clock.today, self.table)
        self.table.setItemDelegateForColumn(ActionTableModel.COL_STATUS, self.status_delegate)
        self.table.setItemDelegateForColumn(ActionTableModel.COL_DUE, self.due_delegate)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._double_clicked)

        # History and the commands on the selected action
        self.history_label = QLabel("Update history: select an action")
        self.history_label.setAccessibleName("Selected action")
        self.history_label.setWordWrap(True)
        self.history_model = ActionHistoryModel(self)
        self.history = QTableView()
        self.history.setModel(self.history_model)
        self.history.setAccessibleName("Update history of the selected action")
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setTabKeyNavigation(False)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setStretchLastSection(False)
        self.history.horizontalHeader().setSectionResizeMode(
            ActionHistoryModel.COL_WHAT, QHeaderView.ResizeMode.Stretch
        )
        self.history.setWordWrap(False)
        self.history.setColumnWidth(ActionHistoryModel.COL_WHEN, 140)
        self.history.setColumnWidth(ActionHistoryModel.COL_WHO, 130)
        self.update_edit = QLineEdit()
        self.update_edit.setAccessibleName("New update")
        self.update_edit.setPlaceholderText(
            f"Type an update and press Enter ({ADD_UPDATE_KEYS} comes here)"
        )
        self.update_edit.returnPressed.connect(self.add_update)
        update_label = QLabel("&New update:")
        update_label.setBuddy(self.update_edit)
        self.add_update_button = QPushButton("Add u&pdate")
        self.add_update_button.setAccessibleName("Add update")
        self.add_update_button.setToolTip(f"Add the update typed beside ({ADD_UPDATE_KEYS})")
        self.add_update_button.clicked.connect(self.add_update)
        self.complete_button = QPushButton("Mar&k completed")
        self.complete_button.setAccessibleName("Mark completed")
        self.complete_button.setToolTip(
            f"Mark the selected action completed ({MARK_COMPLETED_KEYS})"
        )
        self.complete_button.clicked.connect(self.mark_completed)
        self.go_button = QPushButton("&Go to item")
        self.go_button.setAccessibleName("Go to item where the action was raised")
        self.go_button.setToolTip(f"Open the agenda item it was raised at ({GO_TO_ITEM_KEYS})")
        self.go_button.clicked.connect(self.go_to_item)
        commands = QHBoxLayout()
        commands.addWidget(update_label)
        commands.addWidget(self.update_edit, 1)
        commands.addWidget(self.add_update_button)
        commands.addWidget(self.complete_button)
        commands.addWidget(self.go_button)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_label)
        lower_layout.addWidget(self.history, 1)
        lower_layout.addLayout(commands)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("actions_splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(find_row)
        layout.addWidget(self.splitter, 1)

        for widget_a, widget_b in (
            # The filters' grid row by row: Show, Status, then Owner, Body.
            (self.scope_combo, self.status_combo),
            (self.status_combo, self.owner_combo),
            (self.owner_combo, self.body_combo),
            (self.body_combo, self.search_edit),
            (self.search_edit, self.table),
            (self.table, self.history),
            (self.history, self.update_edit),
            (self.update_edit, self.add_update_button),
            (self.add_update_button, self.complete_button),
            (self.complete_button, self.go_button),
        ):
            QWidget.setTabOrder(widget_a, widget_b)
        # Ctrl+3 lands in the list, not on the first stop (the "Show" filter, where Down
        # swapped the list for another); Tab still follows the layout.
        self.setFocusProxy(self.table)

        self._shortcut(ADD_UPDATE_KEYS, "Add an update to the selected action", self._focus_update)
        self._shortcut(
            MARK_COMPLETED_KEYS, "Mark the selected action completed", self.mark_completed
        )
        self._shortcut(GO_TO_ITEM_KEYS, "Go to the item the action was raised at", self.go_to_item)
        self._shortcut(
            FOCUS_TABLE_KEYS, "Go to the actions list", self.table.setFocus, window_wide=True
        )
        self._shortcut(
            FOCUS_FILTER_KEYS, "Search the actions", self._focus_search, window_wide=True
        )

        self.scope_combo.currentIndexChanged.connect(self._filters_changed)
        self.owner_combo.currentIndexChanged.connect(self._filters_changed)
        self.body_combo.currentIndexChanged.connect(self._filters_changed)
        self.status_combo.currentIndexChanged.connect(self._filters_changed)
        self.search_edit.textChanged.connect(self._filters_changed)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        context.data_changed.connect(self._data_changed)
        self._update_buttons()

    def _shortcut(self, keys: str, label: str, slot: Any, *, window_wide: bool = False) -> QAction:
        """Commands on the selected action work with the focus in this tab; the "go to"
        keys work window-wide while the tab shows (hidden tabs' shortcuts do not fire)."""
        action = QAction(label, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(
            Qt.ShortcutContext.WindowShortcut
            if window_wide
            else Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- tab interface -------------------------------------------------------------------

    def show_meeting(self, meeting_id: int | None) -> None:
        first_time = self.meeting_id is None
        self.meeting_id = meeting_id
        if meeting_id is None and self.scope_combo.currentData() == SCOPE_MEETING:
            self.scope_combo.setCurrentIndex(self.scope_combo.findData(SCOPE_ALL))
        elif meeting_id is not None and first_time:
            self.scope_combo.setCurrentIndex(self.scope_combo.findData(SCOPE_MEETING))
        if self._loaded_key == self._wanted_key() and self._loaded_changes == self._changes:
            # Every action is loaded and nothing changed since: only the filter moves.
            self._filters_changed()
            return
        self.reload()

    def _wanted_key(self) -> tuple[Any, ...]:
        # "Raised at this meeting" reads that meeting's actions only: switching meeting
        # then costs the same in a ten-year archive as in a new one. Other scopes need all.
        if self.scope_combo.currentData() == SCOPE_MEETING and self.meeting_id is not None:
            return (SCOPE_MEETING, self.meeting_id)
        return (SCOPE_ALL,)

    def flush(self) -> None:
        """Edits are saved as they are made; an update still being typed is kept in its box."""

    def show_place(self, place: Place) -> None:
        if place.action_id is None:
            return
        if self._stale:
            self.reload()
        if not self.select_action(place.action_id):
            # Filtered out: show everything so the action can be seen.
            self._set_filters_quietly(scope=SCOPE_ALL)
            self.select_action(place.action_id)
        self.table.setFocus()

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        selected = self.selected_row()
        key = self._wanted_key()
        with reporting_user_errors(self) as attempt:
            rows = self.context.read(
                action_service.list_actions,
                ActionFilter(
                    today=self.context.clock.today(),
                    meeting_id=key[1] if key[0] == SCOPE_MEETING else None,
                ),
            )
            if self._lookups_changes != self._changes:
                self._bodies = self.context.read(bodies.list_bodies)
                self._report_sources = self.context.read(subgroup_service.report_action_sources)
                self._lookups_changes = self._changes
            all_bodies, sources = self._bodies, self._report_sources
            carried = (
                self.context.read(
                    action_service.reviewed_actions, self.meeting_id, self.context.clock.today()
                )
                if self.meeting_id is not None
                else []
            )
        if attempt.failed:
            return
        # Earlier actions carried into this meeting for review belong to "this meeting".
        reviewed = frozenset(r.id for r in carried)
        if key[0] == SCOPE_MEETING:
            loaded = {r.id for r in rows}
            rows = [*rows, *(r for r in carried if r.id not in loaded)]
        self._stale = False
        self._loaded_key, self._loaded_changes = key, self._changes
        owner_ids = {i for row in rows for i in row.owner_ids}
        owners: list[tuple[str, int]] = []
        with reporting_user_errors(self):
            # Only the owners' names: reading everyone on record grew with the archive.
            owners = self.context.read(people.display_names, owner_ids)
        self._fill_combo(self.owner_combo, "Any owner", owners)
        self._fill_combo(self.body_combo, "Any body", [(b.name, b.id) for b in all_bodies])
        self.model.set_rows(rows, sources)
        self.proxy.reviewed_ids = reviewed
        self._apply_filters()
        if selected is not None:
            self.select_action(selected.id)
        elif self.proxy.rowCount() > 0:
            self.table.selectRow(0)
        self._selection_changed()

    def _fill_combo(self, combo: QComboBox, any_label: str, items: list[tuple[str, int]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(any_label, None)
        for label, value in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        combo.blockSignals(False)

    def _write_own(self, service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`context.write` for this tab's own edits (they update their row themselves)."""
        self._own_writes += 1
        try:
            return self.context.write(service, *args, **kwargs)
        finally:
            self._own_writes -= 1

    def _data_changed(self, topic: str) -> None:
        if topic == "attendance" or (topic == TOPIC and self._own_writes):
            return  # our own writes update their row; attendance changes no action
        self._changes += 1
        if self.isVisible():
            QTimer.singleShot(0, self.reload)
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    # Below this table width the columns the detail pane repeats (completed on, latest
    # update, body) make way, so the action's words and its status are never cut short.
    NARROW_TABLE = 1300

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            narrow = self.table.viewport().width() < self.NARROW_TABLE
            repeated = {
                ActionTableModel.COL_COMPLETED,
                ActionTableModel.COL_LATEST,
                ActionTableModel.COL_BODY,
            }
            self.proxy.drop_columns(repeated if narrow else set())
        return super().eventFilter(watched, event)

    # --- filters -------------------------------------------------------------------------

    def _filters_changed(self, *_args: Any) -> None:
        if self._loaded_key is not None and self._loaded_key != self._wanted_key():
            self.reload()  # e.g. from "this meeting" to "all actions": read them all
            return
        self._apply_filters()
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self._selection_changed()

    def _apply_filters(self) -> None:
        status_value = self.status_combo.currentData()
        self.proxy.set_criteria(
            scope=self.scope_combo.currentData() or SCOPE_ALL,
            meeting_id=self.meeting_id,
            owner_id=self.owner_combo.currentData(),
            body_id=self.body_combo.currentData(),
            status=ActionStatus(status_value) if status_value else None,
            text=self.search_edit.text(),
        )
        self._update_count()

    def _set_filters_quietly(self, *, scope: str) -> None:
        for combo, value in (
            (self.scope_combo, scope),
            (self.owner_combo, None),
            (self.body_combo, None),
            (self.status_combo, None),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        if self._loaded_key is not None and self._loaded_key != self._wanted_key():
            self.reload()  # only one meeting's actions were loaded
        else:
            self._apply_filters()

    def _update_count(self, *_args: Any) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        overdue = sum(
            1
            for r in range(shown)
            if self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2).is_overdue
        )
        noun = "action" if total == 1 else "actions"
        text = f"{shown} of {total} {noun} shown"
        if overdue:
            text += f"; {overdue} overdue"
        show_live_text(self.count_label, "Number of actions shown", text)

    # --- selection -----------------------------------------------------------------------

    def selected_row(self) -> ActionRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.proxy.data(index, Qt.ItemDataRole.UserRole + 2)
        return row if isinstance(row, ActionRow) else None

    def select_action(self, action_id: int) -> bool:
        source_row = self.model.row_of(action_id)
        if source_row < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not proxy_index.isValid():
            return False
        self.table.setCurrentIndex(proxy_index)
        self.table.selectRow(proxy_index.row())
        self.table.scrollTo(proxy_index)
        return True

    def _selection_changed(self, *_args: Any) -> None:
        row = self.selected_row()
        if row is None:
            self.history_model.set_rows([])
            show_live_text(
                self.history_label, "Selected action", "Update history: select an action"
            )
        else:
            history: list[action_service.ActionUpdateRow] = []
            with reporting_user_errors(self):
                history = self.context.read(action_service.action_history, row.id)
            self.history_model.set_rows(history)
            details = [f"{row.reference}: {row.text}"]
            facts = [f"Owners: {row.owners or 'none'}", status_text(row), row.body_name]
            if row.due_date or row.due_text:
                due = short_uk_date(row.due_date) if row.due_date else row.due_text
                facts.append(f"Due {due}")
            details.append(" · ".join(facts))
            details.append("Update history:")
            show_live_text(self.history_label, "Selected action", "\n".join(details))
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.add_update_button.setEnabled(row is not None)
        self.update_edit.setEnabled(row is not None)
        self.complete_button.setEnabled(
            row is not None and row.status is not ActionStatus.COMPLETED
        )
        self.go_button.setEnabled(row is not None and row.item_id is not None)

    # --- commands ------------------------------------------------------------------------

    def _edit(self, row: ActionRow, column: int, value: Any) -> ActionRow | None:
        """The table model's editor: save one cell, return the action's new row."""
        clock = self.context.clock
        with (
            reporting_user_errors(self) as attempt,
            self._changed_elsewhere(row) as stale,
        ):
            if column == ActionTableModel.COL_STATUS:
                status = ActionStatus(value)
                self._write_own(
                    action_service.set_action_status,
                    row.id,
                    status,
                    clock,
                    expected_version=row.row_version,
                    topic=TOPIC,
                )
                message = f"{row.reference} is now {STATUS_LABELS[status].lower()}"
            elif column == ActionTableModel.COL_DUE:
                due = value if isinstance(value, dt.date) else None
                self._write_own(
                    action_service.set_action_fields,
                    row.id,
                    clock,
                    due_date=due,
                    expected_version=row.row_version,
                    topic=TOPIC,
                )
                message = f"{row.reference} due date saved"
            elif column == ActionTableModel.COL_OWNERS:
                self._write_own(
                    action_owners.set_owners_from_text, row.id, str(value), clock, topic=TOPIC
                )
                message = f"{row.reference} owners saved"
            else:
                return None
            updated = self.context.read(action_service.get_action_row, row.id, clock.today())
        if attempt.failed or stale.refused:
            return None
        self.status_message.emit(message)
        QTimer.singleShot(0, self._after_edit)
        return updated

    def _after_edit(self) -> None:
        self._selection_changed()
        self._update_count()

    def _focus_update(self) -> None:
        if self.selected_row() is None:
            self.table.setFocus()
            return
        if self.update_edit.hasFocus() and self.update_edit.text().strip():
            self.add_update()
            return
        self.update_edit.setFocus()

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def add_update(self) -> None:
        row = self.selected_row()
        text = self.update_edit.text().strip()
        if row is None or not text:
            return
        with reporting_user_errors(self) as attempt:
            self._write_own(
                action_service.add_action_update,
                row.id,
                text,
                self.context.clock,
                meeting_id=self.meeting_id,
                topic=TOPIC,
            )
        if attempt.failed:
            return
        self.update_edit.clear()
        self._refresh_row(row.id)
        self.status_message.emit(f"Update added to {row.reference}")

    def mark_completed(self) -> None:
        row = self.selected_row()
        if row is None or row.status is ActionStatus.COMPLETED:
            return
        with (
            reporting_user_errors(self) as attempt,
            self._changed_elsewhere(row) as stale,
        ):
            self._write_own(
                action_service.set_action_status,
                row.id,
                ActionStatus.COMPLETED,
                self.context.clock,
                meeting_id=self.meeting_id,
                expected_version=row.row_version,
                topic=TOPIC,
            )
        if attempt.failed or stale.refused:
            return
        self._refresh_row(row.id)
        self.status_message.emit(f"{row.reference} marked completed")

    def go_to_item(self) -> None:
        row = self.selected_row()
        if row is None or row.item_id is None:
            return
        self.navigate.emit(Place(row.meeting_id, TAB_AGENDA, agenda_item_id=row.item_id))

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == ActionTableModel.COL_ITEM:
            self.go_to_item()

    def _changed_elsewhere(self, row: ActionRow) -> ChangedElsewhere:
        """Someone else changed the action since it was shown (issue 16): no dialog."""
        return ChangedElsewhere(
            self.status_message.emit, lambda: self._refresh_row(row.id), f"{row.reference}"
        )

    def _refresh_row(self, action_id: int) -> None:
        updated = self.context.read(
            action_service.get_action_row, action_id, self.context.clock.today()
        )
        self.model.replace_row(updated)
        if not self.select_action(action_id):
            self.table.clearSelection()
        self._selection_changed()
        self._update_count()
