"""An offline copy holds its meeting's edit leases (when the lease table exists)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, select

from csp_desktop.clock import FakeClock
from csp_desktop.services.offline_leases import (
    LEASE_TABLE,
    hold_item_leases,
    offline_client,
    release_item_leases,
)
from csp_desktop.storage import Database
from tests.factories import make_body, make_meeting


@pytest.fixture
def lease_table(db: Database) -> Iterator[None]:
    """The edit-lease table as migration 0012 makes it, made here if this build lacks it."""
    with db.engine.begin() as connection:
        made = not inspect(connection).has_table("edit_lease")
        if made:
            LEASE_TABLE.create(connection)
    yield
    if made:
        with db.engine.begin() as connection:
            LEASE_TABLE.drop(connection)


def test_without_the_lease_table_nothing_is_held(db: Database, clock: FakeClock) -> None:
    with db.engine.connect() as connection:
        if inspect(connection).has_table("edit_lease"):
            pytest.skip("this build has the edit-lease table")
    with db.transaction() as session:
        meeting = make_meeting(session, make_body(session), items=["Youth ASB"])
        assert hold_item_leases(session, meeting.id, "jo", "c0ffee", clock) == 0
        assert release_item_leases(session, "c0ffee") == 0


def test_items_are_held_in_the_takers_name_and_released_on_return(
    db: Database, clock: FakeClock, lease_table: None
) -> None:
    with db.transaction() as session:
        meeting = make_meeting(session, make_body(session), items=["Youth ASB", "Knife crime"])
        free, busy = (item.id for item in meeting.items)
        # Someone is minuting the second item this minute: theirs stays theirs.
        session.execute(
            LEASE_TABLE.insert().values(
                agenda_item_id=busy,
                holder_name="Sam Server",
                holder_client="sam-pc",
                taken_at=clock.now(),
                refreshed_at=clock.now() - dt.timedelta(seconds=20),
            )
        )
        assert hold_item_leases(session, meeting.id, "Jo Smith", "c0ffee", clock) == 1
    with db.session() as session:
        leases = {row.agenda_item_id: row for row in session.execute(select(LEASE_TABLE))}
        assert leases[free].holder_name == "Jo Smith (offline)"
        assert leases[free].holder_client == offline_client("c0ffee")
        # Far ahead, so it does not run out while the laptop is away.
        assert leases[free].refreshed_at > clock.now() + dt.timedelta(days=7)
        assert leases[busy].holder_name == "Sam Server"
    with db.transaction() as session:
        assert release_item_leases(session, "c0ffee") == 1
    with db.session() as session:
        assert [row.agenda_item_id for row in session.execute(select(LEASE_TABLE))] == [busy]
