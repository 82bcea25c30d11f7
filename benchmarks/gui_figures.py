"""The in-window figures: typing into the minutes editor, and switching meeting and tab.

Run in a child process by `run.py` (`python benchmarks/gui_figures.py typing|switch ...`),
offscreen, on the app's real `MainWindow` built the way `csp-desktop` builds it. Prints
one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The editor's autosave timings (ui/minutes_editor.py): a save at most this long after the
# first unsaved keystroke while the typing goes on.
KEY_INTERVAL_MS = 100  # 10 characters a second
TICK_INTERVAL_MS = 1000  # the main window's clock tick

SENTENCES = (
    "The chair thanked partners for the update and asked for the figures by ward. ",
    "Members noted the fall in repeat victims and the new referral pathway. ",
    "It was agreed that the subgroup would bring the evaluation to the next board. ",
    "Partners raised the pressure on housing and the need for joint visits. ",
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def statement_counter(engine: Any) -> Iterator[list[int]]:
    """Count SQL statements sent through `engine` while the block runs."""
    from sqlalchemy import event

    count = [0]

    def before(*_args: Any) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", before)


def open_window(database: Path, scratch: Path) -> tuple[Any, Any]:
    """The app's main window on `database`, as `csp-desktop` builds it, at 1366x768."""
    from csp_desktop.app import DatabaseChoice, make_context
    from csp_desktop.ui.launch import _application, _build_window

    app = _application()
    if "://" in str(database):  # a server (benchmarks/engines.py)
        context = make_context(DatabaseChoice(database_url=str(database)))
    else:
        context = make_context(DatabaseChoice(db_path=str(database)))
    window = _build_window(context, read_only=False, settings_file=scratch / "settings.ini")
    window.resize(1366, 768)
    window.show()
    window.open_initial_meeting()
    app.processEvents()
    # The other tabs are imported and built in idle time after the first paint (issue 13):
    # let that finish, as it does while the note taker reads the first screen.
    warm_up = getattr(window, "warm_up", None)
    deadline = time.monotonic() + 60
    while warm_up is not None and not warm_up.done and time.monotonic() < deadline:
        app.processEvents()
    window._bench_context = context  # type: ignore[attr-defined]
    return app, window


def typing_text(names: list[str], length: int) -> str:
    """Minutes as a note taker types them: sentences, new lines, ACTION lines with owners."""
    parts: list[str] = []
    total = 0
    index = 0
    while total < length:
        if index % 4 == 3 and names:
            owner = names[index % len(names)]
            piece = f"\nACTION: {owner} to share the figures by ward before the next board.\n"
        else:
            piece = SENTENCES[index % len(SENTENCES)]
        parts.append(piece)
        total += len(piece)
        index += 1
    return "".join(parts)[:length]


class TaskTracer:
    """With `--trace`: each slow task printed on stderr, with what else was going on.

    For each task over `threshold_ms`: whether the background writer was busy when it
    started (the GIL is shared with it), and the garbage collections that ran during it
    (`gc.callbacks`: generation and milliseconds).
    """

    def __init__(self, threshold_ms: float = 8.0) -> None:
        self.enabled = False
        self.threshold_ms = threshold_ms
        self.writer: Any = None
        self._collections: list[tuple[int, float]] = []
        self._gc_started = 0.0
        self._wal_sequence = 0

    def start(self, writer: Any) -> None:
        import gc

        self.full_collection("before typing")
        self.writer = writer
        gc.callbacks.append(self._gc)

    def full_collection(self, when: str) -> None:
        """What a full (generation 2) collection costs now, printed."""
        import gc

        tracked = len(gc.get_objects())
        started = time.perf_counter()
        gc.collect()
        print(
            f"full garbage collection {when}: {(time.perf_counter() - started) * 1000:.1f} ms "
            f"over {tracked} tracked objects ({gc.get_freeze_count()} frozen)",
            file=sys.stderr,
        )

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            ms = (time.perf_counter() - self._gc_started) * 1000
            self._collections.append((info["generation"], ms))

    def writer_job(self, sync: bool, ms: float, database: Path) -> None:
        """A slow writer job, and whether SQLite checkpointed the WAL meanwhile.

        After a checkpoint the next commit starts the WAL file over: its header's
        checkpoint sequence number (bytes 12-15) goes up.
        """
        if not self.enabled:
            return
        wal = Path(f"{database}-wal")
        header = wal.read_bytes()[:16] if wal.exists() else b""
        sequence = int.from_bytes(header[12:16], "big") if len(header) == 16 else 0
        if (ms > self.threshold_ms or sequence != self._wal_sequence) and not sync:
            collections = ", ".join(f"gen{g} {t:.1f} ms" for g, t in self._collections)
            checkpoint = "WAL checkpointed" if sequence != self._wal_sequence else "no checkpoint"
            print(
                f"slow writer job (text): {ms:.1f} ms; {checkpoint}; gc: {collections or 'none'}",
                file=sys.stderr,
            )
        self._wal_sequence = sequence

    def timed(self, kind: str, step: Callable[[], Any], app: Any) -> float:
        if not self.enabled:
            return _timed(step, app)
        busy = bool(self.writer is not None and self.writer.busy)
        self._collections.clear()
        ms = _timed(step, app)
        if ms > self.threshold_ms:
            collections = ", ".join(f"gen{g} {t:.1f} ms" for g, t in self._collections)
            print(
                f"slow {kind}: {ms:.1f} ms; writer {'busy' if busy else 'idle'} at start; "
                f"gc: {collections or 'none'}",
                file=sys.stderr,
            )
        return ms


TRACER = TaskTracer()


def _timed(step: Callable[[], Any], app: Any) -> float:
    """Milliseconds for one event-loop task: the handler and the repaint it causes."""
    started = time.perf_counter()
    step()
    app.processEvents()
    return (time.perf_counter() - started) * 1000


def measure_typing(database: Path, characters: int, realtime_seconds: float) -> dict[str, Any]:
    """Type into the latest meeting's busiest item with autosave on.

    Compressed in time but honest about each task: every keystroke (key event, text
    change handling, completer, repaint) is timed as one event-loop task; the autosave
    runs where the editor's timer would fire at 10 characters a second (every 800 ms of
    typing) and is timed as one task; so is the window's one-second clock tick. The
    autosave only hands the text (and an ACTION sync) to the background writer; its
    jobs run on their own thread, timed there, while the next keystroke is typed at once
    (the GIL is shared, so that keystroke is where a stall would show). Between
    keystrokes the loop rests for the rest of the 100 ms only while the writer has work,
    as the real event loop does. A second, real-time segment types at 10 characters a
    second with the real timers and a 2 ms heartbeat timer, whose lateness is the
    event-loop stall as the user would feel it.
    """
    from PySide6.QtCore import QAbstractEventDispatcher, QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest
    from sqlalchemy import event

    from csp_desktop.services import agenda as agenda_service
    from csp_desktop.ui import minutes_editor as editor_module

    with tempfile.TemporaryDirectory() as scratch_name:
        app, window = open_window(database, Path(scratch_name))
        context = window._ui_context
        item_id = context.read(agenda_service.busiest_item_id, window.meeting_id)
        tab = window.agenda_tab
        if item_id is not None:
            tab.select_item(item_id)
        editor = tab.editor
        editor.setFocus()
        if TRACER.enabled:
            TRACER.start(context.background)
        editor.moveCursor(editor.textCursor().MoveOperation.End)
        app.processEvents()
        # A new paragraph first, as a note taker does, then sentences and ACTION lines.
        text = "\n\n" + typing_text(editor.names(), characters - 2)
        engine = context.database.engine

        key_ms: list[float] = []
        save_ms: list[float] = []
        save_sync_ms: list[float] = []
        tick_ms: list[float] = []
        virtual_ms = 0
        first_unsaved_ms: int | None = None
        next_tick_ms = TICK_INTERVAL_MS
        statements_per_save: list[int] = []

        def press(char: str) -> None:
            if char == "\n":
                QTest.keyClick(editor, Qt.Key.Key_Return)
            else:
                QTest.keyClicks(editor, char)

        # The writer thread's jobs (text save, then the ACTION sync when a line changed),
        # each timed and its SQL statements counted on that thread.
        background_jobs: list[tuple[bool, float, int]] = []
        statements_by_thread: dict[int, int] = {}

        def count_statement(*_args: Any) -> None:
            ident = threading.get_ident()
            statements_by_thread[ident] = statements_by_thread.get(ident, 0) + 1

        real_save_and_sync = editor_module.save_and_sync

        def timed_save_and_sync(*args: Any, sync: bool, **kwargs: Any) -> Any:
            ident = threading.get_ident()
            before = statements_by_thread.get(ident, 0)
            started = time.perf_counter()
            try:
                return real_save_and_sync(*args, sync=sync, **kwargs)
            finally:
                seconds = time.perf_counter() - started
                count = statements_by_thread.get(ident, 0) - before
                background_jobs.append((sync, seconds * 1000, count))
                TRACER.writer_job(sync, seconds * 1000, database)

        editor_module.save_and_sync = timed_save_and_sync  # type: ignore[assignment]
        event.listen(engine, "before_cursor_execute", count_statement)

        # The event loop as it runs between keystrokes: it wakes for a task ("awake", when
        # the writer gives way) and rests until the next (the writer runs at full speed).
        dispatcher = QAbstractEventDispatcher.instance()
        writer = context.background

        def task(kind: str, step: Callable[[], Any]) -> float:
            dispatcher.awake.emit()
            return TRACER.timed(kind, step, app)

        for char in text:
            cost = task("keystroke", lambda c=char: press(c))  # type: ignore[misc]
            key_ms.append(cost)
            editor._timer.stop()  # its moment is simulated below, in virtual time
            # The rest of this keystroke's 100 ms: idle, unless the writer has work. The
            # autosave and the tick fire at its end, and the next keystroke straight after
            # them, while their writes run: the worst moment for a keystroke.
            writer.wait_until_idle(max(0.0, KEY_INTERVAL_MS - cost) / 1000)
            if first_unsaved_ms is None and editor.is_dirty:
                first_unsaved_ms = virtual_ms
            virtual_ms += KEY_INTERVAL_MS
            if (
                first_unsaved_ms is not None
                and virtual_ms - first_unsaved_ms >= editor_module.AUTOSAVE_MAX_WAIT_MS
            ):
                lines_before = editor._last_action_lines
                gui_thread = threading.get_ident()
                statements_before = statements_by_thread.get(gui_thread, 0)
                cost = task("autosave", editor.save)
                synced = editor._last_action_lines != lines_before
                (save_sync_ms if synced else save_ms).append(cost)
                # The autosave's own statements on the GUI thread (the writer's are below).
                statements_per_save.append(
                    statements_by_thread.get(gui_thread, 0) - statements_before
                )
                first_unsaved_ms = None
            if virtual_ms >= next_tick_ms:
                tick_ms.append(task("tick", window._tick.timeout.emit))
                next_tick_ms += TICK_INTERVAL_MS
        editor.flush()  # waits for the writer: every job above has landed
        compressed_jobs = list(background_jobs)
        if TRACER.enabled:
            TRACER.full_collection("after typing")
        saved_text = context.read(agenda_service.item_minutes, editor.item_id)
        if not saved_text.endswith(text[-20:]):
            raise RuntimeError("the typed text was not saved")

        # Real time: the real autosave timer, and a heartbeat measuring the stall.
        heartbeat_gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]

        def beat() -> None:
            now = clock.nsecsElapsed()
            heartbeat_gaps.append((now - last[0]) / 1e6)
            last[0] = now

        heartbeat = QTimer()
        heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        heartbeat.setInterval(2)
        heartbeat.timeout.connect(beat)
        realtime_text = typing_text(editor.names(), int(realtime_seconds * 10))
        position = [0]

        def type_next() -> None:
            if position[0] >= len(realtime_text):
                typist.stop()
                QTimer.singleShot(1000, app.quit)  # let the last autosave happen
                return
            press(realtime_text[position[0]])
            position[0] += 1

        typist = QTimer()
        typist.setTimerType(Qt.TimerType.PreciseTimer)
        typist.setInterval(KEY_INTERVAL_MS)
        typist.timeout.connect(type_next)
        realtime_saves_before = len(save_ms)
        heartbeat.start()
        typist.start()
        last[0] = clock.nsecsElapsed()
        app.exec()
        heartbeat.stop()
        stalls = [max(0.0, gap - 2.0) for gap in heartbeat_gaps]
        del realtime_saves_before
        window.flush_all()
        event.remove(engine, "before_cursor_execute", count_statement)
        editor_module.save_and_sync = real_save_and_sync  # type: ignore[assignment]
        window.close()
        window._bench_context.close()

    tasks = key_ms + save_ms + save_sync_ms + tick_ms
    text_jobs = [ms for sync, ms, _ in compressed_jobs if not sync]
    sync_jobs = [ms for sync, ms, _ in compressed_jobs if sync]
    job_statements = [count for sync, _, count in compressed_jobs if sync]

    def summary(values: list[float]) -> dict[str, float]:
        return {
            "count": len(values),
            "median": statistics.median(values) if values else 0.0,
            "max": max(values, default=0.0),
        }

    return {
        "characters": len(text),
        "keystroke_ms": {
            "median": statistics.median(key_ms),
            "p99": percentile(key_ms, 0.99),
            "max": max(key_ms),
        },
        "autosave_ms": {
            "count": len(save_ms),
            "median": statistics.median(save_ms) if save_ms else 0.0,
            "max": max(save_ms, default=0.0),
        },
        "autosave_with_action_sync_ms": {
            "count": len(save_sync_ms),
            "median": statistics.median(save_sync_ms) if save_sync_ms else 0.0,
            "max": max(save_sync_ms, default=0.0),
        },
        "statements_per_autosave": {
            "min": min(statements_per_save, default=0),
            "max": max(statements_per_save, default=0),
        },
        "tick_ms": {
            "median": statistics.median(tick_ms) if tick_ms else 0.0,
            "max": max(tick_ms, default=0.0),
        },
        "stall_ms": {"p99": percentile(tasks, 0.99), "max": max(tasks)},
        # On the writer thread, not the GUI thread: keystrokes typed meanwhile are above.
        "background": {
            "text_save_ms": summary(text_jobs),
            "save_with_action_sync_ms": summary(sync_jobs),
            "statements_per_sync": {
                "min": min(job_statements, default=0),
                "max": max(job_statements, default=0),
            },
        },
        "realtime": {
            "seconds": realtime_seconds,
            "heartbeats": len(heartbeat_gaps),
            "stall_p99_ms": percentile(stalls, 0.99),
            "stall_max_ms": max(stalls, default=0.0),
        },
    }


def measure_switching(database: Path, meetings_to_visit: int) -> dict[str, Any]:
    """Switch between meetings spread over the archive, and through every tab of each.

    Each switch is timed from the request to the end of the repaint it causes, with the
    SQL statements it sent counted.
    """
    from csp_desktop.services import meetings as meetings_service

    with tempfile.TemporaryDirectory() as scratch_name:
        app, window = open_window(database, Path(scratch_name))
        context = window._ui_context
        engine = context.database.engine
        rows = context.read(meetings_service.list_meetings)
        step = max(1, len(rows) // meetings_to_visit)
        chosen = [row.id for row in rows[::step]][:meetings_to_visit]
        tab_names = list(window.tabs)
        meeting_ms: list[float] = []
        meeting_statements: list[int] = []
        tab_ms: dict[str, list[float]] = {name: [] for name in tab_names}
        tab_statements: dict[str, list[int]] = {name: [] for name in tab_names}
        warm = True
        for meeting_id in chosen:
            window.tab_widget.setCurrentIndex(0)
            app.processEvents()

            def switch(mid: int = meeting_id) -> None:
                window.navigator.select_meeting(mid)
                window.show_meeting(mid)

            with statement_counter(engine) as count:
                cost = _timed(switch, app)
            if warm:  # the first switch pays one-off imports and caches
                warm = False
            else:
                meeting_ms.append(cost)
                meeting_statements.append(count[0])
            for index, name in enumerate(tab_names[1:], start=1):
                with statement_counter(engine) as count:
                    cost = _timed(lambda i=index: window.tab_widget.setCurrentIndex(i), app)  # type: ignore[misc]
                tab_ms[name].append(cost)
                tab_statements[name].append(count[0])
        window.flush_all()
        window.close()
        window._bench_context.close()

    def summary(values: list[float]) -> dict[str, float]:
        return {"median": statistics.median(values), "max": max(values)}

    return {
        "meetings_in_archive": len(rows),
        "switches": len(meeting_ms),
        "meeting_ms": summary(meeting_ms),
        "meeting_statements": {"min": min(meeting_statements), "max": max(meeting_statements)},
        "tabs": {
            name: {
                **summary(tab_ms[name]),
                "statements_min": min(tab_statements[name]),
                "statements_max": max(tab_statements[name]),
            }
            for name in tab_names[1:]
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("figure", choices=("typing", "switch"))
    parser.add_argument("database", help="a file, or a database URL (switch only)")
    parser.add_argument("--characters", type=int, default=2000)
    parser.add_argument("--realtime-seconds", type=float, default=10.0)
    parser.add_argument("--meetings", type=int, default=12)
    parser.add_argument(
        "--trace", action="store_true", help="print each slow typing task on stderr"
    )
    args = parser.parse_args(argv)
    TRACER.enabled = args.trace
    database = args.database if "://" in args.database else Path(args.database)
    if args.figure == "typing":
        result = measure_typing(Path(database), args.characters, args.realtime_seconds)
    else:
        result = measure_switching(database, args.meetings)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stderr.flush()
    # Skip interpreter teardown: PySide6 can crash while collecting widgets at exit,
    # which would turn a finished measurement into a failed run.
    os._exit(code)
