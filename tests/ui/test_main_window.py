"""The main window: meetings, tabs, menus, save state, remembered layout, shortcuts help."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QMessageBox, QWidget
from sqlalchemy import select

from csp_desktop.models import AgendaItem, ForwardPlanEntry, ForwardPlanStatus, Meeting
from csp_desktop.services import agenda
from csp_desktop.ui.main_window import SAVED_TEXT, SAVING_TEXT
from csp_desktop.ui.navigation import TAB_AGENDA, TAB_FORWARD_PLAN, Place
from csp_desktop.ui.shortcuts import SHORTCUTS
from tests.ui.window_helpers import (
    click_row,
    open_window,
    pick_date_weeks_back,
    reactivate,
    seed_partnership,
)

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def seeded(db, clock):
    return seed_partnership(db, clock)


@pytest.fixture
def settings_dir(tmp_path):
    return tmp_path / "settings"


@pytest.fixture
def window(qtbot, db, clock, seeded, settings_dir):
    return open_window(qtbot, db, clock, settings_dir)


def test_title_names_the_meeting_and_the_database_file(window, db):
    title = window.windowTitle()
    assert "Community Safety Partnership Board, Wednesday 5 October 2022" in title
    assert str(db.path) in title


def test_navigator_lists_meetings_and_switching_saves_typing(qtbot, window, seeded, db):
    tree = window.navigator.tree
    board = window.navigator.model.item(0)
    assert board.text() == "Community Safety Partnership Board"
    assert [board.child(r).text() for r in range(board.rowCount())] == [
        "5 Oct 2022 · Draft",
        "29 Jun 2022 · Draft",
    ]
    tab = window.agenda_tab
    click_row(qtbot, tab.table, 0)
    item_id = tab.current_item_id()
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor, "Welcome and introductions.")
    june = window.navigator.model.index_of_meeting(seeded.june_id)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(june).center())
    assert window.meeting_id == seeded.june_id
    with db.session() as session:
        assert session.get(AgendaItem, item_id).minutes_text == "Welcome and introductions."
    assert "29 June 2022" in window.windowTitle()


def test_status_bar_shows_saving_then_saved(qtbot, window):
    tab = window.agenda_tab
    assert window.save_state_text() == SAVED_TEXT
    click_row(qtbot, tab.table, 0)
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor, "Apologies were received.")
    assert window.save_state_text() == SAVING_TEXT
    qtbot.waitUntil(lambda: window.save_state_text() == SAVED_TEXT, timeout=1500)


def test_closing_saves_what_was_typed(qtbot, window, db):
    tab = window.agenda_tab
    click_row(qtbot, tab.table, 1)
    item_id = tab.current_item_id()
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor, "No declarations of interest to note.")
    window.close()
    with db.session() as session:
        assert session.get(AgendaItem, item_id).minutes_text == (
            "No declarations of interest to note."
        )


def test_layout_meeting_and_tab_are_remembered(qtbot, db, clock, seeded, settings_dir):
    first = open_window(qtbot, db, clock, settings_dir)
    tree = first.navigator.tree
    june = first.navigator.model.index_of_meeting(seeded.june_id)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(june).center())
    qtbot.keyClick(first, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert first.current_tab_name() == TAB_FORWARD_PLAN
    first.splitter.setSizes([300, 1000])
    first.close()

    # The day after the October meeting, with nothing coming: the last one worked on.
    clock.advance(days=1)
    second = open_window(qtbot, db, clock, settings_dir)
    assert second.meeting_id == seeded.june_id
    assert second.current_tab_name() == TAB_FORWARD_PLAN
    assert second.splitter.sizes()[0] == 300


def test_tab_shortcuts_and_lazy_loading(qtbot, window):
    for key, name in ((Qt.Key.Key_2, "attendance"), (Qt.Key.Key_1, TAB_AGENDA)):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_tab_name() == name


def test_go_to_place_selects_meeting_tab_and_item(qtbot, window, seeded, db):
    with db.session() as session:
        item_id = agenda.list_items(session, seeded.june_id)[2].id
    window.go_to(Place(seeded.june_id, TAB_AGENDA, agenda_item_id=item_id))
    assert window.meeting_id == seeded.june_id
    assert window.agenda_tab.current_item_id() == item_id
    assert window.navigator.current_meeting_id() == seeded.june_id


def test_keyboard_shortcuts_dialog_lists_every_shortcut(qtbot, window):
    seen = []

    def read_and_close():
        dialog = QApplication.activeModalWidget()
        table = dialog.table
        seen.extend(table.item(r, 2).text() for r in range(table.rowCount()))
        close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, read_and_close)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    for shortcut in SHORTCUTS:
        assert shortcut.plain_label.rstrip("…") in seen
    assert "Move between agenda items" in seen  # tab-specific keys are listed too


def test_every_shortcut_is_a_menu_command(window):
    in_menus = {
        action.objectName()
        for menu in window.menuBar().findChildren(QMenu)
        for action in menu.actions()
    }
    wanted = {f"action_{s.name}" for s in SHORTCUTS if s.name not in {"undo", "redo"}}
    wanted -= {"action_review_completed", "action_review_update"}  # keys in one list only
    assert wanted <= in_menus


def test_interactive_widgets_have_accessible_names(window):
    missing = []
    for root in (window.navigator, window.agenda_tab, window.tab(TAB_FORWARD_PLAN)):
        for widget in root.findChildren(QWidget):
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
                continue
            if type(widget).__name__ in {"QScrollBar", "QSplitterHandle"}:
                continue
            if widget.parent() is not None and type(widget.parent()).__name__ in {
                "QAbstractSpinBox",
                "QSpinBox",
                "QDateEdit",
            }:
                continue
            if not widget.accessibleName() and not getattr(widget, "text", lambda: "")():
                missing.append(f"{type(widget).__name__} in {type(root).__name__}")
    assert missing == []


def test_new_meeting_from_the_body_defaults(qtbot, window, seeded, db):
    def fill():
        dialog = QApplication.activeModalWidget()
        assert dialog.venue_edit.text() == "MS Teams"
        assert dialog.start_edit.time().toString("HH:mm") == "10:00"
        # Suggested: 11 January 2023, keeping the board's 14-week rhythm.
        assert dialog.date_edit.date().toPython() == dt.date(2023, 1, 11)
        qtbot.keyClicks(dialog.title_edit, "Extraordinary meeting")
        pick_date_weeks_back(qtbot, dialog.date_edit, 5)  # 7 December 2022
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    reactivate(qtbot, window)
    with db.session() as session:
        meeting = session.scalar(select(Meeting).where(Meeting.date == dt.date(2022, 12, 7)))
        assert meeting is not None
        assert meeting.title == "Extraordinary meeting"
        assert meeting.venue == "MS Teams"
        titles = [i.title for i in meeting.items]
    assert titles[0] == "Introductions and apologies"
    assert window.meeting_id == meeting.id
    assert window.agenda_tab.model.rowCount() == len(titles)


def test_forward_plan_add_schedule_and_undo(qtbot, window, seeded, db, monkeypatch):
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    tab = window.tab(TAB_FORWARD_PLAN)

    def fill():
        dialog = QApplication.activeModalWidget()
        qtbot.keyClicks(dialog.title_edit, "Drugs Partnership Profile")
        qtbot.keyClicks(dialog.presenter_edit, "Amolak Tatter")
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(tab.buttons["add"], Qt.MouseButton.LeftButton)
    reactivate(qtbot, window)
    with db.session() as session:
        entry = session.scalar(select(ForwardPlanEntry))
        assert (entry.title, entry.presenter, entry.status) == (
            "Drugs Partnership Profile",
            "Amolak Tatter",
            ForwardPlanStatus.PLANNED,
        )
    qtbot.mouseClick(tab.buttons["schedule"], Qt.MouseButton.LeftButton)
    assert window.current_tab_name() == TAB_AGENDA
    assert window.agenda_tab.current_item().title == "Drugs Partnership Profile"

    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(tab.buttons["delete"], Qt.MouseButton.LeftButton)
    with db.session() as session:
        assert session.scalar(select(ForwardPlanEntry)) is None
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with db.session() as session:
        assert session.scalar(select(ForwardPlanEntry.title)) == "Drugs Partnership Profile"


def test_ctrl_f_searches_and_jumps_to_the_place(qtbot, window, seeded, db):
    tab = window.agenda_tab
    click_row(qtbot, tab.table, 0)
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(tab.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = QApplication.focusWidget()
    assert box is not None and box.accessibleName() == "Search"
    qtbot.keyClicks(box, "profile")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    results = QApplication.focusWidget()
    assert results.accessibleName() == "Search results"
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert window.meeting_id == seeded.june_id
    assert window.current_tab_name() == TAB_AGENDA
    assert tab.current_item().title == "Drugs Partnership Profile"


def test_escape_in_search_returns_to_the_minutes(qtbot, window):
    tab = window.agenda_tab
    click_row(qtbot, tab.table, 0)
    qtbot.mouseClick(tab.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(tab.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert tab.editor.hasFocus()


def test_insert_action_from_another_tab_brings_the_minutes_forward(qtbot, window, db):
    tab = window.agenda_tab
    click_row(qtbot, tab.table, 0)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)
    assert window.current_tab_name() == TAB_AGENDA
    assert tab.editor.hasFocus()
    qtbot.keyClicks(tab.editor, "Andy Opie to circulate the notes")
    item_id = tab.current_item_id()
    qtbot.waitUntil(
        lambda: _text(db, item_id) == "ACTION: Andy Opie to circulate the notes", timeout=1500
    )


def _text(db, item_id):
    with db.session() as session:
        return session.get(AgendaItem, item_id).minutes_text


def drag(qtbot, handle, dx: int) -> None:
    """Drag a splitter handle sideways with the left button held, as a user does."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent

    start = QPointF(handle.rect().center())
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start.toPoint())
    for step in range(1, 6):
        pos = start + QPointF(dx * step / 5, 0)
        move = QMouseEvent(
            QMouseEvent.Type.MouseMove,
            pos,
            handle.mapToGlobal(pos),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(handle, move)
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=(start + QPointF(dx, 0)).toPoint())


def test_items_minutes_split_is_remembered(qtbot, db, clock, seeded, settings_dir):
    first = open_window(qtbot, db, clock, settings_dir)
    splitter = first.agenda_tab.splitter
    assert splitter.orientation() == Qt.Orientation.Horizontal
    before = splitter.sizes()[0]
    drag(qtbot, splitter.handle(1), -150)
    chosen = splitter.sizes()[0]
    assert chosen < before - 100
    first.close()

    second = open_window(qtbot, db, clock, settings_dir)
    assert abs(second.agenda_tab.splitter.sizes()[0] - chosen) <= 2
