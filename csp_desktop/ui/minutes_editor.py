"""The minutes editor: plain text typed live, saved within a second, ACTION lines captured.

Typing never waits on the database: a keystroke only restarts a ~700 ms timer. When the
note taker pauses, the text is saved (one small UPDATE in WAL mode, tens of microseconds)
and, only if an ACTION line changed, the item's actions are synced in the same
transaction. Switching item, tab or meeting, or closing, saves at once (`flush`).
A failed save keeps the text in the editor, says so, and tries again.

After `ACTION:` a completer offers the names of known people; a deleted ACTION line
asks (once the note taker has paused for a few seconds, or at the next switch) before
its record is deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QCompleter, QMessageBox, QPlainTextEdit, QWidget

from csp_desktop.errors import UserError
from csp_desktop.services import agenda as agenda_service
from csp_desktop.services.action_parser import find_action_lines
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.error_dialog import confirm, error_text, show_error

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 700
# Continuous typing never pauses for 700 ms, so a pure debounce would never save: save at
# the latest this long after the first unsaved keystroke, so a crash loses at most the last
# second (issue 5; measured by tests/reliability/test_crash_safety.py).
AUTOSAVE_MAX_WAIT_MS = 800
RETRY_DELAY_MS = 5000
# How long a deleted ACTION line must stay deleted before we ask about its record, so
# cutting a line to paste it elsewhere does not interrupt the note taker.
ORPHAN_QUESTION_DELAY_MS = 3000

# The start of an ACTION line up to where the owners begin (body may still be empty).
_ACTION_PREFIX = re.compile(
    r"^\s*(?:(?:[-*•·▪◦‣–—]|\d{1,2}[.)])\s*)*action\s*[:\-–—]+\s*", re.IGNORECASE
)
# Once one of these follows the owners, the note taker is typing the task, not names.
_TASK_STARTS = re.compile(
    r"\s(?:to|needs?\s+to|is\s+to|are\s+to|will|should|must)\s", re.IGNORECASE
)
_OWNER_SPLIT = re.compile(r"(?:,|;|&|/|\band\b)\s*", re.IGNORECASE)


def owner_fragment(line_before_cursor: str) -> str | None:
    """The partly typed owner name before the cursor on an ACTION line, else None.

    "ACTION: Andy Opie and Ch" -> "Ch"; "ACTION: " -> ""; "ACTION: Andy to s" -> None.
    """
    match = _ACTION_PREFIX.match(line_before_cursor)
    if match is None:
        return None
    owners = line_before_cursor[match.end() :]
    if _TASK_STARTS.search(f" {owners}"):
        return None
    fragment = _OWNER_SPLIT.split(owners)[-1].lstrip()
    if len(fragment.split()) > 3:
        return None
    return fragment


class MinutesTextEdit(QPlainTextEdit):
    """Plain-text editor with a name completer on ACTION lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Minutes")
        self.setAccessibleDescription(
            "Minutes of the selected agenda item. Lines starting with ACTION: become actions."
        )
        self.setTabChangesFocus(True)
        self.setPlaceholderText(
            "Type the minutes of this item. Start a line with ACTION: to record an action."
        )
        self._names = QStringListModel(self)
        self.completer = QCompleter(self._names, self)
        self.completer.setWidget(self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.popup().setAccessibleName("Owner names")
        self.completer.activated.connect(self._insert_completion)

    def set_names(self, names: Sequence[str]) -> None:
        """The people offered after ACTION: (attendees first, then everyone else)."""
        unique: dict[str, str] = {}
        for name in names:
            if name:
                unique.setdefault(name.casefold(), name)
        self._names.setStringList(list(unique.values()))

    def names(self) -> list[str]:
        return self._names.stringList()

    def _fragment(self) -> str | None:
        cursor = self.textCursor()
        line = cursor.block().text()[: cursor.positionInBlock()]
        return owner_fragment(line)

    def _insert_completion(self, name: str) -> None:
        fragment = self._fragment()
        cursor = self.textCursor()
        if fragment:
            cursor.movePosition(
                QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(fragment)
            )
        cursor.insertText(name)
        self.setTextCursor(cursor)
        self.completer.popup().hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer.popup()
        if popup.isVisible() and event.key() in (
            Qt.Key.Key_Enter,
            Qt.Key.Key_Return,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        ):
            event.ignore()  # the completer takes these
            return
        super().keyPressEvent(event)
        if event.text() or event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.update_completer()

    def update_completer(self) -> None:
        """Show or hide the name popup for the text before the cursor."""
        fragment = self._fragment()
        popup = self.completer.popup()
        if fragment is None or not self._names.rowCount() or self.isReadOnly():
            popup.hide()
            return
        if fragment != self.completer.completionPrefix():
            self.completer.setCompletionPrefix(fragment)
        if self.completer.completionCount() == 0 or (
            self.completer.completionCount() == 1
            and self.completer.currentCompletion().casefold() == fragment.casefold()
        ):
            popup.hide()
            return
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.cursorRect()
        rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 8)
        self.completer.complete(rect)

    def insert_action_line(self) -> None:
        """Start a new `ACTION: ` line below the current one and offer owner names."""
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        prefix = "\n" if cursor.block().text().strip() else ""
        cursor.insertText(f"{prefix}ACTION: ")
        self.setTextCursor(cursor)
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.update_completer()


class MinutesEditor(MinutesTextEdit):
    """The editor bound to one agenda item at a time, with debounced autosave."""

    # True while there is typed text not yet saved.
    dirty_changed = Signal(bool)
    # Plain words for the status bar ("NOT SAVED: ...", "Saved again at 10:42:05").
    status_message = Signal(str)
    # After a save that created, changed or removed action records.
    actions_synced = Signal()

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.item_id: int | None = None
        self.last_saved_at: dt.datetime | None = None
        self._dirty = False
        self._unsaved_since = 0.0  # time.monotonic() of the first unsaved keystroke
        self._last_typed = 0.0  # time.monotonic() of the last keystroke
        # The text is saved but an ACTION line still being typed has not been synced.
        self._actions_pending = False
        self._loading = False
        self._last_action_lines: tuple[str, ...] | None = None
        self._last_error: str | None = None
        self._pending_orphans: list[int] = []
        self._kept_orphans: set[int] = set()
        # Callers can refuse questions (e.g. during shutdown) by setting this.
        self.ask: Callable[[str, str], bool] = lambda title, q: confirm(self, title, q)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self._orphan_timer = QTimer(self)
        self._orphan_timer.setSingleShot(True)
        self._orphan_timer.setInterval(ORPHAN_QUESTION_DELAY_MS)
        self._orphan_timer.timeout.connect(self.ask_about_orphans)
        self.textChanged.connect(self._text_changed)

    # --- binding to an item --------------------------------------------------------------

    def release(self) -> bool:
        """Save before the editor is given another item; True when it may move on.

        If the save fails, the note taker chooses: stay (the text stays, to copy or to
        save once the problem is fixed) or discard what could not be saved. Never
        silently lost.
        """
        if self.flush():
            return True
        answer = QMessageBox.question(
            self,
            "Minutes not saved",
            "The minutes of this item could not be saved:\n\n"
            f"{self._last_error or 'the database refused the change.'}\n\n"
            "Discard what was typed and move on? Choose No to stay on this item "
            "with your text.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        log.warning("Unsaved minutes of item %s discarded by the user", self.item_id)
        self._timer.stop()
        self._actions_pending = False
        self._set_dirty(False)
        return True

    def load_item(self, item_id: int | None, *, read_only: bool = False) -> bool:
        """Show an item's minutes, saving the previous item's first.

        Returns False (and changes nothing) when the previous text could not be saved
        and the note taker chose to stay with it.
        """
        if not self.release():
            return False
        self.item_id = item_id
        self._loading = True
        try:
            text = self.context.read(agenda_service.item_minutes, item_id) if item_id else ""
            self.setPlainText(text)
        finally:
            self._loading = False
        self._last_action_lines = None
        self._actions_pending = False
        self._pending_orphans.clear()
        self._set_dirty(False)
        self.setReadOnly(read_only or item_id is None or self.context.read_only)
        self.moveCursor(QTextCursor.MoveOperation.End)
        return True

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _text_changed(self) -> None:
        if self._loading or self.item_id is None:
            return
        self._last_typed = time.monotonic()
        if not self._dirty:
            self._unsaved_since = self._last_typed
        self._set_dirty(True)
        # Restart: save when the typing pauses, but no later than the max wait (after a
        # failed save, keep to the slower retry pace rather than retrying per keystroke).
        if self._last_error is None:
            waited_ms = (time.monotonic() - self._unsaved_since) * 1000
            delay = max(0, min(AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS - int(waited_ms)))
        else:
            delay = RETRY_DELAY_MS
        self._timer.start(delay)
        if self._orphan_timer.isActive():
            self._orphan_timer.start()

    # --- saving --------------------------------------------------------------------------

    def flush(self) -> bool:
        """Save now if anything is unsaved, and settle deleted ACTION lines; True if saved."""
        self._timer.stop()
        ok = self.save(settle_actions=True) if self._dirty or self._actions_pending else True
        if ok and self._pending_orphans:
            self.ask_about_orphans()
        return ok

    def save(self, *, settle_actions: bool = False) -> bool:
        """Write the text (and, if ACTION lines changed, sync the actions). True on success.

        While an ACTION line is still being typed, the text is saved but its action is
        raised or updated once the line is done (another line, a pause, a switch, or
        `settle_actions`): one sync per line rather than one per autosave, each of which
        costs tens of milliseconds of the typist's time in a large archive.
        """
        if self.item_id is None or not (self._dirty or self._actions_pending):
            return True
        text = self.toPlainText()
        lines = tuple(line.line.strip() for line in find_action_lines(text))
        sync_actions = lines != self._last_action_lines
        if sync_actions and not settle_actions and self._typing_action_line():
            sync_actions = False
            self._actions_pending = True
            self._timer.start(AUTOSAVE_DELAY_MS)  # back after a pause, to sync the line
        try:
            if sync_actions:
                result = self.context.write(
                    agenda_service.save_item_minutes,
                    self.item_id,
                    text,
                    self.context.clock,
                    topic="actions",
                )
            else:
                self.context.write(
                    agenda_service.save_item_minutes,
                    self.item_id,
                    text,
                    self.context.clock,
                    sync_actions=False,
                )
                result = None
        except Exception as exc:  # keep the text whatever went wrong
            self._save_failed(exc)
            return False
        recovering = self._last_error is not None
        self._last_error = None
        # Only clear the flag if nothing was typed while saving.
        if self.toPlainText() == text:
            self._set_dirty(False)
        if sync_actions:
            self._actions_pending = False
            self._last_action_lines = lines
            self._note_orphans(result)
            self.actions_synced.emit()
        self.last_saved_at = self.context.clock.now()
        if recovering:
            self.status_message.emit(f"Saved again at {self.last_saved_at:%H:%M:%S}")
        return True

    def _typing_action_line(self) -> bool:
        """True while the cursor is on an ACTION line typed in the last moment."""
        if time.monotonic() - self._last_typed >= AUTOSAVE_DELAY_MS / 1000:
            return False
        return bool(find_action_lines(self.textCursor().block().text()))

    def _save_failed(self, exc: Exception) -> None:
        message = error_text(exc)
        if not isinstance(exc, UserError):
            log.exception("Saving minutes failed")
        self.status_message.emit(f"NOT SAVED: {message}")
        if message != self._last_error:
            # One dialog per distinct problem, not one per keystroke pause.
            self._last_error = message
            show_error(self, exc, "Minutes not saved")
        self._timer.start(RETRY_DELAY_MS)

    # --- deleted ACTION lines --------------------------------------------------------------

    def _note_orphans(self, result: Any) -> None:
        orphans = [int(a) for a in getattr(result, "orphaned", ()) or ()]
        self._pending_orphans = [a for a in orphans if a not in self._kept_orphans]
        flagged = getattr(result, "flagged", ()) or ()
        if flagged:
            names = sorted({n for f in flagged for n in (*f.ambiguous, *f.unmatched)})
            self.status_message.emit(
                "Check the owners of "
                + ", ".join(f.reference for f in flagged)
                + (f": could not match {', '.join(names)}" if names else "")
            )
        if self._pending_orphans:
            self._orphan_timer.start()
        else:
            self._orphan_timer.stop()

    def ask_about_orphans(self) -> None:
        """Ask, for each action whose line was deleted, whether to delete the record.

        No keeps the action as a record of its own (detached from the minutes line).
        """
        self._orphan_timer.stop()
        pending, self._pending_orphans = self._pending_orphans, []
        if not pending:
            return
        from csp_desktop.services import actions as actions_service

        deleted = 0
        for action_id in pending:
            try:
                row = self.context.read(actions_service.get_action_row, action_id)
            except UserError:
                continue  # already gone
            text = row.text if len(row.text) <= 90 else row.text[:87] + "…"
            question = (
                f"The ACTION line for {row.reference} (“{text}”) was deleted from the "
                "minutes.\n\nDelete the action record too? "
                "Choose No to keep it on the action tracker."
            )
            try:
                if self.ask("Delete the action?", question):
                    self.context.write(actions_service.delete_action, action_id, topic="actions")
                    deleted += 1
                else:
                    self._kept_orphans.add(action_id)
                    self.context.write(actions_service.detach_action, action_id, topic="actions")
            except UserError as exc:
                show_error(self, exc)
        self.actions_synced.emit()
        if deleted:
            self.status_message.emit(
                f"Deleted {deleted} action{'s' if deleted != 1 else ''} whose line was removed"
            )
