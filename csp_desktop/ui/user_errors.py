"""Run some work and, if it raises a `UserError`, say it in plain words: one helper.

    with reporting_user_errors(self.status_message.emit) as attempt:
        count = self.context.write(clear_quotes, meeting_id, number)
    if attempt.failed:
        return

Where the words go is the caller's choice, as before this helper existed: a callable
taking the sentence (the status bar's `status_message.emit`, the notice bar over the
minutes `notice_bar.notify`: both non-modal, so nothing takes a key the note taker
types), or a widget, for the message box of `error_dialog.show_error` that tabs away
from the minutes use. Only a `UserError` is caught: anything else is a bug and goes on
to the caller (and the log) as before. Focus is left where it is; a caller that moves
it afterwards does so after the `with`, as it did after its `except`.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QWidget

from csp_desktop.errors import UserError
from csp_desktop.ui.error_dialog import error_text, show_error

# A widget to put a message box over (None: a message box of its own), or a callable
# that shows one sentence.
ErrorDestination = QWidget | None | Callable[[str], object]


def reporting_user_errors(
    where: ErrorDestination, title: str = "Could not do that"
) -> UserErrorReport:
    """A `with` block whose `UserError` is shown at `where` (under `title` in a message
    box) and swallowed; see the module's docstring."""
    return UserErrorReport(where, title)


class UserErrorReport:
    """Context manager: a `UserError` raised inside is shown and swallowed.

    After the block, `failed` says whether it was (and `error` holds it), so the caller
    can stop, or carry on with a fallback it set before the block.
    """

    def __init__(self, where: ErrorDestination, title: str) -> None:
        self.where = where
        self.title = title
        self.error: UserError | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def __enter__(self) -> UserErrorReport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if not isinstance(error, UserError):
            return False
        self.error = error
        if self.where is None or isinstance(self.where, QWidget):
            show_error(self.where, error, self.title)
        else:
            self.where(error_text(error))
        return True
