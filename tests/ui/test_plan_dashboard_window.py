"""The Plan and Dashboard tabs in the real window: Ctrl+6 and Ctrl+7, built when opened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from csp_desktop.clock import FakeClock
from csp_desktop.storage import Database
from csp_desktop.ui.lazy_tab import LazyTab
from csp_desktop.ui.navigation import TAB_ACTIONS, TAB_DASHBOARD, TAB_PLAN, Place
from tests.ui.window_helpers import open_window, seed_partnership


def test_ctrl_6_and_ctrl_7_open_the_plan_and_the_dashboard(  # type: ignore[no-untyped-def]
    qtbot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    seeded = seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path)
    plan, dashboard = window.tabs[TAB_PLAN], window.tabs[TAB_DASHBOARD]
    # Stand-ins (built now or by the idle warm-up: tests/ui/test_lazy_tabs_window.py).
    assert isinstance(plan, LazyTab) and isinstance(dashboard, LazyTab)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab_name() == TAB_PLAN and plan.inner is not None
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab_name() == TAB_DASHBOARD and dashboard.inner is not None
    inner = dashboard.inner
    assert inner.body_combo.currentData() == seeded.board_id  # type: ignore[attr-defined]
    assert inner.dashboard is not None  # type: ignore[attr-defined]
    # Focus in the first chart (the RAG grid): Down moves within it, the body stays.
    assert QApplication.focusWidget() is inner.rag  # type: ignore[attr-defined]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert inner.body_combo.currentData() == seeded.board_id  # type: ignore[attr-defined]
    # a drill-down's Enter takes the window to the action
    inner.navigate.emit(Place(seeded.june_id, TAB_ACTIONS, action_id=seeded.carried_action_id))  # type: ignore[attr-defined]
    assert window.current_tab_name() == TAB_ACTIONS
    assert window.meeting_id == seeded.june_id


def test_file_menu_exports_the_performance_report(  # type: ignore[no-untyped-def]
    qtbot, db: Database, clock: FakeClock, tmp_path: Path, monkeypatch
) -> None:
    import docx
    from PySide6.QtWidgets import QFileDialog, QMenu

    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path)
    target = tmp_path / "report.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    file_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&File")
    [entry] = [a for a in file_menu.actions() if a.objectName() == "action_export_report"]
    entry.trigger()
    assert window.current_tab_name() == TAB_DASHBOARD
    assert target.exists()
    assert docx.Document(str(target)).paragraphs[0].text == "Community Safety Partnership Board"
    assert any("Performance report saved" in m for m in messages)


def test_keyboard_help_lists_the_new_tabs_keys_before_they_are_opened(  # type: ignore[no-untyped-def]
    qtbot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    from csp_desktop.ui.shortcuts_help import KeyboardShortcutsDialog

    seed_partnership(db, clock)
    window = open_window(qtbot, db, clock, tmp_path)
    dialog = KeyboardShortcutsDialog(window.menuBar(), list(window.tabs.values()), window)
    qtbot.addWidget(dialog)
    rows = [
        tuple(dialog.table.item(r, c).text() for c in range(4))
        for r in range(dialog.table.rowCount())
    ]
    assert (
        "Dashboard",
        "C",
        "Mark a missing report chased (again: not chased)",
        "Subgroup reports chart",
    ) in rows
    assert any(row[0] == "Plan" and row[1] == "Shift+Insert" for row in rows)
    assert any(row[1] == "Ctrl+7" and row[2] == "Dashboard tab" for row in rows)
