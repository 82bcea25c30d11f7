"""Changes made by other copies of the app, as they commit (PostgreSQL LISTEN/NOTIFY).

Migration 0012 makes every change to the records people edit together send
`NOTIFY csp_changes, '<table>:<id>'` (and `'meeting:<id>'` for the meeting it belongs to)
on commit. `ChangeListener` listens on a connection of its own, on a thread of its own,
and hands each payload to a callback, leaving out the changes this copy of the app made
itself (their backend process ids are noted as its engine checks connections out), so a
note taker's own autosaves never make their window refresh. A dropped connection is
reopened every few seconds.

SQLite has no NOTIFY (`supports_notify` is False). A window that opened a file read-only
(someone else holds the one-writer lock and is minuting in it) polls instead:
`FileChangePoller` asks `PRAGMA data_version` every second on a connection of its own,
which moves whenever another connection commits, and reports `ANY_CHANGE`.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

CHANNEL = "csp_changes"
RECONNECT_AFTER_S = 3.0
# How long one wait for notifications lasts before the thread checks whether to stop.
POLL_S = 0.25
# A read-only window on an SQLite file: how often it asks whether the file has changed.
FILE_POLL_S = 1.0
# The payload of a change to an SQLite file: which records is not known, so all of them.
ANY_CHANGE = "*"


def supports_notify(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


class ChangeListener:
    """A thread delivering other clients' change payloads to `on_change` (on that thread)."""

    def __init__(self, engine: Engine, on_change: Callable[[str], None]) -> None:
        self._engine = engine
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._on_change = on_change
        self._own_backends: set[int] = set()
        self._stop = threading.Event()
        self.listening = threading.Event()  # set once LISTEN is in place (tests wait on it)
        self._thread = threading.Thread(target=self._run, name="csp-change-listener", daemon=True)

    def start(self) -> None:
        event.listen(self._engine, "checkout", self._note_own_backend)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if event.contains(self._engine, "checkout", self._note_own_backend):
            event.remove(self._engine, "checkout", self._note_own_backend)
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _note_own_backend(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        pid = getattr(getattr(dbapi_connection, "info", None), "backend_pid", None)
        if isinstance(pid, int):
            self._own_backends.add(pid)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=POLL_S):
                            if note.pid not in self._own_backends:
                                self._on_change(note.payload)
            except psycopg.Error as exc:
                self.listening.clear()
                log.warning("Live refresh lost its connection (%s); reconnecting", exc)
                self._stop.wait(RECONNECT_AFTER_S)
            except Exception:  # a callback fault must not end live refresh for good
                log.exception("Live refresh failed; restarting it")
                self._stop.wait(RECONNECT_AFTER_S)


class FileChangePoller:
    """A thread telling `on_change` (on that thread) when another connection has committed
    to an SQLite file: `PRAGMA data_version` on a read-only connection of its own, every
    `interval` seconds. For a window that only reads the file: its own writes would count."""

    def __init__(
        self, path: Path, on_change: Callable[[str], None], interval: float = FILE_POLL_S
    ) -> None:
        self._path = path
        self._on_change = on_change
        self._interval = interval
        self._stop = threading.Event()
        self.listening = threading.Event()  # set once the first version is read
        self._thread = threading.Thread(target=self._run, name="csp-file-poller", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        seen: int | None = None
        while not self._stop.is_set():
            try:
                with contextlib.closing(_read_only_connection(self._path)) as connection:
                    while not self._stop.is_set():
                        version = int(connection.execute("PRAGMA data_version").fetchone()[0])
                        if seen is not None and version != seen:
                            self._on_change(ANY_CHANGE)
                        seen = version
                        self.listening.set()
                        self._stop.wait(self._interval)
            except sqlite3.Error as exc:  # the file moved, or is being restored: try again
                self.listening.clear()
                seen = None
                log.warning("Watching %s for changes failed (%s); trying again", self._path, exc)
                self._stop.wait(RECONNECT_AFTER_S)
            except Exception:  # a callback fault must not end the watching for good
                log.exception("Watching %s for changes failed; restarting it", self._path)
                self._stop.wait(RECONNECT_AFTER_S)


def _read_only_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
