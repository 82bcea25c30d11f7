"""Crash-safety harness: the real minutes editor types continuously and is killed with SIGKILL.

Run as a "zygote" process (`python -m tests.reliability.autosave_typist serve DB`): it imports
Qt, SQLAlchemy and the app once, then for each `type ITEM_ID` command on stdin forks a child
that builds a real `QApplication` (offscreen), `UiContext` and `MinutesEditor` on the
database, loads the agenda item and types into it with real key events (`QTest.keyClick`)
at a steady pace, no pauses. Autosave is the editor's own (its QTimer, its service call
`agenda.save_item_minutes` -> `minutes.save_minutes` + ACTION sync, its transaction).
Forking keeps each start-up to a few milliseconds, so 50+ kills fit in well under a minute;
each child is still a separate process killed with SIGKILL, exactly as when a laptop dies.

The child reports on stdout, one line per event, with `time.monotonic()` (shared by all
processes on the machine):
    child PID                 (from the zygote, after fork)
    start LEN T               text length when loaded
    key LEN T                 after each keystroke
    saved LEN T               after each committed save (LEN = length saved)

`run_crash_loop()` drives it and measures; `python -m tests.reliability.autosave_typist
report --kills 200` prints the figures used in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import queue
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
KEY_INTERVAL_MS = 30  # about 33 characters a second: faster than any note taker

PARAGRAPHS = (
    "Councillor Ghani welcomed everyone and noted apologies from the Borough Commander.",
    "The board discussed the strategic assessment: knife crime fell 12% year on year, "
    "while reports of domestic abuse rose; partners said the rise reflects more confidence "
    "in reporting.",
    "ACTION: Andy Opie to circulate the strategic assessment to partners by 31 October.",
    "- Serious violence duty: the needs assessment is due in January.",
    "- Drugs partnership: Combating Drugs Partnership profile to come to the next board.",
    "Stuart Bell questioned whether the Street Space consultation had reached young people "
    "in Tottenham; officers confirmed two sessions at the youth hub.",
    "ACTION: Chris Lyons and partners to share the VAWG survey results in December.",
    "The board approved the recommendation to refresh the plan for 2022–2025 (café notes, "
    "naïve counts and ‘quoted’ words kept as typed).",
)


def typing_stream(item_id: int, length: int = 20_000) -> str:
    """The text typed into an item: deterministic, so the parent knows every character."""
    rng = random.Random(item_id)
    parts: list[str] = []
    total = 0
    while total < length:
        paragraph = rng.choice(PARAGRAPHS)
        parts.append(paragraph + "\n")
        total += len(paragraph) + 1
    return "".join(parts)[:length]


def prepare_database(path: Path, items: int = 3) -> list[int]:
    """A board meeting with attendees (ACTION owners resolve) and `items` empty agenda items."""
    from csp_desktop.models import AttendanceStatus
    from csp_desktop.storage import open_database
    from tests.factories import make_body, make_meeting, make_person, mark

    database = open_database(path)
    with database.transaction() as session:
        meeting = make_meeting(
            session,
            make_body(session),
            dt.date(2022, 10, 5),
            items=[f"Topic {n}" for n in range(1, items + 1)],
        )
        for name in ("Andy Opie", "Chris Lyons", "Stuart Bell"):
            mark(session, meeting, make_person(session, name), AttendanceStatus.PRESENT)
        item_ids = [item.id for item in meeting.items]
    database.close()
    return item_ids


# --- the zygote and its children ---------------------------------------------------------


def _emit(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))  # unbuffered: nothing duplicated across fork


def serve(database_path: Path) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Import everything once; children inherit it through fork.
    from PySide6.QtCore import Qt, QTimer  # noqa: F401
    from PySide6.QtTest import QTest  # noqa: F401
    from PySide6.QtWidgets import QApplication  # noqa: F401

    import csp_desktop.services.actions
    import csp_desktop.services.agenda
    import csp_desktop.services.minutes
    import csp_desktop.storage.database
    import csp_desktop.ui.context
    import csp_desktop.ui.minutes_editor  # noqa: F401
    from csp_desktop.usecases.open_database import record_mapping_steps

    # As the window does in its first idle moment after the paint (the editor alone has
    # no warm-up): the first autosave must not also pay for configuring the ORM.
    for step in record_mapping_steps():
        step()
    sys.stdout.flush()
    _emit("ready")
    child = 0
    try:
        for command in sys.stdin:
            words = command.split()
            if not words:
                continue
            if words[0] == "type":
                child = os.fork()
                if child == 0:
                    try:
                        _type(database_path, int(words[1]))
                    finally:
                        os._exit(0)
                _emit(f"child {child}")
            elif words[0] == "reap":
                _pid, status = os.waitpid(int(words[1]), 0)
                child = 0
                _emit(f"reaped {status}")
            elif words[0] == "quit":
                return
    finally:
        if child:  # the driver went away mid-run: never leave a typist behind
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)


def _type(database_path: Path, item_id: int) -> None:
    """Child: open the app's editor on one item and type continuously until killed."""
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from csp_desktop.clock import SystemClock
    from csp_desktop.paths import AppPaths
    from csp_desktop.storage.database import open_database
    from csp_desktop.ui.context import UiContext
    from csp_desktop.ui.minutes_editor import MinutesEditor

    app = QApplication(["autosave-typist"])
    database = open_database(database_path)
    context = UiContext(database, SystemClock(), AppPaths(database_path.parent, False))
    editor = MinutesEditor(context)
    editor.ask = lambda _title, _question: False  # never delete an action record
    editor.load_item(item_id)
    editor.show()
    editor.setFocus()
    stream = typing_stream(item_id)
    typed = editor.toPlainText()
    if not stream.startswith(typed):
        _emit(f"mismatch {len(typed)} {time.monotonic()}")
        return
    position = len(typed)
    pending_save: list[int] = []

    def saving() -> None:
        pending_save.append(len(editor.toPlainText()))
        _emit(f"saving {pending_save[-1]} {time.monotonic()}")

    context.saving.connect(saving)
    context.saved.connect(lambda: _emit(f"saved {pending_save.pop()} {time.monotonic()}"))
    context.save_failed.connect(lambda message: _emit(f"failed {message!r}"))
    _emit(f"start {position} {time.monotonic()}")

    def keystroke() -> None:
        nonlocal position
        if position >= len(stream):
            timer.stop()
            return
        char = stream[position]
        if char == "\n":
            QTest.keyClick(editor, Qt.Key.Key_Return)
        elif char.isascii():
            QTest.keyClicks(editor, char)
        else:  # QTest only maps ASCII to keys; a real keyboard sends the text with the event
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                )
        position += 1
        _emit(f"key {len(editor.toPlainText())} {time.monotonic()}")

    timer = QTimer()
    timer.setInterval(KEY_INTERVAL_MS)
    timer.timeout.connect(keystroke)
    timer.start()
    # If the zygote dies (the driver was interrupted), stop rather than type on for minutes.
    zygote = os.getppid()
    watchdog = QTimer()
    watchdog.setInterval(200)
    watchdog.timeout.connect(lambda: app.quit() if os.getppid() != zygote else None)
    watchdog.start()
    app.exec()


# --- the parent: kill, check, measure ----------------------------------------------------


@dataclass
class KillRecord:
    run: int
    item_id: int
    typed: int  # characters on screen at the kill
    saved: int  # characters found in the database afterwards
    loss_seconds: float  # how long the note taker typed the text that was lost
    integrity: str
    check_ok: bool
    prefix_ok: bool  # the saved text is exactly the start of what was typed
    events: list[str] = field(default_factory=list)  # the child's last reports, for diagnosis


@dataclass
class CrashReport:
    kills: list[KillRecord] = field(default_factory=list)
    elapsed_seconds: float = 0.0

    @property
    def corruptions(self) -> int:
        return sum(1 for k in self.kills if k.integrity != "ok" or not k.prefix_ok)

    @property
    def check_failures(self) -> int:
        return sum(1 for k in self.kills if not k.check_ok)

    @property
    def worst_loss_seconds(self) -> float:
        return max((k.loss_seconds for k in self.kills), default=0.0)

    @property
    def worst_loss_chars(self) -> int:
        return max((k.typed - k.saved for k in self.kills), default=0)

    def summary(self) -> dict[str, object]:
        losses = [k.loss_seconds for k in self.kills]
        return {
            "kills": len(self.kills),
            "corruptions": self.corruptions,
            "check_failures": self.check_failures,
            "worst_loss_seconds": round(self.worst_loss_seconds, 3),
            "median_loss_seconds": round(statistics.median(losses), 3) if losses else 0.0,
            "worst_loss_characters": self.worst_loss_chars,
            "characters_saved": sum(k.saved for k in self.kills[-3:]),
            "elapsed_seconds": round(self.elapsed_seconds, 1),
        }


class _Zygote:
    def __init__(self, database: Path) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO_ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.autosave_typist", "serve", str(database)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=REPO_ROOT,
            env=env,
        )
        self.lines: queue.Queue[tuple[str, float]] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.expect("ready", timeout=60)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.put((raw.decode("utf-8").strip(), time.monotonic()))
        self.lines.put(("eof", time.monotonic()))

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((command + "\n").encode("utf-8"))
        self.process.stdin.flush()

    def expect(self, word: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            line, _ = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            if line.startswith(word):
                return line
            if line == "eof" or line.startswith(("mismatch", "failed")):
                raise RuntimeError(f"typist said {line!r} while waiting for {word!r}")

    def close(self) -> None:
        try:
            self.send("quit")
            self.process.wait(timeout=10)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()


def _saved_text(database: Path, item_id: int) -> tuple[str, str]:
    # A plain sqlite3 connection, as any tool would open the file after the crash.
    connection = sqlite3.connect(database)
    try:
        integrity = str(connection.execute("PRAGMA integrity_check").fetchone()[0])
        row = connection.execute(
            "SELECT minutes_text FROM agenda_item WHERE id = ?", (item_id,)
        ).fetchone()
    finally:
        connection.close()
    return integrity, str(row[0] if row else "")


def _run_check(database: Path) -> bool:
    """`csp-desktop check` on the file, in this process (same code as the command)."""
    import contextlib
    import importlib.util
    import io

    if importlib.util.find_spec("csp_desktop.commands.check") is None:
        # Until the `check` command lands: the same service it runs.
        from csp_desktop.services.integrity import check_database
        from csp_desktop.storage import open_database

        opened = open_database(database)
        try:
            return check_database(opened).ok
        finally:
            opened.close()
    from csp_desktop.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["--db", str(database), "check"]) == 0


def run_crash_loop(
    database: Path,
    kills: int,
    *,
    seed: int = 2022,
    max_delay: float = 1.6,
    run_check: bool = True,
) -> CrashReport:
    """Type, kill at a random moment, check, `kills` times over; return the figures."""
    rng = random.Random(seed)
    item_ids = prepare_database(database)
    report = CrashReport()
    started = time.monotonic()
    zygote = _Zygote(database)
    try:
        for run in range(kills):
            item_id = item_ids[run % len(item_ids)]
            zygote.send(f"type {item_id}")
            pid = int(zygote.expect("child").split()[1])
            keys: dict[int, float] = {}
            events: list[str] = []
            typed = int(zygote.expect("start").split()[1])
            deadline = time.monotonic() + rng.uniform(0.0, max_delay)
            # Collect keystroke times until the kill moment.
            while (remaining := deadline - time.monotonic()) > 0:
                try:
                    line, _ = zygote.lines.get(timeout=remaining)
                except queue.Empty:
                    break
                events.append(line)
                words = line.split()
                if words[0] == "key":
                    typed = int(words[1])
                    keys.setdefault(typed, float(words[2]))
                elif words[0] in ("mismatch", "failed", "eof"):
                    raise RuntimeError(f"typist said {line!r}")
            os.kill(pid, signal.SIGKILL)
            killed_at = time.monotonic()
            zygote.send(f"reap {pid}")
            zygote.expect("reaped")
            # Keystrokes reported just before the kill landed.
            while not zygote.lines.empty():
                late = zygote.lines.get_nowait()[0]
                events.append(late)
                words = late.split()
                if words and words[0] == "key":
                    typed = int(words[1])
                    keys.setdefault(typed, float(words[2]))

            integrity, text = _saved_text(database, item_id)
            stream = typing_stream(item_id)
            saved = len(text)
            # The lost text spans from the first lost keystroke to the last one typed. (Time
            # after the last keystroke, e.g. the child starved of CPU on a busy machine, loses
            # nothing, so it does not count.)
            lost_from = keys.get(saved + 1)
            last_key = max(keys.values(), default=killed_at)
            loss = max(0.0, last_key - lost_from) if lost_from is not None else 0.0
            check_ok = _run_check(database) if run_check else True
            report.kills.append(
                KillRecord(
                    run=run,
                    item_id=item_id,
                    typed=max(typed, saved),
                    saved=saved,
                    loss_seconds=loss,
                    integrity=integrity,
                    check_ok=check_ok,
                    prefix_ok=stream.startswith(text),
                    events=[*events[-12:], f"killed {killed_at}"],
                )
            )
    finally:
        zygote.close()
    report.elapsed_seconds = time.monotonic() - started
    return report


FIGURES_START = "<!-- crash-figures:start -->"
FIGURES_END = "<!-- crash-figures:end -->"


def write_figures(document: Path, report: CrashReport, kills: int, seed: int) -> None:
    """Replace the block between the markers in `document` with this run's figures."""
    figures = report.summary()
    block = "\n".join(
        [
            FIGURES_START,
            f"Command: `python -m tests.reliability.autosave_typist report --kills {kills} "
            f"--seed {seed} --write-doc docs/reliability.md` "
            f"(run {dt.date.today().isoformat()}, {figures['elapsed_seconds']} s).",
            "",
            "| figure | value |",
            "|---|---|",
            f"| SIGKILLs while typing | {figures['kills']} |",
            f"| corrupt files (integrity_check not ok, or saved text not a prefix of the "
            f"typed text) | {figures['corruptions']} |",
            f"| `csp-desktop check` failures | {figures['check_failures']} |",
            f"| worst loss (time spent typing the lost text) | {figures['worst_loss_seconds']} s |",
            f"| median loss | {figures['median_loss_seconds']} s |",
            f"| worst loss in characters (typing at {1000 // KEY_INTERVAL_MS} characters a "
            f"second) | {figures['worst_loss_characters']} |",
            FIGURES_END,
        ]
    )
    text = document.read_text(encoding="utf-8")
    start, end = text.index(FIGURES_START), text.index(FIGURES_END) + len(FIGURES_END)
    document.write_text(text[:start] + block + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve_cmd = sub.add_parser("serve")
    serve_cmd.add_argument("database")
    report_cmd = sub.add_parser("report", help="run the crash loop and print its figures")
    report_cmd.add_argument("--kills", type=int, default=200)
    report_cmd.add_argument("--seed", type=int, default=2022)
    report_cmd.add_argument(
        "--write-doc", metavar="FILE.md", help="replace the figures block in this document"
    )
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(Path(args.database))
        return 0
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("CSP_DESKTOP_DATA_DIR", folder)
        report = run_crash_loop(Path(folder) / "crash.db", args.kills, seed=args.seed)
    print(json.dumps(report.summary(), indent=2))
    if args.write_doc:
        write_figures(Path(args.write_doc), report, args.kills, args.seed)
    for kill in report.kills:
        if kill.loss_seconds > 0.9:  # show what the child was doing around a big loss
            print(
                f"run {kill.run}: lost {kill.loss_seconds:.3f} s",
                *kill.events,
                sep="\n  ",
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
