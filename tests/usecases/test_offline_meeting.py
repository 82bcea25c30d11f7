"""A meeting taken offline, minuted with no connection, and brought back (issue 16 point 6).

The server side runs on both engines (`db` is SQLite and PostgreSQL); the offline copy
is always an SQLite file, edited through the same services the window uses.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from csp_desktop.clock import FakeClock
from csp_desktop.errors import RecordLocked, UserError
from csp_desktop.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    LostEdit,
    Meeting,
    MeetingStatus,
    OfflineCopy,
    Person,
)
from csp_desktop.services import actions, attendance, minutes
from csp_desktop.services.agenda import save_item_minutes
from csp_desktop.services.archive_identity import archive_id
from csp_desktop.services.integrity import check_database
from csp_desktop.services.offline_copies import read_file_facts
from csp_desktop.services.offline_merge import Choice
from csp_desktop.services.opening import meeting_to_open
from csp_desktop.storage import Database, open_database
from csp_desktop.storage.lock import LockHeld, acquire_writer_lock
from csp_desktop.usecases import offline_meeting
from csp_desktop.usecases.offline_meeting import (
    ConflictsToResolve,
    abandon_copy,
    bring_back,
    preview_bring_back,
    take_meeting_offline,
)
from tests.factories import add_member, make_body, make_meeting, make_organisation, make_person


@dataclass(frozen=True)
class Scene:
    meeting_id: int
    youth_item: int
    knife_item: int
    earlier_action: str
    andy_attendance: int


@pytest.fixture
def server_clock() -> FakeClock:
    return FakeClock(username="sam.server")


@pytest.fixture
def laptop_clock() -> FakeClock:
    return FakeClock(username="jo.laptop")


@pytest.fixture
def scene(db: Database, server_clock: FakeClock) -> Scene:
    db.clock = server_clock
    with db.transaction() as session:
        police = make_organisation(session, "Police")
        body = make_body(session)
        andy = make_person(session, "Andy Opie", organisation=police)
        paul = make_person(session, "Paul Waller")
        for person in (andy, paul):
            add_member(session, body, person)
        earlier = make_meeting(session, body, dt.date(2022, 6, 29), items=["Hate crime"])
        save_item_minutes(
            session,
            earlier.items[0].id,
            "Discussed.\nACTION: Paul Waller to report on hate crime figures",
            server_clock,
        )
        meeting = make_meeting(session, body, items=["Youth ASB", "Knife crime"])
        marks = [
            Attendance(meeting=meeting, person=andy, status=AttendanceStatus.UNMARKED),
            Attendance(meeting=meeting, person=paul, status=AttendanceStatus.UNMARKED),
        ]
        session.add_all(marks)
        session.flush()
        earlier_action = session.scalars(select(Action.reference)).one()
        return Scene(
            meeting.id, meeting.items[0].id, meeting.items[1].id, earlier_action, marks[0].id
        )


@pytest.fixture
def offline_path(tmp_path: Path) -> Path:
    return tmp_path / "laptop" / "board offline.db"


def open_offline(path: Path, clock: FakeClock) -> Database:
    database = open_database(path)
    database.clock = clock
    return database


@pytest.fixture
def taken(
    db: Database, scene: Scene, offline_path: Path, laptop_clock: FakeClock
) -> Iterator[Path]:
    offline_path.parent.mkdir()
    take_meeting_offline(db, scene.meeting_id, offline_path, clock=laptop_clock)
    yield offline_path


def item_minutes(database: Database, item_id: int) -> str:
    with database.session() as session:
        return session.get_one(AgendaItem, item_id).minutes_text


def test_taking_offline_writes_a_checkable_archive_and_records_who_took_it(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock
) -> None:
    offline = open_offline(taken, laptop_clock)
    try:
        assert check_database(offline).ok
        with offline.session() as session:
            meeting = session.get_one(Meeting, scene.meeting_id)
            assert [item.title for item in meeting.items] == ["Youth ASB", "Knife crime"]
            assert len(meeting.attendance) == 2
            # The open action from the earlier meeting came along with what it points at.
            carried = actions.find_action(session, scene.earlier_action)
            assert carried.raised_at_meeting is not None
            assert carried.raised_at_meeting.date == dt.date(2022, 6, 29)
            assert [p.name for p in carried.owners] == ["Paul Waller"]
    finally:
        offline.close()
    with db.session() as session:
        record = session.scalars(select(OfflineCopy)).one()
        assert (record.meeting_id, record.taken_by, record.returned_at) == (
            scene.meeting_id,
            "jo.laptop",
            None,
        )
        assert '"meeting"' in record.base_versions
        server_archive = archive_id(session)
    # The file knows where it came from and what everything was when it was taken.
    copy = open_database(taken)
    with copy.engine.connect() as connection:
        found = read_file_facts(connection)
    copy.close()
    assert found is not None
    facts, base, returned = found
    assert (facts.server_archive_id, facts.meeting_id, returned) == (
        server_archive,
        scene.meeting_id,
        None,
    )
    assert base["meeting"][(scene.meeting_id,)]["row_version"] == 1
    assert base["agenda_item"][(scene.youth_item,)]["title"] == "Youth ASB"
    # Taken once at a time: a second copy would fork the minutes.
    with pytest.raises(UserError, match=r"already offline: taken by jo\.laptop"):
        take_meeting_offline(db, scene.meeting_id, taken.with_name("again.db"), clock=laptop_clock)
    assert not taken.with_name("again.db").exists()


def test_changes_on_both_sides_to_different_fields_all_arrive(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock, server_clock: FakeClock
) -> None:
    offline = open_offline(taken, laptop_clock)
    with offline.transaction() as session:
        save_item_minutes(
            session,
            scene.youth_item,
            "Youth ASB is down 12%.\nACTION: Andy Opie to share the hotspot map",
            laptop_clock,
        )
        attendance.mark(session, scene.andy_attendance, AttendanceStatus.PRESENT)
        attendance.add_attendee(session, scene.meeting_id, "Kim Lee, Youth Service")
        carried = actions.find_action(session, scene.earlier_action)
        actions.add_action_update(session, carried.id, "Figures circulated", laptop_clock)
    offline.close()
    with db.transaction() as session:
        minutes.save_minutes(
            session, scene.knife_item, "Knife crime arches in schools.", server_clock
        )
        session.get_one(Meeting, scene.meeting_id).venue = "Town Hall"

    assert preview_bring_back(db, taken).conflicts == ()
    result = bring_back(db, taken, clock=server_clock)

    assert result.outcome.conflicts_resolved == 0
    assert item_minutes(db, scene.youth_item).startswith("Youth ASB is down 12%.")
    assert item_minutes(db, scene.knife_item) == "Knife crime arches in schools."
    with db.session() as session:
        assert session.get_one(Meeting, scene.meeting_id).venue == "Town Hall"
        assert session.get_one(Attendance, scene.andy_attendance).status is AttendanceStatus.PRESENT
        new_action = session.scalars(
            select(Action).where(Action.raised_at_item_id == scene.youth_item)
        ).one()
        assert new_action.text.startswith("Andy Opie to share the hotspot map") or (
            "hotspot map" in new_action.text
        )
        assert [p.name for p in new_action.owners] == ["Andy Opie"]
        assert new_action.reference == "CSP-2022-10-05-01"
        kim = session.scalars(select(Person).where(Person.first_name == "Kim")).one()
        assert kim.organisation is not None and kim.organisation.name == "Youth Service"
        kim_mark = session.scalars(select(Attendance).where(Attendance.person_id == kim.id)).one()
        assert kim_mark.meeting_id == scene.meeting_id
        carried = actions.find_action(session, scene.earlier_action)
        assert [u.text for u in carried.updates][-1] == "Figures circulated"
        record = session.scalars(select(OfflineCopy)).one()
        assert record.returned_at == server_clock.now() and record.returned_by == "sam.server"
    assert check_database(db).ok
    # Brought back once: a second time would add the new action twice.
    with pytest.raises(UserError, match="already brought back"):
        bring_back(db, taken, clock=server_clock)
    with db.session() as session:
        circulated = select(func.count()).where(ActionUpdate.text == "Figures circulated")
        assert session.scalar(circulated) == 1


def conflicting_edits(
    db: Database, scene: Scene, path: Path, laptop_clock: FakeClock, server_clock: FakeClock
) -> None:
    offline = open_offline(path, laptop_clock)
    with offline.transaction() as session:
        minutes.save_minutes(session, scene.youth_item, "Typed on the train.", laptop_clock)
    offline.close()
    with db.transaction() as session:
        minutes.save_minutes(session, scene.youth_item, "Typed in the office.", server_clock)


def test_a_field_changed_on_both_sides_is_refused_until_chosen(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock, server_clock: FakeClock
) -> None:
    conflicting_edits(db, scene, taken, laptop_clock, server_clock)
    with pytest.raises(ConflictsToResolve) as refused:
        bring_back(db, taken, clock=server_clock)
    (line,) = refused.value.lines()
    assert "Item 1 Youth ASB, minutes" in line
    assert "'Typed on the train.'" in line and "'Typed in the office.'" in line
    # Nothing applied, the copy is still out.
    assert item_minutes(db, scene.youth_item) == "Typed in the office."
    with db.session() as session:
        assert session.scalars(select(OfflineCopy)).one().returned_at is None


@pytest.mark.parametrize(
    ("prefer", "kept", "lost", "lost_by"),
    [
        ("mine", "Typed on the train.", "Typed in the office.", "sam.server"),
        ("theirs", "Typed in the office.", "Typed on the train.", "jo.laptop"),
    ],
)
def test_a_conflict_resolved_keeps_the_losing_value(
    db: Database,
    scene: Scene,
    taken: Path,
    laptop_clock: FakeClock,
    server_clock: FakeClock,
    prefer: Choice,
    kept: str,
    lost: str,
    lost_by: str,
) -> None:
    conflicting_edits(db, scene, taken, laptop_clock, server_clock)
    (conflict,) = preview_bring_back(db, taken).conflicts
    assert (conflict.base, conflict.mine, conflict.theirs) == (
        "",
        "Typed on the train.",
        "Typed in the office.",
    )
    result = bring_back(db, taken, clock=server_clock, choices={conflict.ident: prefer})
    assert result.outcome.conflicts_resolved == 1
    assert item_minutes(db, scene.youth_item) == kept
    with db.session() as session:
        kept_edit = session.scalars(select(LostEdit)).one()
        assert (kept_edit.table_name, kept_edit.row_id, kept_edit.field) == (
            "agenda_item",
            scene.youth_item,
            "minutes_text",
        )
        assert (kept_edit.value, kept_edit.typed_by) == (lost, lost_by)


def test_new_actions_on_both_sides_keep_distinct_references(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock, server_clock: FakeClock
) -> None:
    offline = open_offline(taken, laptop_clock)
    with offline.transaction() as session:
        save_item_minutes(
            session, scene.youth_item, "ACTION: Andy Opie to map hotspots", laptop_clock
        )
    offline.close()
    with db.transaction() as session:
        save_item_minutes(
            session, scene.knife_item, "ACTION: Paul Waller to fund arches", server_clock
        )
    bring_back(db, taken, clock=server_clock, prefer="mine")
    with db.session() as session:
        raised = session.scalars(
            select(Action).where(Action.raised_at_meeting_id == scene.meeting_id)
        ).all()
        by_item = {a.raised_at_item_id: a.reference for a in raised}
        assert by_item == {
            scene.knife_item: "CSP-2022-10-05-01",
            scene.youth_item: "CSP-2022-10-05-02",
        }
        assert session.get_one(Meeting, scene.meeting_id).last_action_number == 2
    assert check_database(db).ok


def test_an_approved_meeting_is_not_taken_offline(
    db: Database, scene: Scene, offline_path: Path, server_clock: FakeClock
) -> None:
    with db.transaction() as session:
        session.get_one(Meeting, scene.meeting_id).status = MeetingStatus.MINUTES_DRAFTED
    with db.transaction() as session:
        minutes.approve_minutes(session, scene.meeting_id, server_clock)
    offline_path.parent.mkdir()
    with pytest.raises(RecordLocked, match="approved and locked"):
        take_meeting_offline(db, scene.meeting_id, offline_path, clock=server_clock)
    assert not offline_path.exists()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(OfflineCopy)) == 0


def test_minutes_approved_on_the_server_meanwhile_are_not_changed(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock, server_clock: FakeClock
) -> None:
    conflicting_edits(db, scene, taken, laptop_clock, server_clock)
    with db.transaction() as session:
        session.get_one(Meeting, scene.meeting_id).status = MeetingStatus.MINUTES_DRAFTED
    with db.transaction() as session:
        minutes.approve_minutes(session, scene.meeting_id, server_clock)
    with pytest.raises(RecordLocked, match="approved on the server"):
        bring_back(db, taken, clock=server_clock, prefer="mine")
    assert item_minutes(db, scene.youth_item) == "Typed in the office."


def test_a_crash_mid_session_loses_nothing_typed(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock, server_clock: FakeClock
) -> None:
    offline = open_offline(taken, laptop_clock)
    with offline.transaction() as session:
        minutes.save_minutes(session, scene.youth_item, "Every word autosaved.", laptop_clock)
    # The laptop dies with the app open: on disk are the file and its write-ahead log,
    # exactly as copied here while the database is still open.
    crashed = taken.with_name("after crash.db")
    shutil.copyfile(taken, crashed)
    if Path(f"{taken}-wal").exists():
        shutil.copyfile(f"{taken}-wal", f"{crashed}-wal")
    offline.close()
    bring_back(db, crashed, clock=server_clock)
    assert item_minutes(db, scene.youth_item) == "Every word autosaved."


def test_a_file_from_another_archive_is_refused(
    db: Database, scene: Scene, taken: Path, tmp_path: Path, server_clock: FakeClock
) -> None:
    other = open_database(tmp_path / "other archive.db")
    try:
        with pytest.raises(UserError, match="taken offline from another archive"):
            bring_back(other, taken, clock=server_clock)
    finally:
        other.close()
    with pytest.raises(UserError, match="not an offline copy"):
        bring_back(db, tmp_path / "other archive.db", clock=server_clock)


@pytest.mark.parametrize("changed_on_server", [False, True])
def test_a_record_deleted_offline_is_deleted_unless_changed_on_the_server(
    db: Database,
    scene: Scene,
    taken: Path,
    laptop_clock: FakeClock,
    server_clock: FakeClock,
    changed_on_server: bool,
) -> None:
    offline = open_offline(taken, laptop_clock)
    with offline.transaction() as session:
        actions.delete_action(session, actions.find_action(session, scene.earlier_action).id)
    offline.close()
    if changed_on_server:
        with db.transaction() as session:
            carried = actions.find_action(session, scene.earlier_action)
            carried.due_text = "December"
    result = bring_back(db, taken, clock=server_clock)
    with db.session() as session:
        left = session.scalars(select(Action).where(Action.reference == scene.earlier_action))
        assert (left.first() is not None) is changed_on_server
    assert len(result.kept_on_server) == int(changed_on_server)


def test_offline_work_on_a_record_deleted_on_the_server_is_kept_in_the_history(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock, server_clock: FakeClock
) -> None:
    offline = open_offline(taken, laptop_clock)
    with offline.transaction() as session:
        carried = actions.find_action(session, scene.earlier_action)
        carried.due_text = "By Christmas"
        actions.add_action_update(session, carried.id, "Chased the analyst", laptop_clock)
    offline.close()
    with db.transaction() as session:
        actions.delete_action(session, actions.find_action(session, scene.earlier_action).id)

    result = bring_back(db, taken, clock=server_clock)

    assert result.outcome.lost_offline == 1
    with db.session() as session:
        kept = {(e.field, e.value, e.typed_by) for e in session.scalars(select(LostEdit))}
        assert ("due_text", "By Christmas", "jo.laptop") in kept
        assert ("text", "Chased the analyst", "jo.laptop") in kept
        assert (
            session.scalars(select(Action).where(Action.reference == scene.earlier_action)).first()
            is None
        )
    assert check_database(db).ok


def test_an_id_reused_offline_is_a_new_record_not_an_edit_of_the_old_one(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock, server_clock: FakeClock
) -> None:
    offline = open_offline(taken, laptop_clock)
    with offline.transaction() as session:
        old = actions.find_action(session, scene.earlier_action)
        old_id = old.id
        actions.delete_action(session, old_id)
    with offline.transaction() as session:
        save_item_minutes(session, scene.youth_item, "ACTION: Andy Opie to map", laptop_clock)
        new = session.scalars(select(Action)).one()
        assert new.id == old_id  # SQLite gave the deleted row's id to the new one
    offline.close()

    bring_back(db, taken, clock=server_clock)

    with db.session() as session:
        references = set(session.scalars(select(Action.reference)))
        assert references == {"CSP-2022-10-05-01"}
        (mapped,) = session.scalars(select(Action)).all()
        assert mapped.raised_at_item_id == scene.youth_item
        assert [p.name for p in mapped.owners] == ["Andy Opie"]


def test_the_offline_copy_opens_on_the_meeting_taken(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock
) -> None:
    offline = open_offline(taken, laptop_clock)
    try:
        with offline.session() as session:
            # The earlier meeting's header is in the file too, and on 1 June 2022 it is
            # the next one coming: the copy still opens on the meeting it was taken for.
            june = dt.date(2022, 6, 1)
            assert meeting_to_open(session, june, last_worked_on=None) == scene.meeting_id
    finally:
        offline.close()


def test_a_copy_still_open_in_a_window_is_not_brought_back(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock, server_clock: FakeClock
) -> None:
    conflicting_edits(db, scene, taken, laptop_clock, server_clock)
    window_lock = acquire_writer_lock(taken, clock=laptop_clock)
    try:
        with pytest.raises(LockHeld, match=r"is open for editing by jo\.laptop"):
            bring_back(db, taken, clock=server_clock, prefer="mine")
    finally:
        window_lock.release()
    assert item_minutes(db, scene.youth_item) == "Typed in the office."
    bring_back(db, taken, clock=server_clock, prefer="mine")
    assert item_minutes(db, scene.youth_item) == "Typed on the train."


def test_an_attendee_taken_off_and_put_back_offline_stays(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock, server_clock: FakeClock
) -> None:
    with db.transaction() as session:
        attendance.add_attendee(session, scene.meeting_id, "Kim Lee, Youth Service")
        attendance.add_attendee(session, scene.meeting_id, "Raj Patel, Probation")
        kim = session.scalars(select(Person).where(Person.first_name == "Kim")).one().id
    # Taken again now that Kim is listed (the fixture's copy is brought back first).
    bring_back(db, taken, clock=server_clock)
    again = taken.with_name("again.db")
    take_meeting_offline(db, scene.meeting_id, again, clock=laptop_clock)
    offline = open_offline(again, laptop_clock)
    with offline.transaction() as session:
        row = session.scalars(select(Attendance).where(Attendance.person_id == kim)).one()
        attendance.remove_attendee(session, row.id)
    with offline.transaction() as session:
        attendance.add_attendee(session, scene.meeting_id, "Kim Lee, Youth Service")
        # A new row (Raj's is the highest id, so SQLite does not give Kim's back).
        assert session.scalars(select(Attendance.id).where(Attendance.person_id == kim)).one() != (
            row.id
        )
    offline.close()

    bring_back(db, again, clock=server_clock)

    with db.session() as session:
        kept = session.scalars(select(Attendance).where(Attendance.person_id == kim)).all()
        assert len(kept) == 1 and kept[0].status is AttendanceStatus.ADDITIONAL


def test_a_lost_copy_is_abandoned_and_the_meeting_can_go_offline_again(
    db: Database, scene: Scene, taken: Path, laptop_clock: FakeClock, server_clock: FakeClock
) -> None:
    with pytest.raises(UserError, match="offline abandon MEETING"):
        take_meeting_offline(db, scene.meeting_id, taken.with_name("b.db"), clock=laptop_clock)
    done = abandon_copy(db, scene.meeting_id, clock=server_clock)
    assert done.taken_by == "jo.laptop"
    with pytest.raises(UserError, match="is not offline"):
        abandon_copy(db, scene.meeting_id, clock=server_clock)
    take_meeting_offline(db, scene.meeting_id, taken.with_name("b.db"), clock=laptop_clock)
    # The abandoned file, if it turns up, is not merged over the newer work.
    with pytest.raises(UserError, match=r"already brought back by sam\.server \(abandoned"):
        bring_back(db, taken, clock=server_clock)


def test_a_save_landing_while_merging_makes_it_refuse_whole(
    db: Database,
    scene: Scene,
    taken: Path,
    laptop_clock: FakeClock,
    server_clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    offline = open_offline(taken, laptop_clock)
    with offline.transaction() as session:
        minutes.save_minutes(session, scene.youth_item, "Typed on the train.", laptop_clock)
        session.get_one(Meeting, scene.meeting_id).venue = "Town Hall"
    offline.close()
    planned = offline_meeting.plan_merge

    def plan_then_someone_saves(*args: Any) -> Any:
        plan = planned(*args)
        colleague = open_database(db.url if db.path is None else db.path)
        with colleague.transaction() as session:
            minutes.save_minutes(session, scene.youth_item, "Saved meanwhile.", server_clock)
        colleague.close()
        return plan

    monkeypatch.setattr(offline_meeting, "plan_merge", plan_then_someone_saves)
    with pytest.raises(UserError):
        bring_back(db, taken, clock=server_clock)
    monkeypatch.undo()
    with db.session() as session:
        assert session.get_one(Meeting, scene.meeting_id).venue == "MS Teams"
        assert session.scalars(select(OfflineCopy)).one().returned_at is None
    # Once more, now that nobody is saving: a plain conflict to choose.
    with pytest.raises(ConflictsToResolve):
        bring_back(db, taken, clock=server_clock)


def test_forward_plan_work_done_offline_comes_back(
    db: Database,
    scene: Scene,
    offline_path: Path,
    laptop_clock: FakeClock,
    server_clock: FakeClock,
) -> None:
    """The body's forward plan goes offline with the meeting: an entry raised, one edited,
    one scheduled onto the agenda and one deleted offline all arrive, beside an edit made
    on the server meanwhile (they were lost before: the plan was not in the copy)."""
    from csp_desktop.models import ForwardPlanEntry, ForwardPlanStatus
    from csp_desktop.services import forward_plan
    from csp_desktop.services.forward_plan import EntrySpec

    with db.transaction() as session:
        body_id = session.get_one(Meeting, scene.meeting_id).body_id
        edited = forward_plan.add_entry(session, body_id, EntrySpec("Serious violence duty"))
        scheduled = forward_plan.add_entry(session, body_id, EntrySpec("Prevent annual report"))
        deleted = forward_plan.add_entry(session, body_id, EntrySpec("Old item"))
    offline_path.parent.mkdir()
    take_meeting_offline(db, scene.meeting_id, offline_path, clock=laptop_clock)

    offline = open_offline(offline_path, laptop_clock)
    with offline.transaction() as session:
        forward_plan.add_entry(
            session,
            body_id,
            EntrySpec("Hate crime week", presenter="Paul Waller"),
            raised_at_meeting_id=scene.meeting_id,
        )
        spec = forward_plan.entry_spec(session, edited)
        forward_plan.edit_entry(
            session, edited, EntrySpec(spec.title, presenter=spec.presenter, notes="Ask CCTV")
        )
        forward_plan.schedule_entry(session, scheduled, scene.meeting_id, laptop_clock)
        forward_plan.delete_entry(session, deleted)
    offline.close()
    with db.transaction() as session:
        session.get_one(ForwardPlanEntry, edited).presenter = "Superintendent Hale"

    assert preview_bring_back(db, offline_path).conflicts == ()
    bring_back(db, offline_path, clock=server_clock)

    with db.session() as session:
        entries = {e.title: e for e in session.scalars(select(ForwardPlanEntry))}
        assert set(entries) == {"Serious violence duty", "Prevent annual report", "Hate crime week"}
        assert entries["Hate crime week"].presenter == "Paul Waller"
        assert entries["Hate crime week"].raised_at_meeting_id == scene.meeting_id
        assert (
            entries["Serious violence duty"].notes,
            entries["Serious violence duty"].presenter,
        ) == (
            "Ask CCTV",
            "Superintendent Hale",
        )
        put_on = entries["Prevent annual report"]
        assert put_on.status is ForwardPlanStatus.SCHEDULED
        assert put_on.agenda_item_id is not None
        item = session.get_one(AgendaItem, put_on.agenda_item_id)
        assert (item.meeting_id, item.title) == (scene.meeting_id, "Prevent annual report")
    assert check_database(db).ok
