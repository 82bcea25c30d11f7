"""Every tab of the window keeps the contract the window calls (ui/tab_contract.py)."""

from __future__ import annotations

import importlib
import inspect

import pytest

from csp_desktop.ui.lazy_tab import LazyTab
from csp_desktop.ui.main_window import TAB_SPECS
from csp_desktop.ui.navigation import TAB_AGENDA, Place
from csp_desktop.ui.tab_contract import MeetingTab, tab_as
from tests.ui.window_helpers import open_window, seed_partnership


def _real_classes() -> list[type]:
    """The tab classes of the window, and the real tabs behind the lazy stand-ins."""
    classes: list[type] = []
    for _name, _label, factory in TAB_SPECS:
        assert isinstance(factory, type)
        classes.append(factory)
        if issubclass(factory, LazyTab):
            classes.append(getattr(importlib.import_module(factory.MODULE), factory.CLASS))
    return classes


@pytest.mark.parametrize("tab_class", _real_classes(), ids=lambda c: c.__qualname__)
def test_every_tab_is_a_meeting_tab_that_shows_meetings(tab_class: type) -> None:
    assert issubclass(tab_class, MeetingTab)
    # show_meeting has no default: a tab that forgot it would fail on the first meeting.
    assert tab_class.show_meeting is not MeetingTab.show_meeting
    parameters = list(inspect.signature(tab_class).parameters)
    assert parameters[:2] == ["context", "parent"]


def test_the_base_refuses_a_tab_without_show_meeting(qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = MeetingTab()
    qtbot.addWidget(tab)
    with pytest.raises(NotImplementedError, match="MeetingTab must implement show_meeting"):
        tab.show_meeting(None)
    tab.flush()  # nothing typed, nothing to save
    tab.show_place(Place(None))  # a tab without places keeps what it shows


def test_tab_as_names_the_wrong_class(qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = MeetingTab()
    qtbot.addWidget(tab)
    with pytest.raises(TypeError, match="MeetingTab is not a LazyTab"):
        tab_as(tab, LazyTab)


def test_the_window_builds_every_tab_and_hears_its_signals(  # type: ignore[no-untyped-def]
    qtbot, db, clock, tmp_path
) -> None:
    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    assert list(window.tabs) == [name for name, _label, _class in TAB_SPECS]
    for name, tab in window.tabs.items():
        assert isinstance(tab, MeetingTab)
        tab.status_message.emit(f"hello from {name}")
        assert window.statusBar().currentMessage() == f"hello from {name}"
    window.tabs[TAB_AGENDA].navigate.emit(Place(None, TAB_AGENDA))
    assert window.current_tab_name() == TAB_AGENDA
