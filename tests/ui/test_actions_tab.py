"""The Actions tab driven by keys: filters, inline edits, updates, completion, jumps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLineEdit
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.models import Action, ActionStatus, ActionUpdate, Meeting
from csp_desktop.services.actions import create_action
from csp_desktop.storage import Database
from csp_desktop.ui.action_table_model import ActionTableModel
from csp_desktop.ui.actions_tab import ActionsTab
from csp_desktop.ui.navigation import Place
from tests.factories import make_meeting
from tests.ui.live_meeting_data import LiveMeeting, build_live_meeting, ui_context


@pytest.fixture
def live(db: Database, clock: FakeClock) -> LiveMeeting:
    with db.transaction() as session:
        live = build_live_meeting(session)
        board = session.get(Meeting, live.meeting_id)
        assert board is not None
        earlier = make_meeting(session, board.body, dt.date(2022, 6, 29), items=["Minutes"])
        people = live.person_ids
        create_action(
            session,
            body_id=live.board_id,
            meeting_id=earlier.id,
            item_id=earlier.items[0].id,
            text="Andy Opie to invite Street Space representatives",
            owner_ids=[people["Andy Opie"]],
            due_date=dt.date(2022, 9, 1),
            clock=clock,
        )
        create_action(
            session,
            body_id=live.board_id,
            meeting_id=live.meeting_id,
            item_id=live.item_ids[2],
            text="Stuart Bell to share the knife crime figures",
            owner_ids=[people["Stuart Bell"]],
            clock=clock,
        )
        create_action(
            session,
            body_id=live.board_id,
            meeting_id=live.meeting_id,
            item_id=live.item_ids[2],
            text="Fiona Taylor to arrange fire safety visits",
            owner_ids=[people["Fiona Taylor"]],
            clock=clock,
        )
    return live


@pytest.fixture
def tab(qtbot, db: Database, clock: FakeClock, tmp_path: Path, live: LiveMeeting):  # type: ignore[no-untyped-def]
    widget = ActionsTab(ui_context(db, clock, tmp_path))
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    widget.show_meeting(live.meeting_id)
    return widget


def shown_texts(tab: ActionsTab) -> list[str]:
    return [
        tab.proxy.index(r, ActionTableModel.COL_TEXT).data() for r in range(tab.proxy.rowCount())
    ]


def action_by_text(db: Database, words: str) -> Action:
    with db.session() as session:
        action = session.scalars(select(Action).where(Action.text.contains(words))).one()
        _ = action.owners, action.updates
        return action


def focus_cell(qtbot, tab: ActionsTab, words: str, column: int) -> None:  # type: ignore[no-untyped-def]
    row = next(r for r, text in enumerate(shown_texts(tab)) if words in text)
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.proxy.index(row, column))


def test_this_meeting_by_default_then_all_with_overdue_in_words(qtbot, tab: ActionsTab) -> None:  # type: ignore[no-untyped-def]
    assert tab.accessibleName() == "Actions"
    assert tab.scope_combo.currentText() == "This meeting (raised or carried)"
    assert sorted(shown_texts(tab)) == [
        "Fiona Taylor to arrange fire safety visits",
        "Stuart Bell to share the knife crime figures",
    ]
    tab.scope_combo.setFocus()
    qtbot.keyClick(tab.scope_combo, Qt.Key.Key_End)  # "All actions"
    assert len(shown_texts(tab)) == 3
    assert tab.count_label.text() == "3 of 3 actions shown; 1 overdue"
    row = next(r for r, t in enumerate(shown_texts(tab)) if "Street Space" in t)
    status = tab.proxy.index(row, ActionTableModel.COL_STATUS)
    assert status.data() == "Open (Overdue)"
    assert status.data(Qt.ItemDataRole.BackgroundRole) is not None
    qtbot.keyClick(tab.scope_combo, Qt.Key.Key_Up)  # "Overdue"
    assert shown_texts(tab) == ["Andy Opie to invite Street Space representatives"]


def test_search_box_filters_as_you_type(qtbot, tab: ActionsTab) -> None:  # type: ignore[no-untyped-def]
    tab.search_edit.setFocus()
    qtbot.keyClicks(tab.search_edit, "knife")
    assert shown_texts(tab) == ["Stuart Bell to share the knife crime figures"]
    tab.search_edit.clear()
    qtbot.keyClicks(tab.search_edit, "fiona")  # owners are searched too
    assert shown_texts(tab) == ["Fiona Taylor to arrange fire safety visits"]


def test_owner_filter(qtbot, tab: ActionsTab) -> None:  # type: ignore[no-untyped-def]
    index = tab.owner_combo.findText("Stuart Bell")
    assert index > 0
    tab.owner_combo.setCurrentIndex(index)
    assert shown_texts(tab) == ["Stuart Bell to share the knife crime figures"]


def test_status_edited_in_the_cell_with_f2(qtbot, tab: ActionsTab, db: Database) -> None:  # type: ignore[no-untyped-def]
    focus_cell(qtbot, tab, "knife crime", ActionTableModel.COL_STATUS)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QComboBox)
    qtbot.keyClick(editor, Qt.Key.Key_Down)  # In progress
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on the next turn of the event loop.
    qtbot.waitUntil(lambda: action_by_text(db, "knife crime").status is ActionStatus.IN_PROGRESS)
    action = action_by_text(db, "knife crime")
    assert any(u.status_to is ActionStatus.IN_PROGRESS for u in action.updates)


def test_due_date_edited_in_the_cell(qtbot, tab: ActionsTab, db: Database) -> None:  # type: ignore[no-untyped-def]
    focus_cell(qtbot, tab, "fire safety", ActionTableModel.COL_DUE)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QDateEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # starts at the clock's today
    qtbot.waitUntil(lambda: action_by_text(db, "fire safety").due_date is not None)
    assert action_by_text(db, "fire safety").due_date == dt.date(2022, 10, 5)
    due_cell = next(
        tab.proxy.index(r, ActionTableModel.COL_DUE).data()
        for r, t in enumerate(shown_texts(tab))
        if "fire safety" in t
    )
    assert due_cell == "5 Oct 2022"


def test_owners_edited_in_the_cell(qtbot, tab: ActionsTab, db: Database) -> None:  # type: ignore[no-untyped-def]
    focus_cell(qtbot, tab, "fire safety", ActionTableModel.COL_OWNERS)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Chris Lyons, Fiona Taylor and partners")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(action_by_text(db, "fire safety").owners) == 2)
    action = action_by_text(db, "fire safety")
    assert [p.name for p in action.owners] == ["Chris Lyons", "Fiona Taylor"]
    assert action.other_owners == "partners"
    owners_cell = next(
        tab.proxy.index(r, ActionTableModel.COL_OWNERS).data()
        for r, t in enumerate(shown_texts(tab))
        if "fire safety" in t
    )
    assert owners_cell == "Chris Lyons, Fiona Taylor and partners"


def test_ctrl_u_adds_an_update_shown_in_the_history(qtbot, tab: ActionsTab, db: Database) -> None:  # type: ignore[no-untyped-def]
    focus_cell(qtbot, tab, "knife crime", ActionTableModel.COL_REFERENCE)
    qtbot.keyClick(tab.table, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert tab.update_edit.hasFocus()
    qtbot.keyClicks(tab.update_edit, "Figures circulated to the board")
    qtbot.keyClick(tab.update_edit, Qt.Key.Key_Return)
    with db.session() as session:
        texts = session.scalars(select(ActionUpdate.text)).all()
    assert "Figures circulated to the board" in texts
    history = [
        tab.history_model.index(r, tab.history_model.COL_WHAT).data()
        for r in range(tab.history_model.rowCount())
    ]
    assert history[-1] == "Figures circulated to the board"
    # (Read from the model: a narrow table leaves the latest-update column out of view.)
    latest = next(
        tab.model.index(
            tab.proxy.mapToSource(tab.proxy.index(r, 0)).row(), ActionTableModel.COL_LATEST
        ).data()
        for r, t in enumerate(shown_texts(tab))
        if "knife" in t
    )
    assert latest == "Figures circulated to the board"


def test_ctrl_shift_c_marks_completed(qtbot, tab: ActionsTab, db: Database) -> None:  # type: ignore[no-untyped-def]
    focus_cell(qtbot, tab, "fire safety", ActionTableModel.COL_REFERENCE)
    qtbot.keyClick(
        tab.table,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    action = action_by_text(db, "fire safety")
    assert action.status is ActionStatus.COMPLETED
    assert action.completed_on == dt.date(2022, 10, 5)
    assert not tab.complete_button.isEnabled()


def test_mark_completed_button(qtbot, tab: ActionsTab, db: Database) -> None:  # type: ignore[no-untyped-def]
    focus_cell(qtbot, tab, "knife crime", ActionTableModel.COL_REFERENCE)
    qtbot.mouseClick(tab.complete_button, Qt.MouseButton.LeftButton)
    assert action_by_text(db, "knife crime").status is ActionStatus.COMPLETED


def test_show_place_reveals_a_filtered_out_action(qtbot, tab: ActionsTab, db: Database) -> None:  # type: ignore[no-untyped-def]
    old = action_by_text(db, "Street Space")
    tab.show_place(Place(None, "actions", action_id=old.id))
    selected = tab.selected_row()
    assert selected is not None and selected.id == old.id
    assert tab.scope_combo.currentText() == "All actions"


def test_go_to_item_emits_a_place(qtbot, tab: ActionsTab, live: LiveMeeting) -> None:  # type: ignore[no-untyped-def]
    focus_cell(qtbot, tab, "knife crime", ActionTableModel.COL_REFERENCE)
    with qtbot.waitSignal(tab.navigate) as signal:
        qtbot.keyClick(
            tab.table,
            Qt.Key.Key_G,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    place = signal.args[0]
    assert place == Place(live.meeting_id, "agenda", agenda_item_id=live.item_ids[2])


# "actions" is what the minutes' ACTION sync says (minutes_editor, save_delivery): only
# this tab's own writes are old news to it.
@pytest.mark.parametrize("topic", ["agenda", "actions"])
def test_reloads_when_other_tabs_change_actions(
    qtbot, tab: ActionsTab, db: Database, clock: FakeClock, live: LiveMeeting, topic: str
) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        create_action(
            session,
            body_id=live.board_id,
            meeting_id=live.meeting_id,
            item_id=live.item_ids[2],
            text="Chris Lyons to book the venue",
            owner_ids=[live.person_ids["Chris Lyons"]],
            clock=clock,
        )
    tab.context.data_changed.emit(topic)
    qtbot.waitUntil(lambda: "Chris Lyons to book the venue" in shown_texts(tab))


def test_this_meeting_includes_actions_carried_in_for_review(
    qtbot, db: Database, clock: FakeClock, tmp_path: Path, live: LiveMeeting
) -> None:  # type: ignore[no-untyped-def]
    from csp_desktop.models import ActionReview

    old = action_by_text(db, "Street Space")
    with db.transaction() as session:
        session.add(ActionReview(meeting_id=live.meeting_id, action_id=old.id, position=1))
    widget = ActionsTab(ui_context(db, clock, tmp_path))
    qtbot.addWidget(widget)
    widget.show()
    widget.show_meeting(live.meeting_id)
    assert sorted(shown_texts(widget)) == [
        "Andy Opie to invite Street Space representatives",
        "Fiona Taylor to arrange fire safety visits",
        "Stuart Bell to share the knife crime figures",
    ]


def test_filter_bar_fits_half_a_screen_without_clipping(qtbot, tab: ActionsTab) -> None:  # type: ignore[no-untyped-def]
    # The tab's share of a 960 px wide window (beside the meetings list).
    tab.resize(680, 900)
    qtbot.waitUntil(lambda: tab.width() == 680)
    assert tab.minimumSizeHint().width() <= 680
    for combo in (tab.scope_combo, tab.status_combo):
        assert combo.width() >= combo.sizeHint().width(), combo.accessibleName()
    label = tab.count_label
    assert label.width() >= label.sizeHint().width()
    assert label.mapTo(tab, label.rect().topRight()).x() <= tab.width()


def test_completing_an_action_someone_changed_meanwhile_says_who_and_keeps_both(  # type: ignore[no-untyped-def]
    qtbot, tab: ActionsTab, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: the row shown carries its version; a change made elsewhere since is not
    overwritten, no dialog opens, the status bar says who and when, theirs is shown."""
    from csp_desktop.services.actions import set_action_status
    from csp_desktop.storage import open_database
    from csp_desktop.ui import user_errors

    dialogs: list[object] = []
    monkeypatch.setattr(user_errors, "show_error", lambda *args: dialogs.append(args))
    messages: list[str] = []
    tab.status_message.connect(messages.append)
    focus_cell(qtbot, tab, "knife crime", ActionTableModel.COL_REFERENCE)
    action_id = action_by_text(db, "knife crime").id
    jo = open_database(db.url)
    jo.clock = FakeClock(current=dt.datetime(2022, 10, 5, 10, 42), username="Jo Smith")
    with jo.transaction() as session:
        set_action_status(session, action_id, ActionStatus.DROPPED, jo.clock)
    jo.close()
    qtbot.mouseClick(tab.complete_button, Qt.MouseButton.LeftButton)
    assert dialogs == []
    assert any(m.startswith("Changed by Jo Smith at 10:42") for m in messages), messages
    assert action_by_text(db, "knife crime").status is ActionStatus.DROPPED
    qtbot.waitUntil(
        lambda: tab.selected_row() is not None and tab.selected_row().status is ActionStatus.DROPPED
    )  # type: ignore[union-attr]
    with db.session() as session:
        from csp_desktop.models import LostEdit

        kept = [(e.table_name, e.field, e.value) for e in session.scalars(select(LostEdit))]
    assert ("action", "status", "completed") in kept


def test_ctrl_3_lands_in_the_actions_list_so_down_moves_through_actions(  # type: ignore[no-untyped-def]
    qtbot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    from tests.ui.window_helpers import open_window, seed_partnership

    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    window.agenda_tab.focus_minutes_end()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    tab = window.tab("actions")
    assert isinstance(tab, ActionsTab)
    shown = tab.scope_combo.currentText()
    # Down in the "Show" filter (the first stop before) switched to another list of actions.
    assert QApplication.focusWidget() is tab.table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert tab.scope_combo.currentText() == shown
