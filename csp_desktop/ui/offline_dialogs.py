"""File › Take meeting offline… and File › Bring offline meeting back… (issue 16).

Both run the same workflow as `csp-desktop offline ...` (usecases/offline_meeting.py).
Bringing back asks nothing when nothing conflicts; otherwise `ConflictDialog` lists each
field changed on both sides with the value before, the offline one and the server's,
and is driven from the keyboard: Up/Down move, M keeps the offline value, T the
server's (Shift+M / Shift+T for every one), Enter brings it back once all are chosen,
Esc leaves everything as it was. Results and refusals are non-modal notices.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.services.offline_merge import Choice, Conflict
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.transcript_import import show_notice
from csp_desktop.ui.user_errors import reporting_user_errors
from csp_desktop.usecases import offline_meeting as workflow

FILE_FILTER = "CSP Desktop archive (*.db);;All files (*)"
CHOICE_WORDS: dict[Choice, str] = {"mine": "keep offline", "theirs": "keep server"}


class ConflictDialog(QDialog):
    """Each conflict with base / offline / server values, and a choice for each."""

    def __init__(self, meeting: str, conflicts: list[Conflict], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("offline_conflicts")
        self.setWindowTitle(f"Bring back {meeting}: choose")
        self.conflicts = conflicts
        self.choices: dict[str, Choice] = {}

        intro = QLabel(
            f"{len(conflicts)} {'field was' if len(conflicts) == 1 else 'fields were'} changed "
            "both offline and on the server. For each: M keeps the offline value, T keeps the "
            "server's (Shift+M / Shift+T for all). The other value is kept in the history. "
            "Enter brings the meeting back; Esc changes nothing.",
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("offline_conflict_list")
        self.list.setAccessibleName("Conflicts")
        intro.setBuddy(self.list)
        for _conflict in conflicts:
            QListWidgetItem("", self.list)
        self.list.installEventFilter(self)
        self.list.currentRowChanged.connect(self._show_current)

        self.before = self._value_box("Before (when taken offline)")
        self.mine = self._value_box("Offline (this laptop)")
        self.theirs = self._value_box("Server (now)")
        values = QGridLayout()
        for column, (box, label) in enumerate(
            (
                (self.before, "Bef&ore"),
                (self.mine, "O&ffline"),
                (self.theirs, "&Server"),
            )
        ):
            caption = QLabel(label, self)
            caption.setBuddy(box)
            values.addWidget(caption, 0, column)
            values.addWidget(box, 1, column)

        self.keep_mine = QPushButton("Keep &mine (offline) · M", self)
        self.keep_theirs = QPushButton("Keep &theirs (server) · T", self)
        self.keep_mine.clicked.connect(lambda: self.choose("mine"))
        self.keep_theirs.clicked.connect(lambda: self.choose("theirs"))
        self.status = QLabel("", self)
        self.status.setObjectName("offline_conflict_status")
        buttons = QDialogButtonBox(self)
        self.bring_back_button = buttons.addButton(
            "&Bring back", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.keep_mine, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.keep_theirs, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(values, 2)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(900, 560)
        self._refresh_rows()
        self.list.setCurrentRow(0)
        self.list.setFocus()

    def _value_box(self, name: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setReadOnly(True)
        box.setAccessibleName(name)
        box.setTabChangesFocus(True)
        return box

    def _show_current(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            return
        conflict = self.conflicts[row]
        self.before.setPlainText(conflict.base)
        self.mine.setPlainText(conflict.mine)
        self.theirs.setPlainText(conflict.theirs)

    def _refresh_rows(self) -> None:
        for row, conflict in enumerate(self.conflicts):
            choice = self.choices.get(conflict.ident)
            state = CHOICE_WORDS[choice] if choice else "to choose: M or T"
            item = self.list.item(row)
            item.setText(f"{conflict.what.strip()}, {conflict.field_words}: {state}")
        left = sum(1 for c in self.conflicts if c.ident not in self.choices)
        self.status.setText(
            f"{left} still to choose." if left else "All chosen: Enter brings it back."
        )

    def choose(self, choice: Choice, *, every: bool = False) -> None:
        """Choose for the current conflict (or all), then move to the next unchosen one."""
        row = self.list.currentRow()
        targets = self.conflicts if every else self.conflicts[row : row + 1]
        for conflict in targets:
            self.choices[conflict.ident] = choice
        self._refresh_rows()
        following = [
            i for i, c in enumerate(self.conflicts) if i > row and c.ident not in self.choices
        ]
        if following and not every:
            self.list.setCurrentRow(following[0])
        self.list.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            every = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if event.key() == Qt.Key.Key_M:
                self.choose("mine", every=every)
                return True
            if event.key() == Qt.Key.Key_T:
                self.choose("theirs", every=every)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept()
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        if any(c.ident not in self.choices for c in self.conflicts):
            self._refresh_rows()
            first = next(i for i, c in enumerate(self.conflicts) if c.ident not in self.choices)
            self.list.setCurrentRow(first)
            self.list.setFocus()
            return
        super().accept()


def _notice_at(parent: QWidget, title: str) -> Callable[[str], object]:
    """Where a refusal is said: a notice beside the work, never a modal box."""
    return lambda sentence: show_notice(parent, title, [sentence])


def _merge_with_choices(
    context: UiContext, parent: QWidget, path: Path
) -> workflow.BroughtBack | None:
    """Preview, ask about each conflict, merge; None if the person stopped."""
    choices: dict[str, Choice] = {}
    preview = workflow.preview_bring_back(context.database, path)
    conflicts, meeting = list(preview.conflicts), preview.meeting
    while True:
        unchosen = [c for c in conflicts if c.ident not in choices]
        if unchosen:
            dialog = ConflictDialog(meeting, unchosen, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            choices.update(dialog.choices)
        try:
            return workflow.bring_back(context.database, path, clock=context.clock, choices=choices)
        except workflow.ConflictsToResolve as more:
            # Someone saved on the server meanwhile: choose for the new ones too.
            conflicts, meeting = more.conflicts, more.meeting


def take_offline(
    context: UiContext, parent: QWidget, meeting_id: int | None, path: Path | None = None
) -> Path | None:
    """Ask where (unless given) and take the meeting offline; the file, or None."""
    if meeting_id is None:
        show_notice(parent, "Take meeting offline", ["Choose a meeting first."])
        return None
    if path is None:
        suggested = Path.home() / context.read(workflow.suggested_file_for, meeting_id)
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Take this meeting offline into", str(suggested), FILE_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
    context.wait_for_background()  # the latest autosaves go into the copy
    with reporting_user_errors(_notice_at(parent, "Meeting not taken offline")) as attempt:
        taken = workflow.take_meeting_offline(
            context.database, meeting_id, path, clock=context.clock
        )
    if attempt.failed:
        return None
    show_notice(
        parent,
        "Meeting taken offline",
        [
            f"{taken.meeting} is in {taken.path}.",
            "Open that file on the laptop to minute it (every change is saved as you type).",
            "When back online: File › Bring offline meeting back… (Ctrl+F12).",
        ],
    )
    return taken.path


def bring_back_offline(
    context: UiContext, parent: QWidget, path: Path | None = None
) -> workflow.BroughtBack | None:
    """Ask for the file (unless given), resolve any conflicts, and merge it back."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "Bring an offline meeting back", str(Path.home()), FILE_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
    context.wait_for_background()
    with reporting_user_errors(_notice_at(parent, "Meeting not brought back")) as attempt:
        result = _merge_with_choices(context, parent, path)
    if attempt.failed or result is None:
        return None
    outcome = result.outcome
    show_notice(
        parent,
        "Meeting brought back",
        [
            f"{result.meeting} is back on the server.",
            f"{outcome.fields_applied} fields changed, {outcome.rows_added} records added, "
            f"{outcome.rows_deleted} removed, {outcome.conflicts_resolved} conflicts resolved "
            "(the other value is kept in the history).",
            *result.kept_on_server,
        ],
    )
    for topic in ("meetings", "agenda", "actions", "attendance"):
        context.data_changed.emit(topic)
    return result
