"""Where the keyboard goes (issue 11, point 3 and 7): keys are sent to whatever widget
has focus, as a person's keys are, and what they did is read back through services."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from csp_desktop.services import agenda
from tests.ui.window_helpers import open_window, seed_partnership

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def seeded(db, clock):
    return seed_partnership(db, clock)  # June 2022 and today's meeting (5 October 2022)


@pytest.fixture
def window(qtbot, db, clock, seeded, tmp_path):
    return open_window(qtbot, db, clock, tmp_path / "settings")


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), key, modifiers)


def type_text(qtbot, text):
    """One key at a time, each to the widget that has focus at that moment."""
    for char in text:
        qtbot.keyClicks(focused(), char)


def minutes_of(window, item_id):
    window.flush_all()
    return window.context.read(agenda.item_minutes, item_id)


def running_item(window, meeting_id):
    rows = window.context.read(agenda.list_items, meeting_id)
    return next((r.id for r in rows if r.is_running), None)


class FocusCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched, event):
        if event.type() == QEvent.Type.FocusIn:
            self.count += 1
        return False


def test_launch_opens_todays_meeting_with_focus_at_the_end_of_the_minutes(window, seeded):
    assert window.meeting_id == seeded.october_id
    assert focused() is window.agenda_tab.editor


def test_f5_from_the_meeting_list_puts_the_keys_in_the_minutes(qtbot, window, seeded):
    window.navigator.tree.setFocus()
    press(qtbot, Qt.Key.Key_F5)
    editor = window.agenda_tab.editor
    assert focused() is editor
    item = running_item(window, seeded.october_id)
    assert item == window.agenda_tab.current_item_id()
    type_text(qtbot, "17 members present.")
    assert window.meeting_id == seeded.october_id  # no type-to-jump took the digits
    assert minutes_of(window, item) == "17 members present."


def test_next_and_previous_item_leave_focus_at_the_end_of_that_items_minutes(qtbot, window, seeded):
    press(qtbot, Qt.Key.Key_F5)
    first = window.agenda_tab.current_item_id()
    type_text(qtbot, "Opening words.")
    window.agenda_tab.focus_items()  # focus wandered to the items table
    press(qtbot, Qt.Key.Key_F8)
    second = window.agenda_tab.current_item_id()
    assert second != first and focused() is window.agenda_tab.editor
    type_text(qtbot, "Second item.")
    press(qtbot, Qt.Key.Key_F8, SHIFT)
    assert window.agenda_tab.current_item_id() == first
    type_text(qtbot, " More.")
    assert minutes_of(window, first) == "Opening words. More."
    assert minutes_of(window, second) == "Second item."


def test_type_to_jump_is_off_in_the_meeting_list(qtbot, window, seeded):
    window.navigator.tree.setFocus()
    type_text(qtbot, "June")
    assert window.meeting_id == seeded.october_id
    assert window.navigator.current_meeting_id() == seeded.october_id


def test_opening_another_meeting_while_one_runs_asks_first(qtbot, window, seeded):
    press(qtbot, Qt.Key.Key_F5)
    window.navigator.tree.setFocus()
    window.navigator.select_meeting(seeded.june_id, notify=True)  # arrow keys or a click
    bar = window.agenda_tab.notice_bar
    assert focused() is bar and "Leave it" in bar.label.text()
    assert window.meeting_id == seeded.october_id
    press(qtbot, Qt.Key.Key_Escape)  # stay
    assert window.meeting_id == seeded.october_id
    assert window.navigator.current_meeting_id() == seeded.october_id
    assert focused() is window.agenda_tab.editor

    window.navigator.select_meeting(seeded.june_id, notify=True)
    press(qtbot, Qt.Key.Key_Return)  # open it
    assert window.meeting_id == seeded.june_id


def test_words_typed_over_the_question_are_kept(qtbot, window, seeded):
    press(qtbot, Qt.Key.Key_F5)
    item = window.agenda_tab.current_item_id()
    window.navigator.select_meeting(seeded.june_id, notify=True)
    type_text(qtbot, "Apologies")  # the note taker typed on without reading the bar
    assert window.meeting_id == seeded.october_id
    assert minutes_of(window, item) == "Apologies"


def test_escape_in_the_filter_clears_it_and_returns_to_the_minutes(qtbot, window):
    window.navigator.filter_edit.setFocus()
    type_text(qtbot, "Apol")
    press(qtbot, Qt.Key.Key_Escape)
    assert window.navigator.filter_edit.text() == ""
    assert focused() is window.agenda_tab.editor


def test_tab_switches_never_pass_through_the_filter(qtbot, window):
    counter = FocusCounter()
    window.navigator.filter_edit.installEventFilter(counter)
    for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_1):
        press(qtbot, key, CTRL)
        assert window.tab_widget.currentWidget().isAncestorOf(focused())
    assert focused() is window.agenda_tab.editor
    assert counter.count == 0


def test_search_does_not_move_the_minutes_and_escape_returns_to_them(qtbot, window):
    editor = window.agenda_tab.editor
    type_text(qtbot, "Before search.")
    where = editor.mapTo(window, editor.rect().topLeft())
    size = editor.size()
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused().accessibleName() == "Search"
    assert editor.mapTo(window, editor.rect().topLeft()) == where
    assert editor.size() == size
    type_text(qtbot, "profile")
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is editor
    assert editor.textCursor().atEnd()
    assert window.navigator.isVisible()


def test_f5_on_another_days_meeting_asks_before_restarting(qtbot, window, seeded):
    window.navigator.select_meeting(seeded.june_id, notify=True)
    assert window.meeting_id == seeded.june_id
    press(qtbot, Qt.Key.Key_F5)
    bar = window.agenda_tab.notice_bar
    assert focused() is bar
    assert "This meeting was on Wed 29 Jun" in bar.label.text()
    press(qtbot, Qt.Key.Key_Escape)
    assert running_item(window, seeded.june_id) is None  # nothing changed
    assert focused() is window.agenda_tab.editor
    press(qtbot, Qt.Key.Key_F5)
    press(qtbot, Qt.Key.Key_Return)
    assert running_item(window, seeded.june_id) is not None


def test_relaunch_goes_back_into_the_running_meeting_at_the_end_of_the_words(
    qtbot, db, clock, seeded, tmp_path
):
    first = open_window(qtbot, db, clock, tmp_path / "settings")
    press(qtbot, Qt.Key.Key_F5)
    first.save_state()  # written on item 1 (the debounced timer, 1.5 s after a change)
    press(qtbot, Qt.Key.Key_F8)  # killed before the timer wrote item 2 down
    item = first.agenda_tab.current_item_id()
    type_text(qtbot, "Apologies were")
    first.agenda_tab.editor.flush()
    first._state_timer.stop()
    first.hide()  # no clean close: as after a crash
    clock.advance(days=1)  # even the next day, the running meeting comes first
    second = open_window(qtbot, db, clock, tmp_path / "settings")
    assert second.meeting_id == seeded.october_id
    assert second.agenda_tab.current_item_id() == item
    assert focused() is second.agenda_tab.editor
    type_text(qtbot, " received.")
    assert minutes_of(second, item) == "Apologies were received."


def test_going_back_to_the_running_meeting_lands_in_its_minutes(qtbot, window, seeded):
    press(qtbot, Qt.Key.Key_F5)
    type_text(qtbot, "Quorate.")
    window.navigator.select_meeting(seeded.june_id, notify=True)
    press(qtbot, Qt.Key.Key_Return)  # yes, open June (to read something)
    assert window.meeting_id == seeded.june_id
    window.navigator.tree.setFocus()
    window.navigator.select_meeting(seeded.october_id, notify=True)  # back to the live one
    assert window.meeting_id == seeded.october_id
    assert focused() is window.agenda_tab.editor
    assert window.agenda_tab.editor.textCursor().atEnd()
