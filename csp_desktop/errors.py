"""Errors a user can cause and fix: shown as one plain line, never a traceback."""


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
