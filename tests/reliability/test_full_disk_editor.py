"""A full disk while the note taker types: the words stay on screen, the reason is shown in
plain words, and everything is saved once there is room again."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from csp_desktop.clock import FakeClock
from csp_desktop.paths import AppPaths
from csp_desktop.storage import open_database
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.minutes_editor import MinutesEditor
from tests.factories import make_body, make_meeting

SAVED = "Councillor Ghani welcomed everyone."


def saved_text(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return str(connection.execute("SELECT minutes_text FROM agenda_item").fetchone()[0])


def test_disk_full_keeps_the_text_on_screen_and_saves_when_there_is_room(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "csp.db"
    database = open_database(path)
    with database.transaction() as session:
        meeting = make_meeting(session, make_body(session), dt.date(2022, 10, 5), items=["Intro"])
        meeting.items[0].minutes_text = SAVED
        item_id = meeting.items[0].id

    disk_full = True

    @event.listens_for(database.engine, "connect")
    def no_room(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        if disk_full:  # SQLite answers SQLITE_FULL exactly as on a full disk
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    database.engine.dispose()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warnings.append(text))
    context = UiContext(database, FakeClock(), AppPaths(tmp_path / "data", False))
    editor = MinutesEditor(context)
    qtbot.addWidget(editor)
    statuses: list[str] = []
    editor.status_message.connect(statuses.append)
    notices: list[str] = []
    editor.notice.connect(notices.append)
    editor.load_item(item_id)
    editor.show()

    typed = " The strategic assessment was noted." + " More detail." * 8000
    editor.insertPlainText(typed)
    assert editor.flush() is False
    assert editor.toPlainText() == SAVED + typed  # nothing typed is lost from the screen
    assert saved_text(path) == SAVED  # and nothing saved earlier was harmed
    # Said over the minutes, not in a dialog the next typed letter would answer.
    assert notices and "the disk is full" in notices[0] and not warnings
    assert any(s.startswith("NOT SAVED") for s in statuses)

    disk_full = False  # the officer frees some space
    database.engine.dispose()
    assert editor.flush() is True
    assert saved_text(path) == SAVED + typed
    database.close()
