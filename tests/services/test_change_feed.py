"""Other clients' changes, heard as they commit (PostgreSQL LISTEN/NOTIFY): each write of
another connection arrives as '<table>:<id>' and 'meeting:<id>'; this client's own writes
are left out, so its own autosaves never make its window refresh."""

from __future__ import annotations

import queue

import pytest

from csp_desktop.clock import FakeClock
from csp_desktop.services import minutes
from csp_desktop.services.change_feed import ChangeListener, supports_notify
from csp_desktop.storage import Database, open_database
from tests.factories import make_body, make_meeting


def test_other_clients_changes_are_heard_and_ours_are_not(db: Database) -> None:
    if db.is_sqlite:
        assert not supports_notify(db.engine)  # SQLite has no NOTIFY: nothing listens
        return
    assert supports_notify(db.engine)
    with db.transaction() as session:
        meeting = make_meeting(session, make_body(session), items=["Knife crime"])
        item_id, meeting_id = meeting.items[0].id, meeting.id
    heard: queue.Queue[str] = queue.Queue()
    listener = ChangeListener(db.engine, heard.put)
    listener.start()
    other = open_database(db.url)
    try:
        assert listener.listening.wait(5)
        with db.transaction() as session:  # ours
            minutes.save_minutes(session, item_id, "Our words.", FakeClock())
        with other.transaction() as session:  # theirs
            minutes.save_minutes(session, item_id, "Their words.", FakeClock())
        got = {heard.get(timeout=2), heard.get(timeout=2)}
        assert got == {f"agenda_item:{item_id}", f"meeting:{meeting_id}"}
        assert heard.empty()  # our own save was not reported back to us
    finally:
        listener.stop()
        other.close()


def test_a_commit_to_an_sqlite_file_by_another_connection_is_heard_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A read-only window's poller (`PRAGMA data_version`): quiet while nothing is
    committed, one `ANY_CHANGE` per poll that follows a commit by someone else."""
    from csp_desktop.services.change_feed import ANY_CHANGE, FileChangePoller

    path = tmp_path / "csp.db"
    writer = open_database(path)
    with writer.transaction() as session:
        meeting = make_meeting(session, make_body(session), items=["Knife crime"])
        item_id = meeting.items[0].id
    heard: queue.Queue[str] = queue.Queue()
    poller = FileChangePoller(path, heard.put, interval=0.05)
    poller.start()
    try:
        assert poller.listening.wait(5)
        with pytest.raises(queue.Empty):
            heard.get(timeout=0.3)  # nothing committed: nothing heard
        with writer.transaction() as session:
            minutes.save_minutes(session, item_id, "Jo's words.", FakeClock())
        assert heard.get(timeout=3) == ANY_CHANGE
        with pytest.raises(queue.Empty):
            heard.get(timeout=0.3)  # once per change, not at every poll
    finally:
        poller.stop()
        writer.close()
