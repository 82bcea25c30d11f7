"""Flags restricted words pasted into an open item, as the note taker types.

After each autosave lands (the editor's `dirty_changed(False)`), the saved text is
compared with the archive's restricted text (services/restricted_quotes.py) and, when it
quotes some, one line goes to the status bar, naming the item and the words. Nothing
modal, no focus change: the note taker keeps typing; the public version of the papers is
refused until the words are edited or the quote is cleared.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject

from csp_desktop.ui.context import UiContext
from csp_desktop.ui.minutes_editor import MinutesEditor
from csp_desktop.usecases.quote_watch import load_item_watch

if TYPE_CHECKING:  # the rules are read on the background thread, after the first paint
    from csp_desktop.services.restricted_quotes import ItemWatch, Quote

log = logging.getLogger(__name__)


class RestrictedQuoteWatch(QObject):
    """Watches one MinutesEditor; `notify` receives each new warning (or its all-clear)."""

    def __init__(
        self, context: UiContext, editor: MinutesEditor, notify: Callable[[str], None]
    ) -> None:
        super().__init__(editor)
        self._context = context
        self._editor = editor
        self._notify = notify
        self._watch: ItemWatch | None = None
        self._watched_item: int | None = None
        self.quotes: list[Quote] = []
        editor.dirty_changed.connect(self._dirty_changed)

    def _dirty_changed(self, dirty: bool) -> None:
        if not dirty:
            self.check()

    def check(self) -> list[Quote]:
        """Compare the editor's text with restricted text; warn once per new finding.

        The restricted text is read once per item, on the background thread (a large
        archive takes a moment); the comparison itself is a pass over the item's text.
        """
        item_id = self._editor.item_id
        if item_id is None:
            self.quotes = []
            return self.quotes
        if item_id != self._watched_item:
            self._watched_item = item_id
            self._watch = None
            self._load(item_id)
            return self.quotes
        return self._compare()

    def reload(self) -> None:
        """Read the restricted text and cleared marks again (after a quote is cleared)."""
        self._watched_item = None
        self.quotes = []
        self.check()

    def _load(self, item_id: int) -> None:
        def done(watch: ItemWatch | None) -> None:
            # The window may have closed while the background thread read.
            if self._watched_item == item_id and shiboken6.isValid(self._editor):
                self._watch = watch
                self._compare()

        def failed(exc: Exception) -> None:  # a check must never get in the note taker's way
            log.warning("restricted-quote check unavailable: %s", type(exc).__name__)

        self._context.background.submit(
            "restricted-quote-watch",
            lambda database: load_item_watch(database, item_id),
            on_done=done,
            on_failed=failed,
            change=False,
        )

    def _compare(self) -> list[Quote]:
        if self._watch is None or self._editor.item_id != self._watch.item_id:
            self.quotes = []
            return self.quotes
        found = self._watch.quotes(self._editor.toPlainText())
        before = {quote.fingerprint for quote in self.quotes}
        now = {quote.fingerprint for quote in found}
        if found and now != before:
            first = found[0].describe()
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            self._notify(
                f"Restricted words: {first[0].upper()}{first[1:]}{more}. Edit them, or clear "
                "the quote, before a public version is exported."
            )
        elif before and not found:
            self._notify("No restricted words quoted in this item any more.")
        self.quotes = found
        return found
