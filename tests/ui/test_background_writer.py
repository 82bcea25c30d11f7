"""The background writer: one thread, jobs in order, superseding, results on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event, text

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.paths import AppPaths
from csp_desktop.storage import Database
from csp_desktop.ui import background_writer
from csp_desktop.ui.background_writer import BackgroundWriter
from csp_desktop.ui.context import UiContext


@pytest.fixture
def writer(db: Database) -> Iterator[BackgroundWriter]:
    with db.transaction() as session:
        session.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, words TEXT)"))
    writer = BackgroundWriter(db)
    yield writer
    writer.wait()


def insert(words: str) -> Any:
    def work(database: Database) -> int:
        with database.transaction() as session:
            session.execute(text("INSERT INTO note (words) VALUES (:w)"), {"w": words})
            return threading.get_ident()

    return work


def notes(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(text("SELECT words FROM note ORDER BY id")))


def blocker(gate: threading.Event, started: threading.Event) -> Any:
    """A job that holds the writer until the test opens the gate."""

    def work(_database: Database) -> None:
        started.set()
        gate.wait(10)

    return work


def test_jobs_run_in_order_off_the_gui_thread_and_report_back_on_it(
    qtbot: QtBot, writer: BackgroundWriter, db: Database
) -> None:
    workers: list[int] = []
    delivered_on: list[int] = []

    def done(ident: int) -> None:
        workers.append(ident)
        delivered_on.append(threading.get_ident())

    for words in ("one", "two", "three"):
        writer.submit(f"note:{words}", insert(words), on_done=done)
    with qtbot.waitSignal(writer.job_finished, timeout=5000) as finished:
        pass
    qtbot.waitUntil(lambda: len(workers) == 3, timeout=5000)

    assert finished.args is not None and finished.args[2] is True
    assert notes(db) == ["one", "two", "three"]
    assert threading.get_ident() not in workers  # the work ran on the writer's thread
    assert set(delivered_on) == {threading.get_ident()}  # the results came back here
    qtbot.waitUntil(lambda: not writer.busy, timeout=5000)


def test_a_queued_job_is_replaced_by_a_later_one_with_the_same_key(
    writer: BackgroundWriter, db: Database
) -> None:
    gate, started = threading.Event(), threading.Event()
    writer.submit("hold", blocker(gate, started))
    assert started.wait(5)
    outcomes: list[str] = []
    writer.submit("minutes:1", insert("first draft"), on_done=lambda _r: outcomes.append("1"))
    writer.submit("other", insert("another item"), on_done=lambda _r: outcomes.append("o"))
    replacing = writer.submit(
        "minutes:1", insert("final text"), on_done=lambda _r: outcomes.append("2")
    )
    assert writer.queued("minutes:1") and writer.pending("minutes:1")

    gate.set()
    writer.wait()

    # The replaced draft never ran; the latest went after everything queued before it.
    assert notes(db) == ["another item", "final text"]
    assert outcomes == ["o", "2"]
    assert [job.key for job in replacing.superseded] == ["minutes:1"]
    assert not writer.pending("minutes:1")


def test_wait_blocks_until_every_job_has_landed_and_delivers_the_results(
    writer: BackgroundWriter, db: Database
) -> None:
    gate, started = threading.Event(), threading.Event()
    writer.submit("hold", blocker(gate, started))
    assert started.wait(5)
    landed: list[int] = []
    writer.submit("note", insert("typed a moment ago"), on_done=landed.append)
    assert writer.busy and notes(db) == []

    gate.set()
    writer.wait()

    assert notes(db) == ["typed a moment ago"] and len(landed) == 1
    assert not writer.busy


def test_a_failed_job_is_reported_and_the_next_one_still_runs(
    writer: BackgroundWriter, db: Database
) -> None:
    failures: list[Exception] = []

    def refuse(_database: Database) -> None:
        raise UserError("The disk is full.")

    writer.submit("bad", refuse, on_failed=failures.append)
    writer.submit("good", insert("saved after the failure"))
    writer.wait()

    assert [str(f) for f in failures] == ["The disk is full."]
    assert notes(db) == ["saved after the failure"]


def test_the_thread_ends_when_there_is_nothing_to_do(
    qtbot: QtBot, writer: BackgroundWriter, db: Database
) -> None:
    writer.submit("note", insert("one"))
    writer.wait()
    qtbot.waitUntil(lambda: writer._thread is None, timeout=5000)
    assert not any(t.name == "csp-background-writer" and t.is_alive() for t in _writers(writer))
    writer.submit("note", insert("two"))  # and a new one starts with the next job
    writer.wait()
    assert notes(db) == ["one", "two"]


def _writers(writer: BackgroundWriter) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t is writer._thread]


def test_the_writer_gives_way_while_the_gui_event_loop_is_busy(
    writer: BackgroundWriter, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between Qt's `awake` and `aboutToBlock` the writer waits before each statement."""
    monkeypatch.setattr(background_writer, "GIVE_WAY_WAIT_S", 30.0)
    monkeypatch.setattr(background_writer, "GIVE_WAY_BUDGET_S", 30.0)
    writer._watch_gui(True)  # as when a job is submitted from a GUI task, still running
    statement_ran = threading.Event()

    def ran(*_args: Any) -> None:
        if threading.get_ident() != main_thread:
            statement_ran.set()

    main_thread = threading.get_ident()
    event.listen(db.engine, "before_cursor_execute", ran)  # after the writer's own hook
    try:
        writer.submit("note", insert("written once the GUI rests"))
        assert not statement_ran.wait(0.2)  # held back: the GUI thread is busy
        writer._gui_about_to_block()  # the event loop has nothing to do
        assert statement_ran.wait(5)
        writer.wait()
    finally:
        event.remove(db.engine, "before_cursor_execute", ran)
    assert notes(db) == ["written once the GUI rests"]


def test_gui_thread_writes_wait_for_the_background_writes_first(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        session.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, words TEXT)"))
    context = UiContext(db, FakeClock(), AppPaths(tmp_path / "data", False))
    gate, started = threading.Event(), threading.Event()
    context.run_in_background("hold", blocker(gate, started))
    assert started.wait(5)
    context.run_in_background("note", insert("typed first"))
    gate.set()

    def write_second(session: Any) -> None:
        session.execute(text("INSERT INTO note (words) VALUES ('written second')"))

    context.write(write_second)
    assert notes(db) == ["typed first", "written second"]


def test_the_engine_listens_for_the_writer_only_while_it_has_work(
    qtbot: QtBot, writer: BackgroundWriter, db: Database
) -> None:
    """The give-way hook is removed once the writer is idle: the engine keeps no hold on
    an idle or closed writer (ui/runtime.py lists the process-wide settings)."""
    assert not event.contains(db.engine, "before_cursor_execute", writer._give_way)
    writer.submit("note", insert("one"))
    assert event.contains(db.engine, "before_cursor_execute", writer._give_way)
    writer.wait()
    qtbot.waitUntil(lambda: writer._thread is None, timeout=5000)
    writer.deliver()
    assert not event.contains(db.engine, "before_cursor_execute", writer._give_way)
    writer.submit("note", insert("two"))  # and back with the next job
    writer.wait()
    assert notes(db) == ["one", "two"]


def test_a_stopped_writer_ends_its_thread_and_still_runs_a_late_save(
    qtbot: QtBot, db: Database
) -> None:
    """The window closing stops it (MainWindow.closeEvent): queued work finishes first,
    then the thread ends; a save made after that (while closing) still runs, on a new
    thread, and waiting for it never hangs."""
    ran: list[str] = []
    writer = BackgroundWriter(db)
    writer.submit("first", lambda _database: ran.append("first"))
    worker = writer._thread
    writer.stop()
    assert ran == ["first"]
    assert writer.stopped
    assert worker is not None and not worker.is_alive()
    writer.submit("later", lambda _database: ran.append("later"))
    assert not writer.stopped
    writer.wait()
    assert ran == ["first", "later"]
