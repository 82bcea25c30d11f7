"""File > Export: choices, background export, remembered folder, locked target and retry."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from csp_desktop.clock import FakeClock
from csp_desktop.paths import AppPaths
from csp_desktop.storage import Database
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.export_dialog import ExportDialog, ExportKind
from tests.exports.scenario import RESTRICTED_SECRET, Scenario, build_scenario


@pytest.fixture
def scenario(db: Database) -> Scenario:
    with db.transaction() as session:
        return build_scenario(session)


@pytest.fixture
def context(db: Database, tmp_path: Path, qtbot: QtBot) -> UiContext:
    return UiContext(db, FakeClock(), AppPaths(tmp_path / "appdata", portable=False))


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def fake_warning(_parent: object, _title: str, text: str, *args: object) -> None:
        shown.append(text)

    monkeypatch.setattr(QMessageBox, "warning", fake_warning)
    return shown


def make_dialog(qtbot: QtBot, context: UiContext, meeting_id: int | None) -> ExportDialog:
    dialog = ExportDialog(context, meeting_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose_kind(dialog: ExportDialog, kind: ExportKind) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind.value))


def set_output(qtbot: QtBot, dialog: ExportDialog, path: Path) -> None:
    dialog.output.clear()
    qtbot.keyClicks(dialog.output, str(path))


def export(qtbot: QtBot, dialog: ExportDialog) -> str:
    with qtbot.waitSignal(dialog.export_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return str(blocker.args[0])


def test_public_minutes_export_in_the_background(
    qtbot: QtBot, context: UiContext, scenario: Scenario, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, context, scenario.meeting_id)
    choose_kind(dialog, ExportKind.MINUTES)
    assert dialog.meeting.currentData() == scenario.meeting_id
    # The suggested name never carries an item title.
    assert Path(dialog.output.text()).name == "CSP minutes 2022-10-05.docx"
    qtbot.mouseClick(dialog.public, Qt.MouseButton.LeftButton, pos=QPoint(6, 6))
    assert dialog.public.isChecked()
    assert Path(dialog.output.text()).name == "CSP minutes 2022-10-05 (public).docx"
    target = tmp_path / "out" / "public.docx"
    target.parent.mkdir()
    set_output(qtbot, dialog, target)
    message = export(qtbot, dialog)
    assert message == f"Saved the minutes (public version) to {target}."
    assert dialog.status.text() == message
    assert dialog.open_button.isEnabled()
    text = "\n".join(p.text for p in Document(target).paragraphs)
    assert "Item restricted" in text and RESTRICTED_SECRET not in text


def test_the_last_folder_is_remembered(
    qtbot: QtBot, context: UiContext, scenario: Scenario, tmp_path: Path
) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    dialog = make_dialog(qtbot, context, scenario.meeting_id)
    choose_kind(dialog, ExportKind.AGENDA)
    dialog.marking.clear()
    qtbot.keyClicks(dialog.marking, "OFFICIAL-SENSITIVE")
    set_output(qtbot, dialog, folder / "agenda.docx")
    export(qtbot, dialog)
    dialog.close()

    again = make_dialog(qtbot, context, scenario.meeting_id)
    assert again.current_kind() is ExportKind.AGENDA
    assert again.marking.text() == "OFFICIAL-SENSITIVE"
    assert Path(again.output.text()) == folder / "CSP agenda 2022-10-05.docx"


def test_tracker_choices_and_export(
    qtbot: QtBot, context: UiContext, scenario: Scenario, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, context, scenario.meeting_id)
    choose_kind(dialog, ExportKind.ACTIONS)
    assert not dialog.meeting.isEnabled() and not dialog.marking.isEnabled()
    assert dialog.body.isEnabled() and dialog.open_only.isEnabled()
    dialog.open_only.setFocus()
    qtbot.keyClick(dialog.open_only, Qt.Key.Key_Space)
    assert dialog.open_only.isChecked()
    dialog.body.setCurrentIndex(dialog.body.findData("Community Safety Partnership Board"))
    target = tmp_path / "tracker"  # no suffix: the dialog adds .xlsx
    set_output(qtbot, dialog, target)
    message = export(qtbot, dialog)
    assert message.startswith("Saved 4 actions (full version)")
    sheet = load_workbook(tmp_path / "tracker.xlsx")["Actions"]
    assert sheet.max_row == 5

    choose_kind(dialog, ExportKind.ATTENDANCE)
    assert not dialog.public.isEnabled() and dialog.limit_dates.isEnabled()
    assert not dialog.open_only.isEnabled()


def test_locked_target_is_reported_and_retry_works(
    qtbot: QtBot,
    context: UiContext,
    scenario: Scenario,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    target = tmp_path / "minutes.docx"
    target.write_bytes(b"the copy open in Word")
    dialog = make_dialog(qtbot, context, scenario.meeting_id)
    choose_kind(dialog, ExportKind.MINUTES)
    set_output(qtbot, dialog, target)
    real_replace = os.replace

    def locked(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with qtbot.waitSignal(dialog.export_failed, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "may be open in Word or Excel" in blocker.args[0]
    assert "press Export to try again" in blocker.args[0]
    assert warnings == [blocker.args[0]]
    assert target.read_bytes() == b"the copy open in Word"
    assert dialog.export_button.isEnabled() and dialog.output.text() == str(target)

    monkeypatch.setattr(os, "replace", real_replace)
    export(qtbot, dialog)
    assert Document(target).paragraphs[0].text == "Community Safety Partnership Board"


def test_missing_folder_is_a_clear_message(
    qtbot: QtBot, context: UiContext, scenario: Scenario, tmp_path: Path, warnings: list[str]
) -> None:
    dialog = make_dialog(qtbot, context, scenario.meeting_id)
    choose_kind(dialog, ExportKind.MINUTES)
    set_output(qtbot, dialog, tmp_path / "gone" / "minutes.docx")
    with qtbot.waitSignal(dialog.export_failed, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert warnings and "does not exist" in warnings[0]
    assert not dialog.busy


def test_attendance_register_with_dates_from_the_dialog(
    qtbot: QtBot, context: UiContext, scenario: Scenario, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, context, scenario.meeting_id)
    choose_kind(dialog, ExportKind.ATTENDANCE)
    assert Path(dialog.output.text()).name == "All bodies attendance 2022-10-05.xlsx"
    dialog.limit_dates.setFocus()
    qtbot.keyClick(dialog.limit_dates, Qt.Key.Key_Space)
    assert dialog.date_from.isEnabled()
    dialog.date_from.setDate(QDate(2022, 7, 1))
    dialog.date_to.setDate(QDate(2022, 12, 31))
    request = dialog.request()
    assert (request.date_from, request.date_to) == (dt.date(2022, 7, 1), dt.date(2022, 12, 31))
    assert not request.public
    set_output(qtbot, dialog, tmp_path / "register.xlsx")
    assert (
        export(qtbot, dialog) == f"Saved the attendance register to {tmp_path / 'register.xlsx'}."
    )
    sheet = load_workbook(tmp_path / "register.xlsx").worksheets[0]
    assert (
        sheet["A2"].value == "From Friday 1 July 2022 to Saturday 31 December 2022: 1 meeting held."
    )


def test_window_export_refuses_the_database_and_the_backups_folder(
    db: Database, scenario: Scenario, context: UiContext
) -> None:
    """F1 in the window: the same guard as the command line, before anything is read."""
    from csp_desktop.errors import UserError
    from csp_desktop.usecases.export_papers import PaperKind, PaperRequest, export_paper

    assert db.path is not None
    before = db.path.read_bytes()
    link = db.path.with_name("link.docx")
    link.symlink_to(db.path)
    for output in (link, context.paths.backups_dir / "minutes.docx"):
        request = PaperRequest(
            kind=PaperKind.MINUTES,
            output=output,
            meeting=str(scenario.meeting_id),
            backups_dir=context.paths.backups_dir,
        )
        with pytest.raises(UserError, match="would overwrite"):
            export_paper(db, FakeClock(), request)
    assert db.path.read_bytes() == before
