"""Undoable structural edits: each command calls a service in `redo` and its inverse in
`undo`, then tells the tab what to show. Minutes text has the editor's own undo.

A command whose service refuses (a UserError, e.g. approved minutes) shows the message
and marks itself obsolete, so the stack never holds a step that did not happen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from csp_desktop.errors import UserError
from csp_desktop.services import agenda
from csp_desktop.ui.context import UiContext

if TYPE_CHECKING:  # the forward plan's service is imported when an entry is changed
    from csp_desktop.services import forward_plan

# Called after a change with the id of the agenda item (or entry) to select, if any.
Refresh = Callable[[int | None], None]
ShowError = Callable[[BaseException], None]


class ServiceCommand(QUndoCommand):
    """Base: run `_do`/`_undo` through the context; report refusals instead of raising."""

    def __init__(
        self, text: str, context: UiContext, refresh: Refresh, show_error: ShowError
    ) -> None:
        super().__init__(text)
        self.context = context
        self.refresh = refresh
        self.show_error = show_error
        self.failed: BaseException | None = None

    def redo(self) -> None:
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Callable[[], int | None]) -> None:
        try:
            select = step()
        except UserError as exc:
            self.failed = exc
            self.setObsolete(True)
            self.show_error(exc)
            self.refresh(None)
            return
        self.failed = None
        self.refresh(select)

    def _do(self) -> int | None:
        raise NotImplementedError

    def _undo(self) -> int | None:
        raise NotImplementedError


class StateCommand(ServiceCommand):
    """One service call that sets a thing to a state: redo sets `after`, undo `before`."""

    def __init__(
        self,
        text: str,
        context: UiContext,
        refresh: Refresh,
        show_error: ShowError,
        *,
        target_id: int,
        before: Any,
        after: Any,
    ) -> None:
        super().__init__(text, context, refresh, show_error)
        self.target_id = target_id
        self.before = before
        self.after = after

    def _do(self) -> int | None:
        self._set(self.after)
        return self.target_id

    def _undo(self) -> int | None:
        self._set(self.before)
        return self.target_id

    def _set(self, state: Any) -> None:
        raise NotImplementedError


class ItemPresenceCommand(ServiceCommand):
    """Adding and deleting an agenda item are each other's undo: both sides live here.

    A deleted item comes back as the very same item (its minutes, records and id), so a
    redo after an undo never leaves a look-alike behind.
    """

    def __init__(
        self,
        text: str,
        context: UiContext,
        refresh: Refresh,
        show_error: ShowError,
        item_id: int | None,
    ) -> None:
        super().__init__(text, context, refresh, show_error)
        self.item_id = item_id
        self.deleted: agenda.DeletedItem | None = None

    def _delete(self) -> int | None:
        assert self.item_id is not None
        self.deleted = self.context.write(
            agenda.delete_item, self.item_id, self.context.clock, topic="agenda"
        )
        return None

    def _bring_back(self) -> int | None:
        assert self.deleted is not None
        self.item_id = self.context.write(
            agenda.restore_item, self.deleted, self.context.clock, topic="agenda"
        )
        return self.item_id


class AddItemCommand(ItemPresenceCommand):
    def __init__(
        self,
        context: UiContext,
        meeting_id: int,
        spec: agenda.ItemSpec,
        position: int | None,
        refresh: Refresh,
        show_error: ShowError,
    ) -> None:
        super().__init__(f"Add item “{spec.title}”", context, refresh, show_error, None)
        self.meeting_id = meeting_id
        self.spec = spec
        self.position = position

    def _do(self) -> int | None:
        if self.deleted is not None:  # redo after undo: bring the very same item back
            return self._bring_back()
        self.item_id = self.context.write(
            agenda.add_item,
            self.meeting_id,
            self.spec,
            self.context.clock,
            position=self.position,
            topic="agenda",
        )
        return self.item_id

    def _undo(self) -> int | None:
        return self._delete()


class DeleteItemCommand(ItemPresenceCommand):
    def __init__(
        self,
        context: UiContext,
        item_id: int,
        title: str,
        refresh: Refresh,
        show_error: ShowError,
    ) -> None:
        super().__init__(f"Delete item “{title}”", context, refresh, show_error, item_id)

    def _do(self) -> int | None:
        return self._delete()

    def _undo(self) -> int | None:
        return self._bring_back()


class EditItemCommand(StateCommand):
    def __init__(
        self,
        context: UiContext,
        item_id: int,
        before: agenda.ItemSpec,
        after: agenda.ItemSpec,
        refresh: Refresh,
        show_error: ShowError,
    ) -> None:
        super().__init__(
            f"Edit item “{after.title}”",
            context,
            refresh,
            show_error,
            target_id=item_id,
            before=before,
            after=after,
        )

    def _set(self, state: Any) -> None:
        self.context.write(
            agenda.edit_item, self.target_id, state, self.context.clock, topic="agenda"
        )


class MoveItemCommand(StateCommand):
    def __init__(
        self,
        context: UiContext,
        item_id: int,
        title: str,
        old_position: int,
        new_position: int,
        refresh: Refresh,
        show_error: ShowError,
    ) -> None:
        direction = "up" if new_position < old_position else "down"
        super().__init__(
            f"Move item “{title}” {direction}",
            context,
            refresh,
            show_error,
            target_id=item_id,
            before=old_position,
            after=new_position,
        )

    def _set(self, state: Any) -> None:
        self.context.write(
            agenda.move_item, self.target_id, state, self.context.clock, topic="agenda"
        )


class EntryPresenceCommand(ServiceCommand):
    """Adding and deleting a forward plan entry are each other's undo: both sides live here."""

    def __init__(
        self,
        text: str,
        context: UiContext,
        refresh: Refresh,
        show_error: ShowError,
        *,
        entry_id: int | None,
        body_id: int,
        spec: forward_plan.EntrySpec | None,
        raised_at_meeting_id: int | None,
    ) -> None:
        super().__init__(text, context, refresh, show_error)
        self.entry_id = entry_id
        self.body_id = body_id
        self.spec = spec
        self.raised_at_meeting_id = raised_at_meeting_id

    def _add(self) -> int | None:
        from csp_desktop.services import forward_plan

        assert self.spec is not None
        # Back under the same id after a delete, so older steps on the stack still apply.
        self.entry_id = self.context.write(
            forward_plan.add_entry,
            self.body_id,
            self.spec,
            raised_at_meeting_id=self.raised_at_meeting_id,
            entry_id=self.entry_id,
            topic="forward_plan",
        )
        return self.entry_id

    def _delete(self) -> int | None:
        from csp_desktop.services import forward_plan

        assert self.entry_id is not None
        # The entry as it was when deleted (edits included) is what comes back.
        self.spec = self.context.write(
            forward_plan.delete_entry, self.entry_id, topic="forward_plan"
        )
        return None


class AddEntryCommand(EntryPresenceCommand):
    def __init__(
        self,
        context: UiContext,
        body_id: int,
        spec: forward_plan.EntrySpec,
        raised_at_meeting_id: int | None,
        refresh: Refresh,
        show_error: ShowError,
    ) -> None:
        super().__init__(
            f"Add forward plan entry “{spec.title}”",
            context,
            refresh,
            show_error,
            entry_id=None,
            body_id=body_id,
            spec=spec,
            raised_at_meeting_id=raised_at_meeting_id,
        )

    def _do(self) -> int | None:
        return self._add()

    def _undo(self) -> int | None:
        return self._delete()


class EditEntryCommand(StateCommand):
    def __init__(
        self,
        context: UiContext,
        entry_id: int,
        before: forward_plan.EntrySpec,
        after: forward_plan.EntrySpec,
        refresh: Refresh,
        show_error: ShowError,
    ) -> None:
        super().__init__(
            f"Edit forward plan entry “{after.title}”",
            context,
            refresh,
            show_error,
            target_id=entry_id,
            before=before,
            after=after,
        )

    def _set(self, state: Any) -> None:
        from csp_desktop.services import forward_plan

        self.context.write(forward_plan.edit_entry, self.target_id, state, topic="forward_plan")


class DeleteEntryCommand(EntryPresenceCommand):
    def __init__(
        self,
        context: UiContext,
        row: Any,
        refresh: Refresh,
        show_error: ShowError,
    ) -> None:
        super().__init__(
            f"Delete forward plan entry “{row.title}”",
            context,
            refresh,
            show_error,
            entry_id=row.id,
            body_id=row.body_id,
            spec=None,
            raised_at_meeting_id=row.raised_at_meeting_id,
        )

    def _do(self) -> int | None:
        return self._delete()

    def _undo(self) -> int | None:
        return self._add()
