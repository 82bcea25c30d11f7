"""The item records panel: decisions, declarations and next-meeting details by keyboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.models import Decision, Declaration, ItemKind, Meeting
from csp_desktop.storage import Database
from csp_desktop.ui.item_records_panel import ItemRecordsPanel
from tests.ui.live_meeting_data import LiveMeeting, build_live_meeting, ui_context


@pytest.fixture
def live(db: Database) -> LiveMeeting:
    with db.transaction() as session:
        return build_live_meeting(session)


@pytest.fixture
def panel(qtbot, db: Database, clock: FakeClock, tmp_path: Path):  # type: ignore[no-untyped-def]
    widget = ItemRecordsPanel(ui_context(db, clock, tmp_path))
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    return widget


def decisions(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Decision.text).order_by(Decision.position)))


def test_sections_follow_the_item_kind(panel: ItemRecordsPanel, live: LiveMeeting) -> None:
    panel.show_item(live.meeting_id, live.item_ids[2], ItemKind.TOPICAL)
    assert panel.decisions_box.isVisible()
    assert not panel.declarations_box.isVisible() and not panel.next_box.isVisible()
    panel.show_item(live.meeting_id, live.item_ids[1], "declarations")
    assert panel.declarations_box.isVisible()
    panel.show_item(None, None, None)
    assert not panel.decisions_box.isVisible()


def test_decisions_typed_edited_and_deleted(
    qtbot, panel: ItemRecordsPanel, live: LiveMeeting, db: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    panel.show_item(live.meeting_id, live.item_ids[2], ItemKind.TOPICAL)
    panel.decision_edit.setFocus()
    qtbot.keyClicks(panel.decision_edit, "The board approved the violence reduction plan.")
    qtbot.keyClick(panel.decision_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.decision_edit, "Funding to be reviewed in March.")
    qtbot.keyClick(panel.decision_edit, Qt.Key.Key_Return)
    assert decisions(db) == [
        "The board approved the violence reduction plan.",
        "Funding to be reviewed in March.",
    ]
    assert panel.decisions_list.count() == 2

    panel.decisions_list.setFocus()
    panel.decisions_list.setCurrentRow(1)
    qtbot.keyClick(panel.decisions_list, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Funding to be reviewed in April.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Funding to be reviewed in April." in decisions(db))

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.decisions_list.setFocus()
    panel.decisions_list.setCurrentRow(0)
    qtbot.keyClick(panel.decisions_list, Qt.Key.Key_Delete)
    assert decisions(db) == ["Funding to be reviewed in April."]


def test_declaration_typed_with_item_and_withdrawal(
    qtbot, panel: ItemRecordsPanel, live: LiveMeeting, db: Database
) -> None:  # type: ignore[no-untyped-def]
    panel.show_item(live.meeting_id, live.item_ids[1], ItemKind.DECLARATIONS)
    panel.declarant_edit.setFocus()
    qtbot.keyClicks(panel.declarant_edit, "Councillor Syed Ghani")
    panel.declarant_edit.completer().popup().hide()
    panel.concerning_combo.setCurrentIndex(panel.concerning_combo.findData(live.item_ids[2]))
    panel.withdrew_check.setFocus()
    qtbot.keyClick(panel.withdrew_check, Qt.Key.Key_Space)
    panel.nature_edit.setFocus()
    qtbot.keyClicks(panel.nature_edit, "Trustee of Lifeline")
    qtbot.keyClick(panel.nature_edit, Qt.Key.Key_Return)
    with db.session() as session:
        declaration = session.scalars(select(Declaration)).one()
        assert declaration.person_id == live.person_ids["Syed Ghani"]
        assert declaration.agenda_item_id == live.item_ids[2]
        assert declaration.nature == "Trustee of Lifeline"
        assert declaration.withdrew is True
    assert panel.declarations_table.item(0, 3).text() == "Yes, left the room"
    # The item it concerns shows the declaration in words.
    panel.show_item(live.meeting_id, live.item_ids[2], ItemKind.TOPICAL)
    assert panel.declared_note.isVisible()
    assert "Councillor Syed Ghani (Trustee of Lifeline; left the room)" in (
        panel.declared_note.text()
    )


def test_declaration_without_nature_is_refused_in_words(
    qtbot, panel: ItemRecordsPanel, live: LiveMeeting, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    panel.show_item(live.meeting_id, live.item_ids[1], ItemKind.DECLARATIONS)
    panel.declarant_edit.setText("Andy Opie")
    qtbot.mouseClick(panel.add_declaration_button, Qt.MouseButton.LeftButton)
    assert shown and "what the interest is" in shown[0]
    assert panel.declarant_edit.text() == "Andy Opie"  # nothing typed is lost


def test_next_meeting_details_saved_as_typed(
    qtbot, panel: ItemRecordsPanel, live: LiveMeeting, db: Database
) -> None:  # type: ignore[no-untyped-def]
    panel.show_item(live.meeting_id, live.item_ids[2], ItemKind.NEXT_MEETING)
    assert panel.next_box.isVisible()
    assert panel.next_date.text() == "Not set"
    panel.next_venue.setFocus()
    qtbot.keyClicks(panel.next_venue, "BLC Conference Room")
    qtbot.keyClick(panel.next_venue, Qt.Key.Key_Return)
    panel.next_chair.setFocus()
    qtbot.keyClicks(panel.next_chair, "Councillor Syed Ghani")
    qtbot.keyClick(panel.next_chair, Qt.Key.Key_Tab)
    with db.session() as session:
        meeting = session.get(Meeting, live.meeting_id)
        assert meeting is not None
        assert meeting.next_venue == "BLC Conference Room"
        assert meeting.next_chair == "Councillor Syed Ghani"
        assert meeting.next_date is None
    panel.next_date.setDate(dt.date(2022, 12, 7))
    panel.next_date.setFocus()
    qtbot.keyClick(panel.next_date, Qt.Key.Key_Return)
    with db.session() as session:
        meeting = session.get(Meeting, live.meeting_id)
        assert meeting is not None and meeting.next_date == dt.date(2022, 12, 7)
    assert panel.next_date.text() == "Wednesday 7 December 2022"


def test_approved_minutes_switch_the_inputs_off(
    panel: ItemRecordsPanel, live: LiveMeeting, db: Database
) -> None:
    from csp_desktop.models import MeetingStatus

    with db.transaction() as session:
        meeting = session.get(Meeting, live.meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.APPROVED
    panel.show_item(live.meeting_id, live.item_ids[2], ItemKind.TOPICAL)
    assert not panel.decision_edit.isEnabled()
    assert panel.decisions_box.isVisible()


def test_an_empty_decisions_list_gives_its_room_to_the_minutes(
    qtbot, panel: ItemRecordsPanel, live: LiveMeeting
) -> None:  # type: ignore[no-untyped-def]
    # In half a screen the empty list took 55 px from a minutes box four lines high.
    panel.show_item(live.meeting_id, live.item_ids[2], ItemKind.TOPICAL)
    assert panel.decisions_list.count() == 0
    assert not panel.decisions_list.isVisible()
    assert panel.decision_edit.isVisible()
    panel.decision_edit.setFocus()
    qtbot.keyClicks(panel.decision_edit, "The board approved the plan.")
    qtbot.keyClick(panel.decision_edit, Qt.Key.Key_Return)
    assert panel.decisions_list.isVisible()
    assert panel.decision_edit.hasFocus()  # the next decision goes straight in


def test_a_wrapped_declaration_note_never_squashes_the_decision_box(
    qtbot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # The splitter sized the panel from its minimum, which left out the note's second
    # line: with the empty list hidden the new-decision box was 8 px high.
    from csp_desktop.services import item_records
    from tests.ui.window_helpers import open_window, seed_partnership

    seeded = seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    item = window.agenda_tab.current_item_id()
    with db.transaction() as session:
        item_records.add_declaration(
            session,
            seeded.october_id,
            "Councillor Thomas Hargreaves",
            agenda_item_id=item,
            nature="Trustee of a local housing charity that bids for the accommodation "
            "service, and chair of its grants panel",
            withdrew=True,
        )
    panel = window.agenda_tab.records_panel
    panel.show_item(seeded.october_id, item, ItemKind.TOPICAL)
    assert panel.declared_note.isVisible()
    qtbot.waitUntil(
        lambda: panel.decision_edit.height() >= panel.decision_edit.minimumSizeHint().height(),
        timeout=3000,
    )
