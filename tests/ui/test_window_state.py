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

    # F8 opens the next item without a click: it is written down too.
    qtbot.keyClick(window, Qt.Key.Key_F8)
    moved_to = window.agenda_tab.current_item_id()
    assert moved_to != item
    qtbot.wait(STATE_SAVE_DELAY_MS + 300)
    written.sync()
    assert written.last_item(where) == (seeded.october_id, moved_to)


def test_actions_tab_at_laptop_width_shows_status_whole_and_the_full_text(
    qtbot, db, clock, tmp_path
):
    from csp_desktop.services import actions as actions_service
    from csp_desktop.ui.action_table_model import STATUS_LABELS, ActionTableModel

    seeded = seed_partnership(db, clock)
    long_text = (
        "Amolak Tatter to share the Drugs Partnership Profile with every partner, with "
        "a covering note on the three hotspots and the next steps agreed today"
    )
    with db.transaction() as session:
        actions_service.create_action(
            session,
            body_id=seeded.board_id,
            meeting_id=seeded.october_id,
            item_id=None,
            text=long_text,
            owner_ids=[seeded.person_ids["Amolak Tatter"]],
            clock=clock,
        )
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    tab = window.tab("actions")
    table = tab.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=3000)
    metrics = table.fontMetrics()
    needed = max(metrics.horizontalAdvance(f"{s} (Overdue)") for s in STATUS_LABELS.values())
    assert table.columnWidth(ActionTableModel.COL_STATUS) >= needed
    # Every visible column fits in the table: nothing is cut off at the right.
    visible = [c for c in range(table.model().columnCount()) if not table.isColumnHidden(c)]
    assert sum(table.columnWidth(c) for c in visible) <= table.viewport().width() + 2
    for row in range(table.model().rowCount()):
        if long_text in str(table.model().index(row, ActionTableModel.COL_TEXT).data()):
            table.selectRow(row)
    assert long_text in tab.history_label.text()  # the detail pane has every word
