"""One person at a time minutes an item: the edit lease's rules on SQLite and PostgreSQL,
including two real connections racing to take the same lease (exactly one wins)."""

from __future__ import annotations

import datetime as dt
import threading

from csp_desktop.clock import FakeClock
from csp_desktop.services import edit_leases
from csp_desktop.services.edit_leases import Holder
from csp_desktop.storage import Database, open_database
from tests.factories import make_body, make_meeting

JO = Holder("Jo Smith", "jo-laptop-1")
SAM = Holder("Sam Patel", "sam-desktop-7")
TEN_42 = dt.datetime(2026, 12, 6, 10, 42)


def make_items(db: Database, count: int = 1) -> list[int]:
    with db.transaction() as session:
        meeting = make_meeting(
            session, make_body(session), items=[f"Item {n}" for n in range(count)]
        )
        return [item.id for item in meeting.items]


def test_the_first_to_enter_holds_it_and_the_other_sees_who(db: Database) -> None:
    [item] = make_items(db)
    clock = FakeClock(current=TEN_42)
    with db.transaction() as session:
        jos = edit_leases.take_lease(session, item, JO, clock)
    assert jos.mine and jos.holder_name == "Jo Smith"
    clock.advance(seconds=20)
    with db.transaction() as session:
        sams = edit_leases.take_lease(session, item, SAM, clock)
    assert not sams.mine
    assert sams.words() == "Being minuted by Jo Smith"
    assert sams.taken_at == TEN_42
    with db.session() as session:
        holder = edit_leases.lease_holder(session, item, SAM, clock)
    assert holder is not None and holder.holder_client == JO.client_id
    # Taking it again while holding it just renews it.
    with db.transaction() as session:
        again = edit_leases.take_lease(session, item, JO, clock)
    assert again.mine and again.refreshed_at == TEN_42 + dt.timedelta(seconds=20)


def test_released_it_is_free_for_the_next_person(db: Database) -> None:
    [item] = make_items(db)
    clock = FakeClock(current=TEN_42)
    with db.transaction() as session:
        edit_leases.take_lease(session, item, JO, clock)
        edit_leases.release_lease(session, item, SAM)  # not Sam's to release
    with db.session() as session:
        assert edit_leases.lease_holder(session, item, SAM, clock) is not None
    with db.transaction() as session:
        edit_leases.release_lease(session, item, JO)
    with db.session() as session:
        assert edit_leases.lease_holder(session, item, SAM, clock) is None
    with db.transaction() as session:
        assert edit_leases.take_lease(session, item, SAM, clock).mine


def test_refreshed_it_stays_and_after_the_timeout_anyone_may_take_it(db: Database) -> None:
    [item] = make_items(db)
    clock = FakeClock(current=TEN_42)
    with db.transaction() as session:
        edit_leases.take_lease(session, item, JO, clock)
    for _ in range(6):  # three minutes of typing, refreshed every 30 s
        clock.advance(seconds=30)
        with db.transaction() as session:
            refreshed = edit_leases.refresh_lease(session, item, JO, clock)
        assert refreshed is not None and refreshed.mine
        with db.transaction() as session:
            assert not edit_leases.take_lease(session, item, SAM, clock).mine
    # Jo's laptop sleeps: two minutes without a refresh and the item is free.
    clock.advance(minutes=2)
    with db.session() as session:
        assert edit_leases.lease_holder(session, item, SAM, clock) is not None
    clock.advance(seconds=1)
    with db.session() as session:
        assert edit_leases.lease_holder(session, item, SAM, clock) is None
    with db.transaction() as session:
        assert edit_leases.take_lease(session, item, SAM, clock).mine
    # Jo's laptop wakes: its refresh finds Sam's lease, and does not take it back.
    with db.transaction() as session:
        lost = edit_leases.refresh_lease(session, item, JO, clock)
    assert lost is not None and not lost.mine and lost.holder_name == "Sam Patel"


def test_leaving_every_item_at_close_releases_them_all(db: Database) -> None:
    items = make_items(db, 3)
    clock = FakeClock(current=TEN_42)
    with db.transaction() as session:
        for item in items:
            edit_leases.take_lease(session, item, JO, clock)
        edit_leases.take_lease(session, items[0], SAM, clock)
        edit_leases.release_all(session, JO)
    with db.session() as session:
        assert [edit_leases.lease_holder(session, i, SAM, clock) for i in items] == [None] * 3


def test_two_connections_racing_for_the_same_lease_exactly_one_wins(db: Database) -> None:
    rounds = 12
    items = make_items(db, rounds)
    clients = [open_database(db.url), open_database(db.url)]
    holders = [JO, SAM]
    outcomes: dict[int, list[bool]] = {item: [] for item in items}
    errors: list[BaseException] = []
    start = threading.Barrier(2)
    lock = threading.Lock()

    def race(number: int) -> None:
        clock = FakeClock(current=TEN_42)
        try:
            for item in items:
                start.wait(timeout=30)
                with clients[number].transaction() as session:
                    lease = edit_leases.take_lease(session, item, holders[number], clock)
                with lock:
                    outcomes[item].append(lease.mine)
        except BaseException as exc:
            errors.append(exc)
            start.abort()

    threads = [threading.Thread(target=race, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for client in clients:
        client.close()
    assert errors == []
    assert all(sorted(won) == [False, True] for won in outcomes.values()), outcomes
    with db.session() as session:
        for item in items:
            holder = edit_leases.lease_holder(session, item, JO, FakeClock(current=TEN_42))
            assert holder is not None
            winner = holders[0] if holder.mine else holders[1]
            assert holder.holder_client == winner.client_id
