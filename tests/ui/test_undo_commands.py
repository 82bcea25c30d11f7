"""Undo and redo of agenda items and forward plan entries, against a real database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from csp_desktop.paths import AppPaths
from csp_desktop.services import agenda, forward_plan
from csp_desktop.ui import undo_commands
from csp_desktop.ui.context import UiContext
from tests.factories import make_body, make_meeting


@pytest.fixture
def setting(db, clock, tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        body = make_body(session)
        meeting = make_meeting(session, body, dt.date(2022, 10, 5))
        ids = (body.id, meeting.id)
    context = UiContext(db, clock, AppPaths(tmp_path / "data", portable=False))
    shown: list[int | None] = []
    errors: list[BaseException] = []
    return context, ids, shown, errors


@pytest.fixture
def stack():  # type: ignore[no-untyped-def]
    undo_stack = QUndoStack()
    yield undo_stack
    # The commands go with the test that made them, not at interpreter exit.
    undo_stack.clear()


def titles(context: UiContext, meeting_id: int) -> list[str]:
    return [row.title for row in context.read(agenda.list_items, meeting_id)]


def entries(context: UiContext, body_id: int) -> list[tuple[int, str]]:
    return [(row.id, row.title) for row in context.read(forward_plan.list_entries, body_id)]


def test_agenda_item_add_edit_move_delete_undo_and_redo(setting, stack: QUndoStack) -> None:  # type: ignore[no-untyped-def]
    context, (_, meeting_id), shown, errors = setting
    before = titles(context, meeting_id)
    args = (shown.append, errors.append)

    stack.push(
        undo_commands.AddItemCommand(
            context, meeting_id, agenda.ItemSpec("Knife crime update"), None, *args
        )
    )
    item_id = shown[-1]
    assert item_id is not None and titles(context, meeting_id) == [*before, "Knife crime update"]

    stack.push(
        undo_commands.EditItemCommand(
            context,
            item_id,
            agenda.ItemSpec("Knife crime update"),
            agenda.ItemSpec("Serious violence duty"),
            *args,
        )
    )
    assert stack.undoText() == "Edit item “Serious violence duty”"
    position = len(before) + 1
    stack.push(
        undo_commands.MoveItemCommand(context, item_id, "Serious violence duty", position, 1, *args)
    )
    assert titles(context, meeting_id)[0] == "Serious violence duty"
    stack.push(undo_commands.DeleteItemCommand(context, item_id, "Serious violence duty", *args))
    assert "Serious violence duty" not in titles(context, meeting_id)

    stack.undo()  # the delete: the very same item comes back, first
    assert titles(context, meeting_id)[0] == "Serious violence duty"
    assert shown[-1] == item_id
    stack.undo()  # the move
    assert titles(context, meeting_id)[-1] == "Serious violence duty"
    stack.undo()  # the edit
    assert titles(context, meeting_id)[-1] == "Knife crime update"
    stack.undo()  # the add
    assert titles(context, meeting_id) == before
    for _ in range(4):
        stack.redo()
    assert "Serious violence duty" not in titles(context, meeting_id)
    stack.undo()
    assert titles(context, meeting_id)[0] == "Serious violence duty"
    assert errors == []


def test_forward_plan_entry_add_edit_delete_undo_and_redo(setting, stack: QUndoStack) -> None:  # type: ignore[no-untyped-def]
    context, (body_id, meeting_id), shown, errors = setting
    args = (shown.append, errors.append)
    spec = forward_plan.EntrySpec("Domestic abuse strategy", presenter="Jane Smith")
    stack.push(undo_commands.AddEntryCommand(context, body_id, spec, meeting_id, *args))
    entry_id = shown[-1]
    assert entries(context, body_id) == [(entry_id, "Domestic abuse strategy")]

    edited = forward_plan.EntrySpec("Domestic abuse strategy refresh", presenter="Jane Smith")
    stack.push(undo_commands.EditEntryCommand(context, entry_id, spec, edited, *args))
    assert entries(context, body_id) == [(entry_id, "Domestic abuse strategy refresh")]

    row = context.read(forward_plan.list_entries, body_id)[0]
    stack.push(undo_commands.DeleteEntryCommand(context, row, *args))
    assert entries(context, body_id) == []
    stack.undo()  # the delete: the entry comes back as it was when deleted
    (restored,) = context.read(forward_plan.list_entries, body_id)
    assert (restored.title, restored.presenter) == ("Domestic abuse strategy refresh", "Jane Smith")
    assert restored.raised_at_meeting_id == meeting_id
    stack.undo()  # the edit
    assert [title for _, title in entries(context, body_id)] == ["Domestic abuse strategy"]
    stack.undo()  # the add
    assert entries(context, body_id) == []
    stack.redo()
    assert [title for _, title in entries(context, body_id)] == ["Domestic abuse strategy"]
    assert errors == []


def test_an_entry_deleted_and_undone_keeps_its_id_for_older_steps(  # type: ignore[no-untyped-def]
    setting, stack: QUndoStack
) -> None:
    context, (body_id, meeting_id), shown, errors = setting
    args = (shown.append, errors.append)
    first = forward_plan.EntrySpec("Prevent duty annual return")
    stack.push(undo_commands.AddEntryCommand(context, body_id, first, meeting_id, *args))
    entry_id = shown[-1]
    later = forward_plan.EntrySpec("Hate crime awareness week")
    stack.push(undo_commands.AddEntryCommand(context, body_id, later, meeting_id, *args))
    edited = forward_plan.EntrySpec("Prevent duty return to the Home Office")
    stack.push(undo_commands.EditEntryCommand(context, entry_id, first, edited, *args))
    row = next(r for r in context.read(forward_plan.list_entries, body_id) if r.id == entry_id)
    stack.push(undo_commands.DeleteEntryCommand(context, row, *args))

    stack.undo()  # the delete: back under its old id, not the next free one
    assert entry_id in dict(entries(context, body_id))
    stack.undo()  # the edit still finds it
    assert dict(entries(context, body_id))[entry_id] == "Prevent duty annual return"
    stack.undo()  # the later add
    stack.undo()  # the first add
    assert entries(context, body_id) == []
    for _ in range(4):
        stack.redo()
    assert [title for _, title in entries(context, body_id)] == ["Hate crime awareness week"]
    assert errors == []
