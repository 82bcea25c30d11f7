"""The item's edit lease in the window: one person at a time minutes an item (issue 16).

Entering an item's minutes takes its lease (`services/edit_leases.py`); while it is held,
the background writer refreshes it every 30 seconds (in the writer's order, so typing
never waits on it), and leaving the item or closing the window releases it. If someone
else holds it, the minutes here are read-only under "Being minuted by Jo Smith", their
text updated live (ui/live_refresh.py), and the lease is taken as soon as it comes free
(released, or run out after two minutes without a refresh).

On SQLite (one writer at a time, on one laptop) and on a read-only database nothing
changes: the lease is always yours and nothing is written for it.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from csp_desktop.errors import UserError
from csp_desktop.services import edit_leases
from csp_desktop.services.edit_leases import Holder, Lease
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.minutes_editor import MinutesEditor

log = logging.getLogger(__name__)

REFRESH_MS = int(edit_leases.REFRESH_EVERY.total_seconds() * 1000)
# While someone else holds the item, how often to look whether it came free (a release
# is also heard at once through live refresh; this catches a lease that ran out).
RETRY_MS = 10_000


class EditLeaseWatch(QObject):
    """Takes, keeps and gives up the open item's lease; shows who holds it otherwise."""

    def __init__(
        self, context: UiContext, editor: MinutesEditor, label: QLabel, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.editor = editor
        self.label = label
        self.me = Holder(context.clock.user(), uuid.uuid4().hex[:16])
        self.enabled = not context.database.is_sqlite and not context.read_only
        self.held_item: int | None = None  # the item whose lease we hold
        self.theirs: Lease | None = None  # someone else's lease on the open item
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.refresh)
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.try_again)

    # --- entering and leaving ----------------------------------------------------------

    def enter(self, item_id: object) -> None:
        """The agenda tab opened an item's minutes (connected to `item_opened`)."""
        if not self.enabled:
            return
        item = item_id if isinstance(item_id, int) else None
        if item is not None and item in (self.held_item, self._theirs_item()):
            return  # the same item shown again (a refresh): nothing to take
        self.leave()
        if item is None or self.editor.isReadOnly():
            return  # approved minutes or no item: nobody types, nothing to hold
        self._take(item)

    def leave(self) -> None:
        """Give up the lease held (the editor has saved: `load_item` flushed first)."""
        self._refresh.stop()
        self._retry.stop()
        self._show_theirs(None)
        item, self.held_item = self.held_item, None
        if item is None:
            return
        self.context.write_in_background(
            f"lease:{item}", edit_leases.release_lease, item, self.me, change=False
        )

    def release_all(self) -> None:
        """Closing: every lease this copy holds, given up now."""
        if not self.enabled:
            return
        self._refresh.stop()
        self._retry.stop()
        self.held_item = None
        try:
            self.context.write(edit_leases.release_all, self.me)
        except UserError as exc:  # the server is gone: the leases run out by themselves
            log.warning("Edit leases not released at close: %s", exc)

    # --- holding ---------------------------------------------------------------------------

    def _take(self, item_id: int) -> None:
        """Ask for the lease on the background writer: entering an item never waits on
        the server; the answer comes back in a moment (`_taken`)."""
        me, clock = self.me, self.context.clock
        self.context.write_in_background(
            f"lease:{item_id}",
            edit_leases.take_lease,
            item_id,
            me,
            clock,
            on_done=lambda lease: self._taken(item_id, lease),
            on_failed=lambda exc: log.warning("Lease of item %s not taken: %s", item_id, exc),
            change=False,
        )

    def _taken(self, item_id: int, lease: Lease) -> None:
        if item_id != self.editor.item_id:
            if lease.mine:  # the note taker moved on meanwhile: give it back
                self.context.write_in_background(
                    f"lease:{item_id}", edit_leases.release_lease, item_id, self.me, change=False
                )
            return
        self._apply(lease)

    def _apply(self, lease: Lease | None) -> None:
        if lease is None or lease.mine:
            if lease is not None:
                came_free = self.theirs is not None
                self.held_item = lease.item_id
                self._show_theirs(None)
                self._refresh.start()
                if came_free:
                    self.editor.adopt_saved_version()  # their last words, then ours
            return
        self.held_item = None
        self._refresh.stop()
        self._show_theirs(lease)
        # Their words as of now: changes heard before the answer came may have found
        # the editor still open for typing, and been left alone.
        self.editor.adopt_saved_version()
        self._retry.start()

    def refresh(self) -> None:
        """Every 30 s while held: on the background writer, never holding up typing."""
        item = self.held_item
        if item is None:
            return
        me, clock = self.me, self.context.clock
        try:
            self.context.write_in_background(
                f"lease:{item}",
                edit_leases.refresh_lease,
                item,
                me,
                clock,
                on_done=lambda lease: self._refreshed(item, lease),
                change=False,
            )
        except UserError:
            self._refresh.stop()

    def _refreshed(self, item_id: int, lease: Lease | None) -> None:
        if item_id != self.held_item:
            return
        if lease is None:  # ran out and nobody took it: take it again
            self._take(item_id)
        elif not lease.mine:  # ran out (the laptop slept) and someone else has it now
            self.editor.flush()
            self._apply(lease)

    def try_again(self) -> None:
        """Someone else's lease: see whether it came free (released, or run out)."""
        item = self._theirs_item()
        if item is None or item != self.editor.item_id:
            self._retry.stop()
            return
        self._take(item)

    def heard_change(self, payload: str) -> None:
        """A change from elsewhere (live refresh): a lease released comes free at once."""
        item = self._theirs_item()
        if item is not None and payload == f"edit_lease:{item}":
            self._take(item)

    # --- showing -----------------------------------------------------------------------

    def _theirs_item(self) -> int | None:
        return self.theirs.item_id if self.theirs is not None else None

    def _show_theirs(self, lease: Lease | None) -> None:
        was_theirs = self._theirs_item()
        self.theirs = lease
        if lease is None:
            self.label.hide()
            if was_theirs is not None and self.editor.item_id == was_theirs:
                self.editor.setReadOnly(False)  # their item, handed over to us
            return
        if not self.editor.is_dirty:  # typed in the moment before the answer: the row
            self.editor.setReadOnly(True)  # versions keep both; only new typing stops
        self.label.setText(
            f"{lease.words()} (since {lease.taken_at:%H:%M}): read-only here; "
            "their text appears as they type, and you can type once they leave the item."
        )
        self.label.setAccessibleName(lease.words())
        self.label.show()
