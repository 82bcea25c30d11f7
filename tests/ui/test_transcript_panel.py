"""The transcript in the window, driven with real keys: import, read beside the minutes,
accept or dismiss suggested actions, match speakers, pre-fill attendance."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from sqlalchemy import select

from csp_desktop.models import (
    Action,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    SuggestionStatus,
    TranscriptSuggestion,
    TranscriptTurn,
)
from csp_desktop.services import transcripts
from csp_desktop.services.minutes import approve_minutes
from tests.conftest import FIXTURES
from tests.transcript_samples import board_attendees, write_attendance_list
from tests.ui.window_helpers import click_row, open_window, seed_partnership

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def seeded(db, clock):
    return seed_partnership(db, clock)


@pytest.fixture
def window(qtbot, db, clock, seeded, tmp_path):
    return open_window(qtbot, db, clock, tmp_path / "settings")


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))


def notices(window) -> list[str]:
    return [
        box.text() + "\n" + box.informativeText()
        for box in window.findChildren(QMessageBox, "transcript_notice")
        if box.isVisible()
    ]


def busiest_item(db) -> int:
    with db.session() as session:
        counts = Counter(session.scalars(select(TranscriptTurn.agenda_item_id)))
    return counts.most_common(1)[0][0]


def import_labelled(qtbot, window, monkeypatch, tmp_path) -> None:
    path = tmp_path / "board call.vtt"
    shutil.copy(FIXTURES / "transcript-labelled.vtt", path)
    choose_file(monkeypatch, path)
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(notices(window)))


def select_item(qtbot, tab, item_id: int) -> None:
    for row in range(tab.model.rowCount()):
        if tab.model.index(row, 0).data(Qt.ItemDataRole.UserRole) == item_id:
            click_row(qtbot, tab.table, tab.proxy.mapFromSource(tab.model.index(row, 0)).row())
            return
    raise LookupError(item_id)


def test_import_then_accept_and_dismiss_suggestions_with_keys(
    qtbot, window, db, monkeypatch, tmp_path
) -> None:
    import_labelled(qtbot, window, monkeypatch, tmp_path)
    assert "Imported" in notices(window)[0] and "board call.vtt" in notices(window)[0]
    tab = window.agenda_tab
    select_item(qtbot, tab, busiest_item(db))
    panel = tab.transcript_panel
    assert panel.isVisible()
    assert "Ghani, Syed (Cllr, LBBD)" in panel.turns_view.toPlainText() or "Syed Ghani" in (
        panel.turns_view.toPlainText()
    )
    assert panel.turns_view.isReadOnly()
    waiting = panel.suggestions.count()
    assert waiting >= 1

    qtbot.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)
    assert panel.suggestions.hasFocus()
    line = panel.suggestions.currentItem().data(Qt.ItemDataRole.UserRole + 1)
    qtbot.keyClick(panel.suggestions, Qt.Key.Key_Return)
    assert tab.editor.toPlainText().endswith(line)
    assert panel.suggestions.count() == waiting - 1
    assert panel.suggestions.hasFocus()  # ready for the next one
    item_id = tab.current_item_id()
    qtbot.waitUntil(
        lambda: _actions_raised_in(db, item_id) == 1, timeout=3000
    )  # the editor's autosave synced the ACTION line
    if panel.suggestions.count():
        qtbot.keyClick(panel.suggestions, Qt.Key.Key_Delete)
        with db.session() as session:
            statuses = Counter(s.status for s in session.scalars(select(TranscriptSuggestion)))
        assert statuses[SuggestionStatus.ACCEPTED] == 1
        assert statuses[SuggestionStatus.DISMISSED] == 1
        assert _actions_raised_in(db, item_id) == 1  # dismissing adds nothing


def _actions_raised_in(db, item_id: int) -> int:
    with db.session() as session:
        return len(session.scalars(select(Action).where(Action.raised_at_item_id == item_id)).all())


def test_a_speaker_is_matched_once_for_the_whole_transcript(
    qtbot, window, db, monkeypatch, tmp_path, seeded
) -> None:
    import_labelled(qtbot, window, monkeypatch, tmp_path)
    tab = window.agenda_tab
    select_item(qtbot, tab, busiest_item(db))
    panel = tab.transcript_panel
    labels = [
        panel.speakers.item(r).data(Qt.ItemDataRole.UserRole) for r in range(panel.speakers.count())
    ]
    assert "Speaker 1 (Room)" in labels
    assert "Opie, Andy (LBBD)" not in labels  # matched to Andy Opie on the roster
    panel.speakers.setCurrentRow(labels.index("Speaker 1 (Room)"))
    panel.person_combo.setCurrentIndex(panel.person_combo.findText("Chris Lyons"))
    qtbot.mouseClick(panel.map_button, Qt.MouseButton.LeftButton)
    with db.session() as session:
        people = set(
            session.scalars(
                select(TranscriptTurn.person_id).where(
                    TranscriptTurn.speaker_label == "Speaker 1 (Room)"
                )
            )
        )
    assert people == {seeded.person_ids["Chris Lyons"]}


def test_a_bad_file_gets_one_plain_sentence(qtbot, window, monkeypatch, tmp_path) -> None:
    bad = tmp_path / "minutes.vtt"
    bad.write_text("These are not cues.")
    choose_file(monkeypatch, bad)
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(notices(window)))
    [text] = notices(window)
    assert "not a WebVTT transcript" in text and "Traceback" not in text
    assert not window.agenda_tab.transcript_panel.isVisible()


def test_the_attendance_list_button_prefills_the_marks(
    qtbot, window, db, monkeypatch, tmp_path, seeded
) -> None:
    path = write_attendance_list(tmp_path / "attendance.csv", board_attendees(), utf16_tabs=True)
    choose_file(monkeypatch, path)
    window.tab_widget.setCurrentWidget(window.tabs["attendance"])
    attendance = window.tab("attendance")
    qtbot.mouseClick(attendance.attendance_list_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(notices(window)))
    with db.session() as session:
        andy = session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == seeded.october_id,
                Attendance.person_id == seeded.person_ids["Andy Opie"],
            )
        ).one()
        assert andy.status is AttendanceStatus.PRESENT
    assert "Not matched to anyone" in notices(window)[0]
    assert attendance.table.hasFocus()
    [box] = [b for b in window.findChildren(QMessageBox, "transcript_notice") if b.isVisible()]
    add = box.findChild(QPushButton, "add_unmatched_button")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    with db.session() as session:
        names = {
            a.person.name
            for a in session.scalars(
                select(Attendance).where(Attendance.meeting_id == seeded.october_id)
            )
        }
    assert {"Helen Marsh", "Daniel Okafor", "Visitor Guest"} <= names
    qtbot.waitUntil(lambda: any("Added:" in text for text in notices(window)))
    for box in window.findChildren(QMessageBox, "transcript_notice"):
        box.close()
    # The same from the keyboard: Ctrl+Shift+W (File › Import attendance list…).
    qtbot.keyClick(window, Qt.Key.Key_W, CTRL_SHIFT)
    qtbot.waitUntil(lambda: len(notices(window)) == 1)


def test_after_retention_the_panel_says_when_the_transcript_went(
    qtbot, window, db, monkeypatch, tmp_path, seeded, clock
) -> None:
    import_labelled(qtbot, window, monkeypatch, tmp_path)
    with db.transaction() as session:
        meeting = session.get(Meeting, seeded.october_id)
        meeting.status = MeetingStatus.MINUTES_DRAFTED
        transcripts.set_retention(session, seeded.board_id, delete_when_approved=True)
        approve_minutes(session, seeded.october_id, clock)
    panel = window.agenda_tab.transcript_panel
    panel.show_item(seeded.october_id, None, read_only=True)
    assert panel.isVisible() and not panel.turns_view.isVisible()
    assert "deleted on 05/10/2022" in panel.heading.text()
    assert "board call.vtt" in panel.heading.text()
