"""A board meeting from start to finish, as the note taker runs it: keyboard first.

Create the meeting, mark attendance, start the clock, type minutes with two ACTION
lines, see both actions with their owners, edit one line (same record), delete the
other (asked first), move between items with the shortcut, close, reopen the file and
find every word. Assertions are on the database and on what the screens display.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import select

from csp_desktop.models import Action, AgendaItem, Attendance, AttendanceStatus, Meeting
from csp_desktop.services import agenda
from csp_desktop.storage import open_database
from csp_desktop.ui.navigation import TAB_ACTIONS, TAB_AGENDA, TAB_ATTENDANCE
from tests.ui.window_helpers import (
    click_row,
    find_by_accessible_name,
    open_window,
    pick_date_weeks_back,
    reactivate,
    seed_partnership,
)

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def type_lines(qtbot, editor, *lines: str) -> None:
    for n, line in enumerate(lines):
        if n:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, line)


def actions_of(db, item_id):
    with db.session() as session:
        found = session.scalars(
            select(Action).where(Action.raised_at_item_id == item_id).order_by(Action.id)
        ).all()
        return [(a.id, a.text, sorted(p.name for p in a.owners)) for a in found]


@pytest.mark.slow
def test_a_meeting_from_start_to_finish(qtbot, db, db_path, clock, tmp_path, monkeypatch):
    seed_partnership(db, clock)
    clock.current = dt.datetime(2022, 12, 7, 9, 55)
    window = open_window(qtbot, db, clock, tmp_path / "settings")

    # 1. New meeting (Ctrl+N) for today: the board's rhythm suggests 11 January 2023,
    # five weeks on in the calendar.
    def create():
        dialog = QApplication.activeModalWidget()
        pick_date_weeks_back(qtbot, dialog.date_edit, 5)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, create)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    reactivate(qtbot, window)
    with db.session() as session:
        meeting = session.scalar(select(Meeting).where(Meeting.date == dt.date(2022, 12, 7)))
        meeting_id = meeting.id
        items = agenda.list_items(session, meeting_id)
    assert window.meeting_id == meeting_id

    # 2. Attendance by keyboard: P marks present and moves down; A on the last member.
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.current_tab_name() == TAB_ATTENDANCE
    roster = find_by_accessible_name(window.tabs[TAB_ATTENDANCE], "Attendance list")
    click_row(qtbot, roster, 0, 0)
    for _ in range(5):
        qtbot.keyClick(roster, Qt.Key.Key_P)
    qtbot.keyClick(roster, Qt.Key.Key_A)
    with db.session() as session:
        marks = {
            a.person.name: a.status
            for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))
        }
    assert marks == {
        "Syed Ghani": AttendanceStatus.PRESENT,
        "Chris Lyons": AttendanceStatus.PRESENT,
        "Andy Opie": AttendanceStatus.PRESENT,
        "Amolak Tatter": AttendanceStatus.PRESENT,
        "Paul Waller": AttendanceStatus.APOLOGIES,
    }

    # 3. Back to the agenda, start the meeting and type.
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    tab = window.agenda_tab
    editor = tab.editor
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL_SHIFT)  # go to the minutes
    assert editor.hasFocus()
    clock.current = dt.datetime(2022, 12, 7, 10, 0)
    qtbot.keyClick(editor, Qt.Key.Key_F5)
    qtbot.keyClicks(editor, "Councillor Ghani welcomed everyone. Apologies from Paul Waller.")
    clock.advance(minutes=2)
    qtbot.keyClick(editor, Qt.Key.Key_Right, CTRL_ALT)
    qtbot.keyClicks(editor, "No declarations of interest to note.")
    clock.advance(minutes=1)
    qtbot.keyClick(editor, Qt.Key.Key_F8)
    qtbot.keyClicks(editor, "The minutes of 5 October were agreed as a correct record.")
    clock.advance(minutes=9)
    qtbot.keyClick(editor, Qt.Key.Key_F8)
    discussion_id = tab.current_item_id()
    assert discussion_id == items[3].id
    type_lines(
        qtbot,
        editor,
        "Partners discussed the strategic assessment.",
        "ACTION: Andy Opie to invite Street Space to the next board.",
        "ACTION: Chris Lyons and Amolak Tatter to share the hotspot data by January.",
    )

    # 4. Both lines become actions within a second, with the right owners.
    qtbot.waitUntil(lambda: len(actions_of(db, discussion_id)) == 2, timeout=5000)
    (andy_id, andy_text, andy_owners), (chris_id, _, chris_owners) = actions_of(db, discussion_id)
    assert andy_owners == ["Andy Opie"]
    assert chris_owners == ["Amolak Tatter", "Chris Lyons"]
    assert "invite Street Space" in andy_text

    # ... and the Actions tab lists them.
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.current_tab_name() == TAB_ACTIONS
    actions_list = find_by_accessible_name(window.tabs[TAB_ACTIONS], "Actions list")

    def shown() -> list[str]:
        model = actions_list.model()
        return [
            " | ".join(str(model.index(r, c).data() or "") for c in range(model.columnCount()))
            for r in range(model.rowCount())
        ]

    # The writer's "actions changed" notice may still be queued when the tab opens; the
    # tab then reloads on the next turn of the event loop, which a user never sees.
    qtbot.waitUntil(
        lambda: any("invite Street Space" in row and "Andy Opie" in row for row in shown()),
        timeout=2000,
    )
    assert any("hotspot data" in row and "Chris Lyons" in row for row in shown())
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)

    # 5. Edit the first ACTION line: the same record changes, nothing is duplicated.
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    qtbot.keyClick(editor, Qt.Key.Key_End)
    for _ in range(len("next board.")):
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, "March board.")
    qtbot.waitUntil(lambda: "March board" in actions_of(db, discussion_id)[0][1], timeout=5000)
    assert [a[0] for a in actions_of(db, discussion_id)] == [andy_id, chris_id]

    # 6. Delete the second ACTION line: no question, a notice over the minutes; the
    # record goes when the note taker moves on with the line still gone.
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("no dialog while typing"))
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    editor.flush()
    assert "removed with its line" in tab.notice_bar.label.text()
    assert len(actions_of(db, discussion_id)) == 2  # kept until the item is left
    clock.advance(minutes=14)
    qtbot.keyClick(editor, Qt.Key.Key_Right, CTRL_ALT)  # moving on settles it at once
    assert [a[0] for a in actions_of(db, discussion_id)] == [andy_id]

    # 7. Previous item with the shortcut: its clock resumes, its text is there.
    qtbot.keyClick(editor, Qt.Key.Key_Left, CTRL_ALT)
    assert tab.current_item_id() == discussion_id
    assert editor.toPlainText().endswith("to invite Street Space to the March board.")
    with db.session() as session:
        running = [r.id for r in agenda.list_items(session, meeting_id) if r.is_running]
    assert running == [discussion_id]
    qtbot.keyClicks(editor, " (added after the break)")

    # 8. Close, reopen the file, and every word is there.
    window.close()
    db.close()
    reopened = open_database(db_path)
    try:
        with reopened.session() as session:
            texts = {
                i.id: i.minutes_text
                for i in session.scalars(
                    select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
                )
            }
            action = session.get(Action, andy_id)
            # The words added to the line went to the same record on close.
            assert action.text.endswith("March board. (added after the break)")
    finally:
        reopened.close()
    assert texts[items[0].id] == "Councillor Ghani welcomed everyone. Apologies from Paul Waller."
    assert texts[items[1].id] == "No declarations of interest to note."
    assert texts[items[2].id] == "The minutes of 5 October were agreed as a correct record."
    assert texts[discussion_id] == (
        "Partners discussed the strategic assessment.\n"
        "ACTION: Andy Opie to invite Street Space to the March board. (added after the break)"
    )


def test_reopening_shows_the_meeting_left_open(qtbot, db, clock, tmp_path):
    seeded = seed_partnership(db, clock)
    first = open_window(qtbot, db, clock, tmp_path / "settings")
    tree = first.navigator.tree
    june = first.navigator.model.index_of_meeting(seeded.june_id)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(june).center())
    first.close()
    clock.advance(days=1)  # nothing today or coming: the meeting last worked on
    second = open_window(qtbot, db, clock, tmp_path / "settings")
    assert second.meeting_id == seeded.june_id
    assert second.current_tab_name() == TAB_AGENDA
