"""GUI start: the lock prompt (a real second process), the restore offer, routine backups."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from csp_desktop.app import AppContext, DatabaseChoice
from csp_desktop.clock import FakeClock
from csp_desktop.paths import AppPaths
from csp_desktop.storage import open_database
from csp_desktop.storage.backup import backup_database, list_backups
from csp_desktop.storage.database import DatabaseRefused
from csp_desktop.storage.lock import LockHeld, lock_path_for
from csp_desktop.ui import restore_dialog, startup_dialogs
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.restore_dialog import RestoreDialog
from csp_desktop.ui.startup_dialogs import (
    ask_for_writer_lock,
    ask_open_read_only,
    install_backup_support,
    open_with_restore_offer,
)
from tests.factories import make_body, make_meeting

HOLD_LOCK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from csp_desktop.clock import FakeClock
    from csp_desktop.storage.lock import WriterLock
    lock = WriterLock(Path(sys.argv[1]), clock=FakeClock(username="jane.smith")).acquire()
    print("holding", flush=True)
    sys.stdin.read()
    lock.release()
    """
)


def make_database(path: Path, meetings: int) -> Path:
    database = open_database(path)
    with database.transaction() as session:
        body = make_body(session)
        for n in range(meetings):
            make_meeting(session, body, dt.date(2022, 10, 5) + dt.timedelta(days=91 * n))
    database.close()
    return path


def meeting_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM meeting").fetchone()[0])


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return make_database(tmp_path / "csp.db", meetings=2)


@pytest.fixture
def context(database_path: Path, tmp_path: Path) -> Iterator[AppContext]:
    ctx = AppContext(AppPaths(tmp_path / "data", False), DatabaseChoice(str(database_path)))
    ctx.clock = FakeClock()
    yield ctx
    ctx.close()


@pytest.fixture
def other_instance(database_path: Path) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(database_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "holding"
    yield process
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=10)
    process.stdout.close()


def click_when_shown(qtbot: QtBot, button_text: str) -> list[str]:
    """Click the button labelled `button_text` on the next modal box; return its text."""
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append(box.text())
        for button in box.findChildren(QPushButton):
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no {button_text!r} button on {box.text()!r}")

    QTimer.singleShot(0, answer)
    return seen


def test_second_instance_is_told_who_holds_the_file_and_opens_read_only(
    qtbot: QtBot, context: AppContext, other_instance: subprocess.Popen[str]
) -> None:
    seen = click_when_shown(qtbot, "Open read-only")
    assert ask_for_writer_lock(context) is True
    assert "open for editing by jane.smith on" in seen[0]
    assert "since Wednesday 5 October 2022 at 10:00" in seen[0]
    database = open_with_restore_offer(context, read_only=True)
    assert database is not None
    with database.session() as session:
        assert session.execute(text("SELECT count(*) FROM meeting")).scalar() == 2


def test_cancel_at_the_lock_prompt(
    qtbot: QtBot, context: AppContext, other_instance: subprocess.Popen[str]
) -> None:
    click_when_shown(qtbot, "Cancel")
    assert ask_for_writer_lock(context) is None


def test_free_file_takes_the_lock_without_asking(context: AppContext) -> None:
    def never(_exc: LockHeld, _parent: object) -> bool:
        raise AssertionError("should not ask")

    assert ask_for_writer_lock(context, ask=never) is False
    assert lock_path_for(context.database_file()).exists()  # type: ignore[arg-type]


def test_damaged_file_offers_restore_and_opens_the_restored_copy(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, context: AppContext, database_path: Path
) -> None:
    backup_database(context.paths, database_path, clock=context.clock)
    damaged = database_path.read_bytes()[:3000]
    database_path.write_bytes(damaged)
    seen = click_when_shown(qtbot, "Restore from a backup…")
    monkeypatch.setattr(
        RestoreDialog, "exec", lambda self: self.accept_selected() or int(self.result())
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: QMessageBox.StandardButton.Ok)

    database = open_with_restore_offer(context, read_only=False)

    assert database is not None
    assert "Cannot open this file" in seen[0] and "damaged" in seen[0]
    assert "Wednesday 5 October 2022 at 10:00 (2 meetings)" in seen[0]
    assert meeting_count(database_path) == 2
    kept = [b for b in list_backups(context.paths, database_path) if not b.usable]
    assert len(kept) == 1 and kept[0].path.read_bytes() == damaged  # the damaged file is kept


def test_damaged_file_without_backups_is_explained_and_left_alone(
    qtbot: QtBot, context: AppContext, database_path: Path
) -> None:
    database_path.write_bytes(b"not a database")
    seen = click_when_shown(qtbot, "Close")
    assert open_with_restore_offer(context, read_only=False) is None
    assert "not an SQLite file" in seen[0] and "Restore" not in seen[0]
    assert database_path.read_bytes() == b"not a database"


class FakeWindow(QMainWindow):
    """Just enough of the main window: a File menu ending in Quit, and reload hooks."""

    def __init__(self) -> None:
        super().__init__()
        menu = self.menuBar().addMenu("&File")
        menu.addAction("&New meeting…")
        menu.addAction("&Quit")
        self.reloads: list[str] = []

    def flush_all(self) -> bool:
        return True

    def refresh_meetings(self) -> None:
        self.reloads.append("meetings")

    def open_initial_meeting(self) -> None:
        self.reloads.append("meeting")


def file_menu_texts(window: QMainWindow) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [a.text().replace("&", "") for a in menu.actions()]  # type: ignore[union-attr]


@pytest.fixture
def running(
    qtbot: QtBot, context: AppContext
) -> Iterator[tuple[FakeWindow, UiContext, Callable[[], None]]]:
    context.acquire_writer_lock()
    database = context.database()
    ui_context = UiContext(database, context.clock, context.paths)
    window = FakeWindow()
    qtbot.addWidget(window)
    support = install_backup_support(window, context, ui_context)

    def tick_and_wait() -> None:
        support.tick()
        support.wait()

    support.wait()  # the copy on open
    yield window, ui_context, tick_and_wait


def test_backups_on_open_and_every_few_minutes_while_changed(
    running: tuple[FakeWindow, UiContext, Callable[[], None]], context: AppContext
) -> None:
    _window, ui_context, tick = running
    path = context.database_file()
    assert path is not None
    assert [b.reason for b in list_backups(context.paths, path)] == ["open"]
    clock: FakeClock = context.clock  # type: ignore[assignment]
    clock.advance(minutes=10)
    tick()
    assert len(list_backups(context.paths, path)) == 1  # nothing changed yet
    ui_context.write(lambda session: make_meeting(session, make_body(session, "X", short_name="X")))
    tick()
    assert [b.reason for b in list_backups(context.paths, path)] == ["periodic", "open"]
    assert list_backups(context.paths, path)[0].meeting_count == 3


def test_routine_backups_run_off_the_gui_thread_and_miss_no_save(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow disk: the copy is held open while the note taker keeps saving."""
    import threading

    from csp_desktop.storage import backup as backup_module

    release = threading.Event()
    copying = threading.Event()
    real_copy = backup_module.copy_sqlite

    def slow_copy(source: Path, destination: Path) -> None:
        copying.set()
        assert release.wait(10)
        real_copy(source, destination)

    context.acquire_writer_lock()
    ui_context = UiContext(context.database(), context.clock, context.paths)
    window = FakeWindow()
    qtbot.addWidget(window)
    monkeypatch.setattr(backup_module, "copy_sqlite", slow_copy)
    support = install_backup_support(window, context, ui_context)  # the copy on open
    assert copying.wait(10)
    # The GUI thread is free: it saves and runs its event loop while the copy waits.
    ui_context.write(lambda session: make_meeting(session, make_body(session, "X", short_name="X")))
    support.tick()  # a copy is under way: no second one is started
    QApplication.processEvents()
    assert support._running is not None and not support._running.done()
    with qtbot.waitSignal(support.backup_done, timeout=10_000):
        release.set()
    path = context.database_file()
    assert path is not None
    assert [b.reason for b in list_backups(context.paths, path)] == ["open"]
    # The save made during the copy still counts as a change to back up.
    assert support.scheduler is not None and support.scheduler.has_changes()
    support.on_close()
    copies = {b.reason: b for b in list_backups(context.paths, path)}
    assert sorted(copies) == ["close", "open"]
    assert copies["close"].meeting_count == 3  # the save made during the first copy


def test_file_menu_gains_restore_above_quit_and_it_reloads_the_window(
    running: tuple[FakeWindow, UiContext, Callable[[], None]],
    context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, ui_context, _tick = running
    assert file_menu_texts(window) == ["New meeting…", "Restore from backup…", "", "Quit"]
    path = context.database_file()
    assert path is not None
    ui_context.write(lambda session: make_meeting(session, make_body(session, "X", short_name="X")))
    monkeypatch.setattr(
        restore_dialog.RestoreDialog,
        "exec",
        lambda self: self.accept_selected() or int(self.result()),
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: QMessageBox.StandardButton.Ok)
    action = window.findChild(type(window.menuBar().actions()[0]), "restore_from_backup")
    assert action is not None
    action.trigger()
    assert window.reloads == ["meetings", "meeting"]
    # The window's own Database keeps working, now on the restored file (2 meetings).
    with ui_context.database.session() as session:
        assert session.execute(text("SELECT count(*) FROM meeting")).scalar() == 2
    assert startup_dialogs.BACKUP_TICK_MS >= 10_000


def test_read_only_window_has_restore_disabled_and_takes_no_backups(
    qtbot: QtBot, context: AppContext
) -> None:
    database = context.database(read_only=True)
    ui_context = UiContext(database, context.clock, context.paths, read_only=True)
    window = FakeWindow()
    qtbot.addWidget(window)
    support = install_backup_support(window, context, ui_context)
    assert not support.restore_action.isEnabled()
    assert list_backups(context.paths) == []


def test_lock_prompt_buttons(qtbot: QtBot, tmp_path: Path) -> None:
    exc = LockHeld(tmp_path / "csp.db", None)
    seen = click_when_shown(qtbot, "Open read-only")
    assert ask_open_read_only(exc) is True
    assert "another CSP Desktop window" in seen[0]


def test_newer_version_file_is_raised_for_the_caller_to_show_once(
    qtbot: QtBot, context: AppContext, database_path: Path
) -> None:
    with sqlite3.connect(database_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    backup_database(context.paths, make_database(database_path.with_name("old.db"), 1))
    with pytest.raises(DatabaseRefused, match="newer version"):
        open_with_restore_offer(context, read_only=False)  # no dialog: nothing to click


def test_take_over_from_a_holder_named_with_its_last_activity(
    qtbot: QtBot, context: AppContext, other_instance: subprocess.Popen[str]
) -> None:
    """Issue 12, F4: the prompt names the holder and when it was last active, and offers
    Take over; afterwards this window holds the lock."""
    seen = click_when_shown(qtbot, "Take over")
    assert ask_for_writer_lock(context) is False
    assert "open for editing by jane.smith on" in seen[0]
    assert "last active on" in seen[0]
    lock = context.writer_lock
    assert lock is not None and lock.still_mine()
    assert lock.recovered_from is not None and lock.recovered_from.user == "jane.smith"
