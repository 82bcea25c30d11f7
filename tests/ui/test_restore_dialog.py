"""File > Restore from backup…: the list (dates, why, meetings), keyboard choice, restore."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from csp_desktop.app import AppContext, DatabaseChoice
from csp_desktop.clock import FakeClock
from csp_desktop.paths import AppPaths
from csp_desktop.storage import open_database
from csp_desktop.storage.backup import BackupPolicy, backup_database, list_backups
from csp_desktop.ui import restore_dialog
from csp_desktop.ui.restore_dialog import (
    COL_MEETINGS,
    COL_NEWEST,
    COL_REASON,
    COL_STATE,
    COL_TAKEN,
    BackupTableModel,
    RestoreDialog,
    choose_and_restore,
)
from tests.factories import make_body, make_meeting


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
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data", portable=False)


@pytest.fixture
def history(tmp_path: Path, paths: AppPaths) -> Path:
    """A database with three backups: 1 meeting (on open), 2 meetings, then a damaged one."""
    path = tmp_path / "csp.db"
    clock = FakeClock()
    policy = BackupPolicy(keep=10)
    make_database(path, meetings=1)
    backup_database(paths, path, reason="open", clock=clock, policy=policy)
    clock.advance(hours=2)
    database = open_database(path)
    with database.transaction() as session:
        make_meeting(session, make_body(session, "VAWG", short_name="VAWG"), dt.date(2023, 1, 4))
    database.close()
    backup_database(paths, path, reason="periodic", clock=clock, policy=policy)
    clock.advance(hours=1)
    damaged = backup_database(paths, path, reason="close", clock=clock, policy=policy)
    damaged.write_bytes(damaged.read_bytes()[:2048])
    return path


def test_model_lists_dates_reasons_and_meeting_counts(
    qtmodeltester: object, paths: AppPaths, history: Path
) -> None:
    model = BackupTableModel()
    model.set_rows(list_backups(paths, history))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    cell = lambda row, col: model.data(model.index(row, col))  # noqa: E731
    assert model.rowCount() == 3
    assert cell(0, COL_TAKEN) == "Wednesday 5 October 2022, 13:00"
    assert cell(0, COL_STATE) == "No: damaged or unreadable"
    assert cell(1, COL_REASON) == "While working"
    assert cell(1, COL_MEETINGS) == "2"
    assert cell(2, COL_MEETINGS) == "1"
    assert cell(2, COL_NEWEST) == "Wednesday 5 October 2022"
    assert cell(2, COL_STATE) == "Yes"


def test_dialog_preselects_the_newest_usable_backup_and_enter_chooses_it(
    qtbot: QtBot, paths: AppPaths, history: Path
) -> None:
    dialog = RestoreDialog(paths, history)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.selected() is not None and dialog.selected().meeting_count == 2
    assert dialog.restore_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up)  # the damaged one
    assert not dialog.restore_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen is not None and dialog.chosen.meeting_count == 1


def test_dialog_with_no_backups_says_so(qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    dialog = RestoreDialog(paths, make_database(tmp_path / "new.db", meetings=0))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty_label.isVisible()
    assert not dialog.restore_button.isEnabled()


def test_choose_and_restore_keeps_the_current_file(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, history: Path
) -> None:
    context = AppContext(AppPaths(history.parent / "data", False), DatabaseChoice(str(history)))
    context.clock = FakeClock(dt.datetime(2022, 10, 6, 9, 0))
    questions: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *_a: questions.append(text) or QMessageBox.StandardButton.Yes,
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: QMessageBox.StandardButton.Ok)

    def pick_oldest(self: RestoreDialog) -> int:
        self.table.selectRow(2)
        self.accept_selected()
        return int(self.result())

    monkeypatch.setattr(restore_dialog.RestoreDialog, "exec", pick_oldest)
    closed: list[bool] = []
    assert choose_and_restore(context, history, before_replace=lambda: closed.append(True))
    assert closed == [True]
    assert meeting_count(history) == 1
    assert "(1 meeting)" in questions[0]
    kept = [b for b in list_backups(context.paths, history) if b.reason == "before-restore"]
    assert len(kept) == 1 and kept[0].meeting_count == 2


def test_saying_no_to_the_confirmation_changes_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, history: Path
) -> None:
    context = AppContext(AppPaths(history.parent / "data", False), DatabaseChoice(str(history)))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    monkeypatch.setattr(
        restore_dialog.RestoreDialog,
        "exec",
        lambda self: self.accept_selected() or int(self.result()),
    )
    before = history.read_bytes()
    assert not choose_and_restore(context, history)
    assert history.read_bytes() == before
