"""Changes made by other copies of the app, as they commit (PostgreSQL LISTEN/NOTIFY).

Migration 0012 makes every change to the records people edit together send
`NOTIFY csp_changes, '<table>:<id>'` (and `'meeting:<id>'` for the meeting it belongs to)
on commit. `ChangeListener` listens on a connection of its own, on a thread of its own,
and hands each payload to a callback, leaving out the changes this copy of the app made
itself (their backend process ids are noted as its engine checks connections out), so a
note taker's own autosaves never make their window refresh. A dropped connection is
reopened every few seconds; SQLite has no NOTIFY (`supports_notify` is False).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

CHANNEL = "csp_changes"
RECONNECT_AFTER_S = 3.0
# How long one wait for notifications lasts before the thread checks whether to stop.
POLL_S = 0.25


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
