"""A background save that lands after its editor is destroyed is delivered to the item:
no RuntimeError from the deleted widget, the words and the actions kept, a failed save
tried again (unless a newer save of the item came since)."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.models import AttendanceStatus
from csp_desktop.paths import AppPaths
from csp_desktop.services import actions as actions_service
from csp_desktop.services import agenda as agenda_service
from csp_desktop.services.actions import ActionFilter
from csp_desktop.storage import Database
from csp_desktop.ui import save_delivery
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.minutes_editor import MinutesEditor
from tests.factories import make_body, make_meeting, make_person, mark

TYPED = "Councillor Ghani welcomed everyone.\nACTION: Andy Opie to circulate the assessment."


@dataclass
class Setup:
    context: UiContext
    item_id: int
    meeting_id: int
    changed: list[str]
    failures: list[str]
    editors: list[MinutesEditor]


@pytest.fixture
def setup(qtbot: QtBot, db: Database, tmp_path: Path) -> Iterator[Setup]:
    with db.transaction() as session:
        meeting = make_meeting(session, make_body(session), dt.date(2022, 10, 5), items=["Welcome"])
        mark(session, meeting, make_person(session, "Andy Opie"), AttendanceStatus.PRESENT)
        item_id, meeting_id = meeting.items[0].id, meeting.id
    context = UiContext(db, FakeClock(), AppPaths(tmp_path / "data", False))
    changed: list[str] = []
    failures: list[str] = []
    context.data_changed.connect(changed.append)
    context.save_failed.connect(failures.append)
    setup = Setup(context, item_id, meeting_id, changed, failures, [])
    yield setup
    # Editors go before their context, as in the window (the context outlives them).
    for editor in setup.editors:
        if save_delivery.alive(editor):
            shiboken6.delete(editor)
    context.wait_for_background()
    QApplication.processEvents()


def open_editor(qtbot: QtBot, setup: Setup) -> MinutesEditor:
    editor = MinutesEditor(setup.context)
    editor.load_item(setup.item_id)
    editor.show()
    setup.editors.append(editor)
    return editor


def stored_text(setup: Setup) -> str:
    return setup.context.read(agenda_service.item_minutes, setup.item_id)


def action_texts(setup: Setup) -> list[str]:
    rows = setup.context.read(
        actions_service.list_actions, ActionFilter(meeting_id=setup.meeting_id)
    )
    return [row.text for row in rows]


@pytest.fixture
def held_save(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Text saves wait at this gate (on the writer thread) until the test opens it."""
    gate = threading.Event()
    real_save = agenda_service.save_item_minutes

    def gated(*args: Any, **kwargs: Any) -> Any:
        gate.wait(10)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(agenda_service, "save_item_minutes", gated)
    yield gate
    gate.set()


def test_a_save_that_lands_after_its_editor_is_destroyed_reaches_the_item(
    qtbot: QtBot, setup: Setup, held_save: threading.Event
) -> None:
    editor = open_editor(qtbot, setup)
    editor.insertPlainText(TYPED)
    assert editor.save(settle_actions=True) is True  # on the writer, held mid-save
    shiboken6.delete(editor)  # the window closed meanwhile
    assert not save_delivery.alive(editor)

    held_save.set()
    setup.context.wait_for_background()  # delivers here: raised RuntimeError before
    qtbot.wait(50)  # and the queued delivery, in case it comes second

    assert stored_text(setup) == TYPED
    assert action_texts(setup) == ["Andy Opie to circulate the assessment."]
    assert "actions" in setup.changed  # the other tabs still hear about the new action
    assert setup.failures == []


def test_the_recovery_check_landing_after_its_editor_is_destroyed_is_harmless(
    qtbot: QtBot, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Saved text with an ACTION line whose sync never ran (the app stopped in between).
    with setup.context.database.transaction() as session:
        agenda_service.save_item_minutes(
            session, setup.item_id, TYPED, FakeClock(), sync_actions=False
        )
    editor = open_editor(qtbot, setup)
    gate = threading.Event()
    real_check = actions_service.sync_item_actions_if_out_of_step

    def held(*args: Any, **kwargs: Any) -> Any:
        gate.wait(10)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(actions_service, "sync_item_actions_if_out_of_step", held)
    editor._check_actions_in_step()
    shiboken6.delete(editor)
    gate.set()
    setup.context.wait_for_background()

    assert action_texts(setup) == ["Andy Opie to circulate the assessment."]
    assert "actions" in setup.changed


def test_a_failed_save_whose_editor_is_gone_is_tried_again_until_it_lands(
    qtbot: QtBot, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(save_delivery, "RETRY_DELAY_MS", 20)
    real_save = agenda_service.save_item_minutes
    refusals = [UserError("The change could not be saved: the disk is full.")] * 2

    def full_then_fine(*args: Any, **kwargs: Any) -> Any:
        if refusals:
            raise refusals.pop()
        return real_save(*args, **kwargs)

    monkeypatch.setattr(agenda_service, "save_item_minutes", full_then_fine)
    editor = open_editor(qtbot, setup)
    editor.insertPlainText(TYPED)
    editor.save(settle_actions=True)
    shiboken6.delete(editor)
    setup.context.wait_for_background()
    gc.collect()  # nothing but the retry's timer holds the item's save now: it must live

    qtbot.waitUntil(lambda: stored_text(setup) == TYPED, timeout=5000)
    setup.context.wait_for_background()
    assert action_texts(setup) == ["Andy Opie to circulate the assessment."]
    assert refusals == []


def test_a_retry_never_overwrites_newer_words_from_a_new_editor(
    qtbot: QtBot, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(save_delivery, "RETRY_DELAY_MS", 300)
    real_save = agenda_service.save_item_minutes
    refusals = [UserError("The change could not be saved: the disk is full.")]

    def full_once(*args: Any, **kwargs: Any) -> Any:
        if refusals:
            raise refusals.pop()
        return real_save(*args, **kwargs)

    monkeypatch.setattr(agenda_service, "save_item_minutes", full_once)
    old = open_editor(qtbot, setup)
    old.insertPlainText("Older words.")
    old.save(settle_actions=True)
    shiboken6.delete(old)
    setup.context.wait_for_background()  # failed; a retry is due in 300 ms

    new = open_editor(qtbot, setup)
    new.insertPlainText("Newer words, typed after reopening.")
    assert new.flush() is True
    qtbot.wait(600)  # past the retry's time
    setup.context.wait_for_background()
    assert stored_text(setup) == "Newer words, typed after reopening."


def test_a_save_for_a_live_editor_still_goes_to_the_editor(qtbot: QtBot, setup: Setup) -> None:
    editor = open_editor(qtbot, setup)
    editor.insertPlainText(TYPED)
    assert editor.is_dirty
    assert editor.flush() is True
    assert not editor.is_dirty  # the editor heard that its text landed
    assert stored_text(setup) == TYPED
