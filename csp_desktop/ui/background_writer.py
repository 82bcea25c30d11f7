"""One background thread for the writes that must not hold up typing.

The minutes editor's autosave (the text, then the ACTION-line sync) runs here, so a
keystroke never waits on the database: on a ten-year archive one sync takes 10-20 ms of
SQL, which on the GUI thread was the longest stall while typing (issue 6).

Guarantees:
- **One writer, in order.** Jobs run one at a time, in the order submitted, each in its
  own short transaction(s) (`Database.transaction`), so SQLite never sees two writers
  from this process and a sync always reads the text saved before it.
- **Superseding.** A job submitted with the key of one still queued (not yet started)
  replaces it, and goes to the end of the queue (so it still runs after everything
  submitted before it): the latest text of an item is saved once, not once per autosave
  that piled up while a sync ran.
- **Results on the GUI thread.** `on_done(result)` or `on_failed(exc)` run on the GUI
  thread, in the order the jobs finished: delivered through a queued Qt signal, or at
  once by `wait()`.
- **Nothing left behind.** `wait()` blocks until every job has run and delivers their
  results, so switching item or meeting, a question about the data, or closing the
  window sees everything written. The thread ends whenever the queue is empty (and a new
  one starts with the next job), so an idle app holds no thread and no connection.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from csp_desktop.storage.database import Database

log = logging.getLogger(__name__)


@dataclass(eq=False)
class WriteJob:
    """One unit of work for the writer: `work(database)` opens its own transaction(s)."""

    key: str
    work: Callable[[Database], Any]
    on_done: Callable[[Any], None] | None = None
    on_failed: Callable[[Exception], None] | None = None
    result: Any = None
    error: Exception | None = None
    seconds: float = 0.0  # time spent in the transaction, on the worker thread
    superseded: list[WriteJob] = field(default_factory=list)


class BackgroundWriter(QObject):
    """Runs write jobs on one worker thread, results delivered on the GUI thread."""

    # Emitted on the GUI thread after a job's callback ran: (key, seconds, succeeded).
    job_finished = Signal(str, float, bool)
    # Emitted from the worker thread; connected queued, so `deliver` runs on the GUI thread.
    _finished_in_worker = Signal()

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self._lock = threading.Condition()
        self._queue: list[WriteJob] = []
        self._running: WriteJob | None = None
        self._finished: list[WriteJob] = []
        self._thread: threading.Thread | None = None
        self._finished_in_worker.connect(self.deliver, Qt.ConnectionType.QueuedConnection)

    # --- GUI thread ------------------------------------------------------------------------

    def submit(
        self,
        key: str,
        work: Callable[[Database], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[Exception], None] | None = None,
    ) -> WriteJob:
        """Queue `work(database)`, after every job queued so far.

        A job with the same key still waiting in the queue is dropped: this one replaces it.
        """
        job = WriteJob(key, work, on_done, on_failed)
        with self._lock:
            for queued in [queued for queued in self._queue if queued.key == key]:
                job.superseded = [*job.superseded, *queued.superseded, queued]
                self._queue.remove(queued)
            self._queue.append(job)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="csp-background-writer", daemon=True
                )
                self._thread.start()
        return job

    @property
    def busy(self) -> bool:
        """True while a job is queued or running (results may still be undelivered)."""
        with self._lock:
            return bool(self._queue or self._running)

    def pending(self, key: str) -> bool:
        """True while a job with this key is queued or running."""
        with self._lock:
            running = self._running is not None and self._running.key == key
            return running or any(job.key == key for job in self._queue)

    def wait(self) -> None:
        """Block until every submitted job has run, then deliver their results here."""
        with self._lock:
            while self._queue or self._running is not None:
                self._lock.wait()
        self.deliver()

    def deliver(self) -> None:
        """Run the callbacks of finished jobs, oldest first (GUI thread)."""
        while True:
            with self._lock:
                if not self._finished:
                    return
                job = self._finished.pop(0)
            try:
                if job.error is None:
                    if job.on_done is not None:
                        job.on_done(job.result)
                elif job.on_failed is not None:
                    job.on_failed(job.error)
                else:
                    log.error("Background write %s failed", job.key, exc_info=job.error)
            finally:
                self.job_finished.emit(job.key, job.seconds, job.error is None)

    # --- worker thread ---------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._thread = None  # a later submit starts a fresh thread
                    self._lock.notify_all()
                    return
                job = self._queue.pop(0)
                self._running = job
            started = time.perf_counter()
            try:
                job.result = job.work(self.database)
            except Exception as exc:  # reported on the GUI thread; the worker goes on
                job.error = exc
            finally:
                job.seconds = time.perf_counter() - started
                with self._lock:
                    self._running = None
                    self._finished.append(job)
                    self._lock.notify_all()
            try:
                self._finished_in_worker.emit()
            except RuntimeError:  # the app is closing and the writer's Qt side is gone
                return
