"""Issue 12, F3 in the window: restricted words pasted into an open item are flagged after
the autosave, in the status bar, without a dialog and without taking the keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.models import Action, AgendaItem
from csp_desktop.paths import AppPaths
from csp_desktop.storage import Database
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.minutes_editor import MinutesEditor
from csp_desktop.ui.restricted_quote_watch import RestrictedQuoteWatch
from tests.exports.scenario import build_scenario


def test_a_pasted_restricted_action_is_flagged_as_the_note_taker_types(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        scenario = build_scenario(session)
        secret = session.scalars(
            select(Action.text).where(Action.reference == scenario.restricted_action_ref)
        ).one()
        open_item = session.scalars(
            select(AgendaItem).where(
                AgendaItem.meeting_id == scenario.meeting_id, AgendaItem.is_restricted.is_(False)
            )
        ).first()
        assert open_item is not None
        item_id, number = open_item.id, open_item.number
    context = UiContext(db, FakeClock(), AppPaths(tmp_path / "data", False))
    editor = MinutesEditor(context)
    qtbot.addWidget(editor)
    notices: list[str] = []
    watch = RestrictedQuoteWatch(context, editor, notices.append)
    editor.load_item(item_id)
    editor.show()

    qtbot.keyClicks(editor, "The board noted progress. ")
    assert editor.flush()
    context.wait_for_background()
    qtbot.waitUntil(lambda: not editor.is_dirty)
    assert watch.quotes == [] and notices == []

    editor.insertPlainText(f"Outstanding: {secret}")
    assert editor.flush()
    context.wait_for_background()
    qtbot.waitUntil(lambda: bool(notices))
    assert f"Item {number} (" in notices[-1] and "quotes restricted" in notices[-1]
    assert QApplication.activeModalWidget() is None  # no dialog took the keyboard

    editor.selectAll()
    editor.insertPlainText("The board noted progress.")
    assert editor.flush()
    context.wait_for_background()
    qtbot.waitUntil(lambda: "any more" in notices[-1])
    context.wait_for_background()
