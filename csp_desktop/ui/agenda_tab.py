"""The Agenda tab: the items, the selected item's minutes, and the live clock.

Left (or above, in half a screen): the numbered items with time allocated and elapsed.
Right (or below): the minutes editor for the selected item, the actions carried from
earlier meetings (in the "Minutes and actions of the previous meeting" item), and the
item's declarations / decisions / next-meeting panel.
"""

from __future__ import annotations

import itertools
import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QResizeEvent, QTextCursor, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.models import ActionStatus, ActionUpdateSource, ItemKind
from csp_desktop.services import agenda
from csp_desktop.services.clock_checks import start_clock_doubt
from csp_desktop.services.formatting import uk_date
from csp_desktop.ui import undo_commands
from csp_desktop.ui.agenda_table_model import (
    AgendaProxyModel,
    AgendaTableModel,
    ColumnDropProxy,
    ReviewedActionsModel,
)
from csp_desktop.ui.announcer import accessible_caption, announce, plural, show_live_text
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.error_dialog import confirm, show_error
from csp_desktop.ui.item_records_panel import ItemRecordsPanel
from csp_desktop.ui.live_clock import LiveClockBar
from csp_desktop.ui.minutes_editor import MinutesEditor
from csp_desktop.ui.navigation import TAB_AGENDA, Place
from csp_desktop.ui.notice_bar import NoticeBar
from csp_desktop.ui.restricted_quote_watch import RestrictedQuoteWatch
from csp_desktop.ui.shortcuts import make_action
from csp_desktop.ui.tab_contract import MeetingTab
from csp_desktop.ui.user_errors import reporting_user_errors

if TYPE_CHECKING:
    from csp_desktop.services.action_feedback import ActionLineContext
    from csp_desktop.ui.transcript_panel import TranscriptPanel

log = logging.getLogger(__name__)

ITEM_BUTTON_ORDER = ("add_item", "edit_item", "delete_item", "move_item_up", "move_item_down")
# Below this width the items go above the minutes instead of beside them.
SIDE_BY_SIDE_MIN_WIDTH = 980
# Below this width the items table hides presenter and papers (shown above the minutes).
NARROW_TABLE = 640


def split_key(orientation: Qt.Orientation) -> str:
    """The name a split is kept under for an arrangement: "Horizontal" or "Vertical"."""
    return "Horizontal" if orientation == Qt.Orientation.Horizontal else "Vertical"


class ItemDialog(QDialog):
    """Add or edit an agenda item: title, presenter, time allocated, restricted."""

    def __init__(
        self, parent: QWidget | None, spec: agenda.ItemSpec | None = None, *, adding: bool
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add agenda item" if adding else "Edit agenda item")
        self._kind = spec.kind if spec else ItemKind.TOPICAL
        self.title_edit = QLineEdit(spec.title if spec else "", self)
        self.title_edit.setAccessibleName("Item title")
        self.title_edit.setMaxLength(agenda.MAX_TITLE_LENGTH)
        self.presenter_edit = QLineEdit((spec.presenter or "") if spec else "", self)
        self.presenter_edit.setAccessibleName("Presenter")
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setRange(0, 600)
        self.minutes_spin.setSuffix(" min")
        self.minutes_spin.setSpecialValueText("Not set")
        self.minutes_spin.setValue((spec.minutes_allocated or 0) if spec else 0)
        self.minutes_spin.setAccessibleName("Time allocated in minutes")
        self.restricted_check = QCheckBox("&Restricted (withheld from public minutes)", self)
        self.restricted_check.setChecked(spec.is_restricted if spec else False)
        self.restricted_check.setAccessibleName("Restricted")
        # Publication choice (services/publication.py): a restricted item's public papers
        # print this summary instead of the minute; left empty, they say "Item restricted".
        self.summary_edit = QLineEdit((spec.public_summary or "") if spec else "", self)
        self.summary_edit.setAccessibleName("Public summary of a restricted item")
        self.summary_edit.setPlaceholderText("Empty: public papers say “Item restricted”")
        self.summary_edit.setEnabled(self.restricted_check.isChecked())
        self.restricted_check.toggled.connect(self.summary_edit.setEnabled)
        self.verbal_check = QCheckBox("&Verbal update", self)
        self.verbal_check.setChecked(spec.is_verbal_update if spec else False)
        self.verbal_check.setAccessibleName("Verbal update")
        self.agenda_text_edit = QLineEdit((spec.agenda_text or "") if spec else "", self)
        self.agenda_text_edit.setAccessibleName("Agenda text: what members are asked to do")
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Presenter:", self.presenter_edit)
        form.addRow("Time &allocated:", self.minutes_spin)
        form.addRow("", self.restricted_check)
        form.addRow("Public &summary:", self.summary_edit)
        form.addRow("", self.verbal_check)
        form.addRow("A&genda text:", self.agenda_text_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add" if adding else "Save")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def spec(self) -> agenda.ItemSpec:
        return agenda.ItemSpec(
            title=self.title_edit.text(),
            presenter=self.presenter_edit.text() or None,
            minutes_allocated=self.minutes_spin.value() or None,
            is_restricted=self.restricted_check.isChecked(),
            kind=self._kind,
            public_summary=(self.summary_edit.text().strip() or None)
            if self.restricted_check.isChecked()
            else None,
            is_verbal_update=self.verbal_check.isChecked(),
            agenda_text=self.agenda_text_edit.text().strip() or None,
        )

    def _accept(self) -> None:
        if not self.title_edit.text().strip():
            self.error_label.setText("Please give the item a title.")
            self.error_label.show()
            self.title_edit.setFocus()
            return
        self.accept()


class ReviewedActionsView(QTableView):
    """Carried actions: C marks the selected one completed, U adds an update."""

    complete_requested = Signal(int)
    update_requested = Signal(int)

    def keyPressEvent(self, event: Any) -> None:
        action_id = self._current_action()
        if action_id is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if event.key() == Qt.Key.Key_C:
                self.complete_requested.emit(action_id)
                return
            if event.key() == Qt.Key.Key_U:
                self.update_requested.emit(action_id)
                return
        super().keyPressEvent(event)

    def _current_action(self) -> int | None:
        index = self.currentIndex()
        value = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        return int(value) if value is not None else None


class AgendaTab(MeetingTab):
    """Items, minutes and live clock for one meeting."""

    # The minutes editor has unsaved text (True) or everything is saved (False).
    dirty_changed = Signal(bool)
    # Another item's minutes are open (by the list, F8, a reload...): the window notes it.
    item_opened = Signal(object)

    KEYBOARD_HELP = (
        ("Up / Down", "Move between agenda items", "Agenda items"),
        ("Tab", "Go from the items to the minutes", "Agenda items"),
        ("Enter", "Go to the minutes of the selected item", "Agenda items"),
        ("Enter", "Add the suggested action to the minutes", "Suggested actions list"),
        ("Del", "Dismiss the suggested action", "Suggested actions list"),
    )

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id: int | None = None
        self.header: agenda.MeetingHeader | None = None
        self.undo_stack: QUndoStack = QUndoStack(self)
        self._clock_state: agenda.MeetingClock | None = None
        self._line_context: ActionLineContext | None = None
        # (block number, reading) of the ACTION line the cursor was last on.
        self._reading_at: tuple[int, Any] | None = None
        self.setAccessibleName("Agenda")

        # Live-meeting actions: the window puts them in its Meeting menu and toolbar.
        self.live_actions: dict[str, QAction] = {}
        for name, slot in (
            ("start_meeting", self.start_meeting),
            ("previous_item", self.previous_item),
            ("next_item", self.next_item),
            ("pause_item", self.pause_or_resume_item),
            ("end_meeting", self.end_meeting),
            ("insert_action", self.insert_action_line),
            ("clear_quotes", self.clear_flagged_quotes),
        ):
            action = make_action(name, self)
            action.triggered.connect(slot)
            self.live_actions[name] = action
        # Item editing: Del/F2/Ctrl+Up work only in the items table, never while typing.
        self.item_actions: dict[str, QAction] = {}
        for name, slot in (
            ("add_item", self.add_item),
            ("edit_item", self.edit_item),
            ("delete_item", self.delete_item),
            ("move_item_up", lambda: self.move_item(-1)),
            ("move_item_down", lambda: self.move_item(+1)),
        ):
            action = make_action(
                name,
                self,
                context=Qt.ShortcutContext.WindowShortcut
                if name == "add_item"
                else Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
            action.triggered.connect(slot)
            self.item_actions[name] = action

        self._build()
        self.show_meeting(None)

    # --- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        for name, short in (
            ("start_meeting", "Start meeting"),
            ("previous_item", "◀ Previous item"),
            ("next_item", "Next item ▶"),
            ("pause_item", "Pause / resume"),
        ):
            self.live_actions[name].setIconText(short)
        self.clock_bar = LiveClockBar(
            self.context.clock.now,
            [
                self.live_actions["start_meeting"],
                self.live_actions["previous_item"],
                self.live_actions["next_item"],
                self.live_actions["pause_item"],
            ],
            self,
        )

        # Items
        self.model = AgendaTableModel(self)
        self.proxy = AgendaProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Agenda items")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AgendaTableModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            AgendaTableModel.COL_PRESENTER, QHeaderView.ResizeMode.Interactive
        )
        header.resizeSection(AgendaTableModel.COL_PRESENTER, 170)
        header.setStretchLastSection(False)
        # Row heights follow the wrapped titles, fitted when the rows or the title width
        # change. (ResizeToContents refitted every row on each repaint and on the clock's
        # one-second tick: a third of the cost of switching meeting.)
        self._fit_rows_timer = QTimer(self)
        self._fit_rows_timer.setSingleShot(True)
        self._fit_rows_timer.setInterval(0)
        self._fit_rows_timer.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(
            lambda index, _old, _new: (
                self._fit_rows_timer.start() if index == AgendaTableModel.COL_TITLE else None
            )
        )
        self.table.installEventFilter(self)
        for action in self.item_actions.values():
            self.table.addAction(action)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table.activated.connect(lambda _index: self.editor.setFocus())

        items_heading = QLabel("Agenda &items", self)
        items_heading.setBuddy(self.table)
        item_buttons = QHBoxLayout()
        item_buttons.setContentsMargins(0, 0, 0, 0)
        item_buttons.addWidget(items_heading)
        item_buttons.addStretch(1)
        self.item_buttons: dict[str, QToolButton] = {}
        for name, text in (
            ("add_item", "Add…"),
            ("edit_item", "Edit…"),
            ("delete_item", "Delete…"),
            ("move_item_up", "Up"),
            ("move_item_down", "Down"),
        ):
            button = QToolButton(self)
            self.item_actions[name].setIconText(text)
            button.setDefaultAction(self.item_actions[name])
            # The visible words start the name (WCAG 2.5.3): "Up: move item up".
            button.setAccessibleName(
                accessible_caption(text, self.item_actions[name].text().replace("&", ""))
            )
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            item_buttons.addWidget(button)
            self.item_buttons[name] = button
        items_panel = QWidget(self)
        items_layout = QVBoxLayout(items_panel)
        items_layout.setContentsMargins(0, 0, 0, 0)
        items_layout.addLayout(item_buttons)
        items_layout.addWidget(self.table, 1)

        # Minutes
        self.item_title = QLabel(self)
        self.item_title.setWordWrap(True)
        self.item_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.item_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.item_title.setFont(font)
        self.item_title.setAccessibleName("Selected item")
        self.editor: MinutesEditor = MinutesEditor(self.context, self)
        self.editor.addAction(self.live_actions["insert_action"])
        self.editor.status_message.connect(self.status_message)
        self.editor.dirty_changed.connect(self.dirty_changed)
        self.editor.actions_synced.connect(self._actions_synced)
        self.quote_watch = RestrictedQuoteWatch(self.context, self.editor, self.status_message.emit)
        self.editor.notice.connect(self._editor_notice)
        # Questions and notices over the minutes, where the note taker is looking.
        self.notice_bar = NoticeBar(self)
        self.notice_bar.closed.connect(self.focus_minutes_end)
        # What the ACTION line under the cursor was understood to say (owners, due date).
        self.action_line_label = QLabel(self)
        self.action_line_label.setObjectName("action_line_label")
        self.action_line_label.setWordWrap(True)
        self.action_line_label.setTextFormat(Qt.TextFormat.PlainText)
        self.action_line_label.setAccessibleName("ACTION line understood as")
        self.action_line_label.hide()
        self._reading_timer = QTimer(self)
        self._reading_timer.setSingleShot(True)
        self._reading_timer.setInterval(120)
        self._reading_timer.timeout.connect(self.show_action_reading)
        self.editor.cursorPositionChanged.connect(self._reading_timer.start)
        self.lock_label = QLabel(self)
        self.lock_label.setWordWrap(True)
        self.lock_label.hide()
        minutes_heading = QLabel("Minute&s", self)
        minutes_heading.setBuddy(self.editor)
        minutes_panel = QWidget(self)
        minutes_layout = QVBoxLayout(minutes_panel)
        minutes_layout.setContentsMargins(0, 0, 0, 0)
        minutes_layout.addWidget(self.item_title)
        minutes_layout.addWidget(self.lock_label)
        minutes_layout.addWidget(minutes_heading)
        minutes_layout.addWidget(self.notice_bar)
        minutes_layout.addWidget(self.editor, 1)
        minutes_layout.addWidget(self.action_line_label)
        self._add_team_editing(minutes_layout)

        # Carried actions (previous-minutes item only)
        self.reviewed_model = ReviewedActionsModel(self)
        self.reviewed_view = ReviewedActionsView(self)
        # Due date and latest update are in the action's tooltip: left out of the view.
        self.reviewed_proxy = ColumnDropProxy(self)
        self.reviewed_proxy.setSourceModel(self.reviewed_model)
        self.reviewed_proxy.drop_columns(
            {ReviewedActionsModel.COL_UPDATE, ReviewedActionsModel.COL_DUE}
        )
        self.reviewed_view.setModel(self.reviewed_proxy)
        self.reviewed_view.setAccessibleName("Actions carried from earlier meetings")
        self.reviewed_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.reviewed_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reviewed_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reviewed_view.setTabKeyNavigation(False)
        self.reviewed_view.verticalHeader().hide()
        reviewed_header = self.reviewed_view.horizontalHeader()
        reviewed_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        reviewed_header.setSectionResizeMode(
            ReviewedActionsModel.COL_TEXT, QHeaderView.ResizeMode.Stretch
        )
        reviewed_header.setSectionResizeMode(
            ReviewedActionsModel.COL_OWNERS, QHeaderView.ResizeMode.Interactive
        )
        reviewed_header.resizeSection(ReviewedActionsModel.COL_OWNERS, 130)
        # One line per action (the full text and latest update are in the tooltip), so
        # a long action does not push the others out of sight.
        self.reviewed_view.setWordWrap(False)
        self.reviewed_view.complete_requested.connect(self.complete_reviewed_action)
        self.reviewed_view.update_requested.connect(self.add_reviewed_update)
        self.reviewed_panel = QWidget(self)
        reviewed_layout = QVBoxLayout(self.reviewed_panel)
        reviewed_layout.setContentsMargins(0, 0, 0, 0)
        reviewed_heading = QLabel(
            "&Carried actions: press C to mark the selected one completed, U to add an update",
            self,
        )
        reviewed_heading.setWordWrap(True)
        reviewed_heading.setBuddy(self.reviewed_view)
        reviewed_layout.addWidget(reviewed_heading)
        reviewed_layout.addWidget(self.reviewed_view, 1)
        self.reviewed_panel.hide()

        # Declarations / decisions / next meeting (another engineer's panel, if present)
        self.records_panel = self._make_records_panel()

        self.detail_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.detail_splitter.setObjectName("agenda_detail_splitter")
        self.detail_splitter.setChildrenCollapsible(False)
        self.detail_splitter.addWidget(minutes_panel)
        self.detail_splitter.addWidget(self.reviewed_panel)
        self.detail_splitter.addWidget(self.records_panel)
        self.detail_splitter.setStretchFactor(0, 3)
        self.detail_splitter.setStretchFactor(1, 2)
        self.detail_splitter.setStretchFactor(2, 1)
        self._add_transcript_panel()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("agenda_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(items_panel)
        self.splitter.addWidget(self.detail_splitter)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        # Side by side and one above the other each keep their own split.
        self.layout_states: dict[str, QByteArray] = {}
        self.splitter.splitterMoved.connect(self._remember_split)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.clock_bar)
        layout.addWidget(self.splitter, 1)

        # Focus follows the layout: clock buttons, the item buttons above the table, the
        # table, then the minutes.
        chain: list[QWidget] = [
            *self.clock_bar.buttons,
            *(self.item_buttons[name] for name in ITEM_BUTTON_ORDER),
            self.table,
            self.editor,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self.setTabOrder(self.editor, self.reviewed_view)

    def _add_team_editing(self, minutes_layout: QVBoxLayout) -> None:
        """Issue 16: "Changed by … — Reload / Keep mine" over the minutes, and the item's
        edit lease ("Being minuted by Jo Smith": read-only here, updated live)."""
        from csp_desktop.ui.edit_lease_watch import EditLeaseWatch
        from csp_desktop.ui.stale_edit_notice import StaleEditNotice

        self.stale_notice = StaleEditNotice(self.editor, self.notice_bar)
        self.lease_label = QLabel(self)
        self.lease_label.setObjectName("lease_label")
        self.lease_label.setWordWrap(True)
        self.lease_label.setTextFormat(Qt.TextFormat.PlainText)
        self.lease_label.hide()
        minutes_layout.insertWidget(minutes_layout.indexOf(self.editor), self.lease_label)
        self.edit_lease = EditLeaseWatch(self.context, self.editor, self.lease_label, self)
        self.item_opened.connect(self.edit_lease.enter)

    def refresh_in_place(self) -> None:
        """Others' changes, shown live (issue 16): the items and the clock re-read with the
        selection and scroll kept; the minutes being typed here are left alone."""
        if self.meeting_id is None:
            return
        current = self.current_item_id()
        scroll = self.table.verticalScrollBar().value()
        rows = self.context.read(agenda.list_items, self.meeting_id)
        self._clock_state = self.context.read(agenda.meeting_clock, self.meeting_id)
        target = None
        with QSignalBlocker(self.table.selectionModel()):
            self.model.set_rows(rows, self.context.clock.now())
            target = self.model.row_of_item(current) if current is not None else None
            if target is not None:
                index = self.proxy.mapFromSource(self.model.index(target, 0))
                self.table.setCurrentIndex(index)
                self.table.selectRow(index.row())
        self._fit_rows_timer.start()
        self._update_clock_bar()
        self.table.verticalScrollBar().setValue(scroll)
        if current is not None and target is None:
            self.reload()  # the open item was deleted by someone else

    def _add_transcript_panel(self) -> None:
        """The item's Teams transcript and suggested actions, below its minutes (issue 18).

        Its slot in the splitter is held by an empty stand-in until the panel is first
        needed or the window is idle (`ensure_transcript_panel`, the first warm-up step):
        most items have no transcript, so the first screen seldom shows it, and importing
        and building it was ~45 ms of start-up (issue 13). The stand-in keeps the slot, so
        the splitter's saved sizes still apply."""
        self._transcript_panel: TranscriptPanel | None = None
        self._transcript_wanted: tuple[int | None, int | None, bool] | None = None
        self._transcript_slot = QWidget(self)
        self._transcript_slot.hide()
        self.detail_splitter.addWidget(self._transcript_slot)
        self.detail_splitter.setStretchFactor(3, 1)

    @property
    def transcript_panel(self) -> TranscriptPanel:
        return self.ensure_transcript_panel()

    def ensure_transcript_panel(self) -> TranscriptPanel:
        """The transcript panel, built (in the stand-in's place) on first use."""
        if self._transcript_panel is not None:
            return self._transcript_panel
        from csp_desktop.ui.transcript_panel import TranscriptPanel

        panel = TranscriptPanel(self.context, self)
        panel.status_message.connect(self.status_message)
        panel.action_accepted.connect(self._add_suggested_action)
        self.detail_splitter.replaceWidget(3, panel)
        self._transcript_slot.deleteLater()
        self._transcript_panel = panel
        if self._transcript_wanted is not None:
            meeting_id, item_id, read_only = self._transcript_wanted
            panel.show_item(meeting_id, item_id, read_only=read_only)
        else:
            panel.hide()
        return panel

    def _show_transcript(
        self, meeting_id: int | None, item_id: int | None, read_only: bool
    ) -> None:
        if self._transcript_panel is None:
            self._transcript_wanted = (meeting_id, item_id, read_only)  # shown when built
            return
        self._transcript_panel.show_item(meeting_id, item_id, read_only=read_only)

    def _add_suggested_action(self, _suggestion_id: int, line: str) -> None:
        """An accepted suggestion goes into the minutes as typed text would, so the
        editor's autosave syncs it as an action like any other."""
        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        text = self.editor.toPlainText()
        cursor.insertText(("\n" if text and not text.endswith("\n") else "") + line)
        self.editor.setTextCursor(cursor)

    def _make_records_panel(self) -> ItemRecordsPanel:
        panel = ItemRecordsPanel(self.context, self)
        panel.status_message.connect(self.status_message)
        return panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """In a narrow table, drop the columns the item heading repeats (presenter,
        papers) so the titles stay readable instead of shrinking to nothing."""
        width = self.table.viewport().width()
        narrow = {AgendaTableModel.COL_PRESENTER, AgendaTableModel.COL_PAPERS}
        self.proxy.drop_columns(narrow if width < NARROW_TABLE else set())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wanted = (
            Qt.Orientation.Horizontal
            if event.size().width() >= SIDE_BY_SIDE_MIN_WIDTH
            else Qt.Orientation.Vertical
        )
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            remembered = self.layout_states.get(split_key(wanted))
            if remembered is not None and self.splitter.restoreState(remembered):
                self.splitter.setOrientation(wanted)
            elif wanted is Qt.Orientation.Horizontal:
                total = max(1, self.splitter.width())
                self.splitter.setSizes([total // 2, total - total // 2])
            else:
                height = max(1, self.splitter.height())
                self.splitter.setSizes([height * 2 // 5, height * 3 // 5])

    def _remember_split(self, *_args: Any) -> None:
        """The items/minutes split the user chose, kept for each arrangement."""
        self.layout_states[split_key(self.splitter.orientation())] = self.splitter.saveState()

    def restore_layout(self, states: dict[str, QByteArray]) -> None:
        """Splits saved by the window in an earlier run (see `layout_states`)."""
        self.layout_states.update(states)
        current = states.get(split_key(self.splitter.orientation()))
        if current is not None:
            orientation = self.splitter.orientation()
            self.splitter.restoreState(current)
            self.splitter.setOrientation(orientation)

    # --- the tab interface ---------------------------------------------------------------

    def show_meeting(self, meeting_id: int | None) -> None:
        """Show a meeting's agenda (saving any typing in the previous one first)."""
        self.flush()
        # Shown again after changes elsewhere: stay on the item the note taker was on.
        same_meeting = meeting_id is not None and meeting_id == self.meeting_id
        if not same_meeting:
            self.undo_stack.clear()
        self.meeting_id = meeting_id
        self.header = self.context.read(agenda.meeting_header, meeting_id) if meeting_id else None
        if meeting_id is None:
            self.editor.set_names([])
        else:
            self.editor.set_names_source(partial(self.context.read, agenda.owner_names, meeting_id))
        # Read when the first ACTION line needs it (_action_line_context): the first
        # meeting paints without its two queries (start-up, issue 13).
        self._line_context = None
        if not same_meeting:
            self.notice_bar.dismiss_quietly()
        locked = self.header.is_locked if self.header else False
        if self.header and locked:
            approved = f" on {uk_date(self.header.approved_on)}" if self.header.approved_on else ""
            self.lock_label.setText(
                f"These minutes were approved{approved} and are now a record: "
                "they can be read but not changed here."
            )
        self.lock_label.setVisible(locked)
        for action in (*self.live_actions.values(), *self.item_actions.values()):
            action.setEnabled(meeting_id is not None and not locked and not self.context.read_only)
        rows = self.context.read(agenda.list_items, meeting_id) if meeting_id else []
        self.reload(select_item=None if same_meeting else self._item_to_open(rows), rows=rows)

    def flush(self) -> None:
        """Save typed minutes and pending panel edits now."""
        self.editor.flush()
        self.records_panel.flush()

    def show_place(self, place: Place) -> None:
        if place.agenda_item_id is not None:
            self.select_item(place.agenda_item_id)

    # --- loading -------------------------------------------------------------------------

    @staticmethod
    def _item_to_open(rows: list[agenda.AgendaItemRow]) -> int | None:
        """The running item, else the first one (a note taker starts at the top)."""
        running = next((r.id for r in rows if r.is_running), None)
        return running or (rows[0].id if rows else None)

    def reload(
        self, select_item: int | None = None, rows: list[agenda.AgendaItemRow] | None = None
    ) -> None:
        """Re-read items and the clock (after structural or clock changes, not typing);
        `rows`: the items, when they were read just now."""
        current = select_item if select_item is not None else self.current_item_id()
        now = self.context.clock.now()
        if self.meeting_id is None:
            rows = []
            self._clock_state = None
        else:
            if rows is None:
                rows = self.context.read(agenda.list_items, self.meeting_id)
            self._clock_state = self.context.read(agenda.meeting_clock, self.meeting_id)
        with QSignalBlocker(self.table.selectionModel()):
            self.model.set_rows(rows, now)
        self.table.resizeRowsToContents()
        self._update_clock_bar()
        target = self.model.row_of_item(current) if current is not None else None
        if target is None and rows:
            target = 0
        if target is None:
            self._open_item(None)
            return
        index = self.proxy.mapFromSource(self.model.index(target, 0))
        with QSignalBlocker(self.table.selectionModel()):
            self.table.setCurrentIndex(index)
            self.table.selectRow(index.row())
        self.table.scrollTo(index)
        self._open_item(self.model.row_for(target).id)

    def _update_clock_bar(self) -> None:
        running = next((r for r in self.model.rows() if r.is_running), None)
        self.clock_bar.set_state(self._clock_state, running)

    def tick(self) -> None:
        """Advance the elapsed cells (the clock bar ticks itself)."""
        self.model.set_now(self.context.clock.now())

    def current_item_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = index.data(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def current_item(self) -> agenda.AgendaItemRow | None:
        item_id = self.current_item_id()
        row = self.model.row_of_item(item_id) if item_id is not None else None
        return self.model.row_for(row) if row is not None else None

    def select_item(self, item_id: int) -> bool:
        row = self.model.row_of_item(item_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _select_row_quietly(self, item_id: int | None) -> None:
        row = self.model.row_of_item(item_id) if item_id is not None else None
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        with QSignalBlocker(self.table.selectionModel()):
            self.table.setCurrentIndex(index)
            self.table.selectRow(index.row())

    def release_editor(self) -> bool:
        """Save typed minutes before the meeting changes; False to stay (see the editor)."""
        return self.editor.release()

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        value = current.data(Qt.ItemDataRole.UserRole)
        self._open_item(int(value) if value is not None else None)

    def _open_item(self, item_id: int | None) -> None:
        locked = self.header.is_locked if self.header else False
        self._reading_at = None
        if item_id != self.editor.item_id or item_id is None:
            with reporting_user_errors(self.notice_bar.notify) as attempt:
                moved = self.editor.load_item(item_id, read_only=locked)
            if attempt.failed:
                return
            if not moved:  # unsaved text the note taker chose to stay with
                self._select_row_quietly(self.editor.item_id)
                self.editor.setFocus()
                return
        row = self.current_item() if item_id is not None else None
        if row is None:
            show_live_text(
                self.item_title, "Selected item", "No item selected" if self.meeting_id else ""
            )
        else:
            details = [f"{row.number}. {row.title}"]
            extras = []
            if row.presenter:
                extras.append(row.presenter)
            if row.minutes_allocated:
                extras.append(plural(row.minutes_allocated, "minute"))
            if row.is_restricted:
                extras.append("RESTRICTED")
            # The narrow items table drops its papers column; the heading keeps the count.
            if row.papers_count:
                extras.append(f"{row.papers_count} paper{'s' if row.papers_count != 1 else ''}")
            if extras:
                details.append(" · ".join(extras))
            show_live_text(self.item_title, "Selected item", "\n".join(details))
            # F8 / Shift+F8 from the minutes: say which item the cursor is now in (moving
            # in the items table, the screen reader reads the row itself).
            if not self.table.hasFocus():
                announce(self.item_title, f"Item {row.number}: {row.title}", topic="item")
        self._show_reviewed(row)
        self.item_opened.emit(item_id)
        self.records_panel.show_item(
            self.meeting_id if row is not None else None,
            row.id if row is not None else None,
            row.kind if row is not None else None,
        )
        self._show_transcript(self.meeting_id, row.id if row is not None else None, locked)

    def _show_reviewed(self, row: agenda.AgendaItemRow | None) -> None:
        wanted = row is not None and row.kind is ItemKind.PREVIOUS_MINUTES
        if wanted and self.meeting_id is not None:
            self._load_reviewed()
        self.reviewed_panel.setVisible(wanted)

    def _load_reviewed(self, select_action: int | None = None) -> None:
        from csp_desktop.services import actions as actions_service

        assert self.meeting_id is not None
        rows = self.context.read(actions_service.reviewed_actions, self.meeting_id)
        current = select_action
        if current is None and self.reviewed_view.currentIndex().isValid():
            current = self.reviewed_view.currentIndex().data(Qt.ItemDataRole.UserRole)
        self.reviewed_model.set_rows(rows)
        row = self.reviewed_model.row_of_action(current) if current is not None else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.reviewed_view.setCurrentIndex(
                self.reviewed_proxy.mapFromSource(self.reviewed_model.index(row, 0))
            )

    def _actions_synced(self) -> None:
        if self.reviewed_panel.isVisible() and self.meeting_id is not None:
            self._load_reviewed()

    # --- agenda editing (undoable) -------------------------------------------------------

    def _refresh_after_command(self, select_item: int | None) -> None:
        self.reload(select_item=select_item)

    def _push(self, command: undo_commands.ServiceCommand) -> bool:
        self.editor.flush()
        self.undo_stack.push(command)
        if command.failed is None:
            self.status_message.emit(command.text())
            return True
        return False

    def _error(self, exc: BaseException) -> None:
        show_error(self, exc)

    def add_item(self) -> None:
        if self.meeting_id is None:
            return
        dialog = ItemDialog(self, adding=True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        current = self.current_item()
        # After the selected item, unless that is a closing standing item.
        position = None
        if current is not None and current.kind not in agenda.CLOSING_KINDS:
            position = current.position + 1
        self._push(
            undo_commands.AddItemCommand(
                self.context,
                self.meeting_id,
                dialog.spec(),
                position,
                self._refresh_after_command,
                self._error,
            )
        )

    def edit_item(self) -> None:
        item_id = self.current_item_id()
        if item_id is None:
            return
        before = self.context.read(agenda.item_spec, item_id)
        dialog = ItemDialog(self, before, adding=False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        after = dialog.spec()
        if after == before:
            return
        self._push(
            undo_commands.EditItemCommand(
                self.context, item_id, before, after, self._refresh_after_command, self._error
            )
        )

    def delete_item(self) -> None:
        if self.current_item() is None:
            return
        self.editor.flush()  # so the question knows about text typed a moment ago
        row = self.context.read(agenda.get_item, self.current_item_id())
        question = f"Delete item {row.number}, “{row.title}”?"
        if row.has_minutes:
            question += "\n\nIts minutes will be deleted with it."
        question += "\n\nYou can undo this with Edit › Undo."
        if not confirm(self, "Delete agenda item", question):
            return
        self._push(
            undo_commands.DeleteItemCommand(
                self.context, row.id, row.title, self._refresh_after_command, self._error
            )
        )

    def move_item(self, delta: int) -> None:
        row = self.current_item()
        if row is None:
            return
        new_position = row.position + delta
        if not 1 <= new_position <= self.model.rowCount():
            return
        self._push(
            undo_commands.MoveItemCommand(
                self.context,
                row.id,
                row.title,
                row.position,
                new_position,
                self._refresh_after_command,
                self._error,
            )
        )

    # --- live clock ----------------------------------------------------------------------

    def _live(self, service: Any, *args: Any, **kwargs: Any) -> int | None:
        if self.meeting_id is None:
            return None
        self.editor.flush()
        # F5/F8 come mid-sentence: say it over the minutes, never in a dialog.
        with reporting_user_errors(self.notice_bar.notify) as attempt:
            item_id: int | None = self.context.write(
                service, *args, self.context.clock, topic="meetings", **kwargs
            )
        if attempt.failed:
            self.focus_minutes_end()
            return None
        self.reload(select_item=item_id if isinstance(item_id, int) else None)
        # Whatever had focus (the item list, the meeting list, a button), the next
        # keys are minutes: put the cursor at the end of the current item's text.
        self.focus_minutes_end()
        return item_id

    def start_meeting(self) -> None:
        """F5: start (or pick up) the clock; asks first if this is not today's meeting."""
        if self.meeting_id is None:
            return
        clock = self.context.read(agenda.meeting_clock, self.meeting_id)
        assert self.header is not None
        doubt = start_clock_doubt(
            self.header.date, clock.started_at, clock.ended_at, self.context.clock.now()
        )
        if doubt is None:
            self._start_clock()
            return
        self.notice_bar.ask(
            doubt,
            on_yes=self._start_clock,
            on_no=lambda: self.status_message.emit("The meeting's clock was left as it was"),
            yes_text="Restart (Enter)" if clock.started_at else "Start (Enter)",
            no_text="Keep (Esc)",
            forward_to=self._editor_at_end,
        )

    def _start_clock(self) -> None:
        if self.meeting_id is None:
            return
        item_id = self._live(agenda.start_meeting, self.meeting_id)
        announce(self.clock_bar, "Meeting started")  # the item opened says itself
        self._announce(item_id, "Meeting started")

    def next_item(self) -> None:
        if self.meeting_id is None:
            return
        item_id = self._live(agenda.next_item, self.meeting_id, from_item_id=self.current_item_id())
        self._announce(item_id, "Now on")

    def previous_item(self) -> None:
        if self.meeting_id is None:
            return
        item_id = self._live(
            agenda.previous_item, self.meeting_id, from_item_id=self.current_item_id()
        )
        self._announce(item_id, "Back to")

    def pause_or_resume_item(self) -> None:
        row = self.current_item()
        if row is None:
            return
        if row.is_running:
            self._live(agenda.stop_item, row.id)
            self.status_message.emit(f"Clock paused on item {row.number}")
            announce(self.clock_bar, f"Clock paused on item {row.number}")
        else:
            self._live(agenda.start_item, row.id)
            self.select_item(row.id)
            self.status_message.emit(f"Clock running on item {row.number}")
            announce(self.clock_bar, f"Clock running on item {row.number}")

    def end_meeting(self) -> None:
        if self.meeting_id is None:
            return
        self.notice_bar.ask(
            "End the meeting and stop its clock? You can still type minutes. "
            "Enter = end, Esc = carry on",
            on_yes=self._end_clock,
            yes_text="End meeting (Enter)",
            no_text="Carry on (Esc)",
            forward_to=self._editor_at_end,
        )

    def _end_clock(self) -> None:
        if self.meeting_id is None:
            return
        self._live(agenda.end_meeting, self.meeting_id)
        self.status_message.emit("Meeting ended")
        announce(self.clock_bar, "Meeting ended")

    def _announce(self, item_id: int | None, verb: str) -> None:
        row = self.current_item()
        if item_id is not None and row is not None:
            self.status_message.emit(f"{verb}: item {row.number}, {row.title}")

    def insert_action_line(self) -> None:
        """Ctrl+Shift+A anywhere: bring the minutes forward and start an ACTION line."""
        if self.editor.isReadOnly() or self.meeting_id is None:
            return
        if not self.isVisible():
            self.navigate.emit(Place(self.meeting_id, TAB_AGENDA))
        self.editor.insert_action_line()

    def clear_flagged_quotes(self) -> None:
        """Ctrl+Shift+Q: a reviewer clears the restricted words flagged in this item for the
        public version (they were said in public too); no dialog, the typing carries on."""
        from csp_desktop.services.restricted_quotes import clear_quotes, find_quotes

        item_id = self.editor.item_id
        if self.meeting_id is None or item_id is None:
            return
        self.editor.flush()  # cleared as saved: the mark holds for these exact words
        self.context.wait_for_background()
        flagged = [
            quote
            for quote in self.context.read(find_quotes, self.meeting_id)
            if quote.item_id == item_id and not quote.cleared
        ]
        if not flagged:
            self.status_message.emit("No restricted words are flagged in this item.")
            return
        number = flagged[0].item_number
        with reporting_user_errors(self.status_message.emit) as attempt:
            count = self.context.write(clear_quotes, self.meeting_id, number)
        if attempt.failed:
            return
        self.quote_watch.reload()
        words = " ".join(flagged[0].text.split())
        if len(words) > 80:
            words = words[:77].rstrip() + "…"
        more = f" and {count - 1} more" if count > 1 else ""
        self.status_message.emit(
            f'Cleared for the public version: "{words}"{more} in item {number}.'
        )

    # --- carried actions -----------------------------------------------------------------

    def complete_reviewed_action(self, action_id: int) -> None:
        from csp_desktop.services import actions as actions_service

        row = self.reviewed_model.row_of_action(action_id)
        reference = self.reviewed_model.row_for(row).reference if row is not None else ""
        with reporting_user_errors(self) as attempt:
            self.context.write(
                actions_service.set_review_status,
                self.meeting_id,
                action_id,
                ActionStatus.COMPLETED,
                self.context.clock,
                topic="actions",
            )
        if attempt.failed:
            return
        self._load_reviewed(select_action=action_id)
        self.status_message.emit(f"Action {reference} marked completed")

    def add_reviewed_update(self, action_id: int) -> None:
        from csp_desktop.services import actions as actions_service

        row = self.reviewed_model.row_of_action(action_id)
        reference = self.reviewed_model.row_for(row).reference if row is not None else ""
        text, ok = QInputDialog.getMultiLineText(
            self, "Add an update", f"Update on action {reference}:"
        )
        if not ok or not text.strip():
            return
        with reporting_user_errors(self) as attempt:
            self.context.write(
                actions_service.add_action_update,
                action_id,
                text.strip(),
                self.context.clock,
                source=ActionUpdateSource.MEETING,
                meeting_id=self.meeting_id,
                topic="actions",
            )
        if attempt.failed:
            return
        self._load_reviewed(select_action=action_id)
        self.status_message.emit(f"Update added to action {reference}")

    def _meeting_date(self) -> str:
        return uk_date(self.header.date) if self.header else ""

    def focus_items(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_minutes(self) -> None:
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_minutes_end(self) -> None:
        """Focus at the end of the current item's minutes: where the next words go."""
        if self.notice_bar.is_question:
            return  # the question keeps focus until it is answered
        if not self.isVisible():
            self.navigate.emit(Place(self.meeting_id, TAB_AGENDA))
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        self.editor.ensureCursorVisible()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _editor_at_end(self) -> QWidget:
        self.focus_minutes_end()
        return self.editor

    def ask(
        self,
        text: str,
        on_yes: Any,
        *,
        on_no: Any = None,
        yes_text: str = "Yes (Enter)",
        no_text: str = "No (Esc)",
    ) -> None:
        """A yes/no question over the minutes (Enter / Esc); never a dialog."""
        self.notice_bar.ask(
            text,
            on_yes=on_yes,
            on_no=on_no,
            yes_text=yes_text,
            no_text=no_text,
            forward_to=self._editor_at_end,
        )

    # --- notices and the ACTION line ----------------------------------------------------

    def _editor_notice(self, text: str) -> None:
        if self.notice_bar.is_question:
            if text:
                self.status_message.emit(text)
            return
        if not text:
            self.notice_bar.dismiss_quietly()
            return
        removed = bool(self.editor.removed_action_ids)
        self.notice_bar.notify(
            text,
            action_text="Delete now" if removed else None,
            on_action=self.editor.settle_removed_actions if removed else None,
        )

    def _action_line_context(self) -> ActionLineContext:
        """The meeting's owners and date for reading ACTION lines, read once per
        `show_meeting` (which runs again after changes elsewhere)."""
        if self._line_context is None:
            from csp_desktop.services.action_feedback import action_line_context

            self._line_context = self.context.read(action_line_context, self.meeting_id)
        return self._line_context

    def show_action_reading(self) -> None:
        """Under the minutes: how the ACTION line at the cursor will be recorded.

        When the cursor leaves an ACTION line with a doubt (an owner not matched, a due
        date in the past or a year off), the doubt stays in the notice bar, so it is not
        lost the moment the note taker types on.
        """
        block = self.editor.textCursor().block()
        reading = None
        if self.meeting_id:
            from csp_desktop.services.action_feedback import read_action_line
            from csp_desktop.services.action_parser import match_action_line

            if match_action_line(block.text()) is not None:
                reading = read_action_line(block.text(), self._action_line_context())
        left = self._reading_at
        if left is not None and left[0] != block.blockNumber() and left[1] is not None:
            doubtful = left[1]
            if doubtful.needs_attention and not self.notice_bar.showing:
                self.notice_bar.notify(f"Check the ACTION line just typed: {doubtful.summary()}")
        self._reading_at = (block.blockNumber(), reading)
        if reading is None:
            self.action_line_label.hide()
            return
        text = reading.summary()
        warn = reading.needs_attention
        self.action_line_label.setText(f"{'⚠ ' if warn else ''}ACTION understood: {text}")
        self.action_line_label.setStyleSheet("color: #9c2a00;" if warn else "color: #1d5e20;")
        self.action_line_label.show()
