"""The note taker never waits on the network (issue 16, point 5).

PostgreSQL through a delaying TCP proxy (`benchmarks/net_proxy.py`): typing at a 500 ms
round trip never blocks the GUI thread; a cut network loses nothing (saves wait in order,
in memory and in the local journal, the status bar says so, and they go through when the
network is back); an app stopped during the outage replays its journal at the next start.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError
from csp_desktop.services import agenda as agenda_service
from csp_desktop.storage import open_database
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.minutes_editor import MinutesEditor
from csp_desktop.ui.offline_status import BACK_ONLINE_TEXT, OfflineStatus
from csp_desktop.ui.restricted_quote_watch import RestrictedQuoteWatch
from csp_desktop.ui.save_journal import JOURNAL_NAME, Replay
from tests.ui.network_link import Link, link_fixture  # noqa: F401 (the `link` fixture)

pytestmark = pytest.mark.slow

# "Never waits on the network": no GUI task near a round trip (500 ms) long. Generous for
# a loaded two-core machine; the typing figures (p99) are in benchmarks/network_typing.py.
LONGEST_GUI_BLOCK_MS = 100


def saved_text(link: Link, item_id: int) -> str:
    with link.direct.session() as session:
        return agenda_service.item_minutes(session, item_id)


def type_words(qtbot: QtBot, editor: MinutesEditor, words: list[str]) -> None:
    """Type each word and hand it to the writer (an autosave per word, as at a pause)."""
    for word in words:
        QTest.keyClicks(editor, f"{word} ")
        editor.save()
        qtbot.wait(5)


class Heartbeat:
    """A 5 ms timer: how late it fires is how long the GUI thread was held."""

    def __init__(self) -> None:
        self.longest_ms = 0.0
        self._clock = QElapsedTimer()
        self._clock.start()
        self._last = self._clock.nsecsElapsed()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._beat)
        self._timer.start(5)

    def _beat(self) -> None:
        now = self._clock.nsecsElapsed()
        self.longest_ms = max(self.longest_ms, (now - self._last) / 1e6 - 5)
        self._last = now

    def stop(self) -> None:
        self._timer.stop()


def test_a_removed_action_line_is_told_without_a_round_trip_on_the_gui_thread(
    qtbot: QtBot, link: Link
) -> None:
    context = UiContext(link.database, link.database.clock, link.paths)
    editor = MinutesEditor(context)
    qtbot.addWidget(editor)
    notices: list[str] = []
    editor.notice.connect(notices.append)
    editor.load_item(link.item_ids[0])
    editor.show()
    QTest.keyClicks(editor, "ACTION: Andy Opie to share the figures")
    editor.save(settle_actions=True)
    assert editor.flush()

    link.proxy.one_way_delay_s = 0.25
    heartbeat = Heartbeat()
    editor.selectAll()
    QTest.keyClicks(editor, "Agreed.")
    editor.save(settle_actions=True)
    qtbot.waitUntil(lambda: any("removed with its line" in n for n in notices), timeout=20000)
    heartbeat.stop()
    assert heartbeat.longest_ms < LONGEST_GUI_BLOCK_MS, f"held {heartbeat.longest_ms:.0f} ms"
    assert editor.removed_action_ids


def test_typing_at_a_500_ms_round_trip_never_blocks_the_gui_thread(
    qtbot: QtBot, link: Link
) -> None:
    context = UiContext(link.database, link.database.clock, link.paths)
    editor = MinutesEditor(context)
    qtbot.addWidget(editor)
    RestrictedQuoteWatch(context, editor, lambda _text: None)  # reads after each save
    editor.load_item(link.item_ids[0])
    editor.show()
    link.proxy.one_way_delay_s = 0.25

    text = "The board noted the figures.\nACTION: Andy Opie to share them by ward.\nAgreed. "
    heartbeat = Heartbeat()
    position = [0]

    def type_next() -> None:
        if position[0] < len(text):
            char = text[position[0]]
            if char == "\n":
                QTest.keyClick(editor, Qt.Key.Key_Return)
            else:
                QTest.keyClicks(editor, char)
            position[0] += 1

    typist = QTimer()
    typist.timeout.connect(type_next)
    typist.start(30)  # a fast typist; autosaves fire as they would (700 ms pauses)
    qtbot.waitUntil(lambda: position[0] >= len(text), timeout=20000)
    qtbot.wait(1500)  # the last autosave and its ACTION sync go over the slow link
    heartbeat.stop()
    typist.stop()

    longest = heartbeat.longest_ms
    assert longest < LONGEST_GUI_BLOCK_MS, f"the GUI thread was held {longest:.0f} ms"
    link.proxy.one_way_delay_s = 0.0
    assert editor.flush()
    assert saved_text(link, link.item_ids[0]) == text


def test_a_cut_network_loses_nothing_says_so_and_saves_when_back(qtbot: QtBot, link: Link) -> None:
    context = UiContext(link.database, link.database.clock, link.paths)
    editor = MinutesEditor(context)
    qtbot.addWidget(editor)
    label = QLabel("All changes saved")
    statuses: list[str] = []
    OfflineStatus(context, label, statuses.append)
    editor.load_item(link.item_ids[0])
    editor.show()

    type_words(qtbot, editor, ["Before", "the", "cut"])
    assert editor.flush()
    assert saved_text(link, link.item_ids[0]) == "Before the cut "

    link.proxy.cut()
    started = time.perf_counter()
    type_words(qtbot, editor, ["typed", "while", "offline"])
    qtbot.waitUntil(lambda: context.background.offline, timeout=5000)
    type_words(qtbot, editor, ["and", "more"])
    typing_seconds = time.perf_counter() - started

    qtbot.waitUntil(lambda: label.text().startswith("Offline"), timeout=5000)
    assert label.text() == "Offline — 1 change waiting; will save when the server is back"
    # Said once, when the writer went offline: the count then depends on how many saves
    # were queued at that instant (two, under load, before they merged into one).
    assert [s for s in statuses if s.startswith("Offline — ")] in (
        [label.text()],
        ["Offline — 2 changes waiting; will save when the server is back"],
    )
    assert typing_seconds < 2.0  # nothing waited on the cut network
    # Leaving the item (or closing) neither waits for the server nor asks anything: the
    # words wait, in order, and in the journal on disk.
    assert editor.flush()
    assert (link.paths.data_dir / JOURNAL_NAME).exists()
    # Another item cannot be read meanwhile: the editor stays, and says why.
    assert not editor.load_item(link.item_ids[1])
    assert editor.item_id == link.item_ids[0]
    # A change made on the GUI thread would overtake the waiting saves: refused, plainly.
    refused_at = time.perf_counter()
    with pytest.raises(UserError, match="cannot be reached"):
        context.write(agenda_service.save_item_minutes, link.item_ids[1], "x", FakeClock())
    assert time.perf_counter() - refused_at < 1.0
    assert saved_text(link, link.item_ids[0]) == "Before the cut "

    link.proxy.restore()
    qtbot.waitUntil(lambda: not context.background.busy, timeout=10000)
    qtbot.waitUntil(lambda: not editor.is_dirty, timeout=5000)
    assert not context.background.offline
    assert saved_text(link, link.item_ids[0]) == "Before the cut typed while offline and more "
    assert label.text() == BACK_ONLINE_TEXT
    assert context.background.journal is not None and context.background.journal.flush()
    assert not (link.paths.data_dir / JOURNAL_NAME).exists()  # nothing left waiting


def minutes_save(context: UiContext, item_id: int, text: str, landed: list[str]) -> None:
    """A journaled minutes save, as the editor hands it over."""
    replay = Replay(
        "csp_desktop.usecases.save_minutes:replay_save",
        {"item_id": item_id, "text": text, "sync": False},
    )
    context.run_in_background(
        f"minutes:{item_id}",
        lambda database: replay.resolve()(database, **replay.arguments),
        on_done=lambda _outcome: landed.append(text),
        replay=replay,
    )


def test_saves_waiting_for_the_server_land_in_order_one_per_item(qtbot: QtBot, link: Link) -> None:
    context = UiContext(link.database, link.database.clock, link.paths)
    first, second = link.item_ids
    landed: list[str] = []
    link.proxy.cut()
    minutes_save(context, first, "A one", landed)
    qtbot.waitUntil(lambda: context.background.offline, timeout=5000)
    minutes_save(context, second, "B one", landed)
    minutes_save(context, first, "A one two", landed)  # replaces the waiting "A one"
    context.background.submit("a read", lambda _database: None, change=False)
    assert context.background.waiting == 2  # changes: the read is not one
    assert context.background.pending_replay(f"minutes:{first}") is not None
    link.proxy.restore()
    qtbot.waitUntil(lambda: len(landed) == 2, timeout=10000)
    assert landed == ["B one", "A one two"]
    assert saved_text(link, first) == "A one two"
    assert saved_text(link, second) == "B one"


def test_an_app_stopped_during_the_outage_saves_its_journal_at_the_next_start(
    qtbot: QtBot, link: Link
) -> None:
    context = UiContext(link.database, link.database.clock, link.paths)
    first, second = link.item_ids
    landed: list[str] = []
    link.proxy.cut()
    minutes_save(context, first, "Typed before the laptop died", landed)
    minutes_save(context, second, "and in the next item", landed)
    qtbot.waitUntil(lambda: context.background.offline, timeout=5000)
    context.wait_for_background()  # returns at once offline, the journal on disk
    # The app closes (or dies): its writer's thread ends with what it holds in memory.
    context.background.stop()
    assert context.background.stopped and context.background._thread is None
    assert landed == []

    # The next start, with the network back: a new connection to the same database.
    link.proxy.restore()
    again = open_database(link.database.url)
    again.clock = FakeClock()
    restarted = UiContext(again, again.clock, link.paths)
    assert restarted.background.replayed_from_journal == 2
    qtbot.waitUntil(lambda: not restarted.background.busy, timeout=10000)
    restarted.wait_for_background()
    assert saved_text(link, first) == "Typed before the laptop died"
    assert saved_text(link, second) == "and in the next item"
    assert restarted.background.journal is not None and restarted.background.journal.flush()
    assert UiContext(again, again.clock, link.paths).background.replayed_from_journal == 0
    again.close()
