"""The saves not yet on the server, kept in a local file so a crash loses none of them.

With a team database (PostgreSQL) the minutes are typed on a laptop and saved over the
network, which can drop mid-meeting. Every replayable save handed to the background
writer is appended here first (a JSON line, flushed and fsynced, on a thread of its own
so typing never waits on the disk), and marked done once the server has it. If the app
stops while saves are still waiting (the laptop closed, a crash during an outage), the
next start with the same database saves them again, in order (`pending`).

`pending-saves.jsonl` sits beside the settings. Lines:
  {"op": "save", "id": 7, "database": "postgresql+psycopg://jo@db/csp", "key": "minutes:4",
   "function": "csp_desktop.usecases.save_minutes:replay_save", "arguments": {...}}
  {"op": "done", "ids": [7]}
Saves with the same key coalesce (the later one carries the whole text, as in the
writer's queue); saves for another database are left for when that one is opened.
Not used for a SQLite file: its saves are local already.
"""

from __future__ import annotations

import collections
import importlib
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

JOURNAL_NAME = "pending-saves.jsonl"


@dataclass(frozen=True)
class Replay:
    """A save that can be run again from the journal: `function(database, **arguments)`.

    `function` is "package.module:name" inside csp_desktop; arguments are JSON values.
    """

    function: str
    arguments: dict[str, Any] = field(default_factory=dict)

    def resolve(self) -> Callable[..., Any]:
        module_name, _, name = self.function.partition(":")
        if not module_name.startswith("csp_desktop.") or not name:
            raise ValueError(f"not a save this app can replay: {self.function!r}")
        function: Callable[..., Any] = getattr(importlib.import_module(module_name), name)
        return function


@dataclass(frozen=True)
class JournalEntry:
    id: int
    key: str
    replay: Replay


class SaveJournal:
    """Appends saves and their completion to one file, on a background thread, in order."""

    def __init__(self, path: Path, database: str) -> None:
        self.path = path
        self.database = database
        self._lock = threading.Condition()
        self._operations: collections.deque[dict[str, Any]] = collections.deque()
        self._thread: threading.Thread | None = None
        self._writing = False
        self._open_ids: set[int] = set()  # saved and not yet done, this session
        self._next_id = 1 + self._highest_id()

    # --- reading ----------------------------------------------------------------------------

    def _read_all(self) -> tuple[list[JournalEntry], set[int]]:
        """Every save of this database in the file, and every id marked done."""
        saves: list[JournalEntry] = []
        done: set[int] = set()
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return saves, done
        for line in lines:
            try:
                record = json.loads(line)
                if record["op"] == "done":
                    done.update(int(i) for i in record["ids"])
                elif record["op"] == "save" and record["database"] == self.database:
                    replay = Replay(record["function"], dict(record["arguments"]))
                    saves.append(JournalEntry(int(record["id"]), str(record["key"]), replay))
            except (ValueError, KeyError, TypeError):
                # A line cut short by a crash while it was written: the ones before stand.
                log.warning("Skipped an unreadable line in %s", self.path)
        return saves, done

    def _highest_id(self) -> int:
        """The largest id in the file, of any database (ids stay unique in the file)."""
        highest = 0
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return highest
        for line in lines:
            try:
                record = json.loads(line)
                ids = record["ids"] if record["op"] == "done" else [record["id"]]
                highest = max(highest, *(int(i) for i in ids))
            except (ValueError, KeyError, TypeError):
                continue
        return highest

    def pending(self) -> list[JournalEntry]:
        """The saves of this database never done, oldest first, one per key (the latest,
        in the place of the latest)."""
        saves, done = self._read_all()
        by_key: dict[str, JournalEntry] = {}
        for entry in saves:
            if entry.id not in done:
                by_key.pop(entry.key, None)
                by_key[entry.key] = entry
        return list(by_key.values())

    # --- writing (any thread; the file is written on the journal's own thread) -------------

    def append(self, key: str, replay: Replay) -> int:
        """Queue a save for the file; returns its id at once."""
        with self._lock:
            entry_id = self._next_id
            self._next_id += 1
            self._open_ids.add(entry_id)
            self._queue(
                {
                    "op": "save",
                    "id": entry_id,
                    "database": self.database,
                    "key": key,
                    "function": replay.function,
                    "arguments": replay.arguments,
                }
            )
        return entry_id

    def done(self, *ids: int) -> None:
        """These saves are on the server (or replaced by a later save of the same key)."""
        if not ids:
            return
        with self._lock:
            self._open_ids.difference_update(ids)
            self._queue({"op": "done", "ids": list(ids)})

    def adopt(self, ids: list[int]) -> None:
        """Saves found in the file at start-up, now queued again in this session."""
        with self._lock:
            self._open_ids.update(ids)

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Block until every queued line is on disk (tests, closing)."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._operations and not self._writing, timeout)

    def _queue(self, operation: dict[str, Any]) -> None:
        self._operations.append(operation)
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._write, name="csp-save-journal", daemon=True
            )
            self._thread.start()
        self._lock.notify_all()

    def _write(self) -> None:
        while True:
            with self._lock:
                if not self._operations:
                    self._thread = None
                    self._lock.notify_all()
                    return
                batch = list(self._operations)
                self._operations.clear()
                self._writing = True
                nothing_open = not self._open_ids
            try:
                self._write_batch(batch, nothing_open)
            except OSError:
                log.exception("Could not write the local save journal %s", self.path)
            finally:
                with self._lock:
                    self._writing = False
                    self._lock.notify_all()

    def _write_batch(self, batch: list[dict[str, Any]], nothing_open: bool) -> None:
        if nothing_open and not self._other_databases_waiting():
            # Every save of this session is on the server: start the file over (it stays
            # a few lines long however long the meeting).
            if self.path.exists():
                self.path.unlink()
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            for operation in batch:
                file.write(json.dumps(operation, ensure_ascii=False) + "\n")
            file.flush()
            os.fsync(file.fileno())

    def _other_databases_waiting(self) -> bool:
        """True if the file holds undone saves of another database (kept for it)."""
        if not self.path.exists():
            return False
        done: set[int] = set()
        others: set[int] = set()
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
                if record["op"] == "done":
                    done.update(int(i) for i in record["ids"])
                elif record["database"] != self.database:
                    others.add(int(record["id"]))
            except (ValueError, KeyError, TypeError):
                continue
        return bool(others - done)
