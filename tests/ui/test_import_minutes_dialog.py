"""File › Import past minutes…: review beside the source, edit by keyboard, import with
progress and a per-file report; a second import skips what the archive has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTreeWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from csp_desktop.clock import FakeClock
from csp_desktop.models import Meeting, Person
from csp_desktop.paths import AppPaths
from csp_desktop.storage import Database
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.import_minutes_dialog import LINE_ROLE, ImportMinutesDialog
from tests.conftest import SEEDS

HARINGEY = SEEDS / "more" / "10_haringey-csp-2012-06-26.txt"
ARGYLL = SEEDS / "more" / "02_argyll-cpp-mc-2015-03-27.txt"


@pytest.fixture
def context(db: Database, tmp_path: Path, qtbot: QtBot) -> UiContext:
    return UiContext(
        db,
        FakeClock(current=dt.datetime(2024, 1, 8, 9, 0)),
        AppPaths(tmp_path / "a", portable=False),
    )


def _find(dialog: ImportMinutesDialog, label: str, value: str) -> QTreeWidgetItem:
    items = dialog.fields.findItems(
        value, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 1
    )
    matches = [item for item in items if item.text(0) == label]
    assert matches, f"no {label} {value!r}"
    return matches[0]


def test_review_links_fields_and_source_and_imports_edits(
    qtbot: QtBot, context: UiContext, db: Database, tmp_path: Path
) -> None:
    dialog = ImportMinutesDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    dialog.add_paths([HARINGEY, ARGYLL, tmp_path / "missing.txt"])
    assert dialog.files.count() == 3
    assert dialog.files.item(2).text().startswith("✗")
    assert dialog.import_button.isEnabled()

    # Selecting a field puts the cursor on its source line.
    dialog.files.setCurrentRow(0)
    joan = _find(dialog, "present", "Joan Hancox")
    assert joan.text(3) == "new"
    dialog.fields.setCurrentItem(joan)
    line = dialog.source.textCursor().blockNumber()
    assert line == joan.data(0, LINE_ROLE)
    assert "Joan Hancox" in dialog.source.document().findBlockByNumber(line).text()
    # Moving in the source selects the field that line gave.
    title = _find(dialog, "Item 18", "Terms of reference")
    cursor = dialog.source.textCursor()
    cursor.setPosition(
        dialog.source.document().findBlockByNumber(title.data(0, LINE_ROLE) + 2).position()
    )
    dialog.source.setTextCursor(cursor)
    assert dialog.fields.currentItem() is title

    # Edit a name by keyboard: F2, type, Enter.
    dialog.fields.setCurrentItem(joan, 1)
    qtbot.keyClick(dialog.fields, Qt.Key.Key_F2)
    editor = dialog.fields.viewport().findChild(QLineEdit)
    assert editor is not None, "F2 opens the value for editing"
    editor.selectAll()
    qtbot.keyClicks(editor, "Joan Hancock")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: joan.text(1) == "Joan Hancock", timeout=2000)
    assert joan.text(1) == "Joan Hancock"

    dialog.import_all()
    assert (
        dialog.files.item(0).text().startswith("10_haringey")
        and "imported" in dialog.files.item(0).text()
    )
    assert "imported" in dialog.files.item(1).text()
    assert dialog.progress.value() == 2
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == 2
        assert session.scalar(select(Person).where(Person.last_name == "Hancock")) is not None

    # The same files again: people now known to the archive; the meeting skipped.
    again = ImportMinutesDialog(context)
    qtbot.addWidget(again)
    again.add_paths([HARINGEY])
    again.files.setCurrentRow(0)
    assert _find(again, "present", "Lisa Redfern").text(3) == "known"
    again.import_all()
    assert "already in the archive" in again.files.item(0).text()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == 2


def test_cancel_stops_before_the_next_file(qtbot: QtBot, context: UiContext, db: Database) -> None:
    dialog = ImportMinutesDialog(context)
    qtbot.addWidget(dialog)
    dialog.add_paths([HARINGEY, ARGYLL])
    original = dialog.files.item

    def cancel_after_first(row: int):  # type: ignore[no-untyped-def]
        dialog._cancel = True
        return original(row)

    dialog.files.item = cancel_after_first  # type: ignore[method-assign]
    dialog.import_all()
    assert "cancelled" in dialog.status.text()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == 1
