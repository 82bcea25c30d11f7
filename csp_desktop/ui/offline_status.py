"""The save state in the status bar says plainly when the server cannot be reached.

While the background writer is offline (a team database the network cannot reach) the
save label reads "Offline — 3 changes waiting; will save when the server is back", and
the tooltip says what the driver reported. When the server answers again the waiting
saves go through in order ("Back online — saving…") and the label returns to "All
changes saved". Nothing modal: the note taker keeps typing throughout.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from csp_desktop.ui.announcer import announce
from csp_desktop.ui.background_writer import BackgroundWriter
from csp_desktop.ui.context import UiContext

BACK_ONLINE_TEXT = "Back online — saving the changes that waited…"


def offline_text(waiting: int) -> str:
    if waiting == 0:  # found out by a read (a tab opened), not by a save
        return "Offline — the server cannot be reached; every change so far is saved"
    changes = "1 change" if waiting == 1 else f"{waiting} changes"
    return f"Offline — {changes} waiting; will save when the server is back"


class OfflineStatus(QObject):
    """Keeps `label` (the window's save state) honest about an unreachable server."""

    def __init__(
        self,
        context: UiContext,
        label: QLabel,
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(label)
        self._writer: BackgroundWriter = context.background
        self._label = label
        self._show_status = show_status
        self._was_offline = False
        self._writer.connection_changed.connect(self.refresh)
        # After the window's own handlers (connected first), so "Offline" is not
        # replaced by "Saving…" while it still holds.
        context.saving.connect(self.refresh)
        context.saved.connect(self.refresh)
        context.save_failed.connect(lambda _message: self.refresh())
        if self._writer.replayed_from_journal:
            count = self._writer.replayed_from_journal
            changes = "1 change" if count == 1 else f"{count} changes"
            self._show_status(
                f"Saving {changes} kept on this laptop when the server could not be reached"
            )

    def waiting_text(self) -> str:
        """The offline line while the server cannot be reached, else ""."""
        return offline_text(self._writer.waiting) if self._writer.offline else ""

    def refresh(self) -> None:
        offline = self._writer.offline
        if offline:
            text = offline_text(self._writer.waiting)
            if self._label.text() != text:
                self._label.setText(text)
            self._label.setToolTip(
                "The database server cannot be reached"
                + (f" ({self._writer.last_unreachable})" if self._writer.last_unreachable else "")
                + ". Your changes are kept on this laptop and saved in order when it is back."
            )
            if not self._was_offline:
                self._show_status(text)
                announce(self._label, text, topic="save")
        elif self._was_offline:
            self._label.setText(BACK_ONLINE_TEXT)
            self._show_status(BACK_ONLINE_TEXT)
        self._was_offline = offline
