"""Errors a user can cause and fix: shown as one plain line, never a traceback."""

import datetime as dt


class UserError(Exception):
    """A problem the user can act on (bad path, bad file, unknown meeting).

    The message is complete and written for the user; the CLI prints it as one
    line on stderr and the GUI shows it in a dialog.
    """


class DatabaseRefused(UserError):
    """The file cannot be opened as a CSP Desktop database; it was left untouched."""


class NotFound(UserError):
    """A named record (meeting, body, action) does not exist."""


class RecordLocked(UserError):
    """The change would alter approved minutes without an amendment."""


class ValidationError(UserError):
    """Input data (JSON, workbook, field value) does not fit the rules."""


class StaleEdit(UserError):
    """A save based on a record someone else has changed since: refused, never silent.

    Carries who changed the record and when, so the window can say "Changed by Jo Smith
    at 10:42 — Reload / Keep mine" in its own words.
    """

    def __init__(
        self,
        message: str,
        *,
        changed_by: str = "someone else",
        changed_at: dt.datetime | None = None,
        table: str | None = None,
        row_id: int | None = None,
    ) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.table = table
        self.row_id = row_id
