"""Changes made by others appear within a second or two, without moving anyone's caret.

On PostgreSQL a listener thread (`services/change_feed.py`, LISTEN csp_changes on its own
connection) hears every change another copy of the app commits; its payloads reach the
GUI thread through a queued Qt signal and are gathered for `BATCH_MS`, then the window
refreshes what they touch:
- the open meeting's Agenda tab in place (`AgendaTab.refresh_in_place`: items and clock
  re-read, selection and scroll kept); the minutes editor is never given new text while
  it has typing of its own: only a read-only view (an item someone else is minuting, by
  its edit lease) or an untouched, unfocused editor takes the saved text, keeping its
  caret, selection and scroll (`MinutesEditor.adopt_saved_version`);
- any other tab showing: re-shown with its scroll kept, unless the user is typing in a
  box of it (then at the next quiet moment); the tabs not showing are marked to reload
  when next shown (the same `data_changed` signal the window's own writes send).
SQLite has no NOTIFY: a window that opened the file read-only (someone else holds the
writer lock and is minuting) polls it every second instead (`FileChangePoller`), and a
change, of records unknown, refreshes all of the above as if each had changed. A window
that holds the lock is the file's only writer and has nothing to hear.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from csp_desktop.services.change_feed import (
    ANY_CHANGE,
    ChangeListener,
    FileChangePoller,
    supports_notify,
)
from csp_desktop.ui.agenda_tab import AgendaTab
from csp_desktop.ui.context import UiContext


class RefreshedWindow(Protocol):
    """What the refresher needs of the main window (no import of it: no cycle)."""

    context: UiContext
    meeting_id: int | None
    tab_widget: QTabWidget
    agenda_tab: AgendaTab


log = logging.getLogger(__name__)

BATCH_MS = 150
# The window's own word for what changed, per table (`UiContext.data_changed` topics).
TOPICS = {
    "action": "actions",
    "action_update": "actions",
    "attendance": "attendance",
    "subgroup_report": "subgroup_reports",
    "agenda_item": "agenda",
    "meeting": "agenda",
}


class LiveRefresh(QObject):
    """Hears other clients' changes and hands them, in batches, to the GUI thread."""

    # From the listener thread; connected queued to `_heard` on the GUI thread.
    _heard_in_thread = Signal(str)
    # On the GUI thread: the payloads ("agenda_item:12", "meeting:3") of one batch.
    changes = Signal(object)

    def __init__(self, context: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._pending: set[str] = set()
        self._batch = QTimer(self)
        self._batch.setSingleShot(True)
        self._batch.setInterval(BATCH_MS)
        self._batch.timeout.connect(self._deliver)
        self._heard_in_thread.connect(self._heard)
        self.listener: ChangeListener | FileChangePoller | None = None
        database = context.database
        if supports_notify(database.engine):
            self.listener = ChangeListener(database.engine, self._heard_in_thread.emit)
        elif context.read_only and database.path is not None:
            self.listener = FileChangePoller(database.path, self._heard_in_thread.emit)

    def start(self) -> None:
        if self.listener is not None:
            self.listener.start()

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None

    def _heard(self, payload: str) -> None:
        self._pending.add(payload)
        if not self._batch.isActive():
            self._batch.start()

    def _deliver(self) -> None:
        batch, self._pending = frozenset(self._pending), set()
        if batch:
            self.changes.emit(batch)


class WindowRefresher(QObject):
    """Applies a batch of changes from elsewhere to the window, never under the caret."""

    def __init__(self, window: RefreshedWindow, parent: QObject) -> None:
        super().__init__(parent)
        self.window = window
        self._held: set[str] = set()  # a tab's refresh waiting for the user to stop typing
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(1000)
        self._retry.timeout.connect(lambda: self.apply(frozenset()))

    def apply(self, payloads: Iterable[str]) -> None:
        window = self.window
        payloads = set(payloads) | self._held
        self._held = set()
        lease_watch = getattr(window.agenda_tab, "edit_lease", None)
        for payload in payloads:
            if lease_watch is not None:
                lease_watch.heard_change(payload)
        if ANY_CHANGE in payloads:  # an SQLite file changed: which records is not known
            topics = set(TOPICS.values())
        else:
            topics = {TOPICS[t] for t in (p.split(":", 1)[0] for p in payloads) if t in TOPICS}
        for topic in sorted(topics):
            window.context.data_changed.emit(f"elsewhere:{topic}")  # other tabs: stale
        if not topics or window.meeting_id is None:
            return
        current = window.tab_widget.currentWidget()
        if current is window.agenda_tab:
            self._refresh_agenda(payloads)
        elif isinstance(current, QWidget) and hasattr(current, "show_meeting"):
            if _typing_in(current):
                self._held = payloads
                self._retry.start()
                return
            with _scroll_kept(current):
                current.show_meeting(window.meeting_id)

    def _refresh_agenda(self, payloads: set[str]) -> None:
        tab = self.window.agenda_tab
        tab.refresh_in_place()
        editor = tab.editor
        if editor.item_id is None or not payloads & {f"agenda_item:{editor.item_id}", ANY_CHANGE}:
            return
        if editor.isReadOnly() or not editor.hasFocus():
            editor.adopt_saved_version()


def _typing_in(tab: QWidget) -> bool:
    """True while the keyboard is in an editable box of the tab."""
    focus = QApplication.focusWidget()
    if not isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit):
        return False
    return tab.isAncestorOf(focus) and not focus.isReadOnly()


class _scroll_kept:
    """Every list and table in a tab keeps its scroll position across a refresh."""

    def __init__(self, tab: QWidget) -> None:
        self.views = tab.findChildren(QAbstractItemView)
        self.positions: list[tuple[int, int]] = []

    def __enter__(self) -> None:
        self.positions = [
            (v.verticalScrollBar().value(), v.horizontalScrollBar().value()) for v in self.views
        ]

    def __exit__(self, *_exc: object) -> None:
        for view, (vertical, horizontal) in zip(self.views, self.positions, strict=True):
            view.verticalScrollBar().setValue(vertical)
            view.horizontalScrollBar().setValue(horizontal)


def attach_live_refresh(window: RefreshedWindow, parent: QObject) -> LiveRefresh:
    """Start hearing others' changes for this window (on SQLite, only a read-only one)."""
    live = LiveRefresh(window.context, parent)
    refresher = WindowRefresher(window, parent)
    live.changes.connect(refresher.apply)
    live.start()
    return live
