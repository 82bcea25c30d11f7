"""The Dashboard tab: charts with figures, text alternatives, keyboard drill-down."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from csp_desktop.clock import FakeClock
from csp_desktop.storage import Database
from csp_desktop.ui.dashboard_tab import DashboardTab
from csp_desktop.ui.navigation import TAB_ACTIONS, TAB_SUBGROUP_REPORTS, Place
from tests.services.dashboard_archive import build_archive
from tests.ui.live_meeting_data import ui_context


@pytest.fixture
def tab(qtbot, db: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        archive = build_archive(session)
        board_meeting = archive.boards[-1].id
    clock = FakeClock(dt.datetime(2023, 3, 1, 9, 0))
    widget = DashboardTab(ui_context(db, clock, tmp_path))
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    widget.show()
    widget.show_meeting(board_meeting)
    return widget


def test_charts_show_figures_and_describe_them(tab: DashboardTab) -> None:
    assert tab.dashboard is not None
    assert tab.body_combo.currentText() == "Community Safety Partnership Board"
    [board_row] = [r for r in tab.by_body.rows if r.label == "Community Safety Partnership Board"]
    assert board_row.numbers == "12 open (9 overdue), 0 completed"
    assert "The Council: 4 open, 3 overdue, 4 completed" in (
        tab.by_organisation.accessibleDescription()
    )
    assert tab.rag.cells[0][0].letter == "G" and tab.rag.cells[0][0].word == "Green"
    assert "R red, A amber, G green" in tab.rag.key_text
    for chart in tab.charts:
        assert chart.accessibleDescription(), chart.accessibleName()
        assert tab.summaries[chart].text() == chart.accessibleDescription()


def test_enter_on_a_bar_lists_its_actions_and_enter_opens_one(qtbot, tab: DashboardTab) -> None:  # type: ignore[no-untyped-def]
    chart = tab.by_organisation
    chart.setFocus()
    # first row (The Council): on time, overdue, completed; Right twice = completed
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.selected_text() == "The Council: 3 overdue"
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert tab.details.count() == 3
    assert tab.details.hasFocus() or tab.details.currentRow() == 0
    assert "Ann Chair" in tab.details.item(0).text()
    with qtbot.waitSignal(tab.navigate) as signal:
        qtbot.keyClick(tab.details, Qt.Key.Key_Return)
    place = signal.args[0]
    assert isinstance(place, Place) and place.tab == TAB_ACTIONS and place.action_id


def test_a_click_on_a_rag_cell_lists_the_reports(qtbot, tab: DashboardTab) -> None:  # type: ignore[no-untyped-def]
    grid = tab.rag
    line = grid._line()
    header = int(grid.width() * grid.HEADER_SHARE)
    qtbot.mouseClick(
        grid,
        Qt.MouseButton.LeftButton,
        pos=grid.rect().topLeft().__class__(header + 5, 2 * line + 5),
    )
    assert grid.current == (0, 0)
    assert tab.details.item(0).text().startswith("Wednesday 20 April 2022: VAWG: Written, Green")
    with qtbot.waitSignal(tab.navigate) as signal:
        tab.details.itemActivated.emit(tab.details.item(0))
    assert signal.args[0].tab == TAB_SUBGROUP_REPORTS


def test_c_marks_a_missing_report_chased(qtbot, tab: DashboardTab) -> None:  # type: ignore[no-untyped-def]
    grid = tab.reporting
    grid.setFocus()
    row = grid.row_labels.index("IVOLT")
    grid.current = (row, 0)
    assert grid.selected_cell().letter == "N"  # type: ignore[union-attr]
    qtbot.keyClick(grid, Qt.Key.Key_C)
    assert tab.reporting.cells[row][0].letter == "NC"
    assert tab.reporting.cells[row][0].word == "None (chased)"
    qtbot.keyClick(tab.reporting, Qt.Key.Key_C)
    assert tab.reporting.cells[row][0].letter == "N"


def test_dashboard_code_stays_off_the_start_up_path() -> None:
    import subprocess

    code = (
        "import sys; import csp_desktop.ui.main_window; "
        "print(any(m in sys.modules for m in ('csp_desktop.ui.dashboard_tab', "
        "'csp_desktop.ui.plan_tab', 'csp_desktop.ui.charts', 'csp_desktop.services.dashboard')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.strip() == "False"


def test_every_control_shows_whole_in_half_a_screen(qtbot, tab: DashboardTab) -> None:  # type: ignore[no-untyped-def]
    # In a 683 px window "Figures in words under each chart" was cut to "Figures in word".
    from PySide6.QtWidgets import QAbstractButton

    tab.setFixedWidth(660)
    qtbot.waitUntil(lambda: tab.width() == 660, timeout=2000)
    qtbot.wait(50)
    for button in tab.findChildren(QAbstractButton):
        if button.isVisible() and button.parentWidget() is tab:
            assert button.geometry().right() < tab.width(), button.text()
            assert button.width() >= button.sizeHint().width(), button.text()
