"""A window that fits and remembers (issue 11, point 5): first launch maximised on a
laptop screen; layout, meeting and item written within seconds of a change, so a
killed app comes back as it was."""

from __future__ import annotations

from PySide6.QtCore import Qt

from csp_desktop.paths import AppPaths
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.main_window import STATE_SAVE_DELAY_MS, MainWindow
from csp_desktop.ui.settings import UiSettings
from tests.ui.window_helpers import click_row, open_window, seed_partnership


def test_first_launch_is_maximised_on_a_laptop_screen(qtbot, db, clock, tmp_path):
    seed_partnership(db, clock)
    paths = AppPaths(tmp_path / "settings", portable=False)
    window = MainWindow(UiContext(db, clock, paths), UiSettings(paths.settings_file))
    qtbot.addWidget(window)
    assert window.windowState() & Qt.WindowState.WindowMaximized


def test_layout_meeting_and_item_are_saved_without_closing(qtbot, db, clock, tmp_path):
    seeded = seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    click_row(qtbot, window.agenda_tab.table, 1)
    item = window.agenda_tab.current_item_id()
    window.splitter.setSizes([320, 1000])
    window.splitter.splitterMoved.emit(320, 1)
    qtbot.wait(STATE_SAVE_DELAY_MS + 300)  # no close: as if killed now
    written = UiSettings(AppPaths(tmp_path / "settings", portable=False).settings_file)
    where = window.context.database.describe()
    assert written.geometry() is not None
    assert written.splitter_state("main_splitter") is not None
    assert written.last_meeting(where) == seeded.october_id
    assert written.last_item(where) == (seeded.october_id, item)
