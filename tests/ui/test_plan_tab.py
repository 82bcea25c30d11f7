"""The Plan tab, driven by keyboard: plans, priorities, milestones, linked actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.models import Action, Milestone, MilestoneStatus, Priority
from csp_desktop.storage import Database
from csp_desktop.ui.plan_tab import PlanTab
from tests.services.dashboard_archive import build_archive
from tests.ui.live_meeting_data import ui_context


@pytest.fixture
def tab(qtbot, db: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        build_archive(session)
    widget = PlanTab(ui_context(db, FakeClock(dt.datetime(2022, 10, 5, 9, 0)), tmp_path))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_meeting(None)
    return widget


def test_plan_priorities_and_owners_are_listed(tab: PlanTab) -> None:
    assert tab.plan_list.count() == 1
    assert tab.plan_list.item(0).text() == "2022-2023\n2 priorities"
    top = tab.tree.topLevelItem(0)
    assert top.text(0) == ("1. Violence against women and girls (owned by VAWG; 0 linked actions)")
    assert tab.editor.currentWidget() is tab.plan_page


def test_insert_adds_a_priority_typed_and_saved_by_keyboard(
    qtbot, tab: PlanTab, db: Database
) -> None:  # type: ignore[no-untyped-def]
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Insert)
    assert tab.priority_title.hasFocus()
    qtbot.keyClicks(tab.priority_title, "Reducing re-offending")
    qtbot.keyClick(tab.priority_title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with db.session() as session:
        titles = session.scalars(select(Priority.title).order_by(Priority.number)).all()
    assert titles[-1] == "Reducing re-offending"
    assert tab.tree.topLevelItem(2).text(0).startswith("3. Reducing re-offending (owned by")


def test_shift_insert_adds_a_milestone_with_owner_and_status(
    qtbot, tab: PlanTab, db: Database
) -> None:  # type: ignore[no-untyped-def]
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0))
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)
    assert tab.milestone_text.hasFocus()
    qtbot.keyClicks(tab.milestone_text, "Survivors' panel set up")
    tab.milestone_owner.setText("Women's Aid")
    tab.milestone_status.setCurrentIndex(tab.milestone_status.findData(MilestoneStatus.IN_PROGRESS))
    qtbot.keyClick(tab.milestone_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with db.session() as session:
        milestone = session.scalars(select(Milestone)).one()
        assert (milestone.text, milestone.owner, milestone.status) == (
            "Survivors' panel set up",
            "Women's Aid",
            MilestoneStatus.IN_PROGRESS,
        )
    child = tab.tree.topLevelItem(0).child(0)
    assert child.text(0) == "Milestone: Survivors' panel set up" and child.text(1) == "In progress"
    # Delete removes it again
    tab.tree.setCurrentItem(child)
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Delete)
    with db.session() as session:
        assert session.scalars(select(Milestone)).all() == []


def test_ctrl_l_links_an_action_by_reference(
    qtbot, tab: PlanTab, db: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        reference = session.scalars(select(Action.reference).order_by(Action.id)).first()
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (reference, True))
    tab.tree.setCurrentItem(tab.tree.topLevelItem(1))
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    top = tab.tree.topLevelItem(1)
    assert top.child(0).text(0).startswith(f"Action {reference}")
    assert top.text(0).endswith("1 linked action)")


def test_a_refused_edit_keeps_what_was_typed(qtbot, tab: PlanTab) -> None:  # type: ignore[no-untyped-def]
    messages: list[str] = []
    tab.status_message.connect(messages.append)
    tab.year_from.setValue(2030)
    tab.plan_title.setText("Typed title")
    tab.save()
    assert messages == ["A plan cannot end before it starts."]
    assert tab.plan_title.text() == "Typed title"


def test_half_a_screen_leaves_the_priorities_column_readable(qtbot, tab: PlanTab) -> None:  # type: ignore[no-untyped-def]
    # At 683 px the fixed Status, Due and Owner widths left "Milestone: C…" (135 px).
    tab.setFixedWidth(660)
    qtbot.waitUntil(lambda: tab.width() == 660, timeout=2000)
    qtbot.wait(100)
    viewport = tab.tree.viewport().width()
    assert tab.tree.columnWidth(0) >= viewport * 2 // 5
    assert sum(tab.tree.columnWidth(c) for c in range(4)) <= viewport + 2
    # Full width: the other columns get their room back.
    tab.setFixedWidth(1300)
    qtbot.waitUntil(lambda: tab.width() == 1300, timeout=2000)
    qtbot.wait(100)
    assert tab.tree.columnWidth(3) >= 150
