"""The minutes editor's saves on the background writer: the ACTION sync never runs on the
GUI thread, lands where every tab sees it, is waited for at every switch, and a failing
sync says so without losing a word."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.models import AttendanceStatus
from csp_desktop.paths import AppPaths
from csp_desktop.services import actions as actions_service
from csp_desktop.services import agenda as agenda_service
from csp_desktop.services.actions import ActionFilter
from csp_desktop.storage import Database
from csp_desktop.ui import minutes_editor as editor_module
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.minutes_editor import MinutesEditor
from tests.factories import make_body, make_meeting, make_person, mark

OPENING = "Councillor Ghani welcomed everyone."
ACTION = "ACTION: Andy Opie to circulate the strategic assessment by 31 October."


@dataclass
class Setup:
    context: UiContext
    editor: MinutesEditor
    item_ids: list[int]
    meeting_id: int
    warnings: list[str]
    statuses: list[str]
    notices: list[str]  # what the editor said over the minutes (never a dialog)


@pytest.fixture
def setup(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Setup]:
    with db.transaction() as session:
        meeting = make_meeting(
            session, make_body(session), dt.date(2022, 10, 5), items=["Welcome", "Assessment"]
        )
        mark(session, meeting, make_person(session, "Andy Opie"), AttendanceStatus.PRESENT)
        meeting.items[0].minutes_text = OPENING
        item_ids = [item.id for item in meeting.items]
        meeting_id = meeting.id
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warnings.append(text))
    context = UiContext(db, FakeClock(), AppPaths(tmp_path / "data", False))
    editor = MinutesEditor(context)
    editor.ask = lambda _title, _question: False  # keep any orphaned action
    qtbot.addWidget(editor)
    statuses: list[str] = []
    editor.status_message.connect(statuses.append)
    notices: list[str] = []
    editor.notice.connect(lambda text: notices.append(text) if text else None)
    editor.load_item(item_ids[0])
    editor.show()
    yield Setup(context, editor, item_ids, meeting_id, warnings, statuses, notices)
    context.wait_for_background()


def action_texts(context: UiContext, meeting_id: int) -> list[str]:
    rows = context.read(actions_service.list_actions, ActionFilter(meeting_id=meeting_id))
    return [row.text for row in rows]


def type_line(editor: MinutesEditor, line: str) -> None:
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText(f"\n{line}")


@pytest.fixture
def held_sync(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Syncs wait at this gate (on the writer thread) until the test opens it."""
    gate = threading.Event()
    real_sync = actions_service.sync_item_actions

    def gated(*args: Any, **kwargs: Any) -> Any:
        gate.wait(10)
        return real_sync(*args, **kwargs)

    monkeypatch.setattr(actions_service, "sync_item_actions", gated)
    yield gate
    gate.set()


def test_the_sync_runs_in_the_background_and_every_tab_sees_the_action_once_it_lands(
    qtbot: QtBot, setup: Setup, held_sync: threading.Event
) -> None:
    editor, context = setup.editor, setup.context
    changed: list[str] = []
    context.data_changed.connect(changed.append)
    type_line(editor, ACTION)

    assert editor.save() is True  # returns at once: the sync is held at the gate
    assert context.background.busy
    assert action_texts(context, setup.meeting_id) == []

    with qtbot.waitSignal(editor.actions_synced, timeout=5000):
        held_sync.set()
    assert action_texts(context, setup.meeting_id) == [
        "Andy Opie to circulate the strategic assessment by 31 October."
    ]
    assert "actions" in changed  # the Actions tab and the others refresh from this
    assert context.read(agenda_service.item_minutes, setup.item_ids[0]).endswith(ACTION)
    assert not editor.is_dirty


def test_a_captured_action_is_announced_once(
    qtbot: QtBot, setup: Setup, held_sync: threading.Event
) -> None:
    from csp_desktop.ui import announcer

    editor = setup.editor
    before = len(announcer.recent())
    type_line(editor, ACTION)
    editor.save()
    with qtbot.waitSignal(editor.actions_synced, timeout=5000):
        held_sync.set()
    assert announcer.recent()[before:] == ["Action captured"]
    type_line(editor, " More words.")  # the same action again: nothing new to say
    editor.save()
    qtbot.waitUntil(lambda: not setup.context.background.busy and not editor.is_dirty)
    assert announcer.recent()[before:] == ["Action captured"]


def test_the_text_is_saved_before_the_sync_and_whatever_it_does(
    qtbot: QtBot, setup: Setup, held_sync: threading.Event
) -> None:
    editor, context = setup.editor, setup.context
    type_line(editor, ACTION)
    editor.save()
    # The sync is still held, but the text is already on disk (crash safety).
    qtbot.waitUntil(
        lambda: context.read(agenda_service.item_minutes, setup.item_ids[0]).endswith(ACTION),
        timeout=5000,
    )
    assert action_texts(context, setup.meeting_id) == []
    held_sync.set()


def test_flush_waits_for_a_pending_sync(setup: Setup, held_sync: threading.Event) -> None:
    editor, context = setup.editor, setup.context
    synced: list[bool] = []
    editor.actions_synced.connect(lambda: synced.append(True))
    type_line(editor, ACTION)
    editor.save()
    assert action_texts(context, setup.meeting_id) == [] and not synced

    held_sync.set()
    assert editor.flush() is True  # as on switching item, meeting or tab, or closing

    assert synced  # delivered by the flush itself, not later
    assert len(action_texts(context, setup.meeting_id)) == 1
    assert not context.background.busy


def test_switching_item_waits_for_the_sync_so_no_tab_shows_stale_actions(
    setup: Setup, held_sync: threading.Event
) -> None:
    editor, context = setup.editor, setup.context
    type_line(editor, ACTION)
    editor.save()
    held_sync.set()
    assert editor.load_item(setup.item_ids[1]) is True
    assert len(action_texts(context, setup.meeting_id)) == 1
    assert editor.toPlainText() == ""


def test_a_failing_sync_says_so_once_keeps_the_text_and_syncs_when_it_can(
    qtbot: QtBot, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor, context = setup.editor, setup.context
    failures: list[str] = []
    context.save_failed.connect(failures.append)
    real_sync = actions_service.sync_item_actions

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise UserError("The owners could not be matched just now.")

    monkeypatch.setattr(actions_service, "sync_item_actions", broken)
    type_line(editor, ACTION)
    editor.save()
    qtbot.waitUntil(lambda: bool(setup.notices), timeout=5000)

    assert "could not be turned into actions" in setup.notices[0]
    assert "The owners could not be matched just now." in setup.notices[0]
    assert any(s.startswith("ACTIONS NOT UPDATED") for s in setup.statuses)
    assert failures  # the window's save indicator says NOT SAVED too
    assert editor.toPlainText() == f"{OPENING}\n{ACTION}"  # nothing lost on screen
    saved = context.read(agenda_service.item_minutes, setup.item_ids[0])
    assert saved == f"{OPENING}\n{ACTION}"  # nor on disk: the text went first
    assert action_texts(context, setup.meeting_id) == []

    editor.flush()  # tried again, fails the same way: no second notice
    assert len(setup.notices) == 1
    assert not setup.warnings  # never a dialog

    monkeypatch.setattr(actions_service, "sync_item_actions", real_sync)
    with qtbot.waitSignal(editor.actions_synced, timeout=10000):
        editor.flush()
    assert len(action_texts(context, setup.meeting_id)) == 1
    assert "The actions of this item are up to date again" in setup.statuses


def test_a_later_save_replaces_a_queued_one_and_keeps_its_sync(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor, context = setup.editor, setup.context
    ran: list[tuple[str, bool]] = []
    real_job = editor_module.save_and_sync

    def recorded(
        database: Any, item_id: int, text: str, clock: Any, *, sync: bool, **kwargs: Any
    ) -> Any:
        ran.append((text, sync))
        return real_job(database, item_id, text, clock, sync=sync, **kwargs)

    monkeypatch.setattr(editor_module, "save_and_sync", recorded)
    gate, started = threading.Event(), threading.Event()

    def hold(_database: Database) -> None:
        started.set()
        gate.wait(10)

    context.run_in_background("hold", hold)  # the writer is busy with something else
    assert started.wait(5)
    type_line(editor, ACTION)
    # Text and a sync, queued. (The line counts as finished, and the later words go on a
    # line of their own: a save just after typing an ACTION line defers its sync, and
    # then the race between the writer and flush() below decided whether one job ran or
    # two.)
    editor.save(settle_actions=True)
    editor.insertPlainText("\nMore discussion.")
    editor.save()  # the same ACTION lines: no sync of its own, but it replaces the first
    editor.insertPlainText(" Agreed.")
    editor.save()
    gate.set()
    assert editor.flush() is True

    final = f"{OPENING}\n{ACTION}\nMore discussion. Agreed."
    assert ran == [(final, True)]  # one job ran: the latest text, with the sync kept
    assert context.read(agenda_service.item_minutes, setup.item_ids[0]) == final
    assert action_texts(context, setup.meeting_id) == [
        "Andy Opie to circulate the strategic assessment by 31 October."
    ]


def test_a_failed_text_save_skips_the_sync_and_both_go_again_next_time(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor, context = setup.editor, setup.context
    real_save = agenda_service.save_item_minutes

    def full_disk(*_args: Any, **_kwargs: Any) -> Any:
        raise UserError("The change could not be saved: the disk is full.")

    monkeypatch.setattr(agenda_service, "save_item_minutes", full_disk)
    type_line(editor, ACTION)
    assert editor.flush() is False
    assert editor.is_dirty and "the disk is full" in setup.notices[0]
    assert not setup.warnings
    assert action_texts(context, setup.meeting_id) == []

    monkeypatch.setattr(agenda_service, "save_item_minutes", real_save)
    assert editor.flush() is True
    assert not editor.is_dirty
    assert len(action_texts(context, setup.meeting_id)) == 1
    assert any(s.startswith("Saved again at") for s in setup.statuses)


def test_an_item_saved_without_its_sync_is_synced_when_opened(qtbot: QtBot, setup: Setup) -> None:
    """The app stopped between saving the text and syncing its ACTION line."""
    editor, context = setup.editor, setup.context
    context.write(
        agenda_service.save_item_minutes,
        setup.item_ids[1],
        ACTION,
        context.clock,
        sync_actions=False,
    )
    assert action_texts(context, setup.meeting_id) == []

    editor._recovery_timer.setInterval(50)
    with qtbot.waitSignal(editor.actions_synced, timeout=5000):
        editor.load_item(setup.item_ids[1])  # opened, and not typed into

    assert len(action_texts(context, setup.meeting_id)) == 1
    assert not editor.is_dirty


def test_an_item_in_step_is_left_alone_when_opened(qtbot: QtBot, setup: Setup) -> None:
    editor, context = setup.editor, setup.context
    type_line(editor, ACTION)
    editor.flush()
    synced: list[bool] = []
    editor.actions_synced.connect(lambda: synced.append(True))
    finished: list[str] = []
    context.background.job_finished.connect(lambda key, _s, _ok: finished.append(key))
    editor._recovery_timer.setInterval(50)

    editor.load_item(setup.item_ids[1])
    editor.load_item(setup.item_ids[0])
    qtbot.waitUntil(lambda: f"check:{setup.item_ids[0]}" in finished, timeout=5000)

    assert not synced  # nothing was out of step: no refresh of the other tabs


def test_the_check_leaves_a_half_typed_action_line_alone(qtbot: QtBot, setup: Setup) -> None:
    editor, context = setup.editor, setup.context
    editor._recovery_timer.setInterval(50)
    editor.load_item(setup.item_ids[1])
    editor.insertPlainText("ACTION: Andy Opie to circ")
    editor.save()  # the line is still being typed: text saved, no sync yet
    qtbot.waitUntil(lambda: not editor._recovery_timer.isActive(), timeout=5000)
    context.wait_for_background()
    assert context.read(agenda_service.item_minutes, setup.item_ids[1]).startswith("ACTION")
    assert action_texts(context, setup.meeting_id) == []


def test_read_only_items_are_not_checked(setup: Setup) -> None:
    editor = setup.editor
    editor.load_item(setup.item_ids[1], read_only=True)
    assert not editor._recovery_timer.isActive()
