"""Beside an item's minutes: what was said during it (read-only), the sentences that
read as commitments, and the transcript's speakers still to be matched.

The note taker finishing the minutes the morning after: Ctrl+Shift+R comes here, Up and
Down pick a suggestion, Enter puts it in the minutes as an `ACTION:` line (the editor's
autosave then syncs it like any typed line), Del dismisses it. Nothing is added by
itself. Speakers Teams could not name ("Speaker 1 (Room)") are matched once, for the
whole transcript, from the list below.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from csp_desktop.services import attendance as attendance_service
from csp_desktop.services import transcripts
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.user_errors import reporting_user_errors

ROLE_ID = Qt.ItemDataRole.UserRole


class SuggestionList(QListWidget):
    """Enter accepts the selected suggestion, Del dismisses it."""

    accept_requested = Signal(int)
    dismiss_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if item is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept_requested.emit(int(item.data(ROLE_ID)))
            return
        if item is not None and event.key() == Qt.Key.Key_Delete:
            self.dismiss_requested.emit(int(item.data(ROLE_ID)))
            return
        super().keyPressEvent(event)


class TranscriptPanel(QWidget):
    """The selected item's transcript, suggested actions and unmatched speakers."""

    status_message = Signal(str)
    # (suggestion id, "ACTION: …"): the agenda tab puts the line in the minutes editor.
    action_accepted = Signal(int, str)

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id: int | None = None
        self.item_id: int | None = None
        self.read_only = False
        self.setObjectName("transcript_panel")
        self.setAccessibleName("Transcript")

        self.heading = QLabel("Transcript", self)
        self.turns_view = QPlainTextEdit(self)
        self.turns_view.setReadOnly(True)
        self.turns_view.setAccessibleName("What was said during this item (read-only)")
        self.turns_view.setObjectName("transcript_turns")
        self.heading.setBuddy(self.turns_view)

        self.suggestions_heading = QLabel(
            "Suggested actions: Enter adds one to the minutes, Del dismisses it", self
        )
        self.suggestions_heading.setWordWrap(True)
        self.suggestions = SuggestionList(self)
        self.suggestions.setObjectName("transcript_suggestions")
        self.suggestions.setAccessibleName("Suggested actions")
        self.suggestions.setWordWrap(True)
        self.suggestions.accept_requested.connect(self.accept)
        self.suggestions.dismiss_requested.connect(self.dismiss)
        self.suggestions_heading.setBuddy(self.suggestions)

        self.speakers_heading = QLabel("Speakers to match (once, for the whole transcript):")
        self.speakers = QListWidget(self)
        self.speakers.setObjectName("transcript_speakers")
        self.speakers.setAccessibleName("Speakers not matched to a person")
        self.person_combo = QComboBox(self)
        self.person_combo.setAccessibleName("Person the selected speaker is")
        self.map_button = QPushButton("&Match speaker", self)
        self.map_button.clicked.connect(self.map_selected_speaker)
        self.speakers_heading.setBuddy(self.speakers)
        self.speakers_box = QWidget(self)
        speakers_layout = QVBoxLayout(self.speakers_box)
        speakers_layout.setContentsMargins(0, 0, 0, 0)
        speakers_layout.addWidget(self.speakers_heading)
        speakers_layout.addWidget(self.speakers, 1)
        row = QHBoxLayout()
        row.addWidget(self.person_combo, 1)
        row.addWidget(self.map_button)
        speakers_layout.addLayout(row)

        turns_box = QWidget(self)
        turns_layout = QVBoxLayout(turns_box)
        turns_layout.setContentsMargins(0, 0, 0, 0)
        turns_layout.addWidget(self.heading)
        turns_layout.addWidget(self.turns_view, 1)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.suggestions_heading)
        side_layout.addWidget(self.suggestions, 2)
        side_layout.addWidget(self.speakers_box, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(turns_box)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        # Everything but the heading, hidden when only the retention record remains.
        self._parts: list[QWidget] = [self.turns_view, side]
        self.hide()

    # --- showing -------------------------------------------------------------------------

    def show_item(self, meeting_id: int | None, item_id: int | None, *, read_only: bool) -> None:
        """Show the item's part of the transcript; hidden when the meeting has none."""
        self.meeting_id, self.item_id, self.read_only = meeting_id, item_id, read_only
        if meeting_id is None:
            self.hide()
            return
        if not self.context.read(transcripts.has_transcript, meeting_id):
            self._show_deletion_record(meeting_id)
            return
        self.show()
        for part in self._parts:
            part.show()
        self.reload()

    def _show_deletion_record(self, meeting_id: int) -> None:
        """Where retention deleted the words, say so (and when) instead of nothing."""
        deleted = [
            r
            for r in self.context.read(transcripts.transcript_records, meeting_id)
            if r.deleted_at is not None and r.deleted_reason and "retention" in r.deleted_reason
        ]
        if not deleted:
            self.hide()
            return
        last = deleted[-1]
        assert last.deleted_at is not None
        self.heading.setText(
            f"Transcript {last.source_name} deleted on {last.deleted_at:%d/%m/%Y at %H:%M} "
            "under the body's retention rule."
        )
        for part in self._parts:
            part.hide()
        self.show()

    def reload(self) -> None:
        if self.meeting_id is None:
            return
        turns = self.context.read(transcripts.item_turns, self.item_id) if self.item_id else []
        self.heading.setText(
            f"&Transcript of this item ({len(turns)} turns, read-only)"
            if turns
            else "&Transcript: nothing was said during this item"
        )
        self.turns_view.setPlainText(
            "\n\n".join(f"{t.time_label}  {t.speaker}: {t.text}" for t in turns)
        )
        self.turns_view.moveCursor(QTextCursor.MoveOperation.Start)
        self._load_suggestions()
        self._load_speakers()

    def _load_suggestions(self, select_row: int = 0) -> None:
        rows = self.context.read(transcripts.item_suggestions, self.item_id) if self.item_id else []
        self.suggestions.clear()
        for row in rows:
            entry = QListWidgetItem(
                f"{row.time_label} {row.speaker}: “{row.sentence}”\n→ ACTION: {row.action_text}"
            )
            entry.setData(ROLE_ID, row.id)
            entry.setData(Qt.ItemDataRole.UserRole + 1, f"ACTION: {row.action_text}")
            self.suggestions.addItem(entry)
        if rows:
            self.suggestions.setCurrentRow(min(select_row, len(rows) - 1))
        self.suggestions_heading.setText(
            f"&Suggested actions ({len(rows)}): Enter adds one to the minutes, Del dismisses it"
            if rows
            else "No suggested actions left for this item"
        )

    def _load_speakers(self) -> None:
        assert self.meeting_id is not None
        unmatched = [
            s
            for s in self.context.read(transcripts.speakers, self.meeting_id)
            if s.person_id is None
        ]
        self.speakers.clear()
        for speaker in unmatched:
            entry = QListWidgetItem(f"{speaker.label} ({speaker.turns} turns)")
            entry.setData(ROLE_ID, speaker.label)
            self.speakers.addItem(entry)
        if unmatched:
            self.speakers.setCurrentRow(0)
            people = self.context.read(attendance_service.roster, self.meeting_id)
            self.person_combo.clear()
            for person in people:
                self.person_combo.addItem(person.name, person.person_id)
        self.speakers_box.setVisible(bool(unmatched))

    # --- acting --------------------------------------------------------------------------

    def focus_suggestions(self) -> None:
        if not self.isVisible():
            self.status_message.emit("This meeting has no transcript: File › Import transcript…")
            return
        target = self.suggestions if self.suggestions.count() else self.turns_view
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def accept(self, suggestion_id: int) -> None:
        if self.read_only:
            self.status_message.emit("These minutes are approved: suggestions cannot be added.")
            return
        item = self.suggestions.currentItem()
        line = str(item.data(Qt.ItemDataRole.UserRole + 1)) if item is not None else ""
        row = self.suggestions.currentRow()
        self.action_accepted.emit(suggestion_id, line)
        with reporting_user_errors(self.status_message.emit):
            self.context.write(transcripts.mark_suggestion_accepted, suggestion_id)
        self._load_suggestions(row)
        self.status_message.emit(f"Added to the minutes: {line}")
        self.suggestions.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss(self, suggestion_id: int) -> None:
        row = self.suggestions.currentRow()
        with reporting_user_errors(self.status_message.emit) as attempt:
            self.context.write(transcripts.dismiss_suggestion, suggestion_id)
        if attempt.failed:
            return
        self._load_suggestions(row)
        self.status_message.emit("Suggestion dismissed.")
        self.suggestions.setFocus(Qt.FocusReason.OtherFocusReason)

    def map_selected_speaker(self) -> None:
        speaker = self.speakers.currentItem()
        person_id = self.person_combo.currentData()
        if speaker is None or person_id is None or self.meeting_id is None:
            return
        label = str(speaker.data(ROLE_ID))
        with reporting_user_errors(self.status_message.emit) as attempt:
            changed = self.context.write(
                transcripts.map_speaker, self.meeting_id, label, int(person_id), topic="transcript"
            )
        if attempt.failed:
            return
        self.status_message.emit(
            f"{label} is {self.person_combo.currentText()} in {changed} turns of the transcript."
        )
        self.reload()
        self.speakers.setFocus(Qt.FocusReason.OtherFocusReason)
