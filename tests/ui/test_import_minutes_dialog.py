"""File › Import past minutes…: review beside the source, edit by keyboard, import with
progress and a per-file report; a second import skips what the archive has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from csp_desktop.clock import FakeClock
from csp_desktop.models import Meeting, Person
from csp_desktop.paths import AppPaths
from csp_desktop.services.agenda import item_minutes, list_items
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
    qtbot.waitUntil(lambda: not dialog._running, timeout=30000)
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
    qtbot.waitUntil(lambda: not again._running, timeout=30000)
    assert "already in the archive" in again.files.item(0).text()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == 2


def test_cancel_stops_after_the_file_being_written(
    qtbot: QtBot, context: UiContext, db: Database
) -> None:
    dialog = ImportMinutesDialog(context)
    qtbot.addWidget(dialog)
    dialog.add_paths([HARINGEY, ARGYLL])
    dialog.import_all()
    # The write runs on the background writer: the GUI thread is free to take Cancel.
    assert dialog._running and not dialog.progress.isHidden()
    # What is being written cannot change under the writer.
    assert dialog.fields.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog._running, timeout=30000)
    assert "cancelled" in dialog.status.text()
    assert dialog.progress.value() == 1
    assert "imported" in dialog.files.item(0).text()
    assert "imported" not in dialog.files.item(1).text()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == 1
    # What was left can still be reviewed, edited and imported.
    assert dialog.import_button.isEnabled()
    assert dialog.fields.editTriggers() & QAbstractItemView.EditTrigger.EditKeyPressed


def _item_titles(dialog: ImportMinutesDialog) -> list[str]:
    [items] = [
        dialog.fields.topLevelItem(i)
        for i in range(dialog.fields.topLevelItemCount())
        if dialog.fields.topLevelItem(i).text(0) == "Items"  # type: ignore[union-attr]
    ]
    assert items is not None
    return [items.child(i).text(1) for i in range(items.childCount())]


def test_item_boundaries_fixed_by_keys_then_imported(
    qtbot: QtBot, context: UiContext, db: Database
) -> None:
    dialog = ImportMinutesDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    dialog.add_paths([HARINGEY])
    dialog.files.setCurrentRow(0)
    titles = _item_titles(dialog)
    assert "Urgent Business" in titles and "Matters arising" not in titles

    # Split: the cursor on a line inside item 17, Ctrl+L in the source.
    minutes = _find(dialog, "Item 17", "Minutes")
    line = next(
        n
        for n in range(minutes.data(0, LINE_ROLE), dialog.source.blockCount())
        if dialog.source.document().findBlockByNumber(n).text().strip() == "Matters arising"
    )
    dialog.source.setFocus()
    cursor = dialog.source.textCursor()
    cursor.setPosition(dialog.source.document().findBlockByNumber(line).position())
    dialog.source.setTextCursor(cursor)
    qtbot.keyClick(dialog.source, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert "Matters arising" in _item_titles(dialog)
    assert len(_item_titles(dialog)) == len(titles) + 1
    assert dialog.source.hasFocus()

    # Not an item: select "Urgent Business", Ctrl+D in the fields.
    dialog.fields.setFocus()
    dialog.fields.setCurrentItem(_find(dialog, "Item 15", "Urgent Business"))
    qtbot.keyClick(dialog.fields, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert "Urgent Business" not in _item_titles(dialog)
    assert dialog.fields.hasFocus()

    # Merge: a field under item 16 selected, Ctrl+M folds item 16 into item 14.
    declarations = _find(dialog, "Item 16", "Declarations of Interest")
    dialog.fields.setCurrentItem(declarations)
    qtbot.keyClick(dialog.fields, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    after = _item_titles(dialog)
    assert "Declarations of Interest" not in after
    assert len(after) == len(titles) - 1
    # The first item cannot merge: a plain notice, nothing changes.
    dialog.fields.setCurrentItem(_find(dialog, "Item 14", "Apologies"))
    qtbot.keyClick(dialog.fields, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert _item_titles(dialog) == after
    assert "no item before" in dialog.status.text()

    qtbot.keyClick(dialog.fields, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog._running, timeout=30000)
    meeting_id = dialog.entries[0].meeting_id
    assert meeting_id is not None
    rows = context.read(list_items, meeting_id)
    assert [row.title for row in rows] == after
    assert {row.number for row in rows} >= {"17", "17.1"}
    assert "Urgent Business" not in [row.title for row in rows]
    assert "16 Declarations of Interest" in context.read(item_minutes, rows[0].id)


def test_cancel_while_reading_a_folder_keeps_what_was_read(
    qtbot: QtBot, context: UiContext, db: Database
) -> None:
    dialog = ImportMinutesDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    QTimer.singleShot(0, dialog.cancel_button.click)  # runs while the first file is read
    dialog.add_paths([HARINGEY, ARGYLL])
    assert dialog.files.count() == 1
    assert "cancelled: 1 not read" in dialog.status.text()
    assert dialog.progress.value() == 1
    assert dialog.isVisible()  # Cancel stopped the reading; it did not close the dialog
    assert dialog.import_button.isEnabled()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_a_bad_file_is_named_plainly_beside_the_good_ones(
    qtbot: QtBot, context: UiContext, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.txt"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    latin = tmp_path / "haringey.txt"
    latin.write_bytes(HARINGEY.read_text(encoding="utf-8").replace("'", "’").encode("cp1252"))
    dialog = ImportMinutesDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_paths([photo, latin])
    labels = [dialog.files.item(row).text() for row in range(dialog.files.count())]
    assert labels[0] == "✗ photo.txt is not a text file (it holds binary data)."
    assert labels[1].endswith("it was read as Windows-1252 text.")
    assert dialog.files.item(0).toolTip() == f"{photo} is not a text file (it holds binary data)."
    assert dialog.status.text() == "1 of 2 files recognised; review, then Import."
    dialog.files.setCurrentRow(1)
    dialog.files.setCurrentRow(0)  # the whole sentence, path and all, below
    assert dialog.status.text() == dialog.files.item(0).toolTip()
    assert dialog.import_button.isEnabled()  # the good file is still there to import
