"""File > Import tracker updates: preview of every change and conflict, Apply / Cancel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.exports.actions_xlsx import write_tracker
from csp_desktop.models import Action, ActionStatus, ActionUpdateSource
from csp_desktop.paths import AppPaths
from csp_desktop.services.actions import add_action_update
from csp_desktop.services.export_data import tracker_data
from csp_desktop.storage import Database
from csp_desktop.ui import import_dialog
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.import_dialog import (
    COL_APPLY,
    COL_CHANGES,
    COL_CONFLICT,
    ImportDialog,
    TrackerChangesModel,
    open_import_dialog,
    read_plan,
)
from tests.exports.scenario import build_scenario
from tests.exports.test_tracker_import import edit

EXPORTED = dt.datetime(2022, 12, 1, 9, 0)


@pytest.fixture
def context(db: Database, tmp_path: Path, qtbot: QtBot) -> UiContext:
    return UiContext(
        db,
        FakeClock(current=dt.datetime(2022, 12, 8, 9, 0)),
        AppPaths(tmp_path / "appdata", portable=False),
    )


@pytest.fixture
def returned(db: Database, tmp_path: Path) -> Path:
    """A tracker an owner edited: one plain change and one in conflict with the app."""
    with db.transaction() as session:
        build_scenario(session)
        path = write_tracker(tracker_data(session, exported_at=EXPORTED), tmp_path / "t.xlsx")
    edit(path, "CSP-2022-10-05-02", status="Completed", latest_update="Timetable shared")
    edit(path, "CSP-2022-06-29-01", status="Dropped")
    with db.transaction() as session:
        action = session.execute(
            select(Action).where(Action.reference == "CSP-2022-06-29-01")
        ).scalar_one()
        add_action_update(
            session,
            action.id,
            "Chased at the board",
            FakeClock(current=dt.datetime(2022, 12, 5, 12, 0)),
        )
    return path


def status_of(db: Database, reference: str) -> ActionStatus:
    with db.session() as session:
        return session.execute(
            select(Action.status).where(Action.reference == reference)
        ).scalar_one()


def test_preview_lists_changes_and_flags_conflicts(
    qtbot: QtBot, context: UiContext, returned: Path, qtmodeltester
) -> None:
    plan = read_plan(context, returned)
    model = TrackerChangesModel()
    model.set_plan(plan)
    qtmodeltester.check(model)
    rows = {model.change_at(r).reference: r for r in range(model.rowCount())}
    plain, conflict = rows["CSP-2022-10-05-02"], rows["CSP-2022-06-29-01"]
    assert model.index(plain, COL_CHANGES).data() == (
        "Status: Open -> Completed\nLatest update: Timetable shared"
    )
    assert model.index(plain, COL_CONFLICT).data() == "No"
    assert model.index(plain, COL_APPLY).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    assert (
        model.index(conflict, COL_CONFLICT)
        .data()
        .startswith("Yes: changed in the app on 5 Dec 2022 at 12:00")
    )
    assert model.index(conflict, COL_APPLY).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Unchecked
    )
    assert model.index(conflict, COL_APPLY).data() == "Skip"  # in words, not only a tick


def test_apply_applies_only_ticked_rows_in_one_go(
    qtbot: QtBot, context: UiContext, returned: Path, db: Database
) -> None:
    dialog = ImportDialog(context, read_plan(context, returned))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.apply_button.text() == "&Apply 1 change"
    with qtbot.waitSignal(context.data_changed) as changed, qtbot.waitSignal(dialog.applied):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["actions"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_of_apply is not None
    assert dialog.result_of_apply.applied == ["CSP-2022-10-05-02"]
    assert status_of(db, "CSP-2022-10-05-02") is ActionStatus.COMPLETED
    assert status_of(db, "CSP-2022-06-29-01") is ActionStatus.OPEN
    with db.session() as session:
        action = session.execute(
            select(Action).where(Action.reference == "CSP-2022-10-05-02")
        ).scalar_one()
        assert action.updates[-1].source is ActionUpdateSource.TRACKER


def test_ticking_a_conflict_applies_it_too(
    qtbot: QtBot, context: UiContext, returned: Path, db: Database
) -> None:
    dialog = ImportDialog(context, read_plan(context, returned))
    qtbot.addWidget(dialog)
    row = next(r for r in range(dialog.model.rowCount()) if dialog.model.change_at(r).conflict)
    dialog.model.setData(
        dialog.model.index(row, COL_APPLY),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert dialog.apply_button.text() == "&Apply 2 changes"
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert status_of(db, "CSP-2022-06-29-01") is ActionStatus.DROPPED


def test_cancel_applies_nothing(
    qtbot: QtBot, context: UiContext, returned: Path, db: Database
) -> None:
    dialog = ImportDialog(context, read_plan(context, returned))
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert status_of(db, "CSP-2022-10-05-02") is ActionStatus.OPEN


def test_open_import_dialog_refuses_a_bad_file_in_plain_words(
    qtbot: QtBot, context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    bogus = tmp_path / "returned.xlsx"
    bogus.write_text("not a workbook")
    assert open_import_dialog(context, None, bogus) is None
    assert shown == [
        "returned.xlsx is not an Excel workbook (.xlsx) that CSP Desktop can read; "
        "nothing was imported."
    ]


def test_open_import_dialog_chooses_previews_and_applies(
    qtbot: QtBot,
    context: UiContext,
    returned: Path,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        import_dialog.QFileDialog,
        "getOpenFileName",
        lambda *args, **kwargs: (str(returned), "Excel workbook (*.xlsx)"),
    )
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: messages.append(text))

    def click_apply(self: ImportDialog) -> int:
        qtbot.mouseClick(self.apply_button, Qt.MouseButton.LeftButton)
        return int(self.result())

    monkeypatch.setattr(ImportDialog, "exec", click_apply)
    result = open_import_dialog(context, None)
    assert result is not None and result.applied == ["CSP-2022-10-05-02"]
    assert messages == ["Applied 1 change. Left as they were: CSP-2022-06-29-01."]
    assert status_of(db, "CSP-2022-10-05-02") is ActionStatus.COMPLETED
