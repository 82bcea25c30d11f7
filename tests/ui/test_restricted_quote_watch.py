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


def test_ctrl_shift_q_clears_the_flagged_quote_without_a_dialog(
    qtbot: QtBot, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    from csp_desktop.services import agenda, minutes
    from csp_desktop.services.restricted_quotes import find_quotes
    from tests.ui.window_helpers import open_window, seed_partnership

    seeded = seed_partnership(db, clock)
    secret = "Operation Nightjar will target the premises on Cranbrook Road after midnight."
    with db.transaction() as session:
        hidden = agenda.add_item(
            session,
            seeded.october_id,
            agenda.ItemSpec("Exploitation case review", is_restricted=True),
            clock,
        )
        minutes.save_minutes(session, hidden, secret, clock)
        open_item = next(
            item
            for item in agenda.list_items(session, seeded.october_id)
            if item.title == "Violence Against Women and Girls strategy"
        )
        item_id = open_item.id
    window = open_window(qtbot, db, clock, tmp_path / "settings")
    tab = window.agenda_tab
    assert tab.select_item(item_id)
    tab.focus_minutes_end()
    editor = tab.editor
    assert QApplication.focusWidget() is editor
    editor.insertPlainText(f"Partners heard that {secret}")

    qtbot.keyClick(
        editor,
        Qt.Key.Key_Q,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: "Cleared for the public version" in window.statusBar().currentMessage())
    assert "Operation Nightjar" in window.statusBar().currentMessage()
    assert QApplication.activeModalWidget() is None
    assert QApplication.focusWidget() is editor  # the note taker types on
    with db.session() as session:
        quotes = find_quotes(session, seeded.october_id)
    assert quotes and all(quote.cleared for quote in quotes)

    # Nothing flagged any more: the key says so and changes nothing.
    qtbot.keyClick(
        editor,
        Qt.Key.Key_Q,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: "No restricted words" in window.statusBar().currentMessage())
