"""Taking a meeting offline and bringing it back from the window, by keys only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from csp_desktop.clock import FakeClock
from csp_desktop.models import AgendaItem, LostEdit
from csp_desktop.services import agenda, minutes
from csp_desktop.services.offline_merge import Conflict
from csp_desktop.storage import Database, open_database
from csp_desktop.ui.offline_dialogs import ConflictDialog, bring_back_offline
from tests.ui.window_helpers import open_window, reactivate, seed_partnership


def conflict(field: str, mine: str, theirs: str) -> Conflict:
    return Conflict("agenda_item", (7,), field, "Item 4 Youth ASB", "", mine, theirs)


def test_the_conflict_dialog_is_driven_by_keys_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    conflicts = [
        conflict("minutes_text", "Typed on the train.", "Typed in the office."),
        conflict("presenter", "Andy", "Paul"),
        conflict("title", "Youth ASB", "Youth ASB update"),
    ]
    dialog = ConflictDialog("CSP Board, Wednesday 5 October 2022", conflicts, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    focus = dialog.list
    assert dialog.mine.toPlainText() == "Typed on the train."
    assert dialog.theirs.toPlainText() == "Typed in the office."

    qtbot.keyClick(focus, Qt.Key.Key_Return)  # nothing chosen yet: stays open
    assert dialog.isVisible() and dialog.status.text() == "3 still to choose."
    qtbot.keyClick(focus, Qt.Key.Key_M)  # keep offline, move on to the next
    assert dialog.list.currentRow() == 1 and dialog.mine.toPlainText() == "Andy"
    qtbot.keyClick(focus, Qt.Key.Key_T)
    assert dialog.list.item(0).text().endswith("minutes: keep offline")
    assert dialog.list.item(1).text().endswith("presenter: keep server")
    qtbot.keyClick(focus, Qt.Key.Key_Up)
    qtbot.keyClick(focus, Qt.Key.Key_T)  # changed my mind about the minutes
    qtbot.keyClick(focus, Qt.Key.Key_M, Qt.KeyboardModifier.ShiftModifier)  # all: offline
    assert dialog.status.text() == "All chosen: Enter brings it back."
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    assert dialog.result() == ConflictDialog.DialogCode.Accepted
    assert dialog.choices == {c.ident: "mine" for c in conflicts}


def test_escape_leaves_everything_as_it_was(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ConflictDialog("CSP Board", [conflict("title", "A", "B")], None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.list, Qt.Key.Key_M)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    assert dialog.result() == ConflictDialog.DialogCode.Rejected


def test_take_offline_and_bring_back_with_a_conflict_from_the_window(
    qtbot,  # type: ignore[no-untyped-def]
    db: Database,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seeded = seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    window.request_meeting(seeded.october_id)
    with db.session() as session:
        item_id = agenda.list_items(session, seeded.october_id)[0].id
    copy = tmp_path / "train.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    qtbot.keyClick(window, Qt.Key.Key_F11, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(copy.exists)

    laptop = open_database(copy)
    with laptop.transaction() as session:
        minutes.save_minutes(session, item_id, "Typed on the train.", FakeClock(username="jo"))
    laptop.close()
    window.context.write(minutes.save_minutes, item_id, "Typed in the office.", clock)

    def keep_server_version() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ConflictDialog)
        qtbot.keyClick(dialog.list, Qt.Key.Key_T)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    reactivate(qtbot, window)
    QTimer.singleShot(0, keep_server_version)
    qtbot.keyClick(window, Qt.Key.Key_F12, Qt.KeyboardModifier.ControlModifier)

    with db.session() as session:
        assert session.get_one(AgendaItem, item_id).minutes_text == "Typed in the office."
        lost = session.query(LostEdit).one()
        assert (lost.value, lost.typed_by) == ("Typed on the train.", clock.user())


def test_a_refusal_is_a_notice_beside_the_work_not_a_modal_box(
    qtbot,  # type: ignore[no-untyped-def]
    db: Database,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    missing = tmp_path / "never taken.db"
    assert bring_back_offline(window.context, window, missing) is None
    assert QApplication.activeModalWidget() is None
    notices = [
        box
        for box in window.findChildren(QMessageBox)
        if box.isVisible() and box.windowTitle() == "Meeting not brought back"
    ]
    assert len(notices) == 1 and "does not exist" in notices[0].text()
