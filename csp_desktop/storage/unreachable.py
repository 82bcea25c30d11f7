"""Telling "the server could not be reached" apart from "the server refused this save".

A dropped network, a server restarting, a connection reset: the save itself was fine and
will succeed once the server is back, so it waits and is tried again (the background
writer's offline queue). A constraint, a stale version, a permission: trying again
would fail the same way, so it is reported.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

# SQLSTATE classes meaning the connection, not the statement: 08 connection exception,
# 57P01-57P03 the server shutting down, crashed, or not yet accepting connections.
_CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")
_DRIVER_CONNECTION_ERRORS = ("OperationalError", "InterfaceError")

# A network that drops packets (Wi-Fi gone, VPN down) gives no error at all: without
# these a connection attempt, or a statement waiting on a dead link, waits for the
# operating system's TCP timeout (minutes) before the saves can start waiting for the
# server. With them: 10 s to connect, a silent link noticed within about 25 s (keepalives
# every 5 s after 10 s idle, 3 missed), data unacknowledged for 20 s drops the link.
SERVER_CONNECT_ARGS: dict[str, Any] = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 20000,
}


def server_connect_args(url: str) -> dict[str, Any]:
    """libpq settings for a server URL: the above, except any the URL sets itself."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or parsed.get_driver_name() != "psycopg":
        return {}
    return {name: value for name, value in SERVER_CONNECT_ARGS.items() if name not in parsed.query}


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
