"""File › Import past minutes…: review what was recognised beside the source, then write.

The officer adds files or a folder; each file is read and recognised at once (nothing is
written). Choosing a file shows its text on the left and the recognised fields on the
right; selecting a field highlights its source line and moving in the source selects the
field it belongs to. Names, owners, statuses and titles are edited in place (F2); item
boundaries are fixed by keyboard: Ctrl+M merges the selected item into the one before,
Ctrl+L splits the item at the source line under the cursor, Ctrl+D marks the selected
item as not an item (a section divider). Import writes each meeting in its own
transaction on the background writer, one file after another, so the window stays
responsive; the progress bar and per-file report follow, and Cancel stops after the file
being written (each file is all written or not at all). A meeting the archive already
has is skipped.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.errors import UserError
from csp_desktop.services.people import known_people
from csp_desktop.ui.context import UiContext
from csp_desktop.usecases.import_minutes import (
    SUPPORTED_SUFFIXES,
    Recognised,
    imported,
    recognise_file,
    refused,
    write_document_or_refusal,
)
from csp_desktop.usecases.import_review import merge_with_previous, not_an_item, split_item

# Where an edited value goes in the interchange document: a path of keys and indexes.
DocPath = tuple[str | int, ...]
LINE_ROLE = Qt.ItemDataRole.UserRole
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # index of the agenda item a field belongs to
MERGE_KEY, SPLIT_KEY, NOT_AN_ITEM_KEY = "Ctrl+M", "Ctrl+L", "Ctrl+D"
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
)


@dataclass
class _Entry:
    path: Path
    recognised: Recognised | None = None
    problem: str | None = None
    outcome: str | None = None
    lines: list[str] = field(default_factory=list)
    meeting_id: int | None = None


class ImportMinutesDialog(QDialog):
    """Review recognised minutes beside their source and import them."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Import past minutes")
        self.setObjectName("import_minutes_dialog")
        self.setModal(False)
        self.entries: list[_Entry] = []
        self._cancel = False
        self._running = False
        self._adding = False
        self._syncing = False
        self._queue: list[tuple[int, _Entry]] = []
        self._total = self._done = 0

        self.files = QListWidget()
        self.files.setObjectName("import_files")
        self.source = QPlainTextEdit()
        self.source.setObjectName("import_source")
        self.source.setReadOnly(True)
        self.source.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.source.setFont(QFont("Monospace"))
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.fields = QTreeWidget()
        self.fields.setObjectName("import_fields")
        self.fields.setHeaderLabels(["Field", "Recognised", "Line", "Archive"])
        # The value column takes the room left, so "Archive" is always in view (at
        # 1366x768 fixed widths pushed it off to the right).
        header = self.fields.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for column, mode in enumerate(
            (
                QHeaderView.ResizeMode.Interactive,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
            )
        ):
            header.setSectionResizeMode(column, mode)
        self.fields.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.fields.setEditTriggers(EDIT_TRIGGERS)
        self.progress = QProgressBar()
        self.progress.setObjectName("import_progress")
        self.progress.setVisible(False)
        self.status = QLabel("Add files or a folder of minutes (.txt, .docx, .pdf).")
        self.add_files_button = QPushButton("Add &files…")
        self.add_folder_button = QPushButton("Add f&older…")
        self.import_button = QPushButton("&Import")
        self.cancel_button = QPushButton("&Cancel")
        self.import_button.setEnabled(False)
        # Boundary fixes: buttons for the mouse, shortcuts that leave focus where it is.
        self.merge_button = QPushButton(f"Merge with previous ({MERGE_KEY})")
        self.split_button = QPushButton(f"Split at line ({SPLIT_KEY})")
        self.not_item_button = QPushButton(f"Not an item ({NOT_AN_ITEM_KEY})")
        for button in (self.merge_button, self.split_button, self.not_item_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.files)
        splitter.addWidget(self.source)
        splitter.addWidget(self.fields)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 3)
        buttons = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.merge_button, self.split_button, self.not_item_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(1200, 680)  # fits a 1366x768 screen with the taskbar

        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.import_button.clicked.connect(self.import_all)
        self.cancel_button.clicked.connect(self.cancel)
        self.files.currentRowChanged.connect(self._show_entry)
        self.fields.currentItemChanged.connect(self._field_selected)
        self.fields.itemChanged.connect(self._field_edited)
        self.source.cursorPositionChanged.connect(self._source_moved)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.import_all)
        QShortcut(QKeySequence("Ctrl+O"), self).activated.connect(self.choose_files)
        for key, action in (
            (MERGE_KEY, self.merge_item),
            (SPLIT_KEY, self.split_item),
            (NOT_AN_ITEM_KEY, self.mark_not_an_item),
        ):
            QShortcut(QKeySequence(key), self).activated.connect(action)
        self.merge_button.clicked.connect(self.merge_item)
        self.split_button.clicked.connect(self.split_item)
        self.not_item_button.clicked.connect(self.mark_not_an_item)

    # --- files ---------------------------------------------------------------------------
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Minutes to import",
            str(Path.home()),
            "Minutes (" + " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES) + ")",
        )
        self.add_paths([Path(name) for name in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of minutes", str(Path.home()))
        if folder:
            self.add_paths(
                sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES)
            )

    def add_paths(self, paths: list[Path]) -> None:
        """Read and recognise each file now; nothing is written until Import.

        A folder shows its progress, and Cancel stops before the next file (those read so
        far stay for review).
        """
        if self._adding or self._running or not paths:
            return
        self._adding, self._cancel = True, False
        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.progress.setVisible(len(paths) > 1)
        read = 0
        for path in paths:
            if self._cancel:
                break
            entry = _Entry(path)
            try:
                entry.recognised = recognise_file(path)
                entry.lines = list(entry.recognised.meeting.lines)
            except UserError as error:
                entry.problem = str(error)
            self.entries.append(entry)
            item = QListWidgetItem(self._label(entry))
            item.setToolTip(entry.problem or str(path))  # the whole sentence and path
            self.files.addItem(item)
            read += 1
            self.progress.setValue(read)
            self.status.setText(f"Reading {read} of {len(paths)}: {path.name}")
            QApplication.processEvents()  # keeps the window answering (and Cancel) per file
        stopped = f" (cancelled: {len(paths) - read} not read)" if self._cancel else ""
        self._adding, self._cancel = False, False
        self.progress.setVisible(False)  # shown again while importing
        ready = sum(1 for e in self.entries if e.recognised)
        self.import_button.setEnabled(ready > 0)
        self.status.setText(
            f"{ready} of {len(self.entries)} files recognised{stopped}; review, then Import."
        )
        if self.files.currentRow() < 0 and self.entries:
            self.files.setCurrentRow(0)

    def _label(self, entry: _Entry) -> str:
        if entry.outcome:
            return entry.outcome
        if entry.problem:
            # The file's name, not its whole path, so what is wrong stays in view.
            return f"✗ {entry.problem.replace(str(entry.path), entry.path.name)}"
        assert entry.recognised is not None
        return f"{entry.path.name}: {entry.recognised.summary}"

    # --- review --------------------------------------------------------------------------
    def _show_entry(self, row: int) -> None:
        self.fields.blockSignals(True)
        self.fields.clear()
        self.fields.blockSignals(False)
        if not 0 <= row < len(self.entries):
            self.source.setPlainText("")
            return
        entry = self.entries[row]
        self.source.setPlainText("\n".join(entry.lines))
        if entry.problem:
            self.status.setText(entry.problem)
        if entry.recognised is None:
            return
        self._fill_fields(entry.recognised)
        self.fields.expandAll()
        self.fields.resizeColumnToContents(0)
        self.fields.setColumnWidth(0, min(self.fields.columnWidth(0), 220))

    def _fill_fields(self, recognised: Recognised) -> None:
        meeting, document = recognised.meeting, recognised.document
        self.fields.blockSignals(True)
        header = self._group("Meeting")
        body_line = meeting.body.line if meeting.body else None
        self._field(
            header,
            "Body",
            document["meeting"]["body"]["name"],
            body_line,
            ("meeting", "body", "name"),
        )
        for key, label, line in (
            ("date", "Date", meeting.date_line),
            ("start_time", "Start", meeting.date_line),
            ("end_time", "End", meeting.date_line),
            ("venue", "Venue", meeting.venue.line if meeting.venue else None),
            ("contact_officer", "Contact", meeting.contact.line if meeting.contact else None),
        ):
            self._field(header, label, document["meeting"].get(key), line, ("meeting", key))
        people = self._group("Attendance")
        known_names = self.context.read(
            known_people, [row["person"] for row in document["attendance"]]
        )
        for index, (person, row) in enumerate(
            zip(meeting.attendance, document["attendance"], strict=True)
        ):
            item = self._field(
                people, row["status"], row["person"], person.line, ("attendance", index, "person")
            )
            self._field(item, "Status", row["status"], person.line, ("attendance", index, "status"))
            # Known to the archive already, or a new person the import will add.
            item.setText(3, "known" if known_names[index] else "new")
            if row.get("substitute_for"):
                self._field(
                    item,
                    "Substitute for",
                    row["substitute_for"],
                    person.line,
                    ("attendance", index, "substitute_for"),
                )
        items = self._group("Items")
        actions = document["actions_raised"]
        action_index = 0
        for index, (recognised_item, row) in enumerate(
            zip(meeting.items, document["agenda_items"], strict=True)
        ):
            label = f"Item {row['number']}" if row["number"] else "Item"
            item = self._field(
                items, label, row["title"], recognised_item.line, ("agenda_items", index, "title")
            )
            item.setData(0, ITEM_ROLE, index)
            for decision in recognised_item.decisions:
                self._field(item, "Decision", decision.text, decision.line, None)
            for action in recognised_item.actions:
                # Owners matched on the attendance list; an unmatched name is shown for
                # the officer to correct, and written only if they type it in.
                owners = ", ".join(actions[action_index]["owners"])
                node = self._field(
                    item,
                    "Action",
                    action.text,
                    action.line,
                    ("actions_raised", action_index, "text"),
                )
                if not owners and action.owner_phrase:
                    self._field(
                        node, "Owner not on the list", action.owner_phrase, action.line, None
                    )
                self._field(
                    node, "Owners", owners, action.line, ("actions_raised", action_index, "owners")
                )
                self._field(
                    node,
                    "Status",
                    actions[action_index]["status"],
                    action.line,
                    ("actions_raised", action_index, "status"),
                )
                action_index += 1
        self.fields.blockSignals(False)

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title])
        self.fields.addTopLevelItem(item)
        return item

    def _field(
        self,
        parent: QTreeWidgetItem,
        label: str,
        value: Any,
        line: int | None,
        path: DocPath | None,
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [label, "" if value is None else str(value), "" if line is None else str(line + 1)]
        )
        item.setData(0, LINE_ROLE, line)
        item.setData(0, PATH_ROLE, path)
        if path is not None:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        parent.addChild(item)
        return item

    def _field_selected(self, current: QTreeWidgetItem | None, _: Any = None) -> None:
        if current is None or self._syncing:
            return
        line = current.data(0, LINE_ROLE)
        if line is None:
            return
        self._syncing = True
        block = self.source.document().findBlockByNumber(int(line))
        cursor = QTextCursor(block)
        self.source.setTextCursor(cursor)
        self.source.centerCursor()
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(self.palette().highlight().color().lighter(160))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = cursor
        self.source.setExtraSelections([selection])
        self._syncing = False

    def _source_moved(self) -> None:
        """The field recognised from the line the cursor is on (or the nearest above)."""
        if self._syncing:
            return
        line = self.source.textCursor().blockNumber()
        best: QTreeWidgetItem | None = None
        best_line = -1
        iterator = [self.fields.topLevelItem(i) for i in range(self.fields.topLevelItemCount())]
        while iterator:
            item = iterator.pop()
            if item is None:
                continue
            iterator.extend(item.child(i) for i in range(item.childCount()))
            found = item.data(0, LINE_ROLE)
            if found is not None and best_line < int(found) <= line:
                best, best_line = item, int(found)
        if best is not None:
            self._syncing = True
            self.fields.setCurrentItem(best)
            self._syncing = False

    def _field_edited(self, item: QTreeWidgetItem, column: int) -> None:
        """Carry an edit into the document that Import will write."""
        path = item.data(0, PATH_ROLE)
        row = self.files.currentRow()
        if path is None or column != 1 or not 0 <= row < len(self.entries):
            return
        recognised = self.entries[row].recognised
        if recognised is None:
            return
        value: Any = item.text(1).strip() or None
        if path[-1] == "owners":
            value = [name.strip() for name in (value or "").split(",") if name.strip()]
        target: Any = recognised.document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    # --- item boundaries -------------------------------------------------------------------
    def _current_entry(self) -> _Entry | None:
        row = self.files.currentRow()
        if not 0 <= row < len(self.entries) or self._running:
            return None
        entry = self.entries[row]
        return entry if entry.recognised is not None and not entry.outcome else None

    def _selected_item_index(self) -> int | None:
        """The agenda item the selected field belongs to (the item itself or a child)."""
        node = self.fields.currentItem()
        while node is not None:
            index = node.data(0, ITEM_ROLE)
            if index is not None:
                return int(index)
            node = node.parent()
        return None

    def merge_item(self) -> None:
        """Merge the selected item into the one before it (Ctrl+M)."""
        index = self._selected_item_index()
        self._change_items(
            lambda recognised: merge_with_previous(recognised, index or 0),
            None if index is None else max(index - 1, 0),
            "Select an item (or a field under it) to merge into the one before.",
        )

    def mark_not_an_item(self) -> None:
        """The selected item is a section divider, not an item (Ctrl+D)."""
        index = self._selected_item_index()
        self._change_items(
            lambda recognised: not_an_item(recognised, index or 0),
            None if index is None else max(index - 1, 0),
            "Select the item that is only a section heading.",
        )

    def split_item(self) -> None:
        """A new item starts at the source line under the cursor (Ctrl+L)."""
        entry = self._current_entry()
        if entry is None or entry.recognised is None:
            return
        line = self.source.textCursor().blockNumber()
        inside = [
            index
            for index, item in enumerate(entry.recognised.meeting.items)
            if item.line < line <= item.last_line
        ]
        self._change_items(
            lambda recognised: split_item(recognised, inside[0], line),
            inside[0] + 1 if inside else None,
            "Put the cursor in the source on the line where the new item starts.",
        )

    def _change_items(
        self, change: Callable[[Recognised], Recognised], select: int | None, hint: str
    ) -> None:
        entry = self._current_entry()
        if entry is None or entry.recognised is None:
            return
        if select is None:
            self.status.setText(hint)
            return
        focus = QApplication.focusWidget()
        try:
            entry.recognised = change(entry.recognised)
        except UserError as error:
            self.status.setText(str(error))  # a plain notice; nothing changed
            return
        self.files.currentItem().setText(self._label(entry))
        self._show_entry(self.files.currentRow())
        self._select_item(select)
        self.status.setText(
            f"{len(entry.recognised.meeting.items)} items now; nothing is written until Import."
        )
        if focus is not None:
            focus.setFocus()  # the officer carries on where they were

    def _select_item(self, index: int) -> None:
        found = self.fields.findItems("Item", Qt.MatchFlag.MatchStartsWith, 0)
        groups = [g for g in found if g.text(0) == "Items"]
        child = groups[0].child(index) if groups else None
        if child is None:
            return
        self._syncing = True
        self.fields.setCurrentItem(child, 1)
        self._syncing = False

    # --- import --------------------------------------------------------------------------
    def cancel(self) -> None:
        if self._adding:
            self._cancel = True
        elif self._running:
            self._cancel = True
            self.status.setText("Cancelling after the file being written…")
        else:
            self.close()

    def import_all(self) -> None:
        """Write every recognised file on the background writer, one transaction each,
        one after another; the report and progress follow on the GUI thread."""
        ready = [(i, e) for i, e in enumerate(self.entries) if e.recognised and not e.outcome]
        if not ready or self._running:
            return
        self._running, self._cancel = True, False
        self._queue = list(ready)
        self._total, self._done = len(ready), 0
        self.progress.setRange(0, len(ready))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.import_button.setEnabled(False)
        # What is being written is what the officer saw: no edits until it is done.
        self.fields.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._write_next()

    def _write_next(self) -> None:
        if self._cancel or not self._queue:
            self._finish()
            return
        row, entry = self._queue.pop(0)
        assert entry.recognised is not None
        recognised, clock = entry.recognised, self.context.clock
        document = copy.deepcopy(recognised.document)  # the writer thread's own copy
        self.status.setText(f"Importing {entry.path.name} ({self._done + 1} of {self._total})…")

        def done(result: tuple[int, str] | UserError) -> None:
            if isinstance(result, UserError):
                outcome = refused(entry.path, recognised.document, result)
            else:
                meeting_id, label = result
                entry.meeting_id = meeting_id
                outcome = imported(
                    entry.path,
                    recognised.document,
                    meeting_id,
                    label,
                    recognised.summary,
                )
            self._file_done(row, entry, outcome.message)

        def failed(error: Exception) -> None:
            self._file_done(row, entry, f"✗ {entry.path.name}: not imported: {error}")

        try:
            self.context.run_in_background(
                "import-minutes",
                lambda database: write_document_or_refusal(database, document, clock),
                topic="meetings",
                on_done=done,
                on_failed=failed,
            )
        except UserError as error:  # a read-only archive
            self._file_done(row, entry, f"✗ {entry.path.name}: {error}", stop=True)

    def _file_done(self, row: int, entry: _Entry, message: str, *, stop: bool = False) -> None:
        entry.outcome = message
        item = self.files.item(row)
        if item is not None:
            item.setText(self._label(entry))
        self._done += 1
        self.progress.setValue(self._done)
        if stop:
            self._cancel = True
        self._write_next()

    def _finish(self) -> None:
        stopped = " (cancelled)" if self._cancel else ""
        self.status.setText(f"Imported or checked {self._done} of {self._total} files{stopped}.")
        self._running = False
        self._queue = []
        self.fields.setEditTriggers(EDIT_TRIGGERS)
        self.import_button.setEnabled(any(e.recognised and not e.outcome for e in self.entries))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._running:
            # Stop after the file being written, and let it land before the dialog goes.
            self._cancel = True
            self.context.wait_for_background()
        super().closeEvent(event)


def open_import_minutes_dialog(
    context: UiContext, parent: QWidget | None = None
) -> ImportMinutesDialog:
    """Show the (non-modal) review dialog; the caller keeps typing in the window."""
    dialog = ImportMinutesDialog(context, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    # Asked for by its key, so it takes the keyboard: with no window manager to do it (a
    # bare X display, some remote desktops) keys meant for it went to the window behind.
    dialog.raise_()
    dialog.activateWindow()
    dialog.add_files_button.setFocus()
    return dialog
