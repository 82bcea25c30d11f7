"""Papers back in, for the window and the command line alike: a meeting's interchange
JSON, and a returned action tracker (checked in full, then applied all or nothing)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from csp_desktop.clock import FakeClock
from csp_desktop.errors import UserError, ValidationError
from csp_desktop.models import Action, ActionStatus, Meeting
from csp_desktop.storage import Database
from csp_desktop.usecases.export_papers import PaperKind, PaperRequest, export_paper
from csp_desktop.usecases.import_papers import (
    import_meeting_file,
    import_tracker_file,
    plan_tracker_file,
    read_meeting_file,
)
from tests.exports.scenario import Scenario, build_scenario
from tests.exports.test_tracker_import import edit

CLOCK = FakeClock(current=dt.datetime(2022, 12, 8, 14, 0), username="officer")


@pytest.fixture
def scenario(db: Database) -> Scenario:
    with db.transaction() as session:
        return build_scenario(session)


def meetings(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Meeting)) or 0)


def test_a_meeting_file_comes_back_as_a_new_meeting(
    db: Database, scenario: Scenario, tmp_path: Path
) -> None:
    exported = export_paper(
        db,
        CLOCK,
        PaperRequest(PaperKind.MEETING_JSON, tmp_path / "m.json", str(scenario.meeting_id)),
    )
    before = meetings(db)
    with pytest.raises(UserError), db.transaction() as session:  # the archive has it already
        import_meeting_file(session, exported.path, CLOCK)
    assert meetings(db) == before

    document = json.loads(exported.path.read_text(encoding="utf-8"))
    document["meeting"]["date"] = "2023-01-11"
    for action in document.get("actions_raised") or []:
        action.pop("reference", None)  # new actions of the new meeting
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(document), encoding="utf-8")
    with db.transaction() as session:
        imported = import_meeting_file(session, moved, CLOCK)
    assert meetings(db) == before + 1
    assert imported.items == len(document["agenda_items"]) and imported.items > 0
    assert imported.actions_raised == len(document["actions_raised"])
    assert imported.attendees > 0 and not imported.public
    assert "11 January 2023" in imported.label


def test_a_file_that_is_not_a_meeting_is_refused_in_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        read_meeting_file(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(ValidationError, match="not a meeting file CSP Desktop can import"):
        read_meeting_file(bad)


def test_a_returned_tracker_is_planned_then_applied_in_the_callers_transaction(
    db: Database, scenario: Scenario, tmp_path: Path
) -> None:
    tracker = export_paper(db, CLOCK, PaperRequest(PaperKind.ACTIONS, tmp_path / "t.xlsx")).path
    edit(tracker, scenario.public_action_ref, status="Completed", latest_update="Done")
    with db.session() as session:
        plan = plan_tracker_file(session, tracker)
    assert [change.reference for change in plan.changes] == [scenario.public_action_ref]

    with db.transaction() as session:
        imported = import_tracker_file(session, tracker, CLOCK)
    assert imported.result.applied == [scenario.public_action_ref]
    with db.session() as session:
        status = session.scalar(
            select(Action.status).where(Action.reference == scenario.public_action_ref)
        )
    assert status is ActionStatus.COMPLETED

    with pytest.raises(UserError), db.session() as session:  # the same file again
        plan_tracker_file(session, tracker)
