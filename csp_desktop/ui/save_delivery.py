"""A background save's result goes to its item, whether or not its editor still exists.

The minutes editor hands each save to the background writer and gets the outcome back on
the GUI thread later. By then the editor may be gone (the window closed, a tab rebuilt,
a test torn down): calling into a deleted widget raised `RuntimeError: Internal C++
object (MinutesEditor) already deleted` and skipped the remaining results. So every
result is routed here: to the editor while it lives, else to the item itself
(`ItemSave`), which does what the item needs without a widget: other tabs hear that
its actions changed, a failed sync is reported (the next opening of the item syncs it),
and a failed text save is tried again, so the words are never dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer

from csp_desktop.ui.context import UiContext
from csp_desktop.ui.error_dialog import error_text
from csp_desktop.usecases.save_minutes import SaveJob, SaveOutcome

log = logging.getLogger(__name__)

T = TypeVar("T")

# A text save whose editor is gone is tried again this often, this many times, and only
# while no newer save of the same item is on its way (which then carries the words).
RETRY_DELAY_MS = 2000
RETRY_ATTEMPTS = 5


def alive(widget: QObject) -> bool:
    """True while the C++ side of a Qt object exists (Python may outlive it)."""
    return shiboken6.isValid(widget)


def to_editor_or_item(
    editor: QObject, for_editor: Callable[[T], None], for_item: Callable[[T], None]
) -> Callable[[T], None]:
    """A callback that delivers to `for_editor` while `editor` exists, else to `for_item`."""

    def deliver(result: T) -> None:
        if alive(editor):
            for_editor(result)
        else:
            for_item(result)

    return deliver


@dataclass
class ItemSave:
    """One background save of one item, able to finish without the editor that made it.

    `work(database)` is the save itself (as handed to the writer); its outcome may carry
    `synced` and `sync_error` (`usecases/save_minutes.SaveOutcome`).
    """

    context: UiContext
    item_id: int
    key: str
    work: SaveJob
    attempts_left: int = RETRY_ATTEMPTS
    _submissions_seen: int = -1

    def landed(self, outcome: SaveOutcome) -> None:
        """The save committed; its editor is gone."""
        sync_error = outcome.sync_error
        if sync_error is not None:
            # The text is saved; the item syncs its actions when it is next opened.
            log.error("Syncing the actions of item %s failed", self.item_id, exc_info=sync_error)
            self.context.save_failed.emit(
                f"The actions could not be updated: {error_text(sync_error)}"
            )
        elif outcome.sync is not None:
            self.context.data_changed.emit("actions")  # so the other tabs show them

    def failed(self, exc: Exception) -> None:
        """The text could not be saved and no editor holds it any more: try again."""
        log.error("Saving the minutes of item %s failed after its editor closed", self.item_id)
        from csp_desktop.errors import StaleEdit

        if isinstance(exc, StaleEdit):  # refused as stale: the words are kept in lost_edit
            self.context.save_failed.emit(error_text(exc))
            return
        if self.attempts_left <= 0:
            self.context.save_failed.emit(
                f"The minutes of an item closed meanwhile could not be saved: {error_text(exc)}"
            )
            return
        self.attempts_left -= 1
        self._submissions_seen = self.context.background.submissions(self.key)
        # A timer owned by the context (which outlives every editor), gone once fired.
        timer = QTimer(self.context)
        timer.setSingleShot(True)
        # A lambda, not the bound method: PySide keeps only a weak reference to a plain
        # object's method, and nothing else holds this ItemSave (it would be collected
        # and the retry silently never run).
        timer.timeout.connect(lambda: self.retry())
        timer.timeout.connect(timer.deleteLater)
        timer.start(RETRY_DELAY_MS)

    def retry(self) -> None:
        # A save of this item submitted since (by a new editor) holds newer words: it wins.
        if self.context.background.submissions(self.key) != self._submissions_seen:
            return
        if self.context.read_only:
            return
        self.context.run_in_background(
            self.key, self.work, on_done=self.landed, on_failed=self.failed
        )
