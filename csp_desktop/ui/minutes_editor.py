"""The minutes editor: plain text typed live, saved within a second, ACTION lines captured.

Typing never waits on the database: a keystroke only restarts a ~700 ms timer. When the
note taker pauses (or 800 ms after the first unsaved keystroke), the text is handed to
the background writer (`ui/background_writer.py`), which saves it in one small
transaction within milliseconds, and then, only if an ACTION line changed, syncs the
item's actions in a second transaction (10-20 ms of SQL on a large archive, which on the
GUI thread was the longest stall while typing). Results come back on the GUI thread.
Switching item, tab or meeting, or closing, saves at once and waits for both (`flush`).
A failed save keeps the text in the editor, says so, and tries again; a failed sync says
so too (the text is saved) and is tried again. An item whose saved text and action
records disagree (the app stopped between the two writes) is synced once it is opened.

After `ACTION:` a completer offers the names of known people. A deleted ACTION line
never asks a question: its action is kept and a notice says so ("Action … removed with
its line · Ctrl+Z to bring it back"); undoing the deletion brings the line back and the
next sync pairs it with the same record. The record is deleted only when the note taker
confirms (Esc on the notice) or leaves the item with the line still gone.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QMessageBox, QPlainTextEdit, QWidget

from csp_desktop.errors import StaleEdit, UserError
from csp_desktop.ui.announcer import announce
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.error_dialog import error_text
from csp_desktop.ui.runtime import freeze_startup_heap
from csp_desktop.ui.save_delivery import ItemSave, to_editor_or_item
from csp_desktop.ui.user_errors import reporting_user_errors
from csp_desktop.usecases.save_minutes import (
    ReadVersion,
    SaveOutcome,
    action_references,
    replay_save,
    save_and_sync,
    sync_if_out_of_step,
)

if TYPE_CHECKING:  # built at each save (ui/save_journal.py)
    pass

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 700
# Continuous typing never pauses for 700 ms, so a pure debounce would never save: save at
# the latest this long after the first unsaved keystroke, so a crash loses at most the last
# second (issue 5; measured by tests/reliability/test_crash_safety.py).
AUTOSAVE_MAX_WAIT_MS = 800
RETRY_DELAY_MS = 5000
# How long an item must stay open before its actions are checked against its text (a sync
# missed when the app stopped between the two): not on the way through, not at start-up.
RECOVERY_CHECK_DELAY_MS = 1500
ITEM_UNREACHABLE_TEXT = (
    "The server cannot be reached, so that item cannot be opened yet: keep typing here; "
    "everything typed is kept and saved when the server is back."
)

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
        self._names_source: Callable[[], Sequence[str]] | None = None
        self.completer = QCompleter(self._names, self)
        self.completer.setWidget(self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        popup = self.completer.popup()
        assert popup is not None  # QCompleter makes its list the first time it is asked
        self.name_popup: QAbstractItemView = popup
        self.name_popup.setAccessibleName("Owner names")
        self.completer.activated.connect(self._insert_completion)

    def set_names(self, names: Sequence[str]) -> None:
        """The people offered after ACTION: (attendees first, then everyone else)."""
        self._names_source = None
        unique: dict[str, str] = {}
        for name in names:
            if name:
                unique.setdefault(name.casefold(), name)
        self._names.setStringList(list(unique.values()))

    def set_names_source(self, source: Callable[[], Sequence[str]]) -> None:
        """Where the names offered after ACTION: come from, asked the first time they are
        needed: a meeting is painted without reading everyone on record (issue 13)."""
        self._names.setStringList([])
        self._names_source = source

    def names(self) -> list[str]:
        self._read_names()
        return self._names.stringList()

    def _read_names(self) -> None:
        source = self._names_source
        if source is None:
            return
        try:
            names = source()
        except Exception:  # no names offered this time; asked again at the next key
            log.warning("could not read the owner names", exc_info=True)
            return
        self.set_names(names)

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
        self.name_popup.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.name_popup
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
        popup = self.name_popup
        if fragment is not None and not self.isReadOnly():
            self._read_names()
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
    # After a sync of the ACTION lines landed (records created, changed or orphaned).
    actions_synced = Signal()
    # A non-modal notice for the bar over the minutes ("" when there is none any more).
    notice = Signal(str)
    # A save was refused because someone else changed the item since (a StaleEdit): the
    # text stays here, autosave holds, until the user chooses Reload or Keep mine.
    stale_refused = Signal(object)

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.item_id: int | None = None
        self.last_saved_at: dt.datetime | None = None
        self._dirty = False
        self._unsaved_since = 0.0  # time.monotonic() of the first unsaved keystroke
        self._last_typed = 0.0  # time.monotonic() of the last keystroke
        # A save that syncs the ACTION lines is on its way and has not come back yet.
        self._sync_unlanded = False
        # The text of the latest save handed to the writer, until it comes back.
        self._in_flight_text: str | None = None
        # The text is saved but an ACTION line still being typed has not been synced.
        self._actions_pending = False
        self._loading = False
        # The ACTION lines of the last sync asked for (None: sync at the next save).
        self._last_action_lines: tuple[str, ...] | None = None
        self._last_error: str | None = None
        self._last_sync_error: str | None = None
        self._pending_orphans: list[int] = []
        self._kept_orphans: set[int] = set()
        # Whether leaving an item deletes the actions whose lines were removed from it
        # (the note taker saw the notice and moved on); tests of typing keep them.
        self.delete_removed_on_leave = True
        # The version the saves are based on (None: no item, or words waiting to replay).
        self.read_version: ReadVersion | None = None
        # The refusal waiting for Reload / Keep mine (None when saves land as usual).
        self.stale: StaleEdit | None = None

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self._recovery_timer = QTimer(self)
        self._recovery_timer.setSingleShot(True)
        self._recovery_timer.setInterval(RECOVERY_CHECK_DELAY_MS)
        self._recovery_timer.timeout.connect(self._check_actions_in_step)
        self.textChanged.connect(self._text_changed)

    # --- binding to an item --------------------------------------------------------------

    def release(self) -> bool:
        """Save before the editor is given another item; True when it may move on.

        If the save fails, the note taker chooses: stay (the text stays, to copy or to
        save once the problem is fixed) or discard what could not be saved. Never
        silently lost.
        """
        if self.stale is not None:
            self.keep_refused_text()
        if self.flush():
            if self.delete_removed_on_leave:
                self.settle_removed_actions()
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
        # Words still waiting for the server are newer than the server's copy.
        waiting = self.context.background.pending_replay(f"minutes:{item_id}")
        try:
            shown = None
            if waiting is not None and "text" in waiting.arguments:
                text = str(waiting.arguments["text"])
            elif item_id:
                from csp_desktop.services import minutes as minutes_service

                shown = self.context.read(minutes_service.read_item_minutes, item_id)
                text = shown.text
            else:
                text = ""
        except Exception as exc:
            if not self.context.server_unreachable(exc):
                raise
            # Stay on this item (its words are kept and saved once the server is back).
            self.notice.emit(ITEM_UNREACHABLE_TEXT)
            self.status_message.emit(ITEM_UNREACHABLE_TEXT)
            return False
        self.item_id = item_id
        self.read_version = ReadVersion(shown.row_version, text) if shown else None
        self.stale = None
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False
        self._sync_unlanded = False
        self._in_flight_text = None
        self._last_action_lines = None
        self._actions_pending = False
        self._last_error = None
        self._last_sync_error = None
        self._pending_orphans.clear()
        self._set_dirty(False)
        editable = not (read_only or item_id is None or self.context.read_only)
        self.setReadOnly(not editable)
        self.moveCursor(QTextCursor.MoveOperation.End)
        # The app may have stopped between saving this text and syncing its ACTION lines:
        # once the item has been open a moment (not on the way through, not at start-up),
        # the writer checks and syncs if they are out of step.
        if editable:
            self._recovery_timer.start()
        else:
            self._recovery_timer.stop()
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
        if self.stale is not None:
            return  # held until Reload / Keep mine: a retry would only be refused again
        if self._last_error is None:
            waited_ms = (time.monotonic() - self._unsaved_since) * 1000
            delay = max(0, min(AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS - int(waited_ms)))
        else:
            delay = RETRY_DELAY_MS
        self._timer.start(delay)

    # --- saving --------------------------------------------------------------------------

    def flush(self) -> bool:
        """Save now, wait until it (and any sync) has landed, settle deleted ACTION lines.

        True if the text is saved. A failed ACTION sync does not make this False: the
        text is safe, the failure was shown, and the sync is tried again later.
        """
        self._timer.stop()
        if self._dirty or self._actions_pending:
            self.save(settle_actions=True)
        self.context.wait_for_background()
        if self._dirty:
            return self.waits_for_server()
        return self._last_error is None

    def waits_for_server(self) -> bool:
        """True if the text is unsaved only because the server cannot be reached: it
        waits for it (and in the local journal), to be saved in order once it is back,
        so there is nothing to stay for or to warn about."""
        if self.item_id is None:
            return False
        return self.context.background.waiting_for_server(f"minutes:{self.item_id}")

    def save(self, *, settle_actions: bool = False) -> bool:
        """Hand the text (and, if ACTION lines changed, a sync) to the background writer.

        Returns at once; the outcome comes back on the GUI thread (`_landed`, or
        `_text_failed`). Text and sync commit in one transaction
        (`usecases/save_minutes.py`); the sync runs in a savepoint, so a failing sync
        never holds the text back.
        While an ACTION line is still being typed, the text is saved but its action is
        raised or updated once the line is done (another line, a pause, a switch, or
        `settle_actions`): one sync per line rather than one per autosave.
        False only when nothing could be handed over (a read-only database).
        """
        if self.item_id is None or not (self._dirty or self._actions_pending):
            return True
        if self.stale is not None:
            return True  # held until the user chooses Reload or Keep mine
        freeze_startup_heap()
        item_id = self.item_id
        text = self.toPlainText()
        from csp_desktop.services.action_parser import find_action_lines

        lines = tuple(line.line.strip() for line in find_action_lines(text))
        sync = lines != self._last_action_lines
        if sync and not settle_actions and self._typing_action_line():
            sync = False
            self._actions_pending = True
            self._timer.start(AUTOSAVE_DELAY_MS)  # back after a pause, to sync the line
        if sync:
            self._actions_pending = False
            self._last_action_lines = lines
        if not sync and text == self._in_flight_text:
            return True  # this very text is already on its way
        # A save still waiting in the queue is replaced by this one: keep the sync it was
        # to do. (If it starts meanwhile, this one syncs again: harmless, never missed.)
        key = f"minutes:{item_id}"
        sync = sync or (self._sync_unlanded and self.context.background.queued(key))
        clock = self.context.clock
        based_on = self.read_version
        try:
            work = lambda database: save_and_sync(  # noqa: E731
                database, item_id, text, clock, sync=sync, based_on=based_on
            )
            from csp_desktop.ui.save_journal import Replay

            replay = Replay(
                f"{replay_save.__module__}:replay_save",
                {"item_id": item_id, "text": text, "sync": sync},
            )
            # The outcome goes to the item if this editor is gone by then (save_delivery).
            item_save = ItemSave(self.context, item_id, key, work)
            self.context.run_in_background(
                key,
                work,
                on_done=to_editor_or_item(
                    self, lambda outcome: self._landed(item_id, text, outcome), item_save.landed
                ),
                on_failed=to_editor_or_item(
                    self, lambda exc: self._text_failed(item_id, exc, sync), item_save.failed
                ),
                replay=replay,
            )
        except UserError as exc:  # read-only: nothing could be handed over
            self._save_failed(exc)
            return False
        self._in_flight_text = text
        self._sync_unlanded = self._sync_unlanded or sync
        return True

    def _check_actions_in_step(self) -> None:
        """Sync the open item's actions if its saved text and its records disagree."""
        if self.item_id is None or self.isReadOnly() or self.context.read_only:
            return
        if self._dirty or self._actions_pending or self._last_action_lines is not None:
            # Typed into since it was opened: the first save syncs anyway, and an ACTION
            # line still being typed must not be raised half-written.
            return
        item_id = self.item_id
        clock = self.context.clock
        check = lambda database: sync_if_out_of_step(database, item_id, clock)  # noqa: E731
        self.context.run_in_background(
            f"check:{item_id}",
            check,
            on_done=to_editor_or_item(
                self,
                lambda outcome: self._actions_landed(item_id, outcome),
                ItemSave(self.context, item_id, f"check:{item_id}", check).landed,
            ),
        )

    def _landed(self, item_id: int, text: str, outcome: SaveOutcome) -> None:
        """A save came back from the writer: the text is on disk (and maybe synced)."""
        if item_id != self.item_id:
            return
        if text == self._in_flight_text:
            self._in_flight_text = None
        recovering = self._last_error is not None
        self._last_error = None
        # Only clear the flag if nothing was typed since this text was handed over.
        if self.toPlainText() == text:
            self._set_dirty(False)
        self.last_saved_at = self.context.clock.now()
        if recovering:
            self.status_message.emit(f"Saved again at {self.last_saved_at:%H:%M:%S}")
            self.notice.emit("")
        if outcome.synced:
            self._sync_unlanded = False
            self._actions_landed(item_id, outcome)

    def _text_failed(self, item_id: int, exc: Exception, sync: bool) -> None:
        if item_id != self.item_id:
            return
        self._in_flight_text = None
        if sync:  # the sync never ran: do it with the next save
            self._sync_unlanded = False
            self._last_action_lines = None
        if isinstance(exc, StaleEdit):
            self._timer.stop()
            self.stale = exc
            self.status_message.emit(f"NOT SAVED: {exc}")
            self.stale_refused.emit(exc)
            return
        self._save_failed(exc)

    # --- someone else changed the item (Reload / Keep mine) -----------------------------

    def reload_theirs(self) -> None:
        """Show their version; what is in the editor now is kept in the item's history
        (`lost_edit`). The caret and scroll stay where they were, as far as the text allows."""
        from csp_desktop.services import minutes as minutes_service

        if self.item_id is None:
            return
        self.context.wait_for_background()
        item_id = self.item_id
        mine = self.toPlainText()
        theirs = self.context.read(minutes_service.read_item_minutes, item_id)
        if mine != theirs.text and (self._dirty or self.stale is not None):
            self.keep_refused_text()
        self.stale = None
        self._timer.stop()
        self._in_flight_text = None
        self._last_error = None
        self._last_action_lines = None
        self.read_version = ReadVersion(theirs.row_version, theirs.text)
        self.show_text_in_place(theirs.text)
        self._set_dirty(False)
        self.status_message.emit("Reloaded their version; yours is kept in the item's history")

    def adopt_saved_version(self) -> bool:
        """Show the item's saved minutes in place (someone else changed them: a read-only
        view of an item they are minuting, or an item just handed over). Never while there
        is typing here not yet saved; True if the text shown is now the saved one."""
        from csp_desktop.services import minutes as minutes_service

        if self.item_id is None or self._dirty or self.stale is not None:
            return False
        if self._in_flight_text is not None or self.context.background.busy:
            return False  # our own save is on its way: it is the newer text
        saved = self.context.read(minutes_service.read_item_minutes, self.item_id)
        self.read_version = ReadVersion(saved.row_version, saved.text)
        self.show_text_in_place(saved.text)
        return True

    def keep_mine(self) -> None:
        """Save the text in the editor over theirs (theirs kept in the item's history)."""
        from csp_desktop.services import minutes as minutes_service

        if self.item_id is None:
            return
        self.context.wait_for_background()
        item_id = self.item_id
        theirs = self.context.read(minutes_service.read_item_minutes, item_id)
        text = self.toPlainText()
        self.stale = None
        self._last_error = None
        self.read_version = based_on = ReadVersion(theirs.row_version, theirs.text)
        from csp_desktop.services.action_parser import find_action_lines

        self._last_action_lines = tuple(line.line.strip() for line in find_action_lines(text))
        clock = self.context.clock
        key = f"minutes:{item_id}"
        work = lambda database: save_and_sync(  # noqa: E731
            database, item_id, text, clock, sync=True, based_on=based_on, over=theirs
        )
        self.context.run_in_background(
            key,
            work,
            on_done=to_editor_or_item(
                self,
                lambda outcome: self._landed(item_id, text, outcome),
                ItemSave(self.context, item_id, key, work).landed,
            ),
            on_failed=to_editor_or_item(
                self,
                lambda exc: self._text_failed(item_id, exc, True),
                ItemSave(self.context, item_id, key, work).failed,
            ),
        )
        self._in_flight_text = text
        self._sync_unlanded = True
        self.status_message.emit("Saving your version over theirs (theirs is kept in history)")

    def keep_refused_text(self) -> None:
        """Keep the editor's text in the item's history (leaving, or reloading theirs)."""
        from csp_desktop.services.row_versions import keep_overwritten

        if self.item_id is None:
            return
        try:
            self.context.write(
                keep_overwritten,
                "agenda_item",
                self.item_id,
                "minutes_text",
                self.toPlainText(),
                self.context.clock.user(),
                self.context.clock,
            )
        except UserError as exc:
            self.status_message.emit(f"Your version could not be kept: {exc}")
            return
        self.stale = None
        self._set_dirty(False)

    def show_text_in_place(self, text: str) -> None:
        """Replace the text without moving the caret, the selection or the scroll (a
        reload, or a read-only view of an item someone else is minuting)."""
        if text == self.toPlainText():
            return
        cursor = self.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        scroll = self.verticalScrollBar().value()
        was_loading = self._loading
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = was_loading
        end = len(text)
        restored = self.textCursor()
        restored.setPosition(min(anchor, end))
        restored.setPosition(min(position, end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(restored)
        self.verticalScrollBar().setValue(scroll)

    def _actions_landed(self, item_id: int, outcome: SaveOutcome) -> None:
        if outcome.sync_error is not None:
            self._sync_failed(item_id, outcome.sync_error)
            return
        if outcome.sync is None:  # not synced, or the recovery check found all in step
            return
        self.context.data_changed.emit("actions")  # so other tabs show the new records
        if item_id == self.item_id:
            if self._last_sync_error is not None:
                self._last_sync_error = None
                self.status_message.emit("The actions of this item are up to date again")
            self._note_orphans(outcome.sync)
            created = len(getattr(outcome.sync, "created", ()))
            if created:
                announce(self, "Action captured" if created == 1 else f"{created} actions captured")
        self.actions_synced.emit()

    def _sync_failed(self, item_id: int, exc: Exception) -> None:
        """The text is saved but its ACTION lines are not synced: say so, try again later."""
        message = error_text(exc)
        if not isinstance(exc, UserError):
            log.error("Syncing the actions of item %s failed", item_id, exc_info=exc)
        if item_id != self.item_id:
            return
        self._last_action_lines = None  # the next save syncs again
        self._actions_pending = True
        self.context.save_failed.emit(f"The actions could not be updated: {message}")
        self.status_message.emit(f"ACTIONS NOT UPDATED (the text is saved): {message}")
        if message != self._last_sync_error:
            # A notice over the minutes, not a dialog: the note taker is typing.
            self._last_sync_error = message
            self.notice.emit(
                "The minutes are saved, but their ACTION lines could not be turned into "
                f"actions: {message} · tried again in a few seconds"
            )
        self._timer.start(RETRY_DELAY_MS)

    def _typing_action_line(self) -> bool:
        """True while the cursor is on an ACTION line typed in the last moment."""
        if time.monotonic() - self._last_typed >= AUTOSAVE_DELAY_MS / 1000:
            return False
        from csp_desktop.services.action_parser import find_action_lines

        return bool(find_action_lines(self.textCursor().block().text()))

    def _save_failed(self, exc: Exception) -> None:
        message = error_text(exc)
        if not isinstance(exc, UserError):
            log.error("Saving minutes failed", exc_info=exc)
        self.status_message.emit(f"NOT SAVED: {message}")
        if message != self._last_error:
            # One notice per distinct problem, not one per keystroke pause; never a
            # dialog that the next typed letter would answer.
            self._last_error = message
            self.notice.emit(
                f"MINUTES NOT SAVED: {message} · your text stays here; saving is retried"
            )
        self._timer.start(RETRY_DELAY_MS)

    # --- deleted ACTION lines --------------------------------------------------------------

    def _note_orphans(self, result: Any) -> None:
        orphans = [int(a) for a in getattr(result, "orphaned", ()) or ()]
        had = bool(self._pending_orphans)
        self._pending_orphans = orphans
        flagged = getattr(result, "flagged", ()) or ()
        if flagged:
            names = sorted({n for f in flagged for n in (*f.ambiguous, *f.unmatched)})
            self.status_message.emit(
                "Check the owners of "
                + ", ".join(f.reference for f in flagged)
                + (f": could not match {', '.join(names)}" if names else "")
            )
        if orphans and not self.context.database.is_sqlite:
            self._say_removed_later(orphans)
        elif orphans:
            self.notice.emit(self.removed_notice_text(orphans))
        elif had:
            self.notice.emit("")

    def _say_removed_later(self, action_ids: list[int]) -> None:
        """With a server, the removed actions' references are read on the writer thread
        (a round trip each: never on the GUI thread while the note taker types)."""

        def done(references: list[str]) -> None:
            if self._pending_orphans == action_ids:  # not settled or changed meanwhile
                self.notice.emit(self._removed_text(references))

        self.context.background.submit(
            f"removed-actions:{self.item_id}",
            lambda database: action_references(database, action_ids),
            on_done=to_editor_or_item(self, done, lambda _references: None),
            change=False,
        )

    def removed_notice_text(self, action_ids: Sequence[int]) -> str:
        from csp_desktop.services import actions as actions_service

        references = []
        for action_id in action_ids:
            try:
                references.append(
                    self.context.read(actions_service.get_action_row, action_id).reference
                )
            except UserError:
                continue
        return self._removed_text(references)

    def _removed_text(self, references: Sequence[str]) -> str:
        if len(references) == 1:
            what = f"Action {references[0]} removed with its line"
        else:
            what = f"Actions {', '.join(references)} removed with their lines"
        return f"{what} · Ctrl+Z to bring it back · Esc to confirm"

    @property
    def removed_action_ids(self) -> list[int]:
        """Actions whose ACTION line is gone, kept until confirmed or the item is left."""
        return list(self._pending_orphans)

    def settle_removed_actions(self) -> int:
        """Delete the actions whose lines are still gone (confirmed); how many went."""
        pending, self._pending_orphans = self._pending_orphans, []
        if not pending:
            return 0
        from csp_desktop.services import actions as actions_service

        deleted = 0
        for action_id in pending:
            # Gone already, or locked: say so without a dialog.
            with reporting_user_errors(self.status_message.emit):
                self.context.write(actions_service.delete_action, action_id, topic="actions")
                deleted += 1
        self.notice.emit("")
        self.actions_synced.emit()
        if deleted:
            self.status_message.emit(
                f"Deleted {deleted} action{'s' if deleted != 1 else ''} whose line was removed"
            )
        return deleted

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc with a removed-action notice showing confirms it (the popup keeps its Esc).
        if (
            event.key() == Qt.Key.Key_Escape
            and not event.modifiers()
            and self._pending_orphans
            and not self.name_popup.isVisible()
        ):
            self.flush()
            self.settle_removed_actions()
            return
        super().keyPressEvent(event)
