"""Nobody overwrites anybody: a save based on stale data is refused with who and when,
the refused text is kept, and clients hammering one meeting lose no write. On PostgreSQL
with real concurrent connections (and on SQLite with two connections)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select, text

from csp_desktop.clock import FakeClock
from csp_desktop.models import AgendaItem, LostEdit
from csp_desktop.storage import Database, open_database
from csp_desktop.storage.database import StaleEdit
from tests.factories import make_body, make_meeting


def two_clients(url: str) -> tuple[Database, Database]:
    jo = open_database(url)
    jo.clock = FakeClock(current=dt.datetime(2026, 12, 6, 10, 42), username="Jo Smith")
    sam = open_database(url)
    sam.clock = FakeClock(current=dt.datetime(2026, 12, 6, 10, 43), username="Sam Patel")
    return jo, sam


def make_item(database: Database) -> int:
    with database.transaction() as session:
        meeting = make_meeting(session, make_body(session), items=["Knife crime"])
        return meeting.items[0].id


def test_a_stale_save_is_refused_naming_who_and_when(engine_db: Database) -> None:
    url = engine_db.url
    item_id = make_item(engine_db)
    jo, sam = two_clients(url)
    # Sam reads the item and starts typing; meanwhile Jo saves her minutes.
    with pytest.raises(StaleEdit) as refused, sam.transaction() as sams:
        item = sams.get(AgendaItem, item_id)
        assert item is not None
        sams.flush()
        with jo.transaction() as jos:
            theirs = jos.get(AgendaItem, item_id)
            assert theirs is not None
            theirs.minutes_text = "Jo's minutes: weapons sweeps agreed."
        item.minutes_text = "Sam's minutes: sweeps deferred."
    message = str(refused.value)
    assert "The item was changed by Jo Smith at 10:42" in message
    assert "kept in its history" in message
    with engine_db.session() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None
        assert item.minutes_text == "Jo's minutes: weapons sweeps agreed."
        assert item.changed_by == "Jo Smith" and item.row_version == 2
        [lost] = session.scalars(select(LostEdit)).all()
    assert (lost.table_name, lost.row_id, lost.field) == ("agenda_item", item_id, "minutes_text")
    assert lost.value == "Sam's minutes: sweeps deferred." and lost.typed_by == "Sam Patel"
    jo.close()
    sam.close()


def test_clients_hammering_one_meeting_lose_no_write(postgres_url: str) -> None:
    """Real concurrent connections on PostgreSQL: each client appends lines to the same
    item's minutes, re-reading and retrying when refused; every line arrives once."""
    setup = open_database(postgres_url)
    item_id = make_item(setup)
    clients, lines_each = 3, 15
    errors: list[BaseException] = []
    refusals = [0]

    def client(number: int) -> None:
        database = open_database(postgres_url)
        database.clock = FakeClock(username=f"client {number}")
        try:
            for line in range(lines_each):
                while True:
                    try:
                        with database.transaction() as session:
                            item = session.get(AgendaItem, item_id)
                            assert item is not None
                            item.minutes_text = f"{item.minutes_text}c{number}-{line}\n"
                        break
                    except StaleEdit:
                        refusals[0] += 1
        except BaseException as exc:
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert errors == []
    with setup.session() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None
        written = item.minutes_text.splitlines()
        version = item.row_version
        kept = session.execute(text("SELECT count(*) FROM lost_edit")).scalar()
    expected = {f"c{n}-{line}" for n in range(clients) for line in range(lines_each)}
    assert sorted(written) == sorted(expected)  # every line once, none lost or doubled
    assert version == 1 + clients * lines_each
    assert kept == refusals[0]  # every refused save is in the history
    setup.close()
