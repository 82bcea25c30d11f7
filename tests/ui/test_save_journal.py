"""The local journal of saves waiting for the server: durable, ordered, coalesced per key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from csp_desktop.clock import FakeClock
from csp_desktop.paths import AppPaths
from csp_desktop.storage import Database
from csp_desktop.ui.context import UiContext
from csp_desktop.ui.save_journal import JOURNAL_NAME, Replay, SaveJournal

SERVER = "postgresql+psycopg://jo@db.council.local/csp"
OTHER = "postgresql+psycopg://jo@db.other.local/csp"


def save(text: str, item_id: int = 1) -> Replay:
    return Replay(
        "csp_desktop.usecases.save_minutes:replay_save", {"item_id": item_id, "text": text}
    )


def test_saves_not_done_are_pending_after_a_restart_in_order_latest_per_key(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pending-saves.jsonl"
    journal = SaveJournal(path, SERVER)
    first = journal.append("minutes:1", save("one", 1))
    journal.append("minutes:2", save("two", 2))
    journal.append("minutes:1", save("one more", 1))
    journal.append("minutes:3", save("three", 3))
    journal.done(first)
    assert journal.flush()

    again = SaveJournal(path, SERVER)  # the app started again
    pending = again.pending()
    assert [(e.key, e.replay.arguments["text"]) for e in pending] == [
        ("minutes:2", "two"),
        ("minutes:1", "one more"),  # the later save of item 1, in its place
        ("minutes:3", "three"),
    ]
    # New ids never reuse one in the file.
    assert again.append("minutes:4", save("four", 4)) > max(e.id for e in pending)


def test_the_file_is_removed_once_every_save_has_landed(tmp_path: Path) -> None:
    path = tmp_path / "pending-saves.jsonl"
    journal = SaveJournal(path, SERVER)
    ids = [journal.append(f"minutes:{n}", save(str(n), n)) for n in range(3)]
    assert journal.flush()
    assert path.exists()
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
    journal.done(*ids)
    assert journal.flush()
    assert not path.exists()
    assert SaveJournal(path, SERVER).pending() == []


def test_saves_of_another_database_are_kept_for_it(tmp_path: Path) -> None:
    path = tmp_path / "pending-saves.jsonl"
    other = SaveJournal(path, OTHER)
    other.append("minutes:9", save("theirs", 9))
    assert other.flush()

    journal = SaveJournal(path, SERVER)
    assert journal.pending() == []
    mine = journal.append("minutes:1", save("mine"))
    journal.done(mine)
    assert journal.flush()
    assert [e.replay.arguments["text"] for e in SaveJournal(path, OTHER).pending()] == ["theirs"]


def test_a_line_cut_short_by_a_crash_leaves_the_others_readable(tmp_path: Path) -> None:
    path = tmp_path / "pending-saves.jsonl"
    journal = SaveJournal(path, SERVER)
    journal.append("minutes:1", save("kept"))
    assert journal.flush()
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps({"op": "save", "id": 2, "database": SERVER})[:25])
    assert [e.replay.arguments["text"] for e in SaveJournal(path, SERVER).pending()] == ["kept"]


def test_only_the_apps_own_functions_can_be_replayed() -> None:
    with pytest.raises(ValueError):
        Replay("os:system", {"command": "true"}).resolve()
    assert callable(save("x").resolve())


def test_a_sqlite_file_keeps_no_journal(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    """Its saves are local already: typing into it writes no extra file."""
    context = UiContext(db, FakeClock(), AppPaths(tmp_path / "data", False))
    assert context.background.journal is None
    assert context.background.replayed_from_journal == 0
    assert not (tmp_path / "data" / JOURNAL_NAME).exists()
