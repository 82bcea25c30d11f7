"""Approved minutes are a record: every ordinary edit is refused; an amendment records who,
when, what and why, and shows in the next export (Word minutes and interchange JSON)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from csp_desktop.clock import FakeClock
from csp_desktop.errors import RecordLocked, UserError, ValidationError
from csp_desktop.models import BodyKind, MeetingStatus
from csp_desktop.services import agenda, attendance, bodies, item_records, meetings, minutes
from csp_desktop.storage import Database, open_database
from tests.reliability.exports_scan import run_cli, searchable_text

ORIGINAL = "The board noted the strategic assessment.\nACTION: Andy Opie to circulate it."
AMENDED = "The board noted the strategic assessment, with the addition of Nathan Singleton."
REASON = "Confirmed as correct with the addition of Nathan Singleton (agreed 7 December)."


@pytest.fixture
def approved(tmp_path: Path) -> Iterator[tuple[Database, Path, int, int, FakeClock]]:
    path = tmp_path / "csp.db"
    database = open_database(path)
    clock = FakeClock(dt.datetime(2022, 10, 5, 10, 0), username="ilirjeta.buzoku")
    with database.transaction() as session:
        body = bodies.create_body(
            session, "Community Safety Partnership Board", "CSP", BodyKind.BOARD
        )
        meeting = meetings.create_meeting(session, body.id, dt.date(2022, 10, 5), clock)
        item_id = agenda.add_item(
            session, meeting.id, agenda.ItemSpec("Strategic assessment"), clock
        )
        agenda.save_item_minutes(session, item_id, ORIGINAL, clock)
        meeting_id = meeting.id
    clock.current = dt.datetime(2022, 12, 7, 11, 30)
    with database.transaction() as session:
        later = meetings.create_meeting(session, body.id, dt.date(2022, 12, 7), clock)
        meetings.set_meeting_status(session, meeting_id, MeetingStatus.MINUTES_DRAFTED, clock)
        minutes.approve_minutes(session, meeting_id, clock, at_meeting_id=later.id)
    yield database, path, meeting_id, item_id, clock
    database.close()


EDITS: dict[str, Callable[[Session, int, int, FakeClock], Any]] = {
    "save minutes": lambda s, m, i, c: minutes.save_minutes(s, i, "changed", c),
    "autosave path": lambda s, m, i, c: agenda.save_item_minutes(s, i, "changed", c),
    "edit item": lambda s, m, i, c: agenda.edit_item(s, i, agenda.ItemSpec("New title"), c),
    "add item": lambda s, m, i, c: agenda.add_item(s, m, agenda.ItemSpec("Extra"), c),
    "delete item": lambda s, m, i, c: agenda.delete_item(s, i, c),
    "add decision": lambda s, m, i, c: item_records.add_decision(s, i, "Approved."),
    "add attendee": lambda s, m, i, c: attendance.add_attendee(s, m, "Nathan Singleton"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_ordinary_edits_are_refused(
    approved: tuple[Database, Path, int, int, FakeClock], edit: str
) -> None:
    database, _path, meeting_id, item_id, clock = approved
    with database.session() as session:
        titles = [r.title for r in agenda.list_items(session, meeting_id)]
    with pytest.raises(UserError) as raised, database.transaction() as session:
        EDITS[edit](session, meeting_id, item_id, clock)
    assert "approved" in str(raised.value).lower()
    with database.session() as session:
        assert agenda.item_minutes(session, item_id) == ORIGINAL
        assert [r.title for r in agenda.list_items(session, meeting_id)] == titles


def test_save_refusal_names_the_amendment_route(
    approved: tuple[Database, Path, int, int, FakeClock],
) -> None:
    database, _path, _meeting_id, item_id, clock = approved
    with pytest.raises(RecordLocked, match="amendment"), database.transaction() as session:
        minutes.save_minutes(session, item_id, "quietly changed", clock)


def test_amendment_needs_a_reason(approved: tuple[Database, Path, int, int, FakeClock]) -> None:
    database, _path, _meeting_id, item_id, clock = approved
    with pytest.raises(ValidationError, match="why"), database.transaction() as session:
        minutes.amend_minutes(session, item_id, AMENDED, "   ", clock)


def test_amendment_records_who_when_what_why_and_shows_in_the_next_export(
    approved: tuple[Database, Path, int, int, FakeClock], tmp_path: Path
) -> None:
    database, path, meeting_id, item_id, clock = approved
    clock.current = dt.datetime(2022, 12, 7, 11, 45)
    with database.transaction() as session:
        minutes.amend_minutes(session, item_id, AMENDED, REASON, clock)
    with database.session() as session:
        (row,) = minutes.list_amendments(session, meeting_id)
        assert agenda.item_minutes(session, item_id) == AMENDED
    fields = vars(row) if hasattr(row, "__dict__") else row._asdict()  # type: ignore[attr-defined]
    values = " ".join(str(v) for v in fields.values())
    assert "ilirjeta.buzoku" in values  # who
    assert "2022-12-07" in values  # when
    assert ORIGINAL.splitlines()[0] in values and AMENDED in values  # what
    assert REASON in values  # why
    database.close()

    output = tmp_path / "minutes.docx"
    code, err = run_cli(["--db", str(path), "export", "minutes", "2022-10-05", "-o", str(output)])
    assert code == 0, err
    text = searchable_text(output)
    assert "Amendments to these minutes" in text
    assert "Wednesday 7 December 2022" in text and "ilirjeta.buzoku" in text and REASON in text
    assert "with the addition of Nathan Singleton" in text

    exported = tmp_path / "meeting.json"
    code, err = run_cli(["--db", str(path), "export", "meeting", "2022-10-05", "-o", str(exported)])
    assert code == 0, err
    (amendment,) = json.loads(exported.read_text(encoding="utf-8"))["amendments"]
    assert amendment["author"] == "ilirjeta.buzoku" and amendment["reason"] == REASON
    assert amendment["old_value"] == ORIGINAL and amendment["new_value"] == AMENDED
