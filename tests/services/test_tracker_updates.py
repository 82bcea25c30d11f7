"""Applying owners' updates: one transaction, ActionUpdates from TRACKER, conflicts flagged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import ValidationError
from csp_desktop.exports.actions_xlsx import ACTIONS_SHEET, write_tracker
from csp_desktop.exports.tracker_import import read_returned_tracker
from csp_desktop.models import Action, ActionStatus, ActionUpdateSource
from csp_desktop.services.actions import add_action_update
from csp_desktop.services.export_data import tracker_data
from csp_desktop.services.tracker_updates import apply_tracker_changes, plan_tracker_import
from tests.exports.scenario import build_scenario
from tests.exports.test_tracker_import import edit

EXPORTED = dt.datetime(2022, 12, 1, 9, 0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(current=dt.datetime(2022, 12, 8, 14, 0), username="officer")


@pytest.fixture
def tracker(session: Session, tmp_path: Path) -> Path:
    build_scenario(session)
    return write_tracker(tracker_data(session, exported_at=EXPORTED), tmp_path / "t.xlsx")


def action(session: Session, reference: str) -> Action:
    return session.execute(select(Action).where(Action.reference == reference)).scalar_one()


def test_changes_are_applied_as_tracker_updates(
    session: Session, tracker: Path, clock: FakeClock
) -> None:
    edit(tracker, "CSP-2022-10-05-02", status="Completed", latest_update="Timetable agreed")
    edit(tracker, "CSP-2022-06-29-01", due="31/01/2023", latest_update="+ chased twice")
    plan = plan_tracker_import(session, read_returned_tracker(tracker))
    assert [c.conflict for c in plan.changes] == [False, False]
    result = apply_tracker_changes(session, plan, clock)
    assert sorted(result.applied) == ["CSP-2022-06-29-01", "CSP-2022-10-05-02"]

    done = action(session, "CSP-2022-10-05-02")
    assert done.status is ActionStatus.COMPLETED
    assert done.completed_on == dt.date(2022, 12, 8)
    assert done.updated_at == clock.now()
    update = done.updates[-1]
    assert update.source is ActionUpdateSource.TRACKER
    assert update.text == "Timetable agreed"
    assert (update.status_from, update.status_to) == (ActionStatus.OPEN, ActionStatus.COMPLETED)
    assert update.author == "officer (tracker t.xlsx)"

    moved = action(session, "CSP-2022-06-29-01")
    assert moved.due_date == dt.date(2023, 1, 31)
    notes = [u.text for u in moved.updates if u.source is ActionUpdateSource.TRACKER]
    assert notes == ["Due changed from 01/09/2022 to 31/01/2023.", "+ chased twice"]
    assert moved.status is ActionStatus.OPEN and moved.updates[-1].status_to is None


def test_round_trip_the_next_export_shows_the_owners_values(
    session: Session, tracker: Path, clock: FakeClock, tmp_path: Path
) -> None:
    edit(
        tracker,
        "CSP-2022-10-05-03",
        status="In progress",
        latest_update="@team: drafting",
        due="March 2023 board",
    )
    apply_tracker_changes(
        session, plan_tracker_import(session, read_returned_tracker(tracker)), clock
    )
    again = write_tracker(tracker_data(session, exported_at=clock.now()), tmp_path / "again.xlsx")
    sheet = load_workbook(again)[ACTIONS_SHEET]
    row = next(
        r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "CSP-2022-10-05-03"
    )
    assert row[5:9] == ("March 2023 board", "In progress", None, "@team: drafting")
    # Importing the fresh export unchanged finds nothing to do.
    assert read_returned_tracker(again).changes == ()


def test_change_in_the_app_after_export_is_a_conflict_and_skipped(
    session: Session, tracker: Path, clock: FakeClock
) -> None:
    edit(tracker, "CSP-2022-10-05-02", status="Dropped")
    edit(tracker, "CSP-2022-06-29-01", status="In progress")
    meanwhile = FakeClock(current=dt.datetime(2022, 12, 5, 11, 0))
    add_action_update(
        session, action(session, "CSP-2022-10-05-02").id, "Discussed at VAWG", meanwhile
    )
    plan = plan_tracker_import(session, read_returned_tracker(tracker))
    (conflict,) = plan.conflicts
    assert conflict.reference == "CSP-2022-10-05-02"
    assert "changed in the app on 5 Dec 2022 at 11:00" in conflict.conflict_reason
    assert "1 in conflict" in plan.summary()

    result = apply_tracker_changes(session, plan, clock)
    assert result.skipped_conflicts == ["CSP-2022-10-05-02"]
    assert result.applied == ["CSP-2022-06-29-01"]
    assert action(session, "CSP-2022-10-05-02").status is ActionStatus.OPEN
    assert action(session, "CSP-2022-06-29-01").status is ActionStatus.IN_PROGRESS


def test_chosen_changes_only_and_conflicts_when_asked(
    session: Session, tracker: Path, clock: FakeClock
) -> None:
    edit(tracker, "CSP-2022-10-05-02", status="Dropped")
    edit(tracker, "CSP-2022-06-29-01", status="In progress")
    add_action_update(
        session,
        action(session, "CSP-2022-10-05-02").id,
        "note",
        FakeClock(current=dt.datetime(2022, 12, 5)),
    )
    plan = plan_tracker_import(session, read_returned_tracker(tracker))
    result = apply_tracker_changes(session, plan, clock, accepted={"CSP-2022-10-05-02"})
    assert result.applied == ["CSP-2022-10-05-02"]
    assert result.not_chosen == ["CSP-2022-06-29-01"]
    assert action(session, "CSP-2022-10-05-02").status is ActionStatus.DROPPED
    assert action(session, "CSP-2022-10-05-02").completed_on is None
    assert action(session, "CSP-2022-06-29-01").status is ActionStatus.OPEN


def test_reference_missing_from_this_database_applies_nothing(
    session: Session, tracker: Path, clock: FakeClock
) -> None:
    edit(tracker, "CSP-2022-10-05-02", status="Completed")
    edit(tracker, "CSP-2022-10-05-03", status="Completed")
    session.delete(action(session, "CSP-2022-10-05-03"))
    session.flush()
    with pytest.raises(ValidationError, match="no action CSP-2022-10-05-03 in this database"):
        plan_tracker_import(session, read_returned_tracker(tracker))
    assert action(session, "CSP-2022-10-05-02").status is ActionStatus.OPEN


def test_microseconds_in_the_record_are_not_a_conflict(
    session: Session, clock: FakeClock, tmp_path: Path
) -> None:
    build_scenario(session)
    record = action(session, "CSP-2022-10-05-02")
    record.updated_at = dt.datetime(2022, 11, 30, 16, 45, 12, 345678)
    session.flush()
    path = write_tracker(tracker_data(session, exported_at=EXPORTED), tmp_path / "t.xlsx")
    edit(path, "CSP-2022-10-05-02", status="In progress")
    plan = plan_tracker_import(session, read_returned_tracker(path))
    assert [c.conflict for c in plan.changes] == [False]


def test_owners_completion_date_is_kept(session: Session, tracker: Path, clock: FakeClock) -> None:
    edit(tracker, "CSP-2022-10-05-02", status="Completed", completed_on="02/12/2022")
    edit(tracker, "CSP-2022-10-05-03", status="Completed", completed_on="31/12/2099")
    apply_tracker_changes(
        session, plan_tracker_import(session, read_returned_tracker(tracker)), clock
    )
    assert action(session, "CSP-2022-10-05-02").completed_on == dt.date(2022, 12, 2)
    # A date in the future cannot be right: today's date is used instead.
    assert action(session, "CSP-2022-10-05-03").completed_on == clock.today()
