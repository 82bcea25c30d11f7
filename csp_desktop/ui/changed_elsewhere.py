"""A save refused because someone else changed the record first, said without a dialog.

The Actions and Attendance tabs carry the `row_version` of the row they show into each
save (issue 16). When the record moved on meanwhile the save is refused (`StaleEdit`, the
refused value kept in `lost_edit`); inside `reporting_user_errors`, this turns that one
refusal into a line in the status bar ("Changed by Jo Smith at 10:42: ...") and shows
theirs, instead of a dialog:

    with reporting_user_errors(self) as attempt, ChangedElsewhere(say, show_theirs) as stale:
        ...
    if attempt.failed or stale.refused:
        return
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QTimer

from csp_desktop.errors import StaleEdit


class ChangedElsewhere:
    """Catches a StaleEdit: says who changed the record and when, then shows theirs."""

    def __init__(
        self, say: Callable[[str], None], show_theirs: Callable[[], None], what: str
    ) -> None:
        self.say = say
        self.show_theirs = show_theirs
        self.what = what
        self.refused = False

    def __enter__(self) -> ChangedElsewhere:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if not isinstance(error, StaleEdit):
            return False
        self.refused = True
        when = f" at {error.changed_at:%H:%M}" if error.changed_at is not None else ""
        self.say(
            f"Changed by {error.changed_by}{when}: {self.what} — your change was not saved "
            "over theirs (it is kept in its history); showing theirs."
        )
        QTimer.singleShot(0, self.show_theirs)
        return True
