"""The window's save state while a team database cannot be reached: "Offline — 1 change
waiting; will save when the server is back", then "All changes saved" once it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from csp_desktop.paths import AppPaths
from csp_desktop.services import agenda as agenda_service
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.main_window import (
    MEETING_WAITS_FOR_SERVER_TEXT,
    SAVED_TEXT,
    TAB_WAITS_FOR_SERVER_TEXT,
    MainWindow,
)
from csp_desktop.ui.navigation import TAB_ACTIONS, TAB_ATTENDANCE
from csp_desktop.ui.offline_status import offline_text
from csp_desktop.ui.settings import UiSettings
from tests.factories import make_body, make_meeting
from tests.ui.network_link import Link, link_fixture  # noqa: F401 (the `link` fixture)
from tests.ui.window_helpers import find_by_accessible_name

pytestmark = pytest.mark.slow


def open_window(qtbot: QtBot, link: Link, tmp_path: Path) -> MainWindow:
    """The window on the team database behind the proxy, its first item open."""
    paths = AppPaths(tmp_path / "window", portable=False)
    window = MainWindow(
        UiContext(link.database, link.database.clock, paths), UiSettings(paths.settings_file)
    )
    qtbot.addWidget(window)
    window.show()
    window.open_initial_meeting()
    qtbot.waitUntil(lambda: window.agenda_tab.editor.item_id is not None, timeout=5000)
    return window


def test_offline_text_counts_the_changes() -> None:
    assert offline_text(1) == "Offline — 1 change waiting; will save when the server is back"
    assert offline_text(3).startswith("Offline — 3 changes waiting;")
    assert "0" not in offline_text(0) and "every change so far is saved" in offline_text(0)


def test_the_window_says_offline_while_typing_and_all_saved_when_back(
    qtbot: QtBot, link: Link, tmp_path: Path
) -> None:
    window = open_window(qtbot, link, tmp_path)
    editor = window.agenda_tab.editor
    item_id = editor.item_id
    assert item_id is not None

    link.proxy.cut()
    editor.setFocus()
    QTest.keyClicks(editor, "Typed while the Wi-Fi was down.")
    editor.save()
    qtbot.waitUntil(lambda: window.save_state_text().startswith("Offline"), timeout=5000)
    assert window.save_state_text() == offline_text(1)
    QTest.keyClicks(editor, " And more.")  # typing on never brings back "Saving…"
    editor.save()
    qtbot.wait(50)
    assert window.save_state_text() == offline_text(1)
    window.save_now()  # Ctrl+S: kept here, not "Everything is saved"
    assert window.statusBar().currentMessage() == offline_text(1)
    assert window.save_state_text() == offline_text(1)

    link.proxy.restore()
    qtbot.waitUntil(lambda: window.save_state_text() == SAVED_TEXT, timeout=10000)
    with link.direct.session() as session:
        saved = agenda_service.item_minutes(session, item_id)
    assert saved.endswith("Typed while the Wi-Fi was down. And more.")
    window.flush_all()


def test_a_tab_opened_while_the_server_is_away_waits_for_it_without_a_box(
    qtbot: QtBot, link: Link, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, link, tmp_path)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    boxes: list[str] = []
    for name in ("warning", "critical", "information", "question"):
        # Any box at all would take the note taker's next key.
        monkeypatch.setattr(QMessageBox, name, lambda *args, **_kw: boxes.append(str(args)))

    # The link drops before anything waits to be saved: the read itself fails.
    link.proxy.cut()
    window.tab_widget.setCurrentWidget(window.tabs[TAB_ATTENDANCE])
    assert boxes == []
    assert TAB_WAITS_FOR_SERVER_TEXT in said
    qtbot.waitUntil(lambda: window.context.background.offline, timeout=5000)  # the probe

    # Offline already: the tab does not even try (a dropped link would hold it 10 s).
    window.statusBar().clearMessage()
    said.clear()
    window.tab_widget.setCurrentWidget(window.tabs[TAB_ACTIONS])
    assert boxes == []
    assert TAB_WAITS_FOR_SERVER_TEXT in said

    # The server answers again: the tab on screen reads what it could not.
    link.proxy.restore()
    qtbot.waitUntil(lambda: not window.context.background.offline, timeout=10000)
    qtbot.waitUntil(lambda: TAB_ACTIONS not in window._stale, timeout=5000)
    window.tab_widget.setCurrentWidget(window.tabs[TAB_ATTENDANCE])
    roster = find_by_accessible_name(window.tab(TAB_ATTENDANCE), "Attendance list")
    assert roster.model().rowCount() == 1  # Andy Opie, present
    assert boxes == []
    window.flush_all()


def test_closing_while_the_server_is_away_keeps_the_words_without_a_false_alarm(
    qtbot: QtBot, link: Link, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, link, tmp_path)
    editor = window.agenda_tab.editor
    item_id = editor.item_id
    assert item_id is not None
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *args, **_kw: asked.append(str(args)) or QMessageBox.StandardButton.No,
    )

    link.proxy.cut()
    editor.setFocus()
    QTest.keyClicks(editor, "Typed as the laptop was closed.")
    editor.save()
    qtbot.waitUntil(lambda: window.save_state_text().startswith("Offline"), timeout=5000)
    window.save_now()  # Ctrl+S says where the words are
    assert window.statusBar().currentMessage() == offline_text(1)
    # "The unsaved text will be lost. Close anyway?" would be false: it is in the journal.
    assert window.close()
    assert asked == []

    link.proxy.restore()
    again = UiContext(link.database, link.database.clock, window.context.paths)
    assert again.background.replayed_from_journal == 1
    again.wait_for_background()
    with link.direct.session() as session:
        assert agenda_service.item_minutes(session, item_id).endswith("laptop was closed.")


def test_another_meeting_chosen_while_the_server_is_away_leaves_this_one_open(
    qtbot: QtBot, link: Link, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with link.direct.transaction() as session:
        other_id = make_meeting(
            session, make_body(session, "Other board", short_name="OB"), items=["Welcome"]
        ).id
    window = open_window(qtbot, link, tmp_path)
    editor = window.agenda_tab.editor
    shown_id, item_id = window.meeting_id, editor.item_id
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **_kw: boxes.append(str(args)))

    link.proxy.cut()
    editor.setFocus()
    QTest.keyClicks(editor, "Still typing.")
    window.show_meeting(other_id)  # the meeting list, clicked
    assert (window.meeting_id, editor.item_id) == (shown_id, item_id)
    assert window.statusBar().currentMessage() == MEETING_WAITS_FOR_SERVER_TEXT
    assert editor.toPlainText().endswith("Still typing.")
    assert boxes == []

    link.proxy.restore()
    qtbot.waitUntil(lambda: window.save_state_text() == SAVED_TEXT, timeout=10000)
    window.show_meeting(other_id)
    assert window.meeting_id == other_id
