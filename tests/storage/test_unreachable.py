"""An unreachable server is told apart from a save the database refused."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from csp_desktop.storage import Database
from csp_desktop.storage.unreachable import server_connect_args, server_unreachable


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_refused_connection_is_unreachable() -> None:
    pytest.importorskip("psycopg")
    engine = create_engine(f"postgresql+psycopg://csp@127.0.0.1:{closed_port()}/csp")
    try:
        with pytest.raises(OperationalError) as raised:
            engine.connect()
    finally:
        engine.dispose()
    assert server_unreachable(raised.value)


def test_a_sqlite_failure_or_a_refused_save_is_not(db: Database) -> None:
    with pytest.raises(OperationalError) as locked, db.session() as session:
        session.execute(text("SELECT * FROM no_such_table"))
    assert not server_unreachable(locked.value)
    with pytest.raises(IntegrityError) as refused, db.transaction() as session:
        session.execute(text("INSERT INTO person (id) VALUES (NULL)"))
    assert not server_unreachable(refused.value)
    assert not server_unreachable(ValueError("not a database error"))


def test_a_server_connection_gives_up_on_a_silent_network_in_seconds() -> None:
    args = server_connect_args("postgresql+psycopg://csp_app@db.council.local/csp")
    assert args["connect_timeout"] == 10
    assert args["keepalives"] == 1
    # What the URL says wins; a SQLite file gets nothing.
    assert "connect_timeout" not in server_connect_args(
        "postgresql+psycopg://csp_app@db/csp?connect_timeout=3"
    )
    assert server_connect_args("sqlite+pysqlite:///x.db") == {}
