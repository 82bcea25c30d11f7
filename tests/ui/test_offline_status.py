"""The window's save state while a team database cannot be reached: "Offline — 1 change
waiting; will save when the server is back", then "All changes saved" once it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from csp_desktop.paths import AppPaths
from csp_desktop.services import agenda as agenda_service
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.main_window import SAVED_TEXT, MainWindow
from csp_desktop.ui.offline_status import offline_text
from csp_desktop.ui.settings import UiSettings
from tests.ui.network_link import Link, link_fixture  # noqa: F401 (the `link` fixture)

pytestmark = pytest.mark.slow


def test_offline_text_counts_the_changes() -> None:
    assert offline_text(1) == "Offline — 1 change waiting; will save when the server is back"
    assert offline_text(3).startswith("Offline — 3 changes waiting;")


def test_the_window_says_offline_while_typing_and_all_saved_when_back(
    qtbot: QtBot, link: Link, tmp_path: Path
) -> None:
    paths = AppPaths(tmp_path / "window", portable=False)
    window = MainWindow(
        UiContext(link.database, link.database.clock, paths), UiSettings(paths.settings_file)
    )
    qtbot.addWidget(window)
    window.show()
    window.open_initial_meeting()
    editor = window.agenda_tab.editor
    qtbot.waitUntil(lambda: editor.item_id is not None, timeout=5000)
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
