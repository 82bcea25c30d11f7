"""The Subgroup reports tab: one panel per subgroup expected at the board, and a grid
of who reported to the last few meetings.

Each panel records whether the update was written, verbal or not provided, who gave
it, a summary typed live (saved within a second of the last keystroke and at once on
leaving the tab or meeting, like the minutes), a RAG rating in words and the plan
priorities it covered. `ACTION:` lines in a summary become action records as they do
in an item's minutes.

Each panel remembers the report version it shows and every save names it (issue 16):
a save refused because someone else changed the report since says who and when in one
status-bar line (no dialog), shows theirs, and keeps what the note taker typed in the
report's history (`lost_edit`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QHideEvent, QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.errors import UserError
from csp_desktop.models import Rag, ReportStatus
from csp_desktop.services import actions as action_service
from csp_desktop.services import item_records
from csp_desktop.services import subgroups as subgroup_service
from csp_desktop.services.row_versions import keep_overwritten
from csp_desktop.services.subgroups import PriorityRow, ReportGrid, ReportRow
from csp_desktop.ui.announcer import announce, name_by_purpose, show_live_text
from csp_desktop.ui.changed_elsewhere import ChangedElsewhere
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.error_dialog import error_text
from csp_desktop.ui.shortcuts import BY_NAME
from csp_desktop.ui.tab_contract import MeetingTab
from csp_desktop.ui.user_errors import reporting_user_errors
from csp_desktop.usecases.save_minutes import ReadVersion
from csp_desktop.usecases.save_report import save_summary

Index = QModelIndex | QPersistentModelIndex
TOPIC = "subgroups"
AUTOSAVE_MS = 700
GRID_MEETINGS = 5
NEXT_REPORT_KEYS = "F7"
PREVIOUS_REPORT_KEYS = "Shift+F7"
STATUS_CHOICES = (
    (ReportStatus.WRITTEN, "Written report"),
    (ReportStatus.VERBAL, "Verbal update"),
    (ReportStatus.NOT_PROVIDED, "Not provided"),
)
RAG_CHOICES = ((None, "Not rated"), (Rag.RED, "Red"), (Rag.AMBER, "Amber"), (Rag.GREEN, "Green"))

log = logging.getLogger(__name__)


class ReportGridModel(QAbstractTableModel):
    """Subgroups down, meetings across; each cell a word ("Written", "Verbal", "None")."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._grid = ReportGrid([], [], [], [])

    def set_grid(self, grid: ReportGrid) -> None:
        self.beginResetModel()
        self._grid = grid
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._grid.subgroup_names)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._grid.meeting_labels)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            labels = self._grid.meeting_labels
        else:
            labels = self._grid.subgroup_names
        return labels[section] if 0 <= section < len(labels) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if not (0 <= index.row() < self.rowCount() and 0 <= index.column() < self.columnCount()):
            return None
        word = self._grid.cells[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return word
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{self._grid.subgroup_names[index.row()]}, "
                f"{self._grid.meeting_labels[index.column()]}: {word}"
            )
        if role == Qt.ItemDataRole.FontRole and word == "None":
            font = QFont()
            font.setBold(True)  # a missing report stands out in weight, not only colour
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class SummaryEdit(QPlainTextEdit):
    """The summary box. The window's "Insert ACTION line" keys insert the line here, in
    the report being typed, instead of reaching the (hidden) agenda minutes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._insert_keys = [QKeySequence(k) for k in BY_NAME["insert_action"].keys]

    def _is_insert_action(self, event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return any(
            pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch
            for keys in self._insert_keys
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if self._is_insert_action(event):
                event.accept()  # ours, not the window's
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._is_insert_action(event):
            self.insert_action_line()
            return
        super().keyPressEvent(event)

    def insert_action_line(self) -> None:
        """Start a new line "ACTION: " (on this line if it is empty)."""
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        if cursor.block().text().strip():
            cursor.insertText("\n")
        cursor.insertText("ACTION: ")
        self.setTextCursor(cursor)


class ReportPanel(QGroupBox):
    """The fields of one subgroup's report. Emits what changed; the tab saves it."""

    status_chosen = Signal(int, object)  # report id, ReportStatus
    author_edited = Signal(int, str)
    rag_chosen = Signal(int, object)  # report id, Rag | None
    priorities_changed = Signal(int, object)  # report id, list[int]
    summary_typed = Signal(int)

    def __init__(
        self, report: ReportRow, priorities: Sequence[PriorityRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(report.subgroup_name, parent)
        self.report_id = report.id
        self.subgroup_name = report.subgroup_name
        self.setAccessibleName(f"Report from {report.subgroup_name}")

        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(f"{report.subgroup_name}: report status")
        for status, label in STATUS_CHOICES:
            self.status_combo.addItem(label, status.value)
        self.author_edit = QLineEdit()
        self.author_edit.setAccessibleName(f"{report.subgroup_name}: chair or author")
        self.author_edit.setPlaceholderText(report.subgroup_chair or "Who gave the update")
        self.rag_combo = QComboBox()
        self.rag_combo.setAccessibleName(f"{report.subgroup_name}: RAG rating")
        for rag, label in RAG_CHOICES:
            self.rag_combo.addItem(label, rag.value if rag else None)
        self.summary_edit = SummaryEdit()
        self.summary_edit.setAccessibleName(f"{report.subgroup_name}: summary")
        self.summary_edit.setPlaceholderText(
            "Type the update as it is given. A line starting ACTION: becomes an action."
        )
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setMinimumHeight(90)
        self.priority_boxes: list[tuple[int, QCheckBox]] = []
        priorities_box = QWidget()
        priorities_layout = QVBoxLayout(priorities_box)
        priorities_layout.setContentsMargins(0, 0, 0, 0)
        for priority in priorities:
            owned = " (owned by this subgroup)" if priority.id in report.owned_priority_ids else ""
            box = QCheckBox(f"{priority.label}{owned}")
            box.setAccessibleName(f"{report.subgroup_name}: priority {priority.label}")
            priorities_layout.addWidget(box)
            self.priority_boxes.append((priority.id, box))
        if not priorities:
            priorities_layout.addWidget(QLabel("No plan priorities recorded"))
        self.actions_label = QLabel()
        self.actions_label.setWordWrap(True)
        self.actions_label.setAccessibleName(f"{report.subgroup_name}: actions captured")
        self.captured_count: int | None = None  # None until first shown: no announcement

        # On Linux Qt reads a combo's current text as its name: a buddy label (named with
        # the subgroup) and the description carry its purpose to the screen reader.
        status_label = QLabel("Status:")
        rag_label = QLabel("RAG:")
        for buddy, combo, purpose in (
            (status_label, self.status_combo, "report status"),
            (rag_label, self.rag_combo, "RAG rating"),
        ):
            name_by_purpose(combo, buddy, f"{report.subgroup_name} {purpose}")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        top = QHBoxLayout()
        top.addWidget(self.status_combo)
        top.addWidget(rag_label)
        top.addWidget(self.rag_combo)
        top.addStretch(1)
        form.addRow(status_label, top)
        form.addRow("Chair / author:", self.author_edit)
        form.addRow("Summary:", self.summary_edit)
        form.addRow("Priorities covered:", priorities_box)
        form.addRow("", self.actions_label)

        self.load(report)
        self.status_combo.activated.connect(self._status_activated)
        self.rag_combo.activated.connect(self._rag_activated)
        self.author_edit.editingFinished.connect(self._author_finished)
        self.summary_edit.textChanged.connect(lambda: self.summary_typed.emit(self.report_id))
        for _priority_id, box in self.priority_boxes:
            box.toggled.connect(self._priorities_toggled)

    def load(self, report: ReportRow) -> None:
        """Show a report's saved state without emitting edits."""
        widgets = (self.status_combo, self.rag_combo, self.author_edit, self.summary_edit)
        for widget in widgets:
            widget.blockSignals(True)
        self.status_combo.setCurrentIndex(self.status_combo.findData(report.status.value))
        self.rag_combo.setCurrentIndex(
            max(0, self.rag_combo.findData(report.rag.value if report.rag else None))
        )
        self.author_edit.setText(report.author)
        if self.summary_edit.toPlainText() != report.summary:
            self.summary_edit.setPlainText(report.summary)
            # Theirs shown in place of what was typed: typing goes on at its end.
            self.summary_edit.moveCursor(QTextCursor.MoveOperation.End)
        for priority_id, box in self.priority_boxes:
            box.blockSignals(True)
            box.setChecked(priority_id in report.priority_ids)
            box.blockSignals(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._saved_author = report.author
        # The version shown, named by every save. A new holder: a save still queued from
        # before was based on the old one, so it is refused (its text kept) rather than
        # landing over what is shown now.
        self.read_version = ReadVersion(report.row_version, report.summary)

    def set_read_only(self, read_only: bool) -> None:
        """Approved minutes: readable (and selectable) but not editable."""
        self.summary_edit.setReadOnly(read_only)
        self.author_edit.setReadOnly(read_only)
        for widget in (self.status_combo, self.rag_combo):
            widget.setEnabled(not read_only)
        for _priority_id, box in self.priority_boxes:
            box.setEnabled(not read_only)

    def show_author(self, author: str) -> None:
        self.author_edit.setText(author)
        self._saved_author = author

    def show_status(self, status: ReportStatus) -> None:
        self.status_combo.blockSignals(True)
        self.status_combo.setCurrentIndex(self.status_combo.findData(status.value))
        self.status_combo.blockSignals(False)

    def summary(self) -> str:
        return self.summary_edit.toPlainText()

    def _status_activated(self, index: int) -> None:
        self.status_chosen.emit(self.report_id, ReportStatus(self.status_combo.itemData(index)))

    def _rag_activated(self, index: int) -> None:
        value = self.rag_combo.itemData(index)
        self.rag_chosen.emit(self.report_id, Rag(value) if value else None)

    def _author_finished(self) -> None:
        text = self.author_edit.text()
        if text != self._saved_author:
            self._saved_author = text
            self.author_edited.emit(self.report_id, text)

    def _priorities_toggled(self, _checked: bool) -> None:
        chosen = [pid for pid, box in self.priority_boxes if box.isChecked()]
        self.priorities_changed.emit(self.report_id, chosen)


class SubgroupReportsTab(MeetingTab):
    """Tab interface: show_meeting(), flush(), status_message, navigate."""

    # Listed under Help › Keyboard shortcuts (see ui/shortcuts.extra_rows).
    KEYBOARD_HELP = (
        (NEXT_REPORT_KEYS, "Next subgroup report", "Subgroup reports tab"),
        (PREVIOUS_REPORT_KEYS, "Previous subgroup report", "Subgroup reports tab"),
        ("Tab", "Move from the summary to the next field", "Report summary"),
        (
            " or ".join(BY_NAME["insert_action"].keys),
            "Start an ACTION: line in the report",
            "Report summary",
        ),
    )

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id: int | None = None
        self.panels: list[ReportPanel] = []
        self._pending: set[int] = set()
        # Actions whose ACTION line was deleted from a summary, by report: kept (Ctrl+Z
        # brings line and action back) until the note taker leaves the tab or meeting.
        self._removed: dict[int, tuple[int, ...]] = {}
        self.setAccessibleName("Subgroup reports")

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self._save_pending)

        self.grid_label = QLabel(f"Who reported to the last {GRID_MEETINGS} meetings")
        self.grid_model = ReportGridModel(self)
        self.grid = QTableView()
        self.grid.setModel(self.grid_model)
        self.grid.setAccessibleName("Who reported to recent meetings")
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setTabKeyNavigation(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.grid_label)
        grid_layout.addWidget(self.grid)
        grid_layout.addStretch(1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Subgroup reports message")
        self.add_slots_button = QPushButton("Add missing su&bgroups")
        self.add_slots_button.setAccessibleName("Add a report for each missing subgroup")
        self.add_slots_button.clicked.connect(self.add_missing_slots)
        self.panels_host = QWidget()
        self.panels_layout = QVBoxLayout(self.panels_host)
        self.panels_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.panels_host)
        self.scroll_area.setAccessibleName("Subgroup report panels")
        # Not a stop of its own: keys typed there did nothing. The reports' fields are the
        # stops, and the area scrolls to whichever has focus (`move_to_report`).
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        reports_box = QWidget()
        reports_layout = QVBoxLayout(reports_box)
        reports_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.message, 1)
        header.addWidget(self.add_slots_button)
        reports_layout.addLayout(header)
        reports_layout.addWidget(self.scroll_area, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("subgroup_reports_splitter")
        self.splitter.addWidget(reports_box)
        self.splitter.addWidget(grid_box)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        for keys, label, step in (
            (NEXT_REPORT_KEYS, "Next subgroup report", 1),
            (PREVIOUS_REPORT_KEYS, "Previous subgroup report", -1),
        ):
            action = QAction(label, self)
            action.setShortcut(QKeySequence(keys))
            # Window-wide while this tab is showing (Qt ignores hidden widgets' shortcuts),
            # so F7 works straight after Ctrl+4 wherever the focus was.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, s=step: self.move_to_report(s))
            self.addAction(action)
        self.show_meeting(None)

    # --- tab interface -------------------------------------------------------------------

    def show_meeting(self, meeting_id: int | None) -> None:
        self.flush()
        self.settle_removed_actions()
        self.meeting_id = meeting_id
        self._clear_panels()
        if meeting_id is None:
            self.grid_model.set_grid(ReportGrid([], [], [], []))
            self.message.setText("No meeting selected.")
            self.add_slots_button.setVisible(False)
            return
        with reporting_user_errors(self) as attempt:
            reports = self.context.read(subgroup_service.list_reports, meeting_id)
            priorities = self.context.read(subgroup_service.list_priorities)
            expected = self.context.read(subgroup_service.missing_slot_count, meeting_id)
            captured = self.context.read(subgroup_service.captured_action_labels, meeting_id)
        if attempt.failed:
            return
        for report in reports:
            panel = ReportPanel(report, priorities)
            panel.status_chosen.connect(self._status_chosen)
            panel.rag_chosen.connect(self._rag_chosen)
            panel.author_edited.connect(self._author_edited)
            panel.priorities_changed.connect(self._priorities_changed)
            panel.summary_typed.connect(self._summary_typed)
            self.panels_layout.insertWidget(self.panels_layout.count() - 1, panel)
            panel.show()  # now, not at the layout's next turn: Ctrl+4 may focus it at once
            self.panels.append(panel)
            self._show_actions(panel, captured.get(report.id, []))
        locked = self.context.read(item_records.meeting_is_locked, meeting_id)
        for panel in self.panels:
            panel.set_read_only(locked)
        # Ctrl+4's first stop: the first report's summary, where the note taker types (the
        # scroll area around the reports took the keys and did nothing with them).
        # (Qt forgets a proxy once it is deleted, so a cleared meeting leaves none.)
        if self.panels:
            self.setFocusProxy(self.panels[0].summary_edit)
        self.add_slots_button.setVisible(expected > 0 and not locked)
        if locked:
            self.message.setText(item_records.LOCKED_NOTE)
        elif reports:
            self.message.setText(
                f"{len(reports)} subgroup reports. {NEXT_REPORT_KEYS} / {PREVIOUS_REPORT_KEYS} "
                "move between them; a line starting ACTION: becomes an action."
            )
        elif expected:
            self.message.setText("No report slots yet for this meeting's subgroups.")
        else:
            self.message.setText("No subgroups report to this body.")
        self._refresh_grid()

    def flush(self) -> None:
        """Save every summary typed since the last save, now, and wait until it has landed."""
        self._save_pending()
        self.context.wait_for_background()

    def _save_pending(self) -> None:
        self.autosave_timer.stop()
        for report_id in sorted(self._pending):
            panel = self._panel(report_id)
            if panel is not None:
                self._save_summary(panel)
        self._pending.clear()

    def show_place(self, place: Any) -> None:
        if self.panels:
            self.panels[0].summary_edit.setFocus()

    # --- edits ---------------------------------------------------------------------------

    def _write(self, service: Any, *args: Any, **kwargs: Any) -> bool:
        with reporting_user_errors(self) as attempt:
            self.context.write(service, *args, topic=TOPIC, **kwargs)
        return not attempt.failed

    def _write_report(self, service: Any, report_id: int, *args: Any) -> bool:
        """Save one of a report's fields, based on the version its panel shows."""
        panel = self._panel(report_id)
        if panel is None:
            return False
        self.flush()  # the summary typed so far lands first, moving the version on
        theirs = self._changed_elsewhere(panel)
        with reporting_user_errors(self) as attempt, theirs:
            version = self.context.write(
                service,
                report_id,
                *args,
                expected_version=panel.read_version.row_version,
                topic=TOPIC,
            )
        if attempt.failed or theirs.refused:
            return False
        panel.read_version.row_version = int(version)
        return True

    def _changed_elsewhere(
        self, panel: ReportPanel, refused_summary: str | None = None
    ) -> ChangedElsewhere:
        """Someone else changed the report since it was shown (issue 16): no dialog."""
        report_id = panel.report_id
        return ChangedElsewhere(
            self.status_message.emit,
            lambda: self._show_theirs(report_id, refused_summary),
            f"the {panel.subgroup_name} report",
        )

    def _show_theirs(self, report_id: int, refused_summary: str | None) -> None:
        """Show the report as it is now. A summary typed here and not yet kept anywhere
        (neither saved, nor refused into `lost_edit`) is kept in `lost_edit` first."""
        panel = self._panel(report_id)
        if panel is None or not shiboken6.isValid(panel.summary_edit):
            return
        with reporting_user_errors(self.status_message.emit) as attempt:
            row = self.context.read(subgroup_service.get_report_row, report_id)
            typed = panel.summary()
            if row is not None and typed not in (
                row.summary,
                panel.read_version.text,
                refused_summary,
            ):
                clock = self.context.clock
                self.context.write(
                    keep_overwritten,
                    "subgroup_report",
                    report_id,
                    "summary",
                    typed,
                    clock.user(),
                    clock,
                    topic=TOPIC,
                )
        if attempt.failed or row is None:
            return
        self._pending.discard(report_id)
        panel.load(row)
        self._show_actions(panel)
        self._refresh_grid()

    def _status_chosen(self, report_id: int, status: ReportStatus) -> None:
        if self._write_report(subgroup_service.set_status, report_id, status):
            row = self.context.read(subgroup_service.get_report_row, report_id)
            panel = self._panel(report_id)
            if row is not None and panel is not None and row.author != panel.author_edit.text():
                panel.show_author(row.author)  # the chair, credited by the service
            self._refresh_grid()
            self.status_message.emit(f"{self._name(report_id)}: {status.label}")

    def _rag_chosen(self, report_id: int, rag: Rag | None) -> None:
        if self._write_report(subgroup_service.set_rag, report_id, rag):
            self.status_message.emit(f"{self._name(report_id)}: RAG {rag.label if rag else 'none'}")

    def _author_edited(self, report_id: int, author: str) -> None:
        self._write_report(subgroup_service.set_author, report_id, author)

    def _priorities_changed(self, report_id: int, priority_ids: list[int]) -> None:
        self._write_report(subgroup_service.set_priorities, report_id, priority_ids)

    def _summary_typed(self, report_id: int) -> None:
        self._pending.add(report_id)
        self.autosave_timer.start()

    def _save_summary(self, panel: ReportPanel) -> None:
        """Save a summary and sync its ACTION lines on the background writer (as the
        minutes editor does), so typing never waits on the database. The save is based on
        the version the panel shows (`read_version`, moved on by each save that lands)."""
        report_id, text = panel.report_id, panel.summary()
        work = partial(
            save_summary,
            report_id=report_id,
            text=text,
            clock=self.context.clock,
            based_on=panel.read_version,
        )

        def failed(exc: Exception) -> None:
            self._summary_not_saved(exc, panel, text)

        try:
            self.context.run_in_background(
                f"subgroup-summary:{report_id}",
                work,
                topic=TOPIC,
                on_done=lambda sync: self._summary_saved(report_id, text, sync),
                # The text stays in the editor: nothing typed is lost.
                on_failed=failed,
            )
        except UserError as exc:
            failed(exc)

    def _summary_not_saved(
        self, exc: Exception, panel: ReportPanel | None = None, text: str | None = None
    ) -> None:
        """Said in the status bar and the save indicator, never in a dialog that the
        next typed letter would answer (issue 11); the text stays to be saved again.
        Refused because someone else changed the report: said so, and theirs shown (the
        refused text is in `lost_edit`)."""
        if panel is not None and self._changed_elsewhere(panel, text).answer(exc):
            return
        message = error_text(exc)
        if not isinstance(exc, UserError):
            log.error("Saving a subgroup report failed", exc_info=exc)
        self.context.save_failed.emit(message)
        self.status_message.emit(f"REPORT NOT SAVED: {message}")

    def _summary_saved(self, report_id: int, text: str, sync: Any) -> None:
        panel = self._panel(report_id)
        if panel is None or not shiboken6.isValid(panel.status_combo):
            return  # another meeting is shown now, or the window closed before the save ended
        if text.strip():
            row = self.context.read(subgroup_service.get_report_row, report_id)
            if row is not None:
                panel.show_status(row.status)
        # No question while typing (issue 11): the action stays until the tab is left.
        removed = tuple(int(a) for a in sync.orphaned)
        if removed:
            self._removed[report_id] = removed
            self.status_message.emit(self._removed_notice(removed))
        else:
            self._removed.pop(report_id, None)
        self._show_actions(panel)
        if sync.created or sync.orphaned:
            self._refresh_grid()

    def _removed_notice(self, action_ids: tuple[int, ...]) -> str:
        references = []
        for action_id in action_ids:
            try:
                references.append(
                    self.context.read(action_service.get_action_row, action_id).reference
                )
            except UserError:
                continue
        return (
            f"Action {', '.join(references)} removed with its line · Ctrl+Z to bring it back "
            "(deleted when you leave this tab)"
        )

    def settle_removed_actions(self) -> None:
        """Delete the actions whose lines are still gone (the note taker moved on)."""
        if not self._removed:
            return
        self.flush()  # the latest sync decides: a line brought back keeps its action
        removed, self._removed = self._removed, {}
        for action_ids in removed.values():
            for action_id in action_ids:
                with reporting_user_errors(self.status_message.emit):
                    self.context.write(action_service.delete_action, action_id, topic=TOPIC)
        self._refresh_grid()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not event.spontaneous():  # another tab shown (not the window minimised)
            self.settle_removed_actions()

    def _show_actions(self, panel: ReportPanel, found: list[str] | None = None) -> None:
        """List the actions the panel's summary raised (read now unless given)."""
        if found is None:
            assert self.meeting_id is not None
            labels = self.context.read(subgroup_service.captured_action_labels, self.meeting_id)
            found = labels.get(panel.report_id, [])
        show_live_text(
            panel.actions_label,
            f"{panel.subgroup_name}: actions captured",
            "Actions captured: " + "; ".join(found) if found else "No actions captured.",
        )
        if panel.captured_count is not None and len(found) > panel.captured_count:
            announce(panel.actions_label, f"Action captured for {panel.subgroup_name}: {found[-1]}")
        panel.captured_count = len(found)

    def add_missing_slots(self) -> None:
        if self.meeting_id is None:
            return
        if self._write(subgroup_service.ensure_report_slots, self.meeting_id):
            self.show_meeting(self.meeting_id)

    # --- moving around -------------------------------------------------------------------

    def move_to_report(self, step: int) -> None:
        if not self.panels:
            return
        focused = next(
            (n for n, p in enumerate(self.panels) if p.isAncestorOf(self.focusWidget())), None
        )
        target = 0 if focused is None else (focused + step) % len(self.panels)
        panel = self.panels[target]
        panel.summary_edit.setFocus()
        self.scroll_area.ensureWidgetVisible(panel)
        self.status_message.emit(f"Report from {panel.subgroup_name}")

    # --- helpers -------------------------------------------------------------------------

    def _panel(self, report_id: int) -> ReportPanel | None:
        return next((p for p in self.panels if p.report_id == report_id), None)

    def _name(self, report_id: int) -> str:
        panel = self._panel(report_id)
        return panel.subgroup_name if panel else "Report"

    def _clear_panels(self) -> None:
        for panel in self.panels:
            self.panels_layout.removeWidget(panel)
            panel.deleteLater()
        self.panels = []
        self._pending.clear()

    def _refresh_grid(self) -> None:
        if self.meeting_id is None:
            return
        grid = self.context.read(subgroup_service.report_grid, self.meeting_id, count=GRID_MEETINGS)
        self.grid_model.set_grid(grid)
        # As tall as its rows (the panels above get the rest of the height).
        self.grid.resizeRowsToContents()
        rows_height = sum(self.grid.rowHeight(r) for r in range(self.grid_model.rowCount()))
        frame = self.grid.frameWidth() * 2 + self.grid.horizontalHeader().height()
        self.grid.setMaximumHeight(rows_height + frame + 4)
        shown = len(grid.meeting_labels)
        self.grid_label.setText(
            f"Who reported to the last {shown} meeting{'s' if shown != 1 else ''} of this body"
        )
