"""Show a problem to the user in plain words: one dialog, never a traceback."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from csp_desktop.errors import UserError

log = logging.getLogger(__name__)


def error_text(error: BaseException | str) -> str:
    """The sentence to show: a UserError's own message, or a plain fallback."""
    if isinstance(error, str):
        return error
    if isinstance(error, UserError):
        return str(error)
    return (
        "Something unexpected went wrong and the last change may not have been saved. "
        "Your text is still on screen; try again, and if it keeps happening, "
        f"send the log file to support. ({type(error).__name__}: {error})"
    )


def show_error(
    parent: QWidget | None, error: BaseException | str, title: str = "Could not do that"
) -> None:
    """Tell the user what went wrong. Unexpected errors are logged with their traceback."""
    if isinstance(error, BaseException) and not isinstance(error, UserError):
        log.error("Unexpected error", exc_info=error)
    QMessageBox.warning(parent, title, error_text(error))


def confirm(parent: QWidget | None, title: str, question: str) -> bool:
    """Ask a yes/no question; No is the default so a stray Enter changes nothing."""
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
