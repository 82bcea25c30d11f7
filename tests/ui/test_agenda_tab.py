"""The Agenda tab driven with real keys and clicks; assertions on the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QInputDialog,
    QMessageBox,
)
from sqlalchemy import select

from csp_desktop.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingStatus,
)
from csp_desktop.services import agenda
from tests.ui.window_helpers import (
    click_row,
    find_by_accessible_name,
    open_window,
    reactivate,
    seed_partnership,
)


@pytest.fixture
def seeded(db, clock):
    return seed_partnership(db, clock)


@pytest.fixture
def window(qtbot, db, clock, seeded, tmp_path):
    return open_window(qtbot, db, clock, tmp_path / "settings")


@pytest.fixture
def tab(window):
    return window.agenda_tab


def item_titles(db, meeting_id):
    with db.session() as session:
        return [r.title for r in agenda.list_items(session, meeting_id)]


def item_text(db, item_id):
    with db.session() as session:
        return session.get(AgendaItem, item_id).minutes_text


def row_of(tab, title):
    for row in range(tab.model.rowCount()):
        if tab.model.row_for(row).title == title:
            return row
    raise LookupError(title)


def fill_dialog_later(qtbot, title: str, presenter: str = "", minutes: str = ""):
    """When the item dialog opens, type into it and press its OK button."""

    def fill():
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        qtbot.keyClicks(dialog.title_edit, title)
        if presenter:
            qtbot.keyClicks(dialog.presenter_edit, presenter)
        if minutes:
            dialog.minutes_spin.lineEdit().selectAll()
            qtbot.keyClicks(dialog.minutes_spin, minutes)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)


def test_opens_the_latest_meeting_with_its_items(window, tab, seeded, db):
    assert window.meeting_id == seeded.october_id
    shown = [tab.model.row_for(r).title for r in range(tab.model.rowCount())]
    assert shown == item_titles(db, seeded.october_id)
    assert "Wednesday 5 October 2022" in window.windowTitle()


def test_typing_is_saved_within_a_second(qtbot, tab, db):
    click_row(qtbot, tab.table, 0)
    item_id = tab.current_item_id()
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor, "Councillor Ghani welcomed everyone.")
    assert item_text(db, item_id) == ""  # not on every keystroke
    qtbot.waitUntil(
        lambda: item_text(db, item_id) == "Councillor Ghani welcomed everyone.", timeout=1000
    )


def test_switching_item_saves_at_once(qtbot, tab, db):
    click_row(qtbot, tab.table, 0)
    item_id = tab.current_item_id()
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor, "Apologies from Chris Lyons.")
    click_row(qtbot, tab.table, 1)
    assert item_text(db, item_id) == "Apologies from Chris Lyons."
    assert tab.editor.toPlainText() == ""
    click_row(qtbot, tab.table, 0)
    assert tab.editor.toPlainText() == "Apologies from Chris Lyons."


def test_a_failed_save_keeps_the_text_and_says_so(qtbot, window, tab, db, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    # Closing with unsaved text asks first; the test closes the window at the end.
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    click_row(qtbot, tab.table, 0)
    item_id = tab.current_item_id()
    with db.transaction() as session:  # someone approves the minutes meanwhile
        session.get(Meeting, window.meeting_id).status = MeetingStatus.APPROVED
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor, "Text that must not be lost")
    # Said over the minutes, not in a dialog the next letter would answer.
    qtbot.waitUntil(lambda: "NOT SAVED" in tab.notice_bar.label.text(), timeout=2000)
    assert "approved" in tab.notice_bar.label.text() and not warnings
    assert tab.editor.toPlainText() == "Text that must not be lost"
    assert window.save_state_text() == "NOT SAVED"
    assert item_text(db, item_id) == ""


def test_add_item_goes_after_the_selected_one_and_undo_removes_it(qtbot, window, tab, db):
    meeting_id = window.meeting_id
    click_row(qtbot, tab.table, 0)
    fill_dialog_later(qtbot, "Street Space presentation", "Andy Opie", "20")
    qtbot.mouseClick(tab.item_buttons["add_item"], Qt.MouseButton.LeftButton)
    reactivate(qtbot, window)
    titles = item_titles(db, meeting_id)
    assert titles[1] == "Street Space presentation"
    with db.session() as session:
        added = session.scalar(
            select(AgendaItem).where(AgendaItem.title == "Street Space presentation")
        )
        assert (added.presenter, added.minutes_allocated, added.number) == ("Andy Opie", 20, "2")
    assert tab.current_item().title == "Street Space presentation"

    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Street Space presentation" not in item_titles(db, meeting_id)
    qtbot.keyClick(tab.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert item_titles(db, meeting_id)[1] == "Street Space presentation"


def test_edit_item_with_f2(qtbot, window, tab, db):
    row = row_of(tab, "Violence Against Women and Girls strategy")
    click_row(qtbot, tab.table, row)
    item_id = tab.current_item_id()

    def retitle():
        dialog = QApplication.activeModalWidget()
        dialog.title_edit.selectAll()
        qtbot.keyClicks(dialog.title_edit, "VAWG strategy refresh")
        qtbot.keyClick(dialog.restricted_check, Qt.Key.Key_Space)
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, retitle)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    reactivate(qtbot, window)
    with db.session() as session:
        item = session.get(AgendaItem, item_id)
        assert (item.title, item.is_restricted) == ("VAWG strategy refresh", True)
    assert tab.model.data(tab.model.index(row, tab.model.COL_RESTRICTED)) == "Restricted"
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with db.session() as session:
        assert session.get(AgendaItem, item_id).title == "Violence Against Women and Girls strategy"


def test_edit_item_publication_choice_and_verbal_update(qtbot, window, tab, db):
    """Restricted with a public summary, and a verbal update, chosen from the keyboard."""
    row = row_of(tab, "Violence Against Women and Girls strategy")
    click_row(qtbot, tab.table, row)
    item_id = tab.current_item_id()

    def choose():
        dialog = QApplication.activeModalWidget()
        assert not dialog.summary_edit.isEnabled()  # only a restricted item has a summary
        dialog.restricted_check.setFocus()
        qtbot.keyClick(dialog.restricted_check, Qt.Key.Key_Space)
        # Tab order follows the form: summary, verbal update, agenda text.
        qtbot.keyClick(dialog.restricted_check, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.summary_edit
        qtbot.keyClicks(dialog.summary_edit, "The board noted the strategy.")
        qtbot.keyClick(dialog.summary_edit, Qt.Key.Key_Tab)
        qtbot.keyClick(dialog.verbal_check, Qt.Key.Key_Space)
        qtbot.keyClick(dialog.verbal_check, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.agenda_text_edit
        qtbot.keyClicks(dialog.agenda_text_edit, "Members are asked to approve the refresh.")
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, choose)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    reactivate(qtbot, window)
    with db.session() as session:
        item = session.get(AgendaItem, item_id)
        assert item.is_restricted
        assert item.public_summary == "The board noted the strategy."
        assert item.is_verbal_update
        assert item.agenda_text == "Members are asked to approve the refresh."
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with db.session() as session:
        item = session.get(AgendaItem, item_id)
        assert (item.is_restricted, item.public_summary, item.is_verbal_update) == (
            False,
            None,
            False,
        )


def test_reorder_with_ctrl_down_and_undo(qtbot, window, tab, db):
    meeting_id = window.meeting_id
    before = item_titles(db, meeting_id)
    click_row(qtbot, tab.table, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    after = item_titles(db, meeting_id)
    assert after[:2] == [before[1], before[0]]
    assert tab.current_item().title == before[0]  # the moved item stays selected
    with db.session() as session:
        assert [r.number for r in agenda.list_items(session, meeting_id)][:2] == ["1", "2"]
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert item_titles(db, meeting_id) == before


def test_delete_asks_then_undo_restores_the_minutes(qtbot, window, tab, db, monkeypatch):
    meeting_id = window.meeting_id
    row = row_of(tab, "Violence Against Women and Girls strategy")
    click_row(qtbot, tab.table, row)
    item_id = tab.current_item_id()
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor, "The strategy was agreed.")
    questions = []

    def answer(_parent, _title, text, *args):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    click_row(qtbot, tab.table, row)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert "minutes will be deleted" in questions[0]
    assert "Violence Against Women and Girls strategy" not in item_titles(db, meeting_id)
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert item_text(db, item_id) == "The strategy was agreed."


def test_delete_refused_keeps_the_item(qtbot, window, tab, db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    before = item_titles(db, window.meeting_id)
    click_row(qtbot, tab.table, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert item_titles(db, window.meeting_id) == before


def test_live_clock_start_next_previous(qtbot, window, tab, db, clock):
    meeting_id = window.meeting_id
    click_row(qtbot, tab.table, 0)
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(tab.editor, Qt.Key.Key_F5)
    with db.session() as session:
        rows = agenda.list_items(session, meeting_id)
        assert rows[0].is_running
        assert session.get(Meeting, meeting_id).status is MeetingStatus.IN_PROGRESS

    qtbot.keyClicks(tab.editor, "Welcome")
    clock.advance(minutes=3)
    qtbot.keyClick(
        tab.editor,
        Qt.Key.Key_Right,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    with db.session() as session:
        rows = agenda.list_items(session, meeting_id)
        assert not rows[0].is_running and rows[1].is_running
        assert rows[0].elapsed_at(clock.now()) == 180
        assert rows[0].id != tab.current_item_id()
        assert session.get(AgendaItem, rows[0].id).minutes_text == "Welcome"
    assert tab.current_item_id() == rows[1].id
    assert tab.editor.hasFocus()  # the note taker keeps typing

    qtbot.keyClick(tab.editor, Qt.Key.Key_F8)
    qtbot.keyClick(tab.editor, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    with db.session() as session:
        running = [r.id for r in agenda.list_items(session, meeting_id) if r.is_running]
    assert running == [rows[1].id] == [tab.current_item_id()]


def test_overrun_is_shown_in_words_and_colour(qtbot, window, tab, db, clock):
    click_row(qtbot, tab.table, 0)  # 2 minutes allocated
    qtbot.keyClick(tab.table, Qt.Key.Key_F5)
    clock.advance(seconds=100)
    tab.tick()
    index = tab.model.index(0, tab.model.COL_ELAPSED)
    assert tab.model.data(index) == "▶ 1:40 nearly"
    clock.advance(seconds=50)
    tab.tick()
    assert tab.model.data(index) == "▶ 2:30 OVER"
    assert tab.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    tab.clock_bar.tick()
    assert "OVER by 0:30" in tab.clock_bar.item_label.text()


def test_overrun_is_announced_once_and_f8_says_the_item(qtbot, window, tab, db, clock):
    from csp_desktop.ui import announcer

    click_row(qtbot, tab.table, 0)  # 2 minutes allocated
    start = len(announcer.recent())
    qtbot.keyClick(tab.table, Qt.Key.Key_F5)
    assert "Meeting started" in announcer.recent()[start:]
    clock.advance(seconds=100)
    tab.clock_bar.tick()
    before = len(announcer.recent())
    tab.clock_bar.tick()  # the one-second tick says nothing
    assert announcer.recent()[before:] == []
    clock.advance(seconds=50)
    tab.clock_bar.tick()
    tab.clock_bar.tick()
    over = [s for s in announcer.recent()[before:] if "over time" in s]
    assert len(over) == 1 and over[0].startswith("This item is over time. Now: 1 ")
    tab.tick()
    spoken = tab.model.data(
        tab.model.index(0, tab.model.COL_ELAPSED), Qt.ItemDataRole.AccessibleTextRole
    )
    assert spoken.startswith("2 minutes 30 seconds of 2 minutes, running"), spoken
    clock.advance(seconds=-89)  # 61 seconds in: "1 minute 1 second", never "1 minutes"
    tab.tick()
    spoken = tab.model.data(
        tab.model.index(0, tab.model.COL_ELAPSED), Qt.ItemDataRole.AccessibleTextRole
    )
    assert spoken.startswith("1 minute 1 second of 2 minutes"), spoken
    tab.editor.setFocus()
    qtbot.keyClick(tab.editor, Qt.Key.Key_F8)
    second = tab.model.rows()[1]
    assert announcer.recent()[-1] == f"Item {second.number}: {second.title}"
    qtbot.keyClick(tab.editor, Qt.Key.Key_F6)  # pause / resume
    assert announcer.recent()[-1] == f"Clock paused on item {second.number}"


def test_insert_action_shortcut_and_owner_completer(qtbot, window, tab, db):
    row = row_of(tab, "Violence Against Women and Girls strategy")
    click_row(qtbot, tab.table, row)
    item_id = tab.current_item_id()
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor, "Strategy discussed.")
    qtbot.keyClick(
        tab.editor,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    popup = tab.editor.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClicks(tab.editor, "Amo")
    assert tab.editor.completer.currentCompletion() == "Amolak Tatter"
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.keyClicks(tab.editor, " to circulate the strategy")
    assert not popup.isVisible()
    qtbot.waitUntil(lambda: len(_actions_of_item(db, item_id)) == 1, timeout=5000)
    with db.session() as session:
        action = session.scalar(select(Action).where(Action.raised_at_item_id == item_id))
        assert [p.name for p in action.owners] == ["Amolak Tatter"]
        assert "circulate the strategy" in action.text
    assert item_text(db, item_id) == (
        "Strategy discussed.\nACTION: Amolak Tatter to circulate the strategy"
    )


def _actions_of_item(db, item_id):
    with db.session() as session:
        return session.scalars(select(Action).where(Action.raised_at_item_id == item_id)).all()


def test_carried_actions_complete_and_update_by_key(qtbot, window, tab, db, seeded, monkeypatch):
    with db.session() as session:
        item = session.scalar(
            select(AgendaItem).where(
                AgendaItem.meeting_id == seeded.october_id,
                AgendaItem.kind == ItemKind.PREVIOUS_MINUTES,
            )
        )
        row = tab.model.row_of_item(item.id)
    click_row(qtbot, tab.table, row)
    assert tab.reviewed_panel.isVisible()
    assert tab.reviewed_model.rowCount() == 1
    click_row(qtbot, tab.reviewed_view, 0)
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *a, **k: ("Shared on 1 October.", True)
    )
    qtbot.keyClick(tab.reviewed_view, Qt.Key.Key_U)
    qtbot.keyClick(tab.reviewed_view, Qt.Key.Key_C)
    with db.session() as session:
        action = session.get(Action, seeded.carried_action_id)
        assert action.status is ActionStatus.COMPLETED
        texts = [
            u.text
            for u in session.scalars(
                select(ActionUpdate).where(ActionUpdate.action_id == action.id)
            )
        ]
        assert "Shared on 1 October." in texts
    assert "Completed" in tab.reviewed_model.data(
        tab.reviewed_model.index(0, tab.reviewed_model.COL_STATUS)
    )


def test_half_screen_puts_the_minutes_below_the_items(qtbot, window, tab):
    window.resize(960, 1000)
    qtbot.waitUntil(lambda: tab.splitter.orientation() == Qt.Orientation.Vertical)
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: tab.splitter.orientation() == Qt.Orientation.Horizontal)


def test_ctrl_z_in_the_minutes_undoes_typing_not_the_agenda(qtbot, window, tab, db):
    meeting_id = window.meeting_id
    before = item_titles(db, meeting_id)
    click_row(qtbot, tab.table, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    moved = item_titles(db, meeting_id)
    assert moved != before
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor, "Typo")
    qtbot.keyClick(tab.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.editor.toPlainText() == ""
    assert item_titles(db, meeting_id) == moved  # the move was not undone


def test_approved_minutes_are_shown_read_only(qtbot, window, tab, db, seeded):
    with db.transaction() as session:
        session.get(Meeting, seeded.june_id).status = MeetingStatus.APPROVED
    tree = window.navigator.tree
    june = window.navigator.model.index_of_meeting(seeded.june_id)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(june).center())
    assert tab.lock_label.isVisible()
    assert "approved" in tab.lock_label.text()
    click_row(qtbot, tab.table, 0)
    assert tab.editor.isReadOnly()
    assert not tab.live_actions["start_meeting"].isEnabled()
    assert not tab.item_actions["delete_item"].isEnabled()


def test_unsaved_text_is_never_dropped_by_moving_on(qtbot, window, tab, db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: None)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []

    def question(_parent, _title, text, *args):
        asked.append(text)
        return answers.pop(0) if answers else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    click_row(qtbot, tab.table, 0)
    item_id = tab.current_item_id()
    with db.transaction() as session:  # the minutes are approved elsewhere meanwhile
        session.get(Meeting, window.meeting_id).status = MeetingStatus.APPROVED
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor, "Words that cannot be saved")

    click_row(qtbot, tab.table, 1)  # No: stay with the text
    assert "could not be saved" in asked[0]
    assert tab.current_item_id() == item_id
    assert tab.editor.toPlainText() == "Words that cannot be saved"

    click_row(qtbot, tab.table, 1)  # Yes: discard and move on, as asked
    assert tab.current_item_id() != item_id
    assert item_text(db, item_id) == ""


def test_switching_meeting_with_unsaved_text_can_stay(qtbot, window, tab, db, seeded, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    click_row(qtbot, tab.table, 0)
    with db.transaction() as session:
        session.get(Meeting, window.meeting_id).status = MeetingStatus.APPROVED
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor, "Still here")
    tree = window.navigator.tree
    june = window.navigator.model.index_of_meeting(seeded.june_id)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(june).center())
    assert window.meeting_id == seeded.october_id
    assert window.navigator.current_meeting_id() == seeded.october_id
    assert tab.editor.toPlainText() == "Still here"
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)


def test_pause_resume_and_end_meeting(qtbot, window, tab, db, clock, monkeypatch):
    meeting_id = window.meeting_id
    click_row(qtbot, tab.table, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_F5)
    clock.advance(minutes=1)
    qtbot.keyClick(tab.table, Qt.Key.Key_F6)  # pause
    clock.advance(minutes=5)
    qtbot.keyClick(tab.table, Qt.Key.Key_F6)  # resume
    clock.advance(seconds=30)
    with db.session() as session:
        first = agenda.list_items(session, meeting_id)[0]
    assert first.is_running
    assert first.elapsed_at(clock.now()) == 90  # the pause did not count

    qtbot.keyClick(tab.table, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    # Asked over the minutes (Enter = end), not in a dialog.
    assert QApplication.focusWidget() is tab.notice_bar
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting.ended_at == clock.now()
        assert meeting.status is MeetingStatus.MINUTES_DRAFTED
        assert not any(r.is_running for r in agenda.list_items(session, meeting_id))
    assert "Meeting ended at" in tab.clock_bar.meeting_label.text()


def test_coming_back_from_another_tab_keeps_the_item(qtbot, window, tab):
    click_row(qtbot, tab.table, 3)
    item_id = tab.current_item_id()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    roster = find_by_accessible_name(window.tabs["attendance"], "Attendance list")
    click_row(qtbot, roster, 0, 0)
    qtbot.keyClick(roster, Qt.Key.Key_P)  # a change made elsewhere
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert tab.current_item_id() == item_id
