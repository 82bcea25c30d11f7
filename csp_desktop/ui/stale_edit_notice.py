"""'Changed by Jo Smith at 10:42 — Reload / Keep mine': answering a refused save.

When the minutes editor's save is refused because someone else changed the item since it
was shown (`StaleEdit`), the notice bar over the minutes says who and when, without taking
focus: the note taker may type on (autosave holds, nothing is lost). Two keys answer it
from the minutes (Alt+Shift+R reload theirs, Alt+Shift+K keep mine; the bar's buttons do
the same); either way the losing version is kept in the item's history (`lost_edit`), and
the caret stays where it was.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from csp_desktop.errors import StaleEdit
from csp_desktop.ui.minutes_editor import MinutesEditor
from csp_desktop.ui.notice_bar import NoticeBar
from csp_desktop.ui.shortcuts import make_action


def stale_notice_text(refusal: StaleEdit) -> str:
    """The bar's words: "Changed by Jo Smith at 10:42 — ..."."""
    when = f" at {refusal.changed_at:%H:%M}" if refusal.changed_at is not None else ""
    return (
        f"Changed by {refusal.changed_by}{when} — your typing here is not saved yet. "
        "Reload shows theirs, Keep mine saves yours over it; both are kept in history."
    )


class StaleEditNotice(QObject):
    """Shows the editor's refusals in the notice bar and answers them by key or button."""

    def __init__(self, editor: MinutesEditor, bar: NoticeBar) -> None:
        super().__init__(editor)
        self.editor = editor
        self.bar = bar
        self.actions: dict[str, QAction] = {}
        for name, answer in (("reload_theirs", self.reload), ("keep_mine", self.keep_mine)):
            action = make_action(name, editor, context=Qt.ShortcutContext.WidgetShortcut)
            action.setEnabled(False)
            action.triggered.connect(answer)
            editor.addAction(action)
            self.actions[name] = action
        editor.stale_refused.connect(self.show_refusal)

    @property
    def showing(self) -> bool:
        return self.editor.stale is not None

    def show_refusal(self, refusal: object) -> None:
        if not isinstance(refusal, StaleEdit):
            return
        for action in self.actions.values():
            action.setEnabled(True)
        self.bar.notify(
            stale_notice_text(refusal),
            action_text="Reload theirs (Alt+Shift+R)",
            on_action=self._finish_reload,
            on_dismiss=self._finish_keep_mine,
        )
        # The bar's second button answers "Keep mine" rather than dismissing the notice.
        self.bar.no_button.setText("Keep mine (Alt+Shift+K)")

    def reload(self) -> None:
        self.bar.dismiss_quietly()  # answered by key: focus and caret stay in the minutes
        self._finish_reload()

    def keep_mine(self) -> None:
        self.bar.dismiss_quietly()
        self._finish_keep_mine()

    def _finish_reload(self) -> None:
        self._disable()
        self.editor.reload_theirs()

    def _finish_keep_mine(self) -> None:
        self._disable()
        self.editor.keep_mine()

    def _disable(self) -> None:
        for action in self.actions.values():
            action.setEnabled(False)
