"""A rotating log file for support, in `<data>/logs/`, and nothing sensitive in it.

The log says what ran, for how long, and what went wrong (with the traceback); it never
holds minutes text, action text or people's names. Code logs ids, counts and durations
only; as a second line of defence the formatter withholds the bound parameters that
SQLAlchemy puts into its error messages, which are the one place user text could leak.
Logging must never stop the app: if the folder cannot be written, the run goes on
without a log file and nothing is printed about it.
"""

from __future__ import annotations

import argparse
import logging
import platform
import re
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING

from csp_desktop import __version__

if TYPE_CHECKING:
    from csp_desktop.app import AppContext

APP_LOGGER = "csp_desktop"
LOG_MAX_BYTES = 1_000_000  # a support person can open and mail a file this size
LOG_BACKUP_COUNT = 4  # at most about 5 MB of logs on the user's disk
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"

# SQLAlchemy errors end with "[parameters: (...)]": the values written, i.e. user text.
_SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*")
WITHHELD = "[parameters: withheld from the log]"


class RedactingFormatter(logging.Formatter):
    """Formats records and tracebacks, withholding SQL parameter values."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def redact(text: str) -> str:
    """Remove the parts of a message that can carry user-entered text."""
    return _SQL_PARAMETERS.sub(WITHHELD, text)


class _SupportLogHandler(RotatingFileHandler):
    """A rotating file handler that fails silently: logging must never stop the app."""

    def handleError(self, record: logging.LogRecord) -> None:
        # The default prints a traceback to stderr, which the user must never see.
        return


_handler: _SupportLogHandler | None = None
_previous_app_level = logging.NOTSET


def configure_logging(log_file: Path, *, level: int = logging.INFO) -> Path | None:
    """Send the app's log records (and other libraries' warnings) to a rotating file.

    Calling it again replaces the previous file handler (tests run many commands in one
    process).

    Args:
        log_file: the file to write, normally `AppPaths.log_file`.
        level: the lowest level of the app's own records that is kept.

    Returns:
        The log file's path, or None if it cannot be written (the run carries on).
    """
    global _handler, _previous_app_level
    shutdown_logging()
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = _SupportLogHandler(
            log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    handler.setLevel(level)
    # The root logger gets the handler so that warnings from SQLAlchemy, Alembic and
    # the rest reach support too; only the app's own logger goes below WARNING.
    app_logger = logging.getLogger(APP_LOGGER)
    _previous_app_level = app_logger.level
    logging.getLogger().addHandler(handler)
    app_logger.setLevel(level)
    _handler = handler
    return log_file


def shutdown_logging() -> None:
    """Detach and close the file handler installed by `configure_logging`, if any."""
    global _handler
    if _handler is None:
        return
    logging.getLogger().removeHandler(_handler)
    logging.getLogger(APP_LOGGER).setLevel(_previous_app_level)
    _handler.close()
    _handler = None


def describe_command(args: argparse.Namespace) -> str:
    """The command that ran, e.g. "export minutes", without its values (paths, text)."""
    parts = [args.command or "gui"]
    kind = getattr(args, "kind", None)
    if kind:
        parts.append(kind)
    if getattr(args, "smoke_test", False):
        parts.append("--smoke-test")
    return " ".join(parts)


def describe_environment(context: AppContext) -> str:
    """Version, platform and the kind of data location: what support asks first."""
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    if context.choice.database_url:
        database = "server"
    elif context.choice.uses_default():
        database = "default file"
    else:
        database = "chosen file"
    return (
        f"version {__version__} ({frozen}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, "
        f"{'portable' if context.paths.portable else 'per-user'} data, {database}"
    )


def unexpected_error_line(prog: str, log_file: Path | None) -> str:
    """The one line the user sees for a bug; the traceback is in the log."""
    if log_file is None:
        return f"{prog}: unexpected error (the log folder could not be written)"
    return f"{prog}: unexpected error, details in {log_file}"
