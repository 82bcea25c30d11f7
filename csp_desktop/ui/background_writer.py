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
- **Never waiting on the network.** With a server (PostgreSQL), a job that fails because
  the server cannot be reached (`storage/unreachable.py`) is not reported as a failure:
  it waits at the head of the queue, the writer is *offline* (`connection_changed`), and
  it is tried again after a pause that grows to `RETRY_MAX_S`; jobs submitted meanwhile
  queue behind it (superseding still applies), and once the server answers they run in
  order. `wait()` does not wait for an offline writer. Saves given a `replay` are also
  written to the local journal (`save_journal.py`), so a crash during the outage loses
  none of them: the next start replays them (`replay_journal`). A SQLite file is local:
  neither applies.
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
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractEventDispatcher, QObject, Qt, Signal
from sqlalchemy import event

from csp_desktop.storage.database import Database
from csp_desktop.storage.unreachable import server_unreachable

if TYPE_CHECKING:  # the journal is for a team database: read when one is opened
    from csp_desktop.ui.save_journal import Replay, SaveJournal

log = logging.getLogger(__name__)

# At each SQL statement the writer waits for the GUI's event loop to be idle, at most this
# long each time and this long in all per job (so a save is never held back much longer).
GIVE_WAY_WAIT_S = 0.02
GIVE_WAY_BUDGET_S = 0.1
# A server that cannot be reached is tried again after this pause, doubled after each
# failure up to the maximum (a note taker sees "Offline" within one attempt, and the
# saves go through within a few seconds of the network coming back).
RETRY_FIRST_S = 0.5
RETRY_MAX_S = 4.0


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
    replay: Replay | None = None  # how to run it again from the journal after a restart
    journal_id: int | None = None  # its line in the journal, while it is not done
    change: bool = True  # False for a read: not counted among the changes waiting


class BackgroundWriter(QObject):
    """Runs write jobs on one worker thread, results delivered on the GUI thread."""

    # Emitted on the GUI thread after a job's callback ran: (key, seconds, succeeded).
    job_finished = Signal(str, float, bool)
    # Emitted on the GUI thread when the writer goes offline or back online, and when the
    # number of saves waiting for the server changes (`offline`, `waiting`).
    connection_changed = Signal()
    # Emitted from the worker thread; connected queued, so `deliver` runs on the GUI thread.
    _finished_in_worker = Signal()
    _connection_changed_in_worker = Signal()

    def __init__(
        self,
        database: Database,
        parent: QObject | None = None,
        *,
        journal: SaveJournal | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.journal = journal
        self._lock = threading.Condition()
        self._queue: list[WriteJob] = []
        self._running: WriteJob | None = None
        self._finished: list[WriteJob] = []
        self._thread: threading.Thread | None = None
        self._finished_in_worker.connect(self.deliver, Qt.ConnectionType.QueuedConnection)
        self._connection_changed_in_worker.connect(
            self.connection_changed, Qt.ConnectionType.QueuedConnection
        )
        # Offline: only a server can be unreachable (a SQLite file fails for real).
        self._may_go_offline = not database.is_sqlite
        self._offline = False
        self._failures = 0  # attempts in a row that found the server unreachable
        self._retry_at: float | None = None  # time.monotonic() of the next attempt
        self.last_unreachable: str = ""  # what the driver said, for the log and tooltip
        self.replayed_from_journal = 0
        # Set while the GUI thread's event loop waits for events (see "Giving way").
        self._gui_idle = threading.Event()
        self._gui_idle.set()
        self._watching_gui = False
        self._worker_ident: int | None = None
        self._give_way_left = 0.0  # this job's remaining budget (worker thread only)
        # How many jobs were ever submitted per key (a retry can tell if a newer one came).
        self._submitted: dict[str, int] = {}
        # Set by `stop` (the window closed) until the next submit: the worker thread ends
        # rather than wait for the server, and says nothing more to the Qt side.
        self._stopped = False

    # --- GUI thread ------------------------------------------------------------------------

    def submit(
        self,
        key: str,
        work: Callable[[Database], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[Exception], None] | None = None,
        replay: Replay | None = None,
        change: bool = True,
    ) -> WriteJob:
        """Queue `work(database)`, after every job queued so far.

        A job with the same key still waiting in the queue is dropped: this one replaces it.
        With a `replay` (and a journal: a server database), the save is also kept in the
        local journal until it has landed. `change=False` for a read (not counted in
        `waiting`, the changes the status bar says are waiting for the server).
        """
        job = WriteJob(key, work, on_done, on_failed, replay=replay, change=change)
        if self.journal is not None and replay is not None:
            job.journal_id = self.journal.append(key, replay)
        with self._lock:
            self._stopped = False  # work after `stop` (a late save) still runs
            self._submitted[key] = self._submitted.get(key, 0) + 1
            self._enqueue(job)
            if self._thread is None:
                self._watch_gui(True)
            self._start_thread()
            offline = self._offline
        if offline:  # one more (or one fewer) save waiting: the status bar says so
            self.connection_changed.emit()
        return job

    def replay_journal(
        self,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[Exception], None] | None = None,
    ) -> int:
        """Queue the saves a previous run left in the journal (the server was unreachable
        when it stopped), in their order; how many."""
        if self.journal is None:
            return 0
        entries = self.journal.pending()
        jobs: list[WriteJob] = []
        for entry in entries:
            try:
                function = entry.replay.resolve()
            except (ValueError, ImportError, AttributeError):
                log.error("A save in the journal cannot be replayed: %s", entry.replay.function)
                continue
            arguments = dict(entry.replay.arguments)

            def work(database: Database, run: Any = function, kwargs: Any = arguments) -> Any:
                return run(database, **kwargs)

            job = WriteJob(entry.key, work, on_done, on_failed, replay=entry.replay)
            job.journal_id = entry.id
            jobs.append(job)
        self.journal.adopt([job.journal_id for job in jobs if job.journal_id is not None])
        with self._lock:
            for job in jobs:
                self._submitted[job.key] = self._submitted.get(job.key, 0) + 1
                self._enqueue(job)
            if jobs:
                self._start_thread()
        self.replayed_from_journal = len(jobs)
        if jobs:
            log.warning("Saving %d change(s) kept in the local journal from last time", len(jobs))
        return len(jobs)

    def _enqueue(self, job: WriteJob) -> None:
        """Queue a job, replacing any queued one of its key (lock held)."""
        replaced: list[int] = []
        for queued in [queued for queued in self._queue if queued.key == job.key]:
            job.superseded = [*job.superseded, *queued.superseded, queued]
            self._queue.remove(queued)
            if queued.journal_id is not None:
                replaced.append(queued.journal_id)
        if replaced and self.journal is not None:
            self.journal.done(*replaced)  # the new save carries the same item's words
        self._queue.append(job)

    def _start_thread(self) -> None:
        """A worker thread for the queue, unless one runs (lock held)."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._work, name="csp-background-writer", daemon=True
            )
            self._thread.start()

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

    @property
    def offline(self) -> bool:
        """True while the server cannot be reached and saves wait for it."""
        with self._lock:
            return self._offline

    @property
    def waiting(self) -> int:
        """How many changes wait to be saved (after coalescing), counting one being tried."""
        with self._lock:
            jobs = [*self._queue, *([self._running] if self._running else [])]
            return sum(job.change for job in jobs)

    def waiting_for_server(self, key: str) -> bool:
        """True if the writer is offline and a job with this key waits for the server."""
        with self._lock:
            return self._offline and self.pending(key)

    def pending_replay(self, key: str) -> Replay | None:
        """The replay of the latest job with this key not yet landed (its words are newer
        than the database's), or None."""
        with self._lock:
            jobs = [*([self._running] if self._running else []), *self._queue]
            latest = [job for job in jobs if job.key == key]
            return latest[-1].replay if latest else None

    def retry_now(self) -> None:
        """Offline: try the server again now rather than at the next scheduled attempt."""
        with self._lock:
            if self._offline:
                self._retry_at = None
                self._lock.notify_all()

    def stop(self, *, drain_s: float = 2.0) -> None:
        """The window is closing: let queued jobs finish (for up to `drain_s`; at once when
        offline, their saves being in the journal for the next start), then end the worker
        thread before this object goes. A later submit (a save made while closing) starts
        a thread again: no work is ever refused.

        Without it an offline writer's thread went on retrying after its window was gone
        and signalled a deleted Qt object when the server came back (a crash, seen once
        in a test process that outlived two windows)."""
        self.wait_until_idle(drain_s)
        with self._lock:
            self._stopped = True
            self._lock.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(drain_s)
        self._watch_gui(False)

    @property
    def stopped(self) -> bool:
        return self._stopped

    def wait(self) -> None:
        """Block until every submitted job has run, then deliver their results here."""
        self.wait_until_idle()
        self.deliver()

    def wait_until_idle(self, timeout: float | None = None) -> bool:
        """Block until no job is queued or running (results not delivered); False on timeout.

        The GUI thread counts as idle meanwhile, so the writer runs at full speed. An
        offline writer is not waited for (its jobs wait for the server, in the journal
        when they have a replay): True at once, after one more attempt is asked for.
        """
        self._gui_idle.set()
        self.retry_now()
        with self._lock:
            idle = self._lock.wait_for(
                lambda: (
                    (not self._queue and self._running is None)
                    or self._offline
                    or (self._stopped and self._thread is None)
                ),
                timeout,
            )
            offline = self._offline
        if offline and self.journal is not None:
            self.journal.flush()  # closing the app now keeps every waiting save
        return idle

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

    def _next_job(self) -> WriteJob | None:
        """The job to run next, once any offline pause is over; None when the queue is
        empty (the thread then ends)."""
        with self._lock:
            while True:
                if not self._queue or self._stopped:
                    self._thread = None  # a later submit starts a fresh thread
                    self._lock.notify_all()
                    return None
                if self._retry_at is None or time.monotonic() >= self._retry_at:
                    job = self._queue.pop(0)
                    self._running = job
                    return job
                self._lock.wait(max(0.0, self._retry_at - time.monotonic()))

    def _work(self) -> None:
        self._worker_ident = threading.get_ident()
        while (job := self._next_job()) is not None:
            started = time.perf_counter()
            self._give_way_left = GIVE_WAY_BUDGET_S
            error: Exception | None = None
            try:
                job.result = job.work(self.database)
            except Exception as exc:  # reported on the GUI thread; the worker goes on
                error = exc
            job.seconds = time.perf_counter() - started
            if error is not None and self._may_go_offline and server_unreachable(error):
                self._wait_for_server(job, error)
                continue
            job.error = error
            with self._lock:
                self._running = None
                self._finished.append(job)
                back_online = self._offline
                self._offline = False
                self._failures = 0
                self._retry_at = None
                self._lock.notify_all()
            if job.journal_id is not None and self.journal is not None:
                self.journal.done(job.journal_id)
            if back_online:
                log.warning("The database server answers again; saving what waited")
                self._emit_connection_changed()
            self._notify_gui()
        self._notify_gui()  # idle now: the GUI thread stops watching its event loop

    def _wait_for_server(self, job: WriteJob, error: Exception) -> None:
        """The server could not be reached: the job goes back to the head of the queue and
        waits for the next attempt. (Kept even if a newer job of its key was queued while
        it ran: that one was made without knowing this one would not land, and may count
        on it, say for an ACTION sync; a later submit may still replace it.)"""
        with self._lock:
            self._running = None
            self._queue.insert(0, job)
            going_offline = not self._offline
            self._offline = True
            self._failures += 1
            pause = min(RETRY_MAX_S, RETRY_FIRST_S * 2 ** (self._failures - 1))
            self._retry_at = time.monotonic() + pause
            self.last_unreachable = str(getattr(error, "orig", None) or error).strip()
            self._lock.notify_all()
        if going_offline:
            log.warning("The database server cannot be reached: %s", self.last_unreachable)
            self._emit_connection_changed()

    def _emit_connection_changed(self) -> None:
        if self._stopped:
            return
        with contextlib.suppress(RuntimeError):  # the app is closing
            self._connection_changed_in_worker.emit()

    def _notify_gui(self) -> None:
        if self._stopped:
            return
        # RuntimeError: the app is closing and the writer's Qt side is gone.
        with contextlib.suppress(RuntimeError):
            self._finished_in_worker.emit()
