"""A save based on minutes someone else changed meanwhile never lands silently: the bar
says "Changed by Jo Smith at 10:42 — Reload / Keep mine", answered from the keyboard
without leaving the minutes, and whichever version loses is kept in the item's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.models import LostEdit
from csp_desktop.paths import AppPaths
from csp_desktop.services import minutes as minutes_service
from csp_desktop.storage import Database, open_database
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.minutes_editor import MinutesEditor
from csp_desktop.ui.notice_bar import NoticeBar
from csp_desktop.ui.stale_edit_notice import StaleEditNotice
from tests.factories import make_body, make_meeting

SAMS = "Sam: the sweeps were deferred to January."
JOS = "Jo: weapons sweeps agreed for December."


@dataclass
class Desk:
    editor: MinutesEditor
    bar: NoticeBar
    notice: StaleEditNotice
    context: UiContext
    jo: Database
    item_id: int


@pytest.fixture
def desk(qtbot: QtBot, db: Database, tmp_path: Path) -> Iterator[Desk]:
    with db.transaction() as session:
        meeting = make_meeting(session, make_body(session), items=["Knife crime"])
        item_id = meeting.items[0].id
    db.clock = FakeClock(current=dt.datetime(2026, 12, 6, 10, 45), username="Sam Patel")
    context = UiContext(db, db.clock, AppPaths(tmp_path / "data", False))
    panel = QWidget()
    qtbot.addWidget(panel)
    bar = NoticeBar(panel)
    editor = MinutesEditor(context, panel)
    layout = QVBoxLayout(panel)
    layout.addWidget(bar)
    layout.addWidget(editor)
    notice = StaleEditNotice(editor, bar)
    editor.load_item(item_id)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    editor.setFocus()
    # Jo, on another computer, saves the same item's minutes after Sam opened it.
    jo = open_database(db.url)
    jo.clock = FakeClock(current=dt.datetime(2026, 12, 6, 10, 42), username="Jo Smith")
    with jo.transaction() as session:
        minutes_service.save_minutes(session, item_id, JOS, jo.clock)
    yield Desk(editor, bar, notice, context, jo, item_id)
    context.wait_for_background()
    jo.close()


def lost_values(database: Database) -> list[tuple[str | None, str | None]]:
    with database.session() as session:
        return [(row.value, row.typed_by) for row in session.scalars(select(LostEdit))]


def saved_text(database: Database, item_id: int) -> str:
    with database.session() as session:
        return minutes_service.read_item_minutes(session, item_id).text


def refuse(qtbot: QtBot, desk: Desk) -> None:
    desk.editor.insertPlainText(SAMS)
    with qtbot.waitSignal(desk.editor.stale_refused, timeout=5000):
        desk.editor.save()
    desk.context.wait_for_background()


def test_a_stale_save_shows_who_and_when_and_keeps_the_typing(qtbot: QtBot, desk: Desk) -> None:
    refuse(qtbot, desk)
    assert desk.bar.showing
    assert desk.bar.text().startswith("Changed by Jo Smith at 10:42 — ")
    assert desk.bar.yes_button.text() == "Reload theirs (Alt+Shift+R)"
    assert desk.bar.no_button.text() == "Keep mine (Alt+Shift+K)"
    assert QApplication.focusWidget() is desk.editor  # nothing took the keyboard
    assert desk.editor.toPlainText() == SAMS
    assert saved_text(desk.jo, desk.item_id) == JOS  # not overwritten
    assert lost_values(desk.jo) == [(SAMS, "Sam Patel")]  # the refused text is kept
    # Typing on while the notice shows holds (no retry refused again and again).
    desk.editor.insertPlainText(" More.")
    assert desk.editor.save() is True
    desk.context.wait_for_background()
    assert lost_values(desk.jo) == [(SAMS, "Sam Patel")]


def test_reload_by_key_shows_theirs_and_keeps_mine_in_history(qtbot: QtBot, desk: Desk) -> None:
    refuse(qtbot, desk)
    desk.editor.insertPlainText(" Typed after the refusal.")
    caret = desk.editor.textCursor()
    caret.setPosition(5)
    desk.editor.setTextCursor(caret)
    qtbot.keyClick(
        desk.editor,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert desk.editor.toPlainText() == JOS
    assert desk.editor.textCursor().position() == 5  # the caret did not jump
    assert QApplication.focusWidget() is desk.editor
    assert not desk.bar.showing and desk.editor.stale is None and not desk.editor.is_dirty
    assert (f"{SAMS} Typed after the refusal.", "Sam Patel") in lost_values(desk.jo)
    # Typing on now saves on top of theirs, as normal.
    desk.editor.moveCursor(desk.editor.textCursor().MoveOperation.End)
    desk.editor.insertPlainText(" Sam agrees.")
    assert desk.editor.flush()
    assert saved_text(desk.jo, desk.item_id) == f"{JOS} Sam agrees."


def test_keep_mine_by_key_saves_over_theirs_and_keeps_theirs(qtbot: QtBot, desk: Desk) -> None:
    refuse(qtbot, desk)
    qtbot.keyClick(
        desk.editor,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    desk.context.wait_for_background()
    assert saved_text(desk.jo, desk.item_id) == SAMS
    assert (JOS, "Jo Smith") in lost_values(desk.jo)  # theirs is in the history
    assert (SAMS, "Sam Patel") in lost_values(desk.jo)
    assert desk.editor.stale is None and not desk.editor.is_dirty
    assert QApplication.focusWidget() is desk.editor
    # And the next save is based on the version just saved: not refused.
    desk.editor.insertPlainText(" Jo informed.")
    assert desk.editor.flush()
    assert saved_text(desk.jo, desk.item_id) == f"{SAMS} Jo informed."


def test_the_clock_moving_on_the_same_item_is_not_a_conflict(qtbot: QtBot, desk: Desk) -> None:
    """F6 on the open item bumps its row version but not its minutes: no refusal."""
    from csp_desktop.services import agenda

    desk.editor.reload_theirs()  # now based on Jo's version
    with desk.context.database.transaction() as session:
        agenda.start_item(session, desk.item_id, desk.context.clock)
    desk.editor.moveCursor(desk.editor.textCursor().MoveOperation.End)
    desk.editor.insertPlainText(" Clock running.")
    assert desk.editor.flush()
    assert desk.editor.stale is None
    assert saved_text(desk.jo, desk.item_id).endswith("Clock running.")


def test_leaving_the_item_without_answering_keeps_what_was_typed(qtbot: QtBot, desk: Desk) -> None:
    refuse(qtbot, desk)
    desk.editor.insertPlainText(" And more after the refusal.")
    assert desk.editor.load_item(None)  # moved on: no question, no dialog
    assert (f"{SAMS} And more after the refusal.", "Sam Patel") in lost_values(desk.jo)
    assert saved_text(desk.jo, desk.item_id) == JOS
