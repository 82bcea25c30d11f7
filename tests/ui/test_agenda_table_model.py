"""Item models of the Agenda, Forward plan and meeting list, checked with qtmodeltester."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from PySide6.QtCore import Qt

from csp_desktop.models import ActionStatus, ForwardPlanStatus, ItemKind, MeetingStatus
from csp_desktop.services.agenda import AgendaItemRow
from csp_desktop.services.forward_plan import ForwardPlanRow
from csp_desktop.ui.agenda_table_model import (
    AMBER,
    RED,
    AgendaProxyModel,
    AgendaTableModel,
    ReviewedActionsModel,
)
from csp_desktop.ui.forward_plan_tab import ForwardPlanTableModel
from csp_desktop.ui.meeting_navigator import MEETING_ID_ROLE, MeetingTreeModel

TEN = dt.datetime(2022, 10, 5, 10, 0)


def item(n: int, **changes) -> AgendaItemRow:
    values = dict(
        id=n,
        meeting_id=1,
        position=n,
        number=str(n),
        title=f"Item {n}",
        kind=ItemKind.TOPICAL,
        presenter="Andy Opie",
        minutes_allocated=10,
        is_restricted=False,
        papers_count=0,
        started_at=None,
        ended_at=None,
        elapsed_seconds=0,
        has_minutes=False,
    )
    values.update(changes)
    return AgendaItemRow(**values)


def test_agenda_model_passes_qtmodeltester(qtmodeltester):
    model = AgendaTableModel()
    model.set_rows([item(1), item(2, is_restricted=True, papers_count=2)], TEN)
    qtmodeltester.check(model)
    proxy = AgendaProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_agenda_cells_in_words():
    model = AgendaTableModel()
    model.set_rows([item(1, is_restricted=True, papers_count=2, minutes_allocated=None)], TEN)
    text = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert text == ["1", "Item 1", "Andy Opie", "", "", "Restricted", "2"]
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Elapsed"


def test_elapsed_cell_turns_amber_then_red_with_words():
    model = AgendaTableModel()
    running = item(1, started_at=TEN, minutes_allocated=10)
    model.set_rows([running], TEN + dt.timedelta(minutes=3))
    index = model.index(0, AgendaTableModel.COL_ELAPSED)
    assert model.data(index) == "▶ 3:00"
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is None

    model.set_now(TEN + dt.timedelta(minutes=9))
    assert model.data(index) == "▶ 9:00 nearly"
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == AMBER

    model.set_now(TEN + dt.timedelta(minutes=12, seconds=5))
    assert model.data(index) == "▶ 12:05 OVER"
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == RED
    spoken = model.data(index, Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "12 minutes 5 seconds of 10 minutes, running, over time"


def test_stopped_item_keeps_its_time():
    model = AgendaTableModel()
    done = item(1, started_at=TEN, ended_at=TEN + dt.timedelta(minutes=4), elapsed_seconds=60)
    model.set_rows([done], TEN + dt.timedelta(hours=1))
    assert model.data(model.index(0, AgendaTableModel.COL_ELAPSED)) == "5:00"


def test_ticking_repaints_only_running_elapsed_cells(qtbot):
    model = AgendaTableModel()
    model.set_rows([item(1), item(2, started_at=TEN), item(3)], TEN)
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), a.column(), b.row())))
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_now(TEN + dt.timedelta(seconds=1))
    assert changed == [(1, AgendaTableModel.COL_ELAPSED, 1)]


def test_reviewed_actions_model(qtmodeltester):
    model = ReviewedActionsModel()
    row = SimpleNamespace(
        id=7,
        reference="CSP-2022-06-29-01",
        text="Share the profile",
        owners="Amolak Tatter",
        due_date=dt.date(2022, 12, 7),
        due_text=None,
        status=ActionStatus.OPEN,
        is_overdue=True,
        latest_update="Drafted",
    )
    model.set_rows([row])
    qtmodeltester.check(model)
    text = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert text == [
        "CSP-2022-06-29-01",
        "Share the profile",
        "Amolak Tatter",
        "7 Dec 2022",
        "Open (overdue)",
        "Drafted",
    ]
    assert model.row_of_action(7) == 0


def entry(n: int, **changes) -> ForwardPlanRow:
    values = dict(
        id=n,
        body_id=1,
        title=f"Entry {n}",
        presenter=None,
        target_meeting_id=None,
        target_meeting_date=None,
        target_month=dt.date(2023, 3, 1),
        status=ForwardPlanStatus.PLANNED,
        minutes_allocated=15,
        is_restricted=False,
        notes="Asked for in June\n05/10/2022: deferred",
        raised_at_meeting_id=None,
        agenda_item_id=None,
    )
    values.update(changes)
    return ForwardPlanRow(**values)


def test_forward_plan_model(qtmodeltester):
    model = ForwardPlanTableModel()
    model.set_rows(
        [entry(1), entry(2, target_meeting_date=dt.date(2022, 12, 7), is_restricted=True)]
    )
    qtmodeltester.check(model)
    assert model.data(model.index(0, model.COL_TARGET)) == "March 2023"
    assert model.data(model.index(1, model.COL_TARGET)) == "Wednesday 7 December 2022"
    assert model.data(model.index(0, model.COL_NOTES)) == "05/10/2022: deferred"
    assert "Asked for in June" in model.data(
        model.index(0, model.COL_NOTES), Qt.ItemDataRole.ToolTipRole
    )
    # Dates sort as dates: December 2022 before March 2023.
    assert model.data(model.index(1, model.COL_TARGET), Qt.ItemDataRole.UserRole) < model.data(
        model.index(0, model.COL_TARGET), Qt.ItemDataRole.UserRole
    )


def test_meeting_tree_groups_by_body_newest_first(qtmodeltester):
    def meeting(n, body_id, body_name, day, status=MeetingStatus.DRAFT):
        return SimpleNamespace(
            id=n, body_id=body_id, body_name=body_name, date=day, title=None, status=status
        )

    model = MeetingTreeModel()
    model.set_rows(
        [
            meeting(1, 1, "CSP Board", dt.date(2022, 6, 29), MeetingStatus.APPROVED),
            meeting(2, 2, "VAWG subgroup", dt.date(2022, 9, 1)),
            meeting(3, 1, "CSP Board", dt.date(2022, 10, 5), MeetingStatus.IN_PROGRESS),
        ],
        body_order=[1, 2],
    )
    qtmodeltester.check(model)
    board = model.item(0)
    assert board.text() == "CSP Board"
    assert [board.child(r).text() for r in range(board.rowCount())] == [
        "5 Oct 2022 · In progress",
        "29 Jun 2022 · Approved",
    ]
    assert board.child(0).data(MEETING_ID_ROLE) == 3
    assert model.index_of_meeting(2).parent().data() == "VAWG subgroup"
