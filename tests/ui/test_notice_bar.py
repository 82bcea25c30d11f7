"""Nothing modal while the note taker types (issue 11, points 4 and 8): a deleted ACTION
line, a save problem, an unmatched owner or an odd due date is said over the minutes,
and what an ACTION line was understood to say is shown under them. Keys go to whatever
has focus; results are read back through the services."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from csp_desktop.services import actions as actions_service
from csp_desktop.services import agenda
from csp_desktop.services.actions import ActionFilter
from tests.ui.window_helpers import open_window, seed_partnership

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, db, clock, tmp_path, monkeypatch):
    seeded = seed_partnership(db, clock)
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(
            QMessageBox, name, lambda *a, _n=name: pytest.fail(f"a QMessageBox.{_n} appeared")
        )
    win = open_window(qtbot, db, clock, tmp_path / "settings")
    assert win.meeting_id == seeded.october_id
    return win


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(qtbot, text):
    for char in text:
        if char == "\n":
            qtbot.keyClick(focused(), Qt.Key.Key_Return)
        else:
            qtbot.keyClicks(focused(), char)


def meeting_actions(window):
    rows = window.context.read(
        actions_service.list_actions, ActionFilter(meeting_id=window.meeting_id)
    )
    return [(row.reference, row.text) for row in rows]


def test_a_deleted_action_line_is_a_notice_and_ctrl_z_brings_line_and_action_back(qtbot, window):
    tab = window.agenda_tab
    qtbot.keyClick(focused(), Qt.Key.Key_F5)
    item = tab.current_item_id()
    type_text(qtbot, "Noted.\nACTION: Andy Opie to send the hotspot data.")
    tab.editor.flush()
    [(reference, _text)] = meeting_actions(window)

    # Delete the ACTION line the way a person does, and type on at once.
    qtbot.keyClick(focused(), Qt.Key.Key_Home, SHIFT)
    qtbot.keyClick(focused(), Qt.Key.Key_Backspace)
    qtbot.keyClick(focused(), Qt.Key.Key_Backspace)
    tab.editor.flush()
    assert f"Action {reference} removed with its line" in tab.notice_bar.label.text()
    assert "Ctrl+Z" in tab.notice_bar.label.text()
    assert focused() is tab.editor  # the notice took nothing
    assert [r for r, _t in meeting_actions(window)] == [reference]  # kept for now

    # Ctrl+Z (twice: the two Backspaces) brings the line back, and with it the action.
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    tab.editor.flush()
    assert window.context.read(agenda.item_minutes, item).endswith("the hotspot data.")
    assert [r for r, _t in meeting_actions(window)] == [reference]
    assert tab.notice_bar.isHidden()


def test_the_removed_action_goes_when_the_item_is_left_or_esc_confirms(qtbot, window):
    tab = window.agenda_tab
    qtbot.keyClick(focused(), Qt.Key.Key_F5)
    type_text(qtbot, "ACTION: Chris Lyons to review the CCTV.\nACTION: Andy Opie to write.")
    tab.editor.flush()
    assert len(meeting_actions(window)) == 2
    qtbot.keyClick(focused(), Qt.Key.Key_Home, SHIFT)
    qtbot.keyClick(focused(), Qt.Key.Key_Backspace)
    tab.editor.flush()
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)  # confirm
    assert [t for _r, t in meeting_actions(window)] == ["Chris Lyons to review the CCTV."]

    qtbot.keyClick(focused(), Qt.Key.Key_Backspace)  # the empty line left behind
    qtbot.keyClick(focused(), Qt.Key.Key_Home, SHIFT)
    qtbot.keyClick(focused(), Qt.Key.Key_Backspace)
    type_text(qtbot, "Discussed.")
    tab.editor.flush()
    assert len(meeting_actions(window)) == 1  # kept while still on the item
    qtbot.keyClick(focused(), Qt.Key.Key_F8)  # moving on confirms
    assert meeting_actions(window) == []
    assert tab.notice_bar.isHidden()


def test_the_action_line_says_what_it_understood(qtbot, window):
    tab = window.agenda_tab
    type_text(qtbot, "ACTION: Andy Opie and Zed Quorn to report back by 30 September")
    tab.show_action_reading()
    text = tab.action_line_label.text()
    assert "Owner: Andy Opie" in text
    assert "not matched: Zed Quorn" in text
    # Typed at the 5 October 2022 meeting: 30 September means next year. Say so.
    assert "due Sat 30 Sep 2023 — next year?" in text
    type_text(qtbot, "\nPlain words.")
    tab.show_action_reading()
    assert tab.action_line_label.isHidden()


def test_an_owner_of_open_actions_is_known(qtbot, window):
    # Amolak Tatter owns June's open action; not on October's list, still matched.
    tab = window.agenda_tab
    type_text(qtbot, "ACTION: Amolak Tatter to update the profile by 2 November 2022")
    tab.show_action_reading()
    assert "Owner: Amolak Tatter · due Wed 2 Nov 2022" in tab.action_line_label.text()
    assert "not matched" not in tab.action_line_label.text()


def test_an_unexpected_error_while_typing_is_a_notice_not_a_dialog(qtbot, window):
    import sys

    from csp_desktop.ui.launch import _install_excepthook

    previous = sys.excepthook
    try:
        _install_excepthook(lambda: window, None)
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            sys.excepthook(RuntimeError, exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert "RuntimeError: boom" in window.agenda_tab.notice_bar.label.text()
    assert focused() is window.agenda_tab.editor


def test_a_doubtful_action_line_left_behind_stays_in_the_notice_bar(qtbot, window):
    tab = window.agenda_tab
    type_text(qtbot, "ACTION: Andy Opie to report back by 30 September")
    tab.show_action_reading()
    assert tab.notice_bar.isHidden()  # nothing yet: the line is still being typed
    type_text(qtbot, "\nThe chair thanked everyone.")
    tab.show_action_reading()
    assert "Check the ACTION line just typed" in tab.notice_bar.label.text()
    assert "next year?" in tab.notice_bar.label.text()
    assert focused() is tab.editor  # the notice took no key
