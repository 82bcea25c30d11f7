"""Telling "the server could not be reached" apart from "the server refused this save".

A dropped network, a server restarting, a connection reset: the save itself was fine and
will succeed once the server is back, so it waits and is tried again (the background
writer's offline queue). A constraint, a stale version, a permission: trying again
would fail the same way, so it is reported.
"""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

# SQLSTATE classes meaning the connection, not the statement: 08 connection exception,
# 57P01-57P03 the server shutting down, crashed, or not yet accepting connections.
_CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")
_DRIVER_CONNECTION_ERRORS = ("OperationalError", "InterfaceError")


def server_unreachable(exc: BaseException) -> bool:
    """True if `exc` says the database server could not be reached or the link broke."""
    if isinstance(exc, sa_exc.TimeoutError):  # no pooled connection came free in time
        return True
    original: BaseException | None = exc
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        original = exc.orig
    if original is None or type(original).__module__.startswith("sqlite3"):
        return False
    state = getattr(original, "sqlstate", "")
    if state is None:  # psycopg: an error raised by the client, not sent by the server
        return type(original).__name__ in _DRIVER_CONNECTION_ERRORS
    return isinstance(state, str) and state.startswith(_CONNECTION_STATES)
