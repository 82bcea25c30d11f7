"""Two copies of the app on one SQLite file: the note taker's holds the writer lock, a
colleague's opened it read-only. What the note taker saves, the read-only window shows
within a few seconds (it polls the file: SQLite has no NOTIFY), its scroll kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from csp_desktop.clock import FakeClock
from csp_desktop.paths import AppPaths
from csp_desktop.services import agenda, minutes
from csp_desktop.services.change_feed import FileChangePoller
from csp_desktop.storage import Database, open_database
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.main_window import MainWindow
from csp_desktop.ui.settings import UiSettings
from tests.ui.window_helpers import seed_partnership


def test_a_read_only_window_shows_what_the_writer_saves(
    qtbot: QtBot, db: Database, db_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    seeded = seed_partnership(db, clock)
    viewer = open_database(db_path, read_only=True)
    paths = AppPaths(tmp_path / "settings", portable=False)
    window = MainWindow(
        UiContext(viewer, clock, paths, read_only=True), UiSettings(paths.settings_file)
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.open_initial_meeting()
    try:
        listener = window.live_refresh.listener
        assert isinstance(listener, FileChangePoller)
        qtbot.waitUntil(listener.listening.is_set, timeout=5000)
        tab = window.agenda_tab
        assert window.meeting_id == seeded.october_id
        rows_before = tab.model.rowCount()
        item_id = tab.current_item_id()
        assert item_id is not None and tab.editor.isReadOnly()
        writer_clock = FakeClock(current=dt.datetime(2022, 10, 5, 10, 42), username="Jo Smith")
        with db.transaction() as session:
            minutes.save_minutes(session, item_id, "Jo: knife arches at two schools.", writer_clock)
            agenda.add_item(session, seeded.october_id, agenda.ItemSpec("Hate crime"), writer_clock)
        qtbot.waitUntil(lambda: tab.model.rowCount() == rows_before + 1, timeout=5000)
        qtbot.waitUntil(
            lambda: tab.editor.toPlainText() == "Jo: knife arches at two schools.", timeout=5000
        )
        assert tab.current_item_id() == item_id
    finally:
        window.close()
        viewer.close()


def test_a_window_holding_the_file_polls_nothing(
    qtbot: QtBot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    """The writer is the file's only writer: its own saves would only make it refresh."""
    from tests.ui.window_helpers import open_window

    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    assert window.live_refresh.listener is None
    window.close()
