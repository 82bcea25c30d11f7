"""The Attendance tab driven by keys and clicks, checked against the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.models import Attendance, AttendanceRole, AttendanceStatus, Person
from csp_desktop.storage import Database
from csp_desktop.ui.attendance_tab import AttendanceTab
from tests.ui.live_meeting_data import LiveMeeting, build_live_meeting, ui_context


@pytest.fixture
def live(db: Database) -> LiveMeeting:
    with db.transaction() as session:
        return build_live_meeting(session, quorum=3)


@pytest.fixture
def tab(qtbot, db: Database, clock: FakeClock, tmp_path: Path, live: LiveMeeting):  # type: ignore[no-untyped-def]
    widget = AttendanceTab(ui_context(db, clock, tmp_path))
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    widget.show_meeting(live.meeting_id)
    return widget


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text)
    )
    return shown


def statuses(db: Database, meeting_id: int) -> dict[str, AttendanceStatus]:
    with db.session() as session:
        rows = session.execute(
            select(Person, Attendance.status)
            .join(Attendance, Attendance.person_id == Person.id)
            .where(Attendance.meeting_id == meeting_id)
        ).all()
        return {person.name: status for person, status in rows}


def test_keys_mark_each_row_and_move_down(qtbot, tab: AttendanceTab, db: Database, live) -> None:  # type: ignore[no-untyped-def]
    assert tab.accessibleName() == "Attendance"
    assert "P" in tab.legend.text() and "apologies" in tab.legend.text()
    tab.table.setFocus()
    # Roster order is by surname: Bell, Ghani, Lyons, Opie, Taylor.
    for key in (Qt.Key.Key_P, Qt.Key.Key_P, Qt.Key.Key_A, Qt.Key.Key_X, Qt.Key.Key_P):
        qtbot.keyClick(tab.table, key)
    assert statuses(db, live.meeting_id) == {
        "Stuart Bell": AttendanceStatus.PRESENT,
        "Syed Ghani": AttendanceStatus.PRESENT,
        "Chris Lyons": AttendanceStatus.APOLOGIES,
        "Andy Opie": AttendanceStatus.ABSENT,
        "Fiona Taylor": AttendanceStatus.PRESENT,
    }
    assert tab.counts_label.text() == "In the room: 3 of 5 members, 0 others"
    assert tab.quorum_label.text() == "Quorate: 3 of quorum 3"


def test_up_then_key_remarks_and_quorum_turns_red_in_words(
    qtbot, tab: AttendanceTab, db: Database, live
) -> None:  # type: ignore[no-untyped-def]
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_P)
    qtbot.keyClick(tab.table, Qt.Key.Key_P)
    assert tab.quorum_label.text() == "NOT QUORATE: 2 of quorum 3"
    assert "background-color" in tab.quorum_label.styleSheet()
    qtbot.keyClick(tab.table, Qt.Key.Key_Up)
    qtbot.keyClick(tab.table, Qt.Key.Key_A)  # Ghani sends apologies after all
    assert statuses(db, live.meeting_id)["Syed Ghani"] is AttendanceStatus.APOLOGIES
    assert tab.counts_label.text() == "In the room: 1 of 5 members, 0 others"


def test_late_arrival_and_early_departure_keys(
    qtbot, tab: AttendanceTab, db: Database, live, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    tab.table.setFocus()
    clock.advance(minutes=20)
    qtbot.keyClick(tab.table, Qt.Key.Key_L)
    clock.advance(minutes=60)
    qtbot.keyClick(tab.table, Qt.Key.Key_E)
    with db.session() as session:
        record = session.scalars(
            select(Attendance).where(Attendance.person_id == live.person_ids["Stuart Bell"])
        ).one()
        assert record.status is AttendanceStatus.PRESENT
        assert record.arrived_at is not None and record.arrived_at.strftime("%H:%M") == "10:20"
        assert record.left_at is not None and record.left_at.strftime("%H:%M") == "11:20"
    times = tab.model.index(0, tab.model.COL_TIMES).data()
    assert times == "Arrived 10:20; left 11:20"
    assert tab.counts_label.text().startswith("In the room: 0 of 5 members")


def test_additional_attendee_typed_with_new_organisation(
    qtbot, tab: AttendanceTab, db: Database, live
) -> None:  # type: ignore[no-untyped-def]
    tab.add_edit.setFocus()
    qtbot.keyClicks(tab.add_edit, "Ilirjeta Buzoku, Community Safety Team")
    tab.completer.popup().hide()
    qtbot.keyClick(tab.add_edit, Qt.Key.Key_Return)
    assert tab.add_edit.text() == ""
    with db.session() as session:
        person = session.scalars(select(Person).where(Person.first_name == "Ilirjeta")).one()
        assert person.organisation is not None
        assert person.organisation.name == "Community Safety Team"
        record = session.scalars(select(Attendance).where(Attendance.person_id == person.id)).one()
        assert record.is_member is False and record.status is AttendanceStatus.ADDITIONAL
    assert tab.counts_label.text() == "In the room: 0 of 5 members, 1 other"
    # The new person and organisation are now offered by the completer.
    assert "Ilirjeta Buzoku, Community Safety Team" in tab.completer_model.stringList()


def test_completer_offers_known_people_and_organisations(qtbot, tab: AttendanceTab) -> None:  # type: ignore[no-untyped-def]
    tab.add_edit.setFocus()
    qtbot.keyClicks(tab.add_edit, "Opie")
    assert "Andy Opie, London Borough of Barking and Dagenham" in tab.completer_model.stringList()
    qtbot.keyClicks(tab.add_edit, ", Met")
    offered = tab.completer_model.stringList()
    assert "Opie, Metropolitan Police Service" in offered


def test_role_combo_sets_chair_and_substitute(
    qtbot, tab: AttendanceTab, db: Database, live
) -> None:  # type: ignore[no-untyped-def]
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)  # Ghani
    index = tab.role_combo.findText("Chair")
    tab.role_combo.setFocus()
    tab.role_combo.setCurrentIndex(index)
    tab.role_combo.activated.emit(index)
    tab.add_edit.setFocus()
    qtbot.keyClicks(tab.add_edit, "Gary Jones, Metropolitan Police Service")
    tab.completer.popup().hide()
    qtbot.keyClick(tab.add_edit, Qt.Key.Key_Return)
    substitute = tab.role_combo.findText("Substitute for Fiona Taylor")
    assert substitute > 0
    tab.role_combo.setCurrentIndex(substitute)
    tab.role_combo.activated.emit(substitute)
    with db.session() as session:
        roles = {
            a.person.name: (a.role, a.substitute_for_id)
            for a in session.scalars(
                select(Attendance).where(Attendance.meeting_id == live.meeting_id)
            )
        }
    assert roles["Syed Ghani"] == (AttendanceRole.CHAIR, None)
    assert roles["Gary Jones"] == (AttendanceRole.SUBSTITUTE, live.person_ids["Fiona Taylor"])
    role_cells = [
        tab.model.index(r, tab.model.COL_ROLE).data() for r in range(tab.model.rowCount())
    ]
    assert "Chair" in role_cells and "Substitute for Fiona Taylor" in role_cells


def test_delete_on_a_member_explains_and_keeps_them(
    qtbot, tab: AttendanceTab, db: Database, live, warnings: list[str]
) -> None:  # type: ignore[no-untyped-def]
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert warnings and "mark them absent" in warnings[0]
    assert len(statuses(db, live.meeting_id)) == 5


def test_no_meeting_disables_the_tab(tab: AttendanceTab) -> None:
    tab.show_meeting(None)
    assert not tab.table.isEnabled()
    assert tab.counts_label.text() == "No meeting selected"


def test_members_missing_from_the_list_are_added_by_button(
    qtbot, tab: AttendanceTab, db: Database, live
) -> None:  # type: ignore[no-untyped-def]
    assert not tab.add_members_button.isVisible()
    with db.transaction() as session:
        from csp_desktop.models import Body
        from tests.factories import add_member, make_person

        board = session.get(Body, live.board_id)
        assert board is not None
        add_member(session, board, make_person(session, "Zahid Iqbal"))
    tab.show_meeting(live.meeting_id)
    assert tab.add_members_button.isVisible()
    assert tab.add_members_button.text() == "Add 1 member from the roster"
    qtbot.mouseClick(tab.add_members_button, Qt.MouseButton.LeftButton)
    assert statuses(db, live.meeting_id)["Zahid Iqbal"] is AttendanceStatus.UNMARKED
    assert not tab.add_members_button.isVisible()


def test_in_the_window_ctrl_2_then_keys_mark_attendance(
    qtbot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Shift+T reaches the list of whichever tab shows (Attendance and Actions both
    use it; only the visible tab's fires), then P marks the first member."""
    from tests.ui.window_helpers import open_window, seed_partnership

    seeded = seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    attendance = window.tab("attendance")
    assert isinstance(attendance, AttendanceTab)
    target = window.focusWidget() or window
    qtbot.keyClick(
        target,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(attendance.table.hasFocus)
    first = attendance.model.row_at(0)
    assert first is not None
    qtbot.keyClick(attendance.table, Qt.Key.Key_P)
    assert statuses(db, seeded.october_id)[first.name.removeprefix("Councillor ")] is (
        AttendanceStatus.PRESENT
    )
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    actions = window.tab("actions")
    target = window.focusWidget() or window
    qtbot.keyClick(
        target,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(actions.table.hasFocus)  # type: ignore[attr-defined]


def test_approved_minutes_show_the_list_read_only(
    qtbot, db: Database, clock: FakeClock, tmp_path: Path, live: LiveMeeting
) -> None:  # type: ignore[no-untyped-def]
    from csp_desktop.models import Meeting, MeetingStatus

    with db.transaction() as session:
        meeting = session.get(Meeting, live.meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.APPROVED
    widget = AttendanceTab(ui_context(db, clock, tmp_path))
    qtbot.addWidget(widget)
    widget.show()
    widget.show_meeting(live.meeting_id)
    assert "approved" in widget.legend.text()
    assert not widget.add_edit.isEnabled() and not widget.role_combo.isEnabled()
    widget.table.setFocus()
    with qtbot.waitSignal(widget.status_message):
        qtbot.keyClick(widget.table, Qt.Key.Key_P)
    assert set(statuses(db, live.meeting_id).values()) == {AttendanceStatus.UNMARKED}


def test_a_mark_made_elsewhere_meanwhile_is_not_overwritten(  # type: ignore[no-untyped-def]
    qtbot, tab: AttendanceTab, db: Database, live, warnings: list[str]
) -> None:
    """Issue 16: the row shown carries its version; someone else's mark since is kept,
    the status bar says who and when (no dialog), and theirs is shown."""
    import datetime as dt

    from csp_desktop.models import LostEdit
    from csp_desktop.services import attendance as attendance_service
    from csp_desktop.storage import open_database

    messages: list[str] = []
    tab.status_message.connect(messages.append)
    tab.table.setFocus()
    row = tab.current_row()
    assert row is not None and row.name.endswith("Bell")
    jo = open_database(db.url)
    jo.clock = FakeClock(current=dt.datetime(2022, 10, 5, 10, 42), username="Jo Smith")
    with jo.transaction() as session:
        attendance_service.mark(session, row.id, AttendanceStatus.APOLOGIES)
    jo.close()
    qtbot.keyClick(tab.table, Qt.Key.Key_P)
    assert warnings == []
    assert statuses(db, live.meeting_id)["Stuart Bell"] is AttendanceStatus.APOLOGIES
    assert any(m.startswith("Changed by Jo Smith at 10:42") for m in messages), messages
    qtbot.waitUntil(lambda: tab.model.row_at(0).status is AttendanceStatus.APOLOGIES)
    with db.session() as session:
        kept = [(e.table_name, e.value) for e in session.scalars(select(LostEdit))]
    assert kept == [("attendance", "present")]


def test_ctrl_2_lands_in_the_list_so_p_marks_the_first_person(  # type: ignore[no-untyped-def]
    qtbot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    # At the real window Ctrl+2 then P did nothing: focus was on "Import attendance
    # list…", where Space or Enter would have opened a file dialog instead.
    from PySide6.QtWidgets import QApplication

    from tests.ui.window_helpers import open_window, seed_partnership

    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    window.agenda_tab.focus_minutes_end()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    tab = window.tab("attendance")
    assert isinstance(tab, AttendanceTab)
    assert QApplication.focusWidget() is tab.table
    first = tab.model.row_at(0)
    assert first is not None
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P)
    with db.session() as session:
        status = session.get(Attendance, first.id)
        assert status is not None and status.status == AttendanceStatus.PRESENT


def test_the_room_counts_are_never_cut_off_in_half_a_screen(qtbot, tab: AttendanceTab) -> None:  # type: ignore[no-untyped-def]
    # At 683 px "In the room: 10 of 15 members (including 1 substitute), 4 others" lost its
    # end behind the quorum and the import button.
    from PySide6.QtCore import QRect

    tab.setFixedWidth(560)  # the window's half screen leaves the tab no more
    label = tab.counts_label
    # The demo board's wording (this small meeting's is shorter).
    label.setText("In the room: 10 of 15 members (including 1 substitute), 4 others")
    qtbot.waitUntil(lambda: tab.width() == 560, timeout=2000)
    qtbot.wait(50)
    area = label.contentsRect()
    flags = int(Qt.TextFlag.TextWordWrap) if label.wordWrap() else 0
    room = QRect(0, 0, area.width(), 10_000)
    needed = label.fontMetrics().boundingRect(room, flags, label.text())
    assert needed.width() <= area.width() and needed.height() <= area.height()
