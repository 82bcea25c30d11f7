"""Two copies of the app on one PostgreSQL database: what one writes, the other shows
within two seconds (LISTEN/NOTIFY), without moving its user's caret, selection or scroll;
an item someone else is minuting is read-only under "Being minuted by Jo Smith", its text
updated live, and free to type in once they leave it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from csp_desktop.clock import FakeClock
from csp_desktop.services import agenda, edit_leases, minutes
from csp_desktop.services.edit_leases import Holder
from csp_desktop.storage import Database, open_database
from csp_desktop.ui.main_window import MainWindow
from tests.ui.window_helpers import open_window, seed_partnership

JO = Holder("Jo Smith", "jo-laptop")
SAMS_NOTES = "Sam: the strategy consultation closes in November.\n" * 3


@dataclass
class Team:
    window: MainWindow  # Sam's
    sam: Database
    jo: Database
    meeting_id: int
    item_ids: list[int]


@pytest.fixture
def team(qtbot: QtBot, postgres_url: str, tmp_path: Path) -> Iterator[Team]:
    sam = open_database(postgres_url)
    sam.clock = FakeClock(current=dt.datetime(2022, 10, 5, 10, 40), username="Sam Patel")
    seeded = seed_partnership(sam, sam.clock)
    with sam.transaction() as session:
        agenda.add_item(session, seeded.october_id, agenda.ItemSpec("Knife crime"), sam.clock)
        item_ids = [row.id for row in agenda.list_items(session, seeded.october_id)]
    window = open_window(qtbot, sam, sam.clock, tmp_path / "settings")
    listener = window.live_refresh.listener
    assert listener is not None
    qtbot.waitUntil(listener.listening.is_set, timeout=5000)
    jo = open_database(postgres_url)
    jo.clock = FakeClock(current=dt.datetime(2022, 10, 5, 10, 42), username="Jo Smith")
    yield Team(window, sam, jo, seeded.october_id, item_ids)
    window.close()
    jo.close()
    sam.close()


def select_in_editor(window: MainWindow, start: int, end: int) -> None:
    editor = window.agenda_tab.editor
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def test_an_item_added_elsewhere_appears_without_moving_the_caret(qtbot: QtBot, team: Team) -> None:
    tab = team.window.agenda_tab
    first = team.item_ids[0]
    assert tab.select_item(first)
    tab.focus_minutes()
    tab.editor.insertPlainText(SAMS_NOTES)
    assert tab.editor.flush()
    select_in_editor(team.window, 5, 12)
    rows_before = tab.model.rowCount()
    with team.jo.transaction() as session:
        agenda.add_item(session, team.meeting_id, agenda.ItemSpec("Hate crime"), team.jo.clock)
    qtbot.waitUntil(lambda: tab.model.rowCount() == rows_before + 1, timeout=2000)
    cursor = tab.editor.textCursor()
    assert (cursor.anchor(), cursor.position()) == (5, 12)  # caret and selection kept
    assert tab.editor.toPlainText().endswith(SAMS_NOTES)
    assert tab.current_item_id() == first
    assert QApplication.focusWidget() is tab.editor


def test_an_item_being_minuted_elsewhere_is_read_only_and_updates_live(
    qtbot: QtBot, team: Team
) -> None:
    tab = team.window.agenda_tab
    theirs = team.item_ids[-1]
    long_text = "Jo: knife arches at two schools." + "\nThe panel discussed it." * 80
    with team.jo.transaction() as session:
        edit_leases.take_lease(session, theirs, JO, team.jo.clock)
        minutes.save_minutes(session, theirs, long_text, team.jo.clock)
    assert tab.select_item(theirs)
    qtbot.waitUntil(tab.editor.isReadOnly, timeout=2000)  # asked on the background writer
    assert tab.lease_label.isVisible()
    assert tab.lease_label.text().startswith("Being minuted by Jo Smith")
    qtbot.waitUntil(lambda: tab.editor.toPlainText() == long_text, timeout=2000)
    tab.focus_minutes()
    select_in_editor(team.window, 4, 10)
    tab.editor.verticalScrollBar().setValue(tab.editor.verticalScrollBar().maximum() // 2)
    scroll = tab.editor.verticalScrollBar().value()
    assert scroll > 0
    with team.jo.transaction() as session:
        minutes.save_minutes(session, theirs, long_text + "\nA third in March.", team.jo.clock)
    qtbot.waitUntil(lambda: tab.editor.toPlainText().endswith("A third in March."), timeout=2000)
    cursor = tab.editor.textCursor()
    assert (cursor.anchor(), cursor.position()) == (4, 10)
    assert tab.editor.verticalScrollBar().value() == scroll
    assert tab.editor.isReadOnly()
    # Jo leaves the item: Sam may type in it at once, on top of Jo's words.
    with team.jo.transaction() as session:
        edit_leases.release_lease(session, theirs, JO)
    qtbot.waitUntil(lambda: not tab.editor.isReadOnly(), timeout=2000)
    assert not tab.lease_label.isVisible()
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    tab.editor.insertPlainText(" Sam: agreed.")
    assert tab.editor.flush()
    with team.jo.session() as session:
        assert minutes.read_item_minutes(session, theirs).text.endswith("March. Sam: agreed.")
        holder = edit_leases.lease_holder(session, theirs, JO, team.jo.clock)
    assert holder is not None and holder.holder_name == "Sam Patel"


def test_leaving_the_item_and_closing_release_the_lease(qtbot: QtBot, team: Team) -> None:
    tab = team.window.agenda_tab
    first, second = team.item_ids[0], team.item_ids[-1]
    assert tab.select_item(first)
    team.window.context.wait_for_background()
    with team.jo.session() as session:
        holder = edit_leases.lease_holder(session, first, JO, team.jo.clock)
    assert holder is not None and holder.holder_name == "Sam Patel"
    with team.jo.transaction() as session:
        assert not edit_leases.take_lease(session, first, JO, team.jo.clock).mine
    assert tab.select_item(second)
    team.window.context.wait_for_background()
    with team.jo.transaction() as session:
        assert edit_leases.take_lease(session, first, JO, team.jo.clock).mine
    team.window.close()
    with team.jo.session() as session:
        assert edit_leases.lease_holder(session, second, JO, team.jo.clock) is None
