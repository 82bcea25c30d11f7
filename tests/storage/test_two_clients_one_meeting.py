"""Two copies of the app hammering the same meeting at once, on real concurrent
connections (PostgreSQL, and two connections to one SQLite file): minutes (each on its own
item and both on a shared one, each save based on the version it read, as the window
does), action updates and attendance marks. No write is lost: every one either landed or
was refused with its value kept in `lost_edit`; and `check` finds nothing wrong."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from sqlalchemy import select

from csp_desktop.clock import FakeClock
from csp_desktop.models import ActionUpdate, AttendanceStatus, LostEdit
from csp_desktop.services import actions, attendance, minutes
from csp_desktop.services.integrity import check_database
from csp_desktop.storage import Database, open_database
from csp_desktop.storage.database import StaleEdit
from tests.factories import make_body, make_meeting, make_person, mark

ROUNDS = 12
STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT)


@dataclass
class Meeting:
    own_items: list[int]
    shared_item: int
    action_id: int
    attendance_id: int


@dataclass
class Outcomes:
    shared_landed: list[str] = field(default_factory=list)
    shared_refused: list[str] = field(default_factory=list)
    updates_landed: list[str] = field(default_factory=list)
    marks_landed: list[str] = field(default_factory=list)
    marks_refused: list[str] = field(default_factory=list)


def make_meeting_for_two(db: Database) -> Meeting:
    with db.transaction() as session:
        meeting = make_meeting(
            session, make_body(session), items=["Jo's item", "Sam's item", "Shared item"]
        )
        person = make_person(session, "Andy Opie")
        record = mark(session, meeting, person, AttendanceStatus.PRESENT)
        session.flush()
        item_ids = [item.id for item in meeting.items]
        minutes.save_minutes(
            session, item_ids[2], "ACTION: Andy Opie to book the venue.", FakeClock()
        )
        actions.sync_item_actions(session, item_ids[2], FakeClock())
        [action] = actions.list_actions(session, actions.ActionFilter(meeting_id=meeting.id))
        return Meeting(item_ids[:2], item_ids[2], action.id, record.id)


def client(url: str, number: int, meeting: Meeting, out: Outcomes, lock: threading.Lock) -> None:
    database = open_database(url)
    name = ("Jo Smith", "Sam Patel")[number]
    database.clock = clock = FakeClock(current=dt.datetime(2026, 12, 6, 10, 42), username=name)
    own = meeting.own_items[number]
    try:
        with database.session() as session:
            read = minutes.read_item_minutes(session, own)
        for round_number in range(ROUNDS):
            # Minutes of one's own item: based on the version last saved, never refused.
            text = f"{read.text}{name} {round_number}\n"
            with database.transaction() as session:
                version = minutes.save_minutes(
                    session,
                    own,
                    text,
                    clock,
                    expected_version=read.row_version,
                    read_text=read.text,
                )
            read = minutes.MinutesRead(own, text, version, name, None)
            # The shared item: read, type, save on what was read (landed or refused).
            with database.session() as session:
                shared = minutes.read_item_minutes(session, meeting.shared_item)
            words = f"{shared.text}{name} shared {round_number}\n"
            try:
                with database.transaction() as session:
                    minutes.save_minutes(
                        session,
                        meeting.shared_item,
                        words,
                        clock,
                        expected_version=shared.row_version,
                        read_text=shared.text,
                    )
                with lock:
                    out.shared_landed.append(words)
            except StaleEdit:
                with lock:
                    out.shared_refused.append(words)
            # An update on the shared action: appending a note is not editing the action.
            note = f"{name} update {round_number}"
            with database.transaction() as session:
                actions.add_action_update(session, meeting.action_id, note, clock)
            with lock:
                out.updates_landed.append(note)
            # Both mark the same person (say, a correction): landed or kept.
            status = STATUSES[(round_number + number) % len(STATUSES)]
            try:
                with database.transaction() as session:
                    attendance.mark(session, meeting.attendance_id, status)
                with lock:
                    out.marks_landed.append(str(status))
            except StaleEdit:
                with lock:
                    out.marks_refused.append(str(status))
    finally:
        database.close()


def test_two_clients_hammering_one_meeting_lose_no_write(engine_db: Database) -> None:
    meeting = make_meeting_for_two(engine_db)
    out = Outcomes()
    lock = threading.Lock()
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            client(engine_db.url, number, meeting, out, lock)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    with engine_db.session() as session:
        for number, item in enumerate(meeting.own_items):
            name = ("Jo Smith", "Sam Patel")[number]
            text = minutes.read_item_minutes(session, item).text
            assert text.splitlines() == [f"{name} {n}" for n in range(ROUNDS)]
        shared = minutes.read_item_minutes(session, meeting.shared_item)
        lost = session.scalars(select(LostEdit)).all()
        kept_minutes = {e.value for e in lost if e.table_name == "agenda_item"}
        kept_marks = [e.value for e in lost if e.table_name == "attendance" and e.field == "status"]
        notes = set(session.scalars(select(ActionUpdate.text)))
    # Every shared save landed (one version each, the last one's text on show) or was kept.
    assert len(out.shared_landed) + len(out.shared_refused) == 2 * ROUNDS
    assert shared.row_version == 1 + 1 + len(out.shared_landed)  # created, first save, rest
    assert shared.text in out.shared_landed
    assert set(out.shared_refused) <= kept_minutes
    assert set(out.updates_landed) <= notes  # every update note arrived
    assert len(out.marks_landed) + len(out.marks_refused) == 2 * ROUNDS
    assert len(kept_marks) == len(out.marks_refused)
    report = check_database(engine_db)
    assert report.ok, report.problems
