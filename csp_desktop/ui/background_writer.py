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
- **Giving way to the GUI.** Python threads share one lock (the GIL), and a GUI task
  (a keystroke, the clock tick's repaint) calls into Python many times: while the writer
  runs Python code each call can wait for it (a 3 ms repaint took up to 25 ms). So the
  writer waits at each SQL statement while the GUI's event loop is handling events
  (between Qt's `awake` and `aboutToBlock`), up to `GIVE_WAY_BUDGET_S` per job in all,
  so a GUI that never rests delays a save by at most that.
- **Nothing left behind.** `wait()` blocks until every job has run and delivers their
  results, so switching item or meeting, a question about the data, or closing the
  window sees everything written. The thread ends whenever the queue is empty (and a new
  one starts with the next job), so an idle app holds no extra thread.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractEventDispatcher, QObject, Qt, Signal
from sqlalchemy import event

from csp_desktop.storage.database import Database

log = logging.getLogger(__name__)

# At each SQL statement the writer waits for the GUI's event loop to be idle, at most this
# long each time and this long in all per job (so a save is never held back much longer).
GIVE_WAY_WAIT_S = 0.02
GIVE_WAY_BUDGET_S = 0.1


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
        # Set while the GUI thread's event loop waits for events (see "Giving way").
        self._gui_idle = threading.Event()
        self._gui_idle.set()
        self._watching_gui = False
        self._worker_ident: int | None = None
        self._give_way_left = 0.0  # this job's remaining budget (worker thread only)
        # How many jobs were ever submitted per key (a retry can tell if a newer one came).
        self._submitted: dict[str, int] = {}

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
            self._submitted[key] = self._submitted.get(key, 0) + 1
            for queued in [queued for queued in self._queue if queued.key == key]:
                job.superseded = [*job.superseded, *queued.superseded, queued]
                self._queue.remove(queued)
            self._queue.append(job)
            if self._thread is None:
                self._watch_gui(True)
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
            return running or self.queued(key)

    def submissions(self, key: str) -> int:
        """How many jobs with this key were ever submitted."""
        with self._lock:
            return self._submitted.get(key, 0)

    def queued(self, key: str) -> bool:
        """True while a job with this key waits in the queue (not started yet)."""
        with self._lock:
            return any(job.key == key for job in self._queue)

    def wait(self) -> None:
        """Block until every submitted job has run, then deliver their results here."""
        self.wait_until_idle()
        self.deliver()

    def wait_until_idle(self, timeout: float | None = None) -> bool:
        """Block until no job is queued or running (results not delivered); False on timeout.

        The GUI thread counts as idle meanwhile, so the writer runs at full speed.
        """
        self._gui_idle.set()
        with self._lock:
            return self._lock.wait_for(lambda: not self._queue and self._running is None, timeout)

    def deliver(self) -> None:
        """Run the callbacks of finished jobs, oldest first (GUI thread)."""
        while True:
            with self._lock:
                if not self._finished:
                    if self._thread is None:
                        self._watch_gui(False)
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

    def _watch_gui(self, watch: bool) -> None:
        """Follow the GUI event loop's busy/idle state only while the writer has work."""
        if watch == self._watching_gui:
            return
        dispatcher = QAbstractEventDispatcher.instance(self.thread())
        if dispatcher is None:
            return
        direct = Qt.ConnectionType.DirectConnection
        if watch:
            self._gui_idle.clear()  # submitted from a GUI task, which is still running
            dispatcher.awake.connect(self._gui_awake, direct)
            dispatcher.aboutToBlock.connect(self._gui_about_to_block, direct)
        else:
            dispatcher.awake.disconnect(self._gui_awake)
            dispatcher.aboutToBlock.disconnect(self._gui_about_to_block)
            self._gui_idle.set()
        self._watching_gui = watch
        # The statements are where the writer gives way: listened to only while it has
        # work, so the engine keeps no hold on an idle (or closed) writer.
        if watch:
            event.listen(self.database.engine, "before_cursor_execute", self._give_way)
        else:
            event.remove(self.database.engine, "before_cursor_execute", self._give_way)

    def _gui_awake(self) -> None:
        self._gui_idle.clear()

    def _gui_about_to_block(self) -> None:
        self._gui_idle.set()

    # --- worker thread ---------------------------------------------------------------------

    def _give_way(self, *_args: Any) -> None:
        """On the writer thread, before a statement: let a busy GUI thread finish first."""
        if threading.get_ident() != self._worker_ident or self._give_way_left <= 0:
            return
        if self._gui_idle.is_set():
            return
        started = time.perf_counter()
        self._gui_idle.wait(min(GIVE_WAY_WAIT_S, self._give_way_left))
        self._give_way_left -= time.perf_counter() - started

    def _work(self) -> None:
        self._worker_ident = threading.get_ident()
        while True:
            with self._lock:
                if not self._queue:
                    self._thread = None  # a later submit starts a fresh thread
                    self._lock.notify_all()
                    break
                job = self._queue.pop(0)
                self._running = job
            started = time.perf_counter()
            self._give_way_left = GIVE_WAY_BUDGET_S
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
            self._notify_gui()
        self._notify_gui()  # idle now: the GUI thread stops watching its event loop

    def _notify_gui(self) -> None:
        # RuntimeError: the app is closing and the writer's Qt side is gone.
        with contextlib.suppress(RuntimeError):
            self._finished_in_worker.emit()
