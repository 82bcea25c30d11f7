"""What the main window asks of every tab, written down once.

Every page of the window's tab bar is a `MeetingTab`: the window builds it with
`(context, parent)`, connects its two signals, tells it which meeting to show, asks it
to save what is typed before anything changes (meeting, tab, close), and hands it the
place a search result or another tab pointed at. mypy checks each tab's methods against
these; `tests/ui/test_tab_contract.py` checks every tab in `main_window.TAB_SPECS`.

A base class rather than a `Protocol`: the window also needs each tab as a `QWidget`
(to add, show and focus it), and Python has no "QWidget and this protocol" type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from csp_desktop.ui.navigation import Place

if TYPE_CHECKING:
    from csp_desktop.ui.context import UiContext

T = TypeVar("T")


class MeetingTab(QWidget):
    """A page of the window's tab bar. Subclasses implement `show_meeting`."""

    # A line for the status bar ("Action CSP-… marked completed").
    status_message = Signal(str)
    # A `Place` the window should jump to (another meeting, tab, item or action).
    navigate = Signal(object)

    def show_meeting(self, meeting_id: int | None) -> None:
        """Show this meeting (None: no meeting). Called when the tab becomes visible
        after the meeting changed, and again after imports change its data."""
        raise NotImplementedError(f"{type(self).__name__} must implement show_meeting")

    def flush(self) -> None:
        """Save what is typed now. Raise to say it could not be (the window shows it)."""

    def show_place(self, place: Place) -> None:
        """Select what `place` points at (an item, an action). Tabs without such places
        keep what they show."""


class TabFactory(Protocol):
    """How the window builds a tab: every tab class takes `(context, parent)`."""

    def __call__(self, context: UiContext, parent: QWidget | None = None) -> MeetingTab: ...


def tab_as(tab: MeetingTab, kind: type[T]) -> T:
    """`tab` as the class the caller knows it to be (the window's Agenda tab, say)."""
    if not isinstance(tab, kind):
        raise TypeError(f"{type(tab).__name__} is not a {kind.__name__}")
    return tab
