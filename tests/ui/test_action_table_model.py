"""The actions item model and its filter proxy, without any widget or database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from csp_desktop.models import ActionStatus, ActionUpdateSource
from csp_desktop.services.actions import ActionRow, ActionUpdateRow
from csp_desktop.ui.action_history_view import ActionHistoryModel, describe_update
from csp_desktop.ui.action_table_model import (
    SCOPE_ALL,
    SCOPE_MEETING,
    SCOPE_OPEN,
    SCOPE_OVERDUE,
    SORT_ROLE,
    ActionFilterProxy,
    ActionTableModel,
)


def row(number: int, **changes: Any) -> ActionRow:
    values: dict[str, Any] = {
        "id": number,
        "reference": f"CSP-2022-10-05-{number:02d}",
        "body_id": 1,
        "body_name": "Community Safety Partnership Board",
        "meeting_id": 10,
        "meeting_date": dt.date(2022, 10, 5),
        "item_id": 5,
        "item_number": "4",
        "item_title": "Violence reduction",
        "text": f"Task {number}",
        "owners": "Andy Opie",
        "owner_ids": (1,),
        "other_owners": None,
        "unmatched_owners": None,
        "due_date": None,
        "due_text": None,
        "status": ActionStatus.OPEN,
        "completed_on": None,
        "latest_update": None,
        "latest_update_at": None,
        "is_overdue": False,
        "restricted": False,
    }
    values.update(changes)
    return ActionRow(**values)


ROWS = [
    row(1),
    row(2, status=ActionStatus.COMPLETED, completed_on=dt.date(2022, 11, 1), owner_ids=(2,)),
    row(3, is_overdue=True, due_date=dt.date(2022, 9, 1), meeting_id=9, body_id=2),
    row(10, text="Share the knife crime figures", latest_update="Circulated"),
]


def test_models_pass_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ActionTableModel(editor=lambda r, c, v: r)
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    proxy = ActionFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_criteria(scope=SCOPE_OPEN, text="task")
    qtmodeltester.check(proxy)
    history = ActionHistoryModel()
    history.set_rows(
        [
            ActionUpdateRow(
                id=1,
                action_id=1,
                made_at=dt.datetime(2022, 10, 5, 11, 5),
                text="",
                source=ActionUpdateSource.MANUAL,
                author="officer",
                status_from=ActionStatus.OPEN,
                status_to=ActionStatus.COMPLETED,
                meeting_id=None,
            )
        ]
    )
    qtmodeltester.check(history)
    assert history.index(0, history.COL_WHEN).data() == "5 Oct 2022 11:05"
    assert history.index(0, history.COL_WHAT).data() == "Status: Open → Completed."
    assert history.index(0, history.COL_SOURCE).data() == "Typed in"


def test_cells_in_words_and_only_three_columns_editable() -> None:
    model = ActionTableModel(editor=lambda r, c, v: r)
    model.set_rows(ROWS)
    assert model.index(2, model.COL_STATUS).data() == "Open (Overdue)"
    assert model.index(2, model.COL_DUE).data() == "1 Sep 2022"
    assert model.index(1, model.COL_COMPLETED).data() == "1 Nov 2022"
    assert model.index(0, model.COL_ITEM).data() == "4. Violence reduction"
    assert model.index(0, model.COL_RAISED).data() == "5 Oct 2022"
    assert model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    editable = [
        c
        for c in range(model.columnCount())
        if model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable
    ]
    assert editable == [model.COL_OWNERS, model.COL_DUE, model.COL_STATUS]
    assert not ActionTableModel().flags(model.index(0, model.COL_STATUS)) & (
        Qt.ItemFlag.ItemIsEditable
    )


def test_set_data_goes_through_the_editor_and_replaces_the_row() -> None:
    calls: list[tuple[int, int, Any]] = []

    def editor(r: ActionRow, column: int, value: Any) -> ActionRow:
        calls.append((r.id, column, value))
        return row(r.id, status=ActionStatus(value))

    model = ActionTableModel(editor=editor)
    model.set_rows(ROWS)
    assert model.setData(model.index(0, model.COL_STATUS), "in_progress")
    assert calls == [(1, model.COL_STATUS, "in_progress")]
    assert model.index(0, model.COL_STATUS).data() == "In progress"
    assert not model.setData(model.index(0, model.COL_TEXT), "x")


def test_proxy_scopes_owner_body_status_and_words() -> None:
    model = ActionTableModel()
    model.set_rows(ROWS)
    proxy = ActionFilterProxy()
    proxy.setSourceModel(model)

    def shown() -> list[int]:
        return sorted(
            int(proxy.index(r, 0).data().rsplit("-", 1)[1]) for r in range(proxy.rowCount())
        )

    proxy.set_criteria(scope=SCOPE_ALL)
    assert shown() == [1, 2, 3, 10]
    proxy.set_criteria(scope=SCOPE_MEETING, meeting_id=10)
    assert shown() == [1, 2, 10]
    proxy.set_criteria(reviewed_ids=frozenset({3}))  # carried in from meeting 9
    assert shown() == [1, 2, 3, 10]
    proxy.set_criteria(reviewed_ids=frozenset())
    proxy.set_criteria(scope=SCOPE_OPEN)
    assert shown() == [1, 3, 10]
    proxy.set_criteria(scope=SCOPE_OVERDUE)
    assert shown() == [3]
    proxy.set_criteria(scope=SCOPE_ALL, owner_id=2)
    assert shown() == [2]
    proxy.set_criteria(owner_id=None, body_id=2)
    assert shown() == [3]
    proxy.set_criteria(body_id=None, status=ActionStatus.COMPLETED)
    assert shown() == [2]
    proxy.set_criteria(status=None, text="KNIFE circulated")
    assert shown() == [10]


def test_references_sort_by_number_not_text() -> None:
    model = ActionTableModel()
    model.set_rows(ROWS)
    proxy = ActionFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(model.COL_REFERENCE, Qt.SortOrder.AscendingOrder)
    order = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert order[-1] == "CSP-2022-10-05-10"
    assert proxy.index(0, 0).data(SORT_ROLE) < proxy.index(3, 0).data(SORT_ROLE)


def test_describe_update_with_note_and_status() -> None:
    update = ActionUpdateRow(
        id=1,
        action_id=1,
        made_at=dt.datetime(2022, 10, 5, 11, 5),
        text="Report sent.",
        source=ActionUpdateSource.TRACKER,
        author=None,
        status_from=ActionStatus.IN_PROGRESS,
        status_to=ActionStatus.COMPLETED,
        meeting_id=None,
    )
    assert describe_update(update) == "Status: In progress → Completed. Report sent."


def test_actions_from_a_subgroup_report_name_it_in_the_item_column() -> None:
    model = ActionTableModel()
    model.set_rows([row(1, item_id=None, item_number=None, item_title=None)], {1: "IVOLT"})
    assert model.index(0, model.COL_ITEM).data() == "Report: IVOLT"
